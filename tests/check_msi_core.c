// SPDX-License-Identifier: MIT
/*
 * The generic MSI layer on its own: per-device domains under an MSI parent
 * (names, prefix, the parent's veto, switching MSI ↔ MSI-X), a global MSI
 * domain with a plain (non-PCI) device, the descriptor store, and every
 * allocation failure unwinding completely (fault injection).
 */
#include <stdio.h>
#include <string.h>

#include "msi_parent.h"
#include "pci_fixture.h"

static struct irqlab_pci_fn *fn;
static struct pci_dev *dev;

static void setup(void)
{
	struct irqlab_pci_fn_config cfg = pf_mana_config();

	cfg.msi.present = true;
	cfg.msi.vectors = 2;
	cfg.msi.addr64 = true;
	cfg.msi.per_vector_mask = true;
	x86_setup();
	dev = pf_probe(&cfg, &fn);
	pci_set_master(dev);
}

static bool has_domain(const char *name)
{
	return irqlab_domain_find_by_name(name) != NULL;
}

/* An interrupt-remapping-like parent prefixes its children's names. */
START_TEST(test_parent_prefix_names)
{
	unsigned int irq;
	struct irq_data *d;
	struct msi_map map;

	tp_create("IR-", MSI_GENERIC_FLAGS_MASK | MSI_FLAG_PCI_MSIX);
	dev_set_msi_domain(&dev->dev, tp.domain);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 2, PCI_IRQ_MSIX), 2);
	irq = (unsigned int)pci_irq_vector(dev, 1);
	d = irq_get_irq_data(irq);
	ck_assert_str_eq(d->chip->name, "IR-PCI-MSIX-" PF_MANA_BDF);
	ck_assert_str_eq(d->domain->name, "IR-PCI-MSIX-" PF_MANA_BDF "-12");
	ck_assert_ptr_eq(d->domain->parent, tp.domain);
	ck_assert(irq_domain_is_msi_device(d->domain));
	ck_assert_ptr_eq(msi_get_domain_info(d->domain)->dev, &dev->dev);
	/* The parent does not offer dynamic MSI-X. */
	ck_assert(!pci_msix_can_alloc_dyn(dev));
	map = pci_msix_alloc_irq_at(dev, MSI_ANY_INDEX, NULL);
	ck_assert_int_eq(map.index, -ENOTSUPP);
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 1), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	ck_assert_uint_eq(tp.acks, 1);
	x86_free(irq);
	pci_free_irq_vectors(dev);
}
END_TEST

/* The parent refuses the child: no domain, no vectors, nothing leaked. */
START_TEST(test_parent_refuses)
{
	char before[1024], after[1024];

	tp_create(NULL, MSI_GENERIC_FLAGS_MASK | MSI_FLAG_PCI_MSIX);
	tp.refuse = true;
	dev_set_msi_domain(&dev->dev, tp.domain);
	pf_domain_list(before, sizeof(before));
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 2, PCI_IRQ_MSIX), -ENODEV);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 2, PCI_IRQ_MSI), -ENODEV);
	pf_domain_list(after, sizeof(after));
	ck_assert_str_eq(before, after);
	/* A parent without MSI-X support: -ENOTSUPP before anything. */
	tp.ops.supported_flags = MSI_GENERIC_FLAGS_MASK;
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 2, PCI_IRQ_MSIX), -ENOTSUPP);
	/* No MSI domain at all. */
	dev_set_msi_domain(&dev->dev, NULL);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 2, PCI_IRQ_MSIX), -ENOTSUPP);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 2, PCI_IRQ_MSI), -ENOTSUPP);
	ck_assert(!msi_create_device_irq_domain(&dev->dev, MSI_DEFAULT_DOMAIN, NULL, 1, NULL,
						NULL));
}
END_TEST

/* One device domain at a time: MSI replaces MSI-X and back. */
START_TEST(test_domain_switch)
{
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	ck_assert(has_domain("PCI-MSIX-" PF_MANA_BDF "-12"));
	pci_free_irq_vectors(dev);
	ck_assert(has_domain("PCI-MSIX-" PF_MANA_BDF "-12"));
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	ck_assert(has_domain("PCI-MSI-" PF_MANA_BDF "-11"));
	ck_assert(!has_domain("PCI-MSIX-" PF_MANA_BDF "-12"));
	pci_free_irq_vectors(dev);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	ck_assert(!has_domain("PCI-MSI-" PF_MANA_BDF "-11"));
	/* Only the default domain id has a device domain. */
	ck_assert(!msi_match_device_irq_domain(&dev->dev, MSI_SECONDARY_DOMAIN,
					       DOMAIN_BUS_PCI_DEVICE_MSIX));
	pci_free_irq_vectors(dev);
	irqlab_pci_remove(dev);
	ck_assert(!has_domain("PCI-MSIX-" PF_MANA_BDF "-12"));
}
END_TEST

