/* SPDX-License-Identifier: MIT */
/*
 * Private interfaces of the kernel-side PCI code (irqcore/pci_*.c and the
 * PCI/MSI leaf, domains/pci_msi.c): the machine's host bridge (device
 * list, MMIO window, ioremap() mappings) and the helpers of
 * drivers/pci/msi/msi.h.
 *
 * Lock order: msi_device_data::mutex → desc->lock → pci_dev::msi_lock →
 * the host's lock (a leaf: never held while the function is accessed).
 */
#ifndef IRQLAB_IRQCORE_PCI_INTERNAL_H
#define IRQLAB_IRQCORE_PCI_INTERNAL_H

#include "internals.h"
#include "irqlab/ioapic.h"
#include "irqlab/msi.h"
#include "irqlab/pci.h"
#include "irqlab/pci_hw.h"

/* The host bridge's memory window (Linux: "root bus resource [mem ...]"). */
#define IRQLAB_PCI_MMIO_START 0xc0000000ULL
#define IRQLAB_PCI_MMIO_END 0xfec00000ULL /* exclusive: the IO-APIC follows */

/**
 * struct pci_iomap_entry - one ioremap() mapping.
 * @virt: its kernel virtual address (a cookie, never dereferenced).
 * @phys: the physical address it maps.
 * @size: bytes.
 * @next: the host's list.
 */
struct pci_iomap_entry {
	uintptr_t virt;
	u64 phys;
	size_t size;
	struct pci_iomap_entry *next;
};

/**
 * struct irqlab_pci_host - the kernel's view of the machine's PCI host.
 * @lock: protects the lists and counters.
 * @devs: probed devices, in probe order.
 * @mmio_next: next free address of the MMIO window.
 * @virt_next: next free kernel virtual address for ioremap().
 * @maps: the ioremap() mappings.
 */
struct irqlab_pci_host {
	struct irqlab_lock lock;
	struct pci_dev *devs;
	u64 mmio_next;
	uintptr_t virt_next;
	struct pci_iomap_entry *maps;
};

/* pci_probe.c */
struct irqlab_pci_host *pci_host_get(struct irqlab_machine *m, bool create);

/* pci_access.c: the host bridge's decode of a physical MMIO address. */
struct pci_dev *pci_host_decode(struct irqlab_machine *m, u64 phys, unsigned int *bar,
				u64 *off);
void pci_call_write_hook(struct pci_dev *dev, enum irqlab_pci_space space, unsigned int bar,
			 u64 off, unsigned int size, u64 val);

/* ---- drivers/pci/msi/msi.h ---------------------------------------------- */

enum support_mode {
	ALLOW_LEGACY,
	DENY_LEGACY,
};

static inline void __iomem *pci_msix_desc_addr(struct msi_desc *desc)
{
	return (char __iomem *)desc->pci.mask_base +
	       (size_t)desc->msi_index * PCI_MSIX_ENTRY_SIZE;
}

/* All vectors MSI can enable, as a mask of the Mask register. */
static inline u32 msi_multi_mask(struct msi_desc *desc)
{
	if (desc->pci.msi_attrib.multi_cap >= 5)
		return 0xffffffff;
	return (1u << (1u << desc->pci.msi_attrib.multi_cap)) - 1;
}

/* domains/pci_msi.c: the leaf's register programming. */
void pci_msi_update_mask(struct msi_desc *desc, u32 clear, u32 set);
void pci_msix_write_vector_ctrl(struct msi_desc *desc, u32 ctrl);
void pci_msix_mask(struct msi_desc *desc);
void pci_msix_unmask(struct msi_desc *desc);
void msix_prepare_msi_desc(struct pci_dev *dev, struct msi_desc *desc);

static inline void pci_msi_mask(struct msi_desc *desc, u32 mask)
{
	pci_msi_update_mask(desc, 0, mask);
}

static inline void pci_msi_unmask(struct msi_desc *desc, u32 mask)
{
	pci_msi_update_mask(desc, mask, 0);
}

/* domains/pci_msi.c: per-device domains (drivers/pci/msi/irqdomain.c). */
int pci_msi_setup_msi_irqs(struct pci_dev *dev, int nvec, int type);
void pci_msi_teardown_msi_irqs(struct pci_dev *dev);
bool pci_setup_msi_device_domain(struct pci_dev *pdev, unsigned int hwsize);
bool pci_setup_msix_device_domain(struct pci_dev *pdev, unsigned int hwsize);
bool pci_msi_domain_supports(struct pci_dev *pdev, unsigned int feature_mask,
			     enum support_mode mode);

/* pci_msi_setup.c (drivers/pci/msi/msi.c). */
int __pci_enable_msi_range(struct pci_dev *dev, int minvec, int maxvec,
			   struct irq_affinity *affd);
int __pci_enable_msix_range(struct pci_dev *dev, struct msix_entry *entries, int minvec,
			    int maxvec, struct irq_affinity *affd, unsigned int flags);
void pci_msi_shutdown(struct pci_dev *dev);
void pci_msix_shutdown(struct pci_dev *dev);
void pci_free_msi_irqs(struct pci_dev *dev);

#endif
