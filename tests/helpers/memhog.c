// SPDX-License-Identifier: GPL-2.0
/*
 * memhog: make memory pressure for the VM scenarios.
 *
 *   memhog anon MB [--hold SECONDS|--hold-forever] [--oom-protect]
 *   memhog file PATH MB [--passes N] [--hold SECONDS|--hold-forever]
 *   memhog --cgroup NAME [--memory-high BYTES] [--memory-max BYTES] SUBCOMMAND...
 *
 * Built static (make -C tests/helpers) so it runs in the guest's busybox
 * initramfs.  See usage() for the details and the exit codes.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <linux/fs.h>
#include <sys/ioctl.h>

/* Exit codes, also listed in usage(). */
#define EXIT_OK		0
#define EXIT_USAGE	2
#define EXIT_MEM	3
#define EXIT_FILE	4
#define EXIT_CGROUP	5
#define EXIT_OOMADJ	6

#define MB		(1024UL * 1024UL)
#define MAX_MB		(1UL << 30)	/* 1 PB: only guards the multiplication */
#define IO_CHUNK	MB

static const char *prog = "memhog";

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s anon MB [--hold SECONDS | --hold-forever] [--oom-protect]\n"
"       %s file PATH MB [--passes N] [--hold SECONDS | --hold-forever]\n"
"       %s --cgroup NAME [--memory-high BYTES] [--memory-max BYTES] SUBCOMMAND...\n"
"\n"
"anon   map MB MiB of private anonymous memory and write to every page of it\n"
"       (no mlock), printing progress; then hold it for SECONDS (default 0)\n"
"       or until killed. --oom-protect first writes -1000 to\n"
"       /proc/self/oom_score_adj so the OOM killer never picks this process.\n"
"       Prints \"memhog: ready anon_mb=MB pid=PID\" once every page is touched.\n"
"file   read the first MB MiB of PATH N times (default 1) to fill the page\n"
"       cache, then keep PATH open for SECONDS (default 0) or until killed.\n"
"       A regular file that is missing or shorter is first written to MB MiB\n"
"       and synced, so its pages are clean and reclaimable. PATH should be on\n"
"       a real block device (ext4 on /dev/ram0, ...): ramfs and tmpfs pages\n"
"       are not reclaimable. A block device PATH is only read; the kernel\n"
"       drops its page cache when its last opener closes it, so hold it.\n"
"       Prints \"memhog: ready file_mb=MB pid=PID\" once the last pass is read.\n"
"--cgroup NAME\n"
"       create the cgroup v2 group /sys/fs/cgroup/NAME (the root can be\n"
"       changed with $MEMHOG_CGROUP_ROOT), enable +memory in the root's\n"
"       cgroup.subtree_control, set memory.high and/or memory.max (bytes,\n"
"       with an optional K, M or G suffix, or \"max\"), move this process into\n"
"       the group, then run SUBCOMMAND (anon ... or file ...).\n"
"\n"
"exit codes: 0 done; 2 usage error; 3 memory could not be mapped;\n"
"            4 file error; 5 cgroup setup failed; 6 oom_score_adj not set.\n"
"            Killed by the OOM killer: the shell reports 137 (SIGKILL).\n",
		prog, prog, prog);
}

static void __attribute__((noreturn, format(printf, 2, 3)))
die(int code, const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (err == EACCES || err == EPERM)
		fprintf(stderr, "%s: (try as root)\n", prog);
	exit(code);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	exit(EXIT_USAGE);
}

static unsigned long parse_ulong(const char *what, const char *s,
				 unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	if (!*s || *s == '-')
		die_usage("%s: not a number: '%s'", what, s);
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end)
		die_usage("%s: not a number: '%s'", what, s);
	if (v < min || v > max)
		die_usage("%s: %lu is out of range %lu..%lu", what, v, min, max);
	return v;
}

/* "max", or a byte count with an optional K/M/G suffix; returned as text. */
static void parse_bytes(const char *what, const char *s, char *out, size_t len)
{
	unsigned long long v;
	unsigned int shift = 0;
	char *end;

	if (!strcmp(s, "max")) {
		snprintf(out, len, "max");
		return;
	}
	if (!*s || *s == '-')
		die_usage("%s: not a byte count: '%s'", what, s);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		die_usage("%s: not a byte count: '%s'", what, s);
	if (*end) {
		switch (*end) {
		case 'k':
		case 'K':
			shift = 10;
			break;
		case 'm':
		case 'M':
			shift = 20;
			break;
		case 'g':
		case 'G':
			shift = 30;
			break;
		default:
			die_usage("%s: bad suffix in '%s' (K, M or G)", what, s);
		}
		if (end[1])
			die_usage("%s: bad suffix in '%s' (K, M or G)", what, s);
	}
	if (v > (ULLONG_MAX >> shift))
		die_usage("%s: '%s' is too large", what, s);
	snprintf(out, len, "%llu", v << shift);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void write_text(const char *path, const char *text, int code)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die(code, "open %s: %s", path, strerror(errno));
	n = write(fd, text, len);
	if (n < 0)
		die(code, "write '%s' to %s: %s", text, path, strerror(errno));
	if ((size_t)n != len)
		die(code, "write '%s' to %s: short write", text, path);
	if (close(fd))
		die(code, "close %s: %s", path, strerror(errno));
}

