// SPDX-License-Identifier: MIT
/*
 * The x86 platform seen through the file tree, byte for byte, with the
 * expected texts written from the kernel's format rules:
 * - /proc/interrupts of a 4-CPU machine with VECTOR-domain irqs (chip
 *   "APIC", hwirq == irq, "edge") and every x86 row of a distribution
 *   kernel (NMI ... PIW, ERR and MIS as totals), in the 6.16 and the 6.12
 *   column layouts, with counts of every system vector, spurious
 *   interrupts, an illegal-vector MSI (ERR), an offline CPU, and the
 *   /proc/stat "intr" total the x86 counts add to;
 * - /sys/kernel/debug/irq/domains/VECTOR (the matrix table) and
 *   /sys/kernel/debug/irq/irqs/N of VECTOR irqs (vector, target, previous
 *   vector during a move, the move/managed/reserve/cleanup flags);
 * - the trace buffer: irq_matrix_* and vector_* events of allocation,
 *   activation, moves (in process and in hard interrupt context), cleanup
 *   by the timer, managed irqs, failures, CPU hotplug and a private matrix,
 *   with irq_handler_entry/exit on the CPU that took the interrupt and the
 *   kernel's context flags.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "x86_fixture.h"

#include "irqlab/matrix.h"
#include "irqlab/trace.h"
#include "irqlab/vfs.h"

/* ---- helpers --------------------------------------------------------------- */

static char expect_buf[16384];

/* The expected text, formatted (irq numbers are whatever was allocated). */
static const char *exptext(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *exptext(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(expect_buf, sizeof(expect_buf), fmt, ap);
	va_end(ap);
	ck_assert_int_lt(n, (int)sizeof(expect_buf));
	return expect_buf;
}

/* Read @path; on a mismatch print both texts, then fail. */
static void ck_text(const char *path, const char *expect)
{
	struct seq_file s;
	bool same;

	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, path, &s), 0);
	same = !strcmp(seq_text(&s), expect);
	if (!same)
		fprintf(stderr, "%s:\n--- expected\n%s--- got\n%s---\n", path, expect,
			seq_text(&s));
	seq_release_buf(&s);
	ck_assert_msg(same, "%s differs", path);
}

/* @path must end with @tail. */
static void ck_tail(const char *path, const char *tail)
{
	struct seq_file s;
	size_t n, t = strlen(tail);
	bool same;

	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, path, &s), 0);
	n = strlen(seq_text(&s));
	same = n >= t && !strcmp(seq_text(&s) + n - t, tail);
	if (!same)
		fprintf(stderr, "%s:\n--- expected tail\n%s--- got\n%s---\n", path, tail,
			seq_text(&s));
	seq_release_buf(&s);
	ck_assert_msg(same, "%s differs", path);
}

/* @path must contain @part. */
static void ck_contains(const char *path, const char *part)
{
	struct seq_file s;
	bool found;

	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, path, &s), 0);
	found = strstr(seq_text(&s), part) != NULL;
	if (!found)
		fprintf(stderr, "%s:\n--- expected part\n%s--- got\n%s---\n", path, part,
			seq_text(&s));
	seq_release_buf(&s);
	ck_assert_msg(found, "%s lacks a part", path);
}

static char path_buf[128];

static const char *debugfs_irq(int irq)
{
	snprintf(path_buf, sizeof(path_buf), "/sys/kernel/debug/irq/irqs/%d", irq);
	return path_buf;
}

/* A requested reservation-mode irq whose affinity is @cpu. */
static int irq_on(unsigned int cpu)
{
	int irq = x86_alloc(1, NULL);

	ck_assert_int_gt(irq, 0);
	ck_assert_int_eq(irq_set_affinity((unsigned int)irq, cpumask_of(cpu)), 0);
	ck_assert_int_eq(x86_request((unsigned int)irq), 0);
	return irq;
}

static void irq_gone(int irq)
{
	x86_free((unsigned int)irq);
	irq_domain_free_irqs((unsigned int)irq, 1);
}

/* A device interrupt: the irq's message on the bus, taken by its CPU. */
static void fire(int irq, unsigned int n)
{
	while (n--) {
		x86_fire((unsigned int)irq);
		irqlab_run_until_idle(tm);
	}
}

/* @n interrupts on @vector delivered to @cpu, each taken before the next. */
static void sysvec(unsigned int cpu, unsigned int vector, unsigned int n)
{
	while (n--) {
		x86_write(x86_msi_addr(cpu), vector);
		ck_assert_uint_eq(irqlab_cpu_run(tm, cpu), 1);
	}
}

/* The x86 rows of a distribution kernel when nothing was counted. */
#define ARCH_ROWS_IDLE                                                                    \
	"NMI:          0          0          0          0   Non-maskable interrupts\n"         \
	"LOC:          0          0          0          0   Local timer interrupts\n"          \
	"SPU:          0          0          0          0   Spurious interrupts\n"             \
	"PMI:          0          0          0          0   Performance monitoring interrupts\n" \
	"IWI:          0          0          0          0   IRQ work interrupts\n"             \
	"RTR:          0          0          0          0   APIC ICR read retries\n"           \
	"RES:          0          0          0          0   Rescheduling interrupts\n"         \
	"CAL:          0          0          0          0   Function call interrupts\n"        \
	"TLB:          0          0          0          0   TLB shootdowns\n"                  \
	"TRM:          0          0          0          0   Thermal event interrupts\n"        \
	"THR:          0          0          0          0   Threshold APIC interrupts\n"       \
	"DFR:          0          0          0          0   Deferred Error APIC interrupts\n"  \
	"MCE:          0          0          0          0   Machine check exceptions\n"        \
	"MCP:          0          0          0          0   Machine check polls\n"             \
	"ERR:          0\n"                                                                    \
	"MIS:          0\n"                                                                    \
	"PIN:          0          0          0          0   Posted-interrupt notification event\n" \
	"NPI:          0          0          0          0   Nested posted-interrupt event\n"   \
	"PIW:          0          0          0          0   Posted-interrupt wakeup event\n"

