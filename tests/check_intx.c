// SPDX-License-Identifier: MIT
/*
 * Legacy PCI interrupts (INTx) through the IO-APIC on an x86 machine: the
 * "IO-APIC-0" domain, the PCI swizzle onto GSIs 16-19, two functions
 * sharing one level-triggered, active-low line and one Linux irq (every
 * handler on the line is called; the line keeps interrupting until every
 * device has deasserted), Command.InterruptDisable, the chip and flow
 * names and counts /proc/interrupts shows, disable_irq() holding the
 * interrupt pending in the masked pin, free_irq() of one sharer, deferred
 * affinity moves, the MIS count of a level interrupt seen as edge, edge
 * GSIs, the "nobody cared" storm of a line nobody services, errors and
 * fault injection, and teardown with everything still in place.
 */
#include <string.h>

#include "x86_fixture.h"

#include "irqlab/ioapic.h"
#include "irqlab/ioapic_hw.h"
#include "irqlab/pci_hw.h"
#include "irqlab/seq_file.h"
#include "irqlab/vfs.h"

/* A device model: events to service, and what its driver's handler saw. */
struct tdev {
	struct irqlab_pci_fn *fn;
	unsigned int pending;
	unsigned int calls;
	unsigned int handled;
	unsigned int cpu;
};

static struct tdev da, db, dc;

/* WARNs a test expects; any other one (lockdep included) fails it. */
static unsigned int expected_warns;

/*
 * The driver's handler: is it my device?  Service one event; when none is
 * left, the device deasserts INTx (the driver acknowledged it).
 */
static irqreturn_t tdev_handler(int irq, void *dev_id)
{
	struct tdev *d = dev_id;

	d->calls++;
	d->cpu = smp_processor_id();
	if (!d->pending)
		return IRQ_NONE;
	d->pending--;
	d->handled++;
	if (!d->pending)
		ck_assert_int_eq(irqlab_pci_fn_intx(d->fn, false), 0);
	return IRQ_HANDLED;
}

static void tdev_raise(struct tdev *d, unsigned int events)
{
	d->pending += events;
	ck_assert_int_eq(irqlab_pci_fn_intx(d->fn, true), 0);
}

static struct irqlab_pci_fn *mkfn_on(struct irqlab_machine *m, const char *bdf, u8 pin)
{
	struct irqlab_pci_fn_config c = {
		.bdf = bdf, .vendor = 0x8086, .device = 0x10d3, .class_code = 0x020000,
		.intx_pin = pin,
	};
	struct irqlab_pci_fn *fn;

	ck_assert_int_eq(irqlab_pci_fn_create(m, &c, &fn), 0);
	return fn;
}

static struct irqlab_pci_fn *mkfn(const char *bdf, u8 pin)
{
	return mkfn_on(tm, bdf, pin);
}

static void intx_setup(void)
{
	x86_setup();
	expected_warns = 0;
	memset(&da, 0, sizeof(da));
	memset(&db, 0, sizeof(db));
	memset(&dc, 0, sizeof(dc));
	/* Slots 4 and 8, INTA: both swizzle to GSI 16.  Slot 5: GSI 17. */
	da.fn = mkfn("00:04.0", 1);
	db.fn = mkfn("00:08.0", 1);
	dc.fn = mkfn("00:05.0", 1);
}

static void intx_teardown(void)
{
	ck_assert_msg(irqlab_warn_count(tm) == expected_warns, "warns %u != %u:\n%s",
		      irqlab_warn_count(tm), expected_warns, irqlab_dmesg(tm));
	x86_teardown();
}

static int route(struct tdev *d)
{
	return irqlab_ioapic_pci_irq(tm, d->fn);
}

static void request(unsigned int irq, struct tdev *d, const char *name)
{
	ck_assert_int_eq(request_irq(irq, tdev_handler, IRQF_SHARED, name, d), 0);
}

/* Both devices on irq 16, handlers installed. */
static void shared_pair(void)
{
	ck_assert_int_eq(route(&da), 16);
	ck_assert_int_eq(route(&db), 16);
	request(16, &da, "devA");
	request(16, &db, "devB");
}

static unsigned int kstat_total(unsigned int irq)
{
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < 4; cpu++)
		n += kstat_irqs_cpu(irq, (int)cpu);
	return n;
}

static u32 rte(unsigned int pin, bool high)
{
	u32 v;

	ck_assert_int_eq(irqlab_ioapic_mmio_write(tm, IO_APIC_INDEX,
						  IO_APIC_REG_REDTBL + 2 * pin + high), 0);
	ck_assert_int_eq(irqlab_ioapic_mmio_read(tm, IO_APIC_DATA, &v), 0);
	return v;
}

