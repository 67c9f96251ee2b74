// SPDX-License-Identifier: MIT
/*
 * Interrupt delivery on an x86 machine (acceptance criterion 3 of the x86
 * issue): messages composed by the vector domain, written on the bus by a
 * "device", reach the handler on the right CPU through the emulated local
 * APIC and the arch entry; affinity moves with deferred cleanup, including
 * an interrupt pending in the old CPU's IRR during the move (no interrupt
 * lost); a move during a move; vectors nobody owns; retrigger by IPI; the
 * system vectors (error, spurious, timer/IPIs); and the x86 hotplug hooks
 * (IRR forwarding, forced move completion, refusal, managed restart).
 */
#include <stdio.h>
#include <string.h>

#include "x86_fixture.h"

#include "irqlab/matrix.h"

static unsigned int seq_irqs[16], seq_len;

static irqreturn_t seq_handler(int irq, void *dev_id)
{
	if (seq_len < ARRAY_SIZE(seq_irqs))
		seq_irqs[seq_len++] = (unsigned int)irq;
	return IRQ_HANDLED;
}

/* A requested reservation-mode irq whose affinity is @cpu. */
static unsigned int irq_res_on(unsigned int cpu)
{
	int irq = x86_alloc(1, NULL);

	ck_assert_int_gt(irq, 0);
	ck_assert_int_eq(irq_set_affinity((unsigned int)irq, cpumask_of(cpu)), 0);
	ck_assert_int_eq(x86_request((unsigned int)irq), 0);
	ck_assert_uint_eq(x86_state((unsigned int)irq).cpu, cpu);
	return (unsigned int)irq;
}

/* A requested irq placed on @cpu (fixed allocation, default affinity). */
static unsigned int irq_on(unsigned int cpu)
{
	int irq = x86_alloc(1, cpumask_of(cpu));

	ck_assert_int_gt(irq, 0);
	ck_assert_int_eq(x86_request((unsigned int)irq), 0);
	ck_assert_uint_eq(x86_state((unsigned int)irq).cpu, cpu);
	return (unsigned int)irq;
}

static void assert_log_fmt(const char *fmt, unsigned int a, unsigned int b)
{
	char buf[160];

	snprintf(buf, sizeof(buf), fmt, a, b);
	ck_assert_log(buf);
}

/* ---- acceptance: delivery to the right CPU ---------------------------------- */

START_TEST(test_deliver_to_right_cpu)
{
	unsigned int irqs[8], i, cpu;

	for (i = 0; i < 8; i++) {
		int irq = x86_alloc(1, NULL);

		ck_assert_int_gt(irq, 0);
		irqs[i] = (unsigned int)irq;
		/* Affinity before activation: the vector is taken on that CPU. */
		ck_assert_int_eq(irq_set_affinity(irqs[i], cpumask_of(i % 4)), 0);
		ck_assert_int_eq(x86_request(irqs[i]), 0);
	}
	for (i = 0; i < 8; i++) {
		struct irqlab_x86_irq_state s = x86_state(irqs[i]);

		ck_assert_uint_eq(s.cpu, i % 4);
		x86_fire(irqs[i]);
		/* The message only latched the target APIC's IRR. */
		ck_assert(x86_irr(i % 4, s.vector));
		ck_assert_uint_eq(x86_hits[irqs[i]], 0);
	}
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 8);
	for (i = 0; i < 8; i++) {
		ck_assert_uint_eq(x86_hits[irqs[i]], 1);
		ck_assert_uint_eq(x86_hit_cpu[irqs[i]], i % 4);
		for (cpu = 0; cpu < 4; cpu++)
			ck_assert_uint_eq(kstat_irqs_cpu(irqs[i], (int)cpu), cpu == i % 4);
	}
	/* Every interrupt was EOIed by the kernel's ack. */
	x86_assert_no_isr();
	ck_assert_uint_eq(irqlab_cpu_run(tm, 2), 0);
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 0);
	for (i = 0; i < 8; i++)
		x86_free(irqs[i]);
}
END_TEST

