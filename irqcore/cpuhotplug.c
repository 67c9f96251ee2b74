// SPDX-License-Identifier: MIT
/*
 * CPU hotplug of interrupts (kernel/irq/cpuhotplug.c analogue) and the
 * remove_cpu()/add_cpu() sequence of kernel/cpu.c that drives it.
 *
 * Taking a CPU down: the platform may refuse (x86: not enough free vectors
 * on the remaining CPUs), then the CPU leaves the online mask and, still
 * running on it, every started irq that targets it is moved to another CPU
 * of its affinity.  A managed irq whose affinity has no online CPU left is
 * shut down instead (IRQD_MANAGED_SHUTDOWN, its vector released) and keeps
 * its affinity; a non-managed one is forced onto any online CPU ("affinity
 * broken").  Bringing a CPU up restarts the managed irqs of its affinity.
 */
#include "internals.h"

/**
 * irq_force_complete_move() - finish an interrupted affinity move now.
 * @desc: the descriptor.
 *
 * A move that waits for the next interrupt to clean up the old target (x86
 * vector cleanup) cannot wait when that target is going away.  The first
 * level of the hierarchy, outermost first, whose chip implements
 * irq_force_complete_move does it.
 *
 * Context: desc->lock held, on the dying CPU.
 */
void irq_force_complete_move(struct irq_desc *desc)
{
	struct irq_data *d;

	for (d = irq_desc_get_irq_data(desc); d; d = irqd_get_parent_data(d)) {
		if (d->chip && d->chip->irq_force_complete_move) {
			d->chip->irq_force_complete_move(d);
			return;
		}
	}
}

/* Does @m contain a CPU other than @cpu? */
static bool mask_has_other_cpu(const struct cpumask *m, unsigned int cpu)
{
	unsigned int first = cpumask_first(m);

	if (first != cpu)
		return first < m->nbits;
	return cpumask_next((int)cpu, m) < m->nbits;
}

/* Must @d be moved away from the dying CPU (this CPU)? */
static bool irq_needs_fixup(struct irq_data *d)
{
	const struct cpumask *m = irq_data_get_effective_affinity_mask(d);
	unsigned int cpu = smp_processor_id();
	char list[256];

	/* A chip that does not maintain the effective mask: use the affinity. */
	if (cpumask_empty(m))
		m = irq_data_get_affinity_mask(d);

	/*
	 * Targets besides this CPU but none of them online: an earlier
	 * hotplug step missed this irq.  Say so and move it now.
	 */
	if (mask_has_other_cpu(m, cpu) && !cpumask_intersects(m, cpu_online_mask)) {
		irqlab_cpumask_snprint(list, sizeof(list), m, true);
		pr_warn("Eff. affinity %s of IRQ %u contains only offline CPUs after offlining CPU %u\n",
			list, d->irq, cpu);
		return true;
	}
	return cpumask_test_cpu(cpu, m);
}

/*
 * Retarget one irq away from the dying CPU.  Returns true when its
 * affinity had to be broken (no online CPU of the mask could take it).
 */
static bool migrate_one_irq(struct irq_desc *desc)
{
	struct irq_data *d = irq_desc_get_irq_data(desc);
	const struct irq_chip *chip = irq_data_get_irq_chip(d);
	const struct cpumask *affinity;
	bool maskchip, brokeaff = false;
	char list[256];
	int err;

	/* The chip may be torn down already, or unable to move anything. */
	if (!chip || !chip->irq_set_affinity) {
		pr_debug("IRQ %u: Unable to migrate away\n", d->irq);
		return false;
	}
	/* Chips that move in interrupt context are masked around the move. */
	maskchip = (chip->flags & IRQCHIP_MOVE_DEFERRED) && !irqd_irq_masked(d);

	/* The old target must not wait for an interrupt that will not come. */
	irq_force_complete_move(desc);

	/*
	 * Per-CPU, not started (chained irqs have no action but are started)
	 * or not targeting this CPU: nothing to move, but a pending move to
	 * this CPU alone must be dropped.
	 */
	if (irqd_is_per_cpu(d) || !irqd_is_started(d) || !irq_needs_fixup(d)) {
		irq_fixup_move_pending(desc, false);
		return false;
	}

	/* Do not lose the latest requested affinity if it is still possible. */
	if (irq_fixup_move_pending(desc, true))
		affinity = irq_desc_get_pending_mask(desc);
	else
		affinity = irq_data_get_affinity_mask(d);

	if (maskchip && chip->irq_mask)
		chip->irq_mask(d);

	if (!cpumask_intersects(affinity, cpu_online_mask)) {
		/* Managed: shut down until a CPU of the mask returns. */
		if (irqd_affinity_is_managed(d)) {
			irqd_set_managed_shutdown(d);
			irq_shutdown_and_deactivate(desc);
			return false;
		}
		affinity = cpu_online_mask;
		brokeaff = true;
	}

	/* Without force: offline CPUs, this one included, are filtered out. */
	err = irq_do_set_affinity(d, affinity, false);

	/* The mask's CPUs are out of vectors: any online CPU will do. */
	if (err == -ENOSPC && !irqd_affinity_is_managed(d) &&
	    affinity != cpu_online_mask) {
		irqlab_cpumask_snprint(list, sizeof(list), affinity, true);
		pr_debug("IRQ%u: set affinity failed for %s, re-try with online CPUs\n",
			 d->irq, list);
		affinity = cpu_online_mask;
		brokeaff = true;
		err = irq_do_set_affinity(d, affinity, false);
	}

	if (err) {
		pr_warn("IRQ%u: set affinity failed(%d).\n", d->irq, err);
		brokeaff = false;
	}

	if (maskchip && chip->irq_unmask)
		chip->irq_unmask(d);
	return brokeaff;
}

