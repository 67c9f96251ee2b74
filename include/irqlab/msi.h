/* SPDX-License-Identifier: MIT */
/*
 * The generic MSI layer (include/linux/msi.h, kernel/irq/msi.c analogue):
 * MSI descriptors stored per device and per device domain, MSI interrupt
 * domains built from a struct msi_domain_info, MSI parent domains and the
 * per-device domains created below them (msi_create_device_irq_domain()).
 *
 * The hierarchy of a PCI/MSI-X interrupt on x86:
 *
 *   PCI-MSIX-<bdf> (per device, leaf)  hwirq = table index, chip PCI-MSIX-<bdf>
 *   VECTOR (MSI parent, root)          hwirq = irq, chip APIC
 *
 * The leaf masks/unmasks in the device and writes the message the parent
 * composes; the parent owns vectors and affinity.
 */
#ifndef IRQLAB_MSI_H
#define IRQLAB_MSI_H

#include "irqlab/device.h"
#include "irqlab/io.h"
#include "irqlab/irq.h"
#include "irqlab/irqdesc.h"
#include "irqlab/irqdomain.h"
#include "irqlab/x86.h"

/* The allocation argument: struct irq_alloc_info serves every platform. */
typedef struct irq_alloc_info msi_alloc_info_t;

/* Device domain ids (dev->msi.data->__domains[]). */
enum msi_domain_ids {
	MSI_DEFAULT_DOMAIN,
	MSI_SECONDARY_DOMAIN,
	MSI_MAX_DEVICE_IRQDOMAINS,
};

/* Largest MSI index and the index space of a domain without a table. */
#define MSI_MAX_INDEX ((unsigned int)0xffff)
#define MSI_XA_DOMAIN_SIZE (MSI_MAX_INDEX + 1)
/* msi_domain_alloc_irq_at(): take the lowest free index. */
#define MSI_ANY_INDEX UINT32_MAX

/**
 * struct pci_msi_desc - the PCI specific part of an MSI descriptor.
 * @msi_mask: MSI: cached Mask register (meaningful when @can_mask).
 * @msix_ctrl: MSI-X: cached Vector Control word of the entry.
 * @msi_attrib: is_msix, multiple (log2 of enabled vectors), multi_cap
 *              (log2 of capable vectors), can_mask, is_64, is_virtual (an
 *              MSI-X index beyond the table) and default_irq (INTx irq).
 * @mask_pos: MSI: config offset of the Mask register.
 * @mask_base: MSI-X: mapped address of the table.
 */
struct pci_msi_desc {
	union {
		u32 msi_mask;
		u32 msix_ctrl;
	};
	struct {
		u8 is_msix : 1;
		u8 multiple : 3;
		u8 multi_cap : 3;
		u8 can_mask : 1;
		u8 is_64 : 1;
		u8 is_virtual : 1;
		unsigned int default_irq;
	} msi_attrib;
	union {
		u8 mask_pos;
		void __iomem *mask_base;
	};
};

/**
 * struct msi_desc - one MSI descriptor.
 * @irq: the first Linux irq, 0 while no interrupt is associated.
 * @nvec_used: number of consecutive irqs (more than 1 only for multi-MSI).
 * @dev: the device.
 * @msg: the last message written to the device.
 * @affinity: @nvec_used affinity descriptors (one block with their masks),
 *            or NULL.
 * @write_msi_msg: optional callback after each message write.
 * @write_msi_msg_data: its data.
 * @msi_index: the index in the domain (MSI-X: table entry; MSI: 0).
 * @pci: PCI specific data.
 * @sysfs: irqlab: the msi_irqs/ entries of this descriptor exist.
 */
struct msi_desc {
	unsigned int irq;
	unsigned int nvec_used;
	struct device *dev;
	struct msi_msg msg;
	struct irq_affinity_desc *affinity;
	void (*write_msi_msg)(struct msi_desc *entry, void *data);
	void *write_msi_msg_data;
	u16 msi_index;
	struct pci_msi_desc pci;
	bool sysfs;
};