START_TEST(test_dispatch_priority_order)
{
	int base = x86_alloc(3, cpumask_of(1));
	unsigned int i;

	ck_assert_int_gt(base, 0);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(request_irq((unsigned int)base + i, seq_handler, 0, "seq", NULL), 0);
	/* Vectors 0x20, 0x21, 0x22 on CPU 1: the highest goes first. */
	ck_assert_uint_eq(x86_state((unsigned int)base + 2).vector, 0x22);
	seq_len = 0;
	x86_fire((unsigned int)base);
	x86_fire((unsigned int)base + 2);
	x86_fire((unsigned int)base + 1);
	x86_fire((unsigned int)base + 1); /* collapses with the previous one */
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 3);
	ck_assert_uint_eq(seq_len, 3);
	ck_assert_uint_eq(seq_irqs[0], (unsigned int)base + 2);
	ck_assert_uint_eq(seq_irqs[1], (unsigned int)base + 1);
	ck_assert_uint_eq(seq_irqs[2], (unsigned int)base);
	/* A raised task priority holds them back until it drops. */
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_TASKPRI, 0x20), 0);
	x86_fire((unsigned int)base);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 0);
	ck_assert_int_eq(irqlab_lapic_write(tm, 1, APIC_TASKPRI, 0), 0);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 1);
	for (i = 0; i < 3; i++)
		free_irq((unsigned int)base + i, NULL);
}
END_TEST

/* ---- affinity moves ------------------------------------------------------------ */

START_TEST(test_move_deferred_cleanup)
{
	unsigned int irq = irq_on(0), owner, v0 = x86_state(irq).vector, v1;
	struct irqlab_x86_irq_state s;
	unsigned long long t0;
	u64 addr;
	u32 data;

	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(2)), 0);
	s = x86_state(irq);
	v1 = s.vector;
	/* New vector now; the old one kept until the device uses the new one. */
	ck_assert_uint_eq(s.cpu, 2);
	ck_assert_uint_eq(s.prev_cpu, 0);
	ck_assert_uint_eq(s.prev_vector, v0);
	ck_assert(s.move_in_progress && !s.cleanup_pending);
	ck_assert(irqlab_matrix_bit_allocated(x86_mx(), 0, v0));
	ck_assert(irqlab_matrix_bit_allocated(x86_mx(), 2, v1));
	ck_assert_int_eq(x86_table(0, v0, &owner), IRQLAB_VECTOR_IRQ);
	ck_assert_uint_eq(owner, irq);
	ck_assert_int_eq(x86_table(2, v1, &owner), IRQLAB_VECTOR_IRQ);
	ck_assert(cpumask_equal(irq_data_get_effective_affinity_mask(irq_get_irq_data(irq)),
				cpumask_of(2)));
	x86_msg(irq, &addr, &data);
	ck_assert_uint_eq(addr, 0xfee02000u);
	ck_assert_uint_eq(data, v1);
	/* A second request while the move is pending: the same answer. */
	ck_assert_int_eq(irq_get_chip(irq)->irq_set_affinity(irq_get_irq_data(irq),
							     cpumask_of(3), false), -EBUSY);

	/* The first interrupt on the new vector queues the cleanup. */
	x86_write(addr, data);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 2), 1);
	ck_assert_uint_eq(x86_hit_cpu[irq], 2);
	s = x86_state(irq);
	ck_assert(!s.move_in_progress && s.cleanup_pending);
	ck_assert_uint_eq(s.prev_vector, v0);
	ck_assert(irqlab_matrix_bit_allocated(x86_mx(), 0, v0));

	/* The old CPU's timer frees the old vector at the next jiffy. */
	t0 = irqlab_clock_ns(tm);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(irqlab_clock_ns(tm), (t0 / X86_JIFFY_NS + 1) * X86_JIFFY_NS);
	s = x86_state(irq);
	ck_assert(!s.cleanup_pending);
	ck_assert_uint_eq(s.prev_vector, 0);
	ck_assert(!irqlab_matrix_bit_allocated(x86_mx(), 0, v0));
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(x86_mx(), 0), 0);
	ck_assert_int_eq(x86_table(0, v0, NULL), IRQLAB_VECTOR_UNUSED);
	ck_assert_no_log("Moved interrupt pending");
	ck_assert_uint_eq(x86_hits[irq], 1);
	x86_free(irq);
}
END_TEST