static struct irqlab_ioapic_pin_state pst(unsigned int pin)
{
	struct irqlab_ioapic_pin_state st;

	ck_assert_int_eq(irqlab_ioapic_get_pin_state(tm, pin, &st), 0);
	return st;
}

static unsigned int eff_cpu(unsigned int irq)
{
	return cpumask_first(irq_data_get_effective_affinity_mask(irq_get_irq_data(irq)));
}

/* ---- the domain and the routing ------------------------------------------ */

START_TEST(test_domain)
{
	struct irq_domain *d = irqlab_ioapic_domain(tm);
	unsigned int pin;

	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->name, "IO-APIC-0");
	ck_assert_ptr_eq(d->parent, x86_vd());
	ck_assert_uint_eq(d->revmap_size, IRQLAB_IOAPIC_NR_PINS);
	ck_assert_uint_eq(d->mapcount, 0);
	ck_assert_ptr_eq(irqlab_domain_find_by_name("IO-APIC-0"), d);
	ck_assert_ptr_null(irqlab_ioapic_domain(NULL));
	ck_assert_log("IOAPIC[0]: apic_id 0, version 32, address 0xfec00000, GSI 0-23");
	/* Boot masked every pin. */
	for (pin = 0; pin < IRQLAB_IOAPIC_NR_PINS; pin++) {
		ck_assert_uint_eq(rte(pin, false), IO_APIC_REDIR_MASKED);
		ck_assert_uint_eq(rte(pin, true), 0);
	}
}
END_TEST

START_TEST(test_gsi_swizzle)
{
	static const struct {
		const char *bdf;
		u8 pin;
		int gsi;
	} t[] = {
		{ "00:04.1", 2, 17 }, { "00:06.0", 1, 18 }, { "00:07.0", 4, 18 },
		{ "00:1f.3", 3, 17 }, { "01:00.0", 1, 16 }, { "00:00.0", 4, 19 },
	};
	unsigned int i;

	ck_assert_int_eq(irqlab_ioapic_pci_gsi(da.fn), 16);
	ck_assert_int_eq(irqlab_ioapic_pci_gsi(db.fn), 16);
	ck_assert_int_eq(irqlab_ioapic_pci_gsi(dc.fn), 17);
	for (i = 0; i < ARRAY_SIZE(t); i++)
		ck_assert_int_eq(irqlab_ioapic_pci_gsi(mkfn(t[i].bdf, t[i].pin)), t[i].gsi);
	ck_assert_int_eq(irqlab_ioapic_pci_gsi(mkfn("00:09.0", 0)), -ENODEV);
	ck_assert_int_eq(irqlab_ioapic_pci_gsi(NULL), -EINVAL);
}
END_TEST

START_TEST(test_pci_irq_shared_mapping)
{
	struct irq_data *irqd;

	ck_assert_int_eq(route(&da), 16);
	ck_assert_int_eq(route(&db), 16);
	ck_assert_int_eq(route(&dc), 17);
	ck_assert_log("pci 0000:00:04.0: PCI INT A -> GSI 16 (level, low) -> IRQ 16");
	ck_assert_log("pci 0000:00:05.0: PCI INT A -> GSI 17 (level, low) -> IRQ 17");
	/* Routing again changes nothing. */
	ck_assert_int_eq(route(&da), 16);

	irqd = irq_get_irq_data(16);
	ck_assert_ptr_eq(irqd->domain, irqlab_ioapic_domain(tm));
	ck_assert_uint_eq(irqd->hwirq, 16);
	ck_assert_str_eq(irq_get_chip(16)->name, "IO-APIC");
	ck_assert_str_eq(irq_to_desc(16)->name, "fasteoi");
	ck_assert_ptr_eq(irq_to_desc(16)->handle_irq, handle_fasteoi_irq);
	ck_assert(irqd_is_level_type(irqd));
	ck_assert(irq_to_desc(16)->status_use_accessors & IRQ_LEVEL);
	ck_assert_ptr_eq(irqd->parent_data->domain, x86_vd());
	ck_assert_str_eq(irqd->parent_data->chip->name, "APIC");
	ck_assert_uint_eq(irqlab_ioapic_domain(tm)->mapcount, 2);
	/* The lines are wired to the pins of their GSIs. */
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, da.fn), 16);
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, db.fn), 16);
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, dc.fn), 17);
	ck_assert_uint_eq(pst(16).nr_sources, 2);
	/* Not started: the pin stays masked until request_irq(). */
	ck_assert_uint_eq(rte(16, false) & IO_APIC_REDIR_MASKED, IO_APIC_REDIR_MASKED);

	/* One user each: two releases free the shared irq (a double count
	 * from the second route(&da) would keep it). */
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(tm, da.fn), 0);
	ck_assert_ptr_nonnull(irq_get_irq_data(16));
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(tm, db.fn), 0);
	ck_assert_ptr_null(irq_get_irq_data(16));
	ck_assert_uint_eq(pst(16).nr_sources, 0);
	ck_assert_uint_eq(irqlab_ioapic_domain(tm)->mapcount, 1);
}
END_TEST

