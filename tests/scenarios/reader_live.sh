#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 timeout=300
# The static reader against the live module: every --json record equals its
# debugfs line, the Prometheus text is well formed, a quiet system gets no
# warning or critical finding but its recorded stalls, reset works, and the
# exit codes for a missing module and a missing debugfs.
. /lib/guest-lib.sh

load_kswapwatch
check "the static reader runs" kswapwatch -V
kswapwatch status || fail "kswapwatch status: exit $?"
kswapwatch --json status >/tmp/r.status || fail "kswapwatch --json status: exit $?"
head -n 1 /tmp/r.status | sed 's/^{"_event":"version",/{/' | json_to_kv >/tmp/r.version
check "status --json begins with the version record" cmp /tmp/r.version "$KSW/version"
check "status --json: a line per node" \
	test "$(grep -c '^{"_event":"node",' /tmp/r.status)" = "$(grep -c . "$KSW/nodes")"
check "status --json: a line per zone" \
	test "$(grep -c '^{"_event":"zone",' /tmp/r.status)" = "$(grep -c . "$KSW/zones")"

# Something in the files: a little reclaim.
memhog anon $(($(mem_available_mb) / 2)) --hold 1 >/dev/null 2>&1
for f in kswapd_failures:failures: nodes:nodes:failures zones:zones:free stalls:stalls:; do
	file=${f%%:*}
	cmd=${f#*:}
	live=${cmd#*:}
	cmd=${cmd%%:*}
	if [ -e "$KSW/$file" ]; then
		# shellcheck disable=SC2086 # $live: zero or one field name
		check "--json $cmd equals $file${live:+ (live: $live)}" same_as_debugfs "$cmd" "$file" $live
	else
		say "no $file file in this module yet"
	fi
done

kswapwatch --prometheus >/tmp/r.prom || fail "--prometheus: exit $?"
check "--prometheus: well formed ($(grep -c '^kswapwatch_' /tmp/r.prom) samples)" prom_ok /tmp/r.prom
check "--prometheus: kswapwatch_info" grep -q '^kswapwatch_info{.*kernel="'"$(uname -r)"'"' /tmp/r.prom

kswapwatch diagnose
# Under TCG the host's own load shows as stalls of the guest (watchdog_quiet,
# under -icount, is the scenario without them): those have stall findings.
check "a quiet system: no warning or critical finding but the recorded stalls" \
	sh -c '! kswapwatch --json diagnose | grep -vE "^\{\"finding\":\"[a-z_]*_stall\"" |
		grep -qE "\"severity\":\"(warning|critical)\""'
check "watch --count 1 on a quiet system: no line" sh -c '[ -z "$(kswapwatch watch --count 1)" ]'

check "kswapwatch reset" kswapwatch reset
unload_kswapwatch
kswapwatch status >/dev/null 2>&1
check "module not loaded: exit 4" [ "$?" = 4 ]
umount /sys/kernel/debug || fail "umount debugfs"
kswapwatch status >/dev/null 2>&1
rc=$?
mount -t debugfs debugfs /sys/kernel/debug
check "debugfs not mounted: exit 3" [ "$rc" = 3 ]
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "reader on the live module"
