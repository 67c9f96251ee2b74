// SPDX-License-Identifier: MIT
/*
 * Enumeration of emulated PCI functions (drivers/pci/probe.c and
 * setup-bus.c in miniature): identify the function through configuration
 * reads, walk its capabilities, size and assign its memory BARs from the
 * host bridge's window, apply quirks, route its INTx pin, and give it the
 * platform's MSI parent.  Removal undoes all of it.
 */
#include <stdio.h>
#include <string.h>

#include "pci_internal.h"

#ifndef IRQLAB_IOREMAP_BASE
/* Where ioremap() hands out addresses (x86-64's vmalloc area). */
#define IRQLAB_IOREMAP_BASE ((uintptr_t)(UINTPTR_MAX > 0xffffffffu ? 0xffffc90000000000ULL : \
							      0xf0000000ULL))
#endif

/**
 * pci_host_get() - the machine's PCI host state.
 * @m: the machine.
 * @create: create it when missing.
 *
 * Return: the host, or NULL (missing, or no memory).
 */
struct irqlab_pci_host *pci_host_get(struct irqlab_machine *m, bool create)
{
	struct irqlab_pci_host *host = m->pci_host;

	if (host || !create)
		return host;
	host = kzalloc(sizeof(*host), GFP_KERNEL);
	if (!host)
		return NULL;
	irqlab_lock_init(&host->lock);
	host->mmio_next = IRQLAB_PCI_MMIO_START;
	host->virt_next = IRQLAB_IOREMAP_BASE;
	m->pci_host = host;
	return host;
}

/* Quirks: vendor/device pairs known to need a fixup (drivers/pci/quirks.c). */
struct pci_fixup {
	u16 vendor;
	u16 device;
	void (*hook)(struct pci_dev *dev);
};

/* The ATI SB600/SB700 functions whose MSI is broken. */
static void quirk_no_msi(struct pci_dev *dev)
{
	pci_info(dev, "avoiding MSI to work around a hardware defect\n");
	dev->no_msi = 1;
}

static const struct pci_fixup pci_fixups[] = {
	{ 0x1002, 0x4386, quirk_no_msi },
	{ 0x1002, 0x4387, quirk_no_msi },
	{ 0x1002, 0x4388, quirk_no_msi },
	{ 0x1002, 0x4389, quirk_no_msi },
	{ 0x1002, 0x438a, quirk_no_msi },
	{ 0x1002, 0x438b, quirk_no_msi },
};

static void pci_fixup_device(struct pci_dev *dev)
{
	for (size_t i = 0; i < ARRAY_SIZE(pci_fixups); i++)
		if (pci_fixups[i].vendor == dev->vendor && pci_fixups[i].device == dev->device)
			pci_fixups[i].hook(dev);
}

/* The header fields the kernel caches in struct pci_dev. */
static int pci_read_header(struct pci_dev *dev)
{
	u32 class_rev;
	u16 vendor;

	pci_read_config_word(dev, PCI_VENDOR_ID, &vendor);
	/* Nobody answers: the read completes with all-ones. */
	if (vendor == 0xffff || vendor == 0)
		return -ENODEV;
	dev->vendor = vendor;
	pci_read_config_word(dev, PCI_DEVICE_ID, &dev->device);
	pci_read_config_dword(dev, PCI_CLASS_REVISION, &class_rev);
	dev->class = class_rev >> 8;
	dev->revision = (u8)class_rev;
	pci_read_config_byte(dev, PCI_HEADER_TYPE, &dev->hdr_type);
	dev->hdr_type &= PCI_HEADER_TYPE_MASK;
	pci_read_config_word(dev, PCI_SUBSYSTEM_VENDOR_ID, &dev->subsystem_vendor);
	pci_read_config_word(dev, PCI_SUBSYSTEM_ID, &dev->subsystem_device);
	pci_read_config_byte(dev, PCI_INTERRUPT_PIN, &dev->pin);
	return 0;
}

