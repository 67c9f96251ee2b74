// SPDX-License-Identifier: MIT
/*
 * The ITS command queue: 32-byte commands in simulated memory between
 * GITS_CREADR and GITS_CWRITER, run synchronously.  A command with bad
 * parameters is dropped and recorded; one that touches memory that does
 * not exist stalls the queue.
 */
#include "gic_internal.h"

#define RDBASE_MASK ((1ULL << 36) - 1)	/* [51:16]: a processor number (PTA = 0) */

/* A decoded command (field layout of the GICv3 architecture). */
struct its_cmd {
	u8 code;
	u32 devid;	/* DW0[63:32] */
	u32 eventid;	/* DW1[31:0] */
	u32 pintid;	/* DW1[63:32] */
	u8 size;	/* DW1[4:0]: EventID bits - 1 (MAPD) */
	u64 itt;	/* DW2[51:8] (MAPD) */
	bool valid;	/* DW2[63] (MAPD, MAPC) */
	u16 icid;	/* DW2[15:0] */
	u64 rd1;	/* DW2[51:16] */
	u64 rd2;	/* DW3[51:16] (MOVALL) */
};

static void its_cmd_decode(const u64 dw[4], struct its_cmd *c)
{
	c->code = dw[0] & 0xff;
	c->devid = dw[0] >> 32;
	c->eventid = (u32)dw[1];
	c->pintid = dw[1] >> 32;
	c->size = dw[1] & 0x1f;
	c->itt = dw[2] & ITS_DTE_ITT_MASK;
	c->valid = dw[2] >> 63;
	c->icid = (u16)dw[2];
	c->rd1 = (dw[2] >> 16) & RDBASE_MASK;
	c->rd2 = (dw[3] >> 16) & RDBASE_MASK;
}

static bool rd_ok(const struct irqlab_its *its, u64 rd)
{
	return rd < its->m->nr_cpus;
}

static int cmd_mapd(struct irqlab_its *its, const struct its_cmd *c)
{
	u64 dte;
	int ret = its_read_dte(its, c->devid, &dte);

	if (ret)
		return ret;
	if (c->size + 1u > its->idbits)
		return IRQLAB_ITS_ERR_ITT_SIZE;
	dte = c->valid ? IRQLAB_ITS_ENTRY_VALID | c->itt | c->size : 0;
	return its_write_dte(its, c->devid, dte);
}

static int cmd_mapc(struct irqlab_its *its, const struct its_cmd *c)
{
	u64 cte;
	int ret = its_read_cte(its, c->icid, &cte);

	if (ret)
		return ret;
	if (c->valid && !rd_ok(its, c->rd1))
		return IRQLAB_ITS_ERR_RDBASE_RANGE;
	cte = c->valid ? IRQLAB_ITS_ENTRY_VALID | c->rd1 : 0;
	return its_write_cte(its, c->icid, cte);
}

/* MAPTI, and MAPI with pINTID = EventID. */
static int cmd_mapti(struct irqlab_its *its, const struct its_cmd *c, u32 pintid)
{
	u64 dte, ite, cte;
	int ret = its_read_dte(its, c->devid, &dte);

	if (!ret && !(dte & IRQLAB_ITS_ENTRY_VALID))
		ret = IRQLAB_ITS_ERR_DEV_UNMAPPED;
	if (!ret)
		ret = its_read_ite(its, dte, c->eventid, &ite);
	if (!ret && (pintid < IRQLAB_GIC_LPI_BASE || pintid >= (1u << IRQLAB_GIC_ID_BITS)))
		ret = IRQLAB_ITS_ERR_INTID_RANGE;
	/* The collection must exist in the table, not yet be mapped. */
	if (!ret)
		ret = its_read_cte(its, c->icid, &cte);
	if (ret)
		return ret;
	ite = IRQLAB_ITS_ENTRY_VALID | (u64)c->icid << ITS_ITE_ICID_SHIFT | pintid;
	return its_write_ite(its, dte, c->eventid, ite);
}

static int cmd_movi(struct irqlab_its *its, const struct its_cmd *c)
{
	unsigned int from, to;
	u64 dte, ite, cte = 0;
	int ret = its_resolve(its, c->devid, c->eventid, &dte, &ite, &from);

	if (!ret)
		ret = its_read_cte(its, c->icid, &cte);
	if (!ret && !(cte & IRQLAB_ITS_ENTRY_VALID))
		ret = IRQLAB_ITS_ERR_COLL_UNMAPPED;
	to = cte & ITS_CTE_CPU_MASK;
	if (!ret && !rd_ok(its, to))
		ret = IRQLAB_ITS_ERR_RDBASE_RANGE;
	if (!ret) {
		ite = (ite & ~(0xffffULL << ITS_ITE_ICID_SHIFT)) |
		      (u64)c->icid << ITS_ITE_ICID_SHIFT;
		ret = its_write_ite(its, dte, c->eventid, ite);
	}
	if (ret)
		return ret;
	if (from == to)
		return 0;
	/*
	 * The new redistributor may hold a stale configuration (INVs went to
	 * the old one): it reloads the LPI's byte, then takes the pending state.
	 */
	gicr_hw_inv(its->m, to, (u32)ite);
	if (gicr_hw_clear_pending(its->m, from, (u32)ite) == 1)
		gicr_hw_set_pending(its->m, to, (u32)ite);
	return 0;
}

