// SPDX-License-Identifier: MIT
/*
 * The lspci tests' devices, programmed as firmware and the kernel would:
 * BARs sized by writing all-ones and assigned; Memory and Bus Master
 * enabled; MSI-X set up in msix_capability_init()'s order (Enable with
 * Function Mask, entries written while masked, INTx disabled, entries
 * unmasked, Function Mask cleared); MSI in msi_capability_init()'s order
 * (vectors masked, message written, Multiple Message Enable, Enable, INTx
 * disabled, vectors unmasked).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lspci_devices.h"

const char *const lspci_dev_bdf[LSPCI_NR_DEVS] = {
	"7870:00:00.0", "0000:00:04.0", "0000:00:05.0",
};

/* The MANA device is left out, as in pci.ids 2023: "Device 00ba". */
const char lspci_test_ids[] =
	"#\n#\tpci.ids for the irqlab lspci tests\n#\n"
	"1414  Microsoft Corporation\n"
	"\t008e  Basic Render Driver\n"
	"8086  Intel Corporation\n"
	"\t10d3  82574L Gigabit Network Connection\n"
	"\t\t8086 a01f  Gigabit CT Desktop Adapter\n"
	"10ec  Realtek Semiconductor Co., Ltd.\n"
	"\t8139  RTL-8100/8101L/8139 PCI Fast Ethernet Adapter\n"
	"C 02  Network controller\n"
	"\t00  Ethernet controller\n"
	"\t80  Network controller\n";

/* Programming state: the first error stops every later access. */
struct prog {
	struct irqlab_pci_fn *fn;
	int err;
};

static u32 cr(struct prog *p, unsigned int off, unsigned int size)
{
	u32 v = 0;

	if (!p->err)
		p->err = irqlab_pci_cfg_read(p->fn, off, size, &v);
	return v;
}

static void cw(struct prog *p, unsigned int off, unsigned int size, u32 v)
{
	if (!p->err)
		p->err = irqlab_pci_cfg_write(p->fn, off, size, v);
}

static void mw(struct prog *p, unsigned int bar, u64 off, u32 v)
{
	if (!p->err)
		p->err = irqlab_pci_mmio_write(p->fn, bar, off, 4, v);
}

static unsigned int find_cap(struct prog *p, u8 id)
{
	unsigned int off = cr(p, PCI_CAPABILITY_LIST, 1) & ~3u;

	for (int guard = 0; off && guard < 48; guard++) {
		if (cr(p, off + PCI_CAP_LIST_ID, 1) == id)
			return off;
		off = cr(p, off + PCI_CAP_LIST_NEXT, 1) & ~3u;
	}
	if (!p->err)
		p->err = -ENODEV;
	return 0;
}

