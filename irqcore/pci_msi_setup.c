// SPDX-License-Identifier: MIT
/*
 * Setting up and tearing down MSI and MSI-X on a device
 * (drivers/pci/msi/msi.c): descriptors from the capability, interrupts
 * from the per-device domain, then the enable sequence in the order the
 * kernel uses.
 *
 * MSI-X: set Enable together with Function Mask (some devices need Enable
 * to accept table writes; Function Mask keeps them quiet), map the table,
 * allocate and activate (which programs the entries), set
 * Command.Interrupt Disable, mask every entry (late, for a Marvell NVMe
 * device that honours entry masks even while MSI-X is disabled), clear
 * Function Mask.
 *
 * MSI: clear Enable, mask all vectors, allocate and activate (which writes
 * address/data and Multiple Message Enable), disable INTx, set Enable.
 */
#include <string.h>

#include "pci_internal.h"

static void pci_intx_for_msi(struct pci_dev *dev, int enable)
{
	if (!(dev->dev_flags & PCI_DEV_FLAGS_MSI_INTX_DISABLE_BUG))
		pci_intx(dev, enable);
}

static void pci_msi_set_enable(struct pci_dev *dev, int enable)
{
	u16 control;

	pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS, &control);
	control &= ~PCI_MSI_FLAGS_ENABLE;
	if (enable)
		control |= PCI_MSI_FLAGS_ENABLE;
	pci_write_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS, control);
}

static void pci_msix_clear_and_set_ctrl(struct pci_dev *dev, u16 clear, u16 set)
{
	u16 ctrl;

	pci_read_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, &ctrl);
	ctrl &= ~clear;
	ctrl |= set;
	pci_write_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, ctrl);
}

/**
 * pci_free_msi_irqs() - free the interrupts and the table mapping.
 * @dev: the device.
 *
 * Context: msi_lock_descs() held.
 */
void pci_free_msi_irqs(struct pci_dev *dev)
{
	pci_msi_teardown_msi_irqs(dev);
	if (dev->msix_base) {
		iounmap(dev->msix_base);
		dev->msix_base = NULL;
	}
}

/* May MSI or MSI-X be used at all (globally, by the device, for @nvec)? */
static bool pci_msi_supported(struct pci_dev *dev, int nvec)
{
	if (!dev || dev->no_msi)
		return false;
	/* Asking for 0 or fewer vectors is stupid, and breaks the code. */
	return nvec >= 1;
}

static int pci_setup_msi_context(struct pci_dev *dev)
{
	return msi_setup_device_data(&dev->dev);
}

int pci_msi_vec_count(struct pci_dev *dev)
{
	u16 msgctl;

	if (!dev->msi_cap)
		return -EINVAL;
	pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS, &msgctl);
	return 1 << ((msgctl & PCI_MSI_FLAGS_QMASK) >> 1);
}

int pci_msix_vec_count(struct pci_dev *dev)
{
	u16 control;

	if (!dev->msix_cap)
		return -EINVAL;
	pci_read_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, &control);
	return (control & PCI_MSIX_FLAGS_QSIZE) + 1;
}

/* log2 of @n rounded up to a power of two. */
static unsigned int order_base_2(unsigned int n)
{
	unsigned int order = 0;

	while ((1u << order) < n)
		order++;
	return order;
}

static int msi_setup_msi_desc(struct pci_dev *dev, int nvec,
			      struct irq_affinity_desc *masks)
{
	struct msi_desc desc;
	u16 control;

	memset(&desc, 0, sizeof(desc));
	pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS, &control);
	if (pci_msi_domain_supports(dev, MSI_FLAG_NO_MASK, DENY_LEGACY))
		control &= ~PCI_MSI_FLAGS_MASKBIT;

	desc.nvec_used = (unsigned int)nvec;
	desc.pci.msi_attrib.is_64 = !!(control & PCI_MSI_FLAGS_64BIT);
	desc.pci.msi_attrib.can_mask = !!(control & PCI_MSI_FLAGS_MASKBIT);
	desc.pci.msi_attrib.default_irq = dev->irq;
	desc.pci.msi_attrib.multi_cap = (control & PCI_MSI_FLAGS_QMASK) >> 1;
	desc.pci.msi_attrib.multiple = order_base_2((unsigned int)nvec) & 7;
	desc.affinity = masks;
	desc.pci.mask_pos = dev->msi_cap + ((control & PCI_MSI_FLAGS_64BIT) ? PCI_MSI_MASK_64 :
									   PCI_MSI_MASK_32);
	/* Save the initial mask status. */
	if (desc.pci.msi_attrib.can_mask)
		pci_read_config_dword(dev, desc.pci.mask_pos, &desc.pci.msi_mask);
	return msi_insert_msi_desc(&dev->dev, &desc);
}

