// SPDX-License-Identifier: MIT
/*
 * Chip-level interrupt handling (kernel/irq/chip.c analogue): setting chips,
 * handlers, trigger types and status flags; the flow handlers with their
 * exact chip-callback sequences; startup/shutdown/enable/disable of a
 * descriptor; and the hierarchy helpers that forward a call to the parent
 * level's chip.
 */
#include <sched.h>

#include "internals.h"

static irqreturn_t bad_chained_irq(int irq, void *dev_id)
{
	WARN(1, "Chained irq %d should not call an action\n", irq);
	return IRQ_NONE;
}

/*
 * The action installed on chained irqs: it keeps the irq "in use" and WARNs
 * if somebody runs it.  Never freed (it is static).
 */
struct irqaction chained_action = {
	.handler = bad_chained_irq,
	.name = "chained",
};

static void mask_ack_irq(struct irq_desc *desc);

/* ---- small state helpers ------------------------------------------------ */

static void irq_state_set_disabled(struct irq_desc *desc)
{
	irqd_set(&desc->irq_data, IRQD_IRQ_DISABLED);
}

static void irq_state_clr_disabled(struct irq_desc *desc)
{
	irqd_clear(&desc->irq_data, IRQD_IRQ_DISABLED);
}

static void irq_state_set_masked(struct irq_desc *desc)
{
	irqd_set(&desc->irq_data, IRQD_IRQ_MASKED);
}

static void irq_state_clr_masked(struct irq_desc *desc)
{
	irqd_clear(&desc->irq_data, IRQD_IRQ_MASKED);
}

static void irq_state_set_started(struct irq_desc *desc)
{
	irqd_set(&desc->irq_data, IRQD_IRQ_STARTED);
}

static void irq_state_clr_started(struct irq_desc *desc)
{
	irqd_clear(&desc->irq_data, IRQD_IRQ_STARTED);
}

/* ---- setting up an irq ---------------------------------------------------- */

/**
 * irq_set_chip() - set the irq_chip of an irq.
 * @irq: Linux irq number.
 * @chip: the chip; NULL installs no_irq_chip.
 *
 * Context: takes the descriptor lock.
 * Return: 0, or -EINVAL when @irq has no descriptor.
 */
int irq_set_chip(unsigned int irq, const struct irq_chip *chip)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_lock(irq, &flags);

	if (!desc)
		return -EINVAL;
	desc->irq_data.chip = chip ? chip : &no_irq_chip;
	irq_put_desc_unlock(desc, flags);
	return 0;
}

/**
 * irq_set_irq_type() - set the trigger type of an irq.
 * @irq: Linux irq number.
 * @type: IRQ_TYPE_* value.
 *
 * Without a chip irq_set_type callback nothing changes and 0 is returned,
 * as in the kernel.
 *
 * Context: takes the chip bus lock and the descriptor lock.
 * Return: 0, -EINVAL for an unknown irq, or the chip's error.
 */
int irq_set_irq_type(unsigned int irq, unsigned int type)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_buslock(irq, &flags);
	int ret;

	if (!desc)
		return -EINVAL;
	ret = __irq_set_trigger(desc, type);
	irq_put_desc_busunlock(desc, flags);
	return ret;
}

/**
 * irq_set_handler_data() - set the flow handler data of an irq.
 * @irq: Linux irq number.
 * @data: the data.
 *
 * Return: 0, or -EINVAL for an unknown irq.
 */
int irq_set_handler_data(unsigned int irq, void *data)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_lock(irq, &flags);

	if (!desc)
		return -EINVAL;
	desc->irq_common_data.handler_data = data;
	irq_put_desc_unlock(desc, flags);
	return 0;
}

/**
 * irq_set_chip_data() - set the chip data of an irq's outermost level.
 * @irq: Linux irq number.
 * @data: the data.
 *
 * Return: 0, or -EINVAL for an unknown irq.
 */
int irq_set_chip_data(unsigned int irq, void *data)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_lock(irq, &flags);

	if (!desc)
		return -EINVAL;
	desc->irq_data.chip_data = data;
	irq_put_desc_unlock(desc, flags);
	return 0;
}

/**
 * irq_get_irq_data() - the outermost irq_data of an irq.
 * @irq: Linux irq number.
 *
 * Return: the irq_data or NULL.
 */
struct irq_data *irq_get_irq_data(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc ? &desc->irq_data : NULL;
}

/**
 * irq_get_chip() - the chip of an irq's outermost level.
 * @irq: Linux irq number.
 *
 * Return: the chip or NULL.
 */
const struct irq_chip *irq_get_chip(unsigned int irq)
{
	struct irq_data *d = irq_get_irq_data(irq);

	return d ? d->chip : NULL;
}

/**
 * irq_get_chip_data() - the chip data of an irq's outermost level.
 * @irq: Linux irq number.
 *
 * Return: the data or NULL.
 */
void *irq_get_chip_data(unsigned int irq)
{
	struct irq_data *d = irq_get_irq_data(irq);

	return d ? d->chip_data : NULL;
}

/**
 * irq_get_handler_data() - the flow handler data of an irq.
 * @irq: Linux irq number.
 *
 * Return: the data or NULL.
 */
void *irq_get_handler_data(unsigned int irq)
{
	struct irq_data *d = irq_get_irq_data(irq);

	return d ? d->common->handler_data : NULL;
}

/**
 * irq_get_trigger_type() - the trigger type of an irq.
 * @irq: Linux irq number.
 *
 * Return: IRQ_TYPE_* bits, IRQ_TYPE_NONE for an unknown irq.
 */
