/* SPDX-License-Identifier: MIT */
/*
 * Simulated physical memory.  Tables and command queues that real interrupt
 * controllers read from RAM (the ITS device/collection tables, ITTs and
 * command queue, the redistributors' LPI configuration and pending tables)
 * live here: the kernel side allocates a region and writes it through its
 * virtual address; the emulated hardware reads and writes it by physical
 * address only, as a bus master would.
 *
 * Physical addresses come from a fake RAM range starting at
 * IRQLAB_SYSMEM_BASE, above every MMIO window of the emulated platforms.
 * Addresses are never reused within one machine, and regions are separated
 * by an unmapped guard page, so a stale or overrunning device access fails
 * with -EFAULT instead of hitting someone else's memory.
 */
#ifndef IRQLAB_SYSMEM_H
#define IRQLAB_SYSMEM_H

#include "irqlab/types.h"

struct irqlab_machine;

/** First physical address of the fake RAM. */
#define IRQLAB_SYSMEM_BASE 0x40000000ULL
/** Size of the fake RAM's physical address range (64 GiB). */
#define IRQLAB_SYSMEM_SIZE (64ULL << 30)
/** Largest single region and largest alignment (1 GiB). */
#define IRQLAB_SYSMEM_MAX_ALLOC (1ULL << 30)

/**
 * irqlab_dma_alloc() - allocate zeroed memory visible to the emulated hardware.
 * @m: machine.
 * @size: bytes, 1..IRQLAB_SYSMEM_MAX_ALLOC.
 * @align: alignment of the physical address: a power of two up to
 *         IRQLAB_SYSMEM_MAX_ALLOC.
 * @phys: where the physical address is stored.
 * @virt: where the kernel-side pointer to the memory is stored.
 *
 * The kernel side writes the memory through *@virt; devices reach it with
 * irqlab_mem_read() and irqlab_mem_write() at *@phys.
 *
 * Context: any; takes the machine's memory lock.
 * Return: 0; -EINVAL for a bad size or alignment (nothing allocated),
 * -ENOSPC when the fake RAM range is used up, -ENOMEM.
 */
IRQLAB_API int irqlab_dma_alloc(struct irqlab_machine *m, size_t size, size_t align,
				u64 *phys, void **virt);

/**
 * irqlab_dma_free() - free a region allocated with irqlab_dma_alloc().
 * @m: machine.
 * @phys: the physical address irqlab_dma_alloc() returned.
 *
 * The physical range is not reused: later device accesses to it fail with
 * -EFAULT.  Freeing an address that is not the start of a live region is a
 * kernel bug: it WARNs and changes nothing.
 */
IRQLAB_API void irqlab_dma_free(struct irqlab_machine *m, u64 phys);

/**
 * irqlab_mem_read() - a device (bus master) reads physical memory.
 * @m: machine.
 * @phys: first byte.
 * @buf: destination.
 * @len: bytes (0 is allowed and only checks @phys).
 *
 * Return: 0, or -EFAULT when [@phys, @phys + @len) is not inside one
 * allocated region (@buf is left untouched).
 */
IRQLAB_API int irqlab_mem_read(struct irqlab_machine *m, u64 phys, void *buf, size_t len);

/**
 * irqlab_mem_write() - a device (bus master) writes physical memory.
 * @m: machine.
 * @phys: first byte.
 * @buf: source.
 * @len: bytes.
 *
 * Return: 0, or -EFAULT when [@phys, @phys + @len) is not inside one
 * allocated region (memory is left untouched).
 */
IRQLAB_API int irqlab_mem_write(struct irqlab_machine *m, u64 phys, const void *buf,
				size_t len);

/**
 * irqlab_mem_nr_regions() - number of live regions (for leak checks in tests).
 * @m: machine.
 */
IRQLAB_API unsigned int irqlab_mem_nr_regions(struct irqlab_machine *m);

#endif