/* A device limited to 32-bit MSI addresses got a 64-bit one. */
static int msi_verify_entries(struct pci_dev *dev)
{
	struct msi_desc *entry;

	if (!dev->no_64bit_msi)
		return 0;
	msi_for_each_desc(entry, &dev->dev, MSI_DESC_ALL) {
		if (entry->msg.address_hi) {
			pci_err(dev, "arch assigned 64-bit MSI address %#x%08x but device only supports 32 bits\n",
				entry->msg.address_hi, entry->msg.address_lo);
			return -EIO;
		}
	}
	return 0;
}

static int __msi_capability_init(struct pci_dev *dev, int nvec,
				 struct irq_affinity_desc *masks)
{
	int ret = msi_setup_msi_desc(dev, nvec, masks);
	struct msi_desc *entry, desc;

	if (ret)
		return ret;
	/* All MSIs are unmasked by default; mask them all. */
	entry = msi_first_desc(&dev->dev, MSI_DESC_ALL);
	pci_msi_mask(entry, msi_multi_mask(entry));
	/* The error path needs it after the teardown freed the original. */
	desc = *entry;

	ret = pci_msi_setup_msi_irqs(dev, nvec, PCI_CAP_ID_MSI);
	if (ret)
		goto err;
	ret = msi_verify_entries(dev);
	if (ret)
		goto err;

	dev->msi_enabled = 1;
	pci_intx_for_msi(dev, 0);
	pci_msi_set_enable(dev, 1);
	dev->irq = entry->irq;
	return 0;
err:
	pci_msi_unmask(&desc, msi_multi_mask(&desc));
	pci_free_msi_irqs(dev);
	return ret;
}

/* 0 on success, < 0 an error, > 0 the number of vectors to retry with. */
static int msi_capability_init(struct pci_dev *dev, int nvec, struct irq_affinity *affd)
{
	struct irq_affinity_desc *masks;
	int ret;

	/* Multi-MSI needs consecutive vectors the parent may not provide. */
	if (nvec > 1 && !pci_msi_domain_supports(dev, MSI_FLAG_MULTI_PCI_MSI, ALLOW_LEGACY))
		return 1;
	/* Disable MSI during setup in the hardware to erase stale state. */
	pci_msi_set_enable(dev, 0);
	masks = affd ? irq_create_affinity_masks((unsigned int)nvec, affd) : NULL;
	msi_lock_descs(&dev->dev);
	ret = __msi_capability_init(dev, nvec, masks);
	msi_unlock_descs(&dev->dev);
	kfree(masks);
	return ret;
}

/**
 * __pci_enable_msi_range() - enable MSI with @minvec..@maxvec vectors.
 * @dev: the device.
 * @minvec: the fewest vectors acceptable.
 * @maxvec: the most wanted.
 * @affd: affinity requirements, or NULL.
 *
 * Multi-MSI needs a parent offering MSI_FLAG_MULTI_PCI_MSI; without it,
 * or when fewer vectors could be allocated, the setup is retried with
 * fewer.
 *
 * Return: the number of vectors, or -EINVAL, -ERANGE, -ENOTSUPP, -ENOSPC,
 * -ENODEV, -ENOMEM.
 */
int __pci_enable_msi_range(struct pci_dev *dev, int minvec, int maxvec,
			   struct irq_affinity *affd)
{
	int nvec, rc;

	if (!pci_msi_supported(dev, minvec))
		return -EINVAL;
	if (dev->msix_enabled) {
		pci_info(dev, "can't enable MSI (MSI-X already enabled)\n");
		return -EINVAL;
	}
	if (maxvec < minvec)
		return -ERANGE;
	if (WARN_ON_ONCE(dev->msi_enabled))
		return -EINVAL;
	/* Is there an MSI capable interrupt domain at all? */
	if (!pci_msi_domain_supports(dev, 0, ALLOW_LEGACY))
		return -ENOTSUPP;
	nvec = pci_msi_vec_count(dev);
	if (nvec < 0)
		return nvec;
	if (nvec < minvec)
		return -ENOSPC;
	rc = pci_setup_msi_context(dev);
	if (rc)
		return rc;
	if (!pci_setup_msi_device_domain(dev, (unsigned int)nvec))
		return -ENODEV;
	if (nvec > maxvec)
		nvec = maxvec;

