// SPDX-License-Identifier: MIT
/*
 * The ITS's tables in simulated memory (Device table, ITTs, Collection
 * table; entry formats in irqlab/gic_hw.h), the translation of a doorbell
 * write into an LPI at a redistributor, and the error log.
 */
#include "gic_internal.h"

/* Base and entry count of a flat table described by GITS_BASER<@n>. */
static int its_table(const struct irqlab_its *its, unsigned int n, u64 *pa, u64 *entries)
{
	static const u64 page_size[] = { 4096, 16384, 65536, 65536 };
	u64 v = its->baser[n];
	u64 psz = page_size[(v >> GITS_BASER_PAGE_SIZE_SHIFT) & 3];

	if (!(v & GITS_BASER_VALID))
		return IRQLAB_ITS_ERR_NO_TABLE;
	*pa = v & GITS_BASER_PA_MASK & ~(psz - 1);
	*entries = ((v & GITS_BASER_PAGES_MASK) + 1) * psz / IRQLAB_ITS_ENTRY_SIZE;
	return 0;
}

/* Address of entry @idx of table @n, which also must be below 2^@bits. */
static int its_entry_addr(const struct irqlab_its *its, unsigned int n, u32 idx,
			  unsigned int bits, int range_err, u64 *addr)
{
	u64 pa, entries;
	int ret;

	if (bits < 32 && idx >= (1u << bits))
		return range_err;
	ret = its_table(its, n, &pa, &entries);
	if (ret)
		return ret;
	if (idx >= entries)
		return range_err;
	*addr = pa + (u64)idx * IRQLAB_ITS_ENTRY_SIZE;
	return 0;
}

static int its_mem(struct irqlab_its *its, u64 addr, u64 *val, bool write)
{
	int ret = write ? irqlab_mem_write(its->m, addr, val, sizeof(*val)) :
			  irqlab_mem_read(its->m, addr, val, sizeof(*val));

	return ret ? IRQLAB_ITS_ERR_DMA : 0;
}

static int its_entry(struct irqlab_its *its, unsigned int n, u32 idx, unsigned int bits,
		     int range_err, u64 *val, bool write)
{
	u64 addr;
	int ret = its_entry_addr(its, n, idx, bits, range_err, &addr);

	return ret ? ret : its_mem(its, addr, val, write);
}

int its_read_dte(struct irqlab_its *its, u32 devid, u64 *dte)
{
	return its_entry(its, ITS_BASER_DEVICE, devid, its->devbits,
			 IRQLAB_ITS_ERR_DEVID_RANGE, dte, false);
}

int its_write_dte(struct irqlab_its *its, u32 devid, u64 dte)
{
	return its_entry(its, ITS_BASER_DEVICE, devid, its->devbits,
			 IRQLAB_ITS_ERR_DEVID_RANGE, &dte, true);
}

/* ICIDs are 16 bits (GITS_TYPER.CIL = 0). */
int its_read_cte(struct irqlab_its *its, u32 icid, u64 *cte)
{
	return its_entry(its, ITS_BASER_COLLECTION, icid, 16, IRQLAB_ITS_ERR_ICID_RANGE,
			 cte, false);
}

int its_write_cte(struct irqlab_its *its, u32 icid, u64 cte)
{
	return its_entry(its, ITS_BASER_COLLECTION, icid, 16, IRQLAB_ITS_ERR_ICID_RANGE,
			 &cte, true);
}

static int its_ite_addr(u64 dte, u32 eventid, u64 *addr)
{
	unsigned int bits = (dte & ITS_DTE_SIZE_MASK) + 1;

	if (bits < 32 && eventid >= (1u << bits))
		return IRQLAB_ITS_ERR_EVENTID_RANGE;
	*addr = (dte & ITS_DTE_ITT_MASK) + (u64)eventid * IRQLAB_ITS_ENTRY_SIZE;
	return 0;
}

int its_read_ite(struct irqlab_its *its, u64 dte, u32 eventid, u64 *ite)
{
	u64 addr;
	int ret = its_ite_addr(dte, eventid, &addr);

	return ret ? ret : its_mem(its, addr, ite, false);
}

int its_write_ite(struct irqlab_its *its, u64 dte, u32 eventid, u64 ite)
{
	u64 addr;
	int ret = its_ite_addr(dte, eventid, &addr);

	return ret ? ret : its_mem(its, addr, &ite, true);
}

int its_resolve(struct irqlab_its *its, u32 devid, u32 eventid, u64 *dte, u64 *ite,
		unsigned int *cpu)
{
	u64 cte;
	int ret;

	ret = its_read_dte(its, devid, dte);
	if (!ret && !(*dte & IRQLAB_ITS_ENTRY_VALID))
		ret = IRQLAB_ITS_ERR_DEV_UNMAPPED;
	if (!ret)
		ret = its_read_ite(its, *dte, eventid, ite);
	if (!ret && !(*ite & IRQLAB_ITS_ENTRY_VALID))
		ret = IRQLAB_ITS_ERR_EVENT_UNMAPPED;
	if (!ret)
		ret = its_read_cte(its, (u16)(*ite >> ITS_ITE_ICID_SHIFT), &cte);
	if (!ret && !(cte & IRQLAB_ITS_ENTRY_VALID))
		ret = IRQLAB_ITS_ERR_COLL_UNMAPPED;
	if (!ret)
		*cpu = cte & ITS_CTE_CPU_MASK;
	/* Entries are in memory, where the kernel could have scribbled. */
	if (!ret && *cpu >= its->m->nr_cpus)
		ret = IRQLAB_ITS_ERR_RDBASE_RANGE;
	return ret;
}

void its_record(struct irqlab_its *its, enum irqlab_its_err_source src, int reason,
		u8 cmd, u32 offset, u32 devid, u32 eventid)
{
	struct irqlab_its_error *e = &its->log[its->nr_errors % IRQLAB_ITS_ERRLOG];

	its->nr_errors++;
	*e = (struct irqlab_its_error){
		.seq = its->nr_errors, .source = src, .reason = reason,
		.cmd_nr = its->nr_cmds, .cmd = cmd, .offset = offset,
		.devid = devid, .eventid = eventid,
	};
}

/*
 * A device's write to GITS_TRANSLATER: EventID in the data, DeviceID from
 * the requester ID.  Refused writes are recorded, not reported to the bus:
 * the write itself completed, as on real hardware.
 */
int its_doorbell(void *ctx, u64 addr, u32 data)
{
	struct irqlab_its *its = ctx;
	u32 devid = irqlab_bus_requester_id(its->m);
	unsigned int cpu;
	u64 dte, ite;
	int ret;

	if (addr != its->base + GITS_TRANSLATER)
		return -EINVAL;	/* the rest of the frames takes no bus writes */
	irqlab_lock_acquire(&its->lock);
	if (!(its->ctlr & GITS_CTLR_ENABLE))
		ret = IRQLAB_ITS_ERR_DISABLED;
	else if (devid == IRQLAB_BUS_NO_RID)
		ret = IRQLAB_ITS_ERR_NO_DEVID;
	else
		ret = its_resolve(its, devid, data, &dte, &ite, &cpu);
	if (ret) {
		its_record(its, IRQLAB_ITS_SRC_TRANSLATE, ret, 0, 0, devid, data);
	} else {
		its->nr_translated++;
		gicr_hw_set_pending(its->m, cpu, (u32)ite);
	}
	irqlab_lock_release(&its->lock);
	return 0;
}
