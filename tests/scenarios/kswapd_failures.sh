#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 kmods=brd,crc32c_generic?,ext4 timeout=900
# The kswapd_failures history (kswapd_failures_2nodes.sh runs this file on
# two NUMA nodes).  Anonymous pressure without swap until
# kswapd gives up; then memory.high pressure on a file workload on a real
# block device, whose reclaim succeeds and resets the count.
#
# Ground truth: the kernel's own value read by a kprobe event (kf_peek), and
# where the kernel has them the tracefs events mm_vmscan_kswapd_reclaim_fail
# and mm_vmscan_kswapd_clear_hopeless, which must match exactly.
. /lib/guest-lib.sh

# every_node_matches: nodes' failures= is the kernel's value (read twice
# around it, retried while reclaim still moves it).
every_node_matches() {
	for n in $(online_nodes); do
		tries=0
		while :; do
			a=$(kf_peek "$n")
			f=$(field "$(grep "^nid=$n " "$KSW/nodes")" failures)
			b=$(kf_peek "$n")
			[ -n "$a" ] && [ "$a" = "$b" ] && [ "$f" = "$a" ] && break
			tries=$((tries + 1))
			[ "$tries" -lt 20 ] || fail "node $n: nodes says failures=$f, the kernel $a then $b"
			sleep 0.2
		done
		say "ok: node $n failures=$f, as the kernel has it"
	done
}

# same_as_trace: fails_total, resets_<reason> and the history's failures=
# sequence per node equal what tracefs recorded.
same_as_trace() {
	for n in $(online_nodes); do
		line=$(grep "^nid=$n " "$KSW/nodes")
		check "node $n: fails_total = reclaim_fail events" \
			[ "$(field "$line" fails_total)" = "$(trace_count mm_vmscan_kswapd_reclaim_fail "nid=$n ")" ]
		for r in KSWAPD DIRECT PCP OTHER; do
			lr=$(echo "$r" | tr 'A-Z' 'a-z')
			check "node $n: resets_$lr = clear_hopeless reason=$r events" \
				[ "$(field "$line" "resets_$lr")" = "$(trace_count mm_vmscan_kswapd_clear_hopeless "nid=$n reason=$r\$")" ]
		done
		h=$(grep " nid=$n event=fail " "$KSW/kswapd_failures" | sed 's/.* failures=\([0-9]*\) .*/\1/' | tr '\n' ' ')
		t=$(grep " mm_vmscan_kswapd_reclaim_fail: nid=$n " "$TRACEFS/trace" | sed 's/.*failures=//' | tr '\n' ' ')
		check "node $n: history failures= in trace order ($(echo "$h" | wc -w) values)" [ "$h" = "$t" ]
	done
	check "trace buffer lost nothing" [ -z "$(grep -h '^overrun: [1-9]' "$TRACEFS"/per_cpu/cpu*/stats)" ]
}

protect_self
# The classic LRU throughout: with MGLRU (on by default from Debian's 6.12)
# kswapd keeps evicting a little page cache and seldom fails, so neither
# phase is sure to happen (6.12.117: once no hopeless node after 30 bursts,
# once no reset in phase 2 with a count to clear).
classic_lru
ramdisk_ext4 64 /mnt
memhog file /mnt/f 16 >/dev/null || fail "memhog file /mnt/f 16"
echo 8192 >"$TRACEFS/buffer_size_kb"
events=$(trace_on mm_vmscan_kswapd_reclaim_fail mm_vmscan_kswapd_clear_hopeless)
kf_peek_setup || fail "kprobe event reading pglist_data.kswapd_failures"
load_kswapwatch
src=$(field "$(cat "$KSW/version")" failures_source)
if [ -n "$events" ]; then native=1; else native=0; fi
check "failures_source=$src fits the kernel's tracepoints" \
	[ "$src" = "$([ "$native" = 1 ] && echo tracepoint || echo inferred)" ]
echo 1 >"$KSW/reset"
echo >"$TRACEFS/trace"
every_node_matches