/* Descriptor filters. */
enum msi_desc_filter {
	MSI_DESC_ALL,
	MSI_DESC_NOTASSOCIATED,
	MSI_DESC_ASSOCIATED,
};

/**
 * struct msi_map - result of a dynamic allocation.
 * @index: the MSI index, or a negative errno on failure.
 * @virq: the Linux irq, 0 on failure.
 */
struct msi_map {
	int index;
	int virq;
};

/* MSI domain feature flags (msi_domain_info::flags), kernel values. */
enum {
	MSI_FLAG_USE_DEF_DOM_OPS = (1 << 0),
	MSI_FLAG_USE_DEF_CHIP_OPS = (1 << 1),
	MSI_FLAG_ACTIVATE_EARLY = (1 << 2),
	MSI_FLAG_MUST_REACTIVATE = (1 << 3),
	MSI_FLAG_DEV_SYSFS = (1 << 4),
	MSI_FLAG_ALLOC_SIMPLE_MSI_DESCS = (1 << 5),
	MSI_FLAG_FREE_MSI_DESCS = (1 << 6),
	MSI_FLAG_USE_DEV_FWNODE = (1 << 7),
	MSI_FLAG_PARENT_PM_DEV = (1 << 8),
	MSI_FLAG_PCI_MSI_MASK_PARENT = (1 << 9),
	MSI_GENERIC_FLAGS_MASK = 0x0000ffff,
	MSI_DOMAIN_FLAGS_MASK = (int)0xffff0000,
	MSI_FLAG_MULTI_PCI_MSI = (1 << 16),
	MSI_FLAG_PCI_MSIX = (1 << 17),
	MSI_FLAG_LEVEL_CAPABLE = (1 << 18),
	MSI_FLAG_MSIX_CONTIGUOUS = (1 << 19),
	MSI_FLAG_PCI_MSIX_ALLOC_DYN = (1 << 20),
	MSI_FLAG_NO_AFFINITY = (1 << 21),
	MSI_FLAG_NO_MASK = (1 << 22),
};

struct msi_domain_info;

/**
 * struct msi_domain_ops - MSI interrupt domain callbacks.
 * @get_hwirq: the hwirq of an allocation (default: arg->hwirq).
 * @msi_init: set up one irq of this level (default: chip, handler).
 * @msi_free: release what @msi_init set up.
 * @msi_prepare: fill the allocation argument (default: zero it).
 * @msi_teardown: undo @msi_prepare of a device domain.
 * @prepare_desc: adjust a descriptor before its allocation.
 * @set_desc: put the descriptor into the argument (default: arg->desc).
 * @domain_alloc_irqs: replace the core's allocation entirely.
 * @domain_free_irqs: replace the core's free entirely.
 */
struct msi_domain_ops {
	irq_hw_number_t (*get_hwirq)(struct msi_domain_info *info, msi_alloc_info_t *arg);
	int (*msi_init)(struct irq_domain *domain, struct msi_domain_info *info,
			unsigned int virq, irq_hw_number_t hwirq, msi_alloc_info_t *arg);
	void (*msi_free)(struct irq_domain *domain, struct msi_domain_info *info,
			 unsigned int virq);
	int (*msi_prepare)(struct irq_domain *domain, struct device *dev, int nvec,
			   msi_alloc_info_t *arg);
	void (*msi_teardown)(struct irq_domain *domain, msi_alloc_info_t *arg);
	void (*prepare_desc)(struct irq_domain *domain, msi_alloc_info_t *arg,
			     struct msi_desc *desc);
	void (*set_desc)(msi_alloc_info_t *arg, struct msi_desc *desc);
	int (*domain_alloc_irqs)(struct irq_domain *domain, struct device *dev, int nvec);
	void (*domain_free_irqs)(struct irq_domain *domain, struct device *dev);
};

