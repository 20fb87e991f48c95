#!/bin/sh
# vm: mem=512 cpus=2 nodes=2 kmods=brd,crc32c_generic?,ext4 timeout=600 qemu="-accel tcg,thread=single"
# Load and unload kswapwatch 20 times while memcg reclaim, kswapd and direct
# reclaim keep its probes busy on two nodes, reading its files in between:
# unloading must be safe at any moment (no probe may run after the module's
# state is gone) and the kernel must not complain.
# Each load and unload patches the tracepoints' static keys while reclaim runs
# through them.  Multi-threaded TCG lets the other vCPU run a stale int3
# after the patch is done (an "Oops: int3" in vmscan code, seen 5 times in 6
# boots on 7.2.13), so this guest runs its two vCPUs in one TCG thread.
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