/* Firmware: probe the BAR's size with all-ones, then assign @addr. */
static void assign_bar(struct prog *p, unsigned int bar, u64 addr)
{
	unsigned int reg = PCI_BASE_ADDRESS_0 + 4 * bar;
	bool is64 = (cr(p, reg, 4) & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
		    PCI_BASE_ADDRESS_MEM_TYPE_64;

	cw(p, reg, 4, 0xffffffff);
	(void)cr(p, reg, 4);
	if (is64) {
		cw(p, reg + 4, 4, 0xffffffff);
		(void)cr(p, reg + 4, 4);
	}
	cw(p, reg, 4, (u32)addr);
	if (is64)
		cw(p, reg + 4, 4, (u32)(addr >> 32));
}

static void set_command(struct prog *p, u16 bits)
{
	cw(p, PCI_COMMAND, 2, cr(p, PCI_COMMAND, 2) | bits);
}

/* Four queues' vectors on CPUs 0-3, like mana_q0..q3. */
static void program_msix(struct prog *p)
{
	unsigned int cap = find_cap(p, PCI_CAP_ID_MSIX);
	u16 ctrl = (u16)cr(p, cap + PCI_MSIX_FLAGS, 2);

	cw(p, cap + PCI_MSIX_FLAGS, 2, ctrl | PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	for (unsigned int k = 0; k < 4; k++) {
		u64 e = 0x3000 + 16 * k;

		mw(p, 4, e + PCI_MSIX_ENTRY_LOWER_ADDR, 0xfee00000u | k << 12);
		mw(p, 4, e + PCI_MSIX_ENTRY_UPPER_ADDR, 0);
		mw(p, 4, e + PCI_MSIX_ENTRY_DATA, 0x22 + k);
	}
	set_command(p, PCI_COMMAND_INTX_DISABLE);
	for (unsigned int k = 0; k < 4; k++)
		mw(p, 4, 0x3000 + 16 * k + PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
	cw(p, cap + PCI_MSIX_FLAGS, 2, ctrl | PCI_MSIX_FLAGS_ENABLE);
}

/*
 * MSI with @log2_nvec vectors to @addr/@data; vectors in @keep_masked stay
 * masked, and the device then raises the first of them, which pends.
 */
static void program_msi(struct prog *p, u64 addr, u16 data, unsigned int log2_nvec,
			u32 keep_masked)
{
	unsigned int cap = find_cap(p, PCI_CAP_ID_MSI);
	u16 ctrl = (u16)cr(p, cap + PCI_MSI_FLAGS, 2);
	bool is64 = ctrl & PCI_MSI_FLAGS_64BIT;
	unsigned int mask = cap + (is64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);

	if (ctrl & PCI_MSI_FLAGS_MASKBIT)
		cw(p, mask, 4, 0xffffffff);
	cw(p, cap + PCI_MSI_ADDRESS_LO, 4, (u32)addr);
	if (is64)
		cw(p, cap + PCI_MSI_ADDRESS_HI, 4, (u32)(addr >> 32));
	cw(p, cap + (is64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32), 2, data);
	ctrl = (u16)((ctrl & ~PCI_MSI_FLAGS_QSIZE) | log2_nvec << 4);
	cw(p, cap + PCI_MSI_FLAGS, 2, ctrl);
	cw(p, cap + PCI_MSI_FLAGS, 2, ctrl | PCI_MSI_FLAGS_ENABLE);
	set_command(p, PCI_COMMAND_INTX_DISABLE);
	if (ctrl & PCI_MSI_FLAGS_MASKBIT)
		cw(p, mask, 4, keep_masked);
	if (keep_masked && !p->err)
		p->err = irqlab_pci_fn_raise(p->fn, (unsigned int)__builtin_ctz(keep_masked));
}

static void cfg_msix(struct irqlab_pci_fn_config *c)
{
	c->vendor = 0x1414;
	c->device = 0x00ba;
	c->subsystem_vendor = 0x1414;
	c->subsystem_device = 0x0001;
	c->class_code = 0x020000;
	c->bars[0] = (struct irqlab_pci_bar_config){ 0x2000000, true, true };
	c->bars[4] = (struct irqlab_pci_bar_config){ 0x8000, true, false };
	c->msix = (struct irqlab_pci_msix_config){ true, 1024, 4, 0x3000, 4, 0x7000, 0 };
	c->pcie.present = true;
}

static void cfg_msi64(struct irqlab_pci_fn_config *c)
{
	c->vendor = 0x8086;
	c->device = 0x10d3;
	c->subsystem_vendor = 0x8086;
	c->subsystem_device = 0xa01f;
	c->class_code = 0x020000;
	c->bars[0] = (struct irqlab_pci_bar_config){ 0x20000, false, false };
	c->intx_pin = 1;
	c->msi = (struct irqlab_pci_msi_config){ true, 4, true, true, 0 };
	c->pcie.present = true;
}

static void cfg_msi32(struct irqlab_pci_fn_config *c)
{
	c->vendor = 0x10ec;
	c->device = 0x8139;
	c->subsystem_vendor = 0x10ec;
	c->subsystem_device = 0x8139;
	c->class_code = 0x020000;
	c->revision = 0x10;
	c->bars[1] = (struct irqlab_pci_bar_config){ 0x100, false, false };
	c->intx_pin = 1;
	c->msi = (struct irqlab_pci_msi_config){ true, 1, false, false, 0 };
}

int lspci_dev_create(struct irqlab_machine *m, enum lspci_test_dev which,
		     struct irqlab_pci_fn **out)
{
	struct irqlab_pci_fn_config c;
	struct prog p = { NULL, 0 };

	memset(&c, 0, sizeof(c));
	c.bdf = lspci_dev_bdf[which];
	if (which == LSPCI_DEV_MSIX)
		cfg_msix(&c);
	else if (which == LSPCI_DEV_MSI64)
		cfg_msi64(&c);
	else
		cfg_msi32(&c);
	p.err = irqlab_pci_fn_create(m, &c, &p.fn);
	if (p.err)
		return p.err;
	if (which == LSPCI_DEV_MSIX) {
		assign_bar(&p, 0, 0xf8000000);
		assign_bar(&p, 4, 0xfe000000);
		set_command(&p, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
		program_msix(&p);
	} else if (which == LSPCI_DEV_MSI64) {
		assign_bar(&p, 0, 0xfebc0000);
		cw(&p, PCI_INTERRUPT_LINE, 1, 11);
		set_command(&p, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
		program_msi(&p, 0xfee02000, 0x0023, 2, 0x8);
	} else {
		assign_bar(&p, 1, 0xfebf1000);
		cw(&p, PCI_INTERRUPT_LINE, 1, 10);
		set_command(&p, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
		program_msi(&p, 0xfee01000, 0x0031, 0, 0);
	}
	*out = p.fn;
	return p.err;
}

int lspci_write_ids(char *path)
{
	size_t len = strlen(lspci_test_ids);
	int fd;

	strcpy(path, "/tmp/irqlab-lspci-ids-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -errno;
	if (write(fd, lspci_test_ids, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return -EIO;
	}
	close(fd);
	return 0;
}

/* ---- hand-made images ------------------------------------------------ */

static void put(u8 *b, unsigned int off, u32 v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		b[off + i] = (u8)(v >> (8 * i));
}

/* Image @i of @space at bus:dev.fn with its IDs and class. */
static u8 *new_img(u8 *space, struct irqlab_lspci_image *img, unsigned int i, u8 bus,
		   u8 dev, u8 fn, u32 ids, u16 cls)
{
	u8 *b = space + (size_t)i * PCI_CFG_SPACE_EXP_SIZE;

	memset(b, 0, PCI_CFG_SPACE_EXP_SIZE);
	img[i] = (struct irqlab_lspci_image){ 0, bus, (u8)(dev << 3 | fn), b };
	put(b, PCI_VENDOR_ID, ids, 4);
	put(b, PCI_CLASS_DEVICE, cls, 2);
	return b;
}

/* A PCI Express capability at 0x40, the only one. */
static void exp_cap(u8 *b, unsigned int type, unsigned int vers, unsigned int msi)
{
	put(b, PCI_STATUS, PCI_STATUS_CAP_LIST, 2);
	b[PCI_CAPABILITY_LIST] = 0x40;
	b[0x40] = PCI_CAP_ID_EXP;
	put(b, 0x40 + PCI_EXP_FLAGS, vers | type << 4 | msi << 9, 2);
}

/* The Express registers, from DevCap (+0x04) to LnkSta2 (+0x32). */
struct exp_regs {
	u32 devcap;
	u16 devctl, devsta;
	u32 lnkcap;
	u16 lnkctl, lnksta;
	u32 devcap2;
	u16 devctl2;
	u32 lnkcap2;
	u16 lnkctl2, lnksta2;
};

static void exp_set(u8 *b, const struct exp_regs *r)
{
	put(b, 0x44, r->devcap, 4);
	put(b, 0x48, r->devctl, 2);
	put(b, 0x4a, r->devsta, 2);
	put(b, 0x4c, r->lnkcap, 4);
	put(b, 0x50, r->lnkctl, 2);
	put(b, 0x52, r->lnksta, 2);
	put(b, 0x64, r->devcap2, 4);
	put(b, 0x68, r->devctl2, 2);
	put(b, 0x6c, r->lnkcap2, 4);
	put(b, 0x70, r->lnkctl2, 2);
	put(b, 0x72, r->lnksta2, 2);
}

/* I/O and memory BARs of every kind, ROM, BIST, an IDE prog-if, a loop. */
static unsigned int img_header(u8 *space, struct irqlab_lspci_image *img)
{
	u8 *b = new_img(space, img, 0, 0, 1, 0, 0x008e1414, 0x0101);

	b[PCI_CLASS_PROG] = 0x8a;
	b[PCI_REVISION_ID] = 0x02;
	put(b, PCI_COMMAND, 0x03e7, 2);
	put(b, PCI_STATUS, 0x23f8, 2);
	b[PCI_CACHE_LINE_SIZE] = 0x10;
	b[PCI_LATENCY_TIMER] = 0x40;
	b[PCI_MIN_GNT] = 2;
	b[PCI_MAX_LAT] = 4;
	b[PCI_BIST] = 0x85;
	put(b, PCI_BASE_ADDRESS_0, 0xe001, 4);
	put(b, PCI_BASE_ADDRESS_1, 0x1, 4);
	put(b, PCI_BASE_ADDRESS_2, 0xffffffff, 4);
	put(b, PCI_BASE_ADDRESS_3, 0xfd000008, 4);
	put(b, PCI_BASE_ADDRESS_4, 0x000c0002, 4);
	put(b, PCI_BASE_ADDRESS_5, 0xfe800004, 4);	/* 64-bit in the last slot */
	put(b, PCI_ROM_ADDRESS, 0xfffe0001, 4);
	b[PCI_INTERRUPT_PIN] = 2;
	b[PCI_CAPABILITY_LIST] = 0x41;		/* low bits are ignored */
	put(b, 0x40, 0x12340020 | 0x48 << 8, 4);	/* ID 0x20, unknown to lspci */
	put(b, 0x48, PCI_CAP_ID_MSI | 0x40 << 8 | 0x0117 << 16, 4);	/* loops to 0x40 */
	put(b, 0x4c, 0xfee00000, 4);
	put(b, 0x50, 0x4021, 2);
	put(b, 0x54, 0x3, 4);
	put(b, 0x58, 0x1, 4);
	return 1;
}

/* An unknown header type, a bridge class in a type 0 header, no caps. */
static unsigned int img_odd(u8 *space, struct irqlab_lspci_image *img)
{
	u8 *b = new_img(space, img, 0, 0, 1, 1, 0x10d38086, 0x0200);

	b[PCI_HEADER_TYPE] = 0xff;
	put(b, PCI_SUBSYSTEM_VENDOR_ID, 0xa01f8086, 4);
	b[PCI_INTERRUPT_PIN] = 1;
	b[PCI_INTERRUPT_LINE] = 5;

	b = new_img(space, img, 1, 0, 1, 2, 0x813910ec, 0x0604);
	put(b, PCI_STATUS, PCI_STATUS_CAP_LIST, 2);
	put(b, PCI_BASE_ADDRESS_0, 0x0000000c, 4);
	put(b, PCI_BASE_ADDRESS_1, 0x00000010, 4);	/* high half shown again */
	put(b, PCI_SUBSYSTEM_VENDOR_ID, 0xffff, 2);
	put(b, PCI_ROM_ADDRESS, 0xffffffff, 4);
	b[PCI_CAPABILITY_LIST] = 0x40;
	b[0x40] = 0xff;					/* chain broken */

	b = new_img(space, img, 2, 0, 1, 3, 0x813910ec, 0x0200);
	b[PCI_CAPABILITY_LIST] = 0x40;			/* but no Cap in Status */
	put(b, PCI_BASE_ADDRESS_0, 0x1001, 4);
	put(b, PCI_BASE_ADDRESS_1, 0xfeb00000, 4);
	put(b, PCI_ROM_ADDRESS, 0x00000800, 4);
	b[PCI_INTERRUPT_LINE] = 9;
	return 3;
}

static unsigned int img_legacy(u8 *space, struct irqlab_lspci_image *img)
{
	u8 *b = new_img(space, img, 0, 0, 2, 1, 0x00ba1414, 0x0200);
	static const struct exp_regs r = {
		.devcap = 0x166192f2, .devctl = 0xa535, .devsta = 0x0029,
		.lnkcap = 0x05254e42, .lnkctl = 0x024a, .lnksta = 0x3021,
		.devcap2 = 0x86320e1e, .devctl2 = 0x5459, .lnksta2 = 0x0147,
	};

	exp_cap(b, 1, 2, 3);
	exp_set(b, &r);
	return 1;
}

static unsigned int img_rciep(u8 *space, struct irqlab_lspci_image *img)
{
	u8 *b = new_img(space, img, 0, 0, 3, 0, 0x00ba1414, 0x1200);
	static const struct exp_regs r = {
		.devcap = 0x10000003, .devctl = 0x8000, .devcap2 = 0x00a00281,
		.devctl2 = 0x2045,
	};

	put(b, PCI_BASE_ADDRESS_0, 0xfc000000, 4);
	exp_cap(b, 9, 2, 0);
	exp_set(b, &r);
	return 1;
}

static unsigned int img_upstream(u8 *space, struct irqlab_lspci_image *img)
{
	u8 *b = new_img(space, img, 0, 1, 0, 0, 0x00ba1414, 0x0604);
	static const struct exp_regs r = {
		.devcap = 0x03c06000, .devctl = 0x5000, .lnkcap = 0x00007504,
		.lnkctl = 0x0c91, .lnksta = 0xcc85, .devcap2 = 0x00060747,
		.devctl2 = 0x008d, .lnkctl2 = 0x5cb4, .lnksta2 = 0x02b8,
	};

	exp_cap(b, 5, 2, 0x1f);
	exp_set(b, &r);
	return 1;
}

static unsigned int img_downstream(u8 *space, struct irqlab_lspci_image *img)
{
	u8 *b = new_img(space, img, 0, 2, 0, 0, 0x00ba1414, 0x0604);
	static const struct exp_regs r = {
		.lnkcap = 0x00000083, .lnksta = 0x0042, .devcap2 = 0x00000062,
		.devctl2 = 0x00a0, .lnkcap2 = 0x80800106, .lnkctl2 = 0xa042,
		.lnksta2 = 0xc300,
	};

	exp_cap(b, 6, 2, 0);
	exp_set(b, &r);
	return 1;
}

static unsigned int img_bridges(u8 *space, struct irqlab_lspci_image *img)
{
	static const struct exp_regs pci = {
		.devcap = 0x08280000, .devctl = 0x8000, .lnkctl = 0x0008, .lnkcap = 0x11,
		.lnksta = 0x11,
	};
	static const struct exp_regs pcie = {
		.lnkcap2 = 0x80000080, .lnkctl2 = 0x0307, .lnksta2 = 0x7000,
	};
	static const struct exp_regs unknown = { .lnkcap2 = 0x20, .lnkctl2 = 0x0180 };
	u8 *b;

	b = new_img(space, img, 0, 3, 0, 0, 0x00ba1414, 0x0604);
	exp_cap(b, 7, 1, 0);
	exp_set(b, &pci);
	b = new_img(space, img, 1, 4, 0, 0, 0x00ba1414, 0x0604);
	exp_cap(b, 8, 2, 0);
	exp_set(b, &pcie);
	b = new_img(space, img, 2, 4, 1, 0, 0x00ba1414, 0x0200);
	exp_cap(b, 11, 2, 0);
	exp_set(b, &unknown);
	return 3;
}

static unsigned int img_endpoint(u8 *space, struct irqlab_lspci_image *img)
{
	static const struct exp_regs ep = {
		.devcap = 0x00f00000, .lnkcap = 0x00ff8800, .devcap2 = 0x330be003,
		.devctl2 = 0x6001, .lnkcap2 = 0x10, .lnkctl2 = 0x9100,
	};
	static const struct exp_regs ep2 = { .lnkcap = 0x0000bc00, .devcap2 = 0x2000 };
	u8 *b;

	b = new_img(space, img, 0, 5, 0, 0, 0x00ba1414, 0x0200);
	put(b, PCI_BASE_ADDRESS_0, 0x4, 4);	/* an unassigned 64-bit BAR */
	exp_cap(b, 0, 2, 0);
	exp_set(b, &ep);
	b = new_img(space, img, 1, 5, 0, 2, 0x00ba1414, 0x0200);
	exp_cap(b, 0, 2, 0);
	exp_set(b, &ep2);
	return 2;
}

unsigned int lspci_image_build(enum lspci_test_img which, u8 *space,
			       struct irqlab_lspci_image *img)
{
	static unsigned int (*const build[])(u8 *, struct irqlab_lspci_image *) = {
		img_header, img_odd, img_legacy, img_rciep, img_upstream, img_downstream,
		img_bridges, img_endpoint,
	};

	return which < LSPCI_NR_IMGS ? build[which](space, img) : 0;
}
