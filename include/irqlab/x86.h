/* SPDX-License-Identifier: MIT */
/*
 * The x86 platform, kernel side (arch/x86/kernel/apic/vector.c and
 * arch/x86/kernel/irq.c analogues): the "VECTOR" root domain whose chip
 * "APIC" assigns one vector on one CPU per irq, the per-CPU vector tables
 * the interrupt entry looks up, and the arch counters (ERR, MIS, SPU).
 *
 * Irqs of the VECTOR domain are allocated with irq_domain_alloc_irqs()
 * (directly, or as the parent of an MSI domain) with a NULL argument or a
 * struct irq_alloc_info; their flow handler is handle_edge_irq ("edge").
 * They are delivered by writing the message of irq_chip_compose_msi_msg()
 * on the bus and letting the target CPU run (irqlab_cpu_run(),
 * irqlab_run_until_idle()).
 */
#ifndef IRQLAB_X86_H
#define IRQLAB_X86_H

#include "irqlab/cpumask.h"
#include "irqlab/irq.h"
#include "irqlab/machine.h"
#include "irqlab/types.h"

struct irqlab_machine;
struct irq_domain;
struct irq_matrix;

/* What an allocation in the x86 hierarchy is for (asm/hw_irq.h). */
enum irq_alloc_type {
	X86_IRQ_ALLOC_TYPE_IOAPIC = 1,
	X86_IRQ_ALLOC_TYPE_HPET,
	X86_IRQ_ALLOC_TYPE_PCI_MSI,
	X86_IRQ_ALLOC_TYPE_PCI_MSIX,
	X86_IRQ_ALLOC_TYPE_DMAR,
	X86_IRQ_ALLOC_TYPE_AMDVI,
	X86_IRQ_ALLOC_TYPE_UV,
};

/**
 * struct ioapic_alloc_info - the IO-APIC part of an allocation
 * (ioapic_set_alloc_attr()).
 * @pin: the IO-APIC pin, the hwirq of the IO-APIC domain.
 * @node: NUMA node of the irq.
 * @is_level: level triggered.
 * @active_low: active low.
 * @valid: @is_level and @active_low are set.
 */
struct ioapic_alloc_info {
	int pin;
	int node;
	u32 is_level : 1;
	u32 active_low : 1;
	u32 valid : 1;
};

/**
 * struct irq_alloc_info - the argument of allocations in the x86
 * hierarchy (x86's msi_alloc_info_t).
 * @type: what the irqs are for.
 * @flags: X86_IRQ_ALLOC_* (none is interpreted by the vector domain).
 * @devid: device id (MSI parents).
 * @hwirq: hwirq (MSI parents).
 * @mask: if set, the vector is allocated at once on these CPUs instead
 *        of being reserved until activation.
 * @desc: MSI descriptor (MSI parents).
 * @data: owner's data.
 * @ioapic: IO-APIC allocations (X86_IRQ_ALLOC_TYPE_IOAPIC).
 */
struct irq_alloc_info {
	enum irq_alloc_type type;
	u32 flags;
	u32 devid;
	irq_hw_number_t hwirq;
	const struct cpumask *mask;
	struct msi_desc *desc;
	void *data;
	struct ioapic_alloc_info ioapic;
};

/**
 * init_irq_alloc_info() - zero an allocation argument and set its mask.
 * @info: the argument.
 * @mask: CPUs to allocate the vector on at once, or NULL.
 */
IRQLAB_API void init_irq_alloc_info(struct irq_alloc_info *info,
				    const struct cpumask *mask);

/**
 * irqlab_x86_vector_domain() - the "VECTOR" domain of an x86 machine.
 * @m: machine.
 *
 * Return: the domain, or NULL if @m is not an x86 machine.
 */
IRQLAB_API struct irq_domain *irqlab_x86_vector_domain(struct irqlab_machine *m);
#define x86_vector_domain irqlab_x86_vector_domain(irqlab_machine_current())

/**
 * irqlab_x86_matrix() - the vector matrix of an x86 machine.
 * @m: machine.
 *
 * Return: the matrix (query it with irqlab_matrix_*()), or NULL.
 */
IRQLAB_API struct irq_matrix *irqlab_x86_matrix(struct irqlab_machine *m);

/**
 * irqlab_x86_irq_vector() - where an irq is delivered.
 * @irq: a Linux irq of the current machine.
 * @vector: the allocated vector, 0 if none (reserved or shut down).
 * @cpu: the target CPU of @vector.
 *
 * Return: 0, or -EINVAL if @irq has no level in the VECTOR domain.
 */
IRQLAB_API int irqlab_x86_irq_vector(unsigned int irq, unsigned int *vector,
				     unsigned int *cpu);

/**
 * struct irqlab_x86_irq_state - the vector level of an irq, as debugfs
 * shows it.
 */
struct irqlab_x86_irq_state {
	unsigned int vector, cpu;
	unsigned int prev_vector, prev_cpu;
	unsigned int cfg_vector;	/* what the hardware is given */
	unsigned int cfg_dest_apicid;
	bool move_in_progress;
	bool is_managed;
	bool can_reserve;
	bool has_reserved;
	bool cleanup_pending;
};

/**
 * irqlab_x86_irq_state() - the vector level's data of an irq.
 * @irq: a Linux irq of the current machine.
 * @st: filled in.
 *
 * Return: 0, or -EINVAL (and @st zeroed) if @irq has no vector level.
 */
IRQLAB_API int irqlab_x86_irq_state(unsigned int irq, struct irqlab_x86_irq_state *st);

/* What a per-CPU vector table entry holds. */
enum irqlab_x86_vector_state {
	IRQLAB_VECTOR_UNUSED,
	IRQLAB_VECTOR_SHUTDOWN,
	IRQLAB_VECTOR_RETRIGGERED,
	IRQLAB_VECTOR_IRQ,
};

/**
 * irqlab_x86_vector_irq() - look up a CPU's vector table (vector_irq).
 * @m: an x86 machine.
 * @cpu: the CPU.
 * @vector: the vector.
 * @state: the entry's kind.
 * @irq: for IRQLAB_VECTOR_IRQ, the irq; 0 otherwise.
 *
 * Return: 0, or -EINVAL for a machine without x86 state or a CPU or
 * vector out of range.
 */
IRQLAB_API int irqlab_x86_vector_irq(struct irqlab_machine *m, unsigned int cpu,
				     unsigned int vector,
				     enum irqlab_x86_vector_state *state,
				     unsigned int *irq);

/** irqlab_x86_irq_err_count() - APIC error interrupts (the ERR row). */
IRQLAB_API unsigned int irqlab_x86_irq_err_count(struct irqlab_machine *m);
/** irqlab_x86_irq_mis_count() - mis-routed level irqs (the MIS row). */
IRQLAB_API unsigned int irqlab_x86_irq_mis_count(struct irqlab_machine *m);
/** irqlab_x86_spurious_count() - spurious interrupts of a CPU (SPU). */
IRQLAB_API unsigned int irqlab_x86_spurious_count(struct irqlab_machine *m,
						  unsigned int cpu);
/**
 * irqlab_x86_sysvec_count() - interrupts of a CPU on a system vector that
 * has a handler (LOCAL_TIMER_VECTOR, RESCHEDULE_VECTOR, ...).
 * @m: machine.
 * @cpu: the CPU.
 * @vector: a vector >= FIRST_SYSTEM_VECTOR.
 *
 * Return: the count; 0 for anything out of range.
 */
IRQLAB_API unsigned int irqlab_x86_sysvec_count(struct irqlab_machine *m,
						unsigned int cpu, unsigned int vector);

#endif
