/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the PCI MSI/MSI-X suites: emulated functions of the shapes
 * the tests use (the MANA-like 1024-entry MSI-X device, MSI devices), the
 * kernel's pci_dev of each, and the hardware side read back the way a
 * bus analyser would see it: table entries and PBA bits over MMIO,
 * registers over configuration reads.
 */
#ifndef IRQLAB_TEST_PCI_FIXTURE_H
#define IRQLAB_TEST_PCI_FIXTURE_H

#include "x86_fixture.h"
#include "irqlab/msi.h"
#include "irqlab/pci.h"

/* The MANA-like device: 0x1414, 1024 entries, table BAR 4 @0x3000, PBA @0x7000. */
#define PF_MANA_BDF "0000:00:05.0"
#define PF_MANA_ENTRIES 1024
#define PF_MANA_BAR 4
#define PF_MANA_TABLE 0x3000
#define PF_MANA_PBA 0x7000

/* One MSI-X table entry as the device holds it. */
struct pf_entry {
	u32 addr_lo;
	u32 addr_hi;
	u32 data;
	u32 ctrl;
};

/* Configurations. */
struct irqlab_pci_fn_config pf_mana_config(void);
struct irqlab_pci_fn_config pf_msix_config(const char *bdf, unsigned int entries);
struct irqlab_pci_fn_config pf_msi_config(const char *bdf, unsigned int vectors, bool addr64,
					  bool per_vector_mask);

/* Plug a function into the test machine and probe it (asserting success). */
struct irqlab_pci_fn *pf_create(const struct irqlab_pci_fn_config *cfg);
struct pci_dev *pf_probe(const struct irqlab_pci_fn_config *cfg, struct irqlab_pci_fn **fn);

/* Hardware-side read back. */
struct pf_entry pf_entry(struct irqlab_pci_fn *fn, unsigned int k);
bool pf_pba(struct irqlab_pci_fn *fn, unsigned int k);
u32 pf_cfg(struct irqlab_pci_fn *fn, unsigned int off, unsigned int size);
u16 pf_msix_ctrl(struct pci_dev *dev);
u16 pf_msi_ctrl(struct pci_dev *dev);
u16 pf_command(struct pci_dev *dev);

/* The x86 message of (vector, cpu): fixed, physical, edge. */
u32 pf_msg_addr(unsigned int cpu);
u32 pf_msg_data(unsigned int vector);

/* The number of interrupts a device raise delivered, via the fn stats. */
struct irqlab_pci_fn_stats pf_stats(struct irqlab_pci_fn *fn);

/* Snapshots that must come back after a free. */
struct pf_snapshot {
	u8 cfg[PCI_CFG_SPACE_EXP_SIZE];
	u32 *table; /* entries * 4 dwords, or NULL */
	unsigned int entries;
	struct irqlab_matrix_stats ms;
	unsigned int cpu_alloc[8];
	unsigned int cpu_avail[8];
	unsigned int active_irqs;
	char domains[1024];
};
void pf_snapshot_take(struct pf_snapshot *s, struct irqlab_pci_fn *fn);
/* Everything but the domain list (compared by the caller). */
void pf_snapshot_assert_equal(struct pf_snapshot *a, struct pf_snapshot *b);
void pf_snapshot_assert_equal_but_table(struct pf_snapshot *a, struct pf_snapshot *b);
void pf_snapshot_assert_table_equal(struct pf_snapshot *a, struct pf_snapshot *b);
void pf_snapshot_free(struct pf_snapshot *s);
/* The machine's domain names, space separated. */
void pf_domain_list(char *buf, size_t size);

/* A log of the kernel's register writes (irqlab_pci_set_write_hook()). */
struct pf_write {
	enum irqlab_pci_space space;
	unsigned int bar;
	u64 off;
	unsigned int size;
	u64 val;
};
#define PF_MAX_WRITES 4096
struct pf_wlog {
	unsigned int n;
	struct pf_write w[PF_MAX_WRITES];
};
extern struct pf_wlog pf_wlog;
/* Start logging @dev's writes (clears the log); NULL dev stops. */
void pf_wlog_start(struct pci_dev *dev);
void pf_wlog_stop(struct pci_dev *dev);
/* Index of the first logged write to (@space, @off) at or after @from, or -1. */
int pf_wlog_find(unsigned int from, enum irqlab_pci_space space, u64 off);
/* Number of logged writes to (@space, @off). */
unsigned int pf_wlog_count(enum irqlab_pci_space space, u64 off);

#endif
