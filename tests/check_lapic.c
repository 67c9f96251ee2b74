// SPDX-License-Identifier: MIT
/*
 * The emulated local APICs alone (hardware, no kernel side): MSI decode
 * with the extended destination ID, illegal vectors and the error status,
 * delivery in priority order, TPR/PPR, EOI, collapsing of repeats, TMR,
 * IPIs through the ICR, the register file's bad accesses, and the bus
 * errors of messages nobody accepts.  Machines here have no platform: the
 * test builds the APICs with irqlab_lapic_create().
 */
#include "fixture.h"
#include "irqlab/lapic.h"

static u64 msi_addr(unsigned int dest)
{
	return X86_MSI_BASE_ADDRESS_LOW | (dest & 0xffu) << 12 | ((dest >> 8) & 0x7fu) << 5;
}

static void msi(unsigned int dest, u32 data)
{
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(dest), data), 0);
}

static bool reg_bit(unsigned int cpu, unsigned int base, unsigned int v)
{
	return irqlab_lapic_read(tm, cpu, base + v / 32 * 0x10) & (1u << (v % 32));
}

#define irr(cpu, v) reg_bit(cpu, APIC_IRR, v)
#define isr(cpu, v) reg_bit(cpu, APIC_ISR, v)
#define tmr(cpu, v) reg_bit(cpu, APIC_TMR, v)

/* Latch and read the error status, as the kernel does. */
static u32 esr(unsigned int cpu)
{
	ck_assert_int_eq(irqlab_lapic_write(tm, cpu, APIC_ESR, 0), 0);
	return irqlab_lapic_read(tm, cpu, APIC_ESR);
}

static struct irqlab_lapic_stats stats(unsigned int cpu)
{
	struct irqlab_lapic_stats st;

	ck_assert_int_eq(irqlab_lapic_get_stats(tm, cpu, &st), 0);
	return st;
}

static void lapic_setup(void)
{
	tm_create(NULL);
	ck_assert_int_eq(irqlab_lapic_create(tm), 0);
}

static void lapic_teardown(void)
{
	irqlab_lapic_destroy(tm);
	tm_destroy();
}

/* ---- creation ------------------------------------------------------------ */

static int dummy_write(void *ctx, u64 addr, u32 data)
{
	return 0;
}

START_TEST(test_create_errors)
{
	struct irqlab_bus_error e;

	tm_create(NULL);
	ck_assert_int_eq(irqlab_lapic_create(NULL), -EINVAL);
	/* Every allocation failure leaves nothing behind. */
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irqlab_lapic_create(tm), -ENOMEM);
	irqlab_fail_nth_alloc(2); /* the bus */
	ck_assert_int_eq(irqlab_lapic_create(tm), -ENOMEM);
	irqlab_fail_nth_alloc(0);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 0, APIC_ID), ~0u);
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_TASKPRI, 0), -EINVAL);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), -1);
	/* Someone else holds the window. */
	ck_assert_int_eq(irqlab_bus_claim(tm, 0xfee00000, 0x1000, "other", dummy_write, NULL), 0);
	ck_assert_int_eq(irqlab_lapic_create(tm), -EBUSY);
	ck_assert_int_eq(irqlab_bus_release(tm, 0xfee00000), 0);
	/* The window is unclaimed: a message is a recorded bus error. */
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(0), 0x41), -EIO);
	ck_assert_int_eq(irqlab_bus_last_error(tm, &e), 0);
	ck_assert_uint_eq(e.addr, msi_addr(0));
	ck_assert_int_eq(irqlab_lapic_create(tm), 0);
	ck_assert_int_eq(irqlab_lapic_create(tm), -EEXIST);
	irqlab_lapic_destroy(tm);
	irqlab_lapic_destroy(tm);
	irqlab_lapic_destroy(NULL);
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(0), 0x41), -EIO);
	tm_destroy();
}
END_TEST

