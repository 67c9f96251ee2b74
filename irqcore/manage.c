// SPDX-License-Identifier: MIT
/*
 * Driver API of the irq core (kernel/irq/manage.c analogue): requesting and
 * freeing interrupt lines, nested disable/enable, synchronisation with
 * running handlers and threads, affinity and affinity hints.
 *
 * Interrupt threads.  irqlab has no kthreads: waking an irq thread
 * (__irq_wake_thread() in handle.c) sets IRQTF_RUNTHREAD, accounts the
 * thread in desc->threads_active / desc->threads_oneshot and queues a work
 * item; irqlab_run_until_idle() later runs the thread body,
 * irqlab_irq_thread_run().  In deterministic mode there is only one thread
 * of execution, so "wait until threads_active drops to 0" (synchronize_irq,
 * free_irq) cannot wait for anybody: it runs the woken threads of the irq
 * right away, in the caller's context, and cancels their queued items.  The
 * observable result is the kernel's: when synchronize_irq() returns, every
 * thread woken before the call has finished.
 *
 * Lock order, as in the kernel: desc->request_mutex, chip_bus_lock(),
 * desc->lock.
 */
#include <sched.h>

#include "internals.h"

/* The kernel's manage.c prefixes its messages with pr_fmt "genirq: ". */
#define GENIRQ "genirq: "

/*
 * A wait for a hard irq handler or an in-flight chip state never ends in
 * deterministic mode (nobody else runs): the kernel would deadlock.  Spin a
 * bounded number of times, enough for a concurrently running CPU thread,
 * then WARN and give up instead of hanging.
 */
#define IRQ_SYNC_SPINS 20000u

static bool irq_sync_spin(unsigned int *spins, unsigned int irq)
{
	if (++*spins < IRQ_SYNC_SPINS) {
		sched_yield();
		return true;
	}
	WARN(1, "irq %u still in progress: synchronize gives up (the kernel would deadlock)\n",
	     irq);
	return false;
}

/* Bit operations on irqaction::thread_flags (atomic, like the kernel's). */
static bool tflag_test(struct irqaction *action, int bit)
{
	return __atomic_load_n(&action->thread_flags, __ATOMIC_ACQUIRE) & BIT(bit);
}

static void tflag_set(struct irqaction *action, int bit)
{
	__atomic_fetch_or(&action->thread_flags, BIT(bit), __ATOMIC_ACQ_REL);
}

static bool tflag_test_and_clear(struct irqaction *action, int bit)
{
	return __atomic_fetch_and(&action->thread_flags, ~BIT(bit),
				  __ATOMIC_ACQ_REL) & BIT(bit);
}

/* An action has an irq thread when setup_irq_thread() named one. */
static bool action_has_thread(const struct irqaction *action)
{
	return action->thread_name != NULL;
}

static bool irqd_inprogress_once(struct irq_desc *desc)
{
	return __atomic_load_n(&desc->irq_common_data.state_use_accessors,
			       __ATOMIC_ACQUIRE) & IRQD_IRQ_INPROGRESS;
}

/* ---- synchronisation ---------------------------------------------------- */

/* Ask the first chip of the hierarchy that knows whether @data is active. */
static void irq_chip_state_active(struct irq_data *data, bool *active)
{
	for (; data; data = data->parent_data) {
		const struct irq_chip *chip = data->chip;

		if (chip && chip->irq_get_irqchip_state) {
			/* The return code is ignored: @active only changes on success. */
			chip->irq_get_irqchip_state(data, IRQCHIP_STATE_ACTIVE, active);
			return;
		}
	}
}

static void __synchronize_hardirq(struct irq_desc *desc, bool sync_chip)
{
	unsigned int irq = irq_desc_get_irq(desc);
	unsigned int spins = 0;
	bool inprogress;

	do {
		/* Cheap unlocked wait first, then a careful recheck. */
		while (irqd_inprogress_once(desc)) {
			if (!irq_sync_spin(&spins, irq))
				return;
		}
		raw_spin_lock(&desc->lock);
		inprogress = irqd_irq_inprogress(&desc->irq_data);
		/* Optionally also wait for an interrupt in flight at the chip. */
		if (!inprogress && sync_chip)
			irq_chip_state_active(&desc->irq_data, &inprogress);
		raw_spin_unlock(&desc->lock);
	} while (inprogress && irq_sync_spin(&spins, irq));
}

static void irq_finalize_oneshot(struct irq_desc *desc, struct irqaction *action)
{
	unsigned int spins = 0;
	bool gave_up = false;

	if (!(desc->istate & IRQS_ONESHOT))
		return;
again:
	chip_bus_lock(desc);
	raw_spin_lock(&desc->lock);
	/*
	 * A hard irq still running on another CPU would mask the line again
	 * after we unmask it and leave it masked forever: let it finish.
	 */
	if (irqd_irq_inprogress(&desc->irq_data) && !gave_up) {
		raw_spin_unlock(&desc->lock);
		chip_bus_sync_unlock(desc);
		gave_up = !irq_sync_spin(&spins, irq_desc_get_irq(desc));
		goto again;
	}
	/* Woken again meanwhile: the next run clears the oneshot bit. */
	if (tflag_test(action, IRQTF_RUNTHREAD))
		goto out_unlock;

	desc->threads_oneshot &= ~action->thread_mask;
	if (!desc->threads_oneshot && !irqd_irq_disabled(&desc->irq_data) &&
	    irqd_irq_masked(&desc->irq_data))
		unmask_threaded_irq(desc);
out_unlock:
	raw_spin_unlock(&desc->lock);
	chip_bus_sync_unlock(desc);
}

