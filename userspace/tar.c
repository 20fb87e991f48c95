// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * ustar archives (see tar.h): the format of POSIX.1-1988, as GNU and busybox
 * tar read and write it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tar.h"
#include "util.h"

/* Header field offsets and lengths. */
#define H_NAME		0
#define H_NAME_LEN	100
#define H_MODE		100
#define H_UID		108
#define H_GID		116
#define H_SIZE		124
#define H_MTIME		136
#define H_CHKSUM	148
#define H_TYPE		156
#define H_MAGIC		257
#define H_VERSION	263
#define H_UNAME		265
#define H_GNAME		297
#define H_PREFIX	345
#define H_PREFIX_LEN	155

static uint64_t blocks(uint64_t size)
{
	return (size + KSW_TAR_BLOCK - 1) / KSW_TAR_BLOCK * KSW_TAR_BLOCK;
}

/* The offset after @size bytes of data at @off (padded), at most @len. */
static size_t advance(size_t off, size_t len, uint64_t size)
{
	return blocks(size) > len - off ? len : off + (size_t)blocks(size);
}

/* An octal (or GNU base-256) number field; -1 when it is not one. */
static int number(const unsigned char *p, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (p[0] & 0x80) {		/* base-256, big endian */
		if (p[0] != 0x80)
			return -1;	/* negative, or more than 64 bits */
		for (i = 1; i < len; i++) {
			if (v >> 56)
				return -1;
			v = v << 8 | p[i];
		}
		*out = v;
		return 0;
	}
	while (i < len && p[i] == ' ')
		i++;
	if (i == len || p[i] < '0' || p[i] > '7')
		return -1;
	for (; i < len && p[i] >= '0' && p[i] <= '7'; i++) {
		if (v >> 60)
			return -1;
		v = v << 3 | (uint64_t)(p[i] - '0');
	}
	for (; i < len; i++)
		if (p[i] != ' ' && p[i] != '\0')
			return -1;
	*out = v;
	return 0;
}

static int checksum_ok(const unsigned char *h)
{
	uint64_t want;
	unsigned long sum = 0;
	long ssum = 0;
	int i;

	if (number(h + H_CHKSUM, 8, &want))
		return 0;
	for (i = 0; i < KSW_TAR_BLOCK; i++) {
		unsigned char c = i >= H_CHKSUM && i < H_CHKSUM + 8 ? ' ' : h[i];

		sum += c;
		ssum += (signed char)c;
	}
	return sum == want || (uint64_t)ssum == want;
}

static int zero_block(const unsigned char *h)
{
	int i;

	for (i = 0; i < KSW_TAR_BLOCK; i++)
		if (h[i])
			return 0;
	return 1;
}

/* @len bytes of @s without a NUL, as a string, "./" and trailing '/' removed. */
static char *member_name(const char *prefix, size_t plen, const char *s, size_t len)
{
	char *name;
	size_t n;

	plen = strnlen(prefix, plen);
	len = strnlen(s, len);
	name = ksw_xasprintf("%.*s%s%.*s", (int)plen, prefix, plen ? "/" : "", (int)len, s);
	while (name[0] == '.' && name[1] == '/')
		memmove(name, name + 2, strlen(name + 2) + 1);
	n = strlen(name);
	while (n > 1 && name[n - 1] == '/')
		name[--n] = '\0';
	return name;
}

/* The path= and size= records of a pax extended header. */
static void pax_records(const char *p, size_t len, char **path, uint64_t *size, int *size_set)
{
	while (len > 0) {
		const char *sp = memchr(p, ' ', len), *eq;
		uint64_t rlen = 0;
		size_t i;

		if (!sp)
			return;
		for (i = 0; p + i < sp; i++) {
			if (p[i] < '0' || p[i] > '9' || rlen > len)
				return;
			rlen = rlen * 10 + (uint64_t)(p[i] - '0');
		}
		if (rlen <= (uint64_t)(sp - p) + 1 || rlen > len || p[rlen - 1] != '\n')
			return;
		eq = memchr(sp + 1, '=', (size_t)(p + rlen - 1 - (sp + 1)));
		if (eq) {
			size_t klen = (size_t)(eq - sp - 1), vlen = (size_t)(p + rlen - 1 - eq - 1);

			if (klen == 4 && memcmp(sp + 1, "path", 4) == 0) {
				free(*path);
				*path = member_name("", 0, eq + 1, vlen);
			} else if (klen == 4 && memcmp(sp + 1, "size", 4) == 0) {
				char num[32];
				char *end;

				if (vlen < sizeof(num)) {
					memcpy(num, eq + 1, vlen);
					num[vlen] = '\0';
					*size = strtoull(num, &end, 10);
					*size_set = end != num && !*end;
				}
			}
		}
		p += rlen;
		len -= (size_t)rlen;
	}
}

