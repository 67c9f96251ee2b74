/* SPDX-License-Identifier: MIT */
/*
 * The kernel side of PCI (include/linux/pci.h analogue): struct pci_dev,
 * enumeration of an emulated function, configuration and MMIO accessors,
 * and the PCI MSI/MSI-X/INTx interrupt API drivers use
 * (drivers/pci/msi/api.c).
 *
 * A pci_dev holds a handle of its silicon (struct irqlab_pci_fn), but only
 * to address it: every register access goes through
 * pci_{read,write}_config_*() (the function's configuration interface) or
 * readl()/writel() on an ioremap()ed BAR (its MMIO interface).  The kernel
 * side never reads the function's state any other way.
 */
#ifndef IRQLAB_PCI_H
#define IRQLAB_PCI_H

#include "irqlab/affinity.h"
#include "irqlab/device.h"
#include "irqlab/io.h"
#include "irqlab/msi.h"
#include "irqlab/pci_regs.h"
#include "irqlab/spinlock.h"
#include "irqlab/types.h"

struct irqlab_machine;
struct irqlab_pci_fn;
struct pci_dev;

/* Resource flags (include/linux/ioport.h). */
#define IORESOURCE_MEM 0x00000200UL
#define IORESOURCE_PREFETCH 0x00002000UL
#define IORESOURCE_MEM_64 0x00100000UL
#define IORESOURCE_UNSET 0x20000000UL

/**
 * struct resource - an address range a BAR decodes.
 * @start: first address.
 * @end: last address (inclusive).
 * @flags: IORESOURCE_*; 0 for a BAR that is not implemented.
 */
struct resource {
	u64 start;
	u64 end;
	unsigned long flags;
};

/* Config accessor results (PCIBIOS_*). */
#define PCIBIOS_SUCCESSFUL 0x00
#define PCIBIOS_DEVICE_NOT_FOUND 0x86
#define PCIBIOS_BAD_REGISTER_NUMBER 0x87

/* pci_dev::dev_flags */
#define PCI_DEV_FLAGS_MSI_INTX_DISABLE_BUG (1U << 0)

/* Where a kernel-side write went (irqlab_pci_set_write_hook()). */
enum irqlab_pci_space {
	IRQLAB_PCI_SPACE_CFG,
	IRQLAB_PCI_SPACE_MMIO,
};

/**
 * typedef irqlab_pci_write_hook_fn - called after each kernel write that
 * reached the function.
 * @dev: the device.
 * @space: configuration space or MMIO.
 * @bar: for MMIO, the BAR index.
 * @off: the config offset, or the offset in the BAR.
 * @size: bytes written.
 * @val: the value.
 * @ctx: the hook's context.
 *
 * The hook runs in the writer's context (possibly an interrupt handler
 * with the irq's locks held) with no lock of the function held: it may
 * make the device raise an interrupt between two register writes.
 */
typedef void (*irqlab_pci_write_hook_fn)(struct pci_dev *dev, enum irqlab_pci_space space,
					 unsigned int bar, u64 off, unsigned int size,
					 u64 val, void *ctx);

/**
 * struct pci_dev - a PCI function as the kernel knows it.
 * @dev: the generic device ("ssss:bb:dd.f").
 * @machine: the machine.
 * @hw: the silicon; used only as the target of accessors.
 * @segment: PCI segment (domain) number.
 * @bus_number: bus number.
 * @devfn: device << 3 | function.
 * @vendor: Vendor ID.
 * @device: Device ID.
 * @subsystem_vendor: Subsystem Vendor ID.
 * @subsystem_device: Subsystem ID.
 * @class: class code (24 bits).
 * @revision: Revision ID.
 * @hdr_type: header type.
 * @pin: interrupt pin (0 none, 1..4 INTA..INTD).
 * @msi_cap: config offset of the MSI capability, 0 if none.
 * @msix_cap: config offset of the MSI-X capability, 0 if none.
 * @irq: the INTx irq (0 when none), or while MSI is enabled its first irq.
 * @resource: the BARs.
 * @is_busmaster: pci_set_master() was called.
 * @msi_enabled: MSI is set up.
 * @msix_enabled: MSI-X is set up.
 * @no_msi: quirk: never use MSI or MSI-X.
 * @no_64bit_msi: the function takes 32-bit MSI addresses only.
 * @is_enabled: pci_enable_device() was called.
 * @dev_flags: PCI_DEV_FLAGS_*.
 * @msix_base: the mapped MSI-X table while MSI-X is enabled.
 * @msi_lock: protects the MSI Mask register cache.
 * @write_hook: irqlab test hook (irqlab_pci_set_write_hook()).
 * @write_hook_ctx: its context.
 * @next: the machine's list of devices.
 */
