// SPDX-License-Identifier: MIT
/* Machine model: configuration, topology, current machine, log, clock. */
#include <string.h>

#include "fixture.h"
#include "internals.h"

static const char *list(const struct cpumask *m)
{
	static char buf[256];

	irqlab_cpumask_snprint(buf, sizeof(buf), m, true);
	return buf;
}

START_TEST(test_defaults)
{
	tm_create(NULL);
	ck_assert_uint_eq(num_possible_cpus(), 4);
	ck_assert_uint_eq(num_online_cpus(), 4);
	ck_assert_uint_eq(num_present_cpus(), 4);
	ck_assert_uint_eq(nr_node_ids, 1);
	ck_assert_str_eq(list(cpu_online_mask), "0-3");
	ck_assert_int_eq(cpu_to_node(3), 0);
	ck_assert_int_eq(cpu_to_node(4), NUMA_NO_NODE);
	ck_assert_uint_eq(irqlab_machine_kernel_version(tm), KERNEL_VERSION(6, 16, 0));
	ck_assert_int_eq(irqlab_machine_platform(tm), IRQLAB_PLATFORM_NONE);
	ck_assert_uint_eq(irqlab_machine_nr_irqs(tm), IRQLAB_MAX_IRQS);
	ck_assert_ptr_eq(irqlab_machine_current(), tm);
	ck_assert(!housekeeping_enabled(HK_TYPE_MANAGED_IRQ));
	ck_assert_str_eq(list(irq_default_affinity), "0-3");
	tm_destroy();
	ck_assert_ptr_null(irqlab_machine_current());
}
END_TEST

START_TEST(test_topology)
{
	struct irqlab_machine_config cfg = {
		.nr_cpus = 16, .nr_present = 12, .nr_online = 8, .nr_nodes = 2, .smt = 2,
	};

	tm_create(&cfg);
	ck_assert_str_eq(list(cpu_possible_mask), "0-15");
	ck_assert_str_eq(list(cpu_present_mask), "0-11");
	ck_assert_str_eq(list(cpu_online_mask), "0-7");
	ck_assert_str_eq(list(cpumask_of_node(0)), "0-7");
	ck_assert_str_eq(list(cpumask_of_node(1)), "8-15");
	ck_assert_str_eq(list(cpumask_of_node(NUMA_NO_NODE)), "0-15");
	ck_assert_str_eq(list(cpumask_of_node(2)), "");
	ck_assert_str_eq(list(topology_sibling_cpumask(5)), "4-5");
	ck_assert_ptr_eq(topology_sibling_cpumask(4), topology_sibling_cpumask(5));
	ck_assert_str_eq(list(topology_sibling_cpumask(16)), "");
	ck_assert_uint_eq(topology_core_id(5), 2);
	ck_assert_int_eq(cpu_to_node(9), 1);
	ck_assert_str_eq(list(cpumask_of(9)), "9");
	ck_assert_ptr_eq(cpumask_of(9), cpumask_of(9));
	ck_assert_str_eq(list(cpumask_of(99)), "");
	ck_assert(cpu_present(11) && !cpu_present(12));
	ck_assert(cpu_possible(15) && !cpu_possible(16));
	ck_assert(!cpu_online(8));
	tm_destroy();
}
END_TEST

/* Uneven nodes: 10 CPUs on 3 nodes split into contiguous blocks. */
START_TEST(test_uneven_nodes)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 10, .nr_nodes = 3 };

	tm_create(&cfg);
	ck_assert_str_eq(list(cpumask_of_node(0)), "0-3");
	ck_assert_str_eq(list(cpumask_of_node(1)), "4-6");
	ck_assert_str_eq(list(cpumask_of_node(2)), "7-9");
	tm_destroy();
}
END_TEST

START_TEST(test_isolcpus)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 8, .isolcpus = "2-3,6" };

	tm_create(&cfg);
	ck_assert(housekeeping_enabled(HK_TYPE_MANAGED_IRQ));
	ck_assert_str_eq(list(housekeeping_cpumask(HK_TYPE_MANAGED_IRQ)), "0-1,4-5,7");
	ck_assert_str_eq(list(irqlab_cpu_isolated_mask()), "2-3,6");
	tm_destroy();
}
END_TEST

