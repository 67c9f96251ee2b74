// SPDX-License-Identifier: MIT
/*
 * procfs and sysfs files of the virtual tree, byte for byte: /proc/interrupts
 * (both column layouts, the skip rules, prec, architecture rows, offline
 * CPUs), /proc/irq/N and its write rules (kernel formats, no online CPU,
 * managed irqs by kernel version), /proc/irq/default_smp_affinity,
 * /sys/kernel/irq/N and /sys/devices/system/cpu, on 4, 8 and 130 CPUs.
 */
#include <stdio.h>
#include <string.h>

#include "internals.h"
#include "irqlab/vfs.h"
#include "recchip.h"

/* ---- helpers --------------------------------------------------------------- */

#define ck_read_err(path, err)                                                 \
	do {                                                                   \
		struct seq_file s_;                                            \
		seq_init(&s_);                                                 \
		ck_assert_int_eq(irqlab_vfs_read(tm, (path), &s_), (err));     \
		ck_assert_uint_eq(s_.count, 0);                                \
		seq_release_buf(&s_);                                          \
	} while (0)

static char path[256];

static const char *irq_path(const char *fmt, unsigned int irq)
{
	snprintf(path, sizeof(path), fmt, irq);
	return path;
}

static struct rec_action act[4];

/* A requested edge irq on rec_chip at @irq. */
static void edge_irq(unsigned int irq, const char *name, struct rec_action *a)
{
	ck_assert_int_eq(irq_alloc_desc_at(irq, 0), (int)irq);
	irq_set_chip_and_handler_name(irq, &rec_chip, handle_edge_irq, "edge");
	ck_assert_int_eq(request_irq(irq, rec_handler, 0, name, a), 0);
}

static void fire(unsigned int irq, unsigned int cpu, unsigned int n)
{
	while (n--)
		ck_assert_int_eq(irqlab_handle_irq_on(tm, cpu, irq), 0);
}

/* Count @n interrupts of @irq on @cpu without running the flow. */
static void bump(unsigned int irq, unsigned int cpu, unsigned int n)
{
	irqlab_set_this_cpu(cpu);
	while (n--)
		kstat_incr_irqs_this_cpu(irq_to_desc(irq));
	irqlab_set_this_cpu(0);
}

static void release(unsigned int irq, struct rec_action *a)
{
	free_irq(irq, a);
	irq_free_desc(irq);
}

static void make_machine(unsigned int cpus, unsigned int kver)
{
	struct irqlab_machine_config cfg = { .nr_cpus = cpus, .kernel_version = kver };

	tm_create(&cfg);
	rec_reset();
}

static void setup(void)
{
	unsigned int i;

	rec_setup();
	for (i = 0; i < ARRAY_SIZE(act); i++)
		rec_action_init(&act[i], IRQ_HANDLED);
}

/* ---- /proc/interrupts -------------------------------------------------------- */

START_TEST(test_interrupts_empty_header)
{
	/* No irq: the header of online CPUs only; nr_irqs 16 gives prec 3. */
	ck_file("/proc/interrupts",
		"           CPU0       CPU1       CPU2       CPU3       \n");
	ck_assert_uint_eq(irqlab_proc_nr_irqs(tm), 16);
}
END_TEST

/* irq 5 with counts, a shared fasteoi irq 7, both without a domain. */
static void two_irqs(void)
{
	edge_irq(5, "eth0", &act[0]);
	fire(5, 1, 3);
	bump(5, 3, 12345);
	ck_assert_int_eq(irq_alloc_desc_at(7, 0), 7);
	irq_set_chip_and_handler_name(7, &rec_chip, handle_fasteoi_irq, "fasteoi");
	ck_assert_int_eq(request_irq(7, rec_handler, IRQF_SHARED, "a", &act[1]), 0);
	ck_assert_int_eq(request_irq(7, rec_handler, IRQF_SHARED, "b", &act[2]), 0);
}

static void two_irqs_free(void)
{
	free_irq(7, &act[1]);
	free_irq(7, &act[2]);
	irq_free_desc(7);
	release(5, &act[0]);
}

START_TEST(test_interrupts_rows_616)
{
	two_irqs();
	/* 6.13+: " %10u" per CPU, one blank, then "%8s" for the chip. */
	ck_file("/proc/interrupts",
		"           CPU0       CPU1       CPU2       CPU3       \n"
		"  5:" "          0" "          3" "          0" "      12345"
		" " "     rec" "    " "-edge    " "  eth0\n"
		"  7:" "          0" "          0" "          0" "          0"
		" " "     rec" "    " "-fasteoi " "  a, b\n");
	two_irqs_free();
}
END_TEST

