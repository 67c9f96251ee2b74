// SPDX-License-Identifier: MIT
/* cpumask operations and the kernel's %*pb / %*pbl formats. */
#include <string.h>

#include "fixture.h"

static struct cpumask *mk(unsigned int nbits, const char *list)
{
	struct cpumask *m = irqlab_cpumask_alloc(nbits);

	ck_assert_ptr_nonnull(m);
	if (list)
		ck_assert_int_eq(cpulist_parse(list, m), 0);
	return m;
}

static const char *fmt(const struct cpumask *m, bool list)
{
	static char buf[4096];

	irqlab_cpumask_snprint(buf, sizeof(buf), m, list);
	return buf;
}

START_TEST(test_set_test_clear)
{
	struct cpumask *m = mk(130, NULL);

	ck_assert(cpumask_empty(m));
	cpumask_set_cpu(0, m);
	cpumask_set_cpu(64, m);
	cpumask_set_cpu(129, m);
	cpumask_set_cpu(130, m); /* beyond: ignored */
	ck_assert_uint_eq(cpumask_weight(m), 3);
	ck_assert(cpumask_test_cpu(129, m));
	ck_assert(!cpumask_test_cpu(130, m));
	ck_assert(cpumask_test_and_clear_cpu(64, m));
	ck_assert(!cpumask_test_and_clear_cpu(64, m));
	ck_assert(!cpumask_test_and_set_cpu(5, m));
	ck_assert(cpumask_test_and_set_cpu(5, m));
	ck_assert_str_eq(fmt(m, true), "0,5,129");
	cpumask_clear(m);
	ck_assert(cpumask_empty(m));
	cpumask_setall(m);
	ck_assert(cpumask_full(m));
	ck_assert_uint_eq(cpumask_weight(m), 130);
	ck_assert_uint_eq(cpumask_last(m), 129);
	kfree(m);
}
END_TEST

START_TEST(test_iterators)
{
	struct cpumask *m = mk(200, "3,64-66,199");
	struct cpumask *o = mk(200, "0-65");
	unsigned int cpu, seen[8], n = 0;

	for_each_cpu(cpu, m)
		seen[n++] = cpu;
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(seen[0], 3);
	ck_assert_uint_eq(seen[3], 66);
	ck_assert_uint_eq(seen[4], 199);
	n = 0;
	for_each_cpu_and(cpu, m, o)
		n++;
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(cpumask_first_and(m, o), 3);
	ck_assert_uint_eq(cpumask_next_and(3, m, o), 64);
	ck_assert_uint_eq(cpumask_next_and(65, m, o), 200);
	ck_assert_uint_eq(cpumask_nth(0, m), 3);
	ck_assert_uint_eq(cpumask_nth(4, m), 199);
	ck_assert_uint_eq(cpumask_nth(5, m), 200);
	ck_assert_uint_eq(cpumask_first_zero(o), 66);
	ck_assert_uint_eq(cpumask_next_zero(66, o), 67);
	cpumask_setall(o);
	ck_assert_uint_eq(cpumask_first_zero(o), 200);
	cpumask_clear(m);
	ck_assert_uint_eq(cpumask_first(m), 200);
	ck_assert_uint_eq(cpumask_last(m), 200);
	kfree(m);
	kfree(o);
}
END_TEST

START_TEST(test_binary_ops)
{
	struct cpumask *a = mk(100, "0-9,70");
	struct cpumask *b = mk(100, "5-14");
	struct cpumask *d = mk(100, NULL);

	ck_assert(cpumask_and(d, a, b));
	ck_assert_str_eq(fmt(d, true), "5-9");
	cpumask_or(d, a, b);
	ck_assert_str_eq(fmt(d, true), "0-14,70");
	ck_assert(cpumask_andnot(d, a, b));
	ck_assert_str_eq(fmt(d, true), "0-4,70");
	cpumask_xor(d, a, b);
	ck_assert_str_eq(fmt(d, true), "0-4,10-14,70");
	ck_assert(cpumask_intersects(a, b));
	ck_assert_uint_eq(cpumask_weight_and(a, b), 5);
	ck_assert(!cpumask_subset(a, b));
	cpumask_and(d, a, b);
	ck_assert(cpumask_subset(d, a));
	cpumask_copy(d, a);
	ck_assert(cpumask_equal(d, a));
	ck_assert(!cpumask_equal(d, b));
	cpumask_clear(b);
	ck_assert(!cpumask_and(d, a, b));
	ck_assert(cpumask_empty(d));
	ck_assert(!cpumask_intersects(a, b));
	ck_assert(!cpumask_andnot(d, b, a));
	kfree(a);
	kfree(b);
	kfree(d);
}
END_TEST

