/* SPDX-License-Identifier: MIT */
/*
 * The scenario language: one command a line, '#' comments, run from files
 * (irqlab run) or typed at a prompt (irqlab shell).  See docs/scenarios.md.
 *
 * A line is "VERB ARGS... [| grep ...] [> FILE]".  Before it is split into
 * words, every "{NAME:VEC}" is replaced by the Linux irq of vector VEC of
 * device NAME.  Each command's output is printed and kept, so the expect
 * verbs that follow can check it.  A command that fails with an errno
 * stops the scenario unless the next command is expect-error.
 *
 * The pieces: scenario_parse.c (words, options, numbers, errno names,
 * expansion), scenario_exec.c (running lines and files, errors with
 * FILE:LINE), scenario_verbs.c (the table of verbs and their help),
 * scenario_machine.c, scenario_files.c, scenario_pci.c,
 * scenario_drv.c, scenario_expect.c, scenario_dot.c
 * (the verbs), scenario_grep.c (the "| grep" filter), shell.c (the prompt).
 */
#ifndef IRQLAB_TOOLS_SCENARIO_H
#define IRQLAB_TOOLS_SCENARIO_H

#include <stdbool.h>
#include <stdio.h>

struct irqlab_machine;
struct scn_device;

/* Returned by a verb for a usage error (message set with scn_fail()). */
#define SCN_EUSAGE (-100000)

/* Most words a line may have. */
#define SCN_MAX_WORDS 64

/**
 * struct scn_args - one command, split into words.
 * @argc: number of words after the verb.
 * @argv: the words, quotes removed.
 * @rest: the raw text after the verb (expect, echo), trimmed.
 * @target: for echo, the path after '>'.
 * @used: which key=value words a verb consumed (scn_opt*() marks them).
 * @quoted: which words had quotes ('|' and '>' in quotes are text).
 */
struct scn_args {
	int argc;
	char *argv[SCN_MAX_WORDS];
	bool quoted[SCN_MAX_WORDS];
	const char *rest;
	const char *target;
	bool used[SCN_MAX_WORDS];
};

/**
 * struct scn - the state of one scenario run or shell session.
 * @m: the machine (NULL until the machine verb).
 * @seed: seed for the machine (--seed N; machine seed=N overrides).
 * @out: where command output goes (the transcript).
 * @err: where errors go.
 * @echo: print each command ("$ cat ...") before its output.
 * @interactive: a shell at a terminal: errors never stop anything.
 * @file: name of the file being run, for messages.
 * @line: its line being run.
 * @msg: the message of the last usage error (scn_fail()).
 * @last_out: output of the previous (non-expect) command.
 * @last_line: that command's line.
 * @last_err: 0, or the negative errno that command failed with.
 * @have_last: a command ran before.
 * @devices: the devices created by the device verb.
 * @log_mark: length of the kernel log before the current command.
 * @perf_start_ns: virtual time at the start of the perf session.
 * @nr_cmds: commands run.
 * @nr_checks: expectations that held.
 * @platform: the platform the machine verb uses whatever its platform=
 *            says (irqlab run --platform), or -1.
 */
struct scn {
	struct irqlab_machine *m;
	unsigned long long seed;
	FILE *out;
	FILE *err;
	bool echo;
	bool interactive;
	const char *file;
	unsigned int line;
	char msg[512];
	char *last_out;
	unsigned int last_line;
	int last_err;
	bool have_last;
	struct scn_device *devices;
	size_t log_mark;
	unsigned long long perf_start_ns;
	unsigned int nr_cmds;
	unsigned int nr_checks;
	int platform;
};

/**
 * struct scn_verb - one verb of the language.
 * @name: the verb.
 * @synopsis: its arguments.
 * @summary: one line for the verb list.
 * @help: what it does (several lines).
 * @example: a scenario excerpt using it.
 * @run: does it: 0, a negative errno (a failed kernel call), or SCN_EUSAGE.
 *       Output goes to @out.
 * @needs_machine: fails with a hint when no machine exists.
 * @check: an expectation: checks the previous output, keeps it, and is
 *         not echoed in the transcript; its text after the verb is taken
 *         raw (no splitting, no '|' or '>').
 */
struct scn_verb {
	const char *name;
	const char *synopsis;
	const char *summary;
	const char *help;
	const char *example;
	int (*run)(struct scn *s, struct scn_args *a, FILE *out);
	bool needs_machine;
	bool check;
};

/* ---- scenario_exec.c ---- */

/**
 * scn_init() - start a scenario state.
 * @s: the state.
 * @out: transcript stream.
 * @err: error stream.
 * @seed: the machine seed.
 */
void scn_init(struct scn *s, FILE *out, FILE *err, unsigned long long seed);