START_TEST(test_pci_irq_errors)
{
	struct irqlab_pci_fn *nopin = mkfn("00:09.0", 0);
	struct irqlab_machine *m2;
	struct irqlab_pci_fn *other;

	ck_assert_int_eq(irqlab_ioapic_pci_irq(NULL, da.fn), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_pci_irq(tm, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_pci_irq(tm, nopin), -ENODEV);
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(NULL, da.fn), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(tm, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(tm, da.fn), -ENOENT);

	/* A function of another machine; a machine without an IO-APIC. */
	ck_assert_int_eq(irqlab_machine_create(NULL, &m2), 0);
	other = mkfn_on(m2, "00:04.0", 1);
	ck_assert_int_eq(irqlab_ioapic_pci_irq(tm, other), -EINVAL);
	ck_assert_int_eq(irqlab_ioapic_pci_irq(m2, other), -ENODEV);
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(m2, other), -ENOENT);
	irqlab_machine_destroy(m2);
	irqlab_machine_set_current(tm);
	ck_assert_uint_eq(irqlab_ioapic_domain(tm)->mapcount, 0);
}
END_TEST

/* ---- sharing ----------------------------------------------------------------- */

START_TEST(test_shared_line_every_handler_called)
{
	unsigned int cpu, vector;
	bool active;

	shared_pair();
	/* Started: the entry is unmasked and points at the vector level. */
	ck_assert_int_eq(irqlab_x86_irq_vector(16, &vector, &cpu), 0);
	ck_assert_uint_eq(rte(16, false),
			  IO_APIC_REDIR_LEVEL_TRIGGER | IO_APIC_REDIR_ACTIVE_LOW | vector);
	ck_assert_uint_eq(rte(16, true), cpu << IO_APIC_REDIR_DEST_SHIFT);

	tdev_raise(&da, 1);
	/* In flight: delivered to the local APIC, Remote IRR set. */
	ck_assert(x86_irr(cpu, vector));
	ck_assert_int_eq(irq_get_irqchip_state(16, IRQCHIP_STATE_ACTIVE, &active), 0);
	ck_assert(active);
	ck_assert_uint_gt(irqlab_run_until_idle(tm), 0);

	ck_assert_uint_eq(da.calls, 1);
	ck_assert_uint_eq(db.calls, 1); /* every handler of a shared line runs */
	ck_assert_uint_eq(da.handled, 1);
	ck_assert_uint_eq(db.handled, 0);
	ck_assert_uint_eq(da.cpu, cpu);
	ck_assert_uint_eq(kstat_irqs_cpu(16, (int)cpu), 1);
	ck_assert_uint_eq(kstat_total(16), 1);
	/* EOIed at the local APIC, broadcast to the IO-APIC: all quiet. */
	ck_assert_int_eq(irq_get_irqchip_state(16, IRQCHIP_STATE_ACTIVE, &active), 0);
	ck_assert(!active);
	ck_assert_uint_eq(pst(16).eois, 1);
	ck_assert_uint_eq(pst(16).nr_asserted, 0);
	x86_assert_no_isr();
	ck_assert_uint_eq(irqlab_x86_irq_mis_count(tm), 0);
	ck_assert_int_eq(irq_get_irqchip_state(16, IRQCHIP_STATE_PENDING, &active), -EINVAL);
}
END_TEST

START_TEST(test_shared_line_until_all_deassert)
{
	shared_pair();
	/* A has one event, B two: B's line keeps the pin asserted after the
	 * first interrupt, so the EOI brings it back. */
	tdev_raise(&da, 1);
	tdev_raise(&db, 2);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(kstat_total(16), 2);
	ck_assert_uint_eq(da.calls, 2);
	ck_assert_uint_eq(db.calls, 2);
	ck_assert_uint_eq(da.handled, 1);
	ck_assert_uint_eq(db.handled, 2);
	ck_assert_uint_eq(pst(16).msgs, 2);
	ck_assert_uint_eq(pst(16).eois, 2);
	ck_assert(!irqlab_pci_fn_intx_level(da.fn));
	ck_assert(!irqlab_pci_fn_intx_level(db.fn));
	/* Nothing else comes. */
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
}
END_TEST

