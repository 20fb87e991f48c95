// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kswapwatch: read what the kswapwatch module recorded.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "diagnose.h"
#include "json.h"
#include "kswapwatch_abi.h"
#include "parse.h"
#include "prom.h"
#include "reader.h"
#include "show.h"
#include "util.h"

#define DEBUGFS_MAGIC_NR	0x64626720
#define DEBUGFS_MOUNT		"/sys/kernel/debug"
/* No debugfs file of the module comes near this; a bigger one is not it. */
#define MAX_FILE_SIZE		(64u << 20)

struct ksw_opts ksw_opt = {
	.dir = KSW_DEFAULT_ROOT,
	.interval = 1.0,
	.sysctl_root = "/proc/sys",
};

void ksw_fatal(int code, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
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
		"usage: kswapwatch [OPTIONS] [COMMAND]\n"
		"\n"
		"Shows what the kswapwatch module recorded about memory-reclaim stalls.\n"
		"\n"
		"Commands:\n"
		"  status     module version, probes and a summary (the default)\n"
		"  stalls     the stall records\n"
		"  failures   the kswapd_failures history: failures and resets\n"
		"  nodes      per NUMA node: kswapd_failures, hopeless, reset counters\n"
		"  zones      per zone: free pages, watermarks, reserve, reclaim targeting\n"
		"  diagnose   findings, the records they rest on, and their fixes\n"
		"  watch      follow new records: a live view on a terminal, JSON lines\n"
		"             (stalls, spurious resets, hopeless nodes) otherwise\n"
		"  timeline [SEQ]  what each CPU of stall SEQ (default: the latest with a\n"
		"             timeline) did before and in the gap: text lanes, --chrome, --svg\n"
		"  reset      clear the module's histories and counters (root)\n"
		"\n"
		"Options:\n"
		"  -d, --dir DIR          read DIR instead of %s\n"
		"  -j, --json             one JSON object per record or finding\n"
		"  -p, --prometheus       Prometheus text exposition format\n"
		"  -s, --since SEQ        only stalls and kswapd_failures records with seq > SEQ\n"
		"  -i, --interval SECS    watch: seconds between polls (default 1)\n"
		"  -c, --count N          watch: stop after N polls (default: never)\n"
		"      --sysctl-root DIR  diagnose: read the vm settings from DIR/vm/\n"
		"                         (default $KSWAPWATCH_SYSCTL_ROOT, else /proc/sys)\n"
		"      --chrome           timeline: Chrome Trace Event Format JSON (ui.perfetto.dev)\n"
		"      --svg              timeline: an SVG picture\n"
		"  -h, --help             this text\n"
		"  -V, --version          the reader's version\n"
		"\n"
		"Exit codes: 0 ok, 1 failure, 2 usage, 3 debugfs not mounted,\n"
		"4 module not loaded, 5 not root, 6 unknown ABI version,\n"
		"7 no timeline file (a module that keeps no stall timeline).\n",
		KSW_DEFAULT_ROOT);
}

/* Turn a failed open() of @path into the right message and exit code. */
static void __attribute__((noreturn)) open_failed(const char *path, int err)
{
	struct statfs sfs;

	if (err == EACCES || err == EPERM) {
		if (geteuid() != 0)
			ksw_fatal(EX_NOTROOT, "%s: %s (try as root)", path, strerror(err));
		ksw_fatal(EX_FAIL, "%s: %s (kernel lockdown or a security module?)", path,
			  strerror(err));
	}
	if (ksw_opt.dir_given || err != ENOENT)
		ksw_fatal(EX_FAIL, "%s: %s", path, strerror(err));
	if (statfs(DEBUGFS_MOUNT, &sfs) != 0 || sfs.f_type != DEBUGFS_MAGIC_NR) {
		if (errno == EACCES)
			ksw_fatal(EX_NOTROOT, DEBUGFS_MOUNT ": %s (try as root)", strerror(errno));
		ksw_fatal(EX_NODEBUGFS,
			  "debugfs is not mounted: mount -t debugfs none " DEBUGFS_MOUNT);
	}
	if (access(ksw_opt.dir, F_OK) != 0)
		ksw_fatal(EX_NOMODULE, "%s is missing: the module is not loaded (modprobe kswapwatch)",
			  ksw_opt.dir);
	ksw_fatal(EX_FAIL, "%s: %s", path, strerror(err));
}

