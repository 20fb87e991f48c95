#!/bin/sh
# vm: mem=512 cpus=2 timeout=600 append="clocksource=tsc tsc=reliable loglevel=6"
# The stall watchdog against stallinject: 30, 100, 300 and 1000 ms stalls of
# each way (irq, preempt, spinlock) on CPU 1 and on all CPUs.  Each one at or
# above the threshold must give exactly one record, on the CPUs stallinject
# held, of the right kind, with dur_us within max(5 %, one period) of what
# stallinject measured, and a sched record's backtrace must name the
# injector.  The 30 ms ones are checked again with stall_threshold_ms=20.
#
# The TSC clocksource: under TCG the guest otherwise picks the HPET, and a
# CPU spinning on ktime_get() (as stallinject does) then takes qemu's global
# lock on every read and starves the other vCPU's timer interrupts: stalls
# that the guest would not have on real hardware.
. /lib/guest-lib.sh
# Guest uptime on every line, to line up with the records' start_ns.
say() { echo "KSW: [$(cut -d' ' -f1 /proc/uptime)] $*"; }

SI=/sys/kernel/debug/stallinject
P=/sys/module/kswapwatch/parameters

load_kswapwatch
load_stallinject
say "clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
period_ms=$(cat $P/watchdog_period_ms)
nfail=0
nchecked=0
nrdv=0
nretried=0
RDV_MAX_US=100000

bad() {
	say "BAD: $*"
	ok=0
}

# records_in START_NS END_NS: stall records overlapping [START_NS, END_NS].
# One awk, not a shell loop: forks are slow under TCG and records pile up.
records_in() {
	awk -v a="$1" -v b="$2" '{
		s = 0; d = 0
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^start_ns=/) s = substr($i, 10) + 0
			if ($i ~ /^dur_us=/) d = substr($i, 8) + 0
		}
		if (s <= b + 0 && s + d * 1000 >= a + 0) print
	}' "$KSW/stalls"
}

# try_stall CPU MS WAY [EXTRA]: inject, then check the watchdog's record(s);
# sets ok=1 if all is right.
try_stall() {
	ok=0
	req="cpu=$1 ms=$2 way=$3${4:+ $4}"
	echo "$req" >"$SI/inject" || { bad "'$req' refused"; return; }
	nchecked=$((nchecked + 1))
	e=$(tail -n 1 "$SI/log")
	s0=$(field "$e" start_ns)
	s1=$(field "$e" end_ns)
	held=$(field "$e" cpus)
	sdur=$(field "$e" dur_us)
	thr=$(cat $P/stall_threshold_ms)
	# The record is written once no CPU may still join it.
	i=0
	while [ $i -lt 20 ]; do
		sleep 0.1
		[ -n "$(records_in "$s0" "$s1")" ] && break
		i=$((i + 1))
	done
	sleep 0.2
	recs=$(records_in "$s0" "$s1")
	n=$(printf '%s' "$recs" | grep -c 'seq=' || true)
	if [ "$sdur" -lt $((thr * 1000)) ]; then
		# Below the threshold: the watchdog may see a little more (up to a
		# period), so only a stall well below it must leave no record;
		# with several CPUs the threads' rendezvous (see below) may make
		# one CPU's gap long enough.
		if [ "$n" != 0 ] && [ "$sdur" -lt $((thr * 1000 - period_ms * 1000)) ]; then
			rs=$(field "$recs" start_ns)
			early=$(((s0 - rs) / 1000))
			late=$(((rs + $(field "$recs" dur_us) * 1000 - s1) / 1000))
			if [ "$n" = 1 ] && [ "$1" = all ] && [ "$early" -gt 0 ] &&
				[ "$early" -le "$RDV_MAX_US" ] && [ "$late" -le $((period_ms * 1000)) ]; then
				say "ok: $req: ${sdur} us below threshold ${thr} ms, one record that starts ${early} us before: stallinject's rendezvous"
				nrdv=$((nrdv + 1))
				ok=1
			else
				bad "$req (${sdur} us, threshold ${thr} ms): $n record(s): $recs"
			fi
		else
			say "ok: $req: ${sdur} us below threshold ${thr} ms: $n record(s)"
			ok=1
		fi
		return
	fi
	if [ "$n" != 1 ]; then
		bad "$req: $n records for stallinject's $e:"
		echo "$recs"
		return
	fi
	dur=$(field "$recs" dur_us)
	rs=$(field "$recs" start_ns)
	early=$(((s0 - rs) / 1000))
	late=$(((rs + dur * 1000 - s1) / 1000))
	tol=$((sdur / 20))
	[ "$tol" -ge $((period_ms * 1000)) ] || tol=$((period_ms * 1000))
	diff=$((dur - sdur))
	[ "$diff" -ge 0 ] || diff=$((-diff))
	kind=$(field "$recs" kind)
	want=sched
	[ "$3" = irq ] && want=irq
	msg="$req: dur_us=$dur (stallinject $sdur, diff $diff, tol $tol; starts ${early} us before, ends ${late} us after) cpus=$(field "$recs" cpus) kind=$kind"
	ok=1
	[ "$(field "$recs" cpus)" = "$held" ] || { bad "$msg: cpus, want $held: $recs"; ok=0; }
	[ "$kind" = "$want" ] || { bad "$msg: kind, want $want"; ok=0; }
	if [ "$diff" -gt "$tol" ]; then
		# With several CPUs stallinject's threads wait for each other with
		# preemption already off before its start_ns: the CPUs are held
		# from then on, and the record rightly says so.  Its end must
		# still be right, and that wait not over RDV_MAX_US.
		if [ "$1" = all ] && [ "$late" -le "$tol" ] && [ "$late" -ge $((-tol)) ] &&
			[ "$early" -gt 0 ] && [ "$early" -le "$RDV_MAX_US" ]; then
			say "note: $msg: includes stallinject's rendezvous"
			nrdv=$((nrdv + 1))
		else
			bad "$msg: dur_us off by more than $tol"
			ok=0
		fi
	fi
	if [ "$1" = all ] && [ "$(field "$recs" system)" != 1 ]; then
		bad "$msg: system=$(field "$recs" system), want 1"
		ok=0
	fi
	bt=$(field "$recs" bt)
	if [ "$want" = sched ]; then
		case $bt in
		*stallinject*) ;;
		*) bad "$msg: backtrace does not name the injector: $bt"; ok=0 ;;
		esac
	fi
	[ "$ok" = 1 ] && say "ok: $msg bt=$(echo "$bt" | cut -d'|' -f1-3)"
	return 0
}

