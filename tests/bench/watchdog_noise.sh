#!/bin/sh
# vm: mem=512 cpus=2 timeout=400 append="clocksource=tsc tsc=reliable"
# Benchmark, not a test: the noise the stall watchdog sees in a 2-vCPU guest
# under real-time TCG on a shared host, without any stall injected.  Run with
#   tests/vm/run KERNEL tests/bench/watchdog_noise.sh
# 60 s idle, then 60 s with CPU 0 in a user-mode loop and CPU 1 in system
# calls; threshold 20 ms; records counted by length.  A vCPU thread that
# the host leaves unscheduled is a real gap to the guest: it shows as
# kind=irq, mostly on both CPUs at once (system=1).  Fails if any record is
# 50 ms or longer, as tests/scenarios/watchdog_quiet.sh would.
. /lib/guest-lib.sh
say() { echo "KSW: [$(cut -d' ' -f1 /proc/uptime)] $*"; }

P=/sys/module/kswapwatch/parameters
SECS=${SECS:-60}
long=0

# noise LABEL: the records so far by length, and those of 50 ms or more.
noise() {
	awk -v label="$1" '{
		for (i = 1; i <= NF; i++) if ($i ~ /^dur_us=/) d = substr($i, 8) + 0
		if (d < 30000) a++; else if (d < 50000) b++; else if (d < 100000) c++; else e++
	} END {
		printf "%s: %d records: 20-30 ms %d, 30-50 ms %d, 50-100 ms %d, >=100 ms %d\n",
			label, NR, a, b, c, e
	}' "$KSW/stalls"
	awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^dur_us=/) d = substr($i, 8) + 0
		if (d >= 50000) print }' "$KSW/stalls" >/tmp/long
	n=$(wc -l </tmp/long)
	if [ "$n" != 0 ]; then
		say "$1: $n record(s) of 50 ms or more:"
		cut -c1-400 /tmp/long
		long=$((long + n))
	fi
}

load_kswapwatch
echo 20 >$P/stall_threshold_ms || fail "threshold 20"
sleep 1
echo 1 >"$KSW/reset"
say "idle for $SECS s"
sleep "$SECS"
noise idle
grep watchdog "$KSW/summary"

echo 1 >"$KSW/reset"
say "both CPUs busy for $SECS s"
taskset -c 0 sh -c 'while :; do :; done' &
spin=$!
taskset -c 1 dd if=/dev/zero of=/dev/null bs=512 2>/dev/null &
sys=$!
sleep "$SECS"
kill $spin $sys
wait 2>/dev/null
noise busy
grep watchdog "$KSW/summary"
unload_kswapwatch
check "no WARN, BUG or Oops in dmesg" dmesg_clean
[ "$long" = 0 ] || fail "$long record(s) of 50 ms or more without any stall injected"
pass "no record of 50 ms or more in ${SECS} s idle and ${SECS} s busy"
