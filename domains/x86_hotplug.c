// SPDX-License-Identifier: MIT
/*
 * The x86 parts of CPU hotplug, called by the generic remove_cpu()/add_cpu()
 * sequence (irqcore/cpuhotplug.c) through the platform hooks:
 * - before anything changes, lapic_can_unplug_cpu() refuses when the other
 *   CPUs cannot take the dying CPU's vectors;
 * - after the generic migration, the dying CPU forwards what is still
 *   pending in its IRR to the irqs' new targets (fixup_irqs()) and goes
 *   offline in the matrix (lapic_offline());
 * - a CPU coming up gets its APIC reset and programmed, its matrix map
 *   online and its vector table cleared (lapic_online()).
 */
#include "x86_internals.h"

/* Run @cpu's hook code with smp_processor_id() == @cpu, as the kernel does. */
static unsigned int enter_cpu(unsigned int cpu)
{
	unsigned int prev = smp_processor_id();

	irqlab_set_this_cpu(cpu);
	return prev;
}

/**
 * setup_local_APIC() - program a CPU's local APIC for use.
 * @m: the machine.
 * @cpu: the CPU (this CPU in the kernel).
 *
 * Accept every priority, enable the APIC with the spurious vector, route
 * APIC errors to ERROR_APIC_VECTOR and clear the error status.
 */
void setup_local_APIC(struct irqlab_machine *m, unsigned int cpu)
{
	irqlab_lapic_write(m, cpu, APIC_TASKPRI, 0);
	irqlab_lapic_write(m, cpu, APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
	irqlab_lapic_write(m, cpu, APIC_ESR, 0);
	irqlab_lapic_write(m, cpu, APIC_LVTERR, ERROR_APIC_VECTOR);
	irqlab_lapic_write(m, cpu, APIC_ESR, 0);
}

/**
 * lapic_online() - a CPU's vectors become usable.
 * @x86: the machine's arch state.
 * @cpu: the CPU.
 *
 * Nothing targets an offline CPU, so its whole vector table is stale:
 * every entry becomes VECTOR_UNUSED (there are no legacy PIC vectors).
 *
 * Context: vector_lock held.
 */
void lapic_online(struct irqlab_x86 *x86, unsigned int cpu)
{
	unsigned int vector;

	lockdep_assert_held(&x86->vector_lock);
	irqlab_matrix_online_cpu(x86->matrix, cpu);
	for (vector = 0; vector < NR_VECTORS; vector++)
		vector_irq_set(x86, cpu, vector, VECTOR_UNUSED);
}

/**
 * lapic_offline() - a dying CPU leaves the matrix.
 * @x86: the machine's arch state.
 * @cpu: the CPU (this CPU).
 *
 * Old vectors still queued for cleanup on @cpu are freed without the IRR
 * check: fixup_irqs() has just forwarded what was pending.
 *
 * Context: takes vector_lock.
 */
void lapic_offline(struct irqlab_x86 *x86, unsigned int cpu)
{
	struct vector_cleanup *cl = &x86->cleanup[cpu];

	lock_vector_lock(x86);
	__vector_cleanup(cl, false);
	irqlab_matrix_offline_cpu(x86->matrix, cpu);
	irqlab_timer_del(x86->m, &cl->timer);
	WARN_ON_ONCE(cl->head);
	unlock_vector_lock(x86);
}

/**
 * lapic_can_unplug_cpu() - may @cpu go down?  (cpu_down_prepare hook)
 * @m: the machine.
 * @cpu: the CPU about to go down.
 *
 * The non-managed vectors of @cpu must fit in what the other online CPUs
 * have available (not exact, but enough to make the migration succeed).
 *
 * Return: 0, or -ENOSPC with "CPU %u has %u vectors, %u available. Cannot
 * disable CPU".
 */
int lapic_can_unplug_cpu(struct irqlab_machine *m, unsigned int cpu)
{
	struct irqlab_x86 *x86 = m->x86;
	unsigned int prev = enter_cpu(cpu), rsvd, avl, tomove;
	int ret = 0;

	lock_vector_lock(x86);
	tomove = irq_matrix_allocated(x86->matrix);
	avl = irq_matrix_available(x86->matrix, true);
	if (avl < tomove) {
		pr_warn("CPU %u has %u vectors, %u available. Cannot disable CPU\n", cpu,
			tomove, avl);
		ret = -ENOSPC;
	} else {
		rsvd = irq_matrix_reserved(x86->matrix);
		if (avl < rsvd)
			pr_warn("Reserved vectors %u > available %u. IRQ request may fail\n",
				rsvd, avl);
	}
	unlock_vector_lock(x86);
	irqlab_set_this_cpu(prev);
	return ret;
}

/*
 * The arch part of fixup_irqs(): the irqs have moved, but interrupts that
 * reached this CPU's IRR before would be lost with the CPU.  Retrigger each
 * at its new target; the entry becomes VECTOR_RETRIGGERED (an echo of it
 * is then dropped silently), the others VECTOR_UNUSED.
 */
static void fixup_irqs_forward(struct irqlab_x86 *x86, unsigned int cpu)
{
	unsigned int vector;

	for (vector = FIRST_EXTERNAL_VECTOR; vector < NR_VECTORS; vector++) {
		struct irq_desc *desc = vector_irq_get(x86, cpu, vector);

		if (IS_ERR_OR_NULL(desc))
			continue;
		if (is_vector_pending(vector)) {
			struct irq_data *data = irq_desc_get_irq_data(desc);
			const struct irq_chip *chip;

			raw_spin_lock(&desc->lock);
			chip = irq_data_get_irq_chip(data);
			if (chip->irq_retrigger) {
				chip->irq_retrigger(data);
				vector_irq_set(x86, cpu, vector, VECTOR_RETRIGGERED);
			}
			raw_spin_unlock(&desc->lock);
		}
		if (vector_irq_get(x86, cpu, vector) != VECTOR_RETRIGGERED)
			vector_irq_set(x86, cpu, vector, VECTOR_UNUSED);
	}
}

/**
 * x86_cpu_dying() - the arch part of taking @cpu down (cpu_dying hook).
 * @m: the machine.
 * @cpu: the CPU, already out of the online mask, its irqs migrated.
 */
void x86_cpu_dying(struct irqlab_machine *m, unsigned int cpu)
{
	unsigned int prev = enter_cpu(cpu);

	fixup_irqs_forward(m->x86, cpu);
	lapic_offline(m->x86, cpu);
	irqlab_set_this_cpu(prev);
}

/**
 * x86_cpu_starting() - the arch part of bringing @cpu up (cpu_starting hook).
 * @m: the machine.
 * @cpu: the CPU, not yet in the online mask.
 *
 * The boot CPU wakes it with INIT (which resets its APIC: whatever it
 * latched while offline is gone), then the CPU sets up its APIC and comes
 * online in the matrix.
 */
void x86_cpu_starting(struct irqlab_machine *m, unsigned int cpu)
{
	unsigned int boot = cpumask_first(m->online);

	irqlab_lapic_write(m, boot, APIC_ICR2, cpu);
	irqlab_lapic_write(m, boot, APIC_ICR, APIC_DM_INIT);
	setup_local_APIC(m, cpu);
	lock_vector_lock(m->x86);
	lapic_online(m->x86, cpu);
	unlock_vector_lock(m->x86);
}
