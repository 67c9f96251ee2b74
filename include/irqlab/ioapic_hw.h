/* SPDX-License-Identifier: MIT */
/*
 * The emulated IO-APIC (hardware): 24 input pins, each with a redirection
 * table entry (RTE) that turns the pin's level into a message to the
 * local APICs.  The kernel side reaches it only through its registers:
 * IOREGSEL (the index of an indirect register) and IOWIN (its data) in
 * the MMIO window at 0xFEC00000, and the EOI register of PCI 2.2
 * compliant IO(x)APICs (version 0x20).  Devices reach it through its
 * input pins.
 *
 * Behaviour (82093AA and ICH datasheets; QEMU where they leave room):
 * - Indirect registers: 0x00 ID (bits 27:24 writable), 0x01 VER
 *   (0x00170020: version 0x20, maximum redirection entry 23, read-only),
 *   0x02 ARB (reads the ID, read-only), 0x10 + 2 * pin the low and
 *   0x11 + 2 * pin the high dword of the pin's RTE.
 * - RTE low: vector 7:0, delivery mode 10:8, destination mode 11,
 *   delivery status 12 (read-only, always 0: a message is delivered at
 *   once), polarity 13 (1 = active low), Remote IRR 14 (read-only),
 *   trigger mode 15 (1 = level), mask 16.  RTE high: destination 31:24
 *   and the extended destination ID 23:17 (destination bits 14:8, as the
 *   virtual IO-APICs of KVM and Hyper-V have it); the rest reads 0.  At
 *   reset every RTE is masked and otherwise zero.
 * - The message of a pin is a write on the bus: address 0xFEE00000 |
 *   destination 7:0 << 12 | destination 14:8 << 5 | logical << 2, data
 *   vector | delivery mode << 8, plus trigger (bit 15) and assert (bit 14)
 *   for level pins.
 * - Level pins: an asserted, unmasked pin with Remote IRR clear sends its
 *   message; Remote IRR is set when a local APIC accepts it.  An EOI for
 *   the vector (the local APICs' EOI broadcast, or a write of the vector
 *   to the EOI register) clears Remote IRR of every level pin with that
 *   vector, and a pin still asserted sends again at once: a shared line
 *   keeps interrupting until every device on it is serviced.  Level
 *   changes of a masked pin have no effect; unmasking an asserted pin
 *   sends.  Writing edge trigger mode clears Remote IRR (as QEMU does).
 * - Edge pins send on each rising edge of the (polarity-corrected) input
 *   while unmasked; an edge on a masked pin is lost.
 * - Inputs: any number of sources drive a pin, wired-OR: the line is at
 *   its active level while any source asserts.  A pin is wired active
 *   high (ISA style, idle low) or active low (PCI INTx: open drain, pulled
 *   up, idle high); pins 16-23 are active low at reset.  The IO-APIC
 *   sees the pin asserted when the electrical level matches the RTE's
 *   polarity, so programming the wrong polarity makes an idle line look
 *   asserted, as on real boards.
 * - MMIO accesses are 32 bits at offsets 0x00, 0x10 and 0x40.  Other
 *   offsets read all-ones and ignore writes; an IOWIN access to an index
 *   that is not a register does the same, and a write to a read-only
 *   register is ignored; all of these return -EINVAL.  IOREGSEL keeps
 *   bits 7:0; the EOI register reads 0.
 *
 * Locking: one lock per IO-APIC; messages go on the bus with it held
 * (lock order: IO-APIC lock -> bus -> local APICs).  The local APICs call
 * the IO-APIC after dropping their own lock.
 */
#ifndef IRQLAB_IOAPIC_HW_H
#define IRQLAB_IOAPIC_HW_H

#include "irqlab/types.h"

struct irqlab_machine;
struct irqlab_pci_fn;
struct irqlab_ioapic_src;

#define IRQLAB_IOAPIC_BASE 0xfec00000u
#define IRQLAB_IOAPIC_WINDOW_SIZE 0x1000u
#define IRQLAB_IOAPIC_NR_PINS 24
#define IRQLAB_IOAPIC_VERSION 0x20

