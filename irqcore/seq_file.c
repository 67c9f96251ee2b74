// SPDX-License-Identifier: MIT
/*
 * seq_file: a growable text buffer.  It uses malloc directly rather than
 * kmalloc so that rendering text never trips the allocation fault injection
 * aimed at the core, and output buffers handed to callers are not "leaks".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqlab/seq_file.h"

void seq_init(struct seq_file *s)
{
	memset(s, 0, sizeof(*s));
}

void seq_release_buf(struct seq_file *s)
{
	free(s->buf);
	seq_init(s);
}

static bool seq_reserve(struct seq_file *s, size_t extra)
{
	size_t need = s->count + extra + 1;
	size_t nsize;
	char *nbuf;

	if (s->overflow)
		return false;
	if (need <= s->size)
		return true;
	nsize = s->size ? s->size : 256;
	while (nsize < need)
		nsize *= 2;
	nbuf = realloc(s->buf, nsize);
	if (!nbuf) {
		s->overflow = true;
		return false;
	}
	s->buf = nbuf;
	s->size = nsize;
	return true;
}

void seq_printf(struct seq_file *s, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || !seq_reserve(s, (size_t)len))
		return;
	va_start(ap, fmt);
	vsnprintf(s->buf + s->count, (size_t)len + 1, fmt, ap);
	va_end(ap);
	s->count += (size_t)len;
}

void seq_puts(struct seq_file *s, const char *str)
{
	size_t len = strlen(str);

	if (!seq_reserve(s, len))
		return;
	memcpy(s->buf + s->count, str, len + 1);
	s->count += len;
}

void seq_putc(struct seq_file *s, char c)
{
	if (!seq_reserve(s, 1))
		return;
	s->buf[s->count++] = c;
	s->buf[s->count] = '\0';
}

const char *seq_text(const struct seq_file *s)
{
	return s->buf ? s->buf : "";
}
