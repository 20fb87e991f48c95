# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The VM harness: fetch a Debian kernel, build kswapwatch against its headers
# with the compiler that built it, pack a busybox initramfs with the module,
# the reader, the test helpers and one scenario, boot it under qemu (TCG) and
# return the scenario's result.  Sourced by tests/vm/run and tests/vm/demo.sh.
#
# Everything downloaded or built lives under $KSW_CACHE (default
# ~/.cache/kswapwatch) and is reused; a kernel is keyed by its release, so a
# newer Debian upload is fetched as a new entry.  Package lists are refreshed
# once a day, or always with KSW_VM_REFRESH=1.

KSW_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KSW_VM_DIR=$KSW_TOP/tests/vm
KSW_CACHE=${KSW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kswapwatch}
KSW_KEYRING=${KSW_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
KSW_HOST_ARCH=$(dpkg --print-architecture)

vm_log() { printf '[vm] %s\n' "$*" >&2; }
vm_die() { printf 'vm: error: %s\n' "$*" >&2; exit 1; }

# A lock per cache entry, so concurrent runs share the cache safely.
vm_lock() {
	mkdir -p "$(dirname "$1")"
	exec {KSW_LOCK_FD}>"$1.lock"
	flock "$KSW_LOCK_FD"
}
vm_unlock() { exec {KSW_LOCK_FD}>&-; }

kernel_names() { awk '!/^#/ && NF { print $1 }' "$KSW_VM_DIR/kernels.tsv"; }

# kernel_row NAME: sets K_NAME K_ARCH K_SUITE K_FLAVOUR K_BUILDENV.
kernel_row() {
	local line
	line=$(awk -v n="$1" '!/^#/ && $1 == n' "$KSW_VM_DIR/kernels.tsv")
	[ -n "$line" ] || vm_die "unknown kernel '$1'; known: $(kernel_names | tr '\n' ' ')"
	read -r K_NAME K_ARCH K_SUITE K_FLAVOUR K_BUILDENV <<<"$line"
}

# mirror_for SUITE: the Debian mirror the host's apt uses for that kind of
# suite (the -security archive for *-security), read from its sources.
mirror_for() {
	local want=main uri=""
	case $1 in *-security) want=security ;; esac
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		uri=$(awk -v want="$want" 'BEGIN { RS = "" }
			{
				u = ""; sec = ($0 ~ /Suites:[^\n]*-security/)
				n = split($0, l, "\n")
				for (i = 1; i <= n; i++) if (l[i] ~ /^URIs:/) { split(l[i], w, " "); u = w[2] }
				if (u != "" && ((want == "security") == sec)) { print u; exit }
			}' /etc/apt/sources.list.d/debian.sources)
	fi
	if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
		if [ "$want" = security ]; then
			uri=$(awk '$1 == "deb" && $3 ~ /-security/ { print $2; exit }' /etc/apt/sources.list)
		else
			uri=$(awk '$1 == "deb" && $3 !~ /-security/ { print $2; exit }' /etc/apt/sources.list)
		fi
	fi
	[ -n "$uri" ] || vm_die "no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
	echo "$uri"
}

# apt_root SUITE ARCH: a private apt state for one suite (the host's apt is
# not touched); sets APT_OPTS for apt-get/apt-cache.
apt_root() {
	local suite=$1 arch=$2 r
	r=$KSW_CACHE/apt/$suite-$arch
	mkdir -p "$r/lists/partial" "$r/archives/partial"
	[ -f "$r/status" ] || : >"$r/status"
	echo "deb [arch=$arch signed-by=$KSW_KEYRING] $(mirror_for "$suite") $suite main" >"$r/sources.list"
	APT_OPTS=(-o "Dir::Etc::SourceList=$r/sources.list" -o Dir::Etc::SourceParts=/nonexistent
		  -o "Dir::State::Lists=$r/lists" -o "Dir::Cache=$r" -o "Dir::State::status=$r/status"
		  -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch"
		  -o Acquire::Check-Valid-Until=false -o Acquire::Languages=none)
	vm_lock "$r/update"
	if [ "${KSW_VM_REFRESH:-0}" = 1 ] ||
	   [ -z "$(find "$r/lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null)" ]; then
		vm_log "apt: reading package lists of $suite/$arch"
		apt-get "${APT_OPTS[@]}" -q update >"$r/update.log" 2>&1 ||
			{ cat "$r/update.log" >&2; vm_die "apt update for $suite failed"; }
	fi
	vm_unlock
}

# resolve_kernel: K_REL, the release of the suite's current kernel of the
# flavour, from its metapackage linux-image-<flavour>.
resolve_kernel() {
	apt_root "$K_SUITE" "$K_ARCH"
	K_REL=$(apt-cache "${APT_OPTS[@]}" depends "linux-image-$K_FLAVOUR" 2>/dev/null |
		sed -n "s/^ *Depends: linux-image-\(.*-$K_FLAVOUR\)\$/\1/p" | head -n 1)
	[ -n "$K_REL" ] || vm_die "$K_SUITE has no linux-image-$K_FLAVOUR pointing at a kernel"
}

# fetch_kernel: the image and its modules, unpacked under K_DIR
# (K_DIR/vmlinuz, K_DIR/modules).  7.x splits the image into
# linux-binary-* and linux-modules-*: follow those dependencies.
fetch_kernel() {
	local d=$KSW_CACHE/kernels/$K_ARCH/$K_REL pkgs pkg deb f
	K_DIR=$d
	[ -f "$d/.done" ] && return 0
	vm_lock "$d"
	if [ ! -f "$d/.done" ]; then
		vm_log "fetching kernel $K_REL ($K_SUITE)"
		rm -rf "$d/debs" "$d/root"
		mkdir -p "$d/debs"
		pkgs="linux-image-$K_REL"
		for pkg in $(apt-cache "${APT_OPTS[@]}" depends "linux-image-$K_REL" |
			     sed -n 's/^ *Depends: \(linux-\(binary\|modules\|image\)-[^ ]*\)$/\1/p'); do
			case $pkg in *"$K_REL"*) pkgs="$pkgs $pkg" ;; esac
		done
		# shellcheck disable=SC2086
		(cd "$d/debs" && apt-get "${APT_OPTS[@]}" -q download $pkgs >../download.log 2>&1) ||
			{ cat "$d/download.log" >&2; vm_die "cannot download $pkgs"; }
		for deb in "$d"/debs/*.deb; do
			dpkg-deb -x "$deb" "$d/root"
		done
		f=$(find "$d/root" -name 'vmlinuz*' -type f | head -n 1)
		[ -n "$f" ] || vm_die "no vmlinuz in $pkgs"
		ln -sfn "${f#"$d"/}" "$d/vmlinuz"
		f=$(find "$d/root" -type d -path "*/modules/$K_REL" | head -n 1)
		[ -n "$f" ] || vm_die "no modules directory for $K_REL in $pkgs"
		ln -sfn "${f#"$d"/}" "$d/modules"
		rm -rf "$d/debs"
		touch "$d/.done"
	fi
	vm_unlock
}

