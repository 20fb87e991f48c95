// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Where the reader's bytes come from (see source.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reader.h"
#include "source.h"
#include "tar.h"
#include "util.h"

/* A bundle is read whole; the module's files of a big machine fit easily. */
#define MAX_BUNDLE	(1024u << 20)

/* The bundle -d opened, if any: PATH and its members. */
static struct {
	char *path;
	size_t plen;
	struct ksw_tar tar;
} bundle;

/* Whether a member of the bundle is a directory holding @name/... */
static int bundle_has_dir(const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < bundle.tar.n; i++) {
		const char *m = bundle.tar.m[i].name;

		if (strncmp(m, name, n) == 0 && (m[n] == '/' || (m[n] == '\0' &&
						      bundle.tar.m[i].type == '5')))
			return 1;
	}
	return 0;
}

static int read_member(const char *name, size_t max, char **buf, size_t *len)
{
	if (!*name)
		return EISDIR;
	const struct ksw_tar_member *m = ksw_tar_find(&bundle.tar, name);

	if (!m)
		return bundle_has_dir(name) ? EISDIR : ENOENT;
	if (m->type == '5')
		return EISDIR;
	if (m->type != '0')
		return KSW_ENOTREG;
	if (m->size > max)
		return EFBIG;
	*buf = ksw_xrealloc(NULL, m->size + 1);
	memcpy(*buf, m->data, m->size);
	(*buf)[m->size] = '\0';
	*len = m->size;
	return 0;
}

static int member_exists(const char *name)
{
	return !*name || ksw_tar_find(&bundle.tar, name) || bundle_has_dir(name);
}

static void open_bundle(const char *path)
{
	static const unsigned char gzip[] = { 0x1f, 0x8b }, xz[] = { 0xfd, '7', 'z', 'X', 'Z' };
	static const unsigned char zstd[] = { 0x28, 0xb5, 0x2f, 0xfd }, bz[] = { 'B', 'Z', 'h' };
	const char *why;
	char *buf;
	size_t len;
	int err;

	err = ksw_read_path(path, MAX_BUNDLE, &buf, &len);
	if (err)
		ksw_fatal(EX_FAIL, "%s: %s", path, err == EFBIG ? "larger than 1 GB: not a bundle" :
			  ksw_read_strerror(err));
	if ((len >= 2 && memcmp(buf, gzip, 2) == 0) || (len >= 5 && memcmp(buf, xz, 5) == 0) ||
	    (len >= 4 && memcmp(buf, zstd, 4) == 0) || (len >= 3 && memcmp(buf, bz, 3) == 0))
		ksw_fatal(EX_FAIL, "%s: compressed: decompress it first (the reader reads a plain tar)",
			  path);
	if (ksw_tar_index(&bundle.tar, buf, len, &why))
		ksw_fatal(EX_FAIL, "%s: not a directory or a bundle: %s", path, why);
	bundle.path = ksw_xstrdup(path);
	bundle.plen = strlen(path);
	ksw_read_mount(bundle.path, read_member, member_exists);
}

/*
 * A bundle tar holds everything under one directory (NAME/kswapwatch/...);
 * a tar of a copy of the module's directory may too (kswapwatch/version).
 * The root is where version or kswapwatch/version is.
 */
static char *bundle_root(const char *path)
{
	const char *first = NULL;
	size_t i, flen = 0;

	if (ksw_tar_find(&bundle.tar, "version") || ksw_tar_find(&bundle.tar, "kswapwatch/version"))
		return ksw_xstrdup(path);
	for (i = 0; i < bundle.tar.n; i++) {
		const char *m = bundle.tar.m[i].name, *slash = strchr(m, '/');
		size_t n = slash ? (size_t)(slash - m) : strlen(m);

		if (!*m || strcmp(m, ".") == 0)	/* tar -C DIR -cf FILE . */
			continue;
		if (!slash && bundle.tar.m[i].type != '5')
			return ksw_xstrdup(path);	/* a file at the top */
		if (first && (n != flen || strncmp(m, first, n) != 0))
			return ksw_xstrdup(path);	/* more than one directory */
		first = m;
		flen = n;
	}
	return first ? ksw_xasprintf("%s/%.*s", path, (int)flen, first) : ksw_xstrdup(path);
}

void ksw_source_setup(struct ksw_source *src, const char *path)
{
	struct stat st;
	char *root, *mod;
	size_t n;

	memset(src, 0, sizeof(*src));
	if (stat(path, &st) != 0)
		ksw_fatal(EX_FAIL, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		root = ksw_xstrdup(path);
	} else if (S_ISREG(st.st_mode)) {
		open_bundle(path);
		root = bundle_root(path);
		src->bundle = 1;
	} else {
		ksw_fatal(EX_FAIL, "%s: not a directory or a bundle file", path);
	}
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		root[--n] = '\0';
	mod = ksw_xasprintf("%s/kswapwatch/version", root);
	if (ksw_path_exists(mod)) {		/* a bundle, or one unpacked */
		src->dir = ksw_xasprintf("%s/kswapwatch", root);
		src->sysctl_root = ksw_xasprintf("%s/proc/sys", root);
	} else {				/* the module's files themselves */
		src->dir = ksw_xstrdup(root);
		src->sysctl_root = ksw_xasprintf("%s/sys", root);
	}
	src->clock = ksw_xasprintf("%s/clock", root);
	free(mod);
	free(root);
}
