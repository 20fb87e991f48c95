#!/bin/sh
# vm: mem=512 cpus=2 timeout=300
# Every way stallinject can stall a CPU, on one CPU and on all of them, and
# every kind of input it must refuse.
. /lib/guest-lib.sh

SI=/sys/kernel/debug/stallinject

# stall REQUEST CPU CPUS: inject REQUEST, check the new log line's cpu= and
# cpus=, and that the stall (dur_us), each CPU's part of it (min_cpu_us) and
# the time all its CPUs were held together (overlap_us) lasted ms=, within
# -10%..+20%: qemu's vCPU threads share a busy host, and a vCPU descheduled
# as a stall starts or ends shifts it by tens of milliseconds
# (stallinject_irq200 holds a single-CPU stall to 5%).
stall() {
	before=$(wc -l < "$SI/log")
	echo "$1" > "$SI/inject" || fail "'$1' refused"
	e=$(tail -n 1 "$SI/log")
	say "$1 -> $e"
	[ "$(wc -l < "$SI/log")" = $((before + 1)) ] || fail "'$1': no new log line"
	ms=$(field "$e" ms)
	lo=$((ms * 900))
	hi=$((ms * 1200))
	[ "$(field "$e" cpu)" = "$2" ] || fail "'$1': cpu=$(field "$e" cpu), want $2"
	[ "$(field "$e" cpus)" = "$3" ] || fail "'$1': cpus=$(field "$e" cpus), want $3"
	for k in dur_us min_cpu_us overlap_us; do
		v=$(field "$e" $k)
		[ "$v" -ge "$lo" -a "$v" -le "$hi" ] || fail "'$1': $k=$v not within $lo..$hi"
	done
	say "ok: $1"
}

# refuse REQUEST ERROR: the write must fail with ERROR (strerror text).
refuse() {
	if err=$(sh -c "echo '$1' > $SI/inject" 2>&1); then
		fail "'$1' accepted"
	fi
	case $err in
	*"$2"*) say "ok: '$1' refused: $2" ;;
	*) fail "'$1': want '$2', got '$err'" ;;
	esac
}

# loc CPU: how many local timer interrupts CPU has taken: /proc/interrupts'
# LOC: line on x86, the arch_timer line on arm64.
loc() {
	awk -v c=$(($1 + 2)) '$1 == "LOC:" || $NF == "arch_timer" { print $c; exit }' /proc/interrupts
}

uptime_ms() {
	awk '{ printf "%d", $1 * 1000 }' /proc/uptime
}

# timer_still WAY: run a 2 s stall of WAY on CPU 1 in the background and,
# from CPU 0 meanwhile, print the longest time in ms during which CPU 1's
# local timer interrupt count did not move.  The sampler is pinned to CPU 0:
# a task left queued on a CPU stalled with interrupts off is not pulled away
# (an idle CPU 0 balances only when a ticking CPU kicks it).
timer_still() {
	echo "cpu=1 ms=2000 way=$1" > "$SI/inject" &
	pid=$!
	last=$(loc 1)
	since=$(uptime_ms)
	best=0
	while kill -0 "$pid" 2>/dev/null; do
		now=$(uptime_ms)
		c=$(loc 1)
		if [ "$c" != "$last" ]; then
			last=$c
			since=$now
		fi
		[ $((now - since)) -gt "$best" ] && best=$((now - since))
	done
	wait "$pid" || fail "cpu=1 ms=2000 way=$1 refused"
	echo "$best"
}

case $(loc 1) in
'' | *[!0-9]*) fail "no per-CPU timer interrupt count in /proc/interrupts" ;;
esac
# Pin this script (and so the samplers in timer_still) to CPU 0.
taskset -p 1 $$ >/dev/null || fail "taskset -p 1 $$"
load_stallinject

stall "cpu=0 ms=500 way=irq" 0 0
stall "cpu=1 ms=500 way=preempt" 1 1
stall "ms=500 way=spinlock cpu=1" 1 0-1
stall "cpu=0 ms=500 way=spinlock waiters=1" 0 0-1
stall "cpu=all ms=500 way=irq" all 0-1
stall "cpu=all ms=500 way=preempt" all 0-1
stall "cpu=all ms=500 way=spinlock" all 0-1
stall "cpu=1 ms=1000 way=irq" 1 1

# Independent of the module's own log: with interrupts off CPU 1 takes no
# timer interrupt; with only preemption off it does.
n=$(timer_still irq)
check "cpu 1 took no timer interrupt for ${n} ms of a 2 s irq stall" [ "$n" -ge 1000 ]
n=$(timer_still preempt)
check "cpu 1 took timer interrupts during a 2 s preempt stall (longest gap ${n} ms)" [ "$n" -lt 500 ]

refuse "cpu=1 ms=0 way=irq" "Invalid argument"
refuse "cpu=1 ms=10001 way=irq" "Invalid argument"
refuse "cpu=1 ms=300 way=bogus" "Invalid argument"
refuse "cpu=1 ms=300" "Invalid argument"
refuse "cpu=1 cpu=0 ms=300 way=irq" "Invalid argument"
refuse "cpu=one ms=300 way=irq" "Invalid argument"
refuse "cpu=-1 ms=300 way=irq" "Invalid argument"
refuse "cpu=1 ms=300 way=irq waiters=0" "Invalid argument"
refuse "cpu=1 ms=300 way=spinlock waiters=1" "Invalid argument"
refuse "cpu=1 ms=300 way=irq colour=red" "Invalid argument"
refuse "cpu=1ms=100 way=irq" "Invalid argument"
refuse "cpu=7 ms=300 way=irq" "No such device"
refuse "cpu=0 ms=300 way=spinlock waiters=9" "No such device"

on=/sys/devices/system/cpu/cpu1/online
if [ -w "$on" ]; then
	echo 0 > "$on" || fail "cannot offline cpu 1"
	refuse "cpu=1 ms=300 way=irq" "No such device"
	refuse "cpu=0 ms=300 way=spinlock waiters=1" "No such device"
	stall "cpu=all ms=500 way=irq" all 0
	echo 1 > "$on" || fail "cannot online cpu 1"
	stall "cpu=1 ms=500 way=irq" 1 1
else
	say "cpu 1 cannot be taken offline here; offline checks not run"
fi

n=$(wc -l < "$SI/log")
check "log seq runs 1..$n" [ "$(sed -n 's/^seq=\([0-9]*\) .*/\1/p' "$SI/log" | tr '\n' ' ')" = "$(seq 1 "$n" | tr '\n' ' ')" ]
check "one pr_info line per injection" [ "$(dmesg | grep -c 'stallinject: seq=')" = "$n" ]
rmmod stallinject || fail "rmmod stallinject"
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "all ways stall for the time asked"
