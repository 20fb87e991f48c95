#!/bin/sh
# vm: mem=512 cpus=2 nodes=2 kmods=brd,crc32c_generic?,ext4 timeout=900
# The kswapd_failures history on two NUMA nodes: kswapd_failures.sh, the
# checks run for every node.
. /lib/scenarios/kswapd_failures.sh