/* pci_msi_init()/pci_msix_init(): find the capabilities, leave them off. */
static void pci_msi_caps_init(struct pci_dev *dev)
{
	u16 ctrl;

	dev->msi_cap = pci_find_capability(dev, PCI_CAP_ID_MSI);
	if (dev->msi_cap) {
		pci_read_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS, &ctrl);
		if (ctrl & PCI_MSI_FLAGS_ENABLE)
			pci_write_config_word(dev, dev->msi_cap + PCI_MSI_FLAGS,
					      ctrl & ~PCI_MSI_FLAGS_ENABLE);
		if (!(ctrl & PCI_MSI_FLAGS_64BIT))
			dev->no_64bit_msi = 1;
	}
	dev->msix_cap = pci_find_capability(dev, PCI_CAP_ID_MSIX);
	if (dev->msix_cap) {
		pci_read_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS, &ctrl);
		if (ctrl & PCI_MSIX_FLAGS_ENABLE)
			pci_write_config_word(dev, dev->msix_cap + PCI_MSIX_FLAGS,
					      ctrl & ~PCI_MSIX_FLAGS_ENABLE);
	}
}

/* Size probing: write all-ones, read the mask back, restore. */
static u32 pci_bar_probe(struct pci_dev *dev, int reg)
{
	u32 orig, sz;

	pci_read_config_dword(dev, reg, &orig);
	pci_write_config_dword(dev, reg, 0xffffffff);
	pci_read_config_dword(dev, reg, &sz);
	pci_write_config_dword(dev, reg, orig);
	return sz;
}

/*
 * Size one BAR (__pci_read_base()): its resource gets the size in
 * end - start and the flags; returns how many BAR slots it takes.
 */
static unsigned int pci_read_base(struct pci_dev *dev, unsigned int bar)
{
	int reg = PCI_BASE_ADDRESS_0 + 4 * (int)bar;
	struct resource *res = &dev->resource[bar];
	u32 l, sz = pci_bar_probe(dev, reg);
	u64 mask;

	pci_read_config_dword(dev, reg, &l);
	if (!sz || sz == 0xffffffff || (l & PCI_BASE_ADDRESS_SPACE) == PCI_BASE_ADDRESS_SPACE_IO)
		return 1;
	mask = sz & (u32)PCI_BASE_ADDRESS_MEM_MASK;
	res->flags = IORESOURCE_MEM;
	if (l & PCI_BASE_ADDRESS_MEM_PREFETCH)
		res->flags |= IORESOURCE_PREFETCH;
	if ((l & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64 &&
	    bar + 1 < PCI_STD_NUM_BARS) {
		mask |= (u64)pci_bar_probe(dev, reg + 4) << 32;
		res->flags |= IORESOURCE_MEM_64;
	} else {
		mask |= 0xffffffff00000000ULL;
	}
	res->start = 0;
	res->end = ~mask; /* size - 1 */
	return (res->flags & IORESOURCE_MEM_64) ? 2 : 1;
}

/* Assign every sized BAR from the window (naturally aligned) and write it. */
static int pci_assign_bars(struct pci_dev *dev, struct irqlab_pci_host *host)
{
	u64 next = host->mmio_next, addr[PCI_STD_NUM_BARS] = { 0 };
	unsigned int bar;

	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		u64 size = dev->resource[bar].end + 1;

		if (!dev->resource[bar].flags)
			continue;
		addr[bar] = (next + size - 1) & ~(size - 1);
		if (addr[bar] < next || addr[bar] + size > IRQLAB_PCI_MMIO_END ||
		    addr[bar] + size < addr[bar])
			return -ENOSPC;
		next = addr[bar] + size;
	}
	host->mmio_next = next;
	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		struct resource *res = &dev->resource[bar];
		int reg = PCI_BASE_ADDRESS_0 + 4 * (int)bar;

		if (!res->flags)
			continue;
		res->start = addr[bar];
		res->end += addr[bar];
		pci_write_config_dword(dev, reg, (u32)addr[bar]);
		if (res->flags & IORESOURCE_MEM_64)
			pci_write_config_dword(dev, reg + 4, (u32)(addr[bar] >> 32));
	}
	return 0;
}

