// SPDX-License-Identifier: MIT
/*
 * /proc/interrupts and /proc/irq (kernel/irq/proc.c analogue): the
 * interrupt table with its architecture rows, and the per-irq affinity,
 * node and spurious files with the kernel's write rules.
 */
#include <stdio.h>
#include <string.h>

#include "vfs_internal.h"

/* ---- what the tree remembers of each irq ------------------------------------ */

/**
 * vfs_irq_get() - what the tree remembers of an irq.
 * @v: the tree, its lock held.
 * @irq: the irq.
 * @desc: its current descriptor; an entry of an older one is reset.
 * @create: allocate a missing entry.
 *
 * Return: the entry, or NULL (none, or no memory).
 */
struct vfs_irq *vfs_irq_get(struct irqlab_vfs *v, unsigned int irq,
			    struct irq_desc *desc, bool create)
{
	struct vfs_irq *e = irqlab_radix_lookup(&v->irqs, irq);

	if (e && e->desc != desc) {
		/* The descriptor was freed and the number reused. */
		kfree(e->dev_name);
		memset(e, 0, sizeof(*e));
		e->desc = desc;
	}
	if (e || !create)
		return e;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return NULL;
	e->desc = desc;
	if (irqlab_radix_insert(&v->irqs, irq, e)) {
		kfree(e);
		return NULL;
	}
	return e;
}

/**
 * irqlab_proc_release() - free the per-irq entries and architecture rows.
 * @v: the tree being freed.
 */
void irqlab_proc_release(struct irqlab_vfs *v)
{
	unsigned long key = 0;
	struct vfs_irq *e;

	while ((e = irqlab_radix_next(&v->irqs, &key))) {
		irqlab_radix_delete(&v->irqs, key);
		kfree(e->dev_name);
		kfree(e);
	}
	irqlab_radix_destroy(&v->irqs);
	while (v->arch) {
		struct vfs_arch *a = v->arch;

		v->arch = a->next;
		kfree(a);
	}
}

/* An irq that __setup_irq() has seen gets its directory (not chained ones). */
static bool proc_requested(struct irq_desc *desc)
{
	return desc->action && desc->action != &chained_action &&
	       desc->irq_data.chip != &no_irq_chip;
}

/**
 * register_irq_proc() - create /proc/irq/N (called when an irq is requested).
 * @irq: the irq.
 * @desc: its descriptor.
 *
 * Irqs without a chip get no directory, as in the kernel.  The tree also
 * registers an irq itself when it sees it requested, so this hook only
 * matters for an irq requested and freed between two looks at the tree
 * (and does nothing before the tree's first use).
 *
 * Context: process context, no irq lock held.
 */
void register_irq_proc(unsigned int irq, struct irq_desc *desc)
{
	struct irqlab_vfs *v;
	struct vfs_irq *e;

	if (!desc || desc->irq_data.chip == &no_irq_chip)
		return;
	/* The request path must not build the tree (nor allocate for it). */
	v = __atomic_load_n(&desc->machine->vfs, __ATOMIC_ACQUIRE);
	if (!v)
		return;
	irqlab_lock_acquire(&v->lock);
	e = vfs_irq_get(v, irq, desc, true);
	if (e)
		e->proc = true;
	irqlab_lock_release(&v->lock);
}

/**
 * unregister_irq_proc() - remove /proc/irq/N (called when the descriptor
 * is freed).
 * @irq: the irq.
 * @desc: its descriptor.
 */
void unregister_irq_proc(unsigned int irq, struct irq_desc *desc)
{
	struct irqlab_vfs *v = desc ? desc->machine->vfs : NULL;
	struct vfs_irq *e;

	if (!v)
		return;
	irqlab_lock_acquire(&v->lock);
	e = vfs_irq_get(v, irq, desc, false);
	if (e) {
		e->proc = false;
		vfs_irq_put(v, irq);
	}
	irqlab_lock_release(&v->lock);
}

/* Drop the entry of @irq when nothing is left in it; v->lock held. */
/**
 * vfs_irq_put() - free the entry of an irq if it holds nothing.
 * @v: the tree, its lock held.
 * @irq: the irq.
 */
