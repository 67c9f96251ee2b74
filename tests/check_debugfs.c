// SPDX-License-Identifier: MIT
/*
 * debugfs, byte for byte: /sys/kernel/debug/irq/irqs/N (handler, device,
 * status/istate/dstate with flag names, masks, the per-level domain, hwirq,
 * chip, chip flags, debug_show and parent recursion) and
 * /sys/kernel/debug/irq/domains/NAME; the kernel-version and platform
 * differences; the "trigger" write.
 */
#include <stdio.h>
#include <string.h>

#include "internals.h"
#include "irqlab/vfs.h"
#include "recchip.h"

/* ---- a two-level hierarchy: PCI-MSIX leaf above a VECTOR root -------------- */

static void root_debug_show(struct seq_file *m, struct irq_domain *d,
			    struct irq_data *irqd, int ind)
{
	if (irqd)
		seq_printf(m, "%*svector: %lu\n", ind, "", irqd->hwirq);
	else
		seq_printf(m, "%*sfree:   %u\n", ind, "", 200u);
}

static int root_set_affinity(struct irq_data *d, const struct cpumask *dest, bool force)
{
	irq_data_update_effective_affinity(d, cpumask_of(cpumask_first_and(dest, cpu_online_mask)));
	return IRQ_SET_MASK_OK;
}

static void root_nop(struct irq_data *d)
{
}

static const struct irq_chip root_chip = {
	.name = "APIC",
	.irq_mask = root_nop,
	.irq_unmask = root_nop,
	.irq_ack = root_nop,
	.irq_set_affinity = root_set_affinity,
	.flags = IRQCHIP_SKIP_SET_WAKE | IRQCHIP_MOVE_DEFERRED,
};

static const struct irq_chip leaf_chip = {
	.name = "PCI-MSIX-0000:00:05.0",
	.irq_mask = irq_chip_mask_parent,
	.irq_unmask = irq_chip_unmask_parent,
	.irq_ack = irq_chip_ack_parent,
	.irq_set_affinity = irq_chip_set_affinity_parent,
	/* AFFINITY_PRE_STARTUP has no name in the debugfs table. */
	.flags = IRQCHIP_ONESHOT_SAFE | IRQCHIP_AFFINITY_PRE_STARTUP,
};

static int root_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr, void *arg)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		irq_domain_set_hwirq_and_chip(d, virq + i, 32 + i, &root_chip, NULL);
	return 0;
}

static void root_free(struct irq_domain *d, unsigned int virq, unsigned int nr)
{
	irq_domain_free_irqs_common(d, virq, nr);
}

static int leaf_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr, void *arg)
{
	unsigned int i;
	int ret = irq_domain_alloc_irqs_parent(d, virq, nr, arg);

	for (i = 0; !ret && i < nr; i++)
		irq_domain_set_info(d, virq + i, 100 + i, &leaf_chip, NULL, handle_edge_irq,
				    NULL, "edge");
	return ret;
}

static const struct irq_domain_ops root_ops = {
	.alloc = root_alloc,
	.free = root_free,
	.debug_show = root_debug_show,
};

static const struct irq_domain_ops leaf_ops = {
	.alloc = leaf_alloc,
	.free = irq_domain_free_irqs_top,
};

static struct fwnode_handle *root_fw, *leaf_fw;
static struct irq_domain *root, *leaf;
static struct rec_action act[2];

static void make_domains(void)
{
	root_fw = irq_domain_alloc_named_fwnode("VECTOR");
	leaf_fw = irq_domain_alloc_named_fwnode("PCI-MSIX-0000:00:05.0");
	root = irq_domain_create_tree(root_fw, &root_ops, NULL);
	leaf = irq_domain_create_hierarchy(root, IRQ_DOMAIN_FLAG_MSI, 0, leaf_fw, &leaf_ops,
					   NULL);
	ck_assert_ptr_nonnull(root);
	ck_assert_ptr_nonnull(leaf);
}

static void setup(void)
{
	rec_setup();
	rec_action_init(&act[0], IRQ_HANDLED);
	rec_action_init(&act[1], IRQ_HANDLED);
	make_domains();
}

static void teardown(void)
{
	irq_domain_remove(leaf);
	irq_domain_remove(root);
	irq_domain_free_fwnode(leaf_fw);
	irq_domain_free_fwnode(root_fw);
	rec_teardown();
}