static void hold(long seconds)
{
	struct timespec ts;

	if (seconds < 0) {
		for (;;)
			pause();
	}
	ts.tv_sec = seconds;
	ts.tv_nsec = 0;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int cmd_anon(int argc, char **argv)
{
	unsigned long mb, step, done_mb;
	bool oom_protect = false;
	long hold_s = 0;
	size_t size, page, off;
	double t0;
	char *p;
	int i;

	if (argc < 2)
		die_usage("anon: MB missing");
	mb = parse_ulong("anon MB", argv[1], 1, MAX_MB);
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--hold") && i + 1 < argc)
			hold_s = parse_ulong("--hold", argv[++i], 0, LONG_MAX);
		else if (!strcmp(argv[i], "--hold-forever"))
			hold_s = -1;
		else if (!strcmp(argv[i], "--oom-protect"))
			oom_protect = true;
		else
			die_usage("anon: unexpected argument '%s'", argv[i]);
	}

	/* Before the first page is touched, so the whole hog is protected. */
	if (oom_protect)
		write_text("/proc/self/oom_score_adj", "-1000", EXIT_OOMADJ);

	size = mb * MB;
	page = (size_t)sysconf(_SC_PAGESIZE);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		die(EXIT_MEM, "anon: mmap %lu MiB: %s", mb, strerror(errno));

	printf("%s: anon %lu MiB pid=%d oom_protect=%d\n", prog, mb, (int)getpid(),
	       oom_protect);
	step = mb / 8 > 16 ? mb / 8 : 16;
	t0 = now_ms();
	for (off = 0, done_mb = 0; off < size; off += page) {
		p[off] = (char)(off / page) | 1;
		if ((off + page) % (step * MB) == 0) {
			done_mb = (off + page) / MB;
			if (done_mb < mb)
				printf("%s: touched %lu/%lu MiB\n", prog, done_mb, mb);
		}
	}
	printf("%s: ready anon_mb=%lu pid=%d ms=%.0f\n", prog, mb, (int)getpid(),
	       now_ms() - t0);

	hold(hold_s);
	munmap(p, size);
	return EXIT_OK;
}

/* Write @size bytes of non-zero data to the regular file @path and sync it. */
static void file_fill(const char *path, off_t size, char *buf)
{
	off_t done = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		die(EXIT_FILE, "file: create %s: %s", path, strerror(errno));
	memset(buf, 0x5a, IO_CHUNK);
	while (done < size) {
		n = write(fd, buf, IO_CHUNK);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die(EXIT_FILE, "file: write %s at %lld: %s", path,
			    (long long)done, strerror(errno));
		}
		done += n;
	}
	/* Clean pages are what reclaim can drop without writeback. */
	if (fdatasync(fd))
		die(EXIT_FILE, "file: fdatasync %s: %s", path, strerror(errno));
	if (close(fd))
		die(EXIT_FILE, "file: close %s: %s", path, strerror(errno));
	printf("%s: wrote %lld MiB to %s\n", prog, (long long)(size / (off_t)MB), path);
}

