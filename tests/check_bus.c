// SPDX-License-Identifier: MIT
/* The system bus: windows, routing of memory writes, recorded errors. */
#include "fixture.h"

struct sink {
	unsigned int writes;
	u64 addr;
	u32 data;
	u32 rid;
	int ret;
};

static int sink_write(void *ctx, u64 addr, u32 data)
{
	struct sink *s = ctx;

	s->rid = irqlab_bus_requester_id(tm);
	s->writes++;
	s->addr = addr;
	s->data = data;
	return s->ret;
}

START_TEST(test_routing)
{
	struct sink a = { 0 }, b = { 0 };
	struct irqlab_bus_error e;

	ck_assert_int_eq(irqlab_bus_nr_errors(tm), 0);
	ck_assert_int_eq(irqlab_bus_last_error(tm, &e), -ENOENT);
	ck_assert_int_eq(irqlab_bus_claim(tm, 0xfee00000, 0x100000, "lapic", sink_write, &a), 0);
	ck_assert_int_eq(irqlab_bus_claim(tm, 0x8000000, 0x10000, "its", sink_write, &b), 0);
	ck_assert_int_eq(irqlab_bus_write(tm, 0xfee02000, 0x4023), 0);
	ck_assert_uint_eq(a.writes, 1);
	ck_assert_uint_eq(a.addr, 0xfee02000);
	ck_assert_uint_eq(a.data, 0x4023);
	ck_assert_uint_eq(a.rid, IRQLAB_BUS_NO_RID);
	ck_assert_int_eq(irqlab_bus_write_rid(tm, 0xfee00000, 1, 0x0420), 0);
	ck_assert_uint_eq(a.rid, 0x0420);
	ck_assert_uint_eq(irqlab_bus_requester_id(tm), IRQLAB_BUS_NO_RID);
	ck_assert_uint_eq(a.writes, 2);
	a.writes = 1;
	ck_assert_int_eq(irqlab_bus_write(tm, 0x8000000 + 0xffff, 7), 0);
	ck_assert_uint_eq(b.writes, 1);
	ck_assert_uint_eq(a.writes, 1);
	/* Just past a window: nobody claims it, and it is recorded. */
	ck_assert_int_eq(irqlab_bus_write(tm, 0xfef00000, 0x55), -EIO);
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 1);
	ck_assert_int_eq(irqlab_bus_last_error(tm, &e), 0);
	ck_assert_uint_eq(e.addr, 0xfef00000);
	ck_assert_uint_eq(e.data, 0x55);
	ck_assert_int_eq(e.err, -EIO);
	/* A claimer's refusal is recorded too. */
	a.ret = -EINVAL;
	ck_assert_int_eq(irqlab_bus_write(tm, 0xfee00000, 1), -EINVAL);
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 2);
	/* Released windows stop routing. */
	ck_assert_int_eq(irqlab_bus_release(tm, 0x8000000), 0);
	ck_assert_int_eq(irqlab_bus_release(tm, 0x8000000), -ENOENT);
	ck_assert_int_eq(irqlab_bus_write(tm, 0x8000000, 1), -EIO);
	ck_assert_uint_eq(b.writes, 1);
}
END_TEST

START_TEST(test_bad_claims)
{
	struct sink a = { 0 };

	ck_assert_int_eq(irqlab_bus_claim(tm, 0x1000, 0, "x", sink_write, &a), -EINVAL);
	ck_assert_int_eq(irqlab_bus_claim(tm, ~0ULL, 2, "x", sink_write, &a), -EINVAL);
	ck_assert_int_eq(irqlab_bus_claim(tm, 0x1000, 1, "x", NULL, &a), -EINVAL);
	ck_assert_int_eq(irqlab_bus_claim(NULL, 0x1000, 1, "x", sink_write, &a), -EINVAL);
	ck_assert_int_eq(irqlab_bus_claim(tm, 0x1000, 0x100, "x", sink_write, &a), 0);
	ck_assert_int_eq(irqlab_bus_claim(tm, 0x10ff, 1, "y", sink_write, &a), -EBUSY);
	ck_assert_int_eq(irqlab_bus_claim(tm, 0xf00, 0x101, "y", sink_write, &a), -EBUSY);
	ck_assert_int_eq(irqlab_bus_claim(tm, 0x1100, 1, "y", sink_write, &a), 0);
	ck_assert_int_eq(irqlab_bus_write(NULL, 0x1000, 1), -EINVAL);
	ck_assert_int_eq(irqlab_bus_release(NULL, 0x1000), -ENOENT);
	irqlab_fail_nth_alloc(1);
	ck_assert_int_eq(irqlab_bus_claim(tm, 0x2000, 1, "z", sink_write, &a), -ENOMEM);
	ck_assert_int_eq(irqlab_bus_write(tm, 0x2000, 1), -EIO);
}
END_TEST

/* Without any window, a write is still recorded (the bus is created). */
START_TEST(test_no_windows)
{
	ck_assert_int_eq(irqlab_bus_write(tm, 0xfee00000, 0x30), -EIO);
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 1);
	ck_assert_int_eq(irqlab_bus_release(tm, 0), -ENOENT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bus");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_routing);
	tcase_add_test(tc, test_bad_claims);
	tcase_add_test(tc, test_no_windows);
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
