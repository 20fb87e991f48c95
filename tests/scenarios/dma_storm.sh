#!/bin/sh
# vm: mem=3072 cpus=2 nodes=1 kmods=uhci_hcd,virtio_pci?,virtio_blk timeout=2400 append="memmap=1792M$128M" qemu="-M q35 -device piix3-usb-uhci -blockdev driver=null-co,node-name=nul0,size=4294967296,read-zeroes=on -device virtio-blk-pci,drive=nul0" mem@arm64=4608 kmods@arm64=ehci_pci,virtio_pci?,virtio_blk append@arm64="" qemu@arm64="-device usb-ehci -blockdev driver=null-co,node-name=nul0,size=4294967296,read-zeroes=on -device virtio-blk-pci,drive=nul0"
# The first seed's freeze in small: reclaim aimed at a low zone while Normal
# has room, skipping Normal pages by the hundred thousand; then the fix
# diagnose advises for it, and the signal is gone.
#
# Layout, x86_64: q35 puts 2 GB below 4 GB and the rest above, and memmap=
# reserves most of the low part, so ZONE_DMA32 has ~176 MB and ZONE_NORMAL
# ~1 GB (the seed had 2 GB of ZONE_DMA under 60 GB of Normal).  arm64:
# virt's RAM starts at 1 GB and ZONE_DMA runs to 4 GB (DMA32 is empty), so
# 4.5 GB of RAM give DMA 3 GB and Normal 1.5 GB: arm64's large ZONE_DMA.
#
# Who allocates from the low zone only: a device with a 32-bit DMA mask.
# A UHCI (x86_64) or EHCI (arm64: Debian builds no UHCI there) USB
# controller has one, and each mmap() of a usbfs node makes usbcore
# allocate a coherent DMA buffer for it (GFP_USER | __GFP_DMA32 on x86_64,
# __GFP_DMA on arm64): dmahog holds such buffers, as a driver or a libusb
# program would.  No kernel-side test code is involved.  The device's zone
# is called DZ below: DMA32 where that zone has pages, else DMA.
#
# Each phase: device buffers take DZ down to 48 MB free; a page cache
# reader (a block device that reads zeros, so the cache costs no other
# memory) fills Normal and spills into DZ as far as DZ's lowmem reserve
# against Normal allocations lets it; then the device asks for 8 MB more.
# With the default ratio (256) the reserve is ~4 MB (x86_64) or ~6 MB
# (arm64): the 8 MB take DZ below its low watermark (on x86_64 they fall
# back to ZONE_DMA); kswapd is woken for DZ (by the allocations) or for DMA
# (by the watermark boost the fallback raises, which is the seed's case
# exactly), and its reclaim walks the file LRU, skipping the pages of the
# zones above, to find the few low-zone ones.  Which of the two zones it
# aims at varies from run to run; the checks take the zones below Normal
# together.  The fix is the one `kswapwatch diagnose` advises for this
# machine (the seed's was 30 30 30 0): with it page cache stays out of DZ,
# the 8 MB fit, and no reclaim aims below Normal; `diagnose --since` then
# says the storm has not come back, and a second look advises nothing lower.
#
# The seed's path is the classic LRU (6.1's default): where MGLRU is on by
# default (7.x) the two phases run with it off, then the unfixed phase once
# more with MGLRU, for its numbers (MGLRU moves higher-zone pages to a
# younger generation instead of skipping them: they count as scanned).
#
# Ground truth: tracefs histograms of mm_vmscan_wakeup_kswapd and
# mm_vmscan_lru_isolate, and /proc/vmstat pgskip_*.
. /lib/guest-lib.sh

DEV=/dev/bus/usb/001/001
DZ=DMA32
[ "$(zone_field 0 DMA32 present)" -gt 0 ] 2>/dev/null || DZ=DMA
# The zones below Normal that have pages, as NAME:INDEX.
LOWZONES=$(zoneinfo_rows | awk '$1 == 0 && $3 != "Normal" && $3 != "Movable" { print $3 ":" $2 }')

zinfo() {
	for z in $DZ Normal; do
		echo "$z: free=$(zone_field 0 $z free) min=$(zone_field 0 $z min) low=$(zone_field 0 $z low) high=$(zone_field 0 $z high) protection=$(zoneinfo_rows | awk -v z=$z '$3 == z { print $11 }')"
	done
	awk '/^Node/ { z = $4 } $1 == "nr_zone_inactive_file" { print "  " z " inactive file pages: " $2 }' /proc/zoneinfo
}