# in_chroot CMD...: run in the build chroot with its own /proc (objtool
# needs it) in a private mount namespace, so nothing stays mounted.
in_chroot() {
	unshare -m -- sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$K_ROOT" "$@"
}

host_gcc_check() {
	local want have
	want=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"/\1/p' "$K_KDIR/.config" 2>/dev/null)
	have=$(gcc --version | head -n 1)
	case $want in
	*"${have#gcc }"* | "") ;;
	*) vm_log "warning: $K_REL was built with '$want', the host has '$have'" ;;
	esac
}

# prepare_buildenv: headers for K_REL installed where the module will be
# built; sets K_ROOT (empty for the host) and K_KDIR (path inside it).
prepare_buildenv() {
	local hdr=linux-headers-$K_REL mirror
	K_KDIR=/usr/src/$hdr
	K_MAKE_ARGS=
	K_TOOL_CC=
	if [ "$K_BUILDENV" = host ]; then
		K_ROOT=
		if [ ! -f "$K_KDIR/Makefile" ]; then
			vm_log "installing $hdr on the host"
			vm_lock "$KSW_CACHE/host-apt"
			if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "$hdr" >"$KSW_CACHE/host-apt.log" 2>&1; then
				apt-get -q -o DPkg::Lock::Timeout=600 update >>"$KSW_CACHE/host-apt.log" 2>&1
				DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "$hdr" >>"$KSW_CACHE/host-apt.log" 2>&1 ||
					{ tail -n 20 "$KSW_CACHE/host-apt.log" >&2; vm_die "cannot install $hdr on the host"; }
			fi
			vm_unlock
		fi
		host_gcc_check
		return 0
	fi

	# The chroot is of the host's architecture; other kernels are
	# cross-built in it.
	K_ROOT=$KSW_CACHE/chroots/$K_BUILDENV-$KSW_HOST_ARCH
	vm_lock "$K_ROOT"
	if [ ! -f "$K_ROOT/.done" ]; then
		mirror=$(mirror_for "$K_BUILDENV")
		vm_log "creating the $K_BUILDENV build chroot (debootstrap)"
		rm -rf "$K_ROOT"
		debootstrap --variant=minbase --arch="$KSW_HOST_ARCH" --include=gcc,make,libc6-dev,perl,sparse \
			"$K_BUILDENV" "$K_ROOT" "$mirror" >"$K_ROOT.debootstrap.log" 2>&1 ||
			{ tail -n 20 "$K_ROOT.debootstrap.log" >&2; vm_die "debootstrap $K_BUILDENV failed"; }
		# sid's and experimental's Release files outlive their Valid-Until.
		echo 'Acquire::Check-Valid-Until "false";' >"$K_ROOT/etc/apt/apt.conf.d/99kswapwatch"
		touch "$K_ROOT/.done"
	fi
	# perl: W=1 runs kernel-doc (Pod::Usage); sparse: make C=1.
	if ! in_chroot dpkg-query -W perl sparse >/dev/null 2>&1; then
		vm_log "installing perl and sparse in the $K_BUILDENV chroot"
		{ in_chroot apt-get -q update &&
		  DEBIAN_FRONTEND=noninteractive in_chroot apt-get install -y -q --no-install-recommends \
			perl sparse; } >"$K_ROOT.pkgs.log" 2>&1 ||
			{ tail -n 20 "$K_ROOT.pkgs.log" >&2; vm_die "cannot install perl and sparse in the chroot"; }
	fi
	if [ "$K_ARCH" != "$KSW_HOST_ARCH" ]; then
		cross_buildenv
	elif [ ! -f "$K_ROOT$K_KDIR/Makefile" ]; then
		if [ "$K_SUITE" != "$K_BUILDENV" ]; then
			echo "deb $(mirror_for "$K_SUITE") $K_SUITE main" >"$K_ROOT/etc/apt/sources.list.d/$K_SUITE.list"
		fi
		vm_log "installing $hdr in the $K_BUILDENV chroot"
		# $hdr/$K_SUITE takes only the headers (and what they cannot do
		# without) from a suite other than the chroot's own: -t would
		# move the whole chroot to it.
		{ in_chroot apt-get -q update &&
		  DEBIAN_FRONTEND=noninteractive in_chroot apt-get install -y -q --no-install-recommends \
			"$hdr/$K_SUITE"; } >"$K_ROOT.headers.log" 2>&1 ||
			{ tail -n 20 "$K_ROOT.headers.log" >&2; vm_die "cannot install $hdr in the chroot"; }
	fi
	vm_unlock
}