START_TEST(test_interrupts_rows_612)
{
	tm_destroy();
	make_machine(4, KERNEL_VERSION(6, 12, 0));
	two_irqs();
	/* Up to 6.12: "%*d: ", "%10u " per CPU, then " %8s". */
	ck_file("/proc/interrupts",
		"           CPU0       CPU1       CPU2       CPU3       \n"
		"  5: " "         0 " "         3 " "         0 " "     12345 "
		"      rec" "    " "-edge    " "  eth0\n"
		"  7: " "         0 " "         0 " "         0 " "         0 "
		"      rec" "    " "-fasteoi " "  a, b\n");
	two_irqs_free();
}
END_TEST

/* irq 9: counted then freed; 10: hidden; 11: chained with a count. */
static void skip_rule_irqs(void)
{
	edge_irq(9, "gone", &act[0]);
	fire(9, 0, 2);
	free_irq(9, &act[0]);
	edge_irq(10, "hidden", &act[1]);
	fire(10, 0, 1);
	irq_set_status_flags(10, IRQ_HIDDEN);
	ck_assert_int_eq(irq_alloc_desc_at(11, 0), 11);
	irq_set_chip(11, &rec_chip);
	__irq_set_handler(11, handle_simple_irq, 1, "chained");
	irqlab_set_this_cpu(2);
	kstat_incr_irqs_this_cpu(irq_to_desc(11));
	irqlab_set_this_cpu(0);
	/* 12 and 14: per-CPU irqs without action, counted on CPU 3 or not. */
	ck_assert_int_eq(irq_alloc_desc_at(12, 0), 12);
	irq_set_chip_and_handler_name(12, &rec_chip, handle_percpu_irq, "percpu");
	irq_set_status_flags(12, IRQ_PER_CPU);
	bump(12, 3, 4);
	ck_assert_int_eq(irq_alloc_desc_at(14, 0), 14);
	irq_set_chip_and_handler_name(14, &rec_chip, handle_percpu_irq, "percpu");
	irq_set_status_flags(14, IRQ_PER_CPU);
}

static void skip_rule_free(void)
{
	irq_free_desc(9);
	irq_clear_status_flags(10, IRQ_HIDDEN);
	release(10, &act[1]);
	__irq_set_handler(11, handle_bad_irq, 0, NULL);
	irq_free_desc(11);
	irq_clear_status_flags(12, IRQ_PER_CPU);
	irq_clear_status_flags(14, IRQ_PER_CPU);
	irq_free_desc(12);
	irq_free_desc(14);
}

START_TEST(test_interrupts_skip_612)
{
	tm_destroy();
	make_machine(4, KERNEL_VERSION(6, 12, 0));
	skip_rule_irqs();
	/* Without an action (or chained) an irq is listed while it has counts. */
	ck_file("/proc/interrupts",
		"           CPU0       CPU1       CPU2       CPU3       \n"
		"  9: " "         2 " "         0 " "         0 " "         0 "
		"      rec" "    " "-edge    " "\n"
		" 11: " "         0 " "         0 " "         1 " "         0 "
		"      rec" "    " "-chained " "  (null)\n"
		" 12: " "         0 " "         0 " "         0 " "         4 "
		"      rec" "    " "-percpu  " "\n");
	skip_rule_free();
}
END_TEST

START_TEST(test_interrupts_skip_616)
{
	skip_rule_irqs();
	/* 6.13+ lists only irqs with a (non-chained) action. */
	ck_file("/proc/interrupts",
		"           CPU0       CPU1       CPU2       CPU3       \n");
	skip_rule_free();
}
END_TEST

/* A legacy domain: map() installs rec_chip with the edge handler. */
static int dom_map(struct irq_domain *d, unsigned int virq, irq_hw_number_t hw)
{
	irq_set_chip_and_handler_name(virq, &rec_chip, handle_edge_irq, "edge");
	return 0;
}

static const struct irq_domain_ops dom_ops = { .map = dom_map };

START_TEST(test_interrupts_domain_level_print_chip)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("LEG");
	struct irq_domain *d = irq_domain_create_linear(fw, 64, &dom_ops, NULL);
	unsigned int virq;

	ck_assert_ptr_nonnull(d);
	virq = irq_create_mapping(d, 17);
	ck_assert_uint_ne(virq, 0);
	ck_assert_int_eq(request_irq(virq, rec_handler, 0, "dev", &act[0]), 0);
	snprintf(path, sizeof(path),
		 "           CPU0       CPU1       CPU2       CPU3       \n"
		 "%3u:          0          0          0          0      rec  17-edge      dev\n",
		 virq);
	ck_file("/proc/interrupts", path);

	/* GENERIC_IRQ_SHOW_LEVEL adds " %-8s" Level/Edge before the name. */
	irqlab_vfs_set_features(tm, IRQLAB_VFS_SHOW_LEVEL);
	ck_assert_uint_eq(irqlab_vfs_features(tm), IRQLAB_VFS_SHOW_LEVEL);
	snprintf(path, sizeof(path),
		 "           CPU0       CPU1       CPU2       CPU3       \n"
		 "%3u:          0          0          0          0      rec  17 Edge    -edge      dev\n",
		 virq);
	ck_file("/proc/interrupts", path);
	irqd_set(irq_get_irq_data(virq), IRQD_LEVEL);
	snprintf(path, sizeof(path),
		 "           CPU0       CPU1       CPU2       CPU3       \n"
		 "%3u:          0          0          0          0      rec  17 Level   -edge      dev\n",
		 virq);
	ck_file("/proc/interrupts", path);
	irqd_clear(irq_get_irq_data(virq), IRQD_LEVEL);
	irqlab_vfs_set_features(tm, IRQLAB_VFS_PENDING_IRQ);

	free_irq(virq, &act[0]);
	irq_dispose_mapping(virq);
	irq_domain_remove(d);
	irq_domain_free_fwnode(fw);
}
END_TEST

