#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: tests/pkg/deb-boot.sh [DEBDIR]     (root; default DEBDIR: what
#                                           tests/pkg/debs.sh left)
#        tests/pkg/deb-boot.sh --readme    (the same, but the packages are
#                                           built and installed in the root
#                                           by README's commands)
#
# The .debs on a real Debian 12 system:
#
# 1. A bookworm root made with debootstrap (systemd, Debian's 6.1 kernel, its
#    headers and dkms), cached in $KSW_CACHE/pkg/root-bookworm; each run
#    works on a copy.
# 2. `dpkg -i` of kswapwatch-dkms and kswapwatch in that root (chroot): dkms
#    builds the module there, at install time, with the root's own gcc.
#    Building inside the guest instead would take minutes under TCG.
# 3. The root becomes an ext4 image (mkfs.ext4 -d) and boots under qemu with
#    its own kernel and initramfs from /boot and systemd as init.  A test
#    unit checks, in the booted system, that systemd-modules-load loaded
#    kswapwatch at boot from /usr/lib/modules-load.d, that the reader works,
#    that the trace events exist (and, with the stall watchdog, that
#    trace-cmd records a kswapwatch:stall per injected stall), that the
#    journal unit runs, then purges both packages and looks for anything
#    named kswapwatch left on disk.
# 4. Back in the root directory (which the guest did not change): purge, and
#    the list of files must be what it was before the install.
set -uo pipefail
. "$(dirname "$0")/../vm/lib.sh"

[ "$(id -u)" = 0 ] || vm_die "needs root (debootstrap, chroot)"
readme=0
if [ "${1:-}" = --readme ]; then
	readme=1
	shift
fi
debs=${1:-$KSW_CACHE/pkg/debs}
base=$KSW_CACHE/pkg/root-bookworm
p=0 f=0
ok() { echo "ok: $*"; p=$((p + 1)); }
bad() { echo "FAIL: $*"; f=$((f + 1)); }
finish() {
	echo "pkg deb-boot: $p passed, $f failed"
	[ "$f" = 0 ]
	exit
}

ver=$("$KSW_TOP/scripts/version.sh")
dkms_deb=$debs/kswapwatch-dkms_${ver}-1_all.deb
tool_deb=$(echo "$debs"/kswapwatch_"${ver}"-1_amd64.deb)
if [ "$readme" = 0 ] && { [ ! -f "$dkms_deb" ] || [ ! -f "$tool_deb" ]; }; then
	vm_die "no .debs of $ver in $debs: run tests/pkg/debs.sh"
fi
for t in debootstrap qemu-system-x86_64 mkfs.ext4 debugfs unshare; do
	command -v "$t" >/dev/null || vm_die "'$t' is missing"
done

# rchroot ROOT CMD...: run in ROOT with its own /proc, in a private mount
# namespace so nothing stays mounted.
rchroot() {
	local r=$1
	shift
	unshare -m -- sh -c 'mount -t proc proc "$0/proc" && mount -t sysfs sysfs "$0/sys" &&
		exec chroot "$0" env PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"' "$r" "$@"
}

# -- 1. the base root ---------------------------------------------------
# base_krel: KREL, the release of the kernel in the base root (Debian 12's
# current one when the root was made: linux-image-amd64).
base_krel() {
	KREL=$(find "$base/boot" -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' 2>/dev/null |
		sed 's/^vmlinuz-//' | sort -V | tail -n 1)
}

make_base() {
	local main sec log=$base.log
	main=$(mirror_for bookworm)
	sec=$(mirror_for bookworm-security)
	vm_log "creating the bookworm root for the package test (debootstrap; a few minutes, once)"
	rm -rf "$base"
	debootstrap --variant=minbase --arch=amd64 \
		--include=systemd-sysv,udev,kmod,procps,initramfs-tools,ca-certificates \
		bookworm "$base" "$main" >"$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; return 1; }
	cat >"$base/etc/apt/sources.list" <<-EOF
	deb $main bookworm main
	deb $main bookworm-updates main
	deb $sec bookworm-security main
	EOF
	echo kswtest >"$base/etc/hostname"
	# The root file system is the whole virtio disk.
	echo "/dev/vda / ext4 rw,relatime 0 1" >"$base/etc/fstab"
	# A console login for debugging with --keep: root, no password.
	sed -i 's/^root:[^:]*:/root::/' "$base/etc/shadow"
	{ rchroot "$base" apt-get -q update &&
	  rchroot "$base" apt-get install -y -q --no-install-recommends \
		linux-image-amd64 linux-headers-amd64 dkms trace-cmd; } >>"$log" 2>&1 ||
		{ tail -n 20 "$log" >&2; return 1; }
	rchroot "$base" apt-get clean >>"$log" 2>&1
	base_krel
	[ -n "$KREL" ] && [ -f "$base/boot/initrd.img-$KREL" ] ||
		{ echo "no kernel or initramfs in $base/boot" >&2; return 1; }
	touch "$base/.done"
}

