/* SPDX-License-Identifier: MIT */
/*
 * Private state of the emulated IO-APIC (chips/ioapic*.c).
 */
#ifndef IRQLAB_CHIPS_IOAPIC_INTERNAL_H
#define IRQLAB_CHIPS_IOAPIC_INTERNAL_H

#include "internals.h"
#include "irqlab/ioapic_hw.h"

/**
 * struct irqlab_ioapic_src - one device driving a pin (wired-OR).
 * @io: the IO-APIC.
 * @pin: the pin.
 * @asserted: the source drives the line to its active level.
 * @fn: the PCI function whose INTx this is, or NULL.
 * @next: the pin's list of sources.
 */
struct irqlab_ioapic_src {
	struct irqlab_ioapic *io;
	unsigned int pin;
	bool asserted;
	struct irqlab_pci_fn *fn;
	struct irqlab_ioapic_src *next;
};

/**
 * struct ioapic_pin - one input pin and its redirection entry.
 * @lo: RTE low dword (Remote IRR included).
 * @hi: RTE high dword.
 * @wire_active_low: the board pulls the line up; sources pull it low.
 * @input: the last polarity-corrected input level (edge detection).
 * @nr_asserted: sources asserting.
 * @srcs: the connected sources.
 * @msgs: messages accepted.
 * @send_errors: messages refused.
 * @eois: EOIs that cleared Remote IRR.
 */
struct ioapic_pin {
	u32 lo, hi;
	bool wire_active_low;
	bool input;
	unsigned int nr_asserted;
	struct irqlab_ioapic_src *srcs;
	u64 msgs, send_errors, eois;
};

/**
 * struct irqlab_ioapic - the IO-APIC of a machine.
 * @m: the machine.
 * @lock: protects everything below.
 * @ioregsel: the index register.
 * @id: the APIC ID (ID register bits 27:24).
 * @pin: the pins.
 */
struct irqlab_ioapic {
	struct irqlab_machine *m;
	struct irqlab_lock lock;
	u32 ioregsel;
	u32 id;
	struct ioapic_pin pin[IRQLAB_IOAPIC_NR_PINS];
};

/* ioapic.c: re-evaluate a pin after its input or RTE changed (lock held). */
void ioapic_pin_update(struct irqlab_ioapic *io, unsigned int pin);

/* ioapic_input.c */
void ioapic_source_set_locked(struct irqlab_ioapic_src *src, bool asserted);
void ioapic_sources_destroy(struct irqlab_ioapic *io);

#endif