/*
 * The body of one irq thread wake-up (irq_thread() loop iteration): runs
 * only if the thread was woken (IRQTF_RUNTHREAD), as the kernel's
 * irq_wait_for_interrupt() does.
 */
static void irq_thread_run_one(struct irq_desc *desc, struct irqaction *action)
{
	irqreturn_t ret = IRQ_NONE;

	action->thread_queued = false;
	if (!tflag_test_and_clear(action, IRQTF_RUNTHREAD))
		return;
	/* Thread affinity follows the irq: nothing to do for a user thread. */
	tflag_test_and_clear(action, IRQTF_AFFINITY);

	if (action->thread_fn)
		ret = action->thread_fn((int)action->irq, action->dev_id);
	if (ret == IRQ_HANDLED)
		__atomic_add_fetch(&desc->threads_handled, 1, __ATOMIC_RELAXED);
	irq_finalize_oneshot(desc, action);

	/* wake_threads_waitq(): this thread no longer counts as active. */
	__atomic_sub_fetch(&desc->threads_active, 1, __ATOMIC_ACQ_REL);
}

/* The first woken thread of @desc, trying @extra (an unlinked action) first. */
static struct irqaction *irq_find_woken_thread(struct irq_desc *desc,
					       struct irqaction *extra)
{
	struct irqaction *action;

	if (extra && tflag_test(extra, IRQTF_RUNTHREAD))
		return extra;
	for (action = desc->action; action; action = action->next) {
		if (tflag_test(action, IRQTF_RUNTHREAD))
			return action;
	}
	return NULL;
}

/*
 * Deterministic stand-in for "wait until threads_active is 0": run every
 * woken thread of @desc now and drop its queued work item.  @extra is an
 * action free_irq() already unlinked whose thread still has to finish.
 */
static void irq_run_woken_threads(struct irq_desc *desc, struct irqaction *extra)
{
	struct irqaction *action;

	for (;;) {
		raw_spin_lock(&desc->lock);
		action = irq_find_woken_thread(desc, extra);
		raw_spin_unlock(&desc->lock);
		if (!action)
			break;
		irqlab_work_cancel(desc->machine, irq_desc_get_irq(desc), action);
		irq_thread_run_one(desc, action);
	}
}

static void __synchronize_irq(struct irq_desc *desc, struct irqaction *extra)
{
	__synchronize_hardirq(desc, true);
	irq_run_woken_threads(desc, extra);
}

/**
 * synchronize_hardirq() - wait for running hard irq handlers of an irq.
 * @irq: Linux irq number.
 *
 * Does not wait for threaded handlers, nor for an interrupt in flight at
 * the chip.
 *
 * Context: any; takes desc->lock.
 * Return: false if a threaded handler of @irq is still active, true
 * otherwise (also for an unknown @irq).
 */
bool synchronize_hardirq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (!desc)
		return true;
	__synchronize_hardirq(desc, false);
	return !__atomic_load_n(&desc->threads_active, __ATOMIC_ACQUIRE);
}

/**
 * synchronize_irq() - wait for running handlers and threads of an irq.
 * @irq: Linux irq number; an unknown irq is ignored.
 *
 * Waits for hard irq handlers (and for an interrupt the chip reports as
 * active), then for every woken irq thread.  In deterministic mode the
 * woken threads run here, in the caller's context.
 *
 * Context: process context; must not hold desc->lock.
 */
void synchronize_irq(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	if (desc)
		__synchronize_irq(desc, NULL);
}

/**
 * irqlab_irq_thread_run() - run one queued wake-up of an irq thread.
 * @m: machine owning the irq.
 * @irq: Linux irq number.
 * @action: the action whose thread was woken.
 *
 * The thread body: clears IRQTF_RUNTHREAD, calls the thread function,
 * counts handled invocations, unmasks a oneshot line when the last woken
 * thread of the line is done and drops threads_active.  Nothing happens if
 * @action is no longer installed on @irq.
 *
 * Context: deterministic worker (irqlab_run_until_idle()); no locks held.
 */
void irqlab_irq_thread_run(struct irqlab_machine *m, unsigned int irq,
			   struct irqaction *action)
{
	struct irq_desc *desc = irqlab_desc_lookup(m, irq);
	struct irqaction *a = NULL;

	if (!desc || !action)
		return;
	/* free_irq() runs the threads it unlinks; stale items are ignored. */
	raw_spin_lock(&desc->lock);
	for (a = desc->action; a && a != action; a = a->next)
		;
	raw_spin_unlock(&desc->lock);
	if (a)
		irq_thread_run_one(desc, action);
}

/* ---- affinity ------------------------------------------------------------ */

static bool __irq_can_set_affinity(struct irq_desc *desc)
{
	return desc && irqd_can_balance(&desc->irq_data) &&
	       desc->irq_data.chip && desc->irq_data.chip->irq_set_affinity;
}

/**
 * irq_can_set_affinity() - can the affinity of an irq be changed?
 * @irq: Linux irq number.
 *
 * Return: true if the irq exists, is neither per-CPU nor excluded from
 * balancing and its chip has an irq_set_affinity callback.
 */
bool irq_can_set_affinity(unsigned int irq)
{
	return __irq_can_set_affinity(irq_to_desc(irq));
}

/**
 * irq_can_set_affinity_usr() - can user space change the affinity of an irq?
 * @irq: Linux irq number.
 *
 * Return: irq_can_set_affinity() and the affinity is not kernel managed.
 */
bool irq_can_set_affinity_usr(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return __irq_can_set_affinity(desc) &&
	       !irqd_affinity_is_managed(&desc->irq_data);
}

/**
 * irq_set_thread_affinity() - tell the irq threads to follow the irq.
 * @desc: the descriptor whose affinity changed.
 *
 * Sets IRQTF_AFFINITY on every thread; the thread applies it when it runs.
 *
 * Context: desc->lock held.
 */