u32 irq_get_trigger_type(unsigned int irq)
{
	struct irq_data *d = irq_get_irq_data(irq);

	return d ? irqd_get_trigger_type(d) : IRQ_TYPE_NONE;
}

static void __irq_do_set_handler(struct irq_desc *desc, irq_flow_handler_t handle,
				 int is_chained, const char *name)
{
	if (!handle) {
		handle = handle_bad_irq;
	} else {
		struct irq_data *irq_data = &desc->irq_data;

		/*
		 * In a hierarchy the outermost chip may not be set yet while
		 * the inner ones are: install the handler anyway, but a
		 * chained irq would be started right away, which cannot work.
		 */
		while (irq_data && irq_data->chip == &no_irq_chip) {
			if (WARN_ON(is_chained))
				return;
			irq_data = irq_data->parent_data;
		}
		if (WARN_ON(!irq_data))
			return;
	}

	/* Uninstall: leave the line masked and disabled. */
	if (handle == handle_bad_irq) {
		if (desc->irq_data.chip != &no_irq_chip)
			mask_ack_irq(desc);
		irq_state_set_disabled(desc);
		if (is_chained)
			desc->action = NULL;
		desc->depth = 1;
	}
	desc->handle_irq = handle;
	desc->name = name;

	if (handle != handle_bad_irq && is_chained) {
		unsigned int type = irqd_get_trigger_type(&desc->irq_data);

		/* The chip's set_type may replace the handler: put it back. */
		if (type != IRQ_TYPE_NONE) {
			__irq_set_trigger(desc, type);
			desc->handle_irq = handle;
		}
		irq_settings_set_noprobe(desc);
		irq_settings_set_norequest(desc);
		irq_settings_set_nothread(desc);
		desc->action = &chained_action;
		irq_activate_and_startup(desc, IRQ_RESEND);
	}
}

/**
 * __irq_set_handler() - install the flow handler of an irq.
 * @irq: Linux irq number.
 * @handle: the flow handler; NULL uninstalls (handle_bad_irq, masked,
 *          disabled, depth 1).
 * @is_chained: a chained (demultiplexing) handler, started right away.
 * @name: the handler name shown in /proc/interrupts (e.g. "edge").
 *
 * Unknown irqs are ignored, as in the kernel.
 *
 * Context: takes the chip bus lock and the descriptor lock.
 */
void __irq_set_handler(unsigned int irq, irq_flow_handler_t handle, int is_chained,
		       const char *name)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_buslock(irq, &flags);

	if (!desc)
		return;
	__irq_do_set_handler(desc, handle, is_chained, name);
	irq_put_desc_busunlock(desc, flags);
}

/**
 * irq_set_chip_and_handler_name() - set the chip and flow handler of an irq.
 * @irq: Linux irq number.
 * @chip: the chip (NULL: no_irq_chip).
 * @handle: the flow handler.
 * @name: the handler name.
 */
void irq_set_chip_and_handler_name(unsigned int irq, const struct irq_chip *chip,
				   irq_flow_handler_t handle, const char *name)
{
	irq_set_chip(irq, chip);
	__irq_set_handler(irq, handle, 0, name);
}

/**
 * irq_modify_status() - change the IRQ_* settings of an irq.
 * @irq: Linux irq number.
 * @clr: settings to clear.
 * @set: settings to set.
 *
 * Only the modifiable settings change; the IRQD copies (NO_BALANCING,
 * PER_CPU, LEVEL and the trigger bits) follow.  Unknown irqs are ignored.
 */
void irq_modify_status(unsigned int irq, unsigned long clr, unsigned long set)
{
	unsigned long flags, trigger, tmp;
	struct irq_desc *desc = irq_get_desc_lock(irq, &flags);

	if (!desc)
		return;
	/* A driver setting NOAUTOEN on an already enabled irq is a bug. */
	WARN_ON_ONCE(!desc->depth && (set & IRQ_NOAUTOEN));

	irq_settings_clr_and_set(desc, (u32)clr, (u32)set);

	trigger = irqd_get_trigger_type(&desc->irq_data);
	irqd_clear(&desc->irq_data,
		   IRQD_NO_BALANCING | IRQD_PER_CPU | IRQD_TRIGGER_MASK | IRQD_LEVEL);
	if (irq_settings_has_no_balance_set(desc))
		irqd_set(&desc->irq_data, IRQD_NO_BALANCING);
	if (irq_settings_is_per_cpu(desc))
		irqd_set(&desc->irq_data, IRQD_PER_CPU);
	if (irq_settings_is_level(desc))
		irqd_set(&desc->irq_data, IRQD_LEVEL);

	tmp = irq_settings_get_trigger_mask(desc);
	if (tmp != IRQ_TYPE_NONE)
		trigger = tmp;
	irqd_set(&desc->irq_data, (unsigned int)trigger);

	irq_put_desc_unlock(desc, flags);
}

/* ---- chip state (pending/active/masked) through the hierarchy ------------ */

/* The first level, from @data towards the root, whose chip passes @has. */
static struct irq_data *first_level_with(struct irq_data *data,
					 bool (*has)(const struct irq_chip *))
{
	for (; data; data = data->parent_data) {
		if (!IS_ERR_OR_NULL(data->chip) && has(data->chip))
			return data;
	}
	return NULL;
}

static bool has_get_state(const struct irq_chip *chip)
{
	return chip->irq_get_irqchip_state;
}

static bool has_set_state(const struct irq_chip *chip)
{
	return chip->irq_set_irqchip_state;
}

