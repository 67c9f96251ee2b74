// SPDX-License-Identifier: MIT
/*
 * Spurious interrupt detection (kernel/irq/spurious.c analogue): an irq
 * line where nobody handles 99,900 of 100,000 interrupts is stuck, so it is
 * reported and disabled.  The counts are what /proc/irq/N/spurious shows.
 * irqlab has no irqpoll/irqfixup, so misrouted-irq recovery and polling of
 * disabled lines are not modelled.
 */
#include <stdio.h>

#include "internals.h"

#define SPURIOUS_DEFERRED 0x80000000u

static bool bad_action_ret(irqreturn_t action_ret)
{
	return (unsigned int)action_ret > (IRQ_HANDLED | IRQ_WAKE_THREAD);
}

/* The "handlers:" list: one line per action, with its thread if any. */
static void print_handlers(struct irq_desc *desc)
{
	struct irqaction *action;
	char line[256];
	int n;

	pr_err("handlers:\n");
	/* Runs with INPROGRESS set but unlocked: free_irq() may race. */
	raw_spin_lock(&desc->lock);
	for (action = desc->action; action; action = action->next) {
		/* The kernel prints the handler symbol; irqlab its action name. */
		n = snprintf(line, sizeof(line), "[<%p>] %s", (void *)action->handler,
			     action->name ? action->name : "(null)");
		if (action->thread_fn && n > 0 && (size_t)n < sizeof(line))
			snprintf(line + n, sizeof(line) - (size_t)n, " threaded [<%p>] %s",
				 (void *)action->thread_fn,
				 action->name ? action->name : "(null)");
		pr_err("%s\n", line);
	}
	raw_spin_unlock(&desc->lock);
}

static void report_bad_irq(struct irq_desc *desc, irqreturn_t action_ret)
{
	unsigned int irq = irq_desc_get_irq(desc);

	if (bad_action_ret(action_ret))
		pr_err("irq event %u: bogus return value %x\n", irq,
		       (unsigned int)action_ret);
	else
		pr_err("irq %u: nobody cared (try booting with the \"irqpoll\" option)\n",
		       irq);
	print_handlers(desc);
}

/*
 * A woken thread decides only later whether it handled the interrupt, so
 * the verdict on a WAKE_THREAD-only return is deferred to the next
 * interrupt: it compares the threads' handled count with the last one.
 */
static irqreturn_t resolve_threaded(struct irq_desc *desc, irqreturn_t action_ret,
				    bool *defer)
{
	unsigned int handled;

	*defer = false;
	if (!(action_ret & IRQ_WAKE_THREAD))
		return action_ret;

	if (action_ret != IRQ_WAKE_THREAD) {
		/* A primary handler handled it: the threads do not matter. */
		desc->threads_handled_last &= ~SPURIOUS_DEFERRED;
		return action_ret;
	}
	if (!(desc->threads_handled_last & SPURIOUS_DEFERRED)) {
		desc->threads_handled_last |= SPURIOUS_DEFERRED;
		*defer = true;
		return action_ret;
	}
	handled = __atomic_load_n(&desc->threads_handled, __ATOMIC_ACQUIRE) |
		  SPURIOUS_DEFERRED;
	if (handled != desc->threads_handled_last) {
		/* Keep the deferred bit: this interrupt's verdict comes next. */
		desc->threads_handled_last = handled;
		return IRQ_HANDLED;
	}
	return IRQ_NONE;
}

/**
 * note_interrupt() - account an interrupt for spurious detection.
 * @desc: the descriptor.
 * @action_ret: the OR of the handlers' return values.
 *
 * An IRQ_NONE within HZ/10 of the previous one counts as another unhandled
 * interrupt; a later one restarts the count at 1.  Once something went
 * unhandled, every interrupt is counted; every 100,000 of them, a line
 * with more than 99,900 unhandled is reported ("nobody cared"), marked
 * IRQS_SPURIOUS_DISABLED and disabled (depth + 1).  Polled lines and bogus
 * return values (reported) are not counted.
 *
 * Context: hard interrupt, desc->lock not held.
 */
void note_interrupt(struct irq_desc *desc, irqreturn_t action_ret)
{
	unsigned long now;
	bool defer;

	if ((desc->istate & IRQS_POLL_INPROGRESS) || irq_settings_is_polled(desc))
		return;

	if (bad_action_ret(action_ret)) {
		report_bad_irq(desc, action_ret);
		return;
	}

	action_ret = resolve_threaded(desc, action_ret, &defer);
	if (defer)
		return;

	if (action_ret == IRQ_NONE) {
		now = irqlab_jiffies(desc->machine);
		/* An odd unhandled irq now and then must not add up forever. */
		if ((long)(desc->last_unhandled + IRQLAB_HZ / 10 - now) < 0)
			desc->irqs_unhandled = 1;
		else
			desc->irqs_unhandled++;
		desc->last_unhandled = now;
	}

	if (!desc->irqs_unhandled)
		return;

	desc->irq_count++;
	if (desc->irq_count < 100000)
		return;

	desc->irq_count = 0;
	if (desc->irqs_unhandled > 99900) {
		report_bad_irq(desc, action_ret);
		pr_emerg("Disabling IRQ #%u\n", irq_desc_get_irq(desc));
		raw_spin_lock(&desc->lock);
		desc->istate |= IRQS_SPURIOUS_DISABLED;
		desc->depth++;
		irq_disable(desc);
		raw_spin_unlock(&desc->lock);
	}
	desc->irqs_unhandled = 0;
}
