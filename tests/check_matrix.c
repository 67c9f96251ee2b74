// SPDX-License-Identifier: MIT
/*
 * The vector matrix allocator (irqcore/matrix.c): every API call against
 * hand-computed expectations (chosen CPU and bit, tie rules, counters,
 * errno, WARNs and their text, rollback, the debugfs table), then a
 * differential test of >= 1,000,000 random operations against the linear
 * reference allocator (tests/helpers/matrix_ref.c) on 4 to 8192 CPUs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "internals.h"
#include "irqlab/x86_vectors.h"
#include "matrix_ref.h"

/* x86: 0x20..0xeb, 204 vectors per CPU. */
#define X86_SIZE (FIRST_SYSTEM_VECTOR - FIRST_EXTERNAL_VECTOR)

static struct irq_matrix *x86_matrix(void)
{
	struct irq_matrix *m = irq_alloc_matrix(NR_VECTORS, FIRST_EXTERNAL_VECTOR,
						FIRST_SYSTEM_VECTOR);

	ck_assert_ptr_nonnull(m);
	return m;
}

static void online_all(struct irq_matrix *m, unsigned int n)
{
	unsigned int cpu;

	for (cpu = 0; cpu < n; cpu++)
		irqlab_matrix_online_cpu(m, cpu);
}

/* A mask of the current machine from a CPU list ("" for empty). */
static struct cpumask *mk(const char *list)
{
	cpumask_var_t msk;

	ck_assert(zalloc_cpumask_var(&msk, GFP_KERNEL));
	if (*list)
		ck_assert_int_eq(cpulist_parse(list, msk), 0);
	return msk;
}

static struct irqlab_matrix_stats gstats(const struct irq_matrix *m)
{
	struct irqlab_matrix_stats st;

	irqlab_matrix_get_stats(m, &st);
	return st;
}

static struct irqlab_matrix_cpu_stats cstats(const struct irq_matrix *m, unsigned int cpu)
{
	struct irqlab_matrix_cpu_stats st;

	ck_assert_int_eq(irqlab_matrix_get_cpu_stats(m, cpu, &st), 0);
	return st;
}

#define ck_cpu(m, cpu, avl, alloc, man, mac)                                      \
	do {                                                                      \
		struct irqlab_matrix_cpu_stats __s = cstats(m, cpu);              \
		ck_assert_msg(__s.available == (avl) && __s.allocated == (alloc) && \
				      __s.managed == (man) &&                     \
				      __s.managed_allocated == (mac),             \
			      "cpu %u: avl %u alloc %u man %u mac %u, want %u %u %u %u", \
			      (unsigned int)(cpu), __s.available, __s.allocated,  \
			      __s.managed, __s.managed_allocated, (unsigned int)(avl), \
			      (unsigned int)(alloc), (unsigned int)(man),         \
			      (unsigned int)(mac));                               \
	} while (0)

#define ck_global(m, avl, rsvd, total, online)                                   \
	do {                                                                      \
		struct irqlab_matrix_stats __g = gstats(m);                       \
		ck_assert_msg(__g.global_available == (avl) &&                    \
				      __g.global_reserved == (rsvd) &&            \
				      __g.total_allocated == (total) &&           \
				      __g.online_maps == (online),                \
			      "global avl %u rsvd %u total %u online %u, want %u %u %u %u", \
			      __g.global_available, __g.global_reserved,          \
			      __g.total_allocated, __g.online_maps,               \
			      (unsigned int)(avl), (unsigned int)(rsvd),          \
			      (unsigned int)(total), (unsigned int)(online));     \
	} while (0)

/* ---- construction ---------------------------------------------------------- */

START_TEST(test_alloc_matrix_params)
{
	struct irqlab_machine *saved;
	struct irq_matrix *m;
	struct irqlab_matrix_stats st;

	ck_assert_ptr_null(irq_alloc_matrix(0, 0, 0));
	ck_assert_ptr_null(irq_alloc_matrix(IRQLAB_MATRIX_MAX_BITS + 1, 0, 1));
	ck_assert_ptr_null(irq_alloc_matrix(256, 0x30, 0x20));
	ck_assert_ptr_null(irq_alloc_matrix(256, 0x20, 257));
	saved = irqlab_machine_set_current(NULL);
	ck_assert_ptr_null(irq_alloc_matrix(256, 0x20, 0xec));
	irqlab_machine_set_current(saved);

	m = x86_matrix();
	st = gstats(m);
	ck_assert_uint_eq(st.nr_cpus, 4);
	ck_assert_uint_eq(st.matrix_bits, 256);
	ck_assert_uint_eq(st.alloc_start, 0x20);
	ck_assert_uint_eq(st.alloc_end, 0xec);
	ck_assert_uint_eq(st.alloc_size, X86_SIZE);
	ck_assert_uint_eq(st.online_maps + st.global_available + st.total_allocated, 0);
	ck_assert(!cstats(m, 3).online && !cstats(m, 3).initialized);
	irq_matrix_destroy(m);
	irq_matrix_destroy(NULL);

	/* An empty allocation range is allowed: nothing can be allocated. */
	m = irq_alloc_matrix(8, 4, 4);
	ck_assert_ptr_nonnull(m);
	irqlab_matrix_online_cpu(m, 0);
	ck_cpu(m, 0, 0, 0, 0, 0);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, cpumask_of(0)), -ENOSPC);
	ck_cpu(m, 0, 0, 0, 0, 0);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_alloc_matrix_enomem)
{
	struct irq_matrix *m = NULL;
	unsigned long n;

	for (n = 1; n < 20 && !m; n++) {
		long live = irqlab_alloc_live();

		irqlab_fail_nth_alloc(n);
		m = irq_alloc_matrix(256, 0x20, 0xec);
		if (!m) {
			ck_assert(irqlab_alloc_fault_hit());
			ck_assert_int_eq(irqlab_alloc_live(), live);
		}
	}
	irqlab_fail_nth_alloc(0);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_gt(n, 2);	/* at least one failure was exercised */
	irq_matrix_destroy(m);
}
END_TEST

/* ---- online / offline -------------------------------------------------------- */

START_TEST(test_online_offline)
{
	struct irq_matrix *m = x86_matrix();
	unsigned int warns;

	irq_matrix_assign_system(m, IA32_SYSCALL_VECTOR, false);	/* in range */
	irq_matrix_assign_system(m, 3, false);				/* below */
	ck_assert_uint_eq(gstats(m).systembits_inalloc, 1);

	irqlab_set_this_cpu(2);
	irq_matrix_online(m);
	irqlab_set_this_cpu(0);
	ck_cpu(m, 2, X86_SIZE - 1, 0, 0, 0);
	ck_assert(cstats(m, 2).online && cstats(m, 2).initialized);
	ck_global(m, X86_SIZE - 1, 0, 0, 1);

	warns = irqlab_warn_count(tm);
	irqlab_matrix_online_cpu(m, 2);				/* BUG in the kernel */
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 1);
	ck_assert_log("irqlab_matrix_online_cpu");
	ck_global(m, X86_SIZE - 1, 0, 0, 1);

	irqlab_set_this_cpu(2);
	ck_assert_uint_eq(irq_matrix_available(m, true), 0);
	irq_matrix_offline(m);
	irqlab_set_this_cpu(0);
	ck_global(m, 0, 0, 0, 0);
	ck_cpu(m, 2, X86_SIZE - 1, 0, 0, 0);	/* nothing is freed */

	irqlab_matrix_offline_cpu(m, 2);		/* already offline */
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	ck_global(m, 0, 0, 0, 0);
	irqlab_matrix_online_cpu(m, 4);			/* beyond the matrix */
	irqlab_matrix_offline_cpu(m, 4);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 4);

	/* Initialised once: a later system bit does not change the count. */
	irq_matrix_assign_system(m, 0x81, false);
	ck_assert_uint_eq(gstats(m).systembits_inalloc, 2);
	irqlab_matrix_online_cpu(m, 2);
	ck_global(m, X86_SIZE - 1, 0, 0, 1);
	irqlab_matrix_online_cpu(m, 1);
	ck_cpu(m, 1, X86_SIZE - 2, 0, 0, 0);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_online_subtracts_managed)
{
	struct irq_matrix *m = x86_matrix();
	struct cpumask *one = mk("1");

	/* Reservations made while offline count at the first online. */
	ck_assert_int_eq(irq_matrix_reserve_managed(m, one), 0);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, one), 0);
	ck_cpu(m, 1, 0, 0, 2, 0);
	ck_global(m, 0, 0, 0, 0);
	irqlab_matrix_online_cpu(m, 1);
	ck_cpu(m, 1, X86_SIZE - 2, 0, 2, 0);
	ck_global(m, X86_SIZE - 2, 0, 0, 1);
	free_cpumask_var(one);
	irq_matrix_destroy(m);
}
END_TEST

