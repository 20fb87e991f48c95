#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-matrix: every kernel of tests/vm/kernels.tsv (or those named in
# $KSW_MATRIX_KERNELS) times every scenario, then a table kernel x scenario
# with each cell's result and time, and one "N passed, N failed" line.
# Scenarios may be narrowed with $KSW_MATRIX_SCENARIOS (names).
#
# The whole matrix takes hours under TCG.  A kernel's complete row that
# passed (every scenario, from a clean git tree) is kept under
# $KSW_CACHE/matrix/<tree>/<kernel>, <tree> being the tree's git hash, and
# a later run of the same tree takes the row from there instead of booting
# again, and says so; the table is then of that tree, whichever run
# measured each row.  KSW_MATRIX_FRESH=1 runs every row again.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
tests/install-deps.sh || exit 1

kernels=${KSW_MATRIX_KERNELS:-$(awk '!/^#/ && NF { print $1 }' tests/vm/kernels.tsv)}
# shellcheck disable=SC2206 # names, split at blanks
scenarios=(${KSW_MATRIX_SCENARIOS:-})
results=$(mktemp)
trap 'rm -f "$results" "$results.log"' EXIT

# Rows are kept only for a clean tree and all scenarios.
store=
if [ ${#scenarios[@]} = 0 ] && git rev-parse --git-dir >/dev/null 2>&1 &&
	[ -z "$(git status --porcelain --untracked-files=no)" ]; then
	store=${KSW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kswapwatch}/matrix/$(git rev-parse 'HEAD^{tree}')
	mkdir -p "$store"
fi

t0=$SECONDS
for k in $kernels; do
	if [ -n "$store" ] && [ "${KSW_MATRIX_FRESH:-0}" != 1 ] && [ -s "$store/$k" ]; then
		echo "=== $k: the row measured $(date -r "$store/$k" '+%F %H:%M') from this tree ($store/$k)"
		tee -a "$results" <"$store/$k"
		continue
	fi
	echo "=== $k"
	tests/vm/run --build-checks "$k" "${scenarios[@]}" 2>&1 | tee "$results.log" |
		grep --line-buffered -E '^(PASS|FAIL|SKIP|RETRY) ' | tee -a "$results"
	# A row is kept when the harness got to its last line with every
	# scenario passed; one with a failure or a skip is run again next time.
	if [ -n "$store" ] && grep -q "^vm $k: [0-9]* passed, 0 failed, 0 skipped\$" "$results.log"; then
		grep -E '^(PASS|FAIL|SKIP|RETRY) ' "$results.log" >"$store/$k.tmp" && mv "$store/$k.tmp" "$store/$k"
	fi
done

echo
echo "kernel x scenario ($((SECONDS - t0)) s in this run; P pass, F fail, S skip; seconds)"
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