# The GNU triplet of a Debian architecture.
gnu_triplet() {
	case $1 in
	arm64) echo aarch64-linux-gnu ;;
	amd64) echo x86_64-linux-gnu ;;
	*) vm_die "no cross compiler known for $1" ;;
	esac
}

# cross_buildenv: in the host-architecture chroot, the cross compiler (with
# a libc for the static guest tools), the target's headers and the
# host-architecture linux-kbuild they use.  The packages are unpacked and
# only their usr/ copied in: dpkg cannot install a foreign linux-kbuild.
cross_buildenv() {
	local t d common kbuild deb
	t=$(gnu_triplet "$K_ARCH")
	K_MAKE_ARGS="ARCH=$(kernel_arch "$K_ARCH") CROSS_COMPILE=$t-"
	K_TOOL_CC=$t-gcc
	if ! in_chroot dpkg-query -W "gcc-$t" "libc6-dev-$K_ARCH-cross" >/dev/null 2>&1; then
		vm_log "installing the $t cross compiler in the $K_BUILDENV chroot"
		{ in_chroot apt-get -q update &&
		  DEBIAN_FRONTEND=noninteractive in_chroot apt-get install -y -q --no-install-recommends \
			"gcc-$t" "libc6-dev-$K_ARCH-cross"; } >"$K_ROOT.cross.log" 2>&1 ||
			{ tail -n 20 "$K_ROOT.cross.log" >&2; vm_die "cannot install gcc-$t in the chroot"; }
	fi
	[ -f "$K_ROOT$K_KDIR/Makefile" ] && return 0
	vm_log "unpacking linux-headers-$K_REL ($K_ARCH) in the $K_BUILDENV chroot"
	d=$(mktemp -d "$KSW_CACHE/cross.XXXXXX")
	common=$(apt-cache "${APT_OPTS[@]}" depends "linux-headers-$K_REL" |
		 sed -n 's/^ *Depends: \(linux-headers-[^ ]*-common[^ ]*\)$/\1/p' | head -n 1)
	kbuild=$(apt-cache "${APT_OPTS[@]}" depends "linux-headers-$K_REL" "$common" |
		 sed -n 's/^ *Depends: \(linux-kbuild-[^ ]*\)$/\1/p' | head -n 1)
	[ -n "$kbuild" ] || vm_die "cannot tell which linux-kbuild linux-headers-$K_REL uses"
	(cd "$d" && apt-get "${APT_OPTS[@]}" -q download "linux-headers-$K_REL" $common) >"$d/log" 2>&1 ||
		{ cat "$d/log" >&2; vm_die "cannot download linux-headers-$K_REL"; }
	apt_root "$K_SUITE" "$KSW_HOST_ARCH"
	(cd "$d" && apt-get "${APT_OPTS[@]}" -q download "$kbuild") >"$d/log" 2>&1 ||
		{ cat "$d/log" >&2; vm_die "cannot download $kbuild"; }
	apt_root "$K_SUITE" "$K_ARCH"
	for deb in "$d"/*.deb; do
		dpkg-deb -x "$deb" "$d/root"
	done
	cp -a "$d/root/usr/." "$K_ROOT/usr/"
	rm -rf "$d"
	[ -f "$K_ROOT$K_KDIR/Makefile" ] || vm_die "no $K_KDIR/Makefile after unpacking the headers"
}

# The kernel's ARCH= for a Debian architecture.
kernel_arch() {
	case $1 in
	arm64) echo arm64 ;;
	amd64) echo x86 ;;
	*) vm_die "no kernel ARCH known for $1" ;;
	esac
}

# The static test helpers of tests/helpers, in the guest's /bin.
KSW_HELPERS="memhog btf_member dmahog fifohog tracesum pingpong"

# copy_tree DEST: the source tree as git sees it (tracked and new files,
# nothing ignored), so build products of the work tree never leak in.
copy_tree() {
	mkdir -p "$1"
	if git -C "$KSW_TOP" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$KSW_TOP" && git ls-files -z --cached --others --exclude-standard |
			xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
			tar --null -T - -cf -) | tar -xf - -C "$1"
	else
		(cd "$KSW_TOP" && tar --exclude=.git -cf - .) | tar -xf - -C "$1"
	fi
}

# build_all OUT: kswapwatch.ko and stallinject.ko for K_REL (W=1, warnings
# are errors), the static reader and memhog; results in OUT.
build_all() {
	local out=$1 src rel dir log=$1/build.log
	local -a run=()
	mkdir -p "$out"
	rel=build/$$-$RANDOM
	if [ -n "$K_ROOT" ]; then
		src=$K_ROOT/$rel dir=/$rel run=(in_chroot)
	else
		src=$KSW_CACHE/$rel dir=$src
	fi
	copy_tree "$src"
	vm_log "building kswapwatch for $K_REL"
	# shellcheck disable=SC2086
	if ! {
		"${run[@]}" make -C "$dir" KDIR="$K_KDIR" W=1 KCFLAGS=-Werror $K_MAKE_ARGS ${KSW_BUILD_ARGS:-} module &&
		"${run[@]}" make -C "$dir/tests/stallinject" KDIR="$K_KDIR" W=1 KCFLAGS=-Werror $K_MAKE_ARGS
	} >"$log" 2>&1; then
		mkdir -p "$KSW_CACHE/logs/$K_NAME"
		cp "$log" "$KSW_CACHE/logs/$K_NAME/build.log"
		grep -E 'error|warning' "$log" | grep -v -- '-features\.' | head -n 40 >&2
		rm -rf "$src"
		vm_log "build failed for $K_REL; full log: $KSW_CACHE/logs/$K_NAME/build.log"
		return 1
	fi
	cp "$src/kswapwatch.ko" "$src/tests/stallinject/stallinject.ko" "$out/"
	# The guest tools are static: the host's compiler builds them, or the
	# chroot's cross compiler for another architecture.
	if [ -n "$K_TOOL_CC" ]; then
		in_chroot make -C "$dir" tool STATIC=1 CC="$K_TOOL_CC" >>"$log" 2>&1 &&
		in_chroot make -C "$dir/tests/helpers" CC="$K_TOOL_CC" >>"$log" 2>&1
	else
		make -C "$src" tool STATIC=1 >>"$log" 2>&1 && make -C "$src/tests/helpers" >>"$log" 2>&1
	fi || { tail -n 20 "$log" >&2; rm -rf "$src"; return 1; }
	cp "$src/userspace/kswapwatch" "$out/"
	for h in $KSW_HELPERS; do cp "$src/tests/helpers/$h" "$out/"; done
	rm -rf "$src"
}

# build_variant NAME EDIT [MAKE ARG...]: build the module for K_REL from a
# copy of the tree that the shell command EDIT (run in the copy) changed
# first, with W=1 and warnings as errors; the log goes to
# $KSW_CACHE/logs/<kernel>/NAME.log.  Status: make's.
build_variant() {
	local name=$1 edit=$2 src rel dir rc
	local -a run=()
	shift 2
	rel=build/$$-$RANDOM
	if [ -n "$K_ROOT" ]; then
		src=$K_ROOT/$rel dir=/$rel run=(in_chroot)
	else
		src=$KSW_CACHE/$rel dir=$src
	fi
	copy_tree "$src"
	(cd "$src" && eval "$edit") || { rm -rf "$src"; vm_die "$name: the edit failed: $edit"; }
	mkdir -p "$KSW_CACHE/logs/$K_NAME"
	set +e
	# shellcheck disable=SC2086
	"${run[@]}" make -C "$dir" KDIR="$K_KDIR" W=1 KCFLAGS=-Werror $K_MAKE_ARGS "$@" module \
		>"$KSW_CACHE/logs/$K_NAME/$name.log" 2>&1
	rc=$?
	set -e
	rm -rf "$src"
	return $rc
}

# build_checks: what the build itself must catch, for K_REL.  Sparse finds
# nothing (make C=2: every file, whether rebuilt or not); a probe prototype
# that differs from the kernel's TP_PROTO stops the build: one probe made
# wrong everywhere (an argument's type), and the other variant of a
# prototype that changed between kernels (reclaim begin with or without
# its memcg argument).  Prints a PASS or FAIL line each; the number failed
# is the status.
build_checks() {
	local nfail=0 t0 log=$KSW_CACHE/logs/$K_NAME
	local wake='sed -i "s/^static void ksw_probe_kswapd_wake(void \*data, int nid, int zid, int order)/static void ksw_probe_kswapd_wake(void *data, int nid, int zid, unsigned long order)/" module/probes.c && grep -q "zid, unsigned long order)" module/probes.c'
	local memcg='sed -i "0,/^#ifdef HAVE_TP_DIRECT_RECLAIM_MEMCG/s//#ifndef HAVE_TP_DIRECT_RECLAIM_MEMCG/" module/probes.c && grep -q "^#ifndef HAVE_TP_DIRECT_RECLAIM_MEMCG" module/probes.c'

	# KBUILD_CHECKSRC=2 as well as C=2: Debian's 7.x headers lack
	# scripts/checker-valid.sh, and without it their Makefile turns the
	# checker off with only a warning.  Every module/*.c must then show
	# as checked.
	t0=$SECONDS
	nsrc=$(find "$KSW_TOP/module" -maxdepth 1 -name '*.c' | wc -l)
	if build_variant sparse true C=2 KBUILD_CHECKSRC=2 CHECK=sparse &&
	   [ "$(grep -cE '^ +CHECK +.*module/[a-z_]+\.c$' "$log/sparse.log")" -ge "$nsrc" ] &&
	   ! grep -E '^[^ ]*module/[a-z_]+\.[ch]:[0-9]+:[0-9]+: (warning|error):' "$log/sparse.log" >/dev/null; then
		printf 'PASS  %-8s %-28s %5ss  %s files checked\n' "$K_NAME" build-sparse "$((SECONDS - t0))" "$nsrc"
	else
		printf 'FAIL  %-8s %-28s %5ss  (log %s)\n' "$K_NAME" build-sparse "$((SECONDS - t0))" "$log/sparse.log"
		grep -E 'warning|error|CHECK' "$log/sparse.log" | head -n 10 | sed 's/^/      | /'
		nfail=$((nfail + 1))
	fi
	for v in wake:mm_vmscan_kswapd_wake memcg:mm_vmscan_direct_reclaim_begin; do
		t0=$SECONDS
		if build_variant "wrong-proto-${v%%:*}" "$( [ "${v%%:*}" = wake ] && echo "$wake" || echo "$memcg")"; then
			printf 'FAIL  %-8s %-28s %5ss  (built: the wrong prototype was not caught; log %s)\n' \
				"$K_NAME" "wrong-proto-${v%%:*}" "$((SECONDS - t0))" "$log/wrong-proto-${v%%:*}.log"
			nfail=$((nfail + 1))
		elif grep -q "check_trace_callback_type_${v#*:}" "$log/wrong-proto-${v%%:*}.log"; then
			printf 'PASS  %-8s %-28s %5ss  build stopped at check_trace_callback_type_%s\n' \
				"$K_NAME" "wrong-proto-${v%%:*}" "$((SECONDS - t0))" "${v#*:}"
		else
			printf 'FAIL  %-8s %-28s %5ss  (failed, but not at the prototype check; log %s)\n' \
				"$K_NAME" "wrong-proto-${v%%:*}" "$((SECONDS - t0))" "$log/wrong-proto-${v%%:*}.log"
			tail -n 10 "$log/wrong-proto-${v%%:*}.log" | sed 's/^/      | /'
			nfail=$((nfail + 1))
		fi
	done
	return $nfail
}

# scenario_opt FILE KEY DEFAULT: a value from the scenario's "# vm:" line;
# KEY@ARCH (mem@arm64=4608) is taken first where the kernel is of ARCH.
scenario_opt() {
	local line k v
	line=$(sed -n 's/^# vm: //p' "$1" | head -n 1)
	for k in "$2@$K_ARCH" "$2"; do
		case " $line" in *" $k="*) ;; *) continue ;; esac
		v=$(printf '%s\n' "$line" | sed -n "s/.*\\b$k=\"\\([^\"]*\\)\".*/\\1/p")
		[ -n "$v" ] || v=$(printf '%s\n' "$line" | sed -n "s/.*\\b$k=\\([^ \"]*\\).*/\\1/p")
		echo "${v:-$3}"
		return 0
	done
	echo "$3"
}

