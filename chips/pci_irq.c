// SPDX-License-Identifier: MIT
/*
 * How the emulated PCI function signals interrupts: raise() picks MSI-X,
 * MSI or INTx from the enable state, messages go on the bus as memory
 * writes tagged with the requester ID, pending messages are released on
 * unmask, and the INTx line follows Interrupt Disable and the MSI enables.
 */
#include "pci_fn_internal.h"

/**
 * pci_msg_prepare() - account for a message about to be sent.
 * @fn: the function, fn->lock held.
 *
 * An MSI is a posted memory write, so it needs Bus Master Enable; without
 * it the message is dropped (QEMU: the bus-master address space is off).
 *
 * Return: true when the message must go on the bus.
 */
bool pci_msg_prepare(struct irqlab_pci_fn *fn)
{
	if (!(pci_command(fn) & PCI_COMMAND_MASTER)) {
		fn->stats.msgs_no_master++;
		return false;
	}
	fn->stats.msgs_sent++;
	return true;
}

/**
 * pci_msg_send() - put a message on the bus.
 * @fn: the function, no lock held (the bus handler may access @fn).
 * @msg: the message.
 *
 * A write nobody claims ends in a master abort, which the function records
 * in Status like a conventional PCI master.
 */
void pci_msg_send(struct irqlab_pci_fn *fn, const struct pci_msg *msg)
{
	int ret = irqlab_bus_write_rid(fn->m, msg->addr, msg->data,
				       irqlab_pci_fn_requester_id(fn));

	if (!ret)
		return;
	irqlab_lock_acquire(&fn->lock);
	fn->stats.msgs_bus_error++;
	if (ret == -EIO)
		pci_set16(fn, PCI_STATUS, pci_get16(fn, PCI_STATUS) | PCI_STATUS_REC_MASTER_ABORT);
	irqlab_lock_release(&fn->lock);
}

/**
 * pci_flush_pending() - send every pending message whose vector is now
 * unmasked, clearing its pending bit.
 * @fn: the function, no lock held.
 */
void pci_flush_pending(struct irqlab_pci_fn *fn)
{
	for (;;) {
		struct pci_msg msg;
		bool found, go = false;

		irqlab_lock_acquire(&fn->lock);
		found = pci_msix_next_pending(fn, &msg) || pci_msi_next_pending(fn, &msg);
		if (found && (go = pci_msg_prepare(fn)))
			fn->stats.msgs_pending_released++;
		irqlab_lock_release(&fn->lock);
		if (!found)
			return;
		if (go)
			pci_msg_send(fn, &msg);
	}
}

/**
 * pci_intx_update() - recompute the INTx level seen by the controller.
 * @fn: the function, fn->intx_lock and fn->lock held.
 * @level: the level.
 *
 * Status.Interrupt mirrors the internal state whatever Interrupt Disable
 * says; the line is asserted only with Interrupt Disable clear and MSI and
 * MSI-X disabled.
 *
 * Return: true when the level changed (the caller tells the sink).
 */
bool pci_intx_update(struct irqlab_pci_fn *fn, bool *level)
{
	u16 status = pci_get16(fn, PCI_STATUS) & ~PCI_STATUS_INTERRUPT;
	bool out;

	if (fn->intx_internal)
		status |= PCI_STATUS_INTERRUPT;
	pci_set16(fn, PCI_STATUS, status);
	out = fn->cfg.intx_pin && fn->intx_internal && !fn->gone &&
	      !(pci_command(fn) & PCI_COMMAND_INTX_DISABLE) && !pci_msi_enabled(fn) &&
	      !pci_msix_enabled(fn);
	*level = out;
	if (out == fn->intx_out)
		return false;
	fn->intx_out = out;
	if (out)
		fn->stats.intx_raised++;
	return true;
}

/**
 * pci_intx_notify() - tell the sink about a level change.
 * @fn: the function, fn->intx_lock held, fn->lock not held.
 * @changed: what pci_intx_update() returned.
 * @level: the level it computed.
 */
