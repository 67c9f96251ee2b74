// SPDX-License-Identifier: MIT
/*
 * Tracing: the ftrace text of /sys/kernel/debug/tracing/trace (header, line
 * layout, virtual timestamps, contexts), irq_handler_entry/exit from the
 * core, events of other subsystems, enable switches and tracing_on, the
 * ring's overwrite, and the per-CPU counts with their perf stat rendering.
 */
#include <stdio.h>
#include <string.h>

#include "internals.h"
#include "irqlab/trace.h"
#include "irqlab/vfs.h"
#include "recchip.h"

#define HEADER(in_buffer, written, cpus)                                       \
	"# tracer: nop\n"                                                      \
	"#\n"                                                                  \
	"# entries-in-buffer/entries-written: " in_buffer "/" written "   #P:" cpus "\n" \
	"#\n"                                                                  \
	"#                                _-----=> irqs-off/BH-disabled\n"     \
	"#                               / _----=> need-resched\n"             \
	"#                              | / _---=> hardirq/softirq\n"          \
	"#                              || / _--=> preempt-depth\n"            \
	"#                              ||| / _-=> migrate-disable\n"          \
	"#                              |||| /     delay\n"                    \
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"          \
	"#              | |         |   |||||     |         |\n"

#define TRACE "/sys/kernel/debug/tracing/trace"

static unsigned int calls;
static irqreturn_t ret_value;

static irqreturn_t handler(int irq, void *dev_id)
{
	calls++;
	return ret_value;
}

/* Emits an event of its own from inside the handler (hard irq context). */
static irqreturn_t emitting_handler(int irq, void *dev_id)
{
	irqlab_trace_event(NULL, "driver_event", "irq=%d", irq);
	return IRQ_HANDLED;
}

static int dev[2];

/* irq 30 on the dummy chip (no chip callbacks): "eth0". */
static void eth0(irq_handler_t h)
{
	ck_assert_int_eq(irq_alloc_desc_at(30, 0), 30);
	irq_set_chip_and_handler_name(30, &dummy_irq_chip, handle_simple_irq, "simple");
	ck_assert_int_eq(request_irq(30, h, IRQF_SHARED, "eth0", &dev[0]), 0);
}

static void eth0_free(void)
{
	free_irq(30, &dev[0]);
	irq_free_desc(30);
}

static void fire(unsigned int cpu, unsigned int n)
{
	while (n--)
		ck_assert_int_eq(irqlab_handle_irq_on(tm, cpu, 30), 0);
}

static void setup(void)
{
	tm_setup();
	calls = 0;
	ret_value = IRQ_HANDLED;
}

START_TEST(test_default_off)
{
	/* tracing_on is set, every event disabled: nothing is recorded. */
	eth0(handler);
	fire(0, 2);
	ck_file(TRACE, HEADER("0", "0", "4"));
	ck_file("/sys/kernel/debug/tracing/tracing_on", "1\n");
	ck_file("/sys/kernel/debug/tracing/events/irq/irq_handler_entry/enable", "0\n");
	ck_assert(irqlab_trace_is_on(tm));
	ck_assert_int_eq(irqlab_trace_event_enabled(tm, "irq_handler_entry"), 0);
	eth0_free();
}
END_TEST

