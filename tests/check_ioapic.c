// SPDX-License-Identifier: MIT
/*
 * The emulated IO-APIC alone (hardware, no kernel side): the indirect
 * registers and their bad accesses, the redirection entries' fields, the
 * messages pins send (recorded on the bus, or received by real local
 * APICs), level semantics with Remote IRR and the re-send after an EOI
 * while the line stays asserted, wired-OR sources, edge vs level,
 * polarity and wiring, and PCI INTx lines connected through the
 * function's INTx sink.  Machines here have no platform: the test builds
 * the IO-APIC (and, for the EOI broadcast, the local APICs) itself.
 */
#include "fixture.h"
#include "irqlab/ioapic_hw.h"
#include "irqlab/lapic.h"
#include "irqlab/pci_hw.h"

/* chips/lapic.c: the APICs' EOI broadcast listener (internal). */
int lapic_set_eoi_hook(struct irqlab_machine *m, void (*fn)(void *, unsigned int),
		       void *ctx);

#define REC_MAX 64

/* Messages recorded on the LAPIC window when no APIC is there. */
static struct {
	u64 addr;
	u32 data;
} rec[REC_MAX];
static unsigned int nrec;
static int rec_err;

static void other_listener(void *ctx, unsigned int vector)
{
}

static int rec_write(void *ctx, u64 addr, u32 data)
{
	if (rec_err)
		return rec_err;
	rec[nrec % REC_MAX].addr = addr;
	rec[nrec % REC_MAX].data = data;
	nrec++;
	return 0;
}

/* A machine with an IO-APIC whose messages are recorded. */
static void rec_setup(void)
{
	tm_create(NULL);
	ck_assert_int_eq(irqlab_ioapic_create(tm), 0);
	ck_assert_int_eq(irqlab_bus_claim(tm, X86_MSI_BASE_ADDRESS_LOW,
					  IRQLAB_LAPIC_MSI_WINDOW_SIZE, "rec", rec_write, NULL),
			 0);
	nrec = 0;
	rec_err = 0;
}

/* A machine with local APICs and an IO-APIC. */
static void apic_setup(void)
{
	tm_create(NULL);
	ck_assert_int_eq(irqlab_lapic_create(tm), 0);
	ck_assert_int_eq(irqlab_ioapic_create(tm), 0);
}

static void hw_teardown(void)
{
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
	irqlab_ioapic_destroy(tm);
	irqlab_lapic_destroy(tm);
	tm_destroy();
}

/* ---- register helpers ----------------------------------------------------- */

static void io_wr(unsigned int reg, u32 val)
{
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_INDEX, reg), 0);
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_DATA, val), 0);
}

static u32 io_rd(unsigned int reg)
{
	u32 val;

	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_INDEX, reg), 0);
	ck_assert_int_eq(irqlab_ioapic_mmio_read(tm, IO_APIC_DATA, &val), 0);
	return val;
}

/* Program an entry the kernel's way: high dword first. */
static void rte_set(unsigned int pin, u32 lo, u32 hi)
{
	io_wr(IO_APIC_REG_REDTBL + 1 + 2 * pin, hi);
	io_wr(IO_APIC_REG_REDTBL + 2 * pin, lo);
}

static u32 rte_lo(unsigned int pin)
{
	return io_rd(IO_APIC_REG_REDTBL + 2 * pin);
}

static u32 rte_hi(unsigned int pin)
{
	return io_rd(IO_APIC_REG_REDTBL + 1 + 2 * pin);
}

static void eoi(unsigned int vector)
{
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_EOI, vector), 0);
}

static struct irqlab_ioapic_pin_state pst(unsigned int pin)
{
	struct irqlab_ioapic_pin_state st;

	ck_assert_int_eq(irqlab_ioapic_get_pin_state(tm, pin, &st), 0);
	return st;
}

static bool remote_irr(unsigned int pin)
{
	return rte_lo(pin) & IO_APIC_REDIR_REMOTE_IRR;
}

static struct irqlab_ioapic_src *src_add(unsigned int pin)
{
	struct irqlab_ioapic_src *s;

	ck_assert_int_eq(irqlab_ioapic_source_add(tm, pin, &s), 0);
	return s;
}

static void drive(struct irqlab_ioapic_src *s, bool asserted)
{
	ck_assert_int_eq(irqlab_ioapic_source_set(s, asserted), 0);
}

#define LEVEL_LOW (IO_APIC_REDIR_LEVEL_TRIGGER | IO_APIC_REDIR_ACTIVE_LOW)
#define DEST(d) ((u32)(d) << IO_APIC_REDIR_DEST_SHIFT)
#define LEVEL_DATA (X86_MSI_DATA_TRIGGER_LEVEL | X86_MSI_DATA_LEVEL_ASSERT)

