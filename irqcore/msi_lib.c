// SPDX-License-Identifier: MIT
/*
 * What every MSI parent domain does for a per-device child domain
 * (drivers/irqchip/irq-msi-lib.c analogue): check that the child is a
 * bus the parent serves, keep only the feature flags the parent supports
 * and add the ones it requires, and complete the child's chip with the
 * parent's ack/eoi and the default affinity setter.  Parents call it
 * first from their init_dev_msi_info() and then add their own pieces.
 */
#include "internals.h"
#include "irqlab/msi.h"

/**
 * msi_lib_init_dev_msi_info() - the common part of an MSI parent's
 * init_dev_msi_info().
 * @dev: the device the child domain is for.
 * @domain: the parent domain the child is created below.
 * @real_parent: the MSI parent domain (one level: must equal @domain).
 * @info: the child's domain info, adjusted in place.
 *
 * Only PCI/MSI and PCI/MSI-X children are served.  The chip gets
 * irq_chip_eoi_parent / irq_chip_ack_parent where the parent's chip_flags
 * ask for them and it has none, and msi_domain_set_affinity() unless the
 * child has its own setter or MSI_FLAG_NO_AFFINITY: the device level never
 * chooses a CPU itself.
 *
 * Return: true, or false (with a WARN) for a child the parent cannot serve.
 */
bool msi_lib_init_dev_msi_info(struct device *dev, struct irq_domain *domain,
			       struct irq_domain *real_parent, struct msi_domain_info *info)
{
	const struct msi_parent_ops *pops = real_parent ? real_parent->msi_parent_ops : NULL;
	struct irq_chip *chip = info->chip;

	(void)dev;
	if (WARN_ON_ONCE(!pops))
		return false;
	/* One parent level: the parent is the domain the child sits on. */
	if (WARN_ON_ONCE(domain != real_parent))
		return false;
	switch (info->bus_token) {
	case DOMAIN_BUS_PCI_DEVICE_MSI:
	case DOMAIN_BUS_PCI_DEVICE_MSIX:
		break;
	default:
		WARN_ON_ONCE(1);
		return false;
	}
	info->flags &= pops->supported_flags;
	info->flags |= pops->required_flags;
	if (!chip->irq_eoi && (pops->chip_flags & MSI_CHIP_FLAG_SET_EOI))
		chip->irq_eoi = irq_chip_eoi_parent;
	if (!chip->irq_ack && (pops->chip_flags & MSI_CHIP_FLAG_SET_ACK))
		chip->irq_ack = irq_chip_ack_parent;
	if (!chip->irq_set_affinity && !(info->flags & MSI_FLAG_NO_AFFINITY))
		chip->irq_set_affinity = msi_domain_set_affinity;
	return true;
}
