// SPDX-License-Identifier: MIT
/*
 * The GICv3 + ITS platform (QEMU "virt"-like): at machine creation the
 * redistributors and CPU interfaces (hardware) and the kernel side as
 * gic_init_bases() and its_init() build it: the LPI tables, the "GICv3"
 * root domain, every online CPU's redistributor and priority mask, the ITS
 * with its tables, command queue and one collection per online CPU.  A CPU
 * coming up later gets the same per-CPU setup.  PCI devices get the ITS as
 * their MSI parent and no INTx routing.  At destruction everything the
 * platform built is freed.
 */
#include "gic_internals.h"
#include "irqlab/pci.h"

static int gic_platform_init(struct irqlab_machine *m)
{
	struct irqlab_gic *gic = kzalloc(sizeof(*gic), GFP_KERNEL);
	int ret;

	if (!gic)
		return -ENOMEM;
	gic->m = m;
	irqlab_lock_init(&gic->dev_lock);
	irqlab_lock_init(&gic->cmd_lock);
	m->gic = gic;
	ret = gic_v3_init(gic);
	if (!ret)
		ret = its_init(gic);
	return ret;
}

/* Also tears down a partial init. */
static void gic_platform_exit(struct irqlab_machine *m)
{
	struct irqlab_gic *gic = m->gic;

	if (!gic)
		return;
	its_exit(gic);
	gic_v3_exit(gic);
	irqlab_lock_destroy(&gic->dev_lock);
	irqlab_lock_destroy(&gic->cmd_lock);
	kfree(gic);
	m->gic = NULL;
}

static unsigned int gic_cpu_run(struct irqlab_machine *m, unsigned int cpu)
{
	return m->gic ? gic_handle_irq(m->gic, cpu) : 0;
}

/* CPUHP_AP_IRQ_GIC_STARTING: redistributor, CPU interface, collection. */
static void gic_cpu_starting(struct irqlab_machine *m, unsigned int cpu)
{
	if (!m->gic)
		return;
	gic_cpu_init(m->gic, cpu);
	its_cpu_init_collection(m->gic, cpu);
}

/* The ITS is every PCI device's MSI parent; there is no INTx routing. */
static int gic_pci_add(struct irqlab_machine *m, struct pci_dev *dev)
{
	if (m->gic && m->gic->its_domain)
		dev_set_msi_domain(&dev->dev, m->gic->its_domain);
	return 0;
}

const struct irqlab_platform_ops irqlab_gic_platform = {
	.name = "gic",
	.init = gic_platform_init,
	.exit = gic_platform_exit,
	.cpu_run = gic_cpu_run,
	.cpu_starting = gic_cpu_starting,
	.pci_add = gic_pci_add,
};
