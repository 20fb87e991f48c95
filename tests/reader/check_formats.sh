#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The reader's machine formats on every fixture, checked by real parsers:
# JSON lines with jq (and Python's json, for exact values), Prometheus text
# with the prometheus_client parser (Debian's python3-prometheus-client).
# --json records must equal the debugfs lines they come from, field by field.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
if ! $PY -c 'import prometheus_client.parser' 2>/dev/null; then
	not_ok "python3-prometheus-client is not installed (apt-get install python3-prometheus-client)"
	finish
	exit 1
fi

# jq_lines FILE: every line is one JSON object.
jq_lines() {
	[ ! -s "$1" ] && return 0
	jq -e -s 'all(type == "object")' "$1" >/dev/null
}

# jq_findings FILE: every line is a finding with its documented keys.
# design.md, "The reader's findings": finding, severity, summary, cause, fix,
# stalls, first_ns/last_ns, first_time/last_time (RFC 3339 or null without a
# read time), evidence.
jq_findings() {
	jq -e -s 'all((.finding | type == "string") and (.severity | IN("info", "warning", "critical"))
		and (.summary | length > 0) and (.cause | length > 0) and (.fix | type == "string")
		and (.stalls | type == "array") and (.failures | type == "array")
		and has("first_ns") and has("last_ns") and has("first_time") and has("last_time")
		and ((.last_time == null) or (.last_time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T")))
		and (.evidence | type == "object" and length > 0))' \
		"$1" >/dev/null
}

# The --json records of COMMAND equal the valid lines of FILE.
cat >"$TMP/same.py" <<'PY'
import json, sys
src, out, kind = sys.argv[1], sys.argv[2], sys.argv[3]
need = {"stalls": ["seq"], "kswapd_failures": ["seq", "nid", "event"],
        "nodes": ["nid"], "zones": ["nid", "zone"], "version": ["abi"]}[kind]
text = {"kswapwatch", "kernel", "failures_source", "probes", "event", "reason",
        "source", "comm", "zone", "protection", "cpus", "kind", "kswapd", "bt"}
want = []
for line in open(src, encoding="utf-8").read().splitlines():
    fields = [t.split("=", 1) for t in line.split()]
    if not fields or any(len(f) != 2 for f in fields):
        sys.exit(f"fixture line not plain key=value: {line!r}")
    rec = dict(fields)
    if all(rec.get(k, "") != "" for k in need):
        want.append(fields)
got = [json.loads(l) for l in open(out, encoding="utf-8")]
# Keys beginning with "_" are the reader's: checked by type, then left out.
reader = {"_time": str, "_holder": str, "_storm_last_time": str, "_spurious": bool,
          "_revived": bool, "_hopeless": bool}
for obj in got:
    for k in [k for k in obj if k.startswith("_")]:
        if not isinstance(obj[k], reader.get(k, type(None))):
            sys.exit(f"{k}: unexpected reader key or type {obj[k]!r}")
        del obj[k]
if kind == "version":
    want = want[:1]
if len(got) != len(want):
    sys.exit(f"{len(got)} objects for {len(want)} records")
for fields, obj in zip(want, got):
    if list(obj.keys()) != [k for k, _ in fields]:
        sys.exit(f"keys differ: {list(obj.keys())} vs {[k for k, _ in fields]}")
    for k, v in fields:
        o = obj[k]
        if isinstance(o, bool) or o is None or isinstance(o, (float, dict, list)):
            sys.exit(f"{k}: unexpected JSON type {type(o).__name__}")
        if str(o) != v:
            sys.exit(f"{k}: {o!r} != {v!r}")
        is_num = v.lstrip("-").isdigit() and (v == "0" or not v.lstrip("-").startswith("0"))
        if k in text and not isinstance(o, str):
            sys.exit(f"{k}: text field written as a number")
        if k not in text and is_num and not isinstance(o, int):
            sys.exit(f"{k}: number {v} written as a string")
PY

# The Prometheus text parses, and is what a collector accepts.
cat >"$TMP/prom.py" <<'PY'
import re, sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1], encoding="utf-8").read()
fams = list(text_string_to_metric_families(text))
helped, typed, seen = set(), {}, set()
labels_ok = {"node", "nid", "zone", "reason", "kind", "event", "finding", "severity", "version", "abi",
             "kernel", "failures_source", "reader", "le", "gfp", "gfp_zone"}
for line in text.splitlines():
    m = re.match(r"# (HELP|TYPE) (\S+) (.*)", line)
    if m and m.group(1) == "HELP":
        helped.add(m.group(2))
    elif m:
        typed[m.group(2)] = m.group(3)
    elif line.startswith("#") or not line:
        sys.exit(f"unexpected line {line!r}")
for f in fams:
    for s in f.samples:
        name = s.name
        if not re.fullmatch(r"kswapwatch_[a-z0-9_]+", name):
            sys.exit(f"bad metric name {name}")
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        if typed.get(base) == "histogram":
            name = base
        elif "le" in s.labels:
            sys.exit(f"{name}: le label outside a histogram")
        if "nid" in s.labels and f.name != "kswapwatch_diagnose_finding":
            sys.exit(f"{name}: label nid, not node")
        if name not in helped or name not in typed:
            sys.exit(f"{name}: sample without HELP and TYPE")
        if typed[name] == "counter" and not name.endswith("_total"):
            sys.exit(f"{name}: counter without _total")
        if not set(s.labels) <= labels_ok:
            sys.exit(f"{name}: unexpected labels {sorted(s.labels)}")
        key = (s.name, tuple(sorted(s.labels.items())))
        if key in seen:
            sys.exit(f"duplicate series {key}")
        seen.add(key)