	for (;;) {
		if (affd) {
			nvec = (int)irq_calc_affinity_vectors((unsigned int)minvec,
							      (unsigned int)nvec, affd);
			if (nvec < minvec)
				return -ENOSPC;
		}
		rc = msi_capability_init(dev, nvec, affd);
		if (rc == 0)
			return nvec;
		if (rc < 0)
			return rc;
		if (rc < minvec)
			return -ENOSPC;
		nvec = rc;
	}
}

static void __iomem *msix_map_region(struct pci_dev *dev, unsigned int nr_entries)
{
	u32 table_offset;
	unsigned long flags;
	u8 bir;

	pci_read_config_dword(dev, dev->msix_cap + PCI_MSIX_TABLE, &table_offset);
	bir = (u8)(table_offset & PCI_MSIX_TABLE_BIR);
	if (bir >= PCI_STD_NUM_BARS)
		return NULL;
	flags = pci_resource_flags(dev, bir);
	if (!flags || (flags & IORESOURCE_UNSET))
		return NULL;
	table_offset &= PCI_MSIX_TABLE_OFFSET;
	return ioremap(pci_resource_start(dev, bir) + table_offset,
		       (size_t)nr_entries * PCI_MSIX_ENTRY_SIZE);
}

static int msix_setup_msi_descs(struct pci_dev *dev, struct msix_entry *entries, int nvec,
				struct irq_affinity_desc *masks)
{
	int ret = 0, i, vec_count = pci_msix_vec_count(dev);
	struct msi_desc desc;

	memset(&desc, 0, sizeof(desc));
	for (i = 0; i < nvec; i++) {
		desc.msi_index = entries ? entries[i].entry : (u16)i;
		desc.affinity = masks ? &masks[i] : NULL;
		desc.pci.msi_attrib.is_virtual = desc.msi_index >= vec_count;
		msix_prepare_msi_desc(dev, &desc);
		ret = msi_insert_msi_desc(&dev->dev, &desc);
		if (ret)
			break;
	}
	return ret;
}

static void msix_update_entries(struct pci_dev *dev, struct msix_entry *entries)
{
	struct msi_desc *desc;

	if (!entries)
		return;
	msi_for_each_desc(desc, &dev->dev, MSI_DESC_ALL) {
		entries->vector = desc->irq;
		entries++;
	}
}

/* Stale entries must not fire (a crash kernel inherits a live table). */
static void msix_mask_all(void __iomem *base, int tsize)
{
	u32 ctrl = PCI_MSIX_ENTRY_CTRL_MASKBIT;
	char __iomem *p = base;
	int i;

	for (i = 0; i < tsize; i++, p += PCI_MSIX_ENTRY_SIZE)
		writel(ctrl, p + PCI_MSIX_ENTRY_VECTOR_CTRL);
}

static int msix_setup_interrupts(struct pci_dev *dev, struct msix_entry *entries, int nvec,
				 struct irq_affinity *affd)
{
	struct irq_affinity_desc *masks;
	int ret;

	masks = affd ? irq_create_affinity_masks((unsigned int)nvec, affd) : NULL;
	msi_lock_descs(&dev->dev);
	ret = msix_setup_msi_descs(dev, entries, nvec, masks);
	if (ret)
		goto out_free;
	ret = pci_msi_setup_msi_irqs(dev, nvec, PCI_CAP_ID_MSIX);
	if (ret)
		goto out_free;
	ret = msi_verify_entries(dev);
	if (ret)
		goto out_free;
	msix_update_entries(dev, entries);
	goto out_unlock;
out_free:
	pci_free_msi_irqs(dev);
out_unlock:
	msi_unlock_descs(&dev->dev);
	kfree(masks);
	return ret;
}

static int msix_capability_init(struct pci_dev *dev, struct msix_entry *entries, int nvec,
				struct irq_affinity *affd)
{
	int ret, tsize;
	u16 control;