void vfs_irq_put(struct irqlab_vfs *v, unsigned int irq)
{
	struct vfs_irq *e = irqlab_radix_lookup(&v->irqs, irq);

	if (e && !e->proc && !e->dev_name) {
		irqlab_radix_delete(&v->irqs, irq);
		kfree(e);
	}
}

/* Does /proc/irq/@irq exist?  v->lock held. */
static bool procirq_valid(struct irqlab_machine *m, struct irqlab_vfs *v, unsigned long irq)
{
	struct irq_desc *desc;
	struct vfs_irq *e;
	bool ret = false;

	if (irq >= m->nr_irqs)
		return false;
	irqlab_lock_acquire(&m->sparse_lock);
	desc = irqlab_desc_lookup(m, (unsigned int)irq);
	if (desc) {
		raw_spin_lock(&desc->lock);
		e = vfs_irq_get(v, (unsigned int)irq, desc, false);
		if (e && e->proc) {
			ret = true;
		} else if (proc_requested(desc)) {
			/* Remember it: the directory outlives free_irq(). */
			e = vfs_irq_get(v, (unsigned int)irq, desc, true);
			if (e)
				e->proc = true;
			ret = true;
		}
		raw_spin_unlock(&desc->lock);
	}
	irqlab_lock_release(&m->sparse_lock);
	return ret;
}

static void each_procirq(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
			 irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	unsigned long key = 0, irq;
	char num[16];

	for (;;) {
		irqlab_lock_acquire(&m->sparse_lock);
		if (!irqlab_radix_next(&m->descs, &key)) {
			irqlab_lock_release(&m->sparse_lock);
			break;
		}
		irqlab_lock_release(&m->sparse_lock);
		irq = key++;
		if (procirq_valid(m, ctx, irq)) {
			snprintf(num, sizeof(num), "%lu", irq);
			emit(cookie, num);
		}
	}
}

static bool exists_procirq(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
			   const char *value, void *ctx)
{
	unsigned long irq;

	return irqlab_parse_uint(value, &irq) && procirq_valid(m, ctx, irq);
}

/* ---- counts ----------------------------------------------------------------------- */

/**
 * vfs_desc_online_counts() - walk the counts of an irq on a set of CPUs.
 * @desc: the descriptor, its lock held.
 * @online: the CPUs, visited in increasing order.
 * @fn: called with each CPU and its count.
 * @arg: passed to @fn.
 */
void vfs_desc_online_counts(struct irq_desc *desc, const struct cpumask *online,
			    void (*fn)(unsigned int cpu, unsigned int cnt, void *arg),
			    void *arg)
{
	const struct irqlab_kstat *k = &desc->kstat_irqs;
	bool dense = k->cnt && !k->cpu;
	unsigned int cpu, i = 0;

	for_each_cpu(cpu, online) {
		unsigned int cnt = 0;

		if (dense) {
			cnt = cpu < k->nr ? k->cnt[cpu] : 0;
		} else {
			/* Sparse pairs are sorted by CPU: walk them alongside. */
			while (i < k->nr && k->cpu[i] < cpu)
				i++;
			if (i < k->nr && k->cpu[i] == cpu)
				cnt = k->cnt[i];
		}
		fn(cpu, cnt, arg);
	}
}

/**
 * vfs_desc_count_sum() - the sum of an irq's per-CPU counts.
 * @desc: the descriptor, its lock held.
 *
 * Return: the sum.
 */
unsigned long long vfs_desc_count_sum(const struct irq_desc *desc)
{
	const struct irqlab_kstat *k = &desc->kstat_irqs;
	unsigned long long sum = 0;
	unsigned int i;

	for (i = 0; k->cnt && i < k->nr; i++)
		sum += k->cnt[i];
	return sum;
}

/* ---- nr_irqs ------------------------------------------------------------------------ */

static unsigned int platform_nr_irqs(const struct irqlab_machine *m)
{
	unsigned long long nr;

	switch (m->cfg.platform) {
	case IRQLAB_PLATFORM_X86:
	case IRQLAB_PLATFORM_HYPERV:
		/* arch_probe_nr_irqs(): gsi_top 24 + 16 legacy + 8/CPU + MSI. */
		nr = 24 + 16 + 8ULL * m->nr_cpus + 24 * 16;
		if (nr > 256ULL * m->nr_cpus)
			nr = 256ULL * m->nr_cpus; /* NR_VECTORS * nr_cpu_ids */
		return (unsigned int)nr;
	case IRQLAB_PLATFORM_GIC:
		return 64; /* arm64 NR_IRQS */
	default:
		return 16; /* NR_IRQS_LEGACY */
	}
}