START_TEST(test_move_old_irr_pending)
{
	unsigned int irq = irq_on(0), v0 = x86_state(irq).vector, v1;
	u64 old_addr;
	u32 old_data;

	x86_msg(irq, &old_addr, &old_data);
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(2)), 0);
	v1 = x86_state(irq).vector;
	/* The device's last write with the old message is still in flight... */
	x86_write(old_addr, old_data);
	ck_assert(x86_irr(0, v0));
	/* ...when it already uses the new one, which CPU 2 takes first. */
	x86_fire(irq);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 2), 1);
	ck_assert(x86_state(irq).cleanup_pending);

	/* The cleanup timer sees the old vector pending: warn, keep, retry. */
	irqlab_clock_advance(tm, X86_JIFFY_NS);
	assert_log_fmt("Moved interrupt pending in old target APIC %u", irq, 0);
	ck_assert(x86_state(irq).cleanup_pending);
	ck_assert_uint_eq(x86_state(irq).prev_vector, v0);
	ck_assert(irqlab_matrix_bit_allocated(x86_mx(), 0, v0));

	/* CPU 0 takes the old vector: the handler runs, nothing is lost. */
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 2);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 0), 1);
	ck_assert_uint_eq(kstat_irqs_cpu(irq, 2), 1);
	ck_assert(!x86_state(irq).cleanup_pending);
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(x86_mx(), 0), 0);
	x86_assert_no_isr();

	/* Once per boot: the same race again is not reported again. */
	x86_msg(irq, &old_addr, &old_data);
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(1)), 0);
	x86_write(old_addr, old_data);
	ck_assert(x86_irr(2, v1));
	x86_fire(irq);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 1);
	irqlab_clock_advance(tm, X86_JIFFY_NS);
	ck_assert(x86_state(irq).cleanup_pending);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 4);
	ck_assert_uint_eq(irqlab_log_count(tm, "Moved interrupt pending in old target APIC"), 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(x86_mx(), 2), 0);
	x86_free(irq);
}
END_TEST

START_TEST(test_move_during_move_pending)
{
	unsigned int irq = irq_on(0);
	struct irq_data *d = irq_get_irq_data(irq);
	struct irqlab_x86_irq_state s;

	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(2)), 0);
	/* -EBUSY from the vector domain becomes a pending move. */
	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(3)), 0);
	ck_assert(irqd_is_setaffinity_pending(d));
	ck_assert(cpumask_equal(irq_to_desc(irq)->pending_mask, cpumask_of(3)));
	ck_assert_uint_eq(x86_state(irq).cpu, 2);

	/* The next interrupt completes the first move; the cleanup still blocks. */
	x86_fire(irq);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 2), 1);
	ck_assert(irqd_is_setaffinity_pending(d));
	ck_assert_uint_eq(x86_state(irq).cpu, 2);
	irqlab_run_until_idle(tm); /* the timer frees CPU 0's vector */
	ck_assert(!x86_state(irq).cleanup_pending);

	/* The interrupt after that applies the pending move. */
	x86_fire(irq);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 2), 1);
	ck_assert(!irqd_is_setaffinity_pending(d));
	s = x86_state(irq);
	ck_assert_uint_eq(s.cpu, 3);
	ck_assert_uint_eq(s.prev_cpu, 2);
	ck_assert(s.move_in_progress);
	ck_assert(cpumask_equal(irq_data_get_affinity_mask(d), cpumask_of(3)));
	x86_fire(irq);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 3);
	ck_assert_uint_eq(x86_hit_cpu[irq], 3);
	ck_assert_uint_eq(x86_mstats().total_allocated, 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(x86_mx(), 3), 1);
	x86_free(irq);
}
END_TEST

START_TEST(test_cleanup_offline_cpu)
{
	unsigned int irq = irq_on(1);

	ck_assert_int_eq(irq_set_affinity(irq, cpumask_of(2)), 0);
	/* The old CPU vanishes without hotplug's help (low-level topology). */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 1, false), 0);
	x86_fire(irq);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 2), 1);
	assert_log_fmt("IRQ %u schedule cleanup for offline CPU %u", irq, 1);
	ck_assert_uint_eq(x86_state(irq).prev_vector, 0);
	ck_assert(!x86_state(irq).cleanup_pending);
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(x86_mx(), 1), 0);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 1, true), 0);
	x86_free(irq);
}
END_TEST

