/* SPDX-License-Identifier: MIT */
/*
 * Private state of the emulated PCI function (chips/pci_*.c).
 *
 * Lock order: fn->intx_lock → fn->lock.  intx_lock serialises everything
 * that may change the INTx level seen by the controller (config writes,
 * INTx changes, raise, reset) together with the sink call, so the sink sees
 * level changes in order.  fn->lock guards all register state.  Neither is
 * held while a message is on the bus.
 */
#ifndef IRQLAB_CHIPS_PCI_FN_INTERNAL_H
#define IRQLAB_CHIPS_PCI_FN_INTERNAL_H

#include "internals.h"
#include "irqlab/bus.h"
#include "irqlab/pci_hw.h"

/* Bytes of config space with writable bits (extended space is read-only). */
#define PCI_FN_WMASK_SIZE PCI_CFG_SPACE_SIZE

struct irqlab_pci_fn {
	struct irqlab_machine *m;
	struct irqlab_pci_fn *next;	/* machine's list, sorted by key */
	struct irqlab_pci_fn_config cfg; /* effective: offsets resolved */
	char name[16];			/* "ssss:bb:dd.f" */
	u32 key;			/* segment << 16 | bus << 8 | devfn */

	struct irqlab_lock intx_lock;
	struct irqlab_lock lock;

	u8 space[PCI_CFG_SPACE_EXP_SIZE];
	u8 wmask[PCI_FN_WMASK_SIZE];	/* writable bits */
	u8 w1cmask[PCI_FN_WMASK_SIZE];	/* write-1-to-clear bits */

	u32 *msix_table;		/* entries * 4 dwords */
	u64 *msix_pba;			/* one bit per entry */

	bool gone;			/* surprise-removed: reads all-ones */
	bool intx_internal;		/* the device's INTx state */
	bool intx_out;			/* level last given to the sink */
	irqlab_pci_intx_sink_fn sink;
	void *sink_ctx;

	struct irqlab_pci_fn_stats stats;
};

/* A message the function is about to write on the bus. */
struct pci_msg {
	u64 addr;
	u32 data;
};

/* Little-endian register access to the image; lock held. */
static inline u16 pci_get16(const struct irqlab_pci_fn *fn, unsigned int off)
{
	return (u16)(fn->space[off] | fn->space[off + 1] << 8);
}

static inline u32 pci_get32(const struct irqlab_pci_fn *fn, unsigned int off)
{
	return (u32)pci_get16(fn, off) | (u32)pci_get16(fn, off + 2) << 16;
}

static inline void pci_set16(struct irqlab_pci_fn *fn, unsigned int off, u16 v)
{
	fn->space[off] = (u8)v;
	fn->space[off + 1] = (u8)(v >> 8);
}

static inline void pci_set32(struct irqlab_pci_fn *fn, unsigned int off, u32 v)
{
	pci_set16(fn, off, (u16)v);
	pci_set16(fn, off + 2, (u16)(v >> 16));
}

/* Set @v in the write mask of a register of @len bytes at @off. */
static inline void pci_set_wmask(struct irqlab_pci_fn *fn, unsigned int off,
				 unsigned int len, u32 v)
{
	for (unsigned int i = 0; i < len; i++)
		fn->wmask[off + i] = (u8)(v >> (8 * i));
}

static inline u16 pci_command(const struct irqlab_pci_fn *fn)
{
	return pci_get16(fn, PCI_COMMAND);
}

/* pci_cfg.c: the power-on image and config writes. */
void pci_cfg_power_on(struct irqlab_pci_fn *fn);
bool pci_cfg_apply_write(struct irqlab_pci_fn *fn, unsigned int off,
			 unsigned int size, u32 val);

/* pci_msi.c */
void pci_msi_init(struct irqlab_pci_fn *fn);
bool pci_msi_enabled(const struct irqlab_pci_fn *fn);
unsigned int pci_msi_cfg_size(const struct irqlab_pci_msi_config *msi);
void pci_msi_after_write(struct irqlab_pci_fn *fn);
int pci_msi_event(struct irqlab_pci_fn *fn, unsigned int k, struct pci_msg *msg);
int pci_msi_retract(struct irqlab_pci_fn *fn, unsigned int k);
bool pci_msi_next_pending(struct irqlab_pci_fn *fn, struct pci_msg *msg);

/* pci_msix.c */
void pci_msix_init(struct irqlab_pci_fn *fn);
bool pci_msix_enabled(const struct irqlab_pci_fn *fn);
int pci_msix_event(struct irqlab_pci_fn *fn, unsigned int k, struct pci_msg *msg);
int pci_msix_retract(struct irqlab_pci_fn *fn, unsigned int k);
bool pci_msix_next_pending(struct irqlab_pci_fn *fn, struct pci_msg *msg);
bool pci_msix_mmio_read(struct irqlab_pci_fn *fn, unsigned int bar, u64 off,
			unsigned int size, u64 *val);
bool pci_msix_mmio_write(struct irqlab_pci_fn *fn, unsigned int bar, u64 off,
			 unsigned int size, u64 val, bool *unmasked);

/* pci_irq.c: delivery and INTx. */
bool pci_msg_prepare(struct irqlab_pci_fn *fn);
void pci_msg_send(struct irqlab_pci_fn *fn, const struct pci_msg *msg);
void pci_flush_pending(struct irqlab_pci_fn *fn);
bool pci_intx_update(struct irqlab_pci_fn *fn, bool *level);
void pci_intx_notify(struct irqlab_pci_fn *fn, bool changed, bool level);

#endif
