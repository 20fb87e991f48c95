// SPDX-License-Identifier: GPL-2.0
/*
 * fifohog: take one CPU away from normal tasks in bursts.
 *
 *   fifohog CPU ON_MS OFF_MS SECONDS
 *
 * Pinned to CPU at SCHED_FIFO priority 1, it spins for ON_MS, sleeps for
 * OFF_MS, and so on for SECONDS.  A normal task on that CPU (one pinned
 * there with taskset) is preempted for each burst, wherever it is: in
 * direct reclaim, whose wall time then grows by the burst, as it does on a
 * machine where real-time work shares the CPU.  The kernel's RT throttling
 * (95 % by default) is left as it is; keep ON_MS / (ON_MS + OFF_MS) below
 * that.  Built static (make -C tests/helpers) for the guest.
 *
 * Exit codes: 0 done; 2 usage error; 3 affinity or scheduler not set.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long arg(const char *what, const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *s == '-' || *end || errno || v > max) {
		fprintf(stderr, "fifohog: %s: not a number in 0..%lu: '%s'\n", what, max, s);
		fprintf(stderr, "usage: fifohog CPU ON_MS OFF_MS SECONDS\n");
		exit(2);
	}
	return v;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct sched_param sp = { .sched_priority = 1 };
	unsigned long cpu, on, off, secs, bursts = 0;
	struct timespec pause;
	double end, t;
	cpu_set_t set;

	if (argc != 5) {
		fprintf(stderr, "usage: fifohog CPU ON_MS OFF_MS SECONDS\n");
		return 2;
	}
	cpu = arg("CPU", argv[1], CPU_SETSIZE - 1);
	on = arg("ON_MS", argv[2], 10000);
	off = arg("OFF_MS", argv[3], 10000);
	secs = arg("SECONDS", argv[4], 86400);
	if (on == 0 || off == 0) {
		fprintf(stderr, "fifohog: ON_MS and OFF_MS must be at least 1\n");
		return 2;
	}

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "fifohog: CPU %lu: %s\n", cpu, strerror(errno));
		return 3;
	}
	if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
		fprintf(stderr, "fifohog: SCHED_FIFO: %s (try as root)\n", strerror(errno));
		return 3;
	}

	pause.tv_sec = off / 1000;
	pause.tv_nsec = (long)(off % 1000) * 1000000L;
	end = now_ms() + secs * 1e3;
	while ((t = now_ms()) < end) {
		while (now_ms() < t + on)
			;
		bursts++;
		nanosleep(&pause, NULL);
	}
	printf("fifohog: %lu bursts of %lu ms on CPU %lu\n", bursts, on, cpu);
	return 0;
}
