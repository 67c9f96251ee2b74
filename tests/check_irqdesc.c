// SPDX-License-Identifier: MIT
/* Descriptors: sparse allocation, defaults, statistics, free-range search. */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "internals.h"

START_TEST(test_defaults)
{
	int irq = irq_alloc_descs(-1, 1, 1, 0);
	struct irq_desc *desc;
	struct irq_data *d;

	ck_assert_int_eq(irq, 1);
	desc = irq_to_desc((unsigned int)irq);
	ck_assert_ptr_nonnull(desc);
	d = irq_desc_get_irq_data(desc);
	ck_assert_uint_eq(d->irq, 1);
	ck_assert_uint_eq(irq_desc_get_irq(desc), 1);
	ck_assert_uint_eq(desc->depth, 1);
	ck_assert(irqd_irq_disabled(d));
	ck_assert(irqd_irq_masked(d));
	ck_assert(!irqd_is_started(d));
	ck_assert(!irqd_is_activated(d));
	ck_assert(!irqd_affinity_was_set(d));
	ck_assert_ptr_eq(irq_desc_get_chip(desc), &no_irq_chip);
	ck_assert_ptr_eq((void *)desc->handle_irq, (void *)handle_bad_irq);
	ck_assert_ptr_null(desc->action);
	ck_assert_int_eq(irq_data_get_node(d), 0);
	ck_assert_uint_eq(cpumask_weight(irq_data_get_affinity_mask(d)), 4);
	ck_assert(cpumask_empty(irq_data_get_effective_affinity_mask(d)));
	ck_assert_ptr_eq(irq_data_to_desc(d), desc);
	irq_free_desc((unsigned int)irq);
	ck_assert_ptr_null(irq_to_desc((unsigned int)irq));
}
END_TEST

START_TEST(test_ranges_and_exact)
{
	ck_assert_int_eq(irq_alloc_descs(-1, 1, 4, 0), 1);       /* 1-4 */
	ck_assert_int_eq(irq_alloc_descs(10, 10, 2, 0), 10);     /* 10-11 */
	ck_assert_int_eq(irq_alloc_descs(-1, 1, 5, 0), 5);       /* 5-9 fits */
	ck_assert_int_eq(irq_alloc_descs(-1, 1, 1, 0), 12);
	ck_assert_int_eq(irq_alloc_descs(10, 10, 1, 0), -EEXIST);
	ck_assert_int_eq(irq_alloc_descs(4, 5, 1, 0), -EINVAL);  /* from > irq */
	ck_assert_int_eq(irq_alloc_descs(-1, 1, 0, 0), -EINVAL);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), 12);
	irq_free_descs(2, 2);
	ck_assert_int_eq(irq_alloc_descs(-1, 1, 3, 0), 13);      /* hole too small */
	ck_assert_int_eq(irq_alloc_descs(-1, 1, 2, 0), 2);       /* fills the hole */
	ck_assert_uint_eq(irq_get_next_irq(0), 1);
	ck_assert_uint_eq(irq_get_next_irq(16), IRQLAB_MAX_IRQS);
	ck_assert_uint_eq(irq_get_next_irq(15), 15);
	/* Freeing unallocated and out-of-range irqs is harmless. */
	irq_free_descs(100, 5);
	irq_free_descs(IRQLAB_MAX_IRQS, 1);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), 15);
}
END_TEST

START_TEST(test_top_of_space)
{
	unsigned int top = IRQLAB_MAX_IRQS;
	unsigned int irq;
	unsigned int n = 0;

	ck_assert_int_eq(irq_alloc_descs((int)top - 3, 1, 3, 0), (int)top - 3);
	ck_assert_int_eq(irq_alloc_descs((int)top - 1, 1, 1, 0), -EEXIST);
	ck_assert_int_eq(irq_alloc_descs(-1, top - 2, 1, 0), -ENOMEM);
	ck_assert_int_eq(irq_alloc_descs(-1, top - 4, 2, 0), -ENOMEM);
	ck_assert_int_eq(irq_alloc_descs(-1, top - 4, 1, 0), (int)top - 4);
	for_each_active_irq(irq)
		n++;
	ck_assert_uint_eq(n, 4);
}
END_TEST