	/*
	 * Some devices require MSI-X to be enabled before the MSI-X registers
	 * can be accessed; Function Mask keeps every vector quiet meanwhile.
	 */
	pci_msix_clear_and_set_ctrl(dev, 0, PCI_MSIX_FLAGS_MASKALL | PCI_MSIX_FLAGS_ENABLE);
	/* Mark it enabled so setup functions can query it. */
	dev->msix_enabled = 1;

	pci_read_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, &control);
	tsize = (control & PCI_MSIX_FLAGS_QSIZE) + 1;
	dev->msix_base = msix_map_region(dev, (unsigned int)tsize);
	if (!dev->msix_base) {
		ret = -ENOMEM;
		goto out_disable;
	}
	ret = msix_setup_interrupts(dev, entries, nvec, affd);
	if (ret)
		goto out_disable;

	pci_intx_for_msi(dev, 0);
	if (!pci_msi_domain_supports(dev, MSI_FLAG_NO_MASK, DENY_LEGACY))
		msix_mask_all(dev->msix_base, tsize);
	pci_msix_clear_and_set_ctrl(dev, PCI_MSIX_FLAGS_MASKALL, 0);
	return 0;

out_disable:
	dev->msix_enabled = 0;
	pci_msix_clear_and_set_ctrl(dev, PCI_MSIX_FLAGS_MASKALL | PCI_MSIX_FLAGS_ENABLE, 0);
	return ret;
}

static bool pci_msix_validate_entries(struct pci_dev *dev, struct msix_entry *entries,
				      int nvec)
{
	bool nogap;
	int i, j;

	if (!entries)
		return true;
	nogap = pci_msi_domain_supports(dev, MSI_FLAG_MSIX_CONTIGUOUS, DENY_LEGACY);
	for (i = 0; i < nvec; i++) {
		for (j = i + 1; j < nvec; j++)
			if (entries[i].entry == entries[j].entry)
				return false;
		if (nogap && entries[i].entry != i)
			return false;
	}
	return true;
}

/**
 * __pci_enable_msix_range() - enable MSI-X with @minvec..@maxvec vectors.
 * @dev: the device.
 * @entries: table entries wanted, or NULL for 0..n-1.
 * @minvec: the fewest vectors acceptable.
 * @maxvec: the most wanted (clamped to the table size).
 * @affd: affinity requirements, or NULL.
 * @flags: PCI_IRQ_* of the caller (PCI_IRQ_VIRTUAL).
 *
 * A partial allocation is undone and retried with the count that could be
 * allocated, while that count is at least @minvec.
 *
 * Return: the number of vectors, or -ERANGE, -EINVAL, -ENOTSUPP, -ENOSPC,
 * -ENODEV, -ENOMEM.
 */
int __pci_enable_msix_range(struct pci_dev *dev, struct msix_entry *entries, int minvec,
			    int maxvec, struct irq_affinity *affd, unsigned int flags)
{
	int hwsize, rc, nvec = maxvec;

	if (maxvec < minvec)
		return -ERANGE;
	if (dev->msi_enabled) {
		pci_info(dev, "can't enable MSI-X (MSI already enabled)\n");
		return -EINVAL;
	}
	if (WARN_ON_ONCE(dev->msix_enabled))
		return -EINVAL;
	/* Check MSI-X early on irq domain enabled architectures. */
	if (!pci_msi_domain_supports(dev, MSI_FLAG_PCI_MSIX, ALLOW_LEGACY))
		return -ENOTSUPP;
	if (!pci_msi_supported(dev, nvec))
		return -EINVAL;
	hwsize = pci_msix_vec_count(dev);
	if (hwsize < 0)
		return hwsize;
	if (!pci_msix_validate_entries(dev, entries, nvec))
		return -EINVAL;
	if (hwsize < nvec) {
		/* Keep the IRQ virtual hackery working. */
		if (flags & PCI_IRQ_VIRTUAL)
			hwsize = nvec;
		else
			nvec = hwsize;
	}
	if (nvec < minvec)
		return -ENOSPC;
	rc = pci_setup_msi_context(dev);
	if (rc)
		return rc;
	if (!pci_setup_msix_device_domain(dev, (unsigned int)hwsize))
		return -ENODEV;

	for (;;) {
		if (affd) {
			nvec = (int)irq_calc_affinity_vectors((unsigned int)minvec,
							      (unsigned int)nvec, affd);
			if (nvec < minvec)
				return -ENOSPC;
		}
		rc = msix_capability_init(dev, entries, nvec, affd);
		if (rc == 0)
			return nvec;
		if (rc < 0)
			return rc;
		if (rc < minvec)
			return -ENOSPC;
		nvec = rc;
	}
}

