#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The reader's command line: exit codes, reset, watch (JSON lines that
# follow seq: nothing twice, nothing lost silently), --help against the man
# page, the systemd unit.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

copy() { rm -rf "$TMP/$2"; cp -r "$FIX/$1" "$TMP/$2"; }

# --- exit codes -----------------------------------------------------------
rc_is 0 "status on a fixture" "$KSW" -d "$FIX/quiet"
rc_is 0 "diagnose without findings" "$KSW" -d "$FIX/quiet" diagnose
"$KSW" -d "$FIX/dma-storm" diagnose >/dev/null 2>&1
rc=$?
case $rc in
8 | 9) ok "diagnose with findings: a warning or critical exit code (exit $rc)" ;;
*) not_ok "diagnose with findings: exit $rc, want 8 or 9" ;;
esac
rc_is 9 "diagnose of a hopeless node: critical" "$KSW" -d "$FIX/hopeless" diagnose
rc_is 9 "diagnose --json: the same exit code" "$KSW" -d "$FIX/hopeless" --json diagnose
rc_is 1 "-d to a missing directory" "$KSW" -d "$TMP/none" status
rc_is 2 "unknown command" "$KSW" -d "$FIX/quiet" frobnicate
rc_is 2 "unknown option" "$KSW" --frobnicate
rc_is 2 "extra argument" "$KSW" -d "$FIX/quiet" stalls nodes
rc_is 2 "--since not a number" "$KSW" -d "$FIX/quiet" --since x stalls
rc_is 2 "--interval 0" "$KSW" -d "$FIX/quiet" --interval 0 watch
rc_is 2 "--count 0" "$KSW" -d "$FIX/quiet" --count 0 watch
rc_is 2 "--json with --prometheus" "$KSW" -d "$FIX/quiet" --json --prometheus
rc_is 2 "watch --prometheus" "$KSW" -d "$FIX/quiet" --prometheus watch
copy quiet abi2
sed -i 's/abi=1/abi=2/' "$TMP/abi2/version"
rc_is 6 "ABI 2" "$KSW" -d "$TMP/abi2" status
check "ABI 2: says which ABI" grep -q "ABI 2" "$TMP/rc.err"
echo "not a version" >"$TMP/abi2/version"
rc_is 6 "version file of something else" "$KSW" -d "$TMP/abi2" stalls
copy quiet nostalls
rm "$TMP/nostalls/stalls"
rc_is 0 "status without a stalls file" "$KSW" -d "$TMP/nostalls" status
check "status says so" grep -q "(no stalls file)" "$TMP/rc.out"
rc_is 1 "stalls without a stalls file" "$KSW" -d "$TMP/nostalls" stalls
rc_is 8 "diagnose without a stalls file (a warning: incomplete)" "$KSW" -d "$TMP/nostalls" diagnose
check "diagnose reports it: finding incomplete" grep -q "incomplete.*stalls missing" "$TMP/rc.out"

# The module's own directory on this machine: no module can be loaded on
# the build host, so debugfs is missing (3), or the module is (4), or we
# are not root (5).
"$KSW" status >/dev/null 2>&1
rc=$?
case $rc in
3 | 4 | 5) ok "default directory on this host (exit $rc)" ;;
*) not_ok "default directory on this host: exit $rc" ;;
esac

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	pub=$(mktemp -d)
	chmod 755 "$pub"
	cp "$KSW" "$pub/kswapwatch"
	mkdir "$pub/private"
	cp "$FIX/quiet/"* "$pub/private/" 2>/dev/null
	chmod 700 "$pub/private"
	rc_is 5 "not root" setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$pub/kswapwatch" -d "$pub/private" status
	check "not root: says so" grep -q "try as root" "$TMP/rc.err"
	rm -rf "$pub"
else
	chmod 000 "$TMP/nostalls"
	rc_is 5 "not root" "$KSW" -d "$TMP/nostalls" status
	chmod 755 "$TMP/nostalls"