/* ---- creation and registers --------------------------------------------- */

START_TEST(test_create_destroy)
{
	ck_assert_int_eq(irqlab_ioapic_create(NULL), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_create(tm), -EEXIST);
	irqlab_ioapic_destroy(tm);
	irqlab_ioapic_destroy(tm); /* nothing left: no-op */
	irqlab_ioapic_destroy(NULL);
	/* Gone: every access fails and changes nothing. */
	u32 v = 0;
	struct irqlab_ioapic_pin_state st;
	struct irqlab_ioapic_src *s;

	ck_assert_int_eq(irqlab_ioapic_mmio_read(tm, IO_APIC_DATA, &v), -EINVAL);
	ck_assert_uint_eq(v, ~0u);
	ck_assert_int_eq(irqlab_ioapic_mmio_read(NULL, IO_APIC_DATA, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_INDEX, 0), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_get_pin_state(tm, 0, &st), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_get_pin_state(tm, 0, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_source_add(tm, 0, &s), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_set_pin_wiring(tm, 0, true), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_disconnect_intx(tm, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, NULL), -EINVAL);
	/* And it can be built again. */
	ck_assert_int_eq(irqlab_ioapic_create(tm), 0);
	ck_assert_uint_eq(rte_lo(0), IO_APIC_REDIR_MASKED);
}
END_TEST

START_TEST(test_create_nomem)
{
	irqlab_ioapic_destroy(tm);
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irqlab_ioapic_create(tm), -ENOMEM);
	irqlab_fail_nth_alloc(0);
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_INDEX, 0), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_create(tm), 0);
}
END_TEST

START_TEST(test_create_eoi_hook_busy)
{
	/* Another listener holds the APICs' EOI broadcast. */
	irqlab_ioapic_destroy(tm);
	ck_assert_int_eq(lapic_set_eoi_hook(tm, other_listener, NULL),
			 0);
	ck_assert_int_eq(irqlab_ioapic_create(tm), -EBUSY);
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_INDEX, 0), -EINVAL);
	ck_assert_int_eq(lapic_set_eoi_hook(tm, NULL, NULL), 0);
	ck_assert_int_eq(irqlab_ioapic_create(tm), 0);
}
END_TEST

START_TEST(test_id_version_arb)
{
	u32 v;

	ck_assert_uint_eq(io_rd(IO_APIC_REG_ID), 0);
	ck_assert_uint_eq(io_rd(IO_APIC_REG_VERSION), 0x00170020u);
	ck_assert_uint_eq(io_rd(IO_APIC_REG_ARB), 0);
	/* Only ID bits 27:24 are writable; ARB follows the ID. */
	io_wr(IO_APIC_REG_ID, 0xffffffffu);
	ck_assert_uint_eq(io_rd(IO_APIC_REG_ID), 0x0f000000u);
	ck_assert_uint_eq(io_rd(IO_APIC_REG_ARB), 0x0f000000u);
	io_wr(IO_APIC_REG_ID, 0x05000000u);
	ck_assert_uint_eq(io_rd(IO_APIC_REG_ID), 0x05000000u);
	/* VER and ARB are read-only. */
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_INDEX, IO_APIC_REG_VERSION), 0);
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_DATA, 0), -EINVAL);
	ck_assert_uint_eq(io_rd(IO_APIC_REG_VERSION), 0x00170020u);
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_INDEX, IO_APIC_REG_ARB), 0);
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_DATA, 0), -EINVAL);
	ck_assert_uint_eq(io_rd(IO_APIC_REG_ARB), 0x05000000u);
	/* IOREGSEL keeps its low byte. */
	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_INDEX, 0x1234u), 0);
	ck_assert_int_eq(irqlab_ioapic_mmio_read(tm, IO_APIC_INDEX, &v), 0);
	ck_assert_uint_eq(v, 0x34u);
	/* The EOI register is write-only. */
	ck_assert_int_eq(irqlab_ioapic_mmio_read(tm, IO_APIC_EOI, &v), 0);
	ck_assert_uint_eq(v, 0);
}
END_TEST