/* ---- vectors without a handler ------------------------------------------------ */

START_TEST(test_no_handler)
{
	unsigned int i;

	x86_write(x86_msi_addr(1), 0x99);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_log("__common_interrupt: 1.153 No irq handler for vector");
	ck_assert_int_eq(x86_table(1, 0x99, NULL), IRQLAB_VECTOR_UNUSED);
	x86_assert_no_isr();
	/* Rate limited: 10 per 5 seconds, then the suppressed count. */
	for (i = 0; i < 11; i++) {
		x86_write(x86_msi_addr(1), 0x99);
		ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 1);
	}
	ck_assert_uint_eq(irqlab_log_count(tm, "No irq handler"), 10);
	irqlab_clock_advance(tm, 5000000000ULL);
	x86_write(x86_msi_addr(1), 0x99);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 1);
	ck_assert_log("__common_interrupt: 2 callbacks suppressed");
	ck_assert_uint_eq(irqlab_log_count(tm, "No irq handler"), 11);
	x86_assert_no_isr();
}
END_TEST

static void no_handler_version(unsigned int version, const char *text)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = 2, .platform = IRQLAB_PLATFORM_X86, .kernel_version = version,
	};
	unsigned int irq;

	tm_create(&cfg);
	x86_write(x86_msi_addr(1), 0x99);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_log(text);
	x86_assert_no_isr();
	/* The entry of a freed irq is reset silently, then reported. */
	irq = irq_res_on(0);
	x86_free(irq);
	ck_assert_int_eq(x86_table(0, FIRST_EXTERNAL_VECTOR, NULL), IRQLAB_VECTOR_SHUTDOWN);
	x86_write(x86_msi_addr(0), FIRST_EXTERNAL_VECTOR);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 0), 1);
	ck_assert_int_eq(x86_table(0, FIRST_EXTERNAL_VECTOR, NULL), IRQLAB_VECTOR_UNUSED);
	ck_assert_uint_eq(irqlab_log_count(tm, "No irq handler"), 1);
	x86_write(x86_msi_addr(0), FIRST_EXTERNAL_VECTOR);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 0), 1);
	ck_assert_uint_eq(irqlab_log_count(tm, "No irq handler"), 2);
	/* A live irq is handled the same in every version. */
	irq = irq_on(1);
	x86_hits[irq] = 0;
	x86_fire(irq);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	x86_assert_no_isr();
	x86_free(irq);
	tm_destroy();
}

START_TEST(test_no_handler_versions)
{
	no_handler_version(KERNEL_VERSION(6, 17, 0), "No irq handler for 1.153");
	no_handler_version(KERNEL_VERSION(6, 16, 0),
			   "__common_interrupt: 1.153 No irq handler for vector");
	no_handler_version(KERNEL_VERSION(5, 4, 0), "do_IRQ: 1.153 No irq handler for vector");
}
END_TEST

START_TEST(test_no_handler_ratelimit_617)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = 2, .platform = IRQLAB_PLATFORM_X86,
		.kernel_version = KERNEL_VERSION(6, 17, 0),
	};
	unsigned int i;

	tm_create(&cfg);
	for (i = 0; i < 12; i++) {
		x86_write(x86_msi_addr(0), 0x77);
		ck_assert_uint_eq(irqlab_cpu_run(tm, 0), 1);
	}
	ck_assert_uint_eq(irqlab_log_count(tm, "No irq handler for 0.119"), 10);
	irqlab_clock_advance(tm, 6000000000ULL);
	x86_write(x86_msi_addr(0), 0x77);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 0), 1);
	ck_assert_log("reevaluate_vector: 2 callbacks suppressed");
	/* Old kernels: the same limit. */
	tm_destroy();
	cfg.kernel_version = KERNEL_VERSION(5, 4, 0);
	tm_create(&cfg);
	for (i = 0; i < 12; i++) {
		x86_write(x86_msi_addr(0), 0x77);
		ck_assert_uint_eq(irqlab_cpu_run(tm, 0), 1);
	}
	ck_assert_uint_eq(irqlab_log_count(tm, "do_IRQ: 0.119"), 10);
	tm_destroy();
}
END_TEST

