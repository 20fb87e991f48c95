#!/bin/sh
# vm: mem=3072 cpus=2 nodes=1 kmods=uhci_hcd,virtio_pci?,virtio_blk timeout=2400 append="memmap=1792M$128M" qemu="-M q35 -device piix3-usb-uhci -blockdev driver=null-co,node-name=nul0,size=4294967296,read-zeroes=on -device virtio-blk-pci,drive=nul0" mem@arm64=4608 kmods@arm64=ehci_pci,virtio_pci?,virtio_blk append@arm64="" qemu@arm64="-device usb-ehci -blockdev driver=null-co,node-name=nul0,size=4294967296,read-zeroes=on -device virtio-blk-pci,drive=nul0"
# dma_storm's body (/lib/scenarios/dma_storm.sh, run as it is) with the
# stall timeline looked at under its pressure: in the unfixed phase, from
# just before the device's last 8 MB is allocated and for 8 s, a 150 ms
# stall of every CPU is injected whenever the zones file shows reclaim
# aimed below Normal going on (reclaim_scanned of those zones grew in the
# last 20 ms), six at most.  Ground truth: kswapd's wakes,
# sleeps and LRU isolations (mm_vmscan_kswapd_wake, _sleep, _lru_isolate
# with its classzone) in a trace instance on the monotonic clock.  For
# every stall recorded from then on whose gap held every CPU (so that every
# CPU's lane, kswapd's included, is in its timeline):
#  - if kswapd was awake during the gap, the timeline shows its run
#    (event=reclaim kind=kswapd) over the gap;
#  - if kswapd isolated pages for a zone below Normal in the stall's window
#    (the lookback before the gap to its end), the timeline shows isolation
#    aimed there (event=isolate zone=DMA32 or DMA).
# At least one stall must meet both.  Stalls on one CPU only are shown, not
# checked: kswapd may have run on the other.
# The version, stalls and summary files and those stalls' timeline end up
# in the console log between KSW-FILE-BEGIN/END markers.
. /lib/guest-lib.sh

SI=/sys/kernel/debug/stallinject
TI=$TRACEFS/instances/ksw_tl

tl_trace_on() {
	mkdir -p "$TI" || fail "trace instance"
	echo mono >"$TI/trace_clock" || fail "trace_clock mono"
	echo 8192 >"$TI/buffer_size_kb"
	for e in mm_vmscan_kswapd_wake mm_vmscan_kswapd_sleep mm_vmscan_lru_isolate; do
		echo 1 >"$TI/events/vmscan/$e/enable" || fail "enable $e"
	done
	echo 1 >"$TI/tracing_on"
}

# The trace as "NS EVENT CLASSZONE" of kswapd only (CLASSZONE -1 but for
# lru_isolate).
kswapd_events() {
	grep ' kswapd[0-9]*-' "$TI/trace" |
	sed -n 's/.* \([0-9]*\)\.\([0-9]*\): mm_vmscan_\([a-z_]*\): \(.*\)/\1 \2 \3 \4/p' |
	awk '{
		z = -1
		for (i = 4; i <= NF; i++) if ($i ~ /^classzone=/) z = substr($i, 11)
		printf "%d%06d000 %s %s\n", $1, $2, $3, z
	}'
}

# low_scanned: reclaim_scanned of the zones below Normal, summed (zones file).
low_scanned() {
	awk '$1 == "nid=0" && ($2 == "zone=DMA" || $2 == "zone=DMA32") { for (i = 3; i <= NF; i++) if ($i ~ /^reclaim_scanned=/) s += substr($i, 17) } END { print s + 0 }' "$KSW/zones"
}