START_TEST(test_reset_state)
{
	unsigned int cpu;

	for (cpu = 0; cpu < 4; cpu++) {
		ck_assert_uint_eq(irqlab_lapic_read(tm, cpu, APIC_ID), cpu);
		ck_assert_uint_eq(irqlab_lapic_read(tm, cpu, APIC_LVR), APIC_LVR_VALUE);
		ck_assert_uint_eq(irqlab_lapic_read(tm, cpu, APIC_SPIV), 0xff);
		ck_assert_uint_eq(irqlab_lapic_read(tm, cpu, APIC_LVTERR), APIC_LVT_MASKED);
		ck_assert_uint_eq(irqlab_lapic_read(tm, cpu, APIC_TASKPRI), 0);
		ck_assert_uint_eq(irqlab_lapic_read(tm, cpu, APIC_PROCPRI), 0);
		ck_assert_uint_eq(irqlab_lapic_read(tm, cpu, APIC_IRR + 0x70), 0);
		ck_assert_int_eq(irqlab_lapic_ack(tm, cpu), -1);
	}
}
END_TEST

/* ---- MSI decode ---------------------------------------------------------- */

START_TEST(test_msi_fixed)
{
	msi(2, 0x41);
	ck_assert(irr(2, 0x41));
	ck_assert(!irr(0, 0x41) && !irr(1, 0x41) && !irr(3, 0x41));
	ck_assert(!tmr(2, 0x41));
	ck_assert_uint_eq(irqlab_lapic_read(tm, 2, APIC_IRR + 0x20), 1u << 1);
	/* Lowest priority goes to the addressed APIC too. */
	msi(3, APIC_DELIVERY_MODE_LOWESTPRIO << 8 | 0x42);
	ck_assert(irr(3, 0x42));
	ck_assert_uint_eq(stats(3).accepted, 1);
	/* Data bits beyond the vector/mode/trigger do not change the target. */
	msi(1, 0xffff0000u | 0x43);
	ck_assert(irr(1, 0x43));
	/* RH without logical mode and DM without RH are physical: delivered. */
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(0) | X86_MSI_ADDR_REDIRECTION_HINT, 0x44), 0);
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(0) | X86_MSI_ADDR_DEST_MODE_LOGICAL, 0x45), 0);
	ck_assert(irr(0, 0x44) && irr(0, 0x45));
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 0);
}
END_TEST

START_TEST(test_msi_extended_dest)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 300 };

	tm_create(&cfg);
	ck_assert_int_eq(irqlab_lapic_create(tm), 0);
	/* 257 = 0x101: bits 7:0 in address 19:12, bits 14:8 in 11:5. */
	ck_assert_uint_eq(msi_addr(257), 0xfee01020u);
	msi(257, 0x51);
	ck_assert(irr(257, 0x51));
	ck_assert(!irr(1, 0x51));
	msi(1, 0x52);
	ck_assert(irr(1, 0x52) && !irr(257, 0x52));
	msi(299, 0x53);
	ck_assert(irr(299, 0x53));
	ck_assert_uint_eq(irqlab_lapic_read(tm, 299, APIC_ID), 299);
	/* 300 is no APIC. */
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(300), 0x53), -EIO);
	irqlab_lapic_destroy(tm);
	tm_destroy();
}
END_TEST

START_TEST(test_msi_bad_messages)
{
	struct irqlab_bus_error e;

	/* Remappable format: no IOMMU takes it. */
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(0) | X86_MSI_ADDR_REMAPPABLE, 0x41), -EIO);
	/* Logical lowest-priority destinations are not modelled. */
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(0) | X86_MSI_ADDR_REDIRECTION_HINT |
					  X86_MSI_ADDR_DEST_MODE_LOGICAL, 0x41), -EIO);
	/* Reserved delivery modes. */
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(0), 3 << 8 | 0x41), -EIO);
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(0), 6 << 8 | 0x41), -EIO);
	/* A destination that is not a CPU. */
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(4), 0x41), -EIO);
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(0x7fff), 0x41), -EIO);
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 6);
	ck_assert_int_eq(irqlab_bus_last_error(tm, &e), 0);
	ck_assert_uint_eq(e.addr, msi_addr(0x7fff));
	ck_assert_int_eq(e.err, -EIO);
	/* Nothing was latched anywhere. */
	ck_assert(!irr(0, 0x41));
	ck_assert_uint_eq(stats(0).accepted, 0);
	/* Outside the window: the bus records it, the APICs never see it. */
	ck_assert_int_eq(irqlab_bus_write(tm, 0xfed00000, 0x41), -EIO);
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 7);
}
END_TEST

