// SPDX-License-Identifier: MIT
/*
 * Replaying interrupts that arrived while a line was disabled
 * (kernel/irq/resend.c analogue).  The hardware is asked to retrigger
 * first; otherwise the irq is queued for a software resend, which
 * irqlab_run_until_idle() runs like the kernel's resend tasklet.
 */
#include "internals.h"

/* Ask the outermost chip, or the first ancestor that can, to retrigger. */
static int try_retrigger(struct irq_desc *desc)
{
	if (desc->irq_data.chip->irq_retrigger)
		return desc->irq_data.chip->irq_retrigger(&desc->irq_data);
	return irq_chip_retrigger_hierarchy(&desc->irq_data);
}

/* Queue the irq (or the parent of a nested-thread irq) for the "tasklet". */
static int irq_sw_resend(struct irq_desc *desc)
{
	struct irqlab_machine *m = desc->machine;
	unsigned int irq;

	/* Some irqs must only be handled from real interrupt context. */
	if (irqd_is_handle_enforce_irqctx(&desc->irq_data))
		return -EINVAL;

	/* A nested-thread irq cannot be run directly: resend its parent. */
	if (irq_settings_is_nested_thread(desc)) {
		if (desc->parent_irq <= 0 ||
		    !irqlab_desc_lookup(m, (unsigned int)desc->parent_irq))
			return -EINVAL;
		irq = (unsigned int)desc->parent_irq;
	} else {
		irq = irq_desc_get_irq(desc);
	}

	/* Like the kernel's resend list, an irq is queued at most once. */
	irqlab_work_cancel(m, irq, NULL);
	return irqlab_work_queue(m, irq, NULL);
}

/**
 * check_irq_resend() - replay an interrupt that is pending.
 * @desc: the descriptor, locked.
 * @inject: resend even when nothing is pending (irq_inject_interrupt()).
 *
 * Level irqs are not replayed: the hardware still asserts them while they
 * are active.  A replay already in flight is not repeated.
 *
 * Context: desc->lock held.
 * Return: 0 (replayed, or nothing to do), -EINVAL for level irqs or irqs
 * that cannot be resent in software, -EBUSY while a replay is in flight,
 * -ENOMEM when the resend cannot be queued.
 */
int check_irq_resend(struct irq_desc *desc, bool inject)
{
	int err = 0;

	/* Clear PENDING so suspend/resume does not get confused. */
	if (irq_settings_is_level(desc)) {
		desc->istate &= ~IRQS_PENDING;
		return -EINVAL;
	}
	if (desc->istate & IRQS_REPLAY)
		return -EBUSY;
	if (!(desc->istate & IRQS_PENDING) && !inject)
		return 0;

	desc->istate &= ~IRQS_PENDING;
	if (!try_retrigger(desc))
		err = irq_sw_resend(desc);

	/* The flow handler clears REPLAY when the replayed interrupt runs. */
	if (!err)
		desc->istate |= IRQS_REPLAY;
	return err;
}

/**
 * clear_irq_resend() - drop a queued software resend of an irq.
 * @desc: the descriptor.
 */
void clear_irq_resend(struct irq_desc *desc)
{
	irqlab_work_cancel(desc->machine, irq_desc_get_irq(desc), NULL);
}

/**
 * irqlab_resend_run() - the resend "tasklet": run a queued resend.
 * @m: the machine.
 * @irq: the irq to replay.
 *
 * Runs the irq's flow handler on the current CPU, as the kernel's resend
 * tasklet calls handle_irq on the CPU it runs on.  An irq freed meanwhile
 * is ignored.
 *
 * Context: deterministic worker; no locks held.
 */
void irqlab_resend_run(struct irqlab_machine *m, unsigned int irq)
{
	struct irq_desc *desc = irqlab_desc_lookup(m, irq);

	if (desc)
		desc->handle_irq(desc);
}