/**
 * irq_migrate_all_off_this_cpu() - move every irq off the dying CPU.
 *
 * The calling context runs on the dying CPU, which has already left the
 * online mask.  Every active descriptor is looked at, with or without an
 * action (chained irqs have none).
 *
 * Context: CPU hotplug (irqlab_cpu_offline()); takes the descriptor table
 * lock and each desc->lock.
 */
void irq_migrate_all_off_this_cpu(void)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irq_desc *desc;
	unsigned int irq;
	bool broken;

	raw_spin_lock(&m->sparse_lock);
	for_each_active_irq(irq) {
		desc = irq_to_desc(irq);
		raw_spin_lock(&desc->lock);
		broken = migrate_one_irq(desc);
		raw_spin_unlock(&desc->lock);

		if (broken)
			pr_debug("IRQ %u: no longer affine to CPU%u\n", irq,
				 smp_processor_id());
	}
	raw_spin_unlock(&m->sparse_lock);
}

/*
 * Should a single-target irq move to @cpu coming up?  Only when isolation
 * (isolcpus=managed_irq) wants it off an isolated CPU and @cpu is a
 * housekeeping CPU.
 */
static bool hk_should_isolate(struct irq_data *data, unsigned int cpu)
{
	const struct cpumask *hk_mask;

	if (!housekeeping_enabled(HK_TYPE_MANAGED_IRQ))
		return false;

	hk_mask = housekeeping_cpumask(HK_TYPE_MANAGED_IRQ);
	if (cpumask_subset(irq_data_get_effective_affinity_mask(data), hk_mask))
		return false;

	return cpumask_test_cpu(cpu, hk_mask);
}

static void irq_restore_affinity_of_irq(struct irq_desc *desc, unsigned int cpu)
{
	struct irq_data *data = irq_desc_get_irq_data(desc);
	const struct cpumask *affinity = irq_data_get_affinity_mask(data);

	if (!irqd_affinity_is_managed(data) || !desc->action ||
	    !irq_data_get_irq_chip(data) || !cpumask_test_cpu(cpu, affinity))
		return;

	/* Undo the managed shutdown of the offline path (depth rules: chip.c). */
	if (irqd_is_managed_and_shutdown(data))
		irq_startup_managed(desc);

	/*
	 * A single-target irq already sits on a CPU of its mask: only
	 * isolation is a reason to move it to the new CPU.
	 */
	if (!irqd_is_single_target(data) || hk_should_isolate(data, cpu))
		irq_set_affinity_locked(data, affinity, false);
}

/**
 * irq_affinity_online_cpu() - restore the managed irqs of a CPU coming up.
 * @cpu: the CPU, already in the online mask.
 *
 * Every requested managed irq whose affinity contains @cpu is restarted if
 * it was shut down by hotplug (since v6.16 only when that brings its
 * depth to 0) and its affinity is reapplied so it may spread onto @cpu.
 *
 * Context: CPU hotplug (irqlab_cpu_online()); takes the descriptor table
 * lock and each desc->lock.
 * Return: 0.
 */
int irq_affinity_online_cpu(unsigned int cpu)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irq_desc *desc;
	unsigned int irq;

	raw_spin_lock(&m->sparse_lock);
	for_each_active_irq(irq) {
		desc = irq_to_desc(irq);
		raw_spin_lock(&desc->lock);
		irq_restore_affinity_of_irq(desc, cpu);
		raw_spin_unlock(&desc->lock);
	}
	raw_spin_unlock(&m->sparse_lock);
	return 0;
}

/* ---- remove_cpu() / add_cpu() ------------------------------------------- */

/*
 * Errors common to both directions, checked before anything changes:
 * no such CPU (no CPU device: remove_cpu()/add_cpu() go through the
 * device), or a possible CPU that is not present (cpu_up()/_cpu_down()).
 */