START_TEST(test_interrupt_disable)
{
	shared_pair();
	/* Interrupt Disable: the device's event does not reach the line. */
	ck_assert_int_eq(irqlab_pci_cfg_write(da.fn, PCI_COMMAND, 2, PCI_COMMAND_INTX_DISABLE),
			 0);
	tdev_raise(&da, 1);
	ck_assert_uint_eq(pst(16).nr_asserted, 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.calls, 0);
	ck_assert_uint_eq(kstat_total(16), 0);
	/* B on the same line is not affected. */
	tdev_raise(&db, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(db.handled, 1);
	ck_assert_uint_eq(kstat_total(16), 1);
	/* da's driver serviced its event from the shared interrupt; raise
	 * another while disabled, then re-enable: it comes through. */
	ck_assert_uint_eq(da.handled, 1);
	tdev_raise(&da, 1);
	ck_assert_uint_eq(kstat_total(16), 1);
	ck_assert_int_eq(irqlab_pci_cfg_write(da.fn, PCI_COMMAND, 2, 0), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 2);
	ck_assert_uint_eq(kstat_total(16), 2);
}
END_TEST

START_TEST(test_proc_interrupts_row)
{
	struct seq_file s;
	unsigned int cpu;

	shared_pair();
	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	cpu = eff_cpu(16);
	ck_assert_uint_eq(kstat_irqs_cpu(16, (int)cpu), 1);
	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, "/proc/interrupts", &s), 0);
	ck_assert_msg(strstr(s.buf, "IO-APIC  16-fasteoi   devA, devB"), "%s", s.buf);
	seq_release_buf(&s);
}
END_TEST

START_TEST(test_disable_irq_holds_pending)
{
	ck_assert_int_eq(route(&da), 16);
	request(16, &da, "devA");
	disable_irq(16);
	tdev_raise(&da, 1);
	/* Lazy disable: the interrupt arrives once, the flow masks the pin. */
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.calls, 0);
	ck_assert_uint_eq(kstat_total(16), 0);
	ck_assert(irqd_irq_masked(irq_get_irq_data(16)));
	ck_assert(rte(16, false) & IO_APIC_REDIR_MASKED);
	ck_assert(!(rte(16, false) & IO_APIC_REDIR_REMOTE_IRR));
	ck_assert_uint_eq(pst(16).msgs, 1);
	/* The level stays in the masked pin: nothing more arrives. */
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	ck_assert(pst(16).input);
	/* enable_irq() unmasks: the pin sends again, the handler runs. */
	enable_irq(16);
	ck_assert_uint_eq(pst(16).msgs, 2);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 1);
	ck_assert_uint_eq(kstat_total(16), 1);
	ck_assert(!(rte(16, false) & IO_APIC_REDIR_MASKED));
}
END_TEST

START_TEST(test_free_one_sharer)
{
	shared_pair();
	free_irq(16, &db);
	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 1);
	ck_assert_uint_eq(db.calls, 0);
	/* The last one: shut down and deactivated, the entry cleared. */
	free_irq(16, &da);
	ck_assert(!irqd_is_activated(irq_get_irq_data(16)));
	ck_assert_uint_eq(rte(16, false), IO_APIC_REDIR_MASKED);
	ck_assert_uint_eq(rte(16, true), 0);
	tdev_raise(&da, 1);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	ck_assert_uint_eq(da.calls, 1);
	ck_assert_uint_eq(pst(16).nr_asserted, 1);
	/* A new request starts it again: the held level comes through. */
	request(16, &da, "devA");
	ck_assert(rte(16, false) & IO_APIC_REDIR_LEVEL_TRIGGER);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 2);
	ck_assert_uint_eq(kstat_total(16), 2);
}
END_TEST

/* ---- affinity, retrigger ---------------------------------------------------- */

START_TEST(test_affinity_deferred_move)
{
	unsigned int old_cpu, new_cpu, vector, cpu;

	ck_assert_int_eq(route(&da), 16);
	request(16, &da, "devA");
	old_cpu = eff_cpu(16);
	new_cpu = (old_cpu + 1) % 4;
	/* The IO-APIC moves at the next interrupt (IRQCHIP_MOVE_DEFERRED). */
	ck_assert_int_eq(irq_set_affinity(16, cpumask_of(new_cpu)), 0);
	ck_assert(irqd_is_setaffinity_pending(irq_get_irq_data(16)));
	ck_assert_uint_eq(rte(16, true), old_cpu << IO_APIC_REDIR_DEST_SHIFT);

	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.cpu, old_cpu);
	ck_assert(!irqd_is_setaffinity_pending(irq_get_irq_data(16)));
	ck_assert_uint_eq(eff_cpu(16), new_cpu);
	ck_assert_int_eq(irqlab_x86_irq_vector(16, &vector, &cpu), 0);
	ck_assert_uint_eq(cpu, new_cpu);
	ck_assert_uint_eq(rte(16, true), new_cpu << IO_APIC_REDIR_DEST_SHIFT);
	ck_assert_uint_eq(rte(16, false) & IO_APIC_REDIR_VECTOR_MASK, vector);
	ck_assert(!(rte(16, false) & IO_APIC_REDIR_MASKED));

	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.cpu, new_cpu);
	ck_assert_uint_eq(kstat_irqs_cpu(16, (int)new_cpu), 1);
	ck_assert_uint_eq(kstat_irqs_cpu(16, (int)old_cpu), 1);
	/* The old vector is cleaned up after the next jiffy. */
	irqlab_clock_advance(tm, 2 * X86_JIFFY_NS);
	irqlab_run_until_idle(tm);
	ck_assert(!x86_state(16).cleanup_pending);
}
END_TEST

