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
#include <time.h>
#include <unistd.h>

#include "diagnose.h"
#include "json.h"
#include "kswapwatch_abi.h"
#include "options.h"
#include "parse.h"
#include "prom.h"
#include "reader.h"
#include "records.h"
#include "show.h"
#include "source.h"
#include "util.h"

#define DEBUGFS_MAGIC_NR	0x64626720
#define DEBUGFS_MOUNT		"/sys/kernel/debug"

struct ksw_opts ksw_opt = {
	.dir = KSW_DEFAULT_ROOT,
	.host_root = "",
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
		"  save       a tar file of the module's files and the system's memory\n"
		"             state, for -d: save [FILE] (FILE - for stdout; default\n"
		"             kswapwatch-HOST-YYYYmmddTHHMMSS.tar, its name printed)\n"
		"  timeline [SEQ]  what each CPU of stall SEQ (default: the latest with a\n"
		"             timeline) did before and in the gap: text lanes, --chrome, --svg\n"
		"  reset      clear the module's histories and counters (root)\n"
		"\n"
		"Options:\n"
		"  -d, --dir PATH         read PATH instead of %s and this system:\n"
		"                         a bundle of save, one unpacked, or a copy of the\n"
		"                         module's directory\n"
		"  -j, --json             one JSON object per record or finding\n"
		"  -p, --prometheus       Prometheus text exposition format\n"
		"  -s, --since SEQ|DURATION\n"
		"                         only records with seq > SEQ, or of the last\n"
		"                         DURATION (500ms, 90s, 10m, 2h, 1d) before the files\n"
		"                         were read (a copy without a clock: all records)\n"
		"      --min-ms N         only stalls of at least N ms\n"
		"      --kind LIST        only stalls of these kinds: irq,sched,reclaim\n"
		"      --node N           only records of NUMA node N\n"
		"  -i, --interval SECS    watch: seconds between polls (default 1)\n"
		"  -c, --count N          watch: stop after N polls (default: never)\n"
		"      --sysctl-root DIR  diagnose: read the vm settings from DIR/vm/\n"
		"                         (default $KSWAPWATCH_SYSCTL_ROOT, else the copy's\n"
		"                         with -d, else /proc/sys)\n"
		"      --chrome           timeline: Chrome Trace Event Format JSON (ui.perfetto.dev)\n"
		"      --svg              timeline: an SVG picture\n"
		"  -h, --help             this text\n"
		"  -V, --version          the reader's version\n"
		"\n"
		"Exit codes: 0 ok, 1 failure, 2 usage, 3 debugfs not mounted,\n"
		"4 module not loaded, 5 not root, 6 unknown ABI version,\n"
		"7 no timeline file (a module that keeps no stall timeline);\n"
		"diagnose: 0 no finding above info, 8 warning, 9 critical.\n",
		KSW_DEFAULT_ROOT);
}

void ksw_read_failed(const char *path, int err)
{
	char mnt[4096];
	struct statfs sfs;

	if (err == EACCES || err == EPERM) {
		if (geteuid() != 0)
			ksw_fatal(EX_NOTROOT, "%s: %s (try as root)", path, strerror(err));
		ksw_fatal(EX_FAIL, "%s: %s (kernel lockdown or a security module?)", path,
			  strerror(err));
	}
	if (ksw_opt.dir_given || err != ENOENT)
		ksw_fatal(EX_FAIL, "%s: %s", path, ksw_read_strerror(err));
	snprintf(mnt, sizeof(mnt), "%s" DEBUGFS_MOUNT, ksw_opt.host_root);
	if (statfs(mnt, &sfs) != 0 || sfs.f_type != DEBUGFS_MAGIC_NR) {
		if (errno == EACCES)
			ksw_fatal(EX_NOTROOT, "%s: %s (try as root)", mnt, strerror(errno));
		if (!*ksw_opt.host_root)
			ksw_fatal(EX_NODEBUGFS,
				  "debugfs is not mounted: mount -t debugfs none " DEBUGFS_MOUNT);
	}
	if (access(ksw_opt.dir, F_OK) != 0)
		ksw_fatal(EX_NOMODULE, "%s is missing: the module is not loaded (modprobe kswapwatch)",
			  ksw_opt.dir);
	ksw_fatal(EX_FAIL, "%s: %s", path, strerror(err));
}

/*
 * Read file @name of the module's directory into @t: 0, or the errno
 * value of a file that could not be read (a missing one: ENOENT).
 */