/* ---- a global MSI domain and a plain device -------------------------------- */

struct gen_state {
	unsigned int writes;
	struct msi_msg last;
	unsigned int frees;
	int fail_init_at;	/* msi_init of this irq (0-based) fails */
	unsigned int inits;
};

static struct gen_state gen;

static void gen_noop(struct irq_data *d)
{
}

static void gen_write(struct irq_data *d, struct msi_msg *msg)
{
	gen.writes++;
	gen.last = *msg;
}

static int gen_init(struct irq_domain *domain, struct msi_domain_info *info,
		    unsigned int virq, irq_hw_number_t hwirq, msi_alloc_info_t *arg)
{
	if ((int)gen.inits++ == gen.fail_init_at)
		return -EIO;
	irq_domain_set_hwirq_and_chip(domain, virq, hwirq, info->chip, info->chip_data);
	return 0;
}

static void gen_set_desc(msi_alloc_info_t *arg, struct msi_desc *desc)
{
	arg->desc = desc;
	arg->hwirq = desc->msi_index;
}

static void gen_free(struct irq_domain *domain, struct msi_domain_info *info,
		     unsigned int virq)
{
	gen.frees++;
}

static struct irq_chip gen_chip = {
	.name = "GEN-MSI",
	.irq_mask = gen_noop,
	.irq_unmask = gen_noop,
	.irq_write_msi_msg = gen_write,
};

static struct msi_domain_ops gen_ops = {
	.msi_init = gen_init,
	.msi_free = gen_free,
	.set_desc = gen_set_desc,
};

static struct msi_domain_info gen_info = {
	.flags = MSI_FLAG_USE_DEF_DOM_OPS | MSI_FLAG_USE_DEF_CHIP_OPS,
	.bus_token = DOMAIN_BUS_GENERIC_MSI,
	.hwsize = 4,
	.chip = &gen_chip,
	.ops = &gen_ops,
	.handler = handle_edge_irq,
	.handler_name = "edge",
};

static struct irq_domain *gen_create(void)
{
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("GENMSI");
	struct irq_domain *d;

	memset(&gen, 0, sizeof(gen));
	gen.fail_init_at = -1;
	gen_chip.irq_set_affinity = NULL;
	tp_create(NULL, MSI_GENERIC_FLAGS_MASK);
	d = msi_create_irq_domain(fw, &gen_info, tp.domain);
	ck_assert_ptr_nonnull(d);
	/* The default chip op was filled in; the name got the bus token. */
	ck_assert_ptr_eq(gen_chip.irq_set_affinity, msi_domain_set_affinity);
	ck_assert_str_eq(d->name, "GENMSI-2");
	ck_assert(!irq_domain_is_msi_device(d));
	return d;
}

static void gen_destroy(struct irq_domain *d, struct device *plain)
{
	struct fwnode_handle *fw = d->fwnode;

	msi_device_data_release(plain);
	irq_domain_remove(d);
	irq_domain_free_fwnode(fw);
}

