/* SPDX-License-Identifier: MIT */
/*
 * hp_model: what the kernel's depth rules predict for a requested managed
 * irq across CPU hotplug and disable_irq()/enable_irq() (cases.md §5),
 * for v6.16+ and for the older kernels.  The hotplug suites drive random
 * walks and compare the real descriptor with the model after each step.
 */
#ifndef IRQLAB_TEST_HP_MODEL_H
#define IRQLAB_TEST_HP_MODEL_H

#include <stdbool.h>

/**
 * struct hp_model - the predicted state of one managed irq.
 * @depth: desc->depth.
 * @dis: the driver's outstanding disable_irq() calls (it only enables
 *       what it disabled).
 * @started: IRQD_IRQ_STARTED (and, for a managed irq, IRQD_ACTIVATED).
 * @msd: IRQD_MANAGED_SHUTDOWN.
 */
struct hp_model {
	unsigned int depth;
	unsigned int dis;
	bool started;
	bool msd;
};

/* How often a walk went through each interesting transition. */
struct hp_model_seen {
	unsigned int shutdown;	    /* last CPU of the mask went away */
	unsigned int restart;	    /* a returning CPU started the irq */
	unsigned int kept_disabled; /* a returning CPU left it disabled */
	unsigned int abort;	    /* enable_irq() with no CPU: WARN_ON_ONCE */
	unsigned int unbalanced;    /* enable_irq() at depth 0: WARN */
};

/* Requested with a CPU of its mask online: started, depth 0. */
void hp_model_init(struct hp_model *md);
/* A CPU went down; @mask_online: the mask still has an online CPU. */
void hp_model_offline(struct hp_model *md, bool mask_online, bool v616,
		      struct hp_model_seen *seen);
/* A CPU came up; @in_mask: it is in the irq's mask. */
void hp_model_online(struct hp_model *md, bool in_mask, bool v616,
		     struct hp_model_seen *seen);
void hp_model_disable(struct hp_model *md);
/* The driver's enable_irq() (only when @md->dis > 0); returns the WARNs. */
unsigned int hp_model_enable(struct hp_model *md, bool mask_online,
			     struct hp_model_seen *seen);

#endif
