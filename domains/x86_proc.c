// SPDX-License-Identifier: MIT
/*
 * The x86 rows of /proc/interrupts and the x86 counts of /proc/stat
 * (arch_show_interrupts(), arch_irq_stat_cpu() and arch_irq_stat() of
 * arch/x86/kernel/irq.c).
 *
 * The rows are those of a typical x86_64 distribution kernel (Debian and
 * Ubuntu configurations): X86_LOCAL_APIC, SMP, X86_THERMAL_VECTOR,
 * X86_MCE_THRESHOLD, X86_MCE_AMD (DFR), X86_MCE, X86_IO_APIC (MIS) and
 * KVM (PIN, NPI, PIW) are enabled; X86_POSTED_MSI is not (no PMN, and
 * FIRST_SYSTEM_VECTOR stays 0xec).  PLT is printed only when a platform
 * IPI callback is installed, which is not the case here.  HYP, HRE and HVS
 * exist only when their system vectors are set up, i.e. on Hyper-V.
 *
 * The counts are those the platform keeps: the interrupts each CPU took
 * on a system vector with a handler (LOC, IWI, RES, CAL, TRM, THR, DFR,
 * PIN, NPI, PIW, and HYP/HRE/HVS), the spurious ones (SPU), APIC errors
 * (ERR) and mis-routed level interrupts (MIS).  irqlab has no periodic
 * tick: LOC counts only LOCAL_TIMER_VECTOR interrupts actually delivered.
 * Nothing raises NMIs, performance interrupts, ICR read retries, TLB
 * shootdowns or machine checks: NMI, PMI, RTR, TLB, MCE and MCP are 0.
 *
 * The per-CPU rows print "%*s: " and "%10u " per online CPU, then two
 * spaces and the description; ERR and MIS print one total, "%*s: %10u".
 * The 6.13 column change of the irq rows did not touch these.
 */
#include "x86_internals.h"
#include "irqlab/vfs.h"

/* Where a row's per-CPU count comes from. */
enum x86_row_src {
	ROW_ZERO,	/* nothing in irqlab raises it */
	ROW_SYSVEC,	/* interrupts on @vector */
	ROW_CALL,	/* both call-function vectors (irq_call_count) */
	ROW_SPURIOUS,	/* irq_spurious_count */
};

/**
 * struct x86_row - one per-CPU row of arch_show_interrupts().
 * @sym: the symbol ("LOC").
 * @text: the description.
 * @src: where the count comes from.
 * @vector: the system vector of ROW_SYSVEC.
 * @hyperv: printed only on Hyper-V (its system vector is set up there).
 * @stat: part of arch_irq_stat_cpu() (the "intr" total of /proc/stat).
 */
struct x86_row {
	const char *sym;
	const char *text;
	enum x86_row_src src;
	unsigned int vector;
	bool hyperv;
	bool stat;
};

/* In the kernel's order; ERR and MIS come between HVS and PIN. */
static const struct x86_row x86_rows_head[] = {
	{ "NMI", "Non-maskable interrupts", ROW_ZERO, 0, false, true },
	{ "LOC", "Local timer interrupts", ROW_SYSVEC, LOCAL_TIMER_VECTOR, false, true },
	{ "SPU", "Spurious interrupts", ROW_SPURIOUS, 0, false, true },
	{ "PMI", "Performance monitoring interrupts", ROW_ZERO, 0, false, true },
	{ "IWI", "IRQ work interrupts", ROW_SYSVEC, IRQ_WORK_VECTOR, false, true },
	{ "RTR", "APIC ICR read retries", ROW_ZERO, 0, false, true },
	{ "RES", "Rescheduling interrupts", ROW_SYSVEC, RESCHEDULE_VECTOR, false, true },
	{ "CAL", "Function call interrupts", ROW_CALL, 0, false, true },
	{ "TLB", "TLB shootdowns", ROW_ZERO, 0, false, false },
	{ "TRM", "Thermal event interrupts", ROW_SYSVEC, THERMAL_APIC_VECTOR, false, true },
	{ "THR", "Threshold APIC interrupts", ROW_SYSVEC, THRESHOLD_APIC_VECTOR, false, true },
	{ "DFR", "Deferred Error APIC interrupts", ROW_SYSVEC, DEFERRED_ERROR_VECTOR, false,
	  false },
	{ "MCE", "Machine check exceptions", ROW_ZERO, 0, false, true },
	{ "MCP", "Machine check polls", ROW_ZERO, 0, false, true },
	{ "HYP", "Hypervisor callback interrupts", ROW_SYSVEC, HYPERVISOR_CALLBACK_VECTOR,
	  true, true },
	{ "HRE", "Hyper-V reenlightenment interrupts", ROW_SYSVEC,
	  HYPERV_REENLIGHTENMENT_VECTOR, true, true },
	{ "HVS", "Hyper-V stimer0 interrupts", ROW_SYSVEC, HYPERV_STIMER0_VECTOR, true, true },
};