START_TEST(test_bad_accesses)
{
	static const unsigned int offs[] = { 0x04, 0x08, 0x0c, 0x14, 0x20, 0x30, 0x44, 0x3fc,
					     0x1000, 0xffffffffu };
	static const u32 idx[] = { 0x03, 0x0f, 0x10 + 2 * IRQLAB_IOAPIC_NR_PINS, 0x40, 0xff };
	unsigned int i;
	u32 v;

	io_wr(IO_APIC_REG_ID, 0x03000000u);
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		v = 0;
		ck_assert_int_eq(irqlab_ioapic_mmio_read(tm, offs[i], &v), -EINVAL);
		ck_assert_uint_eq(v, ~0u);
		ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, offs[i], 0), -EINVAL);
	}
	/* IOWIN with an index that selects nothing. */
	for (i = 0; i < ARRAY_SIZE(idx); i++) {
		ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_INDEX, idx[i]), 0);
		v = 0;
		ck_assert_int_eq(irqlab_ioapic_mmio_read(tm, IO_APIC_DATA, &v), -EINVAL);
		ck_assert_uint_eq(v, ~0u);
		ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_DATA, 0), -EINVAL);
	}
	/* Nothing changed. */
	ck_assert_uint_eq(io_rd(IO_APIC_REG_ID), 0x03000000u);
	for (i = 0; i < IRQLAB_IOAPIC_NR_PINS; i++) {
		ck_assert_uint_eq(rte_lo(i), IO_APIC_REDIR_MASKED);
		ck_assert_uint_eq(rte_hi(i), 0);
	}
	ck_assert_uint_eq(nrec, 0);
}
END_TEST

START_TEST(test_rte_fields)
{
	unsigned int pin;

	/* Reset: every entry masked, everything else zero. */
	for (pin = 0; pin < IRQLAB_IOAPIC_NR_PINS; pin++) {
		ck_assert_uint_eq(rte_lo(pin), IO_APIC_REDIR_MASKED);
		ck_assert_uint_eq(rte_hi(pin), 0);
	}
	/* Writable: vector, delivery mode, dest mode, polarity, trigger, mask;
	 * delivery status, Remote IRR and bits 31:17 are not. */
	io_wr(IO_APIC_REG_REDTBL + 2 * 5, 0xffffffffu);
	ck_assert_uint_eq(rte_lo(5), 0x1afffu);
	io_wr(IO_APIC_REG_REDTBL + 2 * 5, 0x12345u);
	ck_assert_uint_eq(rte_lo(5), 0x12345u & 0x1afffu);
	/* High: destination 31:24 and extended destination 23:17. */
	io_wr(IO_APIC_REG_REDTBL + 1 + 2 * 5, 0xffffffffu);
	ck_assert_uint_eq(rte_hi(5), 0xfffe0000u);
	/* Each pin has its own entry. */
	ck_assert_uint_eq(rte_lo(4), IO_APIC_REDIR_MASKED);
	ck_assert_uint_eq(rte_lo(6), IO_APIC_REDIR_MASKED);
	rte_set(23, 0x10077u, DEST(3));
	ck_assert_uint_eq(rte_lo(23), 0x10077u);
	ck_assert_uint_eq(rte_hi(23), DEST(3));
}
END_TEST

/* ---- messages --------------------------------------------------------------- */

START_TEST(test_edge_message)
{
	struct irqlab_ioapic_src *s = src_add(3);

	rte_set(3, 0x41, DEST(2));
	ck_assert_uint_eq(nrec, 0);
	drive(s, true);
	ck_assert_uint_eq(nrec, 1);
	ck_assert_uint_eq(rec[0].addr, 0xfee02000u);
	ck_assert_uint_eq(rec[0].data, 0x41u);
	/* Edge: no Remote IRR, no re-send while high. */
	ck_assert(!remote_irr(3));
	drive(s, true);
	eoi(0x41);
	ck_assert_uint_eq(nrec, 1);
	/* Falling edge: nothing; rising: a new message. */
	drive(s, false);
	ck_assert_uint_eq(nrec, 1);
	drive(s, true);
	ck_assert_uint_eq(nrec, 2);
	ck_assert_uint_eq(pst(3).msgs, 2);
	ck_assert_uint_eq(pst(3).eois, 0);
}
END_TEST

START_TEST(test_edge_masked_is_lost)
{
	struct irqlab_ioapic_src *s = src_add(4);

	rte_set(4, IO_APIC_REDIR_MASKED | 0x42, DEST(1));
	drive(s, true);
	drive(s, false);
	drive(s, true);
	/* Unmasking while high is no edge. */
	rte_set(4, 0x42, DEST(1));
	ck_assert_uint_eq(nrec, 0);
	drive(s, false);
	drive(s, true);
	ck_assert_uint_eq(nrec, 1);
	ck_assert_uint_eq(rec[0].addr, 0xfee01000u);
}
END_TEST