START_TEST(test_handler_events)
{
	eth0(handler);
	ck_assert_int_eq(request_irq(30, emitting_handler, IRQF_SHARED, "eth0-aux", &dev[1]), 0);
	ck_assert_int_eq(irqlab_trace_set_event(tm, "irq", true), 0);
	ck_assert_int_eq(irqlab_trace_set_event(tm, "driver_event", true), -ENOENT);
	irqlab_clock_advance(tm, 1234567890ULL);
	ret_value = IRQ_NONE;
	fire(2, 1);
	/* Seconds right-aligned in 5 columns, microseconds in 6. */
	ck_file(TRACE,
		HEADER("4", "4", "4")
		"          <idle>-0       [002] d.h1.     1.234567: irq_handler_entry: irq=30 name=eth0\n"
		"          <idle>-0       [002] d.h1.     1.234567: irq_handler_exit: irq=30 ret=unhandled\n"
		"          <idle>-0       [002] d.h1.     1.234567: irq_handler_entry: irq=30 name=eth0-aux\n"
		"          <idle>-0       [002] d.h1.     1.234567: irq_handler_exit: irq=30 ret=handled\n");
	/* The driver's own event is known now (system "irqlab"), disabled. */
	ck_assert_int_eq(irqlab_trace_event_enabled(tm, "driver_event"), 0);
	ck_assert_int_eq(irqlab_trace_set_event(tm, "irqlab:driver_event", true), 0);
	irqlab_trace_clear(tm);
	irqlab_clock_advance(tm, 12343765433ULL); /* 13.578333323 s */
	ck_assert_int_eq(irqlab_trace_set_event(tm, "irq_handler_exit", false), 0);
	fire(3, 1);
	ck_file(TRACE,
		HEADER("3", "3", "4")
		"          <idle>-0       [003] d.h1.    13.578333: irq_handler_entry: irq=30 name=eth0\n"
		"          <idle>-0       [003] d.h1.    13.578333: irq_handler_entry: irq=30 name=eth0-aux\n"
		"          <idle>-0       [003] d.h1.    13.578333: driver_event: irq=30\n");
	free_irq(30, &dev[1]);
	eth0_free();
}
END_TEST

START_TEST(test_contexts)
{
	ck_assert_int_eq(irqlab_trace_set_event(tm, "*", true), 0);
	/* Events first seen after "*" was enabled start enabled. */
	irqlab_trace_event(tm, "irq_matrix_alloc", "bit=%d cpu=%u", 33, 0U);
	irqlab_trace_event_ctx(tm, IRQLAB_TRACE_CTX_IRQSOFF, "vector_alloc", "irq=%u", 30U);
	irqlab_trace_set_task(tm, "kworker/2:1", 123);
	irqlab_set_this_cpu(2);
	irqlab_trace_event_ctx(NULL, IRQLAB_TRACE_CTX_TASK, "new_one", "a=%s", "b");
	irqlab_trace_event_ctx(tm, IRQLAB_TRACE_CTX_SOFTIRQ, "new_one", "a=%s", "c");
	irqlab_trace_event_ctx(tm, IRQLAB_TRACE_CTX_HARDIRQ, "new_one", "a=%s", "d");
	irqlab_trace_hardirq_enter();
	irqlab_trace_event(tm, "new_one", "a=%s", "e");
	irqlab_trace_hardirq_exit();
	irqlab_trace_hardirq_exit(); /* unbalanced: ignored */
	irqlab_trace_event(tm, "new_one", "a=%s", "f");
	irqlab_set_this_cpu(0);
	irqlab_clock_advance(tm, 12345000001000ULL);
	irqlab_trace_event(tm, "new_one", "late");
	/* Bad names are dropped. */
	irqlab_trace_event(tm, "sys/x", "x");
	irqlab_trace_event(tm, "", "x");
	irqlab_trace_event(tm, "a:b", "x");
	ck_file(TRACE,
		HEADER("8", "8", "4")
		"          irqlab-1       [000] .....     0.000000: irq_matrix_alloc: bit=33 cpu=0\n"
		"          irqlab-1       [000] d..1.     0.000000: vector_alloc: irq=30\n"
		"     kworker/2:1-123     [002] .....     0.000000: new_one: a=b\n"
		"          <idle>-0       [002] ..s1.     0.000000: new_one: a=c\n"
		"          <idle>-0       [002] d.h1.     0.000000: new_one: a=d\n"
		"          <idle>-0       [002] d.h1.     0.000000: new_one: a=e\n"
		"     kworker/2:1-123     [002] .....     0.000000: new_one: a=f\n"
		"     kworker/2:1-123     [000] ..... 12345.000001: new_one: late\n");
}
END_TEST