/**
 * irqlab_proc_set_nr_irqs() - set the architecture's boot nr_irqs.
 * @m: machine.
 * @nr: the estimate, 0 for the platform default.
 */
void irqlab_proc_set_nr_irqs(struct irqlab_machine *m, unsigned int nr)
{
	struct irqlab_vfs *v = irqlab_vfs_get(m);

	if (!v)
		return;
	irqlab_lock_acquire(&v->lock);
	v->nr_irqs_hint = nr;
	irqlab_lock_release(&v->lock);
}

/**
 * irqlab_proc_nr_irqs() - the kernel's nr_irqs: the boot estimate, or the
 * highest allocated irq + 1 when allocations went beyond it.
 * @m: machine.
 *
 * Return: the value, at most the machine's irq number space.
 */
unsigned int irqlab_proc_nr_irqs(struct irqlab_machine *m)
{
	struct irqlab_vfs *v = irqlab_vfs_get(m);
	unsigned int nr = v && v->nr_irqs_hint ? v->nr_irqs_hint : platform_nr_irqs(m);
	unsigned long key = 0;

	irqlab_lock_acquire(&m->sparse_lock);
	while (irqlab_radix_next(&m->descs, &key)) {
		if (key + 1 > nr)
			nr = (unsigned int)key + 1;
		key++;
	}
	irqlab_lock_release(&m->sparse_lock);
	return nr < m->nr_irqs ? nr : m->nr_irqs;
}

/* ---- /proc/interrupts ------------------------------------------------------------------ */

struct row_ctx {
	struct seq_file *p;
	const char *fmt;
	unsigned long long sum;
};

static void put_count(unsigned int cpu, unsigned int cnt, void *arg)
{
	struct row_ctx *r = arg;

	seq_printf(r->p, r->fmt, cnt);
}

static void sum_count(unsigned int cpu, unsigned int cnt, void *arg)
{
	struct row_ctx *r = arg;

	r->sum += cnt;
}

/* Would the kernel print a row for @desc?  desc->lock held. */
static bool row_shown(struct irqlab_machine *m, struct irq_desc *desc, bool v613)
{
	struct row_ctx r = { 0 };
	bool idle = !desc->action || desc->action == &chained_action;

	if (irq_settings_is_hidden(desc))
		return false;
	if (v613)
		return !idle;
	/* Up to 6.12 an irq without action but with counts was listed. */
	if (!idle)
		return true;
	if (!irq_settings_is_per_cpu(desc) && !irq_settings_is_per_cpu_devid(desc))
		return desc->tot_count != 0;
	vfs_desc_online_counts(desc, m->online, sum_count, &r);
	return r.sum != 0;
}

/* One irq row (show_interrupts()); desc->lock held. */
static void show_irq_row(struct irqlab_machine *m, struct seq_file *p,
			 struct irq_desc *desc, int prec, unsigned int features)
{
	bool v613 = irqlab_kver_ge(m, KERNEL_VERSION(6, 13, 0));
	const struct irq_chip *chip = desc->irq_data.chip;
	const char *pad = v613 ? "" : " "; /* 6.13 moved one blank */
	struct row_ctx r = { .p = p, .fmt = v613 ? " %10u" : "%10u " };
	struct irqaction *action;