/* Size with decode off (as the kernel does), then assign. */
static int pci_setup_bars(struct pci_dev *dev, struct irqlab_pci_host *host)
{
	unsigned int bar;
	u16 cmd;
	int ret;

	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	if (cmd & PCI_COMMAND_MEMORY)
		pci_write_config_word(dev, PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
	for (bar = 0; bar < PCI_STD_NUM_BARS;)
		bar += pci_read_base(dev, bar);
	irqlab_lock_acquire(&host->lock);
	ret = pci_assign_bars(dev, host);
	irqlab_lock_release(&host->lock);
	if (cmd & PCI_COMMAND_MEMORY)
		pci_write_config_word(dev, PCI_COMMAND, cmd);
	return ret;
}

/* The platform gives the device its MSI parent and routes its INTx pin. */
static int pci_setup_platform(struct irqlab_machine *m, struct pci_dev *dev)
{
	if (!m->platform || !m->platform->pci_add)
		return 0;
	return m->platform->pci_add(m, dev);
}

static void pci_release_platform(struct irqlab_machine *m, struct pci_dev *dev)
{
	if (m->platform && m->platform->pci_remove)
		m->platform->pci_remove(m, dev);
}

static struct pci_dev *pci_alloc_dev(struct irqlab_machine *m, struct irqlab_pci_fn *fn)
{
	struct pci_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	u16 rid;

	if (!dev)
		return NULL;
	dev->machine = m;
	dev->hw = fn;
	rid = irqlab_pci_fn_requester_id(fn);
	dev->segment = irqlab_pci_fn_segment(fn);
	dev->bus_number = (u8)(rid >> 8);
	dev->devfn = rid & 0xff;
	snprintf(dev->dev.name, sizeof(dev->dev.name), "%s", irqlab_pci_fn_name(fn));
	dev->dev.bus_name = "pci";
	dev->dev.numa_node = NUMA_NO_NODE;
	dev->dev.is_pci = true;
	raw_spin_lock_init(&dev->msi_lock);
	return dev;
}

static void pci_free_dev(struct pci_dev *dev)
{
	irqlab_lock_destroy(&dev->msi_lock);
	kfree(dev);
}

/* Append to the host's list unless the function is probed already. */
static int pci_host_add(struct irqlab_pci_host *host, struct pci_dev *dev)
{
	struct pci_dev **pp;
	int ret = 0;

	irqlab_lock_acquire(&host->lock);
	for (pp = &host->devs; *pp; pp = &(*pp)->next) {
		if ((*pp)->hw == dev->hw) {
			ret = -EEXIST;
			break;
		}
	}
	if (!ret)
		*pp = dev;
	irqlab_lock_release(&host->lock);
	return ret;
}

static void pci_host_del(struct irqlab_pci_host *host, struct pci_dev *dev)
{
	struct pci_dev **pp;

	irqlab_lock_acquire(&host->lock);
	for (pp = &host->devs; *pp; pp = &(*pp)->next) {
		if (*pp == dev) {
			*pp = dev->next;
			break;
		}
	}
	irqlab_lock_release(&host->lock);
}

static bool pci_host_has(struct irqlab_pci_host *host, struct irqlab_pci_fn *fn)
{
	struct pci_dev *d;
	bool found = false;

	irqlab_lock_acquire(&host->lock);
	for (d = host->devs; d && !found; d = d->next)
		found = d->hw == fn;
	irqlab_lock_release(&host->lock);
	return found;
}

/* Identify, assign and route; on error the function is as it was. */
static int pci_scan_device(struct irqlab_machine *m, struct irqlab_pci_host *host,
			   struct pci_dev *dev)
{
	u8 cfg[PCI_STD_HEADER_SIZEOF];
	int ret, i;

	ret = pci_read_header(dev);
	if (ret)
		return ret;
	/* Keep the header image: a failed probe writes it back. */
	for (i = 0; i < PCI_STD_HEADER_SIZEOF; i++)
		pci_read_config_byte(dev, i, &cfg[i]);
	pci_fixup_device(dev);
	ret = pci_setup_bars(dev, host);
	if (!ret)
		ret = pci_setup_platform(m, dev);
	if (ret) {
		for (i = PCI_BASE_ADDRESS_0; i <= PCI_BASE_ADDRESS_5; i += 4)
			pci_write_config_dword(dev, i, (u32)cfg[i] | (u32)cfg[i + 1] << 8 |
							       (u32)cfg[i + 2] << 16 |
							       (u32)cfg[i + 3] << 24);
		return ret;
	}
	pci_msi_caps_init(dev);
	ret = pci_enable_device(dev);
	if (ret)
		pci_release_platform(m, dev);
	return ret;
}

int irqlab_pci_probe(struct irqlab_machine *m, const char *bdf, struct pci_dev **out)
{
	struct irqlab_pci_host *host;
	struct irqlab_pci_fn *fn;
	struct pci_dev *dev;
	int ret;

	if (!m || !bdf || !out)
		return -EINVAL;
	fn = irqlab_pci_fn_find(m, bdf);
	if (!fn)
		return -ENODEV;
	host = pci_host_get(m, true);
	if (!host)
		return -ENOMEM;
	if (pci_host_has(host, fn))
		return -EEXIST;
	dev = pci_alloc_dev(m, fn);
	if (!dev)
		return -ENOMEM;
	ret = pci_scan_device(m, host, dev);
	if (!ret) {
		ret = pci_host_add(host, dev);
		if (ret)
			pci_release_platform(m, dev);
	}
	if (ret) {
		pci_free_dev(dev);
		return ret;
	}
	*out = dev;
	return 0;
}

void irqlab_pci_remove(struct pci_dev *dev)
{
	struct irqlab_pci_host *host;

	if (!dev)
		return;
	host = pci_host_get(dev->machine, false);
	/* The driver is gone: whatever it left allocated goes too. */
	pci_free_irq_vectors(dev);
	msi_device_data_release(&dev->dev);
	pci_disable_device(dev);
	pci_release_platform(dev->machine, dev);
	if (host)
		pci_host_del(host, dev);
	pci_free_dev(dev);
}

struct pci_dev *irqlab_pci_dev_next(struct irqlab_machine *m, struct pci_dev *prev)
{
	struct irqlab_pci_host *host = m ? pci_host_get(m, false) : NULL;
	struct pci_dev *d;

	if (!host)
		return NULL;
	irqlab_lock_acquire(&host->lock);
	if (!prev) {
		d = host->devs;
	} else {
		for (d = host->devs; d && d != prev; d = d->next)
			;
		d = d ? d->next : NULL;
	}
	irqlab_lock_release(&host->lock);
	return d;
}

struct pci_dev *irqlab_pci_dev_find(struct irqlab_machine *m, const char *bdf)
{
	struct irqlab_pci_fn *fn = m && bdf ? irqlab_pci_fn_find(m, bdf) : NULL;
	struct pci_dev *d;

	for (d = irqlab_pci_dev_next(m, NULL); fn && d; d = irqlab_pci_dev_next(m, d))
		if (d->hw == fn)
			return d;
	return NULL;
}

void irqlab_pci_set_write_hook(struct pci_dev *dev, irqlab_pci_write_hook_fn hook, void *ctx)
{
	dev->write_hook = hook;
	dev->write_hook_ctx = ctx;
}

/**
 * irqlab_pci_devs_destroy() - remove every pci_dev of a machine (teardown).
 * @m: the machine.
 *
 * Context: machine destruction, after the actions were released and
 * before the platform (and its MSI parent) goes.
 */
void irqlab_pci_devs_destroy(struct irqlab_machine *m)
{
	struct irqlab_pci_host *host = m->pci_host;
	struct pci_iomap_entry *map;

	if (!host)
		return;
	while (host->devs)
		irqlab_pci_remove(host->devs);
	/* Mappings a driver forgot: the kernel would leak them too. */
	while ((map = host->maps)) {
		host->maps = map->next;
		kfree(map);
	}
	irqlab_lock_destroy(&host->lock);
	kfree(host);
	m->pci_host = NULL;
}
