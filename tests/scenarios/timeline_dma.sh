#!/bin/sh
# vm: mem=3072 cpus=2 nodes=1 kmods=uhci_hcd,virtio_pci?,virtio_blk timeout=2400 append="memmap=1792M$128M" qemu="-M q35 -device piix3-usb-uhci -blockdev driver=null-co,node-name=nul0,size=4294967296,read-zeroes=on -device virtio-blk-pci,drive=nul0" mem@arm64=4608 kmods@arm64=ehci_pci,virtio_pci?,virtio_blk append@arm64="" qemu@arm64="-device usb-ehci -blockdev driver=null-co,node-name=nul0,size=4294967296,read-zeroes=on -device virtio-blk-pci,drive=nul0"
# dma_storm's body (/lib/scenarios/dma_storm.sh, run as it is) with the
# stall timeline looked at under its pressure: in the unfixed phase, right
# after the device's last 8 MB, two stalls of every CPU are injected while
# kswapd reclaims for the zone below Normal; then, for every stall recorded
# from then on whose gap held every CPU (so that every CPU's lane, kswapd's
# included, is in its timeline) and fell inside a kswapd run aimed below
# Normal (ground truth: mm_vmscan_kswapd_wake and _sleep in a trace
# instance on the monotonic clock), the timeline must show that kswapd run
# (event=reclaim kind=kswapd zone=<low zone>) and LRU isolation aimed at
# the low zone (event=isolate zone=<low zone>).  Stalls on one CPU only are
# counted and shown, not checked: kswapd may have run on the other.
# The version, stalls and summary files and those stalls' timeline end up
# in the console log between KSW-FILE-BEGIN/END markers.
. /lib/guest-lib.sh

SI=/sys/kernel/debug/stallinject
TI=$TRACEFS/instances/ksw_tl

tl_trace_on() {
	mkdir -p "$TI" || fail "trace instance"
	echo mono >"$TI/trace_clock" || fail "trace_clock mono"
	echo 1024 >"$TI/buffer_size_kb"
	for e in mm_vmscan_kswapd_wake mm_vmscan_kswapd_sleep; do
		echo 1 >"$TI/events/vmscan/$e/enable" || fail "enable $e"
	done
	echo 1 >"$TI/tracing_on"
}

# kswapd_runs: "START_NS END_NS ZID" per kswapd run in the trace (END_NS 0:
# not asleep yet), a run from one wake to the next wake or sleep.
kswapd_runs() {
	sed -n 's/.* \([0-9]*\)\.\([0-9]*\): mm_vmscan_kswapd_\(wake\|sleep\): nid=0 \(.*\)/\1 \2 \3 \4/p' "$TI/trace" |
	awk '{
		ns = $1 * 1000000000 + $2 * 1000
		zid = -1
		for (i = 4; i <= NF; i++) if ($i ~ /^zid=/) zid = substr($i, 5)
		if (open) print start, ns, z
		open = 0
		if ($3 == "wake") { open = 1; start = ns; z = zid }
	} END { if (open) print start, 0, z }'
}

tl_hook() {
	[ "$1" = before ] || return 0
	[ -e "$SI" ] || load_stallinject
	t0=$(awk '{ printf "%d", $1 * 1000000000 }' /proc/uptime)
	# A little into kswapd's reclaim, then twice.
	usleep 300000
	echo "cpu=all ms=150 way=preempt" >"$SI/inject" || fail "inject"
	usleep 300000
	echo "cpu=all ms=150 way=preempt" >"$SI/inject" || fail "inject"
	sleep 2
	kswapd_runs >/tmp/runs
	say "kswapd runs (start end zid): $(tr '\n' ';' </tmp/runs)"
	normal=$(zoneinfo_rows | awk '$1 == 0 && $3 == "Normal" { print $2 }')
	lownames=$(echo "$LOWZONES" | sed 's/:[0-9]*//g')
	checked=0 single=0 outside=0 seen=0
	for seq in $(sed -n 's/^seq=\([0-9]*\) .*/\1/p' "$KSW/stalls"); do
		r=$(grep "^seq=$seq " "$KSW/stalls")
		s=$(field "$r" start_ns)
		e=$((s + $(field "$r" dur_us) * 1000))
		[ "$s" -ge "$t0" ] || continue
		grep -q "^stall=$seq " "$KSW/timeline" || continue
		seen="$seen|$seq"
		in_run=$(awk -v s="$s" -v e="$e" -v n="$normal" '$3 < n && $1 <= s && ($2 == 0 || $2 >= e) { print "y"; exit }' /tmp/runs)
		if [ -z "$in_run" ]; then
			outside=$((outside + 1))
			continue
		fi
		grep "^stall=$seq " "$KSW/timeline" >/tmp/tl.$seq
		kr=0 iso=0
		for z in $lownames; do
			grep ' event=reclaim kind=kswapd ' /tmp/tl.$seq | grep -q " zone=$z " && kr=1
			grep ' event=isolate ' /tmp/tl.$seq | grep -q " zone=$z " && iso=1
		done
		say "stall $seq ($(echo "$r" | cut -d' ' -f2-6)): kswapd run below Normal in its timeline: $kr, isolation aimed below Normal: $iso; $(awk '{ print $4 }' /tmp/tl.$seq | sort | uniq -c | tr '\n' ' ')"
		if [ "$(field "$r" system)" != 1 ]; then
			single=$((single + 1))
			continue
		fi
		check "stall $seq: the timeline shows kswapd's run aimed below Normal" [ "$kr" = 1 ]
		check "stall $seq: the timeline shows isolation aimed below Normal" [ "$iso" = 1 ]
		checked=$((checked + 1))
	done
	say "stalls under pressure: $checked checked, $single on one CPU only, $outside outside kswapd's low-zone runs"
	check "at least one stall under pressure checked" [ "$checked" -ge 1 ]
	# The timeline of the stalls looked at only: all of it is more than a
	# busy serial console keeps.
	for f in version stalls timeline summary; do
		echo "KSW-FILE-BEGIN $f"
		if [ $f = timeline ]; then
			grep -E "^stall=($seen) " "$KSW/$f"
		else
			cat "$KSW/$f"
		fi
		echo "KSW-FILE-END $f"
	done
	echo 0 >"$TI/tracing_on"
}

tl_trace_on
DMA_STORM_HOOK=tl_hook
. /lib/scenarios/dma_storm.sh