#define HEADER_4 "           CPU0       CPU1       CPU2       CPU3       \n"

/* ---- /proc/interrupts ---------------------------------------------------------- */

START_TEST(test_interrupts_two_irqs)
{
	int a = irq_on(1), b = irq_on(3);

	fire(a, 3);
	fire(b, 5);
	ck_assert_uint_eq(x86_hits[a], 3);
	ck_assert_uint_eq(x86_hit_cpu[b], 3);
	/* nr_irqs 24 + 16 + 8 * 4 + 24 * 16 = 456: a three-digit first column. */
	ck_text("/proc/interrupts",
		exptext(HEADER_4
		     "%3d:          0          3          0          0     APIC %3d-edge      x86test\n"
		     "%3d:          0          0          0          5     APIC %3d-edge      x86test\n"
		     ARCH_ROWS_IDLE,
		     a, a, b, b));
	irq_gone(a);
	irq_gone(b);
	/* The arch rows stay when no irq is left. */
	ck_text("/proc/interrupts", HEADER_4 ARCH_ROWS_IDLE);
}
END_TEST

/* Up to 6.12 the irq rows have their blank after each count; arch rows never changed. */
START_TEST(test_interrupts_612_layout)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = 4,
		.platform = IRQLAB_PLATFORM_X86,
		.kernel_version = KERNEL_VERSION(6, 12, 0),
	};
	int a;

	tm_destroy();
	tm_create(&cfg);
	a = irq_on(2);
	fire(a, 2);
	ck_text("/proc/interrupts",
		exptext(HEADER_4
		     "%3d:          0          0          2          0      APIC %3d-edge      x86test\n"
		     ARCH_ROWS_IDLE,
		     a, a));
	irq_gone(a);
}
END_TEST

/* Every counted row, spurious interrupts, ERR, hidden rows, an offline CPU. */
START_TEST(test_interrupts_arch_counts)
{
	unsigned long long intr = 0;
	struct seq_file s;
	const char *line;

	sysvec(0, LOCAL_TIMER_VECTOR, 2);
	sysvec(3, LOCAL_TIMER_VECTOR, 1);
	ck_assert_int_eq(irqlab_lapic_raise_spurious(tm, 1), 0);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 1);
	/* A system vector without a handler is a spurious interrupt too. */
	sysvec(2, HYPERVISOR_CALLBACK_VECTOR, 1);
	ck_assert_log("Spurious interrupt (vector 0xf3) on CPU#2. Acked");
	sysvec(1, IRQ_WORK_VECTOR, 1);
	sysvec(2, RESCHEDULE_VECTOR, 3);
	/* CAL counts both call-function vectors. */
	sysvec(3, CALL_FUNCTION_VECTOR, 1);
	sysvec(3, CALL_FUNCTION_SINGLE_VECTOR, 2);
	sysvec(0, THERMAL_APIC_VECTOR, 1);
	sysvec(1, THRESHOLD_APIC_VECTOR, 2);
	sysvec(2, DEFERRED_ERROR_VECTOR, 1);
	sysvec(3, POSTED_INTR_VECTOR, 1);
	sysvec(0, POSTED_INTR_NESTED_VECTOR, 1);
	sysvec(1, POSTED_INTR_WAKEUP_VECTOR, 1);
	/* No platform IPI callback: PLT is not shown; REBOOT has no row. */
	sysvec(0, X86_PLATFORM_IPI_VECTOR, 1);
	sysvec(0, REBOOT_VECTOR, 1);
	/* An MSI with vector 5: "received illegal vector", an APIC error. */
	x86_write(x86_msi_addr(2), 5);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 2), 1);

	ck_text("/proc/interrupts",
		HEADER_4
		"NMI:          0          0          0          0   Non-maskable interrupts\n"
		"LOC:          2          0          0          1   Local timer interrupts\n"
		"SPU:          0          1          1          0   Spurious interrupts\n"
		"PMI:          0          0          0          0   Performance monitoring interrupts\n"
		"IWI:          0          1          0          0   IRQ work interrupts\n"
		"RTR:          0          0          0          0   APIC ICR read retries\n"
		"RES:          0          0          3          0   Rescheduling interrupts\n"
		"CAL:          0          0          0          3   Function call interrupts\n"
		"TLB:          0          0          0          0   TLB shootdowns\n"
		"TRM:          1          0          0          0   Thermal event interrupts\n"
		"THR:          0          2          0          0   Threshold APIC interrupts\n"
		"DFR:          0          0          1          0   Deferred Error APIC interrupts\n"
		"MCE:          0          0          0          0   Machine check exceptions\n"
		"MCP:          0          0          0          0   Machine check polls\n"
		"ERR:          1\n"
		"MIS:          0\n"
		"PIN:          0          0          0          1   Posted-interrupt notification event\n"
		"NPI:          1          0          0          0   Nested posted-interrupt event\n"
		"PIW:          0          1          0          0   Posted-interrupt wakeup event\n");

	/*
	 * /proc/stat "intr": arch_irq_stat_cpu() of every possible CPU (LOC 3,
	 * SPU 2, IWI 1, RES 3, CAL 3, TRM 1, THR 2; not TLB, DFR, PIN, NPI,
	 * PIW nor the hidden PLT) plus arch_irq_stat() (ERR 1, not MIS).
	 */
	ck_assert_int_eq(irqlab_cpu_offline(tm, 3), 0);
	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(tm, "/proc/stat", &s), 0);
	line = strstr(seq_text(&s), "\nintr ");
	ck_assert_ptr_nonnull(line);
	ck_assert_int_eq(sscanf(line, "\nintr %llu", &intr), 1);
	seq_release_buf(&s);
	ck_assert_uint_eq(intr, 16);

	/* The offline CPU's column goes; the totals stay. */
	ck_text("/proc/interrupts",
		"           CPU0       CPU1       CPU2       \n"
		"NMI:          0          0          0   Non-maskable interrupts\n"
		"LOC:          2          0          0   Local timer interrupts\n"
		"SPU:          0          1          1   Spurious interrupts\n"
		"PMI:          0          0          0   Performance monitoring interrupts\n"
		"IWI:          0          1          0   IRQ work interrupts\n"
		"RTR:          0          0          0   APIC ICR read retries\n"
		"RES:          0          0          3   Rescheduling interrupts\n"
		"CAL:          0          0          0   Function call interrupts\n"
		"TLB:          0          0          0   TLB shootdowns\n"
		"TRM:          1          0          0   Thermal event interrupts\n"
		"THR:          0          2          0   Threshold APIC interrupts\n"
		"DFR:          0          0          1   Deferred Error APIC interrupts\n"
		"MCE:          0          0          0   Machine check exceptions\n"
		"MCP:          0          0          0   Machine check polls\n"
		"ERR:          1\n"
		"MIS:          0\n"
		"PIN:          0          0          0   Posted-interrupt notification event\n"
		"NPI:          1          0          0   Nested posted-interrupt event\n"
		"PIW:          0          1          0   Posted-interrupt wakeup event\n");
}
END_TEST