/* ---- system bits --------------------------------------------------------------- */

START_TEST(test_assign_system)
{
	struct irq_matrix *m = x86_matrix();
	unsigned int bit, warns, cpu;

	for (bit = 0; bit < FIRST_EXTERNAL_VECTOR; bit++)
		irq_matrix_assign_system(m, bit, false);
	irq_matrix_assign_system(m, IA32_SYSCALL_VECTOR, false);
	for (bit = FIRST_SYSTEM_VECTOR; bit < NR_VECTORS; bit++)
		irq_matrix_assign_system(m, bit, false);
	ck_assert_uint_eq(gstats(m).systembits_inalloc, 1);
	ck_assert(irqlab_matrix_bit_system(m, 0x80));
	ck_assert(!irqlab_matrix_bit_system(m, 0x81));
	ck_assert(!irqlab_matrix_bit_system(m, 256));

	/* Boot CPU online: replace a vector it allocated (ISA cascade style). */
	irqlab_matrix_online_cpu(m, 0);
	irq_matrix_assign(m, ISA_IRQ_VECTOR(2));
	ck_cpu(m, 0, X86_SIZE - 2, 1, 0, 0);
	irq_matrix_assign_system(m, ISA_IRQ_VECTOR(2), true);
	ck_assert(irqlab_matrix_bit_system(m, 0x32));
	ck_assert(!irqlab_matrix_bit_allocated(m, 0, 0x32));
	/* allocated and total drop; available does not come back. */
	ck_cpu(m, 0, X86_SIZE - 2, 0, 0, 0);
	ck_global(m, X86_SIZE - 2, 0, 0, 1);
	ck_assert_uint_eq(gstats(m).systembits_inalloc, 2);

	/* The kernel's BUG()s: WARN and nothing changes. */
	warns = irqlab_warn_count(tm);
	irq_matrix_assign_system(m, 0x40, false);	/* online without replace */
	irq_matrix_assign_system(m, 0x41, true);	/* nothing to replace */
	irq_matrix_assign_system(m, 256, false);	/* beyond the map */
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 3);
	ck_assert_log("irq_matrix_assign_system");
	ck_assert(!irqlab_matrix_bit_system(m, 0x40) && !irqlab_matrix_bit_system(m, 0x41));
	irqlab_matrix_online_cpu(m, 1);
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(1), false, &cpu), 0x20);
	irqlab_set_this_cpu(1);
	irq_matrix_assign_system(m, 0x20, true);	/* two maps online */
	irqlab_set_this_cpu(0);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 4);
	ck_assert(irqlab_matrix_bit_allocated(m, 1, 0x20));
	ck_assert_uint_eq(gstats(m).systembits_inalloc, 2);

	/* Allocation skips the system bits 0x32 and 0x80. */
	for (bit = 0; bit < 0x12; bit++)
		ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(0), false, &cpu),
				 0x20 + (int)bit);
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(0), false, &cpu), 0x33);
	irq_matrix_destroy(m);
}
END_TEST

/* ---- regular allocation --------------------------------------------------------- */

START_TEST(test_alloc_most_available_lowest)
{
	struct irq_matrix *m = x86_matrix();
	struct cpumask *all = mk("0-3"), *hi = mk("2-3");
	unsigned int cpu = 99, i;

	online_all(m, 4);
	/* All equal: CPU 0; then the others, which now have more. */
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(irq_matrix_alloc(m, all, false, &cpu), 0x20);
		ck_assert_uint_eq(cpu, i);
	}
	ck_assert_int_eq(irq_matrix_alloc(m, all, false, &cpu), 0x21);
	ck_assert_uint_eq(cpu, 0);
	ck_cpu(m, 0, X86_SIZE - 2, 2, 0, 0);
	ck_cpu(m, 3, X86_SIZE - 1, 1, 0, 0);
	ck_global(m, 4 * X86_SIZE - 5, 0, 5, 4);
	ck_assert(irqlab_matrix_bit_allocated(m, 0, 0x21));
	/* Most available wins over a lower id. */
	ck_assert_int_eq(irq_matrix_alloc(m, all, false, &cpu), 0x21);
	ck_assert_uint_eq(cpu, 1);
	ck_assert_int_eq(irq_matrix_alloc(m, hi, false, &cpu), 0x21);
	ck_assert_uint_eq(cpu, 2);
	ck_assert_int_eq(irq_matrix_alloc(m, hi, false, &cpu), 0x21);
	ck_assert_uint_eq(cpu, 3);
	/* A freed hole is reused first-fit. */
	irq_matrix_free(m, 3, 0x20, false);
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(3), false, &cpu), 0x20);
	free_cpumask_var(all);
	free_cpumask_var(hi);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_alloc_errors)
{
	struct irq_matrix *m = x86_matrix();
	struct cpumask *none = mk(""), *all = mk("0-3");
	struct cpumask *wide = irqlab_cpumask_alloc(200), *narrow = irqlab_cpumask_alloc(2);
	unsigned int cpu = 77;

	ck_assert_int_eq(irq_matrix_alloc(m, none, false, &cpu), -EINVAL);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, none, &cpu), -EINVAL);
	/* No CPU online. */
	ck_assert_int_eq(irq_matrix_alloc(m, all, false, &cpu), -ENOSPC);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, all, &cpu), -ENOSPC);
	ck_assert_uint_eq(cpu, 77);
	irqlab_matrix_online_cpu(m, 2);
	irqlab_matrix_online_cpu(m, 3);
	irqlab_matrix_offline_cpu(m, 3);
	ck_assert_int_eq(irq_matrix_alloc(m, all, false, &cpu), 0x20);
	ck_assert_uint_eq(cpu, 2);			/* offline CPUs are skipped */
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(3), false, &cpu), -ENOSPC);

	/* Masks of another size: bits beyond the matrix are not CPUs of it. */
	cpumask_set_cpu(150, wide);
	ck_assert_int_eq(irq_matrix_alloc(m, wide, false, &cpu), -ENOSPC);
	cpumask_set_cpu(2, wide);
	ck_assert_int_eq(irq_matrix_alloc(m, wide, false, &cpu), 0x21);
	ck_assert_uint_eq(cpu, 2);
	cpumask_setall(narrow);
	ck_assert_int_eq(irq_matrix_alloc(m, narrow, false, &cpu), -ENOSPC);
	ck_global(m, X86_SIZE - 2, 0, 2, 1);
	/* Managed reservations ignore the bits beyond the matrix too. */
	cpumask_set_cpu(10, wide);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, wide), 0);
	ck_cpu(m, 2, X86_SIZE - 3, 2, 1, 0);
	irq_matrix_remove_managed(m, wide);
	ck_cpu(m, 2, X86_SIZE - 2, 2, 0, 0);
	ck_global(m, X86_SIZE - 2, 0, 2, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
	free_cpumask_var(none);
	free_cpumask_var(all);
	kfree(wide);
	kfree(narrow);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_alloc_exhaustion)
{
	/* 3 usable bits per CPU: 2, 3 and 4; bit 3 is a system bit. */
	struct irq_matrix *m = irq_alloc_matrix(8, 2, 5);
	struct cpumask *all = mk("0-3");
	unsigned int cpu = 0, i;

	ck_assert_ptr_nonnull(m);
	irq_matrix_assign_system(m, 3, false);
	online_all(m, 4);
	ck_global(m, 8, 0, 0, 4);
	for (i = 0; i < 8; i++) {
		int bit = irq_matrix_alloc(m, all, false, &cpu);

		ck_assert_int_eq(bit, i < 4 ? 2 : 4);
		ck_assert_uint_eq(cpu, i % 4);
	}
	ck_assert_int_eq(irq_matrix_alloc(m, all, false, &cpu), -ENOSPC);
	ck_global(m, 0, 0, 8, 4);
	irq_matrix_free(m, 1, 4, false);
	ck_assert_int_eq(irq_matrix_alloc(m, all, false, &cpu), 4);
	ck_assert_uint_eq(cpu, 1);
	irq_matrix_destroy(m);
	free_cpumask_var(all);
}
END_TEST

