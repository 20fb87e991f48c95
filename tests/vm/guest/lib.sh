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
	mke2fs -q /dev/ram0 >/dev/null 2>&1 || fail "mke2fs"
	mount -t ext4 /dev/ram0 "$mnt" || fail "mount ext4 on $mnt"
}

mem_available_mb() {
	echo $(($(sed -n 's/^MemAvailable: *\([0-9]*\).*/\1/p' /proc/meminfo) / 1024))
}

# hold_memory LEAVE_MB: start an OOM-protected process holding all but about
# LEAVE_MB of the available memory; returns once every page is touched.
# Sets HOLD_PID.
hold_memory() {
	mb=$(($(mem_available_mb) - ${1:-12}))
	memhog anon "$mb" --hold-forever --oom-protect >/tmp/hold.log 2>&1 &
	HOLD_PID=$!
	i=0
	until grep -q 'memhog: ready' /tmp/hold.log; do
		kill -0 "$HOLD_PID" 2>/dev/null || { cat /tmp/hold.log; fail "memhog anon $mb died"; }
		i=$((i + 1))
		[ "$i" -le 600 ] || fail "memhog anon $mb not ready after 300 s"
		sleep 0.5
	done
	say "holding ${mb} MB anonymous memory (pid $HOLD_PID), $(mem_available_mb) MB available"
}

release_memory() {
	[ -n "${HOLD_PID:-}" ] && kill "$HOLD_PID" 2>/dev/null && wait "$HOLD_PID" 2>/dev/null
	HOLD_PID=
}

# bursts N MB: N short allocations of MB each; with memory held, each drives
# kswapd to fail and usually ends in an OOM kill.
bursts() {
	i=0
	while [ "$i" -lt "$1" ]; do
		memhog anon "$2" --hold 1 >/dev/null 2>&1
		i=$((i + 1))
	done
}

# trace_on EVENT...: enable vmscan tracepoints that exist; echo those enabled.
trace_on() {
	for e in "$@"; do
		d=$TRACEFS/events/vmscan/$e
		[ -d "$d" ] && echo 1 >"$d/enable" && echo "$e"
	done
	echo 1 >"$TRACEFS/tracing_on"
}

# trace_count EVENT [FILTER-REGEX]: events of that name in the trace buffer.
trace_count() {
	grep " $1: " "$TRACEFS/trace" | grep -cE "${2:-.}"
}