START_TEST(test_global_domain_plain_device)
{
	struct irq_domain *d = gen_create();
	struct device plain = { .name = "plain0", .numa_node = NUMA_NO_NODE };
	struct msi_desc init = { .nvec_used = 1 }, *desc;
	struct irqlab_x86_irq_state st;
	unsigned int irq, n;
	struct msi_map map;
	struct seq_file sf;
	char path[64];

	plain.msi.domain = d;
	ck_assert_int_eq(msi_setup_device_data(&plain), 0);
	ck_assert_int_eq(msi_setup_device_data(&plain), 0);
	msi_lock_descs(&plain);
	init.msi_index = 0;
	ck_assert_int_eq(msi_insert_msi_desc(&plain, &init), 0);
	init.msi_index = 2;
	ck_assert_int_eq(msi_insert_msi_desc(&plain, &init), 0);
	ck_assert_int_eq(msi_insert_msi_desc(&plain, &init), -EBUSY);
	init.msi_index = 4;
	ck_assert_int_eq(msi_insert_msi_desc(&plain, &init), -ERANGE);
	n = 0;
	msi_for_each_desc(desc, &plain, MSI_DESC_NOTASSOCIATED)
		n += 1u << desc->msi_index;
	ck_assert_uint_eq(n, 0x5);
	msi_unlock_descs(&plain);

	/* At most @nirqs: two descriptors but one interrupt expected. */
	msi_lock_descs(&plain);
	ck_assert_int_eq(msi_domain_alloc_irqs_all_locked(&plain, MSI_DEFAULT_DOMAIN, 1), -EINVAL);
	msi_unlock_descs(&plain);
	ck_assert_int_eq(msi_domain_alloc_irqs_range(&plain, MSI_DEFAULT_DOMAIN, 0, 3), 0);
	/* Again: the associated descriptors are skipped. */
	ck_assert_int_eq(msi_domain_alloc_irqs_range(&plain, MSI_DEFAULT_DOMAIN, 0, 3), 0);
	irq = msi_get_virq(&plain, 2);
	ck_assert_uint_gt(irq, 0);
	ck_assert_uint_eq(msi_get_virq(&plain, 1), 0);
	ck_assert_uint_eq(irq_get_irq_data(irq)->hwirq, 2);
	/* No early activation: nothing written before request_irq(). */
	ck_assert_uint_eq(gen.writes, 0);
	ck_assert_int_eq(x86_request(irq), 0);
	/* Activation, then the startup affinity (msi_domain_set_affinity). */
	ck_assert_uint_eq(gen.writes, 2);
	ck_assert_uint_eq(gen.last.address_lo, (u32)TP_DOORBELL);
	/* msi_domain_set_affinity(): parent first, then rewrite. */
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(3)), 0);
	ck_assert_uint_eq(gen.writes, 3);
	ck_assert(cpumask_equal(irq_data_get_effective_affinity_mask(irq_get_irq_data(irq)),
				cpumask_of(3)));
	ck_assert_int_ne(irqlab_x86_irq_state(irq, &st), 0);

	/* debugfs shows the message cached in the descriptor. */
	irq_get_msi_desc(irq)->msg = gen.last;
	snprintf(path, sizeof(path), "/sys/kernel/debug/irq/irqs/%u", irq);
	seq_init(&sf);
	ck_assert_int_eq(irqlab_vfs_read(tm, path, &sf), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&sf), "address_lo: 0xfeb00000"));
	seq_release_buf(&sf);

	/* The store is full: MSI_ANY_INDEX takes 1 and 3, then -EBUSY. */
	map = msi_domain_alloc_irq_at(&plain, MSI_DEFAULT_DOMAIN, MSI_ANY_INDEX, NULL);
	ck_assert_int_eq(map.index, 1);
	map = msi_domain_alloc_irq_at(&plain, MSI_DEFAULT_DOMAIN, MSI_ANY_INDEX, NULL);
	ck_assert_int_eq(map.index, 3);
	map = msi_domain_alloc_irq_at(&plain, MSI_DEFAULT_DOMAIN, MSI_ANY_INDEX, NULL);
	ck_assert_int_eq(map.index, -EBUSY);
	map = msi_domain_alloc_irq_at(&plain, MSI_SECONDARY_DOMAIN, 0, NULL);
	ck_assert_int_eq(map.index, -ENODEV);

	x86_free(irq);
	msi_domain_free_irqs_all(&plain, MSI_DEFAULT_DOMAIN);
	/* One from the refused nirqs=1 attempt, four from this free. */
	ck_assert_uint_eq(gen.frees, 5);
	ck_assert_uint_eq(gen.writes, 4); /* deactivation wrote zeros */
	ck_assert_uint_eq(gen.last.address_lo, 0);
	/* No FREE_MSI_DESCS: the descriptors stay, without interrupts. */
	msi_lock_descs(&plain);
	ck_assert_ptr_nonnull(msi_first_desc(&plain, MSI_DESC_NOTASSOCIATED));
	ck_assert_ptr_null(msi_first_desc(&plain, MSI_DESC_ASSOCIATED));
	msi_free_msi_descs(&plain);
	ck_assert_ptr_null(msi_first_desc(&plain, MSI_DESC_ALL));
	msi_unlock_descs(&plain);
	gen_destroy(d, &plain);
}
END_TEST