START_TEST(test_bad_configs)
{
	static const struct irqlab_machine_config bad[] = {
		{ .nr_cpus = IRQLAB_MAX_CPUS + 1 },
		{ .nr_cpus = 4, .nr_present = 5 },
		{ .nr_cpus = 4, .nr_present = 2, .nr_online = 3 },
		{ .nr_cpus = 4, .nr_nodes = 5 },
		{ .nr_cpus = 6, .smt = 4 },
		{ .nr_cpus = 8, .smt = 9 },
		{ .nr_irqs = 8 },
		{ .nr_irqs = IRQLAB_MAX_IRQS + 1 },
		{ .platform = (enum irqlab_platform)42 },
		{ .nr_cpus = 4, .isolcpus = "0-9" },
		{ .nr_cpus = 4, .isolcpus = "x" },
	};
	struct irqlab_machine *m = (void *)1;
	long live = irqlab_alloc_live();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_msg(irqlab_machine_create(&bad[i], &m) == -EINVAL, "config %u", i);
		ck_assert_ptr_null(m);
	}
	ck_assert_int_eq(irqlab_machine_create(NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_alloc_live(), live);
	ck_assert_ptr_null(irqlab_machine_current());
}
END_TEST

/* isolcpus covering every CPU is ignored, as by the kernel. */
START_TEST(test_isolcpus_all_ignored)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 2, .isolcpus = "0-1" };

	tm_create(&cfg);
	ck_assert(!housekeeping_enabled(HK_TYPE_MANAGED_IRQ));
	ck_assert_str_eq(list(housekeeping_cpumask(HK_TYPE_MANAGED_IRQ)), "0-1");
	tm_destroy();
}
END_TEST

/* Every allocation of machine creation can fail without a leak. */
START_TEST(test_create_enomem)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 8, .nr_nodes = 2, .isolcpus = "1" };
	long live = irqlab_alloc_live();
	struct irqlab_machine *m;
	unsigned long n;
	int ret;

	for (n = 1;; n++) {
		irqlab_fail_nth_alloc(n);
		ret = irqlab_machine_create(&cfg, &m);
		if (!irqlab_alloc_fault_hit())
			break;
		ck_assert_int_eq(ret, -ENOMEM);
		ck_assert_int_eq(irqlab_alloc_live(), live);
	}
	irqlab_fail_nth_alloc(0);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_gt(n, 10);
	irqlab_machine_destroy(m);
	ck_assert_int_eq(irqlab_alloc_live(), live);
}
END_TEST

START_TEST(test_cpu_online_rules)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 4, .nr_present = 3, .nr_online = 2 };

	tm_create(&cfg);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 3, true), -EINVAL); /* not present */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 9, true), -EINVAL);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 1, true), -EALREADY);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, true), 0);
	ck_assert_str_eq(list(cpu_online_mask), "0-2");
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 0, false), 0);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 1, false), 0);
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, false), -EBUSY); /* last one */
	ck_assert_str_eq(list(cpu_online_mask), "2");
	tm_destroy();
}
END_TEST

START_TEST(test_two_machines)
{
	struct irqlab_machine_config c2 = { .nr_cpus = 2 }, c8 = { .nr_cpus = 8 };
	struct irqlab_machine *a, *b;

	ck_assert_int_eq(irqlab_machine_create(&c2, &a), 0);
	ck_assert_int_eq(irqlab_machine_create(&c8, &b), 0);
	ck_assert_ptr_eq(irqlab_machine_current(), b);
	ck_assert_uint_eq(nr_cpu_ids, 8);
	ck_assert_ptr_eq(irqlab_machine_set_current(a), b);
	ck_assert_uint_eq(nr_cpu_ids, 2);
	ck_assert_int_ge(irq_alloc_descs(-1, 1, 3, NUMA_NO_NODE), 1);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), 3);
	irqlab_machine_set_current(b);
	ck_assert_uint_eq(irqlab_nr_active_irqs(), 0);
	irqlab_machine_destroy(a);
	ck_assert_ptr_eq(irqlab_machine_current(), b);
	irqlab_machine_destroy(b);
	ck_assert_ptr_null(irqlab_machine_current());
}
END_TEST

START_TEST(test_log_and_warn)
{
	unsigned int w;

	tm_create(NULL);
	w = irqlab_warn_count(tm);
	irqlab_clock_advance(tm, 1500000000ULL + 250000);
	pr_err("hello %d", 42);
	pr_info("two\nlines\n");
	ck_assert_str_eq(irqlab_dmesg(tm),
			 "[    1.500250] hello 42\n[    1.500250] two\n[    1.500250] lines\n");
	ck_assert(WARN(1, "Unbalanced enable for IRQ %d\n", 7));
	ck_assert(!WARN_ON(0));
	ck_assert_uint_eq(irqlab_warn_count(tm), w + 1);
	ck_assert_log("Unbalanced enable for IRQ 7");
	ck_assert_log("WARNING: CPU: 0 PID: 0 at ");
	ck_assert_log("------------[ cut here ]------------");
	ck_assert_uint_eq(irqlab_log_count(tm, "hello"), 1);
	ck_assert_uint_eq(irqlab_log_count(tm, "[    1.500250]"), 7);
	irqlab_log_clear(tm);
	ck_assert_str_eq(irqlab_dmesg(tm), "");
	ck_assert_uint_eq(irqlab_warn_count(tm), w + 1);
	ck_assert_no_log("hello");
	tm_destroy();
}
END_TEST

