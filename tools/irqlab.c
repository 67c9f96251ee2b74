// SPDX-License-Identifier: MIT
/* The irqlab command-line program. */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "irqlab/irqlab.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: irqlab COMMAND\n"
		"\n"
		"commands:\n"
		"  demo        walk one interrupt through a two-level irq domain hierarchy,\n"
		"              printing every chip callback and state change\n"
		"  version     print the version\n"
		"  help        this text (also --help)\n"
		"\n"
		"example:\n"
		"  irqlab demo\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("irqlab %d.%d.%d\n", IRQLAB_VERSION_MAJOR, IRQLAB_VERSION_MINOR,
		       IRQLAB_VERSION_PATCH);
		return 0;
	}
	if (!strcmp(argv[1], "demo")) {
		if (argc > 2) {
			fprintf(stderr, "irqlab demo: unexpected argument '%s'\n", argv[2]);
			return 2;
		}
		return irqlab_demo(stdout) ? 1 : 0;
	}
	fprintf(stderr, "irqlab: unknown command '%s' (try 'irqlab --help')\n", argv[1]);
	return 2;
}
