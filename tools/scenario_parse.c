// SPDX-License-Identifier: MIT
/*
 * Scenario lines into words: quoting, comments, key=value options, numbers,
 * errno names, and the {NAME:VEC} expansion.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "irqlab/types.h"
#include "scenario.h"

static char unescape(char c)
{
	switch (c) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	default:
		return c;
	}
}

/**
 * scn_split_quoted() - split a line into words, telling which were quoted.
 * @line: the line; modified in place.
 * @words: receives pointers to at most @max words.
 * @quoted: if not NULL, quoted[i] tells whether word i had a quote in it
 *          (so '|' and '>' in quotes are not operators).
 * @max: size of @words and @quoted.
 *
 * Return: the number of words, -E2BIG for too many, -EINVAL for an
 * unterminated quote.
 */
int scn_split_quoted(char *line, char **words, bool *quoted, int max)
{
	char *r = line, *w = line;
	int n = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n')
			r++;
		if (!*r || *r == '#')
			break;
		if (n == max)
			return -E2BIG;
		if (quoted)
			quoted[n] = false;
		words[n++] = w;
		/* Copy one word down, dropping quotes; w never passes r. */
		while (*r && *r != ' ' && *r != '\t' && *r != '\r' && *r != '\n') {
			if (*r != '"') {
				*w++ = *r++;
				continue;
			}
			if (quoted)
				quoted[n - 1] = true;
			r++;
			while (*r && *r != '"') {
				if (*r == '\\' && r[1])
					r++, *r = unescape(*r);
				*w++ = *r++;
			}
			if (*r != '"')
				return -EINVAL;
			r++;
		}
		/* Step past the separator before terminating the word. */
		if (*r)
			r++;
		*w++ = '\0';
	}
	return n;
}

/**
 * scn_split() - split a line into words.
 * @line: the line; modified in place.
 * @words: receives pointers to at most @max words.
 * @max: size of @words.
 *
 * Return: as scn_split_quoted().
 */
int scn_split(char *line, char **words, int max)
{
	return scn_split_quoted(line, words, NULL, max);
}

/**
 * scn_unquote() - the text of expect-like arguments.
 * @text: the raw text after the verb.
 * @out: receives the text.
 * @size: size of @out.
 *
 * Return: 0, -EINVAL for a bad quoted string, -E2BIG when @out is too small.
 */
int scn_unquote(const char *text, char *out, size_t size)
{
	size_t n = 0, len;

	while (*text == ' ' || *text == '\t')
		text++;
	if (*text != '"') {
		len = strlen(text);
		while (len && strchr(" \t\r\n", text[len - 1]))
			len--;
		if (len >= size)
			return -E2BIG;
		memcpy(out, text, len);
		out[len] = '\0';
		return 0;
	}
	for (text++; *text && *text != '"'; text++) {
		char c = *text;

		if (c == '\\' && text[1])
			c = unescape(*++text);
		if (n + 1 >= size)
			return -E2BIG;
		out[n++] = c;
	}
	if (*text != '"')
		return -EINVAL;
	out[n] = '\0';
	/* After the closing quote only blanks and a comment may follow. */
	for (text++; *text == ' ' || *text == '\t' || *text == '\r' || *text == '\n'; text++)
		;
	return (*text && *text != '#') ? -EINVAL : 0;
}

/**
 * scn_parse_uint() - parse a whole word as an unsigned number.
 * @word: decimal, or hex with 0x.
 * @val: receives it.
 *
 * Return: 0 or -EINVAL.
 */
int scn_parse_uint(const char *word, unsigned long *val)
{
	char *end;
	unsigned long v;

	if (!word || !isdigit((unsigned char)*word))
		return -EINVAL;
	errno = 0;
	v = strtoul(word, &end, (word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) ? 16 : 10);
	if (errno || *end)
		return -EINVAL;
	*val = v;
	return 0;
}

static int find_opt(struct scn_args *a, const char *key)
{
	size_t len = strlen(key);
	int i;

	for (i = 0; i < a->argc; i++)
		if (!strncmp(a->argv[i], key, len) && a->argv[i][len] == '=')
			return i;
	return -1;
}

/** scn_opt() - the value of "@key=VALUE" among @a's words, or NULL. */
const char *scn_opt(struct scn_args *a, const char *key)
{
	int i = find_opt(a, key);

	if (i < 0)
		return NULL;
	a->used[i] = true;
	return a->argv[i] + strlen(key) + 1;
}

/** scn_flag() - true if the bare word @word is among @a's words (marks it). */
bool scn_flag(struct scn_args *a, const char *word)
{
	int i;

	for (i = 0; i < a->argc; i++) {
		if (!a->used[i] && !strcmp(a->argv[i], word)) {
			a->used[i] = true;
			return true;
		}
	}
	return false;
}

