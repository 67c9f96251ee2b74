// SPDX-License-Identifier: MIT
/*
 * The machine: configuration, CPU topology, the thread's current machine
 * and CPU, the virtual clock, the seeded random generator and the queue of
 * deferred work (software resends and interrupt threads).
 */
#include <stdlib.h>
#include <string.h>

#include "internals.h"

static _Thread_local struct irqlab_machine *cur_machine;
static _Thread_local unsigned int cur_cpu;

struct irqlab_machine *irqlab_cur(void)
{
	return cur_machine;
}

struct irqlab_machine *irqlab_machine_current(void)
{
	return cur_machine;
}

struct irqlab_machine *irqlab_machine_set_current(struct irqlab_machine *m)
{
	struct irqlab_machine *old = cur_machine;

	cur_machine = m;
	return old;
}

unsigned int irqlab_this_cpu(void)
{
	return cur_cpu;
}

void irqlab_set_this_cpu(unsigned int cpu)
{
	cur_cpu = cpu;
}

static int check_config(const struct irqlab_machine_config *c)
{
	if (c->nr_cpus > IRQLAB_MAX_CPUS)
		return -EINVAL;
	if (c->nr_present > c->nr_cpus || c->nr_online > c->nr_present)
		return -EINVAL;
	if (c->nr_nodes > c->nr_cpus || c->nr_nodes > 1024)
		return -EINVAL;
	if (c->smt > 8 || (c->smt && c->nr_cpus % c->smt))
		return -EINVAL;
	if (c->nr_irqs && (c->nr_irqs < 16 || c->nr_irqs > IRQLAB_MAX_IRQS))
		return -EINVAL;
	if (c->platform > IRQLAB_PLATFORM_HYPERV)
		return -EINVAL;
	return 0;
}

static void fill_defaults(struct irqlab_machine_config *c)
{
	if (!c->nr_cpus)
		c->nr_cpus = 4;
	if (!c->nr_present)
		c->nr_present = c->nr_cpus;
	if (!c->nr_online)
		c->nr_online = c->nr_present;
	if (!c->nr_nodes)
		c->nr_nodes = 1;
	if (!c->smt)
		c->smt = 1;
	if (!c->nr_irqs)
		c->nr_irqs = IRQLAB_MAX_IRQS;
	if (!c->kernel_version)
		c->kernel_version = KERNEL_VERSION(6, 16, 0);
}

static int setup_topology(struct irqlab_machine *m)
{
	unsigned int cpu, n;

	m->possible = irqlab_cpumask_alloc(m->nr_cpus);
	m->present = irqlab_cpumask_alloc(m->nr_cpus);
	m->online = irqlab_cpumask_alloc(m->nr_cpus);
	m->isolated = irqlab_cpumask_alloc(m->nr_cpus);
	m->housekeeping = irqlab_cpumask_alloc(m->nr_cpus);
	m->default_affinity = irqlab_cpumask_alloc(m->nr_cpus);
	m->cpu_node = kcalloc(m->nr_cpus, sizeof(int), GFP_KERNEL);
	m->node_mask = kcalloc(m->nr_nodes, sizeof(*m->node_mask), GFP_KERNEL);
	m->cpu_mask = kcalloc(m->nr_cpus, sizeof(*m->cpu_mask), GFP_KERNEL);
	m->sibling_mask = kcalloc(m->nr_cpus / m->smt, sizeof(*m->sibling_mask),
				  GFP_KERNEL);
	if (!m->possible || !m->present || !m->online || !m->isolated ||
	    !m->housekeeping || !m->default_affinity || !m->cpu_node ||
	    !m->node_mask || !m->cpu_mask || !m->sibling_mask)
		return -ENOMEM;
	for (n = 0; n < m->nr_nodes; n++) {
		m->node_mask[n] = irqlab_cpumask_alloc(m->nr_cpus);
		if (!m->node_mask[n])
			return -ENOMEM;
	}
	for (cpu = 0; cpu < m->nr_cpus; cpu++) {
		/* Nodes own contiguous, nearly equal blocks of CPU ids. */
		m->cpu_node[cpu] = (int)((unsigned long long)cpu * m->nr_nodes / m->nr_cpus);
		cpumask_set_cpu(cpu, m->node_mask[m->cpu_node[cpu]]);
		cpumask_set_cpu(cpu, m->possible);
		if (cpu < m->cfg.nr_present)
			cpumask_set_cpu(cpu, m->present);
		if (cpu < m->cfg.nr_online)
			cpumask_set_cpu(cpu, m->online);
	}
	cpumask_setall(m->default_affinity);
	return 0;
}