void irq_set_thread_affinity(struct irq_desc *desc)
{
	struct irqaction *action;

	for (action = desc->action; action; action = action->next) {
		if (action_has_thread(action))
			tflag_set(action, IRQTF_AFFINITY);
	}
}

static void irq_validate_effective_affinity(struct irq_data *data)
{
	const struct cpumask *m = irq_data_get_effective_affinity_mask(data);

	if (!cpumask_empty(m))
		return;
	pr_warn_once(GENIRQ "irq_chip %s did not update eff. affinity mask of irq %u\n",
		     data->chip->name, data->irq);
}

/*
 * Managed irqs avoid isolated CPUs (isolcpus=managed_irq) as long as a
 * housekeeping CPU of @mask is online.  Returns the mask to program, which
 * is @tmp or @mask.
 */
static const struct cpumask *irq_housekeeping_mask(struct irq_data *data,
						   const struct cpumask *mask,
						   struct cpumask *tmp)
{
	if (!irqd_affinity_is_managed(data) ||
	    !housekeeping_enabled(HK_TYPE_MANAGED_IRQ))
		return mask;
	cpumask_and(tmp, mask, housekeeping_cpumask(HK_TYPE_MANAGED_IRQ));
	if (!cpumask_intersects(tmp, cpu_online_mask))
		return mask;
	return tmp;
}

/**
 * irq_do_set_affinity() - program an affinity into the chip.
 * @data: the irq's outermost irq_data.
 * @mask: requested CPUs.
 * @force: program @mask even without an online CPU in it.
 *
 * Only online CPUs reach the chip (unless @force).  On IRQ_SET_MASK_OK and
 * IRQ_SET_MASK_OK_DONE the requested mask becomes the affinity; every
 * success code flags the irq threads to follow.
 *
 * Context: desc->lock held.
 * Return: 0, -EINVAL (no setter, no online CPU in @mask), -ENOMEM, or the
 * chip's error (-EBUSY: a move is still in progress).
 */
int irq_do_set_affinity(struct irq_data *data, const struct cpumask *mask,
			bool force)
{
	struct irq_desc *desc = irq_data_to_desc(data);
	const struct irq_chip *chip = irq_data_get_irq_chip(data);
	const struct cpumask *prog_mask;
	cpumask_var_t tmp;
	int ret;

	if (!chip || !chip->irq_set_affinity)
		return -EINVAL;
	/* The kernel uses a per-CPU scratch mask; masks are run-time sized here. */
	if (!alloc_cpumask_var(&tmp, GFP_ATOMIC))
		return -ENOMEM;

	prog_mask = irq_housekeeping_mask(data, mask, tmp);
	cpumask_and(tmp, prog_mask, cpu_online_mask);
	if (force)
		ret = chip->irq_set_affinity(data, mask, force);
	else if (!cpumask_empty(tmp))
		ret = chip->irq_set_affinity(data, tmp, force);
	else
		ret = -EINVAL;
	free_cpumask_var(tmp);

	switch (ret) {
	case IRQ_SET_MASK_OK:
	case IRQ_SET_MASK_OK_DONE:
		irq_data_update_affinity(data, mask);
		/* fallthrough */
	case IRQ_SET_MASK_OK_NOCOPY:
		irq_validate_effective_affinity(data);
		irq_set_thread_affinity(desc);
		ret = 0;
		break;
	default:
		break;
	}
	return ret;
}

static void irq_set_affinity_pending(struct irq_data *data,
				     const struct cpumask *dest)
{
	irqd_set_move_pending(data);
	cpumask_copy(irq_desc_get_pending_mask(irq_data_to_desc(data)), dest);
}

/* A busy vector space becomes a pending move instead of an error. */
static int irq_try_set_affinity(struct irq_data *data, const struct cpumask *dest,
				bool force)
{
	int ret = irq_do_set_affinity(data, dest, force);

	if (ret == -EBUSY && !force) {
		irq_set_affinity_pending(data, dest);
		ret = 0;
	}
	return ret;
}

/*
 * Chips that can only program an activated irq (AFFINITY_ON_ACTIVATE) get
 * the mask stored; activation applies it.
 */
static bool irq_set_affinity_deactivated(struct irq_data *data,
					 const struct cpumask *mask)
{
	if (irqd_is_activated(data) || !irqd_affinity_on_activate(data))
		return false;
	irq_data_update_affinity(data, mask);
	irq_data_update_effective_affinity(data, mask);
	irqd_set(data, IRQD_AFFINITY_SET);
	return true;
}

/* 6.13+: only chips flagged IRQCHIP_MOVE_DEFERRED move at the next irq. */
static bool irq_can_move_pcntxt(struct irq_data *data)
{
	return !(data->chip->flags & IRQCHIP_MOVE_DEFERRED);
}

/**
 * irq_set_affinity_locked() - set the affinity of an irq.
 * @data: the irq's outermost irq_data.
 * @mask: requested CPUs.
 * @force: see irq_do_set_affinity().
 *
 * A move that cannot happen now (MOVE_DEFERRED chip, a move already
 * pending, or the chip busy) is stored in the pending mask with
 * IRQD_SETAFFINITY_PENDING and applied at the next interrupt.
 *
 * Context: desc->lock held.
 * Return: 0, or -EINVAL (no setter, no online CPU), -ENOMEM, a chip error.
 */