/*
 * Read file @name of the module's directory into @t.  Returns -1 when it
 * does not exist and @optional; every other error is fatal.
 */
static int read_table(const char *name, struct ksw_table *t, int optional)
{
	char path[4096];
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", ksw_opt.dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && optional)
			return -1;
		open_failed(path, errno);
	}
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 16384;
			if (cap > MAX_FILE_SIZE)
				ksw_fatal(EX_FAIL, "%s: larger than %u bytes", path, MAX_FILE_SIZE);
			buf = ksw_xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ksw_fatal(EX_FAIL, "%s: %s", path, strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (ksw_table_parse(t, buf, len))
		ksw_fatal(EX_FAIL, "out of memory");
	free(buf);
	return 0;
}

void ksw_load(struct ksw_snap *s, unsigned int need, unsigned int want)
{
	static unsigned int warned;
	const struct ksw_record *v;
	int64_t abi;
	int id;

	memset(s, 0, sizeof(*s));
	read_table(KSW_FILE_VERSION, &s->t[KSW_F_VERSION], 0);
	s->have = KSW_BIT(KSW_F_VERSION);
	if (!ksw_opt.json)
		ksw_table_sanitize(&s->t[KSW_F_VERSION]);
	v = ksw_snap_version(s);
	if (!v || ksw_get_s64(v, "abi", &abi))
		ksw_fatal(EX_BADABI, "%s/%s: not a kswapwatch version record", ksw_opt.dir,
			  KSW_FILE_VERSION);
	if (abi != KSW_ABI)
		ksw_fatal(EX_BADABI, "module speaks ABI %lld, this reader knows ABI %d: use a matching reader",
			  (long long)abi, KSW_ABI);

	for (id = 0; id < KSW_NR_FILES; id++) {
		size_t bad;

		if (id == KSW_F_VERSION || !((need | want) & KSW_BIT(id)))
			continue;
		if (read_table(ksw_file_name(id), &s->t[id], !(need & KSW_BIT(id))))
			continue;
		s->have |= KSW_BIT(id);
		if (!ksw_opt.json)	/* tables and labels: no terminal controls */
			ksw_table_sanitize(&s->t[id]);
		bad = ksw_table_invalid(id, &s->t[id]);
		if (bad && !(warned & KSW_BIT(id))) {
			warned |= KSW_BIT(id);
			fprintf(stderr, "kswapwatch: %s/%s: %zu line%s ignored (malformed or cut short)\n",
				ksw_opt.dir, ksw_file_name(id), bad, bad == 1 ? "" : "s");
		}
	}
}

static void diagnose(const struct ksw_snap *s, struct ksw_diag *d)
{
	struct ksw_sysctl sc;
	struct ksw_data data;

	ksw_sysctl_read(&sc, ksw_opt.sysctl_root);
	ksw_diag_proc_root = ksw_opt.dir_given ? NULL : "/proc";
	if (ksw_data_build(&data, s))
		ksw_fatal(EX_FAIL, "out of memory");
	ksw_diagnose(&data, &ksw_opt.sel, &sc, d);
	ksw_data_free(&data);
}

static void json_table(const struct ksw_snap *s, int id)
{
	const struct ksw_table *t = &s->t[id];
	size_t i;

	for (i = 0; i < t->n; i++)
		if (ksw_rec_selected(id, &t->rec[i], &ksw_opt.sel))
			ksw_json_record(stdout, &t->rec[i], NULL);
}

