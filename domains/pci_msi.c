// SPDX-License-Identifier: MIT
/*
 * The PCI/MSI leaf: the per-device "PCI-MSI-<bdf>" and "PCI-MSIX-<bdf>"
 * domains (drivers/pci/msi/irqdomain.c) and the register programming of
 * their chip (drivers/pci/msi/msi.c, msi.h).
 *
 * - Mask/unmask: MSI-X through the entry's Vector Control bit (a DWORD
 *   MMIO write of the cached word); MSI through the Mask register in
 *   configuration space when the function has per-vector masking, else
 *   not at all.
 * - Messages: MSI-X entries over MMIO (an unmasked entry is masked around
 *   the update); MSI address/data in configuration space.
 */
#include "pci_internal.h"

/**
 * msi_desc_to_pci_dev() - the pci_dev of a descriptor.
 * @desc: a PCI MSI descriptor.
 *
 * Return: the device.
 */
struct pci_dev *msi_desc_to_pci_dev(struct msi_desc *desc)
{
	return to_pci_dev(desc->dev);
}

/**
 * pci_msi_update_mask() - change MSI per-vector mask bits.
 * @desc: the MSI descriptor.
 * @clear: bits to clear.
 * @set: bits to set.
 *
 * The cached register is updated and written as a whole; nothing happens
 * without per-vector masking.
 */
void pci_msi_update_mask(struct msi_desc *desc, u32 clear, u32 set)
{
	struct pci_dev *dev = msi_desc_to_pci_dev(desc);
	unsigned long flags;

	if (!desc->pci.msi_attrib.can_mask)
		return;
	raw_spin_lock_irqsave(&dev->msi_lock, flags);
	desc->pci.msi_mask &= ~clear;
	desc->pci.msi_mask |= set;
	pci_write_config_dword(dev, desc->pci.mask_pos, desc->pci.msi_mask);
	raw_spin_unlock_irqrestore(&dev->msi_lock, flags);
}

/**
 * pci_msix_write_vector_ctrl() - write an entry's Vector Control word.
 * @desc: the MSI-X descriptor.
 * @ctrl: the value.
 */
void pci_msix_write_vector_ctrl(struct msi_desc *desc, u32 ctrl)
{
	if (desc->pci.msi_attrib.can_mask)
		writel(ctrl, (char __iomem *)pci_msix_desc_addr(desc) + PCI_MSIX_ENTRY_VECTOR_CTRL);
}

/**
 * pci_msix_mask() - set an entry's Mask bit.
 * @desc: the MSI-X descriptor.
 */
void pci_msix_mask(struct msi_desc *desc)
{
	desc->pci.msix_ctrl |= PCI_MSIX_ENTRY_CTRL_MASKBIT;
	pci_msix_write_vector_ctrl(desc, desc->pci.msix_ctrl);
	/* Flush the posted write to the device. */
	readl(desc->pci.mask_base);
}

/**
 * pci_msix_unmask() - clear an entry's Mask bit.
 * @desc: the MSI-X descriptor.
 */
void pci_msix_unmask(struct msi_desc *desc)
{
	desc->pci.msix_ctrl &= ~PCI_MSIX_ENTRY_CTRL_MASKBIT;
	pci_msix_write_vector_ctrl(desc, desc->pci.msix_ctrl);
}

static void __pci_msi_mask_desc(struct msi_desc *desc, u32 mask)
{
	if (desc->pci.msi_attrib.is_msix)
		pci_msix_mask(desc);
	else
		pci_msi_mask(desc, mask);
}

static void __pci_msi_unmask_desc(struct msi_desc *desc, u32 mask)
{
	if (desc->pci.msi_attrib.is_msix)
		pci_msix_unmask(desc);
	else
		pci_msi_unmask(desc, mask);
}

void pci_msi_mask_irq(struct irq_data *data)
{
	struct msi_desc *desc = irq_data_get_msi_desc(data);

	__pci_msi_mask_desc(desc, (u32)BIT(data->irq - desc->irq));
}

void pci_msi_unmask_irq(struct irq_data *data)
{
	struct msi_desc *desc = irq_data_get_msi_desc(data);

	__pci_msi_unmask_desc(desc, (u32)BIT(data->irq - desc->irq));
}

