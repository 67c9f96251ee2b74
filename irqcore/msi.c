// SPDX-License-Identifier: MIT
/*
 * MSI interrupt domains (the domain half of kernel/irq/msi.c): the generic
 * irq_domain_ops of every MSI domain, MSI parent domains, per-device
 * domains created below a parent from a template, and the allocation and
 * free of the interrupts of a device's descriptors.
 *
 * Activation writes the message: compose walks towards the root
 * (irq_chip_compose_msi_msg()), the leaf chip writes it into the device.
 * An affinity change lets the parent pick the new target, then recomposes
 * and rewrites.  Deactivation writes an all-zero message.
 */
#include <stdio.h>
#include <string.h>

#include "msi_internal.h"
#include "irqlab/vfs.h"

/* Flags of one interrupt's initialisation (msi_init_virq()). */
#define VIRQ_CAN_RESERVE 0x01
#define VIRQ_ACTIVATE 0x02

/* An index range of a device domain and how many irqs it should yield. */
struct msi_ctrl {
	unsigned int domid;
	unsigned int first;
	unsigned int last;
	unsigned int nirqs;
};

static void irq_chip_write_msi_msg(struct irq_data *data, struct msi_msg *msg)
{
	data->chip->irq_write_msi_msg(data, msg);
}

/* A second (level "deassert") message needs a level capable domain and chip. */
static void msi_check_level(struct irq_domain *domain, struct msi_msg *msg)
{
	struct msi_domain_info *info = domain->host_data;

	WARN_ON(!((info->flags & MSI_FLAG_LEVEL_CAPABLE) &&
		  (info->chip->flags & IRQCHIP_SUPPORTS_LEVEL_MSI)) &&
		(msg[1].address_lo || msg[1].address_hi || msg[1].data));
}

/**
 * msi_domain_set_affinity() - irq_set_affinity of MSI chips.
 * @irq_data: the MSI level.
 * @mask: the requested CPUs.
 * @force: passed to the parent.
 *
 * Context: desc->lock held.
 * Return: the parent's result.
 */
int msi_domain_set_affinity(struct irq_data *irq_data, const struct cpumask *mask,
			    bool force)
{
	struct irq_data *parent = irq_data->parent_data;
	struct msi_msg msg[2] = { { 0 }, { 0 } };
	int ret;

	ret = parent->chip->irq_set_affinity(parent, mask, force);
	if (ret >= 0 && ret != IRQ_SET_MASK_OK_DONE) {
		/* The kernel BUG()s here: an irq without a message is lost. */
		if (WARN_ON(irq_chip_compose_msi_msg(irq_data, msg)))
			return ret;
		msi_check_level(irq_data->domain, msg);
		irq_chip_write_msi_msg(irq_data, msg);
	}
	return ret;
}

static int msi_domain_activate(struct irq_domain *domain, struct irq_data *irq_data,
			       bool early)
{
	struct msi_msg msg[2] = { { 0 }, { 0 } };

	/* The parents (root first) are active: their message is final. */
	if (WARN_ON(irq_chip_compose_msi_msg(irq_data, msg)))
		return -EINVAL;
	msi_check_level(irq_data->domain, msg);
	irq_chip_write_msi_msg(irq_data, msg);
	return 0;
}

/* An all-zero message: the device cannot hit a vector that gets reused. */
static void msi_domain_deactivate(struct irq_domain *domain, struct irq_data *irq_data)
{
	struct msi_msg msg[2];

	memset(msg, 0, sizeof(msg));
	irq_chip_write_msi_msg(irq_data, msg);
}

