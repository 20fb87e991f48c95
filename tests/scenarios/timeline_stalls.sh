#!/bin/sh
# vm: mem=512 cpus=2 timeout=600 append="clocksource=tsc tsc=reliable"
# The stall timeline against stallinject, whose log gives each stall's true
# start and end (CLOCK_MONOTONIC, read on the stalled CPU):
#
#  - preempt-off stall on CPU 1: the stall's timeline of CPU 1 shows the
#    switch into the injecting thread (stallinject/1) as the last switch
#    before the stall, no switch inside it, and events from at least 200 ms
#    before it;
#  - irq-off stall on CPU 1: no irq event on CPU 1 inside the stall, while
#    there are some on CPU 1 outside it (the device interrupts are sent to
#    CPU 1, and the console keeps the serial port's busy);
#  - the timeline file's lines are in the format of design.md, each stall
#    has one gap event per CPU, and the parameters refuse bad values.
#
# The version, stalls, summary files and the injected stalls' timeline end up
# in the console log between KSW-FILE-BEGIN/END markers: real output for the
# reader's tests.
. /lib/guest-lib.sh
say() { echo "KSW: [$(cut -d' ' -f1 /proc/uptime)] $*"; }

SI=/sys/kernel/debug/stallinject
P=/sys/module/kswapwatch/parameters

# Sent to CPU 1 wherever the kernel lets an interrupt move.
for f in /proc/irq/*/smp_affinity_list; do
	echo 1 >"$f" 2>/dev/null || true
done
taskset -p 1 $$ >/dev/null || fail "taskset -p 1 $$"

load_kswapwatch
load_stallinject
say "$(cat "$KSW/version")"
check "version shows the watchdog settings" \
	grep -q ' period_ms=10 threshold_ms=50 kinds=irq,sched,reclaim' "$KSW/version"
grep '^timeline:' "$KSW/summary"

# Bad values are refused and the old value stays.
for v in 0 100 1000 131072 abc -1; do
	if echo "$v" >$P/timeline_events 2>/dev/null; then fail "timeline_events=$v accepted"; fi
done
check "timeline_events still 4096" [ "$(cat $P/timeline_events)" = 4096 ]
for v in 10001 abc -5; do
	if echo "$v" >$P/timeline_lookback_ms 2>/dev/null; then fail "timeline_lookback_ms=$v accepted"; fi
done
check "timeline_lookback_ms still 500" [ "$(cat $P/timeline_lookback_ms)" = 500 ]
if echo maybe >$P/timeline 2>/dev/null; then fail "timeline=maybe accepted"; fi
echo 1024 >$P/timeline_events || fail "timeline_events=1024 refused"
echo 4096 >$P/timeline_events || fail "timeline_events=4096 refused"
echo 0 >$P/timeline || fail "timeline=0 refused"
grep -q '^timeline: off' "$KSW/summary" || fail "summary does not say the timeline is off"
echo 1 >$P/timeline || fail "timeline=1 refused"

# A task on CPU 1 that sleeps and wakes every 20 ms: switches to see.
taskset 2 sh -c 'while :; do usleep 20000; done' &
ticker=$!
# Console lines keep the serial interrupt busy.
(while :; do echo "KSW: tick"; usleep 50000; done) &
talker=$!
sleep 1

# record_for START_NS END_NS: the seq of the stall record overlapping it.
record_for() {
	awk -v a="$1" -v b="$2" '{
		s = 0; d = 0; q = 0
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^seq=/) q = substr($i, 5)
			if ($i ~ /^start_ns=/) s = substr($i, 10) + 0
			if ($i ~ /^dur_us=/) d = substr($i, 8) + 0
		}
		if (s <= b + 0 && s + d * 1000 >= a + 0) print q
	}' "$KSW/stalls" | tail -n 1
}

# inject WAY: a 300 ms stall of WAY on CPU 1; sets s0, s1 (stallinject's
# start and end), seq (its record) and leaves CPU 1's timeline in /tmp/tl.
inject() {
	echo "cpu=1 ms=300 way=$1" >"$SI/inject" || fail "inject way=$1"
	e=$(tail -n 1 "$SI/log")
	s0=$(field "$e" start_ns)
	s1=$(field "$e" end_ns)
	n=0
	seq=
	while [ $n -lt 20 ]; do
		sleep 0.5
		seq=$(record_for "$s0" "$s1")
		[ -n "$seq" ] && grep -q "^stall=$seq cpu=1 .* event=gap " "$KSW/timeline" && break
		n=$((n + 1))
	done
	[ -n "$seq" ] || fail "way=$1: no stall record for $e"
	grep "^stall=$seq " "$KSW/timeline" >/tmp/tl.all
	grep "^stall=$seq cpu=1 " "$KSW/timeline" >/tmp/tl
	say "way=$1: stallinject $s0..$s1, record $(grep "^seq=$seq " "$KSW/stalls" | cut -d' ' -f1-6)"
	say "way=$1: $(wc -l </tmp/tl) events on CPU 1: $(awk '{ print $4 }' /tmp/tl | sort | uniq -c | tr '\n' ' ')"
	[ -s /tmp/tl ] || fail "way=$1: no timeline for stall $seq"
}

# Every line: stall= cpu= ts_ns= event= and the event's own fields.
format_ok() {
	awk '
	function has(k) { return index(" " $0 " ", " " k "=") > 0 }
	{
		if ($1 !~ /^stall=[0-9]+$/ || $2 !~ /^cpu=[0-9]+$/ || $3 !~ /^ts_ns=[0-9]+$/ || $4 !~ /^event=/) { print "bad: " $0; bad = 1; next }
		ev = substr($4, 7)
		if (ev == "switch") need = "prev_comm prev_pid prev_prio prev_state next_comm next_pid next_prio"
		else if (ev == "irq") need = "irq name dur_us"
		else if (ev == "softirq") need = "vec dur_us"
		else if (ev == "reclaim") need = "kind pid comm dur_us nr_reclaimed"
		else if (ev == "wakeup_kswapd") need = "nid zone order comm pid"
		else if (ev == "isolate") need = "nid zone scanned skipped taken"
		else if (ev == "gap") need = "start_ns end_ns kind"
		else { print "unknown event: " $0; bad = 1; next }
		n = split(need, k, " ")
		for (i = 1; i <= n; i++) if (!has(k[i])) { print "no " k[i] "=: " $0; bad = 1 }
		for (i = 5; i <= NF; i++) if ($i !~ /^[a-z_]+=[^ =]*$/) { print "bad field " $i ": " $0; bad = 1 }
	}
	END { exit bad }' "$1"
}

# sorted FILE: per stall and CPU, ts_ns never goes back.
sorted() {
	awk '{ k = $1 " " $2; t = substr($3, 7) + 0; if (k == pk && t < pt) { print "out of order: " $0; bad = 1 } pk = k; pt = t } END { exit bad }' "$1"
}

# --- preempt-off ---
inject preempt
check "preempt: timeline lines are well formed" format_ok /tmp/tl.all
check "preempt: oldest first on each CPU" sorted /tmp/tl.all
check "preempt: one gap event for CPU 1" [ "$(grep -c ' event=gap ' /tmp/tl)" = 1 ]
last=$(awk -v a="$s0" '$4 == "event=switch" && substr($3, 7) + 0 < a + 0' /tmp/tl | tail -n 1)
say "preempt: last switch before the stall: $last"
check "preempt: the last switch before the stall is into stallinject/1" \
	[ "$(field "$last" next_comm)" = stallinject/1 ]
inside=$(awk -v a="$s0" -v b="$s1" '$4 == "event=switch" { t = substr($3, 7) + 0; if (t > a + 0 && t < b + 0) print }' /tmp/tl)
[ -z "$inside" ] || say "switches inside: $inside"
check "preempt: no switch on CPU 1 inside the stall" [ -z "$inside" ]
first=$(head -n 1 /tmp/tl | sed 's/.* ts_ns=\([0-9]*\) .*/\1/')
say "preempt: first event $(((s0 - first) / 1000000)) ms before the stall"
check "preempt: events from at least 200 ms before the stall" [ $((s0 - first)) -ge 200000000 ]
# Interrupts were on: the tick's softirqs ran on CPU 1 during the stall.  Not
# on PREEMPT_RT, where softirqs run in tasks (and the serial port's handler
# in a thread, which then sends no more): there it is only shown.
n=$(awk -v a="$s0" -v b="$s1" '$4 == "event=softirq" || $4 == "event=irq" { t = substr($3, 7) + 0; if (t > a + 0 && t < b + 0) n++ } END { print n + 0 }' /tmp/tl)
if uname -v | grep -q PREEMPT_RT; then
	say "preempt: $n softirq and irq events inside the stall (PREEMPT_RT)"
