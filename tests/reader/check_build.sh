#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make tool: the reader is rebuilt when its flags change (STATIC=1 after a
# dynamic build, and back), and not when nothing changed.  Built in a copy
# of the tree's reader sources, so the tree's own userspace/kswapwatch is
# left alone.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

B=$TMP/tree
mkdir -p "$B"
cp -r "$TOP/Makefile" "$TOP/include" "$TOP/userspace" "$B/"
rm -f "$B/userspace/kswapwatch" "$B/userspace/.build-flags"
# static: no dynamic section, so no interpreter and no NEEDED entries
is_static() { readelf -l "$B/userspace/kswapwatch" >"$TMP/elf" && ! grep -q INTERP "$TMP/elf"; }
is_dynamic() { readelf -l "$B/userspace/kswapwatch" >"$TMP/elf" && grep -q INTERP "$TMP/elf"; }
build() { make -s -C "$B" --no-print-directory tool "$@" >"$TMP/make.out" 2>&1; }

check "make tool" build
check "make tool: a dynamic binary" is_dynamic
t0=$(stat -c %Y "$B/userspace/kswapwatch")
sleep 1
build
check "make tool again: not rebuilt" test "$(stat -c %Y "$B/userspace/kswapwatch")" = "$t0"
if [ -e /usr/lib/x86_64-linux-gnu/libc.a ] || [ -n "$(find /usr/lib -name libc.a -print -quit)" ]; then
	check "make tool STATIC=1" build STATIC=1
	check "make tool STATIC=1 after make tool: rebuilt static" is_static
	check "the static reader runs" "$B/userspace/kswapwatch" -V
	build STATIC=1
	check "make tool STATIC=1 again: still static" is_static
	build
	check "make tool after STATIC=1: rebuilt dynamic" is_dynamic
else
	echo "# no static libc: STATIC=1 not checked"
fi
build CFLAGS=-O0
check "make tool CFLAGS=-O0: rebuilt with them" grep -q -- "-O0" "$B/userspace/.build-flags"

finish
