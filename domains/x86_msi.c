// SPDX-License-Identifier: MIT
/*
 * The x86 MSI parent (arch/x86/kernel/apic/msi.c analogue): the VECTOR
 * domain doubles as the MSI parent of every per-device PCI/MSI domain.
 * Its init_dev_msi_info() completes the child's chip (ack and retrigger
 * through the parent, the edge flow, IRQCHIP_MOVE_DEFERRED) and installs
 * msi_set_affinity(), which handles the non-maskable MSI affinity race:
 *
 * An MSI message is two or three separate config writes; a device that
 * fires between them sends a torn message, e.g. the new CPU with the old
 * vector, which nobody owns there: the interrupt is lost.  When vector and
 * CPU both change, the move therefore runs on the old CPU, in interrupt
 * context (MOVE_DEFERRED), in two steps - new vector on the old CPU, then
 * the new CPU - so every intermediate message hits a valid vector, and an
 * interrupt that landed on the old CPU meanwhile is retriggered to the new
 * one.
 *
 * Which irqs take the two-step path depends on the kernel version:
 * - before 5.6: none (the race is unplugged);
 * - 5.6 .. 6.6: irqs with the non-maskable quirk, i.e. MSI without
 *   per-vector masking (IRQD_MSI_NOMASK_QUIRK);
 * - 6.7+: the code tests !irqd_can_reserve(); reservation mode is what
 *   maskable MSI and MSI-X use, so as written the two-step path serves
 *   maskable interrupts and non-maskable MSI is updated directly.  irqlab
 *   reproduces the code as written.
 */
#include <string.h>

#include "x86_internals.h"
#include "irqlab/msi.h"

/* The message of a configuration (__irq_msi_compose_msg()). */
static void __irq_msi_compose_msg(struct irq_cfg *cfg, struct msi_msg *msg)
{
	memset(msg, 0, sizeof(*msg));
	msg->address_lo = X86_MSI_BASE_ADDRESS_LOW |
			  (cfg->dest_apicid & X86_MSI_ADDR_DEST_MASK) << X86_MSI_ADDR_DEST_SHIFT |
			  ((cfg->dest_apicid >> 8) & X86_MSI_ADDR_EXT_DEST_MASK)
				  << X86_MSI_ADDR_EXT_DEST_SHIFT;
	msg->address_hi = X86_MSI_BASE_ADDRESS_HIGH;
	msg->data = APIC_DELIVERY_MODE_FIXED << X86_MSI_DATA_DELIVERY_SHIFT | cfg->vector;
}

static void irq_msi_update_msg(struct irq_data *irqd, struct irq_cfg *cfg)
{
	struct msi_msg msg[2] = { { 0 }, { 0 } };

	__irq_msi_compose_msg(cfg, msg);
	irq_data_get_irq_chip(irqd)->irq_write_msi_msg(irqd, msg);
}

/* Before 6.7: set for MSI that could not use reservation mode (no mask). */
static bool irqd_msi_nomask_quirk(struct irq_data *irqd)
{
	struct msi_desc *desc = irq_data_get_msi_desc(irqd);

	return desc && !desc->pci.msi_attrib.is_msix && !desc->pci.msi_attrib.can_mask;
}

/* Can the message be rewritten in one go, or is the two-step dance due? */
static bool msi_direct_update(struct irq_data *irqd, struct irq_cfg *cfg,
			      struct irq_cfg *old_cfg)
{
	struct irqlab_machine *m = irqlab_cur();
	bool unaffected;

	if (!irqlab_kver_ge(m, KERNEL_VERSION(5, 6, 0)))
		return true;
	if (irqlab_kver_ge(m, KERNEL_VERSION(6, 7, 0)))
		unaffected = !irqd_can_reserve(irqd);
	else
		unaffected = !irqd_msi_nomask_quirk(irqd);
	return unaffected || cfg->vector == old_cfg->vector ||
	       old_cfg->vector == MANAGED_IRQ_SHUTDOWN_VECTOR || !irqd_is_started(irqd) ||
	       cfg->dest_apicid == old_cfg->dest_apicid;
}

/*
 * Runs on the old target CPU with desc->lock held.  Both intermediate
 * messages hit a vector that is valid: the old CPU with the new vector
 * (marked VECTOR_RETRIGGERED there if unused), then the new CPU.
 */
static void msi_update_two_step(struct irq_data *irqd, struct irq_cfg *cfg,
				struct irq_cfg *old_cfg)
{
	struct irqlab_x86 *x86 = apic_chip_data(irqd)->x86;
	unsigned int cpu = smp_processor_id();

	lock_vector_lock(x86);
	if (IS_ERR_OR_NULL(vector_irq_get(x86, cpu, cfg->vector)))
		vector_irq_set(x86, cpu, cfg->vector, VECTOR_RETRIGGERED);
	/* Redirect it to the new vector on the local CPU temporarily. */
	old_cfg->vector = cfg->vector;
	irq_msi_update_msg(irqd, old_cfg);
	/* Now transition it to the target CPU. */
	irq_msi_update_msg(irqd, cfg);
	/* The retrigger takes vector_lock itself. */
	unlock_vector_lock(x86);

	/* The device fired in between: hand the interrupt to the new CPU. */
	if (is_vector_pending(cfg->vector))
		irq_data_get_irq_chip(irqd)->irq_retrigger(irqd);
}