START_TEST(test_level_seen_as_edge_counts_mis)
{
	unsigned int vector, cpu;
	struct irqlab_lapic_stats ls;

	ck_assert_int_eq(route(&da), 16);
	request(16, &da, "devA");
	ck_assert_int_eq(irqlab_x86_irq_vector(16, &vector, &cpu), 0);
	tdev_raise(&da, 1);
	/* A retrigger IPI on the same vector turns the TMR bit off. */
	ck_assert_int_eq(irq_chip_retrigger_hierarchy(irq_get_irq_data(16)), 1);
	ck_assert(!(irqlab_lapic_read(tm, cpu, APIC_TMR + vector / 32 * 0x10) &
		    (1u << (vector % 32))));
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 1);
	ck_assert_uint_eq(kstat_total(16), 1);
	/* No broadcast: the pin was EOIed directly and MIS counted it. */
	ck_assert_uint_eq(irqlab_x86_irq_mis_count(tm), 1);
	ck_assert_int_eq(irqlab_lapic_get_stats(tm, cpu, &ls), 0);
	ck_assert_uint_eq(ls.eoi_broadcast, 0);
	ck_assert_uint_eq(pst(16).eois, 1);
	ck_assert(!pst(16).remote_irr);
}
END_TEST

START_TEST(test_cpu_offline_in_flight)
{
	unsigned int cpu;

	ck_assert_int_eq(route(&da), 16);
	request(16, &da, "devA");
	/* Place it on CPU 2 (the move happens at an interrupt). */
	ck_assert_int_eq(irq_set_affinity(16, cpumask_of(2)), 0);
	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(eff_cpu(16), 2);
	/* In flight on CPU 2 when it goes down: the pending vector is
	 * forwarded to the new target as an IPI, an edge for the APIC. */
	tdev_raise(&da, 1);
	ck_assert(pst(16).remote_irr);
	ck_assert_int_eq(irqlab_cpu_offline(tm, 2), 0);
	cpu = eff_cpu(16);
	ck_assert_uint_ne(cpu, 2);
	ck_assert_uint_eq(rte(16, true), cpu << IO_APIC_REDIR_DEST_SHIFT);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 2);
	ck_assert_uint_eq(da.cpu, cpu);
	/* Seen as edge: the pin was EOIed directly, nothing is stuck. */
	ck_assert_uint_eq(irqlab_x86_irq_mis_count(tm), 1);
	ck_assert(!pst(16).remote_irr);
	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 3);
	ck_assert_uint_eq(irqlab_x86_irq_mis_count(tm), 1);
}
END_TEST

/* ---- the storm nobody services ---------------------------------------------- */

START_TEST(test_nobody_cared)
{
	ck_assert_int_eq(route(&da), 16);
	request(16, &db, "devB"); /* B's driver: never its device */
	ck_assert_int_eq(irqlab_pci_fn_intx(da.fn, true), 0);
	irqlab_run_until_idle(tm);
	/* 100,000 interrupts, all unhandled: the core disables the line. */
	ck_assert_uint_eq(kstat_total(16), 100000);
	ck_assert_log("irq 16: nobody cared (try booting with the \"irqpoll\" option)");
	ck_assert_log("Disabling IRQ #16");
	ck_assert(irqd_irq_disabled(irq_get_irq_data(16)));
	ck_assert(rte(16, false) & IO_APIC_REDIR_MASKED);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	ck_assert_int_eq(irqlab_pci_fn_intx(da.fn, false), 0);
}
END_TEST

/* ---- edge GSIs and the mapping API ------------------------------------------ */

static unsigned int edge_hits;

static irqreturn_t edge_handler(int irq, void *dev_id)
{
	edge_hits++;
	return IRQ_HANDLED;
}