static struct cpumask *mask_of(const char *list)
{
	cpumask_var_t m;

	ck_assert(zalloc_cpumask_var(&m, GFP_KERNEL));
	ck_assert_int_eq(cpulist_parse(list, m), 0);
	return m;
}

START_TEST(test_affinity_descs)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 8, .nr_nodes = 2 };
	struct irq_affinity_desc aff[2];
	struct irq_data *d0, *d1;
	char buf[32];
	int irq;

	tm_create(&cfg);
	aff[0].mask = mask_of("5-6");
	aff[0].is_managed = 1;
	aff[1].mask = mask_of("1");
	aff[1].is_managed = 0;
	irq = __irq_alloc_descs(-1, 1, 2, 0, aff);
	ck_assert_int_eq(irq, 1);
	d0 = irq_get_irq_data(1);
	d1 = irq_get_irq_data(2);
	ck_assert(irqd_affinity_is_managed(d0));
	ck_assert(irqd_is_managed_and_shutdown(d0));
	ck_assert(irqd_affinity_was_set(d0));
	ck_assert(!irqd_affinity_is_managed(d1));
	ck_assert(irqd_affinity_was_set(d1));
	irqlab_cpumask_snprint(buf, sizeof(buf), irq_data_get_affinity_mask(d0), true);
	ck_assert_str_eq(buf, "5-6");
	ck_assert_int_eq(irq_data_get_node(d0), 1); /* node of the mask's first CPU */
	ck_assert_int_eq(irq_data_get_node(d1), 0);
	/* An empty mask is refused and nothing is allocated. */
	cpumask_clear(aff[1].mask);
	ck_assert_int_eq(__irq_alloc_descs(-1, 1, 2, 0, aff), -EINVAL);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), 2);
	free_cpumask_var(aff[0].mask);
	free_cpumask_var(aff[1].mask);
	tm_destroy();
}
END_TEST

/* Every allocation in __irq_alloc_descs can fail; nothing is left behind. */
START_TEST(test_alloc_enomem)
{
	long live = irqlab_alloc_live();
	unsigned long n;
	int ret;

	for (n = 1;; n++) {
		irqlab_fail_nth_alloc(n);
		ret = irq_alloc_descs(-1, 1, 3, 0);
		if (!irqlab_alloc_fault_hit())
			break;
		ck_assert_int_eq(ret, -ENOMEM);
		ck_assert_uint_eq(irqlab_nr_active_irqs(), 0);
		ck_assert_ptr_null(irq_to_desc(1));
		ck_assert_int_eq(irqlab_alloc_live(), live);
	}
	irqlab_fail_nth_alloc(0);
	ck_assert_int_eq(ret, 1);
	ck_assert_uint_gt(n, 6);
}
END_TEST

