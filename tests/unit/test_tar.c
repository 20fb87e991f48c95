// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The bundle's tar format: what ksw_tar_header() writes, ksw_tar_index()
 * reads back, and it refuses what is not a tar or is cut short.
 *
 * unit-sources: userspace/tar.c userspace/util.c userspace/parse.c
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "tar.h"

struct arch {
	char *buf;
	size_t len;
};

static void add(struct arch *a, const char *name, const char *data, char type)
{
	size_t n = data ? strlen(data) : 0, pad = (KSW_TAR_BLOCK - n % KSW_TAR_BLOCK) % KSW_TAR_BLOCK;

	a->buf = realloc(a->buf, a->len + KSW_TAR_BLOCK + n + pad + 2 * KSW_TAR_BLOCK);
	assert_int_equal(ksw_tar_header((unsigned char *)a->buf + a->len, name, n, type, 0644,
					1764770000), 0);
	a->len += KSW_TAR_BLOCK;
	memcpy(a->buf + a->len, data ? data : "", n);
	memset(a->buf + a->len + n, 0, pad);
	a->len += n + pad;
}

static void end(struct arch *a)
{
	memset(a->buf + a->len, 0, 2 * KSW_TAR_BLOCK);
	a->len += 2 * KSW_TAR_BLOCK;
}

static void test_round_trip(void **state)
{
	static const char long_name[] =
		"kswapwatch-a-rather-long-host-name.example.org-20261203T150545/sys/module/"
		"kswapwatch/parameters/a_parameter_with_a_long_name";
	struct arch a = { 0 };
	struct ksw_tar t;
	const struct ksw_tar_member *m;
	const char *why;

	(void)state;
	add(&a, "b", NULL, '5');
	add(&a, "b/kswapwatch/version", "kswapwatch=0.1.0 abi=1\n", '0');
	add(&a, "b/empty", "", '0');
	add(&a, long_name, "100\n", '0');
	end(&a);
	assert_int_equal(ksw_tar_index(&t, a.buf, a.len, &why), 0);
	assert_int_equal(t.n, 4);
	m = ksw_tar_find(&t, "b/kswapwatch/version");
	assert_non_null(m);
	assert_int_equal(m->type, '0');
	assert_int_equal(m->size, 23);
	assert_memory_equal(m->data, "kswapwatch=0.1.0 abi=1\n", 23);
	m = ksw_tar_find(&t, "b");
	assert_non_null(m);
	assert_int_equal(m->type, '5');
	assert_int_equal(ksw_tar_find(&t, "b/empty")->size, 0);
	m = ksw_tar_find(&t, long_name);	/* in the prefix and name fields */
	assert_non_null(m);
	assert_memory_equal(m->data, "100\n", 4);
	assert_null(ksw_tar_find(&t, "b/kswapwatch"));
	ksw_tar_free(&t);
}

static void test_name_too_long(void **state)
{
	unsigned char h[KSW_TAR_BLOCK];
	char name[300];

	(void)state;
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(ksw_tar_header(h, name, 1, '0', 0644, 0), -1);
	name[150] = '/';	/* prefix 150, name 148: the name is too long */
	assert_int_equal(ksw_tar_header(h, name, 1, '0', 0644, 0), -1);
}

static void test_refused(void **state)
{
	struct arch a = { 0 };
	struct ksw_tar t;
	const char *why;
	char *copy;

	(void)state;
	add(&a, "b/stalls", "seq=1 start_ns=2 dur_us=3\n", '0');
	end(&a);

	/* a wrong checksum */
	copy = malloc(a.len);
	memcpy(copy, a.buf, a.len);
	copy[0] ^= 1;
	assert_int_equal(ksw_tar_index(&t, copy, a.len, &why), -1);
	assert_string_equal(why, "a header with a wrong checksum");
	ksw_tar_free(&t);

	/* cut short in the member's data */
	copy = malloc(a.len);
	memcpy(copy, a.buf, KSW_TAR_BLOCK + 10);
	assert_int_equal(ksw_tar_index(&t, copy, KSW_TAR_BLOCK + 10, &why), -1);
	assert_string_equal(why, "cut short: a member's data is missing");
	ksw_tar_free(&t);

	/* not a tar */
	copy = calloc(1, 2048);
	strcpy(copy, "seq=1 start_ns=2\n");
	assert_int_equal(ksw_tar_index(&t, copy, 2048, &why), -1);
	assert_string_equal(why, "not a tar archive (ustar)");
	ksw_tar_free(&t);

	/* too short, and empty */
	copy = calloc(1, 100);
	assert_int_equal(ksw_tar_index(&t, copy, 100, &why), -1);
	ksw_tar_free(&t);
	copy = calloc(1, 1024);
	assert_int_equal(ksw_tar_index(&t, copy, 1024, &why), -1);
	assert_string_equal(why, "an empty tar archive");
	ksw_tar_free(&t);
	free(a.buf);
}

/* A file GNU tar wrote: a long name in an 'L' member before it. */
static void test_gnu_long_name(void **state)
{
	static const char name[] =
		"kswapwatch-host-20261203T150545/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/x";
	struct arch a = { 0 };
	struct ksw_tar t;
	const char *why;

	(void)state;
	add(&a, "././@LongLink", name, 'L');
	add(&a, "kswapwatch-host-20261203T150545/aaaa", "1\n", '0');
	end(&a);
	assert_int_equal(ksw_tar_index(&t, a.buf, a.len, &why), 0);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.m[0].name, name);
	ksw_tar_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_name_too_long),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_gnu_long_name),
	};

	return cmocka_run_group_tests_name("tar", tests, NULL, NULL);
}
