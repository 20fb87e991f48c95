# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Helpers for scenarios, sourced as /lib/guest-lib.sh inside the guest.
# A scenario exits 0 to pass, 4 to skip (kselftest's convention), else fails.

KSW=/sys/kernel/debug/kswapwatch
TRACEFS=/sys/kernel/tracing

say() { echo "KSW: $*"; }
pass() { say "PASS $*"; exit 0; }
fail() { say "FAIL $*"; dmesg | tail -n 30; exit 1; }
skip() { say "SKIP $*"; exit 4; }

# check CONDITION-DESCRIPTION CMD...: run CMD, fail with the description if it fails.
check() {
	desc=$1
	shift
	if "$@"; then say "ok: $desc"; else fail "$desc"; fi
}

load_kswapwatch() {
	insmod /kswapwatch.ko "$@" || fail "insmod kswapwatch.ko $*"
	[ -r "$KSW/version" ] || fail "no $KSW/version after insmod"
}

unload_kswapwatch() {
	rmmod kswapwatch || fail "rmmod kswapwatch"
	[ ! -e "$KSW" ] || fail "$KSW still there after rmmod"
}

load_stallinject() {
	insmod /stallinject.ko || fail "insmod stallinject.ko"
}

# kmod_load NAME: a kernel module packed because the scenario's kmods= named it.
kmod_load() {
	insmod "/lib/kmods/$1.ko" || fail "insmod $1"
}

# dmesg_clean: no kernel warning, BUG or oops since boot.  An OOM kill prints
# a "Call Trace:" of its own, so that line alone does not count.
dmesg_clean() {
	bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|general protection fault|Unable to handle|UBSAN:|KASAN:|refcount_t:|list_(add|del) corruption|stack-protector|scheduling while atomic|sleeping function called from invalid context|lockdep' || true)
	if [ -n "$bad" ]; then
		echo "$bad"
		return 1
	fi
	return 0
}

# field FILE-LINE KEY: the value of KEY in a key=value record.
field() {
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

# A real ext4 on a ramdisk for reclaimable page cache (brd.rd_size= and
# brd.rd_nr= on the kernel command line size it).
make_ext4() {
	mnt=${1:-/mnt}
	[ -b /dev/ram0 ] || fail "no /dev/ram0 (kmods=brd and brd.rd_nr=1 needed)"
	mke2fs -q -t ext4 /dev/ram0 >/dev/null 2>&1 || mke2fs -q /dev/ram0 || fail "mke2fs"
	mount -t ext4 /dev/ram0 "$mnt" || fail "mount ext4 on $mnt"
}
