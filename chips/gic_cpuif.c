// SPDX-License-Identifier: MIT
/*
 * The GICv3 CPU interface of each CPU, for LPIs: acknowledge (ICC_IAR1_EL1),
 * end of interrupt (ICC_EOIR1_EL1), priority mask (ICC_PMR_EL1), running
 * priority (ICC_RPR_EL1) and highest pending (ICC_HPPIR1_EL1).  LPIs have
 * no active state, but an acknowledged LPI's priority stays the running
 * priority until its EOI, which is what gates preemption.
 */
#include <stdint.h>

#include "gic_internal.h"

static u8 running_prio(const struct gic_redist *rd)
{
	return rd->nr_active ? rd->active[rd->nr_active - 1].prio : 0xff;
}

/*
 * The best pending enabled LPI: lowest priority value, then lowest INTID.
 * With @masked, only one that beats the priority mask and running priority.
 * Returns IRQLAB_GIC_SPURIOUS when there is none.
 */
static u32 best_pending(struct irqlab_gic_hw *gic, struct gic_redist *rd, bool masked,
			u8 *prio)
{
	u8 limit = masked ? (rd->pmr < running_prio(rd) ? rd->pmr : running_prio(rd)) : 0xff;
	u32 best = IRQLAB_GIC_SPURIOUS;
	unsigned long key = IRQLAB_GIC_LPI_BASE;
	void *e;

	if (!(rd->ctlr & GICR_CTLR_ENABLE_LPIS))
		return best;
	for (; (e = irqlab_radix_next(&rd->cfg, &key)); key++) {
		u8 p = LPI_PROP_PRIORITY((u8)(uintptr_t)e);

		/* Unmasked: everything qualifies; masked: strictly higher only. */
		if ((masked && p >= limit) || (best != IRQLAB_GIC_SPURIOUS && p >= *prio))
			continue;
		if (!gicr_hw_in_range(rd, key) || gicr_hw_pending_test(gic, rd, key) != 1)
			continue;
		best = key;
		*prio = p;
	}
	return best;
}

/* Lock the CPU interface of @cpu; NULL for a bad CPU or no memory. */
static struct gic_redist *cpuif_lock(struct irqlab_machine *m, unsigned int cpu,
				     struct irqlab_gic_hw **gicp, int *err)
{
	struct irqlab_gic_hw *gic = m ? gicr_hw_get(m) : NULL;

	*err = m && !gic ? -ENOMEM : -EINVAL;
	if (!gic || cpu >= gic->nr)
		return NULL;
	irqlab_lock_acquire(&gic->lock);
	*gicp = gic;
	return &gic->rd[cpu];
}

int irqlab_gic_ack(struct irqlab_machine *m, unsigned int cpu)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd;
	u32 intid;
	u8 prio = 0xff;
	int err;

	rd = cpuif_lock(m, cpu, &gic, &err);
	if (!rd)
		return err;
	intid = best_pending(gic, rd, true, &prio);
	/*
	 * Nested priorities strictly decrease and are multiples of 4, so at
	 * most GIC_MAX_ACTIVE are ever active: the stack cannot overflow.
	 */
	if (intid != IRQLAB_GIC_SPURIOUS) {
		gicr_hw_pending_update(gic, rd, intid, false);
		rd->active[rd->nr_active++] = (struct gic_active){ intid, prio };
	}
	irqlab_lock_release(&gic->lock);
	return (int)intid;
}

int irqlab_gic_eoi(struct irqlab_machine *m, unsigned int cpu, u32 intid)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd;
	int err;

	rd = cpuif_lock(m, cpu, &gic, &err);
	if (!rd)
		return err;
	/* Only the most recent acknowledge can be completed (no EOImode=1). */
	err = -EINVAL;
	if (rd->nr_active && rd->active[rd->nr_active - 1].intid == intid) {
		rd->nr_active--;
		err = 0;
	}
	irqlab_lock_release(&gic->lock);
	return err;
}

int irqlab_gic_pmr_write(struct irqlab_machine *m, unsigned int cpu, u8 pmr)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd;
	int err;

	rd = cpuif_lock(m, cpu, &gic, &err);
	if (!rd)
		return err;
	rd->pmr = pmr;
	irqlab_lock_release(&gic->lock);
	return 0;
}

int irqlab_gic_pmr_read(struct irqlab_machine *m, unsigned int cpu)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd;
	int err;

	rd = cpuif_lock(m, cpu, &gic, &err);
	if (!rd)
		return err;
	err = rd->pmr;
	irqlab_lock_release(&gic->lock);
	return err;
}

int irqlab_gic_rpr(struct irqlab_machine *m, unsigned int cpu)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd;
	int err;

	rd = cpuif_lock(m, cpu, &gic, &err);
	if (!rd)
		return err;
	err = running_prio(rd);
	irqlab_lock_release(&gic->lock);
	return err;
}

int irqlab_gic_hppir(struct irqlab_machine *m, unsigned int cpu)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd;
	u8 prio = 0xff;
	int err;

	rd = cpuif_lock(m, cpu, &gic, &err);
	if (!rd)
		return err;
	err = (int)best_pending(gic, rd, false, &prio);
	irqlab_lock_release(&gic->lock);
	return err;
}

bool irqlab_gic_irq_pending(struct irqlab_machine *m, unsigned int cpu)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd;
	u8 prio = 0xff;
	bool ret;
	int err;

	rd = cpuif_lock(m, cpu, &gic, &err);
	if (!rd)
		return false;
	ret = best_pending(gic, rd, true, &prio) != IRQLAB_GIC_SPURIOUS;
	irqlab_lock_release(&gic->lock);
	return ret;
}
