// SPDX-License-Identifier: MIT
/*
 * The x86 interrupt entry (arch/x86/kernel/irq.c and the APIC system
 * vectors of apic.c): a CPU takes the vectors its local APIC delivers, in
 * priority order, and dispatches each through the IDT.  Device vectors go
 * to common_interrupt(), which looks the CPU's vector table up and runs
 * the descriptor's flow handler; the flow handler's ack (apic_ack_edge)
 * writes the EOI.  The EOI is always written by this kernel code, never
 * implied by the hardware.
 */
#include "x86_internals.h"
#include "irqlab/trace.h"

/* printk_ratelimited(): DEFAULT_RATELIMIT_INTERVAL (5 s), BURST (10). */
#define X86_RATELIMIT_INTERVAL_NS (5ULL * 1000000000ULL)
#define X86_RATELIMIT_BURST 10

/* Bound on one irqlab_cpu_run(): a handler re-raising its vector livelocks. */
#define X86_CPU_RUN_MAX 100000

static bool x86_ratelimit(struct irqlab_x86 *x86, struct x86_ratelimit *rs,
			  const char *func)
{
	unsigned long long now = irqlab_clock_ns(x86->m);
	bool ok = false;

	irqlab_lock_acquire(&x86->rs_lock);
	if (!rs->printed && !rs->missed)
		rs->begin = now;
	if (now - rs->begin >= X86_RATELIMIT_INTERVAL_NS) {
		if (rs->missed)
			pr_warn("%s: %u callbacks suppressed\n", func, rs->missed);
		rs->begin = now;
		rs->printed = 0;
		rs->missed = 0;
	}
	if (rs->printed < X86_RATELIMIT_BURST) {
		rs->printed++;
		ok = true;
	} else {
		rs->missed++;
	}
	irqlab_lock_release(&x86->rs_lock);
	return ok;
}

/* Run the flow handler; x86's ack_bad_irq() EOIs for handle_bad_irq. */
static void handle_irq(struct irq_desc *desc)
{
	generic_handle_irq_desc(desc);
	if (desc->handle_irq == handle_bad_irq)
		apic_eoi();
}

/*
 * A vector with no descriptor.  VECTOR_UNUSED: nobody owns it, say so.
 * VECTOR_SHUTDOWN / VECTOR_RETRIGGERED: an interrupt that was in flight
 * when the irq went away or moved; reset the entry silently.
 */
static void no_handler(struct irqlab_x86 *x86, struct irq_desc *desc, unsigned int vector)
{
	struct irqlab_machine *m = x86->m;
	unsigned int cpu = smp_processor_id();

	if (desc != VECTOR_UNUSED) {
		vector_irq_set(x86, cpu, vector, VECTOR_UNUSED);
		return;
	}
	if (irqlab_kver_ge(m, KERNEL_VERSION(6, 17, 0))) {
		if (x86_ratelimit(x86, &x86->no_handler_rs, "reevaluate_vector"))
			pr_emerg("No irq handler for %d.%u\n", (int)cpu, vector);
	} else if (irqlab_kver_ge(m, KERNEL_VERSION(5, 8, 0))) {
		if (x86_ratelimit(x86, &x86->no_handler_rs, "__common_interrupt"))
			pr_emerg("__common_interrupt: %d.%u No irq handler for vector\n",
				 (int)cpu, vector);
	} else if (x86_ratelimit(x86, &x86->no_handler_rs, "do_IRQ")) {
		pr_emerg("do_IRQ: %d.%u No irq handler for vector\n", (int)cpu, vector);
	}
}

/**
 * common_interrupt() - the entry of device vectors.
 * @x86: the machine's arch state.
 * @vector: the vector this CPU acknowledged.
 *
 * Since v6.17 an entry without a descriptor is re-read under vector_lock,
 * so a request_irq() installing the vector meanwhile is not undone.
 *
 * Context: interrupt, on smp_processor_id().
 */
void common_interrupt(struct irqlab_x86 *x86, unsigned int vector)
{
	unsigned int cpu = smp_processor_id();
	struct irq_desc *desc = vector_irq_get(x86, cpu, vector);

	if (!IS_ERR_OR_NULL(desc)) {
		handle_irq(desc);
		return;
	}
	if (irqlab_kver_ge(x86->m, KERNEL_VERSION(6, 17, 0))) {
		lock_vector_lock(x86);
		desc = vector_irq_get(x86, cpu, vector);
		if (IS_ERR_OR_NULL(desc))
			no_handler(x86, desc, vector);
		unlock_vector_lock(x86);
		if (!IS_ERR_OR_NULL(desc)) {
			handle_irq(desc);
			return;
		}
		apic_eoi();
		return;
	}
	apic_eoi();
	no_handler(x86, desc, vector);
}