START_TEST(test_edge_gsi)
{
	struct irq_alloc_info info;
	struct irqlab_ioapic_src *src;
	int irq;

	edge_hits = 0;
	ioapic_set_alloc_attr(&info, NUMA_NO_NODE, IOAPIC_EDGE, IOAPIC_POL_HIGH);
	irq = mp_map_gsi_to_irq(5, IOAPIC_MAP_ALLOC | IOAPIC_MAP_CHECK, &info);
	ck_assert_int_eq(irq, 5);
	ck_assert_int_eq(mp_map_gsi_to_irq(5, 0, NULL), 5);
	ck_assert_str_eq(irq_to_desc(5)->name, "edge");
	ck_assert(!irqd_is_level_type(irq_get_irq_data(5)));
	/* Another trigger or polarity cannot share it. */
	ck_assert_int_eq(mp_map_gsi_to_irq(5, IOAPIC_MAP_ALLOC, NULL), -EBUSY);
	ioapic_set_alloc_attr(&info, NUMA_NO_NODE, IOAPIC_EDGE, IOAPIC_POL_LOW);
	ck_assert_int_eq(mp_map_gsi_to_irq(5, IOAPIC_MAP_ALLOC, &info), -EBUSY);

	ck_assert_int_eq(request_irq(5, edge_handler, 0, "isa", &edge_hits), 0);
	ck_assert_uint_eq(rte(5, false) & ~IO_APIC_REDIR_VECTOR_MASK, 0);
	ck_assert_int_eq(irqlab_ioapic_source_add(tm, 5, &src), 0);
	ck_assert_int_eq(irqlab_ioapic_source_set(src, true), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(edge_hits, 1);
	/* Held high: an edge pin sends nothing more. */
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	ck_assert_int_eq(irqlab_ioapic_source_set(src, false), 0);
	ck_assert_int_eq(irqlab_ioapic_source_set(src, true), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(edge_hits, 2);
	ck_assert(!pst(5).remote_irr);
	free_irq(5, &edge_hits);
	irqlab_ioapic_source_del(src);

	mp_unmap_irq(5);
	ck_assert_ptr_null(irq_get_irq_data(5));
	ck_assert_int_eq(mp_map_gsi_to_irq(5, 0, NULL), -ENOENT);
}
END_TEST

START_TEST(test_map_errors)
{
	struct irq_alloc_info info;
	int irq, vec_irq;
	unsigned int warns;

	ck_assert_int_eq(mp_map_gsi_to_irq(24, IOAPIC_MAP_ALLOC, NULL), -ENODEV);
	ck_assert_log("ERROR: Unable to locate IOAPIC for GSI 24");
	/* GSI 0 does not get irq 0. */
	irq = mp_map_gsi_to_irq(0, IOAPIC_MAP_ALLOC, NULL);
	ck_assert_int_gt(irq, 0);
	ck_assert_uint_eq(irq_get_irq_data((unsigned int)irq)->hwirq, 0);
	/* Level, active low by default: a PCI line. */
	ck_assert_str_eq(irq_to_desc((unsigned int)irq)->name, "fasteoi");
	mp_unmap_irq(irq);
	ck_assert_ptr_null(irq_get_irq_data((unsigned int)irq));

	/* Not IO-APIC irqs: ignored. */
	vec_irq = x86_alloc(1, NULL);
	ck_assert_int_gt(vec_irq, 0);
	mp_unmap_irq(vec_irq);
	mp_unmap_irq(0);
	mp_unmap_irq(-1);
	ck_assert_ptr_nonnull(irq_get_irq_data((unsigned int)vec_irq));

	/* The last user cannot unmap under an installed handler.  (GSI 3 is
	 * an ISA line: edge, active high, or its idle level would fire.) */
	ioapic_set_alloc_attr(&info, NUMA_NO_NODE, IOAPIC_EDGE, IOAPIC_POL_HIGH);
	irq = mp_map_gsi_to_irq(3, IOAPIC_MAP_ALLOC, &info);
	ck_assert_int_eq(irq, 3);
	ck_assert_int_eq(request_irq(3, edge_handler, 0, "x", &edge_hits), 0);
	warns = irqlab_warn_count(tm);
	mp_unmap_irq(3);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	expected_warns = 1;
	ck_assert_ptr_nonnull(irq_get_irq_data(3));
	free_irq(3, &edge_hits);
	mp_unmap_irq(3);
	ck_assert_ptr_null(irq_get_irq_data(3));
}
END_TEST

START_TEST(test_domain_alloc_errors)
{
	struct irq_domain *d = irqlab_ioapic_domain(tm);
	struct irq_alloc_info info;
	int irq;

	/* The domain needs the pin and takes one irq at a time. */
	ck_assert_int_eq(irq_domain_alloc_irqs(d, 1, NUMA_NO_NODE, NULL), -EINVAL);
	ioapic_set_alloc_attr(&info, NUMA_NO_NODE, IOAPIC_LEVEL, IOAPIC_POL_LOW);
	info.ioapic.pin = IRQLAB_IOAPIC_NR_PINS;
	ck_assert_int_eq(irq_domain_alloc_irqs(d, 1, NUMA_NO_NODE, &info), -EINVAL);
	info.ioapic.pin = -1;
	ck_assert_int_eq(irq_domain_alloc_irqs(d, 1, NUMA_NO_NODE, &info), -EINVAL);
	info.ioapic.pin = 16;
	ck_assert_int_eq(irq_domain_alloc_irqs(d, 2, NUMA_NO_NODE, &info), -EINVAL);
	/* Without attributes: a PCI line. */
	info.ioapic.valid = 0;
	irq = irq_domain_alloc_irqs(d, 1, NUMA_NO_NODE, &info);
	ck_assert_int_gt(irq, 0);
	ck_assert(irqd_is_level_type(irq_get_irq_data((unsigned int)irq)));
	/* A pin is mapped once. */
	ck_assert_int_eq(irq_domain_alloc_irqs(d, 1, NUMA_NO_NODE, &info), -EEXIST);
	ck_assert_uint_eq(d->mapcount, 1);
	irq_domain_free_irqs((unsigned int)irq, 1);
	ck_assert_uint_eq(d->mapcount, 0);
}
END_TEST

START_TEST(test_no_ioapic)
{
	struct irqlab_machine *m2, *prev;

	ck_assert_int_eq(irqlab_machine_create(NULL, &m2), 0);
	ck_assert_int_eq(mp_map_gsi_to_irq(16, IOAPIC_MAP_ALLOC, NULL), -ENODEV);
	mp_unmap_irq(16);
	ck_assert_ptr_null(irqlab_ioapic_domain(m2));
	prev = irqlab_machine_set_current(tm);
	ck_assert_ptr_eq(prev, m2);
	irqlab_machine_destroy(m2);
	irqlab_machine_set_current(tm);
}
END_TEST

/* ---- release -------------------------------------------------------------------- */

START_TEST(test_release)
{
	shared_pair();
	/* B is not the last user: it may go although A's handler is there. */
	free_irq(16, &db);
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(tm, db.fn), 0);
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, db.fn), -ENOENT);
	/* A is the last user, with a handler: refused, nothing changes. */
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(tm, da.fn), -EBUSY);
	ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, da.fn), 16);
	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 1);
	/* B's line no longer reaches the pin. */
	tdev_raise(&db, 1);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
	free_irq(16, &da);
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(tm, da.fn), 0);
	ck_assert_ptr_null(irq_get_irq_data(16));
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(tm, da.fn), -ENOENT);
	ck_assert_uint_eq(irqlab_ioapic_domain(tm)->mapcount, 0);
}
END_TEST