/* The acceptance case: an illegal-vector MSI next to a working irq. */
START_TEST(test_interrupts_err_illegal_vector)
{
	int a = irq_on(0);

	fire(a, 1);
	/* Vectors 0-15 are illegal: nothing is latched, the APIC reports it. */
	x86_write(x86_msi_addr(1), 0x0f);
	ck_assert(!x86_irr(1, 0x0f));
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 1);
	ck_assert_uint_eq(irqlab_x86_irq_err_count(tm), 1);
	ck_text("/proc/interrupts",
		exptext(HEADER_4
		     "%3d:          1          0          0          0     APIC %3d-edge      x86test\n"
		     "NMI:          0          0          0          0   Non-maskable interrupts\n"
		     "LOC:          0          0          0          0   Local timer interrupts\n"
		     "SPU:          0          0          0          0   Spurious interrupts\n"
		     "PMI:          0          0          0          0   Performance monitoring interrupts\n"
		     "IWI:          0          0          0          0   IRQ work interrupts\n"
		     "RTR:          0          0          0          0   APIC ICR read retries\n"
		     "RES:          0          0          0          0   Rescheduling interrupts\n"
		     "CAL:          0          0          0          0   Function call interrupts\n"
		     "TLB:          0          0          0          0   TLB shootdowns\n"
		     "TRM:          0          0          0          0   Thermal event interrupts\n"
		     "THR:          0          0          0          0   Threshold APIC interrupts\n"
		     "DFR:          0          0          0          0   Deferred Error APIC interrupts\n"
		     "MCE:          0          0          0          0   Machine check exceptions\n"
		     "MCP:          0          0          0          0   Machine check polls\n"
		     "ERR:          1\n"
		     "MIS:          0\n"
		     "PIN:          0          0          0          0   Posted-interrupt notification event\n"
		     "NPI:          0          0          0          0   Nested posted-interrupt event\n"
		     "PIW:          0          0          0          0   Posted-interrupt wakeup event\n",
		     a, a));
	irq_gone(a);
}
END_TEST

/* ---- debugfs ---------------------------------------------------------------------- */

/* The domain's flag lines (irqdomain_flags order) for the flags it has. */
static const char *domain_flag_lines(unsigned int flags)
{
	static char buf[256];

	/* HIERARCHY and NAME_ALLOCATED always; MSI_PARENT once MSI sits on top. */
	ck_assert_uint_eq(flags & ~(IRQ_DOMAIN_FLAG_HIERARCHY | IRQ_DOMAIN_NAME_ALLOCATED |
				    IRQ_DOMAIN_FLAG_MSI_PARENT),
			  0);
	ck_assert(flags & IRQ_DOMAIN_FLAG_HIERARCHY);
	ck_assert(flags & IRQ_DOMAIN_NAME_ALLOCATED);
	snprintf(buf, sizeof(buf),
		 "            IRQ_DOMAIN_FLAG_HIERARCHY\n"
		 "            IRQ_DOMAIN_NAME_ALLOCATED\n%s",
		 flags & IRQ_DOMAIN_FLAG_MSI_PARENT ? "            IRQ_DOMAIN_FLAG_MSI_PARENT\n"
						    : "");
	return buf;
}

START_TEST(test_debugfs_vector_domain)
{
	struct cpumask *msk;
	int r, a, m, f;
	char flags[256];
	unsigned int mapped = x86_vd()->mapcount;

	/* r: only a global reservation; a: requested on CPU 1. */
	r = x86_alloc(1, NULL);
	a = irq_on(1);
	/* m: managed on CPUs 2-3, started: reserved on both, allocated on 3. */
	ck_assert(zalloc_cpumask_var(&msk, GFP_KERNEL));
	cpumask_set_cpu(2, msk);
	cpumask_set_cpu(3, msk);
	m = x86_alloc_managed(msk);
	free_cpumask_var(msk);
	ck_assert_int_gt(m, 0);
	ck_assert_int_eq(x86_request((unsigned int)m), 0);
	/* f: fixed on CPU 2, past its managed bit 32. */
	f = x86_alloc(1, cpumask_of(2));
	ck_assert_int_gt(f, 0);

	snprintf(flags, sizeof(flags), "%s", domain_flag_lines(x86_vd()->flags));
	/*
	 * 204 bits in [0x20, 0xec) less the syscall gate: 203 per CPU.
	 * CPU 1: a; CPU 2: m's reservation and f; CPU 3: m's reservation,
	 * allocated.  r still holds its global reservation.
	 */
	ck_text("/sys/kernel/debug/irq/domains/VECTOR",
		exptext("name:   VECTOR\n"
		     " size:   0\n"
		     " mapped: %u\n"
		     " flags:  0x%08x\n"
		     "%s"
		     "Online bitmaps:        4\n"
		     "Global available:    808\n"
		     "Global reserved:       1\n"
		     "Total allocated:       3\n"
		     "System: 53: 0-31,128,236-255\n"
		     " | CPU | avl | man | mac | act | vectors\n"
		     "     0   203     0     0    0  \n"
		     "     1   202     0     0    1  32\n"
		     "     2   201     1     0    1  33\n"
		     "     3   202     1     1    1  32\n",
		     mapped + 4, x86_vd()->flags, flags));
	irq_domain_free_irqs((unsigned int)r, 1);
	irq_gone(a);
	irq_gone(m);
	irq_domain_free_irqs((unsigned int)f, 1);
	ck_tail("/sys/kernel/debug/irq/domains/VECTOR",
		"Online bitmaps:        4\n"
		"Global available:    812\n"
		"Global reserved:       0\n"
		"Total allocated:       0\n"
		"System: 53: 0-31,128,236-255\n"
		" | CPU | avl | man | mac | act | vectors\n"
		"     0   203     0     0    0  \n"
		"     1   203     0     0    0  \n"
		"     2   203     0     0    0  \n"
		"     3   203     0     0    0  \n");
}
END_TEST