static int read_table(const char *name, struct ksw_table *t)
{
	char path[4096];
	char *buf;
	size_t len;
	int err;

	snprintf(path, sizeof(path), "%s/%s", ksw_opt.dir, name);
	err = ksw_read_path(path, KSW_MAX_FILE, &buf, &len);
	if (err)
		return err;
	if (ksw_table_parse(t, buf, len))
		ksw_fatal(EX_FAIL, "out of memory");
	free(buf);
	return 0;
}

/* The clocks of a copy: its clock file ("mono_ns= real_ns= page_size="). */
static void read_clock(struct ksw_snap *s)
{
	static int warned, warned_since;
	struct ksw_table t = { 0 };
	uint64_t mono, page;
	int64_t real;
	char *buf;
	size_t len;
	int err;

	err = ksw_read_path(ksw_opt.clock, 4096, &buf, &len);
	if (err == 0) {
		if (ksw_table_parse(&t, buf, len))
			ksw_fatal(EX_FAIL, "out of memory");
		free(buf);
		if (t.n && ksw_get_u64(&t.rec[0], "mono_ns", &mono) == 0 &&
		    ksw_get_s64(&t.rec[0], "real_ns", &real) == 0 && real > 0) {
			s->have_clock = 1;
			s->mono_ns = mono;
			s->real_ns = real;
		}
		if (t.n && ksw_get_u64(&t.rec[0], "page_size", &page) == 0 && page &&
		    page <= (1u << 30))
			s->page_size = (long)page;
		ksw_table_free(&t);
		if (!s->have_clock && !warned++)
			fprintf(stderr, "kswapwatch: %s: not a clock record (mono_ns= real_ns=): times are not known\n",
				ksw_opt.clock);
	} else if (err != ENOENT && !warned++) {
		fprintf(stderr, "kswapwatch: %s: %s\n", ksw_opt.clock, ksw_read_strerror(err));
	}
	if (!s->have_clock && ksw_opt.sel.since_ns_set && !warned_since++)
		fprintf(stderr, "kswapwatch: %s: no clock file: --since DURATION selects every record\n",
			ksw_opt.dir);
}

void ksw_load(struct ksw_snap *s, unsigned int need, unsigned int want)
{
	static unsigned int warned, warned_err;
	const struct ksw_record *v;
	struct timespec mono, real;
	int64_t abi;
	int id, err;

	memset(s, 0, sizeof(*s));
	err = read_table(KSW_FILE_VERSION, &s->t[KSW_F_VERSION]);
	if (err) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", ksw_opt.dir, KSW_FILE_VERSION);
		ksw_read_failed(path, err);
	}
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
		err = read_table(ksw_file_name(id), &s->t[id]);
		if (err) {
			char path[4096];

			snprintf(path, sizeof(path), "%s/%s", ksw_opt.dir, ksw_file_name(id));
			if (need & KSW_BIT(id))
				ksw_read_failed(path, err);
			/* Left out, and said: never read as an empty file. */
			s->err[id] = err;
			if (err != ENOENT && !(warned_err & KSW_BIT(id))) {
				warned_err |= KSW_BIT(id);
				fprintf(stderr, "kswapwatch: %s: %s: left out\n", path,
					ksw_read_strerror(err));
			}
			continue;
		}
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
	if (ksw_opt.dir_given) {
		read_clock(s);
	} else {
		/* The files were read just now: the clocks of their records. */
		if (clock_gettime(CLOCK_MONOTONIC, &mono) == 0 &&
		    clock_gettime(CLOCK_REALTIME, &real) == 0) {
			s->have_clock = 1;
			s->mono_ns = (uint64_t)mono.tv_sec * 1000000000u + (uint64_t)mono.tv_nsec;
			s->real_ns = (int64_t)real.tv_sec * 1000000000 + real.tv_nsec;
		}
		s->page_size = sysconf(_SC_PAGESIZE);
		if (s->page_size < 0)
			s->page_size = 0;
	}
}

static void diagnose(const struct ksw_data *data, struct ksw_diag *d)
{
	struct ksw_sysctl sc;

	static char proc[4096];

	ksw_sysctl_read(&sc, ksw_opt.sysctl_root);
	/* A copy's pids mean nothing here: no live look-ups with -d. */
	snprintf(proc, sizeof(proc), "%s/proc", ksw_opt.host_root ? ksw_opt.host_root : "");
	ksw_diag_proc_root = ksw_opt.dir_given ? NULL : proc;
	ksw_diagnose(data, &ksw_opt.sel, &sc, d);
}