/* One _ONCE call site reporting, as _ONCE does in a boot. */
static bool warn_once_site(bool cond)
{
	return WARN_ON_ONCE(cond);
}

static void warn_once_msg_site(void)
{
	WARN_ONCE(1, "once %d\n", 1);
	pr_warn_once("pr once\n");
	pr_err_once("err once\n");
}

/* _ONCE variants report once per call site and machine (a machine is a boot). */
START_TEST(test_warn_once_per_machine)
{
	struct irqlab_machine *other;
	unsigned int w;

	tm_create(NULL);
	w = irqlab_warn_count(tm);
	ck_assert(!warn_once_site(false));
	ck_assert_uint_eq(irqlab_warn_count(tm), w);
	/* The condition is returned every time; the report comes once. */
	ck_assert(warn_once_site(true));
	ck_assert(warn_once_site(true));
	ck_assert_uint_eq(irqlab_warn_count(tm), w + 1);
	warn_once_msg_site();
	warn_once_msg_site();
	ck_assert_uint_eq(irqlab_warn_count(tm), w + 2);
	ck_assert_uint_eq(irqlab_log_count(tm, "once 1"), 1);
	ck_assert_uint_eq(irqlab_log_count(tm, "pr once"), 1);
	ck_assert_uint_eq(irqlab_log_count(tm, "err once"), 1);
	/* dmesg -c does not reset them, as in the kernel. */
	irqlab_log_clear(tm);
	warn_once_msg_site();
	ck_assert_no_log("once");
	/* Another machine is another boot: it reports again. */
	ck_assert_int_eq(irqlab_machine_create(NULL, &other), 0);
	ck_assert(warn_once_site(true));
	ck_assert_uint_eq(irqlab_warn_count(other), 1);
	warn_once_msg_site();
	ck_assert_uint_eq(irqlab_log_count(other, "pr once"), 1);
	irqlab_machine_destroy(other);
	irqlab_machine_set_current(tm);
	ck_assert_uint_eq(irqlab_warn_count(tm), w + 2);
	tm_destroy();
	/* Without a machine nothing is remembered: every call reports. */
	ck_assert(irqlab_once(&w));
	ck_assert(irqlab_once(&w));
}
END_TEST

START_TEST(test_clock_and_random)
{
	struct irqlab_machine_config cfg = { .seed = 1234 };
	struct irqlab_machine *other;
	u64 a, b;

	tm_create(&cfg);
	ck_assert_uint_eq(irqlab_jiffies(tm), 0);
	irqlab_clock_advance(tm, 4000000ULL * 3);
	ck_assert_uint_eq(irqlab_jiffies(tm), 3);
	ck_assert_uint_eq(jiffies, 3);
	ck_assert_uint_eq(irqlab_clock_ns(tm), 12000000ULL);
	a = irqlab_random(tm);
	ck_assert_int_eq(irqlab_machine_create(&cfg, &other), 0);
	b = irqlab_random(other);
	ck_assert(a == b); /* same seed, same stream */
	ck_assert(irqlab_random(other) != b);
	irqlab_machine_destroy(other);
	irqlab_machine_set_current(tm);
	tm_destroy();
}
END_TEST

START_TEST(test_strerror)
{
	ck_assert_str_eq(irqlab_strerror(-EBUSY), "EBUSY");
	ck_assert_str_eq(irqlab_strerror(EPERM), "EPERM");
	ck_assert_str_eq(irqlab_strerror(-ENOTSUPP), "ENOTSUPP");
	ck_assert_str_eq(irqlab_strerror(-9999), "E?");
}
END_TEST

START_TEST(test_printk_without_machine)
{
	ck_assert_ptr_null(irqlab_machine_current());
	pr_info("no machine: goes to stderr");
	ck_assert_uint_eq(nr_cpu_ids, 1);
	ck_assert_ptr_null(irq_to_desc(1));
	ck_assert_int_eq(irq_alloc_descs(-1, 1, 1, 0), -EINVAL);
}
END_TEST

static Suite *machine_suite(void)
{
	Suite *s = suite_create("machine");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_topology);
	tcase_add_test(tc, test_uneven_nodes);
	tcase_add_test(tc, test_isolcpus);
	tcase_add_test(tc, test_isolcpus_all_ignored);
	tcase_add_test(tc, test_bad_configs);
	tcase_add_test(tc, test_create_enomem);
	tcase_add_test(tc, test_cpu_online_rules);
	tcase_add_test(tc, test_two_machines);
	tcase_add_test(tc, test_log_and_warn);
	tcase_add_test(tc, test_warn_once_per_machine);
	tcase_add_test(tc, test_clock_and_random);
	tcase_add_test(tc, test_strerror);
	tcase_add_test(tc, test_printk_without_machine);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(machine_suite());
}
