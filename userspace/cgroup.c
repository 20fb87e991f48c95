// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * cgroup v2 ids (the module's cgroup= field) to paths, on the machine the
 * reader runs on: a cgroup's id is the inode number of its directory.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cgroup.h"

static uint64_t want_ino;
static char found[4096];
static size_t root_len;

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type != FTW_D || (uint64_t)st->st_ino != want_ino)
		return 0;
	snprintf(found, sizeof(found), "%s", path[root_len] ? path + root_len : "/");
	return 1;
}

/*
 * Where cgroup2 is mounted, from /proc/self/mountinfo: 0, or -1 when it is
 * not (inode numbers of another file system would match by chance).
 */
static int cgroup2_root(char *buf, size_t len)
{
	char line[8192], mnt[4096], *sep;
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int rc = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		sep = strstr(line, " - ");
		if (!sep || strncmp(sep, " - cgroup2 ", 11) != 0)
			continue;
		/* 36 35 0:30 / /sys/fs/cgroup rw,... - cgroup2 ... */
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) == 1) {
			snprintf(buf, len, "%s", mnt);
			rc = 0;
			break;
		}
	}
	fclose(f);
	return rc;
}

int ksw_cgroup_path(uint64_t id, char *buf, size_t len)
{
	char root[4096];
	int rc;

	if (!id || cgroup2_root(root, sizeof(root)))
		return -1;
	want_ino = id;
	found[0] = '\0';
	root_len = strlen(root);
	rc = nftw(root, visit, 16, FTW_PHYS | FTW_MOUNT);
	if (rc != 1)
		return -1;
	snprintf(buf, len, "%s", found);
	return 0;
}