/**
 * irq_get_irqchip_state() - read an irq's state from its chip hierarchy.
 * @irq: Linux irq number.
 * @which: the state.
 * @state: result.
 *
 * Asks the first chip, outermost first, that implements
 * irq_get_irqchip_state.
 *
 * Context: takes the chip bus lock and the descriptor lock.
 * Return: 0, -EINVAL for an unknown irq or when no chip can answer, or the
 * chip's error.
 */
int irq_get_irqchip_state(unsigned int irq, enum irqchip_irq_state which,
			  bool *state)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_buslock(irq, &flags);
	struct irq_data *data;
	int err = -EINVAL;

	if (!desc)
		return -EINVAL;
	data = first_level_with(&desc->irq_data, has_get_state);
	if (data)
		err = data->chip->irq_get_irqchip_state(data, which, state);
	irq_put_desc_busunlock(desc, flags);
	return err;
}

/**
 * irq_set_irqchip_state() - set an irq's state in its chip hierarchy.
 * @irq: Linux irq number.
 * @which: the state.
 * @val: the value.
 *
 * Context: takes the chip bus lock and the descriptor lock.
 * Return: 0, -EINVAL for an unknown irq or when no chip implements
 * irq_set_irqchip_state, or the chip's error.
 */
int irq_set_irqchip_state(unsigned int irq, enum irqchip_irq_state which, bool val)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_buslock(irq, &flags);
	struct irq_data *data;
	int err = -EINVAL;

	if (!desc)
		return -EINVAL;
	data = first_level_with(&desc->irq_data, has_set_state);
	if (data)
		err = data->chip->irq_set_irqchip_state(data, which, val);
	irq_put_desc_busunlock(desc, flags);
	return err;
}

/* ---- startup, shutdown, enable, disable ------------------------------------ */

/* NORMAL, MANAGED (activated, may start) or ABORT (no online target). */
static int __irq_startup_managed(struct irq_desc *desc, const struct cpumask *aff,
				 bool force)
{
	struct irq_data *d = irq_desc_get_irq_data(desc);

	if (!irqd_affinity_is_managed(d))
		return IRQ_STARTUP_NORMAL;

	irqd_clr_managed_shutdown(d);

	if (!cpumask_intersects(aff, desc->machine->online)) {
		/*
		 * enable_irq() on a managed irq with no online target is a
		 * caller bug; a request just waits for hotplug to start it.
		 */
		WARN_ON_ONCE(force);
		return IRQ_STARTUP_ABORT;
	}
	/* Managed irqs have reserved resources: this must not fail. */
	if (WARN_ON(irq_domain_activate_irq(d, false)))
		return IRQ_STARTUP_ABORT;
	return IRQ_STARTUP_MANAGED;
}

static int __irq_startup(struct irq_desc *desc)
{
	struct irq_data *d = irq_desc_get_irq_data(desc);
	int ret = 0;

	/* Domain irqs must be activated first; warn but try nevertheless. */
	WARN_ON_ONCE(d->domain && !irqd_is_activated(d));

	if (d->chip->irq_startup) {
		ret = (int)d->chip->irq_startup(d);
		irq_state_clr_disabled(desc);
		irq_state_clr_masked(desc);
	} else {
		irq_enable(desc);
	}
	irq_state_set_started(desc);
	return ret;
}

/**
 * irq_startup() - start an irq up (first request or enable from depth 1).
 * @desc: the descriptor, locked.
 * @resend: replay an interrupt that arrived while the line was off.
 * @force: IRQ_START_FORCE when the caller insists (enable_irq()); a
 *         managed irq without online target then WARNs.
 *
 * A managed irq whose affinity has no online CPU is not started: it stays
 * at depth 1 in managed shutdown until a CPU of its mask comes online.
 *
 * Context: desc->lock held.
 * Return: the chip's irq_startup result, or 0.
 */
int irq_startup(struct irq_desc *desc, bool resend, bool force)
{
	struct irq_data *d = irq_desc_get_irq_data(desc);
	const struct cpumask *aff = irq_data_get_affinity_mask(d);
	int ret = 0;

	desc->depth = 0;

	if (irqd_is_started(d)) {
		irq_enable(desc);
	} else {
		switch (__irq_startup_managed(desc, aff, force)) {
		case IRQ_STARTUP_NORMAL:
			if (d->chip->flags & IRQCHIP_AFFINITY_PRE_STARTUP)
				irq_setup_affinity(desc);
			ret = __irq_startup(desc);
			if (!(d->chip->flags & IRQCHIP_AFFINITY_PRE_STARTUP))
				irq_setup_affinity(desc);
			break;
		case IRQ_STARTUP_MANAGED:
			irq_do_set_affinity(d, aff, false);
			ret = __irq_startup(desc);
			break;
		default: /* IRQ_STARTUP_ABORT */
			desc->depth = 1;
			irqd_set_managed_shutdown(d);
			return 0;
		}
	}
	if (resend)
		check_irq_resend(desc, false);
	return ret;
}

/**
 * irq_startup_managed() - restart a managed irq when a CPU of its affinity
 * comes online.
 * @desc: the descriptor, locked.
 *
 * Since v6.16 the shutdown raised the depth, so only an irq that was not
 * also disabled by its driver (depth back to 0) is started.  Older kernels
 * started it unconditionally, which re-enabled a disabled irq.
 *
 * Context: desc->lock held.
 */
void irq_startup_managed(struct irq_desc *desc)
{
	struct irq_data *d = irq_desc_get_irq_data(desc);

	if (!irqlab_kver_ge(desc->machine, KERNEL_VERSION(6, 16, 0))) {
		irq_startup(desc, IRQ_RESEND, IRQ_START_COND);
		return;
	}
	/* Clear it so repeated hotplug does not unbalance the depth. */
	irqd_clr_managed_shutdown(d);
	if (WARN_ON_ONCE(!desc->depth))
		return;
	desc->depth--;
	if (!desc->depth)
		irq_startup(desc, IRQ_RESEND, IRQ_START_COND);
}

