// SPDX-License-Identifier: MIT
/*
 * /proc/stat, /proc/softirqs and /proc/uptime (fs/proc/stat.c, softirqs.c,
 * uptime.c analogues): enough for sysstat's mpstat -I to compute rates.
 *
 * Time: every online CPU has been idle since the machine was created (the
 * virtual clock); user, system, irq and the other times are 0.  Times are
 * in USER_HZ (100) ticks, as nsec_to_clock_t() prints them.
 */
#include <string.h>

#include "vfs_internal.h"

static const char *const softirq_to_name[NR_SOFTIRQS] = {
	"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL",
	"TASKLET", "SCHED", "HRTIMER", "RCU",
};

/* The softirq counters of @v, allocated on first use (NULL: none yet). */
static unsigned int *softirq_counts(struct irqlab_machine *m, struct irqlab_vfs *v,
				    bool create)
{
	unsigned int *c = __atomic_load_n(&v->softirqs, __ATOMIC_ACQUIRE), *expected = NULL;

	if (c || !create)
		return c;
	c = kcalloc((size_t)m->nr_cpus * NR_SOFTIRQS, sizeof(*c), GFP_ATOMIC);
	if (!c)
		return NULL;
	if (!__atomic_compare_exchange_n(&v->softirqs, &expected, c, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		kfree(c);
		return expected;
	}
	return c;
}

/**
 * kstat_incr_softirqs_this_cpu() - count a softirq on the current CPU.
 * @irq: the softirq number.
 */
void kstat_incr_softirqs_this_cpu(unsigned int irq)
{
	struct irqlab_machine *m = irqlab_cur();
	unsigned int cpu = smp_processor_id(), *c;
	struct irqlab_vfs *v;

	if (!m || irq >= NR_SOFTIRQS || cpu >= m->nr_cpus)
		return;
	v = irqlab_vfs_get(m);
	c = v ? softirq_counts(m, v, true) : NULL;
	if (c)
		__atomic_fetch_add(&c[(size_t)cpu * NR_SOFTIRQS + irq], 1, __ATOMIC_RELAXED);
}

static unsigned int softirq_get(const unsigned int *c, unsigned int cpu, unsigned int irq)
{
	return c ? __atomic_load_n(&c[(size_t)cpu * NR_SOFTIRQS + irq], __ATOMIC_RELAXED) : 0;
}

/* Idle time of @cpu in USER_HZ ticks: all of it while online. */
static unsigned long long idle_ticks(struct irqlab_machine *m, unsigned int cpu)
{
	if (!cpumask_test_cpu(cpu, m->online))
		return 0;
	return m->clock_ns / (1000000000ULL / IRQLAB_USER_HZ);
}

static void put_cpu_times(struct seq_file *p, unsigned long long idle)
{
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	seq_printf(p, " 0 0 0 %llu 0 0 0 0 0 0\n", idle);
}

/* Sum of everything counted on the machine's irqs, and the "intr" entries. */
struct intr_walk {
	struct seq_file *p;
	unsigned long long sum;
};

static void add_count(unsigned int cpu, unsigned int cnt, void *arg)
{
	struct intr_walk *w = arg;

	w->sum += cnt;
}

/* kstat_irqs(): tot_count, or the per-CPU sum for per-CPU and NMI irqs. */
static unsigned long long desc_kstat(struct irq_desc *desc)
{
	if (!irq_settings_is_per_cpu_devid(desc) && !irq_settings_is_per_cpu(desc) &&
	    !(desc->istate & IRQS_NMI))
		return desc->tot_count;
	return vfs_desc_count_sum(desc);
}

/* Sum of the counts of all irqs (kstat_cpu_irqs_sum() over all CPUs). */
static unsigned long long irqs_sum(struct irqlab_machine *m)
{
	struct intr_walk w = { 0 };
	unsigned long key = 0;
	struct irq_desc *desc;

	irqlab_lock_acquire(&m->sparse_lock);
	while ((desc = irqlab_radix_next(&m->descs, &key))) {
		raw_spin_lock(&desc->lock);
		vfs_desc_online_counts(desc, m->possible, add_count, &w);
		raw_spin_unlock(&desc->lock);
		key++;
	}
	irqlab_lock_release(&m->sparse_lock);
	return w.sum;
}

/* show_all_irqs(): one count per irq number below nr_irqs, gaps as 0. */
static void show_all_irqs(struct irqlab_machine *m, struct seq_file *p, unsigned int nr)
{
	unsigned long key = 0, next = 0;
	struct irq_desc *desc;

	irqlab_lock_acquire(&m->sparse_lock);
	while ((desc = irqlab_radix_next(&m->descs, &key)) && key < nr) {
		for (; next < key; next++)
			seq_puts(p, " 0");
		raw_spin_lock(&desc->lock);
		seq_printf(p, " %llu", desc_kstat(desc));
		raw_spin_unlock(&desc->lock);
		next = ++key;
	}
	irqlab_lock_release(&m->sparse_lock);
	for (; next < nr; next++)
		seq_puts(p, " 0");
}

/* The architecture's own counts (arch_irq_stat_cpu() and arch_irq_stat()). */
static unsigned long long arch_sum(struct irqlab_machine *m, struct irqlab_vfs *v)
{
	unsigned long long sum = 0;
	struct vfs_arch *arch;
	unsigned int cpu, n, i;

	n = vfs_arch_snapshot(v, &arch);
	for (i = 0; i < n; i++) {
		if (arch[i].ops->stat_cpu)
			for_each_cpu(cpu, m->possible)
				sum += arch[i].ops->stat_cpu(m, cpu, arch[i].ctx);
		if (arch[i].ops->stat)
			sum += arch[i].ops->stat(m, arch[i].ctx);
	}
	kfree(arch);
	return sum;
}

static int show_stat(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		     struct seq_file *p, void *ctx)
{
	struct irqlab_vfs *v = ctx;
	unsigned long long idle = 0, sum, softirq_sum = 0;
	unsigned int per_softirq[NR_SOFTIRQS] = { 0 };
	const unsigned int *c = softirq_counts(m, v, false);
	unsigned int cpu, j;

	for_each_cpu(cpu, m->possible) {
		idle += idle_ticks(m, cpu);
		for (j = 0; j < NR_SOFTIRQS; j++) {
			per_softirq[j] += softirq_get(c, cpu, j);
			softirq_sum += softirq_get(c, cpu, j);
		}
	}
	sum = irqs_sum(m) + arch_sum(m, v);

	seq_puts(p, "cpu ");
	put_cpu_times(p, idle);
	for_each_cpu(cpu, m->online) {
		seq_printf(p, "cpu%u", cpu);
		put_cpu_times(p, idle_ticks(m, cpu));
	}
	seq_printf(p, "intr %llu", sum);
	show_all_irqs(m, p, irqlab_proc_nr_irqs(m));
	seq_printf(p, "\nctxt %llu\nbtime %llu\nprocesses %lu\nprocs_running %u\n"
		      "procs_blocked %u\n",
		   0ULL, IRQLAB_BTIME, 1UL, 1U, 0U);
	seq_printf(p, "softirq %llu", softirq_sum);
	for (j = 0; j < NR_SOFTIRQS; j++)
		seq_printf(p, " %u", per_softirq[j]);
	seq_putc(p, '\n');
	return seq_status(p);
}

static int show_softirqs(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			 struct seq_file *p, void *ctx)
{
	const unsigned int *c = softirq_counts(m, ctx, false);
	unsigned int cpu, i;

	seq_puts(p, "                    ");
	for_each_cpu(cpu, m->possible)
		seq_printf(p, "CPU%-8u", cpu);
	seq_putc(p, '\n');
	for (i = 0; i < NR_SOFTIRQS; i++) {
		seq_printf(p, "%12s:", softirq_to_name[i]);
		for_each_cpu(cpu, m->possible)
			seq_printf(p, " %10u", softirq_get(c, cpu, i));
		seq_putc(p, '\n');
	}
	return seq_status(p);
}

static int show_uptime(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		       struct seq_file *p, void *ctx)
{
	unsigned long long up = m->clock_ns;
	unsigned long long idle = up * cpumask_weight(m->online);

	seq_printf(p, "%llu.%02llu %llu.%02llu\n", up / 1000000000ULL,
		   up % 1000000000ULL / 10000000ULL, idle / 1000000000ULL,
		   idle % 1000000000ULL / 10000000ULL);
	return seq_status(p);
}

/**
 * irqlab_procstat_init() - register /proc/stat, /proc/softirqs, /proc/uptime.
 * @v: the tree being built.
 *
 * Return: 0 or -ENOMEM.
 */
int irqlab_procstat_init(struct irqlab_vfs *v)
{
	int ret;

	ret = irqlab_vfs_add(v, "/proc/stat", show_stat, NULL, v, 0);
	if (!ret)
		ret = irqlab_vfs_add(v, "/proc/softirqs", show_softirqs, NULL, v, 0);
	if (!ret)
		ret = irqlab_vfs_add(v, "/proc/uptime", show_uptime, NULL, v, 0);
	return ret;
}
