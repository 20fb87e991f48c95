#!/bin/sh
# vm: mem=512 cpus=2 timeout=240
# Load, read version, unload; the kernel must not complain.
. /lib/guest-lib.sh

load_kswapwatch
v=$(cat "$KSW/version")
say "version: $v"
check "version names the ABI" [ "$(field "$v" abi)" = 1 ]
check "version names the running kernel" [ "$(field "$v" kernel)" = "$(uname -r)" ]
check "version names the module version" [ -n "$(field "$v" kswapwatch)" ]
check "debugfs files are root-only" [ "$(stat -c %a "$KSW/version")" = 400 ]
check "the reader reads it" kswapwatch status
check "reset accepts 1" sh -c "echo 1 > $KSW/reset"
if echo 2 > "$KSW/reset" 2>/dev/null; then fail "reset accepted 2"; fi
say "ok: reset refuses 2"
unload_kswapwatch
load_kswapwatch
unload_kswapwatch
check "no WARN, BUG or Oops in dmesg" dmesg_clean
pass "load/unload"
