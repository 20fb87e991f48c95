#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: ksw-pkgtest VERSION
#
# Run by systemd in the Debian guest of tests/pkg/deb-boot.sh, once the
# system is up, with kswapwatch-dkms and kswapwatch installed: checks what a
# user of the packages would see, purges them, looks for leftovers, then
# powers off.  Prints "KSW: ok: ..." or "KSW: FAIL ..." per check and
# "KSW-RESULT rc=N" (N failures) last.
ver=$1
KSW=/sys/kernel/debug/kswapwatch
T=/sys/kernel/tracing
SI=/sys/kernel/debug/stallinject
f=0
say() { echo "KSW: $*"; }
ok() { say "ok: $*"; }
bad() { say "FAIL $*"; f=$((f + 1)); }
check() {
	local d=$1
	shift
	if "$@"; then ok "$d"; else bad "$d"; fi
}
show() { sed 's/^/KSW:   | /'; }

# covered INJECTED EVENTS: for each stall in stallinject's log INJECTED, the
# kswapwatch:stall events in EVENTS of kind=irq with CPU 1 (mask bit 1) set
# that cover at least 2/3 of it (both clocks are CLOCK_MONOTONIC); one line
# per stall; fails unless each has exactly one.
covered() {
	awk '
	function val(k,   i, kv) {
		for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] }
		return ""
	}
	FNR == NR { s[++n] = val("start_ns") + 0; e[n] = val("end_ns") + 0; next }
	/ kind=irq / {
		c = val("cpus"); c = substr(c, length(c))
		if (index("2367abefABEF", c)) { es[++m] = val("start_ns") + 0; ee[m] = es[m] + val("dur_us") * 1000 }
	}
	END {
		bad = 0
		for (i = 1; i <= n; i++) {
			hit = 0
			for (j = 1; j <= m; j++) {
				lo = s[i] > es[j] ? s[i] : es[j]
				hi = e[i] < ee[j] ? e[i] : ee[j]
				if ((hi - lo) * 3 >= (e[i] - s[i]) * 2) hit++
			}
			printf "injected stall at %.0f ns, %.0f ms: %d event(s)\n", s[i], (e[i] - s[i]) / 1000000, hit
			if (hit != 1) bad++
		}
		exit bad
	}' "$1" "$2"
}

say "kernel $(uname -r), $(systemctl --version | head -n 1), system $(systemctl is-system-running)"

# -- loaded at boot by systemd-modules-load, from the dkms build --------
check "kswapwatch was loaded at boot" grep -q '^kswapwatch ' /proc/modules
# It logs before journald runs: find it by its identifier, not its unit.
journalctl -b -t systemd-modules-load --no-pager -o short-monotonic | show
check "systemd-modules-load inserted it" \
	sh -c "journalctl -b -t systemd-modules-load --no-pager -o cat | grep -q \"Inserted module 'kswapwatch'\""
check "systemd-modules-load.service is active" [ "$(systemctl is-active systemd-modules-load.service)" = active ]
check "/sys/module/kswapwatch/version is $ver" [ "$(cat /sys/module/kswapwatch/version)" = "$ver" ]
path=$(modinfo -n kswapwatch)
check "the module is dkms's: $path" [ "$path" = "/lib/modules/$(uname -r)/updates/dkms/kswapwatch.ko" ]
modinfo kswapwatch | grep -E '^(version|license|description|vermagic|parm):' | show
check "modinfo: version, license, description" \
	sh -c "modinfo -F version kswapwatch | grep -qx '$ver' && modinfo -F license kswapwatch | grep -q GPL &&
	       modinfo -F description kswapwatch | grep -q ."
check "modinfo: every parameter has a description" \
	sh -c "! modinfo kswapwatch | grep -E '^parm: *[a-z0-9_]+:( *\\(.*\\))?\$'"
dmesg | grep 'kswapwatch:' | head -n 5 | show
check "no WARN, BUG or Oops in dmesg" sh -c "! dmesg | grep -E 'WARNING:|BUG:|Oops|general protection'"

