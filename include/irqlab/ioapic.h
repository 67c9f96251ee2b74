/* SPDX-License-Identifier: MIT */
/*
 * The kernel side of the IO-APIC (arch/x86/kernel/apic/io_apic.c
 * analogue): the "IO-APIC-<id>" domain, child of "VECTOR", whose chip
 * "IO-APIC" programs the redirection table through the IO-APIC's
 * registers, and the GSI -> Linux irq mapping that legacy PCI interrupts
 * (INTx) use.
 *
 * - hwirq = pin = GSI (one IO-APIC, GSI base 0).  Level irqs get
 *   handle_fasteoi_irq ("fasteoi") and IRQ_LEVEL, edge irqs
 *   handle_edge_irq ("edge").
 * - The irq of a GSI is the GSI's number when that irq is free (the
 *   kernel's legacy IO-APIC domain); irqlab has no
 *   arch_dynirq_lower_bound(), so when earlier allocations took it, any
 *   free irq is used.
 * - A GSI is mapped once: every later mapping with the same attributes
 *   shares the irq and counts a user (mp_chip_data.count); the irq is
 *   freed when the last user unmaps it.
 * - PCI routing (the _PRT the firmware would give): a function on any bus
 *   with INTx pin P (1..4 = INTA..INTD) in device slot D is wired to
 *   GSI 16 + ((D + P - 1) mod 4), the classic swizzle of devices on the
 *   root bus; no bridges are modelled.  PCI lines are level triggered and
 *   active low.
 */
#ifndef IRQLAB_IOAPIC_H
#define IRQLAB_IOAPIC_H

#include "irqlab/types.h"
#include "irqlab/x86.h"

struct irqlab_machine;
struct irqlab_pci_fn;
struct irq_domain;

/* Flags of mp_map_gsi_to_irq(). */
#define IOAPIC_MAP_ALLOC 0x1	/* allocate the irq when the GSI has none */
#define IOAPIC_MAP_CHECK 0x2	/* accepted; there is no MP table to check */

/* Trigger and polarity of ioapic_set_alloc_attr(). */
#define IOAPIC_EDGE 0
#define IOAPIC_LEVEL 1
#define IOAPIC_POL_HIGH 0
#define IOAPIC_POL_LOW 1

/* The first GSI of the PCI INTx lines. */
#define IRQLAB_IOAPIC_PCI_GSI_BASE 16

/**
 * ioapic_set_alloc_attr() - prepare an allocation argument for a GSI.
 * @info: the argument; zeroed first.
 * @node: NUMA node of the irq.
 * @trigger: IOAPIC_EDGE or IOAPIC_LEVEL.
 * @polarity: IOAPIC_POL_HIGH or IOAPIC_POL_LOW.
 */
IRQLAB_API void ioapic_set_alloc_attr(struct irq_alloc_info *info, int node,
				      int trigger, int polarity);

/**
 * mp_map_gsi_to_irq() - the Linux irq of a GSI of the current machine.
 * @gsi: the GSI.
 * @flags: IOAPIC_MAP_ALLOC to allocate the irq if the GSI has none yet.
 * @info: the attributes (ioapic_set_alloc_attr()); NULL means level,
 *        active low (a PCI line).
 *
 * With IOAPIC_MAP_ALLOC every successful call counts a user of the irq.
 *
 * Context: process; takes the IO-APIC mutex.
 * Return: the irq; -ENODEV when no IO-APIC serves @gsi (logged);
 * -ENOENT when @gsi is not mapped and IOAPIC_MAP_ALLOC is not given;
 * -EBUSY when it is mapped with another trigger or polarity; the
 * allocation's error (-ENOMEM, -ENOSPC).
 */
IRQLAB_API int mp_map_gsi_to_irq(u32 gsi, unsigned int flags, struct irq_alloc_info *info);

/**
 * mp_unmap_irq() - drop a user of an IO-APIC irq.
 * @irq: an irq of the current machine's IO-APIC domain (others are
 *       ignored).
 *
 * The last user frees the irq; it must not have actions left.
 *
 * Context: process; takes the IO-APIC mutex.
 */
IRQLAB_API void mp_unmap_irq(int irq);

/**
 * irqlab_ioapic_pci_gsi() - the GSI a PCI function's INTx is routed to.
 * @fn: the function.
 *
 * Return: 16 + ((slot + pin - 1) mod 4), -EINVAL for NULL, -ENODEV when
 * the function has no INTx pin.
 */
IRQLAB_API int irqlab_ioapic_pci_gsi(const struct irqlab_pci_fn *fn);

/**
 * irqlab_ioapic_pci_irq() - route a PCI function's INTx (probe time).
 * @m: the machine.
 * @fn: a function of @m with an INTx pin.
 *
 * Maps the function's GSI (level, active low), sharing the irq with the
 * other functions on that GSI, and wires the function's INTx line to the
 * IO-APIC pin.  Routing an already routed function returns its irq again
 * and counts nothing.
 *
 * Context: process.
 * Return: the Linux irq (> 0); -EINVAL (NULL argument, @fn not on @m),
 * -ENODEV (no INTx pin, no IO-APIC), or the mapping's error; on error
 * nothing changes.
 */
IRQLAB_API int irqlab_ioapic_pci_irq(struct irqlab_machine *m, struct irqlab_pci_fn *fn);

/**
 * irqlab_ioapic_pci_irq_release() - undo irqlab_ioapic_pci_irq() (remove).
 * @m: the machine.
 * @fn: the function.
 *
 * Unwires the INTx line and drops the function's user of the irq; the
 * last user frees the irq.
 *
 * Context: process.
 * Return: 0, -EINVAL (NULL argument), -ENOENT (@fn is not routed),
 * -EBUSY (the function is the irq's last user and actions are still
 * installed: free_irq() first; nothing changes).
 */
IRQLAB_API int irqlab_ioapic_pci_irq_release(struct irqlab_machine *m,
					     struct irqlab_pci_fn *fn);

/**
 * irqlab_ioapic_domain() - the IO-APIC domain of a machine.
 * @m: the machine.
 *
 * Return: the domain, or NULL when @m has no IO-APIC.
 */
IRQLAB_API struct irq_domain *irqlab_ioapic_domain(struct irqlab_machine *m);

#endif
