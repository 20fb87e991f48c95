// SPDX-License-Identifier: GPL-2.0
/*
 * tracesum: the sums a tracefs hist trigger would give, computed from a
 * trace instance's raw ring-buffer pages, for kernels built without
 * CONFIG_HIST_TRIGGERS (Debian's 5.10).  Fields are read by the offsets
 * of the event's format file, so a field that TP_printk leaves out (zid
 * of mm_vmscan_wakeup_kswapd on 5.10) counts as well.
 *
 *   tracesum drain INSTANCE_DIR STORE
 *	Append every page the instance's per-CPU buffers hold (read without
 *	blocking, so the buffers are emptied) to STORE, each as a 4-byte
 *	length and the page.
 *   tracesum sum FORMAT HEADER_PAGE STORE keys=A[,B...][:vals=C[,D...]]
 *	One line per distinct key tuple among the events of FORMAT's ID in
 *	STORE: "A a B b hitcount n C c D d", the order of hist_rows.
 *
 * Exit codes: 0 done, 1 events were lost (a page says the ring buffer
 * overran: the sums are short), 2 usage, 3 unreadable or malformed input.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_COLS	8
#define MAX_ROWS	4096
#define BUF_MAX		(1 << 20)	/* larger than any sub-buffer */

/* Ring buffer event types (kernel/trace/ring_buffer.c). */
#define RB_PADDING	29
#define RB_TIME_EXTEND	30
#define RB_TIME_STAMP	31
/* Flags in the top bits of a page's commit word. */
#define RB_MISSED_EVENTS	(1UL << 31)
#define RB_MISSED_STORED	(1UL << 30)

struct field {
	char name[64];
	unsigned int offset, size;
	int is_signed;
};

struct row {
	long long key[MAX_COLS];
	long long val[MAX_COLS];
	unsigned long long hits;
};

static void __attribute__((noreturn)) die(int code, const char *what, const char *why)
{
	fprintf(stderr, "tracesum: %s: %s\n", what, why);
	exit(code);
}

static char *slurp(const char *path, size_t *len)
{
	size_t cap = 1 << 16, n = 0, r;
	char *buf = malloc(cap + 1);
	FILE *f = fopen(path, "rb");

	if (!f || !buf)
		die(3, path, strerror(errno));
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			if (!buf)
				die(3, path, "out of memory");
		}
	}
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

/* find_field TEXT NAME F: the "field:TYPE NAME; offset:..." line of a format file. */
static int find_field(const char *text, const char *name, struct field *f)
{
	const char *p;

	for (p = strstr(text, "field:"); p; p = strstr(p + 1, "field:")) {
		const char *semi = strchr(p, ';'), *s;
		size_t n = strlen(name);

		if (!semi)
			break;
		/* The name is the last word before ';', possibly with [N]. */
		for (s = semi; s > p && s[-1] != ' ' && s[-1] != '\t'; s--)
			;
		if (strncmp(s, name, n) || (s[n] != ';' && s[n] != '['))
			continue;
		if (sscanf(semi, "; offset:%u; size:%u; signed:%d", &f->offset,
			   &f->size, &f->is_signed) != 3)
			die(3, name, "unexpected format line");
		snprintf(f->name, sizeof(f->name), "%s", name);
		return 0;
	}
	return -1;
}

static long long get(const unsigned char *data, size_t len, const struct field *f)
{
	union { int8_t s8; int16_t s16; int32_t s32; int64_t s64; } u;

	if (f->offset + f->size > len)
		die(3, f->name, "field beyond the event's data");
	memcpy(&u, data + f->offset, f->size);
	switch (f->size) {
	case 1: return f->is_signed ? (long long)u.s8 : (long long)(uint8_t)u.s8;
	case 2: return f->is_signed ? (long long)u.s16 : (long long)(uint16_t)u.s16;
	case 4: return f->is_signed ? (long long)u.s32 : (long long)(uint32_t)u.s32;
	case 8: return u.s64;
	}
	die(3, f->name, "field size is not 1, 2, 4 or 8");
}

static int drain(const char *inst, const char *store)
{
	char path[4096];
	static unsigned char buf[BUF_MAX];
	struct dirent *d;
	FILE *out;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/per_cpu", inst);
	dir = opendir(path);
	if (!dir)
		die(3, path, strerror(errno));
	out = fopen(store, "ab");
	if (!out)
		die(3, store, strerror(errno));
	while ((d = readdir(dir))) {
		int fd;

		if (strncmp(d->d_name, "cpu", 3))
			continue;
		snprintf(path, sizeof(path), "%s/per_cpu/%s/trace_pipe_raw", inst, d->d_name);
		fd = open(path, O_RDONLY | O_NONBLOCK);
		if (fd < 0)
			die(3, path, strerror(errno));
		for (;;) {
			ssize_t n = read(fd, buf, sizeof(buf));
			uint32_t len = n;

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno != EAGAIN)
				die(3, path, strerror(errno));
			if (n <= 0)
				break;
			if (fwrite(&len, sizeof(len), 1, out) != 1 ||
			    fwrite(buf, 1, len, out) != len)
				die(3, store, strerror(errno));
		}
		close(fd);
	}
	closedir(dir);
	if (fclose(out))
		die(3, store, strerror(errno));
	return 0;
}

