// SPDX-License-Identifier: MIT
/*
 * The emulated GICv3-like hardware, driven as a kernel drives it: register
 * accesses, tables and a command queue in simulated memory, and device
 * writes of the ITS doorbell with a requester ID on the bus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "irqlab/bus.h"
#include "irqlab/gic_hw.h"
#include "irqlab/sysmem.h"

#define NCPU 4
#define ITS_BASE 0x08080000ULL
#define LPI_BITS 16
#define PROP_SIZE ((1u << LPI_BITS) - IRQLAB_GIC_LPI_BASE)
#define PEND_SIZE ((1u << LPI_BITS) / 8)
#define DT_PAGES 4	/* 4 KiB pages of 8-byte entries: 2048 devices */
#define CT_PAGES 1	/* 512 collections */
#define QUEUE_SIZE 4096
#define LPI 8192u
#define SPURIOUS ((int)IRQLAB_GIC_SPURIOUS)
#define PROP_DISABLED (LPI_PROP_DEFAULT_PRIO | LPI_PROP_GROUP1)

/* The test's "kernel": the memory it gave the hardware and its queue. */
static struct {
	u8 *prop;
	u64 prop_pa;
	u8 *pend[NCPU];
	u64 pend_pa[NCPU];
	struct irqlab_its *its;
	u64 *dt, *ct, *queue;
	u64 dt_pa, ct_pa, queue_pa;
	u32 cwriter;
} k;

/* ---- register helpers ---------------------------------------------------- */

static void gicr_w(unsigned int cpu, u32 off, unsigned int size, u64 val)
{
	ck_assert_int_eq(irqlab_gicr_write(tm, cpu, off, size, val), 0);
}

static u64 gicr_r(unsigned int cpu, u32 off, unsigned int size)
{
	u64 v;

	ck_assert_int_eq(irqlab_gicr_read(tm, cpu, off, size, &v), 0);
	return v;
}

static void its_w(u32 off, unsigned int size, u64 val)
{
	ck_assert_int_eq(irqlab_its_mmio_write(tm, k.its, off, size, val), 0);
}

static u64 its_r(u32 off, unsigned int size)
{
	u64 v;

	ck_assert_int_eq(irqlab_its_mmio_read(tm, k.its, off, size, &v), 0);
	return v;
}

static void *dma(size_t size, size_t align, u64 *pa)
{
	void *va;

	ck_assert_int_eq(irqlab_dma_alloc(tm, size, align, pa, &va), 0);
	return va;
}

/* ---- setup as a kernel does it ------------------------------------------- */

/* Config table shared by all redistributors, one pending table each. */
static void redist_setup(void)
{
	unsigned int cpu;

	k.prop = dma(PROP_SIZE, 4096, &k.prop_pa);
	memset(k.prop, PROP_DISABLED, PROP_SIZE);
	for (cpu = 0; cpu < NCPU; cpu++) {
		k.pend[cpu] = dma(PEND_SIZE, 65536, &k.pend_pa[cpu]);
		gicr_w(cpu, GICR_PROPBASER, 8, k.prop_pa | (LPI_BITS - 1));
		gicr_w(cpu, GICR_PENDBASER, 8, k.pend_pa[cpu] | GICR_PENDBASER_PTZ);
		gicr_w(cpu, GICR_WAKER, 4, 0);
		gicr_w(cpu, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
		ck_assert_int_eq(irqlab_gic_pmr_write(tm, cpu, 0xf0), 0);
	}
}

static void its_queue(u64 d0, u64 d1, u64 d2, u64 d3)
{
	u64 *c = &k.queue[k.cwriter / 8];

	c[0] = d0;
	c[1] = d1;
	c[2] = d2;
	c[3] = d3;
	k.cwriter = (k.cwriter + ITS_CMD_SIZE) % QUEUE_SIZE;
}

static void its_kick(void)
{
	its_w(GITS_CWRITER, 8, k.cwriter);
}

static void its_cmd(u64 d0, u64 d1, u64 d2, u64 d3)
{
	its_queue(d0, d1, d2, d3);
	its_kick();
}

static void cmd_mapd(u32 dev, u64 itt, unsigned int bits, bool valid)
{
	its_cmd(GITS_CMD_MAPD | (u64)dev << 32, bits - 1, (valid ? 1ULL << 63 : 0) | itt, 0);
}

static void cmd_mapc(u32 icid, u64 rd, bool valid)
{
	its_cmd(GITS_CMD_MAPC, 0, (valid ? 1ULL << 63 : 0) | rd << 16 | icid, 0);
}

static void cmd_mapti(u32 dev, u32 ev, u32 intid, u32 icid)
{
	its_cmd(GITS_CMD_MAPTI | (u64)dev << 32, ev | (u64)intid << 32, icid, 0);
}

static void cmd_movi(u32 dev, u32 ev, u32 icid)
{
	its_cmd(GITS_CMD_MOVI | (u64)dev << 32, ev, icid, 0);
}

/* INT, CLEAR, INV, DISCARD. */
static void cmd_ev(u8 code, u32 dev, u32 ev)
{
	its_cmd(code | (u64)dev << 32, ev, 0, 0);
}

static void cmd_rd(u8 code, u64 rd1, u64 rd2)
{
	its_cmd(code, 0, rd1 << 16, rd2 << 16);
}

static void its_setup(void)
{
	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE, 16, 16, &k.its), 0);
	k.dt = dma(DT_PAGES * 4096, 4096, &k.dt_pa);
	k.ct = dma(CT_PAGES * 4096, 4096, &k.ct_pa);
	k.queue = dma(QUEUE_SIZE, 4096, &k.queue_pa);
	k.cwriter = 0;
	its_w(GITS_BASER + 0, 8, GITS_BASER_VALID | k.dt_pa | GITS_BASER_PAGE_SIZE_4K |
				 (DT_PAGES - 1));
	its_w(GITS_BASER + 8, 8, GITS_BASER_VALID | k.ct_pa | (CT_PAGES - 1));
	its_w(GITS_CBASER, 8, GITS_CBASER_VALID | k.queue_pa | (QUEUE_SIZE / 4096 - 1));
	its_w(GITS_CWRITER, 8, 0);
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
}

/* One collection per CPU, as Linux sets up: ICID n targets CPU n. */
static void map_collections(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NCPU; cpu++)
		cmd_mapc(cpu, cpu, true);
	cmd_rd(GITS_CMD_SYNC, 0, 0);
}

static u64 map_device(u32 dev, unsigned int bits)
{
	u64 itt;

	dma((size_t)IRQLAB_ITS_ENTRY_SIZE << bits, 256, &itt);
	cmd_mapd(dev, itt, bits, true);
	return itt;
}

static void gic_setup(void)
{
	memset(&k, 0, sizeof(k));
	tm_setup();
	redist_setup();
	its_setup();
	map_collections();
}

static void gic_teardown(void)
{
	tm_teardown();	/* the ITS and all regions go with the machine */
}

static int fire(u32 dev, u32 ev)
{
	return irqlab_bus_write_rid(tm, ITS_BASE + GITS_TRANSLATER, ev, dev);
}

/* Enable an LPI in the config table (memory only: INV makes it take effect). */
static void prop_set(u32 intid, u8 prio, bool enabled)
{
	k.prop[intid - LPI] = prio | LPI_PROP_GROUP1 | (enabled ? LPI_PROP_ENABLED : 0);
}

/* The pending bit as the kernel reads it from memory. */
static int pend_bit(unsigned int cpu, u32 intid)
{
	return (k.pend[cpu][intid / 8] >> (intid % 8)) & 1;
}

static struct irqlab_its_error last_err(void)
{
	struct irqlab_its_error e;

	ck_assert_int_eq(irqlab_its_get_error(k.its, irqlab_its_nr_errors(k.its), &e), 0);
	return e;
}

static void assert_queue_drained(void)
{
	ck_assert_uint_eq(its_r(GITS_CREADR, 8), k.cwriter);
}

/* An LPI mapped as (dev, ev) -> intid in collection @icid, enabled, INV'd. */
static void route(u32 dev, u32 ev, u32 intid, u32 icid, u8 prio)
{
	cmd_mapti(dev, ev, intid, icid);
	prop_set(intid, prio, true);
	cmd_ev(GITS_CMD_INV, dev, ev);
}

/* ---- redistributor ------------------------------------------------------- */

START_TEST(test_gicr_id_registers)
{
	unsigned int cpu;
	u64 v;

	for (cpu = 0; cpu < NCPU; cpu++) {
		v = gicr_r(cpu, GICR_TYPER, 8);
		ck_assert_uint_eq((v >> GICR_TYPER_PROC_NUM_SHIFT) & 0xffff, cpu);
		ck_assert_uint_eq(v >> GICR_TYPER_AFF_SHIFT, cpu);
		ck_assert(v & GICR_TYPER_PLPIS);
		ck_assert(v & GICR_TYPER_DirectLPIS);
		ck_assert_int_eq(!!(v & GICR_TYPER_LAST), cpu == NCPU - 1);
		/* 32-bit halves of a 64-bit register. */
		ck_assert_uint_eq(gicr_r(cpu, GICR_TYPER, 4), v & 0xffffffff);
		ck_assert_uint_eq(gicr_r(cpu, GICR_TYPER + 4, 4), v >> 32);
	}
	ck_assert_uint_eq(gicr_r(0, GICR_IIDR, 4), 0x43b);
	ck_assert_uint_eq(gicr_r(0, GICR_PIDR2, 4) & 0xf0, GIC_PIDR2_ARCH_GICv3);
	ck_assert_uint_eq(gicr_r(0, GICR_SYNCR, 4), 0);
	ck_assert_uint_eq(gicr_r(0, GICR_INVLPIR, 8), 0);
	/* Read-only registers ignore writes. */
	gicr_w(1, GICR_TYPER, 8, 0);
	ck_assert_uint_eq(gicr_r(1, GICR_TYPER, 8) >> GICR_TYPER_AFF_SHIFT, 1);
	gicr_w(1, GICR_IIDR, 4, 0);
	ck_assert_uint_eq(gicr_r(1, GICR_IIDR, 4), 0x43b);
	/* WAKER: asleep at reset; ChildrenAsleep follows ProcessorSleep. */
	ck_assert_uint_eq(gicr_r(2, GICR_WAKER, 4),
			  GICR_WAKER_ProcessorSleep | GICR_WAKER_ChildrenAsleep);
	gicr_w(2, GICR_WAKER, 4, 0);
	ck_assert_uint_eq(gicr_r(2, GICR_WAKER, 4), 0);
	gicr_w(2, GICR_WAKER, 4, GICR_WAKER_ProcessorSleep);
	ck_assert_uint_eq(gicr_r(2, GICR_WAKER, 4), 6);
	/* CTLR keeps only EnableLPIs; RWP reads 0. */
	gicr_w(3, GICR_CTLR, 4, 0xffffffff);
	ck_assert_uint_eq(gicr_r(3, GICR_CTLR, 4), GICR_CTLR_ENABLE_LPIS);
}
END_TEST

