/* SPDX-License-Identifier: MIT */
/*
 * A growable text buffer with the kernel's seq_file printing API, used by
 * every renderer (debugfs, /proc) and by domain debug_show callbacks.
 */
#ifndef IRQLAB_SEQ_FILE_H
#define IRQLAB_SEQ_FILE_H

#include "irqlab/types.h"

struct seq_file {
	char *buf;
	size_t count;
	size_t size;
	bool overflow; /* an allocation failed; the text is truncated */
};

IRQLAB_API void seq_init(struct seq_file *s);
IRQLAB_API void seq_release_buf(struct seq_file *s);
IRQLAB_API void seq_printf(struct seq_file *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
IRQLAB_API void seq_puts(struct seq_file *s, const char *str);
IRQLAB_API void seq_putc(struct seq_file *s, char c);
/** seq_text() - the NUL-terminated text so far ("" when empty). */
IRQLAB_API const char *seq_text(const struct seq_file *s);

#endif