static int cmd_file(int argc, char **argv)
{
	unsigned long mb, passes = 1, pass;
	const char *path;
	off_t size, have = 0, got;
	long hold_s = 0;
	struct stat st;
	double t0;
	ssize_t n;
	char *buf;
	int i, fd;

	if (argc < 3)
		die_usage("file: PATH and MB needed");
	path = argv[1];
	mb = parse_ulong("file MB", argv[2], 1, MAX_MB);
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--passes") && i + 1 < argc)
			passes = parse_ulong("--passes", argv[++i], 1, ULONG_MAX);
		else if (!strcmp(argv[i], "--hold") && i + 1 < argc)
			hold_s = parse_ulong("--hold", argv[++i], 0, LONG_MAX);
		else if (!strcmp(argv[i], "--hold-forever"))
			hold_s = -1;
		else
			die_usage("file: unexpected argument '%s'", argv[i]);
	}
	size = (off_t)(mb * MB);

	buf = malloc(IO_CHUNK);
	if (!buf)
		die(EXIT_MEM, "file: no memory for a %lu byte buffer", IO_CHUNK);

	if (stat(path, &st) == 0) {
		if (S_ISBLK(st.st_mode)) {
			uint64_t bytes = 0;

			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || ioctl(fd, BLKGETSIZE64, &bytes))
				die(EXIT_FILE, "file: size of %s: %s", path, strerror(errno));
			close(fd);
			if (bytes < (uint64_t)size)
				die(EXIT_FILE, "file: %s holds %llu MiB, less than %lu",
				    path, (unsigned long long)(bytes / MB), mb);
			have = size;
		} else if (S_ISREG(st.st_mode)) {
			have = st.st_size;
		} else {
			die(EXIT_FILE, "file: %s is neither a regular file nor a block device",
			    path);
		}
	} else if (errno != ENOENT) {
		die(EXIT_FILE, "file: stat %s: %s", path, strerror(errno));
	}
	if (have < size)
		file_fill(path, size, buf);

	/* One open for every pass and the hold: see usage() on block devices. */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die(EXIT_FILE, "file: open %s: %s", path, strerror(errno));
	for (pass = 1; pass <= passes; pass++) {
		if (lseek(fd, 0, SEEK_SET) < 0)
			die(EXIT_FILE, "file: seek %s: %s", path, strerror(errno));
		t0 = now_ms();
		for (got = 0; got < size; got += n) {
			n = read(fd, buf, IO_CHUNK);
			if (n < 0 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n < 0)
				die(EXIT_FILE, "file: read %s at %lld: %s", path,
				    (long long)got, strerror(errno));
			if (n == 0)
				die(EXIT_FILE, "file: %s ended at %lld bytes", path,
				    (long long)got);
		}
		printf("%s: read %lu MiB of %s pass %lu/%lu ms=%.0f\n", prog, mb,
		       path, pass, passes, now_ms() - t0);
	}
	printf("%s: ready file_mb=%lu pid=%d\n", prog, mb, (int)getpid());
	hold(hold_s);
	close(fd);
	free(buf);
	return EXIT_OK;
}

static int run_subcommand(int argc, char **argv)
{
	if (argc < 1)
		die_usage("subcommand missing");
	if (!strcmp(argv[0], "anon"))
		return cmd_anon(argc, argv);
	if (!strcmp(argv[0], "file"))
		return cmd_file(argc, argv);
	die_usage("unknown subcommand '%s'", argv[0]);
}

static void cgroup_enter(const char *name, const char *high, const char *max)
{
	const char *root = getenv("MEMHOG_CGROUP_ROOT");
	char path[PATH_MAX], pid[32];

	if (!root || !*root)
		root = "/sys/fs/cgroup";
	if (!*name || strstr(name, "..") || name[0] == '/')
		die_usage("--cgroup: bad name '%s'", name);

	snprintf(path, sizeof(path), "%s/cgroup.controllers", root);
	if (access(path, F_OK))
		die(EXIT_CGROUP, "cgroup: %s is not a cgroup v2 root (%s)", root,
		    strerror(errno));
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", root);
	write_text(path, "+memory", EXIT_CGROUP);

	snprintf(path, sizeof(path), "%s/%s", root, name);
	if (mkdir(path, 0755) && errno != EEXIST)
		die(EXIT_CGROUP, "cgroup: mkdir %s: %s", path, strerror(errno));
	if (high) {
		snprintf(path, sizeof(path), "%s/%s/memory.high", root, name);
		write_text(path, high, EXIT_CGROUP);
	}
	if (max) {
		snprintf(path, sizeof(path), "%s/%s/memory.max", root, name);
		write_text(path, max, EXIT_CGROUP);
	}
	snprintf(path, sizeof(path), "%s/%s/cgroup.procs", root, name);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	write_text(path, pid, EXIT_CGROUP);
	printf("%s: in cgroup %s/%s memory.high=%s memory.max=%s\n", prog, root,
	       name, high ? high : "-", max ? max : "-");
}

int main(int argc, char **argv)
{
	char high[32], max[32];
	const char *name = NULL;
	bool has_high = false, has_max = false;
	int i = 1;

	/* Progress lines must reach a console or a log file as they happen. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return EXIT_OK;
	}
	while (i < argc && !strncmp(argv[i], "--", 2)) {
		if (i + 1 >= argc)
			die_usage("%s needs a value", argv[i]);
		if (!strcmp(argv[i], "--cgroup")) {
			name = argv[i + 1];
		} else if (!strcmp(argv[i], "--memory-high")) {
			parse_bytes("--memory-high", argv[i + 1], high, sizeof(high));
			has_high = true;
		} else if (!strcmp(argv[i], "--memory-max")) {
			parse_bytes("--memory-max", argv[i + 1], max, sizeof(max));
			has_max = true;
		} else {
			die_usage("unknown option '%s'", argv[i]);
		}
		i += 2;
	}
	if ((has_high || has_max) && !name)
		die_usage("--memory-high and --memory-max need --cgroup");
	if (name)
		cgroup_enter(name, has_high ? high : NULL, has_max ? max : NULL);
	return run_subcommand(argc - i, argv + i);
}