# stall CPU MS WAY [EXTRA]: try_stall, and once more if that failed.  The
# vCPUs share two host cores with whatever else runs there: a vCPU the host
# leaves unscheduled for 50 ms is a real gap to the guest (it shows as
# kind=irq on an idle CPU, or as a late end).  A second failure counts.
stall() {
	try_stall "$@"
	[ "$ok" = 1 ] && return
	say "retrying $*"
	nretried=$((nretried + 1))
	sleep 0.5
	try_stall "$@"
	[ "$ok" = 1 ] || nfail=$((nfail + 1))
}

echo 1 >"$KSW/reset"
for way in irq preempt spinlock; do
	for ms in 30 100 300 1000; do
		extra=
		# The spinlock way on one CPU: no other CPU waits for the lock.
		[ "$way" = spinlock ] && extra=waiters=
		stall 1 "$ms" "$way" "$extra"
		sleep 0.3
		stall all "$ms" "$way"
		sleep 0.3
	done
done

say "30 ms stalls with stall_threshold_ms=20"
echo 20 >$P/stall_threshold_ms || fail "stall_threshold_ms=20 refused"
for way in irq preempt spinlock; do
	extra=
	[ "$way" = spinlock ] && extra=waiters=
	stall 1 30 "$way" "$extra"
	sleep 0.3
	stall all 30 "$way"
	sleep 0.3
done
echo 50 >$P/stall_threshold_ms

say "stallinject log:"
cat "$SI/log"
say "stall records:"
cat "$KSW/stalls"
cat "$KSW/summary"
rmmod stallinject || fail "rmmod stallinject"
unload_kswapwatch
check "no WARN, BUG or Oops in dmesg" dmesg_clean
say "injections: $nchecked, retried: $nretried, wrong twice: $nfail, cpu=all ones including stallinject's rendezvous: $nrdv"
[ "$nfail" = 0 ] || fail "$nfail stalls wrong twice"
pass "every stall recorded as injected ($nretried needed a second try)"