/* irq_print_chip replaces the chip column; NULL names print "-". */
static void print_it(struct irq_data *d, struct seq_file *p)
{
	seq_printf(p, "PRINTED-%lu", d->hwirq);
}

START_TEST(test_interrupts_print_chip_and_unnamed)
{
	static struct irq_chip printer, anon;

	rec_chip_init(&printer, "ignored", 0, 0);
	printer.irq_print_chip = print_it;
	rec_chip_init(&anon, NULL, 0, 0);
	ck_assert_int_eq(irq_alloc_desc_at(3, 0), 3);
	irq_set_chip_and_handler(3, &printer, handle_simple_irq);
	ck_assert_int_eq(request_irq(3, rec_handler, 0, "p", &act[0]), 0);
	ck_assert_int_eq(irq_alloc_desc_at(4, 0), 4);
	irq_set_chip_and_handler(4, &anon, handle_simple_irq);
	ck_assert_int_eq(request_irq(4, rec_handler, 0, "q", &act[1]), 0);
	ck_file("/proc/interrupts",
		"           CPU0       CPU1       CPU2       CPU3       \n"
		"  3:          0          0          0          0 PRINTED-0      p\n"
		"  4:          0          0          0          0        -      q\n");
	release(3, &act[0]);
	release(4, &act[1]);
}
END_TEST

START_TEST(test_interrupts_offline_cpu)
{
	edge_irq(6, "nic", &act[0]);
	fire(6, 3, 4);
	fire(6, 2, 1);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	/* Header and counts of online CPUs only. */
	ck_file("/proc/interrupts",
		"           CPU0       CPU1       CPU2       \n"
		"  6:          0          0          1      rec    -edge      nic\n");
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, true), 0);
	release(6, &act[0]);
}
END_TEST

START_TEST(test_interrupts_prec)
{
	/* nr_irqs follows the highest irq: 1000 makes the first column 4 wide. */
	edge_irq(1000, "far", &act[0]);
	ck_assert_uint_eq(irqlab_proc_nr_irqs(tm), 1001);
	ck_file("/proc/interrupts",
		"            CPU0       CPU1       CPU2       CPU3       \n"
		"1000:          0          0          0          0      rec     -edge      far\n");
	/* A boot estimate of the architecture (x86 computes one) widens it. */
	irqlab_proc_set_nr_irqs(tm, 100000);
	ck_assert_uint_eq(irqlab_proc_nr_irqs(tm), 100000);
	ck_file("/proc/interrupts",
		"              CPU0       CPU1       CPU2       CPU3       \n"
		"  1000:          0          0          0          0      rec       -edge      far\n");
	irqlab_proc_set_nr_irqs(tm, 0);
	release(1000, &act[0]);
	ck_assert_uint_eq(irqlab_proc_nr_irqs(tm), 16);
}
END_TEST

START_TEST(test_nr_irqs_platform)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 2, .platform = IRQLAB_PLATFORM_X86 };
	struct irqlab_machine *x86;

	/* arch_probe_nr_irqs(): 24 + 16 + 8 * 2 + 24 * 16 = 440. */
	ck_assert_int_eq(irqlab_machine_create(&cfg, &x86), 0);
	ck_assert_uint_eq(irqlab_proc_nr_irqs(x86), 440);
	irqlab_machine_destroy(x86);
	/* One CPU: capped at NR_VECTORS * nr_cpu_ids. */
	cfg.nr_cpus = 1;
	ck_assert_int_eq(irqlab_machine_create(&cfg, &x86), 0);
	ck_assert_uint_eq(irqlab_proc_nr_irqs(x86), 256);
	irqlab_machine_destroy(x86);
	irqlab_machine_set_current(tm);
	/* Never beyond the machine's number space. */
	tm_destroy();
	cfg = (struct irqlab_machine_config){ .nr_irqs = 16, .platform = IRQLAB_PLATFORM_NONE };
	tm_create(&cfg);
	irqlab_proc_set_nr_irqs(tm, 5000);
	ck_assert_uint_eq(irqlab_proc_nr_irqs(tm), 16);
}
END_TEST