START_TEST(test_msi_not_present_and_offline)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4, .nr_present = 3, .nr_online = 2 };

	tm_create(&cfg);
	ck_assert_int_eq(irqlab_lapic_create(tm), 0);
	/* CPU 3 is possible but not present: no APIC answers. */
	ck_assert_int_eq(irqlab_bus_write(tm, msi_addr(3), 0x41), -EIO);
	ck_assert(!irr(3, 0x41));
	/* CPU 2 is present but offline: its APIC still latches. */
	msi(2, 0x41);
	ck_assert(irr(2, 0x41));
	irqlab_lapic_destroy(tm);
	tm_destroy();
}
END_TEST

START_TEST(test_msi_other_modes)
{
	msi(1, APIC_DELIVERY_MODE_NMI << 8 | 0x41);
	msi(1, APIC_DELIVERY_MODE_SMI << 8);
	msi(1, APIC_DELIVERY_MODE_EXTINT << 8 | 0x30);
	ck_assert_uint_eq(stats(1).nmi, 1);
	ck_assert_uint_eq(stats(1).smi, 1);
	ck_assert_uint_eq(stats(1).extint, 1);
	ck_assert_uint_eq(stats(1).accepted, 0);
	/* They bypass IRR/ISR. */
	ck_assert(!irr(1, 0x41) && !irr(1, 0x30));
	ck_assert_int_eq(irqlab_lapic_ack(tm, 1), -1);
	/* INIT resets the APIC: pending requests and the TPR are gone. */
	msi(1, 0x61);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_TASKPRI, 0x20), 0);
	msi(1, APIC_DELIVERY_MODE_INIT << 8);
	ck_assert_uint_eq(stats(1).init, 1);
	ck_assert_uint_eq(stats(1).nmi, 1); /* counters survive */
	ck_assert(!irr(1, 0x61));
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_TASKPRI), 0);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_ID), 1);
}
END_TEST

/* ---- illegal vectors and errors -------------------------------------------- */

START_TEST(test_illegal_vectors)
{
	unsigned int v;

	for (v = 0; v < 16; v++)
		msi(0, v);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 0, APIC_IRR), 0);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), -1);
	/* ESR reads what the last ESR write latched. */
	ck_assert_uint_eq(irqlab_lapic_read(tm, 0, APIC_ESR), 0);
	ck_assert_uint_eq(esr(0), APIC_ESR_RECVILL);
	ck_assert_uint_eq(esr(0), 0);
	/* 16-31 are accepted by the APIC. */
	msi(0, 16);
	msi(0, 31);
	ck_assert(irr(0, 16) && irr(0, 31));
	ck_assert_uint_eq(esr(0), 0);
	/* An unmasked LVT Error entry raises its vector. */
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_LVTERR, 0xfe), 0);
	msi(1, 3);
	ck_assert(irr(1, 0xfe));
	ck_assert(!tmr(1, 0xfe));
	ck_assert_uint_eq(esr(1), APIC_ESR_RECVILL);
	/* An illegal LVT vector raises nothing. */
	ck_assert_int_eq(irqlab_lapic_write(tm, 2, APIC_LVTERR, 0x05), 0);
	msi(2, 3);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 2, APIC_IRR), 0);
	ck_assert_uint_eq(esr(2), APIC_ESR_RECVILL);
}
END_TEST

