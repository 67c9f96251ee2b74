// SPDX-License-Identifier: MIT
/*
 * Random config-space and MMIO accesses against the emulated PCI function
 * (issue 4, acceptance 3), checked against an independent reference model.
 *
 * 10,000 accesses per device layout, any offset, size and value, mixed with
 * device-side events (raise, retract, INTx, reset).  The model predicts
 * every return value, every value read, every message on the bus (address,
 * data, requester ID, order) and every counter; after each step the whole
 * 4 KiB config image must equal the model's.  Out-of-bounds accesses are
 * caught by the ASan build and the Valgrind run.
 *
 * The seed is printed; IRQLAB_SEED=<n> replays a run, IRQLAB_FUZZ_OPS=<n>
 * changes the number of accesses.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "irqlab/pci_hw.h"

#define MAX_ENTRIES IRQLAB_PCI_MSIX_MAX_ENTRIES
#define MSG_MAX (2 * MAX_ENTRIES + 64)

/*
 * Check's ck_assert_*() record a checkpoint with a system call each time;
 * the model compares thousands of values per step, so it reports through
 * these, which call Check only on failure.
 */
static u64 cur_seed;
static unsigned long cur_step;

#define EXPECT_EQ(a, b)                                                       \
	do {                                                                  \
		long long _a = (long long)(a), _b = (long long)(b);           \
		if (_a != _b)                                                 \
			ck_abort_msg("%s:%d: step %lu (seed %" PRIu64 "): %s = %lld (%#llx), "  \
				     "expected %s = %lld (%#llx)", __FILE__, __LINE__,  \
				     cur_step, cur_seed, #a, _a, (unsigned long long)_a, \
				     #b, _b, (unsigned long long)_b);        \
	} while (0)
#define EXPECT(cond, fmt, ...)                                                \
	do {                                                                  \
		if (!(cond))                                                  \
			ck_abort_msg("step %lu (seed %" PRIu64 "): " fmt, cur_step, \
				     cur_seed, ##__VA_ARGS__);                \
	} while (0)

/* ---- generator -------------------------------------------------------- */

static u64 rng;

static u64 rnd(void)
{
	/* xorshift64*: small, fast, and the same everywhere. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static u64 below(u64 n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned int percent)
{
	return below(100) < percent;
}

static u64 pick_seed(void)
{
	const char *s = getenv("IRQLAB_SEED");

	if (s && *s)
		return strtoull(s, NULL, 0);
	return (u64)time(NULL) * 1000003ULL ^ (u64)getpid() << 20 ^ (u64)clock();
}

/* ---- the bus ------------------------------------------------------------ */

/* Messages seen during one step. */
static struct {
	unsigned int n;
	u64 addr[MSG_MAX];
	u32 data[MSG_MAX];
	u32 rid[MSG_MAX];
} seen;

static int bus_rec(void *ctx, u64 addr, u32 data)
{
	(void)ctx;
	EXPECT(seen.n < MSG_MAX, "too many messages");
	seen.addr[seen.n] = addr;
	seen.data[seen.n] = data;
	seen.rid[seen.n] = irqlab_bus_requester_id(tm);
	seen.n++;
	return 0;
}

/* Every address but the last is claimed: that one ends in a master abort. */
#define UNCLAIMED_ADDR (~0ULL)

/* ---- the model ------------------------------------------------------------ */

struct layout {
	const char *name;
	struct irqlab_pci_fn_config cfg;
};

static struct model {
	const struct irqlab_pci_fn_config *cfg;	/* resolved offsets */
	u8 init[PCI_CFG_SPACE_SIZE];	/* power-on image */
	u8 img[PCI_CFG_SPACE_SIZE];	/* expected image */
	u8 w[PCI_CFG_SPACE_SIZE];	/* writable bits */
	u8 c[PCI_CFG_SPACE_SIZE];	/* RW1C bits */
	u32 table[MAX_ENTRIES * 4];
	u64 pba[MAX_ENTRIES / 64];
	u32 msi_pending;
	bool intx_internal;
	bool intx_level;
	struct irqlab_pci_fn_stats st;
	/* Expected messages of the current step. */
	unsigned int nexp;
	u64 exp_addr[MSG_MAX];
	u32 exp_data[MSG_MAX];
	/* Sink. */
	unsigned int sink_calls;
	bool sink_level;
	bool sink_bad;
} md;

static u16 img16(unsigned int off)
{
	return (u16)(md.img[off] | md.img[off + 1] << 8);
}

static u32 img32(unsigned int off)
{
	return (u32)img16(off) | (u32)img16(off + 2) << 16;
}

static void put16(u8 *b, unsigned int off, u16 v)
{
	b[off] = (u8)v;
	b[off + 1] = (u8)(v >> 8);
}

static void put32(u8 *b, unsigned int off, u32 v)
{
	put16(b, off, (u16)v);
	put16(b, off + 2, (u16)(v >> 16));
}

static void set_mask(u8 *m, unsigned int off, unsigned int len, u32 v)
{
	for (unsigned int i = 0; i < len; i++)
		m[off + i] = (u8)(v >> (8 * i));
}

static unsigned int entries(void)
{
	return md.cfg->msix.present ? md.cfg->msix.entries : 0;
}

static unsigned int msi_len(void)
{
	const struct irqlab_pci_msi_config *m = &md.cfg->msi;

	return m->per_vector_mask ? (m->addr64 ? 0x18 : 0x14) : (m->addr64 ? 0x0e : 0x0a);
}

static unsigned int msi_data_off(void)
{
	return md.cfg->msi.offset + (md.cfg->msi.addr64 ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32);
}

static unsigned int msi_mask_off(void)
{
	return md.cfg->msi.offset + (md.cfg->msi.addr64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
}

static u32 low_bits(unsigned int n)
{
	return n >= 32 ? ~0u : (1u << n) - 1;
}

/* Spec facts about the layout, written independently of the implementation. */
static void model_masks(void)
{
	const struct irqlab_pci_fn_config *c = md.cfg;

	memset(md.w, 0, sizeof(md.w));
	memset(md.c, 0, sizeof(md.c));
	set_mask(md.w, PCI_COMMAND, 2, 0x0407);
	set_mask(md.c, PCI_STATUS, 2, 0xf900);
	md.w[PCI_CACHE_LINE_SIZE] = 0xff;
	md.w[PCI_INTERRUPT_LINE] = 0xff;
	for (unsigned int i = 0; i < PCI_STD_NUM_BARS; i++) {
		u64 sz = c->bars[i].size;

		if (!sz)
			continue;
		set_mask(md.w, 0x10 + 4 * i, 4, (u32)~(sz - 1) & ~0xfu);
		if (c->bars[i].mem64) {
			set_mask(md.w, 0x14 + 4 * i, 4, (u32)(~(sz - 1) >> 32));
			i++;
		}
	}
	if (c->msix.present)
		md.w[c->msix.offset + 3] = 0xc0;
	if (c->msi.present) {
		unsigned int o = c->msi.offset;

		set_mask(md.w, o + 2, 2, 0x0071);
		set_mask(md.w, o + 4, 4, 0xfffffffc);
		if (c->msi.addr64)
			set_mask(md.w, o + 8, 4, 0xffffffff);
		set_mask(md.w, msi_data_off(), 2, 0xffff);
		if (c->msi.per_vector_mask)
			set_mask(md.w, msi_mask_off(), 4, low_bits(c->msi.vectors));
	}
	if (c->pcie.present)
		set_mask(md.w, c->pcie.offset + PCI_EXP_DEVCTL, 2, 0x79ff);
}

static void model_reset_table(void)
{
	memset(md.table, 0, sizeof(md.table));
	for (unsigned int k = 0; k < entries(); k++)
		md.table[4 * k + 3] = 1;
	memset(md.pba, 0, sizeof(md.pba));
	md.msi_pending = 0;
	md.intx_internal = false;
}

static bool cmd_has(u16 bit)
{
	return img16(PCI_COMMAND) & bit;
}

static bool msix_enabled(void)
{
	return md.cfg->msix.present && (img16(md.cfg->msix.offset + 2) & 0x8000);
}

static bool msix_fmask(void)
{
	return img16(md.cfg->msix.offset + 2) & 0x4000;
}

static bool msi_enabled(void)
{
	return md.cfg->msi.present && (img16(md.cfg->msi.offset + 2) & 1);
}

static unsigned int msi_nvec(void)
{
	return 1u << ((img16(md.cfg->msi.offset + 2) >> 4) & 7);
}

static bool pba_test(unsigned int k)
{
	return md.pba[k / 64] >> (k % 64) & 1;
}

/* A message the function is expected to put on the bus. */
static void expect_msg(u64 addr, u32 data, bool released)
{
	if (!cmd_has(PCI_COMMAND_MASTER)) {
		md.st.msgs_no_master++;
		return;
	}
	md.st.msgs_sent++;
	if (released)
		md.st.msgs_pending_released++;
	if (addr == UNCLAIMED_ADDR) {
		md.st.msgs_bus_error++;
		put16(md.img, PCI_STATUS, img16(PCI_STATUS) | PCI_STATUS_REC_MASTER_ABORT);
		return;
	}
	EXPECT(md.nexp < MSG_MAX, "too many messages");
	md.exp_addr[md.nexp] = addr;
	md.exp_data[md.nexp] = data;
	md.nexp++;
}

static void msix_msg(unsigned int k, bool released)
{
	const u32 *e = &md.table[4 * k];

	expect_msg((u64)e[1] << 32 | e[0], e[2], released);
}

static void msi_msg(unsigned int v, bool released)
{
	unsigned int o = md.cfg->msi.offset;
	u64 addr = img32(o + 4);

	if (md.cfg->msi.addr64)
		addr |= (u64)img32(o + 8) << 32;
	expect_msg(addr, (img16(msi_data_off()) & ~(msi_nvec() - 1)) | v, released);
}

/* MME clamp and drop of unallocated pending bits (QEMU's msi_write_config). */
static void model_msi_fixup(void)
{
	unsigned int o = md.cfg->msi.offset;
	u16 ctrl;

	if (!md.cfg->msi.present)
		return;
	ctrl = img16(o + 2);
	if (((ctrl >> 4) & 7) > ((ctrl >> 1) & 7))
		put16(md.img, o + 2, (u16)((ctrl & ~0x70) | ((ctrl >> 1) & 7) << 4));
	md.msi_pending &= low_bits(msi_nvec());
}

/* Any pending message whose vector is unmasked goes out, in order. */
static void model_release(void)
{
	if (msix_enabled() && !msix_fmask()) {
		for (unsigned int k = 0; k < entries(); k++) {
			if (pba_test(k) && !(md.table[4 * k + 3] & 1)) {
				md.pba[k / 64] &= ~(1ULL << (k % 64));
				msix_msg(k, true);
			}
		}
	}
	if (md.cfg->msi.present && md.cfg->msi.per_vector_mask && msi_enabled()) {
		u32 p = md.msi_pending & ~img32(msi_mask_off());

		for (unsigned int v = 0; v < 32; v++) {
			if (p >> v & 1) {
				md.msi_pending &= ~(1u << v);
				msi_msg(v, true);
			}
		}
	}
}

/* Status.Interrupt, the MSI pending register and the INTx level. */
static void model_derived(void)
{
	u16 st = img16(PCI_STATUS) & ~PCI_STATUS_INTERRUPT;
	bool level;

	if (md.intx_internal)
		st |= PCI_STATUS_INTERRUPT;
	put16(md.img, PCI_STATUS, st);
	if (md.cfg->msi.present && md.cfg->msi.per_vector_mask)
		put32(md.img, msi_mask_off() + 4, md.msi_pending);
	level = md.cfg->intx_pin && md.intx_internal && !cmd_has(PCI_COMMAND_INTX_DISABLE) &&
		!msi_enabled() && !msix_enabled();
	if (level && !md.intx_level)
		md.st.intx_raised++;
	md.intx_level = level;
}

static void sink_fn(void *ctx, struct irqlab_pci_fn *fn, bool level)
{
	(void)ctx;
	(void)fn;
	/* Levels must alternate: every call is a change. */
	if (md.sink_calls && level == md.sink_level)
		md.sink_bad = true;
	md.sink_calls++;
	md.sink_level = level;
}

/* ---- access validity, as the spec/brief defines it ----------------------- */

static bool cfg_ok(unsigned int off, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) && off % size == 0 && off < 4096;
}

static bool mmio_ok(unsigned int bar, u64 off, unsigned int size)
{
	u64 bsz;

	if ((size != 4 && size != 8) || off % size || bar >= 6)
		return false;
	bsz = md.cfg->bars[bar].size;
	return bsz && off < bsz && off + size <= bsz;
}

static bool in_table(unsigned int bar, u64 off)
{
	const struct irqlab_pci_msix_config *x = &md.cfg->msix;

	return x->present && bar == x->table_bar && off >= x->table_offset &&
	       off < x->table_offset + 16ULL * x->entries;
}

static bool in_pba(unsigned int bar, u64 off)
{
	const struct irqlab_pci_msix_config *x = &md.cfg->msix;

	return x->present && bar == x->pba_bar && off >= x->pba_offset &&
	       off < x->pba_offset + 8ULL * DIV_ROUND_UP(x->entries, 64);
}

/* ---- the steps ------------------------------------------------------------ */

static struct irqlab_pci_fn *fn;

static u32 rnd_value(void)
{
	switch (below(6)) {
	case 0:
		return 0;
	case 1:
		return ~0u;
	case 2:
		return (u32)below(2);
	case 3:	/* plausible control values */
		return (u32)(rnd() & 0xc0070407);
	default:
		return (u32)rnd();
	}
}

static unsigned int rnd_size(void)
{
	static const unsigned int odd[] = { 0, 3, 5, 6, 7, 8, 16, 1u << 31 };

	if (chance(85))
		return 1u << below(3);
	return odd[below(ARRAY_SIZE(odd))];
}

static unsigned int rnd_cfg_off(void)
{
	const struct irqlab_pci_fn_config *c = md.cfg;

	switch (below(8)) {
	case 0:
		return (unsigned int)below(0x40);
	case 1:
		return c->msix.present ? c->msix.offset + (unsigned int)below(12) : 4;
	case 2:
	case 3:
		return c->msi.present ? c->msi.offset + (unsigned int)below(msi_len() + 4) : 4;
	case 4:
		return PCI_COMMAND + (unsigned int)below(4);
	case 5:
		return (unsigned int)below(0x100);
	case 6:
		return (unsigned int)below(0x1010);
	default:
		return chance(50) ? (unsigned int)rnd() : 0x1000 - (unsigned int)below(8);
	}
}

static void step_cfg_read(void)
{
	unsigned int off = rnd_cfg_off(), size = rnd_size();
	u32 v = 0x5a5a5a5a, want = 0;
	int ret;

	if (size <= 4 && chance(85))
		off &= ~(size ? size - 1 : 0);
	ret = irqlab_pci_cfg_read(fn, off, size, &v);
	if (!cfg_ok(off, size)) {
		EXPECT_EQ(ret, -EINVAL);
		EXPECT_EQ(v, size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffff);
		return;
	}
	EXPECT_EQ(ret, 0);
	for (unsigned int i = 0; i < size; i++)
		want |= (u32)(off + i < 256 ? md.img[off + i] : 0) << (8 * i);
	EXPECT(v == want, "cfg read %#x/%u: %#x, model %#x", off, size, v, want);
}

/* Values that drive the function into its interesting states. */
static u32 steer_cfg(unsigned int *off, unsigned int *size)
{
	const struct irqlab_pci_fn_config *c = md.cfg;
	u32 v;

	switch (below(4)) {
	case 0:	/* decode and bus master mostly on */
		*off = PCI_COMMAND;
		*size = 2;
		v = PCI_COMMAND_MEMORY;
		if (chance(85))
			v |= PCI_COMMAND_MASTER;
		if (chance(20))
			v |= PCI_COMMAND_INTX_DISABLE;
		return v;
	case 1:	/* MSI-X Enable / Function Mask */
		if (!c->msix.present)
			return 0;
		*off = c->msix.offset + (chance(50) ? 2 : 3);
		*size = *off & 1 ? 1 : 2;
		v = (chance(25) ? 0x80 : 0) | (chance(75) ? 0x80 : 0) | (chance(40) ? 0x40 : 0);
		return *size == 1 ? v : v << 8;
	case 2:	/* MSI Enable and MME, or its mask register */
		if (chance(50)) {
			*off = c->msi.offset + 2;
			*size = 2;
			return (u32)(below(2) | below(8) << 4);
		}
		*off = c->msi.per_vector_mask ? msi_mask_off() : c->msi.offset + 4;
		*size = 4;
		return chance(50) ? 0 : (u32)rnd();
	default:	/* MSI address/data in the claimed space */
		*off = c->msi.offset + 4;
		*size = 4;
		return (u32)rnd() & ~3u;
	}
}

static void step_cfg_write(void)
{
	unsigned int off = rnd_cfg_off(), size = rnd_size();
	u32 val = rnd_value();
	int ret;

	if (size <= 4 && chance(85))
		off &= ~(size ? size - 1 : 0);
	if (chance(30))
		val = steer_cfg(&off, &size);
	ret = irqlab_pci_cfg_write(fn, off, size, val);
	if (!cfg_ok(off, size)) {
		EXPECT_EQ(ret, -EINVAL);
		return;
	}
	EXPECT_EQ(ret, 0);
	for (unsigned int i = 0; i < size && off + i < 256; i++) {
		unsigned int b = off + i;
		u8 v = (u8)(val >> (8 * i));

		md.img[b] = (u8)((md.img[b] & ~md.w[b]) | (v & md.w[b]));
		md.img[b] &= (u8)~(v & md.c[b]);
	}
	model_msi_fixup();
}

/* A few entries get most of the traffic, so they get programmed, unmasked
 * and raised often enough to reach every state. */
static unsigned int hot_entry(void)
{
	unsigned int n = entries();

	if (!n || chance(25))
		return (unsigned int)below(n + 2);
	return chance(80) ? (unsigned int)below(n < 6 ? n : 6) : n - 1;
}

static unsigned int rnd_bar(void)
{
	const struct irqlab_pci_msix_config *x = &md.cfg->msix;

	if (chance(85))
		return chance(50) ? x->table_bar : x->pba_bar;
	return chance(50) ? (unsigned int)below(8) : (unsigned int)rnd();
}

static u64 rnd_mmio_off(unsigned int bar)
{
	const struct irqlab_pci_msix_config *x = &md.cfg->msix;
	u64 bsz = bar < 6 ? md.cfg->bars[bar].size : 0x1000;

	switch (below(8)) {
	case 0:
	case 1:
		return x->table_offset + 16 * hot_entry() + 4 * below(4);
	case 2:
		return x->table_offset + 16 * below(x->entries + 2) + 4 * below(4);
	case 3:
		return x->pba_offset + 4 * below(DIV_ROUND_UP(x->entries, 32) + 2);
	case 4:
		return below(bsz ? bsz + 16 : 1);
	case 5:
		return bsz - 4 * below(4);
	default:
		return chance(50) ? rnd() : ~0ULL - below(16);
	}
}

static unsigned int rnd_mmio_size(void)
{
	static const unsigned int odd[] = { 0, 1, 2, 3, 5, 16, 32 };

	return chance(88) ? (chance(50) ? 4 : 8) : odd[below(ARRAY_SIZE(odd))];
}

static u64 model_mmio_value(unsigned int bar, u64 off, unsigned int size)
{
	const struct irqlab_pci_msix_config *x = &md.cfg->msix;
	u64 v = 0;

	for (unsigned int i = 0; i < size / 4; i++) {
		u64 o = off + 4 * i, dw = 0;

		if (in_table(bar, o))
			dw = md.table[(o - x->table_offset) / 4];
		else if (in_pba(bar, o))
			dw = md.pba[(o - x->pba_offset) / 8] >> (32 * ((o - x->pba_offset) / 4 % 2)) &
			     0xffffffff;
		v |= dw << (32 * i);
	}
	return v;
}

static void step_mmio_read(void)
{
	unsigned int bar = rnd_bar(), size = rnd_mmio_size();
	u64 off = rnd_mmio_off(bar), v = 0x5a5a, want;
	int ret;

	if (chance(85) && size && !(size & (size - 1)))
		off &= ~(u64)(size - 1);
	ret = irqlab_pci_mmio_read(fn, bar, off, size, &v);
	if (!mmio_ok(bar, off, size) || !cmd_has(PCI_COMMAND_MEMORY)) {
		EXPECT_EQ(ret, mmio_ok(bar, off, size) ? -EIO : -EINVAL);
		EXPECT_EQ(v, size == 4 ? 0xffffffffULL : ~0ULL);
		return;
	}
	EXPECT_EQ(ret, 0);
	want = model_mmio_value(bar, off, size);
	EXPECT(v == want, "mmio read bar %u %#" PRIx64 "/%u: %#" PRIx64 ", model %#" PRIx64,
		      bar, off, size, v, want);
}

static void step_mmio_write(void)
{
	const struct irqlab_pci_msix_config *x = &md.cfg->msix;
	unsigned int bar = rnd_bar(), size = rnd_mmio_size();
	u64 off = rnd_mmio_off(bar), val;
	int ret;

	if (chance(85) && size && !(size & (size - 1)))
		off &= ~(u64)(size - 1);
	/* Vector Control writes mostly toggle the Mask bit. */
	val = chance(40) ? below(2) : (u64)rnd_value() << 32 | rnd_value();
	if (chance(5))
		val = UNCLAIMED_ADDR;
	ret = irqlab_pci_mmio_write(fn, bar, off, size, val);
	if (!mmio_ok(bar, off, size) || !cmd_has(PCI_COMMAND_MEMORY)) {
		EXPECT_EQ(ret, mmio_ok(bar, off, size) ? -EIO : -EINVAL);
		return;
	}
	EXPECT_EQ(ret, 0);
	for (unsigned int i = 0; i < size / 4; i++) {
		u64 o = off + 4 * i;

		if (in_table(bar, o))
			md.table[(o - x->table_offset) / 4] = (u32)(val >> (32 * i));
	}
}

static unsigned int rnd_vector(void)
{
	unsigned int n = entries() > md.cfg->msi.vectors ? entries() : md.cfg->msi.vectors;

	if (chance(60))
		return hot_entry();
	return chance(90) ? (unsigned int)below(n + 2) : (unsigned int)rnd();
}

static void step_raise(void)
{
	unsigned int k = rnd_vector();
	int ret = irqlab_pci_fn_raise(fn, k);
	int want = 0;

	if (msix_enabled()) {
		if (k >= entries())
			want = -EINVAL;
		else if (msix_fmask() || (md.table[4 * k + 3] & 1)) {
			md.pba[k / 64] |= 1ULL << (k % 64);
			md.st.msgs_masked++;
		} else {
			msix_msg(k, false);
		}
	} else if (msi_enabled()) {
		unsigned int v = k & (msi_nvec() - 1);

		if (k >= md.cfg->msi.vectors)
			want = -EINVAL;
		else if (md.cfg->msi.per_vector_mask && (img32(msi_mask_off()) >> v & 1)) {
			md.msi_pending |= 1u << v;
			md.st.msgs_masked++;
		} else {
			msi_msg(v, false);
		}
	} else if (md.cfg->intx_pin) {
		md.intx_internal = true;
	} else {
		want = -ENODEV;
	}
	EXPECT_EQ(ret, want);
}

static void step_retract(void)
{
	unsigned int k = rnd_vector();
	int ret = irqlab_pci_fn_retract(fn, k), want = 0;

	if (msix_enabled()) {
		if (k >= entries())
			want = -EINVAL;
		else
			md.pba[k / 64] &= ~(1ULL << (k % 64));
	} else if (msi_enabled()) {
		if (k >= md.cfg->msi.vectors)
			want = -EINVAL;
		else
			md.msi_pending &= ~(1u << (k & (msi_nvec() - 1)));
	} else {
		want = -EINVAL;
	}
	EXPECT_EQ(ret, want);
}

static void step_intx(void)
{
	bool a = chance(50);

	EXPECT_EQ(irqlab_pci_fn_intx(fn, a), md.cfg->intx_pin ? 0 : -ENODEV);
	if (md.cfg->intx_pin)
		md.intx_internal = a;
}

static void step_reset(void)
{
	EXPECT_EQ(irqlab_pci_fn_reset(fn), 0);
	memcpy(md.img, md.init, sizeof(md.img));
	model_reset_table();
}

/* After every step: the function's whole visible state equals the model's. */
static void check_state(bool full)
{
	const u8 *img = irqlab_pci_fn_config_space(fn);
	struct irqlab_pci_fn_stats st;

	for (unsigned int b = 0; b < PCI_CFG_SPACE_SIZE; b++)
		EXPECT(img[b] == md.img[b], "cfg byte %#x is %#x, model %#x", b, img[b],
		       md.img[b]);
	if (full)
		for (unsigned int b = PCI_CFG_SPACE_SIZE; b < PCI_CFG_SPACE_EXP_SIZE; b++)
			EXPECT_EQ(img[b], 0);
	/* Read-only identity, stated once more against the configuration. */
	EXPECT_EQ(img16(PCI_VENDOR_ID), md.cfg->vendor);
	EXPECT_EQ(img32(PCI_CLASS_REVISION) >> 8, md.cfg->class_code);
	EXPECT_EQ(md.img[PCI_INTERRUPT_PIN], md.cfg->intx_pin);
	if (md.cfg->msix.present)
		EXPECT_EQ(img16(md.cfg->msix.offset + 2) & 0x7ff, md.cfg->msix.entries - 1);

	/* The bus saw exactly the predicted messages, in order. */
	EXPECT(seen.n == md.nexp, "%u messages, model %u", seen.n, md.nexp);
	for (unsigned int i = 0; i < seen.n; i++) {
		EXPECT_EQ(seen.addr[i], md.exp_addr[i]);
		EXPECT_EQ(seen.data[i], md.exp_data[i]);
		EXPECT_EQ(seen.rid[i], irqlab_pci_fn_requester_id(fn));
	}
	seen.n = md.nexp = 0;

	EXPECT_EQ(irqlab_pci_fn_get_stats(fn, &st), 0);
	EXPECT(!memcmp(&st, &md.st, sizeof(st)),
		      "stats sent %" PRIu64 "/%" PRIu64 " masked %" PRIu64 "/%" PRIu64
		      " nomaster %" PRIu64 "/%" PRIu64 " released %" PRIu64 "/%" PRIu64
		      " buserr %" PRIu64 "/%" PRIu64 " intx %" PRIu64 "/%" PRIu64,
		      st.msgs_sent, md.st.msgs_sent, st.msgs_masked, md.st.msgs_masked,
		      st.msgs_no_master, md.st.msgs_no_master, st.msgs_pending_released,
		      md.st.msgs_pending_released, st.msgs_bus_error, md.st.msgs_bus_error,
		      st.intx_raised, md.st.intx_raised);

	EXPECT_EQ(irqlab_pci_fn_intx_level(fn), md.intx_level);
	EXPECT(!md.sink_bad, "sink called without a level change");
	EXPECT_EQ(md.sink_calls ? md.sink_level : false, md.intx_level);
}

/* Read the whole table and PBA over MMIO (decode forced on) against the model. */
static void check_table(void)
{
	const struct irqlab_pci_msix_config *x = &md.cfg->msix;
	u16 cmd = img16(PCI_COMMAND);
	u64 v;

	if (!x->present)
		return;
	EXPECT_EQ(irqlab_pci_cfg_write(fn, PCI_COMMAND, 2, cmd | PCI_COMMAND_MEMORY), 0);
	for (unsigned int k = 0; k < x->entries; k++) {
		for (unsigned int q = 0; q < 2; q++) {
			EXPECT_EQ(irqlab_pci_mmio_read(fn, x->table_bar,
							      x->table_offset + 16 * k + 8 * q, 8,
							      &v), 0);
			EXPECT_EQ(v, (u64)md.table[4 * k + 2 * q + 1] << 32 |
						     md.table[4 * k + 2 * q]);
		}
	}
	for (unsigned int w = 0; w < DIV_ROUND_UP(x->entries, 64); w++) {
		EXPECT_EQ(irqlab_pci_mmio_read(fn, x->pba_bar, x->pba_offset + 8 * w, 8, &v),
				 0);
		EXPECT_EQ(v, md.pba[w]);
		/* Reserved bits beyond the table size read 0; pending ⇒ masked. */
		for (unsigned int b = 0; b < 64; b++) {
			unsigned int k = 64 * w + b;

			if (!(v >> b & 1))
				continue;
			EXPECT(k < x->entries, "PBA bit %u beyond the table", k);
			EXPECT(!msix_enabled() || msix_fmask() || (md.table[4 * k + 3] & 1),
			       "entry %u pending while unmasked", k);
		}
	}
	EXPECT_EQ(irqlab_pci_cfg_write(fn, PCI_COMMAND, 2, cmd), 0);
}

static const struct layout layouts[] = {
	{ "MANA-like: 1024 entries, table+PBA in BAR 4, MSI 32x64-bit maskable, PCIe",
	  { .bdf = "7870:00:00.0", .vendor = 0x1414, .device = 0x00ba, .class_code = 0x020000,
	    .bars = { [0] = { 0x2000000, true, true }, [4] = { 0x8000, true, false } },
	    .intx_pin = 1,
	    .msix = { true, 1024, 4, 0x3000, 4, 0x7000, 0 },
	    .msi = { true, 32, true, true, 0 },
	    .pcie = { true, 0 } } },
	{ "100 entries: table in BAR 0, PBA alone in a 16-byte BAR 2, MSI 8x32-bit",
	  { .bdf = "0000:3b:00.1", .vendor = 0x8086, .device = 0x1572, .class_code = 0x020000,
	    .revision = 2,
	    .bars = { [0] = { 0x1000, false, false }, [2] = { 16, true, true } },
	    .intx_pin = 4,
	    .msix = { true, 100, 0, 0x800, 2, 0, 0xa0 },
	    .msi = { true, 8, false, false, 0xc0 } } },
	{ "1 entry, PBA before the table in one BAR, MSI 1x64-bit maskable, no pin",
	  { .bdf = "01:00.0", .vendor = 0x15b7, .device = 0x5008, .class_code = 0x010802,
	    .bars = { [0] = { 32, true, false } },
	    .msix = { true, 1, 0, 0x10, 0, 0x0, 0 },
	    .msi = { true, 1, true, true, 0 } } },
	{ "2048 entries in BAR 2, PBA in BAR 5, MSI 2x32-bit maskable, PCIe",
	  { .bdf = "ffff:ff:1f.7", .vendor = 0x1af4, .device = 0x1041, .class_code = 0x020000,
	    .bars = { [2] = { 0x8000, true, false }, [5] = { 0x1000, false, false } },
	    .intx_pin = 2,
	    .msix = { true, 2048, 2, 0, 5, 0xf00, 0 },
	    .msi = { true, 2, false, true, 0 },
	    .pcie = { true, 0x80 } } },
};

START_TEST(test_random_accesses)
{
	const struct layout *l = &layouts[_i];
	const char *ops_env = getenv("IRQLAB_FUZZ_OPS");
	unsigned long nops = ops_env && *ops_env ? strtoul(ops_env, NULL, 0) : 10000;
	unsigned long accesses = 0, step = 0;
	u64 seed = pick_seed();

	printf("check_pci_fn_fuzz: layout %d (%s): seed %" PRIu64
	       " (IRQLAB_SEED=%" PRIu64 " replays)\n", _i, l->name, seed, seed);
	fflush(stdout);
	rng = seed ? seed : 1;
	cur_seed = seed;
	cur_step = 0;

	memset(&md, 0, sizeof(md));
	memset(&seen, 0, sizeof(seen));
	EXPECT_EQ(irqlab_bus_claim(tm, 0, UNCLAIMED_ADDR, "all", bus_rec, NULL), 0);
	EXPECT_EQ(irqlab_pci_fn_create(tm, &l->cfg, &fn), 0);
	EXPECT_EQ(irqlab_pci_fn_set_intx_sink(fn, sink_fn, NULL), 0);
	md.cfg = irqlab_pci_fn_get_config(fn);
	model_masks();
	/* The power-on image is checked field by field by check_pci_fn. */
	memcpy(md.init, irqlab_pci_fn_config_space(fn), sizeof(md.init));
	memcpy(md.img, md.init, sizeof(md.img));
	model_reset_table();
	check_state(true);
	check_table();

	while (accesses < nops) {
		unsigned int r = (unsigned int)below(1000);

		cur_step = ++step;
		if (r < 300) {
			step_cfg_write();
			accesses++;
		} else if (r < 400) {
			step_cfg_read();
			accesses++;
		} else if (r < 700) {
			step_mmio_write();
			accesses++;
		} else if (r < 800) {
			step_mmio_read();
			accesses++;
		} else if (r < 940) {
			step_raise();
		} else if (r < 970) {
			step_retract();
		} else if (r < 998) {
			step_intx();
		} else {
			step_reset();
		}
		model_release();
		model_derived();
		check_state(step % 64 == 0);
		if (step % 997 == 0)
			check_table();
	}
	check_state(true);
	check_table();
	printf("check_pci_fn_fuzz: layout %d: %lu accesses, %lu steps, %" PRIu64
	       " messages, %" PRIu64 " made pending, %" PRIu64 " released on unmask\n",
	       _i, accesses, step, md.st.msgs_sent, md.st.msgs_masked,
	       md.st.msgs_pending_released);
	irqlab_pci_fn_destroy(fn);
	fn = NULL;
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pci_fn_fuzz");
	TCase *tc = tcase_create("fuzz");

	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_random_accesses, 0, (int)ARRAY_SIZE(layouts));
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