/* The per-level part of irqs/N for virq 1 (leaf hwirq 100, vector 32). */
#define LEVELS                                                                 \
	"domain:  PCI-MSIX-0000:00:05.0\n"                                     \
	" hwirq:   0x64\n"                                                     \
	" chip:    PCI-MSIX-0000:00:05.0\n"                                    \
	"  flags:   0x420\n"                                                   \
	"             IRQCHIP_ONESHOT_SAFE\n"                                  \
	" parent:\n"                                                           \
	"    domain:  VECTOR\n"                                                \
	"     hwirq:   0x20\n"                                                 \
	"     chip:    APIC\n"                                                 \
	"      flags:   0x1010\n"                                              \
	"                 IRQCHIP_SKIP_SET_WAKE\n"                             \
	"                 IRQCHIP_MOVE_DEFERRED\n"                             \
	"     vector: 32\n"

START_TEST(test_irq_hierarchy)
{
	int virq = irq_domain_alloc_irqs(leaf, 2, NUMA_NO_NODE, NULL);

	ck_assert_int_eq(virq, 1);
	ck_list("/sys/kernel/debug/irq/irqs", "1\n2\n");
	/* Allocated, not started: disabled and masked, depth 1, no device. */
	ck_file("/sys/kernel/debug/irq/irqs/1",
		"handler:  handle_edge_irq\n"
		"device:   (null)\n"
		"status:   0x00000000\n"
		"istate:   0x00000000\n"
		"ddepth:   1\n"
		"wdepth:   0\n"
		"dstate:   0x00030000\n"
		"            IRQD_IRQ_DISABLED\n"
		"            IRQD_IRQ_MASKED\n"
		"node:     -1\n"
		"affinity: 0-3\n"
		"effectiv: \n"
		"pending:  \n"
		LEVELS);
	irq_debugfs_copy_devname(virq, "0000:00:05.0");
	ck_assert_int_eq(request_irq(1, rec_handler, 0, "q0", &act[0]), 0);
	ck_file("/sys/kernel/debug/irq/irqs/1",
		"handler:  handle_edge_irq\n"
		"device:   0000:00:05.0\n"
		"status:   0x00000000\n"
		"istate:   0x00000000\n"
		"ddepth:   0\n"
		"wdepth:   0\n"
		"dstate:   0x00400200\n"
		"            IRQD_ACTIVATED\n"
		"            IRQD_IRQ_STARTED\n"
		"node:     -1\n"
		"affinity: 0-3\n"
		"effectiv: 0\n"
		"pending:  \n"
		LEVELS);
	/* The same irq in /proc/interrupts: the leaf chip and its hwirq. */
	ck_file("/proc/interrupts",
		"           CPU0       CPU1       CPU2       CPU3       \n"
		"  1:          0          0          0          0 "
		"PCI-MSIX-0000:00:05.0 100-edge      q0\n");
	/* A new name replaces the old one; unknown irqs are ignored. */
	irq_debugfs_copy_devname(virq, "renamed");
	irq_debugfs_copy_devname(77, "nobody");
	irq_debugfs_copy_devname(-1, "nobody");
	irq_debugfs_copy_devname(virq, NULL);
	{
		struct seq_file s;

		seq_init(&s);
		ck_assert_int_eq(irqlab_vfs_read(tm, "/sys/kernel/debug/irq/irqs/1", &s), 0);
		ck_assert_ptr_nonnull(strstr(seq_text(&s), "\ndevice:   renamed\n"));
		seq_release_buf(&s);
	}
	free_irq(1, &act[0]);
	irq_domain_free_irqs(virq, 2);
	ck_list("/sys/kernel/debug/irq/irqs", "");
}
END_TEST

