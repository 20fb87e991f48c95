#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kswapwatch save and -d: a bundle of a system made of files
# (KSWAPWATCH_ROOT), listed by tar, read back by -d as the directory it
# was made from, with the copy's vm settings and clock, never the host's;
# files that cannot be read noted, a write error fatal with nothing left;
# FIFOs refused; missing files said; status --json in full; the values of
# --since, --min-ms, --kind and --node.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

copy() { rm -rf "$TMP/$2"; cp -r "$FIX/$1" "$TMP/$2"; }
# keys FILE: --json status without its findings (their fixes name paths).
keys() { grep '^{"_event":' "$1"; }

# --- a system made of files -------------------------------------------------
R=$TMP/root
mkdir -p "$R/sys/kernel/debug" "$R/proc/sys" "$R/proc/pressure" \
	"$R/sys/module/kswapwatch/parameters"
cp -r "$FIX/dma-storm" "$R/sys/kernel/debug/kswapwatch"
mv "$R/sys/kernel/debug/kswapwatch/sys/vm" "$R/proc/sys/vm"
rmdir "$R/sys/kernel/debug/kswapwatch/sys"
echo "64 64 16 0 0" >"$R/proc/sys/vm/lowmem_reserve_ratio"
chmod 0200 "$R/sys/kernel/debug/kswapwatch/reset"	# write-only, as in debugfs
chmod 0200 "$R/proc/sys/vm/min_free_kbytes"
echo 3 >"$R/proc/sys/vm/drop_caches" && chmod 0200 "$R/proc/sys/vm/drop_caches"
mkfifo "$R/proc/sys/vm/a_fifo"
# procfs files report size 0, as debugfs files do: read to the end.
ln -s /proc/zoneinfo "$R/proc/zoneinfo"
ln -s /proc/vmstat "$R/proc/vmstat"
echo "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" >"$R/proc/pressure/memory"
echo 1000 >"$R/sys/module/kswapwatch/parameters/threshold_ms"
echo 100 >"$R/sys/module/kswapwatch/parameters/period_ms"

cd "$TMP" || exit 1
KSWAPWATCH_ROOT=$R timeout 20 "$KSW" save >"$TMP/save.out" 2>"$TMP/save.err"
rc=$?
check "save without FILE: exit 0 (exit $rc)" test "$rc" = 0
name=$(cat "$TMP/save.out")
check "save without FILE: prints kswapwatch-HOST-YYYYmmddTHHMMSS.tar" \
	sh -c "echo '$name' | grep -Eqx 'kswapwatch-[A-Za-z0-9._-]+-[0-9]{8}T[0-9]{6}\.tar' && test -f '$TMP/$name'"
check "save: the bundle is for root only (0600)" test "$(stat -c %a "$TMP/$name")" = 600
check "save: no temporary file left" test ! -e "$TMP/$name.tmp"
top=${name%.tar}
tar -tf "$TMP/$name" >"$TMP/list" 2>"$TMP/tar.err"
check "tar lists the bundle, no complaint" test -s "$TMP/list" -a ! -s "$TMP/tar.err"
for f in kswapwatch/version kswapwatch/nodes kswapwatch/zones kswapwatch/stalls \
	kswapwatch/kswapd_failures kswapwatch/summary clock proc/zoneinfo proc/vmstat \
	proc/sys/vm/lowmem_reserve_ratio proc/sys/vm/watermark_scale_factor proc/pressure/memory \
	sys/module/kswapwatch/parameters/threshold_ms uname errors; do
	check "bundle holds $f" grep -qx "$top/$f" "$TMP/list"
done
check "bundle leaves out write-only files (reset, drop_caches, 0200)" \
	sh -c "! grep -Eq '/(reset|drop_caches|min_free_kbytes)$' '$TMP/list'"
