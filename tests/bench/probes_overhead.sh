#!/bin/sh
# vm: mem=512 cpus=1 nodes=1 kmods=brd,crc32c_generic?,ext4 timeout=3000 qemu="-icount shift=0,sleep=off"
# Benchmark, not a test: the cost of kswapwatch's vmscan probes and
# kswapd_failures bookkeeping on a reclaim-heavy workload.  Run with
#   tests/vm/run KERNEL tests/bench/probes_overhead.sh
#
# Workload: a task in a cgroup with memory.max=16M reads a 32 MB file from
# ext4 on a ramdisk 4 times, so the pages it charges keep going through
# memcg reclaim (mm_vmscan_memcg_reclaim_begin/end, lru_isolate,
# lru_shrink_inactive, and on kernels without the kswapd_failures
# tracepoints a reading of every node's count at each begin and end).
# Runs alternate without and with the module loaded, in pairs whose order
# alternates (AB BA AB ...: keep RUNS even); printed are the medians, their
# ratio, and the mean of the per-pair ratios, which cancels an effect of a
# run's position in its pair (7.2 shows one of about 1.4 %).
#
# Time is the guest's: qemu runs with -icount shift=0,sleep=off, so the
# guest's clock advances by executed instructions, not by the host's
# (shared, busy) wall clock, and a run's time is its CPU work.  That needs
# one vCPU: with two, secondary CPU bring-up hangs under icount.
. /lib/guest-lib.sh

RUNS=${RUNS:-8}

protect_self
ramdisk_ext4 96 /mnt
memhog file /mnt/f 32 >/dev/null || fail "memhog file /mnt/f 32"
hold_memory 60

# one_run: the workload's read time in ms, summed over its passes (memhog
# times each pass with CLOCK_MONOTONIC).
one_run() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	memhog --cgroup kswbench --memory-max 16M file /mnt/f 32 --passes 4 >/tmp/run.log 2>&1 ||
		fail "workload failed: $(tail -n 2 /tmp/run.log)"
	sed -n 's/.* pass .* ms=\([0-9]*\)$/\1/p' /tmp/run.log | awk '{ t += $1 } END { print t }'
}

# median [SORT_OPTION]: of the numbers on stdin.
median() {
	tr ' ' '\n' | grep . | sort ${1:-} | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# A pair of runs, in ABBA order so that a slow drift of the guest's state
# (page cache, fragmentation) cancels; the per-pair ratios resist it too.
pair() {
	if [ $(($1 % 2)) = 0 ]; then
		a=$(one_run)
		load_kswapwatch
		b=$(one_run)
		hits=$(grep '^probe hits:' "$KSW/summary")
		unload_kswapwatch
	else
		load_kswapwatch
		b=$(one_run)
		hits=$(grep '^probe hits:' "$KSW/summary")
		unload_kswapwatch
		a=$(one_run)
	fi
	without="$without $a"
	with="$with $b"
	ratios="$ratios $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b / a }')"
}

one_run >/dev/null	# warm-up
without=
with=
ratios=
i=0
while [ "$i" -lt "$RUNS" ]; do
	pair "$i"
	i=$((i + 1))
done
case "$without$with" in
*[!0-9\ ]*) fail "a run failed: without:$without with:$with" ;;
esac
m0=$(echo "$without" | median -n)
m1=$(echo "$with" | median -n)
say "BENCH kernel=$(uname -r) runs=$RUNS unit=ms (guest time under -icount)"
say "BENCH without:$without"
say "BENCH with:   $with"
say "BENCH ratios: $ratios"
say "BENCH last run with the module: $hits"
say "BENCH median_without=${m0}ms median_with=${m1}ms ratio_of_medians=$(awk -v a="$m1" -v b="$m0" 'BEGIN { printf "%.4f", a / b }') mean_pair_ratio=$(echo "$ratios" | tr ' ' '\n' | awk 'NF { t += $1; n++ } END { printf "%.4f", t / n }')"
release_memory
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "benchmark done"