START_TEST(test_gicr_bad_accesses)
{
	u64 v = 0;

	gicr_w(0, GICR_PROPBASER, 8, 0x40001000ULL | 15);
	/* Unknown offset, bad size, 8-byte access to a 32-bit register. */
	ck_assert_int_eq(irqlab_gicr_read(tm, 0, 0x10, 4, &v), -EINVAL);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_int_eq(irqlab_gicr_read(tm, 0, GICR_PROPBASER, 2, &v), -EINVAL);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_int_eq(irqlab_gicr_read(tm, 0, GICR_CTLR, 8, &v), -EINVAL);
	ck_assert_uint_eq(v, ~0ULL);
	ck_assert_int_eq(irqlab_gicr_read(tm, 0, GICR_PROPBASER + 2, 4, &v), -EINVAL);
	ck_assert_int_eq(irqlab_gicr_read(tm, NCPU, GICR_CTLR, 4, &v), -EINVAL);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_int_eq(irqlab_gicr_read(NULL, 0, GICR_CTLR, 4, &v), -EINVAL);
	ck_assert_int_eq(irqlab_gicr_write(tm, 0, GICR_PROPBASER, 2, 0), -EINVAL);
	ck_assert_int_eq(irqlab_gicr_write(tm, 0, GICR_PROPBASER + 1, 8, 0), -EINVAL);
	ck_assert_int_eq(irqlab_gicr_write(tm, 0, GICR_CTLR, 8, 1), -EINVAL);
	ck_assert_int_eq(irqlab_gicr_write(tm, NCPU, GICR_CTLR, 4, 1), -EINVAL);
	ck_assert_int_eq(irqlab_gicr_write(NULL, 0, GICR_CTLR, 4, 1), -EINVAL);
	/* Nothing changed. */
	ck_assert_uint_eq(gicr_r(0, GICR_PROPBASER, 8), 0x40001000ULL | 15);
	ck_assert_uint_eq(gicr_r(0, GICR_CTLR, 4), 0);
}
END_TEST

START_TEST(test_gicr_basers)
{
	/* Writable fields only; PTZ is write-only. */
	gicr_w(0, GICR_PROPBASER, 8, ~0ULL);
	ck_assert_uint_eq(gicr_r(0, GICR_PROPBASER, 8),
			  GICR_PROPBASER_PA_MASK | 0x1f | (7ULL << 7) | (3ULL << 10) |
			  (7ULL << 56));
	gicr_w(0, GICR_PENDBASER, 8, ~0ULL);
	ck_assert_uint_eq(gicr_r(0, GICR_PENDBASER, 8),
			  GICR_PENDBASER_PA_MASK | (7ULL << 7) | (3ULL << 10) | (7ULL << 56));
	/* Halves: the other half is kept. */
	gicr_w(1, GICR_PROPBASER, 8, 0x1234000ULL | 13);
	gicr_w(1, GICR_PROPBASER + 4, 4, 0x5);
	ck_assert_uint_eq(gicr_r(1, GICR_PROPBASER, 8), 0x500000000ULL | 0x1234000ULL | 13);
	gicr_w(1, GICR_PROPBASER, 4, 0x8000f);
	ck_assert_uint_eq(gicr_r(1, GICR_PROPBASER, 8), 0x500000000ULL | 0x80000 | 15);
	/* Read-only while LPIs are enabled. */
	gicr_w(1, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	gicr_w(1, GICR_PROPBASER, 8, 0);
	gicr_w(1, GICR_PENDBASER, 8, 0x10000);
	ck_assert_uint_eq(gicr_r(1, GICR_PROPBASER, 8), 0x500000000ULL | 0x80000 | 15);
	ck_assert_uint_eq(gicr_r(1, GICR_PENDBASER, 8), 0);
	/* And writable again once disabled. */
	gicr_w(1, GICR_CTLR, 4, 0);
	gicr_w(1, GICR_PENDBASER, 8, 0x10000);
	ck_assert_uint_eq(gicr_r(1, GICR_PENDBASER, 8), 0x10000);
}
END_TEST

START_TEST(test_gicr_pending_table_in_memory)
{
	redist_setup();
	/* Direct LPIs: SETLPIR / CLRLPIR change the bit in memory. */
	gicr_w(1, GICR_SETLPIR, 8, LPI + 9);
	ck_assert_int_eq(pend_bit(1, LPI + 9), 1);
	ck_assert_int_eq(pend_bit(0, LPI + 9), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, 1, LPI + 9), 1);
	gicr_w(1, GICR_CLRLPIR, 8, LPI + 9);
	ck_assert_int_eq(pend_bit(1, LPI + 9), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, 1, LPI + 9), 0);
	/* A 32-bit write of the low half triggers; the high half does not. */
	gicr_w(2, GICR_SETLPIR, 4, LPI + 1);
	gicr_w(2, GICR_SETLPIR + 4, 4, LPI + 2);
	ck_assert_int_eq(pend_bit(2, LPI + 1), 1);
	ck_assert_int_eq(pend_bit(2, LPI + 2), 0);
	/* The memory is the state: what the kernel writes there counts. */
	k.pend[3][(LPI + 17) / 8] |= 1u << ((LPI + 17) % 8);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, 3, LPI + 17), 1);
	prop_set(LPI + 17, 0x20, true);
	gicr_w(3, GICR_INVLPIR, 8, LPI + 17);
	ck_assert_int_eq(irqlab_gic_ack(tm, 3), LPI + 17);
	ck_assert_int_eq(k.pend[3][(LPI + 17) / 8], 0);
	/* Queries reject what is not an LPI of this redistributor. */
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, 0, 8191), -EINVAL);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, 0, 1u << LPI_BITS), -EINVAL);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, NCPU, LPI), -EINVAL);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(NULL, 0, LPI), -EINVAL);
	ck_assert_uint_eq(irqlab_gicr_nr_dropped(tm, 0), 0);
	ck_assert_uint_eq(irqlab_gicr_nr_dropped(tm, NCPU), 0);
	ck_assert_uint_eq(irqlab_gicr_nr_dropped(NULL, 0), 0);
}
END_TEST

START_TEST(test_gicr_drops)
{
	u8 cfg;

	redist_setup();
	/* EnableLPIs = 0: the LPI is dropped and counted, memory untouched. */
	gicr_w(0, GICR_CTLR, 4, 0);
	gicr_w(0, GICR_SETLPIR, 8, LPI + 3);
	ck_assert_int_eq(pend_bit(0, LPI + 3), 0);
	ck_assert_uint_eq(irqlab_gicr_nr_dropped(tm, 0), 1);
	/* CLRLPIR and INVLPIR do nothing while disabled. */
	k.pend[0][(LPI + 3) / 8] = 0xff;
	prop_set(LPI + 3, 0x10, true);
	gicr_w(0, GICR_CLRLPIR, 8, LPI + 3);
	gicr_w(0, GICR_INVLPIR, 8, LPI + 3);
	ck_assert_uint_eq(k.pend[0][(LPI + 3) / 8], 0xff);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 0, LPI + 3, &cfg), -ENOENT);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), SPURIOUS);
	/* Not an LPI: dropped. */
	gicr_w(1, GICR_SETLPIR, 8, 8191);
	gicr_w(1, GICR_SETLPIR, 8, 1u << LPI_BITS);
	ck_assert_uint_eq(irqlab_gicr_nr_dropped(tm, 1), 2);
	/* A smaller IDbits shrinks the LPI range. */
	gicr_w(2, GICR_CTLR, 4, 0);
	gicr_w(2, GICR_PROPBASER, 8, k.prop_pa | 13);	/* 14 bits: < 16384 */
	gicr_w(2, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	gicr_w(2, GICR_SETLPIR, 8, 16383);
	gicr_w(2, GICR_SETLPIR, 8, 16384);
	ck_assert_int_eq(pend_bit(2, 16383), 1);
	ck_assert_int_eq(pend_bit(2, 16384), 0);
	ck_assert_uint_eq(irqlab_gicr_nr_dropped(tm, 2), 1);
	/* Fewer bits than LPIs need: no LPI at all. */
	gicr_w(2, GICR_CTLR, 4, 0);
	gicr_w(2, GICR_PROPBASER, 8, k.prop_pa | 12);
	gicr_w(2, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	gicr_w(2, GICR_SETLPIR, 8, LPI);
	ck_assert_uint_eq(irqlab_gicr_nr_dropped(tm, 2), 2);
	/* A pending table that is not in memory: dropped. */
	gicr_w(3, GICR_CTLR, 4, 0);
	gicr_w(3, GICR_PENDBASER, 8, 0x10000);
	gicr_w(3, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	gicr_w(3, GICR_SETLPIR, 8, LPI);
	ck_assert_uint_eq(irqlab_gicr_nr_dropped(tm, 3), 1);
	gicr_w(3, GICR_CLRLPIR, 8, LPI);
	ck_assert_int_eq(irqlab_gicr_lpi_pending(tm, 3, LPI), -EFAULT);
	ck_assert_int_eq(irqlab_gic_ack(tm, 3), SPURIOUS);
}
END_TEST

START_TEST(test_gicr_inv_semantics)
{
	u8 cfg;

	redist_setup();
	/* Pending while disabled: stays pending, not delivered. */
	gicr_w(0, GICR_SETLPIR, 8, LPI + 5);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), SPURIOUS);
	ck_assert_int_eq(pend_bit(0, LPI + 5), 1);
	/* Enabled in memory only: the redistributor still uses its cache. */
	prop_set(LPI + 5, 0x40, true);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 0, LPI + 5, &cfg), -ENOENT);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), SPURIOUS);
	ck_assert_int_eq(pend_bit(0, LPI + 5), 1);
	/* INV on another redistributor does not help this one. */
	gicr_w(1, GICR_INVLPIR, 8, LPI + 5);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), SPURIOUS);
	gicr_w(0, GICR_INVLPIR, 8, LPI + 5);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 0, LPI + 5, &cfg), 0);
	ck_assert_uint_eq(cfg, 0x40 | LPI_PROP_GROUP1 | LPI_PROP_ENABLED);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), LPI + 5);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 0, LPI + 5), 0);
	/* Disabled in memory: still delivered until INVALL. */
	prop_set(LPI + 5, 0x40, false);
	gicr_w(0, GICR_SETLPIR, 8, LPI + 5);
	ck_assert_int_eq(irqlab_gic_hppir(tm, 0), LPI + 5);
	gicr_w(0, GICR_INVALLR, 4, 0);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 0, LPI + 5, &cfg), -ENOENT);
	ck_assert_int_eq(irqlab_gic_hppir(tm, 0), SPURIOUS);
	ck_assert_int_eq(pend_bit(0, LPI + 5), 1);
	/* INVALLR's high half is not a trigger; INVLPIR out of range ignored. */
	prop_set(LPI + 5, 0x40, true);
	gicr_w(0, GICR_INVALLR + 4, 4, 0);
	gicr_w(0, GICR_INVLPIR, 8, 100);
	ck_assert_int_eq(irqlab_gic_hppir(tm, 0), SPURIOUS);
	/* Disabling LPIs drops the cache; re-enabling reloads the table. */
	gicr_w(0, GICR_INVLPIR, 8, LPI + 5);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 0, LPI + 5, &cfg), 0);
	gicr_w(0, GICR_CTLR, 4, 0);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 0, LPI + 5, &cfg), -ENOENT);
	ck_assert_int_eq(irqlab_gic_hppir(tm, 0), SPURIOUS);
	gicr_w(0, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	ck_assert_int_eq(irqlab_gic_hppir(tm, 0), LPI + 5);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, NCPU, LPI, &cfg), -EINVAL);
	ck_assert_int_eq(irqlab_gicr_lpi_config(NULL, 0, LPI, &cfg), -EINVAL);
}
END_TEST