say "phase 1: anonymous pressure until kswapd gives up"
hold_memory 12
bursts_until_hopeless 30
say "after $BURSTS bursts of 24 MB:"
cat "$KSW/nodes"
check "a node is hopeless" grep -q "hopeless=1" "$KSW/nodes"
check "the history shows it reaching 16" grep -q " event=fail failures=16 " "$KSW/kswapd_failures"
check "hopeless_episodes counted" grep -q "hopeless_episodes=[1-9]" "$KSW/nodes"
every_node_matches

say "phase 2: memory.high reclaim of page cache while anonymous bursts keep the node short"
for n in $(online_nodes); do
	say "node $n DMA32: free=$(zone_field "$n" DMA32 free) min=$(zone_field "$n" DMA32 min) high=$(zone_field "$n" DMA32 high)"
done
echo 3 >/proc/sys/vm/drop_caches
# The OOM kills of phase 1 may have given memory back: hold it again.
hold_more 12
from=$(($(tail -n 1 "$KSW/kswapd_failures" | sed 's/^seq=\([0-9]*\) .*/\1/') + 0))
rm -f /tmp/stop
(while [ ! -e /tmp/stop ]; do victim memhog anon 24 --hold 1 >/dev/null 2>&1; done) &
bursts_pid=$!
# Whether the reader's reclaim lands while the node is short is chance
# (on 6.12 about one reset in five; once none of three): without the
# kernel's fix the reader runs again, up to 6 times, until one does.
readers=
round=0
while :; do
	round=$((round + 1))
	# Not through a function: $! must be the pid that becomes memhog.
	sh -c 'echo 0 >/proc/self/oom_score_adj &&
		exec memhog --cgroup kswtest --memory-high 4M file /mnt/f 16 --passes 8' >/dev/null 2>&1 &
	reader=$!
	readers="$readers|$reader"
	wait "$reader"
	say "memhog file (pid $reader) in a cgroup with memory.high=4M: exit $?"
	[ "$native" = 1 ] || [ "$round" -ge 6 ] && break
	grep -qE " reason=DIRECT source=inferred balanced=0 comm=memhog pid=$reader( |\$)" "$KSW/kswapd_failures" && break
done
readers=${readers#|}
touch /tmp/stop
wait "$bursts_pid"
cat "$KSW/nodes"
awk -v from="$from" '{ s = $1; sub("seq=", "", s) } s + 0 > from && / event=reset /' "$KSW/kswapd_failures" >/tmp/resets
say "$(wc -l </tmp/resets) resets in phase 2, $(grep -cE " pid=($readers)( |\$)" /tmp/resets) seen by the reader ($round runs):"
tail -n 20 /tmp/resets
if [ "$native" = 1 ]; then
	check "no DIRECT reset while unbalanced (the kernel's fix)" \
		sh -c "! grep -q ' reason=DIRECT .* balanced=0 ' $KSW/kswapd_failures"
else
	check "memory.high reclaim reset kswapd_failures while the node was unbalanced" \
		grep -qE " reason=DIRECT source=inferred balanced=0 comm=memhog pid=($readers)( |\$)" /tmp/resets
	check "spurious_resets counted" grep -q "spurious_resets=[1-9]" "$KSW/nodes"
fi
# What the operator reads: the cgroup whose memory.high made the resets
# (6.1-style kernels), none where the kernel has the upstream fix.
kswapwatch diagnose
kswapwatch --json diagnose | grep '"finding":"spurious_resets"' >/tmp/sp.json
if [ "$native" = 1 ]; then
	check "diagnose: no spurious_resets finding (the kernel's fix)" [ ! -s /tmp/sp.json ]
else
	check "diagnose: a spurious_resets finding" [ -s /tmp/sp.json ]
	check "diagnose names the memory.high cgroup, /kswtest" grep -q '/kswtest' /tmp/sp.json
fi
release_memory
lru_restore
sleep 1
every_node_matches
[ "$native" = 1 ] && same_as_trace
cat "$KSW/summary"
check "no WARN, BUG or Oops in dmesg" dmesg_clean
unload_kswapwatch
pass "kswapd_failures history ($src)"