static int msi_domain_alloc(struct irq_domain *domain, unsigned int virq,
			    unsigned int nr_irqs, void *arg)
{
	struct msi_domain_info *info = domain->host_data;
	struct msi_domain_ops *ops = info->ops;
	irq_hw_number_t hwirq = ops->get_hwirq(info, arg);
	unsigned int i;
	int ret;

	/* Two irqs for one hardware vector would mask each other. */
	if (irq_resolve_mapping(domain, hwirq))
		return -EEXIST;
	if (domain->parent) {
		ret = irq_domain_alloc_irqs_parent(domain, virq, nr_irqs, arg);
		if (ret < 0)
			return ret;
	}
	for (i = 0; i < nr_irqs; i++) {
		ret = ops->msi_init(domain, info, virq + i, hwirq + i, arg);
		if (ret < 0) {
			if (ops->msi_free)
				while (i--)
					ops->msi_free(domain, info, virq + i);
			irq_domain_free_irqs_top(domain, virq, nr_irqs);
			return ret;
		}
	}
	return 0;
}

static void msi_domain_free(struct irq_domain *domain, unsigned int virq,
			    unsigned int nr_irqs)
{
	struct msi_domain_info *info = domain->host_data;
	unsigned int i;

	if (info->ops->msi_free)
		for (i = 0; i < nr_irqs; i++)
			info->ops->msi_free(domain, info, virq + i);
	irq_domain_free_irqs_top(domain, virq, nr_irqs);
}

/* MSI interrupts are not described by firmware: refuse fwspec mappings. */
static int msi_domain_translate(struct irq_domain *domain, struct irq_fwspec *fwspec,
				unsigned long *hwirq, unsigned int *type)
{
	return -ENOTSUPP;
}

static void msi_domain_debug_show(struct seq_file *m, struct irq_domain *d,
				  struct irq_data *irqd, int ind)
{
	struct msi_desc *desc = irqd ? irq_data_get_msi_desc(irqd) : NULL;

	if (!desc)
		return;
	seq_printf(m, "\n%*saddress_hi: 0x%08x", ind + 1, "", desc->msg.address_hi);
	seq_printf(m, "\n%*saddress_lo: 0x%08x", ind + 1, "", desc->msg.address_lo);
	seq_printf(m, "\n%*smsg_data:   0x%08x\n", ind + 1, "", desc->msg.data);
}

static const struct irq_domain_ops msi_domain_ops = {
	.alloc = msi_domain_alloc,
	.free = msi_domain_free,
	.activate = msi_domain_activate,
	.deactivate = msi_domain_deactivate,
	.translate = msi_domain_translate,
	.debug_show = msi_domain_debug_show,
};

static irq_hw_number_t msi_domain_ops_get_hwirq(struct msi_domain_info *info,
						msi_alloc_info_t *arg)
{
	return arg->hwirq;
}

static int msi_domain_ops_prepare(struct irq_domain *domain, struct device *dev, int nvec,
				  msi_alloc_info_t *arg)
{
	memset(arg, 0, sizeof(*arg));
	return 0;
}

static void msi_domain_ops_teardown(struct irq_domain *domain, msi_alloc_info_t *arg)
{
}

static void msi_domain_ops_set_desc(msi_alloc_info_t *arg, struct msi_desc *desc)
{
	arg->desc = desc;
}

static int msi_domain_ops_init(struct irq_domain *domain, struct msi_domain_info *info,
			       unsigned int virq, irq_hw_number_t hwirq,
			       msi_alloc_info_t *arg)
{
	irq_domain_set_hwirq_and_chip(domain, virq, hwirq, info->chip, info->chip_data);
	if (info->handler && info->handler_name) {
		__irq_set_handler(virq, info->handler, 0, info->handler_name);
		if (info->handler_data)
			irq_set_handler_data(virq, info->handler_data);
	}
	return 0;
}

static struct msi_domain_ops msi_domain_ops_default = {
	.get_hwirq = msi_domain_ops_get_hwirq,
	.msi_init = msi_domain_ops_init,
	.msi_prepare = msi_domain_ops_prepare,
	.msi_teardown = msi_domain_ops_teardown,
	.set_desc = msi_domain_ops_set_desc,
};

