// SPDX-License-Identifier: MIT
/*
 * The emulated PCI function: creation from a configuration (validated the
 * way QEMU's msi_init()/msix_init() validate theirs), the machine's
 * registry of functions by BDF, reset and the read-only getters.
 */
#include <stdio.h>
#include <string.h>

#include "pci_fn_internal.h"

/*
 * One lock for every machine's function list: lists change only on
 * create/destroy, and struct irqlab_machine has room for the head only.
 */
static struct irqlab_lock pci_list_lock = { .mutex = PTHREAD_MUTEX_INITIALIZER };

/* Parse 1..@max hex digits; returns the next character or NULL. */
static const char *parse_hex(const char *s, unsigned int max, u32 *v)
{
	unsigned int n = 0;

	*v = 0;
	for (; n < max; n++, s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		*v = *v << 4 | (u32)d;
	}
	return n ? s : NULL;
}

/* "SSSS:BB:DD.F" or "BB:DD.F" → segment << 16 | bus << 8 | devfn. */
static int parse_bdf(const char *s, u32 *key)
{
	u32 f[4], seg = 0, bus, dev, func;
	unsigned int n = 0;
	const char *p = s;

	if (!s)
		return -EINVAL;
	/* Up to three ':'-separated fields then ".F". */
	while (n < 3) {
		p = parse_hex(p, 4, &f[n]);
		if (!p)
			return -EINVAL;
		n++;
		if (*p != ':')
			break;
		p++;
	}
	if (n == 3) {
		seg = f[0];
		bus = f[1];
		dev = f[2];
	} else if (n == 2) {
		bus = f[0];
		dev = f[1];
	} else {
		return -EINVAL;
	}
	if (*p++ != '.')
		return -EINVAL;
	p = parse_hex(p, 1, &func);
	if (!p || *p || bus > 0xff || dev > 0x1f || func > 7)
		return -EINVAL;
	*key = seg << 16 | bus << 8 | dev << 3 | func;
	return 0;
}

/* @x is not 0. */
static bool is_pow2(u64 x)
{
	return !(x & (x - 1));
}

static int check_bars(const struct irqlab_pci_fn_config *cfg)
{
	for (unsigned int i = 0; i < PCI_STD_NUM_BARS; i++) {
		const struct irqlab_pci_bar_config *b = &cfg->bars[i];

		if (!b->size) {
			if (b->mem64 || b->prefetchable)
				return -EINVAL;
			continue;
		}
		if (!is_pow2(b->size) || b->size < IRQLAB_PCI_BAR_MIN_SIZE)
			return -EINVAL;
		if (!b->mem64) {
			if (b->size > (1ULL << 31))
				return -EINVAL;
			continue;
		}
		/* A 64-bit BAR takes the next slot as its upper half. */
		if (i == PCI_STD_NUM_BARS - 1 || cfg->bars[i + 1].size ||
		    cfg->bars[i + 1].mem64 || cfg->bars[i + 1].prefetchable)
			return -EINVAL;
		i++;
	}
	return 0;
}

/* Does [off, off + len) fit implemented BAR @bir? */
static bool fits_bar(const struct irqlab_pci_fn_config *cfg, unsigned int bir,
		     u64 off, u64 len)
{
	u64 size;

	if (bir >= PCI_STD_NUM_BARS)
		return false;
	size = cfg->bars[bir].size;
	return size && off <= size && len <= size - off;
}

static int check_msix(const struct irqlab_pci_fn_config *cfg)
{
	const struct irqlab_pci_msix_config *x = &cfg->msix;
	u64 tlen, plen;

	if (!x->present)
		return 0;
	if (!x->entries || x->entries > IRQLAB_PCI_MSIX_MAX_ENTRIES)
		return -EINVAL;
	if ((x->table_offset & ~PCI_MSIX_TABLE_OFFSET) ||
	    (x->pba_offset & ~PCI_MSIX_PBA_OFFSET))
		return -EINVAL;
	tlen = (u64)x->entries * PCI_MSIX_ENTRY_SIZE;
	plen = DIV_ROUND_UP(x->entries, 64) * 8ULL;
	if (!fits_bar(cfg, x->table_bar, x->table_offset, tlen) ||
	    !fits_bar(cfg, x->pba_bar, x->pba_offset, plen))
		return -EINVAL;
	if (x->table_bar == x->pba_bar && x->table_offset < x->pba_offset + plen &&
	    x->pba_offset < x->table_offset + tlen)
		return -EINVAL;
	return 0;
}

static int check_msi(const struct irqlab_pci_fn_config *cfg)
{
	unsigned int n = cfg->msi.vectors;

	if (!cfg->msi.present)
		return 0;
	return n && n <= IRQLAB_PCI_MSI_MAX_VECTORS && is_pow2(n) ? 0 : -EINVAL;
}

struct cap_slot {
	bool present;
	unsigned int size;
	unsigned int *offset;
};

static bool slot_overlaps(const struct cap_slot *caps, unsigned int n,
			  unsigned int off, unsigned int size, unsigned int self)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct cap_slot *c = &caps[i];

		if (i == self || !c->present || !*c->offset)
			continue;
		if (off < *c->offset + c->size && *c->offset < off + size)
			return true;
	}
	return false;
}

