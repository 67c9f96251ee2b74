// SPDX-License-Identifier: MIT
/*
 * GICv3-like redistributors, one per possible CPU, handling LPIs only: the
 * RD_base registers, the LPI configuration cache (loaded on EnableLPIs,
 * INV and INVALL) and the pending table, which lives in simulated memory.
 */
#include <stdint.h>

#include "gic_internal.h"

#define GICR_IIDR_VALUE 0x0000043bu	/* implementer Arm, product 0 */
#define GICR_PROPBASER_WMASK (GICR_PROPBASER_PA_MASK | GICR_PROPBASER_IDBITS_MASK | \
			      (7ULL << 7) | (3ULL << 10) | (7ULL << 56))
#define GICR_PENDBASER_WMASK (GICR_PENDBASER_PA_MASK | (7ULL << 7) | (3ULL << 10) | \
			      (7ULL << 56))
#define CFG_CHUNK 256

static void gic_hw_release(struct irqlab_machine *m, struct irqlab_mem_agent *a)
{
	struct irqlab_gic_hw *gic = container_of(a, struct irqlab_gic_hw, agent);
	unsigned int i;

	for (i = 0; i < gic->nr; i++)
		irqlab_radix_destroy(&gic->rd[i].cfg);
	irqlab_lock_destroy(&gic->lock);
	kfree(gic);
}

static const struct irqlab_mem_agent_type gic_hw_type = {
	.name = "gicr",
	.release = gic_hw_release,
};

struct irqlab_gic_hw *gicr_hw_get(struct irqlab_machine *m)
{
	struct irqlab_mem_agent *a = irqlab_mem_agent_find(m, &gic_hw_type);
	struct irqlab_gic_hw *gic;
	unsigned int i;

	if (a)
		return container_of(a, struct irqlab_gic_hw, agent);
	gic = kzalloc(sizeof(*gic) + m->nr_cpus * sizeof(gic->rd[0]), GFP_KERNEL);
	if (!gic)
		return NULL;
	gic->agent.type = &gic_hw_type;
	gic->m = m;
	gic->nr = m->nr_cpus;
	irqlab_lock_init(&gic->lock);
	for (i = 0; i < gic->nr; i++) {
		irqlab_radix_init(&gic->rd[i].cfg);
		/* Architectural reset: asleep, everything masked. */
		gic->rd[i].waker = GICR_WAKER_ProcessorSleep | GICR_WAKER_ChildrenAsleep;
	}
	a = irqlab_mem_agent_attach_unique(m, &gic->agent);
	if (a != &gic->agent)
		gic_hw_release(m, &gic->agent);	/* lost a race, or -ENOMEM */
	return a ? container_of(a, struct irqlab_gic_hw, agent) : NULL;
}

int irqlab_gic_hw_init(struct irqlab_machine *m)
{
	if (!m)
		return -EINVAL;
	return gicr_hw_get(m) ? 0 : -ENOMEM;
}

/* INTID width the redistributor uses: PROPBASER.IDbits, capped. */
static unsigned int lpi_id_bits(const struct gic_redist *rd)
{
	unsigned int bits = (rd->propbaser & GICR_PROPBASER_IDBITS_MASK) + 1;

	return bits < IRQLAB_GIC_ID_BITS ? bits : IRQLAB_GIC_ID_BITS;
}

bool gicr_hw_in_range(const struct gic_redist *rd, u32 intid)
{
	return intid >= IRQLAB_GIC_LPI_BASE && intid < (1u << lpi_id_bits(rd));
}

static u64 pend_byte_addr(const struct gic_redist *rd, u32 intid)
{
	return (rd->pendbaser & GICR_PENDBASER_PA_MASK) + intid / 8;
}

int gicr_hw_pending_test(struct irqlab_gic_hw *gic, struct gic_redist *rd, u32 intid)
{
	u8 b;

	if (irqlab_mem_read(gic->m, pend_byte_addr(rd, intid), &b, 1))
		return -EFAULT;
	return (b >> (intid % 8)) & 1;
}

/* Set or clear a pending bit in memory; returns the old bit or -EFAULT. */
int gicr_hw_pending_update(struct irqlab_gic_hw *gic, struct gic_redist *rd, u32 intid,
			   bool set)
{
	u64 addr = pend_byte_addr(rd, intid);
	u8 b, bit = 1u << (intid % 8);
	int old;

	if (irqlab_mem_read(gic->m, addr, &b, 1))
		return -EFAULT;
	old = !!(b & bit);
	b = set ? b | bit : b & ~bit;
	if (irqlab_mem_write(gic->m, addr, &b, 1))
		return -EFAULT;
	return old;
}