int irq_set_affinity_locked(struct irq_data *data, const struct cpumask *mask,
			    bool force)
{
	const struct irq_chip *chip = irq_data_get_irq_chip(data);
	int ret = 0;

	lockdep_assert_held(&irq_data_to_desc(data)->lock);
	if (!chip || !chip->irq_set_affinity)
		return -EINVAL;
	if (irq_set_affinity_deactivated(data, mask))
		return 0;

	if (irq_can_move_pcntxt(data) && !irqd_is_setaffinity_pending(data))
		ret = irq_try_set_affinity(data, mask, force);
	else
		irq_set_affinity_pending(data, mask);
	irqd_set(data, IRQD_AFFINITY_SET);
	return ret;
}

static int __irq_set_affinity(unsigned int irq, const struct cpumask *mask,
			      bool force)
{
	struct irq_desc *desc = irq_to_desc(irq);
	int ret;

	if (!desc || !mask)
		return -EINVAL;
	raw_spin_lock(&desc->lock);
	ret = irq_set_affinity_locked(irq_desc_get_irq_data(desc), mask, force);
	raw_spin_unlock(&desc->lock);
	return ret;
}

/**
 * irq_set_affinity() - set the affinity of an irq.
 * @irq: Linux irq number.
 * @cpumask: requested CPUs; at least one must be online.
 *
 * Context: process or irq context; takes desc->lock.
 * Return: 0, -EINVAL (unknown irq, no setter, no online CPU in @cpumask),
 * -ENOMEM, or the chip's error.
 */
int irq_set_affinity(unsigned int irq, const struct cpumask *cpumask)
{
	return __irq_set_affinity(irq, cpumask, false);
}

/**
 * irq_force_affinity() - set the affinity of an irq, offline CPUs allowed.
 * @irq: Linux irq number.
 * @cpumask: requested CPUs, passed to the chip unfiltered.
 *
 * For CPU hotplug code that makes an irq affine to a CPU about to come up.
 *
 * Context: takes desc->lock.
 * Return: as irq_set_affinity(), without the online check.
 */
int irq_force_affinity(unsigned int irq, const struct cpumask *cpumask)
{
	return __irq_set_affinity(irq, cpumask, true);
}

/*
 * Stores the hint pointer (not a copy: the driver owns the mask, as in the
 * kernel) and optionally applies it; a failure to apply is not reported.
 */
static int __irq_apply_affinity_hint(unsigned int irq, const struct cpumask *m,
				     bool setaffinity)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_desc_lock(irq, &flags);

	if (!desc)
		return -EINVAL;
	if (irq_settings_is_per_cpu_devid(desc)) {
		irq_put_desc_unlock(desc, flags);
		return -EINVAL;
	}
	desc->affinity_hint = m;
	irq_put_desc_unlock(desc, flags);
	if (m && setaffinity)
		__irq_set_affinity(irq, m, false);
	return 0;
}

/**
 * irq_set_affinity_and_hint() - set the affinity hint and the affinity.
 * @irq: Linux irq number.
 * @m: hint, also applied as affinity; NULL clears the hint only.  The
 *     mask must stay valid until the hint is cleared.
 *
 * Return: 0, -EINVAL for an unknown irq.  Errors applying the affinity are
 * ignored, as in the kernel.
 */
int irq_set_affinity_and_hint(unsigned int irq, const struct cpumask *m)
{
	return __irq_apply_affinity_hint(irq, m, true);
}

/**
 * irq_update_affinity_hint() - set the affinity hint only.
 * @irq: Linux irq number.
 * @m: hint (owned by the caller) or NULL to clear it.
 *
 * Return: 0, -EINVAL for an unknown irq.
 */
int irq_update_affinity_hint(unsigned int irq, const struct cpumask *m)
{
	return __irq_apply_affinity_hint(irq, m, false);
}

/**
 * irq_set_affinity_hint() - deprecated alias of irq_set_affinity_and_hint().
 * @irq: Linux irq number.
 * @m: hint and affinity, or NULL.
 *
 * Return: as irq_set_affinity_and_hint().
 */
int irq_set_affinity_hint(unsigned int irq, const struct cpumask *m)
{
	return __irq_apply_affinity_hint(irq, m, true);
}

/**
 * irq_setup_affinity() - choose the startup affinity of an irq.
 * @desc: the descriptor.
 *
 * Keeps a managed or user-set affinity if one of its CPUs is online (else
 * forgets the user setting), falls back to the default affinity, then
 * narrows to the irq's node if that leaves an online CPU.  Per-CPU and
 * non-balanced irqs are left alone.
 *
 * Context: desc->lock held.
 * Return: 0, or the error of irq_do_set_affinity().
 */
int irq_setup_affinity(struct irq_desc *desc)
{
	const struct cpumask *set = irq_default_affinity;
	int node = desc->irq_common_data.node;
	cpumask_var_t mask;
	int ret;

	if (!__irq_can_set_affinity(desc))
		return 0;
	if (!alloc_cpumask_var(&mask, GFP_ATOMIC))
		return -ENOMEM;

	if (irqd_affinity_is_managed(&desc->irq_data) ||
	    irqd_has_set(&desc->irq_data, IRQD_AFFINITY_SET)) {
		if (cpumask_intersects(desc->irq_common_data.affinity, cpu_online_mask))
			set = desc->irq_common_data.affinity;
		else
			irqd_clear(&desc->irq_data, IRQD_AFFINITY_SET);
	}

	cpumask_and(mask, cpu_online_mask, set);
	if (cpumask_empty(mask))
		cpumask_copy(mask, cpu_online_mask);
	if (node != NUMA_NO_NODE) {
		const struct cpumask *nodemask = cpumask_of_node(node);

		/* Only narrow to the node if one of its CPUs stays. */
		if (nodemask && cpumask_intersects(mask, nodemask))
			cpumask_and(mask, mask, nodemask);
	}
	ret = irq_do_set_affinity(&desc->irq_data, mask, false);
	free_cpumask_var(mask);
	return ret;
}

/* ---- disable / enable ---------------------------------------------------- */

