// SPDX-License-Identifier: MIT
#include "msi_parent.h"
#include "internals.h"

#include <string.h>

#include "irqlab/bus.h"

struct tp_parent tp;

static void tp_ack(struct irq_data *d)
{
	tp.acks++;
}

static void tp_noop(struct irq_data *d)
{
}

static void tp_compose(struct irq_data *d, struct msi_msg *msg)
{
	msg->address_lo = (u32)TP_DOORBELL;
	msg->address_hi = 0;
	msg->data = (u32)d->hwirq;
}

static int tp_set_affinity(struct irq_data *d, const struct cpumask *mask, bool force)
{
	irq_data_update_effective_affinity(d, cpumask_of(cpumask_first(mask)));
	return IRQ_SET_MASK_OK;
}

static const struct irq_chip tp_chip = {
	.name = "TESTMSI",
	.irq_ack = tp_ack,
	.irq_mask = tp_noop,
	.irq_unmask = tp_noop,
	.irq_compose_msi_msg = tp_compose,
	.irq_set_affinity = tp_set_affinity,
};

/* A naturally aligned block of @nr (rounded up to a power of two) hwirqs. */
static int tp_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr, void *arg)
{
	unsigned int size = 1, base, i;

	while (size < nr)
		size <<= 1;
	for (base = 0; base + size <= TP_NR_HWIRQS; base += size) {
		for (i = 0; i < size && !tp.used[base + i]; i++)
			;
		if (i == size)
			break;
	}
	if (base + size > TP_NR_HWIRQS)
		return -ENOSPC;
	for (i = 0; i < nr; i++) {
		tp.used[base + i] = true;
		irq_domain_set_hwirq_and_chip(d, virq + i, base + i, &tp_chip, NULL);
	}
	return 0;
}

static void tp_free(struct irq_domain *d, unsigned int virq, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		struct irq_data *irqd = irq_domain_get_irq_data(d, virq + i);

		tp.used[irqd->hwirq] = false;
		irq_domain_reset_irq_data(irqd);
	}
}

static const struct irq_domain_ops tp_domain_ops = {
	.alloc = tp_alloc,
	.free = tp_free,
};

static int tp_prepare(struct irq_domain *domain, struct device *dev, int nvec,
		      msi_alloc_info_t *arg)
{
	memset(arg, 0, sizeof(*arg));
	return tp.prepare_err;
}

static bool tp_init_dev_msi_info(struct device *dev, struct irq_domain *domain,
				 struct irq_domain *real_parent, struct msi_domain_info *info)
{
	if (tp.refuse)
		return false;
	if (tp.prepare_err)
		info->ops->msi_prepare = tp_prepare;
	info->flags &= real_parent->msi_parent_ops->supported_flags;
	info->flags |= real_parent->msi_parent_ops->required_flags;
	info->chip->irq_ack = irq_chip_ack_parent;
	info->handler = handle_edge_irq;
	info->handler_name = "edge";
	return true;
}

static int tp_doorbell(void *ctx, u64 addr, u32 data)
{
	unsigned int irq = irq_find_mapping(tp.domain, data);

	tp.doorbells++;
	tp.last_data = data;
	if (!irq) {
		tp.unmapped++;
		return 0;
	}
	/*
	 * Latch, deliver later (irqlab_run_until_idle), as an interrupt
	 * controller does: handling it inside the bus write would run the
	 * flow handler under whatever lock the writer holds (the MSI mask
	 * lock, when an unmask releases a pending message).
	 */
	return irqlab_work_queue(tm, irq, NULL);
}

static void tp_exit(struct irq_domain *d)
{
	irq_domain_free_fwnode(d->fwnode);
}

void tp_create(const char *prefix, u32 supported_flags)
{
	struct irq_domain_info info = {
		.size = TP_NR_HWIRQS,
		.hwirq_max = TP_NR_HWIRQS,
		.ops = &tp_domain_ops,
		.exit = tp_exit,
	};

	memset(&tp, 0, sizeof(tp));
	tp.ops.prefix = prefix;
	tp.ops.supported_flags = supported_flags;
	tp.ops.required_flags = MSI_FLAG_USE_DEF_DOM_OPS | MSI_FLAG_USE_DEF_CHIP_OPS;
	tp.ops.bus_select_token = DOMAIN_BUS_NEXUS;
	tp.ops.init_dev_msi_info = tp_init_dev_msi_info;
	info.fwnode = irq_domain_alloc_named_fwnode("TESTMSI");
	ck_assert_ptr_nonnull(info.fwnode);
	tp.domain = msi_create_parent_irq_domain(&info, &tp.ops);
	ck_assert_ptr_nonnull(tp.domain);
	ck_assert_int_eq(irqlab_bus_claim(tm, TP_DOORBELL, 0x1000, "TESTMSI", tp_doorbell, NULL),
			 0);
}

/* The stacked parent passes its children's irqs through to TESTMSI. */
static int tp2_alloc(struct irq_domain *d, unsigned int virq, unsigned int nr, void *arg)
{
	int ret = irq_domain_alloc_irqs_parent(d, virq, nr, arg);

	for (unsigned int i = 0; !ret && i < nr; i++) {
		struct irq_data *parent = irq_domain_get_irq_data(d->parent, virq + i);

		irq_domain_set_hwirq_and_chip(d, virq + i, parent->hwirq, &tp_chip, NULL);
	}
	return ret;
}

static void tp2_free(struct irq_domain *d, unsigned int virq, unsigned int nr)
{
	irq_domain_free_irqs_common(d, virq, nr);
}

static const struct irq_domain_ops tp2_domain_ops = {
	.alloc = tp2_alloc,
	.free = tp2_free,
};

static struct msi_parent_ops tp2_ops = {
	.prefix = "IR2-",
	.supported_flags = MSI_GENERIC_FLAGS_MASK | MSI_FLAG_PCI_MSIX,
	.required_flags = MSI_FLAG_USE_DEF_DOM_OPS | MSI_FLAG_USE_DEF_CHIP_OPS,
	.bus_select_token = DOMAIN_BUS_NEXUS,
	.init_dev_msi_info = msi_parent_init_dev_msi_info,
};

struct irq_domain *tp_create_stacked(void)
{
	struct irq_domain_info info = {
		.size = TP_NR_HWIRQS,
		.hwirq_max = TP_NR_HWIRQS,
		.ops = &tp2_domain_ops,
		.exit = tp_exit,
		.parent = tp.domain,
	};
	struct irq_domain *d;

	info.fwnode = irq_domain_alloc_named_fwnode("TESTMSI2");
	d = msi_create_parent_irq_domain(&info, &tp2_ops);
	ck_assert_ptr_nonnull(d);
	return d;
}