START_TEST(test_debugfs_irq_vector)
{
	int a = irq_on(1);
	unsigned int state = IRQD_ACTIVATED | IRQD_IRQ_STARTED | IRQD_IRQ_MASKED |
			     IRQD_SINGLE_TARGET | IRQD_AFFINITY_SET |
			     IRQD_AFFINITY_ON_ACTIVATE | IRQD_CAN_RESERVE |
			     IRQD_HANDLE_ENFORCE_IRQCTX;

	/*
	 * The APIC chip has no irq_unmask, so the started irq stays marked
	 * masked, as in the kernel.
	 */
	ck_text(debugfs_irq(a),
		exptext("handler:  handle_edge_irq\n"
		     "device:   (null)\n"
		     "status:   0x00000000\n"
		     "istate:   0x00000000\n"
		     "ddepth:   0\n"
		     "wdepth:   0\n"
		     "dstate:   0x%08x\n"
		     "            IRQD_ACTIVATED\n"
		     "            IRQD_IRQ_STARTED\n"
		     "            IRQD_IRQ_MASKED\n"
		     "            IRQD_SINGLE_TARGET\n"
		     "            IRQD_AFFINITY_SET\n"
		     "            IRQD_AFFINITY_ON_ACTIVATE\n"
		     "            IRQD_CAN_RESERVE\n"
		     "            IRQD_HANDLE_ENFORCE_IRQCTX\n"
		     "node:     -1\n"
		     "affinity: 1\n"
		     "effectiv: 1\n"
		     "pending:  \n"
		     "domain:  VECTOR\n"
		     " hwirq:   0x%x\n"
		     " chip:    APIC\n"
		     "  flags:   0x0\n"
		     " Vector:    32\n"
		     " Target:     1\n"
		     " move_in_progress: 0\n"
		     " is_managed:       0\n"
		     " can_reserve:      1\n"
		     " has_reserved:     0\n"
		     " cleanup_pending:  0\n",
		     state, a));

	/* A move: the old vector stays until an interrupt arrives on the new one. */
	ck_assert_int_eq(irq_set_affinity((unsigned int)a, cpumask_of(3)), 0);
	ck_tail(debugfs_irq(a), " Vector:    32\n"
				" Target:     3\n"
				" Previous vector:    32\n"
				" Previous target:     1\n"
				" move_in_progress: 1\n"
				" is_managed:       0\n"
				" can_reserve:      1\n"
				" has_reserved:     0\n"
				" cleanup_pending:  0\n");
	/* The first interrupt on CPU 3 queues the old vector for the timer. */
	x86_fire((unsigned int)a);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 3), 1);
	ck_tail(debugfs_irq(a), " Vector:    32\n"
				" Target:     3\n"
				" Previous vector:    32\n"
				" Previous target:     1\n"
				" move_in_progress: 0\n"
				" is_managed:       0\n"
				" can_reserve:      1\n"
				" has_reserved:     0\n"
				" cleanup_pending:  1\n");
	irqlab_run_until_idle(tm);
	ck_contains(debugfs_irq(a), "affinity: 3\n"
				"effectiv: 3\n"
				"pending:  \n"
				"domain:  VECTOR\n");
	ck_tail(debugfs_irq(a), " Vector:    32\n"
				" Target:     3\n"
				" move_in_progress: 0\n"
				" is_managed:       0\n"
				" can_reserve:      1\n"
				" has_reserved:     0\n"
				" cleanup_pending:  0\n");
	/* Freed: reservation mode again, pointing at the shutdown vector. */
	x86_free((unsigned int)a);
	ck_tail(debugfs_irq(a), " Vector:     0\n"
				" Target:     3\n"
				" move_in_progress: 0\n"
				" is_managed:       0\n"
				" can_reserve:      1\n"
				" has_reserved:     1\n"
				" cleanup_pending:  0\n");
	irq_domain_free_irqs((unsigned int)a, 1);
}
END_TEST

START_TEST(test_debugfs_irq_managed)
{
	struct cpumask *msk;
	int m;

	ck_assert(zalloc_cpumask_var(&msk, GFP_KERNEL));
	cpumask_set_cpu(0, msk);
	cpumask_set_cpu(2, msk);
	m = x86_alloc_managed(msk);
	free_cpumask_var(msk);
	ck_assert_int_gt(m, 0);
	/* Not started: no vector, the hardware points at the shutdown vector. */
	ck_tail(debugfs_irq(m), " Vector:     0\n"
				" Target:     0\n"
				" move_in_progress: 0\n"
				" is_managed:       1\n"
				" can_reserve:      0\n"
				" has_reserved:     0\n"
				" cleanup_pending:  0\n");
	ck_assert_int_eq(x86_request((unsigned int)m), 0);
	/* The fewest managed vectors, ties to the highest CPU: CPU 2. */
	ck_tail(debugfs_irq(m), " Vector:    32\n"
				" Target:     2\n"
				" move_in_progress: 0\n"
				" is_managed:       1\n"
				" can_reserve:      0\n"
				" has_reserved:     0\n"
				" cleanup_pending:  0\n");
	irq_gone(m);
}
END_TEST