/**
 * __disable_irq() - one more level of disable.
 * @desc: the descriptor.
 *
 * The first level (depth 0 → 1) disables the line at the chip.
 *
 * Context: desc->lock held.
 */
void __disable_irq(struct irq_desc *desc)
{
	if (!desc->depth++)
		irq_disable(desc);
}

/* Lock a descriptor that is not a per-CPU devid irq (IRQ_GET_DESC_CHECK_GLOBAL). */
static struct irq_desc *irq_get_global_desc_buslock(unsigned int irq,
						    unsigned long *flags)
{
	struct irq_desc *desc = irq_get_desc_buslock(irq, flags);

	if (desc && irq_settings_is_per_cpu_devid(desc)) {
		irq_put_desc_busunlock(desc, *flags);
		return NULL;
	}
	return desc;
}

static int __disable_irq_nosync(unsigned int irq)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_global_desc_buslock(irq, &flags);

	if (!desc)
		return -EINVAL;
	__disable_irq(desc);
	irq_put_desc_busunlock(desc, flags);
	return 0;
}

/**
 * disable_irq_nosync() - disable an irq without waiting for its handlers.
 * @irq: Linux irq number; an unknown irq is ignored.
 *
 * Disables nest: each call needs one enable_irq().
 *
 * Context: any; takes the bus lock and desc->lock.
 */
void disable_irq_nosync(unsigned int irq)
{
	__disable_irq_nosync(irq);
}

/**
 * disable_irq() - disable an irq and wait for its handlers and threads.
 * @irq: Linux irq number; an unknown irq is ignored.
 *
 * Context: process context (may run woken irq threads, see synchronize_irq()).
 */
void disable_irq(unsigned int irq)
{
	if (!__disable_irq_nosync(irq))
		synchronize_irq(irq);
}

/**
 * disable_hardirq() - disable an irq and wait for its hard irq handlers.
 * @irq: Linux irq number.
 *
 * Return: false if a threaded handler is still active or @irq is unknown.
 */
bool disable_hardirq(unsigned int irq)
{
	if (!__disable_irq_nosync(irq))
		return synchronize_hardirq(irq);
	return false;
}

/**
 * __enable_irq() - one level less of disable.
 * @desc: the descriptor.
 *
 * Depth 0 is an unbalanced enable (WARN, nothing changes).  Depth 1 starts
 * the irq up (irq_startup() also covers a NOAUTOEN irq enabled for the
 * first time and makes depth 0); deeper levels just count down.
 *
 * Context: desc->lock held.
 */
void __enable_irq(struct irq_desc *desc)
{
	switch (desc->depth) {
	case 0:
err_out:
		WARN(1, "Unbalanced enable for IRQ %d\n",
		     irq_desc_get_irq(desc));
		break;
	case 1:
		if (desc->istate & IRQS_SUSPENDED)
			goto err_out;
		/* Prevent probing on this irq. */
		irq_settings_set_noprobe(desc);
		irq_startup(desc, IRQ_RESEND, IRQ_START_FORCE);
		break;
	default:
		desc->depth--;
	}
}

/**
 * enable_irq() - undo one disable_irq().
 * @irq: Linux irq number; an unknown irq is ignored.
 *
 * Context: any; takes the bus lock and desc->lock.
 */
void enable_irq(unsigned int irq)
{
	unsigned long flags;
	struct irq_desc *desc = irq_get_global_desc_buslock(irq, &flags);

	if (!desc)
		return;
	if (!WARN(!desc->irq_data.chip, "enable_irq before setup/request_irq: irq %u\n",
		  irq))
		__enable_irq(desc);
	irq_put_desc_busunlock(desc, flags);
}

/* ---- request ------------------------------------------------------------- */

/* Primary handler of a threaded irq requested with handler == NULL. */
static irqreturn_t irq_default_primary_handler(int irq, void *dev_id)
{
	return IRQ_WAKE_THREAD;
}

/* Primary handler of an irq nested into another irq's thread: never called. */
static irqreturn_t irq_nested_primary_handler(int irq, void *dev_id)
{
	WARN(1, "Primary handler called for nested irq %d\n", irq);
	return IRQ_NONE;
}

static int irq_request_resources(struct irq_desc *desc)
{
	struct irq_data *d = &desc->irq_data;
	const struct irq_chip *c = d->chip;

	return c->irq_request_resources ? c->irq_request_resources(d) : 0;
}

static void irq_release_resources(struct irq_desc *desc)
{
	struct irq_data *d = &desc->irq_data;
	const struct irq_chip *c = d->chip;

	if (c->irq_release_resources)
		c->irq_release_resources(d);
}

/* "Create" the irq thread: a name, and an initial affinity update. */
static int setup_irq_thread(struct irqaction *new, unsigned int irq)
{
	new->thread_name = kasprintf(GFP_KERNEL, "irq/%u-%s", irq,
				     new->name ? new->name : "(null)");
	if (!new->thread_name)
		return -ENOMEM;
	tflag_set(new, IRQTF_AFFINITY);
	tflag_set(new, IRQTF_READY);
	return 0;
}

/**
 * __irq_set_trigger() - program the trigger type of an irq through its chip.
 * @desc: the descriptor.
 * @flags: IRQ_TYPE_* (other bits are ignored).
 *
 * A chip without irq_set_type keeps its type (0 is returned, as in the
 * kernel); IRQCHIP_SET_TYPE_MASKED chips are masked around the change.  On
 * success the IRQD trigger/level bits and the settings follow the chip.
 *
 * Context: desc->lock held (and the chip bus lock).
 * Return: 0, or the chip's error (logged "Setting trigger mode ... failed").
 */
