# SPDX-License-Identifier: GPL-2.0
#
# kswapwatch: module, reader, tests.
#
#   make                 module for the running kernel (or KDIR=<headers dir>)
#   make module          the same
#   make tool            the reader, userspace/kswapwatch (STATIC=1: static)
#   make check           every test: unit, builds, VM scenarios (6.1, 7.2)
#   make check-matrix    every VM scenario on every kernel of tests/vm/kernels.tsv
#   make demo            boot a Debian kernel in qemu and show what it records
#   make install         module (modules_install), reader and man page (PREFIX, DESTDIR)
#   make dkms-install    register with DKMS, build and install for KVER
#   make dkms-remove     remove this version from DKMS, every kernel
#   make version-sync    copy KSW_VERSION into dkms.conf and the man page
#   make clean

# dkms and some distribution scripts pass KERNELRELEASE= on the command line.
KVER ?= $(if $(KERNELRELEASE),$(KERNELRELEASE),$(shell uname -r))
KDIR ?= /lib/modules/$(KVER)/build
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
MANDIR ?= $(PREFIX)/share/man

SRC := $(CURDIR)
VERSION := $(shell sed -n 's/^\#define KSW_VERSION[[:space:]]*"\(.*\)"/\1/p' include/kswapwatch_abi.h)

CC ?= cc
CFLAGS ?= -O2 -g
READER_CFLAGS := -std=gnu11 -Wall -Wextra -Wshadow -Wformat=2 -D_GNU_SOURCE -Iinclude
ifeq ($(STATIC),1)
READER_LDFLAGS := -static
endif

# Every userspace/*.c is a part of the reader.
READER_SRCS := $(sort $(wildcard userspace/*.c))
READER_HDRS := $(sort $(wildcard userspace/*.h)) include/kswapwatch_abi.h

.PHONY: all module features kdir-check kconfig-check tool check check-matrix unit demo install clean version
.PHONY: dkms-source dkms-install dkms-remove version-sync FORCE

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

# Kernel options the module cannot work without (dkms.conf's
# BUILD_EXCLUSIVE_CONFIG lists the same, but older dkms versions ignore it).
KSW_REQUIRED_CONFIG := CONFIG_TRACEPOINTS CONFIG_DEBUG_FS

kconfig-check: kdir-check
	@for c in $(KSW_REQUIRED_CONFIG); do \
		if ! grep -qs "^$$c=y" "$(KDIR)/include/config/auto.conf" "$(KDIR)/.config"; then \
			echo "kswapwatch: kernel $(KVER) ($(KDIR)) is built without $$c=y, which kswapwatch needs." >&2; \
			exit 1; \
		fi; \
	done

features: kconfig-check
	@scripts/features.sh "$(KDIR)" module/generated/features.h \
		$(if $(ARCH),ARCH=$(ARCH)) $(if $(CROSS_COMPILE),CROSS_COMPILE=$(CROSS_COMPILE))

module: features
	$(MAKE) -C "$(KDIR)" M="$(SRC)" modules

tool: userspace/kswapwatch

# The flags the reader was last built with: a change (STATIC=1, CFLAGS=)
# rebuilds it.  The stamp is rewritten only when they change.
READER_FLAGS = $(CC) $(CFLAGS) $(READER_CFLAGS) $(LDFLAGS) $(READER_LDFLAGS)
userspace/.build-flags: FORCE
	@printf '%s\n' '$(subst ','\'',$(READER_FLAGS))' | cmp -s - $@ || \
		printf '%s\n' '$(subst ','\'',$(READER_FLAGS))' >$@

userspace/kswapwatch: $(READER_SRCS) $(READER_HDRS) userspace/.build-flags
	$(CC) $(CFLAGS) $(READER_CFLAGS) -o $@ $(READER_SRCS) $(LDFLAGS) $(READER_LDFLAGS)

FORCE:

check:
	tests/check.sh

check-matrix:
	tests/matrix.sh

unit:
	$(MAKE) -C tests/unit run

demo:
	tests/vm/demo.sh

install: module tool
	$(MAKE) -C "$(KDIR)" M="$(SRC)" modules_install
	install -D -m 0755 userspace/kswapwatch $(DESTDIR)$(SBINDIR)/kswapwatch
	install -D -m 0644 man/kswapwatch.8 $(DESTDIR)$(MANDIR)/man8/kswapwatch.8

clean:
	@if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C "$(KDIR)" M="$(SRC)" clean; fi
	@# Without the headers the build's products go by name.
	rm -f *.ko *.o *.mod *.mod.c .*.cmd Module.symvers modules.order \
		module/*.o module/.*.cmd module/*.mod module/*.mod.c
	rm -rf module/generated
	rm -f userspace/kswapwatch userspace/.build-flags
	if [ -d tests/unit ]; then $(MAKE) -C tests/unit clean; fi

# What DKMS builds from: /usr/src/kswapwatch-$(VERSION) (DESTDIR for packages).
DKMS_DIR := $(DESTDIR)/usr/src/kswapwatch-$(VERSION)
DKMS_FILES := Kbuild Makefile dkms.conf include/kswapwatch_abi.h scripts/features.sh \
	$(wildcard module/*.c module/*.h module/features/*.c)

dkms-source:
	@scripts/version.sh --check
	rm -rf "$(DKMS_DIR)"
	@for f in $(DKMS_FILES); do \
		install -D -m $$(if [ -x "$$f" ]; then echo 0755; else echo 0644; fi) "$$f" "$(DKMS_DIR)/$$f" || exit 1; \
	done

# dkms and the headers of kernel KVER (default: the running one) must be
# installed; a version already registered is removed first.
dkms-install:
	@command -v dkms >/dev/null || { echo "kswapwatch: dkms is not installed (apt-get install dkms)" >&2; exit 1; }
	@if dkms status -m kswapwatch -v $(VERSION) | grep -q .; then \
		echo "dkms remove kswapwatch/$(VERSION) --all"; dkms remove kswapwatch/$(VERSION) --all; fi
	$(MAKE) dkms-source DESTDIR=
	dkms add kswapwatch/$(VERSION)
	dkms build kswapwatch/$(VERSION) -k $(KVER)
	dkms install kswapwatch/$(VERSION) -k $(KVER)

dkms-remove:
	@if dkms status -m kswapwatch -v $(VERSION) | grep -q .; then \
		echo "dkms remove kswapwatch/$(VERSION) --all"; dkms remove kswapwatch/$(VERSION) --all; fi
	rm -rf "/usr/src/kswapwatch-$(VERSION)"

version-sync:
	scripts/version.sh --sync
