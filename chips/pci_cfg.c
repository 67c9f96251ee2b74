// SPDX-License-Identifier: MIT
/*
 * Configuration space of the emulated PCI function: the power-on image, the
 * write and write-1-to-clear masks (as QEMU's wmask/w1cmask: a write acts
 * byte by byte, so every access width behaves the same), the BARs' size
 * probing, the capability list, and the config accessors.
 */
#include <string.h>

#include "pci_fn_internal.h"

/* Command bits a driver may change (QEMU's default wmask). */
#define PCI_FN_COMMAND_WMASK                                                 \
	(PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |           \
	 PCI_COMMAND_INTX_DISABLE)
/* Status error bits: RW1C. */
#define PCI_FN_STATUS_W1C                                                     \
	(PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT |                    \
	 PCI_STATUS_REC_TARGET_ABORT | PCI_STATUS_REC_MASTER_ABORT |          \
	 PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY)
/* PCIe Device Control: error reporting, RO, MPS, ExtTag, NoSnoop, MRRS. */
#define PCI_FN_DEVCTL_WMASK 0x79ff

static void cfg_header(struct irqlab_pci_fn *fn)
{
	const struct irqlab_pci_fn_config *c = &fn->cfg;

	pci_set16(fn, PCI_VENDOR_ID, c->vendor);
	pci_set16(fn, PCI_DEVICE_ID, c->device);
	pci_set32(fn, PCI_CLASS_REVISION, c->class_code << 8 | c->revision);
	fn->space[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL;
	pci_set16(fn, PCI_SUBSYSTEM_VENDOR_ID, c->subsystem_vendor);
	pci_set16(fn, PCI_SUBSYSTEM_ID, c->subsystem_device);
	fn->space[PCI_INTERRUPT_PIN] = c->intx_pin;

	pci_set_wmask(fn, PCI_COMMAND, 2, PCI_FN_COMMAND_WMASK);
	fn->w1cmask[PCI_STATUS] = (u8)PCI_FN_STATUS_W1C;
	fn->w1cmask[PCI_STATUS + 1] = (u8)(PCI_FN_STATUS_W1C >> 8);
	fn->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
	fn->wmask[PCI_INTERRUPT_LINE] = 0xff;
}

/* Memory BARs: type bits read-only, address bits above the size writable. */
static void cfg_bars(struct irqlab_pci_fn *fn)
{
	for (unsigned int i = 0; i < PCI_STD_NUM_BARS; i++) {
		const struct irqlab_pci_bar_config *b = &fn->cfg.bars[i];
		unsigned int reg = PCI_BASE_ADDRESS_0 + 4 * i;
		u64 addr_mask = ~(b->size - 1);
		u32 flags = PCI_BASE_ADDRESS_SPACE_MEMORY;

		if (!b->size)
			continue;
		if (b->mem64)
			flags |= PCI_BASE_ADDRESS_MEM_TYPE_64;
		if (b->prefetchable)
			flags |= PCI_BASE_ADDRESS_MEM_PREFETCH;
		pci_set32(fn, reg, flags);
		pci_set_wmask(fn, reg, 4, (u32)addr_mask & (u32)PCI_BASE_ADDRESS_MEM_MASK);
		if (b->mem64) {
			pci_set_wmask(fn, reg + 4, 4, (u32)(addr_mask >> 32));
			i++;
		}
	}
}

/* An Express v2 Endpoint: x8 link at 8 GT/s, MPS 256 supported. */
static void cfg_pcie(struct irqlab_pci_fn *fn, unsigned int cap)
{
	pci_set16(fn, cap + PCI_EXP_FLAGS, 2 | PCI_EXP_TYPE_ENDPOINT << 4);
	pci_set32(fn, cap + PCI_EXP_DEVCAP, 0x00008001);
	/* Spec reset values: Relaxed Ordering, No Snoop, MRRS 512 bytes. */
	pci_set16(fn, cap + PCI_EXP_DEVCTL, 0x2810);
	pci_set32(fn, cap + PCI_EXP_LNKCAP, 0x00000083);
	pci_set16(fn, cap + PCI_EXP_LNKSTA, 0x0083);
	pci_set32(fn, cap + 0x2c, 0x0000000e);	/* LnkCap2: 2.5-8 GT/s */
	pci_set16(fn, cap + 0x30, 0x0003);	/* LnkCtl2: target 8 GT/s */
	pci_set_wmask(fn, cap + PCI_EXP_DEVCTL, 2, PCI_FN_DEVCTL_WMASK);
}

/* Link the capabilities in ascending offset order and fill each one. */
static void cfg_caps(struct irqlab_pci_fn *fn)
{
	const struct irqlab_pci_fn_config *c = &fn->cfg;
	struct {
		unsigned int off;
		u8 id;
	} caps[3], t;
	unsigned int n = 0, i, j, next = PCI_CAPABILITY_LIST;

	if (c->msix.present)
		caps[n++] = (typeof(caps[0])){ c->msix.offset, PCI_CAP_ID_MSIX };
	if (c->msi.present)
		caps[n++] = (typeof(caps[0])){ c->msi.offset, PCI_CAP_ID_MSI };
	if (c->pcie.present)
		caps[n++] = (typeof(caps[0])){ c->pcie.offset, PCI_CAP_ID_EXP };
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && caps[j - 1].off > caps[j].off; j--) {
			t = caps[j];
			caps[j] = caps[j - 1];
			caps[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		fn->space[next] = (u8)caps[i].off;
		fn->space[caps[i].off + PCI_CAP_LIST_ID] = caps[i].id;
		next = caps[i].off + PCI_CAP_LIST_NEXT;
	}
	if (n)
		pci_set16(fn, PCI_STATUS, PCI_STATUS_CAP_LIST);
	if (c->pcie.present)
		cfg_pcie(fn, c->pcie.offset);
	pci_msix_init(fn);
	pci_msi_init(fn);
}

/**
 * pci_cfg_power_on() - put the function in its power-on state.
 * @fn: the function, with fn->lock held (or not yet visible).
 *
 * Rebuilds the config image and masks from fn->cfg, resets the MSI-X table
 * (every entry masked) and PBA, and clears the internal INTx state.  The
 * caller updates the INTx level seen by the controller.
 */
void pci_cfg_power_on(struct irqlab_pci_fn *fn)
{
	memset(fn->space, 0, sizeof(fn->space));
	memset(fn->wmask, 0, sizeof(fn->wmask));
	memset(fn->w1cmask, 0, sizeof(fn->w1cmask));
	fn->intx_internal = false;
	cfg_header(fn);
	cfg_bars(fn);
	cfg_caps(fn);
}

static bool overlaps(unsigned int off, unsigned int size, unsigned int start,
		     unsigned int len)
{
	return off < start + len && start < off + size;
}

/**
 * pci_cfg_apply_write() - store a config write through the masks.
 * @fn: the function, fn->lock held.
 * @off: offset (validated).
 * @size: 1, 2 or 4 (validated).
 * @val: the value.
 *
 * Return: true when the write touched MSI or MSI-X control state, so
 * pending messages may have been unmasked.
 */
bool pci_cfg_apply_write(struct irqlab_pci_fn *fn, unsigned int off, unsigned int size,
			 u32 val)
{
	const struct irqlab_pci_fn_config *c = &fn->cfg;

	if (off >= PCI_FN_WMASK_SIZE)
		return false;	/* extended space: no writable bits */
	for (unsigned int i = 0; i < size; i++) {
		unsigned int b = off + i;
		u8 v = (u8)(val >> (8 * i));

		fn->space[b] = (u8)((fn->space[b] & ~fn->wmask[b]) | (v & fn->wmask[b]));
		fn->space[b] &= (u8)~(v & fn->w1cmask[b]);
	}
	if (c->msi.present && overlaps(off, size, c->msi.offset, pci_msi_cfg_size(&c->msi))) {
		pci_msi_after_write(fn);
		return true;
	}
	/* Enable and Function Mask live in the top byte of MSI-X control. */
	return c->msix.present && overlaps(off, size, c->msix.offset + 3, 1);
}

static bool cfg_access_ok(const struct irqlab_pci_fn *fn, unsigned int off,
			  unsigned int size)
{
	return fn && (size == 1 || size == 2 || size == 4) && !(off & (size - 1)) &&
	       off < PCI_CFG_SPACE_EXP_SIZE;
}

static u32 all_ones(unsigned int size)
{
	return size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffff;
}

int irqlab_pci_cfg_read(struct irqlab_pci_fn *fn, unsigned int off, unsigned int size,
			u32 *val)
{
	u32 v = 0;

	if (!val)
		return -EINVAL;
	if (!cfg_access_ok(fn, off, size)) {
		*val = all_ones(size);
		return -EINVAL;
	}
	irqlab_lock_acquire(&fn->lock);
	for (unsigned int i = 0; i < size; i++)
		v |= (u32)fn->space[off + i] << (8 * i);
	/* Nobody answers: the root port completes the read with all-ones. */
	if (fn->gone)
		v = all_ones(size);
	irqlab_lock_release(&fn->lock);
	*val = v;
	return 0;
}

int irqlab_pci_cfg_write(struct irqlab_pci_fn *fn, unsigned int off, unsigned int size,
			 u32 val)
{
	bool flush, changed, level;

	if (!cfg_access_ok(fn, off, size))
		return -EINVAL;
	irqlab_lock_acquire(&fn->intx_lock);
	irqlab_lock_acquire(&fn->lock);
	if (fn->gone) {
		/* A posted write to nobody: dropped. */
		irqlab_lock_release(&fn->lock);
		irqlab_lock_release(&fn->intx_lock);
		return 0;
	}
	flush = pci_cfg_apply_write(fn, off, size, val);
	/* Interrupt Disable or an MSI/MSI-X enable may move the INTx line. */
	changed = pci_intx_update(fn, &level);
	irqlab_lock_release(&fn->lock);
	pci_intx_notify(fn, changed, level);
	irqlab_lock_release(&fn->intx_lock);
	if (flush)
		pci_flush_pending(fn);
	return 0;
}
