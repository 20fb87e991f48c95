// SPDX-License-Identifier: GPL-2.0
/*
 * Variant: sched_switch(preempt, prev, next, prev_state) (upstream 5.18)
 * rather than sched_switch(preempt, prev, next), with __task_state_index()
 * (same change) to turn prev_state into the letter ftrace shows.
 * module/timeline.c checks whichever variant is chosen against the headers,
 * so a wrong answer breaks the build.
 */
#include <linux/module.h>
#include <linux/sched.h>
#include <trace/events/sched.h>
MODULE_LICENSE("GPL");
static void ksw_probe(void *data, bool preempt, struct task_struct *prev,
		      struct task_struct *next, unsigned int prev_state)
{
}

unsigned int ksw_feature_test(struct task_struct *p);
unsigned int ksw_feature_test(struct task_struct *p)
{
	check_trace_callback_type_sched_switch(ksw_probe);
	return __task_state_index(0, p->exit_state);
}
