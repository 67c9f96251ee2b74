// SPDX-License-Identifier: MIT
/*
 * The x86 vector tracepoints (arch/x86/include/asm/trace/irq_vectors.h,
 * "irq_vectors" system): vector_config, vector_update, vector_clear,
 * vector_reserve_managed, vector_reserve, vector_alloc,
 * vector_alloc_managed, vector_activate, vector_deactivate,
 * vector_teardown, vector_setup and vector_free_moved, with the kernel's
 * prototypes and print formats.  The vector domain calls them where
 * arch/x86/kernel/apic/vector.c does.
 *
 * Until the machine's tracing is first used a tracepoint costs one load.
 * Events recorded under vector_lock or desc->lock show interrupts off
 * ("d..1."), or the hard interrupt they run in ("d.h1."); the two emitted
 * with no lock held (vector_setup, vector_reserve_managed) show the task
 * context.
 */
#include "x86_internals.h"
#include "irqlab/trace.h"

/* The current machine, if its tracing is in use. */
static struct irqlab_machine *trace_machine(void)
{
	struct irqlab_machine *m = irqlab_cur();

	return m && __atomic_load_n(&m->trace, __ATOMIC_RELAXED) ? m : NULL;
}

/* Under vector_lock or desc->lock interrupts are off, or a hard irq runs. */
static enum irqlab_trace_ctx vector_trace_ctx(bool locked)
{
	if (!locked)
		return IRQLAB_TRACE_CTX_AUTO;
	return irqlab_trace_in_hardirq() ? IRQLAB_TRACE_CTX_HARDIRQ : IRQLAB_TRACE_CTX_IRQSOFF;
}

/* Emit @event; @locked: under vector_lock/desc->lock. */
#define vector_trace(locked, event, fmt, ...)                                        \
	do {                                                                         \
		struct irqlab_machine *m_ = trace_machine();                         \
                                                                                     \
		if (m_)                                                              \
			irqlab_trace_event_ctx(m_, vector_trace_ctx(locked), event, fmt, \
					       __VA_ARGS__);                         \
	} while (0)

/**
 * trace_vector_config() - the vector_config tracepoint: what the hardware
 * of an irq is given.
 * @irq: the irq.
 * @vector: the vector.
 * @cpu: the target CPU.
 * @apicdest: its destination APIC ID.
 *
 * Context: vector_lock held.
 */
void trace_vector_config(unsigned int irq, unsigned int vector, unsigned int cpu,
			 unsigned int apicdest)
{
	vector_trace(true, "vector_config", "irq=%u vector=%u cpu=%u apicdest=0x%08x", irq,
		     vector, cpu, apicdest);
}

static void vector_mod(const char *event, unsigned int irq, unsigned int vector,
		       unsigned int cpu, unsigned int prev_vector, unsigned int prev_cpu)
{
	vector_trace(true, event, "irq=%u vector=%u cpu=%u prev_vector=%u prev_cpu=%u", irq,
		     vector, cpu, prev_vector, prev_cpu);
}

/**
 * trace_vector_update() - the vector_update tracepoint: a new vector is
 * installed.
 * @irq: the irq.
 * @vector: the new vector.
 * @cpu: its CPU.
 * @prev_vector: the vector it replaces (0 if none).
 * @prev_cpu: the CPU of @prev_vector.
 *
 * Context: vector_lock held.
 */
void trace_vector_update(unsigned int irq, unsigned int vector, unsigned int cpu,
			 unsigned int prev_vector, unsigned int prev_cpu)
{
	vector_mod("vector_update", irq, vector, cpu, prev_vector, prev_cpu);
}

/**
 * trace_vector_clear() - the vector_clear tracepoint: an irq's vectors are
 * released.
 * @irq: the irq.
 * @vector: its vector.
 * @cpu: the CPU of @vector.
 * @prev_vector: the old vector of a move in progress (0 if none).
 * @prev_cpu: the CPU of @prev_vector.
 *
 * Context: vector_lock held.
 */
void trace_vector_clear(unsigned int irq, unsigned int vector, unsigned int cpu,
			unsigned int prev_vector, unsigned int prev_cpu)
{
	vector_mod("vector_clear", irq, vector, cpu, prev_vector, prev_cpu);
}

/**
 * trace_vector_reserve_managed() - the vector_reserve_managed tracepoint.
 * @irq: the irq.
 * @ret: what irq_matrix_reserve_managed() returned.
 *
 * Context: no lock held.
 */
void trace_vector_reserve_managed(unsigned int irq, int ret)
{
	vector_trace(false, "vector_reserve_managed", "irq=%u ret=%d", irq, ret);
}