/* msi_init failing on the second irq undoes the first (msi_free). */
START_TEST(test_global_domain_init_failure)
{
	struct irq_domain *d = gen_create();
	struct device plain = { .name = "plain1", .numa_node = NUMA_NO_NODE };
	struct msi_desc init = { .nvec_used = 2 };
	unsigned int active = irqlab_nr_active_irqs(), warns;

	plain.msi.domain = d;
	ck_assert_int_eq(msi_setup_device_data(&plain), 0);
	msi_lock_descs(&plain);
	ck_assert_int_eq(msi_insert_msi_desc(&plain, &init), 0);
	gen.fail_init_at = 1;
	/* Not a PCI domain: a failure is -ENOSPC, never a retry count. */
	ck_assert_int_eq(msi_domain_alloc_irqs_all_locked(&plain, MSI_DEFAULT_DOMAIN, 2), -ENOSPC);
	ck_assert_uint_eq(gen.frees, 1);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), active);
	ck_assert_ptr_null(msi_first_desc(&plain, MSI_DESC_ASSOCIATED));
	/* Bad ranges are refused (WARN_ON_ONCE: the two range errors share a site). */
	warns = irqlab_warn_count(tm);
	ck_assert_int_eq(msi_domain_alloc_irqs_range_locked(&plain, MSI_DEFAULT_DOMAIN, 3, 1),
			 -EINVAL);
	ck_assert_int_eq(msi_domain_alloc_irqs_range_locked(&plain, MSI_DEFAULT_DOMAIN, 0, 4),
			 -EINVAL);
	ck_assert_int_eq(msi_domain_alloc_irqs_range_locked(&plain, MSI_SECONDARY_DOMAIN, 0, 0),
			 -EINVAL);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	msi_unlock_descs(&plain);
	/* Descriptors left behind at release are a bug: WARN, freed. */
	gen_destroy(d, &plain);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 3);
}
END_TEST


/* Three levels: a stacked parent delegates the child's setup downwards. */
START_TEST(test_stacked_parents)
{
	struct irq_domain *tp2;
	struct irq_data *d;
	struct msi_domain_info info = { 0 };
	unsigned int irq;

	tp_create(NULL, MSI_GENERIC_FLAGS_MASK | MSI_FLAG_PCI_MSIX);
	tp2 = tp_create_stacked();
	dev_set_msi_domain(&dev->dev, tp2);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	irq = (unsigned int)pci_irq_vector(dev, 0);
	d = irq_get_irq_data(irq);
	ck_assert_str_eq(d->chip->name, "IR2-PCI-MSIX-" PF_MANA_BDF);
	ck_assert_ptr_eq(d->parent_data->domain, tp2);
	ck_assert_ptr_eq(d->parent_data->parent_data->domain, tp.domain);
	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	x86_free(irq);
	pci_free_irq_vectors(dev);
	/* The bottom has nothing to delegate to. */
	ck_assert(!msi_parent_init_dev_msi_info(&dev->dev, tp.domain, tp2, &info));
	irqlab_pci_remove(dev);
}
END_TEST

/* The child's msi_prepare fails after the domain exists: it goes again. */
START_TEST(test_prepare_failure)
{
	char before[1024], after[1024];

	tp_create(NULL, MSI_GENERIC_FLAGS_MASK | MSI_FLAG_PCI_MSIX);
	tp.prepare_err = -EIO;
	dev_set_msi_domain(&dev->dev, tp.domain);
	pf_domain_list(before, sizeof(before));
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), -ENODEV);
	pf_domain_list(after, sizeof(after));
	ck_assert_str_eq(before, after);
}
END_TEST

/* Without MSI_FLAG_MUST_REACTIVATE there is no reservation mode. */
START_TEST(test_no_reservation_mode)
{
	struct irq_data *d;

	tp_create(NULL, (MSI_GENERIC_FLAGS_MASK & ~MSI_FLAG_MUST_REACTIVATE) | MSI_FLAG_PCI_MSIX);
	dev_set_msi_domain(&dev->dev, tp.domain);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	d = irq_get_irq_data((unsigned int)pci_irq_vector(dev, 0));
	ck_assert(irqd_is_activated(d) && !irqd_can_reserve(d));
	ck_assert_uint_eq(pf_entry(fn, 0).addr_lo, (u32)TP_DOORBELL);
	ck_assert_uint_eq(pf_entry(fn, 0).data, d->parent_data->hwirq);
	pci_free_irq_vectors(dev);
	/* Activated irqs are deactivated on free: the zero message. */
	ck_assert_uint_eq(pf_entry(fn, 0).addr_lo, 0);
}
END_TEST

