// SPDX-License-Identifier: GPL-2.0
/*
 * stallinject: a test-only module that stalls CPUs on request, so that the
 * kswapwatch watchdog can be checked against stalls of known start, length
 * and kind.  Never installed; loaded by the VM scenarios only.
 *
 *   echo "cpu=<n|all> ms=<1..10000> way=<irq|preempt|spinlock> [waiters=<cpulist>]" \
 *	> /sys/kernel/debug/stallinject/inject
 *
 * The write returns once the stall is over.  Ways:
 *
 *   irq       the CPU busy-waits with interrupts disabled: its hrtimers do not
 *             fire until the stall ends.
 *   preempt   the CPU busy-waits with preemption disabled and interrupts on:
 *             timers fire, but whatever they wake cannot run there.
 *   spinlock  the CPU busy-waits holding a raw spinlock (interrupts on) while
 *             every other online CPU, or those named by waiters=, spins on
 *             that same lock: all of them are held until it is dropped.
 *
 * cpu=all stalls every online CPU at once (for spinlock: the lowest online
 * CPU holds the lock, the others wait for it).
 *
 * Errors: -EINVAL for malformed input, an unknown or repeated key, ms out of
 * range, waiters= with a way other than spinlock or naming the holder;
 * -ENODEV when a CPU named is not online; -EBUSY when the stalling threads
 * could not all start within a second (nothing was stalled); -EINTR when
 * interrupted while waiting for an earlier injection to finish.
 *
 * /sys/kernel/debug/stallinject/log holds the last SI_LOG_SIZE injections,
 * oldest first, one line each:
 *
 *   seq= start_ns= end_ns= dur_us= cpu=<n|all> way= ms= cpus=<list> min_cpu_us=
 *   overlap_us=
 *
 * start_ns and end_ns are CLOCK_MONOTONIC (ktime_get_ns()) read on a stalled
 * CPU right after the stall began and right before it ended (with several
 * CPUs: the earliest start and the latest end); dur_us is their difference;
 * ms is what was asked for; cpus lists every CPU that was held; min_cpu_us is
 * how long the least-held of them was held; overlap_us how long all of them
 * were held at the same time.
 *
 * Why a kthread bound to each stalled CPU rather than an IPI
 * (smp_call_function_single()) or the stopper (stop_one_cpu()): with an IPI
 * the writer's CPU spins in csd_lock_wait() with preemption off for the whole
 * stall, so a stall asked for on one CPU would silently hold two; the stopper
 * runs at a priority above everything, which is not what a real stall looks
 * like and hides the stalled CPU's normal task.  A kthread of our own leaves
 * the writer sleeping, runs the stall in process context as real offenders
 * (a driver inside spin_lock_irqsave(), a long preempt-off section, lock
 * contention) do, and shows up as "stallinject/<cpu>" with stallinject_spin()
 * in any backtrace taken during the stall.
 *
 * Stalls up to 10 s stay below the soft lockup (20 s) and RCU stall (21 s)
 * reports; an irq stall near 10 s may draw a hard lockup report from a kernel
 * whose hard lockup detector works in the machine at hand.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define SI_MS_MIN		1
#define SI_MS_MAX		10000
#define SI_LOG_SIZE		256
#define SI_INPUT_MAX		256
/* How long stalling threads wait for each other before giving up. */
#define SI_RENDEZVOUS_NS	(1000ULL * NSEC_PER_MSEC)
#define SI_CPU_ALL		(-1)
#define SI_CPU_STR_LEN		12

enum si_way {
	SI_WAY_IRQ,
	SI_WAY_PREEMPT,
	SI_WAY_SPINLOCK,
};

static const char * const si_way_names[] = {
	[SI_WAY_IRQ]		= "irq",
	[SI_WAY_PREEMPT]	= "preempt",
	[SI_WAY_SPINLOCK]	= "spinlock",
};

enum si_role {
	SI_ROLE_STALL,		/* irq or preempt stall */
	SI_ROLE_HOLDER,		/* holds si_lock for the stall */
	SI_ROLE_WAITER,		/* spins on si_lock until the holder drops it */
};