fi

# --- reset ----------------------------------------------------------------
# A copy is not the module: reset would write into it (tests/scenarios/
# reader_live.sh resets the live module).
copy quiet r
rc_is 2 "reset -d: refused" "$KSW" -d "$TMP/r" reset
check "reset -d: says why" grep -q "reset acts on the loaded module, not on a copy" "$TMP/rc.err"
check "reset -d: the copy's reset file untouched" test ! -s "$TMP/r/reset"
rc_is 2 "reset --json" "$KSW" -d "$TMP/r" --json reset
rc_is 2 "save -d: refused" "$KSW" -d "$TMP/r" save "$TMP/r.tar"
check "save -d: nothing written" test ! -e "$TMP/r.tar" -a ! -e "$TMP/r.tar.tmp"

# --- write errors ---------------------------------------------------------
rc_is 1 "status > /dev/full" sh -c "'$KSW' -d '$FIX/quiet' status >/dev/full"
check "status > /dev/full: says so" grep -q "standard output: No space left on device" "$TMP/rc.err"
rc_is 1 "--json stalls > /dev/full" sh -c "'$KSW' -d '$FIX/quiet' --json stalls >/dev/full"
rc_is 1 "diagnose with findings > /dev/full: a failure, not a finding" \
	sh -c "'$KSW' -d '$FIX/hopeless' diagnose >/dev/full"
rc_is 1 "--help > /dev/full" sh -c "'$KSW' --help >/dev/full"
rc_is 0 "standard output closed, nothing written" sh -c "'$KSW' -d '$FIX/quiet' --json diagnose >&-"