else
	check "preempt: softirq or irq events inside the stall ($n: interrupts were on)" [ "$n" -ge 1 ]
fi
seq_preempt=$seq

# --- irq-off ---
inject irq
check "irq: timeline lines are well formed" format_ok /tmp/tl.all
check "irq: oldest first on each CPU" sorted /tmp/tl.all
check "irq: the record is kind=irq" grep -q "^seq=$seq .* kind=irq " "$KSW/stalls"
inside=$(awk -v a="$s0" -v b="$s1" '$4 == "event=irq" { t = substr($3, 7) + 0; if (t > a + 0 && t < b + 0) print }' /tmp/tl)
[ -z "$inside" ] || say "irq events inside: $inside"
check "irq: no irq event on CPU 1 inside the stall" [ -z "$inside" ]
outside=$(grep -c ' event=irq ' /tmp/tl || true)
check "irq: irq events on CPU 1 outside it ($outside)" [ "$outside" -ge 1 ]
check "irq: no softirq on CPU 1 inside the stall" \
	[ -z "$(awk -v a="$s0" -v b="$s1" '$4 == "event=softirq" { t = substr($3, 7) + 0; if (t > a + 0 && t < b + 0) print }' /tmp/tl)" ]
seq_irq=$seq

# --- both CPUs: a lane each ---
echo "cpu=all ms=200 way=preempt" >"$SI/inject" || fail "inject cpu=all"
sleep 2
e=$(tail -n 1 "$SI/log")
seq=$(record_for "$(field "$e" start_ns)" "$(field "$e" end_ns)")
check "all: a gap event on each CPU" \
	[ "$(grep "^stall=$seq " "$KSW/timeline" | grep -c ' event=gap ')" = 2 ]

kill "$ticker" "$talker"
wait "$ticker" "$talker" 2>/dev/null

# The injected stalls' part of the timeline only: a whole one is thousands
# of lines, more than a busy serial console keeps.
for f in version stalls timeline summary; do
	echo "KSW-FILE-BEGIN $f"
	if [ $f = timeline ]; then
		grep -E "^stall=($seq_preempt|$seq_irq|$seq) " "$KSW/$f"
	else
		cat "$KSW/$f"
	fi
	echo "KSW-FILE-END $f"
done
grep '^timeline:' "$KSW/summary"
rmmod stallinject
unload_kswapwatch
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "timeline: preempt and irq stalls seen as they were"