START_TEST(test_message_format)
{
	struct irqlab_ioapic_src *s = src_add(7);

	/* NMI delivery, logical, destination 0x512 (extended ID 0x05). */
	rte_set(7, 4u << IO_APIC_REDIR_DELIVERY_SHIFT | IO_APIC_REDIR_DEST_LOGICAL | 0x99,
		DEST(0x12) | 0x05u << IO_APIC_REDIR_EXT_DEST_SHIFT);
	drive(s, true);
	ck_assert_uint_eq(nrec, 1);
	ck_assert_uint_eq(rec[0].addr, 0xfee00000u | 0x12u << 12 | 0x05u << 5 | 1u << 2);
	ck_assert_uint_eq(rec[0].data, 0x499u);
	/* Level: trigger and assert bits, lowest priority mode kept. */
	rte_set(8, IO_APIC_REDIR_LEVEL_TRIGGER | 1u << IO_APIC_REDIR_DELIVERY_SHIFT | 0x77,
		DEST(0xff));
	s = src_add(8);
	drive(s, true);
	ck_assert_uint_eq(nrec, 2);
	ck_assert_uint_eq(rec[1].addr, 0xfeeff000u);
	ck_assert_uint_eq(rec[1].data, LEVEL_DATA | 0x177u);
}
END_TEST

START_TEST(test_level_remote_irr_and_resend)
{
	struct irqlab_ioapic_src *s = src_add(16);

	rte_set(16, LEVEL_LOW | 0x51, DEST(1));
	ck_assert_uint_eq(nrec, 0);
	drive(s, true);
	ck_assert_uint_eq(nrec, 1);
	ck_assert_uint_eq(rec[0].addr, 0xfee01000u);
	ck_assert_uint_eq(rec[0].data, LEVEL_DATA | 0x51u);
	ck_assert(remote_irr(16));
	ck_assert(pst(16).remote_irr);
	/* Remote IRR holds further messages while the line stays asserted. */
	rte_set(16, LEVEL_LOW | 0x51, DEST(1));
	ck_assert_uint_eq(nrec, 1);
	ck_assert(remote_irr(16));
	/* Another vector's EOI is not ours. */
	eoi(0x52);
	ck_assert(remote_irr(16));
	ck_assert_uint_eq(nrec, 1);
	/* Our EOI while still asserted: cleared, sent again, set again. */
	eoi(0x51);
	ck_assert_uint_eq(nrec, 2);
	ck_assert(remote_irr(16));
	/* Serviced: deassert; the EOI only clears Remote IRR. */
	drive(s, false);
	ck_assert_uint_eq(nrec, 2);
	eoi(0x51);
	ck_assert(!remote_irr(16));
	ck_assert_uint_eq(nrec, 2);
	/* An EOI without Remote IRR set does nothing. */
	eoi(0x51);
	ck_assert_uint_eq(pst(16).eois, 2);
	ck_assert_uint_eq(pst(16).msgs, 2);
}
END_TEST

START_TEST(test_wired_or)
{
	struct irqlab_ioapic_src *a = src_add(17), *b = src_add(17);
	struct irqlab_ioapic_pin_state st;

	rte_set(17, LEVEL_LOW | 0x61, DEST(0));
	st = pst(17);
	ck_assert_uint_eq(st.nr_sources, 2);
	ck_assert_uint_eq(st.nr_asserted, 0);
	ck_assert(st.line_high); /* pulled up */
	ck_assert(!st.input);

	drive(a, true);
	ck_assert_uint_eq(nrec, 1);
	drive(b, true);
	ck_assert_uint_eq(nrec, 1); /* Remote IRR set: no new message */
	st = pst(17);
	ck_assert_uint_eq(st.nr_asserted, 2);
	ck_assert(!st.line_high);
	ck_assert(st.input);
	/* A is serviced; B still holds the line: the EOI re-sends. */
	drive(a, false);
	eoi(0x61);
	ck_assert_uint_eq(nrec, 2);
	ck_assert_uint_eq(pst(17).nr_asserted, 1);
	/* B serviced: the line goes idle, the next EOI sends nothing. */
	drive(b, false);
	eoi(0x61);
	ck_assert_uint_eq(nrec, 2);
	ck_assert(!remote_irr(17));
	ck_assert(pst(17).line_high);
	/* Removing an asserted source withdraws its drive. */
	drive(a, true);
	ck_assert_uint_eq(nrec, 3);
	irqlab_ioapic_source_del(a);
	st = pst(17);
	ck_assert_uint_eq(st.nr_sources, 1);
	ck_assert_uint_eq(st.nr_asserted, 0);
	irqlab_ioapic_source_del(NULL);
}
END_TEST