/* The hierarchical free-map against a plain bitmap, random operations. */
START_TEST(test_idmap_differential)
{
	struct irqlab_idmap map;
	const unsigned int nbits = 70000;
	unsigned char *ref = calloc(nbits, 1);
	unsigned int step;

	ck_assert_ptr_nonnull(ref);
	ck_assert_int_eq(irqlab_idmap_init(&map, nbits), 0);
	for (step = 0; step < 20000; step++) {
		unsigned int from = (unsigned int)(irqlab_random(tm) % nbits);
		unsigned int cnt = 1 + (unsigned int)(irqlab_random(tm) % (step % 7 ? 8 : 3000));
		int expect = -ENOSPC, got;
		unsigned int s, k;

		/* Reference: first s >= from with [s, s+cnt) free. */
		for (s = from; s + cnt <= nbits; s++) {
			for (k = 0; k < cnt && !ref[s + k]; k++)
				;
			if (k == cnt) {
				expect = (int)s;
				break;
			}
			s += k; /* skip past the blocker */
		}
		got = irqlab_idmap_find_area(&map, from, cnt);
		ck_assert_int_eq(got, expect);
		if (got >= 0 && irqlab_random(tm) % 3) {
			irqlab_idmap_set(&map, (unsigned int)got, cnt);
			memset(ref + got, 1, cnt);
		} else {
			unsigned int c = from + cnt <= nbits ? cnt : nbits - from;

			irqlab_idmap_clear(&map, from, c);
			memset(ref + from, 0, c);
		}
		ck_assert(irqlab_idmap_test(&map, from) == !!ref[from]);
	}
	ck_assert(irqlab_idmap_test(&map, nbits));
	irqlab_idmap_destroy(&map);
	free(ref);
}
END_TEST

/* A full map reports -ENOSPC; freeing one irq anywhere is found again. */
START_TEST(test_idmap_full)
{
	struct irqlab_idmap map;
	const unsigned int nbits = 1U << 20;

	ck_assert_int_eq(irqlab_idmap_init(&map, nbits), 0);
	irqlab_idmap_set(&map, 0, nbits);
	ck_assert_int_eq(irqlab_idmap_find_area(&map, 0, 1), -ENOSPC);
	irqlab_idmap_clear(&map, 777777, 1);
	ck_assert_int_eq(irqlab_idmap_find_area(&map, 0, 1), 777777);
	ck_assert_int_eq(irqlab_idmap_find_area(&map, 777778, 1), -ENOSPC);
	ck_assert_int_eq(irqlab_idmap_find_area(&map, 0, 2), -ENOSPC);
	irqlab_idmap_destroy(&map);
}
END_TEST

/* Many descriptors: the table scales to a large number of irqs. */
START_TEST(test_many_descs)
{
	unsigned int i;
	int irq;

	for (i = 0; i < 64; i++) {
		irq = irq_alloc_descs(-1, 1, 1024, NUMA_NO_NODE);
		ck_assert_int_eq(irq, (int)(1 + i * 1024));
	}
	ck_assert_uint_eq(irqlab_nr_active_irqs(), 65536);
	ck_assert_ptr_nonnull(irq_to_desc(65536));
	ck_assert_ptr_null(irq_to_desc(65537));
	irq_free_descs(1, 65536);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), 0);
}
END_TEST

START_TEST(test_kstat_sparse)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 8192 };
	struct irq_desc *desc;
	unsigned int cpu;
	int irq;

	tm_create(&cfg);
	irq = irq_alloc_descs(-1, 1, 1, 0);
	desc = irq_to_desc((unsigned int)irq);
	ck_assert_uint_eq(irqlab_kstat_bytes(desc), 0);
	/* Counting on two CPUs costs a few words, not 8192 counters. */
	irqlab_set_this_cpu(4000);
	kstat_incr_irqs_this_cpu(desc);
	kstat_incr_irqs_this_cpu(desc);
	irqlab_set_this_cpu(7);
	kstat_incr_irqs_this_cpu(desc);
	ck_assert_uint_eq(kstat_irqs_cpu((unsigned int)irq, 4000), 2);
	ck_assert_uint_eq(kstat_irqs_cpu((unsigned int)irq, 7), 1);
	ck_assert_uint_eq(kstat_irqs_cpu((unsigned int)irq, 8), 0);
	ck_assert_uint_eq(kstat_irqs_cpu((unsigned int)irq, -1), 0);
	ck_assert_uint_eq(kstat_irqs_usr((unsigned int)irq), 3);
	ck_assert_uint_le(irqlab_kstat_bytes(desc), 64);
	/* Firing everywhere switches to dense counters, keeping the counts. */
	for (cpu = 0; cpu < 8192; cpu++) {
		irqlab_set_this_cpu(cpu);
		kstat_incr_irqs_this_cpu(desc);
	}
	ck_assert_uint_eq(irqlab_kstat_bytes(desc), 8192 * sizeof(unsigned int));
	ck_assert_uint_eq(kstat_irqs_cpu((unsigned int)irq, 4000), 3);
	ck_assert_uint_eq(kstat_irqs_cpu((unsigned int)irq, 8191), 1);
	ck_assert_uint_eq(kstat_irqs_usr((unsigned int)irq), 8195);
	/* Per-CPU irqs sum the per-CPU counts. */
	irqlab_set_this_cpu(1);
	__kstat_incr_irqs_this_cpu(desc);
	desc->status_use_accessors |= IRQ_PER_CPU;
	ck_assert_uint_eq(kstat_irqs_usr((unsigned int)irq), 8196);
	ck_assert_uint_eq(kstat_irqs_cpu(99999, 1), 0);
	ck_assert_uint_eq(kstat_irqs_usr(99999), 0);
	irqlab_set_this_cpu(0);
	tm_destroy();
}
END_TEST

