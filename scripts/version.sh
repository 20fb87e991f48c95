#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The project's version lives in one place: KSW_VERSION in
# include/kswapwatch_abi.h (the module's MODULE_VERSION and the reader take
# it from there).  A few files must also carry it literally, for tools that
# read them without compiling anything:
#
#   dkms.conf            PACKAGE_VERSION (dkms names /usr/src/NAME-VERSION)
#   man/kswapwatch.8     the .TH line
#   debian/changelog     the upstream part of the newest entry
#
# usage: scripts/version.sh           print the version
#        scripts/version.sh --check   exit 1, naming each file that differs
#        scripts/version.sh --sync    rewrite dkms.conf and the man page
#                                     (debian/changelog: dch -v VERSION-1)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

ver=$(sed -n 's/^#define KSW_VERSION[[:space:]]*"\(.*\)"/\1/p' "$top/include/kswapwatch_abi.h")
if [ -z "$ver" ]; then
	echo "version: no KSW_VERSION in include/kswapwatch_abi.h" >&2
	exit 1
fi

dkms_ver() { sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf"; }
man_ver() { sed -n 's/^\.TH .*"kswapwatch \([^"]*\)".*/\1/p' "$top/man/kswapwatch.8"; }
# The newest entry, Debian revision removed.
deb_ver() { sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$top/debian/changelog" | sed 's/-[^-]*$//'; }

case ${1:-} in
"")
	echo "$ver"
	;;
--check)
	bad=0
	for f in dkms.conf man/kswapwatch.8 debian/changelog; do
		[ -f "$top/$f" ] || continue
		case $f in
		dkms.conf) have=$(dkms_ver) ;;
		man/*) have=$(man_ver) ;;
		debian/*) have=$(deb_ver) ;;
		esac
		if [ "$have" != "$ver" ]; then
			echo "version: $f has '$have', include/kswapwatch_abi.h has KSW_VERSION \"$ver\"" >&2
			bad=1
		fi
	done
	if [ "$bad" = 1 ]; then
		echo "version: run 'make version-sync'; for debian/changelog: dch -v $ver-1" >&2
		exit 1
	fi
	;;
--sync)
	sed -i "s/^PACKAGE_VERSION=\".*\"\$/PACKAGE_VERSION=\"$ver\"/" "$top/dkms.conf"
	if [ -f "$top/man/kswapwatch.8" ]; then
		sed -i "s/^\(\.TH .*\"kswapwatch \)[^\"]*\(\".*\)/\1$ver\2/" "$top/man/kswapwatch.8"
	fi
	if [ -f "$top/debian/changelog" ] && [ "$(deb_ver)" != "$ver" ]; then
		echo "version: debian/changelog is at $(deb_ver): add an entry with dch -v $ver-1" >&2
	fi
	;;
*)
	echo "usage: $0 [--check | --sync]" >&2
	exit 2
	;;
esac
