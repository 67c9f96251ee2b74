// SPDX-License-Identifier: MIT
/*
 * /sys/bus/pci/devices/<bdf>/: the attributes of drivers/pci/pci-sysfs.c
 * this project models (vendor, device, class, irq) and the msi_irqs/
 * directory of kernel/irq/msi.c (one file per MSI/MSI-X irq, named by the
 * irq number, reading "msi\n" or "msix\n").
 *
 * Locking: the kinds below run with the tree's lock held, and freeing MSI
 * irqs under the device's MSI mutex takes that lock (the descriptors'
 * /proc and debugfs entries go), so irqlab_pci_msi_irqs(), which takes the
 * MSI mutex, would invert the order.  The msi_irqs kind therefore walks
 * the irq descriptors instead (sparse_lock and desc->lock, allowed under
 * the tree's lock) and lists the irqs whose msi_desc belongs to the
 * device: the MSI core frees the irqs before their msi_descs, so an irq
 * found in the sparse tree still has a live msi_desc, and msi_desc::dev
 * never changes.  This matches the sysfs files except for the instant
 * between the allocation of a vector and msi_sysfs_populate_desc(),
 * which no single-threaded caller can observe.
 */
#include <stdio.h>
#include <string.h>

#include "pci_internal.h"
#include "vfs_internal.h"

/* The probed device named @bdf ("0000:00:05.0"), or NULL. */
static struct pci_dev *find_dev(struct irqlab_machine *m, const char *bdf)
{
	struct pci_dev *d;

	for (d = irqlab_pci_dev_next(m, NULL); d; d = irqlab_pci_dev_next(m, d))
		if (!strcmp(pci_name(d), bdf))
			return d;
	return NULL;
}

/* Kind "pcidev": the probed devices, as directory names. */
static void each_pcidev(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
			irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	struct pci_dev *d;

	for (d = irqlab_pci_dev_next(m, NULL); d; d = irqlab_pci_dev_next(m, d))
		emit(cookie, pci_name(d));
}

static bool exists_pcidev(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
			  const char *value, void *ctx)
{
	return find_dev(m, value) != NULL;
}

/*
 * Kind "pcimsidir": "msi_irqs" once the device's MSI data exists; the
 * kernel creates the (possibly empty) group in msi_setup_device_data() and
 * keeps it until the device goes.
 */
static void each_msidir(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
			irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	struct pci_dev *d = bound->nr ? find_dev(m, bound->str[0]) : NULL;

	if (d && __atomic_load_n(&d->dev.msi.data, __ATOMIC_ACQUIRE))
		emit(cookie, "msi_irqs");
}

/* Kind "pcimsi": the irqs of the device bound first (see the top comment). */
static void each_msi(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
		     irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	struct pci_dev *d = bound->nr ? find_dev(m, bound->str[0]) : NULL;
	unsigned long key = 0;
	struct irq_desc *desc;
	struct msi_desc *md;
	char num[16];
	bool mine;

	if (!d)
		return;
	irqlab_lock_acquire(&m->sparse_lock);
	for (; irqlab_radix_next(&m->descs, &key); key++) {
		desc = irqlab_desc_lookup(m, (unsigned int)key);
		if (!desc)
			continue;
		raw_spin_lock(&desc->lock);
		md = desc->irq_common_data.msi_desc;
		mine = md && md->dev == &d->dev;
		raw_spin_unlock(&desc->lock);
		if (mine) {
			snprintf(num, sizeof(num), "%lu", key);
			emit(cookie, num);
		}
	}
	irqlab_lock_release(&m->sparse_lock);
}

/* msi_irqs/<irq>: msi_mode_show(); MSI vs. MSI-X is per device. */
static int show_msi_mode(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			 struct seq_file *out, void *ctx)
{
	struct pci_dev *d = find_dev(m, args->str[0]);

	if (!d)
		return -ENOENT;
	seq_printf(out, "%s\n", irqlab_pci_msi_mode(d));
	return seq_status(out);
}

enum pci_attr { PCI_ATTR_VENDOR, PCI_ATTR_DEVICE, PCI_ATTR_CLASS, PCI_ATTR_IRQ };

static const enum pci_attr attr_ids[] = { PCI_ATTR_VENDOR, PCI_ATTR_DEVICE, PCI_ATTR_CLASS,
					  PCI_ATTR_IRQ };

/*
 * The pci-sysfs.c attributes.  irq_show() prints the first MSI irq while
 * MSI is enabled and the INTx irq otherwise (also with MSI-X): that is
 * pci_dev::irq in irqlab, which holds the first MSI irq while MSI is on.
 */
static int show_attr(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		     struct seq_file *out, void *ctx)
{
	struct pci_dev *d = find_dev(m, args->str[0]);

	if (!d)
		return -ENOENT;
	switch (*(const enum pci_attr *)ctx) {
	case PCI_ATTR_VENDOR:
		seq_printf(out, "0x%04x\n", d->vendor);
		break;
	case PCI_ATTR_DEVICE:
		seq_printf(out, "0x%04x\n", d->device);
		break;
	case PCI_ATTR_CLASS:
		seq_printf(out, "0x%06x\n", d->class);
		break;
	case PCI_ATTR_IRQ:
		seq_printf(out, "%u\n", d->irq);
		break;
	}
	return seq_status(out);
}

/**
 * irqlab_pci_sysfs_init() - register /sys/bus/pci/devices/<bdf>/.
 * @v: the tree being built.
 *
 * Context: vfs_create(), before the tree is published.
 * Return: 0, -EINVAL or -ENOMEM.
 */
int irqlab_pci_sysfs_init(struct irqlab_vfs *v)
{
	static const char *const names[] = { "vendor", "device", "class", "irq" };
	char pattern[64];
	unsigned int i;
	int ret;

	ret = irqlab_vfs_add_kind(v, "pcidev", each_pcidev, exists_pcidev, NULL);
	if (!ret)
		ret = irqlab_vfs_add_kind(v, "pcimsidir", each_msidir, NULL, NULL);
	if (!ret)
		ret = irqlab_vfs_add_kind(v, "pcimsi", each_msi, NULL, NULL);
	if (!ret)
		ret = irqlab_vfs_add(v, "/sys/bus/pci/devices/{pcidev}/{pcimsidir}/{pcimsi}",
				     show_msi_mode, NULL, NULL, 0);
	/* Rendered only when asked: a listing does not read them. */
	for (i = 0; i < ARRAY_SIZE(names) && !ret; i++) {
		snprintf(pattern, sizeof(pattern), "/sys/bus/pci/devices/{pcidev}/%s", names[i]);
		ret = irqlab_vfs_add(v, pattern, show_attr, NULL, (void *)&attr_ids[i], 0);
	}
	return ret;
}