/* Managed vectors whose CPUs are all offline start shut down. */
START_TEST(test_managed_offline_at_alloc)
{
	struct irqlab_pci_fn_config cfg = pf_msi_config("0000:00:0f.0", 4, true, false);
	struct pci_dev *m;
	unsigned int k;

	tp_create(NULL, MSI_GENERIC_FLAGS_MASK | MSI_FLAG_MULTI_PCI_MSI);
	m = pf_probe(&cfg, NULL);
	dev_set_msi_domain(&m->dev, tp.domain);
	ck_assert_int_eq(irqlab_cpu_offline(tm, 2), 0);
	ck_assert_int_eq(irqlab_cpu_offline(tm, 3), 0);
	ck_assert_int_eq(pci_alloc_irq_vectors(m, 4, 4, PCI_IRQ_MSI | PCI_IRQ_AFFINITY), 4);
	for (k = 0; k < 4; k++) {
		struct irq_data *d = irq_get_irq_data((unsigned int)pci_irq_vector(m, k));

		ck_assert(irqd_affinity_is_managed(d));
		ck_assert(cpumask_equal(irq_data_get_affinity_mask(d), cpumask_of(k)));
		/* Managed irqs are born shut down; only reachable ones activate. */
		ck_assert(irqd_is_managed_and_shutdown(d));
		ck_assert_int_eq(irqd_is_activated(d), k < 2);
	}
	pci_free_irq_vectors(m);
}
END_TEST

/* A fragmented parent has no block of 4: multi-MSI retries with one. */
START_TEST(test_multi_msi_retry)
{
	struct irqlab_pci_fn_config cfg = pf_msi_config("0000:00:0f.0", 4, true, true);
	struct pci_dev *m;
	unsigned int h;

	tp_create(NULL, MSI_GENERIC_FLAGS_MASK | MSI_FLAG_MULTI_PCI_MSI);
	for (h = 0; h < TP_NR_HWIRQS; h++)
		tp.used[h] = h != 5 && h != 9;
	m = pf_probe(&cfg, NULL);
	dev_set_msi_domain(&m->dev, tp.domain);
	ck_assert_int_eq(pci_alloc_irq_vectors(m, 2, 4, PCI_IRQ_MSI), -ENOSPC);
	ck_assert_int_eq(pci_alloc_irq_vectors(m, 1, 4, PCI_IRQ_MSI), 1);
	ck_assert_uint_eq(pf_msi_ctrl(m) & PCI_MSI_FLAGS_QSIZE, 0);
	ck_assert_uint_eq(irq_get_irq_data((unsigned int)pci_irq_vector(m, 0))->parent_data->hwirq,
			  5);
	pci_free_irq_vectors(m);
}
END_TEST

