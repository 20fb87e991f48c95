// SPDX-License-Identifier: GPL-2.0
/*
 * pingpong: workloads for the stall timeline's benchmark.
 *
 *   pingpong pipe ROUNDS      two processes pass one byte back and forth
 *                             over two pipes ROUNDS times: two context
 *                             switches a round on one CPU
 *   pingpong dio DEV READS    READS reads of 4 KiB with O_DIRECT from the
 *                             start of block device DEV, one at a time: an
 *                             interrupt (and a block softirq) each
 *
 * Prints "ms=<elapsed, CLOCK_MONOTONIC>".  Built static (make -C
 * tests/helpers) for the guest.
 *
 * Exit codes: 0 done; 2 usage error; 3 a system call failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static unsigned long count(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || !v) {
		fprintf(stderr, "pingpong: not a count: %s\n", s);
		exit(2);
	}
	return v;
}

static int die(const char *what)
{
	fprintf(stderr, "pingpong: %s: %s\n", what, strerror(errno));
	return 3;
}

static int pipe_rounds(unsigned long rounds)
{
	int ab[2], ba[2], status;
	unsigned long i;
	long long t0;
	pid_t pid;
	char c = 'x';

	if (pipe(ab) || pipe(ba))
		return die("pipe");
	t0 = now_ns();
	pid = fork();
	if (pid < 0)
		return die("fork");
	if (!pid) {
		for (i = 0; i < rounds; i++)
			if (read(ab[0], &c, 1) != 1 || write(ba[1], &c, 1) != 1)
				_exit(3);
		_exit(0);
	}
	for (i = 0; i < rounds; i++)
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			return die("pipe round");
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return die("child");
	printf("ms=%lld\n", (now_ns() - t0) / 1000000);
	return 0;
}

static int dio_reads(const char *dev, unsigned long reads)
{
	unsigned long i;
	long long t0;
	void *buf;
	int fd;

	fd = open(dev, O_RDONLY | O_DIRECT);
	if (fd < 0)
		return die(dev);
	if (posix_memalign(&buf, 4096, 4096))
		return die("posix_memalign");
	t0 = now_ns();
	for (i = 0; i < reads; i++)
		if (pread(fd, buf, 4096, 0) != 4096)
			return die("pread");
	printf("ms=%lld\n", (now_ns() - t0) / 1000000);
	free(buf);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "pipe"))
		return pipe_rounds(count(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "dio"))
		return dio_reads(argv[2], count(argv[3]));
	fprintf(stderr, "usage: pingpong pipe ROUNDS | pingpong dio DEV READS\n");
	return 2;
}
