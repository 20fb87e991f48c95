#!/bin/sh
# vm: mem=512 cpus=1 timeout=2400 qemu="-icount shift=0,sleep=off"
# Benchmark, not a test: the stall watchdog's cost and resolution.  Run with
#   tests/vm/run KERNEL tests/bench/watchdog_cost.sh
#  1. its CPU cost at the default period, idle, in a user-mode loop and in a
#     system-call loop: time in the timer (its own local_clock() accounting,
#     one tick in 16) plus the canary's run time (/proc/PID/schedstat), as a
#     share of the CPU; and how many more local timer interrupts the guest
#     takes with it loaded (their entry and exit are not in the figure);
#  2. the shortest stall it detects every time: preempt stalls of lengths
#     around the threshold, REPS times each, at the default threshold and at
#     the lowest one the default period allows.
# The guest's clock runs on executed instructions (-icount shift=0: 1 ns
# each, one vCPU), so figures count the watchdog's instructions against the
# rest, unaffected by the busy host; a real CPU runs several instructions a
# nanosecond, and misses in caches that TCG does not model.
. /lib/guest-lib.sh
say() { echo "KSW: [$(cut -d' ' -f1 /proc/uptime)] $*"; }

SI=/sys/kernel/debug/stallinject
P=/sys/module/kswapwatch/parameters
SECS=${SECS:-30}
REPS=${REPS:-10}

uptime_ns() { awk '{ printf "%.0f", $1 * 1000000000 }' /proc/uptime; }
loc() { awk '/^ *LOC:/ { s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print s }' /proc/interrupts; }
timer_us() { sed -n 's/.*timer_us=\([0-9]*\).*/\1/p' "$KSW/summary"; }
canary_ns() {
	s=0
	for p in $(ps -o pid,comm | awk '$2 ~ /^\[?kswapwatch\// { print $1 }'); do
		s=$((s + $(cut -d' ' -f1 /proc/$p/schedstat)))
	done
	echo $s
}

# window LABEL: cost over SECS seconds of whatever runs now.
window() {
	t0=$(uptime_ns); l0=$(loc); u0=$(timer_us); c0=$(canary_ns)
	sleep "$SECS"
	t1=$(uptime_ns); l1=$(loc); u1=$(timer_us); c1=$(canary_ns)
	wall=$((t1 - t0))
	tm=$(((u1 - u0) * 1000))
	ca=$((c1 - c0))
	say "$1: ${SECS} s: timer $((tm / 1000)) us, canaries $((ca / 1000)) us, local timer irqs $((l1 - l0))"
	awk -v tm="$tm" -v ca="$ca" -v w="$wall" -v l="$1" 'BEGIN {
		printf "KSW: COST %s: %.4f %% of one CPU (timer %.4f %%, canaries %.4f %%)\n",
			l, 100 * (tm + ca) / w, 100 * tm / w, 100 * ca / w }'
}

busy_off() { kill $b1; wait 2>/dev/null; }

# Local timer interrupts without the module, for comparison.
t0=$(uptime_ns); l0=$(loc); sleep "$SECS"; l1=$(loc)
say "without kswapwatch: idle ${SECS} s: local timer irqs $((l1 - l0))"

load_kswapwatch
load_stallinject
sleep 1
window "idle, period 10 ms"
sh -c 'while :; do :; done' &
b1=$!
window "user-mode loop, period 10 ms"
busy_off
dd if=/dev/zero of=/dev/null bs=512 2>/dev/null &
b1=$!
window "system-call loop, period 10 ms"
busy_off

# detect THRESHOLD_MS MS...: how many of REPS preempt stalls of each length
# give a record.
detect() {
	echo "$1" >$P/stall_threshold_ms || fail "threshold $1"
	shift
	for ms in "$@"; do
		echo 1 >"$KSW/reset"
		: >/tmp/inj
		i=0
		while [ $i -lt "$REPS" ]; do
			echo "cpu=0 ms=$ms way=preempt" >"$SI/inject" || fail "inject $ms"
			tail -n 1 "$SI/log" >>/tmp/inj
			sleep 0.15
			i=$((i + 1))
		done
		sleep 0.3
		# Per injection: the record overlapping it, if any, and its dur_us.
		awk 'function f(line, k,   n, a, i) { n = split(line, a, " ")
				for (i = 1; i <= n; i++) if (index(a[i], k "=") == 1) return substr(a[i], length(k) + 2)
				return "" }
			FILENAME != inj { nr++; rs[nr] = f($0, "start_ns") + 0; rd[nr] = f($0, "dur_us") + 0; next }
			{ s = f($0, "start_ns") + 0; e = f($0, "end_ns") + 0; hit = 0; d = ""
			  for (j = 1; j <= nr; j++) if (rs[j] <= e && rs[j] + rd[j] * 1000 >= s) { hit++; d = d " " rd[j] }
			  n++; if (hit == 1) found++; ds = ds d; sd = sd " " f($0, "dur_us") }
			END { printf "KSW: DETECT threshold=%s ms=%s: %d of %d recorded\n", thr, ms, found, n
			      printf "KSW:   stallinject dur_us:%s\nKSW:   record dur_us:%s\n", sd, ds }' \
			thr="$(cat $P/stall_threshold_ms)" ms="$ms" inj=/tmp/inj "$KSW/stalls" /tmp/inj
	done
}

detect 50 40 45 48 50 52 55 60
detect 20 15 18 20 22 25 30
echo 50 >$P/stall_threshold_ms
grep watchdog "$KSW/summary"
rmmod stallinject
unload_kswapwatch
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "benchmark ran"
