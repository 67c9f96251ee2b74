// SPDX-License-Identifier: MIT
/*
 * Running scenario lines: expansion, the verb lookup, output capture (kept
 * for the expect verbs, filtered by "| grep", redirected by "> FILE"),
 * errors as "FILE:LINE: message", and the expect-error look-ahead.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "irqlab/irqlab.h"
#include "scenario.h"

/**
 * scn_init() - start a scenario state.
 * @s: the state.
 * @out: transcript stream.
 * @err: error stream.
 * @seed: the machine seed.
 */
void scn_init(struct scn *s, FILE *out, FILE *err, unsigned long long seed)
{
	memset(s, 0, sizeof(*s));
	s->out = out;
	s->err = err;
	s->seed = seed;
	s->file = "-";
	s->platform = -1;
}

/**
 * scn_fini() - free the machine, the devices and the kept output.
 * @s: the state.
 */
void scn_fini(struct scn *s)
{
	scn_devices_free(s);
	if (s->m)
		irqlab_machine_destroy(s->m);
	s->m = NULL;
	free(s->last_out);
	s->last_out = NULL;
	s->have_last = false;
}

/**
 * scn_fail() - set the message of a usage error.
 * @s: the state.
 * @fmt: printf format.
 *
 * Return: SCN_EUSAGE.
 */
int scn_fail(struct scn *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
	va_end(ap);
	return SCN_EUSAGE;
}

static void report(struct scn *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(struct scn *s, const char *fmt, ...)
{
	va_list ap;

	fflush(s->out);
	fprintf(s->err, "%s:%u: ", s->file, s->line);
	va_start(ap, fmt);
	vfprintf(s->err, fmt, ap);
	va_end(ap);
	fputc('\n', s->err);
	fflush(s->err);
}

static size_t log_len(struct scn *s)
{
	return s->m ? strlen(irqlab_dmesg(s->m)) : 0;
}

static void keep_output(struct scn *s, char *text, int err)
{
	free(s->last_out);
	s->last_out = text;
	s->last_line = s->line;
	s->last_err = err;
	s->have_last = true;
}

/* The text of a command that failed with @err: the errno and the kernel's
 * messages logged meanwhile. */
static char *failure_text(struct scn *s, const char *verb, int err)
{
	const char *log = s->m ? irqlab_dmesg(s->m) : "";
	size_t len = strlen(log);
	const char *what = s->msg[0] ? s->msg : verb;
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		return NULL;
	fprintf(f, "%s: %s (%s)\n", what, scn_errno_name(err) ? scn_errno_name(err) : "E?",
		scn_errno_text(err));
	if (len > s->log_mark)
		fputs(log + s->log_mark, f);
	fclose(f);
	return text;
}

static void print_text(FILE *f, const char *prefix, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		fprintf(f, "%s%.*s\n", prefix, (int)n, text);
		text += n + (nl ? 1 : 0);
	}
}

/* Where the words after the verb end: before "|" or ">". */
struct scn_tail {
	char **grep;
	int grep_argc;
	const char *target;
};

static int split_tail(struct scn *s, struct scn_args *a, struct scn_tail *t)
{
	int i, end = a->argc;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < a->argc; i++) {
		if (!a->quoted[i] && !strcmp(a->argv[i], "|")) {
			if (i + 1 >= a->argc || strcmp(a->argv[i + 1], "grep"))
				return scn_fail(s, "only '| grep ...' may follow a command");
			t->grep = &a->argv[i + 1];
			t->grep_argc = a->argc - i - 1;
			end = i;
			break;
		}
	}
	for (i = 0; i < end; i++) {
		if (a->quoted[i] || a->argv[i][0] != '>')
			continue;
		if (a->argv[i][1])
			t->target = a->argv[i] + 1;
		else if (i + 1 < end)
			t->target = a->argv[i + 1];
		if (!t->target || (a->argv[i][1] ? i + 1 : i + 2) != end)
			return scn_fail(s, "'>' must be followed by exactly one path");
		end = i;
		break;
	}
	a->argc = end;
	a->target = t->target;
	return 0;
}

