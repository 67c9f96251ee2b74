/* SPDX-License-Identifier: MIT */
/*
 * Private interfaces of irqcore/.  Nothing outside irqcore/ and the tests may
 * include this file; it is never installed.
 *
 * Lock order (outermost first):
 *   desc->request_mutex → domain root mutex → file tree lock (vfs.c)
 *   → m->sparse_lock → desc->lock → m->work_lock → m->log_lock
 * desc->lock is dropped around action handlers, as in the kernel.
 */
#ifndef IRQLAB_IRQCORE_INTERNALS_H
#define IRQLAB_IRQCORE_INTERNALS_H

#include "irqlab/cpumask.h"
#include "irqlab/interrupt.h"
#include "irqlab/irq.h"
#include "irqlab/irqdesc.h"
#include "irqlab/irqdomain.h"
#include "irqlab/machine.h"
#include "irqlab/printk.h"
#include "irqlab/seq_file.h"
#include "irqlab/slab.h"
#include "irqlab/spinlock.h"

#include "settings.h"

/* IRQS_* bits of desc->istate (kernel/irq/internals.h values). */
enum {
	IRQS_AUTODETECT = 0x00000001,
	IRQS_SPURIOUS_DISABLED = 0x00000002,
	IRQS_POLL_INPROGRESS = 0x00000008,
	IRQS_ONESHOT = 0x00000020,
	IRQS_REPLAY = 0x00000040,
	IRQS_WAITING = 0x00000080,
	IRQS_PENDING = 0x00000200,
	IRQS_SUSPENDED = 0x00000800,
	IRQS_TIMINGS = 0x00001000,
	IRQS_NMI = 0x00002000,
	IRQS_SYSFS = 0x00004000,
};

/* Bits of irqaction::thread_flags. */
enum {
	IRQTF_RUNTHREAD,
	IRQTF_WARNED,
	IRQTF_AFFINITY,
	IRQTF_FORCED_THREAD,
	IRQTF_READY,
};

/* Arguments of irq_startup(). */
#define IRQ_RESEND true
#define IRQ_NORESEND false
#define IRQ_START_FORCE true
#define IRQ_START_COND false

/* Return values of __irq_startup_managed(). */
enum {
	IRQ_STARTUP_NORMAL,
	IRQ_STARTUP_MANAGED,
	IRQ_STARTUP_ABORT,
};

/* Flag manipulation of the shared irq state (kernel internals.h). */
static inline void irqd_set(struct irq_data *d, unsigned int mask)
{
	__irqd_to_state(d) |= mask;
}

static inline void irqd_clear(struct irq_data *d, unsigned int mask)
{
	__irqd_to_state(d) &= ~mask;
}

static inline bool irqd_has_set(struct irq_data *d, unsigned int mask)
{
	return __irqd_to_state(d) & mask;
}

/* Radix tree keyed by unsigned long (radix.c). */
void irqlab_radix_init(struct irqlab_radix *r);
void *irqlab_radix_lookup(const struct irqlab_radix *r, unsigned long key);
int irqlab_radix_insert(struct irqlab_radix *r, unsigned long key, void *item);
void *irqlab_radix_delete(struct irqlab_radix *r, unsigned long key);
void irqlab_radix_destroy(struct irqlab_radix *r);
/* First present key >= @key; returns NULL when none (key unchanged). */
void *irqlab_radix_next(const struct irqlab_radix *r, unsigned long *key);

/* Hierarchical allocation bitmap of the irq number space (irqdesc.c). */
struct irqlab_idmap {
	unsigned int nbits;
	unsigned long *l0; /* 1 = allocated */
	unsigned long *l1; /* 1 = l0 word full */
	unsigned long *l2; /* 1 = l1 word full */
};

/* Deferred work items run by irqlab_run_until_idle(). */
#define IRQLAB_WORK_DONE (~0u) /* tombstone: item cancelled or already run */
struct irqlab_work {
	unsigned int irq;
	struct irqaction *action; /* NULL: software resend of @irq */
};

struct irqlab_bus;
struct irqlab_ioapic;
struct irqlab_lapic;
struct irqlab_x86;
struct irqlab_hv_host;
struct irqlab_hv;
struct irqlab_gic;

/**
 * struct irqlab_timer - a kernel timer on the virtual clock.
 * @expires: expiry time in virtual nanoseconds.
 * @fn: callback; runs with smp_processor_id() == @cpu.
 * @cpu: the CPU the timer runs on (add_timer_on()).
 * @pending: queued and not yet fired.
 * @gen: timers-run generation it was armed in (internal).
 * @next: machine's timer list (sorted by expiry, then by insertion).
 */
