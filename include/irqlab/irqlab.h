/* SPDX-License-Identifier: MIT */
/* Umbrella header: everything a user of libirqlab needs. */
#ifndef IRQLAB_IRQLAB_H
#define IRQLAB_IRQLAB_H

#include "irqlab/types.h"
#include "irqlab/cpumask.h"
#include "irqlab/machine.h"
#include "irqlab/printk.h"
#include "irqlab/slab.h"
#include "irqlab/spinlock.h"
#include "irqlab/seq_file.h"
#include "irqlab/irq.h"
#include "irqlab/irqdesc.h"
#include "irqlab/interrupt.h"
#include "irqlab/irqdomain.h"
#include "irqlab/bus.h"
#include "irqlab/sysmem.h"
#include "irqlab/gic_hw.h"
#include "irqlab/gic.h"
#include "irqlab/pci_hw.h"
#include "irqlab/lapic.h"
#include "irqlab/x86.h"
#include "irqlab/vfs.h"
#include "irqlab/trace.h"
#include "irqlab/device.h"
#include "irqlab/io.h"
#include "irqlab/msi.h"
#include "irqlab/pci.h"
#include "irqlab/ioapic_hw.h"
#include "irqlab/ioapic.h"
#include "irqlab/matrix.h"
#include "irqlab/affinity.h"
#include "irqlab/hv.h"

#define IRQLAB_VERSION_MAJOR 0
#define IRQLAB_VERSION_MINOR 1
#define IRQLAB_VERSION_PATCH 0

/** irqlab_strerror() - the errno name of a negative error code ("EBUSY"). */
IRQLAB_API const char *irqlab_strerror(int err);

#endif