/*
 * The spurious vector and the system vectors without a handler.  The
 * spurious vector has no ISR bit and must not be EOIed; another vector is
 * EOIed if it is in service.
 */
static void handle_spurious_interrupt(struct irqlab_x86 *x86, unsigned int vector)
{
	unsigned int cpu = smp_processor_id();
	u32 v;

	__atomic_add_fetch(&x86->spurious_count[cpu], 1, __ATOMIC_RELAXED);
	if (vector == SPURIOUS_APIC_VECTOR) {
		pr_info("Spurious APIC interrupt (vector 0xFF) on CPU#%d, should never happen.\n",
			(int)cpu);
		return;
	}
	v = apic_read(APIC_ISR + ((vector & ~0x1fu) >> 1));
	if (v & (1u << (vector & 0x1f))) {
		pr_info("Spurious interrupt (vector 0x%02x) on CPU#%d. Acked\n", vector,
			(int)cpu);
		apic_eoi();
	} else {
		pr_info("Spurious interrupt (vector 0x%02x) on CPU#%d. Not pending!\n",
			vector, (int)cpu);
	}
}

/* The APIC error interrupt: latch and read ESR, EOI, count (ERR). */
static void sysvec_error_interrupt(struct irqlab_x86 *x86)
{
	apic_write(APIC_ESR, 0);
	(void)apic_read(APIC_ESR);
	apic_eoi();
	__atomic_add_fetch(&x86->irq_err_count, 1, __ATOMIC_RELAXED);
}

/*
 * System vectors the kernel installs a handler for (apic_idts, and on a
 * Hyper-V guest ms_hyperv_init_platform()'s three).
 */
static bool sysvec_has_handler(struct irqlab_x86 *x86, unsigned int vector)
{
	switch (vector) {
	case HYPERVISOR_CALLBACK_VECTOR:
	case HYPERV_REENLIGHTENMENT_VECTOR:
	case HYPERV_STIMER0_VECTOR:
		return x86->m->cfg.platform == IRQLAB_PLATFORM_HYPERV;
	case LOCAL_TIMER_VECTOR:
	case RESCHEDULE_VECTOR:
	case CALL_FUNCTION_VECTOR:
	case CALL_FUNCTION_SINGLE_VECTOR:
	case REBOOT_VECTOR:
	case X86_PLATFORM_IPI_VECTOR:
	case IRQ_WORK_VECTOR:
	case THERMAL_APIC_VECTOR:
	case THRESHOLD_APIC_VECTOR:
	case DEFERRED_ERROR_VECTOR:
	case POSTED_INTR_VECTOR:
	case POSTED_INTR_WAKEUP_VECTOR:
	case POSTED_INTR_NESTED_VECTOR:
		return true;
	default:
		return false;
	}
}

/* The IDT: system vectors to their handlers, the rest to common_interrupt. */
static void x86_idt_dispatch(struct irqlab_x86 *x86, unsigned int vector)
{
	unsigned int cpu = smp_processor_id();

	if (vector < FIRST_SYSTEM_VECTOR) {
		common_interrupt(x86, vector);
	} else if (vector == ERROR_APIC_VECTOR) {
		sysvec_error_interrupt(x86);
	} else if (sysvec_has_handler(x86, vector)) {
		/* Timer, IPIs, thermal...: counted per CPU (LOC, RES, CAL...). */
		__atomic_add_fetch(&x86->sysvec_count[(size_t)cpu * NR_SYSTEM_VECTORS +
						       (vector - FIRST_SYSTEM_VECTOR)],
				   1, __ATOMIC_RELAXED);
		apic_eoi();
	} else {
		handle_spurious_interrupt(x86, vector);
	}
}

/**
 * x86_cpu_run() - let a CPU take what its local APIC has pending.
 * @m: the machine.
 * @cpu: the CPU (this CPU).
 *
 * Acknowledge and dispatch until the APIC has nothing deliverable, each
 * vector's handler running (and EOIing) before the next acknowledge, so
 * priorities and TPR are honoured as on hardware.
 *
 * Context: irqlab_cpu_run(): @m current, smp_processor_id() == @cpu.
 * Return: the number of vectors dispatched.
 */
unsigned int x86_cpu_run(struct irqlab_machine *m, unsigned int cpu)
{
	unsigned int n = 0;
	int v;

	while (n < X86_CPU_RUN_MAX && (v = irqlab_lapic_ack(m, cpu)) >= 0) {
		/* irq_enter() .. irq_exit(): events of the entry are hard irq ones. */
		irqlab_trace_hardirq_enter();
		x86_idt_dispatch(m->x86, (unsigned int)v);
		irqlab_trace_hardirq_exit();
		n++;
	}
	return n;
}