# wait_ready FILE PID WHAT: until the helper printed its ready line.
wait_ready() {
	until grep -q ready "$1"; do
		kill -0 "$2" 2>/dev/null || { cat "$1"; fail "$3 failed"; }
		sleep 0.5
	done
}

# pgskip: the sum of /proc/vmstat's pgskip_* counters.
pgskip() {
	sed -n 's/^pgskip_[a-z0-9]* //p' /proc/vmstat | awk '{ s += $1 } END { print s + 0 }'
}

# hists: both histograms, sorted, as one text.
hists() {
	{ hist_rows mm_vmscan_wakeup_kswapd; hist_rows mm_vmscan_lru_isolate; } | sort
}

# read_still: the module's zones (/tmp/zones), the histograms (/tmp/hists)
# and pgskip_* ($skip1) as of one moment.  The buffers are still held and
# kswapd may still be at work, so the module is read between two histogram
# snapshots, again until the two agree: an event between the module's read
# and the histogram's would otherwise count on one side only.
read_still() {
	n=0
	while :; do
		hists >/tmp/hists.0
		grep '^nid=' "$KSW/zones" >/tmp/zones
		skip1=$(pgskip)
		hists >/tmp/hists
		if cmp -s /tmp/hists.0 /tmp/hists; then
			[ "$n" = 0 ] || say "read still after $n reads with events between"
			return 0
		fi
		n=$((n + 1))
		[ "$n" -lt 30 ] || fail "vmscan events went on through 30 reads 1 s apart"
		sleep 1
	done
}

# iso_sum FIELD HZ: the lru_isolate histogram's FIELD for highest_zoneidx HZ.
iso_sum() {
	awk -v k="$1" -v z="$2" '$1 == "highest_zoneidx" && $2 == z { for (i = 1; i < NF; i++) if ($i == k) s += $(i + 1) } END { print s + 0 }' /tmp/hists
}

# zones_delta: /tmp/zones with each counter less its value in /tmp/zones0
# (the phase's start), into /tmp/zones_d.
zones_delta() {
	awk 'function key(   i) { for (i = 1; i <= NF; i++) if ($i ~ /^zone=/) return $1 " " $i }
		NR == FNR { k = key(); for (i = 1; i <= NF; i++) { split($i, kv, "="); base[k, kv[1]] = kv[2] }; next }
		{ k = key(); line = ""
		  for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] ~ /^(kswapd_wakeups|kswapd_runs|reclaim_scanned|reclaim_skipped|reclaim_taken|storms|kswapd_run_ns)$/)
				$i = kv[1] "=" (kv[2] - base[k, kv[1]])
			line = line (i > 1 ? " " : "") $i
		  }
		  print line }' /tmp/zones0 /tmp/zones >/tmp/zones_d
}

