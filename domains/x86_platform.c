// SPDX-License-Identifier: MIT
/*
 * The x86 platform: at machine creation, the local APICs (hardware) and
 * the kernel side as arch_early_irq_init()/native_init_IRQ() and the CPU
 * bring-up build it: the vector matrix with the exception and system
 * vectors taken, the "VECTOR" domain as the default host, and every online
 * CPU's APIC programmed and its vectors online.  At destruction,
 * everything the platform built is freed; irqs still allocated are left to
 * the generic teardown, which runs after.
 */
#include "x86_internals.h"
#include "irqlab/ioapic.h"
#include "irqlab/msi.h"
#include "irqlab/pci.h"

/* The exception vectors 0-31, the IA32 syscall gate and the APIC range. */
static void lapic_assign_system_vectors(struct irqlab_x86 *x86)
{
	unsigned int vector;

	for (vector = 0; vector < NR_VECTORS; vector++)
		if (vector < FIRST_EXTERNAL_VECTOR || vector == IA32_SYSCALL_VECTOR ||
		    vector >= FIRST_SYSTEM_VECTOR)
			irq_matrix_assign_system(x86->matrix, vector, false);
}

/* The domain owns its firmware node: freed when the domain goes. */
static void x86_vector_domain_exit(struct irq_domain *d)
{
	irq_domain_free_fwnode(d->fwnode);
}

static int x86_vector_domain_init(struct irqlab_x86 *x86)
{
	struct irq_domain_info info = {
		.size = 0,
		.hwirq_max = ~0UL,
		.ops = &x86_vector_domain_ops,
		.host_data = x86,
		.exit = x86_vector_domain_exit,
	};
	struct irq_domain *d;

	info.fwnode = irq_domain_alloc_named_fwnode("VECTOR");
	if (!info.fwnode)
		return -ENOMEM;
	d = irq_domain_instantiate(&info);
	if (IS_ERR(d)) {
		irq_domain_free_fwnode(info.fwnode);
		return (int)PTR_ERR(d);
	}
	x86->vector_domain = d;
	irq_set_default_host(d);
	/* VECTOR is the MSI parent of PCI/MSI device domains. */
	x86_create_pci_msi_domain(x86);
	return 0;
}

static int x86_alloc_tables(struct irqlab_x86 *x86)
{
	unsigned int n = x86->m->nr_cpus, cpu;

	x86->vector_irq = kcalloc((size_t)n * NR_VECTORS, sizeof(*x86->vector_irq),
				  GFP_KERNEL);
	x86->cleanup = kcalloc(n, sizeof(*x86->cleanup), GFP_KERNEL);
	x86->spurious_count = kcalloc(n, sizeof(*x86->spurious_count), GFP_KERNEL);
	x86->sysvec_count = kcalloc((size_t)n * NR_SYSTEM_VECTORS,
				    sizeof(*x86->sysvec_count), GFP_KERNEL);
	if (!x86->vector_irq || !x86->cleanup || !x86->spurious_count ||
	    !x86->sysvec_count || !zalloc_cpumask_var(&x86->searchmask, GFP_KERNEL))
		return -ENOMEM;
	for (cpu = 0; cpu < n; cpu++) {
		x86->cleanup[cpu].x86 = x86;
		x86->cleanup[cpu].timer.fn = vector_cleanup_callback;
		x86->cleanup[cpu].timer.cpu = cpu;
	}
	return 0;
}

int x86_platform_init(struct irqlab_machine *m)
{
	struct irqlab_x86 *x86 = kzalloc(sizeof(*x86), GFP_KERNEL);
	unsigned int cpu;
	int ret;

	if (!x86)
		return -ENOMEM;
	x86->m = m;
	raw_spin_lock_init(&x86->vector_lock);
	irqlab_lock_init(&x86->rs_lock);
	m->x86 = x86;

	ret = irqlab_lapic_create(m);
	if (!ret)
		ret = x86_alloc_tables(x86);
	if (ret)
		return ret;
	x86->matrix = irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR,
				       FIRST_SYSTEM_VECTOR);
	if (!x86->matrix)
		return -ENOMEM;
	/* System bits first: irq_matrix_assign_system() wants no CPU online. */
	lapic_assign_system_vectors(x86);
	ret = x86_vector_domain_init(x86);
	if (!ret)
		ret = x86_proc_init(m); /* the arch rows of /proc/interrupts */
	if (ret)
		return ret;

	lock_vector_lock(x86);
	for_each_cpu(cpu, m->online) {
		setup_local_APIC(m, cpu);
		lapic_online(x86, cpu);
	}
	unlock_vector_lock(x86);
	/* Every x86 machine has an IO-APIC for the legacy (INTx) lines. */
	return irqlab_x86_ioapic_init(m);
}

/* Also tears down a partial init. */
void x86_platform_exit(struct irqlab_machine *m)
{
	struct irqlab_x86 *x86 = m->x86;
	unsigned int cpu;

	/* IO-APIC irqs give their vectors back before the matrix goes. */
	irqlab_x86_ioapic_exit(m);
	if (x86) {
		if (x86->cleanup)
			for (cpu = 0; cpu < m->nr_cpus; cpu++)
				irqlab_timer_del(m, &x86->cleanup[cpu].timer);
		if (x86->vector_domain && m->default_domain == x86->vector_domain)
			irq_set_default_host(NULL);
		if (x86->vector_domain)
			x86->vector_domain->host_data = NULL;
		x86_vector_detach_all(x86);
		irq_matrix_destroy(x86->matrix);
		free_cpumask_var(x86->searchmask);
		kfree(x86->vector_irq);
		kfree(x86->cleanup);
		kfree(x86->spurious_count);
		kfree(x86->sysvec_count);
		irqlab_lock_destroy(&x86->vector_lock);
		irqlab_lock_destroy(&x86->rs_lock);
		kfree(x86);
		m->x86 = NULL;
	}
	irqlab_lapic_destroy(m);
}

/* VECTOR is every device's MSI parent; INTx pins route through the IO-APIC. */
int x86_pci_add(struct irqlab_machine *m, struct pci_dev *dev)
{
	struct irq_domain *vector = m->x86 ? m->x86->vector_domain : NULL;
	int irq;

	if (vector && irq_domain_is_msi_parent(vector))
		dev_set_msi_domain(&dev->dev, vector);
	if (!dev->pin || !vector)
		return 0;
	irq = irqlab_ioapic_pci_irq(m, dev->hw);
	if (irq == -ENODEV)
		return 0;
	if (irq < 0)
		return irq;
	dev->irq = (unsigned int)irq;
	/* As ACPI's irq enable does: lspci shows "routed to IRQ n". */
	pci_write_config_byte(dev, PCI_INTERRUPT_LINE, (u8)irq);
	return 0;
}

void x86_pci_remove(struct irqlab_machine *m, struct pci_dev *dev)
{
	if (dev->pin && dev->irq)
		irqlab_ioapic_pci_irq_release(m, dev->hw);
}

const struct irqlab_platform_ops irqlab_x86_platform = {
	.name = "x86",
	.init = x86_platform_init,
	.exit = x86_platform_exit,
	.cpu_run = x86_cpu_run,
	.cpu_down_prepare = lapic_can_unplug_cpu,
	.cpu_dying = x86_cpu_dying,
	.cpu_starting = x86_cpu_starting,
	.pci_add = x86_pci_add,
	.pci_remove = x86_pci_remove,
};