/* status --json: a file that could not be read, said, never read as empty. */
static void json_missing(const struct ksw_snap *s, int id, const char *name)
{
	if (s->have & KSW_BIT(id))
		return;
	printf("{\"_event\":\"%s\",\"error\":", name);
	ksw_json_string(stdout, ksw_read_strerror(s->err[id] ? s->err[id] : ENOENT));
	fputs("}\n", stdout);
}

/* The count line of a file of records in status --json. */
static void json_count(const struct ksw_snap *s, int id, const char *name, size_t n,
		       size_t nsel, uint64_t first, uint64_t last)
{
	if (!(s->have & KSW_BIT(id))) {
		json_missing(s, id, name);
		return;
	}
	printf("{\"_event\":\"%s\",\"records\":%zu,\"selected\":%zu", name, n, nsel);
	if (n)
		printf(",\"first_seq\":%llu,\"last_seq\":%llu", (unsigned long long)first,
		       (unsigned long long)last);
}

/*
 * status --json: the version record, each node, each zone, the counts of
 * the stalls and kswapd_failures records, then the findings.
 */
static void status_json(const struct ksw_data *data, const struct ksw_diag *d)
{
	const struct ksw_snap *s = data->snap;
	const struct ksw_sel *sel = &ksw_opt.sel;
	size_t i, nsel, kinds[KSW_STALL_K_NR] = { 0 };
	size_t resets = 0, spurious = 0;
	uint64_t longest = 0;
	int k;

	ksw_json_record(stdout, ksw_snap_version(s), "version");
	json_missing(s, KSW_F_NODES, "nodes");
	json_missing(s, KSW_F_ZONES, "zones");
	for (i = 0; i < data->nnodes; i++)
		if (ksw_node_selected(sel, data->nodes[i].nid))
			ksw_json_node(stdout, data, &data->nodes[i], "node");
	for (i = 0; i < data->nzones; i++)
		if (ksw_node_selected(sel, data->zones[i].nid))
			ksw_json_zone(stdout, data, &data->zones[i], "zone");

	for (i = 0, nsel = 0; i < data->nstalls; i++) {
		const struct ksw_stall *st = &data->stalls[i];

		if (!ksw_stall_selected(data, sel, st))
			continue;
		nsel++;
		kinds[st->kind]++;
		if (st->dur_us > longest)
			longest = st->dur_us;
	}
	json_count(s, KSW_F_STALLS, "stalls", data->nstalls, nsel,
		   data->nstalls ? data->stalls[0].seq : 0,
		   data->nstalls ? data->stalls[data->nstalls - 1].seq : 0);
	if (s->have & KSW_BIT(KSW_F_STALLS)) {
		for (k = 0; k < KSW_STALL_K_NR; k++)
			printf(",\"%s\":%zu", ksw_stall_kind_str(k), kinds[k]);
		printf(",\"longest_us\":%llu}\n", (unsigned long long)longest);
	}

	for (i = 0, nsel = 0; i < data->nfails; i++) {
		const struct ksw_fail *f = &data->fails[i];

		if (!ksw_fail_selected(data, sel, f))
			continue;
		nsel++;
		if (f->event == KSW_EV_RESET) {
			resets++;
			spurious += ksw_fail_spurious(f) != 0;
		}
	}
	json_count(s, KSW_F_FAILURES, "failures", data->nfails, nsel,
		   data->nfails ? data->fails[0].seq : 0,
		   data->nfails ? data->fails[data->nfails - 1].seq : 0);
	if (s->have & KSW_BIT(KSW_F_FAILURES))
		printf(",\"resets\":%zu,\"spurious_resets\":%zu}\n", resets, spurious);
	ksw_diag_print_json(stdout, d);
}

static int cmd_status(void)
{
	struct ksw_snap s;
	struct ksw_data kd;
	struct ksw_diag d;

	ksw_load(&s, 0, KSW_ALL_FILES);
	ksw_data_build(&kd, &s);
	diagnose(&kd, &d);
	if (ksw_opt.json) {
		status_json(&kd, &d);
	} else if (ksw_opt.prom) {
		ksw_prom_version(stdout, &kd);
		ksw_prom_nodes(stdout, &kd);
		ksw_prom_zones(stdout, &kd);
		ksw_prom_failures(stdout, &kd);
		ksw_prom_stalls(stdout, &kd);
		ksw_prom_findings(stdout, &d);
	} else {
		ksw_show_status(stdout, &kd, &d);
	}
	ksw_diag_free(&d);
	ksw_data_free(&kd);
	ksw_snap_free(&s);
	return EX_OK;
}

