#!/bin/sh
# vm: mem=512 cpus=2 nodes=1 timeout=300
# The static reader against the live module: every --json record equals its
# debugfs line, the Prometheus text is well formed, a quiet system gets no
# finding, reset works, and the exit codes for a missing module and a
# missing debugfs.
. /lib/guest-lib.sh

# json_to_kv: a --json line back to "key=value ..." (values without quotes,
# commas followed by a key, or backslashes, which the module's files do not
# hold).
json_to_kv() {
	sed -e 's/^{//' -e 's/}$//' -e 's/"\([A-Za-z0-9_]*\)":/\1=/g' \
	    -e 's/,\([A-Za-z0-9_]*=\)/ \1/g' -e 's/=""/=/g' -e 's/="\([^"]*\)"/=\1/g'
}

# mask_fields "FIELD ...": each FIELD=value becomes FIELD=*.
mask_fields() {
	awk -v f="$1" 'BEGIN { n = split(f, k, " ") }
		{ for (i = 1; i <= NF; i++) for (j = 1; j <= n; j++)
			if (index($i, k[j] "=") == 1) $i = k[j] "=*"
		  print }'
}

# same_as_debugfs CMD FILE [FIELD...]: kswapwatch --json CMD gives FILE's
# lines.  The FIELDs are live (free pages move between the two reads) and
# are compared by name only.
same_as_debugfs() {
	kswapwatch --json "$1" >/tmp/r.json || return 1
	cat "$KSW/$2" >/tmp/r.file0
	json_to_kv </tmp/r.json >/tmp/r.kv0
	mask="$(shift 2; echo "$*")"
	mask_fields "$mask" </tmp/r.file0 >/tmp/r.file
	mask_fields "$mask" </tmp/r.kv0 >/tmp/r.kv
	say "$1: $(wc -l </tmp/r.json) objects, $2: $(wc -l </tmp/r.file) lines"
	if ! cmp -s /tmp/r.kv /tmp/r.file; then
		diff /tmp/r.file /tmp/r.kv | head -n 10
		return 1
	fi
}

# prom_ok FILE: every line is HELP, TYPE or a sample of a family with both.
prom_ok() {
	awk '
		/^# HELP kswapwatch_[a-z0-9_]+ / { help[$3] = 1; next }
		/^# TYPE kswapwatch_[a-z0-9_]+ (gauge|counter)$/ { type[$3] = 1; next }
		/^kswapwatch_[a-z0-9_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9]+(\.[0-9]+)?$/ {
			name = $1; sub(/\{.*/, "", name)
			if (!(name in help) || !(name in type)) { print "no HELP/TYPE: " $0; bad = 1 }
			if ($1 in seen) { print "repeated: " $0; bad = 1 }
			seen[$1] = 1; n++; next
		}
		{ print "bad line: " $0; bad = 1 }
		END { print n " samples"; exit bad }' "$1"
}

load_kswapwatch
check "the static reader runs" kswapwatch -V
kswapwatch status || fail "kswapwatch status: exit $?"
kswapwatch --json status | json_to_kv >/tmp/r.version
check "status --json is the version record" cmp /tmp/r.version "$KSW/version"

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
check "a quiet system: no finding" sh -c '[ -z "$(kswapwatch --json diagnose)" ]'
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
