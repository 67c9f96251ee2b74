/* SPDX-License-Identifier: MIT */
/*
 * Private interfaces of the GIC kernel side (domains/gic_*.c): the GICv3
 * root domain and redistributor setup (gic_v3.c), the ITS driver and its
 * MSI parent domain (gic_its.c), the platform glue (gic_platform.c).  The
 * hardware is reached only through irqlab/gic_hw.h registers and the
 * tables in simulated memory (irqlab/sysmem.h).
 *
 * Lock order: desc->lock -> gic->dev_lock -> gic->cmd_lock -> the
 * hardware's locks.
 */
#ifndef IRQLAB_DOMAINS_GIC_INTERNALS_H
#define IRQLAB_DOMAINS_GIC_INTERNALS_H

#include "internals.h"
#include "irqlab/gic.h"
#include "irqlab/gic_hw.h"
#include "irqlab/msi.h"
#include "irqlab/sysmem.h"

/* LPI INTID width the kernel uses: min(GICD_TYPER.IDbits, ITS_MAX_LPI_NRBITS = 16). */
#define GIC_LPI_ID_BITS 16u
#define GIC_NR_IDS (1u << GIC_LPI_ID_BITS)
#define GIC_NR_LPIS (GIC_NR_IDS - IRQLAB_GIC_LPI_BASE)
#define GIC_PROP_SIZE GIC_NR_LPIS		/* one byte per LPI */
#define GIC_PEND_SIZE (GIC_NR_IDS / 8)		/* one bit per INTID */
#define GIC_PEND_ALIGN 0x10000			/* GICR_PENDBASER [51:16] */

/* The fwspec type of an LPI (kernel value). */
#define GIC_IRQ_TYPE_LPI 0xa110c8edu

/* ITS sizing (the kernel's choices where they exist). */
#define ITS_DEVBITS 16u				/* PCI requester IDs */
#define ITS_IDBITS 16u
#define ITS_CMD_QUEUE_SZ 0x10000		/* 64 KiB: 2048 commands */
#define ITS_TABLE_PAGE 0x10000			/* GITS_BASER page size 64 KiB */
#define ITS_ITT_ALIGN 256
#define ITS_NO_CPU UINT32_MAX

/**
 * struct gic_rdist - the kernel's view of one CPU's redistributor.
 * @pend: the pending table (kernel mapping).
 * @pend_pa: its physical address.
 * @lpi_enabled: EnableLPIs was set by this kernel.
 * @lpi_count: LPIs targeting this CPU (its_inc_lpi_count()).
 */
struct gic_rdist {
	u8 *pend;
	u64 pend_pa;
	bool lpi_enabled;
	unsigned int lpi_count;
};

/**
 * struct its_device - one DeviceID mapped in the ITS.
 * @next: the ITS's device list.
 * @gic: owner.
 * @device_id: the DeviceID.
 * @itt: the ITT (kernel mapping); @itt_pa its physical address.
 * @nr_ites: ITT entries, a power of two.
 * @lpi_base: first LPI of the device's range; @nr_lpis its size.
 * @event_map: events in use (bitmap of @nr_lpis bits).
 * @col_map: per event, the target CPU (= ICID), ITS_NO_CPU when inactive.
 * @shared: seen again through another alias: never freed by teardown.
 */
struct its_device {
	struct its_device *next;
	struct irqlab_gic *gic;
	u32 device_id;
	void *itt;
	u64 itt_pa;
	unsigned int nr_ites;
	u32 lpi_base;
	unsigned int nr_lpis;
	unsigned long *event_map;
	u32 *col_map;
	bool shared;
};

/**
 * struct irqlab_gic - the machine's GIC kernel-side state (m->gic).
 */
struct irqlab_gic {
	struct irqlab_machine *m;
	/* Redistributors: shared configuration table, per-CPU pending tables. */
	u8 *prop;
	u64 prop_pa;
	struct gic_rdist *rd;
	unsigned long *lpi_map;		/* allocated LPIs, bit 0 = INTID 8192 */
	struct fwnode_handle *gic_fwnode;
	struct irq_domain *domain;	/* GICv3 root */

	/* The ITS. */
	struct irqlab_its *its;
	u64 its_base;
	u64 *cmd_base;
	u64 cmd_pa;
	u32 cmd_write;
	bool its_enabled;
	void *tables[GITS_BASER_NR_REGS];
	u64 tables_pa[GITS_BASER_NR_REGS];
	u64 baser_type[GITS_BASER_NR_REGS];
	struct fwnode_handle *its_fwnode;
	struct irq_domain *its_domain;
	struct msi_domain_info its_info;	/* the ITS domain's host data */
	struct msi_domain_ops its_msi_ops;
	struct its_device *devices;
	struct irqlab_lock dev_lock;	/* @devices, LPI allocation */
	struct irqlab_lock cmd_lock;	/* the command queue */
};

static inline struct irqlab_gic *gic_of(struct irqlab_machine *m)
{
	return m ? m->gic : NULL;
}

/* gic_v3.c */
int gic_v3_init(struct irqlab_gic *gic);
void gic_v3_exit(struct irqlab_gic *gic);
void gic_cpu_init(struct irqlab_gic *gic, unsigned int cpu);
unsigned int gic_handle_irq(struct irqlab_gic *gic, unsigned int cpu);
int its_lpi_alloc(struct irqlab_gic *gic, unsigned int nr, u32 *base);
void its_lpi_free(struct irqlab_gic *gic, u32 base, unsigned int nr);
void lpi_write_config(struct irqlab_gic *gic, u32 lpi, u8 clr, u8 set);
void gic_direct_lpi_inv(struct irqlab_gic *gic, unsigned int cpu, u32 lpi);

/* gic_its.c */
int its_init(struct irqlab_gic *gic);
void its_exit(struct irqlab_gic *gic);
void its_cpu_init_collection(struct irqlab_gic *gic, unsigned int cpu);

/* Bitmaps (unsigned long words). */
static inline bool gic_test_bit(const unsigned long *map, unsigned int bit)
{
	return map[bit / BITS_PER_LONG] & BIT(bit % BITS_PER_LONG);
}

static inline void gic_assign_bits(unsigned long *map, unsigned int start, unsigned int nr,
				   bool val)
{
	unsigned int i;

	for (i = start; i < start + nr; i++) {
		if (val)
			map[i / BITS_PER_LONG] |= BIT(i % BITS_PER_LONG);
		else
			map[i / BITS_PER_LONG] &= ~BIT(i % BITS_PER_LONG);
	}
}

/* First @nr free bits below @size whose start is a multiple of @align; -1 if none. */
static inline int gic_find_free_area(const unsigned long *map, unsigned int size,
				     unsigned int nr, unsigned int align)
{
	unsigned int start, i;

	for (start = 0; start + nr <= size; start += align) {
		for (i = 0; i < nr && !gic_test_bit(map, start + i); i++)
			;
		if (i == nr)
			return (int)start;
	}
	return -1;
}

static inline unsigned int gic_roundup_pow_of_two(unsigned int n)
{
	unsigned int p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

static inline unsigned int gic_ilog2(unsigned int n)
{
	unsigned int l = 0;

	while (n >>= 1)
		l++;
	return l;
}

#endif