START_TEST(test_alloc_available_without_bit)
{
	/*
	 * assign() on an offline, uninitialised CPU is overwritten by the
	 * first online: available says 1 but the only bit is taken.  The
	 * kernel picks the CPU, finds no bit and fails with -ENOSPC.
	 */
	struct irq_matrix *m = irq_alloc_matrix(4, 1, 2);
	unsigned int cpu = 9;

	ck_assert_ptr_nonnull(m);
	irqlab_set_this_cpu(1);
	irq_matrix_assign(m, 1);
	irq_matrix_online(m);
	irqlab_set_this_cpu(0);
	ck_cpu(m, 1, 1, 1, 0, 0);
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(1), false, &cpu), -ENOSPC);
	ck_assert_uint_eq(cpu, 9);
	ck_cpu(m, 1, 1, 1, 0, 0);
	irq_matrix_destroy(m);
}
END_TEST

/* ---- reservations ------------------------------------------------------------------ */

START_TEST(test_reserve)
{
	struct irq_matrix *m = irq_alloc_matrix(8, 0, 2);
	struct cpumask *all = mk("0-3");
	unsigned int cpu;

	ck_assert_ptr_nonnull(m);
	/* Nothing available: the kernel warns and reserves anyway. */
	irq_matrix_reserve(m);
	ck_assert_log("Interrupt reservation exceeds available resources");
	ck_assert_uint_eq(irq_matrix_reserved(m), 1);
	irq_matrix_remove_reserved(m);
	ck_assert_uint_eq(irq_matrix_reserved(m), 0);
	irqlab_log_clear(tm);

	irqlab_matrix_online_cpu(m, 0);			/* 2 available */
	irq_matrix_reserve(m);
	irq_matrix_reserve(m);
	ck_assert_no_log("Interrupt reservation exceeds");
	irq_matrix_reserve(m);
	ck_assert_log("Interrupt reservation exceeds available resources");
	ck_assert_uint_eq(irq_matrix_reserved(m), 3);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);	/* pr_warn, not WARN */

	/* A reserved allocation consumes a reservation. */
	ck_assert_int_eq(irq_matrix_alloc(m, all, true, &cpu), 0);
	ck_global(m, 1, 2, 1, 1);
	ck_assert_int_eq(irq_matrix_alloc(m, all, false, &cpu), 1);
	ck_global(m, 0, 2, 2, 1);
	ck_assert_uint_eq(irq_matrix_available(m, false), 0);
	free_cpumask_var(all);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_reserve_managed)
{
	struct irq_matrix *m = x86_matrix();
	struct cpumask *msk = mk("0-1"), *none = mk("");
	unsigned int cpu;

	irqlab_matrix_online_cpu(m, 0);
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(0), false, &cpu), 0x20);
	/* Offline CPU 1 included; the bit differs per CPU. */
	ck_assert_int_eq(irq_matrix_reserve_managed(m, msk), 0);
	ck_assert(irqlab_matrix_bit_managed(m, 0, 0x21));
	ck_assert(irqlab_matrix_bit_managed(m, 1, 0x20));
	ck_cpu(m, 0, X86_SIZE - 2, 1, 1, 0);
	ck_cpu(m, 1, 0, 0, 1, 0);
	ck_global(m, X86_SIZE - 2, 0, 1, 1);
	/* Regular allocations avoid managed bits. */
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(0), false, &cpu), 0x22);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, none), 0);
	ck_global(m, X86_SIZE - 3, 0, 2, 1);
	free_cpumask_var(msk);
	free_cpumask_var(none);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_reserve_managed_rollback)
{
	/* 4 usable bits per CPU: 2..5. */
	struct irq_matrix *m = irq_alloc_matrix(8, 2, 6);
	struct cpumask *msk = mk("0-3");
	struct irqlab_matrix_stats before, after;
	unsigned int cpu, i;

	ck_assert_ptr_nonnull(m);
	online_all(m, 4);
	/* CPU 0: managed bits 2 and 3, neither allocated (2 was, then freed). */
	ck_assert_int_eq(irq_matrix_reserve_managed(m, cpumask_of(0)), 0);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, cpumask_of(0), &cpu), 2);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, cpumask_of(0)), 0);
	irq_matrix_free(m, 0, 2, true);
	/* CPU 2 is full. */
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(2), false, &cpu), 2 + (int)i);
	before = gstats(m);

	ck_assert_int_eq(irq_matrix_reserve_managed(m, msk), -ENOSPC);
	after = gstats(m);
	ck_assert_mem_eq(&after, &before, sizeof(before));
	ck_cpu(m, 0, 2, 0, 2, 0);
	ck_cpu(m, 1, 4, 0, 0, 0);
	ck_cpu(m, 2, 0, 4, 0, 0);
	ck_cpu(m, 3, 4, 0, 0, 0);
	ck_assert(!irqlab_matrix_bit_managed(m, 1, 2));
	ck_assert(!irqlab_matrix_bit_managed(m, 3, 2));
	/*
	 * The kernel undoes CPU 0 with irq_matrix_remove_managed(), which
	 * releases its lowest unallocated managed bit (2), not the bit just
	 * reserved (4): the counts are restored, the positions are {3, 4}.
	 */
	ck_assert(!irqlab_matrix_bit_managed(m, 0, 2));
	ck_assert(irqlab_matrix_bit_managed(m, 0, 3));
	ck_assert(irqlab_matrix_bit_managed(m, 0, 4));
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
	free_cpumask_var(msk);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_remove_managed)
{
	struct irq_matrix *m = x86_matrix();
	struct cpumask *msk = mk("0-1");
	unsigned int cpu, warns;

	online_all(m, 4);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, msk), 0);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, msk), 0);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, cpumask_of(0), &cpu), 0x20);
	irq_matrix_remove_managed(m, msk);
	/* CPU 0 keeps the allocated 0x20 and loses 0x21; CPU 1 loses 0x20. */
	ck_assert(irqlab_matrix_bit_managed(m, 0, 0x20));
	ck_assert(!irqlab_matrix_bit_managed(m, 0, 0x21));
	ck_assert(!irqlab_matrix_bit_managed(m, 1, 0x20));
	ck_assert(irqlab_matrix_bit_managed(m, 1, 0x21));
	ck_cpu(m, 0, X86_SIZE - 1, 1, 1, 1);
	ck_cpu(m, 1, X86_SIZE - 1, 0, 1, 0);
	ck_global(m, 4 * X86_SIZE - 2, 0, 1, 4);

	/* Managed bits all allocated (CPU 0), none at all (CPU 2): WARN, skip. */
	warns = irqlab_warn_count(tm);
	irq_matrix_remove_managed(m, cpumask_of(0));
	irq_matrix_remove_managed(m, cpumask_of(2));
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	ck_assert_log("matrix_remove_managed_cpu");
	ck_cpu(m, 0, X86_SIZE - 1, 1, 1, 1);
	ck_cpu(m, 2, X86_SIZE, 0, 0, 0);

	/* Offline CPU: available and the global count do not move. */
	irqlab_matrix_offline_cpu(m, 1);
	irq_matrix_remove_managed(m, cpumask_of(1));
	ck_cpu(m, 1, X86_SIZE - 1, 0, 0, 0);
	ck_global(m, 3 * X86_SIZE - 1, 0, 1, 3);
	free_cpumask_var(msk);
	irq_matrix_destroy(m);
}
END_TEST

