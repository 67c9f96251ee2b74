/* SPDX-License-Identifier: MIT */
/*
 * Private state of the kernel side of the IO-APIC (domains/x86_ioapic*.c,
 * arch/x86/kernel/apic/io_apic.c analogue).  The hardware is reached only
 * through its MMIO registers (irqlab/ioapic_hw.h).
 *
 * Lock order: ioapic_mutex -> (domain mutex) -> desc->lock -> ioapic_lock
 * -> the IO-APIC hardware's lock -> vector_lock.
 */
#ifndef IRQLAB_DOMAINS_X86_IOAPIC_INTERNAL_H
#define IRQLAB_DOMAINS_X86_IOAPIC_INTERNAL_H

#include "irqlab/ioapic.h"
#include "irqlab/ioapic_hw.h"
#include "x86_internals.h"

/**
 * struct mp_chip_data - the IO-APIC level's chip data of one irq.
 * @ioapic: the IO-APIC.
 * @pin: the pin (one IO-APIC, one pin per irq).
 * @entry_lo: the RTE as last written, low dword.
 * @entry_hi: the RTE as last written, high dword.
 * @is_level: level triggered.
 * @active_low: active low.
 * @count: users of the mapping (mp_map_gsi_to_irq() calls).
 */
struct mp_chip_data {
	struct mp_ioapic *ioapic;
	unsigned int pin;
	u32 entry_lo, entry_hi;
	bool is_level;
	bool active_low;
	u32 count;
};

/**
 * struct ioapic_pci_user - a PCI function routed through the IO-APIC.
 * @fn: the function.
 * @gsi: its GSI.
 * @irq: the Linux irq it was given.
 * @next: list linkage.
 */
struct ioapic_pci_user {
	struct irqlab_pci_fn *fn;
	u32 gsi;
	int irq;
	struct ioapic_pci_user *next;
};

/**
 * struct mp_ioapic - the kernel's view of the machine's IO-APIC.
 * @m: the machine.
 * @ioapic_lock: serialises register accesses (IOREGSEL/IOWIN pairs).
 * @ioapic_mutex: serialises mapping and unmapping of GSIs.
 * @irqdomain: the "IO-APIC-<id>" domain.
 * @fwnode: its firmware node.
 * @apicid: the IO-APIC's ID.
 * @version: the version register's version.
 * @nr_registers: redirection entries.
 * @gsi_base: first GSI.
 * @gsi_end: last GSI.
 * @pci_users: functions routed by irqlab_ioapic_pci_irq(), under
 *             @ioapic_mutex.
 */
struct mp_ioapic {
	struct irqlab_machine *m;
	raw_spinlock_t ioapic_lock;
	struct mutex ioapic_mutex;
	struct irq_domain *irqdomain;
	struct fwnode_handle *fwnode;
	unsigned int apicid;
	unsigned int version;
	unsigned int nr_registers;
	u32 gsi_base, gsi_end;
	struct ioapic_pci_user *pci_users;
};

/* The kernel-side IO-APIC of @m, or NULL. */
static inline struct mp_ioapic *mp_ioapic_of(struct irqlab_machine *m)
{
	return m && m->x86 ? m->x86->ioapic : NULL;
}

/* x86_ioapic.c */
extern const struct irq_domain_ops mp_ioapic_irqdomain_ops;
u32 io_apic_read(struct mp_ioapic *ioapic, unsigned int reg);

/* x86_ioapic_map.c: drop the PCI routing records (teardown). */
void ioapic_pci_users_free(struct mp_ioapic *ioapic);

#endif
