/* SPDX-License-Identifier: MIT */
/*
 * Interrupt descriptors (include/linux/irqdesc.h analogue): struct irq_desc,
 * sparse descriptor allocation and per-CPU interrupt statistics.
 */
#ifndef IRQLAB_IRQDESC_H
#define IRQLAB_IRQDESC_H

#include "irqlab/irq.h"
#include "irqlab/spinlock.h"

struct irqaction;
struct irqlab_machine;

/**
 * struct irqlab_kstat - per-CPU interrupt counts of one irq.
 *
 * Sparse: a small array of (cpu, count) pairs sorted by cpu, so an irq that
 * fires on few CPUs costs memory for those CPUs only, whatever the machine
 * size.  It becomes a dense array of nr_cpu_ids counters only once the irq
 * has fired on many CPUs.
 */
struct irqlab_kstat {
	unsigned int nr;	/* used pairs, or nr_cpu_ids when dense */
	unsigned int cap;	/* allocated pairs; 0 when dense */
	unsigned int *cpu;	/* sorted cpu ids of the pairs (NULL when dense) */
	unsigned int *cnt;	/* counts: per pair, or per cpu when dense */
};

/**
 * struct irq_affinity_desc - affinity of one vector.
 * @mask: the CPUs (a run-time sized mask, owned by the array's creator).
 * @is_managed: the kernel manages this affinity (not user changeable).
 */
struct irq_affinity_desc {
	struct cpumask *mask;
	unsigned int is_managed : 1;
};

/**
 * struct irq_desc - interrupt descriptor.
 * @irq_common_data: data shared by all levels.
 * @irq_data: the outermost level's data.
 * @kstat_irqs: per-CPU counts.
 * @handle_irq: the flow handler.
 * @action: list of actions (NULL when unrequested).
 * @status_use_accessors: IRQ_* settings (_IRQ_* in the kernel).
 * @istate: IRQS_* core state.
 * @depth: disable depth; 0 means enabled.
 * @wake_depth: enable_irq_wake depth.
 * @tot_count: total count (when kstat is not used, e.g. not per-cpu).
 * @irq_count: interrupts counted for spurious detection.
 * @last_unhandled: jiffies of the last unhandled interrupt.
 * @irqs_unhandled: unhandled interrupts counted for spurious detection.
 * @threads_handled: completed threaded invocations.
 * @threads_handled_last: @threads_handled seen by the last spurious check
 *                        (bit 31: deferred check active; spurious.c).
 * @lock: protects the descriptor.
 * @affinity_hint: hint set by the driver (not owned).
 * @pending_mask: affinity applied at the next interrupt.
 * @threads_oneshot: bitfield of oneshot threads still running.
 * @threads_active: woken threads not yet finished.
 * @request_mutex: serialises request/free.
 * @name: flow handler name shown in /proc/interrupts.
 * @parent_irq: parent irq of a nested irq.
 * @machine: owner.
 */
struct irq_desc {
	struct irq_common_data irq_common_data;
	struct irq_data irq_data;
	struct irqlab_kstat kstat_irqs;
	irq_flow_handler_t handle_irq;
	struct irqaction *action;
	unsigned int status_use_accessors;
	unsigned int istate;
	unsigned int depth;
	unsigned int wake_depth;
	unsigned int tot_count;
	unsigned int irq_count;
	unsigned long last_unhandled;
	unsigned int irqs_unhandled;
	unsigned int threads_handled;
	unsigned int threads_handled_last;
	raw_spinlock_t lock;
	const struct cpumask *affinity_hint;
	cpumask_var_t pending_mask;
	unsigned long threads_oneshot;
	int threads_active;
	struct mutex request_mutex;
	const char *name;
	int parent_irq;
	struct irqlab_machine *machine;
};

static inline struct irq_desc *irq_data_to_desc(struct irq_data *data)
{
	return container_of(data->common, struct irq_desc, irq_common_data);
}

static inline unsigned int irq_desc_get_irq(struct irq_desc *desc)
{
	return desc->irq_data.irq;
}

