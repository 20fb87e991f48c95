#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 kmods=brd,crc32c_generic?,ext4 timeout=600
# kswapwatch's own trace events, read from tracefs as trace-cmd and perf
# would: one kswapwatch:kswapd_failures event per kswapd_failures history
# record, with the same fields; one kswapwatch:stall event per stall record,
# and one for each stall injected with stallinject.
# The failures part runs on the classic LRU with the holder topped up before
# each burst, as kswapd_failures.sh (7.2 with MGLRU: 30 bursts with 22 MB
# available after the holder, and kswapd never failed once).
. /lib/guest-lib.sh

SI=/sys/kernel/debug/stallinject
EV=$TRACEFS/events/kswapwatch

# events NAME: the event's lines of the trace buffer, from its first field
# on, in seq= order (the buffer is per CPU).
events() {
	grep " $1: " "$TRACEFS/trace" | sed "s/.* $1: //" | sort -n -t = -k 2
}

protect_self
classic_lru
# Page cache on a real block device: reclaim that succeeds, for resets.
ramdisk_ext4 64 /mnt
memhog file /mnt/f 16 >/dev/null || fail "memhog file /mnt/f 16"
load_kswapwatch
check "tracefs has events/kswapwatch/stall" [ -d "$EV/stall" ]
check "tracefs has events/kswapwatch/kswapd_failures" [ -d "$EV/kswapd_failures" ]
for e in stall kswapd_failures; do
	say "$e format: $(sed -n 's/^print fmt: //p' "$EV/$e/format" | cut -c 1-160)..."
done
check "the format file resolves the enums (no KSW_ names left)" \
	sh -c "! grep -q 'KSW_' $EV/kswapd_failures/format"
echo 8192 >"$TRACEFS/buffer_size_kb"
echo global >"$TRACEFS/trace_clock"
echo >"$TRACEFS/trace"
echo 1 >"$EV/enable"
echo 1 >"$TRACEFS/tracing_on"
echo 1 >"$KSW/reset"

# covered INJECTED EVENTS: for each stall in stallinject's log INJECTED, the
# kswapwatch:stall events in EVENTS of kind=irq with CPU 1 (mask bit 1) set
# that cover at least 2/3 of it (both clocks are CLOCK_MONOTONIC); one line
# per stall; fails unless each has exactly one.
covered() {
	awk '
	function val(k,   i, kv) {
		for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] }
		return ""
	}
	FNR == NR { s[++n] = val("start_ns") + 0; e[n] = val("end_ns") + 0; next }
	/ kind=irq / {
		c = val("cpus"); c = substr(c, length(c))
		if (index("2367abefABEF", c)) { es[++m] = val("start_ns") + 0; ee[m] = es[m] + val("dur_us") * 1000 }
	}
	END {
		bad = 0
		for (i = 1; i <= n; i++) {
			hit = 0
			for (j = 1; j <= m; j++) {
				lo = s[i] > es[j] ? s[i] : es[j]
				hi = e[i] < ee[j] ? e[i] : ee[j]
				if ((hi - lo) * 3 >= (e[i] - s[i]) * 2) hit++
			}
			printf "injected stall at %.0f ns, %.0f ms: %d event(s)\n", s[i], (e[i] - s[i]) / 1000000, hit
			if (hit != 1) bad++
		}
		exit bad
	}' "$1" "$2"
}

# -- kswapwatch:stall ------------------------------------------------------
if [ -r "$KSW/stalls" ]; then
	load_stallinject
	for i in 1 2 3; do
		echo "cpu=1 ms=300 way=irq" >"$SI/inject" || fail "stallinject refused cpu=1 ms=300 way=irq"
		say "injected: $(tail -n 1 "$SI/log")"
		sleep 1
	done
	# The watchdog writes a record once the gap has settled.
	sleep 2
	events stall >/tmp/stall.ev
	grep ' kind=irq ' /tmp/stall.ev | sed 's/^/KSW: event: /'
	covered "$SI/log" /tmp/stall.ev >/tmp/covered.txt
	rc=$?
	sed 's/^/KSW: /' /tmp/covered.txt
	check "one kswapwatch:stall event per injected stall (3)" [ "$rc" = 0 ]
	rec=$(sed -n 's/^seq=\([0-9]*\) start_ns=\([0-9]*\) dur_us=\([0-9]*\) .*/\1 \2 \3/p' "$KSW/stalls" | tr '\n' ' ')
	ev=$(sed -n 's/^seq=\([0-9]*\) start_ns=\([0-9]*\) dur_us=\([0-9]*\) .*/\1 \2 \3/p' /tmp/stall.ev | tr '\n' ' ')
	say "stall records (seq start_ns dur_us): $rec"
	check "every stall record has its event, same seq, start and length" [ -n "$rec" ] && [ "$rec" = "$ev" ]
	rmmod stallinject || fail "rmmod stallinject"
else
	say "no $KSW/stalls: this build has no stall watchdog; kswapwatch:stall not exercised"
fi

# -- kswapwatch:kswapd_failures -----------------------------------------
say "anonymous pressure until kswapd gives up; then memory.high reclaim of page cache resets it"
hold_memory 12
bursts_until_hopeless 30
say "after $BURSTS bursts of 24 MB: $(cat "$KSW/nodes")"
release_memory
sh -c 'echo 0 >/proc/self/oom_score_adj &&
	exec memhog --cgroup kswtest --memory-high 4M file /mnt/f 16 --passes 4' >/dev/null 2>&1
sleep 1
say "after memory.high reclaim: $(cat "$KSW/nodes")"
# Events first: a record is in the ring before its event is emitted, so
# the history read after holds every event's record, and perhaps newer ones.
events kswapd_failures >/tmp/kf.ev
last=$(tail -n 1 /tmp/kf.ev | sed -n 's/^seq=\([0-9]*\) .*/\1/p')
awk -v last="${last:-0}" '{ s = $1; sub("seq=", "", s) } s + 0 <= last + 0' "$KSW/kswapd_failures" >/tmp/hist
say "$(wc -l </tmp/hist) history records up to seq=${last:-none}, $(wc -l </tmp/kf.ev) kswapwatch:kswapd_failures events; the last 3:"
tail -n 3 /tmp/kf.ev
check "history records were written" [ -s /tmp/hist ]
check "kswapd_failures events equal the history lines, field for field" cmp /tmp/hist /tmp/kf.ev
check "the trace buffer lost nothing" [ -z "$(grep -h '^overrun: [1-9]' "$TRACEFS"/per_cpu/cpu*/stats)" ]

echo 0 >"$EV/enable"
check "no WARN, BUG or Oops in dmesg" dmesg_clean
unload_kswapwatch
check "the events are gone with the module" [ ! -d "$EV" ]
lru_restore
pass "kswapwatch trace events"
