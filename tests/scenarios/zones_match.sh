#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 kmods=brd,crc32c_generic?,ext4 timeout=900
# The zones file against the kernel's own numbers (zones_match_2nodes.sh is
# the same on two NUMA nodes: keep the two in step).
#
# 1. free, min, low, high, spanned, present, managed and protection of every
#    populated zone equal /proc/zoneinfo read by the same process right
#    after (one cat reads both files: nothing is forked between the reads).
#    The watermarks, sizes and reserves must be equal.  free may differ by
#    what the CPUs fold into the zone's NR_FREE_PAGES counter between the
#    two reads: each CPU by at most one per-CPU page list refill or drain
#    (its pageset batch) plus one vmstat fold (its stats threshold), so the
#    tolerance is ncpus * (batch + threshold), both read from zoneinfo.
# 2. Under memory pressure, kswapd_wakeups and kswapd_runs equal tracefs
#    histograms of mm_vmscan_wakeup_kswapd and mm_vmscan_kswapd_wake keyed
#    by nid and zid, each event counted on the zone the module counts it on:
#    the highest populated zone of its node at or below zid (a user page's
#    wakeup says ZONE_MOVABLE, which these guests do not have).
# 3. The reclaim-targeting counters equal histograms of mm_vmscan_lru_isolate
#    by highest_zoneidx (per zone on one node; on several nodes, whose
#    attribution of direct reclaim is approximate, their totals).
. /lib/guest-lib.sh

NCPUS=$(grep -c ^processor /proc/cpuinfo)

# zones_vs_zoneinfo: check 1 on one simultaneous read of the two files.
zones_vs_zoneinfo() {
	cat "$KSW/zones" /proc/zoneinfo >/tmp/both
	grep '^nid=' /tmp/both >/tmp/z
	sed -n '/^Node/,$p' /tmp/both >/tmp/zi
	zoneinfo_rows /tmp/zi >/tmp/rows
	[ "$(wc -l </tmp/z)" = "$(wc -l </tmp/rows)" ] || {
		cat /tmp/z /tmp/rows
		echo "zones has $(wc -l </tmp/z) lines, zoneinfo $(wc -l </tmp/rows) populated zones"
		return 1
	}
	while read -r nid zid name free min low high spanned present managed prot batch thr; do
		line=$(grep "^nid=$nid zone=$name " /tmp/z)
		[ -n "$line" ] || { echo "no zones line for node $nid zone $name"; return 1; }
		for k in min low high spanned present managed; do
			eval "want=\$$k"
			got=$(field "$line" "$k")
			[ "$got" = "$want" ] || { echo "node $nid $name: $k=$got, zoneinfo $want"; return 1; }
		done
		got=$(field "$line" protection)
		[ "$got" = "$prot" ] || { echo "node $nid $name: protection=$got, zoneinfo $prot"; return 1; }
		got=$(field "$line" free)
		d=$((got - free))
		[ "$d" -lt 0 ] && d=$((-d))
		tol=$((NCPUS * (batch + thr)))
		[ "$d" -le "$tol" ] || { echo "node $nid $name: free=$got, zoneinfo $free: off by $d > $tol"; return 1; }
		echo "node $nid $name: free $got/$free (off by $d, tolerance $tol) min=$min low=$low high=$high spanned=$spanned present=$present managed=$managed protection=$prot"
	done </tmp/rows
}

# counted NID ZID: the zone index an event for ZID on node NID counts on.
counted() {
	awk -v n="$1" -v z="$2" '$1 == n && $2 <= z && $2 > best { best = $2 } BEGIN { best = -1 } END { print best }' /tmp/rows
}

# expect_hits EVENT: "nid zid count" per populated zone from the histogram,
# events mapped to the zone they count on; unmapped events as zid -1.
expect_hits() {
	hist_rows "$1" | while read -r _ nid _ zid _ hits; do
		echo "$nid $(counted "$nid" "$zid") $hits"
	done | awk '{ s[$1 " " $2] += $3 } END { for (k in s) print k, s[k] }'
}

