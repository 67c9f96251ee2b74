// SPDX-License-Identifier: MIT
/*
 * Verbs that look at the machine the way a user of a real system does: the
 * virtual files (cat, ls, echo, export), the kernel log (dmesg), ftrace
 * (trace) and perf counts (perf).
 */
#include <stdlib.h>
#include <string.h>

#include "irqlab/irqlab.h"
#include "scenario.h"

/**
 * scn_verb_cat() - cat PATH...: print files of the virtual tree.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the negative errno of irqlab_vfs_read(), SCN_EUSAGE.
 */
int scn_verb_cat(struct scn *s, struct scn_args *a, FILE *out)
{
	int i, ret = 0;

	if (a->argc < 1)
		return scn_fail(s, "cat: usage: cat PATH (try 'ls /' for the files)");
	for (i = 0; i < a->argc && !ret; i++) {
		struct seq_file f;

		seq_init(&f);
		ret = irqlab_vfs_read(s->m, a->argv[i], &f);
		if (ret)
			snprintf(s->msg, sizeof(s->msg), "cat: %s", a->argv[i]);
		else
			fputs(seq_text(&f), out);
		seq_release_buf(&f);
	}
	return ret;
}

/**
 * scn_verb_ls() - ls [DIR]: list a directory of the virtual tree.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the negative errno of irqlab_vfs_list(), SCN_EUSAGE.
 */
int scn_verb_ls(struct scn *s, struct scn_args *a, FILE *out)
{
	const char *dir = a->argc ? a->argv[0] : "/";
	struct seq_file f;
	int ret;

	if (a->argc > 1)
		return scn_fail(s, "ls: usage: ls [DIR]");
	seq_init(&f);
	ret = irqlab_vfs_list(s->m, dir, &f);
	if (ret)
		snprintf(s->msg, sizeof(s->msg), "ls: %s", dir);
	else
		fputs(seq_text(&f), out);
	seq_release_buf(&f);
	return ret;
}

/**
 * scn_verb_echo() - echo VALUE > PATH: write a file of the virtual tree.
 * @s: state.
 * @a: words (the path is @a->target).
 * @out: output.
 *
 * Return: 0, the negative errno of irqlab_vfs_write(), SCN_EUSAGE.
 */
int scn_verb_echo(struct scn *s, struct scn_args *a, FILE *out)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f;
	int i, ret;

	if (!a->target)
		return scn_fail(s, "echo: usage: echo VALUE > PATH");
	f = open_memstream(&buf, &size);
	if (!f)
		return -ENOMEM;
	for (i = 0; i < a->argc; i++)
		fprintf(f, "%s%s", i ? " " : "", a->argv[i]);
	fputc('\n', f);
	fclose(f);
	ret = irqlab_vfs_write(s->m, a->target, buf);
	free(buf);
	if (ret == -ENOENT || ret == -EISDIR)
		snprintf(s->msg, sizeof(s->msg), "echo: %s", a->target);
	else if (ret)
		snprintf(s->msg, sizeof(s->msg), "echo: write error");
	return ret;
}

/**
 * scn_verb_export() - export DIR: write the virtual tree to the host.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the negative errno of irqlab_vfs_export(), SCN_EUSAGE.
 */
int scn_verb_export(struct scn *s, struct scn_args *a, FILE *out)
{
	int ret;

	if (a->argc != 1)
		return scn_fail(s, "export: usage: export DIR");
	ret = irqlab_vfs_export(s->m, a->argv[0]);
	if (ret) {
		snprintf(s->msg, sizeof(s->msg), "export: %s", a->argv[0]);
		return ret;
	}
	fprintf(out, "exported to %s\n", a->argv[0]);
	return 0;
}

/**
 * scn_verb_dmesg() - dmesg [-c]: print (and clear) the kernel log.
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0 or SCN_EUSAGE.
 */
int scn_verb_dmesg(struct scn *s, struct scn_args *a, FILE *out)
{
	bool clear = scn_flag(a, "-c");

	if (scn_check_args(s, a, "dmesg", 0))
		return SCN_EUSAGE;
	fputs(irqlab_dmesg(s->m), out);
	if (clear)
		irqlab_log_clear(s->m);
	return 0;
}

/**
 * scn_verb_trace() - trace on [EVENT...] | off | clear | (print).
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, -ENOENT for an unknown event, SCN_EUSAGE.
 */