	if (!row_shown(m, desc, v613))
		return;
	seq_printf(p, v613 ? "%*u:" : "%*u: ", prec, irq_desc_get_irq(desc));
	vfs_desc_online_counts(desc, m->online, put_count, &r);
	if (v613)
		seq_putc(p, ' ');
	if (chip && chip->irq_print_chip)
		chip->irq_print_chip(&desc->irq_data, p);
	else
		seq_printf(p, "%s%8s", pad, !chip ? "None" : chip->name ? chip->name : "-");
	if (desc->irq_data.domain)
		seq_printf(p, " %*lu", prec, desc->irq_data.hwirq);
	else
		seq_printf(p, " %*s", prec, "");
	if (features & IRQLAB_VFS_SHOW_LEVEL)
		seq_printf(p, " %-8s", irqd_is_level_type(&desc->irq_data) ? "Level" : "Edge");
	if (desc->name)
		seq_printf(p, "-%-8s", desc->name);
	action = desc->action;
	if (action == &chained_action) {
		/* Up to 6.12 with counts: the kernel's nameless chained_action. */
		seq_puts(p, "  (null)");
	} else if (action) {
		seq_printf(p, "  %s", action->name);
		while ((action = action->next))
			seq_printf(p, ", %s", action->name);
	}
	seq_putc(p, '\n');
}

/* Run the architecture callbacks without the tree's lock held. */
/**
 * vfs_arch_snapshot() - copy the architecture registrations.
 * @v: the tree.
 * @out: a kcalloc()ed copy (kfree() it), NULL when there is none.
 *
 * The callbacks then run without the tree's lock.
 * Return: the number of registrations copied.
 */
unsigned int vfs_arch_snapshot(struct irqlab_vfs *v, struct vfs_arch **out)
{
	struct vfs_arch *a;
	unsigned int n = 0, i = 0;

	irqlab_lock_acquire(&v->lock);
	for (a = v->arch; a; a = a->next)
		n++;
	*out = n ? kcalloc(n, sizeof(**out), GFP_KERNEL) : NULL;
	for (a = v->arch; a && *out; a = a->next)
		(*out)[i++] = *a;
	irqlab_lock_release(&v->lock);
	return *out ? n : 0;
}

static int show_interrupts(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			   struct seq_file *p, void *ctx)
{
	struct irqlab_vfs *v = ctx;
	unsigned int nr = irqlab_proc_nr_irqs(m), features = irqlab_vfs_features(m);
	unsigned long long j;
	unsigned long key = 0;
	struct irq_desc *desc;
	struct vfs_arch *arch;
	unsigned int cpu, n, i;
	int prec;

	/* The width of the first column follows nr_irqs, as in the kernel. */
	for (prec = 3, j = 1000; prec < 10 && j <= nr; ++prec)
		j *= 10;
	seq_printf(p, "%*s", prec + 8, "");
	for_each_cpu(cpu, m->online)
		seq_printf(p, "CPU%-8u", cpu);
	seq_putc(p, '\n');

	irqlab_lock_acquire(&m->sparse_lock);
	while ((desc = irqlab_radix_next(&m->descs, &key))) {
		raw_spin_lock(&desc->lock);
		show_irq_row(m, p, desc, prec, features);
		raw_spin_unlock(&desc->lock);
		key++;
	}
	irqlab_lock_release(&m->sparse_lock);

	n = vfs_arch_snapshot(v, &arch);
	for (i = 0; i < n; i++)
		if (arch[i].ops->show)
			arch[i].ops->show(m, p, prec, arch[i].ctx);
	kfree(arch);
	return seq_status(p);
}

/**
 * irqlab_proc_register_arch() - add architecture rows to /proc/interrupts.
 * @m: machine.
 * @ops: callbacks.
 * @ctx: their context.
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int irqlab_proc_register_arch(struct irqlab_machine *m,
			      const struct irqlab_proc_arch_ops *ops, void *ctx)
{
	struct irqlab_vfs *v = m ? irqlab_vfs_get(m) : NULL;
	struct vfs_arch *a, **pp;

	if (!m || !ops)
		return -EINVAL;
	if (!v)
		return -ENOMEM;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->ops = ops;
	a->ctx = ctx;
	irqlab_lock_acquire(&v->lock);
	for (pp = &v->arch; *pp; pp = &(*pp)->next)
		;
	*pp = a;
	irqlab_lock_release(&v->lock);
	return 0;
}

/**
 * irqlab_proc_unregister_arch() - remove architecture rows.
 * @m: machine.
 * @ops: callbacks as registered.
 * @ctx: context as registered.
 *
 * Return: 0 or -ENOENT.
 */