enum {
	SI_GATE_WAIT,
	SI_GATE_GO,
	SI_GATE_ABORT,
};

struct si_run;

/* One stalling thread; written by the thread, read by the writer after it. */
struct si_cpu {
	struct si_run *run;
	struct task_struct *task;
	unsigned int cpu;
	enum si_role role;
	bool stalled;
	bool clock_backwards;
	u64 start_ns;
	u64 end_ns;
};

/* One injection; lives on the writer's stack until every thread has exited. */
struct si_run {
	enum si_way way;
	unsigned int ms;
	unsigned int nr;
	atomic_t arrived;
	atomic_t gate;
	atomic_t remaining;
	struct completion done;
	struct si_cpu *cpus;
};

struct si_req {
	int cpu;
	unsigned int ms;
	enum si_way way;
	bool has_waiters;
	cpumask_var_t waiters;
};

struct si_entry {
	u64 seq;
	u64 start_ns;
	u64 end_ns;
	u64 min_cpu_ns;
	u64 overlap_ns;
	int cpu;
	enum si_way way;
	unsigned int ms;
	char cpus[32];
};

/* The lock the spinlock way fights over: raw, so it spins on PREEMPT_RT too. */
static DEFINE_RAW_SPINLOCK(si_lock);

/* One injection at a time: si_lock and the thread names are shared. */
static DEFINE_MUTEX(si_inject_mutex);

static DEFINE_MUTEX(si_log_mutex);
static struct si_entry si_ring[SI_LOG_SIZE];
static u64 si_log_seq;

static struct dentry *si_dir;

/**
 * stallinject_spin - burn this CPU until CLOCK_MONOTONIC reaches @end_ns
 * @end_ns: ktime_get_ns() value at which to stop
 *
 * noinline so that a backtrace taken during a stall names it.  Gives up if
 * the clock goes backwards, which only happens if every CPU stalls with
 * interrupts off for longer than the clocksource takes to wrap (acpi_pm:
 * 4.7 s); the caller logs that.
 *
 * Return: true if @end_ns was reached, false if the clock went backwards.
 */
static noinline bool stallinject_spin(u64 end_ns)
{
	u64 prev = ktime_get_ns();
	u64 now;

	for (;;) {
		now = ktime_get_ns();
		if (now >= end_ns)
			return true;
		if (now < prev)
			return false;
		prev = now;
		cpu_relax();
	}
}

/*
 * Wait, with preemption disabled, until every thread of @run has arrived, so
 * that a multi-CPU stall starts on all CPUs together and a waiter never tries
 * si_lock before the holder has it.  The last to arrive opens the gate; a
 * thread that waits longer than SI_RENDEZVOUS_NS closes it for good (one
 * that cannot get its CPU, e.g. because that CPU waits for ours).  The gate
 * is decided by a single cmpxchg, so all threads agree on go or abort.
 */
static bool si_rendezvous(struct si_run *run)
{
	u64 deadline;

	if (atomic_inc_return(&run->arrived) == run->nr)
		atomic_cmpxchg(&run->gate, SI_GATE_WAIT, SI_GATE_GO);

	deadline = ktime_get_ns() + SI_RENDEZVOUS_NS;
	while (atomic_read(&run->gate) == SI_GATE_WAIT) {
		if (ktime_get_ns() > deadline)
			atomic_cmpxchg(&run->gate, SI_GATE_WAIT, SI_GATE_ABORT);
		cpu_relax();
	}
	return atomic_read(&run->gate) == SI_GATE_GO;
}

static void si_stall(struct si_cpu *c)
{
	struct si_run *run = c->run;
	u64 len_ns = (u64)run->ms * NSEC_PER_MSEC;
	unsigned long flags;

	switch (c->role) {
	case SI_ROLE_STALL:
		if (run->way == SI_WAY_IRQ)
			local_irq_save(flags);
		c->start_ns = ktime_get_ns();
		c->clock_backwards = !stallinject_spin(c->start_ns + len_ns);
		c->end_ns = ktime_get_ns();
		if (run->way == SI_WAY_IRQ)
			local_irq_restore(flags);
		break;
	case SI_ROLE_HOLDER:
		/* si_lock was taken before the rendezvous. */
		c->start_ns = ktime_get_ns();
		c->clock_backwards = !stallinject_spin(c->start_ns + len_ns);
		c->end_ns = ktime_get_ns();
		break;
	case SI_ROLE_WAITER:
		c->start_ns = ktime_get_ns();
		raw_spin_lock(&si_lock);
		c->end_ns = ktime_get_ns();
		raw_spin_unlock(&si_lock);
		break;
	}
	c->stalled = true;
}