static void msi_domain_update_dom_ops(struct msi_domain_info *info)
{
	struct msi_domain_ops *ops = info->ops;

	if (!ops) {
		info->ops = &msi_domain_ops_default;
		return;
	}
	if (!(info->flags & MSI_FLAG_USE_DEF_DOM_OPS))
		return;
	if (!ops->get_hwirq)
		ops->get_hwirq = msi_domain_ops_default.get_hwirq;
	if (!ops->msi_init)
		ops->msi_init = msi_domain_ops_default.msi_init;
	if (!ops->msi_prepare)
		ops->msi_prepare = msi_domain_ops_default.msi_prepare;
	if (!ops->msi_teardown)
		ops->msi_teardown = msi_domain_ops_default.msi_teardown;
	if (!ops->set_desc)
		ops->set_desc = msi_domain_ops_default.set_desc;
}

/* The core calls these unconditionally: a domain without them is a bug. */
static bool msi_domain_ops_complete(const struct msi_domain_ops *ops)
{
	return !WARN_ON(!ops->get_hwirq || !ops->msi_init || !ops->msi_prepare ||
			!ops->msi_teardown || !ops->set_desc);
}

/* An MSI chip must mask; affinity goes through the parent unless refused. */
static bool msi_domain_update_chip_ops(struct msi_domain_info *info)
{
	struct irq_chip *chip = info->chip;

	if (WARN_ON(!chip || !chip->irq_mask || !chip->irq_unmask))
		return false;
	if (!chip->irq_set_affinity && !(info->flags & MSI_FLAG_NO_AFFINITY))
		chip->irq_set_affinity = msi_domain_set_affinity;
	return true;
}

static struct irq_domain *__msi_create_irq_domain(struct fwnode_handle *fwnode,
						  struct msi_domain_info *info,
						  unsigned int flags, struct irq_domain *parent)
{
	struct irq_domain *domain;

	if (info->hwsize > MSI_XA_DOMAIN_SIZE)
		return NULL;
	/* No hardware table: grant the whole index space. */
	if (!info->hwsize)
		info->hwsize = MSI_XA_DOMAIN_SIZE;
	msi_domain_update_dom_ops(info);
	if (!msi_domain_ops_complete(info->ops))
		return NULL;
	if ((info->flags & MSI_FLAG_USE_DEF_CHIP_OPS) && !msi_domain_update_chip_ops(info))
		return NULL;
	domain = irq_domain_create_hierarchy(parent, flags | IRQ_DOMAIN_FLAG_MSI, 0, fwnode,
					     &msi_domain_ops, info);
	if (domain)
		irq_domain_update_bus_token(domain, info->bus_token);
	return domain;
}

struct irq_domain *msi_create_irq_domain(struct fwnode_handle *fwnode,
					 struct msi_domain_info *info,
					 struct irq_domain *parent)
{
	return __msi_create_irq_domain(fwnode, info, 0, parent);
}

struct irq_domain *msi_create_parent_irq_domain(struct irq_domain_info *info,
						const struct msi_parent_ops *msi_parent_ops)
{
	struct irq_domain *d;

	info->hwirq_max = info->hwirq_max > info->size ? info->hwirq_max : info->size;
	info->size = (unsigned int)info->hwirq_max;
	info->domain_flags |= IRQ_DOMAIN_FLAG_MSI_PARENT;
	info->bus_token = msi_parent_ops->bus_select_token;
	d = irq_domain_instantiate(info);
	if (IS_ERR(d))
		return NULL;
	d->msi_parent_ops = msi_parent_ops;
	return d;
}

bool msi_parent_init_dev_msi_info(struct device *dev, struct irq_domain *domain,
				  struct irq_domain *msi_parent_domain,
				  struct msi_domain_info *msi_child_info)
{
	struct irq_domain *parent = domain->parent;

	if (WARN_ON_ONCE(!parent || !parent->msi_parent_ops ||
			 !parent->msi_parent_ops->init_dev_msi_info))
		return false;
	return parent->msi_parent_ops->init_dev_msi_info(dev, parent, msi_parent_domain,
							 msi_child_info);
}

