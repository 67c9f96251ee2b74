/* SPDX-License-Identifier: MIT */
/*
 * Private interfaces of the virtual file tree (vfs.c) shared by the files
 * that register its contents: proc.c, procstat.c, sysfs.c, debugfs.c and
 * trace.c.  Never installed.
 *
 * Lock order: desc->request_mutex → domain root mutex → the tree's lock
 * (irqlab_vfs::lock) → m->domain_list_lock, m->sparse_lock → desc->lock;
 * the trace lock is a leaf.  Kind callbacks, and the show functions of
 * VFS_PROBE files while a directory is listed, run with the tree's lock
 * held: they must not call back into the tree nor take the request or
 * domain mutexes.
 */
#ifndef IRQLAB_IRQCORE_VFS_INTERNAL_H
#define IRQLAB_IRQCORE_VFS_INTERNAL_H

#include "internals.h"
#include "irqlab/trace.h"
#include "irqlab/vfs.h"

/* Node flags (irqlab_vfs_add()). */
enum {
	/* The file may be absent: its show decides (-ENOENT hides it). */
	VFS_PROBE = 1 << 0,
};

struct vfs_node;
struct vfs_kind;
struct vfs_handler;

/**
 * struct vfs_arch - a registration of /proc/interrupts architecture rows.
 * @ops: the callbacks.
 * @ctx: their context.
 * @next: the next registration (registration order).
 */
struct vfs_arch {
	const struct irqlab_proc_arch_ops *ops;
	void *ctx;
	struct vfs_arch *next;
};

/**
 * struct vfs_irq - what the tree remembers of one irq.
 * @desc: the descriptor the entry belongs to; an entry whose descriptor
 *        was freed and replaced is stale and ignored.
 * @proc: /proc/irq/N exists (register_irq_proc()).
 * @dev_name: the "device:" of debugfs (irq_debugfs_copy_devname()).
 */
struct vfs_irq {
	struct irq_desc *desc;
	bool proc;
	char *dev_name;
};

/**
 * struct irqlab_vfs - the tree of one machine (m->vfs), created on first use.
 * @lock: protects everything below except @softirqs (atomic counters).
 * @nodes: registrations, newest first.
 * @kinds: placeholder kinds.
 * @irqs: struct vfs_irq by irq number.
 * @arch: /proc/interrupts architecture rows, in registration order.
 * @handlers: flow handler names registered by platforms.
 * @nr_irqs_hint: the architecture's boot nr_irqs (0: platform default).
 * @features: IRQLAB_VFS_* features.
 * @softirqs: NR_SOFTIRQS counts per CPU (allocated on first count).
 */
struct irqlab_vfs {
	struct irqlab_lock lock;
	struct vfs_node *nodes;
	struct vfs_kind *kinds;
	struct irqlab_radix irqs;
	struct vfs_arch *arch;
	struct vfs_handler *handlers;
	unsigned int nr_irqs_hint;
	unsigned int features;
	unsigned int *softirqs;
};

/* The machine's tree, created on first use; NULL when memory runs out. */
struct irqlab_vfs *irqlab_vfs_get(struct irqlab_machine *m);

/* Register under @v (no locking: used while building the tree). */
int irqlab_vfs_add(struct irqlab_vfs *v, const char *pattern, irqlab_vfs_show_t show,
		   irqlab_vfs_store_t store, void *ctx, unsigned int flags);
int irqlab_vfs_add_kind(struct irqlab_vfs *v, const char *kind, irqlab_vfs_each_t each,
			irqlab_vfs_exists_t exists, void *ctx);

/* Content of the tree, registered when it is created. */
int irqlab_proc_init(struct irqlab_vfs *v);
int irqlab_procstat_init(struct irqlab_vfs *v);
int irqlab_sysfs_init(struct irqlab_vfs *v);
int irqlab_debugfs_init(struct irqlab_vfs *v);
int irqlab_trace_vfs_init(struct irqlab_vfs *v);
int irqlab_pci_sysfs_init(struct irqlab_vfs *v);
/* Free what proc.c and debugfs.c keep in @v. */
void irqlab_proc_release(struct irqlab_vfs *v);
void irqlab_debugfs_release(struct irqlab_vfs *v);

/* The entry of @irq for @desc (stale entries are reset); v->lock held. */
struct vfs_irq *vfs_irq_get(struct irqlab_vfs *v, unsigned int irq,
			    struct irq_desc *desc, bool create);
/* Free the entry of @irq if it holds nothing any more; v->lock held. */
void vfs_irq_put(struct irqlab_vfs *v, unsigned int irq);

/* A copy of the architecture registrations (kfree() it); the count. */
unsigned int vfs_arch_snapshot(struct irqlab_vfs *v, struct vfs_arch **out);

/* ---- rendering helpers --------------------------------------------------- */

/* "%*pb" (@list false) or "%*pbl" of @mask; sets s->overflow on ENOMEM. */
void irqlab_seq_cpumask(struct seq_file *s, const struct cpumask *mask, bool list);
/* 0, or -ENOMEM when @s overflowed. */
static inline int seq_status(const struct seq_file *s)
{
	return s->overflow ? -ENOMEM : 0;
}
/* Canonical unsigned decimal ("0", "17"; no sign, no leading zero). */
bool irqlab_parse_uint(const char *s, unsigned long *out);
/* kstrtoul()-like: decimal, optional trailing newline. */
int irqlab_kstrtoul(const char *s, unsigned long *out);

/* The counts of @desc on each online CPU, in order; desc->lock held. */
void vfs_desc_online_counts(struct irq_desc *desc, const struct cpumask *online,
			    void (*fn)(unsigned int cpu, unsigned int cnt, void *arg),
			    void *arg);
/* Sum of @desc's per-CPU counts; desc->lock held. */
unsigned long long vfs_desc_count_sum(const struct irq_desc *desc);

/* USER_HZ clock ticks (nsec_to_clock_t). */
#define IRQLAB_USER_HZ 100

#endif