struct irqlab_timer {
	unsigned long long expires;
	void (*fn)(struct irqlab_timer *t);
	unsigned int cpu;
	bool pending;
	unsigned long gen;
	struct irqlab_timer *next;
};

struct pci_dev;

/**
 * struct irqlab_platform_ops - what a platform (x86, gic, hyperv) adds.
 * @name: platform name.
 * @init: set up the interrupt controllers and root domains; failure
 *        fails machine creation (exit is still called).
 * @exit: tear down what init built (may see a partial init).
 * @cpu_run: deliver what the CPU's interrupt controller has pending, in
 *           priority order; returns the number of interrupts dispatched.
 * @cpu_down_prepare: may refuse an offline (-ENOSPC) before anything changes.
 * @cpu_dying: architecture part of taking @cpu down, after the CPU left the
 *             online mask and its irqs were migrated (x86: forward pending
 *             IRR bits, lapic_offline).
 * @cpu_starting: architecture part of bringing @cpu up, before it enters the
 *                online mask and managed irqs are restored (lapic_online).
 * @pci_add: a PCI function was enumerated: give it its MSI parent domain
 *           (dev_set_msi_domain()) and route its INTx pin; an error fails
 *           the probe, and then nothing may stay changed.
 * @pci_remove: undo @pci_add when the device goes (after its vectors and
 *              MSI domains were freed).
 */
struct irqlab_platform_ops {
	const char *name;
	int (*init)(struct irqlab_machine *m);
	void (*exit)(struct irqlab_machine *m);
	unsigned int (*cpu_run)(struct irqlab_machine *m, unsigned int cpu);
	int (*cpu_down_prepare)(struct irqlab_machine *m, unsigned int cpu);
	void (*cpu_dying)(struct irqlab_machine *m, unsigned int cpu);
	void (*cpu_starting)(struct irqlab_machine *m, unsigned int cpu);
	int (*pci_add)(struct irqlab_machine *m, struct pci_dev *dev);
	void (*pci_remove)(struct irqlab_machine *m, struct pci_dev *dev);
};

/* Platforms (domains/). */
extern const struct irqlab_platform_ops irqlab_x86_platform;
extern const struct irqlab_platform_ops irqlab_gic_platform;
extern const struct irqlab_platform_ops irqlab_hv_platform;

/**
 * struct irqlab_machine - everything one simulated machine owns.
 */
struct irqlab_machine {
	struct irqlab_machine_config cfg;
	unsigned int nr_cpus;
	unsigned int nr_nodes;
	unsigned int smt;
	unsigned int nr_irqs;
	unsigned int kernel_version;

	struct cpumask *possible, *present, *online, *isolated;
	struct cpumask *housekeeping; /* not isolated */
	struct cpumask *default_affinity;
	int *cpu_node;
	struct cpumask **node_mask;
	struct cpumask **cpu_mask; /* cpumask_of(), created on first use */
	struct cpumask **sibling_mask; /* per core, created on first use */
	bool hk_managed_irq;

	/* Descriptors. */
	struct irqlab_lock sparse_lock;
	struct irqlab_radix descs;
	struct irqlab_idmap allocated_irqs;
	unsigned int nr_active_irqs;

	/* Domains. */
	struct irqlab_lock domain_list_lock;
	struct irq_domain *domains;
	struct irq_domain *default_domain;
	/* arch_dynirq_lower_bound(): freely allocated irqs start here (x86: gsi_top). */
	unsigned int dynirq_base;
	int fwnode_next_id;

	/* Kernel log. */
	struct irqlab_lock log_lock;
	struct seq_file log;		/* rendered dmesg lines */
	const void **once_sites;	/* _ONCE call sites that fired (log_lock) */
	size_t nr_once_sites;
	unsigned int warn_count;

	/* Time and randomness. */
	unsigned long long clock_ns;
	u64 rng_state;
	struct irqlab_timer *timers;
	unsigned long timer_gen;

