#!/bin/sh
# vm: mem=512 cpus=2 timeout=240
# The stall watchdog's module parameters: validated, a bad value refused
# with EINVAL and the old one kept, changeable while it runs.
. /lib/guest-lib.sh

P=/sys/module/kswapwatch/parameters

# refuse PARAM VALUE: the write must fail and leave the value as it was.
refuse() {
	old=$(cat "$P/$1")
	if err=$(sh -c "echo '$2' > $P/$1" 2>&1); then
		fail "$1=$2 accepted"
	fi
	case $err in *"nvalid argument"*) ;; *) fail "$1=$2: want EINVAL, got '$err'" ;; esac
	[ "$(cat "$P/$1")" = "$old" ] || fail "$1 changed to $(cat "$P/$1") by a refused write"
	say "ok: $1=$2 refused, still $old"
}

accept() {
	echo "$2" >"$P/$1" || fail "$1=$2 refused"
	[ "$(cat "$P/$1")" = "${3:-$2}" ] || fail "$1=$2 reads back $(cat "$P/$1")"
	say "ok: $1=$2"
}

load_kswapwatch
check "defaults" [ "$(cat $P/watchdog_period_ms) $(cat $P/stall_threshold_ms) $(cat $P/watchdog_kinds)" = "10 50 irq,sched,reclaim" ]
check "parameters are root-writable only" [ "$(stat -c %a $P/watchdog_period_ms)" = 644 ]
refuse watchdog_period_ms 0
refuse watchdog_period_ms 1001
refuse watchdog_period_ms abc
refuse watchdog_period_ms -5
refuse watchdog_period_ms 26		# threshold 50 < 2 periods
refuse stall_threshold_ms 19		# < 2 periods of 10
refuse stall_threshold_ms 60001
refuse stall_threshold_ms ""
refuse watchdog_kinds foo
refuse watchdog_kinds "irq,,sched"
refuse watchdog_kinds "irq,bogus"
accept watchdog_period_ms 25
accept watchdog_period_ms 1
accept stall_threshold_ms 2
accept stall_threshold_ms 1000
accept watchdog_period_ms 500
accept watchdog_period_ms 10
accept stall_threshold_ms 50
accept watchdog_kinds sched
accept watchdog_kinds "reclaim,irq" "irq,reclaim"
accept watchdog_kinds none
accept watchdog_kinds all "irq,sched,reclaim"
grep watchdog "$KSW/summary"
unload_kswapwatch

# At load time the pair is checked once both are known.
load_kswapwatch watchdog_period_ms=100 stall_threshold_ms=500
check "load with period 100 threshold 500" [ "$(cat $P/watchdog_period_ms) $(cat $P/stall_threshold_ms)" = "100 500" ]
unload_kswapwatch
if insmod /kswapwatch.ko watchdog_period_ms=100 2>/dev/null; then
	fail "loaded with period 100 and threshold 50"
fi
dmesg | grep -q "stall_threshold_ms=50 must be at least twice watchdog_period_ms=100" ||
	fail "no message for the refused load"
say "ok: load with period 100 and threshold 50 refused, with a message"
if insmod /kswapwatch.ko watchdog_kinds=foo 2>/dev/null; then
	fail "loaded with watchdog_kinds=foo"
fi
say "ok: load with watchdog_kinds=foo refused"
load_kswapwatch watchdog_kinds=sched
check "kinds at load" [ "$(cat $P/watchdog_kinds)" = sched ]
unload_kswapwatch
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "watchdog parameters"
