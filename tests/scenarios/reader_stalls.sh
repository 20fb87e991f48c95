#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 kmods=brd,crc32c_generic?,ext4 timeout=600 append="clocksource=tsc tsc=reliable"
# The reader on live stall records: injected irq and sched stalls (as in
# watchdog_stalls.sh), on one CPU and on all, then memcg reclaim held up for
# 150 ms at a time by a real-time task on its CPU.  --json stalls equals the
# stalls file, --prometheus is well formed and counts the records by kind,
# each injected stall gets a finding that cites its seq, says interrupts or
# preemption, names the injector's function and module and gives no reclaim
# advice, and diagnose then names the long reclaim stalls, citing the
# longest record and its stack, as cgroup reclaim.
# Then a bundle saved here reads back as the live status.
. /lib/guest-lib.sh

SI=/sys/kernel/debug/stallinject

protect_self
load_kswapwatch
load_stallinject
echo 1 >"$KSW/reset"

# inject SPEC: one injection; the module's record of it (the one that
# overlaps stallinject's own log of it) must have a finding of its own, of
# the record's kind: kind=irq says interrupts, kind=sched preemption.
# (Under TCG on a busy host the module may see a preempt-off injection as
# kind=irq: watchdog_stalls checks its kinds; this checks the reader.)
inject() {
	echo "$1" >"$SI/inject" || fail "inject $1"
	si=$(tail -n 1 "$SI/log")
	from=$(field "$si" start_ns) to=$(field "$si" end_ns) ms=$(field "$si" ms)
	# The record is written once every CPU of the gap has run again; the
	# longest that overlaps it (a CPU waiting for the stalled one has a
	# shorter record of its own).
	n=0
	while :; do
		sleep 0.5
		rec=$(awk -v a="$from" -v b="$to" '{ s = $2; sub("start_ns=", "", s); d = $3; sub("dur_us=", "", d)
			if (s + 0 <= b + 0 && s + d * 1000 >= a + 0 && d + 0 > max) { max = d + 0; r = $0 } }
			END { print r }' "$KSW/stalls")
		[ -n "$rec" ] && [ "$(field "$rec" dur_us)" -ge $((ms * 900)) ] && break
		n=$((n + 1))
		[ $n -lt 10 ] || { cat "$SI/log" "$KSW/stalls"; fail "$1: no record of it"; }
	done
	seq=$(field "$rec" seq) kind=$(field "$rec" kind)
	say "$1: $rec"
	case $kind in
	irq) want=irq_off_stall words='Interrupts were off' ;;
	sched) want=preempt_off_stall words='preemption was off' ;;
	*) fail "$1: kind=$kind" ;;
	esac
	kswapwatch --json diagnose >/tmp/d.json
	grep -E "\"stalls\":\[([0-9]+,)*$seq[],]" /tmp/d.json >/tmp/f.json
	check "$1: seq $seq (kind=$kind) has a finding" [ -s /tmp/f.json ]
	check "$1: it is $want" grep -q "^{\"finding\":\"$want\"" /tmp/f.json
	check "$1: it says $words" grep -q "$words" /tmp/f.json
	# The record's backtrace is one CPU's: of a gap on several CPUs the
	# module may keep a CPU that waited for the stalled one.
	if echo "$rec" | grep -q 'bt=[^ ]*\[stallinject\]'; then
		check "$1: it names the injector and its module" \
			grep -q '"holder":"s[a-z_]*","holder_module":"stallinject"' /tmp/f.json
	else
		say "NOTE $1: the module's record has the backtrace of another CPU of the gap ($(field "$rec" comm)), not the injector's"
		check "$1: it names the record's holder" \
			grep -q "\"holder\":\"$(field "$rec" bt | sed 's/[+|[].*//')\"" /tmp/f.json
	fi
	check "$1: no reclaim advice" sh -c "! grep -qE 'sysctl|lowmem_reserve|watermark_scale' /tmp/f.json"
}
inject 'cpu=1 ms=300 way=irq'
say "diagnose after the 300 ms irq-off injection:"
kswapwatch diagnose
inject 'cpu=all ms=200 way=irq'
inject 'cpu=1 ms=300 way=preempt'
inject 'cpu=all ms=150 way=preempt'
cat "$SI/log"
check "--json stalls equals stalls (injected)" same_as_debugfs stalls stalls
say "findings: $(findings)"
kswapwatch diagnose

# Reclaim stalls: a file reader on CPU 1 in a cgroup at its memory.max, so
# that it spends much of its time in memcg reclaim, while fifohog takes
# CPU 1 for 150 ms out of every 180.  A burst that preempts the reader in
# reclaim makes that reclaim last 150 ms or more.
ramdisk_ext4 64 /mnt
memhog file /mnt/f 32 >/dev/null || fail "memhog file /mnt/f 32"
fifohog 1 150 30 120 >/tmp/fifohog.log 2>&1 &
hog=$!
round=0
long=0
while [ $round -lt 20 ] && [ "$long" = 0 ]; do
	# Out of the page cache, so that the reader's cgroup is charged for it.
	echo 1 >/proc/sys/vm/drop_caches
	taskset 2 memhog --cgroup kswstall --memory-max 8M file /mnt/f 32 --passes 2 >/dev/null 2>&1
	round=$((round + 1))
	long=$(awk '/ kind=reclaim / { for (i = 1; i <= NF; i++)
		if ($i ~ /^dur_us=/ && substr($i, 8) + 0 >= 100000) n++ } END { print n + 0 }' "$KSW/stalls")
