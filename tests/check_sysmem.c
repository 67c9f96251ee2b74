// SPDX-License-Identifier: MIT
/*
 * Simulated physical memory: allocation, device reads and writes by
 * physical address, faults on anything outside one live region.
 */
#include <string.h>

#include "fixture.h"
#include "irqlab/sysmem.h"

START_TEST(test_alloc_and_access)
{
	u64 pa, pb;
	void *va, *vb;
	u8 buf[16], zero[16] = { 0 };

	ck_assert_uint_eq(irqlab_mem_nr_regions(tm), 0);
	ck_assert_int_eq(irqlab_dma_alloc(tm, 100, 64, &pa, &va), 0);
	ck_assert_uint_ge(pa, IRQLAB_SYSMEM_BASE);
	ck_assert_uint_eq(pa % 64, 0);
	ck_assert_int_eq(irqlab_dma_alloc(tm, 4096, 65536, &pb, &vb), 0);
	ck_assert_uint_eq(pb % 65536, 0);
	ck_assert_uint_gt(pb, pa + 100);
	ck_assert_uint_eq(irqlab_mem_nr_regions(tm), 2);

	/* Zeroed; the kernel's writes through virt are what the device reads. */
	ck_assert_int_eq(irqlab_mem_read(tm, pa, buf, 16), 0);
	ck_assert_mem_eq(buf, zero, 16);
	memcpy(va, "hello, device", 14);
	ck_assert_int_eq(irqlab_mem_read(tm, pa, buf, 14), 0);
	ck_assert_str_eq((char *)buf, "hello, device");
	/* And the device's writes are what the kernel sees. */
	ck_assert_int_eq(irqlab_mem_write(tm, pb + 4094, "ok", 2), 0);
	ck_assert_mem_eq((char *)vb + 4094, "ok", 2);
	/* The last byte, and a zero-length access inside. */
	ck_assert_int_eq(irqlab_mem_read(tm, pa + 99, buf, 1), 0);
	ck_assert_int_eq(irqlab_mem_read(tm, pa + 50, buf, 0), 0);

	irqlab_dma_free(tm, pa);
	irqlab_dma_free(tm, pb);
	ck_assert_uint_eq(irqlab_mem_nr_regions(tm), 0);
	ck_assert_uint_eq(irqlab_warn_count(tm), 0);
}
END_TEST

START_TEST(test_faults_touch_nothing)
{
	u64 pa, pb;
	void *va, *vb;
	u8 buf[8];

	ck_assert_int_eq(irqlab_dma_alloc(tm, 64, 8, &pa, &va), 0);
	ck_assert_int_eq(irqlab_dma_alloc(tm, 64, 8, &pb, &vb), 0);
	memset(buf, 0x5a, sizeof(buf));
	/* Past the end, across the end, in the guard gap, below RAM. */
	ck_assert_int_eq(irqlab_mem_read(tm, pa + 64, buf, 1), -EFAULT);
	ck_assert_int_eq(irqlab_mem_read(tm, pa + 60, buf, 8), -EFAULT);
	ck_assert_int_eq(irqlab_mem_read(tm, pa + 4096, buf, 1), -EFAULT);
	ck_assert_int_eq(irqlab_mem_read(tm, 0x1000, buf, 4), -EFAULT);
	ck_assert_int_eq(irqlab_mem_read(tm, pa - 1, buf, 2), -EFAULT);
	ck_assert_int_eq(irqlab_mem_read(tm, ~0ULL, buf, 2), -EFAULT);
	ck_assert_int_eq(irqlab_mem_read(tm, pa, buf, (size_t)-1), -EFAULT);
	for (int i = 0; i < 8; i++)
		ck_assert_uint_eq(buf[i], 0x5a);
	ck_assert_int_eq(irqlab_mem_write(tm, pa + 60, buf, 8), -EFAULT);
	ck_assert_int_eq(irqlab_mem_write(tm, pb + 64, buf, 1), -EFAULT);
	for (int i = 0; i < 64; i++) {
		ck_assert_uint_eq(((u8 *)va)[i], 0);
		ck_assert_uint_eq(((u8 *)vb)[i], 0);
	}
	/* A freed region is gone for the device, and never handed out again. */
	irqlab_dma_free(tm, pa);
	ck_assert_int_eq(irqlab_mem_read(tm, pa, buf, 1), -EFAULT);
	ck_assert_int_eq(irqlab_mem_write(tm, pa, buf, 1), -EFAULT);
	ck_assert_int_eq(irqlab_dma_alloc(tm, 64, 8, &pa, &va), 0);
	ck_assert_uint_gt(pa, pb);
	ck_assert_int_eq(irqlab_mem_read(tm, pb, buf, 8), 0);
	/* A machine without memory faults every access. */
	ck_assert_int_eq(irqlab_mem_read(NULL, pb, buf, 1), -EFAULT);
	ck_assert_int_eq(irqlab_mem_write(NULL, pb, buf, 1), -EFAULT);
	ck_assert_uint_eq(irqlab_mem_nr_regions(NULL), 0);
	/* pb and the new pa are left for the machine's teardown to free. */
}
END_TEST

START_TEST(test_no_memory_yet)
{
	u8 b = 7;

	/* Nothing allocated: every access faults, and freeing WARNs. */
	ck_assert_int_eq(irqlab_mem_read(tm, IRQLAB_SYSMEM_BASE, &b, 1), -EFAULT);
	ck_assert_int_eq(irqlab_mem_write(tm, IRQLAB_SYSMEM_BASE, &b, 1), -EFAULT);
	ck_assert_uint_eq(b, 7);
	irqlab_dma_free(tm, IRQLAB_SYSMEM_BASE);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_log("irqlab_dma_free: no region at 0x40000000");
}
END_TEST