tl_hook() {
	[ "$1" = before ] || return 0
	if [ "$2" = start ]; then
		[ -e "$SI" ] || load_stallinject
		(k=0 n=0 last=$(low_scanned)
		while [ $k -lt 6 ] && [ $n -lt 400 ]; do
			cur=$(low_scanned)
			if [ "$cur" != "$last" ]; then
				echo "cpu=all ms=150 way=preempt" >"$SI/inject" || exit 1
				k=$((k + 1))
				cur=$(low_scanned)
			fi
			last=$cur
			usleep 20000
			n=$((n + 1))
		done
		echo "$k" >/tmp/injected) &
		injector=$!
		return 0
	fi
	wait "$injector" || fail "inject cpu=all ms=150 way=preempt"
	say "stalls injected during reclaim aimed below Normal: $(cat /tmp/injected)"
	[ "$(cat /tmp/injected)" -ge 1 ] || fail "no reclaim aimed below Normal seen in 8 s"
	n=$(cat /tmp/injected)
	t0=$(field "$(tail -n "$n" "$SI/log" | head -n 1)" start_ns)
	t1=$(field "$(tail -n 1 "$SI/log")" start_ns)
	# Until both are recorded and frozen (a group may wait 2 s for CPUs).
	n=0
	while [ $n -lt 40 ]; do
		sleep 0.5
		q=$(awk -v a="$t1" '{ for (i = 1; i <= NF; i++) if ($i ~ /^start_ns=/) s = substr($i, 10); if (s + 0 >= a - 100000000) { split($1, k, "="); print k[2] } }' "$KSW/stalls" | tail -n 1)
		[ -n "$q" ] && grep -q "^stall=$q " "$KSW/timeline" && break
		n=$((n + 1))
	done
	echo 0 >"$TI/tracing_on"
	kswapd_events >/tmp/kev
	say "kswapd in the trace: $(awk '{ print $2 }' /tmp/kev | sort | uniq -c | tr '\n' ' ')"
	normal=$(zoneinfo_rows | awk '$1 == 0 && $3 == "Normal" { print $2 }')
	lownames=$(echo "$LOWZONES" | sed 's/:[0-9]*//g')
	back=$(($(cat /sys/module/kswapwatch/parameters/timeline_lookback_ms) * 1000000))
	checked=0 single=0 seen=
	# One reading of each file: records may come and go meanwhile.
	cat "$KSW/stalls" >/tmp/stalls
	cat "$KSW/timeline" >/tmp/timeline
	for seq in $(sed -n 's/^seq=\([0-9]*\) .*/\1/p' /tmp/stalls); do
		r=$(grep "^seq=$seq " /tmp/stalls)
		s=$(field "$r" start_ns)
		d=$(field "$r" dur_us)
		case "$s$d" in '' | *[!0-9]*) say "bad record: $r"; continue ;; esac
		e=$((s + d * 1000))
		[ "$s" -ge "$((t0 - 1000000000))" ] || continue
		grep -q "^stall=$seq " /tmp/timeline || continue
		seen="$seen|$seq"
		grep "^stall=$seq " /tmp/timeline >/tmp/tl.$seq
		# Ground truth: kswapd awake in [s, e]; kswapd isolating below Normal in [s - back, e].
		awake=$(awk -v s="$s" -v e="$e" '
			$2 == "kswapd_wake" { if ($1 <= e) up = 1; else exit }
			$2 == "kswapd_sleep" { if ($1 < s) up = 0; else if ($1 <= e) { print 1; exit } else exit }
			END { if (up) print 1 }' /tmp/kev | head -n 1)
		low=$(awk -v s="$((s - back))" -v e="$e" -v n="$normal" '$2 == "lru_isolate" && $3 < n && $1 >= s && $1 <= e { c++ } END { print c + 0 }' /tmp/kev)
		kr=0 iso=0
		grep -q ' event=reclaim kind=kswapd ' /tmp/tl.$seq && kr=1
		for z in $lownames; do
			grep ' event=isolate ' /tmp/tl.$seq | grep -q " zone=$z " && iso=1
		done
		say "stall $seq ($(echo "$r" | cut -d' ' -f2-6)): trace: kswapd awake ${awake:-0}, $low isolations below Normal; timeline: kswapd run $kr, isolation below Normal $iso; $(awk '{ print $4 }' /tmp/tl.$seq | sort | uniq -c | tr '\n' ' ')"
		if [ "$(field "$r" system)" != 1 ]; then
			single=$((single + 1))
			continue
		fi
		[ "${awake:-0}" = 1 ] && check "stall $seq: kswapd was awake: the timeline shows its run" [ "$kr" = 1 ]
		[ "$low" -gt 0 ] && check "stall $seq: kswapd isolated below Normal: the timeline shows it" [ "$iso" = 1 ]
		[ "${awake:-0}" = 1 ] && [ "$low" -gt 0 ] && checked=$((checked + 1))
	done
	say "stalls under pressure: $checked with kswapd awake and isolating below Normal checked, $single on one CPU only"
	bad=$(grep -E "^stall=(${seen#|}) " /tmp/timeline | grep -vE ' event=(switch|irq|softirq|reclaim|wakeup_kswapd|isolate|gap) ' | head -n 3)
	[ -z "$bad" ] || say "unknown events: $bad"
	check "every event of those stalls is one design.md names" [ -z "$bad" ]
	# The timeline of the stalls looked at only: all of it is more than a
	# busy serial console keeps.
	for f in version stalls timeline summary; do
		echo "KSW-FILE-BEGIN $f"
		case $f in
		timeline) grep -E "^stall=(${seen#|}) " /tmp/timeline ;;
		stalls) cat /tmp/stalls ;;
		*) cat "$KSW/$f" ;;
		esac
		echo "KSW-FILE-END $f"
	done
	check "at least one stall with kswapd awake and isolating below Normal checked" [ "$checked" -ge 1 ]
}

tl_trace_on
KSW_LOAD_ARGS=timeline=1
DMA_STORM_HOOK=tl_hook
. /lib/scenarios/dma_storm.sh
