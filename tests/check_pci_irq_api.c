// SPDX-License-Identifier: MIT
/*
 * The driver-facing PCI interrupt API around the MSI core: the MSI-X →
 * MSI → INTx fallback (by flags, by the no_msi quirk, by a driver quirk
 * like NVMe's broken MSI), INTx shared by two devices, the kernel's errno
 * for bad parameters with nothing changed, enumeration and the accessors.
 */
#include <stdio.h>
#include <string.h>

#include "pci_fixture.h"
#include "irqlab/ioapic.h"

static struct irqlab_pci_fn *fn;
static struct pci_dev *dev;

/* A function with MSI-X (16 entries), MSI (4 vectors) and INTA. */
static struct irqlab_pci_fn_config both_config(const char *bdf)
{
	struct irqlab_pci_fn_config cfg = pf_msix_config(bdf, 16);

	cfg.msi.present = true;
	cfg.msi.vectors = 4;
	cfg.msi.addr64 = true;
	cfg.msi.per_vector_mask = true;
	return cfg;
}

static void setup(void)
{
	struct irqlab_pci_fn_config cfg = both_config(PF_MANA_BDF);

	x86_setup();
	dev = pf_probe(&cfg, &fn);
	pci_set_master(dev);
}

/* ---- fallback -------------------------------------------------------------- */

START_TEST(test_fallback_by_flags)
{
	unsigned int intx = dev->irq;

	ck_assert_int_gt((int)intx, 0);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 4, PCI_IRQ_ALL_TYPES), 4);
	ck_assert(dev->msix_enabled);
	pci_free_irq_vectors(dev);

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 4, PCI_IRQ_MSI | PCI_IRQ_INTX), 1);
	ck_assert(dev->msi_enabled && !dev->msix_enabled);
	ck_assert_str_eq(irq_get_chip((unsigned int)pci_irq_vector(dev, 0))->name,
			 "PCI-MSI-" PF_MANA_BDF);
	pci_free_irq_vectors(dev);

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 4, PCI_IRQ_INTX), 1);
	ck_assert(!dev->msi_enabled && !dev->msix_enabled);
	ck_assert_int_eq(pci_irq_vector(dev, 0), (int)intx);
	ck_assert_int_eq(pci_irq_vector(dev, 1), -EINVAL);
	ck_assert_uint_eq(pf_command(dev) & PCI_COMMAND_INTX_DISABLE, 0);
	ck_assert_ptr_eq(pci_irq_get_affinity(dev, 0), cpu_possible_mask);
	/* INTx is a single vector: a minimum of two cannot be met. */
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 4, PCI_IRQ_INTX), -ENOSPC);
	pci_free_irq_vectors(dev);

	/* With PCI_IRQ_AFFINITY the spreading runs for the single vector too. */
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 4, PCI_IRQ_INTX | PCI_IRQ_AFFINITY), 1);
	pci_free_irq_vectors(dev);
}
END_TEST

/* The no_msi quirk (ATI SB600 functions): straight to INTx. */
START_TEST(test_fallback_no_msi_quirk)
{
	struct irqlab_pci_fn_config cfg = both_config("0000:00:12.0");
	struct pci_dev *ati;

	cfg.vendor = 0x1002;
	cfg.device = 0x4386;
	ati = pf_probe(&cfg, NULL);
	ck_assert(ati->no_msi);
	ck_assert_log("pci 0000:00:12.0: avoiding MSI to work around a hardware defect");
	ck_assert_int_eq(pci_alloc_irq_vectors(ati, 1, 4, PCI_IRQ_MSIX | PCI_IRQ_MSI), -EINVAL);
	ck_assert(!ati->msi_enabled && !ati->msix_enabled);
	ck_assert_int_eq(pci_alloc_irq_vectors(ati, 1, 4, PCI_IRQ_ALL_TYPES), 1);
	ck_assert_int_eq(pci_irq_vector(ati, 0), (int)ati->irq);
	pci_free_irq_vectors(ati);
}
END_TEST

/*
 * The NVMe broken-MSI quirk is the driver's: it clears PCI_IRQ_MSI.  On a
 * platform without MSI-X (here: a device without it) that means INTx.
 */