static inline struct irq_data *irq_desc_get_irq_data(struct irq_desc *desc)
{
	return &desc->irq_data;
}

static inline const struct irq_chip *irq_desc_get_chip(struct irq_desc *desc)
{
	return desc->irq_data.chip;
}

static inline void *irq_desc_get_chip_data(struct irq_desc *desc)
{
	return desc->irq_data.chip_data;
}

static inline void *irq_desc_get_handler_data(struct irq_desc *desc)
{
	return desc->irq_common_data.handler_data;
}

/**
 * irq_to_desc() - the descriptor of a Linux irq of the current machine.
 * @irq: irq number.
 *
 * Return: the descriptor or NULL.  O(1): a fixed-depth radix lookup.
 */
IRQLAB_API struct irq_desc *irq_to_desc(unsigned int irq);

/**
 * __irq_alloc_descs() - allocate and initialise a range of descriptors.
 * @irq: the exact irq wanted, or -1 for any.
 * @from: the lowest irq number to use.
 * @cnt: how many consecutive descriptors.
 * @node: NUMA node of the descriptors.
 * @affinity: optional array of @cnt affinity descriptors.
 *
 * The search for a free range does not scan the whole number space: a
 * hierarchical bitmap finds free irqs in time logarithmic in nr_irqs.
 *
 * Return: the first irq number, -EINVAL for @cnt 0, -EEXIST when @irq is
 * taken, -ENOMEM when no range fits or memory runs out.
 */
IRQLAB_API int __irq_alloc_descs(int irq, unsigned int from, unsigned int cnt,
				 int node, const struct irq_affinity_desc *affinity);
#define irq_alloc_descs(irq, from, cnt, node) \
	__irq_alloc_descs(irq, from, cnt, node, NULL)
#define irq_alloc_desc(node) irq_alloc_descs(-1, 1, 1, node)
#define irq_alloc_desc_at(at, node) irq_alloc_descs(at, at, 1, node)
#define irq_alloc_desc_from(from, node) irq_alloc_descs(-1, from, 1, node)
#define irq_alloc_descs_from(from, cnt, node) irq_alloc_descs(-1, from, cnt, node)

/**
 * irq_free_descs() - free a range of descriptors.
 * @irq: first irq.
 * @cnt: number of irqs.
 *
 * Irqs in the range that are not allocated are skipped.  Freeing a
 * descriptor that still has actions WARNs and leaves that descriptor alone.
 */
IRQLAB_API void irq_free_descs(unsigned int irq, unsigned int cnt);
static inline void irq_free_desc(unsigned int irq)
{
	irq_free_descs(irq, 1);
}

/** irq_get_next_irq() - the first allocated irq >= @offset, or nr_irqs. */
IRQLAB_API unsigned int irq_get_next_irq(unsigned int offset);
#define for_each_active_irq(irq)                                       \
	for ((irq) = irq_get_next_irq(0); (irq) < irqlab_nr_irqs();   \
	     (irq) = irq_get_next_irq((irq) + 1))
IRQLAB_API unsigned int irqlab_nr_irqs(void);
/** irqlab_nr_active_irqs() - number of allocated descriptors. */
IRQLAB_API unsigned int irqlab_nr_active_irqs(void);

/* Statistics. */
IRQLAB_API unsigned int kstat_irqs_cpu(unsigned int irq, int cpu);
IRQLAB_API unsigned int kstat_irqs_usr(unsigned int irq);
IRQLAB_API void kstat_incr_irqs_this_cpu(struct irq_desc *desc);
/** irqlab_kstat_bytes() - heap bytes used by @desc's per-CPU counts. */
IRQLAB_API size_t irqlab_kstat_bytes(const struct irq_desc *desc);

/**
 * generic_handle_irq() - run the flow handler of an irq on this CPU.
 * @irq: irq number.
 *
 * Return: 0, -EINVAL when there is no descriptor.
 */
IRQLAB_API int generic_handle_irq(unsigned int irq);
IRQLAB_API int generic_handle_irq_desc(struct irq_desc *desc);

#endif