mkdir -p "$KSW_CACHE/pkg"
vm_lock "$base"
if [ ! -f "$base/.done" ]; then
	t0=$SECONDS
	make_base || { vm_unlock; bad "cannot make the bookworm root; log $base.log"; finish; }
	ok "bookworm root with linux-image-$KREL, headers, dkms ($((SECONDS - t0)) s, once)"
fi
vm_unlock
base_krel

work=$(mktemp -d "$KSW_CACHE/pkg/run.XXXXXX")
keep=${KSW_KEEP:-0}
trap '[ "$keep" = 1 ] || rm -rf "$work"' EXIT
root=$work/root
t0=$SECONDS
cp -a "$base" "$root"
rm -f "$root/.done"
echo "      copied the root in $((SECONDS - t0)) s"

# Everything but what a running system or apt itself changes, and dkms's
# module signing key (/var/lib/dkms/mok.*), which dkms makes at its first
# build of any module and keeps for all.
snapshot() {
	(cd "$root" && find . -xdev \
		\( -path ./proc -o -path ./sys -o -path ./dev -o -path ./run -o -path ./tmp \
		   -o -path ./var/tmp -o -path ./var/log -o -path ./var/cache \
		   -o -path ./var/lib/apt/lists \) -prune -o -print |
		grep -v -E '^\./var/lib/dpkg/(status|available|diversions|statoverride)(-old)?$|^\./var/lib/dpkg/(lock.*|triggers/.*)$' |
		grep -v -E '^\./var/lib/dkms/mok\.(key|pub)$' |
		grep -v -E '^\./root/kswapwatch|^\./usr/local/bin/uname$|^\./etc/apt/apt\.conf\.d/99ksw-readme$' |
		sort)
}
before=$(snapshot)

# -- 2. install ---------------------------------------------------------
# readme_steps: the commands of README's "Debian packages" block, run as a
# newcomer would in a checkout (/root/kswapwatch): all but modprobe and
# kswapwatch, which only the booted system can run (the guest test does).
# apt answers yes; uname -r names the root's kernel, not the host's.
readme_steps() {
	local cmds c n=0 t
	cmds=$(awk '/^Debian packages \(recommended\)/ { on = 1; next }
		on && /^    [^ ]/ { sub(/^    /, ""); sub(/[ \t]+#.*/, ""); print; seen = 1; next }
		on && seen { exit }' "$KSW_TOP/README")
	[ -n "$cmds" ] || { bad "no 'Debian packages' commands in README"; finish; }
	copy_tree "$root/root/kswapwatch"
	echo 'APT::Get::Assume-Yes "true";' >"$root/etc/apt/apt.conf.d/99ksw-readme"
	printf '#!/bin/sh\n[ "$1" = -r ] && exec echo %s\nexec /bin/uname "$@"\n' "$KREL" >"$root/usr/local/bin/uname"
	chmod 0755 "$root/usr/local/bin/uname"
	while IFS= read -r c; do
		case $c in modprobe* | kswapwatch*) echo "      (in the guest) # $c"; continue ;; esac
		# Before the packages go in, after their build dependencies.
		case $c in *../kswapwatch*) before=$(snapshot) ;; esac
		n=$((n + 1))
		t=$SECONDS
		echo "      # $c"
		if rchroot "$root" sh -c "export PATH=/usr/local/bin:\$PATH; cd /root/kswapwatch && $c" >"$work/readme-$n.log" 2>&1; then
			tail -n 4 "$work/readme-$n.log" | sed 's/^/      | /'
			ok "README step $n: $c ($((SECONDS - t)) s)"
		else
			tail -n 30 "$work/readme-$n.log" | sed 's/^/      | /'
			bad "README step $n: $c"
			finish
		fi
	done <<<"$cmds"
	cp "$work/readme-$n.log" "$work/install.log"
}

t0=$SECONDS
if [ "$readme" = 1 ]; then
	readme_steps
	payload_readme="/root/kswapwatch /etc/apt/apt.conf.d/99ksw-readme /usr/local/bin/uname"
else
	cp "$dkms_deb" "$tool_deb" "$root/tmp/"
	if rchroot "$root" dpkg -i "/tmp/$(basename "$dkms_deb")" "/tmp/$(basename "$tool_deb")" >"$work/install.log" 2>&1; then
		ok "dpkg -i kswapwatch-dkms kswapwatch in the root ($((SECONDS - t0)) s, dkms build included)"
	else
		bad "dpkg -i failed:"
		tail -n 30 "$work/install.log" | sed 's/^/      | /'
		finish
	fi
	rm -f "$root/tmp/"*.deb
fi
grep -E 'dkms|Building|Installing|kswapwatch.ko|Error' "$work/install.log" | sed 's/^/      | /'
st=$(rchroot "$root" dkms status kswapwatch 2>&1)
case $st in
*"$KREL"*installed*) ok "dkms status in the root: $st" ;;
*) bad "dkms status in the root: $st" ;;
esac

