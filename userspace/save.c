// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kswapwatch save: the module's files and the memory state of the running
 * system in one ustar file (a bundle), which `kswapwatch -d BUNDLE` reads
 * in place of the system.  Layout, under one directory NAME:
 *
 *	NAME/kswapwatch/...			the module's debugfs files
 *	NAME/clock				mono_ns= real_ns= page_size= when they were read
 *	NAME/proc/zoneinfo, NAME/proc/vmstat
 *	NAME/proc/sys/vm/...			the readable vm sysctls
 *	NAME/proc/pressure/...			when the kernel has PSI
 *	NAME/sys/module/kswapwatch/parameters/...
 *	NAME/uname				as uname -a
 *	NAME/errors				each file that could not be read, and why
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "kswapwatch_abi.h"
#include "reader.h"
#include "source.h"
#include "tar.h"
#include "util.h"

struct bundle {
	FILE *f;
	const char *file;	/* what is written: "FILE.tmp", or "standard output" */
	char *tmp;		/* to remove on failure, NULL for stdout */
	char *top;		/* the directory everything is under */
	int64_t mtime;
	char **dirs;		/* the directories written so far */
	size_t ndirs;
	char *errors;		/* the errors file */
	size_t errlen;
	int nfiles, nerrors;
};

static void __attribute__((noreturn)) write_failed(struct bundle *b, int err)
{
	if (b->tmp)
		unlink(b->tmp);
	ksw_fatal(EX_FAIL, "save: %s: %s", b->file, err ? strerror(err) : "write error");
}

static void out(struct bundle *b, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, b->f) != n)
		write_failed(b, errno);
}

static void header(struct bundle *b, const char *name, size_t size, char type)
{
	unsigned char h[KSW_TAR_BLOCK];
	char *full = *name ? ksw_xasprintf("%s/%s", b->top, name) : ksw_xasprintf("%s/", b->top);

	if (ksw_tar_header(h, full, size, type, type == '5' ? 0755 : 0644, b->mtime))
		ksw_fatal(EX_FAIL, "save: %s: name too long for a tar header", full);
	free(full);
	out(b, h, sizeof(h));
}

/* The directory entries of @name's parents that are not written yet. */
static void parents(struct bundle *b, const char *name)
{
	const char *p;
	size_t i;

	for (p = strchr(name, '/'); p; p = strchr(p + 1, '/')) {
		char *dir = ksw_xasprintf("%.*s", (int)(p - name), name);

		for (i = 0; i < b->ndirs; i++)
			if (strcmp(b->dirs[i], dir) == 0)
				break;
		if (i < b->ndirs) {
			free(dir);
			continue;
		}
		header(b, dir, 0, '5');
		b->dirs = ksw_xrealloc(b->dirs, (b->ndirs + 1) * sizeof(*b->dirs));
		b->dirs[b->ndirs++] = dir;
	}
}

static void member(struct bundle *b, const char *name, const char *data, size_t len)
{
	static const char zero[KSW_TAR_BLOCK];

	parents(b, name);
	header(b, name, len, '0');
	out(b, data, len);
	out(b, zero, (KSW_TAR_BLOCK - len % KSW_TAR_BLOCK) % KSW_TAR_BLOCK);
	b->nfiles++;
}

static void note(struct bundle *b, const char *path, const char *why)
{
	char *line = ksw_xasprintf("%s: %s\n", path, why);
	size_t n = strlen(line);

	fprintf(stderr, "kswapwatch: save: %s: %s (noted in the bundle's errors file)\n", path, why);
	b->errors = ksw_xrealloc(b->errors, b->errlen + n + 1);
	memcpy(b->errors + b->errlen, line, n + 1);
	b->errlen += n;
	b->nerrors++;
	free(line);
}