/**
 * irq_activate() - activate an irq in its domain hierarchy.
 * @desc: the descriptor.
 *
 * Managed irqs are activated at startup instead, when their target CPUs
 * are known to be online.  A domain-less irq is just marked activated.
 *
 * Return: 0 or the domain's activation error.
 */
int irq_activate(struct irq_desc *desc)
{
	struct irq_data *d = irq_desc_get_irq_data(desc);

	if (irqd_affinity_is_managed(d))
		return 0;
	return irq_domain_activate_irq(d, false);
}

/**
 * irq_activate_and_startup() - activate and force-start an irq.
 * @desc: the descriptor, locked.
 * @resend: replay a pending interrupt.
 *
 * Context: desc->lock held.
 * Return: the startup result; 0 (with a WARN) if activation failed.
 */
int irq_activate_and_startup(struct irq_desc *desc, bool resend)
{
	if (WARN_ON(irq_activate(desc)))
		return 0;
	return irq_startup(desc, resend, IRQ_START_FORCE);
}

static void __irq_disable(struct irq_desc *desc, bool mask)
{
	if (irqd_irq_disabled(&desc->irq_data)) {
		if (mask)
			mask_irq(desc);
		return;
	}
	irq_state_set_disabled(desc);
	if (desc->irq_data.chip->irq_disable) {
		desc->irq_data.chip->irq_disable(&desc->irq_data);
		irq_state_set_masked(desc);
	} else if (mask) {
		mask_irq(desc);
	}
}

/**
 * irq_shutdown() - shut a started irq down (last free_irq, managed
 * hot-unplug).
 * @desc: the descriptor, locked.
 *
 * Since v6.16 the disable depth is incremented so a driver's own disable
 * survives a managed shutdown/startup cycle; older kernels set it to 1.
 *
 * Context: desc->lock held.
 */
void irq_shutdown(struct irq_desc *desc)
{
	if (!irqd_is_started(&desc->irq_data))
		return;

	clear_irq_resend(desc);
	if (irqlab_kver_ge(desc->machine, KERNEL_VERSION(6, 16, 0)))
		desc->depth++;
	else
		desc->depth = 1;

	if (desc->irq_data.chip->irq_shutdown) {
		desc->irq_data.chip->irq_shutdown(&desc->irq_data);
		irq_state_set_disabled(desc);
		irq_state_set_masked(desc);
	} else {
		__irq_disable(desc, true);
	}
	irq_state_clr_started(desc);
}

/**
 * irq_shutdown_and_deactivate() - shut an irq down and deactivate it.
 * @desc: the descriptor, locked.
 *
 * The deactivation runs even when the irq was never started: activation
 * may have happened before (it tracks its own state).
 *
 * Context: desc->lock held.
 */
void irq_shutdown_and_deactivate(struct irq_desc *desc)
{
	irq_shutdown(desc);
	irq_domain_deactivate_irq(&desc->irq_data);
}

/**
 * irq_enable() - enable an irq at the chip.
 * @desc: the descriptor, locked.
 *
 * A disabled irq is enabled with the chip's irq_enable, or unmasked; an
 * enabled one is only unmasked if it is masked.
 *
 * Context: desc->lock held.
 */
void irq_enable(struct irq_desc *desc)
{
	if (!irqd_irq_disabled(&desc->irq_data)) {
		unmask_irq(desc);
		return;
	}
	irq_state_clr_disabled(desc);
	if (desc->irq_data.chip->irq_enable) {
		desc->irq_data.chip->irq_enable(&desc->irq_data);
		irq_state_clr_masked(desc);
	} else {
		unmask_irq(desc);
	}
}

/**
 * irq_disable() - mark an irq disabled.
 * @desc: the descriptor, locked.
 *
 * Lazy by default: without a chip irq_disable callback the line stays
 * unmasked until an interrupt arrives, when the flow handler masks it and
 * marks it pending.  IRQ_DISABLE_UNLAZY masks at once.
 *
 * Context: desc->lock held.
 */
void irq_disable(struct irq_desc *desc)
{
	__irq_disable(desc, irq_settings_disable_unlazy(desc));
}

/**
 * irq_percpu_enable() - enable a per-CPU irq on this CPU.
 * @desc: the descriptor.
 * @cpu: the CPU (the caller's).
 */
void irq_percpu_enable(struct irq_desc *desc, unsigned int cpu)
{
	const struct irq_chip *chip = desc->irq_data.chip;

	if (chip->irq_enable)
		chip->irq_enable(&desc->irq_data);
	else if (chip->irq_unmask)
		chip->irq_unmask(&desc->irq_data);
}

/**
 * irq_percpu_disable() - disable a per-CPU irq on this CPU.
 * @desc: the descriptor.
 * @cpu: the CPU (the caller's).
 */
void irq_percpu_disable(struct irq_desc *desc, unsigned int cpu)
{
	const struct irq_chip *chip = desc->irq_data.chip;

	if (chip->irq_disable)
		chip->irq_disable(&desc->irq_data);
	else if (chip->irq_mask)
		chip->irq_mask(&desc->irq_data);
}

/*
 * Mask and acknowledge: the chip's combined irq_mask_ack when it has one,
 * otherwise mask_irq() followed by irq_ack.
 */
static void mask_ack_irq(struct irq_desc *desc)
{
	const struct irq_chip *chip = desc->irq_data.chip;

	if (chip->irq_mask_ack) {
		chip->irq_mask_ack(&desc->irq_data);
		irq_state_set_masked(desc);
		return;
	}
	mask_irq(desc);
	if (chip->irq_ack)
		chip->irq_ack(&desc->irq_data);
}