int irqlab_proc_unregister_arch(struct irqlab_machine *m,
				const struct irqlab_proc_arch_ops *ops, void *ctx)
{
	struct irqlab_vfs *v = m ? m->vfs : NULL;
	struct vfs_arch *a, **pp;
	int ret = -ENOENT;

	if (!v)
		return -ENOENT;
	irqlab_lock_acquire(&v->lock);
	for (pp = &v->arch; (a = *pp); pp = &a->next) {
		if (a->ops == ops && a->ctx == ctx) {
			*pp = a->next;
			kfree(a);
			ret = 0;
			break;
		}
	}
	irqlab_lock_release(&v->lock);
	return ret;
}

/**
 * irqlab_proc_arch_row() - print a per-CPU architecture row.
 * @m: machine.
 * @p: output.
 * @prec: first column width.
 * @sym: the symbol.
 * @count: per-CPU count.
 * @arg: passed to @count.
 * @text: the description.
 */
void irqlab_proc_arch_row(struct irqlab_machine *m, struct seq_file *p, int prec,
			  const char *sym, unsigned int (*count)(unsigned int cpu, void *arg),
			  void *arg, const char *text)
{
	unsigned int cpu;

	/* Identical bytes before and after 6.13: "%*s: "+"%10u "+"  text". */
	seq_printf(p, "%*s:", prec, sym);
	for_each_cpu(cpu, m->online)
		seq_printf(p, " %10u", count(cpu, arg));
	seq_printf(p, "   %s\n", text);
}

/**
 * irqlab_proc_arch_total() - print a one-count architecture row.
 * @p: output.
 * @prec: first column width.
 * @sym: the symbol.
 * @count: the count.
 */
void irqlab_proc_arch_total(struct seq_file *p, int prec, const char *sym,
			    unsigned int count)
{
	seq_printf(p, "%*s: %10u\n", prec, sym, count);
}

/* ---- /proc/irq/N ------------------------------------------------------------------------- */

enum aff_file { AFF_HEX, AFF_LIST, EFF_HEX, EFF_LIST, AFF_HINT };

static int show_affinity(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			 struct seq_file *p, void *ctx)
{
	enum aff_file which = (enum aff_file)(long)ctx;
	struct irq_desc *desc;
	cpumask_var_t hint = NULL;
	int ret = -ENOENT;

	if (which == AFF_HINT && !zalloc_cpumask_var(&hint, GFP_KERNEL))
		return -ENOMEM;
	irqlab_lock_acquire(&m->sparse_lock);
	desc = irqlab_desc_lookup(m, (unsigned int)args->num[0]);
	if (desc) {
		const struct cpumask *mask = desc->irq_common_data.affinity;

		raw_spin_lock(&desc->lock);
		if (which == EFF_HEX || which == EFF_LIST)
			mask = desc->irq_common_data.effective_affinity;
		else if ((irqlab_vfs_features(m) & IRQLAB_VFS_PENDING_IRQ) &&
			 irqd_is_setaffinity_pending(&desc->irq_data))
			mask = desc->pending_mask; /* the move not done yet */
		if (which == AFF_HINT) {
			/* No hint prints zeros. */
			if (desc->affinity_hint)
				cpumask_copy(hint, desc->affinity_hint);
			mask = hint;
		}
		irqlab_seq_cpumask(p, mask, which == AFF_LIST || which == EFF_LIST);
		seq_putc(p, '\n');
		raw_spin_unlock(&desc->lock);
		ret = seq_status(p);
	}
	irqlab_lock_release(&m->sparse_lock);
	free_cpumask_var(hint);
	return ret;
}

static int show_node(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		     struct seq_file *p, void *ctx)
{
	struct irq_desc *desc;
	int ret = -ENOENT;

	irqlab_lock_acquire(&m->sparse_lock);
	desc = irqlab_desc_lookup(m, (unsigned int)args->num[0]);
	if (desc) {
		seq_printf(p, "%d\n", desc->irq_common_data.node);
		ret = 0;
	}
	irqlab_lock_release(&m->sparse_lock);
	return ret;
}

