// SPDX-License-Identifier: MIT
/*
 * Running the actions of an interrupt (kernel/irq/handle.c analogue):
 * handle_irq_event() and friends, and waking irq threads.
 */
#include "internals.h"

/*
 * The descriptors whose actions the calling thread is running, innermost
 * last.  Lets the flow code see that an interrupt delivered from inside a
 * handler (deterministic mode) must not wait for that handler to finish.
 */
#define IRQLAB_MAX_NESTING 32
static _Thread_local struct irq_desc *running[IRQLAB_MAX_NESTING];
static _Thread_local unsigned int nr_running;

static void running_push(struct irq_desc *desc)
{
	if (nr_running < IRQLAB_MAX_NESTING)
		running[nr_running] = desc;
	nr_running++;
}

static void running_pop(void)
{
	nr_running--;
}

/**
 * irqlab_handler_running_here() - is the calling thread inside @desc's
 * actions?
 * @desc: the descriptor.
 *
 * Return: true while handle_irq_event() for @desc runs on this thread.
 */
bool irqlab_handler_running_here(struct irq_desc *desc)
{
	unsigned int i, n = nr_running < IRQLAB_MAX_NESTING ? nr_running
							    : IRQLAB_MAX_NESTING;

	for (i = 0; i < n; i++) {
		if (running[i] == desc)
			return true;
	}
	return false;
}

/**
 * __irq_wake_thread() - wake the irq thread of an action.
 * @desc: the descriptor.
 * @action: the action whose primary handler returned IRQ_WAKE_THREAD.
 *
 * A thread that is not running (not set up or being stopped) is ignored:
 * the primary handler has quiesced the device, so nothing storms.  A
 * thread already woken is not woken twice.  Otherwise the action's oneshot
 * bit is recorded, threads_active counts it, and the thread body is queued
 * (irqlab_run_until_idle() runs it).
 *
 * Context: hard interrupt, desc->lock not held.
 */
void __irq_wake_thread(struct irq_desc *desc, struct irqaction *action)
{
	unsigned long old;

	if (!(__atomic_load_n(&action->thread_flags, __ATOMIC_ACQUIRE) &
	      BIT(IRQTF_READY)))
		return;

	old = __atomic_fetch_or(&action->thread_flags, BIT(IRQTF_RUNTHREAD),
				__ATOMIC_ACQ_REL);
	if (old & BIT(IRQTF_RUNTHREAD))
		return;

	/*
	 * Hard irqs of one line never run concurrently, but the thread may
	 * clear its oneshot bit under the lock: set it atomically.
	 */
	__atomic_fetch_or(&desc->threads_oneshot, action->thread_mask, __ATOMIC_ACQ_REL);
	__atomic_add_fetch(&desc->threads_active, 1, __ATOMIC_ACQ_REL);

	action->thread_queued = true;
	if (irqlab_work_queue(desc->machine, irq_desc_get_irq(desc), action)) {
		/* The thread can never run: undo the wake-up, the line stays usable. */
		WARN(1, "irq %u: cannot queue thread %s\n", irq_desc_get_irq(desc),
		     action->thread_name ? action->thread_name : "?");
		action->thread_queued = false;
		__atomic_fetch_and(&desc->threads_oneshot, ~action->thread_mask,
				   __ATOMIC_ACQ_REL);
		__atomic_sub_fetch(&desc->threads_active, 1, __ATOMIC_ACQ_REL);
		__atomic_fetch_and(&action->thread_flags, ~BIT(IRQTF_RUNTHREAD),
				   __ATOMIC_ACQ_REL);
	}
}

static void warn_no_thread(unsigned int irq, struct irqaction *action)
{
	if (__atomic_fetch_or(&action->thread_flags, BIT(IRQTF_WARNED), __ATOMIC_ACQ_REL) &
	    BIT(IRQTF_WARNED))
		return;
	pr_warn("IRQ %u device %s returned IRQ_WAKE_THREAD but no thread function available.",
		irq, action->name ? action->name : "(null)");
}

/**
 * __handle_irq_event_percpu() - run every action of an irq.
 * @desc: the descriptor.
 *
 * Actions run in list order; IRQ_WAKE_THREAD wakes the action's thread.
 *
 * Context: hard interrupt, desc->lock not held.
 * Return: the OR of the handlers' return values.
 */
irqreturn_t __handle_irq_event_percpu(struct irq_desc *desc)
{
	unsigned int irq = irq_desc_get_irq(desc);
	irqreturn_t retval = IRQ_NONE;
	struct irqaction *action;

	for (action = desc->action; action; action = action->next) {
		irqreturn_t res;

		trace_irq_handler_entry((int)irq, action);
		res = action->handler((int)irq, action->dev_id);
		trace_irq_handler_exit((int)irq, action, res);

		if (res == IRQ_WAKE_THREAD) {
			/* A driver bug: WAKE_THREAD without a thread function. */
			if (!action->thread_fn)
				warn_no_thread(irq, action);
			else
				__irq_wake_thread(desc, action);
		}
		retval |= res;
	}
	return retval;
}

/**
 * handle_irq_event_percpu() - run the actions and feed spurious detection.
 * @desc: the descriptor.
 *
 * Context: hard interrupt, desc->lock not held.
 * Return: the OR of the handlers' return values.
 */
irqreturn_t handle_irq_event_percpu(struct irq_desc *desc)
{
	irqreturn_t retval = __handle_irq_event_percpu(desc);

	if (!irq_settings_no_debug(desc))
		note_interrupt(desc, retval);
	return retval;
}

/**
 * handle_irq_event() - run the actions of a serialised (locked) flow.
 * @desc: the descriptor, locked.
 *
 * Clears PENDING and sets INPROGRESS, then drops desc->lock while the
 * handlers run, and clears INPROGRESS again under the lock.
 *
 * Context: hard interrupt, desc->lock held; it is dropped and retaken.
 * Return: the OR of the handlers' return values.
 */
irqreturn_t handle_irq_event(struct irq_desc *desc)
{
	irqreturn_t ret;

	desc->istate &= ~IRQS_PENDING;
	irqd_set(&desc->irq_data, IRQD_IRQ_INPROGRESS);
	raw_spin_unlock(&desc->lock);

	running_push(desc);
	ret = handle_irq_event_percpu(desc);
	running_pop();

	raw_spin_lock(&desc->lock);
	irqd_clear(&desc->irq_data, IRQD_IRQ_INPROGRESS);
	return ret;
}
