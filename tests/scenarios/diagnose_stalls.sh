#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 timeout=600 append="clocksource=tsc tsc=reliable"
# diagnose on injected stalls of known kind, place and length: interrupts
# off and preemption off, on one CPU and on all CPUs, 100 ms to 1 s.  Every
# stall record of the injections is cited by a finding that says which of
# the two it was, names the injector's function and module as the code that
# held the CPU, and gives no reclaim advice (reclaim did not cause them).
# The quiet guest before them gets no warning or critical finding.
. /lib/guest-lib.sh

SI=/sys/kernel/debug/stallinject

protect_self
load_kswapwatch
load_stallinject
echo 1 >"$KSW/reset"

# A quiet guest: nothing but this shell, for a few seconds.
sleep 3
kswapwatch --json diagnose >/tmp/quiet.json
rc=$?
cat /tmp/quiet.json
check "quiet guest: diagnose exits 0 (no finding above info), got $rc" [ "$rc" = 0 ]
check "quiet guest: no warning or critical finding" \
	sh -c '! grep -qE "\"severity\":\"(warning|critical)\"" /tmp/quiet.json'

echo 1 >"$KSW/reset"
for inj in 'cpu=1 ms=100 way=irq' 'cpu=1 ms=1000 way=irq' 'cpu=all ms=300 way=irq' \
	'cpu=1 ms=100 way=preempt' 'cpu=1 ms=1000 way=preempt' 'cpu=all ms=300 way=preempt'; do
	echo "$inj" >"$SI/inject" || fail "inject $inj"
	sleep 0.5
done
cat "$SI/log"
cat "$KSW/stalls"
kswapwatch diagnose
kswapwatch --json diagnose >/tmp/d.json
rc=$?
cat /tmp/d.json

# The diagnose line of the finding that cites stall SEQ ("stalls":[..]).
finding_of() {
	grep -E "\"stalls\":\[([0-9]+,)*$1[],]" /tmp/d.json | head -n 1
}

n=0
# Records of the injections: every irq and sched record of 90 ms or more
# (a CPU the host left unscheduled may add a short one, not an injection).
grep -E ' kind=(irq|sched) ' "$KSW/stalls" >/tmp/inj.txt
while read -r rec; do
	seq=$(field "$rec" seq)
	kind=$(field "$rec" kind)
	dur=$(field "$rec" dur_us)
	[ "$dur" -ge 90000 ] || continue
	n=$((n + 1))
	finding_of "$seq" >/tmp/f.json
	check "stall seq $seq ($kind, ${dur} us) is cited by a finding" [ -s /tmp/f.json ]
	want=preempt_off_stall
	word=preemption
	if [ "$kind" = irq ]; then
		want=irq_off_stall
		word=interrupts
	fi
	check "stall seq $seq: finding $want" grep -q "\"finding\":\"$want\"" /tmp/f.json
	check "stall seq $seq: names the injector's function" grep -q 'si_stall' /tmp/f.json
	check "stall seq $seq: names the injector's module" grep -qE '\[stallinject\]|module stallinject' /tmp/f.json
	check "stall seq $seq: says $word" grep -qi "$word" /tmp/f.json
	check "stall seq $seq: no reclaim advice" \
		sh -c "! grep -qE 'lowmem_reserve_ratio|watermark_scale_factor|min_free_kbytes|memory[.]high|memory[.]max' /tmp/f.json"
done </tmp/inj.txt
say "$n injected stall records checked"
check "all six injections recorded" [ "$n" -ge 6 ]
check "diagnose exits 8 or 9 (findings), got $rc" sh -c "[ $rc = 8 ] || [ $rc = 9 ]"
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "diagnose names every injected stall"
