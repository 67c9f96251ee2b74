// SPDX-License-Identifier: MIT
/*
 * Deferred affinity changes (kernel/irq/migration.c analogue).  Chips that
 * can only be retargeted safely from the interrupt itself
 * (IRQCHIP_MOVE_DEFERRED, e.g. non-maskable MSI behind the x86 vector
 * domain) get their new affinity parked in desc->pending_mask with
 * SETAFFINITY_PENDING; the chip's ack path calls irq_move_irq() at the
 * next interrupt to apply it.
 */
#include "internals.h"

/**
 * irq_fixup_move_pending() - clean up a pending move when a CPU dies.
 * @desc: the descriptor.
 * @force_clear: clear the pending bit even if the move still has a target.
 *
 * Called with the dying CPU already out of the online mask: a pending move
 * whose targets are all offline is dropped.
 *
 * Return: true if a move was pending and its mask has an online CPU.
 */
bool irq_fixup_move_pending(struct irq_desc *desc, bool force_clear)
{
	struct irq_data *data = irq_desc_get_irq_data(desc);

	if (!irqd_is_setaffinity_pending(data))
		return false;

	if (!cpumask_intersects(desc->pending_mask, desc->machine->online)) {
		irqd_clr_move_pending(data);
		return false;
	}
	if (force_clear)
		irqd_clr_move_pending(data);
	return true;
}

/**
 * irq_move_masked_irq() - apply a pending affinity change; the caller has
 * masked the irq.
 * @idata: any level's irq_data of the irq.
 *
 * The pending mask is applied only if it has an online CPU.  -EBUSY from
 * the chip (a previous move still being cleaned up) keeps the move pending
 * for the next interrupt; otherwise the pending mask is cleared.
 *
 * Context: desc->lock held (interrupt context, from the chip's ack).
 */
void irq_move_masked_irq(struct irq_data *idata)
{
	struct irq_desc *desc = irq_data_to_desc(idata);
	struct irq_data *data = &desc->irq_data;
	const struct irq_chip *chip = data->chip;

	if (!irqd_is_setaffinity_pending(data))
		return;

	irqd_clr_move_pending(data);

	/* Per-CPU irqs never move; getting here is a bug. */
	if (WARN_ON(irqd_is_per_cpu(data)))
		return;

	if (cpumask_empty(desc->pending_mask))
		return;
	if (!chip || !chip->irq_set_affinity)
		return;

	lockdep_assert_held(&desc->lock);

	if (cpumask_intersects(desc->pending_mask, desc->machine->online)) {
		int ret = irq_do_set_affinity(data, desc->pending_mask, false);

		/* Vector cleanup still pending: retry at the next interrupt. */
		if (ret == -EBUSY) {
			irqd_set_move_pending(data);
			return;
		}
	}
	cpumask_clear(desc->pending_mask);
}

/**
 * irq_move_irq() - apply a pending affinity change at an interrupt.
 * @idata: any level's irq_data of the irq.
 *
 * Masks the outermost level around the change unless it is already masked
 * (unmasking a oneshot irq here could cause an interrupt storm).  A
 * disabled irq keeps its move pending.
 *
 * Context: desc->lock held (interrupt context, from the chip's ack).
 */
void irq_move_irq(struct irq_data *idata)
{
	struct irq_data *data;
	bool masked;

	if (!irqd_is_setaffinity_pending(idata))
		return;

	/* The mask/unmask must happen at the outermost level. */
	data = irq_desc_get_irq_data(irq_data_to_desc(idata));
	if (irqd_irq_disabled(data))
		return;

	masked = irqd_irq_masked(data);
	if (!masked && data->chip->irq_mask)
		data->chip->irq_mask(data);
	irq_move_masked_irq(data);
	if (!masked && data->chip->irq_unmask)
		data->chip->irq_unmask(data);
}