START_TEST(test_tracing_on_off_and_clear)
{
	unsigned long long c[4];

	eth0(handler);
	ck_assert_int_eq(irqlab_trace_set_event(tm, "irq:irq_handler_entry", true), 0);
	/* tracing_on 0 stops recording; the counts go on. */
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/tracing/tracing_on", "0\n"), 0);
	ck_file("/sys/kernel/debug/tracing/tracing_on", "0\n");
	fire(1, 2);
	ck_file(TRACE, HEADER("0", "0", "4"));
	ck_assert_int_eq(irqlab_trace_counts(tm, "irq_handler_entry", c, 4), 0);
	ck_assert_uint_eq(c[1], 2);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/tracing/tracing_on", "1"), 0);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/tracing/tracing_on", "on"),
			 -EINVAL);
	fire(1, 1);
	ck_file(TRACE,
		HEADER("1", "1", "4")
		"          <idle>-0       [001] d.h1.     0.000000: irq_handler_entry: irq=30 name=eth0\n");
	/* echo > trace empties it. */
	ck_assert_int_eq(irqlab_vfs_write(tm, TRACE, ""), 0);
	ck_file(TRACE, HEADER("0", "0", "4"));
	/* tracefs' own mount point shows the same. */
	fire(0, 1);
	ck_file("/sys/kernel/tracing/trace",
		HEADER("1", "1", "4")
		"          <idle>-0       [000] d.h1.     0.000000: irq_handler_entry: irq=30 name=eth0\n");
	/* #P counts online CPUs. */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, false), 0);
	ck_file(TRACE,
		HEADER("1", "1", "3")
		"          <idle>-0       [000] d.h1.     0.000000: irq_handler_entry: irq=30 name=eth0\n");
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, true), 0);
	eth0_free();
}
END_TEST

START_TEST(test_ring_overwrite)
{
	unsigned int i;

	ck_assert_int_eq(irqlab_trace_set_size(tm, 0), -EINVAL);
	ck_assert_int_eq(irqlab_trace_set_size(tm, 3), 0);
	ck_assert_int_eq(irqlab_trace_set_event(tm, "*", true), 0);
	for (i = 0; i < 5; i++)
		irqlab_trace_event(tm, "tick", "n=%u", i);
	ck_file(TRACE,
		HEADER("3", "5", "4")
		"          irqlab-1       [000] .....     0.000000: tick: n=2\n"
		"          irqlab-1       [000] .....     0.000000: tick: n=3\n"
		"          irqlab-1       [000] .....     0.000000: tick: n=4\n");
	/* A bigger ring grows as events arrive, in order. */
	ck_assert_int_eq(irqlab_trace_set_size(tm, 1000), 0);
	for (i = 0; i < 600; i++)
		irqlab_trace_event(tm, "tick", "n=%u", i);
	{
		struct seq_file s;

		seq_init(&s);
		ck_assert_int_eq(irqlab_vfs_read(tm, TRACE, &s), 0);
		ck_assert_ptr_nonnull(strstr(seq_text(&s), "entries-written: 600/600 "));
		ck_assert_ptr_nonnull(strstr(seq_text(&s), "tick: n=599\n"));
		seq_release_buf(&s);
	}
}
END_TEST