/* Cache one configuration byte; only enabled LPIs are kept. */
static void cfg_store(struct gic_redist *rd, u32 intid, u8 byte)
{
	irqlab_radix_delete(&rd->cfg, intid);
	if (byte & LPI_PROP_ENABLED)
		/* On -ENOMEM the LPI simply stays disabled. */
		irqlab_radix_insert(&rd->cfg, intid, (void *)(uintptr_t)(0x100u | byte));
}

static void cfg_load_one(struct irqlab_gic_hw *gic, struct gic_redist *rd, u32 intid)
{
	u64 addr = (rd->propbaser & GICR_PROPBASER_PA_MASK) + intid - IRQLAB_GIC_LPI_BASE;
	u8 b;

	if (!(rd->ctlr & GICR_CTLR_ENABLE_LPIS) || !gicr_hw_in_range(rd, intid))
		return;
	if (irqlab_mem_read(gic->m, addr, &b, 1))
		b = 0;	/* no table: disabled */
	cfg_store(rd, intid, b);
}

/* Reload the whole configuration table (EnableLPIs, INVALL). */
static void cfg_load_all(struct irqlab_gic_hw *gic, struct gic_redist *rd)
{
	u64 pa = rd->propbaser & GICR_PROPBASER_PA_MASK;
	u32 limit = 1u << lpi_id_bits(rd), intid, i, n;
	u8 buf[CFG_CHUNK];

	irqlab_radix_destroy(&rd->cfg);
	if (!(rd->ctlr & GICR_CTLR_ENABLE_LPIS))
		return;
	for (intid = IRQLAB_GIC_LPI_BASE; intid < limit; intid += n) {
		n = limit - intid < CFG_CHUNK ? limit - intid : CFG_CHUNK;
		if (irqlab_mem_read(gic->m, pa + intid - IRQLAB_GIC_LPI_BASE, buf, n)) {
			/* A table shorter than IDbits says: load what exists. */
			for (i = 0; i < n; i++)
				if (irqlab_mem_read(gic->m, pa + intid + i - IRQLAB_GIC_LPI_BASE,
						    &buf[i], 1))
					break;
			n = i;
			limit = intid + i;
		}
		for (i = 0; i < n; i++)
			if (buf[i] & LPI_PROP_ENABLED)
				cfg_store(rd, intid + i, buf[i]);
	}
}

/* Returns the redistributor of @cpu locked, or NULL. */
static struct gic_redist *redist_lock(struct irqlab_machine *m, unsigned int cpu,
				      struct irqlab_gic_hw **gicp)
{
	struct irqlab_gic_hw *gic = gicr_hw_get(m);

	if (!gic || cpu >= gic->nr)
		return NULL;
	irqlab_lock_acquire(&gic->lock);
	*gicp = gic;
	return &gic->rd[cpu];
}

static int set_pending_locked(struct irqlab_gic_hw *gic, struct gic_redist *rd, u32 intid)
{
	int ret = -ENODEV;

	if (rd->ctlr & GICR_CTLR_ENABLE_LPIS)
		ret = gicr_hw_in_range(rd, intid) ? 0 : -ERANGE;
	if (!ret && gicr_hw_pending_update(gic, rd, intid, true) < 0)
		ret = -EFAULT;
	if (ret)
		rd->dropped++;
	return ret;
}

static int clear_pending_locked(struct irqlab_gic_hw *gic, struct gic_redist *rd,
				u32 intid)
{
	if (!(rd->ctlr & GICR_CTLR_ENABLE_LPIS) || !gicr_hw_in_range(rd, intid))
		return 0;
	return gicr_hw_pending_update(gic, rd, intid, false);
}

int gicr_hw_set_pending(struct irqlab_machine *m, unsigned int cpu, u32 intid)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd = redist_lock(m, cpu, &gic);
	int ret;

	if (!rd)
		return -ENOMEM;
	ret = set_pending_locked(gic, rd, intid);
	irqlab_lock_release(&gic->lock);
	return ret;
}

int gicr_hw_clear_pending(struct irqlab_machine *m, unsigned int cpu, u32 intid)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd = redist_lock(m, cpu, &gic);
	int ret;

	if (!rd)
		return -ENOMEM;
	ret = clear_pending_locked(gic, rd, intid);
	irqlab_lock_release(&gic->lock);
	return ret;
}

