// SPDX-License-Identifier: MIT
/*
 * The writes verb: the kernel's register writes to one device, recorded
 * through irqlab_pci_set_write_hook() and named the way the PCI spec names
 * them - "config 0x042 (MSI-X control)", "BAR4+0x300c (entry 0 vector
 * control)".  It replays the talk's domain-traversal panels at the device:
 * a mask is one vector-control write at the leaf; an affinity change on
 * x86 rewrites address and data; on the GIC and Hyper-V it writes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "irqlab/irqlab.h"
#include "scenario_pci.h"

#define WLOG_MAX 4096

struct scn_wlog_entry {
	enum irqlab_pci_space space;
	unsigned int bar;
	u64 off;
	unsigned int size;
	u64 val;
};

struct scn_wlog {
	struct pci_dev *pdev;	/* the device the hook is on */
	unsigned int n;
	unsigned long dropped;
	struct scn_wlog_entry w[WLOG_MAX];
};

/* The hook: runs in the writer's context, with no lock of the function. */
static void record(struct pci_dev *pdev, enum irqlab_pci_space space, unsigned int bar, u64 off,
		   unsigned int size, u64 val, void *ctx)
{
	struct scn_wlog *l = ctx;

	(void)pdev;
	if (l->n == WLOG_MAX) {
		l->dropped++;
		return;
	}
	l->w[l->n++] = (struct scn_wlog_entry){ space, bar, off, size, val };
}

void scn_wlog_free(struct scn_device *dev)
{
	if (!dev->wlog)
		return;
	/* A device ejected meanwhile took its hook along with its pci_dev. */
	if (dev->pdev && dev->pdev == dev->wlog->pdev)
		irqlab_pci_set_write_hook(dev->pdev, NULL, NULL);
	free(dev->wlog);
	dev->wlog = NULL;
}

/* The name of a configuration register of the MSI or MSI-X capability. */
static const char *cfg_name(const struct scn_device *dev, u64 off)
{
	const struct pci_dev *pdev = dev->pdev;
	u32 flags = 0;
	bool is64;

	if (off == PCI_COMMAND)
		return "Command";
	if (pdev->msix_cap && off == pdev->msix_cap + (u64)PCI_MSIX_FLAGS)
		return "MSI-X control";
	if (!pdev->msi_cap || off < pdev->msi_cap)
		return NULL;
	/* As lspci does: the layout follows the capability's 64-bit flag. */
	irqlab_pci_cfg_read(dev->fn, pdev->msi_cap + PCI_MSI_FLAGS, 2, &flags);
	is64 = flags & PCI_MSI_FLAGS_64BIT;
	switch (off - pdev->msi_cap) {
	case PCI_MSI_FLAGS:
		return "MSI control";
	case PCI_MSI_ADDRESS_LO:
		return "MSI address low";
	case PCI_MSI_ADDRESS_HI:
		return is64 ? "MSI address high" : "MSI data";
	case PCI_MSI_DATA_64:
		return is64 ? "MSI data" : "MSI mask";
	case PCI_MSI_MASK_64:
		return is64 ? "MSI mask" : NULL;
	default:
		return NULL;
	}
}

static void print_write(FILE *out, const struct scn_device *dev, const struct scn_wlog_entry *w)
{
	static const char *const field[] = { "address low", "address high", "data",
					     "vector control" };
	const struct irqlab_pci_msix_config *c = &irqlab_pci_fn_get_config(dev->fn)->msix;
	const char *name;

	if (w->space == IRQLAB_PCI_SPACE_CFG) {
		name = cfg_name(dev, w->off);
		fprintf(out, "config 0x%03llx%s%s%s <- 0x%0*llx\n", (unsigned long long)w->off,
			name ? " (" : "", name ? name : "", name ? ")" : "", (int)w->size * 2,
			(unsigned long long)w->val);
		return;
	}
	fprintf(out, "BAR%u+0x%04llx", w->bar, (unsigned long long)w->off);
	if (c->present && w->bar == c->table_bar && w->off >= c->table_offset &&
	    w->off < c->table_offset + 16ULL * c->entries) {
		u64 rel = w->off - c->table_offset;

		fprintf(out, " (entry %llu %s%s)", (unsigned long long)(rel / 16),
			field[(rel % 16) / 4], w->size == 8 ? " and next" : "");
	} else if (c->present && w->bar == c->pba_bar && w->off >= c->pba_offset &&
		   w->off < c->pba_offset + 8ULL * DIV_ROUND_UP(c->entries, 64)) {
		fprintf(out, " (PBA)");
	}
	fprintf(out, " <- 0x%0*llx\n", (int)w->size * 2, (unsigned long long)w->val);
}

/**
 * scn_verb_writes() - writes NAME [start|stop]: the kernel's register writes
 * to a device.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * 'start' records from now on, 'stop' ends the recording (printing what
 * was recorded), and a bare 'writes NAME' prints what was recorded since
 * the last print and goes on recording.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_writes(struct scn *s, struct scn_args *a, FILE *out)
{
	struct scn_device *dev;
	const char *op;
	unsigned int i;

	if (a->argc < 1 || a->argc > 2)
		return scn_fail(s, "usage: writes NAME [start|stop]");
	dev = scn_get_device(s, a, 0, "writes");
	if (!dev)
		return SCN_EUSAGE;
	op = a->argc == 2 ? a->argv[1] : NULL;
	if (op && strcmp(op, "start") && strcmp(op, "stop"))
		return scn_fail(s, "writes: '%s': start or stop", op);
	if (!dev->pdev)
		return scn_fail(s, "writes: %s is not probed", dev->name);
	if (op && !strcmp(op, "start")) {
		if (dev->wlog && dev->wlog->pdev == dev->pdev)
			return scn_fail(s, "writes: %s is being recorded already", dev->name);
		scn_wlog_free(dev);
		dev->wlog = calloc(1, sizeof(*dev->wlog));
		if (!dev->wlog)
			return -ENOMEM;
		dev->wlog->pdev = dev->pdev;
		irqlab_pci_set_write_hook(dev->pdev, record, dev->wlog);
		fprintf(out, "%s: recording the kernel's register writes\n", dev->name);
		return 0;
	}
	if (!dev->wlog || dev->wlog->pdev != dev->pdev)
		return scn_fail(s, "writes: %s is not being recorded ('writes %s start')", dev->name,
				dev->name);
	for (i = 0; i < dev->wlog->n; i++)
		print_write(out, dev, &dev->wlog->w[i]);
	if (!dev->wlog->n)
		fprintf(out, "(no writes)\n");
	if (dev->wlog->dropped)
		fprintf(out, "(%lu more writes not recorded)\n", dev->wlog->dropped);
	dev->wlog->n = 0;
	dev->wlog->dropped = 0;
	if (op)
		scn_wlog_free(dev);
	return 0;
}