static int write_host_file(struct scn *s, const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return scn_fail(s, "cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	if (fclose(f))
		return scn_fail(s, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

static const struct scn_verb *lookup(struct scn *s, const char *verb)
{
	const struct scn_verb *v = scn_find_verb(verb);
	const struct scn_verb *close;

	if (v)
		return v;
	close = scn_closest_verb(verb);
	if (close)
		report(s, "unknown verb '%s' (did you mean '%s'? 'help' lists the verbs)", verb,
		       close->name);
	else
		report(s, "unknown verb '%s' ('help' lists the verbs)", verb);
	return NULL;
}

/* After a successful command: filter, redirect or print, and keep. */
static enum scn_status finish_output(struct scn *s, const struct scn_verb *v,
				     struct scn_tail *t, char *text)
{
	if (t->grep) {
		char *filtered;

		if (scn_grep(s, t->grep, t->grep_argc, text, &filtered)) {
			free(text);
			report(s, "%s", s->msg);
			return SCN_ERROR;
		}
		free(text);
		text = filtered;
	}
	if (t->target && strcmp(v->name, "echo")) {
		if (write_host_file(s, t->target, text)) {
			free(text);
			report(s, "%s", s->msg);
			return SCN_ERROR;
		}
	} else {
		fputs(text, s->out);
	}
	keep_output(s, text, 0);
	return SCN_OK;
}

static enum scn_status run_verb(struct scn *s, const struct scn_verb *v,
				struct scn_args *a, struct scn_tail *t, bool tolerate)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f;
	int ret;

	if (v->needs_machine && !s->m) {
		report(s, "%s: no machine yet (start with e.g. 'machine platform=x86 cpus=4')",
		       v->name);
		return SCN_ERROR;
	}
	f = open_memstream(&text, &size);
	if (!f) {
		report(s, "out of memory");
		return SCN_ERROR;
	}
	s->msg[0] = '\0';
	s->log_mark = log_len(s);
	ret = v->run(s, a, f);
	fclose(f);
	if (ret == SCN_EUSAGE) {
		/* What the verb printed is context for the message (expect
		 * shows the output it searched). */
		report(s, "%s", s->msg);
		print_text(s->err, "  | ", text);
		free(text);
		return SCN_ERROR;
	}
	if (v->check) {
		fputs(text, s->out);
		free(text);
		s->nr_checks++;
		return SCN_OK;
	}
	s->nr_cmds++;
	if (ret < 0) {
		free(text);
		text = failure_text(s, v->name, ret);
		if (!text) {
			report(s, "out of memory");
			return SCN_ERROR;
		}
		if (tolerate) {
			fputs(text, s->out);
		} else {
			fflush(s->out);
			fprintf(s->err, "%s:%u: ", s->file, s->line);
			fputs(text, s->err);
			fflush(s->err);
		}
		keep_output(s, text, ret);
		return SCN_FAILED_ERRNO;
	}
	return finish_output(s, v, t, text);
}

static enum scn_status exec_expanded(struct scn *s, char *line, bool tolerate)
{
	struct scn_args a;
	struct scn_tail t = { 0 };
	const struct scn_verb *v;
	char *p = line, *verb;
	int n;

	while (*p == ' ' || *p == '\t')
		p++;
	verb = p;
	while (*p && !strchr(" \t\r\n", *p))
		p++;
	if (*p)
		*p++ = '\0';
	while (*p == ' ' || *p == '\t')
		p++;

	v = lookup(s, verb);
	if (!v)
		return SCN_ERROR;
	if (s->echo && !v->check) {
		fprintf(s->out, "$ %s%s%s\n", verb, *p ? " " : "", p);
	}
	memset(&a, 0, sizeof(a));
	a.rest = p;
	if (!v->check) {
		char *copy = p;

		/* Splitting is in place: the raw rest is gone for other verbs. */
		n = scn_split_quoted(copy, a.argv, a.quoted, SCN_MAX_WORDS);
		if (n == -E2BIG) {
			report(s, "%s: too many words", verb);
			return SCN_ERROR;
		}
		if (n < 0) {
			report(s, "%s: unterminated quote", verb);
			return SCN_ERROR;
		}
		a.argc = n;
		a.rest = NULL;
		if (split_tail(s, &a, &t)) {
			report(s, "%s", s->msg);
			return SCN_ERROR;
		}
	}
	return run_verb(s, v, &a, &t, tolerate);
}

static bool blank_or_comment(const char *text)
{
	while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
		text++;
	return !*text || *text == '#';
}

/* The platform lines are run for: the machine's, else the one forced. */
static int current_platform(struct scn *s)
{
	if (s->m)
		return (int)irqlab_machine_platform(s->m);
	return s->platform;
}

/*
 * A "[x86,gic] command" line runs only on the platforms listed, so one
 * file can replay a session on every platform where only some output
 * differs.  Sets *@text past the gate; returns 1 to run the line, 0 to
 * skip it, or SCN_EUSAGE (message set) for a bad gate.
 */
static int platform_gate(struct scn *s, const char **text)
{
	const char *p = *text, *end;
	bool match = false;
	int cur;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '[')
		return 1;
	end = strchr(p, ']');
	if (!end)
		return scn_fail(s, "unterminated platform list '%s'", p);
	if (end == p + 1 || end[-1] == ',')
		return scn_fail(s, "bad platform list '%.*s'", (int)(end - p + 1), p);
	cur = current_platform(s);
	for (p++; p < end;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		size_t len = (size_t)((comma ? comma : end) - p);
		char name[16];
		int plat;

		if (!len || len >= sizeof(name))
			return scn_fail(s, "bad platform list '%.*s'", (int)(end - *text + 1), *text);
		memcpy(name, p, len);
		name[len] = '\0';
		plat = scn_parse_platform(name);
		if (plat < 0)
			return scn_fail(s, "unknown platform '%s' in [...] (x86, none, gic, hyperv)",
					name);
		match |= plat == cur;
		p += len + (comma ? 1 : 0);
	}
	if (cur < 0)
		return scn_fail(s, "[%.*s] before the machine verb", (int)(end - *text - 1),
				*text + 1);
	*text = end + 1;
	return match;
}

/**
 * scn_exec_line() - run one line.
 * @s: the state.
 * @text: the line.
 * @tolerate: the next command is expect-error.
 *
 * Return: an enum scn_status.
 */
enum scn_status scn_exec_line(struct scn *s, const char *text, bool tolerate)
{
	enum scn_status st;
	char *line;
	int ret;

	if (blank_or_comment(text))
		return SCN_OK;
	ret = platform_gate(s, &text);
	if (ret == SCN_EUSAGE) {
		report(s, "%s", s->msg);
		return SCN_ERROR;
	}
	if (!ret || blank_or_comment(text))
		return SCN_OK;
	ret = scn_expand(s, text, &line);
	if (ret) {
		if (ret == SCN_EUSAGE)
			report(s, "%s", s->msg);
		else
			report(s, "out of memory");
		return SCN_ERROR;
	}
	st = exec_expanded(s, line, tolerate);
	free(line);
	return st;
}

/* Is the next command after line @i (on this platform) an expect-error? */
static bool next_is_expect_error(struct scn *s, char **lines, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		const char *p = lines[i];
		int gate;

		if (blank_or_comment(p))
			continue;
		gate = platform_gate(s, &p);
		if (gate == SCN_EUSAGE)
			return false; /* reported when that line runs */
		if (!gate || blank_or_comment(p))
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		return !strncmp(p, "expect-error", 12) &&
		       (!p[12] || strchr(" \t\r\n", p[12]));
	}
	return false;
}

