#!/bin/sh
# vm: mem=512 cpus=2 nodes=2 kmods=brd,crc32c_generic?,ext4 timeout=600
# Load and unload kswapwatch 20 times while memcg reclaim, kswapd and direct
# reclaim keep its probes busy on two nodes, reading its files in between:
# unloading must be safe at any moment (no probe may run after the module's
# state is gone) and the kernel must not complain.
. /lib/guest-lib.sh

protect_self
ramdisk_ext4 64 /mnt
memhog file /mnt/f 32 >/dev/null || fail "memhog file /mnt/f 32"
hold_memory 72
rm -f /tmp/stop
(while [ ! -e /tmp/stop ]; do
	memhog --cgroup kswunload --memory-max 8M file /mnt/f 32 --passes 2 >/dev/null 2>&1
done) &
reader=$!
(while [ ! -e /tmp/stop ]; do victim memhog anon 48 --hold 1 >/dev/null 2>&1; done) &
bursts=$!

i=0
while [ "$i" -lt 20 ]; do
	load_kswapwatch
	sleep 0.$((i % 5 + 1))
	for f in version nodes kswapd_failures summary; do
		cat "$KSW/$f" >/dev/null || fail "read $f"
	done
	[ $((i % 4)) = 0 ] && echo 1 >"$KSW/reset"
	unload_kswapwatch
	i=$((i + 1))
done
touch /tmp/stop
wait "$reader" "$bursts"
release_memory
say "20 load/unload cycles under reclaim"
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "unload under reclaim"