/* ---- retrigger ------------------------------------------------------------------ */

START_TEST(test_retrigger_ipi)
{
	unsigned int irq = irq_on(2), v = x86_state(irq).vector;

	/* An edge while disabled is only marked pending (and EOIed). */
	disable_irq(irq);
	x86_fire(irq);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 0);
	x86_assert_no_isr();
	/* enable_irq() replays it: an IPI of the vector to the target CPU. */
	enable_irq(irq);
	ck_assert(x86_irr(2, v));
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	ck_assert_uint_eq(x86_hit_cpu[irq], 2);
	/* The chip's callback directly; the hierarchy helper only asks parents. */
	ck_assert_int_eq(irq_chip_retrigger_hierarchy(irq_get_irq_data(irq)), 0);
	ck_assert(!x86_irr(2, v));
	ck_assert_int_eq(irq_get_chip(irq)->irq_retrigger(irq_get_irq_data(irq)), 1);
	ck_assert(x86_irr(2, v));
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 2);
	x86_free(irq);
}
END_TEST

/* ---- system vectors ------------------------------------------------------------ */

START_TEST(test_error_spurious_sysvec)
{
	/* An illegal vector: the APIC raises its error vector, the kernel counts. */
	x86_write(x86_msi_addr(1), 5);
	ck_assert(x86_irr(1, ERROR_APIC_VECTOR));
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 1);
	ck_assert_uint_eq(irqlab_x86_irq_err_count(tm), 1);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_ESR), APIC_ESR_RECVILL);
	x86_assert_no_isr();

	/* A spurious interrupt: counted, no EOI (nothing is in service). */
	ck_assert_int_eq(irqlab_lapic_raise_spurious(tm, 2), 0);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 2), 1);
	ck_assert_uint_eq(irqlab_x86_spurious_count(tm, 2), 1);
	ck_assert_log("Spurious APIC interrupt (vector 0xFF) on CPU#2, should never happen.");

	/* A system vector without a handler (a stray shutdown-vector MSI). */
	x86_write(x86_msi_addr(3), MANAGED_IRQ_SHUTDOWN_VECTOR);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 3), 1);
	ck_assert_uint_eq(irqlab_x86_spurious_count(tm, 3), 1);
	ck_assert_log("Spurious interrupt (vector 0xef) on CPU#3. Acked");
	x86_assert_no_isr();

	/* A vectored spurious interrupt that is not in service. */
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_SPIV, APIC_SPIV_APIC_ENABLED | 0xf5), 0);
	ck_assert_int_eq(irqlab_lapic_raise_spurious(tm, 0), 0);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 0), 1);
	ck_assert_log("Spurious interrupt (vector 0xf5) on CPU#0. Not pending!");

	/* System vectors with handlers are counted per CPU and EOIed. */
	x86_write(x86_msi_addr(1), LOCAL_TIMER_VECTOR);
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_ICR2, 2), 0);
	ck_assert_int_eq(irqlab_lapic_write(tm, 0, APIC_ICR, RESCHEDULE_VECTOR), 0);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 2);
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 1, LOCAL_TIMER_VECTOR), 1);
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 2, RESCHEDULE_VECTOR), 1);
	ck_assert_uint_eq(irqlab_x86_sysvec_count(tm, 2, LOCAL_TIMER_VECTOR), 0);
	x86_assert_no_isr();
}
END_TEST

START_TEST(test_bad_irq_eoi)
{
	unsigned int irq = irq_on(1);

	irq_set_handler(irq, handle_bad_irq);
	x86_fire(irq);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 1);
	ck_assert_log("unexpected IRQ trap at vector");
	/* x86's ack_bad_irq() EOIs: the APIC is not left blocked. */
	x86_assert_no_isr();
	ck_assert_uint_eq(x86_hits[irq], 0);
	x86_free(irq);
}
END_TEST

static unsigned int storm_left;

static irqreturn_t storm_handler(int irq, void *dev_id)
{
	if (storm_left) {
		storm_left--;
		x86_fire((unsigned int)irq);
	}
	return IRQ_HANDLED;
}

