// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kswapwatch: read what the kswapwatch module recorded.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "kswapwatch_abi.h"
#include "parse.h"

/* Exit codes (documented in --help and the man page). */
enum {
	EX_OK = 0,
	EX_FAIL = 1,
	EX_USAGE = 2,
	EX_NODEBUGFS = 3,
	EX_NOMODULE = 4,
	EX_NOTROOT = 5,
	EX_BADABI = 6,
};

#define DEBUGFS_MAGIC_NR 0x64626720

static const char *root_dir = KSW_DEFAULT_ROOT;
static int root_given;

static void __attribute__((noreturn, format(printf, 2, 3)))
fatal(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("kswapwatch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: kswapwatch [-d DIR] COMMAND\n"
		"\n"
		"Commands:\n"
		"  status     module version, ABI and attached probes\n"
		"\n"
		"Options:\n"
		"  -d, --dir DIR   read DIR instead of %s\n"
		"  -h, --help      this text\n"
		"  -V, --version   the reader's version\n"
		"\n"
		"Exit codes: 0 ok, 1 failure, 2 usage, 3 debugfs not mounted,\n"
		"4 module not loaded, 5 not root, 6 unknown ABI version.\n",
		KSW_DEFAULT_ROOT);
}

/* Open a file of the module's directory, turning errors into exit codes. */
static FILE *open_file(const char *name)
{
	char path[4096];
	struct statfs sfs;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root_dir, name);
	f = fopen(path, "r");
	if (f)
		return f;
	if (errno == EACCES || errno == EPERM)
		fatal(EX_NOTROOT, "%s: %s (try as root)", path, strerror(errno));
	if (root_given)
		fatal(EX_FAIL, "%s: %s", path, strerror(errno));
	if (statfs("/sys/kernel/debug", &sfs) != 0 || sfs.f_type != DEBUGFS_MAGIC_NR) {
		if (errno == EACCES)
			fatal(EX_NOTROOT, "/sys/kernel/debug: %s (try as root)", strerror(errno));
		fatal(EX_NODEBUGFS, "debugfs is not mounted: mount -t debugfs none /sys/kernel/debug");
	}
	if (access(root_dir, F_OK) != 0)
		fatal(EX_NOMODULE, "%s is missing: the module is not loaded (modprobe kswapwatch)", root_dir);
	fatal(EX_FAIL, "%s: %s", path, strerror(errno));
}

/* Read and check the version record; returns it in @rec backed by @buf. */
static void read_version(char *buf, size_t len, struct ksw_record *rec)
{
	FILE *f = open_file(KSW_FILE_VERSION);
	int64_t abi;

	if (!fgets(buf, (int)len, f))
		fatal(EX_FAIL, "%s/%s: empty", root_dir, KSW_FILE_VERSION);
	fclose(f);
	if (ksw_parse_line(buf, rec) < 0 || ksw_get_s64(rec, "abi", &abi) != 0)
		fatal(EX_BADABI, "%s/%s: not a kswapwatch version record", root_dir,
		      KSW_FILE_VERSION);
	if (abi != KSW_ABI)
		fatal(EX_BADABI, "module speaks ABI %lld, this reader knows ABI %d: use a matching reader",
		      (long long)abi, KSW_ABI);
}

static int cmd_status(void)
{
	struct ksw_record rec;
	char buf[4096];
	const char *probes;

	read_version(buf, sizeof(buf), &rec);
	probes = ksw_get(&rec, "probes");
	printf("module    %s (abi %s)\n", ksw_get(&rec, "kswapwatch") ?: "?",
	       ksw_get(&rec, "abi"));
	printf("kernel    %s\n", ksw_get(&rec, "kernel") ?: "?");
	printf("failures  %s\n", ksw_get(&rec, "failures_source") ?: "?");
	printf("probes    %s\n", probes && *probes ? probes : "(none)");
	return EX_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd;
	int c;

	while ((c = getopt_long(argc, argv, "d:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			root_dir = optarg;
			root_given = 1;
			break;
		case 'h':
			usage(stdout);
			return EX_OK;
		case 'V':
			printf("kswapwatch %s (abi %d)\n", KSW_VERSION, KSW_ABI);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	cmd = optind < argc ? argv[optind] : "status";
	if (strcmp(cmd, "status") == 0)
		return cmd_status();
	fprintf(stderr, "kswapwatch: unknown command '%s'\n", cmd);
	usage(stderr);
	return EX_USAGE;
}