static int cmd_status(void)
{
	struct ksw_snap s;
	struct ksw_diag d;

	ksw_load(&s, 0, KSW_ALL_FILES);
	if (ksw_opt.json) {
		ksw_json_record(stdout, ksw_snap_version(&s), NULL);
		ksw_snap_free(&s);
		return EX_OK;
	}
	diagnose(&s, &d);
	if (ksw_opt.prom) {
		ksw_prom_version(stdout, &s.t[KSW_F_VERSION]);
		ksw_prom_nodes(stdout, &s.t[KSW_F_NODES]);
		ksw_prom_zones(stdout, &s.t[KSW_F_ZONES]);
		ksw_prom_failures(stdout, &s.t[KSW_F_FAILURES]);
		ksw_prom_stalls(stdout, &s.t[KSW_F_STALLS]);
		ksw_prom_findings(stdout, &d);
	} else {
		ksw_show_status(stdout, &s, &d);
	}
	ksw_diag_free(&d);
	ksw_snap_free(&s);
	return EX_OK;
}

/* stalls, failures, nodes, zones: one file as a table, JSON or Prometheus. */
static int cmd_file(int id)
{
	struct ksw_snap s;

	ksw_load(&s, KSW_BIT(id), 0);
	if (ksw_opt.json) {
		json_table(&s, id);
	} else if (ksw_opt.prom) {
		if (id == KSW_F_STALLS)
			ksw_prom_stalls(stdout, &s.t[id]);
		else if (id == KSW_F_FAILURES)
			ksw_prom_failures(stdout, &s.t[id]);
		else if (id == KSW_F_NODES)
			ksw_prom_nodes(stdout, &s.t[id]);
		else
			ksw_prom_zones(stdout, &s.t[id]);
	} else if (id == KSW_F_STALLS) {
		ksw_show_stalls(stdout, &s.t[id], &ksw_opt.sel, 0, 0);
	} else if (id == KSW_F_FAILURES) {
		ksw_show_failures(stdout, &s.t[id], &ksw_opt.sel, 0);
	} else if (id == KSW_F_NODES) {
		ksw_show_nodes(stdout, &s.t[id]);
	} else {
		ksw_show_zones(stdout, &s.t[id]);
	}
	ksw_snap_free(&s);
	return EX_OK;
}

static int cmd_diagnose(void)
{
	struct ksw_snap s;
	struct ksw_diag d;

	ksw_load(&s, 0, KSW_ALL_FILES | KSW_BIT(KSW_F_TIMELINE));
	diagnose(&s, &d);
	if (ksw_opt.json)
		ksw_diag_print_json(stdout, &d);
	else if (ksw_opt.prom)
		ksw_prom_findings(stdout, &d);
	else
		ksw_diag_print_text(stdout, &d);
	ksw_diag_free(&d);
	ksw_snap_free(&s);
	return EX_OK;
}

static int cmd_reset(void)
{
	struct ksw_snap s;
	char path[4096];
	ssize_t n;
	int fd;

	ksw_load(&s, 0, 0);	/* the module is there and speaks our ABI */
	ksw_snap_free(&s);
	snprintf(path, sizeof(path), "%s/%s", ksw_opt.dir, KSW_FILE_RESET);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		open_failed(path, errno);
	do
		n = write(fd, "1\n", 2);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		ksw_fatal(errno == EACCES || errno == EPERM ? EX_NOTROOT : EX_FAIL, "%s: %s", path,
			  strerror(errno));
	if (close(fd))
		ksw_fatal(EX_FAIL, "%s: %s", path, strerror(errno));
	printf("kswapwatch: histories and counters cleared\n");
	return EX_OK;
}

static double parse_interval(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0.01 && v <= 86400))
		ksw_fatal(EX_USAGE, "--interval: '%s' is not a number of seconds from 0.01 to 86400", s);
	return v;
}