START_TEST(test_enable_files)
{
	const char *ev = "/sys/kernel/debug/tracing/events";

	ck_list("/sys/kernel/debug/tracing", "events/\ntrace\ntracing_on\n");
	ck_list("/sys/kernel/debug/tracing/events/irq",
		"enable\nirq_handler_entry/\nirq_handler_exit/\n");
	ck_file("/sys/kernel/debug/tracing/events/enable", "0\n");
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/tracing/events/irq/enable", "1"),
			 0);
	ck_file("/sys/kernel/debug/tracing/events/irq/enable", "1\n");
	ck_file("/sys/kernel/debug/tracing/events/irq/irq_handler_exit/enable", "1\n");
	/* Mixed states read "X". */
	ck_file("/sys/kernel/debug/tracing/events/enable", "X\n");
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/tracing/events/irq/"
					  "irq_handler_exit/enable", "0\n"), 0);
	ck_file("/sys/kernel/debug/tracing/events/irq/enable", "X\n");
	ck_assert_int_eq(irqlab_trace_event_enabled(tm, "irq_handler_exit"), 0);
	ck_assert_int_eq(irqlab_trace_event_enabled(tm, "irq_handler_entry"), 1);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/tracing/events/enable", "1"), 0);
	ck_file("/sys/kernel/debug/tracing/events/enable", "1\n");
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/tracing/events/enable", "2"),
			 -EINVAL);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/tracing/events/enable", "0"), 0);
	ck_file("/sys/kernel/debug/tracing/events/irq_matrix/enable", "0\n");
	/* Declared events appear under their system. */
	ck_assert_int_eq(irqlab_trace_register_event(tm, "hv", "hv_compose"), 0);
	ck_assert_int_eq(irqlab_trace_register_event(tm, "hv", "hv_compose"), -EEXIST);
	ck_assert_int_eq(irqlab_trace_register_event(tm, "hv/x", "y"), -EINVAL);
	ck_assert_int_eq(irqlab_trace_register_event(tm, "hv", NULL), -EINVAL);
	ck_assert_int_eq(irqlab_trace_register_event(NULL, "hv", "z"), -EINVAL);
	ck_list("/sys/kernel/debug/tracing/events/hv", "enable\nhv_compose/\n");
	ck_file("/sys/kernel/debug/tracing/events/hv/hv_compose/enable", "0\n");
	ck_assert_int_eq(irqlab_vfs_stat(tm, "/sys/kernel/debug/tracing/events/hv/nope"),
			 -ENOENT);
	ck_assert_int_eq(irqlab_trace_event_enabled(tm, "nope"), -ENOENT);
	ck_assert_int_eq(irqlab_trace_set_event(tm, "nope", true), -ENOENT);
	ck_assert_int_eq(irqlab_trace_set_event(tm, NULL, true), -EINVAL);
	(void)ev;
}
END_TEST

START_TEST(test_counts_and_perf)
{
	unsigned long long c[6];
	struct seq_file s;

	/* A perf session starts counting. */
	eth0(handler);
	fire(0, 1);
	irqlab_trace_reset_counts(tm);
	fire(0, 3);
	fire(1, 12847);
	ck_assert_int_eq(irqlab_trace_counts(tm, "irq_handler_entry", c, 6), 0);
	ck_assert_uint_eq(c[0], 3);
	ck_assert_uint_eq(c[1], 12847);
	ck_assert_uint_eq(c[2], 0);
	ck_assert_uint_eq(c[4], 0); /* beyond the machine's CPUs */
	ck_assert_int_eq(irqlab_trace_counts(tm, "irq_handler_exit", c, 2), 0);
	ck_assert_uint_eq(c[1], 12847);
	ck_assert_int_eq(irqlab_trace_counts(tm, "vector_alloc", c, 2), 0);
	ck_assert_uint_eq(c[0], 0);
	ck_assert_int_eq(irqlab_trace_counts(tm, "nope", c, 2), -ENOENT);

	seq_init(&s);
	ck_assert_int_eq(irqlab_perf_stat_render(tm, "irq_handler_entry", 10000000000ULL, &s), 0);
	ck_assert_str_eq(seq_text(&s),
			 "\n Performance counter stats for 'system wide':\n\n"
			 "CPU0   " "                 3" " " "     " "irq:irq_handler_entry\n"
			 "CPU1   " "            12,847" " " "     " "irq:irq_handler_entry\n"
			 "CPU2   " "                 0" " " "     " "irq:irq_handler_entry\n"
			 "CPU3   " "                 0" " " "     " "irq:irq_handler_entry\n"
			 "\n      10.000000000 seconds time elapsed\n\n");
	seq_release_buf(&s);

	/* A new session starts from zero. */
	irqlab_trace_reset_counts(tm);
	fire(2, 1);
	seq_init(&s);
	ck_assert_int_eq(irqlab_perf_stat_render(tm, "irq_handler_entry", 1500000000ULL, &s), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s),
				     "CPU1   " "                 0" " " "     " "irq:irq_handler_entry\n"
				     "CPU2   " "                 1" " " "     " "irq:irq_handler_entry\n"));
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "\n       1.500000000 seconds time elapsed"));
	ck_assert_int_eq(irqlab_perf_stat_render(tm, "nope", 1, &s), -ENOENT);
	seq_release_buf(&s);
	eth0_free();
}
END_TEST