/**
 * mask_irq() - mask an irq at the chip unless it is already masked.
 * @desc: the descriptor, locked.
 */
void mask_irq(struct irq_desc *desc)
{
	if (irqd_irq_masked(&desc->irq_data))
		return;
	if (desc->irq_data.chip->irq_mask) {
		desc->irq_data.chip->irq_mask(&desc->irq_data);
		irq_state_set_masked(desc);
	}
}

/**
 * unmask_irq() - unmask an irq at the chip unless it is already unmasked.
 * @desc: the descriptor, locked.
 */
void unmask_irq(struct irq_desc *desc)
{
	if (!irqd_irq_masked(&desc->irq_data))
		return;
	if (desc->irq_data.chip->irq_unmask) {
		desc->irq_data.chip->irq_unmask(&desc->irq_data);
		irq_state_clr_masked(desc);
	}
}

/**
 * unmask_threaded_irq() - unmask a oneshot irq after its thread ran.
 * @desc: the descriptor, locked.
 *
 * Chips with IRQCHIP_EOI_THREADED get their deferred EOI first.
 */
void unmask_threaded_irq(struct irq_desc *desc)
{
	const struct irq_chip *chip = desc->irq_data.chip;

	if ((chip->flags & IRQCHIP_EOI_THREADED) && chip->irq_eoi)
		chip->irq_eoi(&desc->irq_data);
	unmask_irq(desc);
}

/* ---- flow handlers ------------------------------------------------------------ */

/*
 * Wait with the lock dropped until another CPU finishes the handler.  If
 * the handler in progress is this very thread's (an interrupt delivered
 * from inside a handler in deterministic mode), waiting would never end:
 * behave like the kernel's uniprocessor build and give up.  The flag is
 * only read under the lock, so the wait is race-free for sanitizers too.
 */
static bool irq_wait_on_inprogress(struct irq_desc *desc)
{
	if (irqlab_handler_running_here(desc))
		return false;
	do {
		raw_spin_unlock(&desc->lock);
		sched_yield();
		raw_spin_lock(&desc->lock);
	} while (irqd_irq_inprogress(&desc->irq_data));

	/* It might have been disabled or freed meanwhile. */
	return !irqd_irq_disabled(&desc->irq_data) && desc->action;
}

/* An armed wakeup irq fired during suspend: note it and keep it off. */
static void irq_pm_handle_wakeup(struct irq_desc *desc)
{
	irqd_clear(&desc->irq_data, IRQD_WAKEUP_ARMED);
	desc->istate |= IRQS_SUSPENDED | IRQS_PENDING;
	desc->depth++;
	irq_disable(desc);
}

/* Can the handler run as far as concurrency and power management go? */
static bool irq_can_handle_pm(struct irq_desc *desc)
{
	struct irq_data *irqd = &desc->irq_data;
	const struct cpumask *aff;

	if (!irqd_has_set(irqd, IRQD_IRQ_INPROGRESS | IRQD_WAKEUP_ARMED))
		return true;

	if (irqd_has_set(irqd, IRQD_WAKEUP_ARMED)) {
		irq_pm_handle_wakeup(desc);
		return false;
	}

	/* Being polled on another CPU: wait for the poller. */
	if (desc->istate & IRQS_POLL_INPROGRESS)
		return irq_wait_on_inprogress(desc);

	/*
	 * A single-target edge irq just moved here while its previous target
	 * still runs the handler: wait, or the old CPU could loop forever on
	 * PENDING set by this CPU.
	 */
	if (!irqd_is_single_target(irqd) || desc->handle_irq != handle_edge_irq)
		return false;
	aff = irq_data_get_effective_affinity_mask(irqd);
	if (cpumask_first(aff) != smp_processor_id())
		return false;
	return irq_wait_on_inprogress(desc);
}

/* Are there actions to run?  Otherwise remember the interrupt as pending. */
static bool irq_can_handle_actions(struct irq_desc *desc)
{
	desc->istate &= ~(IRQS_REPLAY | IRQS_WAITING);

	if (!desc->action || irqd_irq_disabled(&desc->irq_data)) {
		desc->istate |= IRQS_PENDING;
		return false;
	}
	return true;
}

static bool irq_can_handle(struct irq_desc *desc)
{
	return irq_can_handle_pm(desc) && irq_can_handle_actions(desc);
}

static void chip_ack(struct irq_desc *desc)
{
	if (desc->irq_data.chip->irq_ack)
		desc->irq_data.chip->irq_ack(&desc->irq_data);
}

static void chip_eoi(const struct irq_chip *chip, struct irq_data *data)
{
	if (chip->irq_eoi)
		chip->irq_eoi(data);
}

/**
 * handle_simple_irq() - flow handler for demultiplexed or chip-less irqs.
 * @desc: the descriptor.
 *
 * No chip calls at all: the caller handles ack/mask/eoi.
 *
 * Context: interrupt; takes desc->lock, drops it around the actions.
 */
void handle_simple_irq(struct irq_desc *desc)
{
	raw_spin_lock(&desc->lock);
	if (!irq_can_handle_pm(desc)) {
		if (irqd_needs_resend_when_in_progress(&desc->irq_data))
			desc->istate |= IRQS_PENDING;
		goto out;
	}
	if (!irq_can_handle_actions(desc))
		goto out;

	kstat_incr_irqs_this_cpu(desc);
	handle_irq_event(desc);
out:
	raw_spin_unlock(&desc->lock);
}

