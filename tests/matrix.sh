#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-matrix: every kernel of tests/vm/kernels.tsv (or those named in
# $KSW_MATRIX_KERNELS) times every scenario, then a table kernel x scenario
# with each cell's result and time, and one "N passed, N failed" line.
# Scenarios may be narrowed with $KSW_MATRIX_SCENARIOS (names).
set -uo pipefail
cd "$(dirname "$0")/.."
tests/install-deps.sh || exit 1

kernels=${KSW_MATRIX_KERNELS:-$(awk '!/^#/ && NF { print $1 }' tests/vm/kernels.tsv)}
# shellcheck disable=SC2086
scenarios=(${KSW_MATRIX_SCENARIOS:-})
results=$(mktemp)
trap 'rm -f "$results"' EXIT

t0=$SECONDS
for k in $kernels; do
	echo "=== $k"
	tests/vm/run --build-checks "$k" "${scenarios[@]}" 2>&1 | tee -a "$results.log" |
		grep -E '^(PASS|FAIL|SKIP|RETRY) ' | tee -a "$results"
done
rm -f "$results.log"

echo
echo "kernel x scenario ($((SECONDS - t0)) s in all; P pass, F fail, S skip; seconds)"
awk '
	$1 ~ /^(PASS|FAIL|SKIP)$/ {
		k = $2; s = $3; t = $4; sub(/s$/, "", t)
		if (!(k in ks)) { ks[k] = 1; ko[++nk] = k }
		if (!(s in ss)) { ss[s] = 1; so[++ns] = s }
		cell[k, s] = substr($1, 1, 1) " " t
		if ($1 == "PASS") p++; else if ($1 == "FAIL") f++; else sk++
	}
	END {
		w = 10
		for (i = 1; i <= ns; i++) if (length(so[i]) > w) w = length(so[i])
		printf "%-" w "s", "scenario"
		for (j = 1; j <= nk; j++) printf " %10s", ko[j]
		printf "\n"
		for (i = 1; i <= ns; i++) {
			printf "%-" w "s", so[i]
			for (j = 1; j <= nk; j++) {
				c = ((ko[j], so[i]) in cell) ? cell[ko[j], so[i]] : "-"
				printf " %10s", c
			}
			printf "\n"
		}
		printf "\n%d passed, %d failed, %d skipped\n", p, f, sk
		exit (f > 0)
	}' "$results"