/* perf stat -e with several events, globs, and system-wide totals. */
START_TEST(test_perf_events)
{
	struct seq_file s;

	eth0(handler);
	irqlab_trace_reset_counts(tm);
	fire(0, 2);
	fire(1, 1500);
	seq_init(&s);
	/* Totals, in the order given; a glob's matches in the tracer's order. */
	ck_assert_int_eq(irqlab_perf_stat_render_events(tm, "irq:irq_handler_exit,irq:*", false,
							2000000000ULL, &s), 0);
	ck_assert_str_eq(seq_text(&s), "\n Performance counter stats for 'system wide':\n\n"
				       "             1,502      irq:irq_handler_exit\n"
				       "             1,502      irq:irq_handler_entry\n"
				       "\n       2.000000000 seconds time elapsed\n\n");
	seq_release_buf(&s);
	/* Per CPU: event by event, each with every online CPU. */
	seq_init(&s);
	ck_assert_int_eq(irqlab_perf_stat_render_events(tm, "irq_handler_e*", true, 0, &s), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s),
				     "CPU3   " "                 0" "      irq:irq_handler_entry\n"
				     "CPU0   " "                 2" "      irq:irq_handler_exit\n"));
	seq_release_buf(&s);
	/* The x86 tracepoints exist on x86 (none of them fired here). */
	seq_init(&s);
	ck_assert_int_eq(irqlab_perf_stat_render_events(tm, "irq_vectors:vector_*", false, 0, &s),
			 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "      irq_vectors:vector_free_moved\n"));
	/* A pattern that matches nothing fails the whole command, writing nothing. */
	seq_release_buf(&s);
	seq_init(&s);
	ck_assert_int_eq(irqlab_perf_stat_render_events(tm, "irq:*,irq:nope", false, 0, &s),
			 -ENOENT);
	ck_assert_int_eq(irqlab_perf_stat_render_events(tm, "", false, 0, &s), -ENOENT);
	ck_assert_int_eq(irqlab_perf_stat_render_events(tm, "irq:irq_handler_entry,", false, 0,
							&s), 0);
	ck_assert_int_eq(irqlab_perf_stat_render_events(NULL, "irq:*", false, 0, &s), -ENOENT);
	seq_release_buf(&s);
	eth0_free();
}
END_TEST

/* An arm64 kernel has no irq_vectors or irq_matrix tracepoints. */
START_TEST(test_gic_has_no_x86_events)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 2, .platform = IRQLAB_PLATFORM_GIC };
	struct seq_file s;

	tm_destroy();
	tm_create(&cfg);
	seq_init(&s);
	ck_assert_int_eq(irqlab_perf_stat_render_events(tm, "irq_vectors:*", false, 0, &s),
			 -ENOENT);
	ck_assert_int_eq(irqlab_perf_stat_render_events(tm, "irq_matrix:*", false, 0, &s),
			 -ENOENT);
	ck_assert_int_eq(irqlab_perf_stat_render_events(tm, "irq:*", false, 0, &s), 0);
	seq_release_buf(&s);
	ck_list("/sys/kernel/debug/tracing/events", "enable\nirq/\n");
}
END_TEST

START_TEST(test_grouping)
{
	struct seq_file s;
	unsigned int i;

	/* Before tracing is first used, events are not even counted. */
	irqlab_trace_event(tm, "busy", "x");
	ck_assert_ptr_null(tm->trace);
	irqlab_trace_reset_counts(tm);
	/* 1,234,567 events of a custom event on CPU 3. */
	irqlab_set_this_cpu(3);
	for (i = 0; i < 1234567; i++)
		irqlab_trace_event(tm, "busy", "x");
	irqlab_set_this_cpu(0);
	seq_init(&s);
	ck_assert_int_eq(irqlab_perf_stat_render(tm, "busy", 0, &s), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s),
				     "CPU3   " "         1,234,567" " " "     " "irqlab:busy\n"));
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "\n       0.000000000 seconds"));
	seq_release_buf(&s);
}
END_TEST