/* ---- trace ------------------------------------------------------------------------ */

/* The columns of one trace line: "%16s-%-7d [%03u] %s %5llu.%06llu: ". */
#define TASK(cpu, ts) "          irqlab-1       [00" cpu "] .....     " ts ": "
#define TOFF(cpu, ts) "          irqlab-1       [00" cpu "] d..1.     " ts ": "
#define HARD(cpu, ts) "          <idle>-0       [00" cpu "] d.h1.     " ts ": "

/* The trace file: header, then @body of @n events. */
static void ck_trace(unsigned int n, const char *body)
{
	static char buf[32768];

	snprintf(buf, sizeof(buf),
		 "# tracer: nop\n"
		 "#\n"
		 "# entries-in-buffer/entries-written: %u/%u   #P:%u\n"
		 "#\n"
		 "#                                _-----=> irqs-off/BH-disabled\n"
		 "#                               / _----=> need-resched\n"
		 "#                              | / _---=> hardirq/softirq\n"
		 "#                              || / _--=> preempt-depth\n"
		 "#                              ||| / _-=> migrate-disable\n"
		 "#                              |||| /     delay\n"
		 "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
		 "#              | |         |   |||||     |         |\n"
		 "%s",
		 n, n, cpumask_weight(irqlab_cpu_online_mask()), body);
	ck_text("/sys/kernel/debug/tracing/trace", buf);
}

/* Record every event from now on. */
static void trace_start(void)
{
	ck_assert_int_eq(irqlab_trace_set_event(tm, "*", true), 0);
}

/* Move the virtual clock to @us microseconds after boot. */
static void at_us(unsigned long long us)
{
	irqlab_clock_advance(tm, us * 1000 - irqlab_clock_ns(tm));
}

START_TEST(test_trace_lifecycle)
{
	int a;

	trace_start();
	at_us(1);
	a = x86_alloc(1, NULL);
	ck_assert_int_gt(a, 0);
	at_us(2);
	/* Not activated yet: only remembered (AFFINITY_ON_ACTIVATE). */
	ck_assert_int_eq(irq_set_affinity((unsigned int)a, cpumask_of(1)), 0);
	at_us(3);
	ck_assert_int_eq(x86_request((unsigned int)a), 0);
	at_us(4);
	x86_fire((unsigned int)a);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 1);
	at_us(5);
	x86_free((unsigned int)a);
	at_us(6);
	irq_domain_free_irqs((unsigned int)a, 1);

	ck_trace(19, exptext(
		/* allocation: a global reservation, the shutdown vector */
		TOFF("0", "0.000001") "irq_matrix_reserve: online_maps=4 global_avl=812, "
			"global_rsvd=1, total_alloc=0\n"
		TOFF("0", "0.000001") "vector_reserve: irq=%d ret=0\n"
		TOFF("0", "0.000001") "vector_config: irq=%d vector=239 cpu=0 apicdest=0x00000000\n"
		TASK("0", "0.000001") "vector_setup: irq=%d is_legacy=0 ret=0\n"
		/* request_irq(): activation takes a vector on the affinity */
		TOFF("0", "0.000003") "vector_activate: irq=%d is_managed=0 can_reserve=1 reserve=0\n"
		TOFF("0", "0.000003") "irq_matrix_alloc: bit=32 cpu=1 online=1 avl=202 alloc=1 "
			"managed=0 online_maps=4 global_avl=811, global_rsvd=0, total_alloc=1\n"
		TOFF("0", "0.000003") "vector_alloc: irq=%d vector=32 reserved=1 ret=0\n"
		TOFF("0", "0.000003") "vector_update: irq=%d vector=32 cpu=1 prev_vector=0 prev_cpu=0\n"
		TOFF("0", "0.000003") "vector_config: irq=%d vector=32 cpu=1 apicdest=0x00000001\n"
		/* the interrupt, on CPU 1 */
		HARD("1", "0.000004") "irq_handler_entry: irq=%d name=x86test\n"
		HARD("1", "0.000004") "irq_handler_exit: irq=%d ret=handled\n"
		/* free_irq(): deactivation gives the vector back, reserves again */
		TOFF("0", "0.000005") "vector_deactivate: irq=%d is_managed=0 can_reserve=1 reserve=0\n"
		TOFF("0", "0.000005") "vector_clear: irq=%d vector=32 cpu=1 prev_vector=0 prev_cpu=0\n"
		TOFF("0", "0.000005") "irq_matrix_free: bit=32 cpu=1 online=1 avl=203 alloc=0 "
			"managed=0 online_maps=4 global_avl=812, global_rsvd=0, total_alloc=0\n"
		TOFF("0", "0.000005") "irq_matrix_reserve: online_maps=4 global_avl=812, "
			"global_rsvd=1, total_alloc=0\n"
		TOFF("0", "0.000005") "vector_reserve: irq=%d ret=0\n"
		TOFF("0", "0.000005") "vector_config: irq=%d vector=239 cpu=0 apicdest=0x00000000\n"
		/* irq_domain_free_irqs() */
		TOFF("0", "0.000006") "vector_teardown: irq=%d is_managed=0 has_reserved=1\n"
		TOFF("0", "0.000006") "irq_matrix_remove_reserved: online_maps=4 global_avl=812, "
			"global_rsvd=0, total_alloc=0\n",
		a, a, a, a, a, a, a, a, a, a, a, a, a, a));
}
END_TEST