/* File @path of the system as member @name; an error is noted. */
static void save_file(struct bundle *b, const char *path, const char *name)
{
	char *buf;
	size_t len;
	int err = ksw_read_path(path, KSW_MAX_FILE, &buf, &len);

	if (err) {
		note(b, path, ksw_read_strerror(err));
		return;
	}
	member(b, name, buf, len);
	free(buf);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/*
 * Each readable file of directory @dir as @name/FILE, except @skip.
 * Write-only files (no read permission at all: the module's reset,
 * vm.drop_caches) are not data; a directory that is not there is noted
 * unless @optional.
 */
static void save_dir(struct bundle *b, const char *dir, const char *name, const char *skip,
		     int optional)
{
	struct dirent **ents;
	int i, n;

	n = scandir(dir, &ents, NULL, by_name);
	if (n < 0) {
		if (!(optional && errno == ENOENT))
			note(b, dir, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		const char *e = ents[i]->d_name;
		char *path = ksw_xasprintf("%s/%s", dir, e);
		struct stat st;

		if (strcmp(e, ".") && strcmp(e, "..") && !(skip && strcmp(e, skip) == 0)) {
			if (stat(path, &st) != 0) {
				note(b, path, strerror(errno));
			} else if (!S_ISDIR(st.st_mode) && (st.st_mode & 0444)) {
				char *m = ksw_xasprintf("%s/%s", name, e);

				save_file(b, path, m);
				free(m);
			}
		}
		free(path);
		free(ents[i]);
	}
	free(ents);
}

static char *host_path(const char *path)
{
	return ksw_xasprintf("%s%s", ksw_opt.host_root, path);
}

/* kswapwatch-HOST-YYYYmmddTHHMMSS (UTC) */
static char *default_stem(time_t now)
{
	char host[256], stamp[32];
	struct tm tm;
	char *p;

	if (gethostname(host, sizeof(host)) != 0 || !host[0])
		snprintf(host, sizeof(host), "unknown");
	host[sizeof(host) - 1] = '\0';
	for (p = host; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_'))
			*p = '_';
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm);
	return ksw_xasprintf("kswapwatch-%s-%s", host, stamp);
}

/* The bundle's directory: FILE's name without its directory and ".tar". */
static char *stem_of(const char *file, time_t now)
{
	const char *base = strrchr(file, '/');
	size_t n;

	base = base ? base + 1 : file;
	n = strlen(base);
	if (n > 4 && strcmp(base + n - 4, ".tar") == 0)
		n -= 4;
	if (n == 0 || strcmp(base, "-") == 0 || base[0] == '.')
		return default_stem(now);
	return ksw_xasprintf("%.*s", (int)n, base);
}

/*
 * The module's version file, read before anything is written: without the
 * module there is nothing to save, and the exit code says why, as for the
 * other commands.
 */
static char *read_version(size_t *len)
{
	char *path = ksw_xasprintf("%s/%s", ksw_opt.dir, KSW_FILE_VERSION);
	char *buf;
	int err;

	err = ksw_read_path(path, KSW_MAX_FILE, &buf, len);
	if (err)
		ksw_read_failed(path, err);
	free(path);
	return buf;
}

static void save_module(struct bundle *b, const char *version, size_t len)
{
	member(b, "kswapwatch/" KSW_FILE_VERSION, version, len);
	save_dir(b, ksw_opt.dir, "kswapwatch", KSW_FILE_VERSION, 0);
}

static void save_system(struct bundle *b)
{
	static const char *const files[] = { "/proc/zoneinfo", "/proc/vmstat" };
	struct utsname u;
	char *p, *text;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		p = host_path(files[i]);
		save_file(b, p, files[i] + 1);
		free(p);
	}
	p = host_path("/proc/sys/vm");
	save_dir(b, p, "proc/sys/vm", NULL, 0);
	free(p);
	p = host_path("/proc/pressure");
	save_dir(b, p, "proc/pressure", NULL, 1);
	free(p);
	p = host_path("/sys/module/kswapwatch/parameters");
	save_dir(b, p, "sys/module/kswapwatch/parameters", NULL, 0);
	free(p);
	if (uname(&u) == 0) {
		text = ksw_xasprintf("%s %s %s %s %s\n", u.sysname, u.nodename, u.release, u.version,
				     u.machine);
		member(b, "uname", text, strlen(text));
		free(text);
	} else {
		note(b, "uname", strerror(errno));
	}
}

int ksw_cmd_save(const char *file)
{
	static const char zero[2 * KSW_TAR_BLOCK];
	struct bundle b = { 0 };
	struct timespec mono, real;
	char *name = NULL, *text, *version;
	time_t now = time(NULL);
	size_t i, vlen;
	int fd;

	b.mtime = now;
	if (file && strcmp(file, "-") == 0 && isatty(STDOUT_FILENO))
		ksw_fatal(EX_USAGE, "save -: standard output is a terminal, not a file");
	version = read_version(&vlen);
	if (file && strcmp(file, "-") == 0) {
		b.f = stdout;
		b.file = "standard output";
	} else {
		struct stat st;

		if (!file || !*file || (stat(file, &st) == 0 && S_ISDIR(st.st_mode))) {
			/* the default name, in the directory FILE names */
			char *stem = default_stem(now);

			name = file && *file ? ksw_xasprintf("%s/%s.tar", file, stem) :
					       ksw_xasprintf("%s.tar", stem);
			free(stem);
		} else {
			name = ksw_xstrdup(file);
		}
		b.tmp = ksw_xasprintf("%s.tmp", name);
		b.file = b.tmp;
		fd = open(b.tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0)
			ksw_fatal(EX_FAIL, "save: %s: %s", b.tmp, strerror(errno));
		b.f = fdopen(fd, "w");
		if (!b.f)
			write_failed(&b, errno);
	}
	b.top = stem_of(name ? name : "-", now);

	header(&b, "", 0, '5');
	save_module(&b, version, vlen);
	free(version);
	/* The clocks right after the module's files: what their records' times mean. */
	if (clock_gettime(CLOCK_MONOTONIC, &mono) == 0 && clock_gettime(CLOCK_REALTIME, &real) == 0) {
		text = ksw_xasprintf("mono_ns=%llu real_ns=%lld page_size=%ld reader=%s\n",
				     (unsigned long long)mono.tv_sec * 1000000000ULL +
					     (unsigned long long)mono.tv_nsec,
				     (long long)real.tv_sec * 1000000000LL + real.tv_nsec,
				     sysconf(_SC_PAGESIZE), KSW_VERSION);
		member(&b, "clock", text, strlen(text));
		free(text);
	} else {
		note(&b, "clock", strerror(errno));
	}
	save_system(&b);
	member(&b, "errors", b.errors ? b.errors : "", b.errlen);
	out(&b, zero, sizeof(zero));

	if (fflush(b.f) != 0 || ferror(b.f))
		write_failed(&b, errno);
	if (b.tmp) {
		if (fsync(fileno(b.f)) != 0 && errno != EINVAL)
			write_failed(&b, errno);
		if (fclose(b.f) != 0) {
			b.f = NULL;
			write_failed(&b, errno);
		}
		if (rename(b.tmp, name) != 0)
			write_failed(&b, errno);
		printf("%s\n", name);
	}
	if (b.nerrors)
		fprintf(stderr, "kswapwatch: save: %d file%s could not be read: listed in %s/errors\n",
			b.nerrors, b.nerrors == 1 ? "" : "s", b.top);
	for (i = 0; i < b.ndirs; i++)
		free(b.dirs[i]);
	free(b.dirs);
	free(b.errors);
	free(b.top);
	free(b.tmp);
	free(name);
	return EX_OK;
}
