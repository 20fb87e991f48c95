/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kswapwatch: the one place where kernel differences are handled.
 *
 * Every HAVE_* below comes from a compile test run against the target
 * kernel's own headers (module/features/, scripts/features.sh), never from
 * a version number, so distribution backports are seen as they are.
 */
#ifndef KSWAPWATCH_COMPAT_H
#define KSWAPWATCH_COMPAT_H

#if __has_include("generated/features.h")
#include "generated/features.h"
#else
#error "module/generated/features.h is missing: build with 'make' in the kswapwatch directory, which runs the feature tests first"
#endif

#endif /* KSWAPWATCH_COMPAT_H */