mkdir "$TMP/x"
tar -xf "$TMP/$name" -C "$TMP/x"
for f in version nodes zones stalls kswapd_failures summary; do
	check "bundle's kswapwatch/$f is the file" cmp -s "$TMP/x/$top/kswapwatch/$f" "$R/sys/kernel/debug/kswapwatch/$f"
done
check "bundle's zoneinfo: /proc/zoneinfo read to its end (size 0)" \
	sh -c "[ \$(wc -l <'$TMP/x/$top/proc/zoneinfo') -gt 10 ] && head -n 1 '$TMP/x/$top/proc/zoneinfo' | grep -q '^Node 0, zone'"
check "bundle's uname: as uname -a" sh -c "grep -qx \"\$(uname -s -n -r -v -m)\" '$TMP/x/$top/uname'"
check "bundle's clock: mono_ns, real_ns, page_size" \
	grep -Eq "^mono_ns=[0-9]+ real_ns=[0-9]+ page_size=$(getconf PAGESIZE) " "$TMP/x/$top/clock"
check "bundle's errors file names the FIFO" grep -q "proc/sys/vm/a_fifo: not a regular file" "$TMP/x/$top/errors"
check "save says it on stderr too" grep -q "a_fifo: not a regular file" "$TMP/save.err"

# -d on the bundle, on it unpacked, on the directory it was made from.
"$KSW" -d "$TMP/$name" --json status >"$TMP/b.json" 2>"$TMP/b.err"
check "-d bundle: --json status" test -s "$TMP/b.json"
"$KSW" -d "$TMP/x/$top" --json status >"$TMP/u.json" 2>&1
"$KSW" -d "$FIX/dma-storm" --json status >"$TMP/f.json" 2>&1
check "-d bundle reads as the directory saved" cmp -s <(keys "$TMP/b.json") <(keys "$TMP/f.json")
check "-d bundle unpacked: the same" cmp -s <(keys "$TMP/u.json") <(keys "$TMP/f.json")
"$KSW" -d "$TMP/$name" diagnose >"$TMP/b.diag" 2>&1
check "-d bundle: the vm settings are the bundle's, not this machine's" \
	grep -q "lowmem_reserve_ratio = 64 64 16 0 0 ($TMP/$name/$top/proc/sys/vm/lowmem_reserve_ratio)" "$TMP/b.diag"
"$KSW" -d "$TMP/x/$top" diagnose >"$TMP/u.diag" 2>&1
check "-d bundle unpacked: its vm settings" grep -q "lowmem_reserve_ratio = 64 64 16 0 0 ($TMP/x/$top/proc/sys/vm/" "$TMP/u.diag"
rc_is 9 "--sysctl-root still overrides the bundle's" \
	"$KSW" -d "$TMP/$name" --sysctl-root "$FIX/dma-storm/sys" diagnose
check "--sysctl-root: its settings" grep -q "lowmem_reserve_ratio = 256 256 32 0 0 ($FIX/dma-storm/sys/vm/" "$TMP/rc.out"
# A plain copy: its sys/vm, never /proc/sys.
copy dma-storm ds
echo "48 48 12 0 0" >"$TMP/ds/sys/vm/lowmem_reserve_ratio"
rc_is 9 "-d a copy: diagnose" "$KSW" -d "$TMP/ds" diagnose
check "-d a copy: the copy's sys/vm, not this machine's" grep -q "lowmem_reserve_ratio = 48 48 12 0 0" "$TMP/rc.out"
rm -r "$TMP/ds/sys"
rc_is 9 "-d a copy without sys/: diagnose" "$KSW" -d "$TMP/ds" diagnose
check "-d a copy without sys/: the settings are unread, not this machine's" \
	grep -q "lowmem_reserve_ratio could not be read ($TMP/ds/sys/vm/lowmem_reserve_ratio: No such file" "$TMP/rc.out"