START_TEST(test_irq_flag_names)
{
	struct irq_affinity_desc aff[1] = { { .is_managed = 1 } };
	struct irq_desc *desc;
	int virq;

	ck_assert(zalloc_cpumask_var(&aff[0].mask, GFP_KERNEL));
	cpumask_set_cpu(2, aff[0].mask);
	cpumask_set_cpu(3, aff[0].mask);
	virq = __irq_domain_alloc_irqs(leaf, -1, 1, 0, NULL, false, aff);
	free_cpumask_var(aff[0].mask);
	ck_assert_int_eq(virq, 1);
	desc = irq_to_desc(1);
	/* Every status, istate and dstate name in table order. */
	irq_modify_status(1, 0, IRQ_NOPROBE | IRQ_NOREQUEST | IRQ_NOTHREAD | IRQ_NOAUTOEN |
				    IRQ_NESTED_THREAD | IRQ_PER_CPU_DEVID | IRQ_IS_POLLED |
				    IRQ_DISABLE_UNLAZY | IRQ_HIDDEN);
	desc->istate = IRQS_AUTODETECT | IRQS_SPURIOUS_DISABLED | IRQS_POLL_INPROGRESS |
		       IRQS_ONESHOT | IRQS_REPLAY | IRQS_WAITING | IRQS_PENDING |
		       IRQS_SUSPENDED | IRQS_NMI | IRQS_TIMINGS | IRQS_SYSFS;
	desc->wake_depth = 2;
	irqd_set(&desc->irq_data, IRQ_TYPE_EDGE_BOTH | IRQD_LEVEL);
	ck_file("/sys/kernel/debug/irq/irqs/1",
		"handler:  handle_edge_irq\n"
		"device:   (null)\n"
		"status:   0x001f9c00\n"
		"            _IRQ_NOPROBE\n"
		"            _IRQ_NOREQUEST\n"
		"            _IRQ_NOTHREAD\n"
		"            _IRQ_NOAUTOEN\n"
		"            _IRQ_NESTED_THREAD\n"
		"            _IRQ_PER_CPU_DEVID\n"
		"            _IRQ_IS_POLLED\n"
		"            _IRQ_DISABLE_UNLAZY\n"
		"            _IRQ_HIDDEN\n"
		"istate:   0x00007aeb\n"
		"            IRQS_AUTODETECT\n"
		"            IRQS_SPURIOUS_DISABLED\n"
		"            IRQS_POLL_INPROGRESS\n"
		"            IRQS_ONESHOT\n"
		"            IRQS_REPLAY\n"
		"            IRQS_WAITING\n"
		"            IRQS_PENDING\n"
		"            IRQS_SUSPENDED\n"
		"            IRQS_NMI\n"
		"ddepth:   1\n"
		"wdepth:   2\n"
		"dstate:   0x00a33003\n"
		"            IRQ_TYPE_EDGE_RISING\n"
		"            IRQ_TYPE_EDGE_FALLING\n"
		"            IRQD_LEVEL\n"
		"            IRQD_IRQ_DISABLED\n"
		"            IRQD_IRQ_MASKED\n"
		"            IRQD_AFFINITY_SET\n"
		"            IRQD_AFFINITY_MANAGED\n"
		"            IRQD_MANAGED_SHUTDOWN\n"
		"node:     0\n"
		"affinity: 2-3\n"
		"effectiv: \n"
		"pending:  \n"
		LEVELS);
	desc->istate = 0;
	desc->wake_depth = 0;
	irq_modify_status(1, ~0UL, 0);
	irqd_clear(&desc->irq_data, IRQ_TYPE_EDGE_BOTH | IRQD_LEVEL);
	irq_domain_free_irqs(1, 1);
}
END_TEST

static unsigned int dstate_lines(const char *text)
{
	const char *p = strstr(text, "dstate:"), *end = strstr(text, "node:");
	unsigned int n = 0;

	for (; p && p < end; p++)
		n += *p == '\n';
	return n;
}

START_TEST(test_irq_version_and_platform)
{
	struct irq_desc *desc;
	struct seq_file s;
	int virq;

	/* 6.13 removed IRQD_MOVE_PCNTXT from the table; 6.12 names it. */
	virq = irq_domain_alloc_irqs(leaf, 1, NUMA_NO_NODE, NULL);
	desc = irq_to_desc((unsigned int)virq);
	irqd_set(&desc->irq_data, IRQD_MOVE_PCNTXT);
	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, "/sys/kernel/debug/irq/irqs/1", &s), 0);
	ck_assert_ptr_null(strstr(seq_text(&s), "IRQD_MOVE_PCNTXT"));
	ck_assert_uint_eq(dstate_lines(seq_text(&s)), 3);
	seq_release_buf(&s);
	tm->kernel_version = KERNEL_VERSION(6, 12, 0);
	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, "/sys/kernel/debug/irq/irqs/1", &s), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s),
				     "            IRQD_IRQ_MASKED\n"
				     "            IRQD_MOVE_PCNTXT\n"
				     "node:"));
	seq_release_buf(&s);
	tm->kernel_version = KERNEL_VERSION(6, 16, 0);
	irqd_clear(&desc->irq_data, IRQD_MOVE_PCNTXT);

	/* Without GENERIC_PENDING_IRQ there is no "pending:" line. */
	irqlab_vfs_set_features(tm, 0);
	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, "/sys/kernel/debug/irq/irqs/1", &s), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "effectiv: \ndomain:  PCI-MSIX"));
	ck_assert_ptr_null(strstr(seq_text(&s), "pending:"));
	seq_release_buf(&s);
	irq_domain_free_irqs((unsigned int)virq, 1);
}
END_TEST