/* Dynamic irqs (MSI, VECTOR users) start at gsi_top: GSI numbers stay free. */
START_TEST(test_dynamic_irqs_above_gsis)
{
	ck_assert_int_eq(x86_alloc(20, NULL), 24);
	ck_assert_int_eq(route(&da), 16);
	ck_assert_uint_eq(irq_get_irq_data(16)->hwirq, 16);
}
END_TEST

START_TEST(test_irq_number_taken)
{
	int irq;

	/* Someone holds irq 16 itself: the GSI's number is not available. */
	ck_assert_int_eq(irq_alloc_desc_at(16, NUMA_NO_NODE), 16);
	irq = route(&da);
	ck_assert_int_eq(irq, 24);
	ck_assert_uint_eq(irq_get_irq_data(24)->hwirq, 16);
	ck_assert_int_eq(route(&db), 24);
	request(24, &da, "devA");
	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 1);
	ck_assert_uint_eq(kstat_total(24), 1);
	irq_free_desc(16);
}
END_TEST

START_TEST(test_function_gone_address_reused)
{
	struct irqlab_pci_fn *old = da.fn;
	int irq;

	ck_assert_int_eq(route(&da), 16);
	/* The function goes without a release; a new one takes its slot. */
	irqlab_pci_fn_destroy(old);
	da.fn = mkfn("00:04.0", 1);
	ck_assert_int_eq(route(&da), 16);
	request(16, &da, "devA");
	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 1);
	free_irq(16, &da);
	/* And one in another slot: GSI 18. */
	irqlab_pci_fn_destroy(da.fn);
	da.fn = mkfn("00:06.0", 1);
	irq = route(&da);
	ck_assert_int_eq(irq, 18);
	request(18, &da, "devA");
	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 2);
}
END_TEST

/* ---- fault injection and teardown ------------------------------------------- */