# Tars made by tar(1): of a bundle unpacked, of a fixture, of a copy of the module's directory.
tar -C "$TMP/x" -cf "$TMP/re.tar" "$top"
"$KSW" -d "$TMP/re.tar" --json status >"$TMP/re.json" 2>&1
check "-d a tar of the bundle unpacked (GNU tar)" cmp -s <(keys "$TMP/re.json") <(keys "$TMP/f.json")
tar -C "$TMP/x" -cf "$TMP/dot.tar" .
"$KSW" -d "$TMP/dot.tar" --json status >"$TMP/dot.json" 2>&1
check "-d a tar of . holding the bundle unpacked" cmp -s <(keys "$TMP/dot.json") <(keys "$TMP/f.json")
tar -C "$FIX" -cf "$TMP/fx.tar" dma-storm
rc_is 9 "-d a tar of a fixture" "$KSW" -d "$TMP/fx.tar" diagnose
check "-d a tar of a fixture: its sys/vm" grep -q "256 256 32 0 0 ($TMP/fx.tar/dma-storm/sys/vm/" "$TMP/rc.out"
tar -C "$R/sys/kernel/debug" --exclude reset -cf "$TMP/dbg.tar" kswapwatch
rc_is 0 "-d a tar of the module's directory" "$KSW" -d "$TMP/dbg.tar" stalls
# Paths longer than ustar's 100 (and 155 + 100) characters: GNU tar's long
# names, pax's path records.
long=$(printf 'a%.0s' $(seq 160))
mkdir -p "$TMP/long"
cp -r "$TMP/x/$top" "$TMP/long/$long"
for fmt in gnu pax; do
	tar --format=$fmt -C "$TMP/long" -cf "$TMP/long-$fmt.tar" "$long"
	"$KSW" -d "$TMP/long-$fmt.tar" --json status >"$TMP/l.json" 2>"$TMP/l.err"
	check "-d a $fmt tar with paths of 180 characters" cmp -s <(keys "$TMP/l.json") <(keys "$TMP/f.json")
done
gzip -c "$TMP/$name" >"$TMP/b.tar.gz"
rc_is 1 "-d a compressed bundle" "$KSW" -d "$TMP/b.tar.gz" status
check "-d a compressed bundle: says so" grep -q "compressed: decompress it first" "$TMP/rc.err"
head -c 3000 "$TMP/$name" >"$TMP/cut.tar"
rc_is 1 "-d a bundle cut short" "$KSW" -d "$TMP/cut.tar" status
check "-d a bundle cut short: says so" grep -q "cut short" "$TMP/rc.err"
echo "hello" >"$TMP/hello.txt"
rc_is 1 "-d a file that is not a bundle" "$KSW" -d "$TMP/hello.txt" status
check "-d a file that is not a bundle: says so" grep -q "not a directory or a bundle" "$TMP/rc.err"

# save FILE, save -, write errors.
KSWAPWATCH_ROOT=$R "$KSW" save "$TMP/named.tar" >"$TMP/n.out" 2>/dev/null
check "save FILE: prints FILE" test "$(cat "$TMP/n.out")" = "$TMP/named.tar"
check "save FILE: everything under FILE's name" sh -c "tar -tf '$TMP/named.tar' | grep -v '^named/' | grep -q . && exit 1 || exit 0"
mkdir "$TMP/into"
KSWAPWATCH_ROOT=$R "$KSW" save "$TMP/into" >"$TMP/d.out" 2>/dev/null
check "save DIR: the default name in DIR" \
	sh -c "grep -Eqx '$TMP/into/kswapwatch-.*-[0-9]{8}T[0-9]{6}\.tar' '$TMP/d.out' && test -f \"\$(cat '$TMP/d.out')\""