/* MMIO offsets in the window. */
#define IO_APIC_INDEX 0x00	/* IOREGSEL */
#define IO_APIC_DATA 0x10	/* IOWIN */
#define IO_APIC_EOI 0x40	/* write the vector (version >= 0x20) */

/* Indirect registers. */
#define IO_APIC_REG_ID 0x00
#define IO_APIC_REG_VERSION 0x01
#define IO_APIC_REG_ARB 0x02
#define IO_APIC_REG_REDTBL 0x10	/* + 2 * pin: low dword; + 1: high dword */

#define IO_APIC_ID_SHIFT 24
#define IO_APIC_ID_MASK 0x0fu
#define IO_APIC_VER_ENTRIES_SHIFT 16
#define IO_APIC_VER_VERSION_MASK 0xffu

/* RTE, low dword. */
#define IO_APIC_REDIR_VECTOR_MASK 0x000ffu
#define IO_APIC_REDIR_DELIVERY_SHIFT 8
#define IO_APIC_REDIR_DELIVERY_MASK 0x00700u
#define IO_APIC_REDIR_DEST_LOGICAL 0x00800u
#define IO_APIC_REDIR_SEND_PENDING (1u << 12)
#define IO_APIC_REDIR_ACTIVE_LOW (1u << 13)
#define IO_APIC_REDIR_REMOTE_IRR (1u << 14)
#define IO_APIC_REDIR_LEVEL_TRIGGER (1u << 15)
#define IO_APIC_REDIR_MASKED (1u << 16)
/* RTE, high dword. */
#define IO_APIC_REDIR_DEST_SHIFT 24		/* destination bits 7:0 */
#define IO_APIC_REDIR_EXT_DEST_SHIFT 17		/* destination bits 14:8 */
#define IO_APIC_REDIR_EXT_DEST_MASK 0x7fu

/**
 * irqlab_ioapic_create() - build the IO-APIC of a machine.
 * @m: machine; its local APICs, if any, are connected for EOI broadcasts.
 *
 * The x86 platform calls this at machine creation.
 *
 * Return: 0, -EINVAL (no machine), -EEXIST (already built), -EBUSY (the
 * APICs' EOI broadcast is taken), -ENOMEM.  On error nothing is left.
 */
IRQLAB_API int irqlab_ioapic_create(struct irqlab_machine *m);

/**
 * irqlab_ioapic_destroy() - disconnect every input and free the IO-APIC.
 * @m: machine (without an IO-APIC nothing happens).
 *
 * PCI functions still connected get their INTx line disconnected.
 */
IRQLAB_API void irqlab_ioapic_destroy(struct irqlab_machine *m);

/**
 * irqlab_ioapic_mmio_read() - 32-bit read in the IO-APIC's MMIO window.
 * @m: machine.
 * @off: offset from IRQLAB_IOAPIC_BASE (IO_APIC_INDEX, IO_APIC_DATA,
 *       IO_APIC_EOI).
 * @val: the value; all-ones on error.
 *
 * Context: any; takes the IO-APIC's lock.
 * Return: 0, or -EINVAL (no IO-APIC, not a register, IOWIN selecting no
 * register).
 */
IRQLAB_API int irqlab_ioapic_mmio_read(struct irqlab_machine *m, unsigned int off,
				       u32 *val);

/**
 * irqlab_ioapic_mmio_write() - 32-bit write in the IO-APIC's MMIO window.
 * @m: machine.
 * @off: offset from IRQLAB_IOAPIC_BASE.
 * @val: the value.
 *
 * A write of an RTE's low dword re-evaluates the pin at once (unmasking
 * an asserted level pin sends its message before the call returns).
 *
 * Context: any; takes the IO-APIC's lock.
 * Return: 0, or -EINVAL (no IO-APIC, not a register, a read-only
 * register; nothing changes).
 */
IRQLAB_API int irqlab_ioapic_mmio_write(struct irqlab_machine *m, unsigned int off,
					u32 val);

/**
 * irqlab_ioapic_set_pin_wiring() - how the board wires a pin.
 * @m: machine.
 * @pin: the pin.
 * @active_low: true for an active-low (pulled-up) line, false for an
 *              active-high one.
 *
 * Return: 0, or -EINVAL (no IO-APIC, bad pin).
 */