static int si_thread(void *data)
{
	struct si_cpu *c = data;
	struct si_run *run = c->run;

	/*
	 * Preemption stays off from the gate to the end of the stall, so the
	 * stall is not delayed nor cut short once the gate opens.  The holder
	 * takes si_lock (which disables preemption) before the gate, so that it
	 * owns the lock before any waiter passes the gate.
	 */
	if (c->role == SI_ROLE_HOLDER) {
		raw_spin_lock(&si_lock);
		if (si_rendezvous(run))
			si_stall(c);
		raw_spin_unlock(&si_lock);
	} else {
		preempt_disable();
		if (si_rendezvous(run))
			si_stall(c);
		preempt_enable();
	}

	if (atomic_dec_and_test(&run->remaining))
		complete(&run->done);

	/* Stay until kthread_stop(), which must not find us not yet started. */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static int si_parse_cpu(const char *val, int *cpu)
{
	unsigned int n;

	if (!strcmp(val, "all")) {
		*cpu = SI_CPU_ALL;
		return 0;
	}
	if (kstrtouint(val, 10, &n) || n > INT_MAX)
		return -EINVAL;
	*cpu = n;
	return 0;
}

/* Parse "cpu=.. ms=.. way=.. [waiters=..]"; keys in any order, each once. */
static int si_parse(char *buf, struct si_req *req)
{
	bool have_cpu = false, have_ms = false, have_way = false;
	char *p = buf, *tok, *val;
	int ret;

	while ((tok = strsep(&p, " \t\n")) != NULL) {
		if (!*tok)
			continue;
		val = strchr(tok, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';

		if (!strcmp(tok, "cpu")) {
			if (have_cpu || si_parse_cpu(val, &req->cpu))
				return -EINVAL;
			have_cpu = true;
		} else if (!strcmp(tok, "ms")) {
			if (have_ms || kstrtouint(val, 10, &req->ms) ||
			    req->ms < SI_MS_MIN || req->ms > SI_MS_MAX)
				return -EINVAL;
			have_ms = true;
		} else if (!strcmp(tok, "way")) {
			ret = match_string(si_way_names, ARRAY_SIZE(si_way_names), val);
			if (have_way || ret < 0)
				return -EINVAL;
			req->way = ret;
			have_way = true;
		} else if (!strcmp(tok, "waiters")) {
			if (req->has_waiters)
				return -EINVAL;
			ret = cpulist_parse(val, req->waiters);
			/* A CPU number beyond the last possible one: no such CPU. */
			if (ret == -ERANGE)
				return -ENODEV;
			if (ret)
				return -EINVAL;
			req->has_waiters = true;
		} else {
			return -EINVAL;
		}
	}
	if (!have_cpu || !have_ms || !have_way)
		return -EINVAL;
	if (req->has_waiters && req->way != SI_WAY_SPINLOCK)
		return -EINVAL;
	return 0;
}

/*
 * Fill @mask with the CPUs to hold and return the spinlock holder (or -1).
 * Called with the CPU hotplug lock read-held.
 */
static int si_pick_cpus(struct si_req *req, struct cpumask *mask, int *holder)
{
	*holder = -1;
	cpumask_clear(mask);

	if (req->cpu != SI_CPU_ALL &&
	    ((unsigned int)req->cpu >= nr_cpu_ids || !cpu_online(req->cpu)))
		return -ENODEV;

	if (req->way != SI_WAY_SPINLOCK) {
		if (req->cpu == SI_CPU_ALL)
			cpumask_copy(mask, cpu_online_mask);
		else
			cpumask_set_cpu(req->cpu, mask);
		return 0;
	}

	*holder = req->cpu == SI_CPU_ALL ? cpumask_first(cpu_online_mask) : req->cpu;
	if (req->has_waiters) {
		if (req->cpu == SI_CPU_ALL)
			return -EINVAL;
		if (cpumask_test_cpu(*holder, req->waiters))
			return -EINVAL;
		if (!cpumask_subset(req->waiters, cpu_online_mask))
			return -ENODEV;
		cpumask_copy(mask, req->waiters);
	} else {
		cpumask_copy(mask, cpu_online_mask);
	}
	cpumask_set_cpu(*holder, mask);
	return 0;
}

static const char *si_cpu_str(int cpu, char buf[SI_CPU_STR_LEN])
{
	if (cpu == SI_CPU_ALL)
		return "all";
	snprintf(buf, SI_CPU_STR_LEN, "%d", cpu);
	return buf;
}

static void si_log_add(const struct si_run *run, const struct si_req *req,
		       const struct cpumask *mask)
{
	u64 start = U64_MAX, end = 0, min_ns = U64_MAX;
	u64 last_start = 0, first_end = U64_MAX;
	char cpu_str[SI_CPU_STR_LEN];
	bool backwards = false;
	struct si_entry *e;
	unsigned int i;

	for (i = 0; i < run->nr; i++) {
		const struct si_cpu *c = &run->cpus[i];

		start = min(start, c->start_ns);
		end = max(end, c->end_ns);
		min_ns = min(min_ns, c->end_ns - c->start_ns);
		last_start = max(last_start, c->start_ns);
		first_end = min(first_end, c->end_ns);
		backwards |= c->clock_backwards;
	}

	mutex_lock(&si_log_mutex);
	e = &si_ring[si_log_seq % SI_LOG_SIZE];
	e->seq = ++si_log_seq;
	e->start_ns = start;
	e->end_ns = end;
	e->min_cpu_ns = min_ns;
	e->overlap_ns = first_end > last_start ? first_end - last_start : 0;
	e->cpu = req->cpu;
	e->way = req->way;
	e->ms = req->ms;
	scnprintf(e->cpus, sizeof(e->cpus), "%*pbl", cpumask_pr_args(mask));
	pr_info("seq=%llu cpu=%s way=%s ms=%u dur_us=%llu cpus=%s min_cpu_us=%llu overlap_us=%llu\n",
		e->seq, si_cpu_str(e->cpu, cpu_str), si_way_names[e->way], e->ms,
		div_u64(end - start, NSEC_PER_USEC), e->cpus,
		div_u64(min_ns, NSEC_PER_USEC),
		div_u64(e->overlap_ns, NSEC_PER_USEC));
	mutex_unlock(&si_log_mutex);

	if (backwards)
		pr_warn("seq=%llu: the clock went backwards during the stall, stall cut short\n",
			e->seq);
}

/*
 * Create one bound thread per CPU in @mask, start them together and wait for
 * them.  Called with si_inject_mutex held and the CPU hotplug lock read-held,
 * so the CPUs stay online until the threads are gone.
 */
static int si_run_stall(struct si_req *req, const struct cpumask *mask, int holder)
{
	struct si_run run = {
		.way = req->way,
		.ms = req->ms,
		.nr = cpumask_weight(mask),
		.arrived = ATOMIC_INIT(0),
		.gate = ATOMIC_INIT(SI_GATE_WAIT),
	};
	unsigned int i, created = 0, cpu;
	int ret = 0;

	init_completion(&run.done);
	atomic_set(&run.remaining, run.nr);
	run.cpus = kcalloc(run.nr, sizeof(*run.cpus), GFP_KERNEL);
	if (!run.cpus)
		return -ENOMEM;

	for_each_cpu(cpu, mask) {
		struct si_cpu *c = &run.cpus[created];
		struct task_struct *t;

		c->run = &run;
		c->cpu = cpu;
		if (req->way != SI_WAY_SPINLOCK)
			c->role = SI_ROLE_STALL;
		else
			c->role = cpu == holder ? SI_ROLE_HOLDER : SI_ROLE_WAITER;
		/* kthread_create_on_cpu() is not exported before 5.12. */
		t = kthread_create(si_thread, c, "stallinject/%u", cpu);
		if (IS_ERR(t)) {
			ret = PTR_ERR(t);
			goto stop;
		}
		kthread_bind(t, cpu);
		c->task = t;
		created++;
	}

	/*
	 * Wake them all before any can run on this CPU: a thread that got
	 * this CPU first would otherwise hold it, preemption off, waiting at
	 * the gate for threads not yet woken.
	 */
	preempt_disable();
	for (i = 0; i < created; i++)
		wake_up_process(run.cpus[i].task);
	preempt_enable();
	wait_for_completion(&run.done);

stop:
	/* Not-yet-woken threads (error path) exit without running si_thread(). */
	for (i = 0; i < created; i++)
		kthread_stop(run.cpus[i].task);

	if (!ret) {
		if (atomic_read(&run.gate) == SI_GATE_GO) {
			si_log_add(&run, req, mask);
		} else {
			pr_warn("stalling threads for cpus %*pbl did not all start within %llu ms, nothing stalled\n",
				cpumask_pr_args(mask), SI_RENDEZVOUS_NS / NSEC_PER_MSEC);
			ret = -EBUSY;
		}
	}
	kfree(run.cpus);
	return ret;
}

static ssize_t si_inject_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct si_req req = { .cpu = SI_CPU_ALL };
	cpumask_var_t mask;
	int holder, ret;
	char *buf;

	if (count == 0 || count > SI_INPUT_MAX)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	ret = -ENOMEM;
	if (!zalloc_cpumask_var(&req.waiters, GFP_KERNEL))
		goto free_buf;
	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		goto free_waiters;

	ret = si_parse(buf, &req);
	if (ret)
		goto free_mask;

	ret = mutex_lock_interruptible(&si_inject_mutex);
	if (ret)
		goto free_mask;
	cpus_read_lock();
	ret = si_pick_cpus(&req, mask, &holder);
	if (!ret)
		ret = si_run_stall(&req, mask, holder);
	cpus_read_unlock();
	mutex_unlock(&si_inject_mutex);

free_mask:
	free_cpumask_var(mask);
free_waiters:
	free_cpumask_var(req.waiters);
free_buf:
	kfree(buf);
	return ret ? ret : count;
}

static const struct file_operations si_inject_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= si_inject_write,
	.llseek	= noop_llseek,
};