/* ---- managed allocation ---------------------------------------------------------------- */

START_TEST(test_alloc_managed_tie_highest)
{
	struct irq_matrix *m = x86_matrix();
	struct cpumask *all = mk("0-3"), *lo = mk("0-1");
	unsigned int cpu = 99, i;

	online_all(m, 4);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, all), 0);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, all), 0);
	/* All at 0 managed_allocated: the highest CPU first. */
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(irq_matrix_alloc_managed(m, all, &cpu), 0x20);
		ck_assert_uint_eq(cpu, 3 - i);
	}
	ck_cpu(m, 3, X86_SIZE - 2, 1, 2, 1);
	/* available is untouched: the reservation was already counted. */
	ck_global(m, 4 * (X86_SIZE - 2), 0, 4, 4);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, all, &cpu), 0x21);
	ck_assert_uint_eq(cpu, 3);
	/* Fewest managed_allocated beats a higher id. */
	ck_assert_int_eq(irq_matrix_alloc_managed(m, all, &cpu), 0x21);
	ck_assert_uint_eq(cpu, 2);
	/* CPUs 0 and 1 have none left: -ENOSPC, nothing changes. */
	ck_assert_int_eq(irq_matrix_alloc_managed(m, lo, &cpu), 0x21);
	ck_assert_uint_eq(cpu, 1);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, lo, &cpu), 0x21);
	ck_assert_uint_eq(cpu, 0);
	cpu = 99;
	ck_assert_int_eq(irq_matrix_alloc_managed(m, lo, &cpu), -ENOSPC);
	ck_assert_uint_eq(cpu, 99);
	ck_global(m, 4 * (X86_SIZE - 2), 0, 8, 4);

	/* Free managed: managed_allocated drops, available does not grow. */
	irq_matrix_free(m, 2, 0x20, true);
	ck_cpu(m, 2, X86_SIZE - 2, 1, 2, 1);
	ck_global(m, 4 * (X86_SIZE - 2), 0, 7, 4);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, all, &cpu), 0x20);
	ck_assert_uint_eq(cpu, 2);
	free_cpumask_var(all);
	free_cpumask_var(lo);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_alloc_managed_chosen_cpu_has_none)
{
	struct irq_matrix *m = x86_matrix();
	struct cpumask *lo = mk("0-1");
	unsigned int cpu = 99;

	online_all(m, 4);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, cpumask_of(0)), 0);
	/* CPU 1 wins the tie but has no managed bit: the kernel gives up. */
	ck_assert_int_eq(irq_matrix_alloc_managed(m, lo, &cpu), -ENOSPC);
	ck_assert_uint_eq(cpu, 99);
	irqlab_matrix_offline_cpu(m, 1);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, lo, &cpu), 0x20);
	ck_assert_uint_eq(cpu, 0);
	free_cpumask_var(lo);
	irq_matrix_destroy(m);
}
END_TEST

/* ---- assign, free, queries ---------------------------------------------------------------- */

START_TEST(test_assign)
{
	struct irq_matrix *m = x86_matrix();
	unsigned int warns, cpu;

	online_all(m, 4);
	irqlab_set_this_cpu(3);
	irq_matrix_assign(m, ISA_IRQ_VECTOR(0));
	ck_cpu(m, 3, X86_SIZE - 1, 1, 0, 0);
	ck_global(m, 4 * X86_SIZE - 1, 0, 1, 4);
	ck_assert(irqlab_matrix_bit_allocated(m, 3, 0x30));
	ck_assert_uint_eq(irq_matrix_allocated(m), 1);
	ck_assert_uint_eq(irq_matrix_available(m, true), 3 * X86_SIZE);

	warns = irqlab_warn_count(tm);
	irq_matrix_assign(m, 0x30);			/* already allocated */
	irq_matrix_assign(m, 0x1f);			/* below the range */
	irq_matrix_assign(m, FIRST_SYSTEM_VECTOR);	/* at the end */
	/* Two WARN_ON_ONCE sites (range, already set): once each per machine. */
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 2);
	ck_assert_log("irq_matrix_assign");
	ck_cpu(m, 3, X86_SIZE - 1, 1, 0, 0);
	/* The tree sees the assigned CPU's lower count. */
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(3), false, &cpu), 0x20);
	irqlab_set_this_cpu(0);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_free)
{
	struct irq_matrix *m = x86_matrix();
	unsigned int cpu, warns;

	online_all(m, 2);
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(1), false, &cpu), 0x20);
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(1), false, &cpu), 0x21);
	irq_matrix_free(m, 1, 0x20, false);
	ck_cpu(m, 1, X86_SIZE - 1, 1, 0, 0);
	ck_global(m, 2 * X86_SIZE - 1, 0, 1, 2);
	ck_assert(!irqlab_matrix_bit_allocated(m, 1, 0x20));

	warns = irqlab_warn_count(tm);
	irq_matrix_free(m, 1, 0x20, false);	/* not allocated */
	irq_matrix_free(m, 1, 0x10, false);	/* out of range */
	irq_matrix_free(m, 1, 0xec, false);
	irq_matrix_free(m, 4, 0x21, false);	/* CPU beyond the matrix */
	/* WARN_ON_ONCE: the two out-of-range frees share a site. */
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 3);
	ck_assert_log("irq_matrix_free");
	ck_cpu(m, 1, X86_SIZE - 1, 1, 0, 0);
	ck_global(m, 2 * X86_SIZE - 1, 0, 1, 2);

	/*
	 * Free on an offline CPU: available grows, but neither the global
	 * available count nor total_allocated changes (kernel accounting).
	 */
	irqlab_matrix_offline_cpu(m, 1);
	irq_matrix_free(m, 1, 0x21, false);
	ck_cpu(m, 1, X86_SIZE, 0, 0, 0);
	ck_global(m, X86_SIZE, 0, 1, 1);
	irqlab_matrix_online_cpu(m, 1);
	ck_global(m, 2 * X86_SIZE, 0, 1, 2);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_queries)
{
	struct irq_matrix *m = x86_matrix();
	struct irqlab_matrix_cpu_stats st;
	unsigned int cpu, warns;

	online_all(m, 4);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, cpumask_of(1)), 0);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, cpumask_of(1), &cpu), 0x20);
	ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(1), false, &cpu), 0x21);
	irqlab_set_this_cpu(1);
	/* v6.7+: managed vectors do not count (they are not migrated). */
	ck_assert_uint_eq(irq_matrix_allocated(m), 1);
	ck_assert_uint_eq(irq_matrix_available(m, false), 4 * X86_SIZE - 2);
	ck_assert_uint_eq(irq_matrix_available(m, true), 3 * X86_SIZE);
	ck_assert_uint_eq(irqlab_matrix_cpu_available(m, 1), X86_SIZE - 2);
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(m, 1), 2);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(m, 1), 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(m, 1), 1);
	ck_assert_uint_eq(irqlab_matrix_cpu_available(m, 4), 0);
	ck_assert_uint_eq(irqlab_matrix_cpu_allocated(m, 4), 0);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed(m, 4), 0);
	ck_assert_uint_eq(irqlab_matrix_cpu_managed_allocated(m, 4), 0);
	ck_assert(!irqlab_matrix_bit_allocated(m, 4, 0x20));
	ck_assert(!irqlab_matrix_bit_allocated(m, 1, 256));
	ck_assert(!irqlab_matrix_bit_managed(m, 4, 0x20));
	ck_assert(!irqlab_matrix_bit_managed(m, 1, 256));
	ck_assert_int_eq(irqlab_matrix_get_cpu_stats(m, 4, &st), -EINVAL);
	ck_assert_uint_eq(st.available + st.allocated, 0);

	/* A local CPU beyond the matrix: WARN, neutral answers. */
	irqlab_set_this_cpu(7);
	warns = irqlab_warn_count(tm);
	ck_assert_uint_eq(irq_matrix_allocated(m), 0);
	ck_assert_uint_eq(irq_matrix_available(m, true), 4 * X86_SIZE - 2);
	ck_assert_uint_eq(irq_matrix_available(m, false), 4 * X86_SIZE - 2);
	irq_matrix_assign(m, 0x30);
	irq_matrix_assign_system(m, 0x30, false);
	irq_matrix_online(m);
	ck_assert_uint_eq(irqlab_warn_count(tm), warns + 5);
	ck_assert_log("irq_matrix: CPU 7 beyond the matrix (4 CPUs)");
	irqlab_set_this_cpu(0);
	ck_global(m, 4 * X86_SIZE - 2, 0, 2, 4);
	irq_matrix_destroy(m);
}
END_TEST