/*
 * A move while another is pending is parked, then done by the interrupt
 * on the new CPU (hard interrupt context, on that CPU); the old vector is
 * freed by the cleanup timer on the CPU it belonged to.
 */
START_TEST(test_trace_moves)
{
	int a = x86_alloc(1, NULL);

	ck_assert_int_gt(a, 0);
	ck_assert_int_eq(x86_request((unsigned int)a), 0);
	ck_assert_uint_eq(x86_state((unsigned int)a).cpu, 0);
	trace_start();
	at_us(1);
	ck_assert_int_eq(irq_set_affinity((unsigned int)a, cpumask_of(1)), 0);
	/* Parked: the first move has not completed. */
	ck_assert_int_eq(irq_set_affinity((unsigned int)a, cpumask_of(2)), 0);
	at_us(2);
	x86_fire((unsigned int)a);
	irqlab_run_until_idle(tm); /* the timer of CPU 0 at jiffy 1 */
	ck_assert_uint_eq(irqlab_clock_ns(tm), X86_JIFFY_NS);
	at_us(5000);
	x86_fire((unsigned int)a);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 1), 1);
	ck_assert_uint_eq(x86_state((unsigned int)a).cpu, 2);

	ck_trace(14, exptext(
		TOFF("0", "0.000001") "irq_matrix_alloc: bit=32 cpu=1 online=1 avl=202 alloc=1 "
			"managed=0 online_maps=4 global_avl=810, global_rsvd=0, total_alloc=2\n"
		TOFF("0", "0.000001") "vector_alloc: irq=%d vector=32 reserved=0 ret=0\n"
		TOFF("0", "0.000001") "vector_update: irq=%d vector=32 cpu=1 prev_vector=32 prev_cpu=0\n"
		TOFF("0", "0.000001") "vector_config: irq=%d vector=32 cpu=1 apicdest=0x00000001\n"
		/* the first interrupt on CPU 1 completes the move (no event) */
		HARD("1", "0.000002") "irq_handler_entry: irq=%d name=x86test\n"
		HARD("1", "0.000002") "irq_handler_exit: irq=%d ret=handled\n"
		/* the cleanup timer of CPU 0, one jiffy later */
		TOFF("0", "0.004000") "vector_free_moved: irq=%d cpu=0 vector=32 is_managed=0\n"
		TOFF("0", "0.004000") "irq_matrix_free: bit=32 cpu=0 online=1 avl=203 alloc=0 "
			"managed=0 online_maps=4 global_avl=811, global_rsvd=0, total_alloc=1\n"
		/* apic_ack_edge() -> irq_move_irq(): the parked move, on CPU 1 */
		HARD("1", "0.005000") "irq_matrix_alloc: bit=32 cpu=2 online=1 avl=202 alloc=1 "
			"managed=0 online_maps=4 global_avl=810, global_rsvd=0, total_alloc=2\n"
		HARD("1", "0.005000") "vector_alloc: irq=%d vector=32 reserved=0 ret=0\n"
		HARD("1", "0.005000") "vector_update: irq=%d vector=32 cpu=2 prev_vector=32 prev_cpu=1\n"
		HARD("1", "0.005000") "vector_config: irq=%d vector=32 cpu=2 apicdest=0x00000002\n"
		HARD("1", "0.005000") "irq_handler_entry: irq=%d name=x86test\n"
		HARD("1", "0.005000") "irq_handler_exit: irq=%d ret=handled\n",
		a, a, a, a, a, a, a, a, a, a, a));

	/* Freed in the middle of the move: both vectors go. */
	irqlab_trace_clear(tm);
	at_us(6000);
	irq_gone(a);
	ck_trace(9, exptext(
		TOFF("0", "0.006000") "vector_deactivate: irq=%d is_managed=0 can_reserve=1 reserve=0\n"
		TOFF("0", "0.006000") "vector_clear: irq=%d vector=32 cpu=2 prev_vector=32 prev_cpu=1\n"
		TOFF("0", "0.006000") "irq_matrix_free: bit=32 cpu=2 online=1 avl=203 alloc=0 "
			"managed=0 online_maps=4 global_avl=811, global_rsvd=0, total_alloc=1\n"
		TOFF("0", "0.006000") "irq_matrix_free: bit=32 cpu=1 online=1 avl=203 alloc=0 "
			"managed=0 online_maps=4 global_avl=812, global_rsvd=0, total_alloc=0\n"
		TOFF("0", "0.006000") "irq_matrix_reserve: online_maps=4 global_avl=812, "
			"global_rsvd=1, total_alloc=0\n"
		TOFF("0", "0.006000") "vector_reserve: irq=%d ret=0\n"
		TOFF("0", "0.006000") "vector_config: irq=%d vector=239 cpu=0 apicdest=0x00000000\n"
		TOFF("0", "0.006000") "vector_teardown: irq=%d is_managed=0 has_reserved=1\n"
		TOFF("0", "0.006000") "irq_matrix_remove_reserved: online_maps=4 global_avl=812, "
			"global_rsvd=0, total_alloc=0\n",
		a, a, a, a, a));
}
END_TEST