# -- README's last two commands, then the rest of the reader ----------------
check "modprobe kswapwatch (already loaded: a no-op) exits 0" modprobe kswapwatch
kswapwatch --version | show
check "kswapwatch --version names $ver" sh -c "kswapwatch --version | grep -q '$ver'"
out=$(kswapwatch status 2>&1)
rc=$?
echo "$out" | head -n 12 | show
check "kswapwatch status exits 0" [ "$rc" = 0 ]
check "kswapwatch status shows the module's version" grep -q "$ver" <<<"$out"
for c in nodes failures; do
	check "kswapwatch $c exits 0" sh -c "kswapwatch $c >/dev/null"
done
check "kswapwatch -j status is JSON lines" sh -c "kswapwatch -j status | head -n 1 | grep -q '^{'"
check "the man page is installed" [ -f /usr/share/man/man8/kswapwatch.8.gz ]

# -- trace events -----------------------------------------------------------
check "tracefs has kswapwatch:stall and kswapwatch:kswapd_failures" \
	test -d "$T/events/kswapwatch/stall" -a -d "$T/events/kswapwatch/kswapd_failures"
trace-cmd list -e kswapwatch | show
check "trace-cmd lists both events" sh -c "[ \"\$(trace-cmd list -e kswapwatch | grep -c '^kswapwatch:')\" -ge 2 ]"
if [ -r "$KSW/stalls" ] && [ -f /root/stallinject.ko ]; then
	insmod /root/stallinject.ko
	trace-cmd record -q -e 'kswapwatch:*' -o /tmp/ksw.dat >/tmp/record.log 2>&1 &
	rec=$!
	sleep 3
	for _ in 1 2 3; do
		echo "cpu=1 ms=300 way=irq" >"$SI/inject"
		sleep 1
	done
	sleep 2
	kill -INT "$rec"
	wait "$rec"
	trace-cmd report -i /tmp/ksw.dat 2>/dev/null | grep ' stall: ' >/tmp/stall.txt
	show </tmp/stall.txt
	show <"$SI/log"
	covered "$SI/log" /tmp/stall.txt >/tmp/covered.txt
	rc=$?
	show </tmp/covered.txt
	check "trace-cmd recorded one kswapwatch:stall per injected stall (3)" [ "$rc" = 0 ]
	rmmod stallinject
else
	say "no stall watchdog in this build (or no stallinject.ko): trace-cmd stall check not run"
fi

# -- settings file, reload through modprobe ----------------------------------
check "/etc/modprobe.d/kswapwatch.conf is installed" [ -f /etc/modprobe.d/kswapwatch.conf ]
check "modprobe -r and modprobe reload it" sh -c "modprobe -r kswapwatch && modprobe kswapwatch && [ -r $KSW/version ]"

# -- the journal unit ---------------------------------------------------------
check "kswapwatch-watch.service is installed, not enabled" \
	[ "$(systemctl is-enabled kswapwatch-watch.service)" = disabled ]
systemctl start kswapwatch-watch.service
sleep 3
check "kswapwatch-watch.service runs" [ "$(systemctl is-active kswapwatch-watch.service)" = active ]
systemctl status --no-pager -n 3 kswapwatch-watch.service | show
systemctl stop kswapwatch-watch.service

# -- purge in the running system ------------------------------------------------
dpkg-query -L kswapwatch kswapwatch-dkms | sort -u >/tmp/owned
dpkg --purge kswapwatch kswapwatch-dkms 2>&1 | show
check "both packages purged" sh -c "! dpkg-query -W -f '\${db:Status-Status}\\n' kswapwatch kswapwatch-dkms 2>/dev/null | grep -qv not-installed"
left=$(while read -r x; do [ -e "$x" ] && [ ! -d "$x" ] && echo "$x"; done </tmp/owned)
check "no file of either package is left${left:+: $left}" [ -z "$left" ]
# /root/kswapwatch*: the checkout and the .debs built from it (--readme).
left=$(find / -xdev \( -path /proc -o -path /sys -o -path /tmp -o -path /run -o -path '/root/kswapwatch*' \) \
	-prune -o -name '*kswapwatch*' -print)
check "nothing named kswapwatch on disk${left:+: $left}" [ -z "$left" ]
check "dkms knows no kswapwatch" [ -z "$(dkms status kswapwatch 2>/dev/null)" ]
check "the loaded module survives the purge, and unloads" \
	sh -c "grep -q '^kswapwatch ' /proc/modules && rmmod kswapwatch"

say "done: $f failed"
echo "KSW-RESULT rc=$f"
systemctl --no-block poweroff
