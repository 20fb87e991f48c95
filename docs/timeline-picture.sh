#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 kmods=brd,crc32c_generic?,ext4 timeout=900
# Not a test: the guest run behind README's timeline picture and the
# tests/fixtures/real/7.2-reclaim sample.  Run it with
#	tests/vm/run 7.2 docs/timeline-picture.sh
# and take the files from the console log (logs/7.2/timeline-picture.log),
# between the KSW-FILE-BEGIN NAME and KSW-FILE-END NAME lines.
# Pressure: anonymous bursts with memory held and a file reader at
# memory.high, two CPU hogs sharing the vCPUs, as watchdog_reclaim.sh; the
# module with its default settings records stalls with their timelines.
. /lib/guest-lib.sh

protect_self
ramdisk_ext4 64 /mnt
memhog file /mnt/f 16 >/dev/null || fail "memhog file /mnt/f 16"
load_kswapwatch
echo 1 >"$KSW/reset"
hold_memory 12
hogs=
for _ in 1 2; do
	sh -c 'while :; do :; done' &
	hogs="$hogs $!"
done
round=0
while [ $round -lt 4 ]; do
	i=0
	while [ $i -lt 6 ]; do
		victim memhog anon 24 --hold 1 >/dev/null 2>&1
		i=$((i + 1))
	done
	sh -c 'echo 0 >/proc/self/oom_score_adj &&
		exec memhog --cgroup kswtest --memory-high 4M file /mnt/f 16 --passes 2' >/dev/null 2>&1
	round=$((round + 1))
	say "round $round: $(grep -c . "$KSW/stalls") stall records"
done
# shellcheck disable=SC2086 # a list of pids
kill $hogs
cp "$KSW/timeline" /tmp/tl
say "timeline lines per stall: $(awk '{ print $1 }' /tmp/tl | uniq -c | tr '\n' ' ')"
for f in version stalls timeline summary zones nodes kswapd_failures; do
	echo "KSW-FILE-BEGIN $f"
	if [ $f = timeline ]; then cat /tmp/tl; else cat "$KSW/$f"; fi
	echo "KSW-FILE-END $f"
done
pass "files written"
