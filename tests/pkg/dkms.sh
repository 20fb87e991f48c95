#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: tests/pkg/dkms.sh [KERNEL...]     (default: 6.1 7.2; root)
#
# `make dkms-install` and `make dkms-remove` for each KERNEL of
# tests/vm/kernels.tsv, where the harness builds for it: on the host for
# 6.1, in the suite's build chroot otherwise (dkms is installed there).
# Checks that dkms builds and installs the module for that kernel, that
# modinfo of the installed module shows the version, license, description
# and a description for every parameter, and that removing it leaves no
# file behind under /usr/src, /var/lib/dkms and /lib/modules/<release>.
set -uo pipefail
. "$(dirname "$0")/../vm/lib.sh"

[ "$(id -u)" = 0 ] || vm_die "needs root (dkms, chroot)"
[ $# -gt 0 ] || set -- 6.1 7.2
p=0 f=0
ok() { echo "ok: $*"; p=$((p + 1)); }
bad() { echo "FAIL: $*"; f=$((f + 1)); }

ver=$("$KSW_TOP/scripts/version.sh")

# run CMD...: in the kernel's build environment.
run() {
	if [ -n "$K_ROOT" ]; then in_chroot "$@"; else "$@"; fi
}

# What dkms and the module may leave behind; not depmod's indexes
# (rebuilt by every depmod run) nor dkms's own signing key.
snapshot() {
	run sh -c "find /usr/src /var/lib/dkms /lib/modules/$K_REL -xdev 2>/dev/null |
		grep -v -e '^/var/lib/dkms/mok\.' -e '^/lib/modules/$K_REL/modules\.[a-z.]*\$' | sort"
}

ensure_dkms() {
	if [ -z "$K_ROOT" ]; then
		command -v dkms >/dev/null && return 0
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends dkms >/dev/null
		return
	fi
	in_chroot sh -c 'command -v dkms' >/dev/null 2>&1 && return 0
	vm_log "installing dkms in the $K_BUILDENV chroot"
	vm_lock "$K_ROOT"
	{ in_chroot apt-get -q update &&
	  DEBIAN_FRONTEND=noninteractive in_chroot apt-get install -y -q --no-install-recommends dkms; } \
		>"$K_ROOT.dkms.log" 2>&1
	local rc=$?
	vm_unlock
	[ $rc = 0 ] || tail -n 20 "$K_ROOT.dkms.log" >&2
	return $rc
}

one_kernel() {
	local t0 log src rel before after ko info parms
	prepare_kernel "$1" || return 1
	ensure_dkms || { bad "$1: cannot install dkms"; return 1; }
	log=$KSW_CACHE/logs/pkg/dkms-$1.log
	mkdir -p "$(dirname "$log")"
	rel=build/pkg-dkms-$$
	if [ -n "$K_ROOT" ]; then src=$K_ROOT/$rel; else src=$KSW_CACHE/$rel; fi
	rm -rf "$src"
	copy_tree "$src"
	# Nothing of another run may remain.
	run make -s -C "/${src#"$K_ROOT"/}" dkms-remove >/dev/null 2>&1
	before=$(snapshot)
	# A headers-only tree (the host's 6.1) has no depmod index: depmod's
	# files that were not there before are removed at the end.
	local mods_before
	mods_before=$(run sh -c "ls /lib/modules/$K_REL/")

	t0=$SECONDS
	if run make -C "/${src#"$K_ROOT"/}" dkms-install KVER="$K_REL" >"$log" 2>&1; then
		ok "$1: make dkms-install KVER=$K_REL ($((SECONDS - t0)) s)"
	else
		bad "$1: make dkms-install KVER=$K_REL failed; log $log"
		tail -n 30 "$log" | sed 's/^/      | /'
	fi
	local st
	st=$(run dkms status kswapwatch/"$ver" -k "$K_REL" 2>&1)
	echo "      dkms status: $st"
	case $st in
	*installed*) ok "$1: dkms status says installed" ;;
	*) bad "$1: dkms status: $st" ;;
	esac

	ko=$(run sh -c "find /lib/modules/$K_REL/updates -name 'kswapwatch.ko*'" 2>/dev/null | head -n 1)
	if [ -n "$ko" ]; then
		ok "$1: installed as $ko"
		info=$(run modinfo "$ko")
		echo "$info" | grep -E '^(version|license|description|vermagic|parm):' | sed 's/^/      | /'
		[ "$(echo "$info" | sed -n 's/^version: *//p')" = "$ver" ] &&
			ok "$1: modinfo version $ver" || bad "$1: modinfo version is not $ver"
		echo "$info" | grep -q '^license: *GPL' && ok "$1: modinfo license" || bad "$1: no license"
		echo "$info" | grep -q '^description: *[^ ]' && ok "$1: modinfo description" || bad "$1: no description"
		echo "$info" | grep -q "^vermagic: *$K_REL " && ok "$1: built for $K_REL" ||
			bad "$1: vermagic is not $K_REL"
		# "parm: NAME:DESCRIPTION (TYPE)"; no description: "parm: NAME:(TYPE)" or none.
		parms=$(echo "$info" | sed -n 's/^parm: *\([a-z0-9_]*\):.*/\1/p' | sort)
		local undesc
		undesc=$(echo "$info" | sed -n 's/^parm: *\([a-z0-9_]*\):\( *(.*)\)\{0,1\}$/\1/p')
		if [ -z "$undesc" ]; then
			ok "$1: every parameter described ($(echo $parms | wc -w): $(echo $parms))"
		else
			bad "$1: parameters without a description: $undesc"
		fi
	else
		bad "$1: no kswapwatch.ko under /lib/modules/$K_REL/updates"
	fi

	t0=$SECONDS
	if run make -C "/${src#"$K_ROOT"/}" dkms-remove >>"$log" 2>&1; then
		ok "$1: make dkms-remove ($((SECONDS - t0)) s)"
	else
		bad "$1: make dkms-remove failed; log $log"
	fi
	after=$(snapshot)
	if [ "$before" = "$after" ]; then
		ok "$1: nothing left under /usr/src, /var/lib/dkms, /lib/modules/$K_REL"
	else
		bad "$1: files differ after dkms-remove:"
		diff <(echo "$before") <(echo "$after") | sed 's/^/      | /'
	fi
	local m
	for m in $(run sh -c "ls /lib/modules/$K_REL/"); do
		case $m in modules.*) ;; *) continue ;; esac
		echo "$mods_before" | grep -qxF "$m" || run rm -f "/lib/modules/$K_REL/$m"
	done
	rm -rf "$src"
}

for k in "$@"; do
	t=$SECONDS
	one_kernel "$k"
	echo "--- dkms $k: $((SECONDS - t)) s"
done
echo "pkg dkms: $p passed, $f failed"
[ "$f" = 0 ]