	/* Platform: ops, hardware (chips/) and kernel-side arch state (domains/). */
	const struct irqlab_platform_ops *platform;
	struct irqlab_bus *bus;
	struct irqlab_sysmem *sysmem;
	struct irqlab_pci_fn *pci_fns;	/* chips/pci_fn.c, sorted by BDF */
	struct irqlab_lapic *lapic;
	struct irqlab_ioapic *ioapic;	/* chips/ioapic.c */
	struct irqlab_x86 *x86;
	struct irqlab_gic *gic;		/* domains/gic_*.c: GICv3 + ITS kernel side */
	struct irqlab_pci_host *pci_host; /* kernel-side PCI devices (pci_probe.c) */
	struct irqlab_hv_host *hv_host;	/* chips/hv_host.c: the Hyper-V host */
	struct irqlab_hv *hv;		/* domains/hv_*.c: the guest's vPCI buses */

	/* Deferred work (resend "tasklet", irq threads). */
	struct irqlab_lock work_lock;
	struct irqlab_work *work;
	unsigned int work_head, work_tail, work_cap;

	/* Observability: the virtual file tree and the trace buffer. */
	struct irqlab_vfs *vfs;		/* vfs.c, created on first use */
	struct irqlab_trace *trace;	/* trace.c, created on first use */
};

/* The calling thread's machine and CPU. */
struct irqlab_machine *irqlab_cur(void);
void irqlab_set_this_cpu(unsigned int cpu);

/* Deferred work (machine.c). */
int irqlab_work_queue(struct irqlab_machine *m, unsigned int irq,
		      struct irqaction *action);
/* Drop queued items of @irq (and of @action when non-NULL). */
void irqlab_work_cancel(struct irqlab_machine *m, unsigned int irq,
			struct irqaction *action);

/* The bus (chips/bus.c): freed with the machine. */
void irqlab_bus_destroy(struct irqlab_machine *m);
/* Simulated memory and its agents (chips/sysmem.c): freed with the machine. */
void irqlab_sysmem_destroy(struct irqlab_machine *m);
/* Emulated PCI functions (chips/pci_fn.c): freed with the machine. */
void irqlab_pci_fns_destroy(struct irqlab_machine *m);
/* Kernel-side pci_devs (pci_probe.c): removed before the platform goes. */
struct irqlab_pci_host;
void irqlab_pci_devs_destroy(struct irqlab_machine *m);

/* Timers (timer.c).  irqlab_timer_add() re-arms a pending timer. */
void irqlab_timer_add(struct irqlab_machine *m, struct irqlab_timer *t,
		      unsigned long long expires);
bool irqlab_timer_del(struct irqlab_machine *m, struct irqlab_timer *t);
/* Fire every timer due at the current virtual time; returns how many. */
unsigned int irqlab_timers_run(struct irqlab_machine *m);
/* Expiry of the earliest pending timer; false when none is pending. */
bool irqlab_timer_next(struct irqlab_machine *m, unsigned long long *expires);
/* Virtual nanoseconds of @j jiffies. */
#define IRQLAB_JIFFY_NS (1000000000ULL / IRQLAB_HZ)

/* Descriptors (irqdesc.c). */
struct irq_desc *irqlab_desc_lookup(struct irqlab_machine *m, unsigned int irq);
void irqlab_descs_destroy(struct irqlab_machine *m);
int irqlab_idmap_init(struct irqlab_idmap *map, unsigned int nbits);
void irqlab_idmap_destroy(struct irqlab_idmap *map);
int irqlab_idmap_find_area(struct irqlab_idmap *map, unsigned int from,
			   unsigned int cnt);
void irqlab_idmap_set(struct irqlab_idmap *map, unsigned int start, unsigned int cnt);
void irqlab_idmap_clear(struct irqlab_idmap *map, unsigned int start,
			unsigned int cnt);
bool irqlab_idmap_test(const struct irqlab_idmap *map, unsigned int bit);
void irqlab_kstat_free(struct irqlab_kstat *k);
/* Count on this CPU without tot_count (per-CPU flow handlers). */
void __kstat_incr_irqs_this_cpu(struct irq_desc *desc);

/* Lock the descriptor of @irq; NULL if it does not exist. */
struct irq_desc *irq_get_desc_lock(unsigned int irq, unsigned long *flags);
void irq_put_desc_unlock(struct irq_desc *desc, unsigned long flags);
/* The same with the chip's bus lock taken first (slow buses). */
struct irq_desc *irq_get_desc_buslock(unsigned int irq, unsigned long *flags);
void irq_put_desc_busunlock(struct irq_desc *desc, unsigned long flags);
void chip_bus_lock(struct irq_desc *desc);
void chip_bus_sync_unlock(struct irq_desc *desc);