/* The column list after "keys=" or "vals=", into F[], from FMT. */
static int columns(const char *list, const char *fmt, struct field *f)
{
	char copy[512], *tok, *save;
	int n = 0;

	snprintf(copy, sizeof(copy), "%s", list);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == MAX_COLS)
			die(2, list, "too many columns");
		if (find_field(fmt, tok, &f[n]))
			die(2, tok, "no such field in the event's format");
		n++;
	}
	return n;
}

static int sum(const char *format, const char *header, const char *store, const char *spec)
{
	static struct row rows[MAX_ROWS];
	struct field keys[MAX_COLS], vals[MAX_COLS], commit, data, type;
	char kl[512] = "", vl[512] = "";
	size_t flen, hlen, slen, pos = 0;
	char *fmt = slurp(format, &flen), *hdr = slurp(header, &hlen), *p;
	unsigned char *st = (unsigned char *)slurp(store, &slen);
	int nk, nv = 0, nrows = 0, lost = 0, i, j;
	unsigned int id;

	p = strstr(fmt, "\nID: ");
	if (!p || sscanf(p, "\nID: %u", &id) != 1)
		die(3, format, "no ID");
	if (find_field(hdr, "commit", &commit) || find_field(hdr, "data", &data))
		die(3, header, "no commit or data field");
	if (find_field(fmt, "common_type", &type))
		die(3, format, "no common_type");
	if (sscanf(spec, "keys=%511[^:]:vals=%511s", kl, vl) < 1)
		die(2, spec, "not keys=A[,B...][:vals=C[,D...]]");
	nk = columns(kl, fmt, keys);
	if (vl[0])
		nv = columns(vl, fmt, vals);

	while (pos + 4 <= slen) {
		uint32_t plen;
		const unsigned char *pg, *ev, *end;
		unsigned long long c = 0;

		memcpy(&plen, st + pos, 4);
		pos += 4;
		if (pos + plen > slen || plen < data.offset || commit.size > sizeof(c))
			die(3, store, "truncated page");
		pg = st + pos;
		pos += plen;
		memcpy(&c, pg + commit.offset, commit.size);
		if (c & RB_MISSED_EVENTS)
			lost = 1;
		c &= RB_MISSED_STORED - 1;
		if (data.offset + c > plen)
			die(3, store, "page commit beyond the page");
		end = pg + data.offset + c;
		for (ev = pg + data.offset; ev + 4 <= end;) {
			uint32_t h, tl, len;
			const unsigned char *d;

			memcpy(&h, ev, 4);
			tl = h & 0x1f;
			if (tl == RB_PADDING) {
				if (!(h >> 5) || ev + 8 > end)
					break;		/* the rest of the page */
				memcpy(&len, ev + 4, 4);
				ev += 4 + len;
				continue;
			}
			if (tl == RB_TIME_EXTEND || tl == RB_TIME_STAMP) {
				ev += 8;
				continue;
			}
			if (tl) {
				len = tl * 4;
				d = ev + 4;
				ev += 4 + len;
			} else {
				if (ev + 8 > end)
					break;
				memcpy(&len, ev + 4, 4);
				if (len < 4)
					die(3, store, "bad event length");
				d = ev + 8;
				ev += 4 + len;
				len -= 4;
			}
			if (ev > end)
				die(3, store, "event beyond the page's commit");
			if ((unsigned int)get(d, len, &type) != id)
				continue;
			for (i = 0; i < nrows; i++) {
				for (j = 0; j < nk && rows[i].key[j] == get(d, len, &keys[j]); j++)
					;
				if (j == nk)
					break;
			}
			if (i == nrows) {
				if (nrows == MAX_ROWS)
					die(3, store, "too many distinct keys");
				memset(&rows[i], 0, sizeof(rows[i]));
				for (j = 0; j < nk; j++)
					rows[i].key[j] = get(d, len, &keys[j]);
				nrows++;
			}
			rows[i].hits++;
			for (j = 0; j < nv; j++)
				rows[i].val[j] += get(d, len, &vals[j]);
		}
	}
	for (i = 0; i < nrows; i++) {
		for (j = 0; j < nk; j++)
			printf("%s%s %lld", j ? " " : "", keys[j].name, rows[i].key[j]);
		printf(" hitcount %llu", rows[i].hits);
		for (j = 0; j < nv; j++)
			printf(" %s %lld", vals[j].name, rows[i].val[j]);
		printf("\n");
	}
	if (lost)
		fprintf(stderr, "tracesum: %s: the ring buffer lost events; the sums are short\n", store);
	free(fmt);
	free(hdr);
	free(st);
	return lost;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "drain"))
		return drain(argv[2], argv[3]);
	if (argc == 6 && !strcmp(argv[1], "sum"))
		return sum(argv[2], argv[3], argv[4], argv[5]);
	fprintf(stderr, "usage: tracesum drain INSTANCE_DIR STORE\n"
			"       tracesum sum FORMAT HEADER_PAGE STORE keys=A[,B...][:vals=C[,D...]]\n");
	return 2;
}
