#!/bin/sh
# vm: mem=512 cpus=1 kmods=brd,crc32c_generic?,ext4 timeout=900 append="brd.rd_size=65536 brd.rd_nr=1" qemu="-accel tcg,thread=single"
# make demo: what kswapwatch records while kswapd gives up, direct reclaim
# under memory.high revives it, and the machine freezes.
#
# One vCPU in one TCG thread: no stale int3 from text patching across
# vCPUs (no RETRY), and no vCPU waiting for the other's time slice, which
# the watchdog would rightly record as stalls.  The injected stall with
# interrupts off on the only CPU is a whole-system freeze.
. /lib/guest-lib.sh

banner() { echo; echo "==== $*"; }

# show READER-COMMAND DEBUGFS-FILE: the reader's view, or the raw file.
show() {
	banner "kswapwatch $1"
	kswapwatch "$1" 2>/dev/null || cat "$KSW/$2"
}

node_failures() {
	sed -n 's/.*failures=\([0-9]*\).*/\1/p' "$KSW/nodes" 2>/dev/null | head -n 1
}

load_kswapwatch timeline=1
load_stallinject
protect_self
classic_lru
banner "kswapwatch status"
kswapwatch status

# The file lives on a real block device so its page cache is reclaimable;
# write it before memory is short.
make_ext4 /mnt
memhog file /mnt/data 16 >/dev/null || fail "memhog file"

banner "1. anonymous memory pressure until kswapd gives up on node 0"
hold_memory 12
bursts_until_hopeless 30
say "node 0 kswapd_failures=$(node_failures) after $BURSTS bursts"

banner "2. a cgroup with memory.high=4M reads a file: direct reclaim succeeds"
memhog --cgroup demo --memory-high 4M file /mnt/data 16 --passes 3 >/dev/null ||
	fail "memhog under memory.high"
say "node 0 kswapd_failures=$(node_failures) after direct reclaim"
release_memory

banner "3. a 300 ms freeze: interrupts off on the machine's only CPU"
echo 'cpu=0 ms=300 way=irq' >/sys/kernel/debug/stallinject/inject || fail "stallinject"
# The watchdog writes a record once no other CPU can still join its gap.
i=0
until grep -q ' kind=irq .*comm=stallinject' "$KSW/stalls" || [ "$i" -ge 20 ]; do
	sleep 0.5
	i=$((i + 1))
done
cat /sys/kernel/debug/stallinject/log

show nodes nodes
show failures kswapd_failures
show stalls stalls
show zones zones
banner "kswapwatch timeline (the freeze, from the module's event ring)"
kswapwatch timeline 2>/dev/null || echo "(no timeline)"
banner "kswapwatch diagnose"
# Exit 8 and 9 are findings (warning, critical); 1 to 6 errors.
kswapwatch diagnose 2>/dev/null
rc=$?
[ "$rc" = 0 ] || [ "$rc" -ge 8 ] || cat "$KSW/summary"
kswapwatch --json diagnose >/tmp/d.json 2>/dev/null
grep -q '"finding":"irq_off_stall"' /tmp/d.json || fail "diagnose has no finding for the freeze"
grep -qE '"finding":"hopeless_(episode|node)"' /tmp/d.json || fail "diagnose has no finding for the hopeless episode"
unload_kswapwatch
pass demo