/* Fake architecture rows: NMI counts 10 * cpu, ERR 7. */
static unsigned int nmi_count(unsigned int cpu, void *arg)
{
	return cpu * *(unsigned int *)arg;
}

static void fake_show(struct irqlab_machine *m, struct seq_file *p, int prec, void *ctx)
{
	irqlab_proc_arch_row(m, p, prec, "NMI", nmi_count, ctx, "Non-maskable interrupts");
	irqlab_proc_arch_total(p, prec, "ERR", 7);
}

static unsigned long long fake_stat_cpu(struct irqlab_machine *m, unsigned int cpu, void *ctx)
{
	return cpu * *(unsigned int *)ctx;
}

static unsigned long long fake_stat(struct irqlab_machine *m, void *ctx)
{
	return 7;
}

static const struct irqlab_proc_arch_ops fake_arch = {
	.show = fake_show,
	.stat_cpu = fake_stat_cpu,
	.stat = fake_stat,
};

START_TEST(test_arch_rows)
{
	static unsigned int ten = 10;

	edge_irq(2, "x", &act[0]);
	fire(2, 0, 1);
	ck_assert_int_eq(irqlab_proc_register_arch(tm, &fake_arch, &ten), 0);
	ck_file("/proc/interrupts",
		"           CPU0       CPU1       CPU2       CPU3       \n"
		"  2:          1          0          0          0      rec    -edge      x\n"
		"NMI:          0         10         20         30   Non-maskable interrupts\n"
		"ERR:          7\n");
	/* /proc/stat "intr": the irqs' counts plus arch_irq_stat_cpu/arch_irq_stat. */
	{
		struct seq_file s;

		seq_init(&s);
		ck_assert_int_eq(irqlab_vfs_read(tm, "/proc/stat", &s), 0);
		ck_assert_ptr_nonnull(strstr(seq_text(&s), "\nintr 68 0 0 1 0"));
		seq_release_buf(&s);
	}
	ck_assert_int_eq(irqlab_proc_unregister_arch(tm, &fake_arch, &ten), 0);
	ck_assert_int_eq(irqlab_proc_unregister_arch(tm, &fake_arch, &ten), -ENOENT);
	ck_assert_int_eq(irqlab_proc_register_arch(tm, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_proc_register_arch(NULL, &fake_arch, NULL), -EINVAL);
	ck_file("/proc/interrupts",
		"           CPU0       CPU1       CPU2       CPU3       \n"
		"  2:          1          0          0          0      rec    -edge      x\n");
	release(2, &act[0]);
}
END_TEST

/* ---- /proc/irq/N ---------------------------------------------------------------- */

START_TEST(test_proc_irq_files)
{
	struct irq_desc *desc;
	cpumask_var_t hint;

	edge_irq(8, "eth1", &act[0]);
	ck_list("/proc/irq/8",
		"affinity_hint\neffective_affinity\neffective_affinity_list\neth1/\n"
		"node\nsmp_affinity\nsmp_affinity_list\nspurious\n");
	ck_file("/proc/irq/8/smp_affinity", "f\n");
	ck_file("/proc/irq/8/smp_affinity_list", "0-3\n");
	ck_file("/proc/irq/8/affinity_hint", "0\n");
	ck_file("/proc/irq/8/node", "0\n");
	ck_file("/proc/irq/8/spurious", "count 0\nunhandled 0\nlast_unhandled 0 ms\n");

	/* A write goes through irq_set_affinity(): rec_chip targets the mask. */
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/smp_affinity", "a\n"), 0);
	ck_file("/proc/irq/8/smp_affinity", "a\n");
	ck_file("/proc/irq/8/smp_affinity_list", "1,3\n");
	ck_file("/proc/irq/8/effective_affinity", "a\n");
	ck_file("/proc/irq/8/effective_affinity_list", "1,3\n");
	ck_assert_str_eq(rec_out.affinity, "1,3");
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/smp_affinity_list", "0-2"), 0);
	ck_file("/proc/irq/8/smp_affinity", "7\n");

	ck_assert(zalloc_cpumask_var(&hint, GFP_KERNEL));
	cpumask_set_cpu(0, hint);
	cpumask_set_cpu(2, hint);
	ck_assert_int_eq(irq_update_affinity_hint(8, hint), 0);
	ck_file("/proc/irq/8/affinity_hint", "5\n");
	ck_assert_int_eq(irq_update_affinity_hint(8, NULL), 0);
	free_cpumask_var(hint);

	desc = irq_to_desc(8);
	desc->irq_count = 12;
	desc->irqs_unhandled = 3;
	desc->last_unhandled = 250; /* jiffies: HZ is 250 */
	ck_file("/proc/irq/8/spurious", "count 12\nunhandled 3\nlast_unhandled 1000 ms\n");
	desc->irq_count = desc->irqs_unhandled = 0;
	desc->last_unhandled = 0;
	release(8, &act[0]);
}
END_TEST

START_TEST(test_proc_irq_node_none)
{
	ck_assert_int_eq(irq_alloc_desc_at(12, NUMA_NO_NODE), 12);
	irq_set_chip_and_handler_name(12, &rec_chip, handle_edge_irq, "edge");
	ck_assert_int_eq(request_irq(12, rec_handler, 0, "n", &act[0]), 0);
	ck_file("/proc/irq/12/node", "-1\n");
	release(12, &act[0]);
}
END_TEST

START_TEST(test_proc_irq_pending_mask)
{
	struct irq_desc *desc;

	edge_irq(8, "mv", &act[0]);
	desc = irq_to_desc(8);
	/* A move not applied yet: smp_affinity shows where it is going. */
	cpumask_copy(desc->pending_mask, cpumask_of(1));
	irqd_set_move_pending(&desc->irq_data);
	ck_file("/proc/irq/8/smp_affinity", "2\n");
	ck_file("/proc/irq/8/smp_affinity_list", "1\n");
	/* Without GENERIC_PENDING_IRQ (arm64) the requested mask is shown. */
	irqlab_vfs_set_features(tm, 0);
	ck_file("/proc/irq/8/smp_affinity", "f\n");
	irqlab_vfs_set_features(tm, IRQLAB_VFS_PENDING_IRQ);
	irqd_clr_move_pending(&desc->irq_data);
	cpumask_clear(desc->pending_mask);
	ck_file("/proc/irq/8/smp_affinity", "f\n");
	release(8, &act[0]);
}
END_TEST

START_TEST(test_proc_irq_write_errors)
{
	struct irq_desc *desc;

	edge_irq(8, "w", &act[0]);
	desc = irq_to_desc(8);
	rec_clear();
	/* Bad syntax, CPUs beyond the mask: the kernel's parser errors. */
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/smp_affinity", "xyz"), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/smp_affinity", ""), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/smp_affinity", "10"), -EOVERFLOW);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/smp_affinity_list", "0-"), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/smp_affinity_list", "7"), -ERANGE);
	/* An empty mask or offline CPUs only: "at least one online CPU". */
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/smp_affinity", "0"), -EINVAL);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/smp_affinity", "8"), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/smp_affinity_list", "3"), -EINVAL);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, true), 0);
	/* Nothing changed, no chip call. */
	ck_assert_str_eq(rec_log_str(), "");
	ck_file("/proc/irq/8/smp_affinity", "f\n");
	ck_assert_uint_eq(cpumask_weight(desc->irq_common_data.affinity), 4);
	/* Read-only procfs files: -EIO, as pde_write() without proc_write. */
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/effective_affinity", "1"), -EIO);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8/node", "1"), -EIO);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/interrupts", "1"), -EIO);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/8", "1"), -EISDIR);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/99/smp_affinity", "1"), -ENOENT);
	release(8, &act[0]);
}
END_TEST

