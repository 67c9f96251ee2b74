/* SPDX-License-Identifier: MIT */
/*
 * The irqlab machine: CPU topology, platform, descriptor table, domains,
 * kernel log and virtual clock.  Kernel-named functions act on the current
 * machine of the calling thread (irqlab_machine_current()).
 */
#ifndef IRQLAB_MACHINE_H
#define IRQLAB_MACHINE_H

#include "irqlab/cpumask.h"
#include "irqlab/types.h"

struct irqlab_machine;

/** Maximum number of possible CPUs of one machine. */
#define IRQLAB_MAX_CPUS 8192
/** Default and maximum size of the IRQ number space. */
#define IRQLAB_MAX_IRQS (1U << 20)
#define NUMA_NO_NODE (-1)

enum irqlab_platform {
	IRQLAB_PLATFORM_NONE = 0, /* no interrupt controller: core only */
	IRQLAB_PLATFORM_X86,
	IRQLAB_PLATFORM_GIC,
	IRQLAB_PLATFORM_HYPERV,
};

/**
 * struct irqlab_machine_config - what irqlab_machine_create() builds.
 * @nr_cpus: possible CPUs, 1..IRQLAB_MAX_CPUS (0 means 4).
 * @nr_present: present CPUs, the first @nr_present (0 means all possible).
 * @nr_online: online CPUs at creation, the first present ones (0: all present).
 * @nr_nodes: NUMA nodes (0 means 1); CPUs are split into contiguous blocks.
 * @smt: hardware threads per core (0 means 1); siblings are adjacent ids.
 * @isolcpus: "isolcpus=managed_irq," CPU list, or NULL.
 * @platform: the interrupt platform.
 * @nr_irqs: size of the IRQ number space (0 means IRQLAB_MAX_IRQS).
 * @kernel_version: KERNEL_VERSION() whose semantics to follow where they
 *                  changed (0 means the newest modelled, 6.16).
 * @seed: seed of the machine's pseudo-random generator.
 */
struct irqlab_machine_config {
	unsigned int nr_cpus;
	unsigned int nr_present;
	unsigned int nr_online;
	unsigned int nr_nodes;
	unsigned int smt;
	const char *isolcpus;
	enum irqlab_platform platform;
	unsigned int nr_irqs;
	unsigned int kernel_version;
	unsigned long long seed;
};

/**
 * irqlab_machine_create() - build a machine and make it current.
 * @cfg: configuration, or NULL for 4 CPUs, one node, no platform.
 * @out: where the machine is stored on success.
 *
 * Context: makes the new machine the calling thread's current machine.
 * Return: 0, -EINVAL for an impossible configuration (message in errno
 * text only; nothing is allocated), -ENOMEM.
 */
IRQLAB_API int irqlab_machine_create(const struct irqlab_machine_config *cfg,
				     struct irqlab_machine **out);

/**
 * irqlab_machine_destroy() - free a machine and everything it owns.
 * @m: the machine (NULL is ignored).
 *
 * Frees remaining actions, descriptors and domains.  If @m is the calling
 * thread's current machine, the thread has no current machine afterwards.
 */
IRQLAB_API void irqlab_machine_destroy(struct irqlab_machine *m);

/** irqlab_machine_current() - the calling thread's current machine or NULL. */
IRQLAB_API struct irqlab_machine *irqlab_machine_current(void);

/**
 * irqlab_machine_set_current() - switch the calling thread's machine.
 * @m: the new current machine (may be NULL).
 *
 * Return: the previous current machine.
 */
IRQLAB_API struct irqlab_machine *
irqlab_machine_set_current(struct irqlab_machine *m);

IRQLAB_API unsigned int irqlab_machine_kernel_version(const struct irqlab_machine *m);
IRQLAB_API enum irqlab_platform irqlab_machine_platform(const struct irqlab_machine *m);
IRQLAB_API unsigned int irqlab_machine_nr_irqs(const struct irqlab_machine *m);

/* Topology of the current machine, under the kernel's names. */
IRQLAB_API const struct cpumask *irqlab_cpu_possible_mask(void);
IRQLAB_API const struct cpumask *irqlab_cpu_present_mask(void);
IRQLAB_API const struct cpumask *irqlab_cpu_online_mask(void);
IRQLAB_API const struct cpumask *irqlab_cpu_isolated_mask(void);
#define cpu_possible_mask irqlab_cpu_possible_mask()
#define cpu_present_mask irqlab_cpu_present_mask()
#define cpu_online_mask irqlab_cpu_online_mask()

IRQLAB_API bool cpu_online(unsigned int cpu);
IRQLAB_API bool cpu_present(unsigned int cpu);
IRQLAB_API bool cpu_possible(unsigned int cpu);
IRQLAB_API unsigned int num_online_cpus(void);
IRQLAB_API unsigned int num_possible_cpus(void);
IRQLAB_API unsigned int num_present_cpus(void);
IRQLAB_API int cpu_to_node(unsigned int cpu);
IRQLAB_API unsigned int irqlab_nr_node_ids(void);
#define nr_node_ids irqlab_nr_node_ids()
IRQLAB_API const struct cpumask *cpumask_of_node(int node);
IRQLAB_API const struct cpumask *topology_sibling_cpumask(unsigned int cpu);
IRQLAB_API unsigned int topology_core_id(unsigned int cpu);

/**
 * cpumask_of() - a shared, immutable mask with only @cpu set.
 * @cpu: a possible CPU of the current machine.
 *
 * Return: the mask; it lives as long as the machine.  An out-of-range @cpu
 * gives an empty mask.
 */
IRQLAB_API const struct cpumask *cpumask_of(unsigned int cpu);

