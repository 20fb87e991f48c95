#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot Debian's kernel (7.2 unless KSW_DEMO_KERNEL says another)
# under qemu with kswapwatch loaded, provoke kswapd failures, a memory.high
# reset and a stall, and print what kswapwatch reports.
set -euo pipefail
cd "$(dirname "$0")/../.."
tests/install-deps.sh
kernel=${KSW_DEMO_KERNEL:-7.2}
echo "kswapwatch demo: building for Debian $kernel and booting it under qemu (first run downloads ~200 MB)"
set +e
tests/vm/run "$kernel" tests/vm/demo-guest.sh
rc=$?
set -e
log=${KSW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kswapwatch}/logs/$kernel/demo-guest.log
if [ -f "$log" ]; then
	echo
	# The guest's own output; of the kernel's console only the OOM kills.
	sed -n '/^KSW-GUEST/,/^KSW-RESULT/p' "$log" |
		awk '!/^KSW-RESULT/ && (!/^\[ *[0-9]+\.[0-9]+\] / || /Out of memory/)'
	echo "(full console: $log)"
fi
exit "$rc"