/* stalls, failures, nodes, zones: one file as a table, JSON or Prometheus. */
static int cmd_file(int id)
{
	struct ksw_snap s;
	struct ksw_data d;

	ksw_load(&s, KSW_BIT(id), 0);
	ksw_data_build(&d, &s);
	if (ksw_opt.json) {
		ksw_json_file(stdout, &d, id, &ksw_opt.sel);
	} else if (ksw_opt.prom) {
		if (id == KSW_F_STALLS)
			ksw_prom_stalls(stdout, &d);
		else if (id == KSW_F_FAILURES)
			ksw_prom_failures(stdout, &d);
		else if (id == KSW_F_NODES)
			ksw_prom_nodes(stdout, &d);
		else
			ksw_prom_zones(stdout, &d);
	} else if (id == KSW_F_STALLS) {
		ksw_show_stalls(stdout, &d, &ksw_opt.sel, 0, 0);
	} else if (id == KSW_F_FAILURES) {
		ksw_show_failures(stdout, &d, &ksw_opt.sel, 0);
	} else if (id == KSW_F_NODES) {
		ksw_show_nodes(stdout, &d, &ksw_opt.sel);
	} else {
		ksw_show_zones(stdout, &d, &ksw_opt.sel);
	}
	ksw_data_free(&d);
	ksw_snap_free(&s);
	return EX_OK;
}

/* diagnose's exit code: the most severe finding (ksw_diag_max_severity()). */
static int findings_exit(const struct ksw_diag *d)
{
	int sev = ksw_diag_max_severity(d);

	/* KSW_SEV_INFO 0, KSW_SEV_WARNING 1, KSW_SEV_CRITICAL 2; -1: no finding */
	if (sev >= 2)
		return EX_FINDINGS_CRITICAL;
	if (sev == 1)
		return EX_FINDINGS_WARNING;
	return EX_OK;
}