# --- watch ----------------------------------------------------------------
# replace FILE: stdin becomes FILE at once, as a debugfs read would see it.
replace() { cat >"$1.new" && mv "$1.new" "$1"; }
# wait_lines N: until the watch output has N lines (10 s at most).
wait_lines() {
	local i
	for i in $(seq 100); do
		[ "$(wc -l <"$TMP/w.out")" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}
stall() { echo "seq=$1 start_ns=${1}000000000 dur_us=150000 cpus=0 kind=reclaim comm=t pid=1"; }

copy quiet w
"$KSW" -d "$TMP/w" watch --interval 0.1 --count 400 >"$TMP/w.out" 2>"$TMP/w.err" &
wpid=$!
sleep 0.5
{ cat "$FIX/quiet/stalls"; stall 4; } | replace "$TMP/w/stalls"
wait_lines 1
{ cat "$FIX/quiet/kswapd_failures"
  echo "seq=3 ts_ns=9 nid=0 event=fail failures=1 prev=0 reason=- source=inferred balanced=0 comm=kswapd0 pid=72"
  echo "seq=4 ts_ns=10 nid=0 event=reset failures=0 prev=1 reason=DIRECT source=inferred balanced=0 comm=java pid=9"
  echo "seq=5 ts_ns=11 nid=0 event=reset failures=0 prev=1 reason=KSWAPD source=inferred balanced=1 comm=kswapd0 pid=72"
} | replace "$TMP/w/kswapd_failures"
wait_lines 2
sed 's/hopeless=0/hopeless=1/; s/hopeless_episodes=0/hopeless_episodes=1/' "$FIX/quiet/nodes" |
	replace "$TMP/w/nodes"
wait_lines 3
# The ring moved on by five records between two polls: 5-7 were never seen.
{ stall 8; stall 9; } | replace "$TMP/w/stalls"
wait_lines 6
# (A record still being written, 11 before 10, is in tests/unit/test_track.c.)
{ stall 8; stall 9; stall 10; stall 11; } | replace "$TMP/w/stalls"
wait_lines 8
# Module reloaded: numbering from 1 again.
stall 1 | sed 's/start_ns=1000000000/start_ns=77/' | replace "$TMP/w/stalls"
wait_lines 10
kill "$wpid" 2>/dev/null
wait "$wpid" 2>/dev/null
got=$(jq -r '[._event, (.seq // .nid // ._file), (._from_seq // ""), (._to_seq // "")] | map(tostring) | join(":")' \
	"$TMP/w.out" | tr '\n' ' ')
want="stall:4:: spurious_reset:4:: hopeless:0:: lost:stalls:5:7 stall:8:: stall:9:: stall:10:: stall:11:: restart:stalls:: stall:1:: "
if [ "$got" = "$want" ]; then
	ok "watch: every new record once, in order, losses and restarts said"
else
	not_ok "watch: got '$got', want '$want'"
fi
check "watch: every line a JSON object (jq)" jq -e -s 'all(type == "object")' "$TMP/w.out" >/dev/null
check "watch: no warnings" test ! -s "$TMP/w.err"

"$KSW" -d "$FIX/spurious-resets" watch --since 0 --count 1 >"$TMP/w2.out"
got=$(jq -r '"\(._event):\(.seq // .nid)"' "$TMP/w2.out" | tr '\n' ' ')
want="stall:1 spurious_reset:19 spurious_reset:29 spurious_reset:35 spurious_reset:38 "
check "watch --since 0: the records already there, no hopeless node" test "$got" = "$want"
"$KSW" -d "$FIX/hopeless" watch --since 16 --count 2 --interval 0.01 >"$TMP/w3.out"
got=$(jq -r '"\(._event):\(.seq // .nid)"' "$TMP/w3.out" | tr '\n' ' ')
check "watch --since 16: a node hopeless now, once" test "$got" = "hopeless:0 "
"$KSW" -d "$FIX/dma-storm" watch --count 1 >"$TMP/w4.out"
check "watch without --since: nothing from before" test ! -s "$TMP/w4.out"

# The terminal view, under a pseudo-terminal.
if command -v script >/dev/null; then
	script -qec "'$KSW' -d '$FIX/dma-storm' watch --count 2 --interval 0.01" /dev/null \
		>"$TMP/view.out" 2>&1
	check "watch on a terminal: clears and redraws" \
		test "$(grep -o $'\033\\[H\033\\[2J' "$TMP/view.out" | wc -l)" = 2
	check "watch on a terminal: shows the finding" grep -q "Finding 1: .*(critical, dma_scan_storm)" "$TMP/view.out"
fi

# --- --help, man page, unit ------------------------------------------------
"$KSW" --help >"$TMP/help"
man=$TOP/man/kswapwatch.8
for opt in $(grep -o -- '--[a-z-]*' "$TMP/help" | sort -u); do
	check "man page has $opt" grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" "$man"
done
for cmd in $(sed -n '/^Commands:/,/^$/p' "$TMP/help" | awk 'NF && !/:$/ && $1 ~ /^[a-z]+$/ {print $1}'); do
	check "man page has command $cmd" grep -q "^\.B $cmd\$" "$man"
done
for code in 0 1 2 3 4 5 6 7 8 9; do
	check "--help and man page list exit code $code" \
		sh -c "grep -q '$code [a-z]' '$TMP/help' && grep -A1 '^\.TP' '$man' | grep -qx '\.B $code'"
done
check "-V is the project's version" \
	sh -c "'$KSW' -V | grep -q \"$(make -s -C "$TOP" --no-print-directory version)\""
check "man page renders without warnings" sh -c "groff -man -Tutf8 -ww -z '$man' 2>&1 | grep -q . && exit 1 || exit 0"

if command -v systemd-analyze >/dev/null; then
	sed -e "s|^ExecStart=kswapwatch|ExecStart=$KSW|" -e '/^Documentation=/d' \
		"$TOP/userspace/kswapwatch-watch.service" >"$TMP/kswapwatch-watch.service"
	check "systemd unit verifies" systemd-analyze verify "$TMP/kswapwatch-watch.service"
fi

finish
