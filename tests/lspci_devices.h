/* SPDX-License-Identifier: MIT */
/*
 * The three functions the lspci tests render (check_lspci, lspci_compare):
 * a MANA-like MSI-X NIC, a 64-bit MSI device with per-vector masking and
 * a 32-bit MSI device without masking, each created and then programmed
 * the way firmware and the kernel would, through config and MMIO accesses
 * only, so lspci shows live values.
 */
#ifndef IRQLAB_TESTS_LSPCI_DEVICES_H
#define IRQLAB_TESTS_LSPCI_DEVICES_H

#include "irqlab/irqlab.h"
#include "lspci.h"

enum lspci_test_dev {
	LSPCI_DEV_MSIX,		/* 7870:00:00.0  1414:00ba, MSI-X 1024, PCIe */
	LSPCI_DEV_MSI64,	/* 0000:00:04.0  8086:10d3, MSI 64-bit maskable, PCIe */
	LSPCI_DEV_MSI32,	/* 0000:00:05.0  10ec:8139, MSI 32-bit, no masking */
	LSPCI_NR_DEVS,
};

/* Their BDFs, as irqlab_pci_fn_name() spells them. */
extern const char *const lspci_dev_bdf[LSPCI_NR_DEVS];

/* A small pci.ids naming them (and leaving the MANA device unnamed). */
extern const char lspci_test_ids[];

/**
 * lspci_dev_create() - create test function @which on @m and program it.
 * @m: the machine (current).
 * @which: enum lspci_test_dev.
 * @out: the function.
 *
 * Return: 0, or the first failing call's negative errno.
 */
int lspci_dev_create(struct irqlab_machine *m, enum lspci_test_dev which,
		     struct irqlab_pci_fn **out);

/*
 * Hand-made configuration images for what the emulated function never
 * shows: every BAR kind, ROM, BIST, odd headers, broken capability chains
 * and each PCI Express port type with non-zero registers.
 */
enum lspci_test_img {
	LSPCI_IMG_HEADER,	/* 00:01.0: I/O BARs, ROM, BIST, IDE, loop */
	LSPCI_IMG_ODD,		/* 00:01.1 unknown header, 00:01.2 bridge class */
	LSPCI_IMG_LEGACY,	/* 00:02.1: Legacy Endpoint, FLR, ASPM, downgraded */
	LSPCI_IMG_RCIEP,	/* 00:03.0: Root Complex Integrated Endpoint */
	LSPCI_IMG_UPSTREAM,	/* 01:00.0: Upstream Port, 275 W */
	LSPCI_IMG_DOWNSTREAM,	/* 02:00.0: Downstream Port, DRS */
	LSPCI_IMG_BRIDGES,	/* 03:00.0 PCI bridge v1, 04:00.0 PCIe bridge, others */
	LSPCI_IMG_ENDPOINT,	/* 05:00.0: Endpoint with every v2 field set */
	LSPCI_NR_IMGS,
};

/* Images one lspci_test_img expands to, at most. */
#define LSPCI_IMG_MAX_FNS 4

/**
 * lspci_image_build() - fill configuration images of test case @which.
 * @which: enum lspci_test_img.
 * @space: LSPCI_IMG_MAX_FNS * PCI_CFG_SPACE_EXP_SIZE bytes.
 * @img: LSPCI_IMG_MAX_FNS slots.
 *
 * Return: how many images were built.
 */
unsigned int lspci_image_build(enum lspci_test_img which, u8 *space,
			       struct irqlab_lspci_image *img);

/**
 * lspci_write_ids() - write lspci_test_ids to a new temporary file.
 * @path: at least 64 bytes; receives the file name (unlink it when done).
 *
 * Return: 0, or -errno.
 */
int lspci_write_ids(char *path);

#endif