/**
 * struct msi_domain_info - what an MSI interrupt domain is made of.
 * @flags: MSI_FLAG_*.
 * @bus_token: the domain's bus token.
 * @hwsize: size of the index space (MSI-X: the table size).
 * @ops: domain callbacks.
 * @chip: the interrupt chip of this level.
 * @chip_data: its chip data.
 * @handler: flow handler (set with @handler_name).
 * @handler_data: flow handler data.
 * @handler_name: flow handler name ("edge").
 * @data: domain private data.
 * @alloc_data: template allocation argument (device domains).
 * @dev: the device of a device domain.
 */
struct msi_domain_info {
	u32 flags;
	enum irq_domain_bus_token bus_token;
	unsigned int hwsize;
	struct msi_domain_ops *ops;
	struct irq_chip *chip;
	void *chip_data;
	irq_flow_handler_t handler;
	void *handler_data;
	const char *handler_name;
	void *data;
	msi_alloc_info_t *alloc_data;
	struct device *dev;
};

/**
 * struct msi_domain_template - what a device domain is copied from.
 * @name: storage of the composed chip name.
 * @chip: the chip.
 * @ops: the callbacks.
 * @info: the domain info.
 * @alloc_info: the template allocation argument.
 */
struct msi_domain_template {
	char name[48];
	struct irq_chip chip;
	struct msi_domain_ops ops;
	struct msi_domain_info info;
	msi_alloc_info_t alloc_info;
};

/**
 * struct msi_parent_ops - what an MSI parent domain offers its children.
 * @supported_flags: MSI_FLAG_* a child may keep.
 * @required_flags: MSI_FLAG_* a child must have.
 * @chip_flags: MSI_CHIP_FLAG_*: the parent callbacks msi_lib_init_dev_msi_info()
 *              installs in the child's chip.
 * @bus_select_token: the parent's bus token.
 * @bus_select_mask: bus tokens of children it accepts.
 * @prefix: prefix of the child's chip and domain names ("IR-"), or NULL.
 * @init_dev_msi_info: adjust the child's info; false refuses the child.
 */
/* What msi_lib_init_dev_msi_info() completes a child chip with. */
#define MSI_CHIP_FLAG_SET_EOI (1u << 0)	/* irq_eoi = irq_chip_eoi_parent */
#define MSI_CHIP_FLAG_SET_ACK (1u << 1)	/* irq_ack = irq_chip_ack_parent */

struct msi_parent_ops {
	u32 supported_flags;
	u32 required_flags;
	u32 chip_flags;
	u32 bus_select_token;
	u32 bus_select_mask;
	const char *prefix;
	bool (*init_dev_msi_info)(struct device *dev, struct irq_domain *domain,
				  struct irq_domain *msi_parent_domain,
				  struct msi_domain_info *msi_child_info);
};

IRQLAB_API bool msi_lib_init_dev_msi_info(struct device *dev, struct irq_domain *domain,
					  struct irq_domain *real_parent,
					  struct msi_domain_info *info);

/* ---- descriptors (msi_desc.c) ------------------------------------------- */

/**
 * msi_setup_device_data() - give a device its MSI data.
 * @dev: the device.
 *
 * Idempotent.  The data lives until msi_device_data_release().
 *
 * Return: 0 or -ENOMEM.
 */
IRQLAB_API int msi_setup_device_data(struct device *dev);

/**
 * msi_device_data_release() - free a device's MSI data (device removal).
 * @dev: the device.
 *
 * Removes the per-device domains; WARNs about descriptors still present
 * (and frees them).
 */
IRQLAB_API void msi_device_data_release(struct device *dev);

/** msi_lock_descs() - take the device's descriptor mutex. */
IRQLAB_API void msi_lock_descs(struct device *dev);
/** msi_unlock_descs() - release the device's descriptor mutex. */
IRQLAB_API void msi_unlock_descs(struct device *dev);

/**
 * msi_domain_first_desc() - the first descriptor of a device domain.
 * @dev: the device.
 * @domid: the domain id.
 * @filter: which descriptors to visit.
 *
 * Context: msi_lock_descs() held.
 * Return: the descriptor with the lowest index matching @filter, or NULL.
 */