void __pci_read_msi_msg(struct msi_desc *entry, struct msi_msg *msg)
{
	struct pci_dev *dev = msi_desc_to_pci_dev(entry);

	if (entry->pci.msi_attrib.is_msix) {
		char __iomem *base = pci_msix_desc_addr(entry);

		msg->address_lo = readl(base + PCI_MSIX_ENTRY_LOWER_ADDR);
		msg->address_hi = readl(base + PCI_MSIX_ENTRY_UPPER_ADDR);
		msg->data = readl(base + PCI_MSIX_ENTRY_DATA);
	} else {
		int pos = dev->msi_cap;
		u16 data;

		pci_read_config_dword(dev, pos + PCI_MSI_ADDRESS_LO, &msg->address_lo);
		if (entry->pci.msi_attrib.is_64) {
			pci_read_config_dword(dev, pos + PCI_MSI_ADDRESS_HI, &msg->address_hi);
			pci_read_config_word(dev, pos + PCI_MSI_DATA_64, &data);
		} else {
			msg->address_hi = 0;
			pci_read_config_word(dev, pos + PCI_MSI_DATA_32, &data);
		}
		msg->data = data;
	}
}

static void pci_msix_write_msg(struct msi_desc *entry, struct msi_msg *msg)
{
	char __iomem *base = pci_msix_desc_addr(entry);
	u32 ctrl = entry->pci.msix_ctrl;
	bool unmasked = !(ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT);

	/* "If software changes the Address or Data value of an entry while
	 * the entry is unmasked, the result is undefined." */
	if (unmasked)
		pci_msix_write_vector_ctrl(entry, ctrl | PCI_MSIX_ENTRY_CTRL_MASKBIT);
	writel(msg->address_lo, base + PCI_MSIX_ENTRY_LOWER_ADDR);
	writel(msg->address_hi, base + PCI_MSIX_ENTRY_UPPER_ADDR);
	writel(msg->data, base + PCI_MSIX_ENTRY_DATA);
	if (unmasked)
		pci_msix_write_vector_ctrl(entry, ctrl);
	/* Make the writes visible in the device. */
	readl(base + PCI_MSIX_ENTRY_DATA);
}

/* Three (or four) separate config writes: a device can fire in between. */
static void pci_msi_write_msg(struct msi_desc *entry, struct msi_msg *msg)
{
	struct pci_dev *dev = msi_desc_to_pci_dev(entry);
	int pos = dev->msi_cap;
	u16 msgctl;

	pci_read_config_word(dev, pos + PCI_MSI_FLAGS, &msgctl);
	msgctl &= ~PCI_MSI_FLAGS_QSIZE;
	msgctl |= (u16)(entry->pci.msi_attrib.multiple << 4);
	pci_write_config_word(dev, pos + PCI_MSI_FLAGS, msgctl);

	pci_write_config_dword(dev, pos + PCI_MSI_ADDRESS_LO, msg->address_lo);
	if (entry->pci.msi_attrib.is_64) {
		pci_write_config_dword(dev, pos + PCI_MSI_ADDRESS_HI, msg->address_hi);
		pci_write_config_word(dev, pos + PCI_MSI_DATA_64, (u16)msg->data);
	} else {
		pci_write_config_word(dev, pos + PCI_MSI_DATA_32, (u16)msg->data);
	}
	/* Make the writes visible in the device. */
	pci_read_config_word(dev, pos + PCI_MSI_FLAGS, &msgctl);
}

void __pci_write_msi_msg(struct msi_desc *entry, struct msi_msg *msg)
{
	if (entry->pci.msi_attrib.is_msix) {
		if (!entry->pci.msi_attrib.is_virtual)
			pci_msix_write_msg(entry, msg);
	} else {
		pci_msi_write_msg(entry, msg);
	}
	entry->msg = *msg;
	if (entry->write_msi_msg)
		entry->write_msi_msg(entry, entry->write_msi_msg_data);
}

void pci_write_msi_msg(unsigned int irq, struct msi_msg *msg)
{
	struct msi_desc *entry = irq_get_msi_desc(irq);

	if (!WARN_ON(!entry))
		__pci_write_msi_msg(entry, msg);
}

/**
 * msix_prepare_msi_desc() - fill in an MSI-X descriptor.
 * @dev: the device.
 * @desc: a descriptor with msi_index (and affinity, is_virtual) set.
 *
 * The entry's Vector Control word is read from the table to seed the cache.
 */
void msix_prepare_msi_desc(struct pci_dev *dev, struct msi_desc *desc)
{
	desc->nvec_used = 1;
	desc->pci.msi_attrib.is_msix = 1;
	desc->pci.msi_attrib.is_64 = 1;
	desc->pci.msi_attrib.default_irq = dev->irq;
	desc->pci.mask_base = dev->msix_base;

	if (!pci_msi_domain_supports(dev, MSI_FLAG_NO_MASK, DENY_LEGACY) &&
	    !desc->pci.msi_attrib.is_virtual) {
		char __iomem *addr = pci_msix_desc_addr(desc);

		desc->pci.msi_attrib.can_mask = 1;
		desc->pci.msix_ctrl = readl(addr + PCI_MSIX_ENTRY_VECTOR_CTRL);
	}
}