START_TEST(test_fallback_driver_quirk)
{
	struct irqlab_pci_fn_config cfg = pf_msi_config("0000:00:08.0", 32, true, false);
	struct pci_dev *nvme = pf_probe(&cfg, NULL);
	unsigned int flags = (PCI_IRQ_ALL_TYPES | PCI_IRQ_AFFINITY) & ~PCI_IRQ_MSI;
	struct irq_affinity affd = { .pre_vectors = 1 };

	ck_assert_int_eq(pci_alloc_irq_vectors_affinity(nvme, 1, 8, flags, &affd), 1);
	ck_assert(!nvme->msi_enabled);
	ck_assert_int_eq(pci_irq_vector(nvme, 0), (int)nvme->irq);
	pci_free_irq_vectors(nvme);
	/* Without the quirk the same call uses MSI. */
	ck_assert_int_eq(pci_alloc_irq_vectors_affinity(nvme, 1, 8, flags | PCI_IRQ_MSI, &affd),
			 1);
	ck_assert(nvme->msi_enabled);
	pci_free_irq_vectors(nvme);
}
END_TEST

/* ---- INTx shared by two devices ------------------------------------------ */

struct intx_drv {
	struct pci_dev *pdev;
	unsigned int handled;
	unsigned int none;
};

/* A driver's handler: is it my device?  If so, service (deassert) it. */
static irqreturn_t intx_handler(int irq, void *dev_id)
{
	struct intx_drv *drv = dev_id;
	u16 status;

	pci_read_config_word(drv->pdev, PCI_STATUS, &status);
	if (!(status & PCI_STATUS_INTERRUPT)) {
		drv->none++;
		return IRQ_NONE;
	}
	drv->handled++;
	irqlab_pci_fn_intx(drv->pdev->hw, false);
	return IRQ_HANDLED;
}

START_TEST(test_intx_shared)
{
	struct irqlab_pci_fn_config cfg = both_config("0000:00:09.0");
	struct intx_drv a = { .pdev = dev }, b;
	unsigned int irq;

	/* Slots 5 and 9 with INTA both swizzle to GSI 17. */
	b.pdev = pf_probe(&cfg, NULL);
	b.handled = b.none = 0;
	ck_assert_uint_eq(dev->irq, b.pdev->irq);
	ck_assert_int_eq(pci_alloc_irq_vectors(a.pdev, 1, 1, PCI_IRQ_INTX), 1);
	ck_assert_int_eq(pci_alloc_irq_vectors(b.pdev, 1, 1, PCI_IRQ_INTX), 1);
	irq = (unsigned int)pci_irq_vector(a.pdev, 0);
	ck_assert_int_eq(request_irq(irq, intx_handler, IRQF_SHARED, "a", &a), 0);
	ck_assert_int_eq(request_irq(irq, intx_handler, IRQF_SHARED, "b", &b), 0);

	ck_assert_int_eq(irqlab_pci_fn_raise(b.pdev->hw, 0), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(b.handled, 1);
	ck_assert_uint_eq(a.handled, 0);
	/* Every handler on the line runs: a said "not mine". */
	ck_assert_uint_eq(a.none, 1);

	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(b.pdev->hw, 0), 0);
	irqlab_run_until_idle(tm);
	ck_assert_uint_eq(a.handled, 1);
	ck_assert_uint_eq(b.handled, 2);
	ck_assert(!irqlab_pci_fn_intx_level(fn) && !irqlab_pci_fn_intx_level(b.pdev->hw));

	free_irq(irq, &a);
	free_irq(irq, &b);
	pci_free_irq_vectors(a.pdev);
	pci_free_irq_vectors(b.pdev);
}
END_TEST

/* ---- bad parameters: the kernel's errno and nothing changed --------------- */

static void assert_unchanged(struct pf_snapshot *s0)
{
	struct pf_snapshot s1;

	pf_snapshot_take(&s1, fn);
	pf_snapshot_assert_equal(s0, &s1);
	ck_assert_str_eq(s0->domains, s1.domains);
	pf_snapshot_free(&s1);
	ck_assert(!dev->msi_enabled && !dev->msix_enabled);
}