static int setup_isolation(struct irqlab_machine *m)
{
	int ret;

	if (m->cfg.isolcpus && *m->cfg.isolcpus) {
		ret = cpulist_parse(m->cfg.isolcpus, m->isolated);
		if (ret)
			return ret == -ENOMEM ? -ENOMEM : -EINVAL;
	}
	m->hk_managed_irq = !cpumask_empty(m->isolated);
	cpumask_andnot(m->housekeeping, m->possible, m->isolated);
	/* isolcpus= that isolates every CPU is ignored by the kernel too. */
	if (cpumask_empty(m->housekeeping)) {
		cpumask_copy(m->housekeeping, m->possible);
		cpumask_clear(m->isolated);
		m->hk_managed_irq = false;
	}
	return 0;
}

static const struct irqlab_platform_ops *platform_ops(enum irqlab_platform p)
{
	switch (p) {
	case IRQLAB_PLATFORM_X86:
		return &irqlab_x86_platform;
	case IRQLAB_PLATFORM_GIC:
		return &irqlab_gic_platform;
	case IRQLAB_PLATFORM_HYPERV:
		return &irqlab_hv_platform;
	default:
		return NULL;
	}
}

/* Run the platform's init with the machine current, as kernel code expects. */
static int setup_platform(struct irqlab_machine *m)
{
	struct irqlab_machine *prev;
	unsigned int prev_cpu = cur_cpu;
	int ret = 0;

	if (m->cfg.platform == IRQLAB_PLATFORM_NONE)
		return 0;
	m->platform = platform_ops(m->cfg.platform);
	if (!m->platform)
		return -EOPNOTSUPP; /* not built yet */
	if (m->platform->init) {
		prev = irqlab_machine_set_current(m);
		cur_cpu = cpumask_first(m->online);
		ret = m->platform->init(m);
		cur_cpu = prev_cpu;
		irqlab_machine_set_current(prev);
	}
	return ret;
}

/**
 * irqlab_machine_create() - build a machine and make it current.
 * @cfg: configuration or NULL for the defaults.
 * @out: result.
 *
 * Return: 0, -EINVAL for a bad configuration, -ENOMEM.
 */
int irqlab_machine_create(const struct irqlab_machine_config *cfg,
			  struct irqlab_machine **out)
{
	struct irqlab_machine_config c = { 0 };
	struct irqlab_machine *m;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (cfg)
		c = *cfg;
	ret = check_config(&c);
	if (ret)
		return ret;
	fill_defaults(&c);
	if (c.smt > 1 && c.nr_cpus % c.smt)
		return -EINVAL;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->cfg = c;
	m->cfg.isolcpus = NULL; /* not kept: the caller owns the string */
	m->nr_cpus = c.nr_cpus;
	m->nr_nodes = c.nr_nodes;
	m->smt = c.smt;
	m->nr_irqs = c.nr_irqs;
	m->kernel_version = c.kernel_version;
	m->rng_state = c.seed;
	irqlab_lock_init(&m->sparse_lock);
	irqlab_lock_init(&m->domain_list_lock);
	irqlab_lock_init(&m->log_lock);
	irqlab_lock_init(&m->work_lock);
	seq_init(&m->log);
	irqlab_radix_init(&m->descs);
	m->cfg.isolcpus = c.isolcpus;
	ret = setup_topology(m);
	if (!ret)
		ret = setup_isolation(m);
	m->cfg.isolcpus = NULL;
	if (!ret)
		ret = irqlab_idmap_init(&m->allocated_irqs, m->nr_irqs);
	if (!ret)
		ret = setup_platform(m);
	if (ret) {
		irqlab_machine_destroy(m);
		return ret;
	}
	cur_machine = m;
	cur_cpu = cpumask_first(m->online);
	*out = m;
	return 0;
}