/** smp_processor_id() - the CPU the calling context runs on. */
IRQLAB_API unsigned int irqlab_this_cpu(void);
#define smp_processor_id() irqlab_this_cpu()

/**
 * irqlab_set_cpu_online() - change a CPU's online bit (no IRQ migration).
 * @m: machine.
 * @cpu: CPU id.
 * @online: new state.
 *
 * Low-level topology change used by the hotplug code and by tests of the
 * core.  Full CPU hotplug (remove_cpu/add_cpu) migrates interrupts first.
 *
 * Return: 0, -EINVAL for a CPU that is not present, -EBUSY when taking
 * down the last online CPU, -EALREADY when the CPU is already in that state.
 */
IRQLAB_API int irqlab_set_cpu_online(struct irqlab_machine *m, unsigned int cpu,
				     bool online);

/**
 * irqlab_cpu_offline() - take a CPU down with its interrupts (remove_cpu()).
 * @m: machine.
 * @cpu: the CPU.
 *
 * The platform may refuse (x86: "CPU %u has %u vectors, %u available.
 * Cannot disable CPU"); otherwise the CPU leaves the online mask and its
 * interrupts move to other CPUs of their affinity.  A managed interrupt
 * with no online CPU left in its affinity is shut down (its disable depth
 * raised, its vector released) until a CPU of the affinity returns; a
 * non-managed one is forced onto the online CPUs ("IRQ %u: no longer
 * affine to CPU%u").
 *
 * Context: process context; one hotplug operation per machine at a time.
 * Return: 0; 1 if @cpu was already offline (nothing done, as the kernel's
 * device_offline()); -ENODEV for a CPU that does not exist; -EINVAL for a
 * CPU that is not present; -EBUSY for the last online CPU; -ENOSPC when
 * the platform cannot move the CPU's vectors.  On error nothing changes.
 */
IRQLAB_API int irqlab_cpu_offline(struct irqlab_machine *m, unsigned int cpu);

/**
 * irqlab_cpu_online() - bring a CPU up (add_cpu()).
 * @m: machine.
 * @cpu: the CPU.
 *
 * The CPU enters the online mask; managed interrupts of its affinity that
 * hotplug shut down are restarted (since v6.16 only if no driver disable
 * is left) and may spread onto it.
 *
 * Context: process context; one hotplug operation per machine at a time.
 * Return: 0; 1 if @cpu was already online (nothing done); -ENODEV for a
 * CPU that does not exist; -EINVAL for a CPU that is not present.
 */
IRQLAB_API int irqlab_cpu_online(struct irqlab_machine *m, unsigned int cpu);

/**
 * remove_cpu() - irqlab_cpu_offline() on the current machine.
 * @cpu: the CPU.
 *
 * Return: as irqlab_cpu_offline(); -ENODEV without a current machine.
 */
IRQLAB_API int remove_cpu(unsigned int cpu);

/**
 * add_cpu() - irqlab_cpu_online() on the current machine.
 * @cpu: the CPU.
 *
 * Return: as irqlab_cpu_online(); -ENODEV without a current machine.
 */
IRQLAB_API int add_cpu(unsigned int cpu);

/* Housekeeping (isolcpus=managed_irq). */
enum hk_type { HK_TYPE_MANAGED_IRQ = 0 };
IRQLAB_API bool housekeeping_enabled(enum hk_type type);
IRQLAB_API const struct cpumask *housekeeping_cpumask(enum hk_type type);

/* Virtual clock: nanoseconds since the machine was created. */
#define IRQLAB_HZ 250
IRQLAB_API unsigned long long irqlab_clock_ns(const struct irqlab_machine *m);
IRQLAB_API void irqlab_clock_advance(struct irqlab_machine *m, unsigned long long ns);
IRQLAB_API unsigned long irqlab_jiffies(const struct irqlab_machine *m);
#define jiffies irqlab_jiffies(irqlab_machine_current())

/**
 * irqlab_random() - the machine's deterministic pseudo-random generator.
 * @m: machine; its stream depends only on the configured seed.
 *
 * Return: the next 64-bit value.
 */
IRQLAB_API u64 irqlab_random(struct irqlab_machine *m);

/**
 * irqlab_run_until_idle() - run everything runnable until the machine is idle.
 * @m: machine.
 *
 * Rounds of: deferred work (software resends, woken interrupt threads, in
 * order of wake-up), then every online CPU taking the interrupts pending
 * at its interrupt controller (irqlab_cpu_run()), then due timers.  When a
 * round does nothing but a timer is pending, virtual time jumps to it.
 *
 * Return: the number of work items, interrupts and timers run.
 */
IRQLAB_API unsigned int irqlab_run_until_idle(struct irqlab_machine *m);

/**
 * irqlab_cpu_run() - let @cpu take the interrupts pending at its interrupt
 * controller (x86: the local APIC's IRR, in priority order).
 * @m: machine.
 * @cpu: an online CPU.
 *
 * Return: the number of interrupts dispatched.
 */
IRQLAB_API unsigned int irqlab_cpu_run(struct irqlab_machine *m, unsigned int cpu);

/**
 * irqlab_handle_irq_on() - deliver a Linux IRQ on a CPU, as if its
 * controller had decoded it there (irq_enter; generic_handle_irq; irq_exit).
 * @m: machine.
 * @cpu: an online CPU.
 * @irq: Linux IRQ number.
 *
 * Return: 0, -EINVAL for an offline or unknown CPU or IRQ.
 */
IRQLAB_API int irqlab_handle_irq_on(struct irqlab_machine *m, unsigned int cpu,
				    unsigned int irq);

#endif
