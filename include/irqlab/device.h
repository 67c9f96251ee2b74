/* SPDX-License-Identifier: MIT */
/*
 * The part of the kernel's struct device (include/linux/device.h) that the
 * interrupt code uses: a name, a NUMA node, the bound driver's name for
 * messages, and the MSI information (dev->msi): the MSI parent domain the
 * platform assigned and the per-device MSI data (descriptors and per-device
 * domains, irqcore/msi*.c).
 */
#ifndef IRQLAB_DEVICE_H
#define IRQLAB_DEVICE_H

#include "irqlab/printk.h"
#include "irqlab/types.h"

struct irq_domain;
struct msi_device_data;

/**
 * struct dev_msi_info - a device's MSI information (dev->msi).
 * @domain: the MSI parent domain (or a global MSI domain) of the device.
 * @data: descriptors and per-device domains; NULL until MSI is first used.
 */
struct dev_msi_info {
	struct irq_domain *domain;
	struct msi_device_data *data;
};

/**
 * struct device - a device of the machine.
 * @name: the device name (dev_name(); PCI: "ssss:bb:dd.f").
 * @bus_name: the bus name printed when no driver is bound ("pci").
 * @driver: the bound driver's name, or NULL.
 * @numa_node: the device's node (NUMA_NO_NODE for none).
 * @is_pci: the device is the @dev of a struct pci_dev (dev_is_pci()).
 * @msi: MSI information.
 */
struct device {
	char name[32];
	const char *bus_name;
	const char *driver;
	int numa_node;
	bool is_pci;
	struct dev_msi_info msi;
};

static inline bool dev_is_pci(const struct device *dev)
{
	return dev->is_pci;
}

static inline const char *dev_name(const struct device *dev)
{
	return dev->name;
}

static inline int dev_to_node(const struct device *dev)
{
	return dev->numa_node;
}

/* The driver name if one is bound, else the bus name (dev_driver_string()). */
static inline const char *dev_driver_string(const struct device *dev)
{
	return dev->driver ? dev->driver : (dev->bus_name ? dev->bus_name : "");
}

static inline struct irq_domain *dev_get_msi_domain(const struct device *dev)
{
	return dev->msi.domain;
}

static inline void dev_set_msi_domain(struct device *dev, struct irq_domain *d)
{
	dev->msi.domain = d;
}

/* dev_info() and friends: "<driver or bus> <device>: message". */
#define dev_err(dev, fmt, ...) \
	pr_err("%s %s: " fmt, dev_driver_string(dev), dev_name(dev), ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...) \
	pr_warn("%s %s: " fmt, dev_driver_string(dev), dev_name(dev), ##__VA_ARGS__)
#define dev_info(dev, fmt, ...) \
	pr_info("%s %s: " fmt, dev_driver_string(dev), dev_name(dev), ##__VA_ARGS__)

#endif