static void my_flow(struct irq_desc *desc)
{
}

static void print_chip(struct irq_data *d, struct seq_file *p)
{
	seq_printf(p, "MSIX-%lu", d->hwirq);
}

START_TEST(test_irq_print_chip_and_free)
{
	static struct irq_chip printer;
	struct seq_file s;
	char want[512];

	/* irq_print_chip replaces the chip name here too. */
	rec_chip_init(&printer, "unused", 0, IRQCHIP_EOI_IF_HANDLED | IRQCHIP_MASK_ON_SUSPEND |
				 IRQCHIP_ONOFFLINE_ENABLED | IRQCHIP_EOI_THREADED |
				 IRQCHIP_SUPPORTS_LEVEL_MSI | IRQCHIP_SUPPORTS_NMI |
				 IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND | IRQCHIP_IMMUTABLE |
				 IRQCHIP_SET_TYPE_MASKED);
	printer.irq_print_chip = print_chip;
	ck_assert_int_eq(irq_alloc_desc_at(9, 0), 9);
	irq_set_chip_and_handler_name(9, &printer, handle_level_irq, "level");
	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, "/sys/kernel/debug/irq/irqs/9", &s), 0);
	snprintf(want, sizeof(want),
		 "domain:  \n"
		 " hwirq:   0x0\n"
		 " chip:    MSIX-0\n"
		 "  flags:   0x%lx\n"
		 "             IRQCHIP_SET_TYPE_MASKED\n"
		 "             IRQCHIP_EOI_IF_HANDLED\n"
		 "             IRQCHIP_MASK_ON_SUSPEND\n"
		 "             IRQCHIP_ONOFFLINE_ENABLED\n"
		 "             IRQCHIP_EOI_THREADED\n"
		 "             IRQCHIP_SUPPORTS_LEVEL_MSI\n"
		 "             IRQCHIP_SUPPORTS_NMI\n"
		 "             IRQCHIP_ENABLE_WAKEUP_ON_SUSPEND\n"
		 "             IRQCHIP_IMMUTABLE\n",
		 printer.flags);
	ck_assert_ptr_nonnull(strstr(seq_text(&s), want));
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "handler:  handle_level_irq\n"));
	seq_release_buf(&s);
	/* The device name goes with the descriptor. */
	irq_debugfs_copy_devname(9, "0000:00:09.0");
	irq_remove_debugfs_entry(irq_to_desc(9));
	irq_remove_debugfs_entry(NULL);
	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, "/sys/kernel/debug/irq/irqs/9", &s), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "\ndevice:   (null)\n"));
	seq_release_buf(&s);
	irq_set_handler(9, handle_bad_irq);
	irq_free_desc(9);
}
END_TEST

START_TEST(test_irq_handler_names)
{
	char want[64];

	ck_assert_int_eq(irq_alloc_desc_at(5, 0), 5);
	ck_file("/sys/kernel/debug/irq/irqs/5",
		"handler:  handle_bad_irq\n"
		"device:   (null)\n"
		"status:   0x00000000\n"
		"istate:   0x00000000\n"
		"ddepth:   1\n"
		"wdepth:   0\n"
		"dstate:   0x00030000\n"
		"            IRQD_IRQ_DISABLED\n"
		"            IRQD_IRQ_MASKED\n"
		"node:     0\n"
		"affinity: 0-3\n"
		"effectiv: \n"
		"pending:  \n"
		"domain:  \n"
		" hwirq:   0x0\n"
		" chip:    none\n"
		"  flags:   0x10\n"
		"             IRQCHIP_SKIP_SET_WAKE\n");
	/* An unknown flow handler prints its address, as %ps without a symbol. */
	irq_set_chip(5, &rec_chip);
	irq_set_handler(5, my_flow);
	snprintf(want, sizeof(want), "handler:  0x%lx\n", (unsigned long)my_flow);
	{
		struct seq_file s;

		seq_init(&s);
		ck_assert_int_eq(irqlab_vfs_read(tm, "/sys/kernel/debug/irq/irqs/5", &s), 0);
		ck_assert_int_eq(strncmp(seq_text(&s), want, strlen(want)), 0);
		seq_release_buf(&s);
	}
	ck_assert_int_eq(irqlab_debugfs_register_handler(tm, my_flow, "handle_my_flow"), 0);
	ck_assert_int_eq(irqlab_debugfs_register_handler(tm, NULL, "x"), -EINVAL);
	ck_assert_int_eq(irqlab_debugfs_register_handler(NULL, my_flow, "x"), -EINVAL);
	{
		struct seq_file s;

		seq_init(&s);
		ck_assert_int_eq(irqlab_vfs_read(tm, "/sys/kernel/debug/irq/irqs/5", &s), 0);
		ck_assert_int_eq(strncmp(seq_text(&s), "handler:  handle_my_flow\n", 25), 0);
		seq_release_buf(&s);
	}
	irq_set_handler(5, handle_bad_irq);
	irq_free_desc(5);
}
END_TEST

