// SPDX-License-Identifier: MIT
#include "fixture.h"

#include <stdlib.h>

struct irqlab_machine *tm;
static long tm_live_before;

void tm_create(const struct irqlab_machine_config *cfg)
{
	int ret;

	tm_live_before = irqlab_alloc_live();
	ret = irqlab_machine_create(cfg, &tm);
	ck_assert_int_eq(ret, 0);
	ck_assert_ptr_nonnull(tm);
}

void tm_destroy(void)
{
	long live;

	irqlab_fail_nth_alloc(0);
	irqlab_machine_destroy(tm);
	tm = NULL;
	live = irqlab_alloc_live();
	ck_assert_msg(live == tm_live_before, "%ld allocation(s) leaked",
		      live - tm_live_before);
}

void tm_setup(void)
{
	tm_create(NULL);
}

void tm_teardown(void)
{
	tm_destroy();
}

int tm_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
