// SPDX-License-Identifier: MIT
/*
 * The PCI interrupt API of device drivers (drivers/pci/msi/api.c):
 * allocate vectors with MSI-X → MSI → INTx fallback, look their irqs up,
 * add and remove MSI-X vectors at run time, free everything; and the
 * msi_irqs/ directory of sysfs.
 */
#include "pci_internal.h"

/**
 * pci_enable_msi() - legacy: enable MSI with one vector.
 * @dev: the device.
 *
 * Return: 0 (dev->irq is the MSI irq), or the errno of
 * pci_alloc_irq_vectors() with PCI_IRQ_MSI.
 */
int pci_enable_msi(struct pci_dev *dev)
{
	int rc = __pci_enable_msi_range(dev, 1, 1, NULL);

	return rc < 0 ? rc : 0;
}

/**
 * pci_enable_msix_range() - legacy: enable MSI-X for chosen table entries.
 * @dev: the device.
 * @entries: the table entries wanted; their irqs are stored in .vector.
 * @minvec: the fewest vectors acceptable.
 * @maxvec: the most wanted.
 *
 * Return: the number of vectors, -EINVAL for duplicate entries, or the
 * errno of pci_alloc_irq_vectors().
 */
int pci_enable_msix_range(struct pci_dev *dev, struct msix_entry *entries, int minvec,
			  int maxvec)
{
	return __pci_enable_msix_range(dev, entries, minvec, maxvec, NULL, 0);
}

/* INTx: one vector, the pin's irq, only when the driver can live with one. */
static int pci_alloc_intx(struct pci_dev *dev, unsigned int min_vecs,
			  struct irq_affinity *affd)
{
	if (min_vecs != 1 || !dev->irq)
		return 0;
	/*
	 * Let the affinity spreading run so the driver can size its queues
	 * for the single interrupt case.  (The kernel drops the result on
	 * the floor; irqlab frees it.)
	 */
	if (affd)
		kfree(irq_create_affinity_masks(1, affd));
	pci_intx(dev, 1);
	return 1;
}

int pci_alloc_irq_vectors_affinity(struct pci_dev *dev, unsigned int min_vecs,
				   unsigned int max_vecs, unsigned int flags,
				   struct irq_affinity *affd)
{
	struct irq_affinity msi_default_affd = { 0 };
	int nvecs = -ENOSPC;

	if (!dev)
		return -EINVAL;
	if (flags & PCI_IRQ_AFFINITY) {
		if (!affd)
			affd = &msi_default_affd;
	} else if (WARN_ON(affd)) {
		affd = NULL;
	}
	if (flags & PCI_IRQ_MSIX) {
		nvecs = __pci_enable_msix_range(dev, NULL, (int)min_vecs, (int)max_vecs, affd,
						flags);
		if (nvecs > 0)
			return nvecs;
	}
	if (flags & PCI_IRQ_MSI) {
		nvecs = __pci_enable_msi_range(dev, (int)min_vecs, (int)max_vecs, affd);
		if (nvecs > 0)
			return nvecs;
	}
	if ((flags & PCI_IRQ_INTX) && pci_alloc_intx(dev, min_vecs, affd))
		return 1;
	return nvecs;
}

int pci_irq_vector(struct pci_dev *dev, unsigned int nr)
{
	unsigned int irq;

	if (!dev)
		return -EINVAL;
	if (!dev->msi_enabled && !dev->msix_enabled)
		return !nr ? (int)dev->irq : -EINVAL;
	irq = msi_get_virq(&dev->dev, nr);
	return irq ? (int)irq : -EINVAL;
}

const struct cpumask *pci_irq_get_affinity(struct pci_dev *dev, int nr)
{
	int idx, irq = pci_irq_vector(dev, (unsigned int)nr);
	struct msi_desc *desc;

	if (WARN_ON_ONCE(irq <= 0))
		return NULL;
	desc = irq_get_msi_desc((unsigned int)irq);
	/* INTx has no descriptor. */
	if (!desc)
		return cpu_possible_mask;
	if (!desc->affinity)
		return NULL;
	/* MSI has the array in its one descriptor, MSI-X one mask each. */
	idx = dev->msi_enabled ? nr : 0;
	return desc->affinity[idx].mask;
}

void pci_free_irq_vectors(struct pci_dev *dev)
{
	pci_disable_msix(dev);
	pci_disable_msi(dev);
}

bool pci_msix_can_alloc_dyn(struct pci_dev *dev)
{
	if (!dev || !dev->msix_cap)
		return false;
	return pci_msi_domain_supports(dev, MSI_FLAG_PCI_MSIX_ALLOC_DYN, DENY_LEGACY);
}

struct msi_map pci_msix_alloc_irq_at(struct pci_dev *dev, unsigned int index,
				     const struct irq_affinity_desc *affdesc)
{
	struct msi_map map = { .index = -ENOTSUPP };

	if (!dev || !dev->msix_enabled)
		return map;
	if (!pci_msix_can_alloc_dyn(dev))
		return map;
	return msi_domain_alloc_irq_at(&dev->dev, MSI_DEFAULT_DOMAIN, index, affdesc);
}

void pci_msix_free_irq(struct pci_dev *dev, struct msi_map map)
{
	if (WARN_ON_ONCE(map.index < 0 || map.virq <= 0))
		return;
	if (WARN_ON_ONCE(!pci_msix_can_alloc_dyn(dev)))
		return;
	msi_domain_free_irqs_range(&dev->dev, MSI_DEFAULT_DOMAIN, (unsigned int)map.index,
				   (unsigned int)map.index);
}

/* Insert @irq into the ascending array @irqs of @n entries (room: @max). */
static void sorted_insert(unsigned int *irqs, unsigned int n, unsigned int max,
			  unsigned int irq)
{
	unsigned int i = n < max ? n : max;

	while (i > 0 && irqs[i - 1] > irq) {
		if (i < max)
			irqs[i] = irqs[i - 1];
		i--;
	}
	if (i < max)
		irqs[i] = irq;
}

int irqlab_pci_msi_irqs(struct pci_dev *dev, unsigned int *irqs, unsigned int max)
{
	struct msi_desc *desc;
	unsigned int n = 0, i;

	if (!dev || !dev->dev.msi.data)
		return -ENOENT;
	msi_lock_descs(&dev->dev);
	msi_for_each_desc(desc, &dev->dev, MSI_DESC_ASSOCIATED) {
		if (!desc->sysfs)
			continue;
		for (i = 0; i < desc->nvec_used; i++, n++)
			if (irqs)
				sorted_insert(irqs, n, max, desc->irq + i);
	}
	msi_unlock_descs(&dev->dev);
	return (int)n;
}

const char *irqlab_pci_msi_mode(struct pci_dev *dev)
{
	/* MSI vs. MSI-X is per device, not per interrupt. */
	return dev && dev->msix_enabled ? "msix" : "msi";
}