/**
 * msi_get_device_domain() - the per-device domain of a domain id.
 * @dev: the device.
 * @domid: the domain id.
 *
 * Context: msi_lock_descs() held.
 * Return: the domain, or NULL (none, bad id, or an MSI parent: WARN).
 */
struct irq_domain *msi_get_device_domain(struct device *dev, unsigned int domid)
{
	struct irq_domain *domain;

	lockdep_assert_held(&dev->msi.data->mutex);
	if (WARN_ON_ONCE(domid >= MSI_MAX_DEVICE_IRQDOMAINS))
		return NULL;
	domain = dev->msi.data->__domains[domid].domain;
	if (!domain)
		return NULL;
	if (WARN_ON_ONCE(irq_domain_is_msi_parent(domain)))
		return NULL;
	return domain;
}

static int msi_domain_prepare_irqs(struct irq_domain *domain, struct device *dev, int nvec,
				   msi_alloc_info_t *arg)
{
	struct msi_domain_info *info = domain->host_data;

	return info->ops->msi_prepare(domain, dev, nvec, arg);
}

/* Create the domain of a bundle under the device's parent; lock held. */
static struct irq_domain *msi_create_bundle_domain(struct device *dev, unsigned int domid,
						   struct msi_domain_template *bundle,
						   struct fwnode_handle *fwnode)
{
	struct irq_domain *domain, *parent = dev->msi.domain;
	const struct msi_parent_ops *pops = parent->msi_parent_ops;

	if (WARN_ON_ONCE(msi_get_device_domain(dev, domid)))
		return NULL;
	if (!pops->init_dev_msi_info(dev, parent, parent, &bundle->info))
		return NULL;
	domain = __msi_create_irq_domain(fwnode, &bundle->info, IRQ_DOMAIN_FLAG_MSI_DEVICE,
					 parent);
	if (!domain)
		return NULL;
	dev->msi.data->__domains[domid].domain = domain;
	if (msi_domain_prepare_irqs(domain, dev, (int)bundle->info.hwsize, &bundle->alloc_info)) {
		dev->msi.data->__domains[domid].domain = NULL;
		irq_domain_remove(domain);
		return NULL;
	}
	return domain;
}

bool msi_create_device_irq_domain(struct device *dev, unsigned int domid,
				  const struct msi_domain_template *template,
				  unsigned int hwsize, void *domain_data, void *chip_data)
{
	struct irq_domain *parent = dev->msi.domain;
	struct msi_domain_template *bundle;
	struct fwnode_handle *fwnode;
	struct irq_domain *domain;

	if (!parent || !irq_domain_is_msi_parent(parent) || !parent->msi_parent_ops)
		return false;
	if (domid >= MSI_MAX_DEVICE_IRQDOMAINS)
		return false;
	bundle = kmalloc(sizeof(*bundle), GFP_KERNEL);
	if (!bundle)
		return false;
	/* Each domain gets its own copy: the chip name and ops get edited. */
	memcpy(bundle, template, sizeof(*bundle));
	bundle->info.hwsize = hwsize;
	bundle->info.chip = &bundle->chip;
	bundle->info.ops = &bundle->ops;
	bundle->info.data = domain_data;
	bundle->info.chip_data = chip_data;
	bundle->info.alloc_data = &bundle->alloc_info;
	bundle->info.dev = dev;
	snprintf(bundle->name, sizeof(bundle->name), "%s%s-%s",
		 parent->msi_parent_ops->prefix ? parent->msi_parent_ops->prefix : "",
		 bundle->chip.name, dev_name(dev));
	bundle->chip.name = bundle->name;

	/* Device domains are never looked up: a named node is enough. */
	fwnode = irq_domain_alloc_named_fwnode(bundle->name);
	if (!fwnode)
		goto free_bundle;
	if (msi_setup_device_data(dev))
		goto free_fwnode;

	msi_lock_descs(dev);
	domain = msi_create_bundle_domain(dev, domid, bundle, fwnode);
	msi_unlock_descs(dev);
	if (domain)
		return true;
free_fwnode:
	irq_domain_free_fwnode(fwnode);
free_bundle:
	kfree(bundle);
	return false;
}

