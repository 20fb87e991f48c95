#!/bin/sh
# vm: mem=512 cpus=2 timeout=300 append="clocksource=tsc tsc=reliable"
# The stall watchdog follows CPUs going and coming: CPU 1 offline and online
# 20 times while it runs (and while its period changes), with the stall
# timeline's ring on, draws no warning,
# and stalls injected on CPU 1 afterwards are still caught.  Also loading
# and unloading with CPU 1 offline.
. /lib/guest-lib.sh
say() { echo "KSW: [$(cut -d' ' -f1 /proc/uptime)] $*"; }

SI=/sys/kernel/debug/stallinject
P=/sys/module/kswapwatch/parameters
CPU1=/sys/devices/system/cpu/cpu1/online

[ -w "$CPU1" ] || skip "CPU 1 cannot go offline here"

# watched: the summary's cpus_watched=.
watched() {
	sed -n 's/.*cpus_watched=\([0-9]*\).*/\1/p' "$KSW/summary"
}

# caught CPU MS WAY KIND: inject, and find one record on CPU of KIND (a
# second try if the busy host got in the way, as in watchdog_stalls).
caught() {
	for try in 1 2; do
		echo "cpu=$1 ms=$2 way=$3" >"$SI/inject" || fail "inject cpu=$1 ms=$2 way=$3"
		e=$(tail -n 1 "$SI/log")
		s0=$(field "$e" start_ns)
		sleep 0.5
		r=$(awk -v a="$s0" '{ for (i = 1; i <= NF; i++) if ($i ~ /^start_ns=/) s = substr($i, 10) + 0
			if (s + 0 >= a - 100000000 && s + 0 <= a + 100000000) print }' "$KSW/stalls")
		n=$(printf '%s' "$r" | grep -c seq= || true)
		if [ "$n" = 1 ] && [ "$(field "$r" cpus)" = "$1" ] && [ "$(field "$r" kind)" = "$4" ]; then
			say "ok: cpu=$1 ms=$2 way=$3: $(echo "$r" | cut -d' ' -f1-6)"
			return 0
		fi
		say "try $try: cpu=$1 ms=$2 way=$3: $n records: $r"
	done
	fail "cpu=$1 ms=$2 way=$3 not caught as kind=$4 on cpu $1"
}

load_kswapwatch
load_stallinject
check "both CPUs watched" [ "$(watched)" = 2 ]

i=0
while [ $i -lt 20 ]; do
	echo 0 >"$CPU1" || fail "CPU 1 offline (round $i)"
	[ "$(watched)" = 1 ] || fail "cpus_watched=$(watched) with CPU 1 offline"
	# A period change while CPU 1 is away must not touch its timer.
	[ $i = 5 ] && { echo 5 >$P/watchdog_period_ms || fail "period 5"; }
	[ $i = 10 ] && { echo 10 >$P/watchdog_period_ms || fail "period 10"; }
	echo 1 >"$CPU1" || fail "CPU 1 online (round $i)"
	[ "$(watched)" = 2 ] || fail "cpus_watched=$(watched) with CPU 1 back"
	i=$((i + 1))
done
say "20 offline/online rounds done"
check "no WARN, BUG or Oops after hotplug" dmesg_clean
grep watchdog "$KSW/summary"

caught 1 200 preempt sched
caught 1 200 irq irq
caught 0 200 preempt sched
# The stall timeline was on throughout: the stalls caught on CPU 1 after
# the rounds have CPU 1's lane in it.
check "timeline on" grep -q '^timeline: on ' "$KSW/summary"
sleep 1
check "timeline: CPU 1's lane for the stalls caught on it" \
	[ "$(grep -c '^stall=[0-9]* cpu=1 .* event=gap ' "$KSW/timeline")" -ge 2 ]

# With CPU 1 away, a stall on every online CPU is system-wide.
echo 0 >"$CPU1"
echo "cpu=all ms=200 way=preempt" >"$SI/inject" || fail "inject all with CPU 1 offline"
sleep 0.5
r=$(tail -n 1 "$KSW/stalls")
say "with CPU 1 offline: $r"
check "the stall is on CPU 0 only" [ "$(field "$r" cpus)" = 0 ]
check "and system-wide" [ "$(field "$r" system)" = 1 ]

# Unload with CPU 1 offline, load, bring it back: its timer starts then.
rmmod stallinject
unload_kswapwatch
load_kswapwatch
check "one CPU watched" [ "$(watched)" = 1 ]
echo 1 >"$CPU1"
check "CPU 1 watched once back" [ "$(watched)" = 2 ]
load_stallinject
caught 1 200 preempt sched
rmmod stallinject
unload_kswapwatch
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "hotplug: 20 rounds, stalls on CPU 1 caught afterwards"