/* A managed irq at 13 with affinity {2}. */
static void managed_irq(void)
{
	struct irq_affinity_desc aff = { .is_managed = 1 };

	ck_assert(zalloc_cpumask_var(&aff.mask, GFP_KERNEL));
	cpumask_set_cpu(2, aff.mask);
	ck_assert_int_eq(__irq_alloc_descs(13, 13, 1, 0, &aff), 13);
	free_cpumask_var(aff.mask);
	irq_set_chip_and_handler_name(13, &rec_chip, handle_edge_irq, "edge");
	ck_assert_int_eq(request_irq(13, rec_handler, 0, "nvme0q1", &act[0]), 0);
}

START_TEST(test_proc_irq_managed_eperm)
{
	managed_irq();
	rec_clear();
	ck_file("/proc/irq/13/smp_affinity_list", "2\n");
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/13/smp_affinity", "1"), -EPERM);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/13/smp_affinity_list", "0"), -EPERM);
	ck_file("/proc/irq/13/smp_affinity_list", "2\n");
	ck_assert_str_eq(rec_log_str(), "");
	release(13, &act[0]);
}
END_TEST

START_TEST(test_proc_irq_managed_by_version)
{
	/* eb29369fa543 (6.12) turned EIO into EPERM. */
	tm_destroy();
	make_machine(4, KERNEL_VERSION(6, 11, 0));
	managed_irq();
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/13/smp_affinity", "1"), -EIO);
	release(13, &act[0]);
	tm_destroy();
	make_machine(4, KERNEL_VERSION(6, 12, 0));
	managed_irq();
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/13/smp_affinity", "1"), -EPERM);
	release(13, &act[0]);
}
END_TEST