/* ---- dispatch ------------------------------------------------------------ */

START_TEST(test_priority_order)
{
	msi(0, 0x31);
	msi(0, 0x81);
	msi(0, 0x52);
	msi(0, 0x85);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), 0x85);
	ck_assert(isr(0, 0x85) && !irr(0, 0x85));
	/* 0x81 is in the same class as the one in service: it waits. */
	ck_assert_uint_eq(irqlab_lapic_read(tm, 0, APIC_PROCPRI), 0x80);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), -1);
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_EOI, 0), 0);
	ck_assert(!isr(0, 0x85));
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), 0x81);
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_EOI, 0), 0);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), 0x52);
	/* A higher class preempts: nested in-service vectors. */
	msi(0, 0x91);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), 0x91);
	ck_assert(isr(0, 0x52) && isr(0, 0x91));
	/* EOI retires the highest in service first. */
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_EOI, 0), 0);
	ck_assert(isr(0, 0x52) && !isr(0, 0x91));
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_EOI, 0), 0);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), 0x31);
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_EOI, 0), 0);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), -1);
	/* An EOI with nothing in service changes nothing. */
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_EOI, 0), 0);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 0, APIC_ISR), 0);
	/* Out of range CPUs. */
	ck_assert_int_eq(irqlab_lapic_ack(tm, 4), -1);
	ck_assert_int_eq(irqlab_lapic_ack(NULL, 0), -1);
}
END_TEST

START_TEST(test_tpr_ppr)
{
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_TASKPRI, 0x1ff), 0);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_TASKPRI), 0xff);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_TASKPRI, 0x55), 0);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_PROCPRI), 0x55);
	msi(1, 0x5f);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 1), -1); /* class 5 is not above 5 */
	msi(1, 0x61);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 1), 0x61);
	/* The in-service class is above the TPR: it is the PPR. */
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_PROCPRI), 0x60);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_EOI, 0), 0);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_PROCPRI), 0x55);
	/* Lowering the TPR releases what was held back. */
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_TASKPRI, 0x40), 0);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 1), 0x5f);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_TASKPRI, 0x70), 0);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_PROCPRI), 0x70);
}
END_TEST

START_TEST(test_repeats_collapse)
{
	msi(0, 0x41);
	msi(0, 0x41);
	msi(0, 0x41);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), 0x41);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), -1);
	/* One more while in service: one IRR plus one ISR. */
	msi(0, 0x41);
	msi(0, 0x41);
	ck_assert(irr(0, 0x41) && isr(0, 0x41));
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), -1);
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_EOI, 0), 0);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), 0x41);
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_EOI, 0), 0);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 0), -1);
	ck_assert_uint_eq(stats(0).accepted, 5);
}
END_TEST

START_TEST(test_tmr_level)
{
	msi(2, X86_MSI_DATA_TRIGGER_LEVEL | X86_MSI_DATA_LEVEL_ASSERT | 0x71);
	ck_assert(irr(2, 0x71) && tmr(2, 0x71));
	ck_assert_int_eq(irqlab_lapic_ack(tm, 2), 0x71);
	ck_assert_int_eq(irqlab_lapic_write(tm, 2, APIC_EOI, 0), 0);
	ck_assert_uint_eq(stats(2).eoi_broadcast, 1);
	/* An edge message on the vector clears its TMR bit: no broadcast. */
	msi(2, 0x71);
	ck_assert(!tmr(2, 0x71));
	ck_assert_int_eq(irqlab_lapic_ack(tm, 2), 0x71);
	ck_assert_int_eq(irqlab_lapic_write(tm, 2, APIC_EOI, 0), 0);
	ck_assert_uint_eq(stats(2).eoi_broadcast, 1);
}
END_TEST

