// SPDX-License-Identifier: MIT
/*
 * The MSI capability of the emulated PCI function: 32- or 64-bit address,
 * 1-32 vectors, optional per-vector Mask and Pending registers.  The rules
 * are the spec's, with QEMU's choices where it leaves one: Multiple Message
 * Enable is clamped to Multiple Message Capable, pending bits of vectors
 * that are no longer allocated are dropped, the upper 16 data bits are 0.
 */
#include "pci_fn_internal.h"

/**
 * pci_msi_cfg_size() - bytes of config space an MSI capability takes.
 * @msi: its configuration.
 *
 * Return: 0x0a, 0x0e, 0x14 or 0x18 (spec table of the four layouts).
 */
unsigned int pci_msi_cfg_size(const struct irqlab_pci_msi_config *msi)
{
	if (msi->per_vector_mask)
		return msi->addr64 ? 0x18 : 0x14;
	return msi->addr64 ? 0x0e : 0x0a;
}

static unsigned int msi_ctrl_reg(const struct irqlab_pci_fn *fn)
{
	return fn->cfg.msi.offset + PCI_MSI_FLAGS;
}

static unsigned int msi_data_reg(const struct irqlab_pci_fn *fn)
{
	return fn->cfg.msi.offset + (fn->cfg.msi.addr64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32);
}