static int read_lines(FILE *f, char ***out, size_t *nr)
{
	char **lines = NULL, *buf = NULL;
	size_t n = 0, cap = 0, bufsize = 0;
	ssize_t len;

	while ((len = getline(&buf, &bufsize, f)) >= 0) {
		if (n == cap) {
			char **nl = realloc(lines, (cap = cap ? cap * 2 : 64) * sizeof(*lines));

			if (!nl)
				goto fail;
			lines = nl;
		}
		while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		lines[n] = strdup(buf);
		if (!lines[n])
			goto fail;
		n++;
	}
	free(buf);
	if (ferror(f))
		goto fail_nobuf;
	*out = lines;
	*nr = n;
	return 0;
fail:
	free(buf);
fail_nobuf:
	while (n)
		free(lines[--n]);
	free(lines);
	return -1;
}

/**
 * scn_run_stream() - run every line of a stream until the first error.
 * @s: the state.
 * @f: the stream.
 * @name: its name for messages.
 *
 * Return: 0 when every command succeeded and every expectation held, 1
 * otherwise, 2 when @f cannot be read.
 */
int scn_run_stream(struct scn *s, FILE *f, const char *name)
{
	char **lines;
	size_t n, i;
	int rc = 0;

	s->file = name;
	if (read_lines(f, &lines, &n)) {
		fprintf(s->err, "irqlab: cannot read %s\n", name);
		return 2;
	}
	for (i = 0; i < n && !rc; i++) {
		bool tolerate = next_is_expect_error(s, lines, n, i);
		enum scn_status st;

		s->line = (unsigned int)(i + 1);
		st = scn_exec_line(s, lines[i], tolerate);
		if (st == SCN_ERROR || (st == SCN_FAILED_ERRNO && !tolerate))
			rc = 1;
	}
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return rc;
}

/**
 * scn_run_file() - run a scenario file with a fresh state.
 * @path: the file, or "-" for standard input.
 * @out: transcript stream.
 * @err: error stream.
 * @seed: machine seed.
 * @echo: print the transcript: each command, then its output; when false
 *        only errors are printed.
 *
 * Return: as scn_run_stream(); 2 when the file cannot be opened.
 */
int scn_run_file(const char *path, FILE *out, FILE *err, const struct scn_run_opts *opts)
{
	bool echo = opts->echo;
	struct scn s;
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin, *null;
	const char *name;
	int rc;

	if (!f) {
		fprintf(err, "irqlab: cannot open %s: %s\n", path, strerror(errno));
		return 2;
	}
	/* Without the transcript only errors are printed. */
	null = echo ? NULL : fopen("/dev/null", "w");
	scn_init(&s, null ? null : out, err, opts->seed);
	s.echo = echo;
	s.platform = opts->platform;
	name = f == stdin ? "<stdin>" : path;
	rc = scn_run_stream(&s, f, name);
	if (f != stdin)
		fclose(f);
	if (rc == 0 && echo)
		fprintf(out, "# %s: ok, %u commands, %u expectations held\n", name, s.nr_cmds,
			s.nr_checks);
	scn_fini(&s);
	if (null)
		fclose(null);
	fflush(out);
	return rc;
}