START_TEST(test_gicr_short_config_table)
{
	u64 pa, pend;
	u8 *prop, cfg;

	/* IDbits say 57344 LPIs, but the table holds 300 bytes. */
	prop = dma(300, 4096, &pa);
	dma(PEND_SIZE, 65536, &pend);
	prop[0] = 0x81;
	prop[299] = 0x81;
	gicr_w(0, GICR_PROPBASER, 8, pa | 15);
	gicr_w(0, GICR_PENDBASER, 8, pend);
	gicr_w(0, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 0, LPI, &cfg), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 0, LPI + 299, &cfg), 0);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 0, LPI + 300, &cfg), -ENOENT);
	/* INV beyond the table: disabled. */
	gicr_w(0, GICR_INVLPIR, 8, LPI + 5000);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 0, LPI + 5000, &cfg), -ENOENT);
	/* No table at all. */
	gicr_w(1, GICR_PROPBASER, 8, 0x1000 | 15);
	gicr_w(1, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 1, LPI, &cfg), -ENOENT);
}
END_TEST

/* ---- CPU interface ------------------------------------------------------- */

START_TEST(test_cpuif_priority_order)
{
	redist_setup();
	prop_set(LPI + 1, 0x80, true);
	prop_set(LPI + 2, 0x40, true);
	prop_set(LPI + 3, 0xa0, true);
	prop_set(LPI + 4, 0x40, true);
	gicr_w(0, GICR_INVALLR, 8, 0);
	ck_assert_int_eq(irqlab_gic_hppir(tm, 0), SPURIOUS);
	ck_assert(!irqlab_gic_irq_pending(tm, 0));
	gicr_w(0, GICR_SETLPIR, 8, LPI + 1);
	gicr_w(0, GICR_SETLPIR, 8, LPI + 3);
	gicr_w(0, GICR_SETLPIR, 8, LPI + 4);
	gicr_w(0, GICR_SETLPIR, 8, LPI + 2);
	ck_assert(irqlab_gic_irq_pending(tm, 0));
	ck_assert_int_eq(irqlab_gic_rpr(tm, 0), 0xff);
	/* Highest priority first; equal priorities by INTID. */
	ck_assert_int_eq(irqlab_gic_hppir(tm, 0), LPI + 2);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), LPI + 2);
	ck_assert_int_eq(pend_bit(0, LPI + 2), 0);
	ck_assert_int_eq(irqlab_gic_rpr(tm, 0), 0x40);
	/* Same priority as running: no preemption. */
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), SPURIOUS);
	ck_assert(!irqlab_gic_irq_pending(tm, 0));
	ck_assert_int_eq(irqlab_gic_hppir(tm, 0), LPI + 4);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 0, LPI + 2), 0);
	ck_assert_int_eq(irqlab_gic_rpr(tm, 0), 0xff);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), LPI + 4);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 0, LPI + 4), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), LPI + 1);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 0, LPI + 1), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), LPI + 3);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 0, LPI + 3), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), SPURIOUS);
	/* Other CPUs saw nothing. */
	ck_assert_int_eq(irqlab_gic_ack(tm, 1), SPURIOUS);
}
END_TEST

START_TEST(test_cpuif_priority_mask)
{
	redist_setup();
	prop_set(LPI + 1, 0x80, true);
	prop_set(LPI + 2, 0x40, true);
	gicr_w(1, GICR_INVALLR, 8, 0);
	gicr_w(1, GICR_SETLPIR, 8, LPI + 1);
	gicr_w(1, GICR_SETLPIR, 8, LPI + 2);
	/* PMR resets to 0: everything is masked, HPPIR still sees it. */
	ck_assert_int_eq(irqlab_gic_pmr_write(tm, 1, 0), 0);
	ck_assert_int_eq(irqlab_gic_pmr_read(tm, 1), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 1), SPURIOUS);
	ck_assert_int_eq(irqlab_gic_hppir(tm, 1), LPI + 2);
	/* Only priorities strictly below the mask pass. */
	ck_assert_int_eq(irqlab_gic_pmr_write(tm, 1, 0x40), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 1), SPURIOUS);
	ck_assert_int_eq(irqlab_gic_pmr_write(tm, 1, 0x80), 0);
	ck_assert_int_eq(irqlab_gic_pmr_read(tm, 1), 0x80);
	ck_assert_int_eq(irqlab_gic_ack(tm, 1), LPI + 2);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 1, LPI + 2), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 1), SPURIOUS);
	ck_assert_int_eq(pend_bit(1, LPI + 1), 1);
	ck_assert_int_eq(irqlab_gic_pmr_write(tm, 1, 0xff), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 1), LPI + 1);
}
END_TEST

START_TEST(test_cpuif_fresh_cpu_masked)
{
	/* Architectural reset: PMR 0, so a fresh CPU takes nothing. */
	ck_assert_int_eq(irqlab_gic_pmr_read(tm, 0), 0);
	ck_assert_int_eq(irqlab_gic_rpr(tm, 0), 0xff);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), SPURIOUS);
}
END_TEST

START_TEST(test_cpuif_preemption)
{
	redist_setup();
	prop_set(LPI + 1, 0xa0, true);
	prop_set(LPI + 2, 0x40, true);
	prop_set(LPI + 3, 0x60, true);
	gicr_w(2, GICR_INVALLR, 8, 0);
	gicr_w(2, GICR_SETLPIR, 8, LPI + 1);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), LPI + 1);
	/* LPIs have no active state: it can be pending again while "active". */
	gicr_w(2, GICR_SETLPIR, 8, LPI + 1);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), SPURIOUS);
	/* A higher priority preempts, and nests. */
	gicr_w(2, GICR_SETLPIR, 8, LPI + 3);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), LPI + 3);
	gicr_w(2, GICR_SETLPIR, 8, LPI + 2);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), LPI + 2);
	ck_assert_int_eq(irqlab_gic_rpr(tm, 2), 0x40);
	/* EOI must name the most recent acknowledge; misuse changes nothing. */
	ck_assert_int_eq(irqlab_gic_eoi(tm, 2, LPI + 1), -EINVAL);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 2, IRQLAB_GIC_SPURIOUS), -EINVAL);
	ck_assert_int_eq(irqlab_gic_rpr(tm, 2), 0x40);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 2, LPI + 2), 0);
	ck_assert_int_eq(irqlab_gic_rpr(tm, 2), 0x60);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 2, LPI + 3), 0);
	ck_assert_int_eq(irqlab_gic_rpr(tm, 2), 0xa0);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 2, LPI + 1), 0);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 2, LPI + 1), -EINVAL);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), LPI + 1);
	/* EnableLPIs off: nothing is signalled. */
	ck_assert_int_eq(irqlab_gic_eoi(tm, 2, LPI + 1), 0);
	gicr_w(2, GICR_SETLPIR, 8, LPI + 1);
	gicr_w(2, GICR_CTLR, 4, 0);
	ck_assert_int_eq(irqlab_gic_hppir(tm, 2), SPURIOUS);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), SPURIOUS);
}
END_TEST

START_TEST(test_cpuif_bad_cpu)
{
	ck_assert_int_eq(irqlab_gic_ack(tm, NCPU), -EINVAL);
	ck_assert_int_eq(irqlab_gic_eoi(tm, NCPU, LPI), -EINVAL);
	ck_assert_int_eq(irqlab_gic_pmr_write(tm, NCPU, 0xff), -EINVAL);
	ck_assert_int_eq(irqlab_gic_pmr_read(tm, NCPU), -EINVAL);
	ck_assert_int_eq(irqlab_gic_rpr(tm, NCPU), -EINVAL);
	ck_assert_int_eq(irqlab_gic_hppir(tm, NCPU), -EINVAL);
	ck_assert(!irqlab_gic_irq_pending(tm, NCPU));
	ck_assert_int_eq(irqlab_gic_ack(NULL, 0), -EINVAL);
	ck_assert_int_eq(irqlab_gic_hw_init(NULL), -EINVAL);
	ck_assert_int_eq(irqlab_gic_hw_init(tm), 0);
	ck_assert_int_eq(irqlab_gic_hw_init(tm), 0);
}
END_TEST

START_TEST(test_gic_hw_alloc_failure)
{
	u64 v;

	/* The redistributors are created on first use; that can fail. */
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irqlab_gic_hw_init(tm), -ENOMEM);
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), -ENOMEM);
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irqlab_gicr_read(tm, 0, GICR_CTLR, 4, &v), -ENOMEM);
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irqlab_gicr_write(tm, 0, GICR_CTLR, 4, 1), -ENOMEM);
	/* Attaching to a memory not created yet fails at its allocation. */
	irqlab_fail_nth_alloc(2);
	ck_assert_int_eq(irqlab_gic_hw_init(tm), -ENOMEM);
	irqlab_fail_nth_alloc(0);
	ck_assert_int_eq(irqlab_gic_hw_init(tm), 0);
}
END_TEST

/* ---- ITS registers --------------------------------------------------------- */

