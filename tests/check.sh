#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test, ending with one "N passed, N failed" line.
#   host unit tests, reader format checks, the fuzz target (bounded), then
#   for each kernel in $KSW_CHECK_KERNELS (default "6.1 7.2"): the module
#   built with W=1 and warnings as errors, the build checks (sparse, a
#   wrong probe prototype stops the build) and every VM scenario.
set -uo pipefail
cd "$(dirname "$0")/.."

tests/install-deps.sh || exit 1

kernels=${KSW_CHECK_KERNELS:-6.1 7.2}
passed=0
failed=0
skipped=0
failures=()

# tally LABEL LOG: add the counts of the last "N passed, N failed" line.
tally() {
	local line p f s
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1)
	if [ -z "$line" ]; then
		failed=$((failed + 1))
		failures+=("$1 (no result line)")
		return
	fi
	p=$(echo "$line" | sed -E 's/^(.*[^0-9])?([0-9]+) passed.*/\2/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + ${s:-0}))
	[ "$f" = 0 ] || failures+=("$1")
}

# step LABEL CMD...: run a step, show its output, count its results.
step() {
	local label=$1 log t0 rc
	shift
	log=$(mktemp)
	t0=$SECONDS
	echo "=== $label"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	tally "$label" "$log"
	if [ "$rc" != 0 ] && [[ " ${failures[*]} " != *" $label"* ]]; then
		failed=$((failed + 1))
		failures+=("$label (exit $rc)")
	fi
	echo "=== $label: $((SECONDS - t0))s"
	rm -f "$log"
}

step unit make -s -C tests/unit run
for t in tests/host/*.sh tests/reader/*.sh; do
	[ -x "$t" ] && step "$(basename "$t" .sh)" "$t"
done
if [ -f tests/fuzz/Makefile ]; then
	step fuzz make -s -C tests/fuzz run RUNS="${KSW_FUZZ_RUNS:-1000000}" \
		MAX_TIME="${KSW_FUZZ_SECONDS:-300}"
fi
for k in $kernels; do
	step "vm $k" tests/vm/run --build-checks "$k"
done

echo
if [ ${#failures[@]} -gt 0 ]; then
	echo "failed steps: ${failures[*]}"
fi
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]