START_TEST(test_level_masked_held_until_unmask)
{
	struct irqlab_ioapic_src *s = src_add(18);

	rte_set(18, LEVEL_LOW | IO_APIC_REDIR_MASKED | 0x71, DEST(3));
	drive(s, true);
	ck_assert_uint_eq(nrec, 0);
	ck_assert(pst(18).input);
	/* Unmasking an asserted level pin sends at once. */
	rte_set(18, LEVEL_LOW | 0x71, DEST(3));
	ck_assert_uint_eq(nrec, 1);
	ck_assert_uint_eq(rec[0].addr, 0xfee03000u);
	/* Masking keeps Remote IRR; the EOI of a masked pin sends nothing. */
	rte_set(18, LEVEL_LOW | IO_APIC_REDIR_MASKED | 0x71, DEST(3));
	ck_assert(remote_irr(18));
	eoi(0x71);
	ck_assert(!remote_irr(18));
	ck_assert_uint_eq(nrec, 1);
	rte_set(18, LEVEL_LOW | 0x71, DEST(3));
	ck_assert_uint_eq(nrec, 2);
	/* A deasserted line never sends, masked or not. */
	drive(s, false);
	eoi(0x71);
	rte_set(18, LEVEL_LOW | 0x71, DEST(3));
	ck_assert_uint_eq(nrec, 2);
}
END_TEST

START_TEST(test_polarity)
{
	struct irqlab_ioapic_src *s = src_add(2);
	struct irqlab_ioapic_pin_state st;

	/* Pin 19 is a PCI line (pulled up): active high programming sees an
	 * idle line as asserted, and keeps interrupting after every EOI. */
	rte_set(19, IO_APIC_REDIR_LEVEL_TRIGGER | 0x81, DEST(0));
	ck_assert_uint_eq(nrec, 1);
	st = pst(19);
	ck_assert_uint_eq(st.nr_asserted, 0);
	ck_assert(st.line_high);
	ck_assert(st.input);
	eoi(0x81);
	ck_assert_uint_eq(nrec, 2);
	/* The right polarity quiets it. */
	rte_set(19, LEVEL_LOW | 0x81, DEST(0));
	eoi(0x81);
	ck_assert_uint_eq(nrec, 2);
	ck_assert(!pst(19).input);

	/* Pin 2 is an ISA-style line (idle low): active high is right... */
	rte_set(2, IO_APIC_REDIR_LEVEL_TRIGGER | 0x82, DEST(0));
	ck_assert_uint_eq(nrec, 2);
	drive(s, true);
	ck_assert_uint_eq(nrec, 3);
	ck_assert(pst(2).line_high);
	drive(s, false);
	eoi(0x82);
	/* ...and active low inverts it. */
	rte_set(2, LEVEL_LOW | 0x82, DEST(0));
	ck_assert_uint_eq(nrec, 4);
	eoi(0x82);
	ck_assert_uint_eq(nrec, 5);
	drive(s, true);
	eoi(0x82);
	ck_assert_uint_eq(nrec, 5);
	/* Rewiring the board changes what the same drive means. */
	ck_assert_int_eq(irqlab_ioapic_set_pin_wiring(tm, 2, true), 0);
	ck_assert(!pst(2).line_high);
	ck_assert(pst(2).input);
	ck_assert_uint_eq(nrec, 6);
	ck_assert_int_eq(irqlab_ioapic_set_pin_wiring(tm, IRQLAB_IOAPIC_NR_PINS, true),
			 -EINVAL);
}
END_TEST

START_TEST(test_edge_clears_remote_irr)
{
	struct irqlab_ioapic_src *s = src_add(20);

	rte_set(20, LEVEL_LOW | 0x91, DEST(0));
	drive(s, true);
	ck_assert(remote_irr(20));
	/* Switching to edge (the kernel's old EOI trick) clears Remote IRR. */
	rte_set(20, IO_APIC_REDIR_ACTIVE_LOW | IO_APIC_REDIR_MASKED | 0x91, DEST(0));
	ck_assert(!remote_irr(20));
	/* Back to level, unmasked, still asserted: a new message. */
	rte_set(20, LEVEL_LOW | 0x91, DEST(0));
	ck_assert_uint_eq(nrec, 2);
	ck_assert(remote_irr(20));
}
END_TEST

START_TEST(test_send_error)
{
	struct irqlab_ioapic_src *s = src_add(21);
	struct irqlab_ioapic_pin_state st;

	rec_err = -EIO;
	rte_set(21, LEVEL_LOW | 0xa1, DEST(0));
	drive(s, true);
	st = pst(21);
	ck_assert_uint_eq(st.send_errors, 1);
	ck_assert_uint_eq(st.msgs, 0);
	/* Nobody accepted it: no Remote IRR, the next chance sends again. */
	ck_assert(!st.remote_irr);
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 1);
	rec_err = 0;
	rte_set(21, LEVEL_LOW | 0xa1, DEST(0));
	ck_assert_uint_eq(nrec, 1);
	ck_assert(remote_irr(21));
}
END_TEST