START_TEST(test_generic_handle_irq_bad)
{
	int irq = irq_alloc_descs(-1, 1, 1, 0);

	ck_assert_int_eq(generic_handle_irq(4242), -EINVAL);
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 9, (unsigned int)irq), -EINVAL);
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 0, 4242), -EINVAL);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, false), 0);
	ck_assert_int_eq(irqlab_handle_irq_on(tm, 2, (unsigned int)irq), -EINVAL);
}
END_TEST

START_TEST(test_desc_lock_helpers)
{
	unsigned long flags;
	struct irq_desc *desc;
	int irq = irq_alloc_descs(-1, 1, 1, 0);

	ck_assert_ptr_null(irq_get_desc_lock(777, &flags));
	desc = irq_get_desc_lock((unsigned int)irq, &flags);
	ck_assert_ptr_nonnull(desc);
	ck_assert(irqlab_lock_held(&desc->lock));
	irq_put_desc_unlock(desc, flags);
	ck_assert(!irqlab_lock_held(&desc->lock));
	desc = irq_get_desc_buslock((unsigned int)irq, &flags);
	ck_assert(irqlab_lock_held(&desc->lock));
	irq_put_desc_busunlock(desc, flags);
	ck_assert_ptr_null(irq_get_desc_buslock(777, &flags));
}
END_TEST

/* A chained handler left installed is not freed at machine teardown. */
START_TEST(test_teardown_with_chained_handler)
{
	int irq = irq_alloc_descs(-1, 1, 1, 0);

	irq_set_chip(irq, &dummy_irq_chip);
	__irq_set_handler((unsigned int)irq, handle_simple_irq, 1, NULL);
	ck_assert_ptr_nonnull(irq_to_desc((unsigned int)irq)->action);
	/* tm_teardown destroys the machine and checks nothing leaked. */
}
END_TEST

static Suite *irqdesc_suite(void)
{
	Suite *s = suite_create("irqdesc");
	TCase *tc = tcase_create("core");
	TCase *own = tcase_create("own-machine");

	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_ranges_and_exact);
	tcase_add_test(tc, test_top_of_space);
	tcase_add_test(tc, test_alloc_enomem);
	tcase_add_test(tc, test_idmap_differential);
	tcase_add_test(tc, test_idmap_full);
	tcase_add_test(tc, test_many_descs);
	tcase_add_test(tc, test_generic_handle_irq_bad);
	tcase_add_test(tc, test_desc_lock_helpers);
	tcase_add_test(tc, test_teardown_with_chained_handler);
	tcase_add_test(own, test_affinity_descs);
	tcase_add_test(own, test_kstat_sparse);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, own);
	return s;
}

int main(void)
{
	return tm_run_suite(irqdesc_suite());
}
