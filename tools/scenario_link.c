// SPDX-License-Identifier: MIT
/*
 * The link verb: surprise removal of a device and its return.  With the
 * link down the function answers nothing - configuration and MMIO reads
 * return all-ones (lspci: "Unknown header type 7f"), writes are lost and
 * the device raises no interrupt - while the kernel still holds its
 * pci_dev, as after a hot-unplug the kernel has not processed yet or a
 * VF that vanished under a guest.
 */
#include <string.h>

#include "irqlab/irqlab.h"
#include "scenario_pci.h"

/**
 * scn_verb_link() - link NAME down|up: the device vanishes or returns.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_link(struct scn *s, struct scn_args *a, FILE *out)
{
	struct scn_device *dev;
	bool up;

	if (a->argc != 2 || (strcmp(a->argv[1], "down") && strcmp(a->argv[1], "up")))
		return scn_fail(s, "usage: link NAME down|up");
	dev = scn_get_device(s, a, 0, "link");
	if (!dev)
		return SCN_EUSAGE;
	up = !strcmp(a->argv[1], "up");
	irqlab_pci_fn_set_present(dev->fn, up);
	fprintf(out, "%s: link %s%s\n", dev->name, up ? "up" : "down",
		up ? "" : " (reads return all-ones, writes are lost)");
	return 0;
}
