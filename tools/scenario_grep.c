// SPDX-License-Identifier: MIT
/*
 * "CMD | grep ..." with fixed strings: -i, -v, -c, -A N, -B N, -C N, -e.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

struct grep_opts {
	const char *pattern;
	bool icase, invert, count;
	unsigned long after, before;
};

static bool line_matches(const struct grep_opts *o, const char *line, size_t len)
{
	size_t plen = strlen(o->pattern), i, j;
	bool hit = false;

	for (i = 0; !hit && i + plen <= len; i++) {
		for (j = 0; j < plen; j++) {
			char a = line[i + j], b = o->pattern[j];

			if (o->icase ? tolower((unsigned char)a) != tolower((unsigned char)b) : a != b)
				break;
		}
		hit = j == plen;
	}
	return hit != o->invert;
}

/* "-A5" or "-A 5". */
static int context_arg(struct scn *s, char **argv, int argc, int *i, unsigned long *val)
{
	const char *opt = argv[*i];
	const char *v = opt[2] ? opt + 2 : (*i + 1 < argc ? argv[++*i] : NULL);

	if (!v || scn_parse_uint(v, val))
		return scn_fail(s, "grep: %.2s needs a number", opt);
	return 0;
}

static int parse_opts(struct scn *s, char **argv, int argc, struct grep_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (w[0] != '-' || !w[1] || o->pattern) {
			if (o->pattern)
				return scn_fail(s, "grep: one pattern only (got '%s' too)", w);
			o->pattern = w;
		} else if (!strcmp(w, "-i")) {
			o->icase = true;
		} else if (!strcmp(w, "-v")) {
			o->invert = true;
		} else if (!strcmp(w, "-c")) {
			o->count = true;
		} else if (!strcmp(w, "-F")) {
			/* fixed strings: always */
		} else if (!strcmp(w, "-e") && i + 1 < argc) {
			o->pattern = argv[++i];
		} else if (w[1] == 'A' || w[1] == 'B' || w[1] == 'C') {
			unsigned long v;

			if (context_arg(s, argv, argc, &i, &v))
				return SCN_EUSAGE;
			if (w[1] != 'B')
				o->after = v;
			if (w[1] != 'A')
				o->before = v;
		} else {
			return scn_fail(s, "grep: unknown option '%s' (-i -v -c -A N -B N -C N)", w);
		}
	}
	if (!o->pattern)
		return scn_fail(s, "grep: usage: grep [-i] [-v] [-c] [-A N] [-B N] TEXT");
	return 0;
}

/**
 * scn_grep() - filter text like grep with fixed strings.
 * @s: the state.
 * @argv: the grep words (argv[0] is "grep").
 * @argc: their number.
 * @text: the input.
 * @out: receives the malloc'ed output.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_grep(struct scn *s, char **argv, int argc, const char *text, char **out)
{
	struct grep_opts o;
	const char *p, **lines = NULL;
	size_t n = 0, i, cap = 0, matches = 0, size = 0;
	long last_printed = -1;
	bool *hit;
	FILE *f;

	if (parse_opts(s, argv, argc, &o))
		return SCN_EUSAGE;
	for (p = text; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		if (n == cap) {
			const char **nl = realloc(lines, (cap = cap ? 2 * cap : 64) * sizeof(*lines));

			if (!nl) {
				free(lines);
				return scn_fail(s, "grep: out of memory");
			}
			lines = nl;
		}
		lines[n++] = p;
	}
	hit = calloc(n + 1, sizeof(*hit));
	f = open_memstream(out, &size);
	if (!hit || !f) {
		free(lines);
		free(hit);
		if (f)
			fclose(f);
		return scn_fail(s, "grep: out of memory");
	}
	for (i = 0; i < n; i++) {
		const char *nl = strchr(lines[i], '\n');

		hit[i] = line_matches(&o, lines[i], nl ? (size_t)(nl - lines[i]) : strlen(lines[i]));
		matches += hit[i];
	}
	for (i = 0; i < n && !o.count; i++) {
		size_t from = i > o.before ? i - o.before : 0, k;
		const char *nl;

		if (!hit[i])
			continue;
		if (last_printed >= 0 && (long)from > last_printed + 1 && (o.before || o.after))
			fputs("--\n", f);
		for (k = from; k <= i + o.after && k < n; k++) {
			if ((long)k <= last_printed)
				continue;
			nl = strchr(lines[k], '\n');
			fprintf(f, "%.*s\n", (int)(nl ? nl - lines[k] : (long)strlen(lines[k])), lines[k]);
			last_printed = k;
		}
	}
	if (o.count)
		fprintf(f, "%zu\n", matches);
	fclose(f);
	free(lines);
	free(hit);
	return 0;
}
