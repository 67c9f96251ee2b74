/* SPDX-License-Identifier: MIT */
/*
 * Private state of the emulated local APICs (chips/lapic*.c).  One lock
 * covers all the APICs of a machine: a message or IPI touches the sender
 * and the receiver at once.
 */
#ifndef IRQLAB_CHIPS_LAPIC_INTERNAL_H
#define IRQLAB_CHIPS_LAPIC_INTERNAL_H

#include "internals.h"
#include "irqlab/bus.h"
#include "irqlab/lapic.h"

#define LAPIC_REG_WORDS 8 /* 256 vectors in 32-bit registers */

/**
 * struct lapic_cpu - one local APIC.
 * @irr: interrupt request register.
 * @isr: in-service register.
 * @tmr: trigger mode register (1: level).
 * @tpr: task priority.
 * @svr: spurious-interrupt vector register.
 * @esr: error status as latched by the last ESR write.
 * @esr_pending: errors seen since the last ESR write.
 * @icr: interrupt command register, low half.
 * @icr2: interrupt command register, high half (32-bit destination).
 * @lvterr: LVT Error entry.
 * @spurious: the next acknowledge returns the spurious vector.
 * @st: counters.
 */
struct lapic_cpu {
	u32 irr[LAPIC_REG_WORDS];
	u32 isr[LAPIC_REG_WORDS];
	u32 tmr[LAPIC_REG_WORDS];
	u32 tpr, svr, esr, esr_pending, icr, icr2, lvterr;
	bool spurious;
	struct irqlab_lapic_stats st;
};

/* Listener of the EOI broadcasts of level vectors (the IO-APIC). */
typedef void (*lapic_eoi_hook_fn)(void *ctx, unsigned int vector);

/**
 * struct irqlab_lapic - the local APICs of a machine.
 * @m: the machine.
 * @lock: protects every field of every APIC.
 * @nr: number of APICs (possible CPUs).
 * @eoi_hook: called, without @lock, after an EOI whose vector had its TMR
 *            bit set (the EOI message the APICs broadcast to the IO-APICs).
 * @eoi_hook_ctx: its context.
 * @cpu: the APICs, indexed by APIC ID.
 */
struct irqlab_lapic {
	struct irqlab_machine *m;
	struct irqlab_lock lock;
	unsigned int nr;
	lapic_eoi_hook_fn eoi_hook;
	void *eoi_hook_ctx;
	struct lapic_cpu cpu[];
};

static inline bool lapic_test(const u32 *r, unsigned int v)
{
	return r[v / 32] & (1u << (v % 32));
}

static inline void lapic_set(u32 *r, unsigned int v)
{
	r[v / 32] |= 1u << (v % 32);
}

static inline void lapic_clear(u32 *r, unsigned int v)
{
	r[v / 32] &= ~(1u << (v % 32));
}

/* lapic.c */
void lapic_reset(struct lapic_cpu *c);
void lapic_error(struct lapic_cpu *c, u32 esr_bit);
int lapic_set_eoi_hook(struct irqlab_machine *m, lapic_eoi_hook_fn fn, void *ctx);

/* lapic_msi.c: delivery of a message or IPI to @c (lock held). */
void lapic_deliver(struct irqlab_lapic *l, struct lapic_cpu *c, unsigned int mode,
		   unsigned int vector, bool level);
void lapic_send_ipi(struct irqlab_lapic *l, unsigned int sender);
int lapic_msi_write(void *ctx, u64 addr, u32 data);

#endif
