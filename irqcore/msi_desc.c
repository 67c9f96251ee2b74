// SPDX-License-Identifier: MIT
/*
 * MSI descriptors (the descriptor half of kernel/irq/msi.c): the per-device
 * MSI data, one index → descriptor store per device domain id, iteration,
 * the irq ↔ descriptor link and the cached message.
 */
#include <string.h>

#include "msi_internal.h"
#include "irqlab/pci.h"

/**
 * msi_setup_device_data() - give a device its MSI data.
 * @dev: the device.
 *
 * Return: 0 (also when the data exists already) or -ENOMEM.
 */
int msi_setup_device_data(struct device *dev)
{
	struct msi_device_data *md;
	unsigned int i;

	if (dev->msi.data)
		return 0;
	md = kzalloc(sizeof(*md), GFP_KERNEL);
	if (!md)
		return -ENOMEM;
	mutex_init(&md->mutex);
	for (i = 0; i < MSI_MAX_DEVICE_IRQDOMAINS; i++)
		irqlab_radix_init(&md->__domains[i].store);
	/* A global MSI domain serves as the default domain id. */
	if (dev->msi.domain && !irq_domain_is_msi_parent(dev->msi.domain))
		md->__domains[MSI_DEFAULT_DOMAIN].domain = dev->msi.domain;
	dev->msi.data = md;
	return 0;
}

/**
 * msi_device_data_release() - free a device's MSI data.
 * @dev: the device.
 *
 * The kernel's devres release: the device domains go, descriptors left
 * behind are a driver bug (WARN) and are freed.
 */
void msi_device_data_release(struct device *dev)
{
	struct msi_device_data *md = dev->msi.data;
	unsigned int i;

	if (!md)
		return;
	for (i = 0; i < MSI_MAX_DEVICE_IRQDOMAINS; i++) {
		unsigned long idx = 0;
		struct msi_desc *desc;

		msi_remove_device_irq_domain(dev, i);
		WARN_ON_ONCE(irqlab_radix_next(&md->__domains[i].store, &idx));
		for (idx = 0; (desc = irqlab_radix_next(&md->__domains[i].store, &idx));) {
			irqlab_radix_delete(&md->__domains[i].store, idx);
			msi_free_desc(desc);
		}
		irqlab_radix_destroy(&md->__domains[i].store);
	}
	mutex_destroy(&md->mutex);
	kfree(md);
	dev->msi.data = NULL;
}

/**
 * msi_lock_descs() - take the device's descriptor mutex.
 * @dev: a device with MSI data.
 */
void msi_lock_descs(struct device *dev)
{
	mutex_lock(&dev->msi.data->mutex);
}

/**
 * msi_unlock_descs() - release the device's descriptor mutex.
 * @dev: a device with MSI data.
 */
void msi_unlock_descs(struct device *dev)
{
	/* Invalidate the index so a next() after unlock is caught. */
	dev->msi.data->__iter_idx = MSI_XA_DOMAIN_SIZE;
	mutex_unlock(&dev->msi.data->mutex);
}

/* One block: the @nvec descriptors, then their masks (as the kernel's kmemdup). */
static struct irq_affinity_desc *affinity_dup(const struct irq_affinity_desc *src,
					      unsigned int nvec)
{
	struct irq_affinity_desc *copy;
	unsigned int nbits = nr_cpu_ids, i;
	size_t stride;
	char *mem;

	copy = irqlab_cpumask_block_alloc(sizeof(*copy) * nvec, nvec, SIZE_MAX, &mem, &stride);
	if (!copy)
		return NULL;
	for (i = 0; i < nvec; i++, mem += stride) {
		copy[i].mask = irqlab_cpumask_place(mem, nbits);
		cpumask_copy(copy[i].mask, src[i].mask);
		copy[i].is_managed = src[i].is_managed;
	}
	return copy;
}

/**
 * msi_alloc_desc() - allocate a descriptor.
 * @dev: the device.
 * @nvec: vectors it stands for.
 * @affinity: optional @nvec affinity descriptors, copied.
 *
 * Return: the descriptor or NULL.
 */
struct msi_desc *msi_alloc_desc(struct device *dev, unsigned int nvec,
				const struct irq_affinity_desc *affinity)
{
	struct msi_desc *desc = kzalloc(sizeof(*desc), GFP_KERNEL);

	if (!desc)
		return NULL;
	desc->dev = dev;
	desc->nvec_used = nvec;
	if (affinity) {
		desc->affinity = affinity_dup(affinity, nvec);
		if (!desc->affinity) {
			kfree(desc);
			return NULL;
		}
	}
	return desc;
}

