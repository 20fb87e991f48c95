#!/bin/sh
# vm: mem=512 cpus=2 kmods=brd timeout=240 append="brd.rd_size=65536 brd.rd_nr=1"
# memhog, the scenarios' pressure helper, does what it says: touches anon
# memory under oom_score_adj -1000, fills the page cache from a block device,
# and confines itself to a cgroup v2 group with memory.high.
. /lib/guest-lib.sh

[ -b /dev/ram0 ] || fail "no /dev/ram0"
# insmod does not apply brd.* from the kernel command line (modprobe would):
# reload brd with the size asked for if it came up smaller.
if [ "$(cat /sys/block/ram0/size)" -lt 131072 ]; then
	rmmod brd && insmod /lib/kmods/brd.ko rd_size=65536 rd_nr=1 || fail "reload brd"
fi
kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }

memhog >/dev/null 2>&1
check "no arguments: exit 2 (usage)" [ $? = 2 ]
memhog anon 0 >/dev/null 2>&1
check "anon 0: exit 2 (usage)" [ $? = 2 ]
memhog file /nonexistent/x 1 >/dev/null 2>&1
check "file in a missing directory: exit 4" [ $? = 4 ]

# wait_ready FILE: wait up to 60 s for memhog's "ready" line in FILE.
wait_ready() {
	i=0
	while ! grep -q ready "$1" && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cat "$1"
	grep -q ready "$1"
}

memhog anon 64 --oom-protect --hold 60 > /tmp/anon.out &
pid=$!
check "anon hog is ready" wait_ready /tmp/anon.out
check "anon hog has oom_score_adj -1000" [ "$(cat /proc/$pid/oom_score_adj)" = -1000 ]
rss=$(awk '$1 == "VmRSS:" { print $2 }' /proc/$pid/status)
check "anon hog resident: ${rss} kB >= 64 MiB" [ "$rss" -ge 65536 ]
kill $pid
wait $pid

# A block device's page cache lives while it is open: memhog holds it.
b0=$(kb Buffers)
memhog file /dev/ram0 48 --passes 2 --hold 60 > /tmp/file.out &
pid=$!
check "file hog is ready" wait_ready /tmp/file.out
b1=$(kb Buffers)
say "Buffers: $b0 -> $b1 kB"
check "the block device's page cache grew by 40 MiB or more" [ $((b1 - b0)) -ge 40960 ]
kill $pid
wait $pid

cg=/sys/fs/cgroup/hog
memhog --cgroup hog --memory-high 8M file /dev/ram0 48 --hold 60 > /tmp/cg.out &
pid=$!
check "cgroup file hog is ready" wait_ready /tmp/cg.out
check "it runs in the group" grep -qx "$pid" $cg/cgroup.procs
check "memory.high is 8 MiB" [ "$(cat $cg/memory.high)" = 8388608 ]
high=$(awk '$1 == "high" { print $2 }' $cg/memory.events)
cur=$(cat $cg/memory.current)
say "memory.events high=$high memory.current=$cur"
check "the group went over memory.high and was reclaimed" [ "$high" -gt 0 ]
check "memory.current ($cur) stays near memory.high" [ "$cur" -le $((12 * 1024 * 1024)) ]
kill $pid
wait $pid
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "memhog"