int __irq_set_trigger(struct irq_desc *desc, unsigned long flags)
{
	struct irq_data *d = &desc->irq_data;
	const struct irq_chip *chip = d->chip;
	bool unmask = false;
	int ret;

	if (!chip->irq_set_type) {
		pr_debug(GENIRQ "No set_type function for IRQ %u (%s)\n",
			 irq_desc_get_irq(desc), chip->name ? chip->name : "unknown");
		return 0;
	}
	if (chip->flags & IRQCHIP_SET_TYPE_MASKED) {
		if (!irqd_irq_masked(d))
			mask_irq(desc);
		if (!irqd_irq_disabled(d))
			unmask = true;
	}

	flags &= IRQ_TYPE_SENSE_MASK;
	ret = chip->irq_set_type(d, (unsigned int)flags);
	switch (ret) {
	case IRQ_SET_MASK_OK:
	case IRQ_SET_MASK_OK_DONE:
		irqd_clear(d, IRQD_TRIGGER_MASK);
		irqd_set(d, (unsigned int)flags);
		/* fallthrough */
	case IRQ_SET_MASK_OK_NOCOPY:
		flags = irqd_get_trigger_type(d);
		irq_settings_set_trigger_mask(desc, (u32)flags);
		irqd_clear(d, IRQD_LEVEL);
		irq_settings_clr_level(desc);
		if (flags & IRQ_TYPE_LEVEL_MASK) {
			irq_settings_set_level(desc);
			irqd_set(d, IRQD_LEVEL);
		}
		ret = 0;
		break;
	default:
		/* The kernel prints the callback symbol (%pS); irqlab the chip. */
		pr_err(GENIRQ "Setting trigger mode %lu for irq %u failed (%s)\n",
		       flags, irq_desc_get_irq(desc), chip->name ? chip->name : "unknown");
	}
	if (unmask)
		unmask_irq(desc);
	return ret;
}

/*
 * Sharing rules: both actions SHARED, same trigger, same ONESHOT (a
 * COND_ONESHOT newcomer adopts the line's ONESHOT) and same PERCPU.
 * On success *tail is the list end and *thread_mask the used oneshot bits.
 */
static int irq_check_shared(struct irq_desc *desc, struct irqaction *new,
			    struct irqaction ***tail, unsigned long *thread_mask)
{
	struct irqaction *old = desc->action;
	unsigned int oldtype;

	/* Nobody configured the trigger yet: inherit the requester's. */
	if (irqd_trigger_type_was_set(&desc->irq_data)) {
		oldtype = irqd_get_trigger_type(&desc->irq_data);
	} else {
		oldtype = new->flags & IRQF_TRIGGER_MASK;
		irqd_set_trigger_type_bits(&desc->irq_data, oldtype);
	}

	if (!((old->flags & new->flags) & IRQF_SHARED) ||
	    oldtype != (new->flags & IRQF_TRIGGER_MASK))
		goto mismatch;
	if ((old->flags & IRQF_ONESHOT) && (new->flags & IRQF_COND_ONESHOT))
		new->flags |= IRQF_ONESHOT;
	else if ((old->flags ^ new->flags) & IRQF_ONESHOT)
		goto mismatch;
	if ((old->flags & IRQF_PERCPU) != (new->flags & IRQF_PERCPU))
		goto mismatch;

	for (*tail = &desc->action; **tail; *tail = &(**tail)->next)
		*thread_mask |= (**tail)->thread_mask;
	return 0;

mismatch:
	if (!(new->flags & IRQF_PROBE_SHARED))
		pr_err(GENIRQ "Flags mismatch irq %u. %08x (%s) vs. %08x (%s)\n",
		       new->irq, new->flags, new->name, old->flags, old->name);
	return -EBUSY;
}

/* Configure the line for its first action; desc->lock held. */
static int irq_setup_first_action(struct irq_desc *desc, struct irqaction *new)
{
	struct irq_data *d = &desc->irq_data;
	int ret;

	if (new->flags & IRQF_TRIGGER_MASK) {
		ret = __irq_set_trigger(desc, new->flags & IRQF_TRIGGER_MASK);
		if (ret)
			return ret;
	}
	/*
	 * Activation is independent of NOAUTOEN, so that a later enable_irq()
	 * cannot fail.  Managed irqs are activated at startup instead.
	 */
	ret = irq_activate(desc);
	if (ret)
		return ret;

	desc->istate &= ~(IRQS_AUTODETECT | IRQS_SPURIOUS_DISABLED | IRQS_ONESHOT |
			  IRQS_WAITING);
	irqd_clear(d, IRQD_IRQ_INPROGRESS);
	if (new->flags & IRQF_PERCPU) {
		irqd_set(d, IRQD_PER_CPU);
		irq_settings_set_per_cpu(desc);
		if (new->flags & IRQF_NO_DEBUG)
			desc->status_use_accessors |= IRQ_NO_DEBUG;
	}
	if (new->flags & IRQF_ONESHOT)
		desc->istate |= IRQS_ONESHOT;
	if (new->flags & IRQF_NOBALANCING) {
		irq_settings_set_no_balancing(desc);
		irqd_set(d, IRQD_NO_BALANCING);
	}

	if (!(new->flags & IRQF_NO_AUTOEN) && irq_settings_can_autoenable(desc)) {
		irq_startup(desc, IRQ_RESEND, IRQ_START_COND);
	} else {
		/* A sharer could wait forever for a line left disabled. */
		WARN_ON_ONCE(new->flags & IRQF_SHARED);
		/* Undo nested disables: enable_irq() starts it. */
		desc->depth = 1;
	}
	return 0;
}