/* Check explicit capability offsets, then place the others from 0x40. */
static int place_caps(struct irqlab_pci_fn_config *cfg)
{
	struct cap_slot caps[] = {
		{ cfg->msix.present, PCI_CAP_MSIX_SIZEOF, &cfg->msix.offset },
		{ cfg->msi.present, pci_msi_cfg_size(&cfg->msi), &cfg->msi.offset },
		{ cfg->pcie.present, PCI_CAP_EXP_ENDPOINT_SIZEOF_V2, &cfg->pcie.offset },
	};
	unsigned int n = ARRAY_SIZE(caps), i;

	for (i = 0; i < n; i++) {
		unsigned int off = *caps[i].offset;

		if (!caps[i].present) {
			*caps[i].offset = 0;
			continue;
		}
		if (!off)
			continue;
		if ((off & 3) || off < IRQLAB_PCI_CAP_START ||
		    off + caps[i].size > PCI_CFG_SPACE_SIZE ||
		    slot_overlaps(caps, i, off, caps[i].size, i))
			return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		unsigned int off = IRQLAB_PCI_CAP_START;

		if (!caps[i].present || *caps[i].offset)
			continue;
		while (off + caps[i].size <= PCI_CFG_SPACE_SIZE &&
		       slot_overlaps(caps, n, off, caps[i].size, i))
			off += 4;
		if (off + caps[i].size > PCI_CFG_SPACE_SIZE)
			return -EINVAL;
		*caps[i].offset = off;
	}
	return 0;
}

/* Validate @in into @out (a copy with capability offsets resolved). */
static int check_config(const struct irqlab_pci_fn_config *in,
			struct irqlab_pci_fn_config *out, u32 *key)
{
	int ret;

	if (parse_bdf(in->bdf, key))
		return -EINVAL;
	if (in->vendor == 0 || in->vendor == 0xffff || in->class_code > 0xffffff ||
	    in->intx_pin > 4)
		return -EINVAL;
	*out = *in;
	ret = check_bars(out);
	if (!ret)
		ret = check_msix(out);
	if (!ret)
		ret = check_msi(out);
	if (!ret)
		ret = place_caps(out);
	return ret;
}

static void pci_fn_free(struct irqlab_pci_fn *fn)
{
	irqlab_lock_destroy(&fn->lock);
	irqlab_lock_destroy(&fn->intx_lock);
	kfree(fn->msix_table);
	kfree(fn->msix_pba);
	kfree(fn);
}

/* Insert in BDF order; -EEXIST if the BDF is taken. */
static int pci_fn_link(struct irqlab_pci_fn *fn)
{
	struct irqlab_pci_fn **pp;

	irqlab_lock_acquire(&pci_list_lock);
	for (pp = &fn->m->pci_fns; *pp && (*pp)->key < fn->key; pp = &(*pp)->next)
		;
	if (*pp && (*pp)->key == fn->key) {
		irqlab_lock_release(&pci_list_lock);
		return -EEXIST;
	}
	fn->next = *pp;
	*pp = fn;
	irqlab_lock_release(&pci_list_lock);
	return 0;
}

int irqlab_pci_fn_create(struct irqlab_machine *m, const struct irqlab_pci_fn_config *cfg,
			 struct irqlab_pci_fn **out)
{
	struct irqlab_pci_fn_config eff;
	struct irqlab_pci_fn *fn;
	u32 key;
	int ret;

	if (!m || !cfg || !out || check_config(cfg, &eff, &key))
		return -EINVAL;
	fn = kzalloc(sizeof(*fn), GFP_KERNEL);
	if (!fn)
		return -ENOMEM;
	if (eff.msix.present) {
		fn->msix_table = kcalloc(eff.msix.entries, PCI_MSIX_ENTRY_SIZE, GFP_KERNEL);
		fn->msix_pba = kcalloc(DIV_ROUND_UP(eff.msix.entries, 64), sizeof(u64),
				       GFP_KERNEL);
		if (!fn->msix_table || !fn->msix_pba) {
			kfree(fn->msix_table);
			kfree(fn->msix_pba);
			kfree(fn);
			return -ENOMEM;
		}
	}
	fn->m = m;
	fn->key = key;
	snprintf(fn->name, sizeof(fn->name), "%04x:%02x:%02x.%x", key >> 16,
		 (key >> 8) & 0xff, (key >> 3) & 0x1f, key & 7);
	fn->cfg = eff;
	fn->cfg.bdf = fn->name;
	irqlab_lock_init(&fn->intx_lock);
	irqlab_lock_init(&fn->lock);
	pci_cfg_power_on(fn);

	ret = pci_fn_link(fn);
	if (ret) {
		pci_fn_free(fn);
		return ret;
	}
	*out = fn;
	return 0;
}

