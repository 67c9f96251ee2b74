/* SPDX-License-Identifier: MIT */
/*
 * Memory-mapped I/O from the kernel side (include/linux/io.h analogue).
 *
 * ioremap() maps a physical range the PCI core assigned to a BAR and
 * returns a kernel virtual address, as in the kernel.  The address is a
 * cookie: it is never dereferenced.  readl()/writel()/readq()/writeq()
 * translate it back to the physical address and the host bridge forwards
 * the access to the function whose BAR decodes it, through the function's
 * MMIO interface (irqlab_pci_mmio_read()/irqlab_pci_mmio_write()): a 4- or
 * 8-byte transaction the silicon may refuse.  Nothing on the kernel side
 * touches a function's registers any other way.
 */
#ifndef IRQLAB_IO_H
#define IRQLAB_IO_H

#include "irqlab/types.h"

#define __iomem

/**
 * ioremap() - map physical MMIO space into the kernel's address space.
 * @phys_addr: the first physical address (inside an assigned BAR).
 * @size: bytes to map (> 0).
 *
 * Context: process context, current machine set.
 * Return: the virtual address of @phys_addr, or NULL for a zero size, an
 * overflowing range, no current machine or no memory.
 */
IRQLAB_API void __iomem *ioremap(u64 phys_addr, size_t size);

/**
 * iounmap() - undo ioremap().
 * @addr: the address ioremap() returned; NULL is ignored, an address that
 *        is not the start of a mapping WARNs.
 */
IRQLAB_API void iounmap(volatile void __iomem *addr);

/**
 * readl() - 32-bit MMIO read.
 * @addr: a mapped, 4-byte aligned address.
 *
 * Return: the value; all-ones when the address is not mapped (WARN), no
 * function decodes it, or the function refuses the access (master abort).
 */
IRQLAB_API u32 readl(const volatile void __iomem *addr);

/**
 * writel() - 32-bit MMIO write.
 * @val: the value.
 * @addr: a mapped, 4-byte aligned address.
 *
 * A write nobody decodes is dropped (an unmapped address WARNs).
 */
IRQLAB_API void writel(u32 val, volatile void __iomem *addr);

/** readq() - 64-bit MMIO read (see readl()). */
IRQLAB_API u64 readq(const volatile void __iomem *addr);

/** writeq() - 64-bit MMIO write (see writel()). */
IRQLAB_API void writeq(u64 val, volatile void __iomem *addr);

#endif