START_TEST(test_its_registers)
{
	u64 v;

	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE, 20, 12, &k.its), 0);
	v = its_r(GITS_TYPER, 8);
	ck_assert(v & GITS_TYPER_PHYS);
	ck_assert_uint_eq((v >> GITS_TYPER_ITT_ENTRY_SIZE_SHIFT) & 0xf, 7);
	ck_assert_uint_eq((v >> GITS_TYPER_IDBITS_SHIFT) & 0x1f, 11);
	ck_assert_uint_eq((v >> GITS_TYPER_DEVBITS_SHIFT) & 0x1f, 19);
	ck_assert(!(v & GITS_TYPER_PTA));
	ck_assert_uint_eq((v >> GITS_TYPER_HCC_SHIFT) & 0xff, 0);
	ck_assert_uint_eq(its_r(GITS_TYPER + 4, 4), v >> 32);
	ck_assert_uint_eq(its_r(GITS_IIDR, 4), 0x43b);
	ck_assert_uint_eq(its_r(GITS_PIDR2, 4) & 0xf0, GIC_PIDR2_ARCH_GICv3);
	/* Disabled means quiescent. */
	ck_assert_uint_eq(its_r(GITS_CTLR, 4), GITS_CTLR_QUIESCENT);
	/* BASER0: Device, BASER1: Collection, 8-byte entries; others RAZ/WI. */
	v = its_r(GITS_BASER, 8);
	ck_assert_uint_eq((v >> GITS_BASER_TYPE_SHIFT) & 7, GITS_BASER_TYPE_DEVICE);
	ck_assert_uint_eq((v >> GITS_BASER_ENTRY_SIZE_SHIFT) & 0x1f, 7);
	v = its_r(GITS_BASER + 8, 8);
	ck_assert_uint_eq((v >> GITS_BASER_TYPE_SHIFT) & 7, GITS_BASER_TYPE_COLLECTION);
	its_w(GITS_BASER + 16, 8, ~0ULL);
	ck_assert_uint_eq(its_r(GITS_BASER + 16, 8), 0);
	ck_assert_uint_eq(its_r(GITS_BASER + 0x38, 8), 0);
	/* Writable fields; Indirect RAZ; page size 0b11 reads as 64K. */
	its_w(GITS_BASER, 8, ~0ULL);
	v = its_r(GITS_BASER, 8);
	ck_assert(!(v & GITS_BASER_INDIRECT));
	ck_assert(v & GITS_BASER_VALID);
	ck_assert_uint_eq(v & GITS_BASER_PA_MASK, GITS_BASER_PA_MASK);
	ck_assert_uint_eq(v & (3ULL << GITS_BASER_PAGE_SIZE_SHIFT), GITS_BASER_PAGE_SIZE_64K);
	ck_assert_uint_eq((v >> GITS_BASER_TYPE_SHIFT) & 7, GITS_BASER_TYPE_DEVICE);
	/* Halves keep the other half. */
	its_w(GITS_BASER + 8, 4, 0x12345000);
	its_w(GITS_BASER + 12, 4, 0x80000000);
	v = its_r(GITS_BASER + 8, 8);
	ck_assert_uint_eq(v & ~(0x1fULL << 48) & ~(7ULL << 56), GITS_BASER_VALID | 0x12345000);
	/* CBASER keeps its fields; writing it resets CREADR. */
	its_w(GITS_CBASER, 8, ~0ULL);
	ck_assert_uint_eq(its_r(GITS_CBASER, 8) & GITS_CBASER_PA_MASK, GITS_CBASER_PA_MASK);
	ck_assert_uint_eq(its_r(GITS_CBASER, 8) & GITS_CBASER_SIZE_MASK, 0xff);
	ck_assert(its_r(GITS_CBASER, 8) & GITS_CBASER_VALID);
	/* CREADR is read-only; CWRITER keeps the offset bits. */
	its_w(GITS_CREADR, 8, 0x40);
	ck_assert_uint_eq(its_r(GITS_CREADR, 8), 0);
	its_w(GITS_CWRITER, 8, 0x60 | 0x1f);
	ck_assert_uint_eq(its_r(GITS_CWRITER, 8), 0x60);
	its_w(GITS_TYPER, 8, 0);
	its_w(GITS_IIDR, 4, 0);
	its_w(GITS_PIDR2, 4, 0);
	ck_assert_uint_eq(its_r(GITS_IIDR, 4), 0x43b);
	/* Enabling: not quiescent. */
	its_w(GITS_CBASER, 8, 0);
	its_w(GITS_CTLR, 4, 0xffffffff);
	ck_assert_uint_eq(its_r(GITS_CTLR, 4), GITS_CTLR_ENABLE);
}
END_TEST

START_TEST(test_its_bad_accesses)
{
	struct irqlab_machine *other;
	u64 v = 0;

	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE, 16, 16, &k.its), 0);
	ck_assert_int_eq(irqlab_its_mmio_read(tm, k.its, 0x18, 4, &v), -EINVAL);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_int_eq(irqlab_its_mmio_read(tm, k.its, GITS_CTLR, 8, &v), -EINVAL);
	ck_assert_uint_eq(v, ~0ULL);
	ck_assert_int_eq(irqlab_its_mmio_read(tm, k.its, GITS_CBASER, 1, &v), -EINVAL);
	ck_assert_int_eq(irqlab_its_mmio_read(tm, k.its, GITS_TRANSLATER, 4, &v), -EINVAL);
	ck_assert_int_eq(irqlab_its_mmio_read(tm, NULL, GITS_CTLR, 4, &v), -EINVAL);
	ck_assert_int_eq(irqlab_its_mmio_write(tm, k.its, GITS_CTLR, 8, 1), -EINVAL);
	ck_assert_int_eq(irqlab_its_mmio_write(tm, k.its, GITS_BASER + 3, 4, 1), -EINVAL);
	ck_assert_int_eq(irqlab_its_mmio_write(tm, k.its, 0x200, 8, 1), -EINVAL);
	ck_assert_int_eq(irqlab_its_mmio_write(tm, NULL, GITS_CTLR, 4, 1), -EINVAL);
	/* An ITS belongs to one machine. */
	ck_assert_int_eq(irqlab_machine_create(NULL, &other), 0);
	ck_assert_int_eq(irqlab_its_mmio_write(other, k.its, GITS_CTLR, 4, 1), -EINVAL);
	ck_assert_int_eq(irqlab_its_mmio_read(other, k.its, GITS_CTLR, 4, &v), -EINVAL);
	irqlab_machine_destroy(other);
	irqlab_machine_set_current(tm);
	ck_assert_uint_eq(its_r(GITS_CTLR, 4), GITS_CTLR_QUIESCENT);
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 0);
}
END_TEST

START_TEST(test_its_create_errors)
{
	struct irqlab_its *its = NULL, *its2;
	unsigned int nth;

	/* Every allocation can fail (the bus and memory are created lazily). */
	for (nth = 1;; nth++) {
		irqlab_fail_nth_alloc(nth);
		if (!irqlab_its_create(tm, ITS_BASE, 16, 16, &its))
			break;
		ck_assert(irqlab_alloc_fault_hit());
		ck_assert_ptr_null(its);
		ck_assert_int_eq(fire(1, 1), -EIO);	/* no window left behind */
	}
	irqlab_fail_nth_alloc(0);
	/* ITS, window, memory, then success (the first -EIO made the bus). */
	ck_assert_uint_eq(nth, 4);
	irqlab_its_destroy(its);
	its = NULL;

	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE, 0, 16, &its), -EINVAL);
	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE, 33, 16, &its), -EINVAL);
	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE, 16, 0, &its), -EINVAL);
	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE, 16, 33, &its), -EINVAL);
	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE + 0x1000, 16, 16, &its), -EINVAL);
	ck_assert_int_eq(irqlab_its_create(tm, ~0ULL << 16, 16, 16, &its), -EINVAL);
	ck_assert_int_eq(irqlab_its_create(tm, IRQLAB_SYSMEM_BASE, 16, 16, &its), -EINVAL);
	ck_assert_int_eq(irqlab_its_create(tm, IRQLAB_SYSMEM_BASE - 0x10000, 16, 16, &its),
			 -EINVAL);
	ck_assert_int_eq(irqlab_its_create(NULL, ITS_BASE, 16, 16, &its), -EINVAL);
	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE, 16, 16, NULL), -EINVAL);
	ck_assert_ptr_null(its);
	/* Overlapping windows. */
	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE, 32, 32, &its), 0);
	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE + 0x10000, 16, 16, &its2), -EBUSY);
	/* Destroy releases the window: the doorbell goes nowhere. */
	irqlab_its_destroy(its);
	irqlab_its_destroy(NULL);
	ck_assert_int_eq(fire(1, 1), -EIO);
	/* One left for the machine's teardown to free. */
	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE, 32, 32, &its), 0);
}
END_TEST

/* ---- ITS: acceptance ------------------------------------------------------ */

START_TEST(test_its_delivery)
{
	struct irqlab_its_dte dte;
	struct irqlab_its_ite ite;
	unsigned int cpu, target;
	u64 itt;

	/* Tables after MAPC/MAPD/MAPTI, read through the query helpers... */
	for (cpu = 0; cpu < NCPU; cpu++) {
		ck_assert_int_eq(irqlab_its_collection(k.its, cpu, &target), 0);
		ck_assert_uint_eq(target, cpu);
	}
	ck_assert_int_eq(irqlab_its_collection(k.its, NCPU, &target), -ENOENT);
	ck_assert_int_eq(irqlab_its_device(k.its, 0x0420, &dte), -ENOENT);
	itt = map_device(0x0420, 5);
	ck_assert_int_eq(irqlab_its_device(k.its, 0x0420, &dte), 0);
	ck_assert_uint_eq(dte.itt_addr, itt);
	ck_assert_uint_eq(dte.event_bits, 5);
	ck_assert_int_eq(irqlab_its_event(k.its, 0x0420, 3, &ite), -ENOENT);
	route(0x0420, 3, LPI + 100, 2, 0xa0);
	ck_assert_int_eq(irqlab_its_event(k.its, 0x0420, 3, &ite), 0);
	ck_assert_uint_eq(ite.pintid, LPI + 100);
	ck_assert_uint_eq(ite.icid, 2);
	/* ...and as the entries are laid out in memory. */
	ck_assert_uint_eq(k.dt[0x0420], IRQLAB_ITS_ENTRY_VALID | itt | 4);
	ck_assert_uint_eq(k.ct[2], IRQLAB_ITS_ENTRY_VALID | 2);
	assert_queue_drained();
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 0);
	ck_assert_uint_eq(irqlab_its_nr_commands(k.its), NCPU + 1 + 1 + 2);

	/* The device writes its EventID to the doorbell. */
	ck_assert_int_eq(fire(0x0420, 3), 0);
	ck_assert_uint_eq(irqlab_its_nr_translations(k.its), 1);
	for (cpu = 0; cpu < NCPU; cpu++)
		ck_assert_int_eq(pend_bit(cpu, LPI + 100), cpu == 2);
	ck_assert(irqlab_gic_irq_pending(tm, 2));
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), SPURIOUS);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), LPI + 100);
	ck_assert_int_eq(pend_bit(2, LPI + 100), 0);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 2, LPI + 100), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), SPURIOUS);
	/* Another device with the same EventID is another LPI. */
	map_device(0x0421, 2);
	route(0x0421, 3, LPI + 101, 0, 0xa0);
	ck_assert_int_eq(fire(0x0421, 3), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), LPI + 101);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), SPURIOUS);
}
END_TEST