START_TEST(test_proc_irq_no_setter)
{
	static struct irq_chip fixed;

	/* A chip without irq_set_affinity cannot be moved from user space. */
	rec_chip_init(&fixed, "fixed", 0, 0);
	ck_assert_int_eq(irq_alloc_desc_at(14, 0), 14);
	irq_set_chip_and_handler(14, &fixed, handle_edge_irq);
	ck_assert_int_eq(request_irq(14, rec_handler, 0, "f", &act[0]), 0);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/14/smp_affinity", "1"), -EPERM);
	release(14, &act[0]);
}
END_TEST

START_TEST(test_proc_irq_8_and_130_cpus)
{
	tm_destroy();
	make_machine(8, 0);
	edge_irq(20, "e", &act[0]);
	ck_file("/proc/irq/20/smp_affinity", "ff\n");
	ck_file("/proc/irq/20/smp_affinity_list", "0-7\n");
	ck_file("/proc/irq/default_smp_affinity", "ff\n");
	release(20, &act[0]);
	tm_destroy();

	/* %*pb groups 32 bits with commas; the leading group has ceil(2/4) digit. */
	make_machine(130, 0);
	edge_irq(20, "e", &act[0]);
	ck_file("/proc/irq/20/smp_affinity", "3,ffffffff,ffffffff,ffffffff,ffffffff\n");
	ck_file("/proc/irq/20/smp_affinity_list", "0-129\n");
	ck_file("/proc/irq/20/affinity_hint", "0,00000000,00000000,00000000,00000000\n");
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/20/smp_affinity",
					  "1,00000000,00000000,00000000,00000001\n"), 0);
	ck_file("/proc/irq/20/smp_affinity_list", "0,128\n");
	ck_file("/proc/irq/20/smp_affinity", "1,00000000,00000000,00000000,00000001\n");
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/20/smp_affinity_list", "64-66"), 0);
	ck_file("/proc/irq/20/smp_affinity", "0,00000000,00000007,00000000,00000000\n");
	release(20, &act[0]);
}
END_TEST

START_TEST(test_default_smp_affinity)
{
	ck_file("/proc/irq/default_smp_affinity", "f\n");
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/default_smp_affinity", "3\n"), 0);
	ck_file("/proc/irq/default_smp_affinity", "3\n");
	ck_assert_uint_eq(cpumask_weight(irq_default_affinity), 2);
	/* New irqs start from it. */
	edge_irq(8, "d", &act[0]);
	ck_file("/proc/irq/8/smp_affinity", "3\n");
	release(8, &act[0]);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/default_smp_affinity", "0"), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/default_smp_affinity", "q"), -EINVAL);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/irq/default_smp_affinity", "8"), -EINVAL);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, true), 0);
	ck_file("/proc/irq/default_smp_affinity", "3\n");
}
END_TEST

START_TEST(test_proc_irq_directories)
{
	/* An irq gets /proc/irq/N when requested, and keeps it after free_irq. */
	ck_assert_int_eq(irq_alloc_desc_at(3, 0), 3);
	irq_set_chip_and_handler(3, &rec_chip, handle_edge_irq);
	ck_list("/proc/irq", "default_smp_affinity\n");
	ck_read_err("/proc/irq/3/node", -ENOENT);
	ck_assert_int_eq(request_irq(3, rec_handler, IRQF_SHARED, "a", &act[0]), 0);
	ck_assert_int_eq(request_irq(3, rec_handler, IRQF_SHARED, "a", &act[1]), 0);
	ck_assert_int_eq(request_irq(3, rec_handler, IRQF_SHARED, "b", &act[2]), 0);
	ck_list("/proc/irq", "3/\ndefault_smp_affinity\n");
	/* One directory per distinct action name (register_handler_proc()). */
	ck_list("/proc/irq/3",
		"a/\naffinity_hint\nb/\neffective_affinity\neffective_affinity_list\n"
		"node\nsmp_affinity\nsmp_affinity_list\nspurious\n");
	ck_list("/proc/irq/3/a", "");
	ck_assert_int_eq(irqlab_vfs_stat(tm, "/proc/irq/3/b"), 2);
	free_irq(3, &act[0]);
	free_irq(3, &act[1]);
	free_irq(3, &act[2]);
	ck_list("/proc/irq", "3/\ndefault_smp_affinity\n");
	ck_assert_int_eq(irqlab_vfs_stat(tm, "/proc/irq/3/b"), -ENOENT);

	/* register_irq_proc()/unregister_irq_proc() as __setup_irq and free do. */
	ck_assert_int_eq(irq_alloc_desc_at(4, 0), 4);
	irq_set_chip_and_handler(4, &rec_chip, handle_edge_irq);
	register_irq_proc(4, irq_to_desc(4));
	ck_list("/proc/irq", "3/\n4/\ndefault_smp_affinity\n");
	unregister_irq_proc(4, irq_to_desc(4));
	unregister_irq_proc(3, irq_to_desc(3));
	ck_list("/proc/irq", "default_smp_affinity\n");
	/* No chip, no directory. */
	ck_assert_int_eq(irq_alloc_desc_at(5, 0), 5);
	register_irq_proc(5, irq_to_desc(5));
	register_irq_proc(6, NULL);
	unregister_irq_proc(6, NULL);
	ck_list("/proc/irq", "default_smp_affinity\n");
	irq_free_desc(3);
	irq_free_desc(4);
	irq_free_desc(5);
}
END_TEST

