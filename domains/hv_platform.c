// SPDX-License-Identifier: MIT
/*
 * The Hyper-V guest platform: the x86 platform (local APICs, VECTOR, the
 * IO-APIC of the legacy devices) plus the emulated host, and PCI devices on
 * vPCI buses whose MSI parent is the bus's Hyper-V domain (hv_pci.c).
 */
#include "hv_internals.h"

static int hv_platform_init(struct irqlab_machine *m)
{
	int ret = x86_platform_init(m);

	if (ret)
		return ret;
	m->hv = kzalloc(sizeof(*m->hv), GFP_KERNEL);
	if (!m->hv)
		return -ENOMEM;
	m->hv->multi_msi_cpu = -1; /* upstream's cpu_next = -1 */
	return irqlab_hv_host_create(m);
}

/* Also tears down a partial init; the vPCI buses went with their devices. */
static void hv_platform_exit(struct irqlab_machine *m)
{
	if (m->hv) {
		while (m->hv->buses)
			hv_pci_remove(m, m->hv->buses->pdev);
		kfree(m->hv);
		m->hv = NULL;
	}
	irqlab_hv_host_destroy(m);
	x86_platform_exit(m);
}

const struct irqlab_platform_ops irqlab_hv_platform = {
	.name = "hyperv",
	.init = hv_platform_init,
	.exit = hv_platform_exit,
	.cpu_run = x86_cpu_run,
	.cpu_down_prepare = lapic_can_unplug_cpu,
	.cpu_dying = x86_cpu_dying,
	.cpu_starting = x86_cpu_starting,
	.pci_add = hv_pci_add,
	.pci_remove = hv_pci_remove,
};
