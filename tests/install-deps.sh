#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Install, with apt, what building and testing kswapwatch needs and is not
# there yet.  Needs root; installs nothing when everything is present.
set -eu

pkgs="gcc make libc6-dev sparse libcmocka-dev pkg-config
qemu-system-x86 debootstrap busybox-static cpio gzip xz-utils zstd kmod
util-linux dpkg debian-archive-keyring
jq python3 python3-prometheus-client clang prometheus librsvg2-bin"
# --arm64: also what booting arm64 guests needs (make check-matrix).
[ "${1:-}" = --arm64 ] && pkgs="$pkgs qemu-system-arm"

missing=
for p in $pkgs; do
	if ! dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "kswapwatch: missing packages:$missing; install them as root (apt-get install$missing)" >&2
	exit 1
fi
echo "kswapwatch: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends $missing >/dev/null
