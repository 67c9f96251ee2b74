// SPDX-License-Identifier: MIT
/*
 * Affinity changes of the vector domain and the deferred cleanup of the
 * vectors they leave behind (v6.6+ scheme).  A move allocates the new
 * vector at once but keeps the old one (prev_vector on prev_cpu): a device
 * may still raise it.  The first interrupt that arrives on the new vector,
 * on the new CPU, queues the old vector on the old CPU's cleanup list and
 * arms that CPU's cleanup timer for the next jiffy.  The timer frees the
 * old vector unless it is still pending in the old CPU's IRR, in which case
 * it warns once and tries again a jiffy later.  While a move or its cleanup
 * is pending, another move is refused with -EBUSY (the core parks it).
 */
#include "x86_internals.h"

/**
 * apic_set_affinity() - irq_set_affinity of the APIC chip.
 * @irqd: the vector level.
 * @dest: the requested CPUs.
 * @force: unused (offline CPUs are never targeted).
 *
 * Return: IRQ_SET_MASK_OK, -EIO if the irq is not activated, -EBUSY while
 * a move is pending, -EINVAL/-ENOSPC when no CPU of @dest has a vector.
 */
int apic_set_affinity(struct irq_data *irqd, const struct cpumask *dest, bool force)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);
	struct irqlab_x86 *x86 = apicd->x86;
	int err;

	/* AFFINITY_ON_ACTIVATE: the core must not call here before activation. */
	if (WARN_ON_ONCE(!irqd_is_activated(irqd)))
		return -EIO;
	lock_vector_lock(x86);
	cpumask_and(x86->searchmask, dest, cpu_online_mask);
	if (irqd_affinity_is_managed(irqd))
		err = assign_managed_vector(irqd, x86->searchmask);
	else
		err = assign_vector_locked(irqd, x86->searchmask);
	unlock_vector_lock(x86);
	return err ? err : IRQ_SET_MASK_OK;
}

/* Arm @cl's timer for the next jiffy (mod_timer(jiffies + 1)). */
static void cleanup_timer_arm(struct vector_cleanup *cl)
{
	struct irqlab_machine *m = cl->x86->m;

	irqlab_timer_add(m, &cl->timer, (irqlab_jiffies(m) + 1ULL) * IRQLAB_JIFFY_NS);
}

/**
 * __vector_cleanup() - free the old vectors queued on a CPU.
 * @cl: the CPU's list; the caller runs on that CPU.
 * @check_irr: keep vectors still pending in the CPU's IRR.  Without it
 *             (lapic_offline) the IRR is not looked at: fixup_irqs() has
 *             just forwarded whatever was pending.
 *
 * Context: vector_lock held.
 */
void __vector_cleanup(struct vector_cleanup *cl, bool check_irr)
{
	struct irqlab_x86 *x86 = cl->x86;
	struct apic_chip_data *apicd, *next;
	bool rearm = false;

	lockdep_assert_held(&x86->vector_lock);
	for (apicd = cl->head; apicd; apicd = next) {
		next = apicd->cl_next;
		/*
		 * Still requested at the old APIC: freeing the vector now
		 * would lose that interrupt.  Let the CPU take it first.
		 */
		if (check_irr && is_vector_pending(apicd->prev_vector)) {
			pr_warn_once("Moved interrupt pending in old target APIC %u\n",
				     apicd->irq);
			rearm = true;
			continue;
		}
		free_moved_vector(apicd);
	}
	if (rearm)
		cleanup_timer_arm(cl);
}

/**
 * vector_cleanup_callback() - the per-CPU cleanup timer.
 * @t: the timer of a struct vector_cleanup.
 *
 * Context: timer, on the CPU the list belongs to; takes vector_lock.
 */
void vector_cleanup_callback(struct irqlab_timer *t)
{
	struct vector_cleanup *cl = container_of(t, struct vector_cleanup, timer);

	lock_vector_lock(cl->x86);
	__vector_cleanup(cl, true);
	unlock_vector_lock(cl->x86);
}

static void __vector_schedule_cleanup(struct apic_chip_data *apicd)
{
	struct irqlab_x86 *x86 = apicd->x86;
	unsigned int cpu = apicd->prev_cpu;

	lock_vector_lock(x86);
	apicd->move_in_progress = false;
	if (cpu_online(cpu)) {
		struct vector_cleanup *cl = &x86->cleanup[cpu];

		clist_add_head(apicd, cl);
		if (!cl->timer.pending)
			cleanup_timer_arm(cl);
	} else {
		pr_warn("IRQ %u schedule cleanup for offline CPU %u\n", apicd->irq, cpu);
		free_moved_vector(apicd);
	}
	unlock_vector_lock(x86);
}

/**
 * irq_complete_move() - the first interrupt after a move has arrived.
 * @cfg: the irq's configuration.
 *
 * Only an interrupt on the new target CPU proves the device uses the new
 * message (an irq never moves between vectors of one CPU).
 *
 * Context: interrupt, desc->lock held.
 */
void irq_complete_move(struct irq_cfg *cfg)
{
	struct apic_chip_data *apicd = container_of(cfg, struct apic_chip_data, hw_irq_cfg);

	if (!apicd->move_in_progress)
		return;
	if (apicd->cpu == smp_processor_id())
		__vector_schedule_cleanup(apicd);
}

/**
 * apic_ack_edge() - irq_ack of the APIC chip.
 * @irqd: the irq's vector level.
 *
 * Completes a move, applies a pending one, then EOIs the local APIC.
 *
 * Context: interrupt, desc->lock held.
 */
void apic_ack_edge(struct irq_data *irqd)
{
	irq_complete_move(irqd_cfg(irqd));
	irq_move_irq(irqd);
	apic_eoi();
}

/**
 * apic_retrigger_irq() - irq_retrigger of the APIC chip.
 * @irqd: the irq's vector level.
 *
 * Sends the irq's vector to its target CPU as an IPI.
 *
 * Return: 1 (retriggered).
 */
int apic_retrigger_irq(struct irq_data *irqd)
{
	struct apic_chip_data *apicd = apic_chip_data(irqd);

	lock_vector_lock(apicd->x86);
	__apic_send_IPI(apicd->cpu, apicd->vector);
	unlock_vector_lock(apicd->x86);
	return 1;
}

/**
 * apic_force_complete_move() - irq_force_complete_move of the APIC chip.
 * @irqd: the irq's vector level.
 *
 * The CPU going down (this CPU) cannot wait for the cleanup of a move that
 * involves it: the old vector is freed now.  A move that never saw an
 * interrupt on its new vector is reported: a device still using the old
 * message would lose interrupts.
 *
 * Context: CPU hotplug, on the dying CPU, desc->lock held.
 */
void apic_force_complete_move(struct irq_data *irqd)
{
	unsigned int cpu = smp_processor_id();
	struct apic_chip_data *apicd = apic_chip_data(irqd);
	unsigned int vector;

	lock_vector_lock(apicd->x86);
	vector = apicd->prev_vector;
	if (vector && (apicd->cpu == cpu || apicd->prev_cpu == cpu)) {
		if (apicd->move_in_progress)
			pr_warn("IRQ fixup: irq %d move in progress, old vector %d\n",
				irqd->irq, vector);
		free_moved_vector(apicd);
	}
	unlock_vector_lock(apicd->x86);
}