int scn_verb_trace(struct scn *s, struct scn_args *a, FILE *out)
{
	int i, ret;

	if (!a->argc) {
		struct seq_file f;

		seq_init(&f);
		ret = irqlab_trace_render(s->m, &f);
		fputs(seq_text(&f), out);
		seq_release_buf(&f);
		return ret;
	}
	if (!strcmp(a->argv[0], "off") || !strcmp(a->argv[0], "clear")) {
		if (a->argc != 1)
			return scn_fail(s, "trace: usage: trace %s", a->argv[0]);
		if (a->argv[0][0] == 'o')
			irqlab_trace_set_on(s->m, false);
		else
			irqlab_trace_clear(s->m);
		return 0;
	}
	if (strcmp(a->argv[0], "on"))
		return scn_fail(s, "trace: usage: trace on [EVENT...] | trace off | trace clear | trace");
	for (i = 1; i < a->argc || i == 1; i++) {
		const char *spec = i < a->argc ? a->argv[i] : "irq";

		ret = irqlab_trace_set_event(s->m, spec, true);
		if (ret) {
			snprintf(s->msg, sizeof(s->msg), "trace: event %s", spec);
			return ret;
		}
		fprintf(out, "enabled %s\n", spec);
	}
	irqlab_trace_set_on(s->m, true);
	return 0;
}

/* The event of "-e irq:EVENT" (or "-e EVENT"). */
/**
 * scn_verb_perf() - perf stat -e SYSTEM:EVENT... [-a] [-A|--per-cpu] [-- COMMAND].
 * @s: state.
 * @a: words.
 * @out: output.
 *
 * Return: 0, the errno of COMMAND or of the rendering, SCN_EUSAGE.
 */
int scn_verb_perf(struct scn *s, struct scn_args *a, FILE *out)
{
	char spec[256] = "";
	bool per_cpu = false;
	struct seq_file f;
	int i, cmd = -1, ret;

	if (a->argc < 1 || strcmp(a->argv[0], "stat"))
		return scn_fail(s, "perf: usage: perf stat -e SYSTEM:EVENT [-a] [-A|--per-cpu] "
				   "[-- COMMAND]");
	for (i = 1; i < a->argc && cmd < 0; i++) {
		if (!strcmp(a->argv[i], "-e") && i + 1 < a->argc) {
			/* Several -e, or one comma list: perf counts them all. */
			size_t len = strlen(spec);

			i++;
			if (len + strlen(a->argv[i]) + 2 > sizeof(spec))
				return scn_fail(s, "perf: too many events");
			snprintf(spec + len, sizeof(spec) - len, "%s%s", len ? "," : "", a->argv[i]);
		} else if (!strcmp(a->argv[i], "--")) {
			cmd = i + 1;
		} else if (!strcmp(a->argv[i], "-A") || !strcmp(a->argv[i], "--per-cpu")) {
			per_cpu = true;
		} else if (strcmp(a->argv[i], "-a")) {
			return scn_fail(s, "perf: unknown option '%s'", a->argv[i]);
		}
	}
	if (!spec[0])
		return scn_fail(s, "perf: which event? (-e irq:irq_handler_entry)");
	if (cmd >= 0) {
		const struct scn_verb *v = cmd < a->argc ? scn_find_verb(a->argv[cmd]) : NULL;
		struct scn_args sub = { 0 };

		if (!v || v->check || v->run == scn_verb_perf || v->run == scn_verb_machine)
			return scn_fail(s, "perf: '--' must be followed by a command to measure");
		sub.argc = a->argc - cmd - 1;
		memcpy(sub.argv, &a->argv[cmd + 1], sub.argc * sizeof(sub.argv[0]));
		irqlab_trace_reset_counts(s->m);
		s->perf_start_ns = irqlab_clock_ns(s->m);
		ret = v->run(s, &sub, out);
		if (ret)
			return ret;
	}
	seq_init(&f);
	ret = irqlab_perf_stat_render_events(s->m, spec, per_cpu,
					     irqlab_clock_ns(s->m) - s->perf_start_ns, &f);
	if (ret)
		snprintf(s->msg, sizeof(s->msg), "perf: event %.256s", spec);
	else
		fputs(seq_text(&f), out);
	seq_release_buf(&f);
	irqlab_trace_reset_counts(s->m);
	s->perf_start_ns = irqlab_clock_ns(s->m);
	return ret;
}
