// SPDX-License-Identifier: MIT
#include "pci_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqlab/matrix.h"

struct irqlab_pci_fn_config pf_msix_config(const char *bdf, unsigned int entries)
{
	struct irqlab_pci_fn_config cfg = {
		.bdf = bdf,
		.vendor = 0x1414,
		.device = 0x00ba,
		.class_code = 0x020000,
		.intx_pin = 1,
	};

	cfg.bars[0].size = 0x100000;
	cfg.bars[PF_MANA_BAR].size = 0x8000;
	cfg.msix.present = true;
	cfg.msix.entries = entries;
	cfg.msix.table_bar = PF_MANA_BAR;
	cfg.msix.table_offset = PF_MANA_TABLE;
	cfg.msix.pba_bar = PF_MANA_BAR;
	cfg.msix.pba_offset = PF_MANA_PBA;
	cfg.pcie.present = true;
	return cfg;
}

struct irqlab_pci_fn_config pf_mana_config(void)
{
	return pf_msix_config(PF_MANA_BDF, PF_MANA_ENTRIES);
}

struct irqlab_pci_fn_config pf_msi_config(const char *bdf, unsigned int vectors, bool addr64,
					  bool per_vector_mask)
{
	struct irqlab_pci_fn_config cfg = {
		.bdf = bdf,
		.vendor = 0x15b7,
		.device = 0x5008,
		.class_code = 0x010802,
		.intx_pin = 1,
	};

	cfg.bars[0].size = 0x4000;
	cfg.msi.present = true;
	cfg.msi.vectors = vectors;
	cfg.msi.addr64 = addr64;
	cfg.msi.per_vector_mask = per_vector_mask;
	return cfg;
}

struct irqlab_pci_fn *pf_create(const struct irqlab_pci_fn_config *cfg)
{
	struct irqlab_pci_fn *fn = NULL;

	ck_assert_int_eq(irqlab_pci_fn_create(tm, cfg, &fn), 0);
	return fn;
}

struct pci_dev *pf_probe(const struct irqlab_pci_fn_config *cfg, struct irqlab_pci_fn **fn)
{
	struct pci_dev *dev = NULL;
	struct irqlab_pci_fn *f = pf_create(cfg);

	ck_assert_int_eq(irqlab_pci_probe(tm, cfg->bdf, &dev), 0);
	ck_assert_ptr_nonnull(dev);
	if (fn)
		*fn = f;
	return dev;
}

u32 pf_cfg(struct irqlab_pci_fn *fn, unsigned int off, unsigned int size)
{
	u32 v;

	ck_assert_int_eq(irqlab_pci_cfg_read(fn, off, size, &v), 0);
	return v;
}

/* Where the function's table and PBA are, from its own capability. */
static void msix_where(struct irqlab_pci_fn *fn, unsigned int *bar, u32 *table, u32 *pba)
{
	const struct irqlab_pci_fn_config *c = irqlab_pci_fn_get_config(fn);
	u32 t = pf_cfg(fn, c->msix.offset + PCI_MSIX_TABLE, 4);
	u32 p = pf_cfg(fn, c->msix.offset + PCI_MSIX_PBA, 4);

	*bar = t & PCI_MSIX_TABLE_BIR;
	*table = t & PCI_MSIX_TABLE_OFFSET;
	*pba = p & PCI_MSIX_PBA_OFFSET;
	ck_assert_uint_eq(p & PCI_MSIX_PBA_BIR, *bar);
}

struct pf_entry pf_entry(struct irqlab_pci_fn *fn, unsigned int k)
{
	struct pf_entry e;
	unsigned int bar;
	u32 table, pba;
	u64 v;

	msix_where(fn, &bar, &table, &pba);
	ck_assert_int_eq(irqlab_pci_mmio_read(fn, bar, table + 16ULL * k, 8, &v), 0);
	e.addr_lo = (u32)v;
	e.addr_hi = (u32)(v >> 32);
	ck_assert_int_eq(irqlab_pci_mmio_read(fn, bar, table + 16ULL * k + 8, 8, &v), 0);
	e.data = (u32)v;
	e.ctrl = (u32)(v >> 32);
	return e;
}

bool pf_pba(struct irqlab_pci_fn *fn, unsigned int k)
{
	unsigned int bar;
	u32 table, pba;
	u64 v;

	msix_where(fn, &bar, &table, &pba);
	ck_assert_int_eq(irqlab_pci_mmio_read(fn, bar, pba + 8ULL * (k / 64), 8, &v), 0);
	return v >> (k % 64) & 1;
}

u16 pf_msix_ctrl(struct pci_dev *dev)
{
	return (u16)pf_cfg(dev->hw, dev->msix_cap + PCI_MSIX_FLAGS, 2);
}

u16 pf_msi_ctrl(struct pci_dev *dev)
{
	return (u16)pf_cfg(dev->hw, dev->msi_cap + PCI_MSI_FLAGS, 2);
}

u16 pf_command(struct pci_dev *dev)
{
	return (u16)pf_cfg(dev->hw, PCI_COMMAND, 2);
}