START_TEST(test_bad_parameters)
{
	static const unsigned int flags[] = {
		PCI_IRQ_MSIX, PCI_IRQ_MSI, PCI_IRQ_MSIX | PCI_IRQ_MSI, PCI_IRQ_ALL_TYPES,
		PCI_IRQ_ALL_TYPES | PCI_IRQ_AFFINITY,
	};
	struct pf_snapshot s0;
	size_t i;

	pf_snapshot_take(&s0, fn);
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		/* min > max */
		ck_assert_int_eq(pci_alloc_irq_vectors(dev, 4, 2, flags[i]), -ERANGE);
		assert_unchanged(&s0);
		/* zero vectors */
		ck_assert_int_eq(pci_alloc_irq_vectors(dev, 0, 0, flags[i]), -EINVAL);
		assert_unchanged(&s0);
	}
	/* More than the table (16) and MSI (4) can give. */
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 17, 32, PCI_IRQ_MSIX), -ENOSPC);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 17, 32, PCI_IRQ_ALL_TYPES), -ENOSPC);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 5, 8, PCI_IRQ_MSI), -ENOSPC);
	/* No mechanism asked for. */
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, 0), -ENOSPC);
	assert_unchanged(&s0);
	/* Out of range vector indices. */
	ck_assert_int_eq(pci_irq_vector(dev, 1), -EINVAL);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 2, 2, PCI_IRQ_MSIX), 2);
	ck_assert_int_eq(pci_irq_vector(dev, 2), -EINVAL);
	ck_assert_int_eq(pci_irq_vector(dev, 0xffff), -EINVAL);
	ck_assert_int_eq(pci_irq_vector(dev, 0x10000), 0 - EINVAL);
	ck_assert_ptr_null(pci_irq_get_affinity(dev, 0));
	/* A second allocation while enabled (MSI-X, then MSI). */
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), -EINVAL);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), -EINVAL);
	ck_assert_log("pci " PF_MANA_BDF ": can't enable MSI (MSI-X already enabled)");
	pci_free_irq_vectors(dev);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSI), 1);
	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 1, 1, PCI_IRQ_MSIX), -EINVAL);
	ck_assert_log("pci " PF_MANA_BDF ": can't enable MSI-X (MSI already enabled)");
	pci_free_irq_vectors(dev);
	/* Double free: the second does nothing. */
	pci_free_irq_vectors(dev);
	ck_assert_int_eq(irqlab_pci_msi_irqs(dev, NULL, 0), 0);
	ck_assert_ptr_null(irqlab_pci_dev_next(tm, dev));
	pf_snapshot_free(&s0);
}
END_TEST

/* A device without MSI capabilities: INTx only. */
START_TEST(test_no_msi_capability)
{
	struct irqlab_pci_fn_config cfg = { .bdf = "0000:00:0a.0", .vendor = 0x8086,
					    .device = 0x100e, .intx_pin = 2 };
	struct pci_dev *legacy = pf_probe(&cfg, NULL);

	ck_assert_uint_eq(legacy->msi_cap, 0);
	ck_assert_uint_eq(legacy->msix_cap, 0);
	ck_assert_int_eq(pci_msix_vec_count(legacy), -EINVAL);
	ck_assert_int_eq(pci_msi_vec_count(legacy), -EINVAL);
	ck_assert(!pci_msix_can_alloc_dyn(legacy));
	ck_assert_int_eq(pci_alloc_irq_vectors(legacy, 1, 1, PCI_IRQ_MSIX), -EINVAL);
	ck_assert_int_eq(pci_alloc_irq_vectors(legacy, 1, 1, PCI_IRQ_MSI), -EINVAL);
	ck_assert_int_eq(pci_alloc_irq_vectors(legacy, 1, 1, PCI_IRQ_ALL_TYPES), 1);
	ck_assert_int_eq(pci_irq_vector(legacy, 0), (int)legacy->irq);
	ck_assert_int_eq(pci_enable_msi(legacy), -EINVAL);
	pci_free_irq_vectors(legacy);
}
END_TEST

/* The legacy entry points. */
START_TEST(test_legacy_api)
{
	struct msix_entry e[2] = { { .entry = 3 }, { .entry = 7 } };
	struct msix_entry dup[2] = { { .entry = 3 }, { .entry = 3 } };

	ck_assert_int_eq(pci_msix_vec_count(dev), 16);
	ck_assert_int_eq(pci_msi_vec_count(dev), 4);
	ck_assert_int_eq(pci_enable_msix_range(dev, dup, 2, 2), -EINVAL);
	ck_assert_int_eq(pci_enable_msix_range(dev, e, 1, 2), 2);
	ck_assert_int_eq(pci_irq_vector(dev, 3), (int)e[0].vector);
	ck_assert_int_eq(pci_irq_vector(dev, 7), (int)e[1].vector);
	ck_assert_int_eq(pci_irq_vector(dev, 0), -EINVAL);
	pci_disable_msix(dev);
	ck_assert_int_eq(pci_enable_msi(dev), 0);
	ck_assert(dev->msi_enabled);
	pci_disable_msi(dev);
	ck_assert(!dev->msi_enabled);
}
END_TEST

