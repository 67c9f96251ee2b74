// SPDX-License-Identifier: MIT
/*
 * The emulated PCI function, seen only through its register interface
 * (config space, MMIO) and the bus: header fields, BAR sizing, the
 * capability list, every writable/read-only/RW1C rule, the MSI-X table and
 * PBA with masking and pending, MSI in its four layouts, INTx, Bus Master
 * gating, rejected accesses and configurations.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "irqlab/pci_hw.h"

#define MSG_MAX 4096
#define LAPIC_BASE 0xfee00000ULL

/* Captures the memory writes the function puts on the bus. */
static struct {
	unsigned int n;
	u64 addr[MSG_MAX];
	u32 data[MSG_MAX];
	u32 rid[MSG_MAX];
} bus;

static int bus_rec(void *ctx, u64 addr, u32 data)
{
	(void)ctx;
	if (bus.n < MSG_MAX) {
		bus.addr[bus.n] = addr;
		bus.data[bus.n] = data;
		bus.rid[bus.n] = irqlab_bus_requester_id(tm);
	}
	bus.n++;
	return 0;
}

static void setup(void)
{
	tm_setup();
	memset(&bus, 0, sizeof(bus));
	ck_assert_int_eq(irqlab_bus_claim(tm, LAPIC_BASE, 0x100000, "lapic", bus_rec, NULL), 0);
}

/* A MANA-like function: 1024-entry MSI-X table in BAR 4 at 0x3000. */
static void mana_cfg(struct irqlab_pci_fn_config *c)
{
	memset(c, 0, sizeof(*c));
	c->bdf = "7870:00:00.0";
	c->vendor = 0x1414;
	c->device = 0x00ba;
	c->subsystem_vendor = 0x1414;
	c->subsystem_device = 0x0001;
	c->class_code = 0x020000;
	c->revision = 0x01;
	c->bars[0] = (struct irqlab_pci_bar_config){ 0x2000000, true, true };
	c->bars[2] = (struct irqlab_pci_bar_config){ 0x1000, false, false };
	c->bars[4] = (struct irqlab_pci_bar_config){ 0x8000, true, false };
	c->intx_pin = 1;
	c->msix = (struct irqlab_pci_msix_config){ true, 1024, 4, 0x3000, 4, 0x7000, 0 };
	c->msi = (struct irqlab_pci_msi_config){ true, 32, true, true, 0 };
	c->pcie.present = true;
}

static struct irqlab_pci_fn *mk(const struct irqlab_pci_fn_config *c)
{
	struct irqlab_pci_fn *fn = NULL;

	ck_assert_int_eq(irqlab_pci_fn_create(tm, c, &fn), 0);
	ck_assert_ptr_nonnull(fn);
	return fn;
}

static struct irqlab_pci_fn *mk_mana(void)
{
	struct irqlab_pci_fn_config c;

	mana_cfg(&c);
	return mk(&c);
}

static u32 rd(struct irqlab_pci_fn *fn, unsigned int off, unsigned int size)
{
	u32 v = 0xdeadbeef;

	ck_assert_int_eq(irqlab_pci_cfg_read(fn, off, size, &v), 0);
	return v;
}

static void wr(struct irqlab_pci_fn *fn, unsigned int off, unsigned int size, u32 v)
{
	ck_assert_int_eq(irqlab_pci_cfg_write(fn, off, size, v), 0);
}

static u64 mrd(struct irqlab_pci_fn *fn, unsigned int bar, u64 off, unsigned int size)
{
	u64 v = 0xdeadbeef;

	ck_assert_int_eq(irqlab_pci_mmio_read(fn, bar, off, size, &v), 0);
	return v;
}

static void mwr(struct irqlab_pci_fn *fn, unsigned int bar, u64 off, unsigned int size, u64 v)
{
	ck_assert_int_eq(irqlab_pci_mmio_write(fn, bar, off, size, v), 0);
}

static struct irqlab_pci_fn_stats stats(struct irqlab_pci_fn *fn)
{
	struct irqlab_pci_fn_stats s;

	ck_assert_int_eq(irqlab_pci_fn_get_stats(fn, &s), 0);
	return s;
}

/* Offset of the first capability with @id, 0 if none. */
static unsigned int find_cap(struct irqlab_pci_fn *fn, u8 id)
{
	unsigned int off = rd(fn, PCI_CAPABILITY_LIST, 1) & ~3u, guard = 0;

	while (off && guard++ < 48) {
		if (rd(fn, off + PCI_CAP_LIST_ID, 1) == id)
			return off;
		off = rd(fn, off + PCI_CAP_LIST_NEXT, 1) & ~3u;
	}
	return 0;
}

/* The MSI-X table entry @k of the MANA-like function, over MMIO. */
#define ENT(k) (0x3000 + 16ULL * (k))
#define PBA 0x7000

/* Kernel-style MSI-X set-up: Memory + Bus Master, Enable with MaskAll. */
static unsigned int msix_enable(struct irqlab_pci_fn *fn, bool maskall)
{
	unsigned int cap = find_cap(fn, PCI_CAP_ID_MSIX);

	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	wr(fn, cap + PCI_MSIX_FLAGS, 2,
	   PCI_MSIX_FLAGS_ENABLE | (maskall ? PCI_MSIX_FLAGS_MASKALL : 0));
	return cap;
}

static void entry_set(struct irqlab_pci_fn *fn, unsigned int k, u64 addr, u32 data, u32 ctrl)
{
	mwr(fn, 4, ENT(k) + PCI_MSIX_ENTRY_LOWER_ADDR, 4, (u32)addr);
	mwr(fn, 4, ENT(k) + PCI_MSIX_ENTRY_UPPER_ADDR, 4, addr >> 32);
	mwr(fn, 4, ENT(k) + PCI_MSIX_ENTRY_DATA, 4, data);
	mwr(fn, 4, ENT(k) + PCI_MSIX_ENTRY_VECTOR_CTRL, 4, ctrl);
}

static bool pba_bit(struct irqlab_pci_fn *fn, unsigned int k)
{
	return mrd(fn, 4, PBA + 8 * (k / 64), 8) >> (k % 64) & 1;
}

/* ---- header ------------------------------------------------------------ */

START_TEST(test_header_fields)
{
	struct irqlab_pci_fn *fn = mk_mana();
	const struct irqlab_pci_fn_config *c = irqlab_pci_fn_get_config(fn);

	ck_assert_uint_eq(rd(fn, PCI_VENDOR_ID, 2), 0x1414);
	ck_assert_uint_eq(rd(fn, PCI_DEVICE_ID, 2), 0x00ba);
	ck_assert_uint_eq(rd(fn, PCI_VENDOR_ID, 4), 0x00ba1414);
	ck_assert_uint_eq(rd(fn, PCI_CLASS_REVISION, 4), 0x02000001);
	ck_assert_uint_eq(rd(fn, PCI_CLASS_DEVICE, 2), 0x0200);
	ck_assert_uint_eq(rd(fn, PCI_HEADER_TYPE, 1), PCI_HEADER_TYPE_NORMAL);
	ck_assert_uint_eq(rd(fn, PCI_SUBSYSTEM_VENDOR_ID, 2), 0x1414);
	ck_assert_uint_eq(rd(fn, PCI_SUBSYSTEM_ID, 2), 0x0001);
	ck_assert_uint_eq(rd(fn, PCI_COMMAND, 2), 0);
	ck_assert_uint_eq(rd(fn, PCI_STATUS, 2), PCI_STATUS_CAP_LIST);
	ck_assert_uint_eq(rd(fn, PCI_INTERRUPT_PIN, 1), 1);
	ck_assert_uint_eq(rd(fn, PCI_INTERRUPT_LINE, 1), 0);
	ck_assert_uint_eq(rd(fn, PCI_ROM_ADDRESS, 4), 0);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_0, 4),
			  PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_1, 4), 0);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_2, 4), PCI_BASE_ADDRESS_MEM_TYPE_32);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_3, 4), 0);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_4, 4), PCI_BASE_ADDRESS_MEM_TYPE_64);
	/* Extended config space: no extended capabilities. */
	ck_assert_uint_eq(rd(fn, 0x100, 4), 0);
	ck_assert_uint_eq(rd(fn, 0xffc, 4), 0);

	ck_assert_str_eq(irqlab_pci_fn_name(fn), "7870:00:00.0");
	ck_assert_str_eq(c->bdf, "7870:00:00.0");
	ck_assert_uint_eq(c->msix.offset, 0x40);
	ck_assert_uint_eq(c->msi.offset, 0x4c);
	ck_assert_uint_eq(c->pcie.offset, 0x64);
	ck_assert_uint_eq(irqlab_pci_fn_segment(fn), 0x7870);
	ck_assert_uint_eq(irqlab_pci_fn_requester_id(fn), 0);
	ck_assert_ptr_eq(irqlab_pci_fn_machine(fn), tm);
	ck_assert_uint_eq(irqlab_pci_fn_config_space(fn)[0], 0x14);
	ck_assert_uint_eq(irqlab_pci_fn_config_space(fn)[PCI_VENDOR_ID + 1], 0x14);
}
END_TEST

START_TEST(test_requester_id_and_name)
{
	struct irqlab_pci_fn_config c;
	struct irqlab_pci_fn *fn;

	mana_cfg(&c);
	c.bdf = "3A:1f.7";
	fn = mk(&c);
	ck_assert_str_eq(irqlab_pci_fn_name(fn), "0000:3a:1f.7");
	ck_assert_uint_eq(irqlab_pci_fn_requester_id(fn), 0x3a << 8 | 0x1f << 3 | 7);
	ck_assert_uint_eq(irqlab_pci_fn_segment(fn), 0);
	ck_assert_ptr_eq(irqlab_pci_fn_find(tm, "0000:3a:1f.7"), fn);
	ck_assert_ptr_eq(irqlab_pci_fn_find(tm, "3a:1f.7"), fn);
	ck_assert_ptr_eq(irqlab_pci_fn_find(tm, "0:3A:1F.7"), fn);
}
END_TEST

/* ---- BARs ----------------------------------------------------------------- */