START_TEST(test_bad_arguments)
{
	u64 pa = 0x1234;
	void *va = (void *)&pa;

	ck_assert_int_eq(irqlab_dma_alloc(tm, 0, 8, &pa, &va), -EINVAL);
	ck_assert_int_eq(irqlab_dma_alloc(tm, 8, 0, &pa, &va), -EINVAL);
	ck_assert_int_eq(irqlab_dma_alloc(tm, 8, 12, &pa, &va), -EINVAL);
	ck_assert_int_eq(irqlab_dma_alloc(tm, 8, IRQLAB_SYSMEM_MAX_ALLOC * 2, &pa, &va),
			 -EINVAL);
	ck_assert_int_eq(irqlab_dma_alloc(tm, IRQLAB_SYSMEM_MAX_ALLOC + 1, 8, &pa, &va),
			 -EINVAL);
	ck_assert_int_eq(irqlab_dma_alloc(NULL, 8, 8, &pa, &va), -EINVAL);
	ck_assert_int_eq(irqlab_dma_alloc(tm, 8, 8, NULL, &va), -EINVAL);
	ck_assert_int_eq(irqlab_dma_alloc(tm, 8, 8, &pa, NULL), -EINVAL);
	ck_assert_uint_eq(pa, 0x1234);
	ck_assert_ptr_eq(va, &pa);
	ck_assert_uint_eq(irqlab_mem_nr_regions(tm), 0);
}
END_TEST

START_TEST(test_bad_free)
{
	u64 pa;
	void *va;

	ck_assert_int_eq(irqlab_dma_alloc(tm, 64, 8, &pa, &va), 0);
	/* Not the start of a region: a kernel bug, WARNed, nothing freed. */
	irqlab_dma_free(tm, pa + 8);
	ck_assert_uint_eq(irqlab_warn_count(tm), 1);
	ck_assert_uint_eq(irqlab_mem_nr_regions(tm), 1);
	irqlab_dma_free(tm, pa);
	irqlab_dma_free(tm, pa);	/* double free */
	ck_assert_uint_eq(irqlab_warn_count(tm), 2);
	irqlab_dma_free(NULL, pa);	/* no machine: nothing to do */
}
END_TEST

START_TEST(test_ram_exhausted)
{
	unsigned int n = 0;
	u64 pa, last = 0;
	void *va;
	int ret;

	/* 1-byte regions at 1 GiB alignment use up the 64 GiB range quickly. */
	while ((ret = irqlab_dma_alloc(tm, 1, IRQLAB_SYSMEM_MAX_ALLOC, &pa, &va)) == 0) {
		ck_assert_uint_gt(pa, last);
		last = pa;
		n++;
	}
	ck_assert_int_eq(ret, -ENOSPC);
	ck_assert_uint_eq(n, IRQLAB_SYSMEM_SIZE / IRQLAB_SYSMEM_MAX_ALLOC);
	ck_assert_uint_eq(irqlab_mem_nr_regions(tm), n);
	ck_assert_uint_lt(last, IRQLAB_SYSMEM_BASE + IRQLAB_SYSMEM_SIZE);
}
END_TEST

START_TEST(test_alloc_failures)
{
	unsigned int nth, i;
	u64 pa;
	void *va;

	/* Every allocation step can fail; failure leaves no region behind. */
	for (nth = 1;; nth++) {
		unsigned int before = irqlab_mem_nr_regions(tm);

		irqlab_fail_nth_alloc(nth);
		if (!irqlab_dma_alloc(tm, 32, 8, &pa, &va) && !irqlab_alloc_fault_hit())
			break;
		if (irqlab_alloc_fault_hit())
			ck_assert_uint_eq(irqlab_mem_nr_regions(tm), before);
	}
	irqlab_fail_nth_alloc(0);
	/* Growing the region array past its first block can fail too. */
	for (i = irqlab_mem_nr_regions(tm); i < 16; i++)
		ck_assert_int_eq(irqlab_dma_alloc(tm, 8, 8, &pa, &va), 0);
	irqlab_fail_nth_alloc(2);
	ck_assert_int_eq(irqlab_dma_alloc(tm, 8, 8, &pa, &va), -ENOMEM);
	ck_assert_uint_eq(irqlab_mem_nr_regions(tm), 16);
	irqlab_fail_nth_alloc(0);
}
END_TEST

START_TEST(test_many_regions_lookup)
{
	u64 pa[200];
	void *va[200];
	unsigned int i;
	u32 v;

	for (i = 0; i < 200; i++) {
		ck_assert_int_eq(irqlab_dma_alloc(tm, 4 + i, 4, &pa[i], &va[i]), 0);
		*(u32 *)va[i] = i;
	}
	/* Free every third one: the rest stay reachable, the freed fault. */
	for (i = 0; i < 200; i += 3)
		irqlab_dma_free(tm, pa[i]);
	for (i = 0; i < 200; i++) {
		int ret = irqlab_mem_read(tm, pa[i], &v, 4);

		if (i % 3 == 0) {
			ck_assert_int_eq(ret, -EFAULT);
		} else {
			ck_assert_int_eq(ret, 0);
			ck_assert_uint_eq(v, i);
		}
	}
}
END_TEST

static Suite *sysmem_suite(void)
{
	Suite *s = suite_create("sysmem");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_alloc_and_access);
	tcase_add_test(tc, test_faults_touch_nothing);
	tcase_add_test(tc, test_no_memory_yet);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_bad_free);
	tcase_add_test(tc, test_ram_exhausted);
	tcase_add_test(tc, test_alloc_failures);
	tcase_add_test(tc, test_many_regions_lookup);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(sysmem_suite());
}