static int cmd_diagnose(void)
{
	struct ksw_snap s;
	struct ksw_data kd;
	struct ksw_diag d;
	int rc;

	ksw_load(&s, 0, KSW_ALL_FILES | KSW_BIT(KSW_F_TIMELINE));
	ksw_data_build(&kd, &s);
	diagnose(&kd, &d);
	if (ksw_opt.json)
		ksw_diag_print_json(stdout, &d);
	else if (ksw_opt.prom)
		ksw_prom_findings(stdout, &d);
	else
		ksw_diag_print_text(stdout, &d);
	rc = findings_exit(&d);
	ksw_diag_free(&d);
	ksw_data_free(&kd);
	ksw_snap_free(&s);
	return rc;
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
		ksw_read_failed(path, errno);
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

/*
 * Standard output, flushed and closed: a write error (a full disk, a
 * closed pipe) is a failure, never a success with output lost.
 */
static int close_stdout(int rc)
{
	int bad = ferror(stdout), err = 0;

	if (fflush(stdout) != 0) {
		bad = 1;
		err = errno;
	}
	if (fclose(stdout) != 0 && (bad || errno != EBADF)) {
		if (!bad)
			err = errno;
		bad = 1;
	}
	if (!bad)
		return rc;
	if (err)
		fprintf(stderr, "kswapwatch: standard output: %s\n", strerror(err));
	else
		fputs("kswapwatch: standard output: write error\n", stderr);
	/* A usage or access error says more; a finding is no success here. */
	return rc == EX_OK || rc >= EX_FINDINGS_WARNING ? EX_FAIL : rc;
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

/* -d PATH: every file from PATH, the sysctls and the clock too. */
static void use_copy(const char *path)
{
	static struct ksw_source src;

	ksw_source_setup(&src, path);
	ksw_opt.dir = src.dir;
	ksw_opt.clock = src.clock;
	if (!ksw_opt.sysctl_given)
		ksw_opt.sysctl_root = src.sysctl_root;
}

static int run(int argc, char **argv)
{
	enum { OPT_SYSCTL_ROOT = 0x100, OPT_MIN_MS, OPT_KIND, OPT_NODE, OPT_CHROME, OPT_SVG };
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "prometheus", no_argument, NULL, 'p' },
		{ "since", required_argument, NULL, 's' },
		{ "min-ms", required_argument, NULL, OPT_MIN_MS },
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "node", required_argument, NULL, OPT_NODE },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ "sysctl-root", required_argument, NULL, OPT_SYSCTL_ROOT },
		{ "chrome", no_argument, NULL, OPT_CHROME },
		{ "svg", no_argument, NULL, OPT_SVG },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd, *env, *dir = NULL, *file = NULL;
	int tl_format = KSW_TL_TEXT;
	uint64_t n;
	int c;

	env = getenv("KSWAPWATCH_SYSCTL_ROOT");
	if (env && *env) {
		ksw_opt.sysctl_root = env;
		ksw_opt.sysctl_given = 1;
	}
	env = getenv("KSWAPWATCH_ROOT");
	if (env && *env && strcmp(env, "/") != 0) {
		ksw_opt.host_root = env;
		ksw_opt.dir = ksw_xasprintf("%s%s", env, KSW_DEFAULT_ROOT);
		if (!ksw_opt.sysctl_given)
			ksw_opt.sysctl_root = ksw_xasprintf("%s/proc/sys", env);
	}
	while ((c = getopt_long(argc, argv, "d:jps:i:c:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'j':
			ksw_opt.json = 1;
			break;
		case 'p':
			ksw_opt.prom = 1;
			break;
		case 's':
			if (ksw_parse_since(optarg, &ksw_opt.sel))
				ksw_fatal(EX_USAGE, "--since: '%s' is neither a seq number nor a duration "
					  "(a number and ms, s, m, h or d: 500ms, 90s, 10m, 2h, 1d)", optarg);
			break;
		case OPT_MIN_MS:
			if (ksw_parse_min_ms(optarg, &ksw_opt.sel.min_us))
				ksw_fatal(EX_USAGE, "--min-ms: '%s' is not a number of milliseconds from 0 to 86400000",
					  optarg);
			break;
		case OPT_KIND:
			if (ksw_parse_kinds(optarg, &ksw_opt.sel.kinds))
				ksw_fatal(EX_USAGE, "--kind: '%s' is not a comma list of irq, sched and reclaim",
					  optarg);
			break;
		case OPT_NODE:
			if (ksw_parse_node(optarg, &ksw_opt.sel.node))
				ksw_fatal(EX_USAGE, "--node: '%s' is not a node number from 0 to 65535", optarg);
			ksw_opt.sel.node_set = 1;
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
			ksw_opt.sysctl_given = 1;
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
	if (strcmp(cmd, "save") == 0 && optind + 1 < argc)
		file = argv[++optind];
	if (strcmp(cmd, "timeline") == 0 && optind + 1 < argc)
		file = argv[++optind];	/* its SEQ */
	if (tl_format != KSW_TL_TEXT && strcmp(cmd, "timeline") != 0)
		ksw_fatal(EX_USAGE, "--chrome and --svg are options of timeline");
	if (optind + 1 < argc) {
		fprintf(stderr, "kswapwatch: unexpected argument '%s'\n", argv[optind + 1]);
		usage(stderr);
		return EX_USAGE;
	}
	if (dir && (strcmp(cmd, "reset") == 0 || strcmp(cmd, "save") == 0))
		ksw_fatal(EX_USAGE, "%s acts on the loaded module, not on a copy (-d)", cmd);
	if (dir) {
		ksw_opt.dir_given = 1;
		use_copy(dir);
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
		if (ksw_opt.sel.since_ns_set)
			ksw_fatal(EX_USAGE, "watch: --since takes a seq number");
		return ksw_cmd_watch();
	}
	if (strcmp(cmd, "save") == 0) {
		if (ksw_opt.json || ksw_opt.prom)
			ksw_fatal(EX_USAGE, "save: writes a tar file, not records");
		return ksw_cmd_save(file);
	}
	if (strcmp(cmd, "reset") == 0) {
		if (ksw_opt.json || ksw_opt.prom)
			ksw_fatal(EX_USAGE, "reset: prints no records");
		return cmd_reset();
	}
	if (strcmp(cmd, "timeline") == 0) {
		if (ksw_opt.json || ksw_opt.prom)
			ksw_fatal(EX_USAGE, "timeline: --chrome or --svg, not --json or --prometheus");
		return ksw_cmd_timeline(file, tl_format);
	}
	fprintf(stderr, "kswapwatch: unknown command '%s'\n", cmd);
	usage(stderr);
	return EX_USAGE;
}

int main(int argc, char **argv)
{
	return close_stdout(run(argc, argv));
}
