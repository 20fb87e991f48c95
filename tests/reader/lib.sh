# SPDX-License-Identifier: GPL-2.0
# Helpers for the reader's host checks: counters and the reader binary.
#   . tests/reader/lib.sh
# $KSW is the reader to test: $KSWAPWATCH if set, else one built from this
# tree into a scratch directory ($TMP, removed on exit).

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FIX=$TOP/tests/fixtures
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
not_ok() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }
# check DESCRIPTION CMD...: ok when CMD succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}
# rc_is WANT DESCRIPTION CMD...: ok when CMD exits with status WANT.
rc_is() {
	local want=$1 what=$2 rc
	shift 2
	"$@" >"$TMP/rc.out" 2>"$TMP/rc.err"
	rc=$?
	if [ "$rc" = "$want" ]; then
		ok "$what (exit $rc)"
	else
		not_ok "$what: exit $rc, want $want: $(head -c 300 "$TMP/rc.err")"
	fi
}
finish() {
	echo "$(basename "$0" .sh): $PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ]
}

if [ -n "${KSWAPWATCH:-}" ]; then
	KSW=$KSWAPWATCH
else
	srcs=$(make -s -C "$TOP" --no-print-directory -f Makefile -f - reader-srcs <<'MK'
reader-srcs:
	@echo $(READER_SRCS)
MK
)
	(cd "$TOP" && ${CC:-cc} -O2 -g -std=gnu11 -Wall -Wextra -D_GNU_SOURCE -Iinclude \
		-o "$TMP/kswapwatch" $srcs) || { echo "not ok - reader does not build"; \
		echo "$(basename "$0" .sh): 0 passed, 1 failed"; exit 1; }
	KSW=$TMP/kswapwatch
fi
