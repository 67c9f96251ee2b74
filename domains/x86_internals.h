/* SPDX-License-Identifier: MIT */
/*
 * Private interfaces of the x86 kernel side (domains/x86_*.c): the vector
 * domain's per-irq data, the per-CPU vector tables and cleanup lists, and
 * the arch state of the machine.  The hardware (the local APICs) is only
 * reached through the register accessors of irqlab/lapic.h.
 *
 * Lock order: desc->lock -> vector_lock -> the APICs' lock, the machine's
 * work lock (timers).
 */
#ifndef IRQLAB_DOMAINS_X86_INTERNALS_H
#define IRQLAB_DOMAINS_X86_INTERNALS_H

#include "internals.h"
#include "irqlab/lapic.h"
#include "irqlab/matrix.h"
#include "irqlab/msi.h"
#include "irqlab/x86.h"
#include "irqlab/x86_vectors.h"

/* Entries of the per-CPU vector_irq tables that are not descriptors. */
#define VECTOR_UNUSED NULL
#define VECTOR_SHUTDOWN ((struct irq_desc *)-1L)
#define VECTOR_RETRIGGERED ((struct irq_desc *)-2L)

struct irqlab_x86;
struct mp_ioapic;

/**
 * struct irq_cfg - what the hardware is programmed with.
 * @dest_apicid: destination APIC ID.
 * @vector: vector.
 */
struct irq_cfg {
	unsigned int dest_apicid;
	unsigned int vector;
};

/**
 * struct apic_chip_data - the vector level's chip data of one irq.
 * @hw_irq_cfg: the configuration the hardware is given.
 * @vector: the vector, 0 if none is allocated.
 * @prev_vector: the vector being moved away from (0 if none).
 * @cpu: the target CPU of @vector.
 * @prev_cpu: the CPU of @prev_vector.
 * @irq: the Linux irq.
 * @cl_next: cleanup list of @prev_cpu (hlist linkage).
 * @cl_pprev: NULL when not queued for cleanup (hlist_unhashed()).
 * @move_in_progress: the new vector has not seen an interrupt yet.
 * @is_managed: the irq is managed (vectors reserved on its affinity).
 * @can_reserve: reservation mode: a vector is assigned only at activation.
 * @has_reserved: a global reservation is held instead of a vector.
 * @x86: the machine's arch state (irqlab).
 * @irqd: the irq_data of the vector level (irqlab, for teardown).
 * @all_next: the machine's list of chip data (irqlab, for teardown).
 * @all_prev: ditto.
 */
struct apic_chip_data {
	struct irq_cfg hw_irq_cfg;
	unsigned int vector;
	unsigned int prev_vector;
	unsigned int cpu;
	unsigned int prev_cpu;
	unsigned int irq;
	struct apic_chip_data *cl_next, **cl_pprev;
	bool move_in_progress;
	bool is_managed;
	bool can_reserve;
	bool has_reserved;
	struct irqlab_x86 *x86;
	struct irq_data *irqd;
	struct apic_chip_data *all_next, *all_prev;
};

/**
 * struct vector_cleanup - per-CPU list of vectors to free after a move.
 * @head: apic_chip_data whose prev_vector lives on this CPU.
 * @timer: runs __vector_cleanup() on this CPU.
 * @x86: the machine's arch state.
 */
struct vector_cleanup {
	struct apic_chip_data *head;
	struct irqlab_timer timer;
	struct irqlab_x86 *x86;
};

/* printk_ratelimited() state: at most @burst messages per interval. */
struct x86_ratelimit {
	unsigned long long begin;
	unsigned int printed;
	unsigned int missed;
};

