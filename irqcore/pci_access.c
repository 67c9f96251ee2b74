// SPDX-License-Identifier: MIT
/*
 * How the kernel side reaches a PCI function: configuration reads and
 * writes (drivers/pci/access.c), the Command register helpers
 * (drivers/pci/pci.c), and MMIO: ioremap() of a BAR range and
 * readl()/writel()/readq()/writeq(), which the host bridge forwards to the
 * function that decodes the physical address.
 */
#include "pci_internal.h"

/**
 * pci_call_write_hook() - tell the device's write hook about a write.
 * @dev: the device.
 * @space: configuration space or MMIO.
 * @bar: the BAR index of an MMIO write.
 * @off: the config offset or the offset in the BAR.
 * @size: bytes written.
 * @val: the value.
 *
 * Context: any; no lock of the function is held.
 */
void pci_call_write_hook(struct pci_dev *dev, enum irqlab_pci_space space, unsigned int bar,
			 u64 off, unsigned int size, u64 val)
{
	if (dev->write_hook)
		dev->write_hook(dev, space, bar, off, size, val, dev->write_hook_ctx);
}

static int pci_cfg_read(const struct pci_dev *dev, int where, unsigned int size, u32 *val)
{
	if (!dev->hw) {
		*val = 0xffffffff;
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	if (where < 0 || irqlab_pci_cfg_read(dev->hw, (unsigned int)where, size, val)) {
		*val = 0xffffffff;
		return PCIBIOS_BAD_REGISTER_NUMBER;
	}
	return PCIBIOS_SUCCESSFUL;
}

static int pci_cfg_write(const struct pci_dev *dev, int where, unsigned int size, u32 val)
{
	if (!dev->hw)
		return PCIBIOS_DEVICE_NOT_FOUND;
	if (where < 0 || irqlab_pci_cfg_write(dev->hw, (unsigned int)where, size, val))
		return PCIBIOS_BAD_REGISTER_NUMBER;
	pci_call_write_hook((struct pci_dev *)dev, IRQLAB_PCI_SPACE_CFG, 0, (u64)where, size, val);
	return PCIBIOS_SUCCESSFUL;
}

/**
 * pci_read_config_byte() - 8-bit configuration read.
 * @dev: the device.
 * @where: the offset, aligned to the size, below 4096.
 * @val: the value; all-ones on failure.
 *
 * Return: PCIBIOS_SUCCESSFUL, PCIBIOS_BAD_REGISTER_NUMBER,
 * PCIBIOS_DEVICE_NOT_FOUND.
 */
int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val)
{
	u32 v;
	int ret = pci_cfg_read(dev, where, 1, &v);

	*val = (u8)v;
	return ret;
}

/**
 * pci_read_config_word() - 16-bit configuration read.
 * @dev: the device.
 * @where: the offset, aligned to the size, below 4096.
 * @val: the value; all-ones on failure.
 *
 * Return: PCIBIOS_SUCCESSFUL, PCIBIOS_BAD_REGISTER_NUMBER,
 * PCIBIOS_DEVICE_NOT_FOUND.
 */
int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val)
{
	u32 v;
	int ret = pci_cfg_read(dev, where, 2, &v);

	*val = (u16)v;
	return ret;
}

/**
 * pci_read_config_dword() - 32-bit configuration read.
 * @dev: the device.
 * @where: the offset, aligned to the size, below 4096.
 * @val: the value; all-ones on failure.
 *
 * Return: PCIBIOS_SUCCESSFUL, PCIBIOS_BAD_REGISTER_NUMBER,
 * PCIBIOS_DEVICE_NOT_FOUND.
 */
int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val)
{
	return pci_cfg_read(dev, where, 4, val);
}

/**
 * pci_write_config_byte() - 8-bit configuration write.
 * @dev: the device.
 * @where: the offset, aligned to the size, below 4096.
 * @val: the value.
 *
 * The device's write hook runs after a write that reached the function.
 *
 * Return: as pci_read_config_byte().
 */
int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val)
{
	return pci_cfg_write(dev, where, 1, val);
}

/**
 * pci_write_config_word() - 16-bit configuration write.
 * @dev: the device.
 * @where: the offset, aligned to the size, below 4096.
 * @val: the value.
 *
 * The device's write hook runs after a write that reached the function.
 *
 * Return: as pci_read_config_word().
 */
