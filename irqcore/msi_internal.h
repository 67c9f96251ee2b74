/* SPDX-License-Identifier: MIT */
/*
 * Private state of the MSI core (irqcore/msi*.c): the per-device MSI data
 * behind dev->msi.data.  Each device domain id has a descriptor store (an
 * index → msi_desc radix tree, the kernel's xarray) and, once created, a
 * per-device interrupt domain.
 *
 * Lock order: msi_device_data::mutex → domain root mutex → desc->lock.
 */
#ifndef IRQLAB_IRQCORE_MSI_INTERNAL_H
#define IRQLAB_IRQCORE_MSI_INTERNAL_H

#include "internals.h"
#include "irqlab/msi.h"

/**
 * struct msi_dev_domain - one device domain id.
 * @store: index → struct msi_desc.
 * @domain: the per-device domain, or NULL.
 */
struct msi_dev_domain {
	struct irqlab_radix store;
	struct irq_domain *domain;
};

/**
 * struct msi_device_data - dev->msi.data.
 * @mutex: serialises descriptor and domain changes (msi_lock_descs()).
 * @__domains: the device domain ids.
 * @__iter_idx: position of the running msi_for_each_desc() iteration.
 */
struct msi_device_data {
	struct mutex mutex;
	struct msi_dev_domain __domains[MSI_MAX_DEVICE_IRQDOMAINS];
	unsigned long __iter_idx;
};

/* msi_desc.c */
unsigned int msi_domain_get_hwsize(struct device *dev, unsigned int domid);
int msi_insert_desc(struct device *dev, struct msi_desc *desc, unsigned int domid,
		    unsigned int index);
struct msi_desc *msi_alloc_desc(struct device *dev, unsigned int nvec,
				const struct irq_affinity_desc *affinity);
void msi_free_desc(struct msi_desc *desc);
bool msi_desc_match(struct msi_desc *desc, enum msi_desc_filter filter);
/* Next descriptor with index in [*idx, last]; *idx is set to its index. */
struct msi_desc *msi_store_next(struct msi_device_data *md, unsigned int domid,
				unsigned long *idx, unsigned long last);

#endif