void msi_remove_device_irq_domain(struct device *dev, unsigned int domid)
{
	struct msi_domain_info *info;
	struct fwnode_handle *fwnode;
	struct irq_domain *domain;

	if (!dev->msi.data)
		return;
	msi_lock_descs(dev);
	domain = msi_get_device_domain(dev, domid);
	if (!domain || !irq_domain_is_msi_device(domain))
		goto unlock;
	/* irq_domain_remove() refuses a domain with mappings: keep it whole. */
	if (WARN(domain->mapcount, "irq: domain %s still has %u mapping(s)\n", domain->name,
		 domain->mapcount))
		goto unlock;
	dev->msi.data->__domains[domid].domain = NULL;
	info = domain->host_data;
	info->ops->msi_teardown(domain, info->alloc_data);
	fwnode = domain->fwnode;
	irq_domain_remove(domain);
	irq_domain_free_fwnode(fwnode);
	kfree(container_of(info, struct msi_domain_template, info));
unlock:
	msi_unlock_descs(dev);
}

bool msi_match_device_irq_domain(struct device *dev, unsigned int domid,
				 enum irq_domain_bus_token bus_token)
{
	struct irq_domain *domain;
	bool ret = false;

	if (!dev->msi.data)
		return false;
	msi_lock_descs(dev);
	domain = msi_get_device_domain(dev, domid);
	if (domain && irq_domain_is_msi_device(domain))
		ret = ((struct msi_domain_info *)domain->host_data)->bus_token == bus_token;
	msi_unlock_descs(dev);
	return ret;
}

/*
 * Reservation mode (a vector only at request_irq()) is safe only when the
 * device can mask the interrupt meanwhile: MSI-X always, MSI with
 * per-vector masking.  The first descriptor speaks for all of them.
 */
static bool msi_check_reservation_mode(struct irq_domain *domain,
				       struct msi_domain_info *info, struct device *dev)
{
	struct msi_desc *desc;

	switch (domain->bus_token) {
	case DOMAIN_BUS_PCI_MSI:
	case DOMAIN_BUS_PCI_DEVICE_MSI:
	case DOMAIN_BUS_PCI_DEVICE_MSIX:
	case DOMAIN_BUS_VMD_MSI:
		break;
	default:
		return false;
	}
	if (!(info->flags & MSI_FLAG_MUST_REACTIVATE))
		return false;
	if (info->flags & MSI_FLAG_NO_MASK)
		return false;
	desc = msi_first_desc(dev, MSI_DESC_ALL);
	return desc->pci.msi_attrib.is_msix || desc->pci.msi_attrib.can_mask;
}

/* PCI: a failed multi-MSI retries with fewer; else report what worked. */
static int msi_handle_pci_fail(struct irq_domain *domain, struct msi_desc *desc,
			       unsigned int allocated)
{
	switch (domain->bus_token) {
	case DOMAIN_BUS_PCI_MSI:
	case DOMAIN_BUS_PCI_DEVICE_MSI:
	case DOMAIN_BUS_PCI_DEVICE_MSIX:
	case DOMAIN_BUS_VMD_MSI:
		break;
	default:
		return -ENOSPC;
	}
	if (desc->nvec_used > 1)
		return 1;
	return allocated ? (int)allocated : -ENOSPC;
}

