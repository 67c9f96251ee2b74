// SPDX-License-Identifier: MIT
/*
 * The irqlab command-line program: run scenario files, the interactive
 * shell, the guided demo, and help on every verb of the scenario language.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "irqlab/irqlab.h"
#include "scenario.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: irqlab COMMAND [ARGS]\n"
		"\n"
		"commands:\n"
		"  run [-q] [--platform P] FILE...\n"
		"                    run scenario files ('-' reads standard input); the exit\n"
		"                    status is non-zero on any error or failed expectation\n"
		"  shell             type scenario commands at a prompt\n"
		"  demo              the life of a PCI MSI-X interrupt on a MANA-like NIC (x86):\n"
		"                    the eight phases, device registers and kernel state\n"
		"  help [VERB]       this text, or one verb of the scenario language explained\n"
		"  version           print the version\n"
		"\n"
		"options:\n"
		"  --seed N          seed of the machine's random generator (default 0)\n"
		"  -q, --quiet       (run) print only errors, not the transcript\n"
		"  --platform P      (run) create the machine on platform P (x86, gic,\n"
		"                    hyperv, none) whatever the file's machine verb says;\n"
		"                    lines starting [P,...] run only on those platforms\n"
		"\n"
		"scenario verbs (one command a line, '#' comments, {NAME:VEC} is the irq of\n"
		"vector VEC of device NAME, 'CMD | grep TEXT' filters; see docs/scenarios.md):\n");
	scn_print_verb_list(f);
	fprintf(f,
		"\n"
		"examples:\n"
		"  irqlab run scenarios/talk-is-it-working.scn\n"
		"  irqlab help fire\n"
		"  irqlab shell\n");
}

/* Take "--seed N" / "--seed=N" out of argv. */
static int take_seed(int *argc, char **argv, unsigned long long *seed)
{
	int i, j;

	for (i = 1; i < *argc; i++) {
		const char *v = NULL;
		unsigned long n;
		int drop = 1;

		if (!strcmp(argv[i], "--seed")) {
			v = i + 1 < *argc ? argv[i + 1] : NULL;
			drop = 2;
		} else if (!strncmp(argv[i], "--seed=", 7)) {
			v = argv[i] + 7;
		} else {
			continue;
		}
		if (!v || scn_parse_uint(v, &n)) {
			fprintf(stderr, "irqlab: --seed needs a number\n");
			return -1;
		}
		*seed = n;
		for (j = i; j + drop < *argc; j++)
			argv[j] = argv[j + drop];
		*argc -= drop;
		i--;
	}
	return 0;
}

static int cmd_run(int argc, char **argv, unsigned long long seed)
{
	struct scn_run_opts o = { .seed = seed, .echo = true, .platform = -1 };
	int i, first = 2, passed = 0, failed = 0, rc = 0;

	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		const char *plat = NULL;

		if (!strcmp(argv[first], "-q") || !strcmp(argv[first], "--quiet")) {
			o.echo = false;
		} else if (!strcmp(argv[first], "--platform") || !strncmp(argv[first], "--platform=", 11)) {
			plat = argv[first][10] == '=' ? argv[first] + 11
			       : first + 1 < argc ? argv[++first] : "";
			o.platform = scn_parse_platform(plat);
			if (o.platform < 0) {
				fprintf(stderr, "irqlab run: unknown platform '%s' (x86, none, gic, hyperv)\n",
					plat);
				return 2;
			}
		} else {
			fprintf(stderr, "irqlab run: unknown option '%s'\n", argv[first]);
			return 2;
		}
	}
	if (first >= argc) {
		fprintf(stderr, "usage: irqlab run [-q] [--platform P] FILE...\n");
		return 2;
	}
	for (i = first; i < argc; i++) {
		int r = scn_run_file(argv[i], stdout, stderr, &o);

		if (r) {
			failed++;
			if (rc < r)
				rc = r;
		} else {
			passed++;
		}
	}
	if (argc - first > 1)
		printf("%d passed, %d failed\n", passed, failed);
	return rc;
}

static int cmd_help(int argc, char **argv)
{
	const struct scn_verb *v;

	if (argc < 3) {
		usage(stdout);
		return 0;
	}
	v = scn_find_verb(argv[2]);
	if (!v) {
		fprintf(stderr, "irqlab help: unknown verb '%s' (try 'irqlab --help')\n", argv[2]);
		return 2;
	}
	scn_print_verb_help(stdout, v);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long seed = 0;

	if (take_seed(&argc, argv, &seed))
		return 2;
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help") || !strcmp(argv[1], "-h"))
		return cmd_help(argc, argv);
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("irqlab %d.%d.%d\n", IRQLAB_VERSION_MAJOR, IRQLAB_VERSION_MINOR,
		       IRQLAB_VERSION_PATCH);
		return 0;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc, argv, seed);
	if (!strcmp(argv[1], "shell")) {
		if (argc > 2) {
			fprintf(stderr, "irqlab shell: unexpected argument '%s'\n", argv[2]);
			return 2;
		}
		return irqlab_shell(stdin, stdout, stderr, seed);
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