/* Masks of different sizes: the destination keeps its own size. */
START_TEST(test_mixed_sizes)
{
	struct cpumask *small = mk(8, "0-7");
	struct cpumask *big = mk(300, "4,299");
	struct cpumask *d = mk(8, NULL);

	cpumask_or(d, small, big);
	ck_assert_str_eq(fmt(d, true), "0-7");
	cpumask_copy(d, big);
	ck_assert_str_eq(fmt(d, true), "4");
	ck_assert(!cpumask_equal(small, big));
	ck_assert(!cpumask_subset(big, small));
	kfree(small);
	kfree(big);
	kfree(d);
}
END_TEST

START_TEST(test_hex_format)
{
	struct cpumask *m8 = mk(8, "0-7");
	struct cpumask *m4 = mk(4, "0-3");
	struct cpumask *m36 = mk(36, "0-3,35");
	struct cpumask *m64 = mk(64, "32");
	struct cpumask *m1 = mk(1, NULL);

	ck_assert_str_eq(fmt(m8, false), "ff");
	ck_assert_str_eq(fmt(m4, false), "f");
	ck_assert_str_eq(fmt(m36, false), "8,0000000f");
	ck_assert_str_eq(fmt(m64, false), "00000001,00000000");
	ck_assert_str_eq(fmt(m1, false), "0");
	ck_assert_str_eq(fmt(m1, true), "");
	kfree(m8);
	kfree(m4);
	kfree(m36);
	kfree(m64);
	kfree(m1);
}
END_TEST

START_TEST(test_pagebuf)
{
	struct cpumask *m = mk(16, "1,3-5");
	char buf[4096];

	ck_assert_int_eq(cpumap_print_to_pagebuf(true, buf, m), 6);
	ck_assert_str_eq(buf, "1,3-5\n");
	ck_assert_int_eq(cpumap_print_to_pagebuf(false, buf, m), 5);
	ck_assert_str_eq(buf, "003a\n");
	kfree(m);
}
END_TEST

/* scnprintf semantics: truncation never overruns and reports what fit. */
START_TEST(test_print_truncation)
{
	struct cpumask *m = mk(64, "0,2,4,6,8,10,12");
	char buf[6];

	ck_assert_int_eq(irqlab_cpumask_snprint(buf, sizeof(buf), m, true), 5);
	ck_assert_str_eq(buf, "0,2,4");
	ck_assert_int_eq(irqlab_cpumask_snprint(buf, 0, m, true), 0);
	kfree(m);
}
END_TEST

START_TEST(test_cpulist_parse)
{
	struct cpumask *m = mk(32, "7");

	ck_assert_int_eq(cpulist_parse("0-3,8\n", m), 0);
	ck_assert_str_eq(fmt(m, true), "0-3,8");
	ck_assert_int_eq(cpulist_parse("0-11:2/4", m), 0);
	ck_assert_str_eq(fmt(m, true), "0-1,4-5,8-9");
	ck_assert_int_eq(cpulist_parse("", m), 0);
	ck_assert(cpumask_empty(m));
	cpumask_set_cpu(9, m);
	/* Errors leave the mask unchanged. */
	ck_assert_int_eq(cpulist_parse("3-1", m), -EINVAL);
	ck_assert_int_eq(cpulist_parse("1,,2", m), -EINVAL);
	ck_assert_int_eq(cpulist_parse("1,", m), -EINVAL);
	ck_assert_int_eq(cpulist_parse("a", m), -EINVAL);
	ck_assert_int_eq(cpulist_parse("1 2", m), -EINVAL);
	ck_assert_int_eq(cpulist_parse("0-7:0/4", m), -EINVAL);
	ck_assert_int_eq(cpulist_parse("0-7:3/2", m), -EINVAL);
	ck_assert_int_eq(cpulist_parse("0-7:1", m), -EINVAL);
	ck_assert_int_eq(cpulist_parse("32", m), -ERANGE);
	ck_assert_int_eq(cpulist_parse("0-99999999", m), -ERANGE);
	ck_assert_str_eq(fmt(m, true), "9");
	kfree(m);
}
END_TEST