void gicr_hw_inv(struct irqlab_machine *m, unsigned int cpu, u32 intid)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd = redist_lock(m, cpu, &gic);

	if (!rd)
		return;
	cfg_load_one(gic, rd, intid);
	irqlab_lock_release(&gic->lock);
}

void gicr_hw_invall(struct irqlab_machine *m, unsigned int cpu)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd = redist_lock(m, cpu, &gic);

	if (!rd)
		return;
	cfg_load_all(gic, rd);
	irqlab_lock_release(&gic->lock);
}

/* Move @src's pending LPIs to @dst, scanning the pending table bytewise. */
static void move_all_locked(struct irqlab_gic_hw *gic, struct gic_redist *src,
			    struct gic_redist *dst)
{
	u32 limit = 1u << lpi_id_bits(src), intid, i;
	u8 buf[CFG_CHUNK];

	for (intid = IRQLAB_GIC_LPI_BASE; intid < limit; intid += CFG_CHUNK * 8) {
		u32 n = (limit - intid) / 8 < CFG_CHUNK ? (limit - intid) / 8 : CFG_CHUNK;

		if (irqlab_mem_read(gic->m, pend_byte_addr(src, intid), buf, n))
			return;
		for (i = 0; i < n * 8; i++) {
			if (!(buf[i / 8] & (1u << (i % 8))))
				continue;
			gicr_hw_pending_update(gic, src, intid + i, false);
			set_pending_locked(gic, dst, intid + i);
		}
	}
}

void gicr_hw_move_all(struct irqlab_machine *m, unsigned int from, unsigned int to)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *src = redist_lock(m, from, &gic);

	if (!src)
		return;
	if (to < gic->nr && to != from && (src->ctlr & GICR_CTLR_ENABLE_LPIS)) {
		/* As for MOVI: the target reloads what it may hold stale. */
		cfg_load_all(gic, &gic->rd[to]);
		move_all_locked(gic, src, &gic->rd[to]);
	}
	irqlab_lock_release(&gic->lock);
}

/* ---- registers ----------------------------------------------------------- */

static const struct gic_reg gicr_regs[] = {
	{ GICR_CTLR, 4 },	{ GICR_IIDR, 4 },	{ GICR_TYPER, 8 },
	{ GICR_WAKER, 4 },	{ GICR_SETLPIR, 8 },	{ GICR_CLRLPIR, 8 },
	{ GICR_PROPBASER, 8 },	{ GICR_PENDBASER, 8 },	{ GICR_INVLPIR, 8 },
	{ GICR_INVALLR, 8 },	{ GICR_SYNCR, 4 },	{ GICR_PIDR2, 4 },
};

static u64 gicr_typer(const struct irqlab_gic_hw *gic, unsigned int cpu)
{
	u64 v = GICR_TYPER_PLPIS | GICR_TYPER_DirectLPIS;

	if (cpu == gic->nr - 1)
		v |= GICR_TYPER_LAST;
	v |= (u64)cpu << GICR_TYPER_PROC_NUM_SHIFT;
	/* MPIDR affinity: Aff1.Aff0 = the CPU number. */
	v |= (u64)(cpu & 0xffff) << GICR_TYPER_AFF_SHIFT;
	return v;
}

/* The full value of a register; write-only ones read as zero. */
static u64 gicr_value(const struct irqlab_gic_hw *gic, const struct gic_redist *rd,
		      unsigned int cpu, u32 reg)
{
	switch (reg) {
	case GICR_CTLR:
		return rd->ctlr;
	case GICR_IIDR:
		return GICR_IIDR_VALUE;
	case GICR_TYPER:
		return gicr_typer(gic, cpu);
	case GICR_WAKER:
		return rd->waker;
	case GICR_PROPBASER:
		return rd->propbaser;
	case GICR_PENDBASER:
		return rd->pendbaser;
	case GICR_PIDR2:
		return GIC_PIDR2_ARCH_GICv3;
	default:	/* SETLPIR, CLRLPIR, INVLPIR, INVALLR, SYNCR (never busy) */
		return 0;
	}
}

static void gicr_write_ctlr(struct irqlab_gic_hw *gic, struct gic_redist *rd, u64 v)
{
	bool was = rd->ctlr & GICR_CTLR_ENABLE_LPIS;

	rd->ctlr = v & GICR_CTLR_ENABLE_LPIS;
	/*
	 * Enabling is when the redistributor first reads the config table;
	 * disabling drops what it cached.
	 */
	if (was != !!(rd->ctlr & GICR_CTLR_ENABLE_LPIS))
		cfg_load_all(gic, rd);
}