/**
 * msi_free_desc() - free a descriptor and its affinity copy.
 * @desc: the descriptor.
 */
void msi_free_desc(struct msi_desc *desc)
{
	kfree(desc->affinity);
	kfree(desc);
}

/**
 * msi_domain_get_hwsize() - the index space of a device domain.
 * @dev: the device.
 * @domid: the domain id.
 *
 * Return: the domain's hwsize, MSI_XA_DOMAIN_SIZE without a domain.
 */
unsigned int msi_domain_get_hwsize(struct device *dev, unsigned int domid)
{
	struct irq_domain *domain = msi_get_device_domain(dev, domid);

	if (domain)
		return ((struct msi_domain_info *)domain->host_data)->hwsize;
	return MSI_XA_DOMAIN_SIZE;
}

/* The lowest free index below @hwsize (xa_alloc()). */
static int store_alloc_index(struct irqlab_radix *store, unsigned int hwsize,
			     unsigned int *index)
{
	unsigned long key = 0;
	unsigned int i = 0;

	while (i < hwsize && irqlab_radix_next(store, &key) && key == i) {
		i++;
		key = i;
	}
	if (i >= hwsize)
		return -EBUSY;
	*index = i;
	return 0;
}

/**
 * msi_insert_desc() - store a descriptor at an index.
 * @dev: the device.
 * @desc: the descriptor; freed on failure.
 * @domid: the domain id.
 * @index: the index or MSI_ANY_INDEX.
 *
 * Context: msi_lock_descs() held.
 * Return: 0, -ERANGE beyond the domain, -EBUSY taken or full, -ENOMEM.
 */
int msi_insert_desc(struct device *dev, struct msi_desc *desc, unsigned int domid,
		    unsigned int index)
{
	struct irqlab_radix *store = &dev->msi.data->__domains[domid].store;
	unsigned int hwsize = msi_domain_get_hwsize(dev, domid);
	int ret;

	if (index == MSI_ANY_INDEX) {
		ret = store_alloc_index(store, hwsize, &index);
		if (ret)
			goto fail;
	} else if (index >= hwsize) {
		ret = -ERANGE;
		goto fail;
	}
	desc->msi_index = (u16)index;
	ret = irqlab_radix_insert(store, index, desc);
	if (ret == -EEXIST)
		ret = -EBUSY;
	if (ret)
		goto fail;
	return 0;
fail:
	msi_free_desc(desc);
	return ret;
}

/**
 * msi_domain_insert_msi_desc() - store a copy of a descriptor.
 * @dev: the device.
 * @domid: the domain id.
 * @init_desc: the template.
 *
 * Return: 0, -ENOMEM, -ERANGE, -EBUSY.
 */
int msi_domain_insert_msi_desc(struct device *dev, unsigned int domid,
			       struct msi_desc *init_desc)
{
	struct msi_desc *desc;

	lockdep_assert_held(&dev->msi.data->mutex);
	desc = msi_alloc_desc(dev, init_desc->nvec_used, init_desc->affinity);
	if (!desc)
		return -ENOMEM;
	/* Copy the type specific data to the new descriptor. */
	desc->pci = init_desc->pci;
	return msi_insert_desc(dev, desc, domid, init_desc->msi_index);
}

/**
 * msi_desc_match() - does a descriptor pass a filter?
 * @desc: the descriptor.
 * @filter: the filter.
 *
 * Return: true when it does.
 */
bool msi_desc_match(struct msi_desc *desc, enum msi_desc_filter filter)
{
	switch (filter) {
	case MSI_DESC_ALL:
		return true;
	case MSI_DESC_NOTASSOCIATED:
		return !desc->irq;
	case MSI_DESC_ASSOCIATED:
		return !!desc->irq;
	}
	WARN_ON_ONCE(1);
	return false;
}

/**
 * msi_store_next() - the next descriptor of an index range.
 * @md: the device's MSI data.
 * @domid: the domain id.
 * @idx: in: the first index to look at; out: the index found.
 * @last: the last index of the range.
 *
 * Return: the descriptor, or NULL when the range has no more.
 */