/* chip.c */
/* The static action of chained irqs: never kfree()d, never run. */
extern struct irqaction chained_action;
int irq_startup(struct irq_desc *desc, bool resend, bool force);
void irq_shutdown(struct irq_desc *desc);
void irq_shutdown_and_deactivate(struct irq_desc *desc);
int irq_activate(struct irq_desc *desc);
int irq_activate_and_startup(struct irq_desc *desc, bool resend);
void irq_startup_managed(struct irq_desc *desc);
void irq_enable(struct irq_desc *desc);
void irq_disable(struct irq_desc *desc);
void mask_irq(struct irq_desc *desc);
void unmask_irq(struct irq_desc *desc);
void unmask_threaded_irq(struct irq_desc *desc);
void irq_percpu_enable(struct irq_desc *desc, unsigned int cpu);
void irq_percpu_disable(struct irq_desc *desc, unsigned int cpu);

/* handle.c */
irqreturn_t handle_irq_event(struct irq_desc *desc);
irqreturn_t __handle_irq_event_percpu(struct irq_desc *desc);
irqreturn_t handle_irq_event_percpu(struct irq_desc *desc);
void __irq_wake_thread(struct irq_desc *desc, struct irqaction *action);
/* True while the calling thread runs @desc's actions (handle_irq_event). */
bool irqlab_handler_running_here(struct irq_desc *desc);
/* Run one queued thread invocation (deterministic worker context; manage.c). */
void irqlab_irq_thread_run(struct irqlab_machine *m, unsigned int irq,
			   struct irqaction *action);

/* resend.c */
int check_irq_resend(struct irq_desc *desc, bool inject);
void clear_irq_resend(struct irq_desc *desc);
void irqlab_resend_run(struct irqlab_machine *m, unsigned int irq);

/* spurious.c */
void note_interrupt(struct irq_desc *desc, irqreturn_t action_ret);

/* manage.c */
int irq_do_set_affinity(struct irq_data *data, const struct cpumask *mask,
			bool force);
int irq_set_affinity_locked(struct irq_data *data, const struct cpumask *mask,
			    bool force);
int irq_setup_affinity(struct irq_desc *desc);
void __disable_irq(struct irq_desc *desc);
void __enable_irq(struct irq_desc *desc);
bool irq_can_set_affinity_usr(unsigned int irq);
void irq_set_thread_affinity(struct irq_desc *desc);
int __irq_set_trigger(struct irq_desc *desc, unsigned long flags);
/* Free every action of every irq (machine teardown). */
void irqlab_release_all_actions(struct irqlab_machine *m);

/* migration.c */
void irq_move_irq(struct irq_data *data);
void irq_move_masked_irq(struct irq_data *data);
bool irq_fixup_move_pending(struct irq_desc *desc, bool force_clear);

/* irqdomain.c */
void irqlab_domains_destroy(struct irqlab_machine *m);

/* Observability (vfs.c, proc.c, trace.c). */
struct irqlab_vfs;
struct irqlab_trace;
void irqlab_vfs_destroy(struct irqlab_machine *m);
void irqlab_trace_destroy(struct irqlab_machine *m);
/* /proc/irq/N: from __setup_irq() and when the descriptor is freed. */
void register_irq_proc(unsigned int irq, struct irq_desc *desc);
void unregister_irq_proc(unsigned int irq, struct irq_desc *desc);
/* debugfs: drop the irq's device name when the descriptor is freed. */
void irq_remove_debugfs_entry(struct irq_desc *desc);
/* Tracepoints around each action (handle.c). */
void trace_irq_handler_entry(int irq, struct irqaction *action);
void trace_irq_handler_exit(int irq, struct irqaction *action, int ret);

/* cpuhotplug.c: run on the CPU going down / coming up (this CPU). */
void irq_force_complete_move(struct irq_desc *desc);
void irq_migrate_all_off_this_cpu(void);
int irq_affinity_online_cpu(unsigned int cpu);

/* Pending-move accessor used by several files. */
static inline struct cpumask *irq_desc_get_pending_mask(struct irq_desc *desc)
{
	return desc->pending_mask;
}

static inline bool irq_move_pending(struct irq_data *data)
{
	return irqd_is_setaffinity_pending(data);
}

static inline struct irq_data *irqd_get_parent_data(struct irq_data *irqd)
{
	return irqd->parent_data;
}

/* Kernel-version dependent behaviour. */
static inline bool irqlab_kver_ge(const struct irqlab_machine *m, unsigned int v)
{
	return m->kernel_version >= v;
}

#endif