u32 pf_msg_addr(unsigned int cpu)
{
	return (u32)x86_msi_addr(cpu);
}

u32 pf_msg_data(unsigned int vector)
{
	return vector;
}

struct irqlab_pci_fn_stats pf_stats(struct irqlab_pci_fn *fn)
{
	struct irqlab_pci_fn_stats st;

	ck_assert_int_eq(irqlab_pci_fn_get_stats(fn, &st), 0);
	return st;
}

void pf_domain_list(char *buf, size_t size)
{
	struct irq_domain *d = NULL;
	size_t len = 0;

	buf[0] = '\0';
	while ((d = irqlab_domain_next(d)) && len < size)
		len += (size_t)snprintf(buf + len, size - len, "%s ", d->name);
}

void pf_snapshot_take(struct pf_snapshot *s, struct irqlab_pci_fn *fn)
{
	const struct irqlab_pci_fn_config *c = irqlab_pci_fn_get_config(fn);
	unsigned int k, cpu;

	memset(s, 0, sizeof(*s));
	memcpy(s->cfg, irqlab_pci_fn_config_space(fn), sizeof(s->cfg));
	if (c->msix.present) {
		s->entries = c->msix.entries;
		s->table = calloc(s->entries, 16);
		ck_assert_ptr_nonnull(s->table);
		for (k = 0; k < s->entries; k++) {
			struct pf_entry e = pf_entry(fn, k);

			memcpy(&s->table[4 * k], &e, 16);
		}
	}
	irqlab_matrix_get_stats(irqlab_x86_matrix(tm), &s->ms);
	for (cpu = 0; cpu < 8 && cpu < nr_cpu_ids; cpu++) {
		s->cpu_alloc[cpu] = irqlab_matrix_cpu_allocated(irqlab_x86_matrix(tm), cpu);
		s->cpu_avail[cpu] = irqlab_matrix_cpu_available(irqlab_x86_matrix(tm), cpu);
	}
	s->active_irqs = irqlab_nr_active_irqs();
	pf_domain_list(s->domains, sizeof(s->domains));
}

void pf_snapshot_assert_equal(struct pf_snapshot *a, struct pf_snapshot *b)
{
	pf_snapshot_assert_equal_but_table(a, b);
	pf_snapshot_assert_table_equal(a, b);
}

void pf_snapshot_assert_table_equal(struct pf_snapshot *a, struct pf_snapshot *b)
{
	unsigned int i;

	ck_assert_uint_eq(a->entries, b->entries);
	for (i = 0; i < 4 * a->entries; i++)
		ck_assert_msg(a->table[i] == b->table[i], "table entry %u dword %u: %08x then %08x",
			      i / 4, i % 4, a->table[i], b->table[i]);
}

void pf_snapshot_assert_equal_but_table(struct pf_snapshot *a, struct pf_snapshot *b)
{
	unsigned int i;

	for (i = 0; i < PCI_CFG_SPACE_EXP_SIZE; i++)
		ck_assert_msg(a->cfg[i] == b->cfg[i], "config byte 0x%03x: 0x%02x then 0x%02x", i,
			      a->cfg[i], b->cfg[i]);
	ck_assert_mem_eq(&a->ms, &b->ms, sizeof(a->ms));
	ck_assert_mem_eq(a->cpu_alloc, b->cpu_alloc, sizeof(a->cpu_alloc));
	ck_assert_mem_eq(a->cpu_avail, b->cpu_avail, sizeof(a->cpu_avail));
	ck_assert_uint_eq(a->active_irqs, b->active_irqs);
}

void pf_snapshot_free(struct pf_snapshot *s)
{
	free(s->table);
	s->table = NULL;
}

struct pf_wlog pf_wlog;

static void pf_wlog_hook(struct pci_dev *dev, enum irqlab_pci_space space, unsigned int bar,
			 u64 off, unsigned int size, u64 val, void *ctx)
{
	struct pf_write *w;

	if (pf_wlog.n >= PF_MAX_WRITES)
		return;
	w = &pf_wlog.w[pf_wlog.n++];
	w->space = space;
	w->bar = bar;
	w->off = off;
	w->size = size;
	w->val = val;
}

void pf_wlog_start(struct pci_dev *dev)
{
	memset(&pf_wlog, 0, sizeof(pf_wlog));
	irqlab_pci_set_write_hook(dev, pf_wlog_hook, NULL);
}

void pf_wlog_stop(struct pci_dev *dev)
{
	irqlab_pci_set_write_hook(dev, NULL, NULL);
}

int pf_wlog_find(unsigned int from, enum irqlab_pci_space space, u64 off)
{
	for (unsigned int i = from; i < pf_wlog.n; i++)
		if (pf_wlog.w[i].space == space && pf_wlog.w[i].off == off)
			return (int)i;
	return -1;
}

unsigned int pf_wlog_count(enum irqlab_pci_space space, u64 off)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < pf_wlog.n; i++)
		n += pf_wlog.w[i].space == space && pf_wlog.w[i].off == off;
	return n;
}