START_TEST(test_trace_managed)
{
	struct cpumask *msk;
	int m;

	ck_assert(zalloc_cpumask_var(&msk, GFP_KERNEL));
	cpumask_set_cpu(1, msk);
	cpumask_set_cpu(3, msk);
	trace_start();
	at_us(1);
	m = x86_alloc_managed(msk);
	free_cpumask_var(msk);
	ck_assert_int_gt(m, 0);
	at_us(2);
	ck_assert_int_eq(x86_request((unsigned int)m), 0);
	at_us(3);
	irq_gone(m);

	ck_trace(16, exptext(
		/* one managed bit on every CPU of the affinity */
		TOFF("0", "0.000001") "irq_matrix_reserve_managed: bit=32 cpu=1 online=1 avl=202 "
			"alloc=0 managed=1 online_maps=4 global_avl=811, global_rsvd=0, "
			"total_alloc=0\n"
		TOFF("0", "0.000001") "irq_matrix_reserve_managed: bit=32 cpu=3 online=1 avl=202 "
			"alloc=0 managed=1 online_maps=4 global_avl=810, global_rsvd=0, "
			"total_alloc=0\n"
		TASK("0", "0.000001") "vector_reserve_managed: irq=%d ret=0\n"
		TASK("0", "0.000001") "vector_setup: irq=%d is_legacy=0 ret=0\n"
		/* startup: the CPU with the fewest managed vectors, ties to the highest */
		TOFF("0", "0.000002") "vector_activate: irq=%d is_managed=1 can_reserve=0 reserve=0\n"
		TOFF("0", "0.000002") "irq_matrix_alloc_managed: bit=32 cpu=3 online=1 avl=202 "
			"alloc=1 managed=1 online_maps=4 global_avl=810, global_rsvd=0, "
			"total_alloc=1\n"
		TOFF("0", "0.000002") "vector_alloc_managed: irq=%d vector=32 ret=0\n"
		TOFF("0", "0.000002") "vector_update: irq=%d vector=32 cpu=3 prev_vector=0 prev_cpu=0\n"
		TOFF("0", "0.000002") "vector_config: irq=%d vector=32 cpu=3 apicdest=0x00000003\n"
		/* shutdown keeps the reservation; teardown drops it */
		TOFF("0", "0.000003") "vector_deactivate: irq=%d is_managed=1 can_reserve=0 reserve=0\n"
		TOFF("0", "0.000003") "vector_clear: irq=%d vector=32 cpu=3 prev_vector=0 prev_cpu=0\n"
		TOFF("0", "0.000003") "irq_matrix_free: bit=32 cpu=3 online=1 avl=202 alloc=0 "
			"managed=1 online_maps=4 global_avl=810, global_rsvd=0, total_alloc=0\n"
		TOFF("0", "0.000003") "vector_config: irq=%d vector=239 cpu=0 apicdest=0x00000000\n"
		TOFF("0", "0.000003") "vector_teardown: irq=%d is_managed=1 has_reserved=0\n"
		TOFF("0", "0.000003") "irq_matrix_remove_managed: bit=32 cpu=1 online=1 avl=203 "
			"alloc=0 managed=0 online_maps=4 global_avl=811, global_rsvd=0, "
			"total_alloc=0\n"
		TOFF("0", "0.000003") "irq_matrix_remove_managed: bit=32 cpu=3 online=1 avl=203 "
			"alloc=0 managed=0 online_maps=4 global_avl=812, global_rsvd=0, "
			"total_alloc=0\n",
		m, m, m, m, m, m, m, m, m, m));
}
END_TEST

/* A failed reservation is rolled back through remove_managed, as in the kernel. */
START_TEST(test_trace_managed_rollback)
{
	struct cpumask *msk;
	unsigned int v;
	int irqs[203], m;

	/* Fill CPU 2: every allocatable vector taken. */
	for (v = 0; v < 203; v++) {
		irqs[v] = x86_alloc(1, cpumask_of(2));
		ck_assert_int_gt(irqs[v], 0);
	}
	ck_assert(zalloc_cpumask_var(&msk, GFP_KERNEL));
	cpumask_set_cpu(1, msk);
	cpumask_set_cpu(2, msk);
	trace_start();
	at_us(1);
	m = x86_alloc_managed(msk);
	free_cpumask_var(msk);
	ck_assert_int_eq(m, -ENOSPC);
	ck_trace(4, exptext(
		TOFF("0", "0.000001") "irq_matrix_reserve_managed: bit=32 cpu=1 online=1 avl=202 "
			"alloc=0 managed=1 online_maps=4 global_avl=608, global_rsvd=0, "
			"total_alloc=203\n"
		TOFF("0", "0.000001") "irq_matrix_remove_managed: bit=32 cpu=1 online=1 avl=203 "
			"alloc=0 managed=0 online_maps=4 global_avl=609, global_rsvd=0, "
			"total_alloc=203\n"
		TASK("0", "0.000001") "vector_reserve_managed: irq=%d ret=-28\n"
		TASK("0", "0.000001") "vector_setup: irq=%d is_legacy=0 ret=-28\n",
		irqs[202] + 1, irqs[202] + 1));
	for (v = 0; v < 203; v++)
		irq_domain_free_irqs((unsigned int)irqs[v], 1);
}
END_TEST

/* An allocation that finds no CPU: the vector is 0, the error in ret. */
START_TEST(test_trace_alloc_failure)
{
	int probe, irq;

	probe = x86_alloc(1, NULL);
	ck_assert_int_gt(probe, 0);
	irq_domain_free_irqs((unsigned int)probe, 1);
	ck_assert_int_eq(irqlab_cpu_offline(tm, 3), 0);
	trace_start();
	at_us(1);
	irq = x86_alloc(1, cpumask_of(3));
	ck_assert_int_eq(irq, -EINVAL);
	/* probe is the lowest free number: the one the failed allocation used. */
	ck_trace(2, exptext(
		TOFF("0", "0.000001") "vector_alloc: irq=%d vector=0 reserved=0 ret=-22\n"
		TASK("0", "0.000001") "vector_setup: irq=%d is_legacy=0 ret=-22\n",
		probe, probe));
}
END_TEST

/* irq_matrix_online/offline are recorded on the CPU that goes up or down. */
START_TEST(test_trace_hotplug)
{
	trace_start();
	at_us(1);
	ck_assert_int_eq(irqlab_cpu_offline(tm, 2), 0);
	at_us(2);
	ck_assert_int_eq(irqlab_cpu_online(tm, 2), 0);
	ck_assert_uint_eq(smp_processor_id(), 0);
	ck_trace(2,
		 TOFF("2", "0.000001") "irq_matrix_offline: online_maps=3 global_avl=609, "
		 	"global_rsvd=0, total_alloc=0\n"
		 TOFF("2", "0.000002") "irq_matrix_online: online_maps=4 global_avl=812, "
		 	"global_rsvd=0, total_alloc=0\n");
}
END_TEST