has_kmod() {
	[ -n "$(find -L "$K_DIR/modules" \( -name "$1.ko*" -o -name "$(echo "$1" | tr _ -).ko*" \) | head -n 1)" ]
}

# add_kmod NAME DIR: copy kernel module NAME and its dependencies
# (decompressed) into DIR, appending to DIR/order in load order.
add_kmod() {
	local name=$1 dir=$2 f alt dep
	grep -qx "$name" "$dir/order" 2>/dev/null && return 0
	alt=$(echo "$name" | tr _ -)
	f=$(find -L "$K_DIR/modules" \( -name "$name.ko*" -o -name "$alt.ko*" \) | head -n 1)
	[ -n "$f" ] || { printf 'vm: error: kernel %s has no module %s\n' "$K_REL" "'$name'" >&2; return 1; }
	case $f in
	*.xz) xz -dc "$f" >"$dir/$name.ko" ;;
	*.zst) zstd -qdc "$f" >"$dir/$name.ko" ;;
	*.gz) gzip -dc "$f" >"$dir/$name.ko" ;;
	*) cp "$f" "$dir/$name.ko" ;;
	esac
	for dep in $(modinfo -F depends "$dir/$name.ko" | tr , ' '); do
		add_kmod "$dep" "$dir" || return 1
	done
	echo "$name" >>"$dir/order"
}