START_TEST(test_bar_sizing)
{
	struct irqlab_pci_fn_config c;
	struct irqlab_pci_fn *fn;

	mana_cfg(&c);
	c.bars[2] = (struct irqlab_pci_bar_config){ 0x80000000ULL, false, true };
	c.bars[0].size = 8ULL << 30; /* 8 GiB: the size reaches into the upper dword */
	fn = mk(&c);

	/* 32-bit prefetchable BAR of 2 GiB: the probe reads back the size mask. */
	wr(fn, PCI_BASE_ADDRESS_2, 4, 0xffffffff);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_2, 4), 0x80000000 | PCI_BASE_ADDRESS_MEM_PREFETCH);
	wr(fn, PCI_BASE_ADDRESS_2, 4, 0x12345678);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_2, 4), 0x00000008);

	/* 64-bit 8 GiB BAR: low dword has no address bits, upper has bits 63:33. */
	wr(fn, PCI_BASE_ADDRESS_0, 4, 0xffffffff);
	wr(fn, PCI_BASE_ADDRESS_1, 4, 0xffffffff);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_0, 4), 0x0c);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_1, 4), 0xfffffffe);

	/* 64-bit 32 KiB BAR 4. */
	wr(fn, PCI_BASE_ADDRESS_4, 4, 0xffffffff);
	wr(fn, PCI_BASE_ADDRESS_5, 4, 0xffffffff);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_4, 4), 0xffff8004);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_5, 4), 0xffffffff);
	wr(fn, PCI_BASE_ADDRESS_4, 4, 0xfe008000);
	wr(fn, PCI_BASE_ADDRESS_5, 4, 0x00000001);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_4, 4), 0xfe008004);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_5, 4), 1);
	/* Byte-wide probe of the low byte: bits below the size are read-only. */
	wr(fn, PCI_BASE_ADDRESS_4 + 1, 1, 0x7f);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_4, 4), 0xfe000004);

	/* Unimplemented BAR: reads zero, ignores the probe. */
	wr(fn, PCI_BASE_ADDRESS_3, 4, 0xffffffff);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_3, 4), 0);
	/* ROM BAR not implemented either. */
	wr(fn, PCI_ROM_ADDRESS, 4, 0xffffffff);
	ck_assert_uint_eq(rd(fn, PCI_ROM_ADDRESS, 4), 0);
}
END_TEST

START_TEST(test_bar_16_bytes)
{
	struct irqlab_pci_fn_config c;
	struct irqlab_pci_fn *fn;

	mana_cfg(&c);
	c.msix.present = false;
	c.bars[2] = (struct irqlab_pci_bar_config){ 16, false, false };
	c.bars[4] = (struct irqlab_pci_bar_config){ 16, true, true };
	fn = mk(&c);
	wr(fn, PCI_BASE_ADDRESS_2, 4, 0xffffffff);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_2, 4), 0xfffffff0);
	wr(fn, PCI_BASE_ADDRESS_4, 4, 0xffffffff);
	ck_assert_uint_eq(rd(fn, PCI_BASE_ADDRESS_4, 4), 0xfffffffc);
	/* No MSI-X: the whole BAR reads as zero and ignores writes. */
	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	mwr(fn, 4, 8, 8, ~0ULL);
	ck_assert_uint_eq(mrd(fn, 4, 8, 8), 0);
	ck_assert_uint_eq(find_cap(fn, PCI_CAP_ID_MSIX), 0);
}
END_TEST

/* ---- capability list ------------------------------------------------------ */

START_TEST(test_capability_walk)
{
	struct irqlab_pci_fn *fn = mk_mana();
	unsigned int off, ids[8], offs[8], n = 0;

	ck_assert(rd(fn, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
	for (off = rd(fn, PCI_CAPABILITY_LIST, 1); off && n < 8;
	     off = rd(fn, off + PCI_CAP_LIST_NEXT, 1)) {
		offs[n] = off;
		ids[n++] = rd(fn, off + PCI_CAP_LIST_ID, 1);
	}
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(offs[0], 0x40);
	ck_assert_uint_eq(ids[0], PCI_CAP_ID_MSIX);
	ck_assert_uint_eq(offs[1], 0x4c);
	ck_assert_uint_eq(ids[1], PCI_CAP_ID_MSI);
	ck_assert_uint_eq(offs[2], 0x64);
	ck_assert_uint_eq(ids[2], PCI_CAP_ID_EXP);

	/* MSI-X: table size N-1, BIR and offsets as configured, all read-only. */
	ck_assert_uint_eq(rd(fn, 0x40 + PCI_MSIX_FLAGS, 2), 1023);
	ck_assert_uint_eq(rd(fn, 0x40 + PCI_MSIX_TABLE, 4), 0x3000 | 4);
	ck_assert_uint_eq(rd(fn, 0x40 + PCI_MSIX_PBA, 4), 0x7000 | 4);
	/* MSI: 32 vectors capable, 64-bit, maskable. */
	ck_assert_uint_eq(rd(fn, 0x4c + PCI_MSI_FLAGS, 2),
			  5 << 1 | PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT);
	/* PCIe v2 endpoint. */
	ck_assert_uint_eq(rd(fn, 0x64 + PCI_EXP_FLAGS, 2), 2);
	ck_assert_uint_eq(rd(fn, 0x64 + PCI_EXP_DEVCTL, 2), 0x2810);
}
END_TEST

START_TEST(test_capability_placement)
{
	struct irqlab_pci_fn_config c;
	struct irqlab_pci_fn *fn;

	/* Explicit offsets are kept; the others fill the lowest free slots. */
	mana_cfg(&c);
	c.msix.offset = 0xb0;
	c.msi.per_vector_mask = false;
	c.msi.addr64 = false;	/* 10 bytes: the next cap starts at 0x4c */
	fn = mk(&c);
	ck_assert_uint_eq(rd(fn, PCI_CAPABILITY_LIST, 1), 0x40);
	ck_assert_uint_eq(rd(fn, 0x40, 1), PCI_CAP_ID_MSI);
	ck_assert_uint_eq(rd(fn, 0x41, 1), 0x4c);
	ck_assert_uint_eq(rd(fn, 0x4c, 1), PCI_CAP_ID_EXP);
	ck_assert_uint_eq(rd(fn, 0x4d, 1), 0xb0);
	ck_assert_uint_eq(rd(fn, 0xb0, 1), PCI_CAP_ID_MSIX);
	ck_assert_uint_eq(rd(fn, 0xb1, 1), 0);
	irqlab_pci_fn_destroy(fn);

	/* A default placement skips over an explicit cap in its way. */
	mana_cfg(&c);
	c.msi.offset = 0x48;	/* MSI-X (12 bytes) no longer fits at 0x40 */
	fn = mk(&c);
	ck_assert_uint_eq(irqlab_pci_fn_get_config(fn)->msix.offset, 0x60);
	ck_assert_uint_eq(irqlab_pci_fn_get_config(fn)->pcie.offset, 0x6c);
	ck_assert_uint_eq(rd(fn, PCI_CAPABILITY_LIST, 1), 0x48);
	irqlab_pci_fn_destroy(fn);

	/* No capabilities: Status.CapList clear, pointer 0. */
	mana_cfg(&c);
	c.msi.present = c.msix.present = c.pcie.present = false;
	c.msi.offset = 0x44;	/* ignored when absent */
	fn = mk(&c);
	ck_assert_uint_eq(rd(fn, PCI_STATUS, 2), 0);
	ck_assert_uint_eq(rd(fn, PCI_CAPABILITY_LIST, 1), 0);
	ck_assert_uint_eq(irqlab_pci_fn_get_config(fn)->msi.offset, 0);
	/* Without MSI or MSI-X only INTx is left. */
	wr(fn, 0x44, 4, 0xffffffff);
	ck_assert_uint_eq(rd(fn, 0x44, 4), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 7), 0);
	ck_assert(irqlab_pci_fn_intx_level(fn));
	ck_assert_int_eq(irqlab_pci_fn_retract(fn, 7), -EINVAL);
}
END_TEST

/* ---- writable / read-only / RW1C --------------------------------------- */

/*
 * The writable bits of the MANA-like function's first 256 bytes, from the
 * spec (not from the implementation): what a byte write may change.
 */
static void expected_wmask(u8 *w)
{
	memset(w, 0, 256);
	w[PCI_COMMAND] = 0x07;		/* I/O, Memory, Bus Master */
	w[PCI_COMMAND + 1] = 0x04;	/* Interrupt Disable */
	w[PCI_CACHE_LINE_SIZE] = 0xff;
	w[PCI_INTERRUPT_LINE] = 0xff;
	/* BAR0: 64-bit 32 MiB; BAR2: 32-bit 4 KiB; BAR4: 64-bit 32 KiB. */
	w[0x13] = 0xfe;
	memset(&w[0x14], 0xff, 4);
	w[0x19] = 0xf0;
	w[0x1a] = w[0x1b] = 0xff;
	w[0x21] = 0x80;
	w[0x22] = w[0x23] = 0xff;
	memset(&w[0x24], 0xff, 4);
	w[0x40 + 3] = 0xc0;		/* MSI-X Enable, Function Mask */
	w[0x4c + 2] = 0x71;		/* MSI Enable, Multiple Message Enable */
	w[0x4c + 4] = 0xfc;		/* address low, bits 1:0 zero */
	memset(&w[0x4c + 5], 0xff, 3);
	memset(&w[0x4c + 8], 0xff, 4);	/* address high */
	w[0x4c + 0xc] = w[0x4c + 0xd] = 0xff;	/* data */
	memset(&w[0x4c + 0x10], 0xff, 4);	/* mask: 32 vectors */
	w[0x64 + 8] = 0xff;		/* PCIe Device Control */
	w[0x64 + 9] = 0x79;
}

START_TEST(test_every_byte_write_rules)
{
	struct irqlab_pci_fn *fn = mk_mana();
	const u8 *img = irqlab_pci_fn_config_space(fn);
	u8 w[256], before[PCI_CFG_SPACE_EXP_SIZE], want[PCI_CFG_SPACE_EXP_SIZE];

	expected_wmask(w);
	for (unsigned int b = 0; b < 0x110; b++) {
		u8 m = b < 256 ? w[b] : 0;

		memcpy(before, img, sizeof(before));
		wr(fn, b, 1, 0xff);
		memcpy(want, before, sizeof(want));
		want[b] = (u8)((before[b] & ~m) | m);
		if (b == 0x4c + 2)	/* MME 7 clamped to MMC 5 */
			want[b] = (u8)((want[b] & ~0x70) | 0x50);
		ck_assert_msg(!memcmp(img, want, sizeof(want)),
			      "byte %#x: wrote ff, read %#x want %#x", b, img[b], want[b]);
		wr(fn, b, 1, 0x00);
		want[b] = before[b] & ~m;
		ck_assert_msg(!memcmp(img, want, sizeof(want)),
			      "byte %#x: wrote 00, read %#x want %#x", b, img[b], want[b]);
	}
	ck_assert_uint_eq(bus.n, 0);
}
END_TEST

START_TEST(test_command_status)
{
	struct irqlab_pci_fn *fn = mk_mana();

	wr(fn, PCI_COMMAND, 2, 0xffff);
	ck_assert_uint_eq(rd(fn, PCI_COMMAND, 2), 0x0407);
	wr(fn, PCI_COMMAND, 4, 0xffff0000);	/* dword: Status half is RW1C */
	ck_assert_uint_eq(rd(fn, PCI_COMMAND, 2), 0);
	ck_assert_uint_eq(rd(fn, PCI_STATUS, 2), PCI_STATUS_CAP_LIST);

	/* RW1C: set by the device, cleared only by writing 1. */
	ck_assert_int_eq(irqlab_pci_fn_signal_error(fn, PCI_STATUS_DETECTED_PARITY |
						    PCI_STATUS_SIG_TARGET_ABORT), 0);
	ck_assert_uint_eq(rd(fn, PCI_STATUS, 2), PCI_STATUS_CAP_LIST |
			  PCI_STATUS_DETECTED_PARITY | PCI_STATUS_SIG_TARGET_ABORT);
	wr(fn, PCI_STATUS, 2, 0);
	ck_assert_uint_eq(rd(fn, PCI_STATUS, 2), PCI_STATUS_CAP_LIST |
			  PCI_STATUS_DETECTED_PARITY | PCI_STATUS_SIG_TARGET_ABORT);
	wr(fn, PCI_STATUS + 1, 1, PCI_STATUS_SIG_TARGET_ABORT >> 8);
	ck_assert_uint_eq(rd(fn, PCI_STATUS, 2), PCI_STATUS_CAP_LIST | PCI_STATUS_DETECTED_PARITY);
	/* Writing 1 to read-only Status bits changes nothing. */
	wr(fn, PCI_STATUS, 2, PCI_STATUS_CAP_LIST | PCI_STATUS_INTERRUPT | PCI_STATUS_DETECTED_PARITY);
	ck_assert_uint_eq(rd(fn, PCI_STATUS, 2), PCI_STATUS_CAP_LIST);

	ck_assert_int_eq(irqlab_pci_fn_signal_error(fn, PCI_STATUS_INTERRUPT), -EINVAL);
	ck_assert_int_eq(irqlab_pci_fn_signal_error(fn, 0), -EINVAL);
	ck_assert_int_eq(irqlab_pci_fn_signal_error(NULL, PCI_STATUS_PARITY), -EINVAL);
	ck_assert_uint_eq(rd(fn, PCI_STATUS, 2), PCI_STATUS_CAP_LIST);

	/* Interrupt Status follows the device and ignores writes. */
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, true), 0);
	wr(fn, PCI_STATUS, 2, 0xffff);
	ck_assert_uint_eq(rd(fn, PCI_STATUS, 2), PCI_STATUS_CAP_LIST | PCI_STATUS_INTERRUPT);
}
END_TEST