/*
 * A matrix of its own: the global_update class (assign_system), assign on
 * the local CPU, and hard interrupt context.  irq_matrix_alloc_reserved
 * is declared but never emitted, as in the kernel.
 */
START_TEST(test_trace_matrix_classes)
{
	struct irq_matrix *mx = irq_alloc_matrix(16, 4, 12);
	unsigned int warns;

	ck_assert_ptr_nonnull(mx);
	trace_start();
	at_us(1);
	irq_matrix_assign_system(mx, 2, false);
	irq_matrix_assign_system(mx, 5, false);
	irq_matrix_online(mx);
	irq_matrix_assign(mx, 6);
	irqlab_matrix_online_cpu(mx, 3);
	irqlab_matrix_offline_cpu(mx, 3);
	at_us(2);
	irqlab_trace_hardirq_enter();
	irq_matrix_reserve(mx);
	irqlab_trace_hardirq_exit();
	irq_matrix_remove_reserved(mx);
	irq_matrix_free(mx, 0, 6, false);
	/* Misuse WARNs, changes nothing and records nothing. */
	warns = irqlab_warn_count(tm);
	irq_matrix_free(mx, 0, 6, false);
	irq_matrix_remove_managed(mx, cpumask_of(0));
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	ck_assert_int_eq(irqlab_trace_event_enabled(tm, "irq_matrix_alloc_reserved"), 1);
	ck_trace(9,
		 TOFF("0", "0.000001") "irq_matrix_assign_system: bit=2 online_maps=0 "
		 	"global_avl=0, global_rsvd=0, total_alloc=0\n"
		 TOFF("0", "0.000001") "irq_matrix_assign_system: bit=5 online_maps=0 "
		 	"global_avl=0, global_rsvd=0, total_alloc=0\n"
		 TOFF("0", "0.000001") "irq_matrix_online: online_maps=1 global_avl=7, "
		 	"global_rsvd=0, total_alloc=0\n"
		 TOFF("0", "0.000001") "irq_matrix_assign: bit=6 cpu=0 online=1 avl=6 alloc=1 "
		 	"managed=0 online_maps=1 global_avl=6, global_rsvd=0, total_alloc=1\n"
		 TOFF("3", "0.000001") "irq_matrix_online: online_maps=2 global_avl=13, "
		 	"global_rsvd=0, total_alloc=1\n"
		 TOFF("3", "0.000001") "irq_matrix_offline: online_maps=1 global_avl=6, "
		 	"global_rsvd=0, total_alloc=1\n"
		 HARD("0", "0.000002") "irq_matrix_reserve: online_maps=1 global_avl=6, "
		 	"global_rsvd=1, total_alloc=1\n"
		 TOFF("0", "0.000002") "irq_matrix_remove_reserved: online_maps=1 global_avl=6, "
		 	"global_rsvd=0, total_alloc=1\n"
		 TOFF("0", "0.000002") "irq_matrix_free: bit=6 cpu=0 online=1 avl=7 alloc=0 "
		 	"managed=0 online_maps=1 global_avl=7, global_rsvd=0, total_alloc=0\n");
	irq_matrix_destroy(mx);
}
END_TEST

/* Disabled events are not recorded but counted per CPU, as perf counts them. */
START_TEST(test_trace_counts_when_disabled)
{
	unsigned long long c[4];
	int a;

	irqlab_trace_reset_counts(tm);
	a = irq_on(2);
	fire(a, 2);
	ck_trace(0, "");
	ck_assert_int_eq(irqlab_trace_counts(tm, "irq_matrix_alloc", c, 4), 0);
	ck_assert_uint_eq(c[0], 1);
	ck_assert_uint_eq(c[2], 0);
	ck_assert_int_eq(irqlab_trace_counts(tm, "vector_activate", c, 4), 0);
	ck_assert_uint_eq(c[0], 1);
	ck_assert_int_eq(irqlab_trace_counts(tm, "irq_handler_entry", c, 4), 0);
	ck_assert_uint_eq(c[0], 0);
	ck_assert_uint_eq(c[2], 2);
	irq_gone(a);
	ck_assert_int_eq(irqlab_trace_counts(tm, "vector_teardown", c, 4), 0);
	ck_assert_uint_eq(c[0], 1);
}
END_TEST

static Suite *x86_proc_suite(void)
{
	Suite *s = suite_create("x86_proc");
	TCase *tc = tcase_create("proc");

	tcase_add_checked_fixture(tc, x86_setup, x86_teardown);
	tcase_add_test(tc, test_interrupts_two_irqs);
	tcase_add_test(tc, test_interrupts_612_layout);
	tcase_add_test(tc, test_interrupts_arch_counts);
	tcase_add_test(tc, test_interrupts_err_illegal_vector);
	suite_add_tcase(s, tc);

	tc = tcase_create("debugfs");
	tcase_add_checked_fixture(tc, x86_setup, x86_teardown);
	tcase_add_test(tc, test_debugfs_vector_domain);
	tcase_add_test(tc, test_debugfs_irq_vector);
	tcase_add_test(tc, test_debugfs_irq_managed);
	suite_add_tcase(s, tc);

	tc = tcase_create("trace");
	tcase_add_checked_fixture(tc, x86_setup, x86_teardown);
	tcase_add_test(tc, test_trace_lifecycle);
	tcase_add_test(tc, test_trace_moves);
	tcase_add_test(tc, test_trace_managed);
	tcase_add_test(tc, test_trace_managed_rollback);
	tcase_add_test(tc, test_trace_alloc_failure);
	tcase_add_test(tc, test_trace_hotplug);
	tcase_add_test(tc, test_trace_matrix_classes);
	tcase_add_test(tc, test_trace_counts_when_disabled);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(x86_proc_suite());
}
