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
# Sets HOLD_PIDS.  Also starts a few sleeping OOM victims (BALLAST_PIDS): a
# global OOM that finds nothing to kill panics ("System is deadlocked on
# memory"), which can happen between two of a scenario's victims; the
# sleepers are killed only then, since a running victim holds more.
hold_memory() {
	BALLAST_PIDS=
	for _ in 1 2 3 4 5 6; do
		victim sleep 100000 &
		BALLAST_PIDS="$BALLAST_PIDS $!"
	done
	HOLD_PIDS=
	hold_more "${1:-12}"
}

# hold_more LEAVE_MB: one more holder, so that about LEAVE_MB stay available
# (memory the OOM kills of a scenario have given back); none if less than
# 4 MB is to be taken.
hold_more() {
	# Names of its own: scenarios call this inside their loops.
	hm_mb=$(($(mem_available_mb) - $1))
	[ "$hm_mb" -ge 4 ] || return 0
	memhog anon "$hm_mb" --hold-forever --oom-protect >/tmp/hold.log 2>&1 &
	hm_pid=$!
	HOLD_PIDS="$HOLD_PIDS $hm_pid"
	hm_i=0
	until grep -q 'memhog: ready' /tmp/hold.log; do
		kill -0 "$hm_pid" 2>/dev/null || { cat /tmp/hold.log; fail "memhog anon $hm_mb died"; }
		hm_i=$((hm_i + 1))
		[ "$hm_i" -le 600 ] || fail "memhog anon $hm_mb not ready after 300 s"
		sleep 0.5
	done
	say "holding $hm_mb MB anonymous memory (pid $hm_pid), $(mem_available_mb) MB available"
}

