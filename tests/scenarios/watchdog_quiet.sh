#!/bin/sh
# vm: mem=512 cpus=1 timeout=1200 qemu="-icount shift=0,sleep=off" qemu@arm64="-icount shift=3,sleep=off"
# No stall injected: 60 s idle, then 60 s with the CPU busy (a shell loop in
# user mode and dd in system calls, sharing it).  No record of 50 ms or
# longer may appear.  The threshold is lowered to 20 ms meanwhile so that
# the guest's own noise shows in the records, sorted by length.
#
# The guest's clock runs on executed instructions (-icount, one vCPU: with
# two, secondary CPU bring-up hangs under icount), so what the host does to
# qemu's threads is not seen as gaps: this is the guest's own noise.  One
# instruction is 1 ns on x86_64 (about 300 s for the 120 s of guest time);
# arm64's TCG runs about 75 million instructions a second here, so its
# guest takes 8 ns each (shift=3: a 125 MHz CPU), or the 120 s would take
# 27 minutes.  With real-time TCG on a shared host,
# tests/bench/watchdog_noise.sh shows the host's noise.
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
say "CPU busy for $SECS s"
sh -c 'while :; do :; done' &
spin=$!
dd if=/dev/zero of=/dev/null bs=512 2>/dev/null &
sys=$!
sleep "$SECS"
kill $spin $sys
wait 2>/dev/null
noise busy
grep watchdog "$KSW/summary"
kswapwatch diagnose
kswapwatch --json diagnose >/tmp/diag.json
check "a quiet guest: no warning or critical finding" \
	sh -c '! grep -qE "\"severity\":\"(warning|critical)\"" /tmp/diag.json'
unload_kswapwatch
check "no WARN, BUG or Oops in dmesg" dmesg_clean
[ "$long" = 0 ] || fail "$long record(s) of 50 ms or more without any stall injected"
pass "no record of 50 ms or more in ${SECS} s idle and ${SECS} s busy"