/* ---- domains ------------------------------------------------------------------- */

START_TEST(test_domains)
{
	int virq = irq_domain_alloc_irqs(leaf, 3, NUMA_NO_NODE, NULL);

	ck_assert_int_gt(virq, 0);
	ck_list("/sys/kernel/debug/irq/domains", "PCI-MSIX-0000:00:05.0\nVECTOR\ndefault\n");
	ck_file("/sys/kernel/debug/irq/domains/VECTOR",
		"name:   VECTOR\n"
		" size:   0\n"
		" mapped: 3\n"
		" flags:  0x00000003\n"
		"            IRQ_DOMAIN_FLAG_HIERARCHY\n"
		"            IRQ_DOMAIN_NAME_ALLOCATED\n"
		" free:   200\n");
	/* The parent chain, four more blanks a level. */
	ck_file("/sys/kernel/debug/irq/domains/PCI-MSIX-0000:00:05.0",
		"name:   PCI-MSIX-0000:00:05.0\n"
		" size:   0\n"
		" mapped: 3\n"
		" flags:  0x00000013\n"
		"            IRQ_DOMAIN_FLAG_HIERARCHY\n"
		"            IRQ_DOMAIN_NAME_ALLOCATED\n"
		"            IRQ_DOMAIN_FLAG_MSI\n"
		" parent: VECTOR\n"
		"    name:   VECTOR\n"
		"     size:   0\n"
		"     mapped: 3\n"
		"     flags:  0x00000003\n"
		"                IRQ_DOMAIN_FLAG_HIERARCHY\n"
		"                IRQ_DOMAIN_NAME_ALLOCATED\n"
		"     free:   200\n");
	/* "default": empty without a default domain. */
	ck_file("/sys/kernel/debug/irq/domains/default", "");
	irq_set_default_host(root);
	ck_file("/sys/kernel/debug/irq/domains/default",
		"name:   VECTOR\n"
		" size:   0\n"
		" mapped: 3\n"
		" flags:  0x00000003\n"
		"            IRQ_DOMAIN_FLAG_HIERARCHY\n"
		"            IRQ_DOMAIN_NAME_ALLOCATED\n"
		" free:   200\n");
	irq_set_default_host(NULL);
	/* debugfs files of domains are read-only: -EINVAL on write. */
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/irq/domains/VECTOR", "x"),
			 -EINVAL);
	ck_assert_int_eq(irqlab_vfs_stat(tm, "/sys/kernel/debug/irq/domains/NOPE"), -ENOENT);
	irq_domain_free_irqs((unsigned int)virq, 3);
}
END_TEST

