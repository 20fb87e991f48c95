#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 kmods=brd,crc32c_generic?,ext4 timeout=900
# kind=reclaim records against the kernel's own events: with trace_clock
# mono (CLOCK_MONOTONIC, as start_ns), every mm_vmscan_direct_reclaim_begin/
# end or memcg_reclaim_begin/end pair of a task that lasted longer than the
# threshold must be one record of that pid, and every record must be one
# pair.  A record contains its pair: kswapwatch's probes run before the
# trace event where reclaim begins and after it where it ends.  Its ends
# may lie inside the pair's by TOL_US (under TCG on a busy host the vCPU can
# be descheduled between the two callbacks) and outside by SLACK_US: where
# tracepoint callbacks are preemptible (7.x), the task can be preempted
# between the two, for a scheduler slice or more beside this scenario's CPU
# hogs.  A short pair may then lie inside a record (its own, or a
# neighbour's widened by SLACK_US): only pairs over the threshold are counted.
# Pressure: anonymous bursts with memory held (global direct reclaim, kswapd
# awake) and a file reader at memory.high.
. /lib/guest-lib.sh

THR=5
TOL_US=3000
SLACK_US=40000

# trace_pairs: the reclaim begin/end pairs in the trace, "pid begin_ns dur_us".
trace_pairs() {
	awk '/ mm_vmscan_(direct|memcg)_reclaim_(begin|end):/ {
		split($1, t, "-"); pid = t[length(t)]
		for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = $i; break }
		# No leading zeros: busybox awk would read "012345" as octal.
		sub(":", "", ts); split(ts, p, "."); sub(/^0+/, "", p[2]); ns = p[1] * 1000000000 + p[2] * 1000
		if ($0 ~ /_begin:/) { if (!(pid in b)) b[pid] = ns }
		else if (pid in b) { printf "%s %.0f %d\n", pid, b[pid], (ns - b[pid]) / 1000; delete b[pid] }
	}' "$TRACEFS/trace"
}

protect_self
ramdisk_ext4 64 /mnt
memhog file /mnt/f 16 >/dev/null || fail "memhog file /mnt/f 16"
echo 16384 >"$TRACEFS/buffer_size_kb"
echo mono >"$TRACEFS/trace_clock" || skip "no mono trace clock"
echo >"$TRACEFS/trace"
ev=$(trace_on mm_vmscan_direct_reclaim_begin mm_vmscan_direct_reclaim_end \
	mm_vmscan_memcg_reclaim_begin mm_vmscan_memcg_reclaim_end | tr '\n' ' ')
say "trace events: $ev"
# Only kind=reclaim, with a threshold low enough for TCG's reclaim times.
load_kswapwatch watchdog_kinds=reclaim watchdog_period_ms=2 stall_threshold_ms=$THR
echo 1 >"$KSW/reset"

# Rounds of pressure until the trace holds a reclaim clearly over the
# threshold.  Two CPU hogs share the vCPUs with the reclaiming tasks, so
# that reclaim, preempted at its cond_resched() points, lasts longer than
# its CPU time: the long reclaims of a busy machine, whatever the host's
# speed.
hold_memory 12
hogs=
for _ in 1 2; do
	sh -c 'while :; do :; done' &
	hogs="$hogs $!"
done
round=0
while [ $round -lt 6 ]; do
	i=0
	while [ $i -lt 6 ]; do
		victim memhog anon 24 --hold 1 >/dev/null 2>&1
		i=$((i + 1))
	done
	sh -c 'echo 0 >/proc/self/oom_score_adj &&
		exec memhog --cgroup kswtest --memory-high 4M file /mnt/f 16 --passes 2' >/dev/null 2>&1
	round=$((round + 1))
	trace_pairs >/tmp/pairs
	long=$(awk -v t=$((THR * 1000 + TOL_US)) '$3 > t' /tmp/pairs | wc -l)
	say "pressure round $round: $(wc -l </tmp/pairs) reclaim pairs, $long over $((THR * 1000 + TOL_US)) us"
	[ "$long" -gt 0 ] && break
done
# shellcheck disable=SC2086 # a list of pids
kill $hogs
# shellcheck disable=SC2086
wait $hogs 2>/dev/null
release_memory
echo 0 >"$TRACEFS/tracing_on"
sleep 0.5

