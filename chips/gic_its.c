// SPDX-License-Identifier: MIT
/*
 * A GICv3-like ITS: creation, the control-frame registers, and the queries
 * tests use to look at its tables and error log.  Commands are in
 * gic_its_cmd.c, tables and translation in gic_its_table.c.
 */
#include "gic_internal.h"

#define GITS_IIDR_VALUE 0x0000043bu
#define GITS_CACHE_SHARE_MASK ((7ULL << 59) | (7ULL << 53) | (3ULL << 10))
#define GITS_CBASER_WMASK (GITS_CBASER_VALID | GITS_CBASER_PA_MASK | \
			   GITS_CBASER_SIZE_MASK | GITS_CACHE_SHARE_MASK)
#define GITS_BASER_WMASK (GITS_BASER_VALID | GITS_BASER_PA_MASK | GITS_BASER_PAGES_MASK | \
			  (3ULL << GITS_BASER_PAGE_SIZE_SHIFT) | GITS_CACHE_SHARE_MASK)

static const u8 its_baser_type[GITS_BASER_NR_REGS] = {
	[ITS_BASER_DEVICE] = GITS_BASER_TYPE_DEVICE,
	[ITS_BASER_COLLECTION] = GITS_BASER_TYPE_COLLECTION,
};

static const struct gic_reg gits_regs[] = {
	{ GITS_CTLR, 4 },	{ GITS_IIDR, 4 },	{ GITS_TYPER, 8 },
	{ GITS_CBASER, 8 },	{ GITS_CWRITER, 8 },	{ GITS_CREADR, 8 },
	{ GITS_BASER + 0x00, 8 }, { GITS_BASER + 0x08, 8 }, { GITS_BASER + 0x10, 8 },
	{ GITS_BASER + 0x18, 8 }, { GITS_BASER + 0x20, 8 }, { GITS_BASER + 0x28, 8 },
	{ GITS_BASER + 0x30, 8 }, { GITS_BASER + 0x38, 8 }, { GITS_PIDR2, 4 },
};

static void its_free(struct irqlab_its *its)
{
	if (its->claimed)
		irqlab_bus_release(its->m, its->base);
	irqlab_lock_destroy(&its->lock);
	kfree(its);
}

static void its_release(struct irqlab_machine *m, struct irqlab_mem_agent *a)
{
	its_free(container_of(a, struct irqlab_its, agent));
}

static const struct irqlab_mem_agent_type its_type = {
	.name = "gic-its",
	.release = its_release,
};

int irqlab_its_create(struct irqlab_machine *m, u64 base, unsigned int devbits,
		      unsigned int idbits, struct irqlab_its **out)
{
	struct irqlab_its *its;
	int ret;

	if (!m || !out || !devbits || devbits > 32 || !idbits || idbits > 32 ||
	    (base & 0xffff) || base + IRQLAB_ITS_SIZE < base)
		return -EINVAL;
	/* The frames must not hide a piece of RAM. */
	if (base + IRQLAB_ITS_SIZE > IRQLAB_SYSMEM_BASE &&
	    base < IRQLAB_SYSMEM_BASE + IRQLAB_SYSMEM_SIZE)
		return -EINVAL;
	its = kzalloc(sizeof(*its), GFP_KERNEL);
	if (!its)
		return -ENOMEM;
	its->agent.type = &its_type;
	its->m = m;
	its->base = base;
	its->devbits = devbits;
	its->idbits = idbits;
	irqlab_lock_init(&its->lock);
	ret = irqlab_bus_claim(m, base, IRQLAB_ITS_SIZE, "gic-its", its_doorbell, its);
	if (ret)
		goto free;
	its->claimed = true;
	ret = irqlab_mem_agent_attach(m, &its->agent);
	if (ret)
		goto free;
	*out = its;
	return 0;
free:
	its_free(its);
	return ret;
}

void irqlab_its_destroy(struct irqlab_its *its)
{
	if (!its)
		return;
	irqlab_mem_agent_detach(its->m, &its->agent);
	its_free(its);
}

static u64 gits_typer(const struct irqlab_its *its)
{
	return GITS_TYPER_PHYS |
	       (u64)(IRQLAB_ITS_ENTRY_SIZE - 1) << GITS_TYPER_ITT_ENTRY_SIZE_SHIFT |
	       (u64)(its->idbits - 1) << GITS_TYPER_IDBITS_SHIFT |
	       (u64)(its->devbits - 1) << GITS_TYPER_DEVBITS_SHIFT;
}

