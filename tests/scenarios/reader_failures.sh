#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 kmods=brd,crc32c_generic?,ext4 timeout=900
# The reader on a live kswapd_failures history (the pressure of
# kswapd_failures.sh): --json equals the debugfs lines, --prometheus is well
# formed, diagnose names the hopeless node, then the spurious resets that
# memory.high reclaim makes, and watch reports each of those resets once.
# On the classic LRU throughout, as kswapd_failures.sh (the reason is there;
# 6.12.117 with MGLRU: once no node gave up here after 30 bursts), and with
# the holder topped up before each burst by bursts_until_hopeless (6.12-rt:
# no node gave up after 30 bursts, none of them OOM-killed: each fitted).
. /lib/guest-lib.sh

protect_self
classic_lru
ramdisk_ext4 64 /mnt
memhog file /mnt/f 16 >/dev/null || fail "memhog file /mnt/f 16"
load_kswapwatch
echo 1 >"$KSW/reset"
src=$(field "$(cat "$KSW/version")" failures_source)
check "a quiet start: no warning or critical finding but the recorded stalls" \
	sh -c '! kswapwatch --json diagnose | grep -vE "^\{\"finding\":\"[a-z_]*_stall\"" |
		grep -qE "\"severity\":\"(warning|critical)\""'

say "phase 1: anonymous pressure until kswapd gives up"
hold_memory 12
bursts_until_hopeless 30
grep -q "hopeless=1" "$KSW/nodes" || skip "no node became hopeless after $BURSTS bursts"
check "--json failures equals kswapd_failures" same_as_debugfs failures kswapd_failures
check "--json nodes equals nodes" same_as_debugfs nodes nodes
kswapwatch --prometheus >/tmp/r.prom
check "--prometheus well formed" prom_ok /tmp/r.prom
check "--prometheus: node 0 hopeless" grep -qx 'kswapwatch_node_hopeless{node="0"} 1' /tmp/r.prom
kswapwatch diagnose
f=$(findings)
say "findings: $f"
check "diagnose names the hopeless node" sh -c "echo '$f' | grep -qw hopeless_node"
check "watch --since 0 reports it" sh -c \
	'kswapwatch watch --since 0 --count 1 | grep -q "^{\"_event\":\"hopeless\",\"nid\":0,"'

say "phase 2: memory.high reclaim of page cache while anonymous bursts keep the node short"
from=$(($(tail -n 1 "$KSW/kswapd_failures" | sed 's/^seq=\([0-9]*\) .*/\1/') + 0))
kswapwatch watch --interval 0.2 >/tmp/watch.out 2>/tmp/watch.err &
watch_pid=$!
echo 3 >/proc/sys/vm/drop_caches
rm -f /tmp/stop
(while [ ! -e /tmp/stop ]; do victim memhog anon 24 --hold 1 >/dev/null 2>&1; done) &
bursts_pid=$!
sh -c 'echo 0 >/proc/self/oom_score_adj &&
	exec memhog --cgroup kswtest --memory-high 4M file /mnt/f 16 --passes 8' >/dev/null 2>&1 &
wait $!
touch /tmp/stop
wait "$bursts_pid"
sleep 1
# kswapd may still be resetting: compare up to a snapshot that watch has
# certainly polled past (three of its intervals later).
cat "$KSW/kswapd_failures" >/tmp/kf.snap
to=$(($(tail -n 1 /tmp/kf.snap | sed 's/^seq=\([0-9]*\) .*/\1/') + 0))
# And from the oldest record the ring still holds: it may have wrapped.
first=$(($(head -n 1 /tmp/kf.snap | sed 's/^seq=\([0-9]*\) .*/\1/') + 0))
[ "$first" -gt $((from + 1)) ] && from=$((first - 1))
sleep 0.6
kill "$watch_pid"
wait "$watch_pid" 2>/dev/null
cat /tmp/watch.err

# in_range: the lines with from < seq <= to.
in_range() {
	awk -v from="$from" -v to="$to" '{ s = $1; sub("seq=", "", s) } s + 0 > from && s + 0 <= to'
}
grep ' event=reset .* balanced=0 ' /tmp/kf.snap | in_range >/tmp/spurious
say "$(wc -l </tmp/spurious) resets while not balanced in phase 2 (seq $from to $to); watch wrote $(wc -l </tmp/watch.out) lines"
sed -n 's/^{"_event":"spurious_reset",\(.*\)}$/{\1}/p' /tmp/watch.out | json_to_kv | in_range >/tmp/watched
check "watch: no record lost" sh -c '! grep -q "\"_event\":\"lost\"" /tmp/watch.out'
if ! cmp -s /tmp/watched /tmp/spurious; then
	diff /tmp/spurious /tmp/watched | head -n 10
fi
check "watch: each spurious reset once, as in debugfs" cmp /tmp/watched /tmp/spurious
check "--json failures equals kswapd_failures" same_as_debugfs failures kswapd_failures
kswapwatch diagnose
f=$(findings)
say "findings: $f"
# What diagnose must say, from the history itself: 3 resets while not
# balanced, or one of a node that had given up.
n=$(grep -c ' event=reset .* balanced=0 ' "$KSW/kswapd_failures")
revived=$(awk '/ event=reset / && / balanced=0 / { p = $0; sub(/.* prev=/, "", p); sub(/ .*/, "", p); if (p + 0 >= 16) r = 1 } END { print r + 0 }' "$KSW/kswapd_failures")
if [ "$n" -ge 3 ] || [ "$revived" = 1 ]; then
	check "diagnose names the spurious resets ($n, revived=$revived)" sh -c "echo '$f' | grep -qw spurious_resets"
	kswapwatch diagnose | grep -q 'mm/vmscan: mitigate spurious kswapd_failures reset from direct reclaim' ||
		fail "diagnose does not name the upstream fix"
else
	check "diagnose names no spurious resets ($n)" sh -c "! echo '$f' | grep -qw spurious_resets"
fi
[ "$src" = inferred ] && check "6.1-style kernel: spurious resets found" sh -c "echo '$f' | grep -qw spurious_resets"
[ "$src" = tracepoint ] &&
	check "a kernel with the upstream fix: no spurious_resets finding" sh -c "! echo '$f' | grep -qw spurious_resets"
release_memory
lru_restore
check "no WARN, BUG or Oops in dmesg" dmesg_clean
unload_kswapwatch
pass "reader on the kswapd_failures history ($src)"