static const struct x86_row x86_rows_tail[] = {
	{ "PIN", "Posted-interrupt notification event", ROW_SYSVEC, POSTED_INTR_VECTOR, false,
	  false },
	{ "NPI", "Nested posted-interrupt event", ROW_SYSVEC, POSTED_INTR_NESTED_VECTOR, false,
	  false },
	{ "PIW", "Posted-interrupt wakeup event", ROW_SYSVEC, POSTED_INTR_WAKEUP_VECTOR, false,
	  false },
};

/* What irqlab_proc_arch_row() passes to the count callback. */
struct x86_row_arg {
	struct irqlab_machine *m;
	const struct x86_row *row;
};

static unsigned int x86_row_count(struct irqlab_machine *m, const struct x86_row *row,
				  unsigned int cpu)
{
	switch (row->src) {
	case ROW_SYSVEC:
		return irqlab_x86_sysvec_count(m, cpu, row->vector);
	case ROW_CALL:
		return irqlab_x86_sysvec_count(m, cpu, CALL_FUNCTION_VECTOR) +
		       irqlab_x86_sysvec_count(m, cpu, CALL_FUNCTION_SINGLE_VECTOR);
	case ROW_SPURIOUS:
		return irqlab_x86_spurious_count(m, cpu);
	default:
		return 0;
	}
}

static unsigned int x86_row_cpu(unsigned int cpu, void *arg)
{
	const struct x86_row_arg *a = arg;

	return x86_row_count(a->m, a->row, cpu);
}

static bool x86_row_shown(struct irqlab_machine *m, const struct x86_row *row)
{
	return !row->hyperv || m->cfg.platform == IRQLAB_PLATFORM_HYPERV;
}

static void x86_show_rows(struct irqlab_machine *m, struct seq_file *p, int prec,
			  const struct x86_row *rows, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct x86_row_arg a = { .m = m, .row = &rows[i] };

		if (x86_row_shown(m, &rows[i]))
			irqlab_proc_arch_row(m, p, prec, rows[i].sym, x86_row_cpu, &a,
					     rows[i].text);
	}
}

/* arch_show_interrupts() */
static void x86_show_interrupts(struct irqlab_machine *m, struct seq_file *p, int prec,
				void *ctx)
{
	x86_show_rows(m, p, prec, x86_rows_head, ARRAY_SIZE(x86_rows_head));
	irqlab_proc_arch_total(p, prec, "ERR", irqlab_x86_irq_err_count(m));
	irqlab_proc_arch_total(p, prec, "MIS", irqlab_x86_irq_mis_count(m));
	x86_show_rows(m, p, prec, x86_rows_tail, ARRAY_SIZE(x86_rows_tail));
}

/* arch_irq_stat_cpu(): the rows the kernel adds up (not TLB, DFR, PIN...). */
static unsigned long long x86_irq_stat_cpu(struct irqlab_machine *m, unsigned int cpu,
					   void *ctx)
{
	unsigned long long sum = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(x86_rows_head); i++)
		if (x86_rows_head[i].stat && x86_row_shown(m, &x86_rows_head[i]))
			sum += x86_row_count(m, &x86_rows_head[i], cpu);
	return sum;
}

/* arch_irq_stat(): only ERR (MIS is not counted). */
static unsigned long long x86_irq_stat(struct irqlab_machine *m, void *ctx)
{
	return irqlab_x86_irq_err_count(m);
}

static const struct irqlab_proc_arch_ops x86_proc_arch_ops = {
	.show = x86_show_interrupts,
	.stat_cpu = x86_irq_stat_cpu,
	.stat = x86_irq_stat,
};

/**
 * x86_proc_init() - add the x86 rows to /proc/interrupts and the x86
 * counts to /proc/stat of a machine.
 * @m: the machine being built.
 *
 * The registration lives as long as the machine's file tree.
 *
 * Context: x86 platform init.
 * Return: 0 or -ENOMEM.
 */
int x86_proc_init(struct irqlab_machine *m)
{
	return irqlab_proc_register_arch(m, &x86_proc_arch_ops, NULL);
}
