// SPDX-License-Identifier: MIT
/*
 * The msix-table verb: the device's side of MSI-X, read over MMIO the way
 * a bus analyser or `devmem` would see it - what the kernel wrote into
 * each table entry and which PBA bits the function holds.  lspci never
 * reads the table, so this is the only view of the messages the device
 * will actually send (on Hyper-V: the host's answer, not the guest's
 * vector).
 */
#include <string.h>

#include "irqlab/irqlab.h"
#include "scenario_pci.h"

static int read_entry(struct irqlab_pci_fn *fn, const struct irqlab_pci_msix_config *c,
		      unsigned int k, u64 *addr, u32 *data, u32 *ctrl, bool *pending)
{
	u64 lo, hi, pba;
	int ret;

	ret = irqlab_pci_mmio_read(fn, c->table_bar, c->table_offset + 16ULL * k, 8, &lo);
	if (!ret)
		ret = irqlab_pci_mmio_read(fn, c->table_bar, c->table_offset + 16ULL * k + 8, 8,
					   &hi);
	if (!ret)
		ret = irqlab_pci_mmio_read(fn, c->pba_bar, c->pba_offset + 8ULL * (k / 64), 8, &pba);
	if (ret)
		return ret;
	*addr = lo;
	*data = (u32)hi;
	*ctrl = (u32)(hi >> 32);
	*pending = pba >> (k % 64) & 1;
	return 0;
}

/**
 * scn_verb_msix_table() - msix-table NAME [FIRST] [COUNT]: print MSI-X
 * table entries and PBA bits as the device holds them.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, a negative errno from an MMIO read, or SCN_EUSAGE.
 */
int scn_verb_msix_table(struct scn *s, struct scn_args *a, FILE *out)
{
	const struct irqlab_pci_msix_config *c;
	unsigned long first = 0, count;
	struct scn_device *d;
	unsigned int k;

	if (a->argc < 1 || a->argc > 3)
		return scn_fail(s, "usage: msix-table NAME [FIRST] [COUNT]");
	d = scn_get_device(s, a, 0, "msix-table");
	if (!d)
		return SCN_EUSAGE;
	c = &irqlab_pci_fn_get_config(d->fn)->msix;
	if (!c->present)
		return scn_fail(s, "msix-table: %s has no MSI-X capability", d->name);
	count = d->nvec > 0 ? (unsigned long)d->nvec : 1;
	if (a->argc > 1 && (scn_parse_uint(a->argv[1], &first) || first >= c->entries))
		return scn_fail(s, "msix-table: FIRST '%s': an entry of 0..%u", a->argv[1],
				c->entries - 1);
	if (a->argc > 2 && (scn_parse_uint(a->argv[2], &count) || !count))
		return scn_fail(s, "msix-table: COUNT '%s': a number of entries", a->argv[2]);
	if (count > c->entries - first)
		count = c->entries - first;
	fprintf(out, "entry  address             data        ctrl        PBA\n");
	for (k = (unsigned int)first; k < first + count; k++) {
		u32 data, ctrl;
		bool pending;
		u64 addr;
		int ret = read_entry(d->fn, c, k, &addr, &data, &ctrl, &pending);

		if (ret) {
			snprintf(s->msg, sizeof(s->msg), "msix-table: entry %u", k);
			return ret;
		}
		fprintf(out, "%5u  0x%016llx  0x%08x  0x%08x  %d%s\n", k, (unsigned long long)addr,
			data, ctrl, pending, ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT ? "  masked" : "");
	}
	return 0;
}