void irqlab_pci_fn_destroy(struct irqlab_pci_fn *fn)
{
	struct irqlab_pci_fn **pp;

	if (!fn)
		return;
	/* A live function is always on its machine's list. */
	irqlab_lock_acquire(&pci_list_lock);
	for (pp = &fn->m->pci_fns; *pp != fn; pp = &(*pp)->next)
		;
	*pp = fn->next;
	irqlab_lock_release(&pci_list_lock);

	/* The line goes away with the device. */
	irqlab_lock_acquire(&fn->intx_lock);
	irqlab_lock_acquire(&fn->lock);
	fn->intx_internal = false;
	{
		bool level, changed = pci_intx_update(fn, &level);

		irqlab_lock_release(&fn->lock);
		pci_intx_notify(fn, changed, level);
	}
	irqlab_lock_release(&fn->intx_lock);
	pci_fn_free(fn);
}

/**
 * irqlab_pci_fns_destroy() - free every PCI function of a machine.
 * @m: the machine being torn down.
 *
 * Unlike irqlab_pci_fn_destroy() no sink is called: the interrupt
 * controllers may already be gone.
 */
void irqlab_pci_fns_destroy(struct irqlab_machine *m)
{
	struct irqlab_pci_fn *fn;

	irqlab_lock_acquire(&pci_list_lock);
	fn = m->pci_fns;
	m->pci_fns = NULL;
	irqlab_lock_release(&pci_list_lock);
	while (fn) {
		struct irqlab_pci_fn *next = fn->next;

		pci_fn_free(fn);
		fn = next;
	}
}

struct irqlab_pci_fn *irqlab_pci_fn_find(struct irqlab_machine *m, const char *bdf)
{
	struct irqlab_pci_fn *fn;
	u32 key;

	if (!m || parse_bdf(bdf, &key))
		return NULL;
	irqlab_lock_acquire(&pci_list_lock);
	for (fn = m->pci_fns; fn && fn->key != key; fn = fn->next)
		;
	irqlab_lock_release(&pci_list_lock);
	return fn;
}

struct irqlab_pci_fn *irqlab_pci_fn_next(struct irqlab_machine *m, struct irqlab_pci_fn *prev)
{
	struct irqlab_pci_fn *fn;

	if (!m)
		return NULL;
	irqlab_lock_acquire(&pci_list_lock);
	fn = m->pci_fns;
	if (prev) {
		while (fn && fn != prev)
			fn = fn->next;
		fn = fn ? fn->next : NULL;
	}
	irqlab_lock_release(&pci_list_lock);
	return fn;
}

int irqlab_pci_fn_reset(struct irqlab_pci_fn *fn)
{
	bool level, changed;

	if (!fn)
		return -EINVAL;
	irqlab_lock_acquire(&fn->intx_lock);
	irqlab_lock_acquire(&fn->lock);
	pci_cfg_power_on(fn);
	changed = pci_intx_update(fn, &level);
	irqlab_lock_release(&fn->lock);
	pci_intx_notify(fn, changed, level);
	irqlab_lock_release(&fn->intx_lock);
	return 0;
}

int irqlab_pci_fn_signal_error(struct irqlab_pci_fn *fn, u16 status_bits)
{
	u16 w1c;

	if (!fn)
		return -EINVAL;
	w1c = (u16)(fn->w1cmask[PCI_STATUS] | fn->w1cmask[PCI_STATUS + 1] << 8);
	if (!status_bits || (status_bits & ~w1c))
		return -EINVAL;
	irqlab_lock_acquire(&fn->lock);
	pci_set16(fn, PCI_STATUS, pci_get16(fn, PCI_STATUS) | status_bits);
	irqlab_lock_release(&fn->lock);
	return 0;
}

int irqlab_pci_fn_get_stats(struct irqlab_pci_fn *fn, struct irqlab_pci_fn_stats *stats)
{
	if (!fn || !stats)
		return -EINVAL;
	irqlab_lock_acquire(&fn->lock);
	*stats = fn->stats;
	irqlab_lock_release(&fn->lock);
	return 0;
}

const char *irqlab_pci_fn_name(const struct irqlab_pci_fn *fn)
{
	return fn ? fn->name : NULL;
}

u16 irqlab_pci_fn_requester_id(const struct irqlab_pci_fn *fn)
{
	return fn ? (u16)fn->key : 0;
}

u16 irqlab_pci_fn_segment(const struct irqlab_pci_fn *fn)
{
	return fn ? (u16)(fn->key >> 16) : 0;
}

struct irqlab_machine *irqlab_pci_fn_machine(const struct irqlab_pci_fn *fn)
{
	return fn ? fn->m : NULL;
}

const struct irqlab_pci_fn_config *irqlab_pci_fn_get_config(const struct irqlab_pci_fn *fn)
{
	return fn ? &fn->cfg : NULL;
}

const u8 *irqlab_pci_fn_config_space(const struct irqlab_pci_fn *fn)
{
	/* What a reader gets from a function that no longer answers. */
	static const u8 gone_space[PCI_CFG_SPACE_EXP_SIZE] = {
		[0 ... PCI_CFG_SPACE_EXP_SIZE - 1] = 0xff
	};

	if (!fn)
		return NULL;
	return fn->gone ? gone_space : fn->space;
}
