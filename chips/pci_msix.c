// SPDX-License-Identifier: MIT
/*
 * The MSI-X capability of the emulated PCI function and its table and PBA
 * in BAR space.  Entries reset masked; an entry is masked for delivery when
 * its Mask bit or the Function Mask is set, and a disabled capability
 * counts as masked (QEMU's rule).  A masked event sets the PBA bit; any
 * transition to unmasked sends the pending message and clears the bit.
 * Table entries store all 32 bits as written (QEMU, cloud-hypervisor); PBA
 * writes are ignored.
 */
#include <string.h>

#include "pci_fn_internal.h"

#define DW_PER_ENTRY (PCI_MSIX_ENTRY_SIZE / 4)
#define CTRL_DW (PCI_MSIX_ENTRY_VECTOR_CTRL / 4)

static unsigned int msix_ctrl_reg(const struct irqlab_pci_fn *fn)
{
	return fn->cfg.msix.offset + PCI_MSIX_FLAGS;
}

static u64 table_len(const struct irqlab_pci_fn *fn)
{
	return (u64)fn->cfg.msix.entries * PCI_MSIX_ENTRY_SIZE;
}

static unsigned int pba_words(const struct irqlab_pci_fn *fn)
{
	return DIV_ROUND_UP(fn->cfg.msix.entries, 64);
}

/**
 * pci_msix_init() - power-on state: disabled, unmasked function, every
 * entry zero with its Mask bit set, PBA clear.
 * @fn: the function, fn->lock held.
 */