/**
 * handle_untracked_irq() - simple flow without statistics or spurious
 * detection.
 * @desc: the descriptor.
 *
 * Context: interrupt; takes desc->lock, drops it around the actions.
 */
void handle_untracked_irq(struct irq_desc *desc)
{
	raw_spin_lock(&desc->lock);
	if (!irq_can_handle(desc)) {
		raw_spin_unlock(&desc->lock);
		return;
	}
	desc->istate &= ~IRQS_PENDING;
	irqd_set(&desc->irq_data, IRQD_IRQ_INPROGRESS);
	raw_spin_unlock(&desc->lock);

	__handle_irq_event_percpu(desc);

	raw_spin_lock(&desc->lock);
	irqd_clear(&desc->irq_data, IRQD_IRQ_INPROGRESS);
	raw_spin_unlock(&desc->lock);
}

/*
 * Unmask after the actions unless the irq was disabled meanwhile or a
 * oneshot thread still has to run (the thread unmasks then).
 */
static void cond_unmask_irq(struct irq_desc *desc)
{
	if (!irqd_irq_disabled(&desc->irq_data) &&
	    irqd_irq_masked(&desc->irq_data) && !desc->threads_oneshot)
		unmask_irq(desc);
}

/**
 * handle_level_irq() - flow handler for level-triggered irqs.
 * @desc: the descriptor.
 *
 * mask+ack first (the line stays asserted until the device is served),
 * run the actions, then unmask unless disabled or a oneshot thread is
 * pending.  A disabled or action-less line stays masked with PENDING set.
 *
 * Context: interrupt; takes desc->lock, drops it around the actions.
 */
void handle_level_irq(struct irq_desc *desc)
{
	raw_spin_lock(&desc->lock);
	mask_ack_irq(desc);

	if (!irq_can_handle(desc))
		goto out;

	kstat_incr_irqs_this_cpu(desc);
	handle_irq_event(desc);
	cond_unmask_irq(desc);
out:
	raw_spin_unlock(&desc->lock);
}

/* EOI after the actions; oneshot irqs also unmask when no thread is due. */
static void cond_unmask_eoi_irq(struct irq_desc *desc, const struct irq_chip *chip)
{
	if (!(desc->istate & IRQS_ONESHOT)) {
		chip_eoi(chip, &desc->irq_data);
		return;
	}
	if (!irqd_irq_disabled(&desc->irq_data) &&
	    irqd_irq_masked(&desc->irq_data) && !desc->threads_oneshot) {
		chip_eoi(chip, &desc->irq_data);
		unmask_irq(desc);
	} else if (!(chip->flags & IRQCHIP_EOI_THREADED)) {
		chip_eoi(chip, &desc->irq_data);
	}
}

/* EOI of an interrupt that was not handled, unless the chip forbids it. */
static void cond_eoi_irq(const struct irq_chip *chip, struct irq_data *data)
{
	if (!(chip->flags & IRQCHIP_EOI_IF_HANDLED))
		chip_eoi(chip, data);
}

/**
 * handle_fasteoi_irq() - flow handler for controllers that need only an EOI.
 * @desc: the descriptor.
 *
 * Oneshot irqs are masked before the actions and unmasked when no thread
 * is due.  A disabled or action-less line is masked.  An interrupt that
 * arrived meanwhile on another CPU (RESEND_WHEN_IN_PROGRESS) is resent.
 *
 * Context: interrupt; takes desc->lock, drops it around the actions.
 */
void handle_fasteoi_irq(struct irq_desc *desc)
{
	const struct irq_chip *chip = desc->irq_data.chip;

	raw_spin_lock(&desc->lock);
	if (!irq_can_handle_pm(desc)) {
		if (irqd_needs_resend_when_in_progress(&desc->irq_data))
			desc->istate |= IRQS_PENDING;
		cond_eoi_irq(chip, &desc->irq_data);
		goto out;
	}
	if (!irq_can_handle_actions(desc)) {
		mask_irq(desc);
		cond_eoi_irq(chip, &desc->irq_data);
		goto out;
	}

	kstat_incr_irqs_this_cpu(desc);
	if (desc->istate & IRQS_ONESHOT)
		mask_irq(desc);

	handle_irq_event(desc);
	cond_unmask_eoi_irq(desc, chip);

	if (desc->istate & IRQS_PENDING)
		check_irq_resend(desc, false);
out:
	raw_spin_unlock(&desc->lock);
}

/**
 * handle_fasteoi_ack_irq() - fasteoi flow with an ack before the actions,
 * for edge irqs stacked on a fasteoi parent.
 * @desc: the descriptor.
 *
 * Context: interrupt; takes desc->lock, drops it around the actions.
 */
void handle_fasteoi_ack_irq(struct irq_desc *desc)
{
	const struct irq_chip *chip = desc->irq_data.chip;

	raw_spin_lock(&desc->lock);
	if (!irq_can_handle_pm(desc)) {
		cond_eoi_irq(chip, &desc->irq_data);
		goto out;
	}
	if (!irq_can_handle_actions(desc)) {
		mask_irq(desc);
		cond_eoi_irq(chip, &desc->irq_data);
		goto out;
	}

	kstat_incr_irqs_this_cpu(desc);
	if (desc->istate & IRQS_ONESHOT)
		mask_irq(desc);
	chip_ack(desc);

	handle_irq_event(desc);
	cond_unmask_eoi_irq(desc, chip);
out:
	raw_spin_unlock(&desc->lock);
}

/**
 * handle_fasteoi_mask_irq() - fasteoi flow that masks+acks first, for
 * level irqs stacked on a fasteoi parent.
 * @desc: the descriptor.
 *
 * Context: interrupt; takes desc->lock, drops it around the actions.
 */
