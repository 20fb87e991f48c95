# SPDX-License-Identifier: GPL-2.0
#
# kswapwatch: module, reader, tests.
#
#   make                 module for the running kernel (or KDIR=<headers dir>)
#   make module          the same
#   make tool            the reader, userspace/kswapwatch (STATIC=1: static)
#   make check           every test: unit, builds, VM scenarios
#   make demo            boot a Debian kernel in qemu and show what it records
#   make install         module (modules_install) and reader (PREFIX, DESTDIR)
#   make clean

# dkms and some distribution scripts pass KERNELRELEASE= on the command line.
KVER ?= $(if $(KERNELRELEASE),$(KERNELRELEASE),$(shell uname -r))
KDIR ?= /lib/modules/$(KVER)/build
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man

SRC := $(CURDIR)
VERSION := $(shell sed -n 's/^\#define KSW_VERSION[[:space:]]*"\(.*\)"/\1/p' include/kswapwatch_abi.h)

CC ?= cc
CFLAGS ?= -O2 -g
READER_CFLAGS := -std=gnu11 -Wall -Wextra -Wshadow -Wformat=2 -D_GNU_SOURCE -Iinclude
ifeq ($(STATIC),1)
READER_LDFLAGS := -static
endif

READER_SRCS := userspace/kswapwatch.c userspace/parse.c
READER_HDRS := userspace/parse.h include/kswapwatch_abi.h

.PHONY: all module features kdir-check tool check unit demo install clean version

all: module

version:
	@echo $(VERSION)

kdir-check:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "kswapwatch: no kernel build tree at $(KDIR)." >&2; \
		echo "kswapwatch: install the headers for kernel $(KVER), on Debian: apt-get install linux-headers-$(KVER)" >&2; \
		echo "kswapwatch: or point KDIR= at a configured kernel build tree." >&2; \
		exit 1; \
	fi

features: kdir-check
	@scripts/features.sh "$(KDIR)" module/generated/features.h

module: features
	$(MAKE) -C "$(KDIR)" M="$(SRC)" modules

tool: userspace/kswapwatch

userspace/kswapwatch: $(READER_SRCS) $(READER_HDRS)
	$(CC) $(CFLAGS) $(READER_CFLAGS) -o $@ $(READER_SRCS) $(LDFLAGS) $(READER_LDFLAGS)

check:
	tests/check.sh

unit:
	$(MAKE) -C tests/unit run

demo:
	tests/vm/demo.sh

install: module tool
	$(MAKE) -C "$(KDIR)" M="$(SRC)" modules_install
	install -D -m 0755 userspace/kswapwatch $(DESTDIR)$(SBINDIR)/kswapwatch

clean:
	@if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C "$(KDIR)" M="$(SRC)" clean; fi
	rm -rf module/generated
	rm -f userspace/kswapwatch
	$(MAKE) -C tests/unit clean