IRQLAB_API int irqlab_ioapic_set_pin_wiring(struct irqlab_machine *m, unsigned int pin,
					    bool active_low);

/**
 * irqlab_ioapic_source_add() - connect a new interrupt source to a pin.
 * @m: machine.
 * @pin: the pin.
 * @out: the source, deasserted.
 *
 * Return: 0, -EINVAL (no IO-APIC, bad pin, NULL @out), -ENOMEM.
 */
IRQLAB_API int irqlab_ioapic_source_add(struct irqlab_machine *m, unsigned int pin,
					struct irqlab_ioapic_src **out);

/**
 * irqlab_ioapic_source_set() - a source asserts or deasserts its line.
 * @src: the source.
 * @asserted: drive the line to its active level.
 *
 * The pin reacts before the call returns (a message may be sent).
 *
 * Return: 0, or -EINVAL for a NULL @src.
 */
IRQLAB_API int irqlab_ioapic_source_set(struct irqlab_ioapic_src *src, bool asserted);

/**
 * irqlab_ioapic_source_del() - disconnect and free a source.
 * @src: the source (NULL is ignored); an asserted source deasserts first.
 */
IRQLAB_API void irqlab_ioapic_source_del(struct irqlab_ioapic_src *src);

/**
 * irqlab_ioapic_connect_intx() - wire a PCI function's INTx line to a pin.
 * @m: machine.
 * @fn: a function of @m with an INTx pin.
 * @pin: the IO-APIC pin.
 *
 * The function's INTx sink becomes the pin's input and the pin is wired
 * active low.  The current level is taken over.  Connecting a function
 * again moves it to @pin (its old connection goes away).
 *
 * Context: takes the function's INTx lock, then the IO-APIC's lock.
 * Return: 0, -EINVAL (NULL argument, no IO-APIC, bad pin, @fn not on @m),
 * -ENODEV (no INTx pin), -ENOMEM.
 */
IRQLAB_API int irqlab_ioapic_connect_intx(struct irqlab_machine *m,
					  struct irqlab_pci_fn *fn, unsigned int pin);

/**
 * irqlab_ioapic_disconnect_intx() - unwire a PCI function's INTx line.
 * @m: machine.
 * @fn: the function.
 *
 * Return: 0, -EINVAL (no IO-APIC), -ENOENT (@fn is not connected).
 */
IRQLAB_API int irqlab_ioapic_disconnect_intx(struct irqlab_machine *m,
					     struct irqlab_pci_fn *fn);

/**
 * irqlab_ioapic_intx_pin() - the pin a PCI function's INTx is wired to.
 * @m: machine.
 * @fn: the function.
 *
 * Return: the pin, -EINVAL (no IO-APIC), -ENOENT (not connected).
 */
IRQLAB_API int irqlab_ioapic_intx_pin(struct irqlab_machine *m,
				      const struct irqlab_pci_fn *fn);

/**
 * struct irqlab_ioapic_pin_state - a pin as the silicon sees it.
 * @nr_sources: sources connected.
 * @nr_asserted: sources asserting the line.
 * @line_high: the electrical level of the line.
 * @input: the line is asserted according to the RTE's polarity.
 * @remote_irr: the RTE's Remote IRR bit.
 * @msgs: messages the bus accepted.
 * @send_errors: messages the bus refused (no APIC took them).
 * @eois: EOIs that cleared Remote IRR.
 */
struct irqlab_ioapic_pin_state {
	unsigned int nr_sources;
	unsigned int nr_asserted;
	bool line_high;
	bool input;
	bool remote_irr;
	u64 msgs;
	u64 send_errors;
	u64 eois;
};

/**
 * irqlab_ioapic_get_pin_state() - the state and counters of a pin.
 * @m: machine.
 * @pin: the pin.
 * @st: filled in (zeroed on error).
 *
 * Return: 0, or -EINVAL (no IO-APIC, bad pin, NULL @st).
 */
IRQLAB_API int irqlab_ioapic_get_pin_state(struct irqlab_machine *m, unsigned int pin,
					   struct irqlab_ioapic_pin_state *st);

#endif