START_TEST(test_extended_space_read_only)
{
	struct irqlab_pci_fn *fn = mk_mana();
	u8 before[PCI_CFG_SPACE_EXP_SIZE];

	memcpy(before, irqlab_pci_fn_config_space(fn), sizeof(before));
	wr(fn, 0x100, 4, 0xffffffff);
	wr(fn, 0xffc, 4, 0x12345678);
	wr(fn, 0xfff, 1, 0xff);
	ck_assert_uint_eq(rd(fn, 0x100, 4), 0);
	ck_assert_uint_eq(rd(fn, 0xfff, 1), 0);
	ck_assert(!memcmp(before, irqlab_pci_fn_config_space(fn), sizeof(before)));
}
END_TEST

/* ---- MSI-X table and PBA over MMIO ----------------------------------------- */

START_TEST(test_msix_table_reset_and_mmio)
{
	struct irqlab_pci_fn *fn = mk_mana();
	u64 v;

	/* Memory decode off: the function does not answer. */
	ck_assert_int_eq(irqlab_pci_mmio_read(fn, 4, ENT(0), 4, &v), -EIO);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_int_eq(irqlab_pci_mmio_read(fn, 4, ENT(0), 8, &v), -EIO);
	ck_assert_uint_eq(v, ~0ULL);
	ck_assert_int_eq(irqlab_pci_mmio_write(fn, 4, ENT(0) + 12, 4, 0), -EIO);

	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	/* Every entry resets with only its Mask bit set. */
	for (unsigned int k = 0; k < 1024; k++) {
		ck_assert_uint_eq(mrd(fn, 4, ENT(k), 8), 0);
		ck_assert_uint_eq(mrd(fn, 4, ENT(k) + 8, 4), 0);
		ck_assert_uint_eq(mrd(fn, 4, ENT(k) + 12, 4), PCI_MSIX_ENTRY_CTRL_MASKBIT);
	}
	for (unsigned int q = 0; q < 16; q++)
		ck_assert_uint_eq(mrd(fn, 4, PBA + 8 * q, 8), 0);

	/* DWORD and QWORD writes land as written; QWORD = low then high. */
	mwr(fn, 4, ENT(5), 8, 0x00000001fee01004ULL);
	mwr(fn, 4, ENT(5) + 8, 4, 0xabcd4021);
	mwr(fn, 4, ENT(5) + 12, 4, 0xfffe0001);	/* reserved bits are stored raw */
	ck_assert_uint_eq(mrd(fn, 4, ENT(5), 4), 0xfee01004);
	ck_assert_uint_eq(mrd(fn, 4, ENT(5) + 4, 4), 1);
	ck_assert_uint_eq(mrd(fn, 4, ENT(5) + 8, 8), 0xfffe0001abcd4021ULL);
	ck_assert_uint_eq(mrd(fn, 4, ENT(1023) + 12, 4), 1);

	/* The PBA is read-only. */
	mwr(fn, 4, PBA, 8, ~0ULL);
	mwr(fn, 4, PBA + 0x7c, 4, ~0U);
	ck_assert_uint_eq(mrd(fn, 4, PBA, 8), 0);
	ck_assert_uint_eq(mrd(fn, 4, PBA + 0x7c, 4), 0);

	/* Outside the table and PBA: reads zero, writes ignored. */
	mwr(fn, 4, 0x0, 8, ~0ULL);
	ck_assert_uint_eq(mrd(fn, 4, 0x0, 8), 0);
	ck_assert_uint_eq(mrd(fn, 4, 0x7ff8, 8), 0);
	ck_assert_uint_eq(mrd(fn, 4, PBA + 0x80, 4), 0);
	ck_assert_uint_eq(mrd(fn, 0, 0x1fffff8, 8), 0);
	ck_assert_uint_eq(mrd(fn, 2, 0xffc, 4), 0);

	/* Reset brings the table back to masked zeroes. */
	ck_assert_int_eq(irqlab_pci_fn_reset(fn), 0);
	ck_assert_int_eq(irqlab_pci_fn_reset(NULL), -EINVAL);
	ck_assert_uint_eq(rd(fn, PCI_COMMAND, 2), 0);
	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	ck_assert_uint_eq(mrd(fn, 4, ENT(5), 8), 0);
	ck_assert_uint_eq(mrd(fn, 4, ENT(5) + 8, 8), 0x100000000ULL);
}
END_TEST

START_TEST(test_msix_pending_delivered_on_unmask)
{
	struct irqlab_pci_fn *fn = mk_mana();
	unsigned int cap = msix_enable(fn, true);
	struct irqlab_pci_fn_stats s;

	entry_set(fn, 3, 0xfee01000, 0x4041, PCI_MSIX_ENTRY_CTRL_MASKBIT);
	wr(fn, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);	/* clear MaskAll */

	/* Entry masked: the event only sets its PBA bit. */
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 3), 0);
	ck_assert_uint_eq(bus.n, 0);
	ck_assert(pba_bit(fn, 3));
	ck_assert_uint_eq(mrd(fn, 4, PBA, 4), 1u << 3);
	s = stats(fn);
	ck_assert_uint_eq(s.msgs_masked, 1);
	ck_assert_uint_eq(s.msgs_sent, 0);
	/* Raising again while masked keeps one pending message. */
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 3), 0);
	ck_assert_uint_eq(stats(fn).msgs_masked, 2);

	/* Unmask with a DWORD write: the pending message goes out, bit clears. */
	mwr(fn, 4, ENT(3) + 12, 4, 0);
	ck_assert_uint_eq(bus.n, 1);
	ck_assert_uint_eq(bus.addr[0], 0xfee01000);
	ck_assert_uint_eq(bus.data[0], 0x4041);
	ck_assert_uint_eq(bus.rid[0], irqlab_pci_fn_requester_id(fn));
	ck_assert(!pba_bit(fn, 3));
	s = stats(fn);
	ck_assert_uint_eq(s.msgs_sent, 1);
	ck_assert_uint_eq(s.msgs_pending_released, 1);

	/* Unmasked: delivered at once with the entry's current message. */
	mwr(fn, 4, ENT(3) + 8, 4, 0x4042);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 3), 0);
	ck_assert_uint_eq(bus.n, 2);
	ck_assert_uint_eq(bus.data[1], 0x4042);
	/* Unmasking an entry with nothing pending sends nothing. */
	mwr(fn, 4, ENT(3) + 12, 4, 0);
	ck_assert_uint_eq(bus.n, 2);
	ck_assert_uint_eq(stats(fn).msgs_pending_released, 1);
}
END_TEST