/* ---- debugfs table ----------------------------------------------------------------------------- */

START_TEST(test_debug_show)
{
	struct irq_matrix *m = x86_matrix();
	struct cpumask *all = mk("0-3");
	struct seq_file sf;
	unsigned int bit, cpu;
	static const char want[] =
		"Online bitmaps:        4\n"
		"Global available:    807\n"
		"Global reserved:       1\n"
		"Total allocated:       5\n"
		"System: 53: 0-31,128,236-255\n"
		" | CPU | avl | man | mac | act | vectors\n"
		"     0   201     0     0    2  32,48\n"
		"     1   202     0     0    1  32\n"
		"     2   202     0     0    1  32\n"
		"     3   202     1     1    1  32\n";
	static const char want_ind[] =
		"     | CPU | avl | man | mac | act | vectors\n"
		"         0   201     0     0    2  32,48\n"
		"         1   202     0     0    1  32\n"
		"         3   202     1     1    1  32\n";

	for (bit = 0; bit < FIRST_EXTERNAL_VECTOR; bit++)
		irq_matrix_assign_system(m, bit, false);
	irq_matrix_assign_system(m, IA32_SYSCALL_VECTOR, false);
	for (bit = FIRST_SYSTEM_VECTOR; bit < NR_VECTORS; bit++)
		irq_matrix_assign_system(m, bit, false);
	online_all(m, 4);
	for (bit = 0; bit < 3; bit++)
		ck_assert_int_eq(irq_matrix_alloc(m, all, false, &cpu), 0x20);
	ck_assert_int_eq(irq_matrix_reserve_managed(m, cpumask_of(3)), 0);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, all, &cpu), 0x20);
	irq_matrix_assign(m, ISA_IRQ_VECTOR(0));
	irq_matrix_reserve(m);

	seq_init(&sf);
	irq_matrix_debug_show(&sf, m, 1);
	ck_assert_str_eq(seq_text(&sf), want);
	seq_release_buf(&sf);

	/* Rows follow the machine's online CPUs; ind indents the table. */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, false), 0);
	seq_init(&sf);
	irq_matrix_debug_show(&sf, m, 5);
	ck_assert_ptr_nonnull(strstr(seq_text(&sf), want_ind));
	seq_release_buf(&sf);
	free_cpumask_var(all);
	irq_matrix_destroy(m);
}
END_TEST

START_TEST(test_debug_show_empty)
{
	struct irq_matrix *m = irq_alloc_matrix(16, 2, 10);
	struct seq_file sf;

	ck_assert_ptr_nonnull(m);
	irqlab_matrix_online_cpu(m, 1);
	seq_init(&sf);
	irq_matrix_debug_show(&sf, m, 0);
	/* "%*s" with width 0 still prints its one-space argument. */
	ck_assert_str_eq(seq_text(&sf),
			 "Online bitmaps:        1\n"
			 "Global available:      8\n"
			 "Global reserved:       0\n"
			 "Total allocated:       0\n"
			 "System: 0: \n"
			 " | CPU | avl | man | mac | act | vectors\n"
			 "     0     0     0     0    0  \n"
			 "     1     8     0     0    0  \n"
			 "     2     0     0     0    0  \n"
			 "     3     0     0     0    0  \n");
	seq_release_buf(&sf);
	irq_matrix_destroy(m);
}
END_TEST

/* ---- machine sizes: runs of the mask across words ------------------------------------------------- */

START_TEST(test_runs_across_words)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 200, .nr_nodes = 4 };
	struct irq_matrix *m;
	struct cpumask *msk;
	unsigned int cpu, i;

	tm_create(&cfg);
	m = irq_alloc_matrix(8, 0, 8);
	ck_assert_ptr_nonnull(m);
	online_all(m, 200);
	/* CPU 130 is the least loaded CPU of a run crossing two words. */
	for (cpu = 60; cpu < 140; cpu++)
		if (cpu != 130)
			ck_assert_int_eq(irq_matrix_alloc(m, cpumask_of(cpu), false, &i), 0);
	msk = mk("60-139");
	ck_assert_int_eq(irq_matrix_alloc(m, msk, false, &cpu), 0);
	ck_assert_uint_eq(cpu, 130);
	/* Several runs: 0 and 199 untouched, 0 wins the tie. */
	free_cpumask_var(msk);
	msk = mk("61,63-64,127-128,199,0");
	ck_assert_int_eq(irq_matrix_alloc(m, msk, false, &cpu), 0);
	ck_assert_uint_eq(cpu, 0);
	ck_assert_int_eq(irq_matrix_alloc(m, msk, false, &cpu), 0);
	ck_assert_uint_eq(cpu, 199);
	ck_assert_int_eq(irq_matrix_alloc(m, msk, false, &cpu), 1);
	ck_assert_uint_eq(cpu, 0);
	/* Managed: a run ending at the last CPU; the highest id wins. */
	free_cpumask_var(msk);
	msk = mk("190-199");
	ck_assert_int_eq(irq_matrix_reserve_managed(m, msk), 0);
	/* CPU 199 has bit 0 allocated: its managed bit is 1. */
	ck_assert_int_eq(irq_matrix_alloc_managed(m, msk, &cpu), 1);
	ck_assert_uint_eq(cpu, 199);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, msk, &cpu), 0);
	ck_assert_uint_eq(cpu, 198);
	free_cpumask_var(msk);

	/*
	 * A mask of 70 bits whose words hold stray bits beyond its size: they
	 * are not CPUs of the mask, even though CPU 75 is the least loaded.
	 */
	msk = irqlab_cpumask_alloc(70);
	ck_assert_ptr_nonnull(msk);
	msk->bits[0] = ~0UL;
	msk->bits[1] = ~0UL;
	for (i = 0; i < 200; i++)
		if (irqlab_matrix_cpu_available(m, i) == 8)
			ck_assert_int_ge(irq_matrix_alloc(m, cpumask_of(i), false, &cpu), 0);
	irq_matrix_free(m, 75, 0, false);	/* 75: the only CPU with 8 */
	ck_assert_int_eq(irq_matrix_alloc(m, cpu_possible_mask, false, &cpu), 0);
	ck_assert_uint_eq(cpu, 75);
	irq_matrix_free(m, 75, 0, false);
	ck_assert_int_ge(irq_matrix_alloc(m, msk, false, &cpu), 0);
	ck_assert_uint_lt(cpu, 70);
	msk->bits[0] = 0;	/* the stray bits alone: an empty mask */
	msk->bits[1] = ~0UL << 6;
	ck_assert_int_eq(irq_matrix_alloc(m, msk, false, &cpu), -EINVAL);
	kfree(msk);
	irq_matrix_destroy(m);
	tm_destroy();

	/* A machine of exactly 128 CPUs: the last run ends at a word end. */
	cfg = (struct irqlab_machine_config){ .nr_cpus = 128 };
	tm_create(&cfg);
	m = irq_alloc_matrix(8, 0, 8);
	ck_assert_ptr_nonnull(m);
	online_all(m, 128);
	msk = mk("100-127");
	for (i = 0; i < 28; i++) {
		ck_assert_int_eq(irq_matrix_alloc(m, msk, false, &cpu), 0);
		ck_assert_uint_eq(cpu, 100 + i);
	}
	ck_assert_int_eq(irq_matrix_reserve_managed(m, msk), 0);
	ck_assert_int_eq(irq_matrix_alloc_managed(m, msk, &cpu), 1);
	ck_assert_uint_eq(cpu, 127);
	free_cpumask_var(msk);
	irq_matrix_destroy(m);
	tm_destroy();
}
END_TEST