int ksw_tar_index(struct ksw_tar *t, char *buf, size_t len, const char **why)
{
	char *next_name = NULL;
	uint64_t next_size = 0;
	int next_size_set = 0;
	size_t off = 0, cap = 0;

	memset(t, 0, sizeof(*t));
	t->buf = buf;
	t->len = len;
	*why = NULL;
	while (off + KSW_TAR_BLOCK <= len) {
		const unsigned char *h = (const unsigned char *)buf + off;
		struct ksw_tar_member *m;
		uint64_t size;
		char type;

		if (zero_block(h))
			break;		/* the end (a second zero block follows) */
		if (memcmp(h + H_MAGIC, "ustar", 5) != 0) {
			*why = off ? "a header without the ustar magic" : "not a tar archive (ustar)";
			goto bad;
		}
		if (!checksum_ok(h)) {
			*why = "a header with a wrong checksum";
			goto bad;
		}
		if (number(h + H_SIZE, 12, &size)) {
			*why = "a header with a bad size";
			goto bad;
		}
		type = (char)h[H_TYPE];
		if (next_size_set && type != 'x' && type != 'L')
			size = next_size;
		off += KSW_TAR_BLOCK;
		if (size > len - off) {
			*why = "cut short: a member's data is missing";
			goto bad;
		}
		if (type == 'L' || type == 'x') {	/* about the next member */
			if (type == 'L') {
				free(next_name);
				next_name = member_name("", 0, buf + off, (size_t)size);
			} else {
				pax_records(buf + off, (size_t)size, &next_name, &next_size,
					    &next_size_set);
			}
			off = advance(off, len, size);
			continue;
		}
		if (type == 'g') {			/* pax global header */
			off = advance(off, len, size);
			continue;
		}
		if (t->n == cap) {
			cap = cap ? cap * 2 : 64;
			t->m = ksw_xrealloc(t->m, cap * sizeof(*t->m));
		}
		m = &t->m[t->n++];
		if (next_name) {
			m->name = next_name;
			next_name = NULL;
		} else {
			/* The prefix field is POSIX ustar's ("ustar\0"), not GNU's. */
			int posix = h[H_MAGIC + 5] == '\0';

			m->name = member_name(posix ? (const char *)h + H_PREFIX : "",
					      posix ? H_PREFIX_LEN : 0, (const char *)h + H_NAME,
					      H_NAME_LEN);
		}
		next_size_set = 0;
		m->type = type == '\0' || type == '7' ? '0' : type;
		/* Links, devices, FIFOs carry no data. */
		if (m->type != '0')
			size = m->type == '5' ? 0 : size;
		m->data = buf + off;
		m->size = (size_t)size;
		off = advance(off, len, size);
	}
	free(next_name);
	if (t->n == 0 && !*why) {
		*why = len < KSW_TAR_BLOCK ? "not a tar archive (too short)" : "an empty tar archive";
		return -1;
	}
	return 0;
bad:
	free(next_name);
	return -1;
}

const struct ksw_tar_member *ksw_tar_find(const struct ksw_tar *t, const char *name)
{
	size_t i;

	for (i = t->n; i-- > 0;)
		if (strcmp(t->m[i].name, name) == 0)
			return &t->m[i];
	return NULL;
}

void ksw_tar_free(struct ksw_tar *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->m[i].name);
	free(t->m);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

/* @v as len - 1 octal digits and a NUL (the caller checked that it fits). */
static void octal(unsigned char *p, size_t len, uint64_t v)
{
	size_t i;

	p[len - 1] = '\0';
	for (i = len - 1; i-- > 0; v >>= 3)
		p[i] = (unsigned char)('0' + (v & 7));
}

int ksw_tar_header(unsigned char hdr[KSW_TAR_BLOCK], const char *name, uint64_t size,
		   char type, unsigned int mode, int64_t mtime)
{
	size_t len = strlen(name), split;
	unsigned long sum = 0;
	int i;

	memset(hdr, 0, KSW_TAR_BLOCK);
	if (len <= H_NAME_LEN) {
		memcpy(hdr + H_NAME, name, len);
	} else {
		/* prefix '/' name: split at a '/' that leaves both parts fitting */
		for (split = len - 1; split > 0; split--)
			if (name[split] == '/' && len - split - 1 <= H_NAME_LEN &&
			    split <= H_PREFIX_LEN && len - split - 1 > 0)
				break;
		if (split == 0)
			return -1;
		memcpy(hdr + H_PREFIX, name, split);
		memcpy(hdr + H_NAME, name + split + 1, len - split - 1);
	}
	if (size >= (1ULL << 33) || mtime >= (1LL << 33))	/* 11 octal digits */
		return -1;
	octal(hdr + H_MODE, 8, mode & 07777);
	octal(hdr + H_UID, 8, 0);
	octal(hdr + H_GID, 8, 0);
	octal(hdr + H_SIZE, 12, size);
	octal(hdr + H_MTIME, 12, mtime > 0 ? (uint64_t)mtime : 0);
	hdr[H_TYPE] = (unsigned char)type;
	memcpy(hdr + H_MAGIC, "ustar", 6);	/* with its NUL */
	memcpy(hdr + H_VERSION, "00", 2);
	memcpy(hdr + H_UNAME, "root", 4);
	memcpy(hdr + H_GNAME, "root", 4);
	memset(hdr + H_CHKSUM, ' ', 8);
	for (i = 0; i < KSW_TAR_BLOCK; i++)
		sum += hdr[i];
	octal(hdr + H_CHKSUM, 7, sum);	/* six digits, NUL, space */
	hdr[H_CHKSUM + 7] = ' ';
	return 0;
}