START_TEST(test_msix_qword_unmask)
{
	struct irqlab_pci_fn *fn = mk_mana();

	msix_enable(fn, false);
	mwr(fn, 4, ENT(700), 8, 0xfee02000);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 700), 0);
	ck_assert(pba_bit(fn, 700));
	/* Data + Vector Control in one QWORD while masked: the new data goes out. */
	mwr(fn, 4, ENT(700) + 8, 8, 0x00000000000040eeULL);
	ck_assert_uint_eq(bus.n, 1);
	ck_assert_uint_eq(bus.addr[0], 0xfee02000);
	ck_assert_uint_eq(bus.data[0], 0x40ee);
	ck_assert(!pba_bit(fn, 700));
	/* Masking a live entry with a DWORD write stops delivery. */
	mwr(fn, 4, ENT(700) + 12, 4, 1);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 700), 0);
	ck_assert_uint_eq(bus.n, 1);
	ck_assert(pba_bit(fn, 700));
}
END_TEST

START_TEST(test_msix_function_mask)
{
	struct irqlab_pci_fn *fn = mk_mana();
	unsigned int cap = msix_enable(fn, true), k;

	for (k = 0; k < 1024; k++)
		entry_set(fn, k, 0xfee00000 + (k << 12 & 0xff000), 0x4000 + k, 0);
	/* Function Mask: every entry masked, the entry Mask bits unchanged. */
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 1023), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 64), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 63), 0);
	ck_assert_uint_eq(bus.n, 0);
	ck_assert_uint_eq(mrd(fn, 4, PBA, 8), 1ULL << 63 | 1);
	ck_assert_uint_eq(mrd(fn, 4, PBA + 8, 4), 1);
	ck_assert_uint_eq(mrd(fn, 4, PBA + 0x7c, 4), 1u << 31);
	ck_assert_uint_eq(mrd(fn, 4, ENT(64) + 12, 4), 0);
	ck_assert_uint_eq(rd(fn, cap + PCI_MSIX_FLAGS, 2),
			  PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL | 1023);

	/* Entry 63 also has its own Mask bit: it stays pending. */
	mwr(fn, 4, ENT(63) + 12, 4, 1);
	/* Clearing Function Mask with a byte write releases the others in order. */
	wr(fn, cap + 3, 1, PCI_MSIX_FLAGS_ENABLE >> 8);
	ck_assert_uint_eq(bus.n, 3);
	ck_assert_uint_eq(bus.data[0], 0x4000);
	ck_assert_uint_eq(bus.data[1], 0x4000 + 64);
	ck_assert_uint_eq(bus.data[2], 0x4000 + 1023);
	ck_assert_uint_eq(bus.addr[2], 0xfee00000 + (1023 << 12 & 0xff000));
	ck_assert_uint_eq(mrd(fn, 4, PBA, 8), 1ULL << 63);
	ck_assert_uint_eq(stats(fn).msgs_pending_released, 3);
	/* Setting and clearing Function Mask again releases nothing new. */
	wr(fn, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	wr(fn, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
	ck_assert_uint_eq(bus.n, 3);
	/* Table size stayed read-only through all of it. */
	wr(fn, cap + PCI_MSIX_FLAGS, 2, 0x3fff | PCI_MSIX_FLAGS_ENABLE);
	ck_assert_uint_eq(rd(fn, cap + PCI_MSIX_FLAGS, 2), PCI_MSIX_FLAGS_ENABLE | 1023);
}
END_TEST

START_TEST(test_msix_disabled_counts_as_masked)
{
	struct irqlab_pci_fn *fn = mk_mana();
	unsigned int cap = msix_enable(fn, true);

	entry_set(fn, 9, 0xfee03000, 0x4099, 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 9), 0);
	ck_assert(pba_bit(fn, 9));
	/* Disable MSI-X, then clear Function Mask: still masked (disabled). */
	wr(fn, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_MASKALL);
	wr(fn, cap + PCI_MSIX_FLAGS, 2, 0);
	mwr(fn, 4, ENT(9) + 12, 4, 0);
	ck_assert_uint_eq(bus.n, 0);
	ck_assert(pba_bit(fn, 9));
	/* While disabled, raise() uses MSI/INTx and leaves the PBA alone. */
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 10), 0);
	ck_assert(!pba_bit(fn, 10));
	ck_assert(rd(fn, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
	ck_assert(irqlab_pci_fn_intx_level(fn));
	/* Enabling unmasks: the pending message goes out; INTx is withdrawn. */
	wr(fn, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
	ck_assert_uint_eq(bus.n, 1);
	ck_assert_uint_eq(bus.data[0], 0x4099);
	ck_assert(!pba_bit(fn, 9));
	ck_assert(!irqlab_pci_fn_intx_level(fn));
}
END_TEST

START_TEST(test_msix_bad_vector_and_retract)
{
	struct irqlab_pci_fn *fn = mk_mana();
	struct irqlab_pci_fn_stats s;

	msix_enable(fn, false);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 1024), -EINVAL);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, ~0u), -EINVAL);
	ck_assert_int_eq(irqlab_pci_fn_raise(NULL, 0), -EINVAL);
	ck_assert_int_eq(irqlab_pci_fn_retract(fn, 1024), -EINVAL);
	ck_assert_int_eq(irqlab_pci_fn_retract(NULL, 0), -EINVAL);
	s = stats(fn);
	ck_assert_uint_eq(s.msgs_masked + s.msgs_sent, 0);

	/* An event serviced while still masked clears its pending bit. */
	mwr(fn, 4, ENT(200), 8, 0xfee00000);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 200), 0);
	ck_assert(pba_bit(fn, 200));
	ck_assert_int_eq(irqlab_pci_fn_retract(fn, 200), 0);
	ck_assert(!pba_bit(fn, 200));
	mwr(fn, 4, ENT(200) + 12, 4, 0);
	ck_assert_uint_eq(bus.n, 0);
	ck_assert_int_eq(irqlab_pci_fn_retract(fn, 200), 0);
}
END_TEST

START_TEST(test_bus_master_gating)
{
	struct irqlab_pci_fn *fn = mk_mana();
	unsigned int cap = msix_enable(fn, true);
	struct irqlab_pci_fn_stats s;

	entry_set(fn, 1, 0xfee04000, 0x4011, 0);
	entry_set(fn, 2, 0xfee04000, 0x4012, 0);
	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);	/* Bus Master off */
	wr(fn, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
	/* Unmasked, no bus master: the message is dropped, not made pending. */
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 1), 0);
	ck_assert_uint_eq(bus.n, 0);
	ck_assert(!pba_bit(fn, 1));
	s = stats(fn);
	ck_assert_uint_eq(s.msgs_no_master, 1);
	ck_assert_uint_eq(s.msgs_sent, 0);
	/* A pending message released without bus master is dropped too. */
	mwr(fn, 4, ENT(2) + 12, 4, 1);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 2), 0);
	mwr(fn, 4, ENT(2) + 12, 4, 0);
	ck_assert_uint_eq(bus.n, 0);
	ck_assert(!pba_bit(fn, 2));
	s = stats(fn);
	ck_assert_uint_eq(s.msgs_no_master, 2);
	ck_assert_uint_eq(s.msgs_pending_released, 0);
	/* Bus Master on: delivered. */
	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 1), 0);
	ck_assert_uint_eq(bus.n, 1);
	ck_assert_uint_eq(bus.data[0], 0x4011);
}
END_TEST

START_TEST(test_master_abort)
{
	struct irqlab_pci_fn *fn = mk_mana();
	struct irqlab_bus_error e;

	msix_enable(fn, false);
	entry_set(fn, 0, 0xdead0000, 0x77, 0);	/* nobody claims it */
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert_uint_eq(bus.n, 0);
	ck_assert_uint_eq(irqlab_bus_nr_errors(tm), 1);
	ck_assert_int_eq(irqlab_bus_last_error(tm, &e), 0);
	ck_assert_uint_eq(e.addr, 0xdead0000);
	ck_assert_uint_eq(e.data, 0x77);
	ck_assert_uint_eq(stats(fn).msgs_sent, 1);
	ck_assert_uint_eq(stats(fn).msgs_bus_error, 1);
	ck_assert(rd(fn, PCI_STATUS, 2) & PCI_STATUS_REC_MASTER_ABORT);
	wr(fn, PCI_STATUS, 2, PCI_STATUS_REC_MASTER_ABORT);
	ck_assert(!(rd(fn, PCI_STATUS, 2) & PCI_STATUS_REC_MASTER_ABORT));
}
END_TEST

static int bus_refuse(void *ctx, u64 addr, u32 data)
{
	(void)ctx;
	(void)addr;
	(void)data;
	return -EINVAL;
}