/* ---- the per-device domains ---------------------------------------------- */

/* For multi-MSI only the first irq writes the (shared) message. */
static void pci_msi_domain_write_msg(struct irq_data *irq_data, struct msi_msg *msg)
{
	struct msi_desc *desc = irq_data_get_msi_desc(irq_data);

	if (desc->irq == irq_data->irq)
		__pci_write_msi_msg(desc, msg);
}

static void pci_device_domain_set_desc(msi_alloc_info_t *arg, struct msi_desc *desc)
{
	arg->desc = desc;
	arg->hwirq = desc->msi_index;
}

static void cond_mask_parent(struct irq_data *data)
{
	struct msi_domain_info *info = data->domain->host_data;

	if (info->flags & MSI_FLAG_PCI_MSI_MASK_PARENT)
		irq_chip_mask_parent(data);
}

static void cond_unmask_parent(struct irq_data *data)
{
	struct msi_domain_info *info = data->domain->host_data;

	if (info->flags & MSI_FLAG_PCI_MSI_MASK_PARENT)
		irq_chip_unmask_parent(data);
}

static void pci_irq_mask_msi(struct irq_data *data)
{
	struct msi_desc *desc = irq_data_get_msi_desc(data);

	pci_msi_mask(desc, (u32)BIT(data->irq - desc->irq));
	cond_mask_parent(data);
}

static void pci_irq_unmask_msi(struct irq_data *data)
{
	struct msi_desc *desc = irq_data_get_msi_desc(data);

	cond_unmask_parent(data);
	pci_msi_unmask(desc, (u32)BIT(data->irq - desc->irq));
}

static void pci_irq_mask_msix(struct irq_data *data)
{
	pci_msix_mask(irq_data_get_msi_desc(data));
	cond_mask_parent(data);
}

static void pci_irq_unmask_msix(struct irq_data *data)
{
	cond_unmask_parent(data);
	pci_msix_unmask(irq_data_get_msi_desc(data));
}

/* Dynamic allocations come with a bare descriptor: fill it in. */
static void pci_msix_prepare_desc(struct irq_domain *domain, msi_alloc_info_t *arg,
				  struct msi_desc *desc)
{
	if (!desc->pci.mask_base)
		msix_prepare_msi_desc(to_pci_dev(desc->dev), desc);
}

#define MSI_COMMON_FLAGS                                                  \
	(MSI_FLAG_FREE_MSI_DESCS | MSI_FLAG_ACTIVATE_EARLY | MSI_FLAG_DEV_SYSFS | \
	 MSI_FLAG_MUST_REACTIVATE)

static const struct msi_domain_template pci_msi_template = {
	.chip = {
		.name = "PCI-MSI",
		.irq_mask = pci_irq_mask_msi,
		.irq_unmask = pci_irq_unmask_msi,
		.irq_write_msi_msg = pci_msi_domain_write_msg,
		.flags = IRQCHIP_ONESHOT_SAFE,
	},
	.ops = {
		.set_desc = pci_device_domain_set_desc,
	},
	.info = {
		.flags = MSI_COMMON_FLAGS | MSI_FLAG_MULTI_PCI_MSI,
		.bus_token = DOMAIN_BUS_PCI_DEVICE_MSI,
	},
};

static const struct msi_domain_template pci_msix_template = {
	.chip = {
		.name = "PCI-MSIX",
		.irq_mask = pci_irq_mask_msix,
		.irq_unmask = pci_irq_unmask_msix,
		.irq_write_msi_msg = pci_msi_domain_write_msg,
		.flags = IRQCHIP_ONESHOT_SAFE,
	},
	.ops = {
		.prepare_desc = pci_msix_prepare_desc,
		.set_desc = pci_device_domain_set_desc,
	},
	.info = {
		.flags = MSI_COMMON_FLAGS | MSI_FLAG_PCI_MSIX | MSI_FLAG_PCI_MSIX_ALLOC_DYN,
		.bus_token = DOMAIN_BUS_PCI_DEVICE_MSIX,
	},
};

/**
 * pci_msi_setup_msi_irqs() - allocate the interrupts of the descriptors.
 * @dev: the device.
 * @nvec: how many.
 * @type: PCI_CAP_ID_MSI or PCI_CAP_ID_MSIX.
 *
 * Context: msi_lock_descs() held.
 * Return: as msi_domain_alloc_irqs_all_locked(); -ENOSYS without an
 * interrupt domain (no arch fallback exists).
 */