/**
 * struct irqlab_x86 - the x86 kernel-side state of a machine.
 * @m: the machine.
 * @vector_lock: serialises the matrix, the vector tables and chip data.
 * @matrix: the vector matrix.
 * @vector_domain: the "VECTOR" domain.
 * @searchmask: scratch mask (vector_searchmask), under @vector_lock.
 * @vector_irq: per CPU, NR_VECTORS entries: desc or VECTOR_* marker.
 * @cleanup: per CPU cleanup lists and timers.
 * @all: every live apic_chip_data (teardown).
 * @spurious_count: per CPU, spurious interrupts (irq_spurious_count).
 * @sysvec_count: per CPU, NR_SYSTEM_VECTORS counts of system vectors.
 * @irq_err_count: APIC errors (ERR).
 * @irq_mis_count: level interrupts delivered as edge (MIS; IO-APIC).
 * @rs_lock: protects @no_handler_rs (CPUs report concurrently).
 * @no_handler_rs: ratelimit of "No irq handler".
 * @ioapic: the kernel side of the IO-APIC (x86_ioapic.c).
 */
struct irqlab_x86 {
	struct irqlab_machine *m;
	raw_spinlock_t vector_lock;
	struct irq_matrix *matrix;
	struct irq_domain *vector_domain;
	struct cpumask *searchmask;
	struct irq_desc **vector_irq;
	struct vector_cleanup *cleanup;
	struct apic_chip_data *all;
	unsigned int *spurious_count;
	unsigned int *sysvec_count;
	unsigned int irq_err_count;
	unsigned int irq_mis_count;
	struct irqlab_lock rs_lock;
	struct x86_ratelimit no_handler_rs;
	struct mp_ioapic *ioapic;
};

/*
 * An entry of @cpu's vector table.  Written under vector_lock (or by the
 * CPU itself), read locklessly by the CPU's interrupt entry: per-CPU
 * accesses in the kernel, relaxed atomics here.
 */
static inline struct irq_desc *vector_irq_get(struct irqlab_x86 *x86, unsigned int cpu,
					      unsigned int vector)
{
	return __atomic_load_n(&x86->vector_irq[(size_t)cpu * NR_VECTORS + vector],
			       __ATOMIC_RELAXED);
}

static inline void vector_irq_set(struct irqlab_x86 *x86, unsigned int cpu,
				  unsigned int vector, struct irq_desc *desc)
{
	__atomic_store_n(&x86->vector_irq[(size_t)cpu * NR_VECTORS + vector], desc,
			 __ATOMIC_RELAXED);
}

/* The cleanup lists are hlists: @cl_pprev is NULL when not queued. */
static inline void clist_add_head(struct apic_chip_data *apicd, struct vector_cleanup *cl)
{
	apicd->cl_next = cl->head;
	if (cl->head)
		cl->head->cl_pprev = &apicd->cl_next;
	cl->head = apicd;
	apicd->cl_pprev = &cl->head;
}

static inline void clist_del_init(struct apic_chip_data *apicd)
{
	if (!apicd->cl_pprev)
		return;
	*apicd->cl_pprev = apicd->cl_next;
	if (apicd->cl_next)
		apicd->cl_next->cl_pprev = apicd->cl_pprev;
	apicd->cl_next = NULL;
	apicd->cl_pprev = NULL;
}

/* x86_apic.c: the kernel's view of this CPU's local APIC. */
u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 val);
void apic_eoi(void);
void __apic_send_IPI(unsigned int cpu, unsigned int vector);
bool is_vector_pending(unsigned int vector);

/* x86_vector.c */
extern const struct irq_domain_ops x86_vector_domain_ops;
extern const struct irq_chip lapic_controller;
struct apic_chip_data *apic_chip_data(struct irq_data *irqd);
struct irq_cfg *irqd_cfg(struct irq_data *irqd);
void lock_vector_lock(struct irqlab_x86 *x86);
void unlock_vector_lock(struct irqlab_x86 *x86);
void apic_update_irq_cfg(struct irq_data *irqd, unsigned int vector, unsigned int cpu);
void apic_update_vector(struct irq_data *irqd, unsigned int newvec, unsigned int newcpu);
int assign_vector_locked(struct irq_data *irqd, const struct cpumask *dest);
int assign_managed_vector(struct irq_data *irqd, const struct cpumask *dest);
void free_moved_vector(struct apic_chip_data *apicd);
void x86_vector_detach_all(struct irqlab_x86 *x86);

