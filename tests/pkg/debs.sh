#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: tests/pkg/debs.sh [OUTDIR]     (root, Debian 12 host)
#
# Build the Debian packages with dpkg-buildpackage -us -uc -b from a clean
# copy of the tree, check their contents, and run lintian: no error may
# remain (warnings are printed).  The .debs are left in OUTDIR (default
# $KSW_CACHE/pkg/debs) for tests/pkg/deb-boot.sh.
set -uo pipefail
. "$(dirname "$0")/../vm/lib.sh"

out=${1:-$KSW_CACHE/pkg/debs}
p=0 f=0
ok() { echo "ok: $*"; p=$((p + 1)); }
bad() { echo "FAIL: $*"; f=$((f + 1)); }

missing=
for pkg in dpkg-dev debhelper dh-dkms lintian fakeroot; do
	dpkg-query -W -f '${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
	[ "$(id -u)" = 0 ] || vm_die "missing:$missing (apt-get install$missing)"
	vm_log "installing$missing"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 \
		--no-install-recommends $missing >/dev/null || vm_die "cannot install$missing"
fi

ver=$("$KSW_TOP/scripts/version.sh")
work=$(mktemp -d "${TMPDIR:-/tmp}/kswapwatch-debs.XXXXXX")
trap 'rm -rf "$work"' EXIT
copy_tree "$work/kswapwatch-$ver"

t0=$SECONDS
if (cd "$work/kswapwatch-$ver" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b ($((SECONDS - t0)) s)"
else
	bad "dpkg-buildpackage failed:"
	tail -n 30 "$work/build.log" | sed 's/^/      | /'
	echo "pkg debs: $p passed, $f failed"
	exit 1
fi
rm -rf "$out"
mkdir -p "$out"
cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out"/
for d in "$out"/*.deb; do echo "      $(basename "$d")  $(stat -c %s "$d") bytes"; done

dkms_deb=$out/kswapwatch-dkms_${ver}-1_all.deb
tool_deb=$(echo "$out"/kswapwatch_"${ver}"-1_*.deb)
contents() { dpkg-deb -c "$1" | awk '{ print $6 }' | sed 's|^\./|/|'; }
for want in /usr/src/kswapwatch-$ver/dkms.conf /usr/src/kswapwatch-$ver/Makefile \
	    /usr/src/kswapwatch-$ver/Kbuild /usr/src/kswapwatch-$ver/scripts/features.sh \
	    /usr/src/kswapwatch-$ver/module/main.c /usr/src/kswapwatch-$ver/include/kswapwatch_abi.h \
	    /usr/lib/modules-load.d/kswapwatch.conf; do
	contents "$dkms_deb" | grep -qx "$want" && ok "kswapwatch-dkms has $want" || bad "kswapwatch-dkms lacks $want"
done
contents "$dkms_deb" | grep -q '^/usr/src/kswapwatch-[^/]*/module/generated' &&
	bad "kswapwatch-dkms ships module/generated" || ok "kswapwatch-dkms ships no generated files"
for want in /usr/sbin/kswapwatch /usr/share/man/man8/kswapwatch.8.gz \
	    /lib/systemd/system/kswapwatch-watch.service /etc/modprobe.d/kswapwatch.conf; do
	contents "$tool_deb" | grep -qx "$want" && ok "kswapwatch has $want" || bad "kswapwatch lacks $want"
done
conf=$(dpkg-deb --fsys-tarfile "$dkms_deb" | tar -xOf - "./usr/src/kswapwatch-$ver/dkms.conf")
echo "$conf" | grep -qx "PACKAGE_VERSION=\"$ver\"" &&
	ok "installed dkms.conf has PACKAGE_VERSION=\"$ver\"" || bad "installed dkms.conf version"
dpkg-deb -e "$dkms_deb" "$work/ctl"
grep -q "DKMS_VERSION=$ver\$" "$work/ctl/postinst" && grep -q "DKMS_VERSION=$ver\$" "$work/ctl/prerm" &&
	ok "maintainer scripts add and remove kswapwatch/$ver" || bad "maintainer scripts name another version"

t0=$SECONDS
lintian -I --pedantic --tag-display-limit 0 "$out"/*.changes >"$work/lintian.log" 2>&1
grep -v '^running with root' "$work/lintian.log" | sed 's/^/      | /'
nerr=$(grep -c '^E: ' "$work/lintian.log")
nwarn=$(grep -c '^W: ' "$work/lintian.log")
if [ "$nerr" = 0 ]; then
	ok "lintian: 0 errors, $nwarn warnings ($((SECONDS - t0)) s)"
else
	bad "lintian: $nerr errors, $nwarn warnings"
fi
echo "pkg debs: $p passed, $f failed"
[ "$f" = 0 ]