/* Apply a write of the full register value @v (@low: the low half was written). */
static void gicr_apply(struct irqlab_gic_hw *gic, struct gic_redist *rd, u32 reg, u64 v,
		       bool low)
{
	bool lpis_on = rd->ctlr & GICR_CTLR_ENABLE_LPIS;

	switch (reg) {
	case GICR_CTLR:
		gicr_write_ctlr(gic, rd, v);
		break;
	case GICR_WAKER:
		rd->waker = v & GICR_WAKER_ProcessorSleep ?
			    GICR_WAKER_ProcessorSleep | GICR_WAKER_ChildrenAsleep : 0;
		break;
	case GICR_PROPBASER:
		if (!lpis_on)	/* read-only while LPIs are enabled */
			rd->propbaser = v & GICR_PROPBASER_WMASK;
		break;
	case GICR_PENDBASER:
		if (!lpis_on)
			rd->pendbaser = v & GICR_PENDBASER_WMASK;
		break;
	case GICR_SETLPIR:
		if (low)
			set_pending_locked(gic, rd, (u32)v);
		break;
	case GICR_CLRLPIR:
		if (low)
			clear_pending_locked(gic, rd, (u32)v);
		break;
	case GICR_INVLPIR:
		if (low)
			cfg_load_one(gic, rd, (u32)v);
		break;
	case GICR_INVALLR:
		if (low)
			cfg_load_all(gic, rd);
		break;
	default:	/* IIDR, TYPER, SYNCR, PIDR2: read-only */
		break;
	}
}

int irqlab_gicr_read(struct irqlab_machine *m, unsigned int cpu, u32 off,
		     unsigned int size, u64 *val)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd;
	unsigned int shift;
	u32 reg;
	u64 v;

	*val = size == 8 ? ~0ULL : 0xffffffffULL;
	if (!m || gic_reg_decode(gicr_regs, ARRAY_SIZE(gicr_regs), off, size, &reg, &shift))
		return -EINVAL;
	if (!(gic = gicr_hw_get(m)))
		return -ENOMEM;
	if (cpu >= gic->nr)
		return -EINVAL;
	rd = &gic->rd[cpu];
	irqlab_lock_acquire(&gic->lock);
	v = gicr_value(gic, rd, cpu, reg);
	irqlab_lock_release(&gic->lock);
	*val = gic_reg_extract(v, size, shift);
	return 0;
}

int irqlab_gicr_write(struct irqlab_machine *m, unsigned int cpu, u32 off,
		      unsigned int size, u64 val)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd;
	unsigned int shift;
	u32 reg;
	u64 v;

	if (!m || gic_reg_decode(gicr_regs, ARRAY_SIZE(gicr_regs), off, size, &reg, &shift))
		return -EINVAL;
	if (!(gic = gicr_hw_get(m)))
		return -ENOMEM;
	if (cpu >= gic->nr)
		return -EINVAL;
	rd = &gic->rd[cpu];
	irqlab_lock_acquire(&gic->lock);
	v = gic_reg_merge(gicr_value(gic, rd, cpu, reg), val, size, shift);
	gicr_apply(gic, rd, reg, v, shift == 0);
	irqlab_lock_release(&gic->lock);
	return 0;
}

/* ---- queries --------------------------------------------------------------- */

int irqlab_gicr_lpi_pending(struct irqlab_machine *m, unsigned int cpu, u32 intid)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd = m ? redist_lock(m, cpu, &gic) : NULL;
	int ret = -EINVAL;

	if (!rd)
		return -EINVAL;
	if (gicr_hw_in_range(rd, intid))
		ret = gicr_hw_pending_test(gic, rd, intid);
	irqlab_lock_release(&gic->lock);
	return ret;
}

int irqlab_gicr_lpi_config(struct irqlab_machine *m, unsigned int cpu, u32 intid,
			   u8 *cfg)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd = m ? redist_lock(m, cpu, &gic) : NULL;
	void *e;

	if (!rd)
		return -EINVAL;
	e = irqlab_radix_lookup(&rd->cfg, intid);
	irqlab_lock_release(&gic->lock);
	if (!e)
		return -ENOENT;
	*cfg = (u8)(uintptr_t)e;
	return 0;
}

unsigned long irqlab_gicr_nr_dropped(struct irqlab_machine *m, unsigned int cpu)
{
	struct irqlab_gic_hw *gic;
	struct gic_redist *rd = m ? redist_lock(m, cpu, &gic) : NULL;
	unsigned long n;

	if (!rd)
		return 0;
	n = rd->dropped;
	irqlab_lock_release(&gic->lock);
	return n;
}
