/* SPDX-License-Identifier: MIT */
/*
 * The devices of a scenario: the emulated PCI function (scenario_pci.c)
 * and the driver side bound to it (scenario_drv.c: probe, vectors,
 * actions).  Private to the scenario interpreter.
 */
#ifndef IRQLAB_TOOLS_SCENARIO_PCI_H
#define IRQLAB_TOOLS_SCENARIO_PCI_H

#include "scenario.h"

struct cpumask;
struct scn_wlog;
struct irqlab_pci_fn;
struct pci_dev;

/**
 * struct scn_action - a handler installed by the request verb.
 * @dev: its device.
 * @vec: the vector index.
 * @irq: the Linux irq.
 * @name: the action name (/proc/interrupts).
 * @shared: requested with IRQF_SHARED.
 * @count: calls per CPU.
 * @next: the device's next action.
 */
struct scn_action {
	struct scn_device *dev;
	unsigned int vec;
	unsigned int irq;
	char name[128];
	bool shared;
	unsigned long long *count;
	struct scn_action *next;
};

/**
 * struct scn_hint - an affinity hint set by 'affinity ... hint'.  The kernel
 * keeps pointing at it (desc->affinity_hint) until it is cleared.
 * @irq: the irq.
 * @mask: the hint.
 * @next: the device's next hint.
 */
struct scn_hint {
	unsigned int irq;
	struct cpumask *mask;
	struct scn_hint *next;
};

/**
 * struct scn_device - one device of the scenario.
 * @name: its scenario name.
 * @fn: the emulated function.
 * @pdev: the driver's view of it (NULL until probed).
 * @nvec: vectors allocated by alloc, 0 if none.
 * @actions: the handlers installed by request.
 * @hints: the affinity hints set on its irqs.
 * @wlog: the kernel's register writes recorded by 'writes NAME start', or NULL.
 * @next: the next device.
 */
struct scn_device {
	char name[64];
	struct irqlab_pci_fn *fn;
	struct pci_dev *pdev;
	int nvec;
	struct scn_action *actions;
	struct scn_hint *hints;
	struct scn_wlog *wlog;
	struct scn_device *next;
};

/** scn_wlog_free() - stop recording a device's writes and free the log. */
void scn_wlog_free(struct scn_device *dev);

/** scn_find_device() - the device called @name, or NULL. */
struct scn_device *scn_find_device(struct scn *s, const char *name);

/**
 * scn_get_device() - the device named by word @i of @a, for verb @verb.
 * Return: the device, or NULL with a usage message set.
 */
struct scn_device *scn_get_device(struct scn *s, struct scn_args *a, int i, const char *verb);

/**
 * scn_drv_probe() - bind the driver side to a new device's function.
 * Return: 0 or a negative errno.
 */
int scn_drv_probe(struct scn *s, struct scn_device *dev);

/** scn_drv_remove() - a driver's remove: actions, hints, vectors. */
void scn_drv_remove(struct scn_device *dev);

/** scn_drv_release() - free the actions, vectors and pci_dev of a device. */
void scn_drv_release(struct scn *s, struct scn_device *dev);

#endif