START_TEST(test_cpumask_parse)
{
	struct cpumask *m = mk(40, "1");

	ck_assert_int_eq(cpumask_parse("ff\n", m), 0);
	ck_assert_str_eq(fmt(m, true), "0-7");
	ck_assert_int_eq(cpumask_parse("1,00000001", m), 0);
	ck_assert_str_eq(fmt(m, true), "0,32");
	ck_assert_int_eq(cpumask_parse("80,0", m), 0);
	ck_assert_str_eq(fmt(m, true), "39");
	ck_assert_int_eq(cpumask_parse("F0", m), 0);
	ck_assert_str_eq(fmt(m, true), "4-7");
	ck_assert_int_eq(cpumask_parse("100,00000000", m), -EOVERFLOW);
	ck_assert_int_eq(cpumask_parse("xyz", m), -EINVAL);
	ck_assert_int_eq(cpumask_parse("", m), -EINVAL);
	ck_assert_int_eq(cpumask_parse(",1", m), -EINVAL);
	ck_assert_int_eq(cpumask_parse("1,,1", m), -EINVAL);
	ck_assert_int_eq(cpumask_parse("123456789", m), -EINVAL);
	ck_assert_str_eq(fmt(m, true), "4-7");
	/* Round trip with the printer. */
	ck_assert_int_eq(cpumask_parse(fmt(m, false), m), 0);
	ck_assert_str_eq(fmt(m, true), "4-7");
	kfree(m);
}
END_TEST

/* Random masks: list and hex round-trip through print and parse. */
START_TEST(test_roundtrip_random)
{
	struct cpumask *a = mk(8192, NULL), *b = mk(8192, NULL);
	static char buf[65536];
	unsigned int i, k;

	for (i = 0; i < 50; i++) {
		cpumask_clear(a);
		for (k = 0; k < 300; k++)
			cpumask_set_cpu((unsigned int)(irqlab_random(tm) % 8192), a);
		irqlab_cpumask_snprint(buf, sizeof(buf), a, true);
		ck_assert_int_eq(cpulist_parse(buf, b), 0);
		ck_assert(cpumask_equal(a, b));
		irqlab_cpumask_snprint(buf, sizeof(buf), a, false);
		ck_assert_int_eq(cpumask_parse(buf, b), 0);
		ck_assert(cpumask_equal(a, b));
	}
	kfree(a);
	kfree(b);
}
END_TEST

START_TEST(test_alloc_var_sized_for_machine)
{
	cpumask_var_t m;

	ck_assert(zalloc_cpumask_var(&m, GFP_KERNEL));
	ck_assert_uint_eq(m->nbits, 4);
	ck_assert_uint_eq(nr_cpu_ids, 4);
	free_cpumask_var(m);
	irqlab_fail_nth_alloc(1);
	ck_assert(!alloc_cpumask_var(&m, GFP_KERNEL));
	ck_assert(irqlab_alloc_fault_hit());
}
END_TEST

static Suite *cpumask_suite(void)
{
	Suite *s = suite_create("cpumask");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_set_test_clear);
	tcase_add_test(tc, test_iterators);
	tcase_add_test(tc, test_binary_ops);
	tcase_add_test(tc, test_mixed_sizes);
	tcase_add_test(tc, test_hex_format);
	tcase_add_test(tc, test_pagebuf);
	tcase_add_test(tc, test_print_truncation);
	tcase_add_test(tc, test_cpulist_parse);
	tcase_add_test(tc, test_cpumask_parse);
	tcase_add_test(tc, test_roundtrip_random);
	tcase_add_test(tc, test_alloc_var_sized_for_machine);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(cpumask_suite());
}