START_TEST(test_spurious)
{
	ck_assert_int_eq(irqlab_lapic_raise_spurious(tm, 3), 0);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 3), 0xff);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 3, APIC_ISR + 0x70), 0);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 3), -1);
	/* The SVR says which vector; the spurious one comes first. */
	ck_assert_int_eq(irqlab_lapic_write(tm, 3, APIC_SPIV, 0xffff01f7), 0);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 3, APIC_SPIV), 0x1f7);
	msi(3, 0x41);
	ck_assert_int_eq(irqlab_lapic_raise_spurious(tm, 3), 0);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 3), 0xf7);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 3), 0x41);
	ck_assert_int_eq(irqlab_lapic_raise_spurious(tm, 4), -EINVAL);
}
END_TEST

/* ---- IPIs -------------------------------------------------------------------- */

static void ipi(unsigned int sender, u32 dest, u32 icr)
{
	ck_assert_int_eq(irqlab_lapic_write(tm, sender, APIC_ICR2, dest), 0);
	ck_assert_int_eq(irqlab_lapic_write(tm, sender, APIC_ICR, icr), 0);
}

START_TEST(test_ipi_fixed)
{
	ipi(0, 2, APIC_DM_FIXED | 0x61);
	ck_assert(irr(2, 0x61) && !irr(0, 0x61));
	ck_assert_uint_eq(irqlab_lapic_read(tm, 0, APIC_ICR), 0x61);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 0, APIC_ICR2), 2);
	/* The ICR is never busy: the IPI went out at once. */
	ipi(0, 2, APIC_ICR_BUSY | 0x62);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 0, APIC_ICR), 0x62);
	ipi(1, 3, APIC_DEST_SELF | 0x63);
	ck_assert(irr(1, 0x63) && !irr(3, 0x63));
	ipi(1, 0, APIC_DEST_ALLINC | 0x64);
	ck_assert(irr(0, 0x64) && irr(1, 0x64) && irr(2, 0x64) && irr(3, 0x64));
	ipi(1, 0, APIC_DEST_ALLBUT | 0x65);
	ck_assert(irr(0, 0x65) && !irr(1, 0x65) && irr(2, 0x65) && irr(3, 0x65));
	ipi(3, 0, APIC_DM_LOWEST | APIC_INT_LEVELTRIG | 0x66);
	ck_assert(irr(0, 0x66) && tmr(0, 0x66));
	ck_assert_uint_eq(esr(0), 0);
	ck_assert_uint_eq(esr(1), 0);
}
END_TEST

START_TEST(test_ipi_errors)
{
	/* Illegal vector: not sent, the sender flags it. */
	ipi(0, 2, APIC_DM_FIXED | 0x0f);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 2, APIC_IRR), 0);
	ck_assert_uint_eq(esr(0), APIC_ESR_SENDILL);
	ck_assert_uint_eq(esr(2), 0);
	/* No APIC at the destination. */
	ipi(0, 9, APIC_DM_FIXED | 0x41);
	ck_assert_uint_eq(esr(0), APIC_ESR_SEND_ACC);
	/* Reserved delivery mode 3. */
	ipi(0, 2, 3 << 8 | 0x41);
	ck_assert_uint_eq(esr(0), APIC_ESR_SEND_ACC);
	ck_assert(!irr(2, 0x41));
}
END_TEST

START_TEST(test_ipi_modes)
{
	ipi(0, 1, APIC_DM_NMI);
	ipi(0, 1, APIC_DM_SMI);
	ipi(0, 1, APIC_DM_STARTUP | 0x9a);
	ipi(0, 1, APIC_DM_EXTINT);
	ck_assert_uint_eq(stats(1).nmi, 1);
	ck_assert_uint_eq(stats(1).smi, 1);
	ck_assert_uint_eq(stats(1).startup, 1);
	ck_assert_uint_eq(stats(1).extint, 1);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_IRR + 0x40), 0);
	/* INIT to all but self resets every other APIC. */
	msi(2, 0x44);
	msi(0, 0x44);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 2), 0x44);
	ipi(0, 0, APIC_DEST_ALLBUT | APIC_DM_INIT);
	ck_assert(!isr(2, 0x44));
	ck_assert(irr(0, 0x44));
	ck_assert_uint_eq(stats(2).init, 1);
	ck_assert_uint_eq(stats(0).init, 0);
}
END_TEST