/* x86_msi.c: VECTOR as the MSI parent of PCI/MSI device domains. */
void x86_create_pci_msi_domain(struct irqlab_x86 *x86);
int pci_msi_prepare(struct irq_domain *domain, struct device *dev, int nvec,
		    msi_alloc_info_t *arg);

/* x86_vector_move.c: affinity changes and the cleanup of moved vectors. */
int apic_set_affinity(struct irq_data *irqd, const struct cpumask *dest, bool force);
void apic_ack_edge(struct irq_data *irqd);
int apic_retrigger_irq(struct irq_data *irqd);
void apic_force_complete_move(struct irq_data *irqd);
void irq_complete_move(struct irq_cfg *cfg);
void __vector_cleanup(struct vector_cleanup *cl, bool check_irr);
void vector_cleanup_callback(struct irqlab_timer *t);

/* x86_irq.c: the arch interrupt entry. */
void common_interrupt(struct irqlab_x86 *x86, unsigned int vector);
unsigned int x86_cpu_run(struct irqlab_machine *m, unsigned int cpu);
/* The x86 platform's ops, shared with the Hyper-V guest platform. */
int x86_platform_init(struct irqlab_machine *m);
void x86_platform_exit(struct irqlab_machine *m);
int x86_pci_add(struct irqlab_machine *m, struct pci_dev *dev);
void x86_pci_remove(struct irqlab_machine *m, struct pci_dev *dev);

/* x86_hotplug.c: the arch parts of CPU hotplug. */
void lapic_online(struct irqlab_x86 *x86, unsigned int cpu);
void lapic_offline(struct irqlab_x86 *x86, unsigned int cpu);
int lapic_can_unplug_cpu(struct irqlab_machine *m, unsigned int cpu);
void x86_cpu_dying(struct irqlab_machine *m, unsigned int cpu);
void x86_cpu_starting(struct irqlab_machine *m, unsigned int cpu);
void setup_local_APIC(struct irqlab_machine *m, unsigned int cpu);

/* x86_ioapic.c: the IO-APIC (hardware and domain) of every x86 machine. */
int irqlab_x86_ioapic_init(struct irqlab_machine *m);
void irqlab_x86_ioapic_exit(struct irqlab_machine *m);

/* x86_proc.c: the x86 rows of /proc/interrupts and counts of /proc/stat. */
int x86_proc_init(struct irqlab_machine *m);

/* x86_trace.c: the irq_vectors tracepoints (asm/trace/irq_vectors.h). */
void trace_vector_config(unsigned int irq, unsigned int vector, unsigned int cpu,
			 unsigned int apicdest);
void trace_vector_update(unsigned int irq, unsigned int vector, unsigned int cpu,
			 unsigned int prev_vector, unsigned int prev_cpu);
void trace_vector_clear(unsigned int irq, unsigned int vector, unsigned int cpu,
			unsigned int prev_vector, unsigned int prev_cpu);
void trace_vector_reserve_managed(unsigned int irq, int ret);
void trace_vector_reserve(unsigned int irq, int ret);
void trace_vector_alloc(unsigned int irq, unsigned int vector, bool reserved, int ret);
void trace_vector_alloc_managed(unsigned int irq, unsigned int vector, int ret);
void trace_vector_activate(unsigned int irq, bool is_managed, bool can_reserve,
			   bool reserve);
void trace_vector_deactivate(unsigned int irq, bool is_managed, bool can_reserve,
			     bool reserve);
void trace_vector_teardown(unsigned int irq, bool is_managed, bool has_reserved);
void trace_vector_setup(unsigned int irq, bool is_legacy, int ret);
void trace_vector_free_moved(unsigned int irq, unsigned int cpu, unsigned int vector,
			     bool is_managed);

#endif