struct msi_desc *msi_store_next(struct msi_device_data *md, unsigned int domid,
				unsigned long *idx, unsigned long last)
{
	unsigned long key = *idx;
	struct msi_desc *desc;

	if (key > last)
		return NULL;
	desc = irqlab_radix_next(&md->__domains[domid].store, &key);
	if (!desc || key > last)
		return NULL;
	*idx = key;
	return desc;
}

static struct msi_desc *msi_find_desc(struct msi_device_data *md, unsigned int domid,
				      enum msi_desc_filter filter)
{
	struct msi_desc *desc;

	while ((desc = msi_store_next(md, domid, &md->__iter_idx, MSI_MAX_INDEX))) {
		if (msi_desc_match(desc, filter))
			return desc;
		md->__iter_idx++;
	}
	md->__iter_idx = MSI_XA_DOMAIN_SIZE;
	return NULL;
}

struct msi_desc *msi_domain_first_desc(struct device *dev, unsigned int domid,
				       enum msi_desc_filter filter)
{
	struct msi_device_data *md = dev->msi.data;

	if (WARN_ON_ONCE(!md || domid >= MSI_MAX_DEVICE_IRQDOMAINS))
		return NULL;
	lockdep_assert_held(&md->mutex);
	md->__iter_idx = 0;
	return msi_find_desc(md, domid, filter);
}

struct msi_desc *msi_next_desc(struct device *dev, unsigned int domid,
			       enum msi_desc_filter filter)
{
	struct msi_device_data *md = dev->msi.data;

	if (WARN_ON_ONCE(!md || domid >= MSI_MAX_DEVICE_IRQDOMAINS))
		return NULL;
	lockdep_assert_held(&md->mutex);
	if (md->__iter_idx >= MSI_XA_DOMAIN_SIZE)
		return NULL;
	md->__iter_idx++;
	return msi_find_desc(md, domid, filter);
}

void msi_domain_free_msi_descs_range(struct device *dev, unsigned int domid,
				     unsigned int first, unsigned int last)
{
	struct msi_device_data *md = dev->msi.data;
	unsigned long idx = first;
	struct msi_desc *desc;

	lockdep_assert_held(&md->mutex);
	for (; (desc = msi_store_next(md, domid, &idx, last)); idx++) {
		/* Leak the descriptor when it is still referenced. */
		if (WARN_ON_ONCE(msi_desc_match(desc, MSI_DESC_ASSOCIATED)))
			continue;
		irqlab_radix_delete(&md->__domains[domid].store, idx);
		msi_free_desc(desc);
	}
}

unsigned int msi_domain_get_virq(struct device *dev, unsigned int domid, unsigned int index)
{
	struct msi_desc *desc;
	unsigned int ret = 0;
	bool pcimsi = false;

	if (!dev->msi.data)
		return 0;
	if (WARN_ON_ONCE(index > MSI_MAX_INDEX || domid >= MSI_MAX_DEVICE_IRQDOMAINS))
		return 0;
	/* PCI/MSI has one descriptor, at index 0, for all its vectors. */
	if (dev_is_pci(dev) && domid == MSI_DEFAULT_DOMAIN)
		pcimsi = to_pci_dev(dev)->msi_enabled;

	msi_lock_descs(dev);
	desc = irqlab_radix_lookup(&dev->msi.data->__domains[domid].store, pcimsi ? 0 : index);
	if (desc && desc->irq) {
		if (pcimsi) {
			if (index < desc->nvec_used)
				ret = desc->irq + index;
		} else {
			ret = desc->irq;
		}
	}
	msi_unlock_descs(dev);
	return ret;
}

int irq_set_msi_desc_off(unsigned int irq_base, unsigned int irq_offset,
			 struct msi_desc *entry)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_lock(irq_base + irq_offset, &flags);

	if (!desc)
		return -EINVAL;
	desc->irq_common_data.msi_desc = entry;
	if (entry && !irq_offset)
		entry->irq = irq_base;
	irq_put_desc_unlock(desc, flags);
	return 0;
}

struct msi_desc *irq_get_msi_desc(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc ? desc->irq_common_data.msi_desc : NULL;
}

void __get_cached_msi_msg(struct msi_desc *entry, struct msi_msg *msg)
{
	*msg = entry->msg;
}

void get_cached_msi_msg(unsigned int irq, struct msi_msg *msg)
{
	struct msi_desc *entry = irq_get_msi_desc(irq);

	if (!WARN_ON_ONCE(!entry))
		__get_cached_msi_msg(entry, msg);
}