static void free_mask_array(struct cpumask **a, unsigned int n)
{
	unsigned int i;

	if (!a)
		return;
	for (i = 0; i < n; i++)
		kfree(a[i]);
	kfree(a);
}

/**
 * irqlab_machine_destroy() - free a machine and everything it owns.
 * @m: the machine, or NULL.
 */
void irqlab_machine_destroy(struct irqlab_machine *m)
{
	struct irqlab_machine *prev;

	if (!m)
		return;
	/* Teardown code calls kernel-named functions: make @m current. */
	prev = irqlab_machine_set_current(m);
	irqlab_release_all_actions(m);
	/* Devices release their MSI domains before their parents go. */
	irqlab_pci_devs_destroy(m);
	/* Platform teardown frees its domains' irqs and its hardware. */
	if (m->platform && m->platform->exit)
		m->platform->exit(m);
	irqlab_domains_destroy(m);
	irqlab_descs_destroy(m);
	irqlab_pci_fns_destroy(m);
	irqlab_sysmem_destroy(m);
	irqlab_bus_destroy(m);
	m->timers = NULL; /* owners embedded their timers and are gone */
	irqlab_idmap_destroy(&m->allocated_irqs);
	kfree(m->work);
	free_mask_array(m->node_mask, m->nr_nodes);
	free_mask_array(m->cpu_mask, m->nr_cpus);
	free_mask_array(m->sibling_mask, m->smt ? m->nr_cpus / m->smt : 0);
	kfree(m->cpu_node);
	kfree(m->possible);
	kfree(m->present);
	kfree(m->online);
	kfree(m->isolated);
	kfree(m->housekeeping);
	kfree(m->default_affinity);
	irqlab_vfs_destroy(m);
	irqlab_trace_destroy(m);
	seq_release_buf(&m->log);
	free(m->once_sites);
	irqlab_lock_destroy(&m->sparse_lock);
	irqlab_lock_destroy(&m->domain_list_lock);
	irqlab_lock_destroy(&m->log_lock);
	irqlab_lock_destroy(&m->work_lock);
	kfree(m);
	irqlab_machine_set_current(prev == m ? NULL : prev);
}

unsigned int irqlab_machine_kernel_version(const struct irqlab_machine *m)
{
	return m->kernel_version;
}

enum irqlab_platform irqlab_machine_platform(const struct irqlab_machine *m)
{
	return m->cfg.platform;
}

unsigned int irqlab_machine_nr_irqs(const struct irqlab_machine *m)
{
	return m->nr_irqs;
}

/* ---- topology of the current machine -------------------------------- */

unsigned int irqlab_nr_cpu_ids(void)
{
	return cur_machine ? cur_machine->nr_cpus : 1;
}

const struct cpumask *irqlab_cpu_possible_mask(void)
{
	return cur_machine->possible;
}

const struct cpumask *irqlab_cpu_present_mask(void)
{
	return cur_machine->present;
}

const struct cpumask *irqlab_cpu_online_mask(void)
{
	return cur_machine->online;
}

const struct cpumask *irqlab_cpu_isolated_mask(void)
{
	return cur_machine->isolated;
}

const struct cpumask *irqlab_irq_default_affinity(void)
{
	return cur_machine->default_affinity;
}

bool cpu_online(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cur_machine->online);
}

bool cpu_present(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cur_machine->present);
}

bool cpu_possible(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cur_machine->possible);
}