START_TEST(test_claimer_refusal_is_not_master_abort)
{
	struct irqlab_pci_fn *fn = mk_mana();

	ck_assert_int_eq(irqlab_bus_claim(tm, 0x10000000, 0x1000, "x", bus_refuse, NULL), 0);
	msix_enable(fn, false);
	entry_set(fn, 0, 0x10000000, 1, 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert_uint_eq(stats(fn).msgs_bus_error, 1);
	ck_assert(!(rd(fn, PCI_STATUS, 2) & PCI_STATUS_REC_MASTER_ABORT));
}
END_TEST

/* ---- MSI ------------------------------------------------------------------ */

/* _i: bit 0 = 64-bit, bit 1 = per-vector masking. */
START_TEST(test_msi_layouts)
{
	bool a64 = _i & 1, pvm = _i & 2;
	struct irqlab_pci_fn_config c;
	struct irqlab_pci_fn *fn;
	unsigned int cap, data_reg, mask_reg;
	u16 flags;

	mana_cfg(&c);
	c.msix.present = false;
	c.msi = (struct irqlab_pci_msi_config){ true, 8, a64, pvm, 0 };
	fn = mk(&c);
	cap = find_cap(fn, PCI_CAP_ID_MSI);
	ck_assert_uint_eq(cap, 0x40);
	data_reg = cap + (a64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32);
	mask_reg = cap + (a64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
	flags = (u16)rd(fn, cap + PCI_MSI_FLAGS, 2);
	ck_assert_uint_eq(flags & PCI_MSI_FLAGS_QMASK, 3 << 1);
	ck_assert_uint_eq(!!(flags & PCI_MSI_FLAGS_64BIT), a64);
	ck_assert_uint_eq(!!(flags & PCI_MSI_FLAGS_MASKBIT), pvm);

	/* Address bits 1:0 read as zero; data is 16 bits. */
	wr(fn, cap + PCI_MSI_ADDRESS_LO, 4, 0xfee0300f);
	ck_assert_uint_eq(rd(fn, cap + PCI_MSI_ADDRESS_LO, 4), 0xfee0300c);
	if (a64) {
		wr(fn, cap + PCI_MSI_ADDRESS_HI, 4, 0);
		ck_assert_uint_eq(rd(fn, cap + PCI_MSI_ADDRESS_HI, 4), 0);
	}
	wr(fn, data_reg, 4, 0xffff4020);
	ck_assert_uint_eq(rd(fn, data_reg, 4), 0x4020);
	/* The capability is as long as its layout: PCIe follows right after. */
	{
		unsigned int len = pvm ? (a64 ? 0x18 : 0x14) : (a64 ? 0x0e : 0x0a);

		ck_assert_uint_eq(rd(fn, cap + PCI_CAP_LIST_NEXT, 1), cap + ((len + 3) & ~3u));
		ck_assert_uint_eq(irqlab_pci_fn_get_config(fn)->pcie.offset,
				  cap + ((len + 3) & ~3u));
		/* Bytes between the end and the next capability are read-only. */
		if (len & 3) {
			wr(fn, cap + len, 2, 0xffff);
			ck_assert_uint_eq(rd(fn, cap + len, 2), 0);
		}
	}

	/* MME 3 (8 vectors): the low 3 data bits carry the vector. */
	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_MASTER);
	wr(fn, cap + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE | 3 << 4);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 5), 0);
	ck_assert_uint_eq(bus.n, 1);
	ck_assert_uint_eq(bus.addr[0], 0xfee0300c);
	ck_assert_uint_eq(bus.data[0], 0x4025);
	ck_assert_uint_eq(bus.rid[0], irqlab_pci_fn_requester_id(fn));
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 8), -EINVAL);

	if (pvm) {
		/* Mask bits: only the 8 capable vectors; Pending is read-only. */
		wr(fn, mask_reg, 4, 0xffffffff);
		ck_assert_uint_eq(rd(fn, mask_reg, 4), 0xff);
		ck_assert_int_eq(irqlab_pci_fn_raise(fn, 2), 0);
		ck_assert_int_eq(irqlab_pci_fn_raise(fn, 7), 0);
		ck_assert_uint_eq(bus.n, 1);
		ck_assert_uint_eq(rd(fn, mask_reg + 4, 4), 1u << 2 | 1u << 7);
		ck_assert_uint_eq(stats(fn).msgs_masked, 2);
		wr(fn, mask_reg + 4, 4, 0);
		ck_assert_uint_eq(rd(fn, mask_reg + 4, 4), 1u << 2 | 1u << 7);
		/* Unmask vector 7 with a byte write: delivered, pending cleared. */
		wr(fn, mask_reg, 1, 0x7f);
		ck_assert_uint_eq(bus.n, 2);
		ck_assert_uint_eq(bus.data[1], 0x4027);
		ck_assert_uint_eq(rd(fn, mask_reg + 4, 4), 1u << 2);
		/* Retract vector 2: nothing to send on unmask. */
		ck_assert_int_eq(irqlab_pci_fn_retract(fn, 2), 0);
		ck_assert_int_eq(irqlab_pci_fn_retract(fn, 8), -EINVAL);
		wr(fn, mask_reg, 4, 0);
		ck_assert_uint_eq(bus.n, 2);
		ck_assert_uint_eq(stats(fn).msgs_pending_released, 1);
	} else {
		/* Without per-vector masking there is nothing to mask. */
		ck_assert_int_eq(irqlab_pci_fn_raise(fn, 2), 0);
		ck_assert_uint_eq(bus.n, 2);
		ck_assert_uint_eq(stats(fn).msgs_masked, 0);
		ck_assert_int_eq(irqlab_pci_fn_retract(fn, 2), 0);
	}
}
END_TEST

START_TEST(test_msi_64bit_address_and_mme)
{
	struct irqlab_pci_fn *fn = mk_mana();
	unsigned int cap = find_cap(fn, PCI_CAP_ID_MSI);

	ck_assert_int_eq(irqlab_bus_claim(tm, 0x100fee00000ULL, 0x1000, "hi", bus_rec, NULL), 0);
	wr(fn, cap + PCI_MSI_ADDRESS_LO, 4, 0xfee00000);
	wr(fn, cap + PCI_MSI_ADDRESS_HI, 4, 0x100);
	wr(fn, cap + PCI_MSI_DATA_64, 2, 0x40ff);
	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_MASTER);
	/* MME 0: the data goes out unmodified whatever the vector. */
	wr(fn, cap + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 31), 0);	/* aliased onto vector 0 */
	ck_assert_uint_eq(bus.n, 2);
	ck_assert_uint_eq(bus.addr[0], 0x100fee00000ULL);
	ck_assert_uint_eq(bus.data[0], 0x40ff);
	ck_assert_uint_eq(bus.data[1], 0x40ff);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 32), -EINVAL);

	/* MME 2 (4 vectors): vector 6 aliases to 2. */
	wr(fn, cap + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE | 2 << 4);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 6), 0);
	ck_assert_uint_eq(bus.data[2], 0x40fe);
	/* MME above capable (7 > 5) is clamped to 5 (32 vectors). */
	wr(fn, cap + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE | 7 << 4);
	ck_assert_uint_eq(rd(fn, cap + PCI_MSI_FLAGS, 2) & PCI_MSI_FLAGS_QSIZE, 5 << 4);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0x11), 0);
	ck_assert_uint_eq(bus.data[3], 0x40f1);

	/* Pending bits of vectors no longer allocated are dropped. */
	wr(fn, cap + PCI_MSI_MASK_64, 4, 0xffffffff);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0x11), 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 1), 0);
	ck_assert_uint_eq(rd(fn, cap + PCI_MSI_PENDING_64, 4), 1u << 17 | 1u << 1);
	wr(fn, cap + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE | 1 << 4);
	ck_assert_uint_eq(rd(fn, cap + PCI_MSI_PENDING_64, 4), 1u << 1);

	/* Disabling MSI keeps pending; re-enabling with it unmasked sends it. */
	wr(fn, cap + PCI_MSI_FLAGS, 2, 1 << 4);
	wr(fn, cap + PCI_MSI_MASK_64, 4, 0);
	ck_assert_uint_eq(bus.n, 4);
	ck_assert_uint_eq(rd(fn, cap + PCI_MSI_PENDING_64, 4), 1u << 1);
	wr(fn, cap + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE | 1 << 4);
	ck_assert_uint_eq(bus.n, 5);
	ck_assert_uint_eq(bus.data[4], 0x40ff);
	ck_assert_uint_eq(rd(fn, cap + PCI_MSI_PENDING_64, 4), 0);
}
END_TEST

START_TEST(test_msix_wins_over_msi)
{
	struct irqlab_pci_fn *fn = mk_mana();
	unsigned int msi = find_cap(fn, PCI_CAP_ID_MSI);

	msix_enable(fn, false);
	entry_set(fn, 0, 0xfee00000, 0x4001, 0);
	wr(fn, msi + PCI_MSI_ADDRESS_LO, 4, 0xfee00000);
	wr(fn, msi + PCI_MSI_DATA_64, 2, 0x4002);
	wr(fn, msi + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert_uint_eq(bus.data[0], 0x4001);
	/* Retract follows the same precedence. */
	mwr(fn, 4, ENT(0) + 12, 4, 1);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), 0);
	ck_assert_int_eq(irqlab_pci_fn_retract(fn, 0), 0);
	ck_assert(!pba_bit(fn, 0));
}
END_TEST

/* ---- INTx ----------------------------------------------------------------- */

static struct {
	unsigned int calls;
	bool level;
	struct irqlab_pci_fn *fn;
	bool lvl_seen;
} sink;

static void sink_fn(void *ctx, struct irqlab_pci_fn *fn, bool level)
{
	ck_assert_ptr_eq(ctx, &sink);
	sink.calls++;
	sink.level = level;
	sink.fn = fn;
	/* The sink may read the function. */
	sink.lvl_seen = irqlab_pci_fn_intx_level(fn);
}

/* Surprise removal: all-ones reads, dropped writes, no interrupts; then back. */
START_TEST(test_surprise_removal)
{
	struct irqlab_pci_fn *fn = mk_mana();
	unsigned int cap = msix_enable(fn, false);

	memset(&sink, 0, sizeof(sink));
	ck_assert_int_eq(irqlab_pci_fn_set_intx_sink(fn, sink_fn, &sink), 0);
	entry_set(fn, 0, LAPIC_BASE, 0x41, 0);
	wr(fn, cap + PCI_MSIX_FLAGS, 2, 0);	/* MSI-X off: INTx can assert */
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, true), 0);
	ck_assert(sink.level);
	ck_assert_int_eq(irqlab_pci_fn_set_present(fn, false), 0);
	/* The line went with the device. */
	ck_assert(!sink.level);
	ck_assert_uint_eq(rd(fn, PCI_VENDOR_ID, 2), 0xffff);
	ck_assert_uint_eq(rd(fn, PCI_COMMAND, 4), 0xffffffff);
	ck_assert_uint_eq(rd(fn, cap, 1), 0xff);
	ck_assert_uint_eq(mrd(fn, 4, ENT(0), 8), ~0ULL);
	ck_assert_uint_eq(mrd(fn, 4, ENT(0) + 8, 4), 0xffffffff);
	/* Writes go nowhere: nothing changes behind the all-ones. */
	wr(fn, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
	mwr(fn, 4, ENT(0) + PCI_MSIX_ENTRY_DATA, 4, 0x99);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 0), -ENODEV);
	ck_assert_uint_eq(bus.n, 0);
	ck_assert_int_eq(irqlab_pci_fn_set_present(NULL, true), -EINVAL);
	/* Back: the state it had, the line asserted again, MSI-X still off. */
	ck_assert_int_eq(irqlab_pci_fn_set_present(fn, true), 0);
	ck_assert(sink.level);
	ck_assert_uint_eq(rd(fn, PCI_VENDOR_ID, 2), 0x1414);
	ck_assert_uint_eq(rd(fn, cap + PCI_MSIX_FLAGS, 2) & PCI_MSIX_FLAGS_ENABLE, 0);
	ck_assert_uint_eq(mrd(fn, 4, ENT(0) + PCI_MSIX_ENTRY_DATA, 4), 0x41);
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, false), 0);
	ck_assert(!sink.level);
}
END_TEST

