// SPDX-License-Identifier: MIT
/* The radix tree behind the descriptor table and revmap trees. */
#include <stdlib.h>

#include "fixture.h"
#include "internals.h"

static void *val(unsigned long k)
{
	return (void *)(k * 2 + 1);
}

START_TEST(test_basic)
{
	struct irqlab_radix r;
	unsigned long k;

	irqlab_radix_init(&r);
	ck_assert_ptr_null(irqlab_radix_lookup(&r, 0));
	k = 0;
	ck_assert_ptr_null(irqlab_radix_next(&r, &k));
	ck_assert_int_eq(irqlab_radix_insert(&r, 5, val(5)), 0);
	ck_assert_int_eq(irqlab_radix_insert(&r, 5, val(5)), -EEXIST);
	ck_assert_int_eq(irqlab_radix_insert(&r, 6, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_radix_insert(&r, ~0UL, val(9)), 0);
	ck_assert_int_eq(irqlab_radix_insert(&r, 1UL << 40, val(7)), 0);
	ck_assert_ptr_eq(irqlab_radix_lookup(&r, 5), val(5));
	ck_assert_ptr_eq(irqlab_radix_lookup(&r, ~0UL), val(9));
	ck_assert_ptr_null(irqlab_radix_lookup(&r, 4));
	k = 6;
	ck_assert_ptr_eq(irqlab_radix_next(&r, &k), val(7));
	ck_assert_uint_eq(k, 1UL << 40);
	k++;
	ck_assert_ptr_eq(irqlab_radix_next(&r, &k), val(9));
	ck_assert_uint_eq(k, ~0UL);
	ck_assert_ptr_eq(irqlab_radix_delete(&r, 5), val(5));
	ck_assert_ptr_null(irqlab_radix_delete(&r, 5));
	ck_assert_ptr_null(irqlab_radix_delete(&r, 1UL << 41));
	ck_assert_ptr_eq(irqlab_radix_delete(&r, ~0UL), val(9));
	ck_assert_ptr_eq(irqlab_radix_delete(&r, 1UL << 40), val(7));
	ck_assert_ptr_null(r.root); /* empty tree frees every node */
	irqlab_radix_destroy(&r);
}
END_TEST

/* Random inserts and deletes against a plain array; next() too. */
START_TEST(test_random)
{
	enum { N = 5000 };
	struct irqlab_radix r;
	unsigned char *present = calloc(N, 1);
	unsigned int i;

	irqlab_radix_init(&r);
	for (i = 0; i < 40000; i++) {
		unsigned long k = irqlab_random(tm) % N;

		if (irqlab_random(tm) & 1) {
			int ret = irqlab_radix_insert(&r, k, val(k));

			ck_assert_int_eq(ret, present[k] ? -EEXIST : 0);
			present[k] = 1;
		} else {
			void *v = irqlab_radix_delete(&r, k);

			ck_assert_ptr_eq(v, present[k] ? val(k) : NULL);
			present[k] = 0;
		}
		if (i % 97 == 0) {
			unsigned long q = irqlab_random(tm) % N, e = q;
			void *v;

			while (e < N && !present[e])
				e++;
			v = irqlab_radix_next(&r, &q);
			if (e == N) {
				ck_assert_ptr_null(v);
			} else {
				ck_assert_uint_eq(q, e);
				ck_assert_ptr_eq(v, val(e));
			}
		}
	}
	irqlab_radix_destroy(&r);
	free(present);
}
END_TEST

/* A failed insert leaves the tree as it was. */
START_TEST(test_enomem)
{
	struct irqlab_radix r;
	unsigned long n;
	int ret;

	irqlab_radix_init(&r);
	ck_assert_int_eq(irqlab_radix_insert(&r, 1, val(1)), 0);
	for (n = 1;; n++) {
		irqlab_fail_nth_alloc(n);
		ret = irqlab_radix_insert(&r, 1UL << 30, val(2));
		if (!irqlab_alloc_fault_hit())
			break;
		ck_assert_int_eq(ret, -ENOMEM);
		ck_assert_ptr_null(irqlab_radix_lookup(&r, 1UL << 30));
		ck_assert_ptr_eq(irqlab_radix_lookup(&r, 1), val(1));
	}
	ck_assert_int_eq(ret, 0);
	ck_assert_ptr_eq(irqlab_radix_lookup(&r, 1UL << 30), val(2));
	irqlab_radix_destroy(&r);
	/* From an empty tree, a failed insert leaves no node behind. */
	for (n = 1;; n++) {
		long live = irqlab_alloc_live();

		irqlab_fail_nth_alloc(n);
		ret = irqlab_radix_insert(&r, 1UL << 20, val(3));
		if (!irqlab_alloc_fault_hit())
			break;
		ck_assert_int_eq(ret, -ENOMEM);
		ck_assert_ptr_null(r.root);
		ck_assert_int_eq(irqlab_alloc_live(), live);
	}
	ck_assert_int_eq(ret, 0);
	/* A key already present: -EEXIST and no growth kept either. */
	ck_assert_int_eq(irqlab_radix_insert(&r, 1UL << 20, val(3)), -EEXIST);
	ck_assert_uint_eq(r.height, 4);
	ck_assert_ptr_eq(irqlab_radix_delete(&r, 1UL << 20), val(3));
	ck_assert_ptr_null(r.root);
	irqlab_radix_destroy(&r);
	ck_assert_ptr_null(irqlab_radix_lookup(&r, 1));
}
END_TEST

static Suite *radix_suite(void)
{
	Suite *s = suite_create("radix");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_basic);
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_enomem);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(radix_suite());
}