/* Install @new on @desc; the request_mutex → bus lock → desc->lock part. */
static int __setup_irq_locked(struct irq_desc *desc, struct irqaction *new)
{
	unsigned int irq = new->irq;
	struct irqaction **tail = &desc->action;
	unsigned long thread_mask = 0;
	bool shared = false;
	int ret;

	mutex_lock(&desc->request_mutex);
	chip_bus_lock(desc);

	/* The first action requests the chip's resources. */
	if (!desc->action) {
		ret = irq_request_resources(desc);
		if (ret) {
			pr_err(GENIRQ "Failed to request resources for %s (irq %u) on irqchip %s\n",
			       new->name, irq, desc->irq_data.chip->name);
			goto out_bus_unlock;
		}
	}

	raw_spin_lock(&desc->lock);
	if (desc->action) {
		ret = irq_check_shared(desc, new, &tail, &thread_mask);
		if (ret)
			goto out_unlock;
		shared = true;
	}

	if (new->flags & IRQF_ONESHOT) {
		/* Each oneshot action gets its own bit in threads_oneshot. */
		if (thread_mask == ~0UL) {
			ret = -EBUSY;
			goto out_unlock;
		}
		new->thread_mask = 1UL << __builtin_ctzl(~thread_mask);
	} else if (new->handler == irq_default_primary_handler &&
		   !(desc->irq_data.chip->flags & IRQCHIP_ONESHOT_SAFE)) {
		/*
		 * The default primary handler only wakes the thread; without
		 * ONESHOT a level irq would fire again at once, forever.
		 */
		pr_err(GENIRQ "Threaded irq requested with handler=NULL and !ONESHOT for %s (irq %u)\n",
		       new->name, irq);
		ret = -EINVAL;
		goto out_unlock;
	}

	/*
	 * A sharer's trigger already matched in irq_check_shared(), so the
	 * kernel's "uses trigger mode" warning cannot fire here.
	 */
	if (!shared) {
		ret = irq_setup_first_action(desc, new);
		if (ret)
			goto out_unlock;
	}

	*tail = new;
	/* Reset broken irq detection for the new handler. */
	desc->irq_count = 0;
	desc->irqs_unhandled = 0;
	/* A line the spurious detector disabled gets another chance. */
	if (shared && (desc->istate & IRQS_SPURIOUS_DISABLED)) {
		desc->istate &= ~IRQS_SPURIOUS_DISABLED;
		__enable_irq(desc);
	}
	raw_spin_unlock(&desc->lock);
	chip_bus_sync_unlock(desc);
	mutex_unlock(&desc->request_mutex);
	return 0;

out_unlock:
	raw_spin_unlock(&desc->lock);
	if (!desc->action)
		irq_release_resources(desc);
out_bus_unlock:
	chip_bus_sync_unlock(desc);
	mutex_unlock(&desc->request_mutex);
	return ret;
}

static int __setup_irq(unsigned int irq, struct irq_desc *desc,
		       struct irqaction *new)
{
	bool nested;
	int ret;

	if (desc->irq_data.chip == &no_irq_chip)
		return -ENOSYS;
	new->irq = irq;

	/* No trigger requested: use the irq's current one. */
	if (!(new->flags & IRQF_TRIGGER_MASK))
		new->flags |= irqd_get_trigger_type(&desc->irq_data);

	/* An irq nested into its parent's thread runs no handler of its own. */
	nested = irq_settings_is_nested_thread(desc);
	if (nested) {
		if (!new->thread_fn)
			return -EINVAL;
		new->handler = irq_nested_primary_handler;
	}
	if (new->thread_fn && !nested) {
		ret = setup_irq_thread(new, irq);
		if (ret)
			return ret;
	}

	/* Oneshot safe chips (MSI) need no unmask dance after the thread. */
	if (desc->irq_data.chip->flags & IRQCHIP_ONESHOT_SAFE)
		new->flags &= ~IRQF_ONESHOT;

	ret = __setup_irq_locked(desc, new);
	if (ret) {
		kfree(new->thread_name);
		new->thread_name = NULL;
		return ret;
	}
	/* /proc/irq/N appears with the first request and stays after free. */
	register_irq_proc(irq, desc);
	return 0;
}

/**
 * request_threaded_irq() - allocate an interrupt line for a device.
 * @irq: Linux irq number.
 * @handler: primary handler; NULL installs one returning IRQ_WAKE_THREAD.
 * @thread_fn: threaded handler or NULL.
 * @irqflags: IRQF_* flags.
 * @devname: name shown in /proc/interrupts; must outlive the action.
 * @dev_id: cookie; required for IRQF_SHARED.
 *
 * The first action configures the trigger, activates and (unless
 * IRQF_NO_AUTOEN) starts the irq.  Later actions must agree on sharing.
 *
 * Context: process context; takes the descriptor's request mutex.
 * Return: 0, -EINVAL (bad arguments, no descriptor, NOREQUEST, per-CPU
 * devid irq, NULL handler without ONESHOT), -ENOSYS (no chip), -EBUSY
 * (sharing mismatch, no free oneshot bit), -ENOMEM, or an error of the
 * chip's resource request, trigger setting or activation.  On error
 * nothing is left installed.
 */
