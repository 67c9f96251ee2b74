/* SPDX-License-Identifier: MIT */
/*
 * Private to chips/: hardware that masters the memory bus (the GIC
 * redistributors, each ITS) attaches itself to the machine's memory as an
 * "agent", so that the machine finds it again and tears it down, before the
 * memory, when the machine is destroyed.
 */
#ifndef IRQLAB_CHIPS_SYSMEM_INTERNAL_H
#define IRQLAB_CHIPS_SYSMEM_INTERNAL_H

#include "irqlab/sysmem.h"

struct irqlab_mem_agent;

/* What kind of agent it is; the address of a const instance is the tag. */
struct irqlab_mem_agent_type {
	const char *name;
	/* Free the agent (machine teardown or an explicit destroy). */
	void (*release)(struct irqlab_machine *m, struct irqlab_mem_agent *a);
};

struct irqlab_mem_agent {
	const struct irqlab_mem_agent_type *type;
	struct irqlab_mem_agent *next;
};

/* Attach @a (embedded in its owner); creates the memory on first use. */
int irqlab_mem_agent_attach(struct irqlab_machine *m, struct irqlab_mem_agent *a);
/*
 * Attach @a unless an agent of the same type is attached already (a race
 * of two first users): returns the agent that is attached, @a or the older
 * one (the caller then frees @a), or NULL on -ENOMEM.
 */
struct irqlab_mem_agent *irqlab_mem_agent_attach_unique(struct irqlab_machine *m,
							struct irqlab_mem_agent *a);
/* Detach @a without releasing it; no-op if it is not attached. */
void irqlab_mem_agent_detach(struct irqlab_machine *m, struct irqlab_mem_agent *a);
/* The first attached agent of @type, or NULL. */
struct irqlab_mem_agent *irqlab_mem_agent_find(struct irqlab_machine *m,
					       const struct irqlab_mem_agent_type *type);

#endif