void pci_intx_notify(struct irqlab_pci_fn *fn, bool changed, bool level)
{
	if (changed && fn->sink)
		fn->sink(fn->sink_ctx, fn, level);
}

int irqlab_pci_fn_raise(struct irqlab_pci_fn *fn, unsigned int k)
{
	bool go = false, changed = false, level = false;
	struct pci_msg msg;
	int ret;

	if (!fn)
		return -EINVAL;
	irqlab_lock_acquire(&fn->intx_lock);
	irqlab_lock_acquire(&fn->lock);
	if (fn->gone) {
		ret = -ENODEV;	/* no device, no event */
	} else if (pci_msix_enabled(fn)) {
		ret = pci_msix_event(fn, k, &msg);
	} else if (pci_msi_enabled(fn) && fn->cfg.msi.broken) {
		/* The defect: the event is lost inside the function. */
		ret = k < fn->cfg.msi.vectors ? 0 : -EINVAL;
		if (!ret)
			fn->stats.msgs_broken++;
	} else if (pci_msi_enabled(fn)) {
		ret = pci_msi_event(fn, k, &msg);
	} else if (fn->cfg.intx_pin) {
		fn->intx_internal = true;
		changed = pci_intx_update(fn, &level);
		ret = 0;
	} else {
		ret = -ENODEV;
	}
	if (ret == 1) {
		go = pci_msg_prepare(fn);
		ret = 0;
	}
	irqlab_lock_release(&fn->lock);
	pci_intx_notify(fn, changed, level);
	irqlab_lock_release(&fn->intx_lock);
	if (go)
		pci_msg_send(fn, &msg);
	return ret;
}

int irqlab_pci_fn_retract(struct irqlab_pci_fn *fn, unsigned int k)
{
	int ret = -EINVAL;

	if (!fn)
		return -EINVAL;
	irqlab_lock_acquire(&fn->lock);
	if (pci_msix_enabled(fn))
		ret = pci_msix_retract(fn, k);
	else if (pci_msi_enabled(fn))
		ret = pci_msi_retract(fn, k);
	irqlab_lock_release(&fn->lock);
	return ret;
}

int irqlab_pci_fn_intx(struct irqlab_pci_fn *fn, bool asserted)
{
	bool changed, level;

	if (!fn)
		return -EINVAL;
	if (!fn->cfg.intx_pin)
		return -ENODEV;
	irqlab_lock_acquire(&fn->intx_lock);
	irqlab_lock_acquire(&fn->lock);
	fn->intx_internal = asserted;
	changed = pci_intx_update(fn, &level);
	irqlab_lock_release(&fn->lock);
	pci_intx_notify(fn, changed, level);
	irqlab_lock_release(&fn->intx_lock);
	return 0;
}

bool irqlab_pci_fn_intx_level(struct irqlab_pci_fn *fn)
{
	bool level;

	if (!fn)
		return false;
	irqlab_lock_acquire(&fn->lock);
	level = fn->intx_out;
	irqlab_lock_release(&fn->lock);
	return level;
}

int irqlab_pci_fn_set_intx_sink(struct irqlab_pci_fn *fn, irqlab_pci_intx_sink_fn sink,
				void *ctx)
{
	if (!fn)
		return -EINVAL;
	irqlab_lock_acquire(&fn->intx_lock);
	fn->sink = sink;
	fn->sink_ctx = ctx;
	irqlab_lock_release(&fn->intx_lock);
	return 0;
}

int irqlab_pci_fn_set_present(struct irqlab_pci_fn *fn, bool present)
{
	bool changed, level;

	if (!fn)
		return -EINVAL;
	irqlab_lock_acquire(&fn->intx_lock);
	irqlab_lock_acquire(&fn->lock);
	fn->gone = !present;
	/* The line goes with the device, and comes back with its state. */
	changed = pci_intx_update(fn, &level);
	irqlab_lock_release(&fn->lock);
	pci_intx_notify(fn, changed, level);
	irqlab_lock_release(&fn->intx_lock);
	return 0;
}