static int hotplug_check_cpu(const struct irqlab_machine *m, unsigned int cpu)
{
	if (!m || cpu >= m->nr_cpus)
		return -ENODEV;
	if (!cpumask_test_cpu(cpu, m->present))
		return -EINVAL;
	return 0;
}

/* Hotplug code runs on the CPU going away or coming up. */
struct hotplug_ctx {
	struct irqlab_machine *prev_machine;
	unsigned int prev_cpu;
};

static void hotplug_enter(struct hotplug_ctx *ctx, struct irqlab_machine *m,
			  unsigned int cpu)
{
	ctx->prev_machine = irqlab_machine_set_current(m);
	ctx->prev_cpu = irqlab_this_cpu();
	irqlab_set_this_cpu(cpu);
}

static void hotplug_exit(const struct hotplug_ctx *ctx)
{
	irqlab_set_this_cpu(ctx->prev_cpu);
	irqlab_machine_set_current(ctx->prev_machine);
}

/**
 * irqlab_cpu_offline() - take a CPU down, as remove_cpu() does.
 * @m: machine.
 * @cpu: the CPU.
 *
 * Sequence: the platform may refuse (x86 lapic_can_unplug_cpu()), the CPU
 * leaves the online mask, its irqs are migrated or (managed, no online CPU
 * left in the mask) shut down, then the platform finishes (x86: pending
 * IRR bits forwarded, lapic_offline()).  Runs with @m current and this
 * CPU set to @cpu; both are restored afterwards.
 *
 * Context: process context; hotplug operations of one machine must not
 * run concurrently.
 * Return: 0; 1 if @cpu was already offline and nothing was done (what
 * device_offline() returns; `echo 0 > online` then succeeds); -ENODEV for
 * a CPU that does not exist (or a NULL @m); -EINVAL for a CPU that is not
 * present; -EBUSY for the last online CPU; the platform's refusal
 * (-ENOSPC).  On error nothing has changed.
 */
int irqlab_cpu_offline(struct irqlab_machine *m, unsigned int cpu)
{
	struct hotplug_ctx ctx;
	int ret = hotplug_check_cpu(m, cpu);

	if (ret)
		return ret;
	if (!cpumask_test_cpu(cpu, m->online))
		return 1;
	if (cpumask_weight(m->online) == 1)
		return -EBUSY;

	hotplug_enter(&ctx, m, cpu);
	if (m->platform && m->platform->cpu_down_prepare) {
		ret = m->platform->cpu_down_prepare(m, cpu);
		if (ret)
			goto out;
	}
	WARN_ON(irqlab_set_cpu_online(m, cpu, false));
	irq_migrate_all_off_this_cpu();
	if (m->platform && m->platform->cpu_dying)
		m->platform->cpu_dying(m, cpu);
out:
	hotplug_exit(&ctx);
	return ret;
}

/**
 * irqlab_cpu_online() - bring a CPU up, as add_cpu() does.
 * @m: machine.
 * @cpu: the CPU.
 *
 * Sequence: the platform prepares the CPU's interrupt controller (x86
 * lapic_online()), the CPU enters the online mask, then the managed irqs
 * of its affinity are restarted or re-spread (irq_affinity_online_cpu()).
 * Runs with @m current and this CPU set to @cpu; both are restored.
 *
 * Context: process context; hotplug operations of one machine must not
 * run concurrently.
 * Return: 0; 1 if @cpu was already online (device_online()'s value);
 * -ENODEV for a CPU that does not exist (or a NULL @m); -EINVAL for a CPU
 * that is not present.  On error nothing has changed.
 */
int irqlab_cpu_online(struct irqlab_machine *m, unsigned int cpu)
{
	struct hotplug_ctx ctx;
	int ret = hotplug_check_cpu(m, cpu);

	if (ret)
		return ret;
	if (cpumask_test_cpu(cpu, m->online))
		return 1;

	hotplug_enter(&ctx, m, cpu);
	if (m->platform && m->platform->cpu_starting)
		m->platform->cpu_starting(m, cpu);
	WARN_ON(irqlab_set_cpu_online(m, cpu, true));
	irq_affinity_online_cpu(cpu);
	hotplug_exit(&ctx);
	return 0;
}

/**
 * remove_cpu() - take a CPU of the current machine down.
 * @cpu: the CPU.
 *
 * Return: as irqlab_cpu_offline(); -ENODEV without a current machine.
 */
int remove_cpu(unsigned int cpu)
{
	return irqlab_cpu_offline(irqlab_cur(), cpu);
}

/**
 * add_cpu() - bring a CPU of the current machine up.
 * @cpu: the CPU.
 *
 * Return: as irqlab_cpu_online(); -ENODEV without a current machine.
 */
int add_cpu(unsigned int cpu)
{
	return irqlab_cpu_online(irqlab_cur(), cpu);
}