grep watchdog "$KSW/summary"
check "trace buffer lost nothing" [ -z "$(grep -h '^overrun: [1-9]' "$TRACEFS"/per_cpu/cpu*/stats)" ]
dropped=$(sed -n 's/.*watchdog:.* dropped=\([0-9]*\).*/\1/p' "$KSW/summary")
[ "$dropped" = 0 ] || say "note: $dropped records dropped from the ring: older pairs not checked"

trace_pairs >/tmp/pairs
grep " kind=reclaim " "$KSW/stalls" >/tmp/recs
oldest=$(head -n 1 /tmp/recs | sed -n 's/.* start_ns=\([0-9]*\) .*/\1/p')
say "$(wc -l </tmp/pairs) reclaim begin/end pairs in the trace, $(awk -v t=$((THR * 1000)) '$3 > t' /tmp/pairs | wc -l) longer than ${THR} ms; $(wc -l </tmp/recs) kind=reclaim records"
[ -s /tmp/pairs ] || fail "no reclaim in the trace: the pressure did not work"

# Each pair against the records (see the top); a pair within TOL_US of the
# threshold may go either way.
awk -v thr=$((THR * 1000)) -v tol=$TOL_US -v slack=$SLACK_US -v oldest="${oldest:-0}" '
	function f(line, k,   n, a, i) { n = split(line, a, " ")
		for (i = 1; i <= n; i++) if (index(a[i], k "=") == 1) return substr(a[i], length(k) + 2)
		return "" }
	FILENAME == "/tmp/recs" { nr++; rp[nr] = f($0, "pid"); rs[nr] = f($0, "start_ns") + 0
		    rd[nr] = f($0, "dur_us") + 0; next }
	{
		pid = $1; s = $2 + 0; d = $3 + 0
		if (dropped && s < oldest) next
		e = s + d * 1000
		hit = 0
		for (j = 1; j <= nr; j++) {
			re = rs[j] + rd[j] * 1000
			if (rp[j] == pid && rs[j] <= s + tol * 1000 && rs[j] >= s - slack * 1000 &&
			    re >= e - tol * 1000 && re <= e + slack * 1000) { hit++; used[j] = 1 }
		}
		if (d > thr + tol) { long++; if (hit == 1) ok++; else { bad++; print "KSW: BAD: pair pid=" pid " start_ns=" s " dur_us=" d ": " hit " records" } }
	}
	END {
		for (j = 1; j <= nr; j++) if (!used[j]) { stray++; print "KSW: BAD: record without a pair: pid=" rp[j] " start_ns=" rs[j] " dur_us=" rd[j] }
		printf "KSW: pairs over the threshold: %d, matched by one record: %d; wrong: %d; records without a pair: %d\n", long, ok, bad, stray
		exit (bad || stray) ? 1 : 0
	}' dropped="$dropped" /tmp/recs /tmp/pairs >/tmp/cmp
rc=$?
cat /tmp/cmp
if [ "$rc" != 0 ]; then
	# The trace around each wrong one, every task.
	sed -n 's/.*BAD: [a-z ]*pair:* pid=[0-9]* start_ns=\([0-9]*\) .*/\1/p' /tmp/cmp | head -n 3 |
	while read -r t; do
		say "trace around $t:"
		awk -v t="$t" '/ mm_vmscan_/ { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = $i; break }
			sub(":", "", ts); split(ts, p, "."); sub(/^0+/, "", p[2]); ns = p[1] * 1000000000 + p[2] * 1000
			if (ns > t - 40000000 && ns < t + 40000000) print "KSW:   " $0 }' "$TRACEFS/trace" | cut -c1-160
	done
	say "records:"
	cut -c1-300 /tmp/recs
fi
say "some records:"
head -n 3 /tmp/recs | cut -c1-600
check "every reclaim pair over the threshold is one record, and no other" [ "$rc" = 0 ]
check "records name the task's allocation path" grep -qE "bt=[^ ]*(try_to_free|alloc_pages|mem_cgroup|charge)" /tmp/recs
check "records list the nodes' kswapd_failures" grep -q " failures=0:[0-9]" /tmp/recs
if grep -q " kswapd=0 " /tmp/recs; then say "ok: kswapd was awake during some of them"; fi
unload_kswapwatch
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "kind=reclaim records match the kernel's reclaim events"