static int si_log_show(struct seq_file *m, void *v)
{
	char cpu_str[SI_CPU_STR_LEN];
	u64 first, seq;

	mutex_lock(&si_log_mutex);
	first = si_log_seq > SI_LOG_SIZE ? si_log_seq - SI_LOG_SIZE : 0;
	for (seq = first; seq < si_log_seq; seq++) {
		const struct si_entry *e = &si_ring[seq % SI_LOG_SIZE];

		seq_printf(m, "seq=%llu start_ns=%llu end_ns=%llu dur_us=%llu cpu=%s way=%s ms=%u cpus=%s min_cpu_us=%llu overlap_us=%llu\n",
			   e->seq, e->start_ns, e->end_ns,
			   div_u64(e->end_ns - e->start_ns, NSEC_PER_USEC),
			   si_cpu_str(e->cpu, cpu_str), si_way_names[e->way],
			   e->ms, e->cpus, div_u64(e->min_cpu_ns, NSEC_PER_USEC),
			   div_u64(e->overlap_ns, NSEC_PER_USEC));
	}
	mutex_unlock(&si_log_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(si_log);

static int __init stallinject_init(void)
{
	si_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("inject", 0200, si_dir, NULL, &si_inject_fops);
	debugfs_create_file("log", 0400, si_dir, NULL, &si_log_fops);
	return 0;
}

static void __exit stallinject_exit(void)
{
	/* The files hold a module reference while open: no write is running. */
	debugfs_remove(si_dir);
}

module_init(stallinject_init);
module_exit(stallinject_exit);

MODULE_DESCRIPTION("Test-only CPU stall injector for kswapwatch's VM tests");
MODULE_AUTHOR("The kswapwatch authors");
MODULE_LICENSE("GPL");