struct pci_dev {
	struct device dev;
	struct irqlab_machine *machine;
	struct irqlab_pci_fn *hw;
	u16 segment;
	u8 bus_number;
	unsigned int devfn;
	u16 vendor;
	u16 device;
	u16 subsystem_vendor;
	u16 subsystem_device;
	unsigned int class;
	u8 revision;
	u8 hdr_type;
	u8 pin;
	u8 msi_cap;
	u8 msix_cap;
	unsigned int irq;
	struct resource resource[PCI_STD_NUM_BARS];
	unsigned int is_busmaster : 1;
	unsigned int msi_enabled : 1;
	unsigned int msix_enabled : 1;
	unsigned int no_msi : 1;
	unsigned int no_64bit_msi : 1;
	unsigned int is_enabled : 1;
	u32 dev_flags;
	void __iomem *msix_base;
	raw_spinlock_t msi_lock;
	irqlab_pci_write_hook_fn write_hook;
	void *write_hook_ctx;
	struct pci_dev *next;
};

static inline struct pci_dev *to_pci_dev(struct device *dev)
{
	return container_of(dev, struct pci_dev, dev);
}

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

/* bus << 8 | devfn: the requester ID. */
static inline u16 pci_dev_id(const struct pci_dev *dev)
{
	return (u16)(dev->bus_number << 8 | dev->devfn);
}

static inline u64 pci_resource_start(const struct pci_dev *dev, unsigned int bar)
{
	return dev->resource[bar].start;
}

static inline u64 pci_resource_len(const struct pci_dev *dev, unsigned int bar)
{
	const struct resource *r = &dev->resource[bar];

	return r->flags ? r->end - r->start + 1 : 0;
}

static inline unsigned long pci_resource_flags(const struct pci_dev *dev, unsigned int bar)
{
	return dev->resource[bar].flags;
}

#define pci_err(pdev, fmt, ...) dev_err(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_warn(pdev, fmt, ...) dev_warn(&(pdev)->dev, fmt, ##__VA_ARGS__)
#define pci_info(pdev, fmt, ...) dev_info(&(pdev)->dev, fmt, ##__VA_ARGS__)

/* ---- enumeration (pci_probe.c) ----------------------------------------- */

/**
 * irqlab_pci_probe() - enumerate an emulated function.
 * @m: the machine.
 * @bdf: "SSSS:BB:DD.F" or "BB:DD.F".
 * @out: the new pci_dev.
 *
 * Like the kernel's scan of one function: the Vendor ID, class, header and
 * capability list are read through configuration reads; MSI and MSI-X are
 * left disabled; the BARs are sized (write all-ones, read back), assigned
 * from the host bridge's MMIO window [0xc0000000, 0xfec00000) and written;
 * memory decode is enabled.  Quirks for known vendor/device pairs apply
 * ("avoiding MSI to work around a hardware defect").  The device gets the
 * platform's MSI parent as its MSI domain, and on x86 its INTx pin is
 * routed through the IO-APIC (irqlab_ioapic_pci_irq()).
 *
 * Context: process context, @m current.
 * Return: 0; -EINVAL for bad arguments; -ENODEV when no function answers
 * at @bdf (Vendor ID all-ones); -EEXIST when it is probed already; -ENOSPC
 * when the MMIO window is full; -ENOMEM.  On error nothing changes.
 */
IRQLAB_API int irqlab_pci_probe(struct irqlab_machine *m, const char *bdf,
				struct pci_dev **out);