# phase NAME RATIO [keep]: one run of the workload; leaves the DMA and DMA32
# lines in /tmp/low (counters: this phase's), their sums in $LOW and the
# summary in /tmp/summary.  With keep the module is not reset first, so its
# history of the phases before stays for diagnose --since.
phase() {
	echo "$2" >/proc/sys/vm/lowmem_reserve_ratio || fail "lowmem_reserve_ratio $2"
	say "phase $1: vm.lowmem_reserve_ratio = $(cat /proc/sys/vm/lowmem_reserve_ratio)$([ -e $LRU_GEN ] && echo ", lru_gen/enabled = $(cat $LRU_GEN)")"
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	for k in scanned skipped taken; do
		hist_on mm_vmscan_lru_isolate "keys=highest_zoneidx:vals=nr_$k" || fail "histogram"
	done
	hist_on mm_vmscan_wakeup_kswapd 'keys=nid,zid' || fail "histogram"
	[ "$3" = keep ] || echo 1 >"$KSW/reset"
	grep '^nid=' "$KSW/zones" >/tmp/zones0
	skip0=$(pgskip)

	f=$(zone_field 0 $DZ free)
	low=$(zone_field 0 $DZ low)
	mb=$(((f - low) * 4 / 1024 - 48))
	# 4 KiB chunks (order-0 pages) up to 512 MB; arm64's 3 GB zone in
	# 1 MiB chunks, to stay under vm.max_map_count.
	chunk=4
	[ "$mb" -le 512 ] || chunk=1024
	dmahog $DEV "$mb" --chunk $chunk --hold-forever >/tmp/d1 2>&1 &
	d1=$!
	wait_ready /tmp/d1 $d1 "dmahog $mb MB"
	say "device buffers: $mb MB of $DZ in $chunk KiB chunks"
	# More page cache than Normal has free, so that it spills into DZ.
	cache=$(($(zone_field 0 Normal free) * 4 / 1024 + 200))
	memhog file /dev/vda $cache --hold-forever >/tmp/f1 2>&1 &
	f1=$!
	wait_ready /tmp/f1 $f1 "memhog file /dev/vda $cache"
	say "page cache: $cache MB read"
	zinfo
	dmahog $DEV 8 --hold-forever >/tmp/d2 2>&1 &
	d2=$!
	wait_ready /tmp/d2 $d2 "dmahog 8 MB more"
	say "device buffers: 8 MB more"
	# A scenario that runs this one's body may look at the pressure now.
	${DMA_STORM_HOOK:-:} "$1"
	sleep 5
	zinfo
	read_still
	zones_delta
	grep '^nid=0 zone=DMA' /tmp/zones_d >/tmp/low
	cat /tmp/low
	cat "$KSW/summary"
	cat /tmp/hists
	skipped=$((skip1 - skip0))
	for zz in $LOWZONES; do
		z=${zz%:*}
		l=$(grep "^nid=0 zone=$z " /tmp/low)
		say "phase $1: reclaim aimed at $z: scanned=$(field "$l" reclaim_scanned) skipped=$(field "$l" reclaim_skipped) taken=$(field "$l" reclaim_taken) storm_ratio=$(field "$l" storm_ratio) storms=$(field "$l" storms) kswapd_wakeups=$(field "$l" kswapd_wakeups) kswapd_runs=$(field "$l" kswapd_runs) kswapd_run_ns=$(field "$l" kswapd_run_ns) wakeup_gfp=$(field "$l" wakeup_gfp)"
	done
	say "phase $1: pgskip_* +$skipped"

	# Ground truth, whatever the phase shows.
	for zz in $LOWZONES; do
		z=${zz%:*} zid=${zz#*:}
		l=$(grep "^nid=0 zone=$z " /tmp/low)
		for k in scanned skipped taken; do
			check "phase $1: reclaim_$k on $z = lru_isolate nr_$k with highest_zoneidx $zid" \
				[ "$(field "$l" "reclaim_$k")" = "$(iso_sum "nr_$k" $zid)" ]
		done
		check "phase $1: kswapd_wakeups on $z = wakeup_kswapd events with zid $zid" \
			[ "$(field "$l" kswapd_wakeups)" = "$(awk -v z=$zid '$1 == "nid" && $2 == 0 && $4 == z { s += $6 } END { print s + 0 }' /tmp/hists)" ]
	done
	check "phase $1: skipped in all zones = pgskip_* in /proc/vmstat" \
		[ "$(tr ' ' '\n' </tmp/zones_d | sed -n 's/^reclaim_skipped=//p' | awk '{ s += $1 } END { print s + 0 }')" = "$skipped" ]
	# The two low zones together.
	LOW=$(awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] ~ /^(kswapd_wakeups|reclaim_scanned|reclaim_skipped|reclaim_taken|storms)$/) s[kv[1]] += kv[2] } }
		END { printf "wakeups=%d scanned=%d skipped=%d taken=%d storms=%d", s["kswapd_wakeups"], s["reclaim_scanned"], s["reclaim_skipped"], s["reclaim_taken"], s["storms"] }' /tmp/low)
	say "phase $1: the zones below Normal together: $LOW"

	cat "$KSW/summary" >/tmp/summary
	kill "$d1" "$d2" "$f1"
	wait "$d1" "$d2" "$f1" 2>/dev/null
	sleep 1
}

protect_self
[ -c $DEV ] || skip "no usbfs node $DEV (a UHCI or EHCI controller and its driver needed)"
[ -b /dev/vda ] || skip "no /dev/vda"
# 0: no limit on usbfs buffers (16 MB by default).
echo 0 >/sys/module/usbcore/parameters/usbfs_memory_mb
default_ratio=$(tr '\t' ' ' </proc/sys/vm/lowmem_reserve_ratio)
classic_lru
load_kswapwatch
say "device zone: $DZ; zones below Normal: $(echo $LOWZONES)"
zinfo