START_TEST(test_its_movi_moves_pending)
{
	struct irqlab_its_ite ite;
	u8 cfg;

	map_device(7, 4);
	route(7, 1, LPI + 42, 1, 0x80);
	route(7, 2, LPI + 43, 1, 0x80);
	/* Pending at CPU 1 and not yet taken. */
	ck_assert_int_eq(fire(7, 1), 0);
	ck_assert_int_eq(pend_bit(1, LPI + 42), 1);
	/* CPU 3 loaded the config while the LPI was disabled... */
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 3, LPI + 42, &cfg), -ENOENT);
	cmd_movi(7, 1, 3);
	/* ...and MOVI made it reload it, as INVs only went to CPU 1. */
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 3, LPI + 42, &cfg), 0);
	assert_queue_drained();
	ck_assert_int_eq(irqlab_its_event(k.its, 7, 1, &ite), 0);
	ck_assert_uint_eq(ite.icid, 3);
	ck_assert_uint_eq(ite.pintid, LPI + 42);
	ck_assert_int_eq(pend_bit(1, LPI + 42), 0);
	ck_assert_int_eq(pend_bit(3, LPI + 42), 1);
	ck_assert_int_eq(irqlab_gic_ack(tm, 1), SPURIOUS);
	ck_assert_int_eq(irqlab_gic_ack(tm, 3), LPI + 42);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 3, LPI + 42), 0);
	/* Later events go to the new collection; the message never changed. */
	ck_assert_int_eq(fire(7, 1), 0);
	ck_assert_int_eq(pend_bit(3, LPI + 42), 1);
	ck_assert_int_eq(pend_bit(1, LPI + 42), 0);
	/* A MOVI of an idle event moves no pending state. */
	cmd_movi(7, 2, 0);
	ck_assert_int_eq(pend_bit(0, LPI + 43), 0);
	ck_assert_int_eq(pend_bit(1, LPI + 43), 0);
	/* MOVI to the same collection is harmless. */
	cmd_movi(7, 1, 3);
	ck_assert_int_eq(pend_bit(3, LPI + 42), 1);
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 0);
}
END_TEST

START_TEST(test_its_disabled_lpi_until_inv)
{
	u8 cfg;

	map_device(5, 3);
	cmd_mapti(5, 0, LPI + 7, 2);	/* config byte still disabled */
	ck_assert_int_eq(fire(5, 0), 0);
	ck_assert_int_eq(pend_bit(2, LPI + 7), 1);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), SPURIOUS);
	/* Enabled in memory, not yet INV'd: still only pending. */
	prop_set(LPI + 7, 0x60, true);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), SPURIOUS);
	ck_assert_int_eq(pend_bit(2, LPI + 7), 1);
	/* INV through the ITS reaches the event's redistributor. */
	cmd_ev(GITS_CMD_INV, 5, 0);
	ck_assert_int_eq(irqlab_gicr_lpi_config(tm, 2, LPI + 7, &cfg), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), LPI + 7);
	ck_assert_int_eq(irqlab_gic_eoi(tm, 2, LPI + 7), 0);
	/* Disabling takes effect at INVALL of the collection. */
	prop_set(LPI + 7, 0x60, false);
	ck_assert_int_eq(fire(5, 0), 0);
	its_cmd(GITS_CMD_INVALL, 0, 2, 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), SPURIOUS);
	ck_assert_int_eq(pend_bit(2, LPI + 7), 1);
	prop_set(LPI + 7, 0x60, true);
	its_cmd(GITS_CMD_INVALL, 0, 2, 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), LPI + 7);
	assert_queue_drained();
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 0);
}
END_TEST

START_TEST(test_its_discard)
{
	struct irqlab_its_ite ite;
	struct irqlab_its_error e;

	map_device(9, 2);
	cmd_mapti(9, 1, LPI + 20, 0);
	ck_assert_int_eq(fire(9, 1), 0);
	ck_assert_int_eq(pend_bit(0, LPI + 20), 1);
	cmd_ev(GITS_CMD_DISCARD, 9, 1);
	ck_assert_int_eq(pend_bit(0, LPI + 20), 0);
	ck_assert_int_eq(irqlab_its_event(k.its, 9, 1, &ite), -ENOENT);
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 0);
	/* The event is gone: a write is recorded and dropped. */
	ck_assert_int_eq(fire(9, 1), 0);
	ck_assert_int_eq(pend_bit(0, LPI + 20), 0);
	e = last_err();
	ck_assert_int_eq(e.source, IRQLAB_ITS_SRC_TRANSLATE);
	ck_assert_int_eq(e.reason, IRQLAB_ITS_ERR_EVENT_UNMAPPED);
	ck_assert_uint_eq(e.devid, 9);
	ck_assert_uint_eq(e.eventid, 1);
	/* A second DISCARD is a command error. */
	cmd_ev(GITS_CMD_DISCARD, 9, 1);
	ck_assert_int_eq(last_err().reason, IRQLAB_ITS_ERR_EVENT_UNMAPPED);
	ck_assert_int_eq(last_err().cmd, GITS_CMD_DISCARD);
	/* Unmapping the device (MAPD V=0) drops its events' writes. */
	cmd_mapti(9, 0, LPI + 21, 0);
	cmd_mapd(9, 0, 1, false);
	ck_assert_int_eq(irqlab_its_device(k.its, 9, &(struct irqlab_its_dte){ 0 }), -ENOENT);
	ck_assert_int_eq(k.dt[9], 0);
	ck_assert_int_eq(fire(9, 0), 0);
	ck_assert_int_eq(last_err().reason, IRQLAB_ITS_ERR_DEV_UNMAPPED);
	ck_assert_int_eq(irqlab_its_event(k.its, 9, 0, &ite), -ENOENT);
}
END_TEST

START_TEST(test_its_int_clear_mapi_sync_movall)
{
	struct irqlab_its_ite ite;
	unsigned int cpu;

	map_device(3, 16);
	/* MAPI: pINTID = EventID. */
	its_cmd(GITS_CMD_MAPI | 3ULL << 32, LPI + 500, 1, 0);
	ck_assert_int_eq(irqlab_its_event(k.its, 3, LPI + 500, &ite), 0);
	ck_assert_uint_eq(ite.pintid, LPI + 500);
	ck_assert_uint_eq(ite.icid, 1);
	/* INT and CLEAR set and clear the pending bit at the target. */
	cmd_ev(GITS_CMD_INT, 3, LPI + 500);
	ck_assert_int_eq(pend_bit(1, LPI + 500), 1);
	cmd_ev(GITS_CMD_CLEAR, 3, LPI + 500);
	ck_assert_int_eq(pend_bit(1, LPI + 500), 0);
	/* MOVALL moves everything pending from one redistributor to another. */
	cmd_mapti(3, 1, LPI + 1, 1);
	cmd_mapti(3, 2, 65535, 1);
	cmd_ev(GITS_CMD_INT, 3, 1);
	cmd_ev(GITS_CMD_INT, 3, 2);
	cmd_ev(GITS_CMD_INT, 3, LPI + 500);
	cmd_rd(GITS_CMD_MOVALL, 1, 3);
	for (cpu = 0; cpu < NCPU; cpu++) {
		ck_assert_int_eq(pend_bit(cpu, LPI + 1), cpu == 3);
		ck_assert_int_eq(pend_bit(cpu, 65535), cpu == 3);
		ck_assert_int_eq(pend_bit(cpu, LPI + 500), cpu == 3);
	}
	/* To itself, or from a redistributor with LPIs off: nothing moves. */
	cmd_rd(GITS_CMD_MOVALL, 3, 3);
	gicr_w(3, GICR_CTLR, 4, 0);
	cmd_rd(GITS_CMD_MOVALL, 3, 0);
	ck_assert_int_eq(pend_bit(3, LPI + 1), 1);
	ck_assert_int_eq(pend_bit(0, LPI + 1), 0);
	/* SYNC to each redistributor is fine. */
	for (cpu = 0; cpu < NCPU; cpu++)
		cmd_rd(GITS_CMD_SYNC, cpu, 0);
	assert_queue_drained();
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 0);
	/* The queue wraps around. */
	for (cpu = 0; cpu < 300; cpu++)
		cmd_rd(GITS_CMD_SYNC, cpu % NCPU, 0);
	assert_queue_drained();
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 0);
	/* Several commands per CWRITER write. */
	its_queue(GITS_CMD_INT | 3ULL << 32, 1, 0, 0);
	its_queue(GITS_CMD_SYNC, 0, 0, 0);
	its_queue(GITS_CMD_CLEAR | 3ULL << 32, 1, 0, 0);
	ck_assert_int_eq(pend_bit(1, LPI + 1), 0);
	its_kick();
	assert_queue_drained();
}
END_TEST

/* One bad command: dropped, recorded with its number, offset and reason. */
static void expect_bad(u64 d0, u64 d1, u64 d2, u64 d3, enum irqlab_its_err reason)
{
	unsigned long nr = irqlab_its_nr_commands(k.its);
	unsigned long errs = irqlab_its_nr_errors(k.its);
	u32 off = k.cwriter;
	struct irqlab_its_error e;
	u64 dt[8], ct[8];

	memcpy(dt, k.dt, sizeof(dt));
	memcpy(ct, k.ct, sizeof(ct));
	its_cmd(d0, d1, d2, d3);
	assert_queue_drained();
	ck_assert_uint_eq(irqlab_its_nr_commands(k.its), nr + 1);
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), errs + 1);
	e = last_err();
	ck_assert_msg(e.reason == reason, "cmd %#x: reason %s, expected %s",
		      (unsigned int)(d0 & 0xff), irqlab_its_err_name(e.reason),
		      irqlab_its_err_name(reason));
	ck_assert_int_eq(e.source, IRQLAB_ITS_SRC_COMMAND);
	ck_assert_uint_eq(e.seq, errs + 1);
	ck_assert_uint_eq(e.cmd, d0 & 0xff);
	ck_assert_uint_eq(e.cmd_nr, nr);
	ck_assert_uint_eq(e.offset, off);
	ck_assert_uint_eq(e.devid, d0 >> 32);
	ck_assert_uint_eq(e.eventid, (u32)d1);
	ck_assert_mem_eq(dt, k.dt, sizeof(dt));
	ck_assert_mem_eq(ct, k.ct, sizeof(ct));
}

