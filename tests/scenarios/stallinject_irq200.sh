#!/bin/sh
# vm: mem=512 cpus=2 timeout=240
# A 200 ms interrupts-off stall on CPU 1: stallinject's log must show it on
# CPU 1, lasting 200 ms within 5%.  The ground truth the watchdog is checked
# against depends on this.
. /lib/guest-lib.sh

SI=/sys/kernel/debug/stallinject

load_stallinject
check "inject is write-only for root" [ "$(stat -c %a "$SI/inject")" = 200 ]
check "log is read-only for root" [ "$(stat -c %a "$SI/log")" = 400 ]
check "cpu 1 is online" [ "$(cat /sys/devices/system/cpu/cpu1/online 2>/dev/null || echo 1)" = 1 ]
say "clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"

t0=$(cut -d ' ' -f 1 /proc/uptime)
check "inject cpu=1 ms=200 way=irq" sh -c "echo 'cpu=1 ms=200 way=irq' > $SI/inject"
t1=$(cut -d ' ' -f 1 /proc/uptime)
# /proc/uptime has 10 ms steps: the write must have taken 190 ms or more.
check "the write returned after the stall ($t0 -> $t1 s)" \
	[ "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a >= 0.19) }')" = 1 ]
n=$(wc -l < "$SI/log")
check "one log line" [ "$n" = 1 ]
e=$(cat "$SI/log")
say "log: $e"
dur=$(field "$e" dur_us)
start=$(field "$e" start_ns)
end=$(field "$e" end_ns)
check "entry is on cpu 1" [ "$(field "$e" cpu)" = 1 ]
check "entry says way=irq ms=200" [ "$(field "$e" way) $(field "$e" ms)" = "irq 200" ]
check "entry held cpus=1 only" [ "$(field "$e" cpus)" = 1 ]
check "dur_us=$dur within 5% of 200000" [ "$dur" -ge 190000 -a "$dur" -le 210000 ]
check "end_ns - start_ns matches dur_us" [ $(((end - start) / 1000)) = "$dur" ]
check "start_ns is in the past of CLOCK_MONOTONIC" \
	[ "$start" -le "$(awk '{ printf "%.0f", $1 * 1000000000 }' /proc/uptime)" ]
dmesg | grep 'stallinject: seq=1 ' || fail "no pr_info line for the injection"

rmmod stallinject || fail "rmmod stallinject"
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "200 ms irq stall on cpu 1: dur_us=$dur"