IRQLAB_API struct msi_desc *msi_domain_first_desc(struct device *dev, unsigned int domid,
						  enum msi_desc_filter filter);

/**
 * msi_next_desc() - the next descriptor of the iteration.
 * @dev: the device.
 * @domid: the domain id of the iteration.
 * @filter: the filter of the iteration.
 *
 * Context: msi_lock_descs() held.
 * Return: the next descriptor, or NULL at the end.
 */
IRQLAB_API struct msi_desc *msi_next_desc(struct device *dev, unsigned int domid,
					  enum msi_desc_filter filter);

static inline struct msi_desc *msi_first_desc(struct device *dev,
					      enum msi_desc_filter filter)
{
	return msi_domain_first_desc(dev, MSI_DEFAULT_DOMAIN, filter);
}

#define msi_domain_for_each_desc(desc, dev, domid, filter)                      \
	for ((desc) = msi_domain_first_desc((dev), (domid), (filter)); (desc);  \
	     (desc) = msi_next_desc((dev), (domid), (filter)))
#define msi_for_each_desc(desc, dev, filter) \
	msi_domain_for_each_desc((desc), (dev), MSI_DEFAULT_DOMAIN, (filter))

/**
 * msi_domain_insert_msi_desc() - store a copy of a descriptor.
 * @dev: the device.
 * @domid: the domain id.
 * @init_desc: the template; its msi_index is the index to use, its
 *             affinity (nvec_used entries) is copied.
 *
 * Context: msi_lock_descs() held.
 * Return: 0, -ENOMEM, -ERANGE (index beyond the domain), -EBUSY (taken).
 */
IRQLAB_API int msi_domain_insert_msi_desc(struct device *dev, unsigned int domid,
					  struct msi_desc *init_desc);
static inline int msi_insert_msi_desc(struct device *dev, struct msi_desc *init_desc)
{
	return msi_domain_insert_msi_desc(dev, MSI_DEFAULT_DOMAIN, init_desc);
}

/**
 * msi_domain_free_msi_descs_range() - free the descriptors of an index range.
 * @dev: the device.
 * @domid: the domain id.
 * @first: first index (inclusive).
 * @last: last index (inclusive).
 *
 * A descriptor that still has an interrupt is left alone (WARN).
 *
 * Context: msi_lock_descs() held.
 */
IRQLAB_API void msi_domain_free_msi_descs_range(struct device *dev, unsigned int domid,
						unsigned int first, unsigned int last);
static inline void msi_free_msi_descs(struct device *dev)
{
	msi_domain_free_msi_descs_range(dev, MSI_DEFAULT_DOMAIN, 0, MSI_MAX_INDEX);
}

/**
 * msi_domain_get_virq() - the Linux irq of an MSI index.
 * @dev: the device.
 * @domid: the domain id.
 * @index: MSI-X: the table index; PCI MSI: the vector number.
 *
 * Return: the irq, or 0 when there is none.
 */
IRQLAB_API unsigned int msi_domain_get_virq(struct device *dev, unsigned int domid,
					    unsigned int index);
static inline unsigned int msi_get_virq(struct device *dev, unsigned int index)
{
	return msi_domain_get_virq(dev, MSI_DEFAULT_DOMAIN, index);
}

/**
 * irq_set_msi_desc_off() - link an irq to its MSI descriptor.
 * @irq_base: the descriptor's first irq.
 * @irq_offset: which of its irqs.
 * @entry: the descriptor (NULL unlinks); offset 0 also sets entry->irq.
 *
 * Return: 0, or -EINVAL for an unknown irq.
 */
IRQLAB_API int irq_set_msi_desc_off(unsigned int irq_base, unsigned int irq_offset,
				    struct msi_desc *entry);
static inline int irq_set_msi_desc(unsigned int irq, struct msi_desc *entry)
{
	return irq_set_msi_desc_off(irq, 0, entry);
}

