/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The cgroup a kswapd_failures record names (cgroup=<id>), as a path.
 */
#ifndef KSW_CGROUP_H
#define KSW_CGROUP_H

#include <stddef.h>
#include <stdint.h>

/*
 * The path of cgroup v2 id @id below the cgroup2 mount of this machine
 * ("/" for the root, "/kswtest" ...), into @buf: 0, or -1 when no cgroup
 * has that id (any more).  Only meaningful for records read live.
 */
int ksw_cgroup_path(uint64_t id, char *buf, size_t len);

#endif