void handle_fasteoi_mask_irq(struct irq_desc *desc)
{
	const struct irq_chip *chip = desc->irq_data.chip;

	raw_spin_lock(&desc->lock);
	mask_ack_irq(desc);

	if (!irq_can_handle(desc)) {
		cond_eoi_irq(chip, &desc->irq_data);
		goto out;
	}

	kstat_incr_irqs_this_cpu(desc);
	handle_irq_event(desc);
	cond_unmask_eoi_irq(desc, chip);
out:
	raw_spin_unlock(&desc->lock);
}

/**
 * handle_edge_irq() - flow handler for edge-triggered irqs.
 * @desc: the descriptor.
 *
 * The ack comes first so a new edge can latch while the actions run.  An
 * edge that arrives while the handler runs elsewhere (or while the line is
 * disabled or has no action) is only recorded: PENDING is set and the line
 * masked+acked.  The running handler then unmasks and loops over the
 * actions again while PENDING is set and the line is not disabled.
 *
 * Context: interrupt; takes desc->lock, drops it around the actions.
 */
void handle_edge_irq(struct irq_desc *desc)
{
	raw_spin_lock(&desc->lock);
	if (!irq_can_handle(desc)) {
		desc->istate |= IRQS_PENDING;
		mask_ack_irq(desc);
		goto out;
	}

	kstat_incr_irqs_this_cpu(desc);
	chip_ack(desc);

	do {
		/* free_irq() may have removed the last action meanwhile. */
		if (!desc->action) {
			mask_irq(desc);
			goto out;
		}
		/* An edge came in meanwhile and masked the line: reopen it. */
		if ((desc->istate & IRQS_PENDING) &&
		    !irqd_irq_disabled(&desc->irq_data) &&
		    irqd_irq_masked(&desc->irq_data))
			unmask_irq(desc);

		handle_irq_event(desc);
	} while ((desc->istate & IRQS_PENDING) && !irqd_irq_disabled(&desc->irq_data));
out:
	raw_spin_unlock(&desc->lock);
}

/**
 * handle_percpu_irq() - flow handler for per-CPU irqs.
 * @desc: the descriptor.
 *
 * Not serialised: no lock, no INPROGRESS, no tot_count.  ack and eoi are
 * called only if the chip has them.
 *
 * Context: interrupt.
 */
void handle_percpu_irq(struct irq_desc *desc)
{
	const struct irq_chip *chip = irq_desc_get_chip(desc);

	__kstat_incr_irqs_this_cpu(desc);
	chip_ack(desc);
	handle_irq_event_percpu(desc);
	chip_eoi(chip, &desc->irq_data);
}

/* ---- hierarchy helpers ----------------------------------------------------- */

/*
 * The parent level of @data.  The kernel dereferences it blindly; a missing
 * parent WARNs here instead of crashing, and a parent level without a
 * usable chip (NULL, or the ERR_PTR of a level being trimmed) is skipped.
 */
static struct irq_data *parent_of(struct irq_data *data)
{
	struct irq_data *parent = data->parent_data;

	if (WARN_ON(!parent) || IS_ERR_OR_NULL(parent->chip))
		return NULL;
	return parent;
}

/**
 * irq_chip_ack_parent() - ack at the parent level.
 * @data: this level's irq_data.
 */
void irq_chip_ack_parent(struct irq_data *data)
{
	data = parent_of(data);
	if (data && data->chip->irq_ack)
		data->chip->irq_ack(data);
}

/**
 * irq_chip_mask_parent() - mask at the parent level.
 * @data: this level's irq_data.
 */
void irq_chip_mask_parent(struct irq_data *data)
{
	data = parent_of(data);
	if (data && data->chip->irq_mask)
		data->chip->irq_mask(data);
}

/**
 * irq_chip_mask_ack_parent() - mask+ack at the parent level.
 * @data: this level's irq_data.
 */
void irq_chip_mask_ack_parent(struct irq_data *data)
{
	data = parent_of(data);
	if (data && data->chip->irq_mask_ack)
		data->chip->irq_mask_ack(data);
}

/**
 * irq_chip_unmask_parent() - unmask at the parent level.
 * @data: this level's irq_data.
 */
void irq_chip_unmask_parent(struct irq_data *data)
{
	data = parent_of(data);
	if (data && data->chip->irq_unmask)
		data->chip->irq_unmask(data);
}

/**
 * irq_chip_eoi_parent() - EOI at the parent level.
 * @data: this level's irq_data.
 */
void irq_chip_eoi_parent(struct irq_data *data)
{
	data = parent_of(data);
	if (data && data->chip->irq_eoi)
		data->chip->irq_eoi(data);
}

/**
 * irq_chip_enable_parent() - enable at the parent level (unmask if the
 * parent has no irq_enable).
 * @data: this level's irq_data.
 */
void irq_chip_enable_parent(struct irq_data *data)
{
	data = parent_of(data);
	if (!data)
		return;
	if (data->chip->irq_enable)
		data->chip->irq_enable(data);
	else if (data->chip->irq_unmask)
		data->chip->irq_unmask(data);
}

/**
 * irq_chip_disable_parent() - disable at the parent level (mask if the
 * parent has no irq_disable).
 * @data: this level's irq_data.
 */
void irq_chip_disable_parent(struct irq_data *data)
{
	data = parent_of(data);
	if (!data)
		return;
	if (data->chip->irq_disable)
		data->chip->irq_disable(data);
	else if (data->chip->irq_mask)
		data->chip->irq_mask(data);
}