unsigned int num_online_cpus(void)
{
	return cpumask_weight(cur_machine->online);
}

unsigned int num_possible_cpus(void)
{
	return cur_machine->nr_cpus;
}

unsigned int num_present_cpus(void)
{
	return cpumask_weight(cur_machine->present);
}

int cpu_to_node(unsigned int cpu)
{
	if (cpu >= cur_machine->nr_cpus)
		return NUMA_NO_NODE;
	return cur_machine->cpu_node[cpu];
}

unsigned int irqlab_nr_node_ids(void)
{
	return cur_machine->nr_nodes;
}

/* An empty mask kept for out-of-range requests (cpumask_of(nr_cpus)). */
static const struct cpumask *empty_mask(struct irqlab_machine *m)
{
	static _Thread_local struct {
		struct cpumask m;
		unsigned long w[1];
	} none;
	(void)m;
	none.m.nbits = 0;
	return &none.m;
}

/**
 * cpumask_of_node() - the CPUs of a NUMA node.
 * @node: node id; NUMA_NO_NODE gives all possible CPUs.
 *
 * Return: the mask (shared, immutable); an unknown node gives an empty mask.
 */
const struct cpumask *cpumask_of_node(int node)
{
	struct irqlab_machine *m = cur_machine;

	if (node == NUMA_NO_NODE)
		return m->possible;
	if (node < 0 || (unsigned int)node >= m->nr_nodes)
		return empty_mask(m);
	return m->node_mask[node];
}

unsigned int topology_core_id(unsigned int cpu)
{
	return cpu / cur_machine->smt;
}

