/* SPDX-License-Identifier: MIT */
/*
 * A test MSI parent domain ("TESTMSI", like an interrupt remapping unit):
 * it hands out blocks of consecutive hwirqs (so it supports multi-MSI),
 * composes messages whose address is its doorbell on the bus and whose
 * data is the hwirq, and handles each doorbell write by running the irq
 * mapped to the written data on CPU 0.
 */
#ifndef IRQLAB_TEST_MSI_PARENT_H
#define IRQLAB_TEST_MSI_PARENT_H

#include "fixture.h"
#include "irqlab/msi.h"

#define TP_DOORBELL 0xfeb00000ULL
#define TP_NR_HWIRQS 256

struct tp_parent {
	struct irq_domain *domain;
	struct msi_parent_ops ops;
	bool used[TP_NR_HWIRQS];
	unsigned int acks;
	unsigned int doorbells;
	unsigned int unmapped;		/* doorbell data that maps to no irq */
	u32 last_data;
	bool refuse;			/* init_dev_msi_info says no */
	int prepare_err;		/* the child's msi_prepare fails with it */
	struct irq_domain *below;	/* stacked: delegate init_dev_msi_info here */
};

extern struct tp_parent tp;

/* Create the parent on the test machine (prefix may be NULL). */
void tp_create(const char *prefix, u32 supported_flags);

/*
 * Stack a second MSI parent ("TESTMSI2") on @tp.domain that delegates
 * init_dev_msi_info downwards (msi_parent_init_dev_msi_info()).
 */
struct irq_domain *tp_create_stacked(void);

#endif
