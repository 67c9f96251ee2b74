// SPDX-License-Identifier: MIT
/*
 * sysfs: /sys/kernel/irq/N (the irq_attrs of kernel/irq/irqdesc.c) and
 * /sys/devices/system/cpu (drivers/base/cpu.c): the CPU masks and one cpuN
 * directory per present CPU.
 */
#include "vfs_internal.h"

enum irq_attr { ATTR_PER_CPU_COUNT, ATTR_CHIP_NAME, ATTR_HWIRQ, ATTR_TYPE, ATTR_WAKEUP,
		ATTR_NAME, ATTR_ACTIONS };

struct count_line {
	struct seq_file *p;
	const char *sep;
};

static void put_count(unsigned int cpu, unsigned int cnt, void *arg)
{
	struct count_line *l = arg;

	seq_printf(l->p, "%s%u", l->sep, cnt);
	l->sep = ",";
}

/* The attribute @which of @desc; desc->lock held. */
static void show_attr(struct irqlab_machine *m, struct irq_desc *desc,
		      enum irq_attr which, struct seq_file *p)
{
	const struct irq_chip *chip = desc->irq_data.chip;
	struct count_line line = { .p = p, .sep = "" };
	struct irqaction *a;

	switch (which) {
	case ATTR_PER_CPU_COUNT:
		/* Every possible CPU, comma separated. */
		vfs_desc_online_counts(desc, m->possible, put_count, &line);
		seq_putc(p, '\n');
		break;
	case ATTR_CHIP_NAME:
		if (chip && chip->name)
			seq_printf(p, "%s\n", chip->name);
		break;
	case ATTR_HWIRQ:
		if (desc->irq_data.domain)
			seq_printf(p, "%lu\n", desc->irq_data.hwirq);
		break;
	case ATTR_TYPE:
		seq_printf(p, "%s\n", irqd_is_level_type(&desc->irq_data) ? "level" : "edge");
		break;
	case ATTR_WAKEUP:
		seq_printf(p, "%s\n", irqd_is_wakeup_set(&desc->irq_data) ? "enabled" : "disabled");
		break;
	case ATTR_NAME:
		if (desc->name)
			seq_printf(p, "%s\n", desc->name);
		break;
	case ATTR_ACTIONS:
		for (a = desc->action; a && a != &chained_action; a = a->next) {
			seq_printf(p, "%s%s", line.sep, a->name);
			line.sep = ",";
		}
		if (*line.sep)
			seq_putc(p, '\n');
		break;
	}
}

static int show_irq_attr(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			 struct seq_file *p, void *ctx)
{
	struct irq_desc *desc;
	int ret = -ENOENT;

	irqlab_lock_acquire(&m->sparse_lock);
	desc = irqlab_desc_lookup(m, (unsigned int)args->num[0]);
	if (desc) {
		raw_spin_lock(&desc->lock);
		show_attr(m, desc, (enum irq_attr)(long)ctx, p);
		raw_spin_unlock(&desc->lock);
		ret = seq_status(p);
	}
	irqlab_lock_release(&m->sparse_lock);
	return ret;
}

/* ---- /sys/devices/system/cpu -------------------------------------------------- */

enum cpu_file { CPU_ONLINE, CPU_POSSIBLE, CPU_PRESENT, CPU_OFFLINE, CPU_ISOLATED,
		CPU_KERNEL_MAX };

static int show_cpu_mask(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			 struct seq_file *p, void *ctx)
{
	const struct cpumask *mask = NULL;
	cpumask_var_t tmp = NULL;

	switch ((enum cpu_file)(long)ctx) {
	case CPU_ONLINE:
		mask = m->online;
		break;
	case CPU_POSSIBLE:
		mask = m->possible;
		break;
	case CPU_PRESENT:
		mask = m->present;
		break;
	case CPU_OFFLINE:
		/* Possible but not online (print_cpus_offline()). */
		if (!alloc_cpumask_var(&tmp, GFP_KERNEL))
			return -ENOMEM;
		cpumask_andnot(tmp, m->possible, m->online);
		mask = tmp;
		break;
	case CPU_ISOLATED:
		/* isolcpus= is taken as "domain,managed_irq,LIST". */
		mask = m->isolated;
		break;
	case CPU_KERNEL_MAX:
		seq_printf(p, "%d\n", IRQLAB_MAX_CPUS - 1);
		return seq_status(p);
	}
	irqlab_seq_cpumask(p, mask, true);
	seq_putc(p, '\n');
	free_cpumask_var(tmp);
	return seq_status(p);
}

/* cpuN/online: the boot CPU cannot be unplugged, so cpu0 has none. */
static int show_cpu_online(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			   struct seq_file *p, void *ctx)
{
	unsigned int cpu = (unsigned int)args->num[0];

	if (!cpu)
		return -ENOENT;
	seq_printf(p, "%d\n", cpumask_test_cpu(cpu, m->online));
	return seq_status(p);
}

/**
 * irqlab_sysfs_init() - register /sys/kernel/irq and /sys/devices/system/cpu.
 * @v: the tree being built.
 *
 * Return: 0 or -ENOMEM.
 */
int irqlab_sysfs_init(struct irqlab_vfs *v)
{
	static const struct {
		const char *pattern;
		long which;
	} irq_files[] = {
		{ "/sys/kernel/irq/{irq}/per_cpu_count", ATTR_PER_CPU_COUNT },
		{ "/sys/kernel/irq/{irq}/chip_name", ATTR_CHIP_NAME },
		{ "/sys/kernel/irq/{irq}/hwirq", ATTR_HWIRQ },
		{ "/sys/kernel/irq/{irq}/type", ATTR_TYPE },
		{ "/sys/kernel/irq/{irq}/wakeup", ATTR_WAKEUP },
		{ "/sys/kernel/irq/{irq}/name", ATTR_NAME },
		{ "/sys/kernel/irq/{irq}/actions", ATTR_ACTIONS },
	}, cpu_files[] = {
		{ "/sys/devices/system/cpu/online", CPU_ONLINE },
		{ "/sys/devices/system/cpu/possible", CPU_POSSIBLE },
		{ "/sys/devices/system/cpu/present", CPU_PRESENT },
		{ "/sys/devices/system/cpu/offline", CPU_OFFLINE },
		{ "/sys/devices/system/cpu/isolated", CPU_ISOLATED },
		{ "/sys/devices/system/cpu/kernel_max", CPU_KERNEL_MAX },
	};
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(irq_files) && !ret; i++)
		ret = irqlab_vfs_add(v, irq_files[i].pattern, show_irq_attr, NULL,
				     (void *)irq_files[i].which, 0);
	for (i = 0; i < ARRAY_SIZE(cpu_files) && !ret; i++)
		ret = irqlab_vfs_add(v, cpu_files[i].pattern, show_cpu_mask, NULL,
				     (void *)cpu_files[i].which, 0);
	if (!ret)
		ret = irqlab_vfs_add(v, "/sys/devices/system/cpu/cpu{cpu}/", NULL, NULL, NULL, 0);
	if (!ret)
		ret = irqlab_vfs_add(v, "/sys/devices/system/cpu/cpu{cpu}/online",
				     show_cpu_online, NULL, NULL, VFS_PROBE);
	return ret;
}