/**
 * scn_fini() - free the machine, the devices and the kept output.
 * @s: the state; it can be scn_init()ed again.
 */
void scn_fini(struct scn *s);

/* What scn_exec_line() reports. */
enum scn_status {
	SCN_OK = 0,		/* the line ran (or was empty) */
	SCN_FAILED_ERRNO,	/* the command failed with an errno */
	SCN_ERROR,		/* usage error or failed expectation */
};

/**
 * scn_exec_line() - run one line.
 * @s: the state (@s->file and @s->line name the line in messages).
 * @text: the line.
 * @tolerate: the next command is expect-error: an errno failure is printed
 *            as output instead of as an error.
 *
 * Errors are printed to @s->err as "FILE:LINE: message".
 * Return: an enum scn_status.
 */
enum scn_status scn_exec_line(struct scn *s, const char *text, bool tolerate);

/**
 * scn_run_stream() - run every line of a stream until the first error.
 * @s: the state.
 * @f: the stream.
 * @name: its name for messages.
 *
 * Return: 0 when every command succeeded and every expectation held, 1
 * otherwise, 2 when @f cannot be read.
 */
int scn_run_stream(struct scn *s, FILE *f, const char *name);

/**
 * struct scn_run_opts - how irqlab run runs a file.
 * @seed: machine seed.
 * @echo: print the transcript: each command, then its output; when false
 *        only errors are printed.
 * @platform: run on this platform (an enum irqlab_platform) whatever the
 *            file's machine verb says, or -1 to follow the file.
 */
struct scn_run_opts {
	unsigned long long seed;
	bool echo;
	int platform;
};

/**
 * scn_run_file() - run a scenario file with a fresh state.
 * @path: the file, or "-" for standard input.
 * @out: transcript stream.
 * @err: error stream.
 * @opts: seed, transcript and platform.
 *
 * Return: as scn_run_stream(); 2 when the file cannot be opened.
 */
int scn_run_file(const char *path, FILE *out, FILE *err, const struct scn_run_opts *opts);

/**
 * scn_parse_platform() - a platform name (x86, none, gic, hyperv).
 * @name: the name.
 *
 * Return: the enum irqlab_platform value, or -1 for an unknown name.
 */
int scn_parse_platform(const char *name);

/** scn_platform_name() - the name of an enum irqlab_platform value. */
const char *scn_platform_name(int platform);

/**
 * scn_fail() - set the message of a usage error.
 * @s: the state.
 * @fmt: printf format.
 *
 * Return: SCN_EUSAGE, so verbs can "return scn_fail(s, ...)".
 */