const struct cpumask *cpumask_of(unsigned int cpu)
{
	struct irqlab_machine *m = cur_machine;
	struct cpumask *mask;

	if (cpu >= m->nr_cpus)
		return empty_mask(m);
	mask = __atomic_load_n(&m->cpu_mask[cpu], __ATOMIC_ACQUIRE);
	if (mask)
		return mask;
	mask = irqlab_cpumask_alloc(m->nr_cpus);
	if (!mask)
		return empty_mask(m);
	cpumask_set_cpu(cpu, mask);
	{
		struct cpumask *expected = NULL;

		if (!__atomic_compare_exchange_n(&m->cpu_mask[cpu], &expected, mask, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			kfree(mask);
			return expected;
		}
	}
	return mask;
}

const struct cpumask *topology_sibling_cpumask(unsigned int cpu)
{
	struct irqlab_machine *m = cur_machine;
	unsigned int core, i;
	struct cpumask *mask, *expected = NULL;

	if (cpu >= m->nr_cpus)
		return empty_mask(m);
	core = cpu / m->smt;
	mask = __atomic_load_n(&m->sibling_mask[core], __ATOMIC_ACQUIRE);
	if (mask)
		return mask;
	mask = irqlab_cpumask_alloc(m->nr_cpus);
	if (!mask)
		return empty_mask(m);
	for (i = 0; i < m->smt; i++)
		cpumask_set_cpu(core * m->smt + i, mask);
	if (!__atomic_compare_exchange_n(&m->sibling_mask[core], &expected, mask, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		kfree(mask);
		return expected;
	}
	return mask;
}

bool housekeeping_enabled(enum hk_type type)
{
	return type == HK_TYPE_MANAGED_IRQ && cur_machine->hk_managed_irq;
}

const struct cpumask *housekeeping_cpumask(enum hk_type type)
{
	(void)type;
	return cur_machine->housekeeping;
}

/**
 * irqlab_set_cpu_online() - flip a CPU's online bit.
 * @m: machine.
 * @cpu: the CPU.
 * @online: new state.
 *
 * Return: 0, -EINVAL (not present), -EBUSY (last online CPU), -EALREADY.
 */
int irqlab_set_cpu_online(struct irqlab_machine *m, unsigned int cpu, bool online)
{
	if (cpu >= m->nr_cpus || !cpumask_test_cpu(cpu, m->present))
		return -EINVAL;
	if (cpumask_test_cpu(cpu, m->online) == online)
		return -EALREADY;
	if (!online && cpumask_weight(m->online) == 1)
		return -EBUSY;
	if (online)
		cpumask_set_cpu(cpu, m->online);
	else
		cpumask_clear_cpu(cpu, m->online);
	return 0;
}

/* ---- time and randomness --------------------------------------------- */

unsigned long long irqlab_clock_ns(const struct irqlab_machine *m)
{
	return m->clock_ns;
}

/**
 * irqlab_clock_advance() - let virtual time pass.
 * @m: machine.
 * @ns: nanoseconds.
 *
 * Timers that become due fire, in expiry order, each at its own expiry time.
 */
void irqlab_clock_advance(struct irqlab_machine *m, unsigned long long ns)
{
	unsigned long long end = m->clock_ns + ns, next;

	while (irqlab_timer_next(m, &next) && next <= end) {
		if (next > m->clock_ns)
			m->clock_ns = next;
		irqlab_timers_run(m);
	}
	m->clock_ns = end;
}

/* jiffies start at 0 with the machine; HZ=250 (4 ms) as on many distros. */
unsigned long irqlab_jiffies(const struct irqlab_machine *m)
{
	return (unsigned long)(m->clock_ns / (1000000000ULL / IRQLAB_HZ));
}

/* splitmix64: tiny, good enough, and reproducible from the seed alone. */
u64 irqlab_random(struct irqlab_machine *m)
{
	u64 z = (m->rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* ---- deferred work ---------------------------------------------------- */

/**
 * irqlab_work_queue() - queue a software resend or an irq thread run.
 * @m: machine.
 * @irq: the irq.
 * @action: the action whose thread should run, or NULL for a resend.
 *
 * Return: 0 or -ENOMEM.
 */
int irqlab_work_queue(struct irqlab_machine *m, unsigned int irq,
		      struct irqaction *action)
{
	int ret = 0;

	irqlab_lock_acquire(&m->work_lock);
	if (m->work_tail == m->work_cap) {
		unsigned int live = m->work_tail - m->work_head;

		if (m->work_head) {
			/* Compact before growing. */
			memmove(m->work, m->work + m->work_head, live * sizeof(*m->work));
			m->work_head = 0;
			m->work_tail = live;
		}
		if (m->work_tail == m->work_cap) {
			unsigned int ncap = m->work_cap ? m->work_cap * 2 : 16;
			struct irqlab_work *nw;

			nw = krealloc(m->work, ncap * sizeof(*nw), GFP_ATOMIC);
			if (!nw) {
				ret = -ENOMEM;
				goto out;
			}
			m->work = nw;
			m->work_cap = ncap;
		}
	}
	m->work[m->work_tail].irq = irq;
	m->work[m->work_tail].action = action;
	m->work_tail++;
out:
	irqlab_lock_release(&m->work_lock);
	return ret;
}

/**
 * irqlab_work_cancel() - drop queued work of an irq.
 * @m: machine.
 * @irq: the irq.
 * @action: only items of this action; NULL drops resends of @irq only.
 */
void irqlab_work_cancel(struct irqlab_machine *m, unsigned int irq,
			struct irqaction *action)
{
	unsigned int i;

	irqlab_lock_acquire(&m->work_lock);
	for (i = m->work_head; i < m->work_tail; i++) {
		if (m->work[i].irq == irq && m->work[i].action == action) {
			m->work[i].irq = IRQLAB_WORK_DONE;
			m->work[i].action = NULL;
		}
	}
	irqlab_lock_release(&m->work_lock);
}

/* Run the deferred-work queue once through; returns items run. */
static unsigned int run_work(struct irqlab_machine *m)
{
	unsigned int ran = 0, end;

	irqlab_lock_acquire(&m->work_lock);
	end = m->work_tail;
	irqlab_lock_release(&m->work_lock);
	for (;;) {
		struct irqlab_work w;

		irqlab_lock_acquire(&m->work_lock);
		if (m->work_head == m->work_tail) {
			m->work_head = m->work_tail = 0;
			irqlab_lock_release(&m->work_lock);
			break;
		}
		/* Items queued by the items run now wait for the next pass. */
		if (m->work_head >= end) {
			irqlab_lock_release(&m->work_lock);
			break;
		}
		w = m->work[m->work_head++];
		irqlab_lock_release(&m->work_lock);
		if (w.irq == IRQLAB_WORK_DONE)
			continue;
		if (w.action)
			irqlab_irq_thread_run(m, w.irq, w.action);
		else
			irqlab_resend_run(m, w.irq);
		ran++;
	}
	return ran;
}

/**
 * irqlab_cpu_run() - let one CPU take the interrupts pending at its
 * interrupt controller.
 * @m: machine.
 * @cpu: an online CPU.
 *
 * Return: the number of interrupts dispatched (0 on a platform without an
 * interrupt controller, or for an offline CPU).
 */
unsigned int irqlab_cpu_run(struct irqlab_machine *m, unsigned int cpu)
{
	struct irqlab_machine *prev;
	unsigned int prev_cpu = cur_cpu, n;

	if (!m->platform || !m->platform->cpu_run || cpu >= m->nr_cpus ||
	    !cpumask_test_cpu(cpu, m->online))
		return 0;
	prev = irqlab_machine_set_current(m);
	cur_cpu = cpu;
	n = m->platform->cpu_run(m, cpu);
	cur_cpu = prev_cpu;
	irqlab_machine_set_current(prev);
	return n;
}

/* Bound on the rounds of irqlab_run_until_idle(): a livelock is a bug. */
#define IRQLAB_IDLE_MAX_ROUNDS 1000000

/**
 * irqlab_run_until_idle() - run everything that is runnable until idle.
 * @m: machine.
 *
 * Each round runs the deferred work queued so far (software resends,
 * interrupt threads), then lets every online CPU, lowest id first, take
 * its pending interrupts, then fires due timers.  When a round does
 * nothing and a timer is pending, virtual time jumps to its expiry.
 *
 * Return: the number of work items, interrupts and timers run.
 */
unsigned int irqlab_run_until_idle(struct irqlab_machine *m)
{
	struct irqlab_machine *prev = irqlab_machine_set_current(m);
	unsigned int total = 0, rounds;

	for (rounds = 0; rounds < IRQLAB_IDLE_MAX_ROUNDS; rounds++) {
		unsigned long long next;
		unsigned int n, cpu;

		n = run_work(m);
		for_each_cpu(cpu, m->online)
			n += irqlab_cpu_run(m, cpu);
		n += irqlab_timers_run(m);
		total += n;
		if (n)
			continue;
		if (!irqlab_timer_next(m, &next))
			break;
		if (next > m->clock_ns)
			m->clock_ns = next;
	}
	WARN(rounds == IRQLAB_IDLE_MAX_ROUNDS,
	     "irqlab: machine not idle after %u rounds\n", rounds);
	irqlab_machine_set_current(prev);
	return total;
}

/**
 * irqlab_handle_irq_on() - deliver @irq on @cpu.
 * @m: machine.
 * @cpu: an online CPU.
 * @irq: the irq.
 *
 * Return: 0, -EINVAL for an offline CPU or a missing descriptor.
 */
int irqlab_handle_irq_on(struct irqlab_machine *m, unsigned int cpu, unsigned int irq)
{
	struct irqlab_machine *prev;
	unsigned int prev_cpu = cur_cpu;
	int ret;

	if (cpu >= m->nr_cpus || !cpumask_test_cpu(cpu, m->online))
		return -EINVAL;
	prev = irqlab_machine_set_current(m);
	cur_cpu = cpu;
	ret = generic_handle_irq(irq);
	cur_cpu = prev_cpu;
	irqlab_machine_set_current(prev);
	return ret;
}