done
kill "$hog" 2>/dev/null
wait "$hog" 2>/dev/null
say "after $round rounds: $long kind=reclaim records of 100 ms or more"
[ "$long" -gt 0 ] || fail "no reclaim of 100 ms or more: the pressure did not work"

kswapwatch stalls
check "--json stalls equals stalls" same_as_debugfs stalls stalls
kswapwatch --prometheus >/tmp/r.prom || fail "--prometheus: exit $?"
check "--prometheus well formed" prom_ok /tmp/r.prom
nrec=$(grep -c ' kind=reclaim ' "$KSW/stalls")
check "--prometheus counts the $nrec kind=reclaim records" \
	grep -qx "kswapwatch_stalls_total{kind=\"reclaim\"} $nrec" /tmp/r.prom

kswapwatch diagnose | tee /tmp/diag
kswapwatch --json diagnose >/tmp/d.json
f=$(findings)
say "findings: $f"
check "diagnose names the reclaim stalls" sh -c "echo '$f' | grep -qw reclaim_stall"
# The longest kind=reclaim record, as diagnose must cite it.
seq=$(awk '/ kind=reclaim / { for (i = 1; i <= NF; i++) {
		if ($i ~ /^seq=/) s = substr($i, 5); if ($i ~ /^dur_us=/) d = substr($i, 8) + 0 }
		if (d > max) { max = d; best = s } } END { print best }' "$KSW/stalls")
grep '^{"finding":"reclaim_stall"' /tmp/d.json | grep "\"longest_seq\":$seq[,}]" >/tmp/f.json
check "diagnose cites the longest, seq $seq" [ -s /tmp/f.json ]
check "diagnose shows its stack, the reclaim path" \
	grep -qE '"stack":"[^"]*(try_to_free|alloc_pages|charge)' /tmp/f.json
check "diagnose tells cgroup reclaim, and names its limits" \
	sh -c "grep -q 'Cgroup reclaim' /tmp/diag && grep -q 'memory.max or memory.high' /tmp/diag"
# The bound diagnose's watermark_scale_factor advice keeps to (3000).
wsf=$(cat /proc/sys/vm/watermark_scale_factor)
check "vm.watermark_scale_factor takes 3000 and refuses 3001, as diagnose assumes" sh -c \
	'echo 3000 >/proc/sys/vm/watermark_scale_factor && ! echo 3001 >/proc/sys/vm/watermark_scale_factor 2>/dev/null &&
	 [ "$(cat /proc/sys/vm/watermark_scale_factor)" = 3000 ]'
echo "$wsf" >/proc/sys/vm/watermark_scale_factor
# A bundle: kswapwatch save here, then -d reads it as it read the module.
# The nodes, zones and stall counts of --json status, compared when two
# live reads around the save agree (no stall came meanwhile).
status_keys() {
	sed -n -e 's/^{"_event":"node","nid":\([0-9]*\),.*/node \1/p' \
		-e 's/^{"_event":"zone","nid":\([0-9]*\),"zone":"\([A-Za-z0-9]*\)".*/zone \1 \2/p' \
		-e '/^{"_event":"stalls",/p' -e '/^{"_event":"failures",/p'
}
try=0
while [ $try -lt 5 ]; do
	try=$((try + 1))
	rm -f /tmp/b.tar
	kswapwatch --json status | status_keys >/tmp/live1
	kswapwatch save /tmp/b.tar >/tmp/save.out 2>/tmp/save.err || fail "save: exit $?: $(cat /tmp/save.err)"
	kswapwatch --json status | status_keys >/tmp/live2
	cmp -s /tmp/live1 /tmp/live2 && break
done
say "save: $try tries; $(wc -c </tmp/b.tar) bytes; $(cat /tmp/save.err)"
check "save prints the bundle's name" grep -qx /tmp/b.tar /tmp/save.out
tar -tf /tmp/b.tar >/tmp/b.list || fail "tar -tf of the bundle"
check "tar lists the module's files, zoneinfo, vmstat, the vm settings, the clock" sh -c \
	'for f in kswapwatch/version kswapwatch/stalls proc/zoneinfo proc/vmstat \
		proc/sys/vm/lowmem_reserve_ratio clock uname errors; do
		grep -qx "b/$f" /tmp/b.list || { echo "no b/$f"; exit 1; }; done'
mkdir -p /tmp/bx && tar -xf /tmp/b.tar -C /tmp/bx || fail "tar -xf of the bundle"
# (The live file may have grown since: the bundle's is where it begins.)
check "the bundle's stalls are the module's (read to the end, not by size 0)" \
	sh -c "test -s /tmp/bx/b/kswapwatch/stalls &&
		head -c \$(wc -c </tmp/bx/b/kswapwatch/stalls) '$KSW/stalls' | cmp - /tmp/bx/b/kswapwatch/stalls"
check "the bundle's zoneinfo is /proc/zoneinfo's" grep -q '^Node 0, zone' /tmp/bx/b/proc/zoneinfo
kswapwatch -d /tmp/b.tar status || fail "-d bundle status: exit $?"
kswapwatch -d /tmp/b.tar --json status | status_keys >/tmp/bundle
if cmp -s /tmp/live1 /tmp/live2; then
	check "-d bundle: the nodes, zones and stall counts of the live status" cmp /tmp/live2 /tmp/bundle
else
	say "the records kept changing: the live status is not compared"
fi
kswapwatch -d /tmp/bx/b --json status | status_keys >/tmp/unpacked
check "-d the bundle unpacked: the same" cmp /tmp/bundle /tmp/unpacked
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "the reader on live stall records"