void pci_msix_init(struct irqlab_pci_fn *fn)
{
	const struct irqlab_pci_msix_config *x = &fn->cfg.msix;

	if (!x->present)
		return;
	pci_set16(fn, msix_ctrl_reg(fn), (u16)(x->entries - 1));
	pci_set_wmask(fn, msix_ctrl_reg(fn), 2, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	pci_set32(fn, x->offset + PCI_MSIX_TABLE, x->table_offset | x->table_bar);
	pci_set32(fn, x->offset + PCI_MSIX_PBA, x->pba_offset | x->pba_bar);
	memset(fn->msix_table, 0, table_len(fn));
	for (unsigned int k = 0; k < x->entries; k++)
		fn->msix_table[k * DW_PER_ENTRY + CTRL_DW] = PCI_MSIX_ENTRY_CTRL_MASKBIT;
	memset(fn->msix_pba, 0, pba_words(fn) * sizeof(u64));
}

/**
 * pci_msix_enabled() - is MSI-X Enable set?
 * @fn: the function, fn->lock held.
 *
 * Return: true when the function has MSI-X and software enabled it.
 */
bool pci_msix_enabled(const struct irqlab_pci_fn *fn)
{
	return fn->cfg.msix.present &&
	       (pci_get16(fn, msix_ctrl_reg(fn)) & PCI_MSIX_FLAGS_ENABLE);
}

/* Disabled or Function Mask: every entry behaves as masked. */
static bool msix_function_masked(const struct irqlab_pci_fn *fn)
{
	return !pci_msix_enabled(fn) ||
	       (pci_get16(fn, msix_ctrl_reg(fn)) & PCI_MSIX_FLAGS_MASKALL);
}

static bool entry_masked(const struct irqlab_pci_fn *fn, unsigned int k)
{
	return fn->msix_table[k * DW_PER_ENTRY + CTRL_DW] & PCI_MSIX_ENTRY_CTRL_MASKBIT;
}

static void entry_compose(const struct irqlab_pci_fn *fn, unsigned int k, struct pci_msg *msg)
{
	const u32 *e = &fn->msix_table[k * DW_PER_ENTRY];

	msg->addr = (u64)e[PCI_MSIX_ENTRY_UPPER_ADDR / 4] << 32 | e[PCI_MSIX_ENTRY_LOWER_ADDR / 4];
	msg->data = e[PCI_MSIX_ENTRY_DATA / 4];
}

/**
 * pci_msix_event() - an event for entry @k.
 * @fn: the function, fn->lock held.
 * @k: entry.
 * @msg: filled in when a message must be sent.
 *
 * Return: 1 when @msg must be sent, 0 when the entry is masked (its PBA bit
 * is now set), -EINVAL when @k is beyond the table.
 */
int pci_msix_event(struct irqlab_pci_fn *fn, unsigned int k, struct pci_msg *msg)
{
	if (k >= fn->cfg.msix.entries)
		return -EINVAL;
	if (msix_function_masked(fn) || entry_masked(fn, k)) {
		fn->msix_pba[k / 64] |= 1ULL << (k % 64);
		fn->stats.msgs_masked++;
		return 0;
	}
	entry_compose(fn, k, msg);
	return 1;
}

/**
 * pci_msix_retract() - the event of entry @k was serviced while masked.
 * @fn: the function, fn->lock held.
 * @k: entry.
 *
 * Return: 0, or -EINVAL when @k is beyond the table.
 */
int pci_msix_retract(struct irqlab_pci_fn *fn, unsigned int k)
{
	if (k >= fn->cfg.msix.entries)
		return -EINVAL;
	fn->msix_pba[k / 64] &= ~(1ULL << (k % 64));
	return 0;
}

/**
 * pci_msix_next_pending() - take the lowest pending entry that is unmasked.
 * @fn: the function, fn->lock held.
 * @msg: its message.
 *
 * Return: true when one was found (its PBA bit is now clear).
 */
bool pci_msix_next_pending(struct irqlab_pci_fn *fn, struct pci_msg *msg)
{
	if (!fn->cfg.msix.present || msix_function_masked(fn))
		return false;
	for (unsigned int w = 0; w < pba_words(fn); w++) {
		for (u64 bits = fn->msix_pba[w]; bits; bits &= bits - 1) {
			unsigned int k = w * 64 + (unsigned int)__builtin_ctzll(bits);

			if (entry_masked(fn, k))
				continue;
			fn->msix_pba[w] &= ~(1ULL << (k % 64));
			entry_compose(fn, k, msg);
			return true;
		}
	}
	return false;
}

/*
 * Is the access [off, off + size) inside region [start, start + len) of
 * @rbar?  Regions are QWORD aligned and at least a QWORD long (len >= size).
 */
static bool in_region(unsigned int bar, u64 off, unsigned int size, unsigned int rbar,
		      u64 start, u64 len)
{
	return bar == rbar && off >= start && off - start <= len - size;
}

/**
 * pci_msix_mmio_read() - a BAR read that may hit the table or PBA.
 * @fn: the function, fn->lock held.
 * @bar: BAR index (validated).
 * @off: offset (validated: aligned, inside the BAR).
 * @size: 4 or 8.
 * @val: the value, when the access hit the table or PBA.
 *
 * Return: true when the access hit the table or PBA.
 */
bool pci_msix_mmio_read(struct irqlab_pci_fn *fn, unsigned int bar, u64 off,
			unsigned int size, u64 *val)
{
	const struct irqlab_pci_msix_config *x = &fn->cfg.msix;
	u64 v = 0;

	if (!x->present)
		return false;
	if (in_region(bar, off, size, x->table_bar, x->table_offset, table_len(fn))) {
		u64 dw = (off - x->table_offset) / 4;

		for (unsigned int i = 0; i < size / 4; i++)
			v |= (u64)fn->msix_table[dw + i] << (32 * i);
		*val = v;
		return true;
	}
	if (in_region(bar, off, size, x->pba_bar, x->pba_offset, pba_words(fn) * 8ULL)) {
		u64 dw = (off - x->pba_offset) / 4;

		for (unsigned int i = 0; i < size / 4; i++) {
			u64 word = fn->msix_pba[(dw + i) / 2];

			v |= ((word >> (32 * ((dw + i) % 2))) & 0xffffffff) << (32 * i);
		}
		*val = v;
		return true;
	}
	return false;
}

/**
 * pci_msix_mmio_write() - a BAR write that may hit the table or PBA.
 * @fn: the function, fn->lock held.
 * @bar: BAR index (validated).
 * @off: offset (validated: aligned, inside the BAR).
 * @size: 4 or 8: a QWORD is two DWORD writes, low half first.
 * @val: the value.
 * @unmasked: set when a Vector Control write cleared a Mask bit.
 *
 * Return: true when the access hit the table or PBA.
 */
bool pci_msix_mmio_write(struct irqlab_pci_fn *fn, unsigned int bar, u64 off,
			 unsigned int size, u64 val, bool *unmasked)
{
	const struct irqlab_pci_msix_config *x = &fn->cfg.msix;

	if (!x->present)
		return false;
	if (in_region(bar, off, size, x->table_bar, x->table_offset, table_len(fn))) {
		u64 dw = (off - x->table_offset) / 4;

		for (unsigned int i = 0; i < size / 4; i++) {
			u32 v = (u32)(val >> (32 * i));

			fn->msix_table[dw + i] = v;
			if ((dw + i) % DW_PER_ENTRY == CTRL_DW &&
			    !(v & PCI_MSIX_ENTRY_CTRL_MASKBIT))
				*unmasked = true;
		}
		return true;
	}
	/* The PBA is read-only: the write is accepted and has no effect. */
	return in_region(bar, off, size, x->pba_bar, x->pba_offset, pba_words(fn) * 8ULL);
}