/** irq_get_msi_desc() - the MSI descriptor of an irq, or NULL. */
IRQLAB_API struct msi_desc *irq_get_msi_desc(unsigned int irq);

/** __get_cached_msi_msg() - the message last written for @entry. */
IRQLAB_API void __get_cached_msi_msg(struct msi_desc *entry, struct msi_msg *msg);
/** get_cached_msi_msg() - the message last written for @irq. */
IRQLAB_API void get_cached_msi_msg(unsigned int irq, struct msi_msg *msg);

/* ---- MSI domains (msi.c) ----------------------------------------------- */

/**
 * msi_create_irq_domain() - create a (global) MSI domain.
 * @fwnode: naming node.
 * @info: the domain info; its ops and chip are completed with defaults
 *        according to MSI_FLAG_USE_DEF_*.
 * @parent: the parent domain.
 *
 * Return: the domain, or NULL.
 */
IRQLAB_API struct irq_domain *msi_create_irq_domain(struct fwnode_handle *fwnode,
						    struct msi_domain_info *info,
						    struct irq_domain *parent);

/**
 * msi_create_parent_irq_domain() - create an MSI parent domain.
 * @info: the domain description (size/hwirq_max made equal, MSI_PARENT
 *        flag and the ops' bus token added).
 * @msi_parent_ops: what the parent offers its per-device children.
 *
 * Return: the domain, or NULL.
 */
IRQLAB_API struct irq_domain *
msi_create_parent_irq_domain(struct irq_domain_info *info,
			     const struct msi_parent_ops *msi_parent_ops);

/**
 * msi_parent_init_dev_msi_info() - delegate init_dev_msi_info one level down.
 * @dev: the device.
 * @domain: the level the callback runs on.
 * @msi_parent_domain: the parent the child attaches to.
 * @msi_child_info: the child's info.
 *
 * Return: the lower level's verdict, false (WARN) when it has none.
 */
IRQLAB_API bool msi_parent_init_dev_msi_info(struct device *dev, struct irq_domain *domain,
					     struct irq_domain *msi_parent_domain,
					     struct msi_domain_info *msi_child_info);

/**
 * msi_create_device_irq_domain() - create a per-device MSI domain.
 * @dev: the device; dev->msi.domain must be an MSI parent.
 * @domid: the device domain id.
 * @template: chip, ops and info to copy.
 * @hwsize: size of the index space (0: MSI_XA_DOMAIN_SIZE).
 * @domain_data: stored in info->data.
 * @chip_data: stored in info->chip_data.
 *
 * The chip and the domain are named "<prefix><chip name>-<dev name>"
 * (the domain also gets "-<bus token>"); the parent's init_dev_msi_info
 * adjusts the copy's flags and chip before the domain is created.
 *
 * Context: process context.
 * Return: true on success; false (nothing created) otherwise.
 */
IRQLAB_API bool msi_create_device_irq_domain(struct device *dev, unsigned int domid,
					     const struct msi_domain_template *template,
					     unsigned int hwsize, void *domain_data,
					     void *chip_data);

/**
 * msi_remove_device_irq_domain() - remove a per-device MSI domain.
 * @dev: the device.
 * @domid: the device domain id (no domain: nothing happens).
 */
IRQLAB_API void msi_remove_device_irq_domain(struct device *dev, unsigned int domid);

/**
 * msi_match_device_irq_domain() - is there a device domain with @bus_token?
 * @dev: the device.
 * @domid: the device domain id.
 * @bus_token: the bus token to compare with.
 *
 * Return: true when a per-device domain of that token exists.
 */
IRQLAB_API bool msi_match_device_irq_domain(struct device *dev, unsigned int domid,
					    enum irq_domain_bus_token bus_token);

/**
 * msi_get_device_domain() - the device domain of @domid, or NULL.
 * @dev: the device.
 * @domid: the domain id.
 *
 * Context: msi_lock_descs() held.
 */
IRQLAB_API struct irq_domain *msi_get_device_domain(struct device *dev, unsigned int domid);