/* INT, CLEAR, INV and DISCARD act on one mapped event. */
static int cmd_event(struct irqlab_its *its, const struct its_cmd *c)
{
	unsigned int cpu;
	u64 dte, ite;
	int ret = its_resolve(its, c->devid, c->eventid, &dte, &ite, &cpu);

	if (ret)
		return ret;
	switch (c->code) {
	case GITS_CMD_INT:
		gicr_hw_set_pending(its->m, cpu, (u32)ite);
		break;
	case GITS_CMD_CLEAR:
		gicr_hw_clear_pending(its->m, cpu, (u32)ite);
		break;
	case GITS_CMD_INV:
		gicr_hw_inv(its->m, cpu, (u32)ite);
		break;
	default: /* DISCARD */
		ret = its_write_ite(its, dte, c->eventid, 0);
		if (!ret)
			gicr_hw_clear_pending(its->m, cpu, (u32)ite);
		break;
	}
	return ret;
}

static int cmd_invall(struct irqlab_its *its, const struct its_cmd *c)
{
	u64 cte;
	int ret = its_read_cte(its, c->icid, &cte);

	if (!ret && !(cte & IRQLAB_ITS_ENTRY_VALID))
		ret = IRQLAB_ITS_ERR_COLL_UNMAPPED;
	if (!ret && !rd_ok(its, cte & ITS_CTE_CPU_MASK))
		ret = IRQLAB_ITS_ERR_RDBASE_RANGE;
	if (!ret)
		gicr_hw_invall(its->m, cte & ITS_CTE_CPU_MASK);
	return ret;
}

static int its_cmd_exec(struct irqlab_its *its, const struct its_cmd *c)
{
	switch (c->code) {
	case GITS_CMD_MAPD:
		return cmd_mapd(its, c);
	case GITS_CMD_MAPC:
		return cmd_mapc(its, c);
	case GITS_CMD_MAPTI:
		return cmd_mapti(its, c, c->pintid);
	case GITS_CMD_MAPI:
		return cmd_mapti(its, c, c->eventid);
	case GITS_CMD_MOVI:
		return cmd_movi(its, c);
	case GITS_CMD_INT:
	case GITS_CMD_CLEAR:
	case GITS_CMD_INV:
	case GITS_CMD_DISCARD:
		return cmd_event(its, c);
	case GITS_CMD_INVALL:
		return cmd_invall(its, c);
	case GITS_CMD_SYNC:
		/* Everything is synchronous: SYNC only checks its target. */
		return rd_ok(its, c->rd1) ? 0 : IRQLAB_ITS_ERR_RDBASE_RANGE;
	case GITS_CMD_MOVALL:
		if (!rd_ok(its, c->rd1) || !rd_ok(its, c->rd2))
			return IRQLAB_ITS_ERR_RDBASE_RANGE;
		gicr_hw_move_all(its->m, c->rd1, c->rd2);
		return 0;
	default:
		return IRQLAB_ITS_ERR_UNKNOWN_CMD;
	}
}

static void its_stall(struct irqlab_its *its, u8 code, u32 off, const struct its_cmd *c)
{
	its->creadr |= GITS_CREADR_STALLED;
	its_record(its, IRQLAB_ITS_SRC_COMMAND, IRQLAB_ITS_ERR_DMA, code, off,
		   c ? c->devid : 0, c ? c->eventid : 0);
}

void its_process_queue(struct irqlab_its *its)
{
	u64 qsize = ((its->cbaser & GITS_CBASER_SIZE_MASK) + 1) * 4096;
	u64 pa = its->cbaser & GITS_CBASER_PA_MASK;
	u64 wr = its->cwriter & GITS_OFFSET_MASK;
	struct its_cmd c;
	u64 dw[4];
	int ret;

	if (!(its->ctlr & GITS_CTLR_ENABLE) || !(its->cbaser & GITS_CBASER_VALID) ||
	    (its->creadr & GITS_CREADR_STALLED))
		return;
	/* CBASER may have shrunk under a CWRITER that was in range. */
	if (wr >= qsize) {
		its_record(its, IRQLAB_ITS_SRC_REGISTER, IRQLAB_ITS_ERR_CWRITER_RANGE,
			   0, (u32)wr, 0, 0);
		return;
	}
	while ((its->creadr & GITS_OFFSET_MASK) != wr) {
		u32 off = its->creadr & GITS_OFFSET_MASK;

		if (irqlab_mem_read(its->m, pa + off, dw, sizeof(dw))) {
			its_stall(its, 0, off, NULL);
			return;
		}
		its_cmd_decode(dw, &c);
		ret = its_cmd_exec(its, &c);
		if (ret == IRQLAB_ITS_ERR_DMA) {
			its_stall(its, c.code, off, &c);
			return;
		}
		if (ret)
			its_record(its, IRQLAB_ITS_SRC_COMMAND, ret, c.code, off, c.devid,
				   c.eventid);
		its->nr_cmds++;
		its->creadr = (off + ITS_CMD_SIZE) % qsize;
	}
}