START_TEST(test_proc_irq_stale_entry)
{
	/* A freed and reallocated number does not inherit the directory. */
	edge_irq(3, "old", &act[0]);
	ck_list("/proc/irq", "3/\ndefault_smp_affinity\n");
	release(3, &act[0]);
	/* Let another descriptor take the old memory first. */
	ck_assert_int_eq(irq_alloc_desc_at(40, 0), 40);
	ck_assert_int_eq(irq_alloc_desc_at(3, 0), 3);
	irq_set_chip_and_handler(3, &rec_chip, handle_edge_irq);
	if (irqlab_vfs_stat(tm, "/proc/irq/3") == 2) {
		/* Same address reused by the allocator: indistinguishable. */
		unregister_irq_proc(3, irq_to_desc(3));
	}
	ck_list("/proc/irq", "default_smp_affinity\n");
	irq_free_desc(3);
	irq_free_desc(40);
}
END_TEST

START_TEST(test_sysfs_dense_counts)
{
	unsigned int cpu;

	/* An irq seen on most CPUs switches to dense per-CPU counters. */
	tm_destroy();
	make_machine(16, 0);
	edge_irq(3, "wide", &act[0]);
	for (cpu = 0; cpu < 12; cpu++)
		bump(3, cpu, cpu + 1);
	ck_assert_ptr_null(irq_to_desc(3)->kstat_irqs.cpu);
	ck_file("/sys/kernel/irq/3/per_cpu_count", "1,2,3,4,5,6,7,8,9,10,11,12,0,0,0,0\n");
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 1, false), 0);
	ck_file("/proc/interrupts",
		"           CPU0       CPU2       CPU3       CPU4       CPU5       CPU6       "
		"CPU7       CPU8       CPU9       CPU10      CPU11      CPU12      CPU13      "
		"CPU14      CPU15      \n"
		"  3:          1          3          4          5          6          7"
		"          8          9         10         11         12          0"
		"          0          0          0      rec    -edge      wide\n");
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 1, true), 0);
	release(3, &act[0]);
}
END_TEST

START_TEST(test_platform_defaults)
{
	/* arm64 with a GIC: Level/Edge column, no pending mask, nr_irqs 64. */
	tm->cfg.platform = IRQLAB_PLATFORM_GIC;
	ck_assert_uint_eq(irqlab_vfs_features(tm), IRQLAB_VFS_SHOW_LEVEL);
	ck_assert_uint_eq(irqlab_proc_nr_irqs(tm), 64);
	tm->cfg.platform = IRQLAB_PLATFORM_NONE;
}
END_TEST

/* ---- /sys/kernel/irq/N ---------------------------------------------------------- */

START_TEST(test_sysfs_irq)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("SYSDOM");
	struct irq_domain *d = irq_domain_create_linear(fw, 64, &dom_ops, NULL);
	unsigned int virq;

	ck_assert_int_eq(irq_alloc_desc_at(3, 0), 3);
	ck_list("/sys/kernel/irq", "3/\n");
	ck_list("/sys/kernel/irq/3",
		"actions\nchip_name\nhwirq\nname\nper_cpu_count\ntype\nwakeup\n");
	/* A bare descriptor: no chip name, no hwirq, no name, no actions. */
	ck_file("/sys/kernel/irq/3/per_cpu_count", "0,0,0,0\n");
	ck_file("/sys/kernel/irq/3/chip_name", "none\n");
	ck_file("/sys/kernel/irq/3/hwirq", "");
	ck_file("/sys/kernel/irq/3/type", "edge\n");
	ck_file("/sys/kernel/irq/3/wakeup", "disabled\n");
	ck_file("/sys/kernel/irq/3/name", "");
	ck_file("/sys/kernel/irq/3/actions", "");

	irq_set_chip_and_handler_name(3, &rec_chip, handle_level_irq, "level");
	ck_assert_int_eq(request_irq(3, rec_handler, IRQF_SHARED, "a", &act[0]), 0);
	ck_assert_int_eq(request_irq(3, rec_handler, IRQF_SHARED, "b", &act[1]), 0);
	fire(3, 1, 2);
	fire(3, 3, 1);
	irqd_set(irq_get_irq_data(3), IRQD_LEVEL | IRQD_WAKEUP_STATE);
	ck_file("/sys/kernel/irq/3/per_cpu_count", "0,2,0,1\n");
	ck_file("/sys/kernel/irq/3/chip_name", "rec\n");
	ck_file("/sys/kernel/irq/3/type", "level\n");
	ck_file("/sys/kernel/irq/3/wakeup", "enabled\n");
	ck_file("/sys/kernel/irq/3/name", "level\n");
	ck_file("/sys/kernel/irq/3/actions", "a,b\n");
	irqd_clear(irq_get_irq_data(3), IRQD_LEVEL | IRQD_WAKEUP_STATE);
	/* sysfs attributes are read-only: the open fails with EACCES. */
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/irq/3/type", "level"), -EACCES);
	ck_read_err("/sys/kernel/irq/4/type", -ENOENT);
	free_irq(3, &act[0]);
	free_irq(3, &act[1]);
	irq_free_desc(3);

	virq = irq_create_mapping(d, 42);
	ck_assert_uint_ne(virq, 0);
	ck_file(irq_path("/sys/kernel/irq/%u/hwirq", virq), "42\n");
	irq_dispose_mapping(virq);
	irq_domain_remove(d);
	irq_domain_free_fwnode(fw);
}
END_TEST

