/* SPDX-License-Identifier: MIT */
/*
 * The system bus of the emulated hardware.  A device raises a message
 * signalled interrupt by a 32-bit memory write of (address, data); the bus
 * routes it to whoever claimed the address window (the local APICs'
 * 0xFEExxxxx window on x86, an ITS doorbell, a hypervisor host).  A write
 * nobody claims is an error the bus records; it is never silently dropped.
 */
#ifndef IRQLAB_BUS_H
#define IRQLAB_BUS_H

#include "irqlab/types.h"

struct irqlab_machine;

/* A claimer's handler: returns 0, or a negative errno it wants recorded. */
typedef int (*irqlab_bus_write_fn)(void *ctx, u64 addr, u32 data);

/**
 * irqlab_bus_claim() - claim an address window for memory writes.
 * @m: machine.
 * @base: first address.
 * @size: window size in bytes (> 0, no wrap-around).
 * @name: who claims it (for error reports); must outlive the claim.
 * @fn: the handler.
 * @ctx: handler context.
 *
 * Return: 0, -EINVAL for a bad window, -EBUSY if it overlaps a claimed one,
 * -ENOMEM.
 */
IRQLAB_API int irqlab_bus_claim(struct irqlab_machine *m, u64 base, u64 size,
				const char *name, irqlab_bus_write_fn fn, void *ctx);

/**
 * irqlab_bus_release() - give a window back.
 * @m: machine.
 * @base: the base it was claimed with.
 *
 * Return: 0 or -ENOENT.
 */
IRQLAB_API int irqlab_bus_release(struct irqlab_machine *m, u64 base);

/**
 * irqlab_bus_write() - a 32-bit memory write on the bus (a device's MSI).
 * @m: machine.
 * @addr: the address.
 * @data: the data.
 *
 * Return: 0 when delivered, -EIO when no window claims @addr (recorded),
 * or the claimer's error (recorded).
 */
IRQLAB_API int irqlab_bus_write(struct irqlab_machine *m, u64 addr, u32 data);

/**
 * irqlab_bus_write_rid() - irqlab_bus_write() with the requester ID sideband.
 * @m: machine.
 * @addr: the address.
 * @data: the data.
 * @requester_id: the PCI requester ID (bus << 8 | devfn) of the writer.
 *
 * An ITS takes the DeviceID from the requester ID; handlers read it with
 * irqlab_bus_requester_id() while they run.
 *
 * Return: as irqlab_bus_write().
 */
IRQLAB_API int irqlab_bus_write_rid(struct irqlab_machine *m, u64 addr, u32 data,
				    u32 requester_id);

/**
 * irqlab_bus_requester_id() - the requester ID of the write being handled.
 * @m: machine.
 *
 * Return: the ID given to irqlab_bus_write_rid(), or IRQLAB_BUS_NO_RID for a
 * write without one (or outside a handler).
 */
IRQLAB_API u32 irqlab_bus_requester_id(struct irqlab_machine *m);
#define IRQLAB_BUS_NO_RID 0xffffffffu

/** struct irqlab_bus_error - a write that went nowhere or was refused. */
struct irqlab_bus_error {
	u64 addr;
	u32 data;
	int err;
};

/** irqlab_bus_nr_errors() - writes recorded as errors since creation. */
IRQLAB_API unsigned int irqlab_bus_nr_errors(struct irqlab_machine *m);
/**
 * irqlab_bus_last_error() - the most recent error.
 * @m: machine.
 * @e: filled in.
 *
 * Return: 0, or -ENOENT when there was none.
 */
IRQLAB_API int irqlab_bus_last_error(struct irqlab_machine *m, struct irqlab_bus_error *e);

#endif
