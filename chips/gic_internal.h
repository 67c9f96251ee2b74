/* SPDX-License-Identifier: MIT */
/*
 * Private to chips/gic_*.c: the redistributor state shared by the
 * redistributor registers, the CPU interface and the ITS.
 *
 * Lock order: its->lock -> gic->lock -> the memory's lock.
 */
#ifndef IRQLAB_CHIPS_GIC_INTERNAL_H
#define IRQLAB_CHIPS_GIC_INTERNAL_H

#include "internals.h"
#include "irqlab/bus.h"
#include "irqlab/gic_hw.h"
#include "sysmem_internal.h"

/* Nested active priorities: strictly decreasing, 4 apart at least. */
#define GIC_MAX_ACTIVE 64

struct gic_active {
	u32 intid;
	u8 prio;
};

/* One redistributor and its CPU interface. */
struct gic_redist {
	u32 ctlr;
	u32 waker;
	u64 propbaser;
	u64 pendbaser;
	/* INTID -> (0x100 | config byte) of the LPIs loaded as enabled. */
	struct irqlab_radix cfg;
	unsigned long dropped;
	/* CPU interface. */
	u8 pmr;
	unsigned int nr_active;
	struct gic_active active[GIC_MAX_ACTIVE];
};

struct irqlab_gic_hw {
	struct irqlab_mem_agent agent;
	struct irqlab_machine *m;
	struct irqlab_lock lock;
	unsigned int nr;
	struct gic_redist rd[];
};

/* Register decoding shared by the GICR and GITS frames. */
struct gic_reg {
	u32 off;
	u8 width;	/* 4 or 8 bytes */
};

/*
 * Match an access: 64-bit registers take 8-byte accesses or 4-byte ones
 * to either half (@shift 0 or 32), 32-bit registers only 4-byte ones.
 */
static inline int gic_reg_decode(const struct gic_reg *regs, unsigned int n, u32 off,
				 unsigned int size, u32 *reg, unsigned int *shift)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (size == 8 && regs[i].width == 8 && off == regs[i].off) {
			*shift = 0;
		} else if (size == 4 && off == regs[i].off) {
			*shift = 0;
		} else if (size == 4 && regs[i].width == 8 && off == regs[i].off + 4) {
			*shift = 32;
		} else {
			continue;
		}
		*reg = regs[i].off;
		return 0;
	}
	return -EINVAL;
}

static inline u64 gic_reg_extract(u64 v, unsigned int size, unsigned int shift)
{
	return size == 8 ? v : (v >> shift) & 0xffffffffULL;
}

/* The register's new full value after writing @val over @old. */
static inline u64 gic_reg_merge(u64 old, u64 val, unsigned int size, unsigned int shift)
{
	if (size == 8)
		return val;
	return (old & ~(0xffffffffULL << shift)) | ((val & 0xffffffffULL) << shift);
}

/* The machine's redistributors, created on first use; NULL on -ENOMEM. */
struct irqlab_gic_hw *gicr_hw_get(struct irqlab_machine *m);

/* With gic->lock held. */
bool gicr_hw_in_range(const struct gic_redist *rd, u32 intid);
int gicr_hw_pending_test(struct irqlab_gic_hw *gic, struct gic_redist *rd, u32 intid);
int gicr_hw_pending_update(struct irqlab_gic_hw *gic, struct gic_redist *rd, u32 intid,
		       bool set);

/*
 * Redistributor side of the ITS (each takes gic->lock).  @cpu is a valid
 * processor number.
 */
/* Make @intid pending at @cpu; 0, or -errno when dropped (counted). */
int gicr_hw_set_pending(struct irqlab_machine *m, unsigned int cpu, u32 intid);
/* Clear it; 1 if it was pending, 0 if not, -errno. */
int gicr_hw_clear_pending(struct irqlab_machine *m, unsigned int cpu, u32 intid);
void gicr_hw_inv(struct irqlab_machine *m, unsigned int cpu, u32 intid);
void gicr_hw_invall(struct irqlab_machine *m, unsigned int cpu);
/* Move every pending LPI of @from to @to. */
void gicr_hw_move_all(struct irqlab_machine *m, unsigned int from, unsigned int to);

/* ---- ITS (gic_its*.c) ---------------------------------------------------- */

/* GITS_BASER<n> layout of this ITS. */
#define ITS_BASER_DEVICE 0
#define ITS_BASER_COLLECTION 1

struct irqlab_its {
	struct irqlab_mem_agent agent;
	struct irqlab_machine *m;
	struct irqlab_lock lock;
	u64 base;
	unsigned int devbits, idbits;
	bool claimed;
	u32 ctlr;
	u64 cbaser, cwriter, creadr;
	u64 baser[GITS_BASER_NR_REGS];
	unsigned long nr_cmds, nr_translated, nr_errors;
	struct irqlab_its_error log[IRQLAB_ITS_ERRLOG];
};

/*
 * Table access (gic_its_table.c), its->lock held.  These return 0 or a
 * positive enum irqlab_its_err.
 */
int its_read_dte(struct irqlab_its *its, u32 devid, u64 *dte);
int its_write_dte(struct irqlab_its *its, u32 devid, u64 dte);
int its_read_cte(struct irqlab_its *its, u32 icid, u64 *cte);
int its_write_cte(struct irqlab_its *its, u32 icid, u64 cte);
/* The ITT entry of (@dte's device, @eventid); @dte must be valid. */
int its_read_ite(struct irqlab_its *its, u64 dte, u32 eventid, u64 *ite);
int its_write_ite(struct irqlab_its *its, u64 dte, u32 eventid, u64 ite);
/* Full lookup: valid device, event and collection. */
int its_resolve(struct irqlab_its *its, u32 devid, u32 eventid, u64 *dte, u64 *ite,
		unsigned int *cpu);
/* Record a dropped command, doorbell write or register write. */
void its_record(struct irqlab_its *its, enum irqlab_its_err_source src, int reason,
		u8 cmd, u32 offset, u32 devid, u32 eventid);
/* The GITS_TRANSLATER bus handler. */
int its_doorbell(void *ctx, u64 addr, u32 data);

/* Commands (gic_its_cmd.c), its->lock held: run CREADR..CWRITER. */
void its_process_queue(struct irqlab_its *its);

/* Entry fields. */
#define ITS_DTE_ITT_MASK 0x000fffffffffff00ULL	/* [51:8] */
#define ITS_DTE_SIZE_MASK 0x1fULL
#define ITS_ITE_ICID_SHIFT 32
#define ITS_CTE_CPU_MASK 0xffffffffULL

#endif