/* Misuse of the domain API: refused, nothing changes. */
/* The common part of the parents' init_dev_msi_info(), field by field. */
START_TEST(test_msi_lib_init_dev_msi_info)
{
	struct irq_chip chip = { .name = "child" };
	struct msi_domain_ops ops = { 0 };
	struct msi_domain_info info = { .chip = &chip, .ops = &ops };

	tp_create(NULL, MSI_GENERIC_FLAGS_MASK | MSI_FLAG_PCI_MSIX);
	tp.ops.chip_flags = MSI_CHIP_FLAG_SET_EOI;
	info.bus_token = DOMAIN_BUS_PCI_DEVICE_MSIX;
	info.flags = MSI_FLAG_PCI_MSIX | MSI_FLAG_MULTI_PCI_MSI;
	ck_assert(msi_lib_init_dev_msi_info(NULL, tp.domain, tp.domain, &info));
	/* MULTI_PCI_MSI is not supported; the required flags are added. */
	ck_assert_uint_eq(info.flags, MSI_FLAG_PCI_MSIX | MSI_FLAG_USE_DEF_DOM_OPS |
					      MSI_FLAG_USE_DEF_CHIP_OPS);
	ck_assert_ptr_eq(chip.irq_eoi, irq_chip_eoi_parent);
	ck_assert_ptr_null(chip.irq_ack);
	ck_assert_ptr_eq(chip.irq_set_affinity, msi_domain_set_affinity);

	/* SET_ACK, an own setter kept, and no affinity at all. */
	memset(&chip, 0, sizeof(chip));
	tp.ops.chip_flags = MSI_CHIP_FLAG_SET_ACK;
	chip.irq_set_affinity = irq_chip_set_affinity_parent;
	ck_assert(msi_lib_init_dev_msi_info(NULL, tp.domain, tp.domain, &info));
	ck_assert_ptr_eq(chip.irq_ack, irq_chip_ack_parent);
	ck_assert_ptr_null(chip.irq_eoi);
	ck_assert_ptr_eq(chip.irq_set_affinity, irq_chip_set_affinity_parent);
	memset(&chip, 0, sizeof(chip));
	tp.ops.supported_flags |= MSI_FLAG_NO_AFFINITY;
	info.flags = MSI_FLAG_NO_AFFINITY;
	ck_assert(msi_lib_init_dev_msi_info(NULL, tp.domain, tp.domain, &info));
	ck_assert_ptr_null(chip.irq_set_affinity);
	ck_assert_no_log("WARNING");

	/* Children it cannot serve: refused with a WARN, info untouched. */
	info.flags = MSI_FLAG_PCI_MSIX;
	info.bus_token = DOMAIN_BUS_ANY;
	ck_assert(!msi_lib_init_dev_msi_info(NULL, tp.domain, tp.domain, &info));
	ck_assert_uint_eq(info.flags, MSI_FLAG_PCI_MSIX);
	ck_assert_log("WARNING");
	info.bus_token = DOMAIN_BUS_PCI_DEVICE_MSI;
	ck_assert(!msi_lib_init_dev_msi_info(NULL, NULL, tp.domain, &info));
	ck_assert(!msi_lib_init_dev_msi_info(NULL, tp.domain, NULL, &info));
	ck_assert_uint_eq(info.flags, MSI_FLAG_PCI_MSIX);
}
END_TEST

START_TEST(test_domain_api_misuse)
{
	struct irq_domain *d;
	unsigned int warns;

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	d = irq_get_irq_data((unsigned int)pci_irq_vector(dev, 0))->domain;
	/* Removing a device domain that still has interrupts. */
	warns = irqlab_warn_count(tm);
	msi_remove_device_irq_domain(&dev->dev, MSI_DEFAULT_DOMAIN);
	ck_assert_uint_gt(irqlab_warn_count(tm), warns);
	ck_assert(has_domain(d->name));
	ck_assert(!msi_create_device_irq_domain(&dev->dev, MSI_MAX_DEVICE_IRQDOMAINS, NULL, 1,
						NULL, NULL));
	msi_lock_descs(&dev->dev);
	ck_assert_ptr_null(msi_get_device_domain(&dev->dev, MSI_MAX_DEVICE_IRQDOMAINS));
	msi_unlock_descs(&dev->dev);
	pci_free_irq_vectors(dev);
}
END_TEST