# -- 3. boot ------------------------------------------------------------
# Test payload, removed again before the final comparison.
payload="/etc/systemd/system/ksw-pkgtest.service /etc/systemd/system/multi-user.target.wants/ksw-pkgtest.service
/usr/local/sbin/ksw-pkgtest /root/stallinject.ko"
install -m 0755 "$KSW_TOP/tests/pkg/guest-test.sh" "$root/usr/local/sbin/ksw-pkgtest"
cat >"$root/etc/systemd/system/ksw-pkgtest.service" <<EOF
[Unit]
Description=kswapwatch package test
After=multi-user.target

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/ksw-pkgtest $ver
StandardOutput=journal+console
StandardError=journal+console
EOF
wants=$root/etc/systemd/system/multi-user.target.wants
[ -d "$wants" ] || payload="$payload /etc/systemd/system/multi-user.target.wants"
mkdir -p "$wants"
ln -sf ../ksw-pkgtest.service "$root/etc/systemd/system/multi-user.target.wants/ksw-pkgtest.service"
# stallinject for the trace-cmd check, built in the root against the headers
# and with the compiler that DKMS used there (the host may have other ones).
sdir=/root/stallinject-src
rm -rf "${root:?}$sdir"
cp -r "$KSW_TOP/tests/stallinject" "$root$sdir"
if rchroot "$root" make -s -C "$sdir" KDIR="/usr/src/linux-headers-$KREL" \
	>"$work/stallinject.log" 2>&1; then
	cp "$root$sdir/stallinject.ko" "$root/root/"
else
	echo "      (stallinject did not build for $KREL: trace-cmd check skipped)"
	sed 's/^/      | /' "$work/stallinject.log" | tail -n 5
fi
rm -rf "${root:?}$sdir"

img=$work/root.img
t0=$SECONDS
size=$(( $(du -sm "$root" | cut -f1) * 13 / 10 + 256 ))
truncate -s "${size}M" "$img"
if mkfs.ext4 -q -F -L kswroot -d "$root" "$img" >"$work/mkfs.log" 2>&1; then
	ok "ext4 image of the root, ${size} MB ($((SECONDS - t0)) s)"
else
	bad "mkfs.ext4 -d failed"; cat "$work/mkfs.log"; finish
fi

log=$KSW_CACHE/logs/pkg/deb-boot.log
mkdir -p "$(dirname "$log")"
t0=$SECONDS
timeout -k 10 900 qemu-system-x86_64 -accel tcg -cpu max -m 1024 -smp 2 \
	-kernel "$root/boot/vmlinuz-$KREL" -initrd "$root/boot/initrd.img-$KREL" \
	-append "root=/dev/vda rw console=ttyS0 panic=-1 systemd.show_status=auto" \
	-drive "file=$img,if=virtio,format=raw" \
	-nodefaults -display none -serial stdio -monitor none -no-reboot \
	</dev/null >"$log" 2>&1
qrc=$?
echo "      guest ran $((SECONDS - t0)) s (qemu exit $qrc); console log $log"
grep -a -E 'Inserted module|kswapwatch|KSW' "$log" | grep -a -v '^\[.*systemd\[1\]: Start' |
	sed 's/^/      | /' | head -n 80
rc=$(sed -n 's/.*KSW-RESULT rc=\([0-9]*\).*/\1/p' "$log" | tail -n 1)
np=$(grep -a -c 'KSW: ok: ' "$log")
nf=$(grep -a -c 'KSW: FAIL ' "$log")
if [ "$rc" = 0 ] && [ "$nf" = 0 ] && [ "$np" -gt 0 ]; then
	ok "booted guest: $np checks passed, none failed"
else
	bad "booted guest: rc=${rc:-none}, $np checks passed, $nf failed"
	[ -n "$rc" ] || tail -n 40 "$log" | sed 's/^/      | /'
fi

# -- 4. purge in the root; compare ----------------------------------------
for x in $payload; do
	if [ -d "$root$x" ] && [ ! -L "$root$x" ]; then rmdir "$root$x"; else rm -f "$root$x"; fi
done
if [ "$readme" = 1 ]; then
	for x in $payload_readme; do rm -rf "${root:?}$x"; done
	rm -f "$root"/root/kswapwatch[-_]*
fi
t0=$SECONDS
if rchroot "$root" dpkg --purge kswapwatch kswapwatch-dkms >"$work/purge.log" 2>&1; then
	ok "dpkg --purge kswapwatch kswapwatch-dkms in the root ($((SECONDS - t0)) s)"
else
	bad "dpkg --purge failed:"; sed 's/^/      | /' "$work/purge.log"
fi
after=$(snapshot)
if [ "$before" = "$after" ]; then
	ok "after purge the root has exactly the files it had before the install ($(echo "$before" | wc -l) paths)"
else
	bad "files differ after purge (< before, > after):"
	diff <(echo "$before") <(echo "$after") | sed 's/^/      | /' | head -n 40
fi
finish