START_TEST(test_domain_all_flags)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("FLAGS");
	struct fwnode_handle *slash = irq_domain_alloc_named_fwnode("a/b");
	struct irq_domain *d = irq_domain_create_tree(fw, &leaf_ops, NULL);
	struct irq_domain *ds = irq_domain_create_tree(slash, &leaf_ops, NULL);

	d->flags |= IRQ_DOMAIN_FLAG_IPI_PER_CPU | IRQ_DOMAIN_FLAG_IPI_SINGLE |
		    IRQ_DOMAIN_FLAG_ISOLATED_MSI | IRQ_DOMAIN_FLAG_NO_MAP |
		    IRQ_DOMAIN_FLAG_MSI_PARENT | IRQ_DOMAIN_FLAG_MSI_DEVICE |
		    IRQ_DOMAIN_FLAG_DESTROY_GC | IRQ_DOMAIN_FLAG_NONCORE;
	/* DESTROY_GC has no name in the table. */
	ck_file("/sys/kernel/debug/irq/domains/FLAGS",
		"name:   FLAGS\n"
		" size:   0\n"
		" mapped: 0\n"
		" flags:  0x0001076f\n"
		"            IRQ_DOMAIN_FLAG_HIERARCHY\n"
		"            IRQ_DOMAIN_NAME_ALLOCATED\n"
		"            IRQ_DOMAIN_FLAG_IPI_PER_CPU\n"
		"            IRQ_DOMAIN_FLAG_IPI_SINGLE\n"
		"            IRQ_DOMAIN_FLAG_ISOLATED_MSI\n"
		"            IRQ_DOMAIN_FLAG_NO_MAP\n"
		"            IRQ_DOMAIN_FLAG_MSI_PARENT\n"
		"            IRQ_DOMAIN_FLAG_MSI_DEVICE\n"
		"            IRQ_DOMAIN_FLAG_NONCORE\n");
	/* A name debugfs cannot hold is not listed. */
	ck_list("/sys/kernel/debug/irq/domains",
		"FLAGS\nPCI-MSIX-0000:00:05.0\nVECTOR\ndefault\n");
	d->flags &= ~(IRQ_DOMAIN_FLAG_IPI_PER_CPU | IRQ_DOMAIN_FLAG_IPI_SINGLE |
		      IRQ_DOMAIN_FLAG_ISOLATED_MSI | IRQ_DOMAIN_FLAG_NO_MAP |
		      IRQ_DOMAIN_FLAG_MSI_PARENT | IRQ_DOMAIN_FLAG_MSI_DEVICE |
		      IRQ_DOMAIN_FLAG_DESTROY_GC | IRQ_DOMAIN_FLAG_NONCORE);
	irq_domain_remove(d);
	irq_domain_remove(ds);
	irq_domain_free_fwnode(fw);
	irq_domain_free_fwnode(slash);
}
END_TEST

/* ---- the trigger write ------------------------------------------------------------ */

START_TEST(test_trigger_state)
{
	/* A chip with irq_set_irqchip_state: the pending state is set. */
	ck_assert_int_eq(irq_alloc_desc_at(6, 0), 6);
	irq_set_chip_and_handler_name(6, &rec_chip, handle_edge_irq, "edge");
	ck_assert_int_eq(request_irq(6, rec_handler, 0, "t", &act[0]), 0);
	rec_clear();
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/irq/irqs/6", "trigger\n"), 0);
	ck_assert_str_eq(rec_log_str(), "set_state");
	ck_assert_int_eq(rec_out.which, IRQCHIP_STATE_PENDING);
	ck_assert(rec_out.state_val);
	/* Any other text is accepted and ignored. */
	rec_clear();
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/irq/irqs/6", "hello"), 0);
	ck_assert_str_eq(rec_log_str(), "");
	free_irq(6, &act[0]);
	irq_free_desc(6);
}
END_TEST

START_TEST(test_trigger_resend)
{
	static struct irq_chip plain;

	/* No state callback: a software resend runs the flow handler again. */
	rec_chip_init(&plain, "plain", 0, 0);
	ck_assert_int_eq(irq_alloc_desc_at(6, 0), 6);
	irq_set_chip_and_handler_name(6, &plain, handle_edge_irq, "edge");
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/irq/irqs/6", "trigger"),
			 -EINVAL); /* not activated */
	ck_assert_int_eq(request_irq(6, rec_handler, 0, "t", &act[0]), 0);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/irq/irqs/6", "trig"), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(act[0].calls, 1);
	ck_assert_uint_eq(kstat_irqs_usr(6), 1);
	free_irq(6, &act[0]);
	irq_free_desc(6);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/irq/irqs/6", "trigger"),
			 -ENOENT);
}
END_TEST

static Suite *debugfs_suite(void)
{
	Suite *s = suite_create("debugfs");
	TCase *tc = tcase_create("irqs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_irq_hierarchy);
	tcase_add_test(tc, test_irq_flag_names);
	tcase_add_test(tc, test_irq_version_and_platform);
	tcase_add_test(tc, test_irq_handler_names);
	tcase_add_test(tc, test_irq_print_chip_and_free);
	tcase_add_test(tc, test_trigger_state);
	tcase_add_test(tc, test_trigger_resend);
	suite_add_tcase(s, tc);

	tc = tcase_create("domains");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_domains);
	tcase_add_test(tc, test_domain_all_flags);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(debugfs_suite());
}