START_TEST(test_its_bad_commands)
{
	struct irqlab_its_ite ite;
	u64 itt;
	u32 cpu;

	itt = map_device(1, 2);		/* events 0..3 */
	cmd_mapti(1, 0, LPI + 1, 0);
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 0);

	/* MAPD: DeviceID beyond DevBits, beyond the table; Size beyond ID_bits. */
	expect_bad(GITS_CMD_MAPD | 1ULL << 48, 1, 1ULL << 63 | itt, 0,
		   IRQLAB_ITS_ERR_DEVID_RANGE);
	expect_bad(GITS_CMD_MAPD | (u64)(DT_PAGES * 512) << 32, 1, 1ULL << 63 | itt, 0,
		   IRQLAB_ITS_ERR_DEVID_RANGE);
	expect_bad(GITS_CMD_MAPD | 2ULL << 32, 16, 1ULL << 63 | itt, 0,
		   IRQLAB_ITS_ERR_ITT_SIZE);
	/* MAPC: ICID beyond the table, RDbase beyond the CPUs. */
	expect_bad(GITS_CMD_MAPC, 0, 1ULL << 63 | 512, 0, IRQLAB_ITS_ERR_ICID_RANGE);
	expect_bad(GITS_CMD_MAPC, 0, 1ULL << 63 | (u64)NCPU << 16 | 5, 0,
		   IRQLAB_ITS_ERR_RDBASE_RANGE);
	/* MAPTI: EventID beyond the ITT, pINTID not an LPI, ICID out of range. */
	expect_bad(GITS_CMD_MAPTI | 1ULL << 32, 4 | (u64)(LPI + 2) << 32, 0, 0,
		   IRQLAB_ITS_ERR_EVENTID_RANGE);
	expect_bad(GITS_CMD_MAPTI | 1ULL << 32, 1 | 8191ULL << 32, 0, 0,
		   IRQLAB_ITS_ERR_INTID_RANGE);
	expect_bad(GITS_CMD_MAPTI | 1ULL << 32, 1 | 65536ULL << 32, 0, 0,
		   IRQLAB_ITS_ERR_INTID_RANGE);
	expect_bad(GITS_CMD_MAPTI | 1ULL << 32, 1 | 1023ULL << 32, 0, 0,
		   IRQLAB_ITS_ERR_INTID_RANGE);
	expect_bad(GITS_CMD_MAPTI | 1ULL << 32, 1 | (u64)(LPI + 2) << 32, 600, 0,
		   IRQLAB_ITS_ERR_ICID_RANGE);
	expect_bad(GITS_CMD_MAPTI | 2ULL << 32, 1 | (u64)(LPI + 2) << 32, 0, 0,
		   IRQLAB_ITS_ERR_DEV_UNMAPPED);
	expect_bad(GITS_CMD_MAPI | 1ULL << 32, 3, 0, 0, IRQLAB_ITS_ERR_INTID_RANGE);
	ck_assert_int_eq(irqlab_its_event(k.its, 1, 1, &ite), -ENOENT);
	/* Event commands on unmapped things. */
	expect_bad(GITS_CMD_INT | 2ULL << 32, 0, 0, 0, IRQLAB_ITS_ERR_DEV_UNMAPPED);
	expect_bad(GITS_CMD_INT | 1ULL << 32, 1, 0, 0, IRQLAB_ITS_ERR_EVENT_UNMAPPED);
	expect_bad(GITS_CMD_CLEAR | 1ULL << 32, 9, 0, 0, IRQLAB_ITS_ERR_EVENTID_RANGE);
	expect_bad(GITS_CMD_INV | 1ULL << 48, 0, 0, 0, IRQLAB_ITS_ERR_DEVID_RANGE);
	expect_bad(GITS_CMD_MOVI | 1ULL << 32, 0, 77, 0, IRQLAB_ITS_ERR_COLL_UNMAPPED);
	expect_bad(GITS_CMD_MOVI | 1ULL << 32, 0, 512, 0, IRQLAB_ITS_ERR_ICID_RANGE);
	expect_bad(GITS_CMD_MOVI | 1ULL << 32, 2, 1, 0, IRQLAB_ITS_ERR_EVENT_UNMAPPED);
	ck_assert_int_eq(irqlab_its_event(k.its, 1, 0, &ite), 0);
	ck_assert_uint_eq(ite.icid, 0);
	/* An event whose collection is not mapped. */
	cmd_mapti(1, 3, LPI + 3, 77);
	ck_assert_int_eq(irqlab_its_event(k.its, 1, 3, &ite), 0);
	expect_bad(GITS_CMD_INT | 1ULL << 32, 3, 0, 0, IRQLAB_ITS_ERR_COLL_UNMAPPED);
	expect_bad(GITS_CMD_INVALL, 0, 77, 0, IRQLAB_ITS_ERR_COLL_UNMAPPED);
	expect_bad(GITS_CMD_INVALL, 0, 4096, 0, IRQLAB_ITS_ERR_ICID_RANGE);
	expect_bad(GITS_CMD_SYNC, 0, (u64)NCPU << 16, 0, IRQLAB_ITS_ERR_RDBASE_RANGE);
	expect_bad(GITS_CMD_MOVALL, 0, 1ULL << 16, (u64)NCPU << 16,
		   IRQLAB_ITS_ERR_RDBASE_RANGE);
	expect_bad(GITS_CMD_MOVALL, 0, (u64)NCPU << 16, 0, IRQLAB_ITS_ERR_RDBASE_RANGE);
	/* Unknown and GICv4 codes. */
	expect_bad(0x00, 0, 0, 0, IRQLAB_ITS_ERR_UNKNOWN_CMD);
	expect_bad(0x29, 0, 0, 0, IRQLAB_ITS_ERR_UNKNOWN_CMD);
	/* A collection entry the kernel scribbled in memory. */
	k.ct[6] = IRQLAB_ITS_ENTRY_VALID | 1000;
	cmd_mapti(1, 2, LPI + 2, 6);
	expect_bad(GITS_CMD_INT | 1ULL << 32, 2, 0, 0, IRQLAB_ITS_ERR_RDBASE_RANGE);
	expect_bad(GITS_CMD_INVALL, 0, 6, 0, IRQLAB_ITS_ERR_RDBASE_RANGE);
	expect_bad(GITS_CMD_MOVI | 1ULL << 32, 0, 6, 0, IRQLAB_ITS_ERR_RDBASE_RANGE);
	k.ct[6] = 0;
	/* The good mappings survived, and the queue kept going. */
	ck_assert_int_eq(fire(1, 0), 0);
	ck_assert_int_eq(pend_bit(0, LPI + 1), 1);
	for (cpu = 0; cpu < NCPU; cpu++)
		ck_assert_uint_eq(irqlab_gicr_nr_dropped(tm, cpu), 0);
}
END_TEST

START_TEST(test_its_no_tables)
{
	struct irqlab_its_dte dte;
	unsigned int cpu;

	/* Without valid BASERs every table command fails cleanly. */
	its_w(GITS_CTLR, 4, 0);
	its_w(GITS_BASER, 8, 0);
	its_w(GITS_BASER + 8, 8, 0);
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	expect_bad(GITS_CMD_MAPD | 1ULL << 32, 1, 1ULL << 63, 0, IRQLAB_ITS_ERR_NO_TABLE);
	expect_bad(GITS_CMD_MAPC, 0, 1ULL << 63, 0, IRQLAB_ITS_ERR_NO_TABLE);
	expect_bad(GITS_CMD_INT | 1ULL << 32, 1, 0, 0, IRQLAB_ITS_ERR_NO_TABLE);
	ck_assert_int_eq(irqlab_its_device(k.its, 1, &dte), -EINVAL);
	ck_assert_int_eq(irqlab_its_collection(k.its, 1, &cpu), -EINVAL);
	ck_assert_int_eq(fire(1, 1), 0);
	ck_assert_int_eq(last_err().reason, IRQLAB_ITS_ERR_NO_TABLE);
	ck_assert_int_eq(irqlab_its_device(NULL, 1, &dte), -EINVAL);
	ck_assert_int_eq(irqlab_its_device(k.its, 1, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_its_event(NULL, 1, 1, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_its_collection(NULL, 1, &cpu), -EINVAL);
	ck_assert_uint_eq(irqlab_its_nr_errors(NULL), 0);
	ck_assert_uint_eq(irqlab_its_nr_commands(NULL), 0);
	ck_assert_uint_eq(irqlab_its_nr_translations(NULL), 0);
}
END_TEST

START_TEST(test_its_table_geometry)
{
	struct irqlab_its_dte dte;
	u64 pa;

	/* 16 KiB and 64 KiB pages: more entries per page. */
	its_w(GITS_CTLR, 4, 0);
	dma(2 * 65536, 65536, &pa);
	its_w(GITS_BASER, 8, GITS_BASER_VALID | pa | GITS_BASER_PAGE_SIZE_64K | 1);
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	cmd_mapd(16383, 0x1000, 1, true);
	ck_assert_int_eq(irqlab_its_device(k.its, 16383, &dte), 0);
	expect_bad(GITS_CMD_MAPD | 16384ULL << 32, 0, 1ULL << 63, 0, IRQLAB_ITS_ERR_DEVID_RANGE);
	its_w(GITS_CTLR, 4, 0);
	its_w(GITS_BASER, 8, GITS_BASER_VALID | pa | GITS_BASER_PAGE_SIZE_16K | 0);
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	ck_assert_int_eq(irqlab_its_device(k.its, 2047, &dte), -ENOENT);
	ck_assert_int_eq(irqlab_its_device(k.its, 2048, &dte), -EINVAL);
}
END_TEST

START_TEST(test_its_disabled_ignores_writes)
{
	struct irqlab_its_error e;
	u64 baser, cbaser;

	map_device(4, 1);
	route(4, 0, LPI + 9, 1, 0x80);
	its_w(GITS_CTLR, 4, 0);
	ck_assert_uint_eq(its_r(GITS_CTLR, 4), GITS_CTLR_QUIESCENT);
	/* Doorbell writes are ignored, and recorded. */
	ck_assert_int_eq(fire(4, 0), 0);
	ck_assert_int_eq(pend_bit(1, LPI + 9), 0);
	ck_assert_uint_eq(irqlab_its_nr_translations(k.its), 0);
	e = last_err();
	ck_assert_int_eq(e.reason, IRQLAB_ITS_ERR_DISABLED);
	ck_assert_int_eq(e.source, IRQLAB_ITS_SRC_TRANSLATE);
	ck_assert_uint_eq(e.devid, 4);
	/* Commands wait in the queue until the ITS is enabled. */
	cmd_ev(GITS_CMD_INT, 4, 0);
	ck_assert_uint_eq(its_r(GITS_CREADR, 8), k.cwriter - ITS_CMD_SIZE);
	ck_assert_int_eq(pend_bit(1, LPI + 9), 0);
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	assert_queue_drained();
	ck_assert_int_eq(pend_bit(1, LPI + 9), 1);
	/* BASER and CBASER are read-only while enabled. */
	baser = its_r(GITS_BASER, 8);
	cbaser = its_r(GITS_CBASER, 8);
	its_w(GITS_BASER, 8, 0);
	its_w(GITS_CBASER, 8, 0);
	ck_assert_uint_eq(its_r(GITS_BASER, 8), baser);
	ck_assert_uint_eq(its_r(GITS_CBASER, 8), cbaser);
	/* Enabling again (already on) changes nothing. */
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	ck_assert_int_eq(fire(4, 0), 0);
	ck_assert_uint_eq(irqlab_its_nr_translations(k.its), 1);
}
END_TEST

START_TEST(test_its_bad_doorbells)
{
	struct irqlab_bus_error be;
	struct irqlab_its_error e;
	unsigned int cpu;

	map_device(0x10, 2);
	route(0x10, 1, LPI + 30, 0, 0x80);
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 0);
	/* Unknown DeviceIDs: not mapped, beyond the table, beyond DevBits. */
	ck_assert_int_eq(fire(0x11, 1), 0);
	ck_assert_int_eq(last_err().reason, IRQLAB_ITS_ERR_DEV_UNMAPPED);
	ck_assert_int_eq(fire(DT_PAGES * 512, 1), 0);
	ck_assert_int_eq(last_err().reason, IRQLAB_ITS_ERR_DEVID_RANGE);
	ck_assert_int_eq(fire(0x10000, 1), 0);
	ck_assert_int_eq(last_err().reason, IRQLAB_ITS_ERR_DEVID_RANGE);
	/* Unknown EventIDs: beyond the ITT, not mapped. */
	ck_assert_int_eq(fire(0x10, 4), 0);
	e = last_err();
	ck_assert_int_eq(e.reason, IRQLAB_ITS_ERR_EVENTID_RANGE);
	ck_assert_uint_eq(e.devid, 0x10);
	ck_assert_uint_eq(e.eventid, 4);
	ck_assert_int_eq(fire(0x10, 0), 0);
	ck_assert_int_eq(last_err().reason, IRQLAB_ITS_ERR_EVENT_UNMAPPED);
	/* No requester ID: no DeviceID. */
	ck_assert_int_eq(irqlab_bus_write(tm, ITS_BASE + GITS_TRANSLATER, 1), 0);
	e = last_err();
	ck_assert_int_eq(e.reason, IRQLAB_ITS_ERR_NO_DEVID);
	ck_assert_uint_eq(e.devid, IRQLAB_BUS_NO_RID);
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 6);
	for (cpu = 0; cpu < NCPU; cpu++)
		ck_assert_int_eq(irqlab_gic_ack(tm, cpu), SPURIOUS);
	ck_assert_uint_eq(irqlab_its_nr_translations(k.its), 0);
	/* The ITS takes no other bus writes in its frames: a bus error. */
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 0);
	ck_assert_int_eq(irqlab_bus_write_rid(tm, ITS_BASE + GITS_CTLR, 0, 0x10), -EINVAL);
	ck_assert_int_eq(irqlab_bus_write_rid(tm, ITS_BASE + GITS_TRANSLATER + 4, 1, 0x10),
			 -EINVAL);
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 2);
	ck_assert_int_eq(irqlab_bus_last_error(tm, &be), 0);
	ck_assert_uint_eq(be.addr, ITS_BASE + GITS_TRANSLATER + 4);
	ck_assert_uint_eq(its_r(GITS_CTLR, 4), GITS_CTLR_ENABLE);
	/* The good one still works. */
	ck_assert_int_eq(fire(0x10, 1), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 0), LPI + 30);
}
END_TEST

