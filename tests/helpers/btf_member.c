// SPDX-License-Identifier: GPL-2.0
/*
 * btf_member: print the byte offset of a member of a kernel struct, read
 * from the running kernel's BTF (/sys/kernel/btf/vmlinux).
 *
 *   btf_member STRUCT MEMBER [BTF_FILE]
 *
 * The VM scenarios use it to read kernel fields with a tracefs kprobe
 * event, independently of kswapwatch: e.g. pglist_data.kswapd_failures
 * with "+OFFSET(@node_data):s32".  Exit codes: 0 found, 1 not found,
 * 2 usage, 3 unreadable or malformed BTF.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BTF_MAGIC	0xeB9F

enum {
	K_INT = 1, K_PTR, K_ARRAY, K_STRUCT, K_UNION, K_ENUM, K_FWD, K_TYPEDEF,
	K_VOLATILE, K_CONST, K_RESTRICT, K_FUNC, K_FUNC_PROTO, K_VAR, K_DATASEC,
	K_FLOAT, K_DECL_TAG, K_TYPE_TAG, K_ENUM64,
};

struct btf_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t type_off;
	uint32_t type_len;
	uint32_t str_off;
	uint32_t str_len;
};

struct btf_type {
	uint32_t name_off;
	uint32_t info;
	uint32_t size_or_type;
};

struct btf_member {
	uint32_t name_off;
	uint32_t type;
	uint32_t offset;
};

static void __attribute__((noreturn)) die(int code, const char *msg)
{
	fprintf(stderr, "btf_member: %s\n", msg);
	exit(code);
}

/* Bytes of kind-specific data after a struct btf_type. */
static long extra_len(unsigned int kind, unsigned int vlen)
{
	switch (kind) {
	case K_INT: case K_VAR: case K_DECL_TAG:
		return 4;
	case K_ARRAY:
		return 12;
	case K_STRUCT: case K_UNION: case K_DATASEC: case K_ENUM64:
		return 12L * vlen;
	case K_ENUM: case K_FUNC_PROTO:
		return 8L * vlen;
	case K_PTR: case K_FWD: case K_TYPEDEF: case K_VOLATILE: case K_CONST:
	case K_RESTRICT: case K_FUNC: case K_FLOAT: case K_TYPE_TAG:
		return 0;
	default:
		return -1;
	}
}

static char *slurp(const char *path, size_t *len)
{
	size_t cap = 1 << 20, n = 0, r;
	char *buf = malloc(cap);
	FILE *f = fopen(path, "rb");

	if (!f || !buf) {
		fprintf(stderr, "btf_member: %s: %s\n", path, strerror(errno));
		exit(3);
	}
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				die(3, "out of memory");
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	const char *path = argc > 3 ? argv[3] : "/sys/kernel/btf/vmlinux";
	const char *types, *strs, *p, *end;
	struct btf_header h;
	size_t len;
	char *buf;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: btf_member STRUCT MEMBER [BTF_FILE]\n");
		return 2;
	}
	buf = slurp(path, &len);
	if (len < sizeof(h))
		die(3, "file too short");
	memcpy(&h, buf, sizeof(h));
	if (h.magic != BTF_MAGIC)
		die(3, "not BTF (or not little-endian)");
	if ((size_t)h.hdr_len + h.type_off + h.type_len > len ||
	    (size_t)h.hdr_len + h.str_off + h.str_len > len)
		die(3, "sections out of bounds");
	types = buf + h.hdr_len + h.type_off;
	strs = buf + h.hdr_len + h.str_off;
	end = types + h.type_len;

	for (p = types; p + sizeof(struct btf_type) <= end;) {
		struct btf_type t;
		unsigned int kind, vlen, i;
		long extra;

		memcpy(&t, p, sizeof(t));
		kind = (t.info >> 24) & 0x1f;
		vlen = t.info & 0xffff;
		extra = extra_len(kind, vlen);
		if (extra < 0)
			die(3, "unknown BTF kind");
		p += sizeof(t);
		if (p + extra > end)
			die(3, "truncated type section");
		if (kind == K_STRUCT && t.name_off < h.str_len &&
		    !strcmp(strs + t.name_off, argv[1])) {
			for (i = 0; i < vlen; i++) {
				struct btf_member m;

				memcpy(&m, p + 12L * i, sizeof(m));
				if (m.name_off < h.str_len &&
				    !strcmp(strs + m.name_off, argv[2])) {
					/* With kind_flag set the top 8 bits are a bitfield size. */
					unsigned int bits = (t.info >> 31) ?
							    (m.offset & 0xffffff) : m.offset;

					if (bits % 8)
						die(1, "member is a bitfield");
					printf("%u\n", bits / 8);
					return 0;
				}
			}
		}
		p += extra;
	}
	fprintf(stderr, "btf_member: no member %s in struct %s\n", argv[2], argv[1]);
	return 1;
}