/**
 * pci_msi_shutdown() - disable MSI and return the device to INTx.
 * @dev: the device.
 *
 * Context: msi_lock_descs() held.
 */
void pci_msi_shutdown(struct pci_dev *dev)
{
	struct msi_desc *desc;

	if (!dev || !dev->msi_enabled)
		return;
	pci_msi_set_enable(dev, 0);
	pci_intx_for_msi(dev, 1);
	dev->msi_enabled = 0;
	/* Return the device with MSI unmasked, as it came out of reset. */
	desc = msi_first_desc(&dev->dev, MSI_DESC_ALL);
	if (WARN_ON_ONCE(!desc))
		return;
	pci_msi_unmask(desc, msi_multi_mask(desc));
	/* Restore dev->irq to its default pin-assertion irq. */
	dev->irq = desc->pci.msi_attrib.default_irq;
}

/**
 * pci_msix_shutdown() - mask every entry, disable MSI-X, enable INTx.
 * @dev: the device.
 *
 * Context: msi_lock_descs() held.
 */
void pci_msix_shutdown(struct pci_dev *dev)
{
	struct msi_desc *desc;

	if (!dev || !dev->msix_enabled)
		return;
	/* Return the device with MSI-X masked, as it came out of reset. */
	msi_for_each_desc(desc, &dev->dev, MSI_DESC_ALL)
		pci_msix_mask(desc);
	pci_msix_clear_and_set_ctrl(dev, PCI_MSIX_FLAGS_ENABLE, 0);
	pci_intx_for_msi(dev, 1);
	dev->msix_enabled = 0;
}

/**
 * pci_disable_msi() - legacy: undo pci_enable_msi().
 * @dev: the device; nothing happens unless MSI is enabled.
 */
void pci_disable_msi(struct pci_dev *dev)
{
	if (!dev || !dev->msi_enabled)
		return;
	msi_lock_descs(&dev->dev);
	pci_msi_shutdown(dev);
	pci_free_msi_irqs(dev);
	msi_unlock_descs(&dev->dev);
}

/**
 * pci_disable_msix() - legacy: undo pci_enable_msix_range().
 * @dev: the device; nothing happens unless MSI-X is enabled.
 */
void pci_disable_msix(struct pci_dev *dev)
{
	if (!dev || !dev->msix_enabled)
		return;
	msi_lock_descs(&dev->dev);
	pci_msix_shutdown(dev);
	pci_free_msi_irqs(dev);
	msi_unlock_descs(&dev->dev);
}

static void __pci_restore_msi_state(struct pci_dev *dev)
{
	struct msi_desc *entry;
	u16 control;

	if (!dev->msi_enabled)
		return;
	entry = irq_get_msi_desc(dev->irq);
	if (WARN_ON(!entry))
		return;
	pci_intx_for_msi(dev, 0);
	pci_msi_set_enable(dev, 0);
	__pci_write_msi_msg(entry, &entry->msg);

	pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS, &control);
	pci_msi_update_mask(entry, 0, 0);
	control &= ~PCI_MSI_FLAGS_QSIZE;
	control |= (u16)(entry->pci.msi_attrib.multiple << 4) | PCI_MSI_FLAGS_ENABLE;
	pci_write_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS, control);
}

static void __pci_restore_msix_state(struct pci_dev *dev)
{
	struct msi_desc *entry;

	if (!dev->msix_enabled)
		return;
	/* Route the table. */
	pci_intx_for_msi(dev, 0);
	pci_msix_clear_and_set_ctrl(dev, 0, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	msi_lock_descs(&dev->dev);
	msi_for_each_desc(entry, &dev->dev, MSI_DESC_ALL) {
		__pci_write_msi_msg(entry, &entry->msg);
		pci_msix_write_vector_ctrl(entry, entry->pci.msix_ctrl);
	}
	msi_unlock_descs(&dev->dev);
	pci_msix_clear_and_set_ctrl(dev, PCI_MSIX_FLAGS_MASKALL, 0);
}

void pci_restore_msi_state(struct pci_dev *dev)
{
	__pci_restore_msi_state(dev);
	__pci_restore_msix_state(dev);
}