START_TEST(test_its_stall_and_retry)
{
	struct irqlab_its_error e;
	struct irqlab_its_dte dte;
	u64 pa;
	u32 at;

	/* A Device table whose memory is not there: MAPD stalls the queue. */
	its_w(GITS_CTLR, 4, 0);
	its_w(GITS_BASER, 8, GITS_BASER_VALID | 0x100000 | (DT_PAGES - 1));
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	at = k.cwriter;
	cmd_mapd(1, 0x1000, 2, true);
	cmd_rd(GITS_CMD_SYNC, 0, 0);
	ck_assert_uint_eq(its_r(GITS_CREADR, 8), at | GITS_CREADR_STALLED);
	e = last_err();
	ck_assert_int_eq(e.reason, IRQLAB_ITS_ERR_DMA);
	ck_assert_uint_eq(e.cmd, GITS_CMD_MAPD);
	ck_assert_uint_eq(e.offset, at);
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 1);
	ck_assert_int_eq(irqlab_its_device(k.its, 1, &dte), -EFAULT);
	/* A doorbell write meanwhile: dropped, recorded. */
	ck_assert_int_eq(fire(1, 0), 0);
	ck_assert_int_eq(last_err().reason, IRQLAB_ITS_ERR_DMA);
	ck_assert_int_eq(last_err().source, IRQLAB_ITS_SRC_TRANSLATE);
	/* Fix the table; without Retry the queue stays stalled. */
	its_w(GITS_CTLR, 4, 0);
	its_w(GITS_BASER, 8, GITS_BASER_VALID | k.dt_pa | (DT_PAGES - 1));
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	its_kick();
	ck_assert_uint_eq(its_r(GITS_CREADR, 8), at | GITS_CREADR_STALLED);
	its_w(GITS_CWRITER, 8, k.cwriter | GITS_CWRITER_RETRY);
	assert_queue_drained();
	ck_assert_int_eq(irqlab_its_device(k.its, 1, &dte), 0);
	ck_assert_uint_eq(dte.itt_addr, 0x1000);
	/* An ITT that is not in memory stalls MAPTI. */
	cmd_mapti(1, 0, LPI, 0);
	ck_assert_uint_eq(its_r(GITS_CREADR, 8) & GITS_CREADR_STALLED, GITS_CREADR_STALLED);
	ck_assert_uint_eq(last_err().cmd, GITS_CMD_MAPTI);
	ck_assert_int_eq(irqlab_its_event(k.its, 1, 0, &(struct irqlab_its_ite){ 0 }),
			 -EFAULT);
	/* Rewriting CBASER (ITS disabled) resets CREADR and the stall. */
	its_w(GITS_CTLR, 4, 0);
	its_w(GITS_CBASER, 8, GITS_CBASER_VALID | k.queue_pa);
	ck_assert_uint_eq(its_r(GITS_CREADR, 8), 0);
	k.cwriter = 0;
	its_w(GITS_CWRITER, 8, 0);
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	/* A queue that is not in memory stalls on the fetch. */
	its_w(GITS_CTLR, 4, 0);
	dma(4096, 4096, &pa);
	irqlab_dma_free(tm, pa);
	its_w(GITS_CBASER, 8, GITS_CBASER_VALID | pa);
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	its_w(GITS_CWRITER, 8, 0x40);
	ck_assert_uint_eq(its_r(GITS_CREADR, 8), GITS_CREADR_STALLED);
	e = last_err();
	ck_assert_int_eq(e.reason, IRQLAB_ITS_ERR_DMA);
	ck_assert_uint_eq(e.cmd, 0);
}
END_TEST

START_TEST(test_its_cwriter_range)
{
	struct irqlab_its_error e;
	u64 pa;

	/* A one-page queue: offsets from 4096 up are outside it. */
	its_w(GITS_CWRITER, 8, QUEUE_SIZE);
	ck_assert_uint_eq(its_r(GITS_CWRITER, 8), k.cwriter);
	e = last_err();
	ck_assert_int_eq(e.reason, IRQLAB_ITS_ERR_CWRITER_RANGE);
	ck_assert_int_eq(e.source, IRQLAB_ITS_SRC_REGISTER);
	ck_assert_uint_eq(e.offset, QUEUE_SIZE);
	/* A queue shrunk under CWRITER is not run. */
	dma(2 * 4096, 4096, &pa);
	its_w(GITS_CTLR, 4, 0);
	its_w(GITS_CBASER, 8, GITS_CBASER_VALID | pa | 1);
	its_w(GITS_CWRITER, 8, 4096 + 64);
	its_w(GITS_CBASER, 8, GITS_CBASER_VALID | pa | 0);
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	ck_assert_uint_eq(its_r(GITS_CREADR, 8), 0);
	ck_assert_int_eq(last_err().reason, IRQLAB_ITS_ERR_CWRITER_RANGE);
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), 2);
}
END_TEST

START_TEST(test_its_error_log)
{
	struct irqlab_its_error e;
	unsigned long i;

	for (i = 0; i < IRQLAB_ITS_ERRLOG + 10; i++)
		ck_assert_int_eq(fire(0x100, (u32)i), 0);
	ck_assert_uint_eq(irqlab_its_nr_errors(k.its), IRQLAB_ITS_ERRLOG + 10);
	/* The oldest ones are only counted. */
	ck_assert_int_eq(irqlab_its_get_error(k.its, 0, &e), -ENOENT);
	ck_assert_int_eq(irqlab_its_get_error(k.its, 10, &e), -ENOENT);
	ck_assert_int_eq(irqlab_its_get_error(k.its, 11, &e), 0);
	ck_assert_uint_eq(e.seq, 11);
	ck_assert_uint_eq(e.eventid, 10);
	ck_assert_int_eq(irqlab_its_get_error(k.its, IRQLAB_ITS_ERRLOG + 10, &e), 0);
	ck_assert_uint_eq(e.eventid, IRQLAB_ITS_ERRLOG + 9);
	ck_assert_int_eq(irqlab_its_get_error(k.its, IRQLAB_ITS_ERRLOG + 11, &e), -ENOENT);
	ck_assert_int_eq(irqlab_its_get_error(NULL, 1, &e), -ENOENT);
	ck_assert_int_eq(irqlab_its_get_error(k.its, 11, NULL), -ENOENT);
	/* Every reason has a name. */
	for (i = 0; i < IRQLAB_ITS_NR_ERRS; i++)
		ck_assert_str_ne(irqlab_its_err_name(i), "?");
	ck_assert_str_eq(irqlab_its_err_name(IRQLAB_ITS_ERR_DEVID_RANGE), "DEVID_RANGE");
	ck_assert_str_eq(irqlab_its_err_name(IRQLAB_ITS_NR_ERRS), "?");
	ck_assert_str_eq(irqlab_its_err_name((enum irqlab_its_err)-1), "?");
}
END_TEST

START_TEST(test_two_its)
{
	struct irqlab_its *its2;

	/* A second ITS on other frames, sharing the redistributors. */
	ck_assert_int_eq(irqlab_its_create(tm, ITS_BASE + IRQLAB_ITS_SIZE, 8, 8, &its2), 0);
	map_device(1, 1);
	route(1, 0, LPI + 5, 3, 0x80);
	ck_assert_int_eq(irqlab_bus_write_rid(tm, ITS_BASE + IRQLAB_ITS_SIZE + GITS_TRANSLATER,
					      0, 1), 0);
	ck_assert_uint_eq(irqlab_its_nr_errors(its2), 1);
	ck_assert_int_eq(pend_bit(3, LPI + 5), 0);
	ck_assert_int_eq(fire(1, 0), 0);
	ck_assert_int_eq(pend_bit(3, LPI + 5), 1);
	irqlab_its_destroy(its2);
	ck_assert_int_eq(irqlab_bus_write_rid(tm, ITS_BASE + IRQLAB_ITS_SIZE + GITS_TRANSLATER,
					      0, 1), -EIO);
}
END_TEST

/* ---- random robustness ----------------------------------------------------- */

static u64 rng;

