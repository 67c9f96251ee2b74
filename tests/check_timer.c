// SPDX-License-Identifier: MIT
/* Virtual-clock timers and the run-until-idle loop. */
#include "fixture.h"
#include "internals.h"

struct probe {
	struct irqlab_timer t;
	unsigned int fired, cpu_seen;
	unsigned long long at;
	int rearm;			/* re-arm this many times, +1 jiffy */
	struct irqlab_timer *cancel;	/* cancel this one when firing */
	char tag;
};

static char order[32];
static unsigned int norder;

static void probe_fn(struct irqlab_timer *t)
{
	struct probe *p = container_of(t, struct probe, t);

	p->fired++;
	p->cpu_seen = irqlab_this_cpu();
	p->at = irqlab_clock_ns(tm);
	if (norder < sizeof(order) - 1)
		order[norder++] = p->tag;
	if (p->cancel)
		irqlab_timer_del(tm, p->cancel);
	if (p->rearm-- > 0)
		irqlab_timer_add(tm, t, irqlab_clock_ns(tm) + IRQLAB_JIFFY_NS);
}

static void setup(void)
{
	tm_setup();
	norder = 0;
	order[0] = '\0';
}

START_TEST(test_fire_order_and_cpu)
{
	struct probe a = { .t = { .fn = probe_fn, .cpu = 2 }, .tag = 'a' };
	struct probe b = { .t = { .fn = probe_fn, .cpu = 1 }, .tag = 'b' };
	struct probe c = { .t = { .fn = probe_fn, .cpu = 3 }, .tag = 'c' };
	unsigned long long next;

	irqlab_timer_add(tm, &a.t, 3000);
	irqlab_timer_add(tm, &b.t, 1000);
	irqlab_timer_add(tm, &c.t, 3000); /* same expiry: after a */
	ck_assert(irqlab_timer_next(tm, &next));
	ck_assert_uint_eq(next, 1000);
	ck_assert_uint_eq(irqlab_timers_run(tm), 0); /* nothing due at t=0 */
	irqlab_clock_advance(tm, 2000);
	ck_assert_uint_eq(b.fired, 1);
	ck_assert_uint_eq(b.at, 1000); /* fires at its own expiry */
	ck_assert_uint_eq(b.cpu_seen, 1);
	ck_assert_uint_eq(irqlab_clock_ns(tm), 2000);
	irqlab_clock_advance(tm, 5000);
	order[norder] = '\0';
	ck_assert_str_eq(order, "bac");
	ck_assert_uint_eq(a.cpu_seen, 2);
	ck_assert_uint_eq(c.cpu_seen, 3);
	ck_assert(!a.t.pending);
	ck_assert(!irqlab_timer_next(tm, &next));
	ck_assert_uint_eq(irqlab_this_cpu(), 0); /* restored */
}
END_TEST

START_TEST(test_rearm_and_cancel)
{
	struct probe a = { .t = { .fn = probe_fn }, .rearm = 2, .tag = 'a' };
	struct probe b = { .t = { .fn = probe_fn }, .tag = 'b' };
	struct probe k = { .t = { .fn = probe_fn }, .tag = 'k' };

	irqlab_timer_add(tm, &a.t, 10);
	irqlab_timer_add(tm, &b.t, 10);
	/* Re-arming a pending timer moves it. */
	irqlab_timer_add(tm, &a.t, 20);
	ck_assert(irqlab_timer_del(tm, &b.t));
	ck_assert(!irqlab_timer_del(tm, &b.t));
	irqlab_timer_add(tm, &b.t, 15);
	irqlab_timer_add(tm, &k.t, 15);
	b.cancel = &k.t; /* b, firing, cancels k, due in the same run */
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 4); /* b, a, a, a */
	ck_assert_uint_eq(k.fired, 0);
	ck_assert_uint_eq(a.fired, 3);
	ck_assert_uint_eq(a.at, 20 + 2 * IRQLAB_JIFFY_NS);
	ck_assert_uint_eq(irqlab_clock_ns(tm), 20 + 2 * IRQLAB_JIFFY_NS);
}
END_TEST

/* A timer re-armed for a time already due waits for the next run. */
START_TEST(test_rearm_due_waits)
{
	struct probe a = { .t = { .fn = probe_fn }, .tag = 'a' };

	irqlab_clock_advance(tm, 100);
	irqlab_timer_add(tm, &a.t, 50);
	ck_assert_uint_eq(irqlab_timers_run(tm), 1);
	irqlab_timer_add(tm, &a.t, 50);
	ck_assert_uint_eq(irqlab_timers_run(tm), 1);
	ck_assert_uint_eq(a.fired, 2);
}
END_TEST

/* A timer that always re-arms is a livelock: the loop gives up and WARNs. */
static void forever_fn(struct irqlab_timer *t)
{
	irqlab_timer_add(tm, t, irqlab_clock_ns(tm));
}

START_TEST(test_livelock_bounded)
{
	struct irqlab_timer t = { .fn = forever_fn };

	irqlab_timer_add(tm, &t, 1);
	irqlab_run_until_idle(tm);
	ck_assert_log("irqlab: machine not idle after 1000000 rounds");
	irqlab_timer_del(tm, &t);
}
END_TEST

START_TEST(test_cpu_run_without_platform)
{
	ck_assert_uint_eq(irqlab_cpu_run(tm, 0), 0);
	ck_assert_uint_eq(irqlab_cpu_run(tm, 99), 0);
	ck_assert_uint_eq(irqlab_run_until_idle(tm), 0);
}
END_TEST

/* The GIC platform builds and goes away without leaving an allocation. */
START_TEST(test_platform_gic_builds)
{
	struct irqlab_machine_config cfg = { .platform = IRQLAB_PLATFORM_GIC };
	struct irqlab_machine *m = NULL;
	long live;

	tm_destroy();
	live = irqlab_alloc_live();
	ck_assert_int_eq(irqlab_machine_create(&cfg, &m), 0);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(irqlab_gic_its(m));
	irqlab_machine_destroy(m);
	ck_assert_int_eq(irqlab_alloc_live(), live);
	tm_create(NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("timer");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, tm_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fire_order_and_cpu);
	tcase_add_test(tc, test_rearm_and_cancel);
	tcase_add_test(tc, test_rearm_due_waits);
	tcase_add_test(tc, test_livelock_bounded);
	tcase_add_test(tc, test_cpu_run_without_platform);
	tcase_add_test(tc, test_platform_gic_builds);
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
