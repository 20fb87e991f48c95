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
};

struct ksw_opts {
	const char *dir;
	int dir_given;
	int json;
	int prom;
	struct ksw_sel sel;
	double interval;	/* watch: seconds between polls */
	long count;		/* watch: polls, 0 for no end */
	const char *sysctl_root;
};

extern struct ksw_opts ksw_opt;

void __attribute__((noreturn, format(printf, 2, 3))) ksw_fatal(int code, const char *fmt, ...);

/*
 * Read the version file (checking its ABI) and the files in @want into
 * @s; a file of @need that is missing is fatal, others are left out of
 * s->have.  Errors end the program with their exit code.
 */
void ksw_load(struct ksw_snap *s, unsigned int need, unsigned int want);

/* The watch command. */
int ksw_cmd_watch(void);

/* The timeline command: stall @seq (NULL: the latest with a timeline). */
enum { KSW_TL_TEXT, KSW_TL_CHROME, KSW_TL_SVG };
int ksw_cmd_timeline(const char *seq, int format);

#endif