START_TEST(test_sysfs_cpu)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = 8, .nr_present = 6, .nr_online = 4, .isolcpus = "2-3",
	};

	ck_file("/sys/devices/system/cpu/online", "0-3\n");
	ck_file("/sys/devices/system/cpu/offline", "\n");
	ck_file("/sys/devices/system/cpu/isolated", "\n");
	ck_file("/sys/devices/system/cpu/kernel_max", "8191\n");
	tm_destroy();
	tm_create(&cfg);
	ck_file("/sys/devices/system/cpu/possible", "0-7\n");
	ck_file("/sys/devices/system/cpu/present", "0-5\n");
	ck_file("/sys/devices/system/cpu/online", "0-3\n");
	ck_file("/sys/devices/system/cpu/offline", "4-7\n");
	ck_file("/sys/devices/system/cpu/isolated", "2-3\n");
	/* A cpuN directory per present CPU; cpu0 cannot go offline. */
	ck_list("/sys/devices/system/cpu",
		"cpu0/\ncpu1/\ncpu2/\ncpu3/\ncpu4/\ncpu5/\nisolated\nkernel_max\noffline\n"
		"online\npossible\npresent\n");
	ck_list("/sys/devices/system/cpu/cpu0", "");
	ck_list("/sys/devices/system/cpu/cpu1", "online\n");
	ck_file("/sys/devices/system/cpu/cpu1/online", "1\n");
	ck_file("/sys/devices/system/cpu/cpu5/online", "0\n");
	ck_read_err("/sys/devices/system/cpu/cpu0/online", -ENOENT);
	ck_read_err("/sys/devices/system/cpu/cpu6/online", -ENOENT);
	ck_assert_int_eq(irqlab_vfs_stat(tm, "/sys/devices/system/cpu/cpu6"), -ENOENT);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/devices/system/cpu/cpu0/online", "0"),
			 -ENOENT);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/devices/system/cpu/online", "0"), -EACCES);
}
END_TEST

static Suite *proc_suite(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("interrupts");

	tcase_add_checked_fixture(tc, setup, rec_teardown);
	tcase_add_test(tc, test_interrupts_empty_header);
	tcase_add_test(tc, test_interrupts_rows_616);
	tcase_add_test(tc, test_interrupts_rows_612);
	tcase_add_test(tc, test_interrupts_skip_612);
	tcase_add_test(tc, test_interrupts_skip_616);
	tcase_add_test(tc, test_interrupts_domain_level_print_chip);
	tcase_add_test(tc, test_interrupts_print_chip_and_unnamed);
	tcase_add_test(tc, test_interrupts_offline_cpu);
	tcase_add_test(tc, test_interrupts_prec);
	tcase_add_test(tc, test_nr_irqs_platform);
	tcase_add_test(tc, test_arch_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("proc_irq");
	tcase_add_checked_fixture(tc, setup, rec_teardown);
	tcase_add_test(tc, test_proc_irq_files);
	tcase_add_test(tc, test_proc_irq_node_none);
	tcase_add_test(tc, test_proc_irq_pending_mask);
	tcase_add_test(tc, test_proc_irq_write_errors);
	tcase_add_test(tc, test_proc_irq_managed_eperm);
	tcase_add_test(tc, test_proc_irq_managed_by_version);
	tcase_add_test(tc, test_proc_irq_no_setter);
	tcase_add_test(tc, test_proc_irq_8_and_130_cpus);
	tcase_add_test(tc, test_default_smp_affinity);
	tcase_add_test(tc, test_proc_irq_directories);
	tcase_add_test(tc, test_proc_irq_stale_entry);
	suite_add_tcase(s, tc);

	tc = tcase_create("sysfs");
	tcase_add_checked_fixture(tc, setup, rec_teardown);
	tcase_add_test(tc, test_sysfs_irq);
	tcase_add_test(tc, test_sysfs_cpu);
	tcase_add_test(tc, test_sysfs_dense_counts);
	tcase_add_test(tc, test_platform_defaults);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(proc_suite());
}