/* Global MSI domains built from partial or broken infos. */
START_TEST(test_global_domain_infos)
{
	static struct irq_chip nomask = { .name = "NOMASK" };
	static struct msi_domain_ops partial = { 0 };
	struct msi_domain_info def = {
		.chip = &gen_chip,
		.bus_token = DOMAIN_BUS_GENERIC_MSI,
		.handler = handle_edge_irq,
		.handler_name = "edge",
		.handler_data = &gen,
	};
	struct fwnode_handle *fw = irq_domain_alloc_named_fwnode("DEFMSI");
	unsigned int irq;
	struct msi_domain_info big = { .hwsize = MSI_XA_DOMAIN_SIZE + 1, .chip = &gen_chip };
	struct msi_domain_info bad_chip = { .flags = MSI_FLAG_USE_DEF_CHIP_OPS, .chip = &nomask };
	struct msi_domain_info bad_ops = { .ops = &partial, .chip = &gen_chip };
	struct irq_domain *d;
	struct device plain = { .name = "plain2", .numa_node = NUMA_NO_NODE };
	struct msi_desc init = { .nvec_used = 1 };
	struct irq_fwspec spec = { .param_count = 1 };

	tp_create(NULL, MSI_GENERIC_FLAGS_MASK);
	d = msi_create_irq_domain(fw, &def, tp.domain);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(def.hwsize, MSI_XA_DOMAIN_SIZE);
	ck_assert_ptr_nonnull(def.ops->get_hwirq);
	ck_assert_ptr_null(msi_create_irq_domain(NULL, &big, tp.domain));
	ck_assert_ptr_null(msi_create_irq_domain(NULL, &bad_chip, tp.domain));
	ck_assert_ptr_null(msi_create_irq_domain(NULL, &bad_ops, tp.domain));
	/* MSI interrupts are not described by firmware. */
	spec.fwnode = d->fwnode;
	ck_assert_uint_eq(irq_create_fwspec_mapping(&spec), 0);

	/* A device without an MSI domain: -ENODEV. */
	ck_assert_int_eq(msi_setup_device_data(&plain), 0);
	msi_lock_descs(&plain);
	ck_assert_int_eq(msi_insert_msi_desc(&plain, &init), 0);
	ck_assert_int_eq(msi_domain_alloc_irqs_range_locked(&plain, MSI_DEFAULT_DOMAIN, 0, 0),
			 -ENODEV);
	msi_free_msi_descs(&plain);
	msi_unlock_descs(&plain);
	msi_device_data_release(&plain);

	/* The default ops: hwirq from the argument, handler and its data. */
	plain.msi.domain = d;
	ck_assert_int_eq(msi_setup_device_data(&plain), 0);
	msi_lock_descs(&plain);
	ck_assert_int_eq(msi_insert_msi_desc(&plain, &init), 0);
	ck_assert_int_eq(msi_domain_alloc_irqs_range_locked(&plain, MSI_DEFAULT_DOMAIN, 0, 0), 0);
	irq = msi_first_desc(&plain, MSI_DESC_ASSOCIATED)->irq;
	ck_assert_ptr_eq(irq_get_handler_data(irq), &gen);
	ck_assert_ptr_eq(irq_get_irq_data(irq)->chip, &gen_chip);
	msi_domain_free_irqs_all_locked(&plain, MSI_DEFAULT_DOMAIN);
	msi_free_msi_descs(&plain);
	msi_unlock_descs(&plain);
	msi_device_data_release(&plain);
	plain.msi.domain = NULL;

	/* Without data nothing happens. */
	msi_domain_free_irqs_all(&plain, MSI_DEFAULT_DOMAIN);
	msi_domain_free_irqs_range(&plain, MSI_DEFAULT_DOMAIN, 0, 0);
	msi_remove_device_irq_domain(&plain, MSI_DEFAULT_DOMAIN);
	ck_assert(!msi_match_device_irq_domain(&plain, MSI_DEFAULT_DOMAIN, DOMAIN_BUS_ANY));
	ck_assert_uint_eq(msi_get_virq(&plain, 0), 0);
	ck_assert_int_eq(msi_domain_alloc_irq_at(&plain, 0, 0, NULL).index, -ENODEV);
	irq_domain_remove(d);
	irq_domain_free_fwnode(fw);
}
END_TEST

/* ---- every allocation failure unwinds completely --------------------------- */

/*
 * A failed attempt may leave the message of early activation in MSI's
 * address/data registers (as the kernel does: only activated interrupts
 * are deactivated); everything else must be as before.
 */
static void assert_same_but_msi_message(struct pf_snapshot *s0, struct pf_snapshot *s1)
{
	unsigned int i;

	for (i = dev->msi_cap + (unsigned int)PCI_MSI_ADDRESS_LO; i < dev->msi_cap + (unsigned int)PCI_MSI_MASK_64; i++)
		s1->cfg[i] = s0->cfg[i];
	pf_snapshot_assert_equal_but_table(s0, s1);
}

/*
 * Fail the 1st, 2nd, ... allocation of a pci_alloc_irq_vectors() until a
 * run completes without hitting the failure.  Failures of non-essential
 * allocations (the debugfs device name) are ignored, as in the kernel.
 */
