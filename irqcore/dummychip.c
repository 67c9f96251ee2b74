// SPDX-License-Identifier: MIT
/*
 * Placeholder chips (kernel/irq/dummychip.c analogue) and the flow handler
 * of irqs nobody set up, handle_bad_irq() (kernel/irq/handle.c, debug.h).
 */
#include "internals.h"

/* Kernel %pS of a flow handler: irqlab knows the core's by name. */
static const char *flow_name(irq_flow_handler_t handle)
{
	static const struct {
		irq_flow_handler_t fn;
		const char *name;
	} flows[] = {
		{ handle_bad_irq, "handle_bad_irq" },
		{ handle_level_irq, "handle_level_irq" },
		{ handle_edge_irq, "handle_edge_irq" },
		{ handle_fasteoi_irq, "handle_fasteoi_irq" },
		{ handle_fasteoi_ack_irq, "handle_fasteoi_ack_irq" },
		{ handle_fasteoi_mask_irq, "handle_fasteoi_mask_irq" },
		{ handle_simple_irq, "handle_simple_irq" },
		{ handle_untracked_irq, "handle_untracked_irq" },
		{ handle_percpu_irq, "handle_percpu_irq" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(flows); i++) {
		if (flows[i].fn == handle)
			return flows[i].name;
	}
	return "?";
}

static const char *chip_symbol(const struct irq_chip *chip)
{
	if (chip == &no_irq_chip)
		return "no_irq_chip";
	if (chip == &dummy_irq_chip)
		return "dummy_irq_chip";
	return chip && chip->name ? chip->name : "?";
}

/* The kernel's print_irq_desc() (kernel/irq/debug.h). */
static void print_irq_desc(unsigned int irq, struct irq_desc *desc)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} settings[] = {
		{ IRQ_LEVEL, "IRQ_LEVEL" },	    { IRQ_PER_CPU, "IRQ_PER_CPU" },
		{ IRQ_NOPROBE, "IRQ_NOPROBE" },	    { IRQ_NOREQUEST, "IRQ_NOREQUEST" },
		{ IRQ_NOTHREAD, "IRQ_NOTHREAD" },   { IRQ_NOAUTOEN, "IRQ_NOAUTOEN" },
	}, states[] = {
		{ IRQS_AUTODETECT, "IRQS_AUTODETECT" }, { IRQS_REPLAY, "IRQS_REPLAY" },
		{ IRQS_WAITING, "IRQS_WAITING" },	{ IRQS_PENDING, "IRQS_PENDING" },
	};
	size_t i;

	printk("irq %d, desc: %p, depth: %d, count: %d, unhandled: %d\n", (int)irq,
	       (void *)desc, (int)desc->depth, (int)desc->irq_count,
	       (int)desc->irqs_unhandled);
	printk("->handle_irq():  %p, %s\n", (void *)desc->handle_irq,
	       flow_name(desc->handle_irq));
	printk("->irq_data.chip(): %p, %s\n", (const void *)desc->irq_data.chip,
	       chip_symbol(desc->irq_data.chip));
	printk("->action(): %p\n", (void *)desc->action);
	if (desc->action)
		printk("->action->handler(): %p, %s\n", (void *)desc->action->handler,
		       desc->action->name ? desc->action->name : "?");

	for (i = 0; i < ARRAY_SIZE(settings); i++) {
		if (desc->status_use_accessors & settings[i].bit)
			printk("%14s set\n", settings[i].name);
	}
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		if (desc->istate & states[i].bit)
			printk("%14s set\n", states[i].name);
	}
}

/* The generic ack_bad_irq(): a critical message (x86 also EOIs). */
static void ack_bad_irq(unsigned int irq)
{
	pr_crit("unexpected IRQ trap at vector %02x\n", irq);
}

/**
 * handle_bad_irq() - flow handler of an irq nobody set up.
 * @desc: the descriptor.
 *
 * Prints the descriptor, counts the interrupt and reports it as an
 * unexpected trap.
 *
 * Context: interrupt.
 */
void handle_bad_irq(struct irq_desc *desc)
{
	unsigned int irq = irq_desc_get_irq(desc);

	print_irq_desc(irq, desc);
	kstat_incr_irqs_this_cpu(desc);
	ack_bad_irq(irq);
}

static void ack_bad(struct irq_data *data)
{
	struct irq_desc *desc = irq_data_to_desc(data);

	print_irq_desc(data->irq, desc);
	ack_bad_irq(data->irq);
}

static void noop(struct irq_data *data)
{
}

static unsigned int noop_ret(struct irq_data *data)
{
	return 0;
}

/* The chip of an irq without one: any ack means an unexpected interrupt. */
const struct irq_chip no_irq_chip = {
	.name = "none",
	.irq_startup = noop_ret,
	.irq_shutdown = noop,
	.irq_enable = noop,
	.irq_disable = noop,
	.irq_ack = ack_bad,
	.flags = IRQCHIP_SKIP_SET_WAKE,
};

/* A chip that accepts every operation and does nothing (e.g. for IPIs). */
const struct irq_chip dummy_irq_chip = {
	.name = "dummy",
	.irq_startup = noop_ret,
	.irq_shutdown = noop,
	.irq_enable = noop,
	.irq_disable = noop,
	.irq_ack = noop,
	.irq_mask = noop,
	.irq_unmask = noop,
	.flags = IRQCHIP_SKIP_SET_WAKE,
};