phase before "$default_ratio"
check "before: kswapd woken for a zone below Normal" [ "$(field "$LOW" wakeups)" -ge 1 ]
s=$(field "$LOW" skipped) t=$(field "$LOW" taken)
[ "$t" -gt 0 ] && t1=$t || t1=1
check "before: reclaim aimed below Normal skipped far more than it took ($s skipped, $t taken: >= 16 times)" \
	[ "$s" -ge $((16 * t1)) ]
check "before: storm isolations counted" [ "$(field "$LOW" storms)" -ge 1 ]
check "before: summary reports the storm and when" \
	grep -q '^scan storm: reclaim aimed at node 0 zone DMA[32]* .* the last time [0-9.]* s ago' /tmp/summary

# The fix diagnose advises, computed from this machine's zones.
kswapwatch diagnose
kswapwatch --json diagnose >/tmp/diag1.json
grep '"finding":"dma_scan_storm"' /tmp/diag1.json | head -n 1 >/tmp/storm.json
cat /tmp/storm.json
check "diagnose: a dma_scan_storm finding" [ -s /tmp/storm.json ]
check "the finding names the low zone" grep -qE '"zone":"DMA(32)?"' /tmp/storm.json
# lrr FILE: the ratio of the finding's "sysctl -w vm.lowmem_reserve_ratio='...'", if any.
lrr() {
	sed -n "s/.*sysctl -w vm.lowmem_reserve_ratio='\([0-9 ]*\)'.*/\1/p" "$1" | head -n 1
}
ratio=$(lrr /tmp/storm.json)
say "advised: vm.lowmem_reserve_ratio = '$ratio' (now '$default_ratio')"
check "the advice is a new lowmem_reserve_ratio" sh -c "[ -n '$ratio' ] && [ '$ratio' != '$default_ratio' ]"
check "the advice states its cost in MB" grep -qE '[0-9.]+ (MB|GB|MiB|GiB)' /tmp/storm.json

t0=$(cut -d. -f1 /proc/uptime)
phase after "$ratio" keep
check "after: no kswapd wakeup for a zone below Normal" [ "$(field "$LOW" wakeups)" = 0 ]
check "after: no reclaim aimed below Normal" [ "$(field "$LOW" scanned)" = 0 ]
check "after: no storm" [ "$(field "$LOW" storms)" = 0 ]

# Did the fix work?  The storm is in the history, but not in the window.
win=$(($(cut -d. -f1 /proc/uptime) - t0 + 2))
kswapwatch --since "${win}s" diagnose | tee /tmp/diag2.txt
kswapwatch --json --since "${win}s" diagnose >/tmp/diag2.json
check "diagnose --since ${win}s: no warning or critical storm finding" \
	sh -c "! grep '\"finding\":\"dma_scan_storm\"' /tmp/diag2.json | grep -qE '\"severity\":\"(warning|critical)\"'"
check "diagnose --since ${win}s: says the storm has not recurred" \
	grep -qiE 'not recurred|no scan storm since|no storm since' /tmp/diag2.txt
# A second look at the fixed system advises no lower value.
kswapwatch --json diagnose >/tmp/diag3.json
again=$(lrr /tmp/diag3.json)
now=$(tr '\t' ' ' </proc/sys/vm/lowmem_reserve_ratio)
say "second run: advised '${again:-nothing}', in force '$now'"
check "second run: no lower ratio advised" sh -c "[ -z '$again' ] || [ \"\$(echo $again $now | awk '{ n = NF / 2; for (i = 1; i <= n; i++) if (\$i + 0 < \$(i + n) + 0) { print 1; exit } print 0 }')\" = 0 ]"

if [ "$lru_gen_was" != 0x0000 ]; then
	echo 7 >$LRU_GEN
	phase mglru "$default_ratio"
	say "MGLRU (informational), the zones below Normal together: $LOW"
fi

check "no WARN, BUG or Oops in dmesg" dmesg_clean
unload_kswapwatch
pass "$DZ scan storm with the default lowmem_reserve_ratio, none with the ratio diagnose advised"