static void fault_loop(unsigned int flags, unsigned int max)
{
	struct pf_snapshot s0, s1;
	unsigned int failed = 0;
	unsigned long nth;
	bool hit;
	int ret;

	pf_snapshot_take(&s0, fn);
	for (nth = 1; nth < 2000; nth++) {
		irqlab_fail_nth_alloc(nth);
		ret = pci_alloc_irq_vectors(dev, 1, max, flags);
		hit = irqlab_alloc_fault_hit();
		irqlab_fail_nth_alloc(0);
		if (ret > 0) {
			ck_assert(dev->msix_enabled || dev->msi_enabled);
			pci_free_irq_vectors(dev);
		} else {
			/* -ENODEV: no device domain; -ENOSPC: no irq (PCI's code). */
			ck_assert_msg(ret == -ENOMEM || ret == -ENODEV || ret == -ENOSPC,
				      "failure %lu: %d", nth, ret);
			ck_assert(!dev->msix_enabled && !dev->msi_enabled);
			failed++;
		}
		pf_snapshot_take(&s1, fn);
		assert_same_but_msi_message(&s0, &s1);
		pf_snapshot_free(&s1);
		if (!hit)
			break;
	}
	ck_assert_int_gt(ret, 0);
	ck_assert_uint_lt(nth, 2000);
	ck_assert_uint_gt(failed, 5);
	pf_snapshot_free(&s0);
}

START_TEST(test_fault_injection_msix)
{
	fault_loop(PCI_IRQ_MSIX, 4);
}
END_TEST

START_TEST(test_fault_injection_msi)
{
	fault_loop(PCI_IRQ_MSI, 1);
}
END_TEST

START_TEST(test_fault_injection_probe)
{
	struct irqlab_pci_fn_config cfg = pf_msix_config("0000:00:0e.0", 8);
	struct pci_dev *d = NULL;
	unsigned long nth;
	int ret = -1;
	bool hit;

	pf_create(&cfg);
	for (nth = 1; nth < 200; nth++) {
		irqlab_fail_nth_alloc(nth);
		ret = irqlab_pci_probe(tm, cfg.bdf, &d);
		hit = irqlab_alloc_fault_hit();
		irqlab_fail_nth_alloc(0);
		if (!hit)
			break;
		ck_assert_int_eq(ret, -ENOMEM);
	}
	ck_assert_int_eq(ret, 0);
	ck_assert_ptr_eq(irqlab_pci_dev_find(tm, cfg.bdf), d);
}
END_TEST

/* Dynamic MSI-X under memory pressure. */
START_TEST(test_fault_injection_dynamic)
{
	unsigned int active;
	struct msi_map map;
	unsigned long nth;
	bool hit;

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), 1);
	active = irqlab_nr_active_irqs();
	for (nth = 1; nth < 200; nth++) {
		irqlab_fail_nth_alloc(nth);
		map = pci_msix_alloc_irq_at(dev, 7, NULL);
		hit = irqlab_alloc_fault_hit();
		irqlab_fail_nth_alloc(0);
		if (map.index >= 0)
			pci_msix_free_irq(dev, map);
		ck_assert_uint_eq(irqlab_nr_active_irqs(), active);
		if (!hit)
			break;
	}
	ck_assert_int_eq(map.index, 7);
	ck_assert_uint_gt(nth, 3);
	pci_free_irq_vectors(dev);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("msi_core");
	TCase *tc = tcase_create("core");
	TCase *fi = tcase_create("faults");

	tcase_add_checked_fixture(tc, setup, x86_teardown);
	tcase_add_test(tc, test_parent_prefix_names);
	tcase_add_test(tc, test_parent_refuses);
	tcase_add_test(tc, test_domain_switch);
	tcase_add_test(tc, test_global_domain_plain_device);
	tcase_add_test(tc, test_global_domain_init_failure);
	tcase_add_test(tc, test_stacked_parents);
	tcase_add_test(tc, test_prepare_failure);
	tcase_add_test(tc, test_no_reservation_mode);
	tcase_add_test(tc, test_managed_offline_at_alloc);
	tcase_add_test(tc, test_multi_msi_retry);
	tcase_add_test(tc, test_domain_api_misuse);
	tcase_add_test(tc, test_msi_lib_init_dev_msi_info);
	tcase_add_test(tc, test_global_domain_infos);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(fi, setup, x86_teardown);
	tcase_set_timeout(fi, 120);
	tcase_add_test(fi, test_fault_injection_msix);
	tcase_add_test(fi, test_fault_injection_msi);
	tcase_add_test(fi, test_fault_injection_probe);
	tcase_add_test(fi, test_fault_injection_dynamic);
	suite_add_tcase(s, fi);
	return tm_run_suite(s);
}