int pci_write_config_word(const struct pci_dev *dev, int where, u16 val)
{
	return pci_cfg_write(dev, where, 2, val);
}

/**
 * pci_write_config_dword() - 32-bit configuration write.
 * @dev: the device.
 * @where: the offset, aligned to the size, below 4096.
 * @val: the value.
 *
 * The device's write hook runs after a write that reached the function.
 *
 * Return: as pci_read_config_dword().
 */
int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val)
{
	return pci_cfg_write(dev, where, 4, val);
}

/* At most 48 capabilities fit in the 192 bytes after the header. */
#define PCI_FIND_CAP_TTL 48

u8 pci_find_capability(struct pci_dev *dev, int cap)
{
	int ttl = PCI_FIND_CAP_TTL;
	u16 status, ent;
	u8 pos;

	pci_read_config_word(dev, PCI_STATUS, &status);
	if (!(status & PCI_STATUS_CAP_LIST))
		return 0;
	pci_read_config_byte(dev, PCI_CAPABILITY_LIST, &pos);
	while (ttl--) {
		if (pos < PCI_STD_HEADER_SIZEOF)
			break;
		pos &= ~3;
		pci_read_config_word(dev, pos, &ent);
		if ((ent & 0xff) == 0xff)
			break;
		if ((ent & 0xff) == cap)
			return pos;
		pos = (u8)(ent >> 8);
	}
	return 0;
}

static void pci_command_update(struct pci_dev *dev, u16 clear, u16 set)
{
	u16 cmd, new;

	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	new = (u16)((cmd & ~clear) | set);
	if (new != cmd)
		pci_write_config_word(dev, PCI_COMMAND, new);
}

int pci_enable_device(struct pci_dev *dev)
{
	pci_command_update(dev, 0, PCI_COMMAND_MEMORY);
	dev->is_enabled = 1;
	return 0;
}

void pci_disable_device(struct pci_dev *dev)
{
	pci_command_update(dev, PCI_COMMAND_MASTER | PCI_COMMAND_MEMORY, 0);
	dev->is_busmaster = 0;
	dev->is_enabled = 0;
}

void pci_set_master(struct pci_dev *dev)
{
	pci_command_update(dev, 0, PCI_COMMAND_MASTER);
	dev->is_busmaster = 1;
}

void pci_clear_master(struct pci_dev *dev)
{
	pci_command_update(dev, PCI_COMMAND_MASTER, 0);
	dev->is_busmaster = 0;
}

void pci_intx(struct pci_dev *dev, int enable)
{
	if (enable)
		pci_command_update(dev, PCI_COMMAND_INTX_DISABLE, 0);
	else
		pci_command_update(dev, 0, PCI_COMMAND_INTX_DISABLE);
}

/* ---- ioremap() and the MMIO accessors --------------------------------- */

void __iomem *ioremap(u64 phys_addr, size_t size)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irqlab_pci_host *host = m ? pci_host_get(m, true) : NULL;
	struct pci_iomap_entry *map;
	void __iomem *addr;

	if (!host || !size || phys_addr + size < phys_addr)
		return NULL;
	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return NULL;
	map->phys = phys_addr;
	map->size = size;
	irqlab_lock_acquire(&host->lock);
	/* Page granular, with a guard page, as vmalloc space would be. */
	map->virt = host->virt_next + (uintptr_t)(phys_addr & 0xfff);
	host->virt_next += ((uintptr_t)(phys_addr & 0xfff) + size + 0x1fff) & ~(uintptr_t)0xfff;
	map->next = host->maps;
	host->maps = map;
	addr = (void __iomem *)map->virt;
	irqlab_lock_release(&host->lock);
	return addr;
}

void iounmap(volatile void __iomem *addr)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irqlab_pci_host *host = m ? pci_host_get(m, false) : NULL;
	struct pci_iomap_entry **pp, *map = NULL;

	if (!addr)
		return;
	if (WARN_ON(!host))
		return;
	irqlab_lock_acquire(&host->lock);
	for (pp = &host->maps; *pp; pp = &(*pp)->next) {
		if ((*pp)->virt == (uintptr_t)addr) {
			map = *pp;
			*pp = map->next;
			break;
		}
	}
	irqlab_lock_release(&host->lock);
	if (WARN(!map, "iounmap: bad address %p\n", (void *)addr))
		return;
	kfree(map);
}

