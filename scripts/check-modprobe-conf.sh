#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every module parameter (module_param*() in module/*.c) must have a
# commented "#options kswapwatch NAME=..." line in the modprobe.d file the
# package ships, and a MODULE_PARM_DESC(), so modinfo describes it.  A line
# for a parameter the module does not have is reported but not fatal:
# modprobe ignores it, being commented out.
#
# usage: scripts/check-modprobe-conf.sh [MODPROBE_FILE]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
conf=${1:-$top/debian/kswapwatch.modprobe}

params=$(cat "$top"/module/*.c |
	sed -n 's/^[[:space:]]*module_param\(_named\|_cb\|_array\|_string\|_unsafe\)*([[:space:]]*\([a-z0-9_]*\).*/\2/p' |
	sort -u)
documented=$(sed -n 's/^#[[:space:]]*options[[:space:]]\{1,\}kswapwatch[[:space:]]\{1,\}\([a-z0-9_]*\)=.*/\1/p' "$conf" | sort -u)

bad=0
for p in $params; do
	if ! echo "$documented" | grep -qx "$p"; then
		echo "missing: parameter $p has no '#options kswapwatch $p=...' line in $conf" >&2
		bad=1
	fi
	if ! cat "$top"/module/*.c | grep -q "MODULE_PARM_DESC([[:space:]]*${p}[[:space:]]*,"; then
		echo "missing: parameter $p has no MODULE_PARM_DESC()" >&2
		bad=1
	fi
done
for d in $documented; do
	echo "$params" | grep -qx "$d" ||
		echo "note: $conf documents $d, which module/*.c does not define (yet)" >&2
done
if grep -v '^[[:space:]]*#' "$conf" | grep -q '[^[:space:]]'; then
	echo "bad: $conf must stay all comments (the module's defaults apply)" >&2
	bad=1
fi
exit $bad
