// SPDX-License-Identifier: MIT
/* The guided demo: what it prints is what happened, step by step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "fixture.h"

static char *run_demo(int *ret)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	*ret = irqlab_demo(f);
	fclose(f);
	return text;
}

/* @a appears before @b in @text. */
static void assert_order(const char *text, const char *a, const char *b)
{
	const char *pa = strstr(text, a), *pb = strstr(text, b);

	ck_assert_msg(pa, "missing \"%s\"", a);
	ck_assert_msg(pb, "missing \"%s\"", b);
	ck_assert_msg(pa < pb, "\"%s\" should come before \"%s\"", a, b);
}

START_TEST(test_demo_walk)
{
	long live = irqlab_alloc_live();
	int ret;
	char *t = run_demo(&ret);

	ck_assert_int_eq(ret, 0);
	/* Allocation: both levels, leaf outermost. */
	ck_assert_ptr_nonnull(strstr(t, "level DEMO-MSI     hwirq 0    chip DEMO-MSI"));
	ck_assert_ptr_nonnull(strstr(t, "level DEMO-VECTOR  hwirq 1    chip DEMO-APIC"));
	/* Activation runs root first, then startup unmasks at the leaf. */
	assert_order(t, "DEMO-VECTOR activate: vector 0x22 on CPU0", "DEMO-MSI activate");
	assert_order(t, "DEMO-MSI activate", "irq_unmask: table[0] vector control = 0");
	ck_assert_ptr_nonnull(strstr(t, "state: depth=0 ACTIVATED STARTED affinity=0-3 effective=0"));
	/* Delivery: edge flow acks before the handler. */
	assert_order(t, "irq_ack: EOI to the local APIC of CPU0", "handler: irq 1 on CPU0 (call 1)");
	/* Affinity: the message is rewritten and the next interrupt lands on CPU2. */
	assert_order(t, "table[0] = {addr 0xfee02000, data 0x0022}",
		     "handler: irq 1 on CPU2 (call 2)");
	ck_assert_ptr_nonnull(strstr(t, "CPU0=1 CPU1=0 CPU2=1 CPU3=0"));
	/* Lazy disable: masked only when the interrupt arrives; resent on enable. */
	ck_assert_ptr_nonnull(strstr(t, "state: depth=1 ACTIVATED STARTED DISABLED affinity=2"));
	ck_assert_ptr_nonnull(strstr(t, "DISABLED MASKED affinity=2 effective=2"));
	ck_assert_ptr_nonnull(strstr(t, "handler: irq 1 on CPU0 (call 3)"));
	ck_assert_ptr_null(strstr(t, "(call 4)"));
	/* Teardown: leaf deactivated before the root, descriptor gone. */
	assert_order(t, "DEMO-MSI deactivate", "DEMO-VECTOR deactivate");
	ck_assert_ptr_nonnull(strstr(t, "irq_to_desc(1) = NULL"));
	ck_assert_ptr_nonnull(strstr(t, "kernel log (dmesg):\n    (empty)"));
	ck_assert_int_eq(irqlab_alloc_live(), live);
	ck_assert_ptr_null(irqlab_machine_current());
	free(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("walk");

	tcase_add_test(tc, test_demo_walk);
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
