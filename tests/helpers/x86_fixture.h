/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the x86 platform suites: an x86 test machine, irqs in its
 * VECTOR domain with a counting handler, and device writes of an irq's
 * composed MSI message on the bus.
 */
#ifndef IRQLAB_TEST_X86_FIXTURE_H
#define IRQLAB_TEST_X86_FIXTURE_H

#include "fixture.h"
#include "irqlab/lapic.h"
#include "irqlab/x86.h"
#include "irqlab/x86_vectors.h"

#define X86_MAX_IRQS 2048
#define X86_JIFFY_NS (1000000000ULL / IRQLAB_HZ)

/* Per-irq handler hits and the CPU of the last hit. */
extern unsigned int x86_hits[X86_MAX_IRQS];
extern unsigned int x86_hit_cpu[X86_MAX_IRQS];

/* Create the test machine as an x86 machine with @nr_cpus CPUs. */
void x86_create(unsigned int nr_cpus);
/* Checked fixtures: a 4-CPU x86 machine. */
void x86_setup(void);
void x86_teardown(void);

/* The machine's VECTOR domain and matrix. */
struct irq_domain *x86_vd(void);
struct irq_matrix *x86_mx(void);

/* Allocate @n irqs in VECTOR (reservation mode, or on @mask at once). */
int x86_alloc(unsigned int n, const struct cpumask *mask);
/* Allocate one managed irq with affinity @mask. */
int x86_alloc_managed(const struct cpumask *mask);
/* request_irq() with the counting handler; dev_id is &x86_hits[irq]. */
int x86_request(unsigned int irq);
void x86_free(unsigned int irq);

/* The irq's current MSI message, and a device writing it. */
void x86_msg(unsigned int irq, u64 *addr, u32 *data);
void x86_fire(unsigned int irq);
void x86_write(u64 addr, u32 data);
u64 x86_msi_addr(unsigned int dest);

/* The vector level's state of @irq (asserts it exists). */
struct irqlab_x86_irq_state x86_state(unsigned int irq);
/* A CPU's vector table entry. */
enum irqlab_x86_vector_state x86_table(unsigned int cpu, unsigned int vector,
				       unsigned int *irq);
/* A bit of a CPU's IRR / ISR, read through the register accessor. */
bool x86_irr(unsigned int cpu, unsigned int vector);
bool x86_isr(unsigned int cpu, unsigned int vector);
/* Nothing in service on any online CPU. */
void x86_assert_no_isr(void);

/* Matrix counters. */
struct irqlab_matrix_stats x86_mstats(void);

#endif