KSWAPWATCH_ROOT=$R "$KSW" save - 2>/dev/null >"$TMP/stdout.tar"
check "save -: the bundle on standard output" sh -c "tar -tf '$TMP/stdout.tar' | grep -q '/kswapwatch/stalls$'"
rc_is 1 "save - > /dev/full" sh -c "KSWAPWATCH_ROOT='$R' '$KSW' save - >/dev/full"
check "save - > /dev/full: says so" grep -q "No space left on device" "$TMP/rc.err"
# A file size limit stands in for a full disk (SIGXFSZ ignored: EFBIG).
rc_is 1 "save FILE, disk full" bash -c "trap '' XFSZ; ulimit -f 2; KSWAPWATCH_ROOT='$R' exec '$KSW' save '$TMP/full.tar'"
check "save FILE, disk full: says so" grep -q "full.tar.tmp: File too large" "$TMP/rc.err"
check "save FILE, disk full: no bundle, no temporary file" test ! -e "$TMP/full.tar" -a ! -e "$TMP/full.tar.tmp"
rc_is 4 "save without the module" env KSWAPWATCH_ROOT="$TMP/x" "$KSW" save "$TMP/none.tar"
check "save without the module: no bundle" test ! -e "$TMP/none.tar" -a ! -e "$TMP/none.tar.tmp"
rc_is 2 "save --json" "$KSW" --json save "$TMP/j.tar"
rc_is 2 "save FILE extra" "$KSW" save "$TMP/j.tar" extra

# --- FIFOs and missing files -------------------------------------------------
copy quiet ff
rm "$TMP/ff/stalls" && mkfifo "$TMP/ff/stalls"
rc_is 1 "stalls file a FIFO: stalls refuses, does not hang" timeout 10 "$KSW" -d "$TMP/ff" stalls
check "FIFO: says so" grep -q "ff/stalls: not a regular file" "$TMP/rc.err"
rc_is 0 "stalls file a FIFO: status goes on" timeout 10 "$KSW" -d "$TMP/ff" --json status
check "FIFO: status says it left the file out" grep -q "ff/stalls: not a regular file.*left out" "$TMP/rc.err"
check "FIFO: status --json: the stalls file's error" \
	grep -q '^{"_event":"stalls","error":"not a regular file' "$TMP/rc.out"
rm "$TMP/ff/version" && mkfifo "$TMP/ff/version"
rc_is 1 "version file a FIFO" timeout 10 "$KSW" -d "$TMP/ff" status
mkfifo "$TMP/fifo"
rc_is 1 "-d a FIFO" timeout 10 "$KSW" -d "$TMP/fifo" status
copy quiet miss
rm "$TMP/miss/kswapd_failures"
rc_is 0 "failures file missing: status" "$KSW" -d "$TMP/miss" --json status
check "failures file missing: status --json says so" \
	grep -q '^{"_event":"failures","error":"No such file or directory"}' "$TMP/rc.out"
rm "$TMP/miss/zones"
rc_is 0 "zones file missing: status" "$KSW" -d "$TMP/miss" --json status
check "zones file missing: status --json says so, after the version record" \
	sh -c "sed -n 2p '$TMP/rc.out' | grep -qx '{\"_event\":\"zones\",\"error\":\"No such file or directory\"}'"

# --- status --json ------------------------------------------------------------
for fx in quiet dma-storm spurious-resets hopeless reclaim-stalls; do
	"$KSW" -d "$FIX/$fx" --json status >"$TMP/s.json"
	"$KSW" -d "$FIX/$fx" --json diagnose >"$TMP/d.json"
	check "$fx: status --json: version, nodes, zones, stalls, failures, findings in order" \
		test "$(jq -r '._event // "finding"' "$TMP/s.json" | uniq | tr '\n' ' ')" = \
		"$(printf 'version node zone stalls failures '; [ -s "$TMP/d.json" ] && printf 'finding ')"
	check "$fx: status --json: each node and zone record" \
		test "$(jq -c 'select(._event == "node" or ._event == "zone") | del(._event)' "$TMP/s.json")" = \
		"$("$KSW" -d "$FIX/$fx" --json nodes; "$KSW" -d "$FIX/$fx" --json zones)"
	check "$fx: status --json: the stall count" \
		test "$(jq -r 'select(._event == "stalls") | .records' "$TMP/s.json")" = "$(grep -c 'seq=' "$FIX/$fx/stalls")"
	check "$fx: status --json: the kswapd_failures count" \
		test "$(jq -r 'select(._event == "failures") | .records' "$TMP/s.json")" = \
		"$(grep -c 'seq=' "$FIX/$fx/kswapd_failures")"
	check "$fx: status --json: the findings of diagnose --json" \
		cmp -s <(grep '^{"finding":' "$TMP/s.json") "$TMP/d.json"