START_TEST(test_intx)
{
	struct irqlab_pci_fn *fn = mk_mana();
	unsigned int msi = find_cap(fn, PCI_CAP_ID_MSI), msix = find_cap(fn, PCI_CAP_ID_MSIX);

	memset(&sink, 0, sizeof(sink));
	ck_assert_int_eq(irqlab_pci_fn_set_intx_sink(fn, sink_fn, &sink), 0);
	ck_assert_int_eq(irqlab_pci_fn_set_intx_sink(NULL, sink_fn, &sink), -EINVAL);
	ck_assert(!irqlab_pci_fn_intx_level(fn));
	ck_assert(!irqlab_pci_fn_intx_level(NULL));
	ck_assert_int_eq(irqlab_pci_fn_intx(NULL, true), -EINVAL);

	ck_assert_int_eq(irqlab_pci_fn_intx(fn, true), 0);
	ck_assert_uint_eq(sink.calls, 1);
	ck_assert(sink.level && sink.lvl_seen);
	ck_assert_ptr_eq(sink.fn, fn);
	ck_assert(irqlab_pci_fn_intx_level(fn));
	ck_assert(rd(fn, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
	/* Asserting an asserted line is no change. */
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, true), 0);
	ck_assert_uint_eq(sink.calls, 1);

	/* Interrupt Disable withdraws the line; Status still shows the state. */
	wr(fn, PCI_COMMAND + 1, 1, PCI_COMMAND_INTX_DISABLE >> 8);
	ck_assert_uint_eq(sink.calls, 2);
	ck_assert(!sink.level);
	ck_assert(!irqlab_pci_fn_intx_level(fn));
	ck_assert(rd(fn, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
	wr(fn, PCI_COMMAND, 2, 0);
	ck_assert_uint_eq(sink.calls, 3);
	ck_assert(sink.level);

	/* Enabling MSI or MSI-X withdraws it too. */
	wr(fn, msi + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE);
	ck_assert_uint_eq(sink.calls, 4);
	ck_assert(!sink.level);
	wr(fn, msi + PCI_MSI_FLAGS, 2, 0);
	ck_assert_uint_eq(sink.calls, 5);
	wr(fn, msix + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
	ck_assert_uint_eq(sink.calls, 6);
	ck_assert(!sink.level);
	wr(fn, msix + PCI_MSIX_FLAGS, 2, 0);
	ck_assert_uint_eq(sink.calls, 7);
	ck_assert(sink.level);

	/* Deassert: Status clears. */
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, false), 0);
	ck_assert_uint_eq(sink.calls, 8);
	ck_assert(!sink.level);
	ck_assert(!(rd(fn, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT));

	/* raise() with MSI and MSI-X disabled asserts INTx. */
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 12345), 0);
	ck_assert_uint_eq(sink.calls, 9);
	ck_assert(sink.level);
	ck_assert_uint_eq(bus.n, 0);
	/* Asserted while disabled: no edge to the controller until enabled. */
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, false), 0);
	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_INTX_DISABLE);
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, true), 0);
	ck_assert_uint_eq(sink.calls, 10);
	ck_assert(rd(fn, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
	ck_assert_uint_eq(stats(fn).intx_raised, 5);
	wr(fn, PCI_COMMAND, 2, 0);
	ck_assert_uint_eq(sink.calls, 11);
	ck_assert_uint_eq(stats(fn).intx_raised, 6);

	/* Reset deasserts the line. */
	ck_assert_int_eq(irqlab_pci_fn_reset(fn), 0);
	ck_assert_uint_eq(sink.calls, 12);
	ck_assert(!sink.level);
	ck_assert(!(rd(fn, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT));

	/* Unplugging an asserting function deasserts it at the controller. */
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, true), 0);
	ck_assert_uint_eq(sink.calls, 13);
	irqlab_pci_fn_destroy(fn);
	ck_assert_uint_eq(sink.calls, 14);
	ck_assert(!sink.level);
	irqlab_pci_fn_destroy(NULL);
}
END_TEST

START_TEST(test_intx_without_sink_and_without_pin)
{
	struct irqlab_pci_fn_config c;
	struct irqlab_pci_fn *fn = mk_mana(), *nopin;

	/* No sink connected: the level is still tracked. */
	ck_assert_int_eq(irqlab_pci_fn_intx(fn, true), 0);
	ck_assert(irqlab_pci_fn_intx_level(fn));
	ck_assert_int_eq(irqlab_pci_fn_set_intx_sink(fn, NULL, NULL), 0);
	irqlab_pci_fn_destroy(fn);

	mana_cfg(&c);
	c.intx_pin = 0;
	c.bdf = "0000:00:05.0";
	nopin = mk(&c);
	ck_assert_uint_eq(rd(nopin, PCI_INTERRUPT_PIN, 1), 0);
	ck_assert_int_eq(irqlab_pci_fn_intx(nopin, true), -ENODEV);
	ck_assert_int_eq(irqlab_pci_fn_raise(nopin, 0), -ENODEV);
	ck_assert_int_eq(irqlab_pci_fn_retract(nopin, 0), -EINVAL);
	ck_assert(!(rd(nopin, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT));
	ck_assert(!irqlab_pci_fn_intx_level(nopin));
}
END_TEST

START_TEST(test_pin_values)
{
	struct irqlab_pci_fn_config c;
	char bdf[16];

	for (unsigned int pin = 0; pin <= 4; pin++) {
		struct irqlab_pci_fn *fn;

		mana_cfg(&c);
		c.intx_pin = (u8)pin;
		snprintf(bdf, sizeof(bdf), "00:%02x.0", pin);
		c.bdf = bdf;
		fn = mk(&c);
		wr(fn, PCI_INTERRUPT_PIN, 1, 0xff);
		ck_assert_uint_eq(rd(fn, PCI_INTERRUPT_PIN, 1), pin);
	}
}
END_TEST

/* ---- rejected accesses -------------------------------------------------- */

START_TEST(test_bad_cfg_accesses)
{
	static const unsigned int bad[][2] = {
		{ 0, 0 }, { 0, 3 }, { 0, 8 }, { 4, 5 }, { 1, 2 }, { 2, 4 }, { 3, 4 },
		{ 0x3d, 2 }, { 0xffe, 4 }, { 0x1000, 1 }, { 0x1000, 4 }, { ~0u, 1 },
		{ ~0u - 3, 4 },
	};
	struct irqlab_pci_fn *fn = mk_mana();
	u8 before[PCI_CFG_SPACE_EXP_SIZE];
	u32 v;

	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	memcpy(before, irqlab_pci_fn_config_space(fn), sizeof(before));
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 0;
		ck_assert_int_eq(irqlab_pci_cfg_read(fn, bad[i][0], bad[i][1], &v), -EINVAL);
		ck_assert_uint_eq(v, bad[i][1] == 1 ? 0xff : bad[i][1] == 2 ? 0xffff : 0xffffffff);
		ck_assert_int_eq(irqlab_pci_cfg_write(fn, bad[i][0], bad[i][1], 0), -EINVAL);
		ck_assert_int_eq(irqlab_pci_cfg_write(fn, bad[i][0], bad[i][1], ~0u), -EINVAL);
	}
	ck_assert_int_eq(irqlab_pci_cfg_read(NULL, 0, 4, &v), -EINVAL);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_int_eq(irqlab_pci_cfg_read(fn, 0, 4, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_pci_cfg_write(NULL, 0, 4, 0), -EINVAL);
	ck_assert(!memcmp(before, irqlab_pci_fn_config_space(fn), sizeof(before)));
	/* The last valid byte, word and dword. */
	ck_assert_uint_eq(rd(fn, 0xfff, 1), 0);
	ck_assert_uint_eq(rd(fn, 0xffe, 2), 0);
	ck_assert_uint_eq(rd(fn, 0xffc, 4), 0);
}
END_TEST

START_TEST(test_bad_mmio_accesses)
{
	static const struct {
		unsigned int bar;
		u64 off;
		unsigned int size;
	} bad[] = {
		{ 4, ENT(0), 1 }, { 4, ENT(0), 2 }, { 4, ENT(0), 3 }, { 4, ENT(0), 16 },
		{ 4, ENT(0), 0 }, { 4, ENT(0) + 4, 8 }, { 4, ENT(0) + 2, 4 },
		{ 4, 0x8000, 4 }, { 4, 0x7ffc, 8 }, { 4, ~0ULL - 3, 4 }, { 4, ~0ULL - 7, 8 },
		{ 5, 0, 4 },	/* upper half of 64-bit BAR 4 */
		{ 1, 0, 4 },	/* upper half of BAR 0 */
		{ 3, 0, 4 },	/* not implemented */
		{ 6, 0, 4 }, { 7, 0, 4 }, { ~0u, 0, 4 },
		{ 2, 0x1000, 4 }, { 0, 0x2000000, 8 },
	};
	struct irqlab_pci_fn *fn = mk_mana();
	u8 before[PCI_CFG_SPACE_EXP_SIZE];
	u64 v, table[64];

	msix_enable(fn, true);
	for (unsigned int k = 0; k < 32; k++)
		entry_set(fn, k, 0xfee00000 + k, 0x4000 + k, k & 1);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 3), 0);
	for (unsigned int q = 0; q < 64; q++)
		table[q] = mrd(fn, 4, ENT(0) + 8 * q, 8);
	memcpy(before, irqlab_pci_fn_config_space(fn), sizeof(before));
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		v = 0;
		ck_assert_int_eq(irqlab_pci_mmio_read(fn, bad[i].bar, bad[i].off, bad[i].size, &v),
				 -EINVAL);
		ck_assert_uint_eq(v, bad[i].size == 4 ? 0xffffffffULL : ~0ULL);
		ck_assert_int_eq(irqlab_pci_mmio_write(fn, bad[i].bar, bad[i].off, bad[i].size, 0),
				 -EINVAL);
		ck_assert_int_eq(irqlab_pci_mmio_write(fn, bad[i].bar, bad[i].off, bad[i].size,
						       ~0ULL), -EINVAL);
	}
	ck_assert_int_eq(irqlab_pci_mmio_read(NULL, 4, 0, 4, &v), -EINVAL);
	ck_assert_uint_eq(v, 0xffffffff);
	ck_assert_int_eq(irqlab_pci_mmio_read(fn, 4, 0, 4, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_pci_mmio_write(NULL, 4, 0, 4, 0), -EINVAL);
	ck_assert(!memcmp(before, irqlab_pci_fn_config_space(fn), sizeof(before)));
	for (unsigned int q = 0; q < 64; q++)
		ck_assert_uint_eq(mrd(fn, 4, ENT(0) + 8 * q, 8), table[q]);
	ck_assert_uint_eq(mrd(fn, 4, PBA, 8), 1u << 3);
	ck_assert_uint_eq(bus.n, 0);
	/* The last valid QWORD of each BAR. */
	ck_assert_uint_eq(mrd(fn, 4, 0x7ff8, 8), 0);
	ck_assert_uint_eq(mrd(fn, 2, 0xff8, 8), 0);
}
END_TEST

