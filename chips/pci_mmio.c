// SPDX-License-Identifier: MIT
/*
 * Memory accesses to the emulated PCI function's BARs.  Only naturally
 * aligned DWORD and QWORD accesses inside an implemented BAR are valid
 * (msix.md §1.7; QEMU and cloud-hypervisor refuse the rest).  With memory
 * decode off the function does not respond: reads give all-ones, writes are
 * lost.  BAR space outside the MSI-X table and PBA reads as zero.
 */
#include "pci_fn_internal.h"

static bool mmio_access_ok(const struct irqlab_pci_fn *fn, unsigned int bar, u64 off,
			   unsigned int size)
{
	u64 bsize;

	if (!fn || (size != 4 && size != 8) || (off & (size - 1)) ||
	    bar >= PCI_STD_NUM_BARS)
		return false;
	/* The upper slot of a 64-bit BAR has size 0, so it is refused too. */
	bsize = fn->cfg.bars[bar].size;
	return bsize >= size && off <= bsize - size;
}

int irqlab_pci_mmio_read(struct irqlab_pci_fn *fn, unsigned int bar, u64 off,
			 unsigned int size, u64 *val)
{
	int ret = 0;
	u64 v;

	if (!val)
		return -EINVAL;
	*val = size == 4 ? 0xffffffffULL : ~0ULL;
	if (!mmio_access_ok(fn, bar, off, size))
		return -EINVAL;
	irqlab_lock_acquire(&fn->lock);
	if (fn->gone)
		; /* all-ones, as set above */
	else if (!(pci_command(fn) & PCI_COMMAND_MEMORY))
		ret = -EIO;
	else if (pci_msix_mmio_read(fn, bar, off, size, &v))
		*val = v;
	else
		*val = 0;
	irqlab_lock_release(&fn->lock);
	return ret;
}

int irqlab_pci_mmio_write(struct irqlab_pci_fn *fn, unsigned int bar, u64 off,
			  unsigned int size, u64 val)
{
	bool unmasked = false;
	int ret = 0;

	if (!mmio_access_ok(fn, bar, off, size))
		return -EINVAL;
	irqlab_lock_acquire(&fn->lock);
	if (fn->gone)
		; /* dropped */
	else if (!(pci_command(fn) & PCI_COMMAND_MEMORY))
		ret = -EIO;
	else
		pci_msix_mmio_write(fn, bar, off, size, val, &unmasked);
	irqlab_lock_release(&fn->lock);
	if (unmasked)
		pci_flush_pending(fn);
	return ret;
}