done

# --- the clock and --since DURATION -----------------------------------------
# quiet's stalls end at 12.05 s, 45.08 s and 80.04 s of CLOCK_MONOTONIC.
copy quiet c
echo "mono_ns=100000000000 real_ns=1764770000000000000 page_size=4096" >"$TMP/c/clock"
sel() { "$KSW" -d "$TMP/c" --json "$@" status 2>"$TMP/sel.err" | jq -r 'select(._event == "stalls") | .selected'; }
check "--since 30s: the stall that ended after 70 s" test "$(sel --since 30s)" = 1
check "--since 60000ms: the two that ended after 40 s" test "$(sel --since 60000ms)" = 2
check "--since 1h: all three" test "$(sel --since 1h)" = 3
check "--since 2: seq 3" test "$(sel --since 2)" = 1
check "--since 1m --since 2: the last wins" test "$(sel --since 1m --since 2)" = 1
check "--min-ms 20: two of them" test "$(sel --min-ms 20)" = 2
check "--kind irq,reclaim: two of them" test "$(sel --kind irq,reclaim)" = 2
check "--kind sched --min-ms 20: one" test "$(sel --kind sched --min-ms 20)" = 1
check "--node 1: the zones of node 1 (none)" \
	test "$("$KSW" -d "$TMP/c" --json --node 1 status | grep -c '"_event":"zone"')" = 0
rm "$TMP/c/clock"
check "no clock file: --since 30s selects every record" test "$(sel --since 30s)" = 3
check "no clock file: and says so" grep -q "no clock file: --since DURATION selects every record" "$TMP/sel.err"
echo "garbage" >"$TMP/c/clock"
check "a clock file that is not one: every record" test "$(sel --since 30s)" = 3
check "a clock file that is not one: says so" grep -q "not a clock record" "$TMP/sel.err"

# --- option values --------------------------------------------------------------
for v in 500ms 90s 10m 2h 1d 0 12; do
	rc_is 0 "--since $v" "$KSW" -d "$FIX/quiet" --since "$v" stalls
done
for v in x 5x 1.5h -1 0s 10ms5 "" "10 m" 1y 99999999999999999999 9999999999d; do
	rc_is 2 "--since '$v'" "$KSW" -d "$FIX/quiet" --since "$v" stalls
done
check "--since: says what it takes" grep -q "neither a seq number nor a duration" "$TMP/rc.err"
rc_is 2 "watch --since DURATION" "$KSW" -d "$FIX/quiet" --since 1h --count 1 watch
for v in 0 150 86400000; do
	rc_is 0 "--min-ms $v" "$KSW" -d "$FIX/quiet" --min-ms "$v" stalls
done
for v in x -1 86400001 1.5 ""; do
	rc_is 2 "--min-ms '$v'" "$KSW" -d "$FIX/quiet" --min-ms "$v" stalls
done
for v in irq sched reclaim irq,sched,reclaim; do
	rc_is 0 "--kind $v" "$KSW" -d "$FIX/quiet" --kind "$v" stalls
done
for v in foo irq,foo "" irq, ,irq IRQ irq,,sched; do
	rc_is 2 "--kind '$v'" "$KSW" -d "$FIX/quiet" --kind "$v" stalls
done
for v in 0 1 65535; do
	rc_is 0 "--node $v" "$KSW" -d "$FIX/quiet" --node "$v" nodes
done
for v in x -1 65536 ""; do
	rc_is 2 "--node '$v'" "$KSW" -d "$FIX/quiet" --node "$v" nodes
done

finish