START_TEST(test_source_errors)
{
	struct irqlab_ioapic_src *s = NULL;
	struct irqlab_ioapic_pin_state st;

	ck_assert_int_eq(irqlab_ioapic_source_add(tm, IRQLAB_IOAPIC_NR_PINS, &s), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_source_add(tm, 0, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_source_add(NULL, 0, &s), -EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(irqlab_ioapic_source_set(NULL, true), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_get_pin_state(tm, IRQLAB_IOAPIC_NR_PINS, &st), -EINVAL);
	ck_assert_uint_eq(st.msgs, 0);
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irqlab_ioapic_source_add(tm, 0, &s), -ENOMEM);
	irqlab_fail_nth_alloc(0);
	ck_assert_ptr_null(s);
	ck_assert_uint_eq(pst(0).nr_sources, 0);
}
END_TEST

/* ---- with local APICs: the EOI broadcast -------------------------------- */

static bool apic_bit(unsigned int cpu, unsigned int base, unsigned int v)
{
	return irqlab_lapic_read(tm, cpu, base + v / 32 * 0x10) & (1u << (v % 32));
}

START_TEST(test_lapic_eoi_broadcast)
{
	struct irqlab_ioapic_src *a = src_add(22), *b = src_add(22);
	struct irqlab_lapic_stats ls;

	rte_set(22, LEVEL_LOW | 0x60, DEST(1));
	drive(a, true);
	drive(b, true);
	ck_assert(apic_bit(1, APIC_IRR, 0x60));
	ck_assert(apic_bit(1, APIC_TMR, 0x60));
	ck_assert(remote_irr(22));
	ck_assert_int_eq(irqlab_lapic_ack(tm, 1), 0x60);
	/* The CPU services A and EOIs: B still asserts, so it comes back. */
	drive(a, false);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_EOI, 0), 0);
	ck_assert(apic_bit(1, APIC_IRR, 0x60));
	ck_assert(remote_irr(22));
	ck_assert_int_eq(irqlab_lapic_ack(tm, 1), 0x60);
	drive(b, false);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_EOI, 0), 0);
	ck_assert(!apic_bit(1, APIC_IRR, 0x60));
	ck_assert(!remote_irr(22));
	ck_assert_int_eq(irqlab_lapic_ack(tm, 1), -1);
	ck_assert_int_eq(irqlab_lapic_get_stats(tm, 1, &ls), 0);
	ck_assert_uint_eq(ls.eoi_broadcast, 2);
	ck_assert_uint_eq(pst(22).eois, 2);
	ck_assert_uint_eq(pst(22).msgs, 2);
}
END_TEST

START_TEST(test_lapic_edge_eoi_no_broadcast)
{
	struct irqlab_ioapic_src *l = src_add(16), *e = src_add(5);
	struct irqlab_lapic_stats ls;

	/* A level pin in Remote IRR and an edge pin on the same vector. */
	rte_set(16, LEVEL_LOW | 0x70, DEST(2));
	rte_set(5, 0x70, DEST(2));
	drive(l, true);
	ck_assert_int_eq(irqlab_lapic_ack(tm, 2), 0x70);
	ck_assert_int_eq(irqlab_lapic_write(tm, 2, APIC_EOI, 0), 0);
	ck_assert(remote_irr(16)); /* re-sent: still asserted */
	drive(l, false);
	/* The edge message clears TMR: its EOI is not broadcast. */
	drive(e, true);
	ck_assert(!apic_bit(2, APIC_TMR, 0x70));
	ck_assert_int_eq(irqlab_lapic_ack(tm, 2), 0x70);
	ck_assert_int_eq(irqlab_lapic_write(tm, 2, APIC_EOI, 0), 0);
	ck_assert(remote_irr(16));
	ck_assert_int_eq(irqlab_lapic_get_stats(tm, 2, &ls), 0);
	ck_assert_uint_eq(ls.eoi_broadcast, 1);
	/* An explicit EOI through the IO-APIC's register does it. */
	eoi(0x70);
	ck_assert(!remote_irr(16));
}
END_TEST

START_TEST(test_lapic_refuses)
{
	struct irqlab_ioapic_src *s = src_add(9);

	/* Destination 9 is not a CPU: the bus records the error. */
	rte_set(9, IO_APIC_REDIR_LEVEL_TRIGGER | 0x40, DEST(9));
	drive(s, true);
	ck_assert_uint_eq(pst(9).send_errors, 1);
	ck_assert(!remote_irr(9));
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 1);
}
END_TEST