/**
 * scn_opt_uint() - an unsigned option.
 * @s: the state.
 * @a: the words.
 * @key: the option's name.
 * @val: receives the value, or @def when absent.
 * @def: default.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_opt_uint(struct scn *s, struct scn_args *a, const char *key,
		 unsigned long *val, unsigned long def)
{
	const char *v = scn_opt(a, key);

	if (!v) {
		*val = def;
		return 0;
	}
	if (scn_parse_uint(v, val))
		return scn_fail(s, "%s=%s: not a number", key, v);
	return 0;
}

/**
 * scn_check_args() - refuse words a verb did not consume.
 * @s: the state.
 * @a: the words.
 * @verb: the verb's name.
 * @npos: how many positional words the verb takes first.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_check_args(struct scn *s, struct scn_args *a, const char *verb, int npos)
{
	int i;

	for (i = npos; i < a->argc; i++) {
		const char *eq;

		if (a->used[i])
			continue;
		eq = strchr(a->argv[i], '=');
		if (eq)
			return scn_fail(s, "%s: unknown option '%.*s' (see 'help %s')", verb,
					(int)(eq - a->argv[i]), a->argv[i], verb);
		return scn_fail(s, "%s: unexpected argument '%s' (see 'help %s')", verb,
				a->argv[i], verb);
	}
	return 0;
}

static const struct {
	int e;
	const char *name;
} errnos[] = {
	{ EPERM, "EPERM" },	{ ENOENT, "ENOENT" },	  { EIO, "EIO" },
	{ E2BIG, "E2BIG" },	{ EAGAIN, "EAGAIN" },	  { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" },	{ EBUSY, "EBUSY" },	  { EEXIST, "EEXIST" },
	{ ENODEV, "ENODEV" },	{ ENOTDIR, "ENOTDIR" },	  { EISDIR, "EISDIR" },
	{ EINVAL, "EINVAL" },	{ ENOSPC, "ENOSPC" },	  { ERANGE, "ERANGE" },
	{ ENOSYS, "ENOSYS" },	{ EOVERFLOW, "EOVERFLOW" }, { ENOTCONN, "ENOTCONN" },
	{ ETIMEDOUT, "ETIMEDOUT" }, { EALREADY, "EALREADY" }, { ENXIO, "ENXIO" },
	{ EOPNOTSUPP, "EOPNOTSUPP" }, { ENOTSUPP, "ENOTSUPP" }, { EFAULT, "EFAULT" },
	{ ESRCH, "ESRCH" },
};

/** scn_errno_name() - "EPERM" for EPERM (positive or negative), or NULL. */
const char *scn_errno_name(int err)
{
	unsigned int i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].e == err)
			return errnos[i].name;
	return NULL;
}

/** scn_errno_value() - EPERM for "EPERM" (or "-EPERM"), or 0 if unknown. */
int scn_errno_value(const char *name)
{
	unsigned int i;

	if (*name == '-')
		name++;
	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (!strcmp(errnos[i].name, name))
			return errnos[i].e;
	return 0;
}

/** scn_errno_text() - the libc text of an errno. */
const char *scn_errno_text(int err)
{
	if (err < 0)
		err = -err;
	/* A kernel-internal code libc does not know. */
	if (err == ENOTSUPP)
		return "Operation not supported";
	return strerror(err);
}

/* ---- {NAME:VEC} ------------------------------------------------------------ */

static int append(char **buf, size_t *len, size_t *cap, const char *p, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t ncap = (*len + n + 1) * 2;
		char *nb = realloc(*buf, ncap);

		if (!nb)
			return -ENOMEM;
		*buf = nb;
		*cap = ncap;
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.';
}

/*
 * Parse "{NAME:VEC}" at @p.  Return its length, 0 when @p does not start
 * one (a lone brace stays text), or SCN_EUSAGE.
 */
static int expand_one(struct scn *s, const char *p, unsigned int *irq)
{
	const char *colon, *close, *q;
	char name[64], num[32];
	unsigned long vec;
	int ret;

	for (q = p + 1; is_name_char(*q); q++)
		;
	if (*q != ':' || q == p + 1)
		return 0;
	colon = q;
	close = strchr(colon, '}');
	if (!close || close == colon + 1)
		return 0;
	if ((size_t)(colon - p - 1) >= sizeof(name) || (size_t)(close - colon - 1) >= sizeof(num))
		return scn_fail(s, "%.*s: reference too long", (int)(close - p + 1), p);
	memcpy(name, p + 1, colon - p - 1);
	name[colon - p - 1] = '\0';
	memcpy(num, colon + 1, close - colon - 1);
	num[close - colon - 1] = '\0';
	if (scn_parse_uint(num, &vec))
		return scn_fail(s, "{%s:%s}: the vector must be a number", name, num);
	ret = scn_device_irq(s, name, vec, irq);
	if (ret)
		return ret;
	return (int)(close - p + 1);
}

/**
 * scn_expand() - replace every {NAME:VEC} by the Linux irq of that vector.
 * @s: the state.
 * @line: the line.
 * @out: receives a malloc'ed copy with the expansions done.
 *
 * Return: 0, SCN_EUSAGE (message set), -ENOMEM.
 */
int scn_expand(struct scn *s, const char *line, char **out)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	const char *p = line;
	int ret = append(&buf, &len, &cap, "", 0);

	while (!ret && *p) {
		const char *brace = strchr(p, '{');
		unsigned int irq;
		char num[16];
		int n;

		if (!brace) {
			ret = append(&buf, &len, &cap, p, strlen(p));
			break;
		}
		ret = append(&buf, &len, &cap, p, brace - p);
		if (ret)
			break;
		n = expand_one(s, brace, &irq);
		if (n < 0) {
			ret = n;
			break;
		}
		if (n == 0) {
			ret = append(&buf, &len, &cap, "{", 1);
			p = brace + 1;
			continue;
		}
		snprintf(num, sizeof(num), "%u", irq);
		ret = append(&buf, &len, &cap, num, strlen(num));
		p = brace + n;
	}
	if (ret) {
		free(buf);
		return ret;
	}
	*out = buf;
	return 0;
}