static int msi_init_virq(struct irq_domain *domain, unsigned int virq, unsigned int vflags)
{
	struct irq_data *irqd = irq_domain_get_irq_data(domain, virq);
	int ret;

	if (!(vflags & VIRQ_CAN_RESERVE)) {
		irqd_clr_can_reserve(irqd);
		/* Managed without an online CPU: shut down until one comes. */
		if ((vflags & VIRQ_ACTIVATE) && irqd_affinity_is_managed(irqd) &&
		    !cpumask_intersects(irq_data_get_affinity_mask(irqd), cpu_online_mask)) {
			irqd_set_managed_shutdown(irqd);
			return 0;
		}
	}
	if (!(vflags & VIRQ_ACTIVATE))
		return 0;
	ret = irq_domain_activate_irq(irqd, vflags & VIRQ_CAN_RESERVE);
	if (ret)
		return ret;
	/* Reservation mode: request_irq() activates again for the real vector. */
	if (vflags & VIRQ_CAN_RESERVE)
		irqd_clr_activated(irqd);
	return 0;
}

static int populate_alloc_info(struct irq_domain *domain, struct device *dev,
			       unsigned int nirqs, msi_alloc_info_t *arg)
{
	struct msi_domain_info *info = domain->host_data;

	if (!info->alloc_data)
		return msi_domain_prepare_irqs(domain, dev, (int)nirqs, arg);
	*arg = *info->alloc_data;
	return 0;
}

/* msi_irqs/<irq> entries: the kernel creates one sysfs file per vector. */
static void msi_sysfs_populate_desc(struct device *dev, struct msi_desc *desc)
{
	desc->sysfs = true;
}

static void msi_sysfs_remove_desc(struct device *dev, struct msi_desc *desc)
{
	desc->sysfs = false;
}

static unsigned int msi_alloc_vflags(struct irq_domain *domain, struct device *dev)
{
	struct msi_domain_info *info = domain->host_data;
	unsigned int vflags = 0;

	/* PCI enables MSI after this: the device must not latch a random message. */
	if (info->flags & MSI_FLAG_ACTIVATE_EARLY)
		vflags |= VIRQ_ACTIVATE;
	if (msi_check_reservation_mode(domain, info, dev))
		vflags |= VIRQ_CAN_RESERVE;
	return vflags;
}

/*
 * Allocate the interrupts of one descriptor.  A failed allocation reports
 * what PCI may retry with (msi_handle_pci_fail()); a failed activation
 * its own error.
 */
static int msi_alloc_desc_irqs(struct device *dev, struct irq_domain *domain,
			       struct msi_desc *desc, msi_alloc_info_t *arg,
			       unsigned int vflags, unsigned int allocated)
{
	struct msi_domain_info *info = domain->host_data;
	unsigned int i;
	int ret, virq;

	virq = __irq_domain_alloc_irqs(domain, -1, desc->nvec_used, dev_to_node(dev), arg,
				       false, desc->affinity);
	if (virq < 0)
		return msi_handle_pci_fail(domain, desc, allocated);
	for (i = 0; i < desc->nvec_used; i++) {
		irq_set_msi_desc_off((unsigned int)virq, i, desc);
		irq_debugfs_copy_devname(virq + (int)i, dev_name(dev));
		ret = msi_init_virq(domain, (unsigned int)virq + i, vflags);
		if (ret)
			return ret;
	}
	if (info->flags & MSI_FLAG_DEV_SYSFS)
		msi_sysfs_populate_desc(dev, desc);
	return 0;
}

static int __msi_domain_alloc_irqs(struct device *dev, struct irq_domain *domain,
				   struct msi_ctrl *ctrl)
{
	struct msi_domain_info *info = domain->host_data;
	struct msi_domain_ops *ops = info->ops;
	unsigned int vflags, allocated = 0;
	unsigned long idx = ctrl->first;
	msi_alloc_info_t arg;
	struct msi_desc *desc;
	int ret;

	memset(&arg, 0, sizeof(arg));
	ret = populate_alloc_info(domain, dev, ctrl->nirqs, &arg);
	if (ret)
		return ret;
	vflags = msi_alloc_vflags(domain, dev);