static u64 gits_value(const struct irqlab_its *its, u32 reg)
{
	unsigned int n;

	switch (reg) {
	case GITS_CTLR:
		/* Synchronous: a disabled ITS is always quiescent. */
		return its->ctlr | (its->ctlr & GITS_CTLR_ENABLE ? 0 : GITS_CTLR_QUIESCENT);
	case GITS_IIDR:
		return GITS_IIDR_VALUE;
	case GITS_TYPER:
		return gits_typer(its);
	case GITS_CBASER:
		return its->cbaser;
	case GITS_CWRITER:
		return its->cwriter;
	case GITS_CREADR:
		return its->creadr;
	case GITS_PIDR2:
		return GIC_PIDR2_ARCH_GICv3;
	default:
		n = (reg - GITS_BASER) / 8;
		if (!its_baser_type[n])
			return 0;	/* unimplemented table: RAZ/WI */
		return its->baser[n] | (u64)its_baser_type[n] << GITS_BASER_TYPE_SHIFT |
		       (u64)(IRQLAB_ITS_ENTRY_SIZE - 1) << GITS_BASER_ENTRY_SIZE_SHIFT;
	}
}

static void gits_write_cwriter(struct irqlab_its *its, u64 v)
{
	u64 qsize = ((its->cbaser & GITS_CBASER_SIZE_MASK) + 1) * 4096;
	u64 off = v & GITS_OFFSET_MASK;

	if (off >= qsize) {
		its_record(its, IRQLAB_ITS_SRC_REGISTER, IRQLAB_ITS_ERR_CWRITER_RANGE,
			   0, (u32)off, 0, 0);
		return;
	}
	its->cwriter = off;
	if (v & GITS_CWRITER_RETRY)
		its->creadr &= ~GITS_CREADR_STALLED;
	its_process_queue(its);
}

static void gits_apply(struct irqlab_its *its, u32 reg, u64 v)
{
	bool enabled = its->ctlr & GITS_CTLR_ENABLE;
	unsigned int n;

	switch (reg) {
	case GITS_CTLR:
		its->ctlr = v & GITS_CTLR_ENABLE;
		if (!enabled)
			its_process_queue(its);	/* commands queued while off */
		break;
	case GITS_CBASER:
		if (enabled)
			break;
		its->cbaser = v & GITS_CBASER_WMASK;
		its->creadr = 0;	/* also clears Stalled */
		break;
	case GITS_CWRITER:
		gits_write_cwriter(its, v);
		break;
	case GITS_IIDR:
	case GITS_TYPER:
	case GITS_CREADR:
	case GITS_PIDR2:
		break;
	default:
		n = (reg - GITS_BASER) / 8;
		if (enabled || !its_baser_type[n])
			break;
		v &= GITS_BASER_WMASK;
		/* Page size 0b11 is reserved: this ITS takes it as 64 KiB. */
		if (((v >> GITS_BASER_PAGE_SIZE_SHIFT) & 3) == 3)
			v &= ~GITS_BASER_PAGE_SIZE_16K;
		its->baser[n] = v;
		break;
	}
}

int irqlab_its_mmio_read(struct irqlab_machine *m, struct irqlab_its *its, u32 off,
			 unsigned int size, u64 *val)
{
	unsigned int shift;
	u32 reg;

	*val = size == 8 ? ~0ULL : 0xffffffffULL;
	if (!its || its->m != m ||
	    gic_reg_decode(gits_regs, ARRAY_SIZE(gits_regs), off, size, &reg, &shift))
		return -EINVAL;
	irqlab_lock_acquire(&its->lock);
	*val = gic_reg_extract(gits_value(its, reg), size, shift);
	irqlab_lock_release(&its->lock);
	return 0;
}

int irqlab_its_mmio_write(struct irqlab_machine *m, struct irqlab_its *its, u32 off,
			  unsigned int size, u64 val)
{
	unsigned int shift;
	u32 reg;
	u64 v;

	if (!its || its->m != m ||
	    gic_reg_decode(gits_regs, ARRAY_SIZE(gits_regs), off, size, &reg, &shift))
		return -EINVAL;
	irqlab_lock_acquire(&its->lock);
	/* Write-side view of a half: the stored bits, not the read-only ones. */
	v = reg == GITS_CTLR ? its->ctlr : gits_value(its, reg);
	gits_apply(its, reg, gic_reg_merge(v, val, size, shift));
	irqlab_lock_release(&its->lock);
	return 0;
}

/* ---- queries ------------------------------------------------------------- */

/* The errno of a nonzero table-access result. */
static int reason_errno(int reason)
{
	switch (reason) {
	case IRQLAB_ITS_ERR_DMA:
		return -EFAULT;
	case IRQLAB_ITS_ERR_DEV_UNMAPPED:
	case IRQLAB_ITS_ERR_EVENT_UNMAPPED:
	case IRQLAB_ITS_ERR_COLL_UNMAPPED:
		return -ENOENT;
	default:
		return -EINVAL;
	}
}

int irqlab_its_device(struct irqlab_its *its, u32 devid, struct irqlab_its_dte *dte)
{
	u64 e;
	int ret;

	if (!its || !dte)
		return -EINVAL;
	irqlab_lock_acquire(&its->lock);
	ret = its_read_dte(its, devid, &e);
	irqlab_lock_release(&its->lock);
	if (!ret && !(e & IRQLAB_ITS_ENTRY_VALID))
		ret = IRQLAB_ITS_ERR_DEV_UNMAPPED;
	if (ret)
		return reason_errno(ret);
	dte->itt_addr = e & ITS_DTE_ITT_MASK;
	dte->event_bits = (e & ITS_DTE_SIZE_MASK) + 1;
	return 0;
}