/* ---- enumeration ----------------------------------------------------------- */

START_TEST(test_probe)
{
	struct irqlab_pci_fn_config cfg = both_config("0000:00:0b.0");
	struct pci_dev *d2 = NULL;
	u32 bar4;

	/* What the probe read through configuration space. */
	ck_assert_uint_eq(dev->vendor, 0x1414);
	ck_assert_uint_eq(dev->device, 0x00ba);
	ck_assert_uint_eq(dev->class, 0x020000);
	ck_assert_uint_eq(dev->pin, 1);
	ck_assert_uint_eq(dev->msix_cap, irqlab_pci_fn_get_config(fn)->msix.offset);
	ck_assert_uint_eq(dev->msi_cap, irqlab_pci_fn_get_config(fn)->msi.offset);
	ck_assert_str_eq(pci_name(dev), PF_MANA_BDF);
	ck_assert_uint_eq(pci_dev_id(dev), 5 << 3);
	ck_assert_ptr_eq(dev_get_msi_domain(&dev->dev), x86_vd());
	ck_assert(irq_domain_is_msi_parent(x86_vd()));
	/* BARs: naturally aligned in the window, written, decode on. */
	ck_assert_uint_eq(pci_resource_len(dev, 0), 0x100000);
	ck_assert_uint_eq(pci_resource_len(dev, 4), 0x8000);
	ck_assert_uint_eq(pci_resource_start(dev, 0) % 0x100000, 0);
	ck_assert_uint_eq(pci_resource_start(dev, 4) % 0x8000, 0);
	ck_assert_uint_ge(pci_resource_start(dev, 0), 0xc0000000ULL);
	bar4 = pf_cfg(fn, PCI_BASE_ADDRESS_4, 4);
	ck_assert_uint_eq(bar4, (u32)pci_resource_start(dev, 4));
	ck_assert_uint_eq(pci_resource_len(dev, 1), 0);
	ck_assert(pf_command(dev) & PCI_COMMAND_MEMORY);
	ck_assert_uint_eq(pf_cfg(fn, PCI_INTERRUPT_LINE, 1), dev->irq & 0xff);

	/* Errors change nothing. */
	ck_assert_int_eq(irqlab_pci_probe(tm, PF_MANA_BDF, &d2), -EEXIST);
	ck_assert_int_eq(irqlab_pci_probe(tm, "0000:00:1f.0", &d2), -ENODEV);
	ck_assert_int_eq(irqlab_pci_probe(tm, NULL, &d2), -EINVAL);
	ck_assert_int_eq(irqlab_pci_probe(NULL, PF_MANA_BDF, &d2), -EINVAL);
	ck_assert_ptr_null(d2);

	d2 = pf_probe(&cfg, NULL);
	ck_assert_ptr_eq(irqlab_pci_dev_next(tm, NULL), dev);
	ck_assert_ptr_eq(irqlab_pci_dev_next(tm, dev), d2);
	ck_assert_ptr_eq(irqlab_pci_dev_find(tm, "00:0b.0"), d2);
	ck_assert_ptr_null(irqlab_pci_dev_find(tm, "00:0c.0"));
	ck_assert_uint_gt(pci_resource_start(d2, 0), pci_resource_start(dev, 4));
	irqlab_pci_remove(d2);
	ck_assert_ptr_null(irqlab_pci_dev_next(tm, dev));
	irqlab_pci_remove(NULL);
}
END_TEST