START_TEST(test_cpu_run_bound)
{
	int irq = x86_alloc(1, cpumask_of(3));

	ck_assert_int_eq(request_irq((unsigned int)irq, storm_handler, 0, "storm", NULL), 0);
	storm_left = ~0u;
	x86_fire((unsigned int)irq);
	/* A handler re-raising its own vector: one run stops at the bound. */
	ck_assert_uint_eq(irqlab_cpu_run(tm, 3), 100000);
	storm_left = 0;
	ck_assert_uint_eq(irqlab_cpu_run(tm, 3), 1);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 3), 0);
	ck_assert_uint_eq(kstat_irqs_cpu((unsigned int)irq, 3), 100001);
	free_irq((unsigned int)irq, NULL);
}
END_TEST

/* ---- hotplug hooks ------------------------------------------------------------- */

START_TEST(test_hotplug_forward_pending)
{
	unsigned int irq = irq_on(1), v = x86_state(irq).vector, nv;
	struct irqlab_x86_irq_state s;

	/* Latched at CPU 1, which goes down before taking it. */
	x86_fire(irq);
	ck_assert(x86_irr(1, v));
	ck_assert_int_eq(remove_cpu(1), 0);
	s = x86_state(irq);
	ck_assert_uint_ne(s.cpu, 1);
	ck_assert_uint_eq(s.prev_vector, 0);
	nv = s.vector;
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(x86_mx(), 1), 0);
	ck_assert_uint_eq(x86_mstats().online_maps, 3);
	/* fixup_irqs() forwarded it by IPI to the new target. */
	ck_assert_int_eq(x86_table(1, v, NULL), IRQLAB_VECTOR_RETRIGGERED);
	ck_assert(x86_irr(s.cpu, nv));
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	ck_assert_uint_eq(x86_hit_cpu[irq], s.cpu);

	/* Coming back: INIT cleared the APIC, the vector table is fresh. */
	ck_assert_int_eq(add_cpu(1), 0);
	ck_assert(!x86_irr(1, v));
	ck_assert_int_eq(x86_table(1, v, NULL), IRQLAB_VECTOR_UNUSED);
	ck_assert_uint_eq(irqlab_lapic_read(tm, 1, APIC_SPIV), 0x1ff);
	ck_assert_uint_eq(x86_mstats().online_maps, 4);
	ck_assert_uint_eq(irqlab_matrix_cpu_available(x86_mx(), 1), 203);
	x86_free(irq);
}
END_TEST

START_TEST(test_hotplug_force_complete_move)
{
	unsigned int a = irq_on(1), b = irq_on(2), c = irq_on(1);

	/* a: moving away from CPU 1; b: moving to CPU 1; c: cleanup queued on 1. */
	ck_assert_int_eq(irq_set_affinity(a, cpumask_of(3)), 0);
	ck_assert_int_eq(irq_set_affinity(b, cpumask_of(1)), 0);
	ck_assert_int_eq(irq_set_affinity(c, cpumask_of(0)), 0);
	x86_fire(c);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 0), 1);
	ck_assert(x86_state(c).cleanup_pending);

	ck_assert_int_eq(remove_cpu(1), 0);
	assert_log_fmt("IRQ fixup: irq %u move in progress, old vector %u", a,
		       FIRST_EXTERNAL_VECTOR);
	ck_assert_uint_eq(x86_state(a).prev_vector, 0);
	ck_assert_uint_eq(x86_state(a).cpu, 3);
	/* b's target died too: completed, then migrated away from CPU 1. */
	ck_assert_uint_eq(x86_state(b).prev_vector, 0);
	ck_assert_uint_ne(x86_state(b).cpu, 1);
	/* c's cleanup was done at once, without a message. */
	ck_assert(!x86_state(c).cleanup_pending);
	ck_assert_uint_eq(irqlab_log_count(tm, "IRQ fixup"), 2);
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(x86_mx(), 1), 0);
	ck_assert_uint_eq(x86_mstats().total_allocated, 3);
	x86_fire(a);
	x86_fire(b);
	x86_fire(c);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[a], 1);
	ck_assert_uint_eq(x86_hits[b], 1);
	ck_assert_uint_eq(x86_hits[c], 2);
	ck_assert_int_eq(add_cpu(1), 0);
	x86_free(a);
	x86_free(b);
	x86_free(c);
}
END_TEST

