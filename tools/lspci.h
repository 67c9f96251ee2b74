/* SPDX-License-Identifier: MIT */
/*
 * `lspci` for irqlab: the pciutils listing of every emulated PCI function,
 * rendered from its configuration space in exactly the text the real
 * lspci (pciutils 3.9) prints for the same bytes, and `-x`-style hex dumps
 * the real `lspci -F FILE` reads back.
 */
#ifndef IRQLAB_TOOLS_LSPCI_H
#define IRQLAB_TOOLS_LSPCI_H

#include "irqlab/types.h"

struct irqlab_machine;
struct seq_file;

/*
 * Where names come from when no `-i FILE` is given: the first of these
 * that can be opened (Debian/Ubuntu, then Fedora/Arch layouts).
 */
#define IRQLAB_LSPCI_IDS_PATHS "/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids", \
	"/usr/share/pci.ids"

/**
 * struct irqlab_lspci_image - one function as a raw configuration image.
 * @segment: PCI segment (domain).
 * @bus: bus number.
 * @devfn: device << 3 | function.
 * @config: PCI_CFG_SPACE_EXP_SIZE bytes of configuration space.
 */
struct irqlab_lspci_image {
	u16 segment;
	u8 bus;
	u8 devfn;
	const u8 *config;
};

/**
 * irqlab_lspci() - `lspci ARGS` over the functions of a machine.
 * @m: the machine.
 * @args: the options, whitespace separated, as on a command line after
 *        "lspci" (NULL or "" lists every function tersely).  Supported:
 *        -v/-vv/-vvv, -x/-xxx/-xxxx, -n/-nn, -D, -s [[[dom]:][bus]:][slot][.[fn]],
 *        -d [vendor]:[device][:class[:progif]] and -i FILE (the pci.ids
 *        file; default: IRQLAB_LSPCI_IDS_PATHS; numeric names without one).
 *        Flags may be bundled ("-vvvxxx"), as getopt allows.
 * @out: the text is appended here.
 *
 * Each function is read through its live configuration image only, so
 * rendering changes no device state.  Lines the real lspci takes from the
 * running kernel ("Kernel driver in use:", NUMA node, IOMMU group) are not
 * printed, as when lspci reads a dump.
 *
 * Context: no other thread may access the functions meanwhile.
 * Return: 0, with the listing appended to @out (nothing for a filter that
 * matches no function, like lspci).  -EINVAL for bad arguments: then only
 * a one-line message naming the problem is appended ("lspci: invalid
 * option -q\n", "lspci: -s: Invalid slot number\n"), ready for stderr.
 * -ENOMEM when memory ran out (with "lspci: out of memory\n").
 */
int irqlab_lspci(struct irqlab_machine *m, const char *args, struct seq_file *out);

/**
 * irqlab_lspci_images() - `lspci ARGS` over raw configuration images.
 * @img: the functions, in any order (printed in domain/bus/devfn order).
 * @n: how many.
 * @args: as for irqlab_lspci().
 * @out: as for irqlab_lspci().
 *
 * The same renderer as irqlab_lspci(), for images that do not belong to a
 * machine: tests compare it with the real lspci on arbitrary bytes.
 *
 * Return: as for irqlab_lspci().
 */
int irqlab_lspci_images(const struct irqlab_lspci_image *img, unsigned int n,
			const char *args, struct seq_file *out);

#endif