	for (; (desc = msi_store_next(dev->msi.data, ctrl->domid, &idx, ctrl->last)); idx++) {
		/* Already allocated (a retry after a partial failure). */
		if (!msi_desc_match(desc, MSI_DESC_NOTASSOCIATED))
			continue;
		if (WARN_ON_ONCE(allocated >= ctrl->nirqs))
			return -EINVAL;
		if (ops->prepare_desc)
			ops->prepare_desc(domain, &arg, desc);
		ops->set_desc(&arg, desc);
		ret = msi_alloc_desc_irqs(dev, domain, desc, &arg, vflags, allocated);
		if (ret)
			return ret;
		allocated++;
	}
	return 0;
}

static bool msi_ctrl_valid(struct device *dev, struct msi_ctrl *ctrl)
{
	unsigned int hwsize;

	if (WARN_ON_ONCE(ctrl->domid >= MSI_MAX_DEVICE_IRQDOMAINS ||
			 (dev->msi.domain && !dev->msi.data->__domains[ctrl->domid].domain)))
		return false;
	hwsize = msi_domain_get_hwsize(dev, ctrl->domid);
	if (WARN_ON_ONCE(ctrl->first > ctrl->last || ctrl->first >= hwsize ||
			 ctrl->last >= hwsize))
		return false;
	return true;
}

static int __msi_domain_alloc_locked(struct device *dev, struct msi_ctrl *ctrl)
{
	struct msi_domain_info *info;
	struct irq_domain *domain;

	if (!msi_ctrl_valid(dev, ctrl))
		return -EINVAL;
	domain = msi_get_device_domain(dev, ctrl->domid);
	if (!domain)
		return -ENODEV;
	info = domain->host_data;
	if (info->ops->domain_alloc_irqs)
		return info->ops->domain_alloc_irqs(domain, dev, (int)ctrl->nirqs);
	return __msi_domain_alloc_irqs(dev, domain, ctrl);
}

static void msi_domain_free_locked(struct device *dev, struct msi_ctrl *ctrl);

/* A partial allocation is undone whole: the retry starts clean. */
static int msi_domain_alloc_locked(struct device *dev, struct msi_ctrl *ctrl)
{
	int ret = __msi_domain_alloc_locked(dev, ctrl);

	if (ret)
		msi_domain_free_locked(dev, ctrl);
	return ret;
}

int msi_domain_alloc_irqs_range_locked(struct device *dev, unsigned int domid,
				       unsigned int first, unsigned int last)
{
	struct msi_ctrl ctrl = {
		.domid = domid,
		.first = first,
		.last = last,
		.nirqs = last + 1 - first,
	};

	return msi_domain_alloc_locked(dev, &ctrl);
}

int msi_domain_alloc_irqs_range(struct device *dev, unsigned int domid, unsigned int first,
				unsigned int last)
{
	int ret;

	msi_lock_descs(dev);
	ret = msi_domain_alloc_irqs_range_locked(dev, domid, first, last);
	msi_unlock_descs(dev);
	return ret;
}

int msi_domain_alloc_irqs_all_locked(struct device *dev, unsigned int domid, int nirqs)
{
	struct msi_ctrl ctrl = {
		.domid = domid,
		.first = 0,
		.last = msi_domain_get_hwsize(dev, domid) - 1,
		.nirqs = (unsigned int)nirqs,
	};

	return msi_domain_alloc_locked(dev, &ctrl);
}

static struct msi_map __msi_domain_alloc_irq_at(struct device *dev, unsigned int domid,
						unsigned int index,
						const struct irq_affinity_desc *affdesc)
{
	struct msi_ctrl ctrl = { .domid = domid, .nirqs = 1 };
	struct msi_map map = { 0 };
	struct msi_desc *desc;
	int ret;

	if (!msi_get_device_domain(dev, domid)) {
		map.index = -ENODEV;
		return map;
	}
	desc = msi_alloc_desc(dev, 1, affdesc);
	if (!desc) {
		map.index = -ENOMEM;
		return map;
	}
	ret = msi_insert_desc(dev, desc, domid, index);
	if (ret) {
		map.index = ret;
		return map;
	}
	ctrl.first = ctrl.last = desc->msi_index;
	ret = __msi_domain_alloc_irqs(dev, msi_get_device_domain(dev, domid), &ctrl);
	if (ret) {
		/* A positive "could have allocated" means nothing was. */
		map.index = ret > 0 ? -ENOSPC : ret;
		msi_domain_free_locked(dev, &ctrl);
	} else {
		map.index = desc->msi_index;
		map.virq = (int)desc->irq;
	}
	return map;
}