# make_initramfs SCENARIO BUILT OUT: fails (and says why) when the kernel
# lacks a module the scenario needs.
make_initramfs() {
	local scen=$1 built=$2 out=$3 d m
	d=$(mktemp -d "$KSW_CACHE/initramfs.XXXXXX")
	mkdir -p "$d"/bin "$d"/lib/kmods "$d"/proc "$d"/sys "$d"/dev "$d"/tmp "$d"/mnt "$d"/etc
	cp "$(busybox_for "$K_ARCH")" "$d/bin/busybox"
	install -m 0755 "$KSW_VM_DIR/guest/init" "$d/init"
	cp "$KSW_VM_DIR/guest/lib.sh" "$d/lib/guest-lib.sh"
	cp "$scen" "$d/scenario.sh"
	# A scenario may run another's body: . /lib/scenarios/NAME.sh
	mkdir -p "$d/lib/scenarios"
	cp "$KSW_TOP"/tests/scenarios/*.sh "$d/lib/scenarios/"
	cp "$built"/*.ko "$d/"
	cp "$built/kswapwatch" "$d/bin/"
	for h in $KSW_HELPERS; do cp "$built/$h" "$d/bin/"; done
	: >"$d/lib/kmods/order"
	for m in $(scenario_opt "$scen" kmods "" | tr , ' '); do
		# NAME? is packed only where the kernel has it (crc32c_generic?:
		# 6.1's ext4 needs it, 7.x has no such module).
		case $m in
		*\?) ! has_kmod "${m%\?}" || add_kmod "${m%\?}" "$d/lib/kmods" || { rm -rf "$d"; return 1; } ;;
		*) add_kmod "$m" "$d/lib/kmods" || { rm -rf "$d"; return 1; } ;;
		esac
	done
	(cd "$d" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
	rm -rf "$d"
}

# busybox_for ARCH: a static busybox for the guest: the host's own, or the
# busybox-static package of that architecture from the host's suite.
busybox_for() {
	local d=$KSW_CACHE/busybox/$1 suite
	if [ "$1" = "$KSW_HOST_ARCH" ]; then
		echo /bin/busybox
		return 0
	fi
	if [ ! -x "$d/busybox" ]; then
		suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
		apt_root "$suite" "$1"
		mkdir -p "$d"
		(cd "$d" && apt-get "${APT_OPTS[@]}" -q download busybox-static >"$d/log" 2>&1) ||
			{ cat "$d/log" >&2; vm_die "cannot download busybox-static for $1"; }
		dpkg-deb -x "$d"/busybox-static_*.deb "$d/root"
		cp "$d/root/bin/busybox" "$d/busybox"
		rm -rf "$d/root" "$d"/*.deb
	fi
	echo "$d/busybox"
}

# boot INITRD LOG MEM_MB CPUS NODES APPEND TIMEOUT [QEMU_ARGS]: returns
# qemu's status.  QEMU_ARGS (the scenario's qemu="...") are split at blanks.
boot() {
	local initrd=$1 log=$2 mem=$3 cpus=$4 nodes=$5 append=$6 tmo=$7
	local -a numa=() qemu extra
	read -r -a extra <<<"${8:-}"
	local i c per smp=$cpus
	if [ "$nodes" -gt 1 ]; then
		per=$((mem / nodes))
		for ((i = 0; i < nodes; i++)); do
			numa+=(-object "memory-backend-ram,id=m$i,size=${per}M")
			local n="node,nodeid=$i,memdev=m$i"
			if [ $((cpus % nodes)) = 0 ]; then
				# One socket per node: CPUs of one package on two nodes
				# make 7.x warn in topology_sane() at boot.
				for ((c = i * cpus / nodes; c < (i + 1) * cpus / nodes; c++)); do n="$n,cpus=$c"; done
			else
				for ((c = i; c < cpus; c += nodes)); do n="$n,cpus=$c"; done
			fi
			numa+=(-numa "$n")
		done
		mem=$((per * nodes))
		[ $((cpus % nodes)) = 0 ] && smp="$cpus,sockets=$nodes,cores=$((cpus / nodes)),threads=1"
	fi
	case $K_ARCH in
	amd64) qemu=(qemu-system-x86_64 -cpu max); append="console=ttyS0 $append" ;;
	arm64) qemu=(qemu-system-aarch64 -M virt -cpu max); append="console=ttyAMA0 $append" ;;
	*) vm_die "cannot boot $K_ARCH yet" ;;
	esac
	# A scenario's own -accel (qemu="-accel tcg,thread=single") replaces
	# the default: qemu would take the first -accel that works.
	[[ " ${extra[*]} " == *" -accel "* ]] || qemu+=(-accel tcg)
	timeout -k 10 "$tmo" "${qemu[@]}" -m "$mem" -smp "$smp" "${numa[@]}" "${extra[@]}" \
		-kernel "$K_DIR/vmlinuz" -initrd "$initrd" \
		-append "panic=-1 quiet $append" \
		-nodefaults -display none -serial stdio -monitor none -no-reboot \
		</dev/null >"$log" 2>&1
}

# prepare_kernel NAME: everything up to a built module; sets K_* and K_BUILT.
prepare_kernel() {
	kernel_row "$1"
	resolve_kernel
	fetch_kernel
	prepare_buildenv
}