/**
 * irqlab_pci_remove() - remove a device (pci_stop_and_remove_bus_device()).
 * @dev: the device; NULL is ignored.
 *
 * Interrupt vectors still allocated are freed, the per-device MSI domains
 * removed, the BARs' decode disabled and the struct freed.  The window
 * space is not reused.
 */
IRQLAB_API void irqlab_pci_remove(struct pci_dev *dev);

/**
 * irqlab_pci_dev_next() - iterate over a machine's pci_devs in probe order.
 * @m: the machine.
 * @prev: the previous device, or NULL for the first.
 *
 * Return: the next device, or NULL.
 */
IRQLAB_API struct pci_dev *irqlab_pci_dev_next(struct irqlab_machine *m,
					       struct pci_dev *prev);

/** irqlab_pci_dev_find() - the pci_dev of a BDF, or NULL. */
IRQLAB_API struct pci_dev *irqlab_pci_dev_find(struct irqlab_machine *m, const char *bdf);

/**
 * irqlab_pci_set_write_hook() - observe the kernel's register writes.
 * @dev: the device.
 * @hook: called after each write that reached the function; NULL removes.
 * @ctx: its context.
 */
IRQLAB_API void irqlab_pci_set_write_hook(struct pci_dev *dev, irqlab_pci_write_hook_fn hook,
					  void *ctx);

/* ---- configuration and MMIO access (pci_access.c) ---------------------- */

/*
 * Config accessors: PCIBIOS_SUCCESSFUL, PCIBIOS_BAD_REGISTER_NUMBER for a
 * misaligned or out-of-range offset (reads then give all-ones),
 * PCIBIOS_DEVICE_NOT_FOUND for a device without silicon.
 */
IRQLAB_API int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val);
IRQLAB_API int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val);
IRQLAB_API int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val);
IRQLAB_API int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val);
IRQLAB_API int pci_write_config_word(const struct pci_dev *dev, int where, u16 val);
IRQLAB_API int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val);

/**
 * pci_find_capability() - walk the capability list.
 * @dev: the device.
 * @cap: PCI_CAP_ID_*.
 *
 * Return: the capability's config offset, or 0.
 */
IRQLAB_API u8 pci_find_capability(struct pci_dev *dev, int cap);

/** pci_enable_device() - enable memory decode (Command.Memory). */
IRQLAB_API int pci_enable_device(struct pci_dev *dev);
/** pci_disable_device() - disable bus mastering and memory decode. */
IRQLAB_API void pci_disable_device(struct pci_dev *dev);
/** pci_set_master() - enable bus mastering (MSI writes need it). */
IRQLAB_API void pci_set_master(struct pci_dev *dev);
/** pci_clear_master() - disable bus mastering. */
IRQLAB_API void pci_clear_master(struct pci_dev *dev);
/**
 * pci_intx() - enable or disable INTx (Command.Interrupt Disable).
 * @dev: the device.
 * @enable: non-zero clears Interrupt Disable.
 */
IRQLAB_API void pci_intx(struct pci_dev *dev, int enable);

/**
 * pci_iomap_range() - map part of a BAR.
 * @dev: the device.
 * @bar: the BAR index.
 * @offset: offset in the BAR.
 * @maxlen: bytes to map (0: to the end of the BAR).
 *
 * Return: the mapped address, or NULL for an unassigned BAR or a range
 * beyond it.
 */
IRQLAB_API void __iomem *pci_iomap_range(struct pci_dev *dev, int bar, unsigned long offset,
					 unsigned long maxlen);
static inline void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen)
{
	return pci_iomap_range(dev, bar, 0, maxlen);
}
/** pci_iounmap() - undo pci_iomap(). */
IRQLAB_API void pci_iounmap(struct pci_dev *dev, void __iomem *addr);

/* ---- the PCI interrupt API (pci_msi_api.c) ------------------------------ */

