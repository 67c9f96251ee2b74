/* SPDX-License-Identifier: MIT */
/*
 * The kernel side of the GIC platform (`machine platform=gic`): a GICv3
 * root domain whose hwirqs are LPI INTIDs (chip "GICv3"), and one ITS
 * (drivers/irqchip/irq-gic-v3-its.c analogue) as the MSI parent of every
 * PCI device: per-device domains read "ITS-PCI-MSIX-<bdf>".
 *
 * The hierarchy of a PCI/MSI-X interrupt on this platform:
 *
 *   ITS-PCI-MSIX-<bdf> (per device)  hwirq = table index, fasteoi flow
 *   ITS  (MSI parent)                hwirq = LPI, chip "ITS": events, MOVI
 *   GICv3 (root)                     hwirq = LPI, chip "GICv3": EOI
 *
 * Everything is programmed as Linux does it on QEMU's "virt" board: the
 * LPI configuration table (one byte per LPI, 0xa2 = priority 0xa0, Group1,
 * disabled, until the irq is unmasked) and one pending table per CPU in
 * simulated memory, GICR_PROPBASER/PENDBASER and EnableLPIs on every CPU
 * that comes up, ICC_PMR_EL1 = 0xf0, the ITS at IRQLAB_GIC_ITS_BASE with
 * its Device and Collection tables (GITS_BASER<n>) and a 64 KiB command
 * queue, one collection per CPU (ICID = CPU number, MAPC).  A device's
 * DeviceID is its requester ID (bus << 8 | devfn); its ITT holds a power
 * of two events (at least 32 for DeviceID 0); the message is the
 * doorbell (ITS base + GITS_TRANSLATER) and the EventID, and never changes:
 * affinity moves are MOVI commands.  Mask/unmask write the LPI's
 * configuration byte and invalidate it at its redistributor (GICR_INVLPIR:
 * the redistributors have DirectLPI).  The ITS device (and its MAPD) lives
 * as long as the per-device MSI domain (.msi_teardown(), Linux 6.15+).
 *
 * Domain names (/sys/kernel/debug/irq/domains/) follow a device-tree boot
 * of QEMU virt: the GIC node "/intc@8000000" with DOMAIN_BUS_WIRED gives
 * ":intc@8000000-1", the ITS node "/intc@8000000/its@8080000" as an MSI
 * parent (DOMAIN_BUS_NEXUS) gives ":intc@8000000:its@8080000-5".
 */
#ifndef IRQLAB_GIC_H
#define IRQLAB_GIC_H

#include "irqlab/gic_hw.h"
#include "irqlab/types.h"

struct irqlab_machine;
struct irqlab_its;
struct irq_domain;

/** Physical base of the GIC distributor (names only: no distributor is modelled). */
#define IRQLAB_GIC_DIST_BASE 0x08000000ULL
/** Physical base of the platform's ITS (QEMU virt). */
#define IRQLAB_GIC_ITS_BASE 0x08080000ULL
/** Priority mask the kernel programs on every CPU (DEFAULT_PMR_VALUE). */
#define IRQLAB_GIC_DEFAULT_PMR 0xf0
/** Configuration byte of an allocated but masked LPI (priority 0xa0, Group1). */
#define IRQLAB_GIC_LPI_PROP_DISABLED (LPI_PROP_DEFAULT_PRIO | LPI_PROP_GROUP1)

/**
 * struct irqlab_gic_irq_state - where the ITS routes one interrupt.
 * @devid: the DeviceID (PCI requester ID).
 * @eventid: the EventID (the MSI data).
 * @lpi: the LPI INTID (the hwirq of the ITS and GIC levels).
 * @icid: the collection the event is mapped to; UINT_MAX while not activated.
 * @cpu: the CPU of that collection; UINT_MAX while not activated.
 */
struct irqlab_gic_irq_state {
	u32 devid;
	u32 eventid;
	u32 lpi;
	unsigned int icid;
	unsigned int cpu;
};

/**
 * irqlab_gic_its() - the ITS of a GIC machine.
 * @m: machine.
 *
 * Return: the ITS (for irqlab_its_device() and friends), or NULL when @m
 * is not a GIC machine.
 */
IRQLAB_API struct irqlab_its *irqlab_gic_its(struct irqlab_machine *m);

/**
 * irqlab_gic_domain() - the GICv3 root domain of a GIC machine.
 * @m: machine.
 *
 * Return: the domain, or NULL when @m is not a GIC machine.
 */
IRQLAB_API struct irq_domain *irqlab_gic_domain(struct irqlab_machine *m);

/**
 * irqlab_gic_its_domain() - the ITS domain (the PCI MSI parent) of a GIC machine.
 * @m: machine.
 *
 * Return: the domain, or NULL when @m is not a GIC machine.
 */
IRQLAB_API struct irq_domain *irqlab_gic_its_domain(struct irqlab_machine *m);

/**
 * irqlab_gic_irq_state() - the ITS routing of an interrupt of the current machine.
 * @irq: the Linux irq.
 * @st: filled in on success.
 *
 * Context: the irq's machine is current; takes the irq's descriptor lock.
 * Return: 0; -EINVAL without a current GIC machine, for a NULL @st or an
 * irq that does not exist; -ENOENT when the irq has no ITS level.
 */
IRQLAB_API int irqlab_gic_irq_state(unsigned int irq, struct irqlab_gic_irq_state *st);

#endif