int request_threaded_irq(unsigned int irq, irq_handler_t handler,
			 irq_handler_t thread_fn, unsigned long irqflags,
			 const char *devname, void *dev_id)
{
	struct irqaction *action;
	struct irq_desc *desc;
	int ret;

	/*
	 * Shared irqs need a dev_id to be freed and must not stay disabled;
	 * COND_SUSPEND only makes sense for shared, non NO_SUSPEND irqs.
	 */
	if (((irqflags & IRQF_SHARED) && !dev_id) ||
	    ((irqflags & IRQF_SHARED) && (irqflags & IRQF_NO_AUTOEN)) ||
	    (!(irqflags & IRQF_SHARED) && (irqflags & IRQF_COND_SUSPEND)) ||
	    ((irqflags & IRQF_NO_SUSPEND) && (irqflags & IRQF_COND_SUSPEND)))
		return -EINVAL;

	desc = irq_to_desc(irq);
	if (!desc)
		return -EINVAL;
	if (!irq_settings_can_request(desc) ||
	    WARN_ON(irq_settings_is_per_cpu_devid(desc)))
		return -EINVAL;

	if (!handler) {
		if (!thread_fn)
			return -EINVAL;
		handler = irq_default_primary_handler;
	}

	action = kzalloc(sizeof(*action), GFP_KERNEL);
	if (!action)
		return -ENOMEM;
	action->handler = handler;
	action->thread_fn = thread_fn;
	action->flags = (unsigned int)irqflags;
	action->name = devname;
	action->dev_id = dev_id;

	ret = __setup_irq(irq, desc, action);
	if (ret)
		kfree(action);
	return ret;
}

/* ---- free ------------------------------------------------------------------ */

/* Unlink the action of @dev_id; desc->lock held.  NULL if there is none. */
static struct irqaction *irq_unlink_action(struct irq_desc *desc, void *dev_id)
{
	struct irqaction **pp, *action;

	for (pp = &desc->action; (action = *pp); pp = &action->next) {
		if (action->dev_id == dev_id) {
			*pp = action->next;
			action->next = NULL;
			return action;
		}
	}
	return NULL;
}

/*
 * kthread_stop(): __synchronize_irq() ran every woken thread, so only a
 * stale queue item can be left; drop it so it never runs against a new
 * action allocated at the same address.
 */
static void irq_stop_thread(struct irq_desc *desc, struct irqaction *action)
{
	irqlab_work_cancel(desc->machine, irq_desc_get_irq(desc), action);
}

static struct irqaction *__free_irq(struct irq_desc *desc, void *dev_id)
{
	unsigned int irq = irq_desc_get_irq(desc);
	struct irqaction *action;

	mutex_lock(&desc->request_mutex);
	chip_bus_lock(desc);
	raw_spin_lock(&desc->lock);

	action = irq_unlink_action(desc, dev_id);
	if (!action) {
		WARN(1, "Trying to free already-free IRQ %d\n", irq);
		raw_spin_unlock(&desc->lock);
		chip_bus_sync_unlock(desc);
		mutex_unlock(&desc->request_mutex);
		return NULL;
	}

	/* The last action shuts the line down; deactivation comes later. */
	if (!desc->action) {
		irq_settings_clr_disable_unlazy(desc);
		irq_shutdown(desc);
	}
	/* A driver must clear its hint before freeing the irq. */
	if (WARN_ON_ONCE(desc->affinity_hint))
		desc->affinity_hint = NULL;

	raw_spin_unlock(&desc->lock);
	/* Sync slow-bus chip changes out before waiting for handlers. */
	chip_bus_sync_unlock(desc);

	/* No handler may still run, and woken threads finish (even ours). */
	__synchronize_irq(desc, action);
	irq_stop_thread(desc, action);

	if (!desc->action) {
		/* Nothing is in flight any more: deactivate completely. */
		chip_bus_lock(desc);
		raw_spin_lock(&desc->lock);
		irq_domain_deactivate_irq(&desc->irq_data);
		raw_spin_unlock(&desc->lock);
		irq_release_resources(desc);
		chip_bus_sync_unlock(desc);
	}
	mutex_unlock(&desc->request_mutex);
	return action;
}

/**
 * free_irq() - remove the action of @dev_id from @irq.
 * @irq: Linux irq number.
 * @dev_id: the cookie given at request time.
 *
 * Waits for running handlers and lets the action's woken thread finish.
 * The last action shuts the irq down, deactivates it and releases the
 * chip's resources.  Freeing an action that does not exist WARNs "Trying
 * to free already-free IRQ %d".  A still-set affinity hint WARNs and is
 * cleared.
 *
 * Context: process context; takes the request mutex.
 * Return: the action's devname, or NULL when nothing was freed.
 */
const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *desc = irq_to_desc(irq);
	struct irqaction *action;
	const char *devname;

	if (!desc || WARN_ON(irq_settings_is_per_cpu_devid(desc)))
		return NULL;
	action = __free_irq(desc, dev_id);
	if (!action)
		return NULL;
	devname = action->name;
	kfree(action->thread_name);
	kfree(action);
	return devname;
}

/**
 * irq_has_action() - does an irq have at least one action?
 * @irq: Linux irq number.
 *
 * Return: true if @irq exists and has been requested.
 */
bool irq_has_action(unsigned int irq)
{
	struct irq_desc *desc = irq_to_desc(irq);

	return desc && __atomic_load_n(&desc->action, __ATOMIC_ACQUIRE) != NULL;
}

/**
 * irqlab_release_all_actions() - free every action of every irq of a machine.
 * @m: the machine being destroyed.
 *
 * Teardown only: no chip callbacks, no warnings; queued work that refers
 * to the actions is dropped with the machine.
 *
 * Context: machine teardown, single threaded.
 */
void irqlab_release_all_actions(struct irqlab_machine *m)
{
	unsigned long key = 0;
	struct irq_desc *desc;

	while ((desc = irqlab_radix_next(&m->descs, &key))) {
		struct irqaction *action, *next;

		raw_spin_lock(&desc->lock);
		action = desc->action;
		desc->action = NULL;
		raw_spin_unlock(&desc->lock);
		/* A chained handler's action is static, not ours to free. */
		if (action == &chained_action)
			action = NULL;
		for (; action; action = next) {
			next = action->next;
			kfree(action->thread_name);
			kfree(action);
		}
		key++;
	}
}