#define PCI_IRQ_INTX (1U << 0)		/* allow INTx */
#define PCI_IRQ_MSI (1U << 1)		/* allow MSI */
#define PCI_IRQ_MSIX (1U << 2)		/* allow MSI-X */
#define PCI_IRQ_AFFINITY (1U << 3)	/* spread and manage affinity */
#define PCI_IRQ_VIRTUAL (1U << 4)	/* MSI-X indices beyond the table */
#define PCI_IRQ_ALL_TYPES (PCI_IRQ_INTX | PCI_IRQ_MSI | PCI_IRQ_MSIX)
#define PCI_IRQ_LEGACY PCI_IRQ_INTX	/* the pre-6.10 name */

/** struct msix_entry - legacy MSI-X request: table @entry, result @vector. */
struct msix_entry {
	u32 vector;
	u16 entry;
};

/**
 * pci_alloc_irq_vectors_affinity() - allocate interrupt vectors of a device.
 * @dev: the device.
 * @min_vecs: the fewest vectors the driver can work with.
 * @max_vecs: the most it wants.
 * @flags: PCI_IRQ_MSIX, PCI_IRQ_MSI, PCI_IRQ_INTX, PCI_IRQ_AFFINITY.
 * @affd: affinity requirements (with PCI_IRQ_AFFINITY; NULL: defaults).
 *
 * MSI-X is tried first, then MSI, then INTx (only for @min_vecs == 1 and a
 * device with an INTx irq), as @flags allow.  MSI-X and MSI may return
 * fewer than @max_vecs: the table is smaller, or fewer vectors could be
 * allocated (the allocation is retried with that count).  With
 * PCI_IRQ_AFFINITY the vectors get spread, managed masks.
 *
 * Return: the number of vectors (>= @min_vecs); -ENOSPC when fewer than
 * @min_vecs are available; -ERANGE for @max_vecs < @min_vecs; -EINVAL for
 * zero vectors, a device with MSI or MSI-X already enabled, or no usable
 * mechanism; -ENODEV when the device domain cannot be created; -ENOMEM.
 */
IRQLAB_API int pci_alloc_irq_vectors_affinity(struct pci_dev *dev, unsigned int min_vecs,
					      unsigned int max_vecs, unsigned int flags,
					      struct irq_affinity *affd);
static inline int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min_vecs,
					unsigned int max_vecs, unsigned int flags)
{
	return pci_alloc_irq_vectors_affinity(dev, min_vecs, max_vecs, flags, NULL);
}

/**
 * pci_irq_vector() - the Linux irq of a device vector.
 * @dev: the device.
 * @nr: MSI-X: the table index; MSI: the vector number; INTx: 0.
 *
 * Return: the irq, or -EINVAL when @nr has none.
 */
IRQLAB_API int pci_irq_vector(struct pci_dev *dev, unsigned int nr);

/**
 * pci_irq_get_affinity() - the affinity of a device vector.
 * @dev: the device.
 * @nr: as for pci_irq_vector().
 *
 * Return: the mask, NULL without one (or a bad @nr: WARN), cpu_possible_mask
 * for INTx.
 */
IRQLAB_API const struct cpumask *pci_irq_get_affinity(struct pci_dev *dev, int nr);

/**
 * pci_free_irq_vectors() - undo pci_alloc_irq_vectors().
 * @dev: the device.
 *
 * MSI-X entries are masked and MSI-X/MSI disabled, INTx enabled again,
 * the interrupts freed.  Nothing happens when nothing is allocated.
 */
IRQLAB_API void pci_free_irq_vectors(struct pci_dev *dev);

/**
 * pci_msix_can_alloc_dyn() - can MSI-X vectors be added after setup?
 * @dev: the device.
 *
 * Return: true when the device has MSI-X and its MSI parent supports
 * MSI_FLAG_PCI_MSIX_ALLOC_DYN.
 */
IRQLAB_API bool pci_msix_can_alloc_dyn(struct pci_dev *dev);

/**
 * pci_msix_alloc_irq_at() - add one MSI-X vector while MSI-X is enabled.
 * @dev: the device.
 * @index: the table index, or MSI_ANY_INDEX.
 * @affdesc: optional affinity.
 *
 * Return: the index and irq; on failure index is a negative errno
 * (-ENOTSUPP: MSI-X not enabled or no dynamic allocation; -ERANGE beyond
 * the table; -EBUSY index taken or table full; ...) and virq 0.
 */
