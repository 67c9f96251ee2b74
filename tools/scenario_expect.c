// SPDX-License-Identifier: MIT
/*
 * The expectations: expect, expect-not and expect-error check the output
 * (or the failure) of the previous command.
 */
#include <errno.h>
#include <string.h>

#include "scenario.h"

/* The text of expect/expect-not, or SCN_EUSAGE. */
static int expect_text(struct scn *s, struct scn_args *a, const char *verb, char *text,
		       size_t size)
{
	int ret = scn_unquote(a->rest ? a->rest : "", text, size);

	if (ret == -E2BIG)
		return scn_fail(s, "%s: text too long", verb);
	if (ret)
		return scn_fail(s, "%s: bad quoted text (a \"...\" string, then nothing)", verb);
	if (!text[0])
		return scn_fail(s, "%s: usage: %s TEXT", verb, verb);
	if (!s->have_last)
		return scn_fail(s, "%s: no command before it to check", verb);
	return 0;
}

/**
 * scn_verb_expect() - expect TEXT: the previous output contains TEXT.
 * @s: state.
 * @a: the raw text in @a->rest.
 * @out: receives the searched output when the expectation fails.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_expect(struct scn *s, struct scn_args *a, FILE *out)
{
	char text[1024];

	if (expect_text(s, a, "expect", text, sizeof(text)))
		return SCN_EUSAGE;
	if (strstr(s->last_out, text))
		return 0;
	fputs(s->last_out, out);
	return scn_fail(s, "expect: \"%s\" not found in the output of line %u", text,
			s->last_line);
}

/**
 * scn_verb_expect_not() - expect-not TEXT: the previous output lacks TEXT.
 * @s: state.
 * @a: the raw text in @a->rest.
 * @out: receives the searched output when the expectation fails.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_expect_not(struct scn *s, struct scn_args *a, FILE *out)
{
	char text[1024];

	if (expect_text(s, a, "expect-not", text, sizeof(text)))
		return SCN_EUSAGE;
	if (!strstr(s->last_out, text))
		return 0;
	fputs(s->last_out, out);
	return scn_fail(s, "expect-not: \"%s\" found in the output of line %u", text,
			s->last_line);
}

/**
 * scn_verb_expect_error() - expect-error ERRNO: the previous command failed
 * with ERRNO.
 * @s: state.
 * @a: the raw text in @a->rest.
 * @out: unused.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_expect_error(struct scn *s, struct scn_args *a, FILE *out)
{
	char name[64];
	int err;

	if (scn_unquote(a->rest ? a->rest : "", name, sizeof(name)) || !name[0] ||
	    strpbrk(name, " \t"))
		return scn_fail(s, "expect-error: usage: expect-error ERRNO (e.g. EPERM)");
	err = scn_errno_value(name);
	if (!err)
		return scn_fail(s, "expect-error: unknown errno name '%s'", name);
	if (!s->have_last)
		return scn_fail(s, "expect-error: no command before it to check");
	if (!s->last_err)
		return scn_fail(s, "expect-error: line %u did not fail (expected %s)",
				s->last_line, scn_errno_name(err));
	if (s->last_err != -err)
		return scn_fail(s, "expect-error: line %u failed with %s, not %s", s->last_line,
				scn_errno_name(s->last_err) ? scn_errno_name(s->last_err) : "E?",
				scn_errno_name(err));
	return 0;
}