print(sum(len(f.samples) for f in fams))
PY

expect_findings() {
	case $1 in
	quiet) echo "" ;;
	dma-storm) echo "dma_scan_storm" ;;
	injected) echo "dma_scan_storm preempt_off_stall irq_off_stall" ;;
	spurious-resets) echo "spurious_resets hopeless_episode" ;;
	hopeless) echo "hopeless_node preempt_off_stall" ;;
	reclaim-stalls) echo "reclaim_stall preempt_off_stall" ;;
	storm-live) echo "dma_scan_storm irq_off_stall" ;;
	timeline) echo "dma_scan_storm" ;;
	garbage) echo "hopeless_node spurious_resets reclaim_stall reclaim_stall reclaim_stall incomplete" ;;
	esac
}

for dir in "$FIX"/*/; do
	fx=$(basename "$dir")
	[ -f "$dir/version" ] || continue	# real/: samples of single files
	for cmd in stalls failures nodes zones status; do
		file=$cmd
		[ "$cmd" = failures ] && file=kswapd_failures
		[ "$cmd" = status ] && file=version
		out=$TMP/$fx.$cmd.json
		if ! "$KSW" -d "$dir" --json "$cmd" >"$out" 2>"$TMP/err"; then
			not_ok "$fx: --json $cmd exits non-zero: $(cat "$TMP/err")"
			continue
		fi
		check "$fx: --json $cmd: every line a JSON object (jq)" jq_lines "$out"
		# status: its first line is the version record (check_status.sh: the rest).
		if [ "$cmd" = status ]; then
			head -n 1 "$out" | sed 's/^{"_event":"version",/{/' >"$out.1" && mv "$out.1" "$out"
		fi
		if [ "$fx" != garbage ]; then
			if msg=$($PY "$TMP/same.py" "$dir/$file" "$out" "$file" 2>&1); then
				ok "$fx: --json $cmd equals the $file records"
			else
				not_ok "$fx: --json $cmd: $msg"
			fi
		fi
	done

	out=$TMP/$fx.diag.json
	"$KSW" -d "$dir" --sysctl-root "$dir/sys" --json diagnose >"$out" 2>/dev/null
	check "$fx: --json diagnose: JSON objects (jq)" jq_lines "$out"
	got=$(jq -r .finding "$out" | tr '\n' ' ' | sed 's/ $//')
	want=$(expect_findings "$fx")
	if [ "$got" = "$want" ]; then
		ok "$fx: diagnose finds '${want:-nothing}'"
	else
		not_ok "$fx: diagnose finds '$got', want '$want'"
	fi
	if [ -s "$out" ]; then
		check "$fx: --json diagnose: schema" jq_findings "$out"
	fi

	for cmd in status stalls failures nodes zones diagnose; do
		out=$TMP/$fx.$cmd.prom
		"$KSW" -d "$dir" --sysctl-root "$dir/sys" --prometheus "$cmd" >"$out" 2>/dev/null
		if n=$($PY "$TMP/prom.py" "$out" 2>&1); then
			ok "$fx: --prometheus $cmd parses ($n samples)"
		else
			not_ok "$fx: --prometheus $cmd: $n"
		fi
	done
done

# Prometheus values are the debugfs values.
"$KSW" -d "$FIX/spurious-resets" --prometheus nodes >"$TMP/n.prom"
check "prometheus: node 1 spurious resets = nodes spurious_resets=4" \
	grep -qx 'kswapwatch_node_spurious_resets_total{node="1"} 4' "$TMP/n.prom"
"$KSW" -d "$FIX/dma-storm" --prometheus zones >"$TMP/z.prom"
check "prometheus: DMA reclaim_skipped" \
	grep -qx 'kswapwatch_zone_reclaim_skipped_pages_total{node="0",zone="DMA"} 985112704' "$TMP/z.prom"

# --since keeps only newer records.
"$KSW" -d "$FIX/reclaim-stalls" --json --since 4 stalls >"$TMP/since.json"
check "--since 4 stalls: seq 5 and 6" test "$(jq -c .seq "$TMP/since.json" | tr '\n' ' ')" = "5 6 "
"$KSW" -d "$FIX/spurious-resets" --json --since 40 failures >"$TMP/since.json"
check "--since 40 failures: seq 41" test "$(jq -c .seq "$TMP/since.json" | tr '\n' ' ')" = "41 "

# Huge and odd values pass through as strings, numbers stay exact.
"$KSW" -d "$FIX/garbage" --json stalls 2>/dev/null >"$TMP/g.json"
check "garbage: 18446744073709551615 stays exact" \
	$PY -c 'import json,sys; assert any(json.loads(l)["seq"] == 18446744073709551615 for l in open(sys.argv[1]))' "$TMP/g.json"
check "garbage: overflowing value is a string" \
	$PY -c 'import json,sys; assert any(json.loads(l).get("big") == "18446744073709551616" for l in open(sys.argv[1]))' "$TMP/g.json"
check "garbage: a command name with a space" \
	$PY -c 'import json,sys; assert any(json.loads(l).get("comm") == "Web Content" for l in open(sys.argv[1]))' "$TMP/g.json"
check "garbage: malformed lines are reported on stderr" \
	sh -c "'$KSW' -d '$FIX/garbage' stalls 2>&1 >/dev/null | grep -q '6 lines ignored'"

finish