START_TEST(test_route_nomem)
{
	unsigned int failures = 0;
	long live;
	int n, ret;

	/* Warm up what is created on first use (cpumask_of() masks...). */
	ck_assert_int_eq(route(&da), 16);
	ck_assert_int_eq(irqlab_ioapic_pci_irq_release(tm, da.fn), 0);
	live = irqlab_alloc_live();

	/* Every allocation of the routing fails once, in turn (some are
	 * optional: those routings succeed and are undone). */
	for (n = 1; n < 40; n++) {
		irqlab_fail_nth_alloc(n);
		ret = route(&da);
		irqlab_fail_nth_alloc(0);
		if (ret > 0) {
			ck_assert_int_eq(ret, 16);
			ck_assert_int_eq(irqlab_ioapic_pci_irq_release(tm, da.fn), 0);
		} else {
			ck_assert_int_eq(ret, -ENOMEM);
			failures++;
		}
		/* Nothing left behind. */
		ck_assert_uint_eq(irq_find_mapping(irqlab_ioapic_domain(tm), 16), 0);
		ck_assert_int_eq(irqlab_ioapic_intx_pin(tm, da.fn), -ENOENT);
		ck_assert_int_eq(irqlab_alloc_live(), live);
	}
	ck_assert_uint_gt(failures, 2);
	ck_assert_int_eq(route(&da), 16);
	request(16, &da, "devA");
	tdev_raise(&da, 1);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(da.handled, 1);
}
END_TEST

START_TEST(test_machine_create_nomem)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 2, .platform = IRQLAB_PLATFORM_X86 };
	struct irqlab_machine *m2 = NULL;
	long live = irqlab_alloc_live();
	int n, ret = -ENOMEM;

	for (n = 1; n < 2000; n++) {
		irqlab_fail_nth_alloc(n);
		ret = irqlab_machine_create(&cfg, &m2);
		irqlab_fail_nth_alloc(0);
		if (!ret)
			break;
		ck_assert_int_eq(ret, -ENOMEM);
		ck_assert_int_eq(irqlab_alloc_live(), live);
	}
	ck_assert_int_eq(ret, 0);
	ck_assert_ptr_nonnull(irqlab_ioapic_domain(m2));
	irqlab_machine_destroy(m2);
	irqlab_machine_set_current(tm);
}
END_TEST

START_TEST(test_teardown_with_everything_in_place)
{
	struct irq_alloc_info info;

	shared_pair();
	ck_assert_int_eq(route(&dc), 17);
	request(17, &dc, "devC");
	ioapic_set_alloc_attr(&info, NUMA_NO_NODE, IOAPIC_EDGE, IOAPIC_POL_HIGH);
	ck_assert_int_eq(mp_map_gsi_to_irq(4, IOAPIC_MAP_ALLOC, &info), 4);
	/* Lines asserted, interrupts in flight: the fixture's teardown must
	 * free all of it without leaks. */
	tdev_raise(&da, 1);
	tdev_raise(&dc, 1);
	ck_assert(pst(16).remote_irr);
}
END_TEST

static Suite *intx_suite(void)
{
	Suite *s = suite_create("intx");
	TCase *tc = tcase_create("routing");

	tcase_add_checked_fixture(tc, intx_setup, intx_teardown);
	tcase_add_test(tc, test_domain);
	tcase_add_test(tc, test_gsi_swizzle);
	tcase_add_test(tc, test_pci_irq_shared_mapping);
	tcase_add_test(tc, test_pci_irq_errors);
	tcase_add_test(tc, test_release);
	tcase_add_test(tc, test_irq_number_taken);
	tcase_add_test(tc, test_dynamic_irqs_above_gsis);
	tcase_add_test(tc, test_function_gone_address_reused);
	suite_add_tcase(s, tc);

	tc = tcase_create("sharing");
	tcase_add_checked_fixture(tc, intx_setup, intx_teardown);
	tcase_add_test(tc, test_shared_line_every_handler_called);
	tcase_add_test(tc, test_shared_line_until_all_deassert);
	tcase_add_test(tc, test_interrupt_disable);
	tcase_add_test(tc, test_proc_interrupts_row);
	tcase_add_test(tc, test_disable_irq_holds_pending);
	tcase_add_test(tc, test_free_one_sharer);
	tcase_add_test(tc, test_affinity_deferred_move);
	tcase_add_test(tc, test_level_seen_as_edge_counts_mis);
	tcase_add_test(tc, test_cpu_offline_in_flight);
	tcase_add_test(tc, test_nobody_cared);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);

	tc = tcase_create("mapping");
	tcase_add_checked_fixture(tc, intx_setup, intx_teardown);
	tcase_add_test(tc, test_edge_gsi);
	tcase_add_test(tc, test_map_errors);
	tcase_add_test(tc, test_domain_alloc_errors);
	tcase_add_test(tc, test_no_ioapic);
	tcase_add_test(tc, test_route_nomem);
	tcase_add_test(tc, test_machine_create_nomem);
	tcase_add_test(tc, test_teardown_with_everything_in_place);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(intx_suite());
}