/* The physical address of a mapped virtual one. */
static bool iomap_phys(struct irqlab_pci_host *host, uintptr_t va, unsigned int size,
		       u64 *phys)
{
	struct pci_iomap_entry *map;
	bool found = false;

	irqlab_lock_acquire(&host->lock);
	for (map = host->maps; map && !found; map = map->next) {
		if (va >= map->virt && va - map->virt < map->size &&
		    map->size - (va - map->virt) >= size) {
			*phys = map->phys + (va - map->virt);
			found = true;
		}
	}
	irqlab_lock_release(&host->lock);
	return found;
}

/**
 * pci_host_decode() - which function and BAR decode a physical address.
 * @m: the machine.
 * @phys: the address.
 * @bar: the BAR index.
 * @off: the offset in the BAR.
 *
 * Return: the device, or NULL when no assigned BAR contains @phys.
 */
struct pci_dev *pci_host_decode(struct irqlab_machine *m, u64 phys, unsigned int *bar,
				u64 *off)
{
	struct irqlab_pci_host *host = pci_host_get(m, false);
	struct pci_dev *dev, *found = NULL;
	unsigned int i;

	if (!host)
		return NULL;
	irqlab_lock_acquire(&host->lock);
	for (dev = host->devs; dev && !found; dev = dev->next) {
		for (i = 0; i < PCI_STD_NUM_BARS; i++) {
			const struct resource *r = &dev->resource[i];

			if (r->flags && r->start && phys >= r->start && phys <= r->end) {
				found = dev;
				*bar = i;
				*off = phys - r->start;
				break;
			}
		}
	}
	irqlab_lock_release(&host->lock);
	return found;
}

/* One MMIO transaction; no host lock is held while the function runs. */
static int mmio_access(const volatile void __iomem *addr, unsigned int size, bool write,
		       u64 *val)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irqlab_pci_host *host = m ? pci_host_get(m, false) : NULL;
	struct pci_dev *dev;
	unsigned int bar;
	u64 phys, off;
	int ret;

	if (WARN(!host || !iomap_phys(host, (uintptr_t)addr, size, &phys),
		 "MMIO access to unmapped address %p\n", (void *)addr))
		return -EFAULT;
	dev = pci_host_decode(m, phys, &bar, &off);
	/* Nobody decodes it: a master abort, reads complete with all-ones. */
	if (!dev)
		return -EIO;
	if (write) {
		ret = irqlab_pci_mmio_write(dev->hw, bar, off, size, *val);
		if (!ret)
			pci_call_write_hook(dev, IRQLAB_PCI_SPACE_MMIO, bar, off, size, *val);
		return ret;
	}
	return irqlab_pci_mmio_read(dev->hw, bar, off, size, val);
}

u32 readl(const volatile void __iomem *addr)
{
	u64 v = 0;

	if (mmio_access(addr, 4, false, &v))
		return 0xffffffff;
	return (u32)v;
}

void writel(u32 val, volatile void __iomem *addr)
{
	u64 v = val;

	mmio_access(addr, 4, true, &v);
}

u64 readq(const volatile void __iomem *addr)
{
	u64 v = 0;

	if (mmio_access(addr, 8, false, &v))
		return ~0ULL;
	return v;
}

void writeq(u64 val, volatile void __iomem *addr)
{
	mmio_access(addr, 8, true, &val);
}

void __iomem *pci_iomap_range(struct pci_dev *dev, int bar, unsigned long offset,
			      unsigned long maxlen)
{
	u64 len;

	if (bar < 0 || bar >= PCI_STD_NUM_BARS)
		return NULL;
	len = pci_resource_len(dev, (unsigned int)bar);
	if (!len || !pci_resource_start(dev, (unsigned int)bar) || offset >= len)
		return NULL;
	len -= offset;
	if (maxlen && maxlen < len)
		len = maxlen;
	return ioremap(pci_resource_start(dev, (unsigned int)bar) + offset, (size_t)len);
}

void pci_iounmap(struct pci_dev *dev, void __iomem *addr)
{
	iounmap(addr);
}
