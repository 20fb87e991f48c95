/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The reader's command-line state and file access, shared by its commands.
 */
#ifndef KSW_READER_H
#define KSW_READER_H

#include "snap.h"

/* Exit codes (documented in --help and the man page). */
enum {
	EX_OK = 0,
	EX_FAIL = 1,
	EX_USAGE = 2,
	EX_NODEBUGFS = 3,
	EX_NOMODULE = 4,
	EX_NOTROOT = 5,
	EX_BADABI = 6,
	EX_NOTIMELINE = 7,	/* timeline: the module keeps none (older version) */
	/* diagnose: the most severe finding (errors stay 1 to 7) */
	EX_FINDINGS_WARNING = 8,
	EX_FINDINGS_CRITICAL = 9,
};

struct ksw_opts {
	const char *dir;	/* the module's files */
	int dir_given;		/* -d: a copy, never the running system */
	const char *clock;	/* -d: the copy's clock file */
	const char *host_root;	/* $KSWAPWATCH_ROOT: before every path of the system, or "" */
	int json;
	int prom;
	struct ksw_sel sel;
	double interval;	/* watch: seconds between polls */
	long count;		/* watch: polls, 0 for no end */
	const char *sysctl_root;	/* holds vm/ */
	int sysctl_given;		/* --sysctl-root or $KSWAPWATCH_SYSCTL_ROOT */
};

extern struct ksw_opts ksw_opt;

void __attribute__((noreturn, format(printf, 2, 3))) ksw_fatal(int code, const char *fmt, ...);

/*
 * End the program for the error @err of reading the module's file @path,
 * with the exit code that tells why: debugfs not mounted, module not
 * loaded, not root, or 1.
 */
void __attribute__((noreturn)) ksw_read_failed(const char *path, int err);

/*
 * Read the version file (checking its ABI) and the files in @want into
 * @s; a file of @need that is missing is fatal, others are left out of
 * s->have.  Errors end the program with their exit code.
 */
void ksw_load(struct ksw_snap *s, unsigned int need, unsigned int want);

/* The watch command. */
int ksw_cmd_watch(void);

/* The save command: a bundle of the running system into @file ("-": stdout, NULL: a new name). */
int ksw_cmd_save(const char *file);

/* The timeline command: stall @seq (NULL: the latest with a timeline). */
enum { KSW_TL_TEXT, KSW_TL_CHROME, KSW_TL_SVG };
int ksw_cmd_timeline(const char *seq, int format);

#endif