int irqlab_its_event(struct irqlab_its *its, u32 devid, u32 eventid,
		     struct irqlab_its_ite *ite)
{
	u64 dte, e = 0;
	int ret;

	if (!its || !ite)
		return -EINVAL;
	irqlab_lock_acquire(&its->lock);
	ret = its_read_dte(its, devid, &dte);
	if (!ret && !(dte & IRQLAB_ITS_ENTRY_VALID))
		ret = IRQLAB_ITS_ERR_DEV_UNMAPPED;
	if (!ret)
		ret = its_read_ite(its, dte, eventid, &e);
	irqlab_lock_release(&its->lock);
	if (!ret && !(e & IRQLAB_ITS_ENTRY_VALID))
		ret = IRQLAB_ITS_ERR_EVENT_UNMAPPED;
	if (ret)
		return reason_errno(ret);
	ite->pintid = (u32)e;
	ite->icid = (u16)(e >> ITS_ITE_ICID_SHIFT);
	return 0;
}

int irqlab_its_collection(struct irqlab_its *its, u32 icid, unsigned int *cpu)
{
	u64 e;
	int ret;

	if (!its || !cpu)
		return -EINVAL;
	irqlab_lock_acquire(&its->lock);
	ret = its_read_cte(its, icid, &e);
	irqlab_lock_release(&its->lock);
	if (!ret && !(e & IRQLAB_ITS_ENTRY_VALID))
		ret = IRQLAB_ITS_ERR_COLL_UNMAPPED;
	if (ret)
		return reason_errno(ret);
	*cpu = e & ITS_CTE_CPU_MASK;
	return 0;
}

/* A counter read under the ITS's lock. */
static unsigned long its_counter(struct irqlab_its *its, const unsigned long *c)
{
	unsigned long n;

	if (!its)
		return 0;
	irqlab_lock_acquire(&its->lock);
	n = *c;
	irqlab_lock_release(&its->lock);
	return n;
}

unsigned long irqlab_its_nr_errors(struct irqlab_its *its)
{
	return its_counter(its, its ? &its->nr_errors : NULL);
}

int irqlab_its_get_error(struct irqlab_its *its, unsigned long seq,
			 struct irqlab_its_error *e)
{
	int ret = -ENOENT;

	if (!its || !e)
		return -ENOENT;
	irqlab_lock_acquire(&its->lock);
	if (seq && seq <= its->nr_errors && its->nr_errors - seq < IRQLAB_ITS_ERRLOG) {
		*e = its->log[(seq - 1) % IRQLAB_ITS_ERRLOG];
		ret = 0;
	}
	irqlab_lock_release(&its->lock);
	return ret;
}

const char *irqlab_its_err_name(enum irqlab_its_err reason)
{
	static const char *const names[IRQLAB_ITS_NR_ERRS] = {
		[IRQLAB_ITS_OK] = "OK",
		[IRQLAB_ITS_ERR_UNKNOWN_CMD] = "UNKNOWN_CMD",
		[IRQLAB_ITS_ERR_DEVID_RANGE] = "DEVID_RANGE",
		[IRQLAB_ITS_ERR_EVENTID_RANGE] = "EVENTID_RANGE",
		[IRQLAB_ITS_ERR_INTID_RANGE] = "INTID_RANGE",
		[IRQLAB_ITS_ERR_ICID_RANGE] = "ICID_RANGE",
		[IRQLAB_ITS_ERR_RDBASE_RANGE] = "RDBASE_RANGE",
		[IRQLAB_ITS_ERR_ITT_SIZE] = "ITT_SIZE",
		[IRQLAB_ITS_ERR_NO_TABLE] = "NO_TABLE",
		[IRQLAB_ITS_ERR_DEV_UNMAPPED] = "DEV_UNMAPPED",
		[IRQLAB_ITS_ERR_EVENT_UNMAPPED] = "EVENT_UNMAPPED",
		[IRQLAB_ITS_ERR_COLL_UNMAPPED] = "COLL_UNMAPPED",
		[IRQLAB_ITS_ERR_DMA] = "DMA",
		[IRQLAB_ITS_ERR_NO_DEVID] = "NO_DEVID",
		[IRQLAB_ITS_ERR_DISABLED] = "DISABLED",
		[IRQLAB_ITS_ERR_CWRITER_RANGE] = "CWRITER_RANGE",
	};

	if ((unsigned int)reason >= IRQLAB_ITS_NR_ERRS)
		return "?";
	return names[reason];
}

unsigned long irqlab_its_nr_commands(struct irqlab_its *its)
{
	return its_counter(its, its ? &its->nr_cmds : NULL);
}

unsigned long irqlab_its_nr_translations(struct irqlab_its *its)
{
	return its_counter(its, its ? &its->nr_translated : NULL);
}