int main(int argc, char **argv)
{
	enum { OPT_SYSCTL_ROOT = 0x100, OPT_CHROME, OPT_SVG };
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "prometheus", no_argument, NULL, 'p' },
		{ "since", required_argument, NULL, 's' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "sysctl-root", required_argument, NULL, OPT_SYSCTL_ROOT },
		{ "chrome", no_argument, NULL, OPT_CHROME },
		{ "svg", no_argument, NULL, OPT_SVG },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd, *env;
	int tl_format = KSW_TL_TEXT;
	uint64_t n;
	int c;

	env = getenv("KSWAPWATCH_SYSCTL_ROOT");
	if (env && *env)
		ksw_opt.sysctl_root = env;
	while ((c = getopt_long(argc, argv, "d:jps:i:c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			ksw_opt.dir = optarg;
			ksw_opt.dir_given = 1;
			break;
		case 'j':
			ksw_opt.json = 1;
			break;
		case 'p':
			ksw_opt.prom = 1;
			break;
		case 's':
			if (ksw_parse_u64(optarg, &ksw_opt.sel.since))
				ksw_fatal(EX_USAGE, "--since: '%s' is not a seq number", optarg);
			ksw_opt.sel.since_set = 1;
			break;
		case 'i':
			ksw_opt.interval = parse_interval(optarg);
			break;
		case 'c':
			if (ksw_parse_u64(optarg, &n) || n == 0 || n > 1000000000)
				ksw_fatal(EX_USAGE, "--count: '%s' is not a number of polls", optarg);
			ksw_opt.count = (long)n;
			break;
		case OPT_SYSCTL_ROOT:
			ksw_opt.sysctl_root = optarg;
			break;
		case OPT_CHROME:
		case OPT_SVG:
			if (tl_format != KSW_TL_TEXT)
				ksw_fatal(EX_USAGE, "--chrome and --svg exclude each other");
			tl_format = c == OPT_CHROME ? KSW_TL_CHROME : KSW_TL_SVG;
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
	if (ksw_opt.json && ksw_opt.prom)
		ksw_fatal(EX_USAGE, "--json and --prometheus exclude each other");
	cmd = optind < argc ? argv[optind] : "status";
	if (strcmp(cmd, "timeline") == 0 && optind + 2 >= argc) {
		if (ksw_opt.json || ksw_opt.prom)
			ksw_fatal(EX_USAGE, "timeline: --chrome or --svg, not --json or --prometheus");
		return ksw_cmd_timeline(optind + 1 < argc ? argv[optind + 1] : NULL, tl_format);
	}
	if (tl_format != KSW_TL_TEXT)
		ksw_fatal(EX_USAGE, "--chrome and --svg are options of timeline");
	if (optind + 1 < argc) {
		fprintf(stderr, "kswapwatch: unexpected argument '%s'\n", argv[optind + 1]);
		usage(stderr);
		return EX_USAGE;
	}
	if (strcmp(cmd, "status") == 0)
		return cmd_status();
	if (strcmp(cmd, "stalls") == 0)
		return cmd_file(KSW_F_STALLS);
	if (strcmp(cmd, "failures") == 0)
		return cmd_file(KSW_F_FAILURES);
	if (strcmp(cmd, "nodes") == 0)
		return cmd_file(KSW_F_NODES);
	if (strcmp(cmd, "zones") == 0)
		return cmd_file(KSW_F_ZONES);
	if (strcmp(cmd, "diagnose") == 0)
		return cmd_diagnose();
	if (strcmp(cmd, "watch") == 0) {
		if (ksw_opt.prom)
			ksw_fatal(EX_USAGE, "watch: --prometheus is not supported (use --json)");
		return ksw_cmd_watch();
	}
	if (strcmp(cmd, "reset") == 0) {
		if (ksw_opt.json || ksw_opt.prom)
			ksw_fatal(EX_USAGE, "reset: prints no records");
		return cmd_reset();
	}
	fprintf(stderr, "kswapwatch: unknown command '%s'\n", cmd);
	usage(stderr);
	return EX_USAGE;
}