# same_as_hist: check 2 and 3.
same_as_hist() {
	zoneinfo_rows >/tmp/rows
	expect_hits mm_vmscan_wakeup_kswapd >/tmp/ew
	expect_hits mm_vmscan_kswapd_wake >/tmp/er
	if grep -q ' -1 ' /tmp/ew /tmp/er; then
		echo "events for a zone no node has:"; cat /tmp/ew /tmp/er; return 1
	fi
	tw=0 tr=0
	while read -r nid zid name _; do
		line=$(grep "^nid=$nid zone=$name " "$KSW/zones")
		w=$(awk -v k="$nid $zid" '$1 " " $2 == k { print $3 }' /tmp/ew)
		r=$(awk -v k="$nid $zid" '$1 " " $2 == k { print $3 }' /tmp/er)
		gw=$(field "$line" kswapd_wakeups)
		gr=$(field "$line" kswapd_runs)
		echo "node $nid $name: kswapd_wakeups=$gw (trace ${w:-0}) kswapd_runs=$gr (trace ${r:-0}) wakeup_gfp=$(field "$line" wakeup_gfp) kswapd_run_ns=$(field "$line" kswapd_run_ns)"
		[ "$gw" = "${w:-0}" ] && [ "$gr" = "${r:-0}" ] || return 1
		tw=$((tw + gw)) tr=$((tr + gr))
	done </tmp/rows
	# Every event is on some line.
	[ "$tw" = "$(awk '{ s += $3 } END { print s + 0 }' /tmp/ew)" ] || return 1
	[ "$tr" = "$(awk '{ s += $3 } END { print s + 0 }' /tmp/er)" ] || return 1
	if [ "$tw" = 0 ] || [ "$tr" = 0 ]; then
		echo "no kswapd wakeups or runs: no pressure?"
		return 1
	fi

	hist_rows mm_vmscan_lru_isolate >/tmp/iso
	cat /tmp/iso
	nodes=$(online_nodes | wc -l)
	for k in scanned skipped taken; do
		tg=0
		while read -r nid zid name _; do
			line=$(grep "^nid=$nid zone=$name " "$KSW/zones")
			g=$(field "$line" "reclaim_$k")
			tg=$((tg + g))
			[ "$nodes" = 1 ] || continue
			want=$(awk -v k="nr_$k" '{ for (i = 1; i < NF; i++) if ($i == k) print $2, $(i + 1) }' /tmp/iso |
				while read -r hz val; do
					[ "$(counted "$nid" "$hz")" = "$zid" ] && echo "$val"
				done | awk '{ s += $1 } END { print s + 0 }')
			[ "$g" = "$want" ] || { echo "node $nid $name: reclaim_$k=$g, trace $want"; return 1; }
		done </tmp/rows
		want=$(awk -v k="nr_$k" '{ for (i = 1; i < NF; i++) if ($i == k) s += $(i + 1) } END { print s + 0 }' /tmp/iso)
		echo "reclaim_$k: $tg in zones, $want in the trace"
		[ "$tg" = "$want" ] || return 1
	done
}

# hist_snap: every vmscan histogram, as one text.
hist_snap() {
	cat "$TRACEFS"/events/vmscan/mm_vmscan_*/hist
}

# quiet: the histograms unchanged over 2 s, twice in a row.
quiet() {
	i=0 same=0
	a=$(hist_snap)
	while [ "$same" -lt 2 ]; do
		sleep 2
		b=$(hist_snap)
		if [ "$a" = "$b" ]; then same=$((same + 1)); else same=0; fi
		a=$b
		i=$((i + 1))
		[ "$i" -lt 60 ] || return 1
	done
}

# retry CMD...: CMD, up to 5 times 1 s apart (a watermark boost may come
# and go between two reads).
retry() {
	n=0
	until "$@"; do
		n=$((n + 1))
		[ "$n" -lt 5 ] || return 1
		sleep 1
	done
}

protect_self
[ -e /sys/kernel/mm/lru_gen/enabled ] && say "lru_gen/enabled=$(cat /sys/kernel/mm/lru_gen/enabled)"
ramdisk_ext4 64 /mnt
memhog file /mnt/f 32 >/dev/null || fail "memhog file /mnt/f 32"
load_kswapwatch
cat "$KSW/zones"
check "zones equals /proc/zoneinfo at rest" retry zones_vs_zoneinfo

check "tracefs histogram of mm_vmscan_wakeup_kswapd" hist_on mm_vmscan_wakeup_kswapd 'keys=nid,zid'
check "tracefs histogram of mm_vmscan_kswapd_wake" hist_on mm_vmscan_kswapd_wake 'keys=nid,zid'
# One value per histogram: 6.1 refuses several.
for k in scanned skipped taken; do
	check "tracefs histogram of mm_vmscan_lru_isolate nr_$k" \
		hist_on mm_vmscan_lru_isolate "keys=highest_zoneidx:vals=nr_$k"
done
echo 1 >"$KSW/reset"
check "counters start at 0" sh -c "! grep -qE 'kswapd_(wakeups|runs)=[1-9]' $KSW/zones"

say "pressure: anonymous memory held, bursts, page cache reads"
hold_memory 48
# Until kswapd has run on every node (at least 4 rounds, at most 16): bursts
# larger than what is left, so reclaim must run, and page cache to reclaim.
i=0
while [ "$i" -lt 16 ]; do
	victim memhog anon $(($(mem_available_mb) + 16)) --hold 1 >/dev/null 2>&1
	memhog file /mnt/f 32 >/dev/null 2>&1
	i=$((i + 1))
	[ "$i" -ge 4 ] || continue
	idle=0
	for n in $(online_nodes); do
		grep "^nid=$n " "$KSW/zones" | grep -q 'kswapd_runs=[1-9]' || idle=1
	done
	[ "$idle" = 0 ] && break
done
say "$i rounds of pressure"
cat "$KSW/nodes"
check "zones equals /proc/zoneinfo under pressure" retry zones_vs_zoneinfo
release_memory
check "reclaim went quiet" quiet
cat "$KSW/zones"
check "kswapd_wakeups, kswapd_runs and reclaim counters equal the trace histograms" same_as_hist
check "zones equals /proc/zoneinfo after" retry zones_vs_zoneinfo
cat "$KSW/summary"
check "no event left uncounted" sh -c "! grep -q 'not counted' $KSW/summary"
check "no WARN, BUG or Oops in dmesg" dmesg_clean
unload_kswapwatch
pass "zones match /proc/zoneinfo and the trace ($(online_nodes | wc -l) node(s))"
