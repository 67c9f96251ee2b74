// SPDX-License-Identifier: MIT
/*
 * The gic verb: what the GIC hardware holds, read the way a debugger
 * would - the ITS's Device table, each device's interrupt translation
 * table and the Collection table from simulated memory, the ITS's
 * counters and error log, and an LPI's configuration and pending state at
 * every redistributor.  Linux has no file for these; a scenario needs them
 * to show what MAPD, MAPTI, MOVI and DISCARD did.
 */
#include <string.h>

#include "irqlab/irqlab.h"
#include "scenario.h"

/* GITS_TYPER.Devbits + 1: how many DeviceIDs the ITS decodes. */
static unsigned int its_devbits(struct scn *s, struct irqlab_its *its)
{
	u64 typer = 0;

	irqlab_its_mmio_read(s->m, its, GITS_TYPER, 8, &typer);
	return (unsigned int)((typer >> GITS_TYPER_DEVBITS_SHIFT) & 0x1f) + 1;
}

static void print_events(FILE *out, struct irqlab_its *its, u32 devid,
			 const struct irqlab_its_dte *dte)
{
	u32 ev, nev = dte->event_bits >= 16 ? 1u << 16 : 1u << dte->event_bits;

	for (ev = 0; ev < nev; ev++) {
		struct irqlab_its_ite ite;
		unsigned int cpu;

		if (irqlab_its_event(its, devid, ev, &ite))
			continue;
		fprintf(out, "    event %-5u -> LPI %u, collection %u", ev, ite.pintid, ite.icid);
		if (!irqlab_its_collection(its, ite.icid, &cpu))
			fprintf(out, " (CPU%u)", cpu);
		fprintf(out, "\n");
	}
}

static int gic_its(struct scn *s, struct irqlab_its *its, FILE *out)
{
	unsigned int bits = its_devbits(s, its), icid, cpu;
	u64 ndev = bits >= 32 ? (1ULL << 32) : (1ULL << bits), devid;
	unsigned long n = irqlab_its_nr_errors(its), seq;

	fprintf(out, "ITS at 0x%08llx: %lu commands, %lu translations, %lu errors\n",
		(unsigned long long)IRQLAB_GIC_ITS_BASE, irqlab_its_nr_commands(its),
		irqlab_its_nr_translations(its), n);
	fprintf(out, "collections:\n");
	for (icid = 0; icid < (unsigned int)num_possible_cpus(); icid++)
		if (!irqlab_its_collection(its, icid, &cpu))
			fprintf(out, "  collection %u -> CPU%u\n", icid, cpu);
	fprintf(out, "devices:\n");
	for (devid = 0; devid < ndev && devid <= 0xffff; devid++) {
		struct irqlab_its_dte dte;

		if (irqlab_its_device(its, (u32)devid, &dte))
			continue;
		fprintf(out, "  device 0x%04llx (%02llx:%02llx.%llx): ITT at 0x%llx, %u event bits\n",
			(unsigned long long)devid, (unsigned long long)devid >> 8,
			(unsigned long long)(devid >> 3) & 0x1f, (unsigned long long)devid & 7,
			(unsigned long long)dte.itt_addr, dte.event_bits);
		print_events(out, its, (u32)devid, &dte);
	}
	for (seq = n > IRQLAB_ITS_ERRLOG ? n - IRQLAB_ITS_ERRLOG + 1 : 1; seq <= n; seq++) {
		struct irqlab_its_error e;

		if (irqlab_its_get_error(its, seq, &e))
			continue;
		fprintf(out, "error %lu: %s %s cmd=0x%02x devid=0x%x eventid=%u\n", e.seq,
			e.source == IRQLAB_ITS_SRC_COMMAND	? "command"
			: e.source == IRQLAB_ITS_SRC_TRANSLATE ? "translation"
								: "register",
			irqlab_its_err_name(e.reason), e.cmd, e.devid, e.eventid);
	}
	return 0;
}

static int gic_lpi(struct scn *s, struct scn_args *a, FILE *out)
{
	unsigned long intid;
	unsigned int cpu;

	if (a->argc != 2 || scn_parse_uint(a->argv[1], &intid) || intid < IRQLAB_GIC_LPI_BASE ||
	    intid >= (1UL << IRQLAB_GIC_ID_BITS))
		return scn_fail(s, "gic lpi: an LPI INTID of %u..%lu, e.g. gic lpi 8192",
				IRQLAB_GIC_LPI_BASE, (1UL << IRQLAB_GIC_ID_BITS) - 1);
	fprintf(out, "LPI %lu:\n", intid);
	for (cpu = 0; cpu < (unsigned int)num_possible_cpus(); cpu++) {
		int pend = irqlab_gicr_lpi_pending(s->m, cpu, (u32)intid);
		u8 cfg;

		fprintf(out, "  CPU%u: ", cpu);
		if (irqlab_gicr_lpi_config(s->m, cpu, (u32)intid, &cfg))
			fprintf(out, "disabled");
		else
			fprintf(out, "enabled, priority 0x%02x", LPI_PROP_PRIORITY(cfg));
		fprintf(out, ", %s\n", pend > 0 ? "pending" : pend == 0 ? "not pending" : "no table");
	}
	return 0;
}

/**
 * scn_verb_gic() - gic its | gic lpi INTID: the GIC hardware's state.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_gic(struct scn *s, struct scn_args *a, FILE *out)
{
	struct irqlab_its *its = irqlab_gic_its(s->m);

	if (!its)
		return scn_fail(s, "gic: the machine has no GIC (machine platform=gic)");
	if (a->argc == 1 && !strcmp(a->argv[0], "its"))
		return gic_its(s, its, out);
	if (a->argc >= 1 && !strcmp(a->argv[0], "lpi"))
		return gic_lpi(s, a, out);
	return scn_fail(s, "usage: gic its | gic lpi INTID");
}