static unsigned int msi_mask_reg(const struct irqlab_pci_fn *fn)
{
	return fn->cfg.msi.offset + (fn->cfg.msi.addr64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
}

static unsigned int msi_pending_reg(const struct irqlab_pci_fn *fn)
{
	return msi_mask_reg(fn) + 4;
}

/* The low @n bits set, for n in 1..32. */
static u32 low_bits(unsigned int n)
{
	return n >= 32 ? 0xffffffffu : (1u << n) - 1;
}

/* Vectors software enabled: 2^MME. */
static unsigned int msi_nvec(const struct irqlab_pci_fn *fn)
{
	return 1u << ((pci_get16(fn, msi_ctrl_reg(fn)) & PCI_MSI_FLAGS_QSIZE) >> 4);
}

/**
 * pci_msi_init() - power-on state of the MSI capability.
 * @fn: the function, fn->lock held.
 */
void pci_msi_init(struct irqlab_pci_fn *fn)
{
	const struct irqlab_pci_msi_config *msi = &fn->cfg.msi;
	unsigned int log2 = 0;
	u16 ctrl;

	if (!msi->present)
		return;
	while ((1u << log2) < msi->vectors)
		log2++;
	ctrl = (u16)(log2 << 1);
	if (msi->addr64)
		ctrl |= PCI_MSI_FLAGS_64BIT;
	if (msi->per_vector_mask)
		ctrl |= PCI_MSI_FLAGS_MASKBIT;
	pci_set16(fn, msi_ctrl_reg(fn), ctrl);
	pci_set_wmask(fn, msi_ctrl_reg(fn), 2, PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
	/* Address bits 1:0 read as zero: messages are dword writes. */
	pci_set_wmask(fn, msi->offset + PCI_MSI_ADDRESS_LO, 4, 0xfffffffc);
	if (msi->addr64)
		pci_set_wmask(fn, msi->offset + PCI_MSI_ADDRESS_HI, 4, 0xffffffff);
	pci_set_wmask(fn, msi_data_reg(fn), 2, 0xffff);
	if (msi->per_vector_mask)
		pci_set_wmask(fn, msi_mask_reg(fn), 4, low_bits(msi->vectors));
}

/**
 * pci_msi_enabled() - is MSI Enable set?
 * @fn: the function, fn->lock held.
 *
 * Return: true when the function has MSI and software enabled it.
 */
bool pci_msi_enabled(const struct irqlab_pci_fn *fn)
{
	return fn->cfg.msi.present &&
	       (pci_get16(fn, msi_ctrl_reg(fn)) & PCI_MSI_FLAGS_ENABLE);
}

/**
 * pci_msi_after_write() - keep MSI state consistent after a config write.
 * @fn: the function, fn->lock held.
 *
 * Multiple Message Enable larger than Capable is undefined by the spec:
 * clamp it, as QEMU does.  Vectors no longer allocated lose their pending
 * bits.
 */
void pci_msi_after_write(struct irqlab_pci_fn *fn)
{
	u16 ctrl = pci_get16(fn, msi_ctrl_reg(fn));
	unsigned int mme = (ctrl & PCI_MSI_FLAGS_QSIZE) >> 4;
	unsigned int mmc = (ctrl & PCI_MSI_FLAGS_QMASK) >> 1;

	if (mme > mmc) {
		ctrl = (u16)((ctrl & ~PCI_MSI_FLAGS_QSIZE) | mmc << 4);
		pci_set16(fn, msi_ctrl_reg(fn), ctrl);
	}
	if (fn->cfg.msi.per_vector_mask)
		pci_set32(fn, msi_pending_reg(fn),
			  pci_get32(fn, msi_pending_reg(fn)) & low_bits(msi_nvec(fn)));
}

/* The message of vector @v: the low log2(nvec) data bits carry @v. */
static void msi_compose(const struct irqlab_pci_fn *fn, unsigned int v, struct pci_msg *msg)
{
	u32 data = pci_get16(fn, msi_data_reg(fn));

	msg->addr = pci_get32(fn, fn->cfg.msi.offset + PCI_MSI_ADDRESS_LO);
	if (fn->cfg.msi.addr64)
		msg->addr |= (u64)pci_get32(fn, fn->cfg.msi.offset + PCI_MSI_ADDRESS_HI) << 32;
	msg->data = (data & ~(msi_nvec(fn) - 1)) | v;
}

/**
 * pci_msi_event() - an event for MSI vector @k (MSI enabled).
 * @fn: the function, fn->lock held.
 * @k: vector, < Multiple Message Capable; aliased onto the enabled ones.
 * @msg: filled in when a message must be sent.
 *
 * Return: 1 when @msg must be sent, 0 when the vector is masked (its
 * pending bit is now set), -EINVAL for a bad @k.
 */
int pci_msi_event(struct irqlab_pci_fn *fn, unsigned int k, struct pci_msg *msg)
{
	unsigned int v;

	if (k >= fn->cfg.msi.vectors)
		return -EINVAL;
	v = k & (msi_nvec(fn) - 1);
	if (fn->cfg.msi.per_vector_mask && (pci_get32(fn, msi_mask_reg(fn)) & (1u << v))) {
		pci_set32(fn, msi_pending_reg(fn),
			  pci_get32(fn, msi_pending_reg(fn)) | 1u << v);
		fn->stats.msgs_masked++;
		return 0;
	}
	msi_compose(fn, v, msg);
	return 1;
}

/**
 * pci_msi_retract() - the event of vector @k was serviced while masked.
 * @fn: the function, fn->lock held.
 * @k: vector.
 *
 * Return: 0, or -EINVAL for a bad @k.
 */
int pci_msi_retract(struct irqlab_pci_fn *fn, unsigned int k)
{
	unsigned int v;

	if (k >= fn->cfg.msi.vectors)
		return -EINVAL;
	v = k & (msi_nvec(fn) - 1);
	if (fn->cfg.msi.per_vector_mask)
		pci_set32(fn, msi_pending_reg(fn),
			  pci_get32(fn, msi_pending_reg(fn)) & ~(1u << v));
	return 0;
}

/**
 * pci_msi_next_pending() - take the lowest pending vector that is unmasked.
 * @fn: the function, fn->lock held.
 * @msg: its message.
 *
 * Return: true when one was found (its pending bit is now clear).
 */
bool pci_msi_next_pending(struct irqlab_pci_fn *fn, struct pci_msg *msg)
{
	u32 p;
	unsigned int v;

	if (!fn->cfg.msi.per_vector_mask || !pci_msi_enabled(fn))
		return false;
	p = pci_get32(fn, msi_pending_reg(fn)) & ~pci_get32(fn, msi_mask_reg(fn));
	if (!p)
		return false;
	v = (unsigned int)__builtin_ctz(p);
	pci_set32(fn, msi_pending_reg(fn), pci_get32(fn, msi_pending_reg(fn)) & ~(1u << v));
	msi_compose(fn, v, msg);
	return true;
}