/* 64-bit BARs and a window that runs out. */
START_TEST(test_probe_bars)
{
	struct irqlab_pci_fn_config cfg = { .bdf = "0000:00:0c.0", .vendor = 0x1af4,
					    .device = 0x1041 };
	struct irqlab_pci_fn_config big = { .bdf = "0000:00:0d.0", .vendor = 0x1af4,
					    .device = 0x1042 };
	struct pci_dev *d = NULL;
	struct irqlab_pci_fn *bigfn;

	cfg.bars[2].size = 0x4000;
	cfg.bars[2].mem64 = true;
	cfg.bars[2].prefetchable = true;
	d = pf_probe(&cfg, NULL);
	ck_assert(pci_resource_flags(d, 2) & IORESOURCE_MEM_64);
	ck_assert(pci_resource_flags(d, 2) & IORESOURCE_PREFETCH);
	ck_assert_uint_eq(pci_resource_len(d, 2), 0x4000);
	ck_assert_uint_eq(pci_resource_len(d, 3), 0);

	big.bars[0].size = 1ULL << 31;
	bigfn = pf_create(&big);
	d = NULL;
	ck_assert_int_eq(irqlab_pci_probe(tm, big.bdf, &d), -ENOSPC);
	ck_assert_ptr_null(d);
	ck_assert_uint_eq(pf_cfg(bigfn, PCI_BASE_ADDRESS_0, 4), 0);
}
END_TEST

/* Firmware left MSI, MSI-X and decode enabled: the probe turns MSI off. */
START_TEST(test_probe_leftovers)
{
	struct irqlab_pci_fn_config cfg = both_config("0000:00:0e.0");
	struct irqlab_pci_fn *f = pf_create(&cfg);
	const struct irqlab_pci_fn_config *c = irqlab_pci_fn_get_config(f);
	struct pci_dev *d = NULL;
	struct irq_affinity affd = { 0 };

	ck_assert_int_eq(irqlab_pci_cfg_write(f, c->msi.offset + PCI_MSI_FLAGS, 2,
					      PCI_MSI_FLAGS_ENABLE), 0);
	ck_assert_int_eq(irqlab_pci_cfg_write(f, c->msix.offset + PCI_MSIX_FLAGS, 2,
					      PCI_MSIX_FLAGS_ENABLE), 0);
	ck_assert_int_eq(irqlab_pci_cfg_write(f, PCI_COMMAND, 2, PCI_COMMAND_MEMORY), 0);
	ck_assert_int_eq(irqlab_pci_probe(tm, cfg.bdf, &d), 0);
	ck_assert_uint_eq(pf_cfg(f, c->msi.offset + PCI_MSI_FLAGS, 2) & PCI_MSI_FLAGS_ENABLE, 0);
	ck_assert_uint_eq(pf_cfg(f, c->msix.offset + PCI_MSIX_FLAGS, 2) & PCI_MSIX_FLAGS_ENABLE, 0);
	ck_assert(pf_cfg(f, PCI_COMMAND, 2) & PCI_COMMAND_MEMORY);
	ck_assert_uint_ne(pf_cfg(f, PCI_BASE_ADDRESS_0, 4), 0);
	/* Misuse of the API entry itself. */
	ck_assert_int_eq(pci_alloc_irq_vectors(NULL, 1, 1, PCI_IRQ_MSIX), -EINVAL);
	ck_assert_int_eq(pci_irq_vector(NULL, 0), -EINVAL);
	ck_assert(!pci_msix_can_alloc_dyn(NULL));
	ck_assert_int_eq(pci_msix_alloc_irq_at(NULL, 0, NULL).index, -ENOTSUPP);
	pci_free_irq_vectors(NULL);
	ck_assert_int_eq(pci_alloc_irq_vectors_affinity(d, 1, 1, PCI_IRQ_MSIX, &affd), 1);
	pci_free_irq_vectors(d);
	ck_assert_int_eq(irqlab_pci_msi_irqs(NULL, NULL, 0), -ENOENT);
	ck_assert_str_eq(irqlab_pci_msi_mode(NULL), "msi");
}
END_TEST

/* ---- accessors --------------------------------------------------------------- */