/* ---- creation, registry ------------------------------------------------- */

static void expect_einval(const struct irqlab_pci_fn_config *c, const char *what)
{
	struct irqlab_pci_fn *fn = (struct irqlab_pci_fn *)0x1;
	long live = irqlab_alloc_live();

	ck_assert_msg(irqlab_pci_fn_create(tm, c, &fn) == -EINVAL, "%s accepted", what);
	ck_assert_ptr_eq(fn, (struct irqlab_pci_fn *)0x1);
	ck_assert_int_eq(irqlab_alloc_live(), live);
	ck_assert_ptr_null(irqlab_pci_fn_next(tm, NULL));
}

#define BAD(stmt)                                                             \
	do {                                                                  \
		mana_cfg(&c);                                                 \
		stmt;                                                         \
		expect_einval(&c, #stmt);                                     \
	} while (0)

START_TEST(test_bad_configs)
{
	struct irqlab_pci_fn_config c;
	struct irqlab_pci_fn *fn;

	/* BDFs. */
	BAD(c.bdf = NULL);
	BAD(c.bdf = "");
	BAD(c.bdf = "00:04");
	BAD(c.bdf = "00:20.0");		/* device > 31 */
	BAD(c.bdf = "00:04.8");		/* function > 7 */
	BAD(c.bdf = "100:04.0");	/* bus > 255 */
	BAD(c.bdf = "10000:00:04.0");	/* segment > 16 bits */
	BAD(c.bdf = "0000:00:04.0 ");
	BAD(c.bdf = "0000:00:04:0.0");
	BAD(c.bdf = "0000:00:04.");
	BAD(c.bdf = "0000::04.0");
	BAD(c.bdf = "04.0");
	BAD(c.bdf = "g0:04.0");
	/* Header. */
	BAD(c.vendor = 0xffff);
	BAD(c.vendor = 0);
	BAD(c.class_code = 0x1000000);
	BAD(c.intx_pin = 5);
	/* BARs. */
	BAD(c.bars[2].size = 8);
	BAD(c.bars[2].size = 0x3000);
	BAD(c.bars[2].size = 1ULL << 32);	/* 32-bit BAR over 2 GiB */
	BAD(c.bars[3].mem64 = true);		/* size 0 with flags */
	BAD(c.bars[3].prefetchable = true);
	BAD(c.bars[1].size = 16);		/* upper half of 64-bit BAR 0 */
	BAD(c.bars[1].mem64 = true);
	BAD(c.bars[1].prefetchable = true);
	BAD((c.bars[4].mem64 = false, c.bars[5] = c.bars[4], c.bars[5].mem64 = true));
	/* MSI-X. */
	BAD(c.msix.entries = 0);
	BAD(c.msix.entries = 2049);
	BAD(c.msix.table_bar = 6);
	BAD(c.msix.pba_bar = 7);
	BAD(c.msix.table_bar = 1);		/* upper half */
	BAD(c.msix.table_bar = 3);		/* not implemented */
	BAD(c.msix.table_offset = 0x3004);	/* not QWORD aligned */
	BAD(c.msix.pba_offset = 0x7001);
	BAD(c.msix.table_offset = 0x4010);	/* 1024 entries overrun the 32 KiB BAR */
	BAD(c.msix.pba_offset = 0x8000);
	BAD(c.msix.pba_offset = 0x10000);	/* starts beyond the BAR */
	BAD(c.msix.pba_offset = 0x4000);	/* inside the table */
	BAD(c.msix.pba_offset = 0x2f88);	/* overlaps the table start */
	BAD((c.msix.table_bar = 2, c.msix.table_offset = 0));	/* 16 KiB in 4 KiB */
	/* MSI. */
	BAD(c.msi.vectors = 0);
	BAD(c.msi.vectors = 3);
	BAD(c.msi.vectors = 64);
	/* Capability offsets. */
	BAD(c.msix.offset = 0x3c);
	BAD(c.msix.offset = 0x42);
	BAD(c.msix.offset = 0xf8);		/* 12 bytes past 0x100 */
	BAD(c.pcie.offset = 0xc8);		/* 0x3c bytes past 0x100 */
	BAD((c.msix.offset = 0x40, c.msi.offset = 0x48));
	BAD((c.msi.offset = 0x40, c.pcie.offset = 0x54));	/* MSI is 0x18 bytes */
	/* No room left for a default placement. */
	BAD((c.msix.offset = 0x78, c.msi.offset = 0xb8));	/* PCIe fits nowhere */
	/* NULL arguments. */
	mana_cfg(&c);
	ck_assert_int_eq(irqlab_pci_fn_create(NULL, &c, &fn), -EINVAL);
	ck_assert_int_eq(irqlab_pci_fn_create(tm, NULL, &fn), -EINVAL);
	ck_assert_int_eq(irqlab_pci_fn_create(tm, &c, NULL), -EINVAL);
	/* Limits that are valid. */
	mana_cfg(&c);
	c.msix.entries = 2048;
	c.msix.table_offset = 0;
	c.msix.pba_offset = 0x100;
	c.msix.pba_bar = 2;
	fn = mk(&c);
	ck_assert_uint_eq(rd(fn, 0x40 + PCI_MSIX_FLAGS, 2), 2047);
	irqlab_pci_fn_destroy(fn);
	mana_cfg(&c);
	c.msix.entries = 1;
	c.msix.table_offset = 0x7ff0;
	c.msix.pba_offset = 0x7fe8;
	c.msi.vectors = 1;
	fn = mk(&c);
	ck_assert_uint_eq(rd(fn, 0x40 + PCI_MSIX_FLAGS, 2), 0);
}
END_TEST

START_TEST(test_registry)
{
	static const char *const order[] = { "0000:00:04.0", "0000:00:04.1", "0000:03:00.0",
					     "0001:00:00.0", "7870:00:00.0" };
	static const char *const create[] = { "7870:00:00.0", "03:00.0", "0000:00:04.1",
					      "1:0:0.0", "00:4.0" };
	struct irqlab_pci_fn_config c;
	struct irqlab_pci_fn *fn, *fns[5];
	unsigned int i = 0;

	mana_cfg(&c);
	for (i = 0; i < 5; i++) {
		c.bdf = create[i];
		fns[i] = mk(&c);
	}
	i = 0;
	for (fn = irqlab_pci_fn_next(tm, NULL); fn; fn = irqlab_pci_fn_next(tm, fn))
		ck_assert_str_eq(irqlab_pci_fn_name(fn), order[i++]);
	ck_assert_uint_eq(i, 5);

	/* The same BDF spelled differently is taken. */
	c.bdf = "0:0:4.0";
	fn = (struct irqlab_pci_fn *)0x1;
	{
		long live = irqlab_alloc_live();

		ck_assert_int_eq(irqlab_pci_fn_create(tm, &c, &fn), -EEXIST);
		ck_assert_int_eq(irqlab_alloc_live(), live);
	}
	ck_assert_ptr_eq(fn, (struct irqlab_pci_fn *)0x1);
	/* The same BDF on another machine is fine. */
	{
		struct irqlab_machine *m2;
		struct irqlab_pci_fn *other;

		ck_assert_int_eq(irqlab_machine_create(NULL, &m2), 0);
		ck_assert_int_eq(irqlab_pci_fn_create(m2, &c, &other), 0);
		ck_assert_ptr_eq(irqlab_pci_fn_find(m2, "00:04.0"), other);
		ck_assert_ptr_eq(irqlab_pci_fn_find(tm, "00:04.0"), fns[4]);
		/* A function is not on another machine's list. */
		ck_assert_ptr_null(irqlab_pci_fn_next(m2, fns[4]));
		irqlab_machine_destroy(m2);
	}

	ck_assert_ptr_eq(irqlab_pci_fn_find(tm, "0000:03:00.0"), fns[1]);
	ck_assert_ptr_null(irqlab_pci_fn_find(tm, "0000:03:00.1"));
	ck_assert_ptr_null(irqlab_pci_fn_find(tm, "junk"));
	ck_assert_ptr_null(irqlab_pci_fn_find(NULL, "0000:03:00.0"));
	ck_assert_ptr_null(irqlab_pci_fn_find(tm, NULL));
	ck_assert_ptr_null(irqlab_pci_fn_next(NULL, NULL));

	/* Destroy one in the middle: the list closes over it. */
	irqlab_pci_fn_destroy(fns[1]);
	ck_assert_ptr_null(irqlab_pci_fn_find(tm, "0000:03:00.0"));
	ck_assert_ptr_eq(irqlab_pci_fn_next(tm, fns[2]), fns[3]);
	/* The rest are freed with the machine (the fixture checks for leaks). */
}
END_TEST

START_TEST(test_enomem)
{
	struct irqlab_pci_fn_config c;
	struct irqlab_pci_fn *fn = NULL;
	unsigned int n;
	int ret = -ENOMEM;

	mana_cfg(&c);
	for (n = 1; ret == -ENOMEM && n < 20; n++) {
		long live = irqlab_alloc_live();

		irqlab_fail_nth_alloc(n);
		ret = irqlab_pci_fn_create(tm, &c, &fn);
		irqlab_fail_nth_alloc(0);
		if (ret == -ENOMEM) {
			ck_assert_int_eq(irqlab_alloc_live(), live);
			ck_assert_ptr_null(irqlab_pci_fn_next(tm, NULL));
		}
	}
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_ge(n, 4);	/* the function, its table and its PBA */
	ck_assert_ptr_eq(irqlab_pci_fn_find(tm, "7870:00:00.0"), fn);
}
END_TEST

START_TEST(test_reset_restores_power_on_image)
{
	struct irqlab_pci_fn *fn = mk_mana();
	u8 initial[PCI_CFG_SPACE_EXP_SIZE];
	unsigned int cap;

	memcpy(initial, irqlab_pci_fn_config_space(fn), sizeof(initial));
	cap = msix_enable(fn, true);
	entry_set(fn, 4, 0xfee00000, 0x4044, 0);
	ck_assert_int_eq(irqlab_pci_fn_raise(fn, 4), 0);
	wr(fn, PCI_INTERRUPT_LINE, 1, 11);
	wr(fn, PCI_BASE_ADDRESS_2, 4, 0xfebf0000);
	wr(fn, 0x4c + PCI_MSI_MASK_64, 4, 0xff);
	ck_assert_int_eq(irqlab_pci_fn_signal_error(fn, PCI_STATUS_PARITY), 0);
	ck_assert(memcmp(initial, irqlab_pci_fn_config_space(fn), sizeof(initial)));
	ck_assert_int_eq(irqlab_pci_fn_reset(fn), 0);
	ck_assert(!memcmp(initial, irqlab_pci_fn_config_space(fn), sizeof(initial)));
	/* Stats survive; the PBA and table are back to power-on. */
	ck_assert_uint_eq(stats(fn).msgs_masked, 1);
	wr(fn, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
	ck_assert_uint_eq(mrd(fn, 4, PBA, 8), 0);
	ck_assert_uint_eq(mrd(fn, 4, ENT(4) + 8, 8), 1ULL << 32);
	(void)cap;
}
END_TEST

START_TEST(test_pcie_devctl)
{
	struct irqlab_pci_fn *fn = mk_mana();
	unsigned int cap = find_cap(fn, PCI_CAP_ID_EXP);

	wr(fn, cap + PCI_EXP_DEVCTL, 2, 0xffff);
	ck_assert_uint_eq(rd(fn, cap + PCI_EXP_DEVCTL, 2), 0x79ff);
	wr(fn, cap + PCI_EXP_DEVCTL, 2, 0);
	ck_assert_uint_eq(rd(fn, cap + PCI_EXP_DEVCTL, 2), 0);
	wr(fn, cap + PCI_EXP_FLAGS, 2, 0xffff);
	ck_assert_uint_eq(rd(fn, cap + PCI_EXP_FLAGS, 2), 2);
	wr(fn, cap + PCI_EXP_LNKSTA, 2, 0);
	ck_assert_uint_eq(rd(fn, cap + PCI_EXP_LNKSTA, 2), 0x83);
}
END_TEST

START_TEST(test_null_arguments)
{
	struct irqlab_pci_fn *fn = mk_mana();
	struct irqlab_pci_fn_stats s;

	ck_assert_ptr_null(irqlab_pci_fn_name(NULL));
	ck_assert_ptr_null(irqlab_pci_fn_get_config(NULL));
	ck_assert_ptr_null(irqlab_pci_fn_config_space(NULL));
	ck_assert_ptr_null(irqlab_pci_fn_machine(NULL));
	ck_assert_uint_eq(irqlab_pci_fn_requester_id(NULL), 0);
	ck_assert_uint_eq(irqlab_pci_fn_segment(NULL), 0);
	ck_assert_int_eq(irqlab_pci_fn_get_stats(NULL, &s), -EINVAL);
	ck_assert_int_eq(irqlab_pci_fn_get_stats(fn, NULL), -EINVAL);
	s = stats(fn);
	ck_assert_uint_eq(s.msgs_sent + s.msgs_masked + s.msgs_no_master + s.msgs_bus_error +
			  s.msgs_pending_released + s.intx_raised, 0);
}
END_TEST

/* ---- threads ------------------------------------------------------------ */

static struct {
	struct irqlab_pci_fn *fn;
	unsigned long sent;	/* messages seen on the bus */
	unsigned long raises;
	unsigned long sink_calls;
	bool stop;
} thr;

static int bus_count(void *ctx, u64 addr, u32 data)
{
	(void)ctx;
	(void)addr;
	(void)data;
	__atomic_add_fetch(&thr.sent, 1, __ATOMIC_RELAXED);
	return 0;
}

static void sink_count(void *ctx, struct irqlab_pci_fn *fn, bool level)
{
	(void)ctx;
	(void)level;
	(void)irqlab_pci_fn_intx_level(fn);
	__atomic_add_fetch(&thr.sink_calls, 1, __ATOMIC_RELAXED);
}

static void *raiser(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg;

	for (unsigned int i = 0; i < 20000; i++) {
		seed = seed * 1103515245 + 12345;
		if (irqlab_pci_fn_raise(thr.fn, seed >> 16 & 15) == 0)
			__atomic_add_fetch(&thr.raises, 1, __ATOMIC_RELAXED);
		if (!(i & 63))
			irqlab_pci_fn_intx(thr.fn, i & 64);
	}
	return NULL;
}

static void *masker(void *arg)
{
	unsigned int cap = (unsigned int)(uintptr_t)arg, seed = 7;
	u64 v;

	while (!__atomic_load_n(&thr.stop, __ATOMIC_ACQUIRE)) {
		seed = seed * 1103515245 + 12345;
		switch (seed >> 16 & 3) {
		case 0:
			irqlab_pci_mmio_write(thr.fn, 4, ENT(seed >> 20 & 15) + 12, 4, seed >> 24 & 1);
			break;
		case 1:
			irqlab_pci_cfg_write(thr.fn, cap + 3, 1, seed >> 24 & 1 ? 0xc0 : 0x80);
			break;
		case 2:
			irqlab_pci_cfg_write(thr.fn, PCI_COMMAND, 2, PCI_COMMAND_MEMORY |
					     PCI_COMMAND_MASTER |
					     (seed >> 24 & 1 ? PCI_COMMAND_INTX_DISABLE : 0));
			break;
		default:
			irqlab_pci_mmio_read(thr.fn, 4, PBA, 8, &v);
			break;
		}
	}
	return NULL;
}

/* Raisers and a masker race; no message is lost or duplicated. */
START_TEST(test_concurrent_raise_and_mask)
{
	struct irqlab_pci_fn_config c;
	struct irqlab_pci_fn_stats s;
	pthread_t r1, r2, mk_thr;
	unsigned int cap;

	memset(&thr, 0, sizeof(thr));
	mana_cfg(&c);
	c.bdf = "00:06.0";
	thr.fn = mk(&c);
	ck_assert_int_eq(irqlab_bus_claim(tm, 0x20000000, 0x1000, "cnt", bus_count, NULL), 0);
	ck_assert_int_eq(irqlab_pci_fn_set_intx_sink(thr.fn, sink_count, NULL), 0);
	cap = msix_enable(thr.fn, true);
	for (unsigned int k = 0; k < 16; k++)
		entry_set(thr.fn, k, 0x20000000 + 4 * k, k, 0);
	ck_assert_int_eq(pthread_create(&mk_thr, NULL, masker, (void *)(uintptr_t)cap), 0);
	ck_assert_int_eq(pthread_create(&r1, NULL, raiser, (void *)1), 0);
	ck_assert_int_eq(pthread_create(&r2, NULL, raiser, (void *)2), 0);
	pthread_join(r1, NULL);
	pthread_join(r2, NULL);
	__atomic_store_n(&thr.stop, true, __ATOMIC_RELEASE);
	pthread_join(mk_thr, NULL);

	/* Unmask everything: every pending message goes out. */
	wr(thr.fn, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	for (unsigned int k = 0; k < 16; k++)
		mwr(thr.fn, 4, ENT(k) + 12, 4, 0);
	wr(thr.fn, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
	ck_assert_uint_eq(mrd(thr.fn, 4, PBA, 8), 0);
	s = stats(thr.fn);
	ck_assert_uint_eq(thr.raises, 40000);
	ck_assert_uint_eq(s.msgs_sent, thr.sent);
	ck_assert_uint_eq(s.msgs_no_master, 0);
	/* Each raise was sent at once or made pending; repeats collapse. */
	ck_assert_uint_eq(s.msgs_sent - s.msgs_pending_released + s.msgs_masked, 40000);
	ck_assert_uint_le(s.msgs_pending_released, s.msgs_masked);
	ck_assert_uint_eq(thr.sink_calls, 0);	/* MSI-X enabled throughout */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pci_fn");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, tm_teardown);
	tcase_add_test(tc, test_header_fields);
	tcase_add_test(tc, test_requester_id_and_name);
	tcase_add_test(tc, test_bar_sizing);
	tcase_add_test(tc, test_bar_16_bytes);
	tcase_add_test(tc, test_capability_walk);
	tcase_add_test(tc, test_capability_placement);
	tcase_add_test(tc, test_every_byte_write_rules);
	tcase_add_test(tc, test_command_status);
	tcase_add_test(tc, test_extended_space_read_only);
	tcase_add_test(tc, test_msix_table_reset_and_mmio);
	tcase_add_test(tc, test_msix_pending_delivered_on_unmask);
	tcase_add_test(tc, test_msix_qword_unmask);
	tcase_add_test(tc, test_msix_function_mask);
	tcase_add_test(tc, test_msix_disabled_counts_as_masked);
	tcase_add_test(tc, test_msix_bad_vector_and_retract);
	tcase_add_test(tc, test_bus_master_gating);
	tcase_add_test(tc, test_master_abort);
	tcase_add_test(tc, test_claimer_refusal_is_not_master_abort);
	tcase_add_loop_test(tc, test_msi_layouts, 0, 4);
	tcase_add_test(tc, test_msi_64bit_address_and_mme);
	tcase_add_test(tc, test_msix_wins_over_msi);
	tcase_add_test(tc, test_intx);
	tcase_add_test(tc, test_surprise_removal);
	tcase_add_test(tc, test_intx_without_sink_and_without_pin);
	tcase_add_test(tc, test_pin_values);
	tcase_add_test(tc, test_bad_cfg_accesses);
	tcase_add_test(tc, test_bad_mmio_accesses);
	tcase_add_test(tc, test_bad_configs);
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_enomem);
	tcase_add_test(tc, test_reset_restores_power_on_image);
	tcase_add_test(tc, test_pcie_devctl);
	tcase_add_test(tc, test_null_arguments);
	tcase_add_test(tc, test_concurrent_raise_and_mask);
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
