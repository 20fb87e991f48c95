// SPDX-License-Identifier: GPL-2.0
/*
 * dmahog: hold DMA-able memory the way a device driver does, from userspace.
 *
 *   dmahog DEVICE MB [--chunk KB] [--hold SECONDS | --hold-forever]
 *
 * DEVICE is a usbfs node, /dev/bus/usb/BBB/DDD (a root hub will do).  Each
 * mmap() of it makes usbcore allocate a coherent DMA buffer for the host
 * controller (usbdev_mmap(), as libusb's zero-copy transfers use): through
 * dma_alloc_coherent() with the controller's coherent DMA mask, which for
 * a UHCI or EHCI controller (qemu's has no 64-bit addressing) is 32 bits,
 * so on x86_64 the pages come from ZONE_DMA32 (GFP_USER | __GFP_DMA32), on
 * arm64 from ZONE_DMA (it spans the first 4 GB there; DMA32 is empty).
 * The buffers stay allocated while mapped.
 * usbcore limits the total to /sys/module/usbcore/parameters/usbfs_memory_mb
 * (16 MB by default; 0: no limit).
 *
 * Built static (make -C tests/helpers) for the VM guest.  Prints
 * "dmahog: ready mb=MB chunks=N pid=PID" once all is mapped.
 * Exit codes: 0 done; 2 usage error; 3 an mmap failed (after printing how
 * much was mapped); 4 DEVICE cannot be opened.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define EXIT_OK		0
#define EXIT_USAGE	2
#define EXIT_MEM	3
#define EXIT_DEV	4

static void usage(FILE *f)
{
	fprintf(f,
"usage: dmahog DEVICE MB [--chunk KB] [--hold SECONDS | --hold-forever]\n"
"\n"
"Map MB MiB of coherent DMA buffers of the USB host controller behind the\n"
"usbfs node DEVICE (/dev/bus/usb/BBB/DDD), in chunks of KB KiB (default 4:\n"
"order-0 pages), touch them, then hold them for SECONDS (default 0) or until\n"
"killed.  Behind a 32-bit controller (UHCI, EHCI) the pages come from\n"
"ZONE_DMA32 on x86_64, ZONE_DMA on arm64.\n"
"exit codes: 0 done; 2 usage error; 3 an mmap failed; 4 cannot open DEVICE\n");
}

static unsigned long number(const char *what, const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *s == '-' || *end || errno || v > max) {
		fprintf(stderr, "dmahog: %s: bad number '%s' (0..%lu)\n", what, s, max);
		usage(stderr);
		exit(EXIT_USAGE);
	}
	return v;
}

int main(int argc, char **argv)
{
	unsigned long mb, chunk_kb = 4, chunks, i;
	long hold = 0;
	size_t chunk;
	int fd, a;

	if (argc < 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	mb = number("MB", argv[2], 1UL << 20);
	for (a = 3; a < argc; a++) {
		if (!strcmp(argv[a], "--chunk") && a + 1 < argc)
			chunk_kb = number("--chunk", argv[++a], 1UL << 20);
		else if (!strcmp(argv[a], "--hold") && a + 1 < argc)
			hold = (long)number("--hold", argv[++a], 1UL << 30);
		else if (!strcmp(argv[a], "--hold-forever"))
			hold = -1;
		else {
			fprintf(stderr, "dmahog: unknown argument '%s'\n", argv[a]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!chunk_kb || (chunk_kb * 1024) % (unsigned long)sysconf(_SC_PAGESIZE)) {
		fprintf(stderr, "dmahog: --chunk must be a multiple of the page size\n");
		return EXIT_USAGE;
	}
	chunk = chunk_kb * 1024;
	chunks = mb * 1024 / chunk_kb;

	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "dmahog: open %s: %s\n", argv[1], strerror(errno));
		return EXIT_DEV;
	}
	for (i = 0; i < chunks; i++) {
		char *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

		if (p == MAP_FAILED) {
			fprintf(stderr, "dmahog: mmap of chunk %lu (%lu KB mapped): %s\n",
				i, i * chunk_kb, strerror(errno));
			return EXIT_MEM;
		}
		p[0] = 1;
	}
	printf("dmahog: ready mb=%lu chunks=%lu pid=%d\n", mb, chunks, (int)getpid());
	fflush(stdout);
	if (hold < 0) {
		for (;;)
			pause();
	}
	if (hold > 0) {
		struct timespec ts = { .tv_sec = hold };

		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
	}
	return EXIT_OK;
}