/**
 * irq_chip_set_affinity_parent() - set the affinity at the parent level.
 * @data: this level's irq_data.
 * @dest: the requested CPUs.
 * @force: apply even to offline CPUs.
 *
 * Return: the parent's IRQ_SET_MASK_* or error, -ENOSYS without callback.
 */
int irq_chip_set_affinity_parent(struct irq_data *data, const struct cpumask *dest,
				 bool force)
{
	data = parent_of(data);
	if (!data)
		return -EINVAL;
	if (data->chip->irq_set_affinity)
		return data->chip->irq_set_affinity(data, dest, force);
	return -ENOSYS;
}

/**
 * irq_chip_set_type_parent() - set the trigger type at the parent level.
 * @data: this level's irq_data.
 * @type: IRQ_TYPE_* value.
 *
 * Return: the parent's result, -ENOSYS without callback.
 */
int irq_chip_set_type_parent(struct irq_data *data, unsigned int type)
{
	data = parent_of(data);
	if (!data)
		return -EINVAL;
	if (data->chip->irq_set_type)
		return data->chip->irq_set_type(data, type);
	return -ENOSYS;
}

/**
 * irq_chip_set_vcpu_affinity_parent() - set the vCPU affinity at the parent.
 * @data: this level's irq_data.
 * @vcpu_info: opaque vCPU information.
 *
 * Return: the parent's result, -ENOSYS without callback.
 */
int irq_chip_set_vcpu_affinity_parent(struct irq_data *data, void *vcpu_info)
{
	data = parent_of(data);
	if (!data)
		return -EINVAL;
	if (data->chip->irq_set_vcpu_affinity)
		return data->chip->irq_set_vcpu_affinity(data, vcpu_info);
	return -ENOSYS;
}

/**
 * irq_chip_set_wake_parent() - set the wake state at the parent level.
 * @data: this level's irq_data.
 * @on: enable or disable wakeup.
 *
 * Return: 0 for IRQCHIP_SKIP_SET_WAKE parents, the parent's result, or
 * -ENOSYS without callback.
 */
int irq_chip_set_wake_parent(struct irq_data *data, unsigned int on)
{
	data = parent_of(data);
	if (!data)
		return -EINVAL;
	if (data->chip->flags & IRQCHIP_SKIP_SET_WAKE)
		return 0;
	if (data->chip->irq_set_wake)
		return data->chip->irq_set_wake(data, on);
	return -ENOSYS;
}

/**
 * irq_chip_retrigger_hierarchy() - retrigger at the first ancestor that can.
 * @data: this level's irq_data (its own chip is not asked).
 *
 * Return: the ancestor's irq_retrigger result (1 when the hardware will
 * resend), or 0 when no ancestor can retrigger.
 */
int irq_chip_retrigger_hierarchy(struct irq_data *data)
{
	for (data = data->parent_data; data; data = data->parent_data) {
		if (!IS_ERR_OR_NULL(data->chip) && data->chip->irq_retrigger)
			return data->chip->irq_retrigger(data);
	}
	return 0;
}

/**
 * irq_chip_request_resources_parent() - request resources at the parent.
 * @data: this level's irq_data.
 *
 * Return: the parent's result; 0 when the optional callback is missing.
 */
int irq_chip_request_resources_parent(struct irq_data *data)
{
	data = parent_of(data);
	if (!data)
		return -EINVAL;
	if (data->chip->irq_request_resources)
		return data->chip->irq_request_resources(data);
	return 0;
}

/**
 * irq_chip_release_resources_parent() - release resources at the parent.
 * @data: this level's irq_data.
 */
void irq_chip_release_resources_parent(struct irq_data *data)
{
	data = parent_of(data);
	if (data && data->chip->irq_release_resources)
		data->chip->irq_release_resources(data);
}

/**
 * irq_chip_get_parent_state() - read an irq state at the parent level.
 * @data: this level's irq_data.
 * @which: the state.
 * @state: result.
 *
 * Return: the parent's result; 0 (nothing read) when there is no parent or
 * it lacks the callback.
 */
int irq_chip_get_parent_state(struct irq_data *data, enum irqchip_irq_state which,
			      bool *state)
{
	data = data->parent_data;
	if (!data || IS_ERR_OR_NULL(data->chip) || !data->chip->irq_get_irqchip_state)
		return 0;
	return data->chip->irq_get_irqchip_state(data, which, state);
}

/**
 * irq_chip_set_parent_state() - set an irq state at the parent level.
 * @data: this level's irq_data.
 * @which: the state.
 * @val: the value.
 *
 * Return: the parent's result; 0 when there is no parent or it lacks the
 * callback.
 */
int irq_chip_set_parent_state(struct irq_data *data, enum irqchip_irq_state which,
			      bool val)
{
	data = data->parent_data;
	if (!data || IS_ERR_OR_NULL(data->chip) || !data->chip->irq_set_irqchip_state)
		return 0;
	return data->chip->irq_set_irqchip_state(data, which, val);
}

static bool has_compose(const struct irq_chip *chip)
{
	return chip->irq_compose_msi_msg;
}

/**
 * irq_chip_compose_msi_msg() - compose the MSI message of an irq.
 * @data: the outermost irq_data of the irq.
 * @msg: the message to fill.
 *
 * Uses the first chip on the way towards the root (starting with @data's
 * own) that has irq_compose_msi_msg.
 *
 * Return: 0, or -ENOSYS when no level can compose.
 */
int irq_chip_compose_msi_msg(struct irq_data *data, struct msi_msg *msg)
{
	struct irq_data *pos = first_level_with(data, has_compose);

	if (!pos)
		return -ENOSYS;
	pos->chip->irq_compose_msi_msg(pos, msg);
	return 0;
}