/* ---- differential test against the reference ------------------------------------------------------- */

struct rng {
	u64 s;
};

static u64 rnd(struct rng *r)
{
	/* splitmix64 */
	u64 z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int rndn(struct rng *r, unsigned int n)
{
	return (unsigned int)(rnd(r) % n);
}

struct held {
	unsigned int cpu, bit;
	bool managed;
};

struct diff {
	struct rng r;
	unsigned int cpus, nodes;
	struct irq_matrix *m;
	struct ref_irq_matrix *ref;
	struct cpumask *online;	/* the matrix's online maps, kept by the test */
	struct cpumask *msk;
	struct held *held;
	unsigned int nheld, cap;
	unsigned int reserved;	/* irq_matrix_reserve() not yet consumed */
	unsigned long step;
	unsigned int full_every;
	/* Outcome counts, printed so a run shows what it exercised. */
	unsigned long n_ok, n_enospc, n_einval, n_mok, n_menospc, n_rm_fail, n_warn;
};

static void diff_fail(struct diff *d, const char *what)
{
	ck_abort_msg("step %lu (%u CPUs): %s differs", d->step, d->cpus, what);
}

static void cmp_cpu(struct diff *d, unsigned int cpu, bool bits)
{
	struct irqlab_matrix_cpu_stats a, b;
	unsigned int bit;

	irqlab_matrix_get_cpu_stats(d->m, cpu, &a);
	ref_irqlab_matrix_get_cpu_stats(d->ref, cpu, &b);
	if (a.available != b.available || a.allocated != b.allocated ||
	    a.managed != b.managed || a.managed_allocated != b.managed_allocated ||
	    a.online != b.online || a.initialized != b.initialized)
		ck_abort_msg("step %lu (%u CPUs): CPU %u counters differ: avl %u/%u "
			     "alloc %u/%u man %u/%u mac %u/%u online %d/%d",
			     d->step, d->cpus, cpu, a.available, b.available, a.allocated,
			     b.allocated, a.managed, b.managed, a.managed_allocated,
			     b.managed_allocated, a.online, b.online);
	if (!bits)
		return;
	for (bit = 0; bit < gstats(d->m).matrix_bits; bit++)
		if (irqlab_matrix_bit_allocated(d->m, cpu, bit) !=
			    ref_irqlab_matrix_bit_allocated(d->ref, cpu, bit) ||
		    irqlab_matrix_bit_managed(d->m, cpu, bit) !=
			    ref_irqlab_matrix_bit_managed(d->ref, cpu, bit))
			ck_abort_msg("step %lu: CPU %u bit %u differs", d->step, cpu, bit);
}

static void cmp_global(struct diff *d)
{
	struct irqlab_matrix_stats a, b;

	irqlab_matrix_get_stats(d->m, &a);
	ref_irqlab_matrix_get_stats(d->ref, &b);
	if (memcmp(&a, &b, sizeof(a)))
		ck_abort_msg("step %lu (%u CPUs): global avl %u/%u rsvd %u/%u total %u/%u "
			     "online %u/%u sys %u/%u", d->step, d->cpus, a.global_available,
			     b.global_available, a.global_reserved, b.global_reserved,
			     a.total_allocated, b.total_allocated, a.online_maps,
			     b.online_maps, a.systembits_inalloc, b.systembits_inalloc);
}

static void cmp_all(struct diff *d, bool bits)
{
	unsigned int cpu, bit;

	cmp_global(d);
	for (cpu = 0; cpu < d->cpus; cpu++)
		cmp_cpu(d, cpu, bits);
	if (bits)
		for (bit = 0; bit < gstats(d->m).matrix_bits; bit++)
			if (irqlab_matrix_bit_system(d->m, bit) !=
			    ref_irqlab_matrix_bit_system(d->ref, bit))
				diff_fail(d, "system_map");
}

/* Counters of every CPU of @msk; the bitmaps too when the mask is small. */
static void cmp_mask_cpus(struct diff *d, const struct cpumask *msk)
{
	bool bits = cpumask_weight(msk) <= 64;
	unsigned int cpu;

	for_each_cpu(cpu, msk)
		cmp_cpu(d, cpu, bits);
}

/* Build a random mask of one of the shapes the kernel passes. */
static void random_mask(struct diff *d, int shape)
{
	struct cpumask *msk = d->msk;
	unsigned int a, b, i, nw = BITS_TO_LONGS(d->cpus);

	cpumask_clear(msk);
	switch (shape) {
	case 0:	/* all online */
		cpumask_copy(msk, d->online);
		break;
	case 1:	/* all possible */
		cpumask_setall(msk);
		break;
	case 2:	/* one node */
		cpumask_copy(msk, cpumask_of_node((int)rndn(&d->r, d->nodes)));
		break;
	case 3:	/* a contiguous range */
		a = rndn(&d->r, d->cpus);
		b = a + 1 + rndn(&d->r, d->cpus - a);
		for (i = a; i < b; i++)
			cpumask_set_cpu(i, msk);
		break;
	case 4:	/* one CPU */
		cpumask_set_cpu(rndn(&d->r, d->cpus), msk);
		break;
	case 5:	/* sparse */
		for (i = 0; i < nw; i++)
			msk->bits[i] = rnd(&d->r) & rnd(&d->r) & rnd(&d->r);
		break;
	case 6:	/* dense */
		for (i = 0; i < nw; i++)
			msk->bits[i] = rnd(&d->r) | rnd(&d->r);
		break;
	default: /* empty */
		break;
	}
	if (shape >= 5 && d->cpus % BITS_PER_LONG)
		msk->bits[nw - 1] &= (1UL << (d->cpus % BITS_PER_LONG)) - 1;
}

static int pick_shape(struct diff *d, bool small)
{
	unsigned int x = rndn(&d->r, 100);

	if (x == 0)
		return 7;
	if (small)	/* reserve/remove managed: mostly narrow masks */
		return x < 40 ? 4 : x < 70 ? 3 : x < 85 ? 2 : x < 92 ? 5 : x < 96 ? 0 : 6;
	return x < 30 ? 0 : x < 40 ? 1 : x < 55 ? 2 : x < 70 ? 3 : x < 85 ? 4 : x < 93 ? 5 : 6;
}

static void hold(struct diff *d, unsigned int cpu, unsigned int bit, bool managed)
{
	if (d->nheld == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 1024;
		d->held = realloc(d->held, d->cap * sizeof(*d->held));
		ck_assert_ptr_nonnull(d->held);
	}
	d->held[d->nheld++] = (struct held){ cpu, bit, managed };
}

#define SAME_WARN(d, ours, theirs)                                              \
	do {                                                                    \
		unsigned int __w0 = irqlab_warn_count(tm), __w1;                \
		ours;                                                           \
		__w1 = irqlab_warn_count(tm);                                   \
		theirs;                                                         \
		if (irqlab_warn_count(tm) - __w1 != __w1 - __w0)                \
			ck_abort_msg("step %lu: WARN count differs (%u vs %u)",    \
				     (d)->step, __w1 - __w0,                      \
				     irqlab_warn_count(tm) - __w1);              \
	} while (0)

static void op_alloc(struct diff *d, bool managed)
{
	unsigned int c1 = ~0u, c2 = ~0u;
	bool reserved = !managed && d->reserved && rndn(&d->r, 2);
	int r1, r2;

	random_mask(d, pick_shape(d, false));
	if (managed) {
		r1 = irq_matrix_alloc_managed(d->m, d->msk, &c1);
		r2 = ref_irq_matrix_alloc_managed(d->ref, d->msk, &c2);
	} else {
		r1 = irq_matrix_alloc(d->m, d->msk, reserved, &c1);
		r2 = ref_irq_matrix_alloc(d->ref, d->msk, reserved, &c2);
	}
	if (r1 != r2 || c1 != c2)
		ck_abort_msg("step %lu (%u CPUs): alloc%s returned %d on CPU %u, "
			     "reference %d on CPU %u", d->step, d->cpus,
			     managed ? "_managed" : "", r1, c1, r2, c2);
	if (r1 == -EINVAL)
		d->n_einval++;
	else if (r1 == -ENOSPC && managed)
		d->n_menospc++;
	else if (r1 == -ENOSPC)
		d->n_enospc++;
	else if (managed)
		d->n_mok++;
	else
		d->n_ok++;
	if (r1 >= 0) {
		hold(d, c1, (unsigned int)r1, managed);
		if (reserved)
			d->reserved--;
		cmp_cpu(d, c1, true);
	}
}

static void op_free(struct diff *d)
{
	struct held h;
	unsigned int i;

	if (!d->nheld)
		return;
	i = rndn(&d->r, d->nheld);
	h = d->held[i];
	d->held[i] = d->held[--d->nheld];
	SAME_WARN(d, irq_matrix_free(d->m, h.cpu, h.bit, h.managed),
		  ref_irq_matrix_free(d->ref, h.cpu, h.bit, h.managed));
	cmp_cpu(d, h.cpu, true);
}

static void op_managed(struct diff *d, bool reserve)
{
	unsigned int cpu;
	int r1, r2;

	random_mask(d, pick_shape(d, true));
	if (!reserve && rndn(&d->r, 20)) {
		/* Mostly remove where something can be removed. */
		for_each_cpu(cpu, d->msk)
			if (irqlab_matrix_cpu_managed(d->m, cpu) <=
			    irqlab_matrix_cpu_managed_allocated(d->m, cpu))
				cpumask_clear_cpu(cpu, d->msk);
	}
	if (reserve) {
		r1 = irq_matrix_reserve_managed(d->m, d->msk);
		r2 = ref_irq_matrix_reserve_managed(d->ref, d->msk);
		if (r1 != r2)
			ck_abort_msg("step %lu: reserve_managed %d, reference %d",
				     d->step, r1, r2);
		d->n_rm_fail += r1 == -ENOSPC;
	} else {
		SAME_WARN(d, irq_matrix_remove_managed(d->m, d->msk),
			  ref_irq_matrix_remove_managed(d->ref, d->msk));
	}
	cmp_mask_cpus(d, d->msk);
}

static void op_online(struct diff *d)
{
	unsigned int cpu = rndn(&d->r, d->cpus);
	bool on = cpumask_test_cpu(cpu, d->online);

	/* Keep most CPUs online; now and then repeat a state (WARN path). */
	if (rndn(&d->r, 50) == 0)
		on = !on;
	if (on) {
		if (rndn(&d->r, 2)) {
			irqlab_set_this_cpu(cpu);
			SAME_WARN(d, irq_matrix_offline(d->m), ref_irq_matrix_offline(d->ref));
			irqlab_set_this_cpu(0);
		} else {
			SAME_WARN(d, irqlab_matrix_offline_cpu(d->m, cpu),
				  ref_irqlab_matrix_offline_cpu(d->ref, cpu));
		}
		cpumask_clear_cpu(cpu, d->online);
	} else {
		SAME_WARN(d, irqlab_matrix_online_cpu(d->m, cpu),
			  ref_irqlab_matrix_online_cpu(d->ref, cpu));
		cpumask_set_cpu(cpu, d->online);
	}
	cmp_cpu(d, cpu, false);
}

static void op_misc(struct diff *d)
{
	struct irqlab_matrix_stats st;
	unsigned int cpu = rndn(&d->r, d->cpus), bit, x = rndn(&d->r, 10);
	bool was;

	irqlab_matrix_get_stats(d->m, &st);
	bit = rndn(&d->r, st.matrix_bits);
	irqlab_set_this_cpu(cpu);
	switch (x) {
	case 0: case 1: case 2:
		irq_matrix_reserve(d->m);
		ref_irq_matrix_reserve(d->ref);
		d->reserved++;
		break;
	case 3: case 4:
		if (d->reserved) {
			irq_matrix_remove_reserved(d->m);
			ref_irq_matrix_remove_reserved(d->ref);
			d->reserved--;
		}
		break;
	case 5: /* assign a bit on the local CPU (often a WARN) */
		was = irqlab_matrix_bit_allocated(d->m, cpu, bit);
		SAME_WARN(d, irq_matrix_assign(d->m, bit), ref_irq_matrix_assign(d->ref, bit));
		/* A managed bit assigned this way is never freed (misuse). */
		if (!was && irqlab_matrix_bit_allocated(d->m, cpu, bit) &&
		    !irqlab_matrix_bit_managed(d->m, cpu, bit))
			hold(d, cpu, bit, false);
		break;
	case 6: /* free a bit that is not allocated, or out of range: WARN */
		if (irqlab_matrix_bit_allocated(d->m, cpu, bit))
			break;
		SAME_WARN(d, irq_matrix_free(d->m, cpu, bit, false),
			  ref_irq_matrix_free(d->ref, cpu, bit, false));
		break;
	case 7: /* system bit while CPUs are online: WARN */
		SAME_WARN(d, irq_matrix_assign_system(d->m, bit, false),
			  ref_irq_matrix_assign_system(d->ref, bit, false));
		break;
	default: /* queries */
		if (irq_matrix_available(d->m, x == 8) != ref_irq_matrix_available(d->ref, x == 8) ||
		    irq_matrix_allocated(d->m) != ref_irq_matrix_allocated(d->ref) ||
		    irq_matrix_reserved(d->m) != ref_irq_matrix_reserved(d->ref))
			diff_fail(d, "query");
		break;
	}
	irqlab_set_this_cpu(0);
	cmp_cpu(d, cpu, true);
}

static void diff_setup(struct diff *d, unsigned int bits, unsigned int start, unsigned int end)
{
	unsigned int bit, cpu, i;

	d->m = irq_alloc_matrix(bits, start, end);
	d->ref = ref_irq_alloc_matrix(bits, start, end);
	ck_assert_ptr_nonnull(d->m);
	ck_assert_ptr_nonnull(d->ref);
	ck_assert(zalloc_cpumask_var(&d->online, GFP_KERNEL));
	ck_assert(zalloc_cpumask_var(&d->msk, GFP_KERNEL));

	/* System bits before any map is online, as at boot. */
	for (i = 0; i < 4 + rndn(&d->r, 8); i++) {
		bit = rndn(&d->r, bits);
		irq_matrix_assign_system(d->m, bit, false);
		ref_irq_matrix_assign_system(d->ref, bit, false);
	}
	/* Some managed reservations on offline CPUs. */
	for (i = 0; i < 3; i++) {
		random_mask(d, 3);
		ck_assert_int_eq(irq_matrix_reserve_managed(d->m, d->msk),
				 ref_irq_matrix_reserve_managed(d->ref, d->msk));
	}
	/* The boot CPU replaces one of its vectors with a system vector. */
	irq_matrix_online(d->m);
	ref_irq_matrix_online(d->ref);
	cpumask_set_cpu(0, d->online);
	bit = start + rndn(&d->r, end - start);
	SAME_WARN(d, irq_matrix_assign(d->m, bit), ref_irq_matrix_assign(d->ref, bit));
	SAME_WARN(d, irq_matrix_assign_system(d->m, bit, true),
		  ref_irq_matrix_assign_system(d->ref, bit, true));
	for (cpu = 1; cpu < d->cpus; cpu++) {
		if (rndn(&d->r, 8) == 0)
			continue;	/* some CPUs start offline */
		irqlab_matrix_online_cpu(d->m, cpu);
		ref_irqlab_matrix_online_cpu(d->ref, cpu);
		cpumask_set_cpu(cpu, d->online);
	}
	cmp_all(d, true);
}

static void diff_teardown(struct diff *d)
{
	struct seq_file a, b;

	cmp_all(d, true);
	seq_init(&a);
	seq_init(&b);
	irq_matrix_debug_show(&a, d->m, 4);
	ref_irq_matrix_debug_show(&b, d->ref, 4);
	ck_assert_str_eq(seq_text(&a), seq_text(&b));
	seq_release_buf(&a);
	seq_release_buf(&b);
	irq_matrix_destroy(d->m);
	ref_irq_matrix_destroy(d->ref);
	free_cpumask_var(d->online);
	free_cpumask_var(d->msk);
	free(d->held);
}

static void run_diff(unsigned int cpus, unsigned int nodes, unsigned int bits,
		     unsigned int start, unsigned int end, unsigned long ops, u64 seed)
{
	struct irqlab_machine_config cfg = { .nr_cpus = cpus, .nr_nodes = nodes };
	struct diff d = { .r = { seed }, .cpus = cpus, .nodes = nodes };
	unsigned long phase_len = 5000;

	/* Full per-CPU comparisons every step on small machines. */
	d.full_every = cpus <= 64 ? 1 : cpus <= 512 ? 8 : 256;
	tm_create(&cfg);
	diff_setup(&d, bits, start, end);
	for (d.step = 0; d.step < ops; d.step++) {
		/* Alternate filling and draining phases to reach exhaustion. */
		bool filling = (d.step / phase_len) % 2 == 0;
		unsigned int x = rndn(&d.r, 100);

		if (x < (filling ? 40u : 20u))
			op_alloc(&d, false);
		else if (x < (filling ? 52u : 30u))
			op_alloc(&d, true);
		else if (x < 70)
			op_free(&d);
		else if (x < 78)
			op_managed(&d, true);
		else if (x < 85)
			op_managed(&d, false);
		else if (x < 89)
			op_online(&d);
		else
			op_misc(&d);
		cmp_global(&d);
		if (d.step % d.full_every == 0)
			cmp_all(&d, false);
		if (d.step % (cpus <= 64 ? 512 : 8192) == 0)
			cmp_all(&d, true);
		if (d.step % 1024 == 0)
			irqlab_log_clear(tm);
	}
	d.n_warn = irqlab_warn_count(tm);
	printf("check_matrix:   alloc ok %lu enospc %lu, alloc_managed ok %lu enospc %lu, "
	       "einval %lu, reserve_managed enospc %lu, WARNs %lu (same in both)\n",
	       d.n_ok, d.n_enospc, d.n_mok, d.n_menospc, d.n_einval, d.n_rm_fail,
	       d.n_warn);
	diff_teardown(&d);
	tm_destroy();
}

static u64 diff_seed(void)
{
	const char *s = getenv("IRQLAB_MATRIX_SEED");

	return s ? strtoull(s, NULL, 0) : 0x5eed2025ULL;
}

static unsigned long diff_ops(unsigned long n)
{
	/* Memcheck runs 50x fewer operations so it stays fast. */
	return getenv("IRQLAB_UNDER_VALGRIND") ? n / 50 : n;
}

/*
 * 1,150,000 operations in total: 4 CPUs (x86 matrix and a tiny one that
 * runs out often), 64, 512 and 8192 CPUs, and 1 and 200 CPUs with odd
 * matrix sizes (130 bits: three words per map).
 */
static const struct {
	unsigned int cpus, nodes, bits, start, end;
	unsigned long ops;
} diff_cfgs[] = {
	{ 4, 1, NR_VECTORS, FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR, 200000 },
	{ 4, 2, 24, 3, 19, 150000 },
	{ 64, 2, NR_VECTORS, FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR, 250000 },
	{ 512, 8, 64, 2, 40, 300000 },
	{ 8192, 128, NR_VECTORS, FIRST_EXTERNAL_VECTOR, FIRST_SYSTEM_VECTOR, 100000 },
	/* Sizes that are not powers of two, nor multiples of 64. */
	{ 1, 1, 64, 2, 60, 50000 },
	{ 200, 3, 130, 1, 129, 100000 },
};

START_TEST(test_differential)
{
	u64 seed = diff_seed() + (u64)_i;
	unsigned long ops = diff_ops(diff_cfgs[_i].ops);

	printf("check_matrix: differential %u CPUs, %lu ops, seed 0x%llx "
	       "(IRQLAB_MATRIX_SEED=0x%llx)\n", diff_cfgs[_i].cpus, ops,
	       (unsigned long long)seed, (unsigned long long)diff_seed());
	fflush(stdout);
	run_diff(diff_cfgs[_i].cpus, diff_cfgs[_i].nodes, diff_cfgs[_i].bits,
		 diff_cfgs[_i].start, diff_cfgs[_i].end, ops, seed);
}
END_TEST

static Suite *matrix_suite(void)
{
	Suite *s = suite_create("matrix");
	TCase *tc = tcase_create("api");
	TCase *td = tcase_create("differential");

	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_alloc_matrix_params);
	tcase_add_test(tc, test_alloc_matrix_enomem);
	tcase_add_test(tc, test_online_offline);
	tcase_add_test(tc, test_online_subtracts_managed);
	tcase_add_test(tc, test_assign_system);
	tcase_add_test(tc, test_alloc_most_available_lowest);
	tcase_add_test(tc, test_alloc_errors);
	tcase_add_test(tc, test_alloc_exhaustion);
	tcase_add_test(tc, test_alloc_available_without_bit);
	tcase_add_test(tc, test_reserve);
	tcase_add_test(tc, test_reserve_managed);
	tcase_add_test(tc, test_reserve_managed_rollback);
	tcase_add_test(tc, test_remove_managed);
	tcase_add_test(tc, test_alloc_managed_tie_highest);
	tcase_add_test(tc, test_alloc_managed_chosen_cpu_has_none);
	tcase_add_test(tc, test_assign);
	tcase_add_test(tc, test_free);
	tcase_add_test(tc, test_queries);
	tcase_add_test(tc, test_debug_show);
	tcase_add_test(tc, test_debug_show_empty);
	suite_add_tcase(s, tc);

	/* These create their own machines. */
	tcase_add_test(td, test_runs_across_words);
	tcase_add_loop_test(td, test_differential, 0, (int)ARRAY_SIZE(diff_cfgs));
	tcase_set_timeout(td, 120);
	suite_add_tcase(s, td);
	return s;
}

int main(void)
{
	return tm_run_suite(matrix_suite());
}
