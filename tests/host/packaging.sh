#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Packaging checks that need no kernel and no network:
# - one version: KSW_VERSION in include/kswapwatch_abi.h, copied literally
#   into dkms.conf, the man page and debian/changelog (scripts/version.sh);
# - dkms.conf parses as dkms sources it;
# - every module parameter is in the shipped modprobe.d file;
# - a kernel without a required option is refused with a clear message;
# - make clean works without kernel headers (dkms and dh_auto_clean run it).
# The heavy tests (dkms against real headers, .debs booted in qemu) are
# tests/pkg/run.
cd "$(dirname "$0")/../.." || exit 1
p=0 f=0
ok() { echo "ok: $1"; p=$((p + 1)); }
bad() { echo "FAIL: $1"; f=$((f + 1)); }

ver=$(scripts/version.sh)
if out=$(scripts/version.sh --check 2>&1); then
	ok "dkms.conf, man page and debian/changelog carry KSW_VERSION $ver"
else
	bad "versions differ:"; echo "$out"
fi

# The check must catch a difference: try it on a copy.
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/scripts" "$t/include" "$t/man" "$t/debian"
cp scripts/version.sh "$t/scripts/"
cp include/kswapwatch_abi.h "$t/include/"
cp dkms.conf "$t/"
cp man/kswapwatch.8 "$t/man/" 2>/dev/null
cp debian/changelog "$t/debian/"
sed -i 's/^#define KSW_VERSION.*/#define KSW_VERSION\t\t"9.9.9"/' "$t/include/kswapwatch_abi.h"
if "$t/scripts/version.sh" --check >/dev/null 2>&1; then
	bad "a KSW_VERSION bump went unnoticed"
else
	ok "a KSW_VERSION bump without version-sync is caught"
fi
"$t/scripts/version.sh" --sync 2>/dev/null
if grep -q '^PACKAGE_VERSION="9.9.9"$' "$t/dkms.conf" &&
   { [ ! -f "$t/man/kswapwatch.8" ] || grep -q '^\.TH .*"kswapwatch 9.9.9"' "$t/man/kswapwatch.8"; }; then
	ok "version-sync rewrites dkms.conf and the man page"
else
	bad "version-sync did not rewrite dkms.conf or the man page"
fi

# dkms.conf is sourced by bash: it must parse and name what dkms needs.
if out=$(bash -c 'kernelver=1.2.3; . ./dkms.conf &&
	echo "$PACKAGE_NAME|$PACKAGE_VERSION|${BUILT_MODULE_NAME[0]}|${DEST_MODULE_LOCATION[0]}|$AUTOINSTALL|${MAKE[0]}"' 2>&1) &&
   [ "$out" = "kswapwatch|$ver|kswapwatch|/updates/dkms|yes|make module KVER=1.2.3 KDIR=/lib/modules/1.2.3/build" ]; then
	ok "dkms.conf sources and builds for \${kernelver}"
else
	bad "dkms.conf gave: $out"
fi

if out=$(scripts/check-modprobe-conf.sh 2>&1); then
	ok "modprobe.d file lists every module parameter"
else
	bad "modprobe.d file:"; echo "$out"
fi
# A kernel built without CONFIG_TRACEPOINTS: stop before compiling anything.
k=$t/kdir
mkdir -p "$k/include/config"
echo 'all:' >"$k/Makefile"
printf 'CONFIG_DEBUG_FS=y\nCONFIG_MODULES=y\n' >"$k/include/config/auto.conf"
cp "$k/include/config/auto.conf" "$k/.config"
out=$(make -s module KDIR="$k" KVER=9.9.9-test 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q 'kernel 9.9.9-test .* is built without CONFIG_TRACEPOINTS=y'; then
	ok "a kernel without CONFIG_TRACEPOINTS is refused by name"
else
	bad "no CONFIG_TRACEPOINTS gave:"; echo "$out"
fi
grep -q '^BUILD_EXCLUSIVE_CONFIG="CONFIG_TRACEPOINTS CONFIG_DEBUG_FS"$' dkms.conf &&
	grep -q '^KSW_REQUIRED_CONFIG := CONFIG_TRACEPOINTS CONFIG_DEBUG_FS$' Makefile &&
	ok "dkms.conf and the Makefile require the same kernel options" ||
	bad "BUILD_EXCLUSIVE_CONFIG and KSW_REQUIRED_CONFIG differ"

# make clean in a copy of what DKMS gets, with no headers anywhere.
mkdir -p "$t/dkms"
make -s dkms-source DESTDIR="$t/dkms" >/dev/null 2>&1
d=$(echo "$t"/dkms/usr/src/kswapwatch-*)
touch "$d/kswapwatch.ko" "$d/module/main.o" "$d/.kswapwatch.ko.cmd"
mkdir -p "$d/module/generated"
if out=$(make -s -C "$d" clean KDIR=/nonexistent 2>&1) &&
   [ ! -e "$d/kswapwatch.ko" ] && [ ! -e "$d/module/main.o" ] && [ ! -e "$d/module/generated" ]; then
	ok "make clean works without headers in the DKMS source tree"
else
	bad "make clean without headers:"; echo "$out"
fi
if [ -f "$d/dkms.conf" ] && [ -f "$d/scripts/features.sh" ] && [ -f "$d/module/main.c" ] &&
   [ ! -e "$d/userspace" ] && [ ! -e "$d/debian" ]; then
	ok "the DKMS source tree has the module's sources and nothing else"
else
	bad "DKMS source tree: $(cd "$d" && find . -type f | sort | tr '\n' ' ')"
fi
echo "packaging: $p passed, $f failed"
[ "$f" = 0 ]
