/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Where the reader's bytes come from: the running system, a directory (a
 * copy of the module's debugfs directory, an unpacked bundle, a test
 * fixture) or a bundle that `kswapwatch save` wrote (a tar file).
 *
 * A bundle opened with ksw_source_setup() reads as a directory: the path
 * BUNDLE/NAME names its member NAME.
 */
#ifndef KSW_SOURCE_H
#define KSW_SOURCE_H

#include <stddef.h>

#include "util.h"

/* What -d PATH names. */
struct ksw_source {
	char *dir;		/* the module's files */
	char *sysctl_root;	/* holds vm/ (the sysctls) */
	char *clock;		/* the clock file */
	int bundle;		/* PATH is a bundle file */
};

/*
 * Work out what @path holds: a directory with kswapwatch/ in it (an
 * unpacked bundle: its proc/sys and clock), another directory (the
 * module's files, and sys/ when a copy has one, as the test fixtures do),
 * or a bundle file, loaded into memory and read as the directory it holds.
 * Errors end the program (exit 1).
 */
void ksw_source_setup(struct ksw_source *src, const char *path);

#endif