/* ---- the register file --------------------------------------------------- */

START_TEST(test_bad_registers)
{
	static const unsigned int holes[] = { 0x0, 0x10, 0x40, 0x90, 0xc0, 0x290, 0x320,
					      0x3f0, 0x400, 0x1000 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(holes); i++) {
		ck_assert_uint_eq(irqlab_lapic_read(tm, 1, holes[i]), ~0u);
		ck_assert_uint_eq(esr(1), APIC_ESR_ILLREGA);
		ck_assert_int_eq(irqlab_lapic_write(tm, 1, holes[i], 0), -EINVAL);
		ck_assert_uint_eq(esr(1), APIC_ESR_ILLREGA);
	}
	/* Misaligned accesses, even inside a register. */
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_IRR + 4), ~0u);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_TASKPRI + 1, 0x20), -EINVAL);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_TASKPRI), 0);
	ck_assert_uint_eq(esr(1), APIC_ESR_ILLREGA);
	/* Read-only registers ignore writes; that is no illegal address. */
	msi(1, 0x41);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_ID, 7), -EINVAL);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_LVR, 7), -EINVAL);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_PROCPRI, 7), -EINVAL);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_IRR + 0x20, 0), -EINVAL);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_ISR, 1), -EINVAL);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_TMR + 0x70, 1), -EINVAL);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_ID), 1);
	ck_assert(irr(1, 0x41));
	ck_assert_uint_eq(esr(1), 0);
	/* The write-only EOI reads 0. */
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_EOI), 0);
	/* Writable fields keep only their bits. */
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_LVTERR, 0xffffffff), 0);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_LVTERR), APIC_LVT_MASKED | 0xff);
	/* CPUs without an APIC. */
	ck_assert_uint_eq(irqlab_lapic_read(tm, 4, APIC_ID), ~0u);
	ck_assert_uint_eq(irqlab_lapic_read(NULL, 0, APIC_ID), ~0u);
	ck_assert_int_eq(irqlab_lapic_write(tm, 4, APIC_TASKPRI, 0), -EINVAL);
}
END_TEST

START_TEST(test_stats_errors)
{
	struct irqlab_lapic_stats st = { .nmi = 5 };

	ck_assert_int_eq(irqlab_lapic_get_stats(tm, 4, &st), -EINVAL);
	ck_assert_uint_eq(st.nmi, 0);
}
END_TEST

static Suite *lapic_suite(void)
{
	Suite *s = suite_create("lapic");
	TCase *tc = tcase_create("lapic");
	TCase *own = tcase_create("machines");

	tcase_add_checked_fixture(tc, lapic_setup, lapic_teardown);
	tcase_add_test(tc, test_reset_state);
	tcase_add_test(tc, test_msi_fixed);
	tcase_add_test(tc, test_msi_bad_messages);
	tcase_add_test(tc, test_msi_other_modes);
	tcase_add_test(tc, test_illegal_vectors);
	tcase_add_test(tc, test_priority_order);
	tcase_add_test(tc, test_tpr_ppr);
	tcase_add_test(tc, test_repeats_collapse);
	tcase_add_test(tc, test_tmr_level);
	tcase_add_test(tc, test_spurious);
	tcase_add_test(tc, test_ipi_fixed);
	tcase_add_test(tc, test_ipi_errors);
	tcase_add_test(tc, test_ipi_modes);
	tcase_add_test(tc, test_bad_registers);
	tcase_add_test(tc, test_stats_errors);
	suite_add_tcase(s, tc);

	tcase_add_test(own, test_create_errors);
	tcase_add_test(own, test_msi_extended_dest);
	tcase_add_test(own, test_msi_not_present_and_offline);
	suite_add_tcase(s, own);
	return s;
}

int main(void)
{
	return tm_run_suite(lapic_suite());
}