static u64 rnd(void)
{
	/* xorshift64*: deterministic for a printed seed. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static u32 rnd_below(u32 n)
{
	return (u32)(rnd() % n);
}

/* Mostly plausible values, sometimes anything. */
static u32 rnd_field(u32 plausible)
{
	return rnd_below(8) ? rnd_below(plausible) : (u32)rnd();
}

static void random_command(const u64 *itts, unsigned int nitts)
{
	static const u8 codes[] = {
		GITS_CMD_MAPD, GITS_CMD_MAPC, GITS_CMD_MAPTI, GITS_CMD_MAPI,
		GITS_CMD_MOVI, GITS_CMD_INV, GITS_CMD_INVALL, GITS_CMD_SYNC,
		GITS_CMD_DISCARD, GITS_CMD_INT, GITS_CMD_CLEAR, GITS_CMD_MOVALL,
	};
	u8 code = rnd_below(16) ? codes[rnd_below(ARRAY_SIZE(codes))] : (u8)rnd();
	u64 d0 = code | (u64)rnd_field(8) << 32;
	u64 d1 = rnd_field(8) | (u64)(LPI + rnd_field(300)) << 32;
	u64 d2, d3 = (u64)rnd_field(NCPU + 1) << 16;

	if (code == GITS_CMD_MAPD) {
		d1 = rnd_below(6);	/* small ITTs */
		d2 = (rnd_below(4) ? 1ULL << 63 : 0) | itts[rnd_below(nitts)];
		if (!rnd_below(10))
			d2 = rnd();
	} else {
		d2 = (rnd_below(4) ? 1ULL << 63 : 0) | (u64)rnd_field(NCPU + 1) << 16 |
		     rnd_field(NCPU + 2);
	}
	if (!rnd_below(50))
		d0 = rnd(), d1 = rnd(), d2 = rnd(), d3 = rnd();
	its_cmd(d0, d1, d2, d3);
}

static void random_register(void)
{
	static const u32 gicr_offs[] = {
		GICR_CTLR, GICR_IIDR, GICR_TYPER, GICR_WAKER, GICR_SETLPIR, GICR_CLRLPIR,
		GICR_INVLPIR, GICR_INVALLR, GICR_SYNCR, GICR_PIDR2, 0x44, 0x1000,
	};
	static const u32 gits_offs[] = {
		GITS_CTLR, GITS_IIDR, GITS_TYPER, GITS_CREADR, GITS_BASER + 0x10,
		GITS_BASER + 0x38, GITS_PIDR2, 0x8c, 0x20000,
	};
	unsigned int size = rnd_below(8) ? (rnd_below(2) ? 4 : 8) : rnd_below(9);
	unsigned int cpu = rnd_below(NCPU + 1);
	u64 v = rnd_below(2) ? LPI + rnd_below(300) : rnd();
	u32 off;

	if (rnd_below(2)) {
		off = gicr_offs[rnd_below(ARRAY_SIZE(gicr_offs))] + (rnd_below(8) ? 0 : 4);
		if (off == GICR_CTLR && rnd_below(4))
			v = GICR_CTLR_ENABLE_LPIS;
		if (rnd_below(2))
			irqlab_gicr_write(tm, cpu, off, size, v);
		else
			irqlab_gicr_read(tm, cpu, off, size, &v);
	} else {
		off = gits_offs[rnd_below(ARRAY_SIZE(gits_offs))];
		if (off == GITS_CTLR && rnd_below(8))
			v = GITS_CTLR_ENABLE;
		if (rnd_below(2))
			irqlab_its_mmio_write(tm, k.its, off, size, v);
		else
			irqlab_its_mmio_read(tm, k.its, off, size, &v);
	}
}

/* What each CPU acknowledged and has not completed, as its kernel knows. */
static u32 acked[NCPU][64];
static unsigned int nr_acked[NCPU];

static void random_cpu_op(void)
{
	unsigned int cpu = rnd_below(NCPU + 1);
	int id;

	switch (rnd_below(4)) {
	case 0:
		id = irqlab_gic_ack(tm, cpu);
		if (cpu >= NCPU) {
			ck_assert_int_eq(id, -EINVAL);
			break;
		}
		ck_assert(id == SPURIOUS || (id >= (int)LPI && id < (1 << LPI_BITS)));
		if (id != SPURIOUS) {
			ck_assert_uint_lt(nr_acked[cpu], 64);
			acked[cpu][nr_acked[cpu]++] = id;
		}
		break;
	case 1:
		if (cpu < NCPU && nr_acked[cpu] && rnd_below(4)) {
			ck_assert_int_eq(irqlab_gic_eoi(tm, cpu, acked[cpu][--nr_acked[cpu]]), 0);
			break;
		}
		/* Anything else is refused unless it happens to be the right one. */
		id = LPI + rnd_below(300);
		if (irqlab_gic_eoi(tm, cpu, id) == 0) {
			ck_assert_uint_lt(cpu, NCPU);
			ck_assert_uint_eq(acked[cpu][--nr_acked[cpu]], id);
		}
		break;
	case 2:
		irqlab_gic_pmr_write(tm, cpu, (u8)rnd());
		break;
	default:
		irqlab_gic_hppir(tm, cpu);
		break;
	}
}

/* Retry the stalled command, or restart the queue from scratch. */
static void random_unstall(void)
{
	if (rnd_below(2)) {
		its_w(GITS_CWRITER, 8, k.cwriter | GITS_CWRITER_RETRY);
		return;
	}
	its_w(GITS_CTLR, 4, 0);
	its_w(GITS_CBASER, 8, GITS_CBASER_VALID | k.queue_pa);
	k.cwriter = 0;
	its_w(GITS_CWRITER, 8, 0);
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
}

START_TEST(test_random_robustness)
{
	const char *env = getenv("IRQLAB_SEED");
	u64 itts[8], seed = env ? strtoull(env, NULL, 0) : 0x1e5eed;
	unsigned int i, cpu;

	printf("check_gic_hw: random seed %#llx (set IRQLAB_SEED to replay)\n",
	       (unsigned long long)seed);
	rng = seed ? seed : 1;
	memset(nr_acked, 0, sizeof(nr_acked));
	for (i = 0; i < ARRAY_SIZE(itts); i++)
		dma(IRQLAB_ITS_ENTRY_SIZE << 6, 256, &itts[i]);
	itts[ARRAY_SIZE(itts) - 1] = 0x2000;	/* not memory: stalls */
	for (i = 0; i < 10000; i++) {
		switch (rnd_below(10)) {
		case 0: case 1: case 2: case 3:
			random_command(itts, ARRAY_SIZE(itts));
			break;
		case 4: case 5:
			random_register();
			break;
		case 6: case 7:
			irqlab_bus_write_rid(tm, ITS_BASE + GITS_TRANSLATER, rnd_field(8),
					     rnd_field(8));
			break;
		case 8:
			random_cpu_op();
			break;
		default:
			/* The kernel edits the config table, or recovers the queue. */
			k.prop[rnd_below(300)] = (u8)rnd();
			if (its_r(GITS_CREADR, 8) & GITS_CREADR_STALLED)
				random_unstall();
			break;
		}
		/* CREADR stays a command-aligned offset inside the queue. */
		ck_assert_uint_lt(its_r(GITS_CREADR, 8) & ~GITS_CREADR_STALLED, QUEUE_SIZE);
		ck_assert_uint_eq(its_r(GITS_CREADR, 8) & 0x1e, 0);
	}
	printf("check_gic_hw: %lu commands, %lu errors, %lu translations\n",
	       irqlab_its_nr_commands(k.its), irqlab_its_nr_errors(k.its),
	       irqlab_its_nr_translations(k.its));
	/* The hardware still works after all that. */
	its_w(GITS_CTLR, 4, 0);
	its_w(GITS_BASER, 8, GITS_BASER_VALID | k.dt_pa | (DT_PAGES - 1));
	its_w(GITS_BASER + 8, 8, GITS_BASER_VALID | k.ct_pa | (CT_PAGES - 1));
	its_w(GITS_CBASER, 8, GITS_CBASER_VALID | k.queue_pa);
	k.cwriter = 0;
	its_w(GITS_CWRITER, 8, 0);
	its_w(GITS_CTLR, 4, GITS_CTLR_ENABLE);
	for (cpu = 0; cpu < NCPU; cpu++) {
		while (nr_acked[cpu])
			ck_assert_int_eq(irqlab_gic_eoi(tm, cpu, acked[cpu][--nr_acked[cpu]]), 0);
		ck_assert_int_eq(irqlab_gic_rpr(tm, cpu), 0xff);
		gicr_w(cpu, GICR_CTLR, 4, 0);
		gicr_w(cpu, GICR_PROPBASER, 8, k.prop_pa | (LPI_BITS - 1));
		gicr_w(cpu, GICR_PENDBASER, 8, k.pend_pa[cpu]);
		memset(k.pend[cpu], 0, PEND_SIZE);
		gicr_w(cpu, GICR_CTLR, 4, GICR_CTLR_ENABLE_LPIS);
		ck_assert_int_eq(irqlab_gic_pmr_write(tm, cpu, 0xf0), 0);
	}
	map_collections();
	map_device(2, 2);
	route(2, 1, LPI + 1000, 2, 0x10);
	ck_assert_int_eq(fire(2, 1), 0);
	ck_assert_int_eq(irqlab_gic_ack(tm, 2), LPI + 1000);
}
END_TEST

static Suite *gic_hw_suite(void)
{
	Suite *s = suite_create("gic_hw");
	TCase *tc;

	tc = tcase_create("redistributor");
	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_gicr_id_registers);
	tcase_add_test(tc, test_gicr_bad_accesses);
	tcase_add_test(tc, test_gicr_basers);
	tcase_add_test(tc, test_gicr_pending_table_in_memory);
	tcase_add_test(tc, test_gicr_drops);
	tcase_add_test(tc, test_gicr_inv_semantics);
	tcase_add_test(tc, test_gicr_short_config_table);
	tcase_add_test(tc, test_gic_hw_alloc_failure);
	suite_add_tcase(s, tc);

	tc = tcase_create("cpu_interface");
	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_cpuif_priority_order);
	tcase_add_test(tc, test_cpuif_priority_mask);
	tcase_add_test(tc, test_cpuif_fresh_cpu_masked);
	tcase_add_test(tc, test_cpuif_preemption);
	tcase_add_test(tc, test_cpuif_bad_cpu);
	suite_add_tcase(s, tc);

	tc = tcase_create("its_registers");
	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_its_registers);
	tcase_add_test(tc, test_its_bad_accesses);
	tcase_add_test(tc, test_its_create_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("its");
	tcase_add_checked_fixture(tc, gic_setup, gic_teardown);
	tcase_add_test(tc, test_its_delivery);
	tcase_add_test(tc, test_its_movi_moves_pending);
	tcase_add_test(tc, test_its_disabled_lpi_until_inv);
	tcase_add_test(tc, test_its_discard);
	tcase_add_test(tc, test_its_int_clear_mapi_sync_movall);
	tcase_add_test(tc, test_its_bad_commands);
	tcase_add_test(tc, test_its_no_tables);
	tcase_add_test(tc, test_its_table_geometry);
	tcase_add_test(tc, test_its_disabled_ignores_writes);
	tcase_add_test(tc, test_its_bad_doorbells);
	tcase_add_test(tc, test_its_stall_and_retry);
	tcase_add_test(tc, test_its_cwriter_range);
	tcase_add_test(tc, test_its_error_log);
	tcase_add_test(tc, test_two_its);
	suite_add_tcase(s, tc);

	tc = tcase_create("random");
	tcase_add_checked_fixture(tc, gic_setup, gic_teardown);
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, test_random_robustness);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(gic_hw_suite());
}