/* ---- PCI INTx lines --------------------------------------------------------- */

static struct irqlab_pci_fn *mkfn(struct irqlab_machine *m, const char *bdf, u8 pin)
{
	struct irqlab_pci_fn_config c = {
		.bdf = bdf, .vendor = 0x8086, .device = 0x1234, .intx_pin = pin,
	};
	struct irqlab_pci_fn *fn;

	ck_assert_int_eq(irqlab_pci_fn_create(m, &c, &fn), 0);
	return fn;
}

START_TEST(test_pci_intx_connect)
{
	struct irqlab_pci_fn *fn = mkfn(tm, "00:04.0", 1), *nopin = mkfn(tm, "00:05.0", 0);
	struct irqlab_ioapic_pin_state st;

	/* Wired active high, the idle line looks asserted to an active-low pin. */
	ck_assert_int_eq(irqlab_ioapic_set_pin_wiring(tm, 17, false), 0);
	rte_set(17, LEVEL_LOW | IO_APIC_REDIR_MASKED | 0x55, DEST(0));
	ck_assert(pst(17).input);
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, fn), -ENOENT);
	ck_assert_int_eq(irqlab_ioapic_connect_intx(tm, fn, 17), 0);
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, fn), 17);
	st = pst(17);
	ck_assert_uint_eq(st.nr_sources, 1);
	ck_assert(st.line_high); /* connecting a PCI line wires it active low */
	ck_assert(!st.input);
	rte_set(17, LEVEL_LOW | 0x55, DEST(0));
	ck_assert_uint_eq(nrec, 0);

	ck_assert_int_eq(irqlab_pci_fn_intx(fn, true), 0);
	ck_assert_uint_eq(nrec, 1);
	ck_assert_uint_eq(rec[0].data, LEVEL_DATA | 0x55u);
	/* Interrupt Disable withdraws the function's level... */
	ck_assert_int_eq(irqlab_pci_cfg_write(fn, PCI_COMMAND, 2, PCI_COMMAND_INTX_DISABLE), 0);
	ck_assert_uint_eq(pst(17).nr_asserted, 0);
	eoi(0x55);
	ck_assert_uint_eq(nrec, 1);
	/* ...and clearing it puts it back. */
	ck_assert_int_eq(irqlab_pci_cfg_write(fn, PCI_COMMAND, 2, 0), 0);
	ck_assert_uint_eq(pst(17).nr_asserted, 1);
	ck_assert_uint_eq(nrec, 2);

	ck_assert_int_eq(irqlab_ioapic_connect_intx(tm, nopin, 17), -ENODEV);
	ck_assert_int_eq(irqlab_ioapic_connect_intx(tm, fn, IRQLAB_IOAPIC_NR_PINS), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_connect_intx(tm, NULL, 17), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_connect_intx(NULL, fn, 17), -EINVAL);
	ck_assert_uint_eq(pst(17).nr_sources, 1);

	/* Disconnecting withdraws the level and the sink. */
	ck_assert_int_eq(irqlab_ioapic_disconnect_intx(tm, fn), 0);
	st = pst(17);
	ck_assert_uint_eq(st.nr_sources, 0);
	ck_assert_uint_eq(st.nr_asserted, 0);
	ck_assert_int_eq(irqlab_ioapic_disconnect_intx(tm, fn), -ENOENT);
	ck_assert_int_eq(irqlab_ioapic_disconnect_intx(tm, NULL), -ENOENT);
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, fn), -ENOENT);
	eoi(0x55);
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, false), 0);
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, true), 0);
	ck_assert_uint_eq(nrec, 2);
}
END_TEST

START_TEST(test_pci_intx_takeover_and_move)
{
	struct irqlab_pci_fn *fn = mkfn(tm, "00:06.0", 2);

	rte_set(18, LEVEL_LOW | 0x56, DEST(0));
	rte_set(19, LEVEL_LOW | 0x57, DEST(0));
	/* Asserted before it is wired: the pin takes the level over. */
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, true), 0);
	ck_assert_int_eq(irqlab_ioapic_connect_intx(tm, fn, 18), 0);
	ck_assert_uint_eq(nrec, 1);
	ck_assert_uint_eq(rec[0].data & 0xff, 0x56);
	/* Connecting again moves the line: the old pin lets go. */
	ck_assert_int_eq(irqlab_ioapic_connect_intx(tm, fn, 19), 0);
	ck_assert_uint_eq(pst(18).nr_sources, 0);
	ck_assert_uint_eq(pst(18).nr_asserted, 0);
	ck_assert_uint_eq(pst(19).nr_asserted, 1);
	ck_assert_uint_eq(nrec, 2);
	ck_assert_uint_eq(rec[1].data & 0xff, 0x57);
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, fn), 19);
}
END_TEST