START_TEST(test_alloc_failures)
{
	unsigned long n;

	/* Every allocation of the tracing path fails once: no crash, no leak. */
	for (n = 1; n < 12; n++) {
		struct seq_file s;

		irqlab_fail_nth_alloc(n);
		irqlab_trace_set_event(tm, "*", true);
		irqlab_trace_event(tm, "late_event", "n=%lu", n);
		irqlab_trace_event(tm, "irq_matrix_free", "n=%lu", n);
		irqlab_fail_nth_alloc(0);
		seq_init(&s);
		irqlab_vfs_read(tm, TRACE, &s);
		seq_release_buf(&s);
	}
	irqlab_fail_nth_alloc(0);
	ck_assert_int_eq(irqlab_trace_event_enabled(tm, "late_event"), 1);
}
END_TEST

START_TEST(test_event_table_full)
{
	char name[32];
	unsigned int i;
	int ret = 0;

	/* The event table is bounded: declaring past it fails cleanly. */
	for (i = 0; i < 200 && !ret; i++) {
		snprintf(name, sizeof(name), "ev%u", i);
		ret = irqlab_trace_register_event(tm, "many", name);
	}
	ck_assert_int_eq(ret, -ENOSPC);
	ck_assert_int_eq(irqlab_trace_set_event(tm, "many", true), 0);
	/* Unknown events beyond the table are dropped. */
	irqlab_trace_event(tm, "overflow", "x");
	ck_assert_int_eq(irqlab_trace_event_enabled(tm, "overflow"), -ENOENT);
	ck_assert_int_eq(irqlab_trace_event_enabled(tm, "ev0"), 1);
}
END_TEST

START_TEST(test_no_machine)
{
	static struct irqaction a = { .name = "x" };

	irqlab_machine_set_current(NULL);
	irqlab_trace_event(NULL, "x", "y");
	trace_irq_handler_entry(1, &a);
	trace_irq_handler_exit(1, &a, 0);
	irqlab_trace_set_on(NULL, false);
	ck_assert(!irqlab_trace_is_on(NULL));
	irqlab_trace_clear(NULL);
	irqlab_trace_reset_counts(NULL);
	irqlab_trace_set_task(NULL, "x", 1);
	ck_assert_int_eq(irqlab_trace_set_size(NULL, 1), -EINVAL);
	ck_assert_int_eq(irqlab_trace_render(NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_trace_counts(NULL, "x", NULL, 0), -ENOENT);
	ck_assert_int_eq(irqlab_perf_stat_render(NULL, "x", 0, NULL), -ENOENT);
	ck_assert_int_eq(irqlab_trace_event_enabled(NULL, "x"), -ENOENT);
	ck_assert_int_eq(irqlab_trace_set_event(NULL, "x", true), -EINVAL);
	irqlab_machine_set_current(tm);
}
END_TEST

static Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("ftrace");

	tcase_add_checked_fixture(tc, setup, tm_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_default_off);
	tcase_add_test(tc, test_handler_events);
	tcase_add_test(tc, test_contexts);
	tcase_add_test(tc, test_tracing_on_off_and_clear);
	tcase_add_test(tc, test_ring_overwrite);
	tcase_add_test(tc, test_enable_files);
	tcase_add_test(tc, test_alloc_failures);
	tcase_add_test(tc, test_no_machine);
	tcase_add_test(tc, test_event_table_full);
	suite_add_tcase(s, tc);

	tc = tcase_create("perf");
	tcase_add_checked_fixture(tc, setup, tm_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_counts_and_perf);
	tcase_add_test(tc, test_grouping);
	tcase_add_test(tc, test_perf_events);
	tcase_add_test(tc, test_gic_has_no_x86_events);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(trace_suite());
}