int scn_fail(struct scn *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- scenario_parse.c ---- */

/**
 * scn_split() - split a line into words.
 * @line: the line; modified in place (words are NUL-terminated inside it).
 * @words: receives pointers to at most @max words.
 * @max: size of @words.
 *
 * Words are separated by blanks; "double quotes" group blanks into a word
 * and are removed, with \" \\ \n \t escapes inside them.  An unquoted '#'
 * at the start of a word ends the line.
 *
 * Return: the number of words, -E2BIG for too many, -EINVAL for an
 * unterminated quote.
 */
int scn_split(char *line, char **words, int max);

/**
 * scn_split_quoted() - scn_split(), also telling which words had quotes.
 * @line: the line; modified in place.
 * @words: receives pointers to at most @max words.
 * @quoted: if not NULL, receives for each word whether it was quoted.
 * @max: size of @words and @quoted.
 *
 * Return: as scn_split().
 */
int scn_split_quoted(char *line, char **words, bool *quoted, int max);

/**
 * scn_unquote() - the text of expect-like arguments.
 * @text: the raw text after the verb.
 * @out: receives the text: quotes removed and escapes decoded when @text
 *       is one quoted string, else @text itself (trailing blanks trimmed).
 * @size: size of @out.
 *
 * Return: 0, -EINVAL for a bad quoted string, -E2BIG when @out is too small.
 */
int scn_unquote(const char *text, char *out, size_t size);

/**
 * scn_expand() - replace every {NAME:VEC} by the Linux irq of that vector.
 * @s: the state (its devices).
 * @line: the line.
 * @out: receives a malloc'ed copy with the expansions done.
 *
 * Return: 0, SCN_EUSAGE (message set) for an unknown device or vector or
 * a malformed reference, -ENOMEM.
 */
int scn_expand(struct scn *s, const char *line, char **out);

/** scn_opt() - the value of "@key=VALUE" among @a's words, or NULL. */
const char *scn_opt(struct scn_args *a, const char *key);

/** scn_flag() - true if the bare word @word is among @a's words (marks it). */
bool scn_flag(struct scn_args *a, const char *word);

/**
 * scn_opt_uint() - an unsigned option.
 * @s: the state (for the message).
 * @a: the words.
 * @key: the option's name.
 * @val: receives the value, or @def when the option is absent.
 * @def: default.
 *
 * Decimal, or hex with 0x.
 * Return: 0 or SCN_EUSAGE.
 */
int scn_opt_uint(struct scn *s, struct scn_args *a, const char *key,
		 unsigned long *val, unsigned long def);

/**
 * scn_check_args() - refuse words a verb did not consume.
 * @s: the state.
 * @a: the words.
 * @verb: the verb's name, for the message.
 * @npos: how many positional words (without '=') the verb takes first.
 *
 * Return: 0 or SCN_EUSAGE ("unknown option", "unexpected argument").
 */
int scn_check_args(struct scn *s, struct scn_args *a, const char *verb, int npos);

/**
 * scn_parse_uint() - parse a whole word as an unsigned number.
 * @word: decimal, or hex with 0x.
 * @val: receives it.
 *
 * Return: 0 or -EINVAL.
 */
int scn_parse_uint(const char *word, unsigned long *val);

/** scn_errno_name() - "EPERM" for EPERM (positive or negative), or NULL. */
const char *scn_errno_name(int err);
/** scn_errno_value() - EPERM for "EPERM" (or "-EPERM"), or 0 if unknown. */
int scn_errno_value(const char *name);
/** scn_errno_text() - the libc text of an errno, "Unknown error 524" free. */
const char *scn_errno_text(int err);

/* ---- scenario_grep.c ---- */

/**
 * scn_grep() - filter text like grep with fixed strings.
 * @s: the state (for the message).
 * @argv: the grep words (argv[0] is "grep").
 * @argc: their number.
 * @text: the input.
 * @out: receives the malloc'ed output.
 *
 * Options: -i, -v, -c, -A N, -B N, -C N (also -A5), -e PATTERN.
 * Return: 0 or SCN_EUSAGE.
 */
int scn_grep(struct scn *s, char **argv, int argc, const char *text, char **out);

/* ---- scenario_verbs.c ---- */

/** scn_find_verb() - the verb called @name, or NULL. */
const struct scn_verb *scn_find_verb(const char *name);
/** scn_verb_at() - the @i-th verb in the table, or NULL past the end. */
const struct scn_verb *scn_verb_at(unsigned int i);
/** scn_print_verb_list() - one line per verb: synopsis and summary. */
void scn_print_verb_list(FILE *f);
/** scn_print_verb_help() - a verb's synopsis, help and example. */
void scn_print_verb_help(FILE *f, const struct scn_verb *v);
/** scn_closest_verb() - a verb within edit distance 2 of @name, or NULL. */
const struct scn_verb *scn_closest_verb(const char *name);

/* ---- the verbs (scenario_machine.c, scenario_files.c, scenario_pci.c,
 * scenario_drv.c, scenario_expect.c, scenario_dot.c) ---- */

int scn_verb_machine(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_cpu(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_run(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_cat(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_ls(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_echo(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_dmesg(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_trace(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_perf(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_export(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_disable(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_enable(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_help(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_print(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_expect(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_expect_not(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_expect_error(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_dot(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_device(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_alloc(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_alloc_at(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_request(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_free(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_free_vectors(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_affinity(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_fire(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_lspci(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_msix_table(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_gic(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_writes(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_link(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_handlers(struct scn *s, struct scn_args *a, FILE *out);
int scn_verb_hv(struct scn *s, struct scn_args *a, FILE *out);

/* ---- scenario_pci.c: devices ---- */

/**
 * scn_device_irq() - the Linux irq of vector @vec of device @name.
 * @s: the state.
 * @name: the device's scenario name.
 * @vec: the vector index (as for pci_irq_vector()).
 * @irq: receives the irq.
 *
 * Return: 0 or SCN_EUSAGE with a message.
 */
int scn_device_irq(struct scn *s, const char *name, unsigned long vec, unsigned int *irq);

/**
 * scn_device_irqs() - the Linux irqs of every allocated vector of @name.
 * @s: the state.
 * @name: the device.
 * @irqs: receives up to @max irqs.
 * @max: size of @irqs.
 *
 * Return: the number of irqs, or SCN_EUSAGE with a message.
 */
int scn_device_irqs(struct scn *s, const char *name, unsigned int *irqs, unsigned int max);

/** scn_devices_free() - release every device (before the machine goes). */
void scn_devices_free(struct scn *s);

/* ---- shell.c ---- */

/**
 * irqlab_shell() - the interactive prompt.
 * @in: input (a terminal gets a prompt, and line editing if built in).
 * @out: output.
 * @err: errors.
 * @seed: machine seed.
 *
 * Return: 0 when every command succeeded, 1 otherwise.
 */
int irqlab_shell(FILE *in, FILE *out, FILE *err, unsigned long long seed);

#endif
