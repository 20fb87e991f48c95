/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kswapwatch: internal interfaces between the module's parts.
 */
#ifndef KSWAPWATCH_H
#define KSWAPWATCH_H

#include <linux/types.h>
#include "../include/kswapwatch_abi.h"
#include "compat.h"

struct dentry;
struct seq_file;

/* debugfs.c */
int ksw_debugfs_init(void);
void ksw_debugfs_exit(void);
extern struct dentry *ksw_debugfs_root;

#endif /* KSWAPWATCH_H */