release_memory() {
	# shellcheck disable=SC2086 # lists of pids
	[ -n "${HOLD_PIDS:-}" ] && kill $HOLD_PIDS 2>/dev/null && wait $HOLD_PIDS 2>/dev/null
	HOLD_PIDS=
	# shellcheck disable=SC2086
	[ -n "${BALLAST_PIDS:-}" ] && kill $BALLAST_PIDS 2>/dev/null
	BALLAST_PIDS=
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

# bursts_until_hopeless MAX: 24 MB bursts until a node is hopeless or MAX
# bursts; sets BURSTS.  The holder is topped up to about 12 MB available
# before each: a burst that fits lets kswapd succeed (6.12 once had 24 MB
# available after the holder, and 30 bursts all fitted).
bursts_until_hopeless() {
	BURSTS=0
	until grep -q "hopeless=1" "$KSW/nodes" || [ "$BURSTS" -ge "$1" ]; do
		hold_more 12
		victim memhog anon 24 --hold 1 >/dev/null 2>&1
		BURSTS=$((BURSTS + 1))
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

# protect_self: the OOM killer never picks the scenario's shell (children
# inherit it: start victims with victim).
protect_self() {
	echo -1000 >/proc/self/oom_score_adj
}

# with_oom_adj ADJ CMD...: run CMD with that oom_score_adj.
with_oom_adj() {
	sh -c 'echo "$0" >/proc/self/oom_score_adj && exec "$@"' "$@"
}

# victim CMD...: run CMD as the OOM killer's first choice.
victim() {
	with_oom_adj 1000 "$@"
}

# ramdisk_ext4 MB MOUNTPOINT: an ext4 of MB MiB on /dev/ram0 (kmods=brd,ext4,
# and crc32c_generic? for 6.1).  insmod does not read brd.* from the kernel
# command line, so brd is loaded again with the size.
ramdisk_ext4() {
	rmmod brd 2>/dev/null
	insmod /lib/kmods/brd.ko rd_nr=1 rd_size=$(($1 * 1024)) || fail "insmod brd rd_size=$(($1 * 1024))"
	make_ext4 "$2"
}

online_nodes() {
	ls -d /sys/devices/system/node/node[0-9]* | sed 's/.*node//' | sort -n
}

# zone_field NID ZONE FIELD: a number from /proc/zoneinfo ("free" is
# "pages free"), empty if the zone is not there.
zone_field() {
	awk -v nid="$1" -v zone="$2" -v f="$3" '
		/^Node/ { gsub(",", "", $2); on = ($2 == nid && $4 == zone); next }
		on && f == "free" && $1 == "pages" && $2 == "free" { print $3; exit }
		on && $1 == f && NF == 2 { print $2; exit }' /proc/zoneinfo
}

# kf_peek_setup: a kprobe event on zoneinfo_show(), the seq_file show of
# /proc/zoneinfo, called once per online node with its pglist_data as the
# second argument: it reads node_id and kswapd_failures straight from
# kernel memory (offsets from the kernel's BTF), independently of
# kswapwatch.  A probe argument needs no data symbol (node_data is not in
# kallsyms where CONFIG_KALLSYMS_ALL is off, as on Debian's arm64).
# kf_peek NID reads the node's value.
kf_peek_setup() {
	kf_off=$(btf_member pglist_data kswapd_failures) || return 1
	kf_nid=$(btf_member pglist_data node_id) || return 1
	echo "p:kswtest/kfpeek zoneinfo_show nid=+$kf_nid(\$arg2):s32 kf=+$kf_off(\$arg2):s32" \
		>>"$TRACEFS/kprobe_events" || return 1
	echo 1 >"$TRACEFS/events/kswtest/kfpeek/enable"
	echo 1 >"$TRACEFS/tracing_on"
}

kf_peek() {
	cat /proc/zoneinfo >/dev/null
	grep " kfpeek: .* nid=$1 kf=" "$TRACEFS/trace" | tail -n 1 | sed 's/.* kf=//'
}

# zoneinfo_rows: one line per populated zone of /proc/zoneinfo:
# "nid zid name free min low high spanned present managed protection batch thr",
# zid counted in the order zoneinfo lists a node's zones (all of them, populated
# or not), protection as a,b,c, batch and thr the largest per-CPU pageset
# batch and vm stats threshold of the zone.
zoneinfo_rows() {
	awk '
	function out() { if (zone != "" && present > 0) print nid, zid, zone, free, min, low, high, spanned, present, managed, prot, batch, thr }
	/^Node/ {
		out(); n = $2; sub(",", "", n)
		zid = (n == nid) ? zid + 1 : 0; nid = n; zone = $4
		free = min = low = high = spanned = present = managed = batch = thr = 0; prot = ""
		next
	}
	$1 == "pages" && $2 == "free" { free = $3; next }
	NF == 2 && $1 == "min" { min = $2; next }
	NF == 2 && $1 == "low" { low = $2; next }
	NF == 2 && $1 == "high" { high = $2; next }
	NF == 2 && $1 == "spanned" { spanned = $2; next }
	NF == 2 && $1 == "present" { present = $2; next }
	NF == 2 && $1 == "managed" { managed = $2; next }
	$1 == "protection:" { p = $0; sub(/.*\(/, "", p); sub(/\).*/, "", p); gsub(/ /, "", p); prot = p; next }
	$1 == "batch:" { if ($2 + 0 > batch) batch = $2 + 0; next }
	$1 == "vm" && $2 == "stats" { if ($4 + 0 > thr) thr = $4 + 0; next }
	END { out() }' "${1:-/proc/zoneinfo}"
}

# classic_lru: MGLRU off (where the kernel has it on) until lru_restore;
# says so.  The seeds' workloads are the classic LRU's.
LRU_GEN=/sys/kernel/mm/lru_gen/enabled
classic_lru() {
	lru_gen_was=$(cat $LRU_GEN 2>/dev/null || echo 0x0000)
	[ "$lru_gen_was" = 0x0000 ] && return 0
	echo 0 >$LRU_GEN || fail "MGLRU off"
	say "MGLRU off (was $lru_gen_was)"
}

lru_restore() {
	[ "${lru_gen_was:-0x0000}" = 0x0000 ] || echo "$lru_gen_was" >$LRU_GEN
}

# hist_on EVENT SPEC: a (new) tracefs histogram trigger on a vmscan event,
# e.g. hist_on mm_vmscan_kswapd_wake 'keys=nid,zid'; an older one with the
# same SPEC is removed first, so this also clears it.  Fails with tracefs's
# error log when the kernel refuses it.  A kernel without hist triggers
# (CONFIG_HIST_TRIGGERS off, as in Debian's 5.10), or KSW_NO_HIST=1, gets
# the same sums from the raw events of a trace instance of its own
# (tracesum); there hist_on clears every SPEC of EVENT.
hist_on() {
	if [ -n "${KSW_NO_HIST:-}" ] || [ ! -e "$TRACEFS/events/vmscan/$1/hist" ]; then
		rawhist_on "$@"
		return
	fi
	t=$TRACEFS/events/vmscan/$1/trigger
	(echo "!hist:$2" >>"$t") 2>/dev/null
	(echo "hist:$2" >>"$t") 2>/dev/null && return 0
	echo "hist:$2 on $1 refused:"
	cat "$TRACEFS/error_log" 2>/dev/null
	return 1
}

# hist_rows EVENT: the histogram's entries, one a line, as "key value ..."
# pairs without the braces and colons: "nid 0 zid 3 hitcount 12".
hist_rows() {
	if [ -e "/tmp/rawhist/$1.specs" ]; then
		rawhist_rows "$1"
		return
	fi
	sed -n 's/^{ \(.*\) } \(.*\)/\1 \2/p' "$TRACEFS/events/vmscan/$1/hist" | tr -d ':,' | tr -s ' '
}

# The raw fallback: instance ksw_EVENT traces EVENT alone into a 4 MB
# per-CPU buffer; hist_rows drains it into /tmp/rawhist/EVENT.raw and sums.
rawhist_on() {
	i=$TRACEFS/instances/ksw_$1
	mkdir -p /tmp/rawhist
	[ -d "$i" ] || mkdir "$i" || return 1
	echo 0 >"$i/events/vmscan/$1/enable"
	echo 4096 >"$i/buffer_size_kb" || return 1
	: >"$i/trace"
	: >"/tmp/rawhist/$1.raw"
	{ grep -vxF "$2" "/tmp/rawhist/$1.specs" 2>/dev/null; echo "$2"; } >/tmp/rawhist/specs.new
	mv /tmp/rawhist/specs.new "/tmp/rawhist/$1.specs"
	echo 1 >"$i/events/vmscan/$1/enable" && echo 1 >"$i/tracing_on"
}

rawhist_rows() {
	tracesum drain "$TRACEFS/instances/ksw_$1" "/tmp/rawhist/$1.raw" || return 1
	while read -r spec; do
		tracesum sum "$TRACEFS/events/vmscan/$1/format" "$TRACEFS/events/header_page" \
			"/tmp/rawhist/$1.raw" "$spec"
	done <"/tmp/rawhist/$1.specs"
}

# The reader against the module, for the reader_* scenarios.

# json_to_kv: a --json line back to "key=value ..." (values without quotes,
# commas followed by a key, or backslashes, which the module's files do not
# hold); the reader's keys ("_time", ...) after the first are left out.
json_to_kv() {
	sed -e 's/,"_[A-Za-z0-9_]*":\("[^"]*"\|[a-z0-9]*\)//g' \
	    -e 's/^{//' -e 's/}$//' -e 's/"\([A-Za-z0-9_]*\)":/\1=/g' \
	    -e 's/,\([A-Za-z0-9_]*=\)/ \1/g' -e 's/=""/=/g' -e 's/="\([^"]*\)"/=\1/g'
}

# mask_fields "FIELD ...": each FIELD=value becomes FIELD=*.
mask_fields() {
	awk -v f="$1" 'BEGIN { n = split(f, k, " ") }
		{ for (i = 1; i <= NF; i++) for (j = 1; j <= n; j++)
			if (index($i, k[j] "=") == 1) $i = k[j] "=*"
		  print }'
}

# same_as_debugfs CMD FILE [FIELD...]: kswapwatch --json CMD gives FILE's
# lines.  The file is read first and a history only grows, so the reader
# may see more lines: the first ones are compared.  The FIELDs are live
# (free pages move between the two reads) and are compared by name only.
same_as_debugfs() {
	cat "$KSW/$2" >/tmp/r.file0
	kswapwatch --json "$1" >/tmp/r.json || return 1
	json_to_kv </tmp/r.json | head -n "$(wc -l </tmp/r.file0)" >/tmp/r.kv0
	mask="$(shift 2; echo "$*")"
	mask_fields "$mask" </tmp/r.file0 >/tmp/r.file
	mask_fields "$mask" </tmp/r.kv0 >/tmp/r.kv
	say "$1: $(wc -l </tmp/r.json) objects, $2: $(wc -l </tmp/r.file) lines"
	if ! cmp -s /tmp/r.kv /tmp/r.file; then
		diff /tmp/r.file /tmp/r.kv | head -n 10
		return 1
	fi
}

# prom_ok FILE: every line is HELP, TYPE or a sample of a family with both.
prom_ok() {
	awk '
		/^# HELP kswapwatch_[a-z0-9_]+ / { help[$3] = 1; next }
		/^# TYPE kswapwatch_[a-z0-9_]+ (gauge|counter)$/ { type[$3] = 1; next }
		/^# TYPE kswapwatch_[a-z0-9_]+ histogram$/ { type[$3] = 1; hist[$3] = 1; next }
		/^kswapwatch_[a-z0-9_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9]+(\.[0-9]+)?$/ {
			name = $1; sub(/\{.*/, "", name)
			base = name; sub(/_(bucket|sum|count)$/, "", base)
			if (base in hist) name = base
			if (!(name in help) || !(name in type)) { print "no HELP/TYPE: " $0; bad = 1 }
			if ($1 in seen) { print "repeated: " $0; bad = 1 }
			seen[$1] = 1; n++; next
		}
		{ print "bad line: " $0; bad = 1 }
		END { print n " samples"; exit bad }' "$1"
}

# findings: the names of diagnose's findings, on one line.
findings() {
	kswapwatch --json diagnose | sed -n 's/^{"finding":"\([a-z_]*\)".*/\1/p' | tr '\n' ' '
}
