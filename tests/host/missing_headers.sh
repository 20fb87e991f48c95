#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Building without kernel headers stops with one message naming the package.
cd "$(dirname "$0")/../.." || exit 1
p=0 f=0
out=$(make -s module KVER=0.0.0-none-amd64 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q 'apt-get install linux-headers-0.0.0-none-amd64' &&
   [ "$(echo "$out" | grep -c .)" -le 4 ]; then
	echo "ok: missing headers name the package"; p=$((p + 1))
else
	echo "FAIL: missing headers gave:"; echo "$out"; f=$((f + 1))
fi
out=$(make -s module KDIR=/nonexistent 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q 'no kernel build tree at /nonexistent'; then
	echo "ok: a bad KDIR is named"; p=$((p + 1))
else
	echo "FAIL: bad KDIR gave:"; echo "$out"; f=$((f + 1))
fi
echo "missing_headers: $p passed, $f failed"
[ "$f" = 0 ]