IRQLAB_API struct msi_map pci_msix_alloc_irq_at(struct pci_dev *dev, unsigned int index,
						const struct irq_affinity_desc *affdesc);

/**
 * pci_msix_free_irq() - free a vector of pci_msix_alloc_irq_at().
 * @dev: the device.
 * @map: what pci_msix_alloc_irq_at() returned (a failed map WARNs).
 */
IRQLAB_API void pci_msix_free_irq(struct pci_dev *dev, struct msi_map map);

/* Legacy API. */
IRQLAB_API int pci_enable_msi(struct pci_dev *dev);
IRQLAB_API void pci_disable_msi(struct pci_dev *dev);
IRQLAB_API int pci_enable_msix_range(struct pci_dev *dev, struct msix_entry *entries,
				     int minvec, int maxvec);
IRQLAB_API void pci_disable_msix(struct pci_dev *dev);
/** pci_msi_vec_count() - Multiple Message Capable as a count, or -EINVAL. */
IRQLAB_API int pci_msi_vec_count(struct pci_dev *dev);
/** pci_msix_vec_count() - the MSI-X table size, or -EINVAL. */
IRQLAB_API int pci_msix_vec_count(struct pci_dev *dev);

/**
 * pci_restore_msi_state() - write the MSI/MSI-X state back to the device
 * (after a reset): the cached messages, masks and enable bits.
 * @dev: the device.
 */
IRQLAB_API void pci_restore_msi_state(struct pci_dev *dev);

/* ---- the MSI leaf (domains/pci_msi.c) ----------------------------------- */

/** pci_msi_mask_irq() - mask a PCI/MSI irq in the device (chip callback). */
IRQLAB_API void pci_msi_mask_irq(struct irq_data *data);
/** pci_msi_unmask_irq() - unmask a PCI/MSI irq in the device. */
IRQLAB_API void pci_msi_unmask_irq(struct irq_data *data);

/**
 * __pci_write_msi_msg() - write a message into the device.
 * @entry: the descriptor.
 * @msg: the message; cached in @entry->msg.
 *
 * MSI-X: an unmasked entry is masked around the update (the spec forbids
 * changing a live entry), then the data is read back to flush.  MSI: the
 * Multiple Message Enable field, the address and the data, in that order.
 */
IRQLAB_API void __pci_write_msi_msg(struct msi_desc *entry, struct msi_msg *msg);
/** __pci_read_msi_msg() - read the message back from the device. */
IRQLAB_API void __pci_read_msi_msg(struct msi_desc *entry, struct msi_msg *msg);
/** pci_write_msi_msg() - __pci_write_msi_msg() of an irq's descriptor. */
IRQLAB_API void pci_write_msi_msg(unsigned int irq, struct msi_msg *msg);

/** msi_desc_to_pci_dev() - the pci_dev of a descriptor. */
IRQLAB_API struct pci_dev *msi_desc_to_pci_dev(struct msi_desc *desc);

/* ---- /sys/bus/pci/devices/<bdf>/msi_irqs/ ------------------------------- */

/**
 * irqlab_pci_msi_irqs() - the entries of a device's msi_irqs directory.
 * @dev: the device.
 * @irqs: filled with up to @max irq numbers, ascending.
 * @max: room in @irqs.
 *
 * Return: the number of entries (may exceed @max); -ENOENT when the
 * directory does not exist (MSI was never set up on @dev).
 */
IRQLAB_API int irqlab_pci_msi_irqs(struct pci_dev *dev, unsigned int *irqs,
				   unsigned int max);

/**
 * irqlab_pci_msi_mode() - what each msi_irqs/<irq> file contains.
 * @dev: the device.
 *
 * Return: "msix" while MSI-X is enabled, else "msi" (the kernel's
 * msi_mode_show(), without the newline).
 */
IRQLAB_API const char *irqlab_pci_msi_mode(struct pci_dev *dev);

#endif