int pci_msi_setup_msi_irqs(struct pci_dev *dev, int nvec, int type)
{
	struct irq_domain *domain = dev_get_msi_domain(&dev->dev);

	if (domain && irq_domain_is_hierarchy(domain))
		return msi_domain_alloc_irqs_all_locked(&dev->dev, MSI_DEFAULT_DOMAIN, nvec);
	return -ENOSYS;
}

/**
 * pci_msi_teardown_msi_irqs() - free them again.
 * @dev: the device.
 *
 * Context: msi_lock_descs() held.
 */
void pci_msi_teardown_msi_irqs(struct pci_dev *dev)
{
	struct irq_domain *domain = dev_get_msi_domain(&dev->dev);

	if (domain && irq_domain_is_hierarchy(domain))
		msi_domain_free_irqs_all_locked(&dev->dev, MSI_DEFAULT_DOMAIN);
	else
		msi_free_msi_descs(&dev->dev);
}

static bool pci_create_device_domain(struct pci_dev *pdev,
				     const struct msi_domain_template *tmpl,
				     unsigned int hwsize)
{
	struct irq_domain *domain = dev_get_msi_domain(&pdev->dev);

	/* A global MSI domain (no per-device domains) serves as is. */
	if (!domain || !irq_domain_is_msi_parent(domain))
		return true;
	return msi_create_device_irq_domain(&pdev->dev, MSI_DEFAULT_DOMAIN, tmpl, hwsize,
					    NULL, NULL);
}

/**
 * pci_setup_msi_device_domain() - make sure the device has its MSI domain.
 * @pdev: the device.
 * @hwsize: the number of MSI vectors.
 *
 * An MSI-X domain of the device is replaced.
 *
 * Return: true when the domain exists (or is not needed); false while
 * MSI-X is enabled or when the creation fails.
 */
bool pci_setup_msi_device_domain(struct pci_dev *pdev, unsigned int hwsize)
{
	if (WARN_ON_ONCE(pdev->msix_enabled))
		return false;
	if (msi_match_device_irq_domain(&pdev->dev, MSI_DEFAULT_DOMAIN,
					DOMAIN_BUS_PCI_DEVICE_MSI))
		return true;
	if (msi_match_device_irq_domain(&pdev->dev, MSI_DEFAULT_DOMAIN,
					DOMAIN_BUS_PCI_DEVICE_MSIX))
		msi_remove_device_irq_domain(&pdev->dev, MSI_DEFAULT_DOMAIN);
	return pci_create_device_domain(pdev, &pci_msi_template, hwsize);
}

/**
 * pci_setup_msix_device_domain() - make sure the device has its MSI-X domain.
 * @pdev: the device.
 * @hwsize: the table size.
 *
 * An MSI domain of the device is replaced.
 *
 * Return: as pci_setup_msi_device_domain().
 */
bool pci_setup_msix_device_domain(struct pci_dev *pdev, unsigned int hwsize)
{
	if (WARN_ON_ONCE(pdev->msi_enabled))
		return false;
	if (msi_match_device_irq_domain(&pdev->dev, MSI_DEFAULT_DOMAIN,
					DOMAIN_BUS_PCI_DEVICE_MSIX))
		return true;
	if (msi_match_device_irq_domain(&pdev->dev, MSI_DEFAULT_DOMAIN,
					DOMAIN_BUS_PCI_DEVICE_MSI))
		msi_remove_device_irq_domain(&pdev->dev, MSI_DEFAULT_DOMAIN);
	return pci_create_device_domain(pdev, &pci_msix_template, hwsize);
}

/**
 * pci_msi_domain_supports() - does the device's MSI domain offer features?
 * @pdev: the device.
 * @feature_mask: MSI_FLAG_* that must all be supported.
 * @mode: ALLOW_LEGACY grants everything without an interrupt domain only
 *        where arch fallbacks exist (never in irqlab).
 *
 * An MSI parent answers for its future children (supported_flags); a
 * global MSI domain with its own flags.
 *
 * Return: true when supported.
 */
bool pci_msi_domain_supports(struct pci_dev *pdev, unsigned int feature_mask,
			     enum support_mode mode)
{
	struct irq_domain *domain = dev_get_msi_domain(&pdev->dev);
	unsigned int supported;

	if (!domain || !irq_domain_is_hierarchy(domain))
		return false;
	if (!irq_domain_is_msi_parent(domain))
		supported = ((struct msi_domain_info *)domain->host_data)->flags;
	else
		supported = domain->msi_parent_ops->supported_flags;
	return (supported & feature_mask) == feature_mask;
}
