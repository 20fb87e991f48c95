#!/bin/sh
# vm: mem=512 cpus=1 nodes=1 kmods=virtio_pci?,virtio_blk timeout=3000 qemu="-icount shift=0,sleep=off -blockdev driver=null-co,node-name=nul0,size=1073741824,read-zeroes=on -device virtio-blk-pci,drive=nul0"
# Benchmark, not a test: the cost of the stall timeline's event ring.  Run
# with
#   tests/vm/run KERNEL tests/bench/timeline_cost.sh
#
# Two workloads, each run with the module loaded and its ring on
# (timeline=1, the default) and off (timeline=0: the ring's sched and irq
# probes detached, its buffers freed), in pairs whose order alternates (AB
# BA ...: keep RUNS even):
#   pipe  pingpong pipe: two tasks pass a byte back and forth, two context
#         switches a round (sched_switch);
#   dio   pingpong dio: 4 KiB O_DIRECT reads from a virtio disk that reads
#         zeros, one at a time: an interrupt, a block softirq and two
#         switches each (irq_handler_entry/exit, softirq_entry/exit).
# Printed: the medians, the slowdown (ratio of medians and mean of the
# per-pair ratios), the events the ring took per run (the summary's
# events= counter) and the cost per event: the difference of the medians
# over those events.  Memory: the summary's bytes_per_cpu.
#
# Time is the guest's: qemu runs with -icount shift=0,sleep=off (one
# instruction, one nanosecond), so a run's time is its CPU work, not the
# shared host's wall clock.  That needs one vCPU.
. /lib/guest-lib.sh

RUNS=${RUNS:-8}
PIPE_ROUNDS=${PIPE_ROUNDS:-20000}
DIO_READS=${DIO_READS:-5000}
P=/sys/module/kswapwatch/parameters

[ -b /dev/vda ] || fail "no /dev/vda"

events() {
	sed -n 's/^timeline: .* events=\([0-9]*\) .*/\1/p' "$KSW/summary"
}

# one_run WORKLOAD: its time in ms.
one_run() {
	case $1 in
	pipe) out=$(pingpong pipe "$PIPE_ROUNDS") ;;
	dio) out=$(pingpong dio /dev/vda "$DIO_READS") ;;
	esac || fail "pingpong $1 failed"
	echo "${out#ms=}"
}

median() {
	tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# bench WORKLOAD: RUNS pairs, then one line of results.
bench() {
	off= on= ratios= ev=
	one_run "$1" >/dev/null	# warm-up
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		if [ $((i % 2)) = 0 ]; then
			echo 0 >$P/timeline; a=$(one_run "$1")
			echo 1 >$P/timeline; e0=$(events); b=$(one_run "$1"); e1=$(events)
		else
			echo 1 >$P/timeline; e0=$(events); b=$(one_run "$1"); e1=$(events)
			echo 0 >$P/timeline; a=$(one_run "$1")
		fi
		off="$off $a" on="$on $b" ev="$ev $((e1 - e0))"
		ratios="$ratios $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b / a }')"
		i=$((i + 1))
	done
	m0=$(echo "$off" | median)
	m1=$(echo "$on" | median)
	me=$(echo "$ev" | median)
	say "BENCH $1 ring off (ms):$off"
	say "BENCH $1 ring on (ms): $on"
	say "BENCH $1 events per run:$ev"
	say "BENCH $1 median_off=${m0}ms median_on=${m1}ms slowdown=$(awk -v a="$m1" -v b="$m0" 'BEGIN { printf "%.2f%%", (a / b - 1) * 100 }') mean_pair_slowdown=$(echo "$ratios" | tr ' ' '\n' | awk 'NF { t += $1; n++ } END { printf "%.2f%%", (t / n - 1) * 100 }') events=$me ns_per_event=$(awk -v a="$m1" -v b="$m0" -v e="$me" 'BEGIN { if (e > 0) printf "%.1f", (a - b) * 1000000 / e; else print "-" }')"
}

load_kswapwatch
say "BENCH kernel=$(uname -r) runs=$RUNS pipe_rounds=$PIPE_ROUNDS dio_reads=$DIO_READS unit=ms (guest time under -icount)"
say "BENCH $(grep '^timeline:' "$KSW/summary")"
bench pipe
bench dio
echo 1 >$P/timeline
say "BENCH memory: $(grep '^timeline:' "$KSW/summary" | sed 's/.*\(events_per_cpu=[0-9]* bytes_per_cpu=[0-9]*\).*/\1/') per CPU"
unload_kswapwatch
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "benchmark done"