START_TEST(test_hotplug_refused)
{
	unsigned int n = 0;

	x86_create(2);
	while (x86_alloc(1, cpumask_of(1)) > 0)
		n++;
	ck_assert_uint_eq(n, 203);
	/* CPU 0 can take all of CPU 1's vectors: allowed (not done). */
	ck_assert_int_gt(x86_alloc(1, cpumask_of(0)), 0);
	ck_assert_int_eq(remove_cpu(1), -ENOSPC);
	ck_assert_log("CPU 1 has 203 vectors, 202 available. Cannot disable CPU");
	ck_assert(cpu_online(1));
	ck_assert_uint_eq(x86_mstats().online_maps, 2);
	tm_destroy();
}
END_TEST

START_TEST(test_hotplug_reserved_warning)
{
	unsigned int i;

	x86_create(2);
	for (i = 0; i < 150; i++)
		ck_assert_int_gt(x86_alloc(1, cpumask_of(0)), 0);
	ck_assert_int_gt(x86_alloc(100, NULL), 0);
	ck_assert_int_eq(remove_cpu(1), 0);
	ck_assert_log("Reserved vectors 100 > available 53. IRQ request may fail");
	ck_assert_int_eq(add_cpu(1), 0);
	tm_destroy();
}
END_TEST

START_TEST(test_hotplug_managed)
{
	unsigned int irq = (unsigned int)x86_alloc_managed(cpumask_of(3));
	struct irqlab_x86_irq_state s;

	ck_assert_int_eq(x86_request(irq), 0);
	ck_assert_uint_eq(x86_state(irq).cpu, 3);
	/* The mask's last CPU goes: shut down, vector back to the reservation. */
	ck_assert_int_eq(remove_cpu(3), 0);
	s = x86_state(irq);
	ck_assert_uint_eq(s.vector, 0);
	ck_assert_uint_eq(s.cfg_vector, MANAGED_IRQ_SHUTDOWN_VECTOR);
	ck_assert(irqd_is_managed_and_shutdown(irq_get_irq_data(irq)));
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(x86_mx(), 3), 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(x86_mx(), 3), 0);
	/* It returns: restarted on its CPU. */
	ck_assert_int_eq(add_cpu(3), 0);
	s = x86_state(irq);
	ck_assert_uint_eq(s.cpu, 3);
	ck_assert_uint_ne(s.vector, 0);
	x86_fire(irq);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(x86_hits[irq], 1);
	ck_assert_uint_eq(x86_hit_cpu[irq], 3);
	x86_free(irq);
}
END_TEST

static Suite *x86_irq_suite(void)
{
	Suite *s = suite_create("x86_irq");
	TCase *tc = tcase_create("irq");
	TCase *own = tcase_create("machines");

	tcase_add_checked_fixture(tc, x86_setup, x86_teardown);
	tcase_add_test(tc, test_deliver_to_right_cpu);
	tcase_add_test(tc, test_dispatch_priority_order);
	tcase_add_test(tc, test_move_deferred_cleanup);
	tcase_add_test(tc, test_move_old_irr_pending);
	tcase_add_test(tc, test_move_during_move_pending);
	tcase_add_test(tc, test_cleanup_offline_cpu);
	tcase_add_test(tc, test_no_handler);
	tcase_add_test(tc, test_retrigger_ipi);
	tcase_add_test(tc, test_error_spurious_sysvec);
	tcase_add_test(tc, test_bad_irq_eoi);
	tcase_add_test(tc, test_cpu_run_bound);
	tcase_add_test(tc, test_hotplug_forward_pending);
	tcase_add_test(tc, test_hotplug_force_complete_move);
	tcase_add_test(tc, test_hotplug_managed);
	suite_add_tcase(s, tc);

	tcase_add_test(own, test_no_handler_versions);
	tcase_add_test(own, test_no_handler_ratelimit_617);
	tcase_add_test(own, test_hotplug_refused);
	tcase_add_test(own, test_hotplug_reserved_warning);
	suite_add_tcase(s, own);
	return s;
}

int main(void)
{
	return tm_run_suite(x86_irq_suite());
}