START_TEST(test_config_accessors)
{
	struct pci_dev ghost = { 0 };
	u16 w;
	u32 l;
	u8 b;

	ck_assert_int_eq(pci_read_config_word(dev, PCI_VENDOR_ID, &w), PCIBIOS_SUCCESSFUL);
	ck_assert_uint_eq(w, 0x1414);
	ck_assert_int_eq(pci_read_config_word(dev, 1, &w), PCIBIOS_BAD_REGISTER_NUMBER);
	ck_assert_uint_eq(w, 0xffff);
	ck_assert_int_eq(pci_read_config_dword(dev, 4096, &l), PCIBIOS_BAD_REGISTER_NUMBER);
	ck_assert_uint_eq(l, 0xffffffff);
	ck_assert_int_eq(pci_read_config_byte(dev, -1, &b), PCIBIOS_BAD_REGISTER_NUMBER);
	ck_assert_int_eq(pci_write_config_dword(dev, 2, 0), PCIBIOS_BAD_REGISTER_NUMBER);
	ck_assert_int_eq(pci_write_config_byte(dev, -4, 0), PCIBIOS_BAD_REGISTER_NUMBER);
	ck_assert_int_eq(pci_read_config_dword(&ghost, 0, &l), PCIBIOS_DEVICE_NOT_FOUND);
	ck_assert_uint_eq(l, 0xffffffff);
	ck_assert_int_eq(pci_write_config_word(&ghost, 0, 0), PCIBIOS_DEVICE_NOT_FOUND);
	ck_assert_uint_eq(pci_find_capability(dev, PCI_CAP_ID_EXP),
			  irqlab_pci_fn_get_config(fn)->pcie.offset);
	ck_assert_uint_eq(pci_find_capability(dev, 0x09), 0);

	pci_clear_master(dev);
	ck_assert(!dev->is_busmaster && !(pf_command(dev) & PCI_COMMAND_MASTER));
	pci_set_master(dev);
	ck_assert(pf_command(dev) & PCI_COMMAND_MASTER);
}
END_TEST

START_TEST(test_mmio_accessors)
{
	void __iomem *bar4 = pci_iomap(dev, 4, 0);
	void __iomem *nowhere;
	char __iomem *entry;

	ck_assert_ptr_nonnull(bar4);
	entry = (char __iomem *)bar4 + PF_MANA_TABLE + 16 * 5;
	/* QWORD access to table entry 5, read back by the silicon. */
	writeq(0x00000000fee03000ULL, entry);
	writeq(0x0000000100000031ULL, entry + 8);
	ck_assert_uint_eq(pf_entry(fn, 5).addr_lo, 0xfee03000);
	ck_assert_uint_eq(pf_entry(fn, 5).data, 0x31);
	ck_assert_uint_eq(pf_entry(fn, 5).ctrl, 1);
	ck_assert_uint_eq(readq(entry + 8), 0x0000000100000031ULL);
	ck_assert_uint_eq(readl(entry), 0xfee03000);
	/* Beyond the mapping: WARN and all-ones. */
	ck_assert_uint_eq(readl((char __iomem *)bar4 + 0x8000), 0xffffffff);
	ck_assert_uint_ge(irqlab_warn_count(tm), 1);
	/* Decode off: the function does not answer. */
	pci_disable_device(dev);
	ck_assert_uint_eq(readl(entry), 0xffffffff);
	writel(0, entry + 12);
	ck_assert_uint_eq(readq(entry), ~0ULL);
	ck_assert_int_eq(pci_enable_device(dev), 0);
	ck_assert_uint_eq(pf_entry(fn, 5).ctrl, 1);
	/* Mapped, but no BAR decodes it: master abort. */
	nowhere = ioremap(0x1000, 4);
	ck_assert_ptr_nonnull(nowhere);
	ck_assert_uint_eq(readl(nowhere), 0xffffffff);
	writel(1, nowhere);
	iounmap(nowhere);
	/* Bad requests. */
	ck_assert_ptr_null(ioremap(0x1000, 0));
	ck_assert_ptr_null(pci_iomap(dev, 1, 0));
	ck_assert_ptr_null(pci_iomap(dev, 6, 0));
	ck_assert_ptr_null(pci_iomap_range(dev, 4, 0x8000, 0));
	pci_iounmap(dev, bar4);
	iounmap(NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pci_irq_api");
	TCase *tc = tcase_create("api");

	tcase_add_checked_fixture(tc, setup, x86_teardown);
	tcase_add_test(tc, test_fallback_by_flags);
	tcase_add_test(tc, test_fallback_no_msi_quirk);
	tcase_add_test(tc, test_fallback_driver_quirk);
	tcase_add_test(tc, test_intx_shared);
	tcase_add_test(tc, test_bad_parameters);
	tcase_add_test(tc, test_no_msi_capability);
	tcase_add_test(tc, test_legacy_api);
	tcase_add_test(tc, test_probe);
	tcase_add_test(tc, test_probe_bars);
	tcase_add_test(tc, test_probe_leftovers);
	tcase_add_test(tc, test_config_accessors);
	tcase_add_test(tc, test_mmio_accessors);
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