START_TEST(test_pci_intx_other_machine)
{
	struct irqlab_machine *m2;
	struct irqlab_pci_fn *fn;

	ck_assert_int_eq(irqlab_machine_create(NULL, &m2), 0);
	fn = mkfn(m2, "00:04.0", 1);
	irqlab_machine_set_current(tm);
	ck_assert_int_eq(irqlab_ioapic_connect_intx(tm, fn, 16), -EINVAL);
	irqlab_machine_destroy(m2);
	irqlab_machine_set_current(tm);
}
END_TEST

START_TEST(test_pci_fn_destroyed_while_connected)
{
	struct irqlab_pci_fn *a = mkfn(tm, "00:04.0", 1), *b = mkfn(tm, "00:08.0", 1);

	rte_set(16, LEVEL_LOW | 0x58, DEST(0));
	ck_assert_int_eq(irqlab_ioapic_connect_intx(tm, a, 16), 0);
	ck_assert_int_eq(irqlab_ioapic_connect_intx(tm, b, 16), 0);
	ck_assert_int_eq(irqlab_pci_fn_intx(a, true), 0);
	/* The line goes away with the device. */
	irqlab_pci_fn_destroy(a);
	ck_assert_uint_eq(pst(16).nr_asserted, 0);
	ck_assert_uint_eq(pst(16).nr_sources, 2);
	/* The stale connection is not touched; the live one still works. */
	ck_assert_int_eq(irqlab_ioapic_disconnect_intx(tm, a), 0);
	eoi(0x58);
	ck_assert_int_eq(irqlab_pci_fn_intx(b, true), 0);
	ck_assert_uint_eq(nrec, 2);
	/* Teardown disconnects b's sink before freeing the IO-APIC. */
	irqlab_ioapic_destroy(tm);
	ck_assert_int_eq(irqlab_pci_fn_intx(b, false), 0);
	ck_assert_int_eq(irqlab_pci_fn_intx(b, true), 0);
}
END_TEST

START_TEST(test_pci_intx_nomem)
{
	struct irqlab_pci_fn *fn = mkfn(tm, "00:04.0", 1);

	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irqlab_ioapic_connect_intx(tm, fn, 16), -ENOMEM);
	irqlab_fail_nth_alloc(0);
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, fn), -ENOENT);
	ck_assert_uint_eq(pst(16).nr_sources, 0);
}
END_TEST

static Suite *ioapic_suite(void)
{
	Suite *s = suite_create("ioapic");
	TCase *tc = tcase_create("registers");

	tcase_add_checked_fixture(tc, rec_setup, hw_teardown);
	tcase_add_test(tc, test_create_destroy);
	tcase_add_test(tc, test_create_nomem);
	tcase_add_test(tc, test_id_version_arb);
	tcase_add_test(tc, test_bad_accesses);
	tcase_add_test(tc, test_rte_fields);
	suite_add_tcase(s, tc);

	tc = tcase_create("delivery");
	tcase_add_checked_fixture(tc, rec_setup, hw_teardown);
	tcase_add_test(tc, test_edge_message);
	tcase_add_test(tc, test_edge_masked_is_lost);
	tcase_add_test(tc, test_message_format);
	tcase_add_test(tc, test_level_remote_irr_and_resend);
	tcase_add_test(tc, test_wired_or);
	tcase_add_test(tc, test_level_masked_held_until_unmask);
	tcase_add_test(tc, test_polarity);
	tcase_add_test(tc, test_edge_clears_remote_irr);
	tcase_add_test(tc, test_send_error);
	tcase_add_test(tc, test_source_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("lapic");
	tcase_add_checked_fixture(tc, apic_setup, hw_teardown);
	tcase_add_test(tc, test_create_eoi_hook_busy);
	tcase_add_test(tc, test_lapic_eoi_broadcast);
	tcase_add_test(tc, test_lapic_edge_eoi_no_broadcast);
	tcase_add_test(tc, test_lapic_refuses);
	suite_add_tcase(s, tc);

	tc = tcase_create("pci");
	tcase_add_checked_fixture(tc, rec_setup, hw_teardown);
	tcase_add_test(tc, test_pci_intx_connect);
	tcase_add_test(tc, test_pci_intx_takeover_and_move);
	tcase_add_test(tc, test_pci_intx_other_machine);
	tcase_add_test(tc, test_pci_fn_destroyed_while_connected);
	tcase_add_test(tc, test_pci_intx_nomem);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(ioapic_suite());
}
