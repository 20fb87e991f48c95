#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 kmods=brd,crc32c_generic?,ext4 timeout=900 qemu="-accel tcg,thread=single"
# Load and unload kswapwatch 15 times while the timeline file is read in a
# loop, stalls are injected (so windows are being frozen), a pipe keeps two
# tasks switching and memcg reclaim keeps the vmscan probes busy; the
# timeline is switched off and on and resized in between.  Unloading must be
# safe at any moment and the kernel must not complain.
# One TCG thread for both vCPUs, as probes_unload: each load and unload
# patches the sched, irq and vmscan tracepoints' static keys under load.
. /lib/guest-lib.sh

SI=/sys/kernel/debug/stallinject
P=/sys/module/kswapwatch/parameters

# rmmod refuses while a reader holds a file open: try again, a while.
unload() {
	n=0
	until rmmod kswapwatch 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt 200 ] || fail "rmmod kswapwatch: still refused after 200 tries"
		usleep 10000
	done
	[ ! -e "$KSW" ] || fail "$KSW still there after rmmod"
}

protect_self
load_stallinject
ramdisk_ext4 64 /mnt
memhog file /mnt/f 32 >/dev/null || fail "memhog file /mnt/f 32"
rm -f /tmp/stop /tmp/lines
(while [ ! -e /tmp/stop ]; do
	memhog --cgroup kswtl --memory-max 8M file /mnt/f 32 --passes 2 >/dev/null 2>&1
done) &
reclaimer=$!
(while [ ! -e /tmp/stop ]; do yes | head -c 4000000 >/dev/null; done) &
pipe=$!
(k=0; while [ ! -e /tmp/stop ]; do
	echo "cpu=$((k % 2)) ms=80 way=preempt" >"$SI/inject" 2>/dev/null
	k=$((k + 1))
	usleep 200000
done) &
injector=$!
(while [ ! -e /tmp/stop ]; do
	cat "$KSW/timeline" 2>/dev/null | wc -l >>/tmp/lines
done) &
reader=$!

i=0
while [ "$i" -lt 15 ]; do
	case $((i % 3)) in
	0) load_kswapwatch ;;
	1) load_kswapwatch timeline_events=256 timeline_lookback_ms=100 ;;
	2) load_kswapwatch timeline_events=16384 ;;
	esac
	sleep 1.$((i % 5))
	case $((i % 5)) in
	1) echo 0 >$P/timeline || fail "timeline=0" ;;
	2) echo 1024 >$P/timeline_events || fail "timeline_events=1024" ;;
	3) echo 1 >"$KSW/reset" || fail "reset" ;;
	4) echo 0 >$P/timeline && echo 1 >$P/timeline || fail "timeline off and on" ;;
	esac
	sleep 0.$((i % 4 + 1))
	grep '^timeline:' "$KSW/summary" || fail "no timeline line in summary"
	unload
	i=$((i + 1))
done
touch /tmp/stop
wait "$reclaimer" "$pipe" "$injector" "$reader"
reads=$(wc -l </tmp/lines)
full=$(awk '$1 > 0' /tmp/lines | wc -l)
say "timeline read $reads times, $full of them with events"
check "the timeline was read with events in it" [ "$full" -ge 1 ]
rmmod stallinject || fail "rmmod stallinject"
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "15 load/unload cycles with the timeline read, frozen and resized"