struct msi_map msi_domain_alloc_irq_at(struct device *dev, unsigned int domid,
				       unsigned int index,
				       const struct irq_affinity_desc *affdesc)
{
	struct msi_map map = { .index = -ENODEV };

	if (!dev->msi.data)
		return map;
	msi_lock_descs(dev);
	map = __msi_domain_alloc_irq_at(dev, domid, index, affdesc);
	msi_unlock_descs(dev);
	return map;
}

static void __msi_domain_free_irqs(struct device *dev, struct irq_domain *domain,
				   struct msi_ctrl *ctrl)
{
	struct msi_domain_info *info = domain->host_data;
	unsigned long idx = ctrl->first;
	struct irq_data *irqd;
	struct msi_desc *desc;
	unsigned int i;

	for (; (desc = msi_store_next(dev->msi.data, ctrl->domid, &idx, ctrl->last)); idx++) {
		if (!msi_desc_match(desc, MSI_DESC_ASSOCIATED))
			continue;
		/* Zero the message before the vector can be reused. */
		for (i = 0; i < desc->nvec_used; i++) {
			irqd = irq_domain_get_irq_data(domain, desc->irq + i);
			if (irqd && irqd_is_activated(irqd))
				irq_domain_deactivate_irq(irqd);
		}
		irq_domain_free_irqs(desc->irq, desc->nvec_used);
		if (info->flags & MSI_FLAG_DEV_SYSFS)
			msi_sysfs_remove_desc(dev, desc);
		desc->irq = 0;
	}
}

static void msi_domain_free_locked(struct device *dev, struct msi_ctrl *ctrl)
{
	struct msi_domain_info *info;
	struct irq_domain *domain;

	if (!msi_ctrl_valid(dev, ctrl))
		return;
	domain = msi_get_device_domain(dev, ctrl->domid);
	if (!domain)
		return;
	info = domain->host_data;
	if (info->ops->domain_free_irqs)
		info->ops->domain_free_irqs(domain, dev);
	else
		__msi_domain_free_irqs(dev, domain, ctrl);
	if (info->flags & MSI_FLAG_FREE_MSI_DESCS)
		msi_domain_free_msi_descs_range(dev, ctrl->domid, ctrl->first, ctrl->last);
}

void msi_domain_free_irqs_range_locked(struct device *dev, unsigned int domid,
				       unsigned int first, unsigned int last)
{
	struct msi_ctrl ctrl = { .domid = domid, .first = first, .last = last };

	msi_domain_free_locked(dev, &ctrl);
}

void msi_domain_free_irqs_range(struct device *dev, unsigned int domid, unsigned int first,
				unsigned int last)
{
	if (!dev->msi.data)
		return;
	msi_lock_descs(dev);
	msi_domain_free_irqs_range_locked(dev, domid, first, last);
	msi_unlock_descs(dev);
}

void msi_domain_free_irqs_all_locked(struct device *dev, unsigned int domid)
{
	msi_domain_free_irqs_range_locked(dev, domid, 0, msi_domain_get_hwsize(dev, domid) - 1);
}

void msi_domain_free_irqs_all(struct device *dev, unsigned int domid)
{
	if (!dev->msi.data)
		return;
	msi_lock_descs(dev);
	msi_domain_free_irqs_all_locked(dev, domid);
	msi_unlock_descs(dev);
}

struct msi_domain_info *msi_get_domain_info(struct irq_domain *domain)
{
	return domain->host_data;
}