/**
 * msi_set_affinity() - irq_set_affinity of PCI/MSI chips below VECTOR.
 * @irqd: the MSI level.
 * @mask: the requested CPUs.
 * @force: passed to the parent.
 *
 * Context: desc->lock held; for a started irq whose vector and CPU both
 * change, interrupt context on the old target CPU (MOVE_DEFERRED).
 * Return: the vector domain's result.
 */
static int msi_set_affinity(struct irq_data *irqd, const struct cpumask *mask, bool force)
{
	struct irq_cfg old_cfg, *cfg = irqd_cfg(irqd);
	struct irq_data *parent = irqd->parent_data;
	unsigned int cpu;
	int ret;

	/* Save the current configuration. */
	cpu = cpumask_first(irq_data_get_effective_affinity_mask(irqd));
	old_cfg = *cfg;

	/* Allocate a new target vector. */
	ret = parent->chip->irq_set_affinity(parent, mask, force);
	if (ret < 0 || ret == IRQ_SET_MASK_OK_DONE)
		return ret;

	if (msi_direct_update(irqd, cfg, &old_cfg)) {
		irq_msi_update_msg(irqd, cfg);
		return ret;
	}
	/* Paranoia: the two-step update must run on the current target. */
	if (WARN_ON_ONCE(cpu != smp_processor_id())) {
		irq_msi_update_msg(irqd, cfg);
		return ret;
	}
	msi_update_two_step(irqd, cfg, &old_cfg);
	return ret;
}

/**
 * pci_msi_prepare() - the allocation argument of PCI/MSI device domains on x86.
 * @domain: the device domain.
 * @dev: the device.
 * @nvec: vectors to allocate.
 * @arg: the argument, initialised.
 *
 * Shared by the VECTOR parent and the Hyper-V vPCI parent, as in the kernel.
 * Return: 0, or -EINVAL for a domain that is not PCI/MSI or PCI/MSI-X.
 */
int pci_msi_prepare(struct irq_domain *domain, struct device *dev, int nvec,
		    msi_alloc_info_t *arg)
{
	init_irq_alloc_info(arg, NULL);
	switch (domain->bus_token) {
	case DOMAIN_BUS_PCI_DEVICE_MSI:
		arg->type = X86_IRQ_ALLOC_TYPE_PCI_MSI;
		return 0;
	case DOMAIN_BUS_PCI_DEVICE_MSIX:
		arg->type = X86_IRQ_ALLOC_TYPE_PCI_MSIX;
		return 0;
	default:
		return -EINVAL;
	}
}

#define X86_VECTOR_MSI_FLAGS_SUPPORTED \
	(MSI_GENERIC_FLAGS_MASK | MSI_FLAG_PCI_MSIX | MSI_FLAG_PCI_MSIX_ALLOC_DYN)
#define X86_VECTOR_MSI_FLAGS_REQUIRED (MSI_FLAG_USE_DEF_DOM_OPS | MSI_FLAG_USE_DEF_CHIP_OPS)

static bool x86_init_dev_msi_info(struct device *dev, struct irq_domain *domain,
				  struct irq_domain *real_parent, struct msi_domain_info *info)
{
	const struct msi_parent_ops *pops = real_parent->msi_parent_ops;

	/* MSI parent domain specific settings: only VECTOR has the ANY token. */
	if (real_parent->bus_token != DOMAIN_BUS_ANY || WARN_ON_ONCE(domain != real_parent))
		return false;
	info->chip->irq_set_affinity = msi_set_affinity;
	info->chip->flags |= IRQCHIP_MOVE_DEFERRED;

	/* Is the target supported? */
	switch (info->bus_token) {
	case DOMAIN_BUS_PCI_DEVICE_MSI:
	case DOMAIN_BUS_PCI_DEVICE_MSIX:
		break;
	default:
		WARN_ON_ONCE(1);
		return false;
	}
	/* Multi-MSI needs consecutive vectors: not without remapping. */
	info->flags &= pops->supported_flags;
	info->flags |= X86_VECTOR_MSI_FLAGS_REQUIRED;
	info->ops->msi_prepare = pci_msi_prepare;
	info->chip->irq_ack = irq_chip_ack_parent;
	info->chip->irq_retrigger = irq_chip_retrigger_hierarchy;
	info->chip->flags |= IRQCHIP_SKIP_SET_WAKE | IRQCHIP_AFFINITY_PRE_STARTUP;
	info->handler = handle_edge_irq;
	info->handler_name = "edge";
	return true;
}

static const struct msi_parent_ops x86_vector_msi_parent_ops = {
	.supported_flags = X86_VECTOR_MSI_FLAGS_SUPPORTED,
	.init_dev_msi_info = x86_init_dev_msi_info,
};

/**
 * x86_create_pci_msi_domain() - make VECTOR the MSI parent of PCI devices.
 * @x86: the machine's arch state, its vector domain created.
 *
 * native_create_pci_msi_domain(): no domain is created; per-device domains
 * are created below VECTOR when a driver allocates vectors.
 */
void x86_create_pci_msi_domain(struct irqlab_x86 *x86)
{
	x86->vector_domain->flags |= IRQ_DOMAIN_FLAG_MSI_PARENT;
	x86->vector_domain->msi_parent_ops = &x86_vector_msi_parent_ops;
}