static int show_spurious(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			 struct seq_file *p, void *ctx)
{
	struct irq_desc *desc;
	int ret = -ENOENT;

	irqlab_lock_acquire(&m->sparse_lock);
	desc = irqlab_desc_lookup(m, (unsigned int)args->num[0]);
	if (desc) {
		raw_spin_lock(&desc->lock);
		/* jiffies_to_msecs(): HZ is 250, 4 ms a jiffy. */
		seq_printf(p, "count %u\nunhandled %u\nlast_unhandled %llu ms\n",
			   desc->irq_count, desc->irqs_unhandled,
			   (unsigned long long)desc->last_unhandled * (1000 / IRQLAB_HZ));
		raw_spin_unlock(&desc->lock);
		ret = 0;
	}
	irqlab_lock_release(&m->sparse_lock);
	return ret;
}

/* write_irq_affinity(): parse, refuse what user space may not do, apply. */
static int store_affinity(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			  const char *buf, void *ctx)
{
	unsigned int irq = (unsigned int)args->num[0];
	cpumask_var_t mask;
	int ret;

	/* Managed irqs: EIO until 6.11, EPERM since 6.12 (eb29369fa543). */
	if (!irq_can_set_affinity_usr(irq))
		return irqlab_kver_ge(m, KERNEL_VERSION(6, 12, 0)) ? -EPERM : -EIO;
	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	ret = (enum aff_file)(long)ctx == AFF_LIST ? cpulist_parse(buf, mask)
						    : cpumask_parse(buf, mask);
	if (ret)
		goto out;
	/* Not a single online CPU: only an architecture could pick one. */
	if (!cpumask_intersects(mask, m->online))
		ret = -EINVAL;
	else
		ret = irq_set_affinity(irq, mask);
out:
	free_cpumask_var(mask);
	return ret;
}

static int show_default_affinity(struct irqlab_machine *m,
				 const struct irqlab_vfs_args *args, struct seq_file *p,
				 void *ctx)
{
	irqlab_seq_cpumask(p, m->default_affinity, false);
	seq_putc(p, '\n');
	return seq_status(p);
}

static int store_default_affinity(struct irqlab_machine *m,
				  const struct irqlab_vfs_args *args, const char *buf,
				  void *ctx)
{
	cpumask_var_t mask;
	int ret;

	if (!zalloc_cpumask_var(&mask, GFP_KERNEL))
		return -ENOMEM;
	ret = cpumask_parse(buf, mask);
	if (!ret && !cpumask_intersects(mask, m->online))
		ret = -EINVAL;
	if (!ret)
		cpumask_copy(m->default_affinity, mask);
	free_cpumask_var(mask);
	return ret;
}

/**
 * irqlab_proc_init() - register /proc/interrupts and /proc/irq.
 * @v: the tree being built.
 *
 * Return: 0 or -ENOMEM.
 */
int irqlab_proc_init(struct irqlab_vfs *v)
{
	static const struct {
		const char *pattern;
		irqlab_vfs_show_t show;
		irqlab_vfs_store_t store;
		long which;
	} files[] = {
		{ "/proc/irq/{procirq}/smp_affinity", show_affinity, store_affinity, AFF_HEX },
		{ "/proc/irq/{procirq}/smp_affinity_list", show_affinity, store_affinity, AFF_LIST },
		{ "/proc/irq/{procirq}/effective_affinity", show_affinity, NULL, EFF_HEX },
		{ "/proc/irq/{procirq}/effective_affinity_list", show_affinity, NULL, EFF_LIST },
		{ "/proc/irq/{procirq}/affinity_hint", show_affinity, NULL, AFF_HINT },
		{ "/proc/irq/{procirq}/node", show_node, NULL, 0 },
		{ "/proc/irq/{procirq}/spurious", show_spurious, NULL, 0 },
		{ "/proc/irq/default_smp_affinity", show_default_affinity,
		  store_default_affinity, 0 },
	};
	unsigned int i;
	int ret;

	ret = irqlab_vfs_add_kind(v, "procirq", each_procirq, exists_procirq, v);
	if (!ret)
		ret = irqlab_vfs_add(v, "/proc/interrupts", show_interrupts, NULL, v, 0);
	if (!ret)
		ret = irqlab_vfs_add(v, "/proc/irq/{procirq}/{action}/", NULL, NULL, NULL, 0);
	for (i = 0; i < ARRAY_SIZE(files) && !ret; i++)
		ret = irqlab_vfs_add(v, files[i].pattern, files[i].show, files[i].store,
				     (void *)files[i].which, 0);
	return ret;
}
