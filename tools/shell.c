// SPDX-License-Identifier: MIT
/*
 * irqlab shell: the scenario language typed at a prompt.  With GNU readline
 * (IRQLAB_HAVE_READLINE) the prompt has line editing, history kept in
 * ~/.irqlab_history, and tab completion of verbs and virtual file paths;
 * without it, or when the input is not a terminal, lines are read plainly.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "irqlab/irqlab.h"
#include "scenario.h"

#ifdef IRQLAB_HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

#define PROMPT "irqlab> "

static const char banner[] =
	"irqlab shell: the Linux generic IRQ subsystem, simulated.\n"
	"Type 'help' for the verbs, 'help VERB' for one verb with an example, 'quit' to leave.\n"
	"Start with:  machine platform=x86 cpus=4\n";

/* One line of @in (malloc'ed), or NULL at the end. */
static char *plain_line(FILE *in)
{
	char *buf = NULL;
	size_t size = 0;

	if (getline(&buf, &size, in) < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

#ifdef IRQLAB_HAVE_READLINE
static struct scn *complete_scn;

static char *verb_generator(const char *text, int state)
{
	static unsigned int i;
	const struct scn_verb *v;

	if (!state)
		i = 0;
	while ((v = scn_verb_at(i++)))
		if (!strncmp(v->name, text, strlen(text)))
			return strdup(v->name);
	return NULL;
}

/* Completes absolute paths of the virtual tree, one directory at a time. */
static char *path_generator(const char *text, int state)
{
	static char *list, *pos;
	static size_t dirlen;
	const char *slash = strrchr(text, '/');

	if (!state) {
		struct seq_file f;
		char dir[512];

		free(list);
		list = pos = NULL;
		dirlen = slash - text + 1;
		if (!complete_scn->m || dirlen >= sizeof(dir))
			return NULL;
		memcpy(dir, text, dirlen);
		dir[dirlen] = '\0';
		seq_init(&f);
		if (!irqlab_vfs_list(complete_scn->m, dir, &f))
			list = strdup(seq_text(&f));
		seq_release_buf(&f);
		pos = list;
	}
	while (pos && *pos) {
		char *nl = strchr(pos, '\n'), *entry = pos, *match;

		if (nl)
			*nl = '\0';
		pos = nl ? nl + 1 : pos + strlen(pos);
		if (strncmp(entry, slash + 1, strlen(slash + 1)))
			continue;
		match = malloc(dirlen + strlen(entry) + 1);
		if (!match)
			return NULL;
		memcpy(match, text, dirlen);
		strcpy(match + dirlen, entry);
		return match;
	}
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	rl_attempted_completion_over = 1;
	if (start == 0)
		return rl_completion_matches(text, verb_generator);
	if (text[0] == '/') {
		rl_completion_append_character = '\0';
		return rl_completion_matches(text, path_generator);
	}
	return NULL;
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	char *path;

	if (!home || asprintf(&path, "%s/.irqlab_history", home) < 0)
		return NULL;
	return path;
}

static char *read_line(FILE *in, FILE *out, bool interactive)
{
	char *line;

	if (!interactive)
		return plain_line(in);
	line = readline(PROMPT);
	if (line && *line)
		add_history(line);
	return line;
}

static void editing_start(struct scn *s, FILE *in, FILE *out, bool interactive)
{
	char *path;

	if (!interactive)
		return;
	complete_scn = s;
	rl_instream = in;
	rl_outstream = out;
	rl_readline_name = "irqlab";
	rl_attempted_completion_function = complete;
	path = history_path();
	if (path)
		read_history(path);
	free(path);
}

static void editing_end(bool interactive)
{
	char *path;

	if (!interactive)
		return;
	path = history_path();
	if (path)
		write_history(path);
	free(path);
	complete_scn = NULL;
}
#else
static char *read_line(FILE *in, FILE *out, bool interactive)
{
	if (interactive) {
		fputs(PROMPT, out);
		fflush(out);
	}
	return plain_line(in);
}

static void editing_start(struct scn *s, FILE *in, FILE *out, bool interactive)
{
}

static void editing_end(bool interactive)
{
}
#endif

static bool is_quit(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return !strncmp(line, "quit", 4) ? !line[4] || strchr(" \t\r\n", line[4]) :
	       !strncmp(line, "exit", 4) ? !line[4] || strchr(" \t\r\n", line[4]) : false;
}

/**
 * irqlab_shell() - the interactive prompt.
 * @in: input.
 * @out: output.
 * @err: errors.
 * @seed: machine seed.
 *
 * A failing command prints its error and the shell goes on.
 * Return: 0 when every command succeeded, 1 otherwise.
 */
int irqlab_shell(FILE *in, FILE *out, FILE *err, unsigned long long seed)
{
	bool interactive = isatty(fileno(in)) && isatty(fileno(out));
	struct scn s;
	char *line;
	int rc = 0;

	scn_init(&s, out, err, seed);
	s.file = "shell";
	s.interactive = interactive;
	if (interactive)
		fputs(banner, out);
	editing_start(&s, in, out, interactive);
	while ((line = read_line(in, out, interactive))) {
		s.line++;
		if (is_quit(line)) {
			free(line);
			break;
		}
		if (scn_exec_line(&s, line, false) != SCN_OK)
			rc = 1;
		free(line);
		fflush(out);
	}
	if (interactive && !line)
		fputc('\n', out);
	editing_end(interactive);
	scn_fini(&s);
	return rc;
}
