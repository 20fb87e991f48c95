#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Prometheus: the exposition of every fixture passes `promtool check
# metrics`; the alert rules (prometheus/kswapwatch-alerts.yml) pass
# `promtool check rules` and their unit tests (`promtool test rules`), and
# those tests fail on rules that are wrong in the ways listed below.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

RULES=$TOP/prometheus/kswapwatch-alerts.yml
RTEST=$TOP/prometheus/kswapwatch-alerts.test.yml
if ! command -v promtool >/dev/null; then
	not_ok "promtool is not installed (apt-get install prometheus)"
	finish
	exit 1
fi

# promtool check metrics reads the text on stdin; lint problems fail it.
metrics_ok() {
	promtool check metrics <"$1" >"$TMP/lint" 2>&1 && [ ! -s "$TMP/lint" ]
}

for dir in "$FIX"/*/; do
	fx=$(basename "$dir")
	for cmd in status stalls failures nodes zones; do
		out=$TMP/$fx.$cmd.prom
		"$KSW" -d "$dir" --sysctl-root "$dir/sys" --prometheus "$cmd" >"$out" 2>/dev/null
		if metrics_ok "$out"; then
			ok "$fx: --prometheus $cmd passes promtool check metrics"
		else
			not_ok "$fx: --prometheus $cmd: $(head -c 300 "$TMP/lint")"
		fi
	done
done

# What the exposition says, on fixtures with known contents.
"$KSW" -d "$FIX/reclaim-stalls" --prometheus >"$TMP/rs.prom" 2>/dev/null
has() { grep -qxF "$2" "$1"; }
check "kswapwatch_up 1 when the module was read" has "$TMP/rs.prom" "kswapwatch_up 1"
check "stall records by kind: a counter, 4 of kind reclaim" \
	sh -c "grep -qx '# TYPE kswapwatch_stalls_total counter' '$TMP/rs.prom' &&
	       grep -qx 'kswapwatch_stalls_total{kind=\"reclaim\"} 4' '$TMP/rs.prom'"
check "the newest seq is a counter, not a gauge" \
	sh -c "grep -qx '# TYPE kswapwatch_stalls_recorded_total counter' '$TMP/rs.prom' &&
	       grep -qx 'kswapwatch_stalls_recorded_total 6' '$TMP/rs.prom' &&
	       grep -qx '# TYPE kswapwatch_failures_recorded_total counter' '$TMP/rs.prom' &&
	       ! grep -q '_last_seq' '$TMP/rs.prom'"
check "no longest-stall gauge that never clears" \
	sh -c "! grep -q 'longest' '$TMP/rs.prom'"
# reclaim: 254 ms, 30 ms, 1.2 s, 481 ms.
check "duration histogram of the reclaim stalls" \
	sh -c "grep -qx '# TYPE kswapwatch_stall_duration_seconds histogram' '$TMP/rs.prom' &&
	       grep -qx 'kswapwatch_stall_duration_seconds_bucket{kind=\"reclaim\",le=\"0.05\"} 1' '$TMP/rs.prom' &&
	       grep -qx 'kswapwatch_stall_duration_seconds_bucket{kind=\"reclaim\",le=\"0.25\"} 1' '$TMP/rs.prom' &&
	       grep -qx 'kswapwatch_stall_duration_seconds_bucket{kind=\"reclaim\",le=\"0.5\"} 3' '$TMP/rs.prom' &&
	       grep -qx 'kswapwatch_stall_duration_seconds_bucket{kind=\"reclaim\",le=\"2.5\"} 4' '$TMP/rs.prom' &&
	       grep -qx 'kswapwatch_stall_duration_seconds_bucket{kind=\"reclaim\",le=\"+Inf\"} 4' '$TMP/rs.prom' &&
	       grep -qx 'kswapwatch_stall_duration_seconds_sum{kind=\"reclaim\"} 1.969827' '$TMP/rs.prom' &&
	       grep -qx 'kswapwatch_stall_duration_seconds_count{kind=\"reclaim\"} 4' '$TMP/rs.prom'"
check "every kind from 0, so that a first stall is an increase" \
	has "$TMP/rs.prom" 'kswapwatch_stall_duration_seconds_count{kind="irq"} 1'
check "the node label is node, as node_exporter's" \
	sh -c "grep -q '{node=\"0\"' '$TMP/rs.prom' && ! grep -v '^kswapwatch_diagnose_finding' '$TMP/rs.prom' | grep -q 'nid='"
"$KSW" -d "$FIX/injected" --prometheus zones >"$TMP/inj.prom" 2>/dev/null
check "storms per zone: a counter" \
	has "$TMP/inj.prom" 'kswapwatch_zone_storms_total{node="0",zone="DMA"} 212'
check "kswapd run time per node and zone, in seconds" \
	has "$TMP/inj.prom" 'kswapwatch_kswapd_run_seconds_total{node="0",zone="DMA"} 7.340032000'
check "watermark boost, storm ratio" \
	sh -c "grep -qx 'kswapwatch_zone_boost_pages{node=\"0\",zone=\"DMA32\"} 512' '$TMP/inj.prom' &&
	       grep -qx 'kswapwatch_zone_storm_ratio{node=\"0\",zone=\"DMA\"} 100' '$TMP/inj.prom'"
check "kswapd wakeups by allocation class" \
	sh -c "grep -qx 'kswapwatch_zone_kswapd_wakeups_gfp_total{node=\"0\",zone=\"DMA\",gfp=\"kernel\",gfp_zone=\"DMA32\"} 290' '$TMP/inj.prom' &&
	       grep -qx 'kswapwatch_zone_kswapd_wakeups_gfp_total{node=\"0\",zone=\"DMA\",gfp=\"boost\"} 21' '$TMP/inj.prom'"
check "the page size family is there for the _pages metrics" \
	grep -qx '# TYPE kswapwatch_page_size_bytes gauge' "$TMP/rs.prom"

# The rules.
if out=$(promtool check rules "$RULES" 2>&1); then
	ok "promtool check rules: $(echo "$out" | grep -o '[0-9]* rules found')"
else
	not_ok "promtool check rules: $out"
fi
if out=$(cd "$(dirname "$RTEST")" && promtool test rules "$(basename "$RTEST")" 2>&1); then
	ok "promtool test rules"
else
	not_ok "promtool test rules: $(echo "$out" | head -c 600)"
fi

# Wrong rules fail the tests: MUTATION (a sed expression) WHAT.
mutant() {
	local sedexp=$1 what=$2
	mkdir -p "$TMP/mut"
	sed "$sedexp" "$RULES" >"$TMP/mut/kswapwatch-alerts.yml"
	cp "$RTEST" "$TMP/mut/"
	if cmp -s "$RULES" "$TMP/mut/kswapwatch-alerts.yml"; then
		not_ok "mutation '$what' changed nothing"
	elif (cd "$TMP/mut" && promtool test rules kswapwatch-alerts.test.yml >/dev/null 2>&1); then
		not_ok "the rule tests pass with a wrong rule: $what"
	else
		ok "the rule tests catch: $what"
	fi
}
mutant 's/ or absent(kswapwatch_up)//' "no alert when kswapwatch_up is absent"
mutant 's/> 900/> 9000/' "staleness after 2.5 hours"
mutant 's/le="0.5"/le="+Inf"/' "long stalls never counted"
mutant 's/le="0.5"/le="0.05"/' "stalls of 0.05 s counted as long"
mutant 's/expr: kswapwatch_node_hopeless == 1/expr: kswapwatch_node_hopeless == 0/' "hopeless inverted"
mutant 's/increase(kswapwatch_node_spurious_resets_total\[30m\]) > 0/kswapwatch_node_spurious_resets_total > 0/' \
	"spurious resets by count, not by increase"
mutant 's/increase(kswapwatch_zone_storms_total\[10m\]) > 0/kswapwatch_zone_storms_total > 0/' \
	"storms by count, not by increase"
mutant 's/\[10m\])) > 0.5/[10m])) > 0.3/' "kswapd busy at 30 % of a CPU"
mutant 's/sum by (instance, node) (rate(kswapwatch_kswapd_run_seconds_total/max by (instance, node) (rate(kswapwatch_kswapd_run_seconds_total/' \
	"kswapd time of one zone, not the node's"

finish