/**
 * trace_vector_reserve() - the vector_reserve tracepoint: a global
 * reservation replaces a vector (reservation mode).
 * @irq: the irq.
 * @ret: always 0.
 *
 * Context: vector_lock held.
 */
void trace_vector_reserve(unsigned int irq, int ret)
{
	vector_trace(true, "vector_reserve", "irq=%u ret=%d", irq, ret);
}

/**
 * trace_vector_alloc() - the vector_alloc tracepoint.
 * @irq: the irq.
 * @vector: what irq_matrix_alloc() returned.
 * @reserved: the allocation consumed a global reservation.
 * @ret: what irq_matrix_alloc() returned (the kernel passes it twice).
 *
 * As the kernel records it: the vector is 0 on error, ret 0 on success.
 *
 * Context: vector_lock held.
 */
void trace_vector_alloc(unsigned int irq, unsigned int vector, bool reserved, int ret)
{
	vector_trace(true, "vector_alloc", "irq=%u vector=%u reserved=%d ret=%d", irq,
		     ret < 0 ? 0 : vector, reserved ? 1 : 0, ret > 0 ? 0 : ret);
}

/**
 * trace_vector_alloc_managed() - the vector_alloc_managed tracepoint.
 * @irq: the irq.
 * @vector: what irq_matrix_alloc_managed() returned.
 * @ret: the same value.
 *
 * Context: vector_lock held.
 */
void trace_vector_alloc_managed(unsigned int irq, unsigned int vector, int ret)
{
	vector_trace(true, "vector_alloc_managed", "irq=%u vector=%u ret=%d", irq,
		     ret < 0 ? 0 : vector, ret > 0 ? 0 : ret);
}

static void vector_activation(const char *event, unsigned int irq, bool is_managed,
			      bool can_reserve, bool reserve)
{
	vector_trace(true, event, "irq=%u is_managed=%d can_reserve=%d reserve=%d", irq,
		     is_managed ? 1 : 0, can_reserve ? 1 : 0, reserve ? 1 : 0);
}

/**
 * trace_vector_activate() - the vector_activate tracepoint.
 * @irq: the irq.
 * @is_managed: the irq is managed.
 * @can_reserve: reservation mode.
 * @reserve: the activation only reserves (irq_domain_activate_irq()).
 *
 * Context: desc->lock held (interrupts off).
 */
void trace_vector_activate(unsigned int irq, bool is_managed, bool can_reserve,
			   bool reserve)
{
	vector_activation("vector_activate", irq, is_managed, can_reserve, reserve);
}

/**
 * trace_vector_deactivate() - the vector_deactivate tracepoint.
 * @irq: the irq.
 * @is_managed: the irq is managed.
 * @can_reserve: reservation mode.
 * @reserve: always false.
 *
 * Context: desc->lock held (interrupts off).
 */
void trace_vector_deactivate(unsigned int irq, bool is_managed, bool can_reserve,
			     bool reserve)
{
	vector_activation("vector_deactivate", irq, is_managed, can_reserve, reserve);
}

/**
 * trace_vector_teardown() - the vector_teardown tracepoint: the
 * reservations of a freed irq are dropped.
 * @irq: the irq.
 * @is_managed: a managed reservation is removed.
 * @has_reserved: a global reservation is removed.
 *
 * Context: vector_lock held.
 */
void trace_vector_teardown(unsigned int irq, bool is_managed, bool has_reserved)
{
	vector_trace(true, "vector_teardown", "irq=%u is_managed=%d has_reserved=%d", irq,
		     is_managed ? 1 : 0, has_reserved ? 1 : 0);
}

/**
 * trace_vector_setup() - the vector_setup tracepoint: an irq was set up in
 * the vector domain.
 * @irq: the irq.
 * @is_legacy: a legacy (ISA) vector was kept.
 * @ret: the result of the allocation policy.
 *
 * Context: no lock held.
 */
void trace_vector_setup(unsigned int irq, bool is_legacy, int ret)
{
	vector_trace(false, "vector_setup", "irq=%u is_legacy=%d ret=%d", irq,
		     is_legacy ? 1 : 0, ret);
}

/**
 * trace_vector_free_moved() - the vector_free_moved tracepoint: the old
 * vector of a completed move is released.
 * @irq: the irq.
 * @cpu: the old CPU.
 * @vector: the old vector.
 * @is_managed: the irq is managed.
 *
 * Context: vector_lock held.
 */
void trace_vector_free_moved(unsigned int irq, unsigned int cpu, unsigned int vector,
			     bool is_managed)
{
	vector_trace(true, "vector_free_moved", "irq=%u cpu=%u vector=%u is_managed=%d", irq,
		     cpu, vector, is_managed ? 1 : 0);
}
