/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * ustar archives: the bundle `kswapwatch save` writes and `-d` reads.
 */
#ifndef KSW_TAR_H
#define KSW_TAR_H

#include <stddef.h>
#include <stdint.h>

#define KSW_TAR_BLOCK	512

/* A member of an archive held in memory. */
struct ksw_tar_member {
	char *name;		/* without "./" or a trailing '/' */
	const char *data;	/* into the archive's buffer */
	size_t size;
	char type;		/* '0' regular file, '5' directory, else as written */
};

struct ksw_tar {
	char *buf;
	size_t len;
	struct ksw_tar_member *m;
	size_t n;
};

/*
 * Index the archive @buf of @len bytes (POSIX ustar, GNU tar's long names
 * and pax path/size records); @t takes over @buf, also on failure.  0, or
 * -1 with *why saying what is wrong.
 */
int ksw_tar_index(struct ksw_tar *t, char *buf, size_t len, const char **why);

/* The last member named @name, NULL when none. */
const struct ksw_tar_member *ksw_tar_find(const struct ksw_tar *t, const char *name);

void ksw_tar_free(struct ksw_tar *t);

/*
 * A ustar header for member @name (type '0' or '5') of @size bytes, @mode
 * and @mtime (seconds), into @hdr.  0, or -1 when the name does not fit.
 */
int ksw_tar_header(unsigned char hdr[KSW_TAR_BLOCK], const char *name, uint64_t size,
		   char type, unsigned int mode, int64_t mtime);

#endif