/**
 * msi_domain_alloc_irqs_range_locked() - allocate interrupts for the
 * descriptors of an index range.
 * @dev: the device.
 * @domid: the domain id.
 * @first: first index (inclusive).
 * @last: last index (inclusive).
 *
 * On failure everything this call allocated is freed again.
 *
 * Context: msi_lock_descs() held.
 * Return: 0, a negative errno, or (PCI) a positive count of vectors that
 * could have been allocated.
 */
IRQLAB_API int msi_domain_alloc_irqs_range_locked(struct device *dev, unsigned int domid,
						  unsigned int first, unsigned int last);
/** msi_domain_alloc_irqs_range() - the same, taking the descriptor lock. */
IRQLAB_API int msi_domain_alloc_irqs_range(struct device *dev, unsigned int domid,
					   unsigned int first, unsigned int last);

/**
 * msi_domain_alloc_irqs_all_locked() - allocate interrupts for every
 * descriptor without one.
 * @dev: the device.
 * @domid: the domain id.
 * @nirqs: the number of interrupts expected.
 *
 * Context: msi_lock_descs() held.
 * Return: as msi_domain_alloc_irqs_range_locked().
 */
IRQLAB_API int msi_domain_alloc_irqs_all_locked(struct device *dev, unsigned int domid,
						int nirqs);

/**
 * msi_domain_alloc_irq_at() - allocate one descriptor and its interrupt.
 * @dev: the device.
 * @domid: the domain id.
 * @index: the index, or MSI_ANY_INDEX for the lowest free one.
 * @affdesc: optional affinity.
 *
 * Return: the index and irq; on failure index is a negative errno
 * (-ENODEV without a domain, -ERANGE beyond it, -EBUSY taken or full,
 * -ENOMEM, an allocation error) and virq is 0.
 */
IRQLAB_API struct msi_map msi_domain_alloc_irq_at(struct device *dev, unsigned int domid,
						  unsigned int index,
						  const struct irq_affinity_desc *affdesc);

/**
 * msi_domain_free_irqs_range_locked() - free the interrupts of an index range.
 * @dev: the device.
 * @domid: the domain id.
 * @first: first index (inclusive).
 * @last: last index (inclusive).
 *
 * Deactivates and frees; with MSI_FLAG_FREE_MSI_DESCS also the descriptors.
 *
 * Context: msi_lock_descs() held.
 */
IRQLAB_API void msi_domain_free_irqs_range_locked(struct device *dev, unsigned int domid,
						  unsigned int first, unsigned int last);
/** msi_domain_free_irqs_range() - the same, taking the descriptor lock. */
IRQLAB_API void msi_domain_free_irqs_range(struct device *dev, unsigned int domid,
					   unsigned int first, unsigned int last);
/** msi_domain_free_irqs_all_locked() - free every interrupt of a domain. */
IRQLAB_API void msi_domain_free_irqs_all_locked(struct device *dev, unsigned int domid);
/** msi_domain_free_irqs_all() - the same, taking the descriptor lock. */
IRQLAB_API void msi_domain_free_irqs_all(struct device *dev, unsigned int domid);

/**
 * msi_domain_set_affinity() - irq_set_affinity of MSI chips.
 * @irq_data: the MSI level.
 * @mask: the requested CPUs.
 * @force: passed to the parent.
 *
 * The parent picks the new target; unless it answers IRQ_SET_MASK_OK_DONE
 * the message is recomposed and written to the device.
 *
 * Return: the parent's result.
 */
IRQLAB_API int msi_domain_set_affinity(struct irq_data *irq_data,
				       const struct cpumask *mask, bool force);

/** msi_get_domain_info() - the msi_domain_info of an MSI domain. */
IRQLAB_API struct msi_domain_info *msi_get_domain_info(struct irq_domain *domain);

static inline bool irq_domain_is_msi_device(struct irq_domain *domain)
{
	return domain->flags & IRQ_DOMAIN_FLAG_MSI_DEVICE;
}

#endif
