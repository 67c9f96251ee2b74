// SPDX-License-Identifier: MIT
/*
 * The scenario interpreter: splitting and quoting, option parsing, errno
 * names, the grep filter, {NAME:VEC} expansion errors, errors reported as
 * FILE:LINE, expectations and expect-error, the exit status of a run, the
 * verb table and its help, and the shell reading from a stream.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "scenario.h"

static long live_before;

static void setup(void)
{
	live_before = irqlab_alloc_live();
}

/* The interpreter's machine, devices and kept output must all be freed. */
static void teardown(void)
{
	ck_assert_ptr_null(irqlab_machine_current());
	ck_assert_int_eq(irqlab_alloc_live(), live_before);
}

struct result {
	int rc;
	char *out;
	char *err;
};

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

/* Run @text as the scenario file "t.scn". */
static struct result run_text(const char *text)
{
	struct result r = { 0 };
	size_t osize = 0, esize = 0;
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	FILE *out = open_memstream(&r.out, &osize);
	FILE *err = open_memstream(&r.err, &esize);
	struct scn s;

	ck_assert_ptr_nonnull(in);
	scn_init(&s, out, err, 0);
	r.rc = scn_run_stream(&s, in, "t.scn");
	scn_fini(&s);
	fclose(in);
	fclose(out);
	fclose(err);
	return r;
}

/* Run @text; check the status, a piece of the output and the whole errors. */
static void ck_run(const char *text, int rc, const char *out_has, const char *err_is)
{
	struct result r = run_text(text);

	ck_assert_msg(r.rc == rc, "rc %d for:\n%s\nerr:\n%s", r.rc, text, r.err);
	ck_assert_msg(strstr(r.out, out_has) != NULL, "output lacks \"%s\" for:\n%s\nout:\n%s",
		      out_has, text, r.out);
	ck_assert_str_eq(r.err, err_is);
	result_free(&r);
}

/* ---- words ------------------------------------------------------------------- */

START_TEST(test_split_words_quotes_comments)
{
	char line[] = "  echo \"a b\"  c\\d  \"x\\\"y\\n\"z # comment \"unclosed";
	char *w[8];

	ck_assert_int_eq(scn_split(line, w, 8), 4);
	ck_assert_str_eq(w[0], "echo");
	ck_assert_str_eq(w[1], "a b");
	ck_assert_str_eq(w[2], "c\\d"); /* escapes only inside quotes */
	ck_assert_str_eq(w[3], "x\"y\nz");
}
END_TEST

START_TEST(test_split_quoted_flags)
{
	char line[] = "a \"b\" c\"\"d >";
	bool q[4];
	char *w[4];

	ck_assert_int_eq(scn_split_quoted(line, w, q, 4), 4);
	ck_assert(!q[0] && q[1] && q[2] && !q[3]);
	ck_assert_str_eq(w[2], "cd");
	ck_assert_str_eq(w[3], ">");
}
END_TEST

START_TEST(test_split_errors)
{
	char unterminated[] = "expect \"abc";
	char many[] = "a b c d";
	char hash_in_word[] = "a#b c";
	char *w[3];

	ck_assert_int_eq(scn_split(unterminated, w, 3), -EINVAL);
	ck_assert_int_eq(scn_split(many, w, 3), -E2BIG);
	/* '#' only starts a comment at the start of a word. */
	ck_assert_int_eq(scn_split(hash_in_word, w, 3), 2);
	ck_assert_str_eq(w[0], "a#b");
}
END_TEST

START_TEST(test_unquote)
{
	char buf[16];

	ck_assert_int_eq(scn_unquote("  CPU3 x  \n", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "CPU3 x");
	ck_assert_int_eq(scn_unquote("\" 0-3\\n\"  # trailing", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, " 0-3\n");
	ck_assert_int_eq(scn_unquote("\"a\" b", buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(scn_unquote("\"abc", buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(scn_unquote("0123456789abcdefg", buf, sizeof(buf)), -E2BIG);
	/* Unquoted text is taken as it is, '#' included. */
	ck_assert_int_eq(scn_unquote("a # b", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "a # b");
}
END_TEST

START_TEST(test_numbers_and_errnos)
{
	unsigned long v = 7;

	ck_assert_int_eq(scn_parse_uint("42", &v), 0);
	ck_assert_uint_eq(v, 42);
	ck_assert_int_eq(scn_parse_uint("0x1414", &v), 0);
	ck_assert_uint_eq(v, 0x1414);
	ck_assert_int_eq(scn_parse_uint("4x", &v), -EINVAL);
	ck_assert_int_eq(scn_parse_uint("-1", &v), -EINVAL);
	ck_assert_int_eq(scn_parse_uint("", &v), -EINVAL);
	ck_assert_uint_eq(v, 0x1414); /* unchanged on error */

	ck_assert_str_eq(scn_errno_name(-EPERM), "EPERM");
	ck_assert_str_eq(scn_errno_name(EISDIR), "EISDIR");
	ck_assert_str_eq(scn_errno_name(-ENOTSUPP), "ENOTSUPP");
	ck_assert_ptr_null(scn_errno_name(-9999));
	ck_assert_int_eq(scn_errno_value("ENOSPC"), ENOSPC);
	ck_assert_int_eq(scn_errno_value("-EIO"), EIO);
	ck_assert_int_eq(scn_errno_value("EFOO"), 0);
	ck_assert_str_eq(scn_errno_text(-ENOTSUPP), "Operation not supported");
}
END_TEST

START_TEST(test_options)
{
	char line[] = "machine cpus=8 smt=x shared bogus=1";
	struct scn s;
	struct scn_args a = { 0 };
	unsigned long v;

	scn_init(&s, stdout, stderr, 0);
	a.argc = scn_split(line, a.argv, SCN_MAX_WORDS);
	ck_assert_int_eq(scn_opt_uint(&s, &a, "cpus", &v, 4), 0);
	ck_assert_uint_eq(v, 8);
	ck_assert_int_eq(scn_opt_uint(&s, &a, "nodes", &v, 1), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(scn_opt_uint(&s, &a, "smt", &v, 1), SCN_EUSAGE);
	ck_assert_str_eq(s.msg, "smt=x: not a number");
	ck_assert(scn_flag(&a, "shared"));
	ck_assert(!scn_flag(&a, "shared")); /* consumed */
	ck_assert_int_eq(scn_check_args(&s, &a, "machine", 1), SCN_EUSAGE);
	ck_assert_str_eq(s.msg, "machine: unknown option 'bogus' (see 'help machine')");
	scn_fini(&s);
}
END_TEST

/* ---- grep ------------------------------------------------------------------- */

static char *grep(const char *text, const char *args)
{
	char line[128], *w[16], *out = NULL;
	struct scn s;
	int n;

	snprintf(line, sizeof(line), "grep %s", args);
	n = scn_split(line, w, 16);
	scn_init(&s, stdout, stderr, 0);
	if (scn_grep(&s, w, n, text, &out))
		out = strdup(s.msg);
	return out;
}

#define ck_grep(args, expect)                                                   \
	do {                                                                    \
		char *g_ = grep("a\nMSI-X x\nb\nc\nmsi-x y\nd\ne\nf\n", args);  \
		ck_assert_str_eq(g_, expect);                                   \
		free(g_);                                                       \
	} while (0)

START_TEST(test_grep)
{
	ck_grep("MSI-X", "MSI-X x\n");
	ck_grep("-i msi-x", "MSI-X x\nmsi-x y\n");
	ck_grep("-c -i MSI", "2\n");
	ck_grep("-v -i msi", "a\nb\nc\nd\ne\nf\n");
	ck_grep("-A1 MSI-X", "MSI-X x\nb\n");
	ck_grep("-i -A 1 msi-x", "MSI-X x\nb\n--\nmsi-x y\nd\n");
	ck_grep("-i -A2 msi-x", "MSI-X x\nb\nc\nmsi-x y\nd\ne\n");
	ck_grep("-B1 -e d", "msi-x y\nd\n");
	ck_grep("-C1 c", "b\nc\nmsi-x y\n");
	ck_grep("zzz", "");
	ck_grep("-A MSI-X", "grep: -A needs a number");
	ck_grep("-q x", "grep: unknown option '-q' (-i -v -c -A N -B N -C N)");
	ck_grep("a b", "grep: one pattern only (got 'b' too)");
	ck_grep("-i", "grep: usage: grep [-i] [-v] [-c] [-A N] [-B N] TEXT");
}
END_TEST

/* ---- running scenarios --------------------------------------------------------- */

START_TEST(test_run_ok)
{
	ck_run("# comment\n\nmachine cpus=2\nexpect 2 CPUs\ncat /sys/devices/system/cpu/online\n"
	       "expect \"0-1\\n\"\nexpect-not 0-2\n",
	       0, "machine: x86, 2 CPUs (online 0-1), 1 node, kernel 6.16, seed 0\n0-1\n", "");
}
END_TEST

START_TEST(test_unknown_verb_stops)
{
	ck_run("machine cpus=2\n# two\nfrobnicate now\ncat /proc/does-not-matter\n", 1,
	       "machine:", "t.scn:3: unknown verb 'frobnicate' ('help' lists the verbs)\n");
	ck_run("machine cpus=2\nfier x 0\n", 1, "",
	       "t.scn:2: unknown verb 'fier' (did you mean 'fire'? 'help' lists the verbs)\n");
}
END_TEST

START_TEST(test_expect_failure_names_line)
{
	ck_run("machine cpus=2\ncat /sys/devices/system/cpu/online\n\nexpect CPU3\nexpect 0-1\n", 1,
	       "0-1",
	       "t.scn:4: expect: \"CPU3\" not found in the output of line 2\n  | 0-1\n");
	ck_run("machine cpus=2\ncat /sys/devices/system/cpu/online\nexpect-not 0-1\n", 1, "0-1",
	       "t.scn:3: expect-not: \"0-1\" found in the output of line 2\n  | 0-1\n");
	ck_run("expect x\n", 1, "", "t.scn:1: expect: no command before it to check\n");
	ck_run("machine\nexpect\n", 1, "", "t.scn:2: expect: usage: expect TEXT\n");
	ck_run("machine\nexpect \"a\" b\n", 1, "",
	       "t.scn:2: expect: bad quoted text (a \"...\" string, then nothing)\n");
}
END_TEST

START_TEST(test_expect_error)
{
	/* A failure followed by expect-error is output, and the run goes on. */
	ck_run("machine cpus=2\ncpu 9 offline\nexpect-error ENODEV\nexpect No such device\n"
	       "cpu 1 offline\nexpect CPU1 offline\n",
	       0, "cpu 9 offline: ENODEV (No such device)\n", "");
	/* Comments and blank lines may stand between. */
	ck_run("machine cpus=2\ncpu 9 offline\n\n# the kernel says\nexpect-error ENODEV\n", 0,
	       "ENODEV", "");
	ck_run("machine cpus=2\ncpu 9 offline\nexpect-error EPERM\n", 1, "ENODEV",
	       "t.scn:3: expect-error: line 2 failed with ENODEV, not EPERM\n");
	ck_run("machine cpus=2\ncpu 1 offline\nexpect-error EBUSY\n", 1, "CPU1 offline",
	       "t.scn:3: expect-error: line 2 did not fail (expected EBUSY)\n");
	ck_run("machine cpus=2\ncpu 9 offline\nexpect-error EWHAT\n", 1, "",
	       "t.scn:3: expect-error: unknown errno name 'EWHAT'\n");
}
END_TEST

START_TEST(test_failure_stops)
{
	/* Without expect-error next, a failed command ends the run. */
	ck_run("machine cpus=2\ncpu 1 offline\ncpu 0 offline\ncpu 1 online\n", 1, "CPU1 offline",
	       "t.scn:3: cpu 0 offline: EBUSY (Device or resource busy)\n");
	ck_run("machine cpus=2\necho 1 > /proc/interrupts\n", 1, "",
	       "t.scn:2: echo: write error: EIO (Input/output error)\n");
	ck_run("machine cpus=2\ncat /proc/nope\n", 1, "",
	       "t.scn:2: cat: /proc/nope: ENOENT (No such file or directory)\n");
}
END_TEST

START_TEST(test_usage_errors)
{
	ck_run("cat /proc/interrupts\n", 1, "",
	       "t.scn:1: cat: no machine yet (start with e.g. 'machine platform=x86 cpus=4')\n");
	ck_run("machine cpus=2\nmachine cpus=2\n", 1, "",
	       "t.scn:2: machine: there is a machine already (one per scenario)\n");
	ck_run("machine cpu=2\n", 1, "", "t.scn:1: machine: unknown option 'cpu' (see 'help machine')\n");
	ck_run("machine cpus=3 smt=2\n", 1, "", "t.scn:1: machine: smt=2: 1 to 8, dividing cpus\n");
	ck_run("machine platform=arm\n", 1, "",
	       "t.scn:1: machine: unknown platform 'arm' (x86, none, gic, hyperv)\n");
	ck_run("machine\ncpu one offline\n", 1, "", "t.scn:2: cpu: 'one' is not a CPU number\n");
	ck_run("machine\ncpu 1 sideways\n", 1, "", "t.scn:2: cpu: usage: cpu N offline|online\n");
	ck_run("machine\ncat /proc/interrupts | sort\n", 1, "",
	       "t.scn:2: only '| grep ...' may follow a command\n");
	ck_run("machine\necho \"1 > /proc/irq/0/smp_affinity\n", 1, "",
	       "t.scn:2: echo: unterminated quote\n");
	ck_run("machine\necho 1\n", 1, "", "t.scn:2: echo: usage: echo VALUE > PATH\n");
	ck_run("machine\ndisable 77\n", 1, "", "t.scn:2: disable: irq 77 does not exist\n");
}
END_TEST

START_TEST(test_expansion_errors)
{
	ck_run("machine\ncat /proc/irq/{nope:0}/smp_affinity\n", 1, "",
	       "t.scn:2: {nope:0}: no device 'nope'\n");
	ck_run("machine\nexpect {nope:x}\n", 1, "",
	       "t.scn:2: {nope:x}: the vector must be a number\n");
	/* Braces that are not a reference stay text. */
	ck_run("machine\nprint {a} {b:} {:1} {c:1\n", 0, "{a} {b:} {:1} {c:1\n", "");
}
END_TEST

START_TEST(test_pipe_and_redirect)
{
	char path[] = "/tmp/irqlab-scn-XXXXXX", text[64], line[256];
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	close(fd);
	/* Quoted, '|' and '>' are text. */
	ck_run("print \">x\" \"|\" a\n", 0, ">x | a\n", "");
	/* expect sees the filtered output. */
	ck_run("machine cpus=4\nls /sys/kernel/debug/irq/domains | grep VEC\nexpect-not default\n"
	       "expect VECTOR\n",
	       0, "VECTOR\n", "");
	snprintf(line, sizeof(line), "machine cpus=3\ncat /sys/devices/system/cpu/online > %s\n"
		 "expect 0-2\n", path);
	ck_run(line, 0, "machine", "");
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(text, sizeof(text), f));
	fclose(f);
	unlink(path);
	ck_assert_str_eq(text, "0-2\n");
	ck_run("machine\ncat /proc/interrupts > a b\n", 1, "",
	       "t.scn:2: '>' must be followed by exactly one path\n");
}
END_TEST

START_TEST(test_seed_and_options)
{
	struct result r;

	ck_run("machine seed=7 cpus=8 nodes=2 smt=2 isolcpus=6-7 kernel=6.11\n", 0,
	       "machine: x86, 8 CPUs (online 0-7), 2 nodes, kernel 6.11, seed 7\n"
	       "isolated (isolcpus=managed_irq): 6-7\n", "");
	r = run_text("machine kernel=six\n");
	ck_assert_int_eq(r.rc, 1);
	ck_assert_str_eq(r.err, "t.scn:1: machine: kernel=six: expected a version like 6.12\n");
	result_free(&r);
}
END_TEST

/* "[x86,gic] command" runs a line on those platforms only. */
START_TEST(test_platform_gates)
{
	struct result r;

	r = run_text("machine platform=x86 cpus=2\n"
		     "[x86] print on-x86\n"
		     "[gic,hyperv] print not-x86\n"
		     "[x86] expect on-x86\n"
		     "[none] expect nothing\n"
		     "[hyperv] cpu 0 offline\n"
		     "[none] expect-error EBUSY\n");
	ck_assert_str_eq(r.err, "");
	ck_assert_int_eq(r.rc, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "on-x86"));
	ck_assert_ptr_null(strstr(r.out, "not-x86"));
	result_free(&r);
	ck_run("machine cpus=1\n[x86,arm] print x\n", 1, "",
	       "t.scn:2: unknown platform 'arm' in [...] (x86, none, gic, hyperv)\n");
	ck_run("machine cpus=1\n[x86 print x\n", 1, "",
	       "t.scn:2: unterminated platform list '[x86 print x'\n");
	ck_run("machine cpus=1\n[x86,] print x\n", 1, "", "t.scn:2: bad platform list '[x86,]'\n");
	ck_run("[x86] print x\n", 1, "", "t.scn:1: [x86] before the machine verb\n");
}
END_TEST

/* irqlab run --platform: the machine verb's platform= is overridden. */
START_TEST(test_platform_override)
{
	const char *text = "machine platform=x86 cpus=2\n[none] print on-none\n"
			   "[x86] print on-x86\n[x86] cpu 1 offline\n";
	struct scn_run_opts o = { .seed = 0, .echo = true, .platform = IRQLAB_PLATFORM_NONE };
	char *out = NULL, *err = NULL, path[] = "/tmp/irqlab-scnXXXXXX";
	size_t osize = 0, esize = 0;
	FILE *fo, *fe;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	fo = open_memstream(&out, &osize);
	fe = open_memstream(&err, &esize);
	ck_assert_int_eq(scn_run_file(path, fo, fe, &o), 0);
	fclose(fo);
	fclose(fe);
	unlink(path);
	ck_assert_str_eq(err, "");
	ck_assert_ptr_nonnull(strstr(out, "machine: none, 2 CPUs"));
	ck_assert_ptr_nonnull(strstr(out, "on-none"));
	ck_assert_ptr_null(strstr(out, "on-x86"));
	free(out);
	free(err);
	ck_assert_int_eq(scn_parse_platform("gic"), IRQLAB_PLATFORM_GIC);
	ck_assert_int_eq(scn_parse_platform("arm"), -1);
	ck_assert_str_eq(scn_platform_name(IRQLAB_PLATFORM_HYPERV), "hyperv");
}
END_TEST

START_TEST(test_run_file_missing)
{
	char *err = NULL;
	size_t size = 0;
	FILE *e = open_memstream(&err, &size);

	struct scn_run_opts o = { .seed = 0, .echo = false, .platform = -1 };

	ck_assert_int_eq(scn_run_file("/nonexistent/x.scn", stdout, e, &o), 2);
	fclose(e);
	ck_assert_str_eq(err, "irqlab: cannot open /nonexistent/x.scn: No such file or directory\n");
	free(err);
}
END_TEST


/* ---- devices and {NAME:VEC} --------------------------------------------------- */

#define NIC "machine cpus=2\ndevice nic bdf=0000:00:05.0 msix=4\n"

START_TEST(test_expand_device_vectors)
{
	struct result r = run_text(NIC "alloc nic min=3 max=3 types=msix\n"
				   "print [{nic:0}] [{nic:2}] {nic:1}x\n");
	unsigned int a, b, c, p0, p2, p1;

	ck_assert_msg(r.rc == 0, "%s", r.err);
	ck_assert_int_eq(sscanf(strstr(r.out, "3 vectors (MSI-X): irq"), "3 vectors (MSI-X): irq %u %u %u",
				&a, &b, &c), 3);
	ck_assert_int_eq(sscanf(strstr(r.out, "\n["), "\n[%u] [%u] %ux", &p0, &p2, &p1), 3);
	ck_assert_uint_eq(p0, a);
	ck_assert_uint_eq(p1, b);
	ck_assert_uint_eq(p2, c);
	result_free(&r);
}
END_TEST

START_TEST(test_expand_device_errors)
{
	/* Before alloc, vector 0 is the INTx line (pci_irq_vector()), if any. */
	ck_run(NIC "print {nic:0}\n", 0, "17\n", "");
	ck_run("machine\ndevice nic bdf=00:05.0 msix=4 intx=none\nprint {nic:0}\n", 1, "",
	       "t.scn:3: {nic:0}: nic has no vector 0 (alloc first)\n");
	ck_run(NIC "alloc nic min=2 max=2 types=msix\nprint {nic:2}\n", 1, "",
	       "t.scn:4: {nic:2}: nic has no vector 2\n");
	ck_run("machine\ndevice nic bdf=00:05.0 msix=4 intx=none\nrequest nic 0\n", 1, "",
	       "t.scn:3: request: nic has no vector 0 (alloc first)\n");
	ck_run(NIC "request nac 0\n", 1, "",
	       "t.scn:3: request: no device 'nac' (create it with 'device nac bdf=...')\n");
}
END_TEST

START_TEST(test_device_usage_errors)
{
	ck_run("machine\ndevice nic msix=4\n", 1, "",
	       "t.scn:2: device: bdf= is required (e.g. bdf=0000:00:05.0)\n");
	ck_run(NIC "device nic bdf=00:06.0\n", 1, "", "t.scn:3: device: there is a device 'nic' already\n");
	ck_run("machine\ndevice n bdf=00:05.0 intx=E\n", 1, "",
	       "t.scn:2: device: intx=E: A, B, C, D or none\n");
	ck_run("machine\ndevice n bdf=00:05.0 msi=3\n", 1, "",
	       "t.scn:2: device: msi=3: 1, 2, 4, 8, 16 or 32 vectors; msi-64bit, msi-maskable and msi-broken are 0 or 1\n");
	ck_run("machine\ndevice n bdf=00:05.0 msix=4 colour=red\n", 1, "",
	       "t.scn:2: device: unknown option 'colour' (see 'help device')\n");
	ck_run("machine\ndevice n bdf=zz\n", 1, "", "t.scn:2: device n: EINVAL (Invalid argument)\n");
	ck_run(NIC "alloc nic min=1 max=1 types=msiz\n", 1, "",
	       "t.scn:3: alloc: types=msiz: a list of msix, msi, intx\n");
	ck_run(NIC "alloc nic min=1 max=1\nfire nic 0-x\n", 1, "",
	       "t.scn:4: fire: '0-x' is not a vector list (e.g. 0, 0-3, 1,5)\n");
}
END_TEST

START_TEST(test_fire_request_handlers)
{
	struct result r;
	const char *b, *a;

	/* Counting handlers, per CPU, listed in the order of the requests. */
	r = run_text(NIC "alloc nic min=2 max=2 types=msix\nrequest nic 1 name=b\n"
		     "request nic 0 name=a\nfire nic 0-1 count=3\nhandlers nic\n");
	ck_assert_msg(r.rc == 0, "%s", r.err);
	ck_assert_ptr_nonnull(strstr(r.out, "fired 6\n"));
	b = strstr(r.out, "          3          0  nic 1  b\n");
	a = strstr(r.out, "          0          3  nic 0  a\n");
	ck_assert_msg(b && a && b < a, "%s", r.out);
	result_free(&r);
	/* free and free-vectors undo everything (the teardown checks leaks). */
	ck_run(NIC "alloc nic min=2 max=2 types=msix\naffinity nic 0 1 hint\nrequest nic 0\n"
	       "affinity nic 1 0 hint\nfree nic 0\nfree-vectors nic\nalloc nic min=1 max=1\n",
	       0, "1 vector (MSI-X)", "");
}
END_TEST

START_TEST(test_export_writes_tree)
{
	char dir[] = "/tmp/irqlab-export-XXXXXX", line[512], path[600];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(line, sizeof(line), "machine cpus=2\nexport %s\n", dir);
	ck_run(line, 0, "exported to", "");
	snprintf(path, sizeof(path), "%s/proc/interrupts", dir);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	fclose(f);
	ck_assert_str_eq(line, "           CPU0       CPU1       \n");
	snprintf(line, sizeof(line), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(line), 0);
}
END_TEST

/* ---- verbs and help ------------------------------------------------------------ */

START_TEST(test_every_verb_documented)
{
	const struct scn_verb *v;
	unsigned int i;

	for (i = 0; (v = scn_verb_at(i)); i++) {
		char *ex = strdup(v->example), *line, *save = NULL;

		ck_assert_msg(v->synopsis[0] && v->summary[0] && v->help[0] && ex[0], "%s", v->name);
		ck_assert_msg(!strncmp(v->synopsis, v->name, strlen(v->name)), "%s", v->name);
		ck_assert_ptr_eq(scn_find_verb(v->name), v);
		/* Every line of an example starts with a verb of the language. */
		for (line = strtok_r(ex, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char word[32];

			ck_assert_int_eq(sscanf(line, "%31s", word), 1);
			ck_assert_msg(scn_find_verb(word), "example of %s: '%s'", v->name, word);
		}
		free(ex);
	}
	ck_assert_uint_ge(i, 28);
	ck_assert_ptr_null(scn_find_verb("frobnicate"));
}
END_TEST

START_TEST(test_help_verb)
{
	ck_run("help\n", 0, "  expect-error  check that the previous command failed with ERRNO\n", "");
	ck_run("help fire\n", 0, "usage:\n    fire NAME VECS [count=N] | fire NAME intx\n", "");
	ck_run("help fire\n", 0, "example:\n    fire mana0 0-3 count=100\n", "");
	ck_run("help nope\n", 1, "", "t.scn:1: help: unknown verb 'nope'\n");
}
END_TEST

/* ---- the shell ------------------------------------------------------------------ */

START_TEST(test_shell_stream)
{
	const char *input = "help\nmachine cpus=2\ncat /proc/interrupts\nbogus\n"
			    "cat /sys/devices/system/cpu/online\nquit\nmachine\n";
	char *out = NULL, *err = NULL;
	size_t osize = 0, esize = 0;
	FILE *in = fmemopen((void *)input, strlen(input), "r");
	FILE *o = open_memstream(&out, &osize), *e = open_memstream(&err, &esize);

	/* An error does not end the session, but the status says so. */
	ck_assert_int_eq(irqlab_shell(in, o, e, 3), 1);
	fclose(in);
	fclose(o);
	fclose(e);
	ck_assert_ptr_nonnull(strstr(out, "'help VERB' explains a verb"));
	ck_assert_ptr_nonnull(strstr(out, "seed 3\n"));
	ck_assert_ptr_nonnull(strstr(out, "           CPU0       CPU1       \n"));
	ck_assert_ptr_nonnull(strstr(out, "0-1\n"));
	/* Nothing after quit ran: one machine only. */
	ck_assert_ptr_null(strstr(strstr(out, "machine:") + 1, "machine:"));
	ck_assert_str_eq(err, "shell:4: unknown verb 'bogus' ('help' lists the verbs)\n");
	free(out);
	free(err);
}
END_TEST

static Suite *scenario_suite(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_split_words_quotes_comments);
	tcase_add_test(tc, test_split_quoted_flags);
	tcase_add_test(tc, test_split_errors);
	tcase_add_test(tc, test_unquote);
	tcase_add_test(tc, test_numbers_and_errnos);
	tcase_add_test(tc, test_options);
	tcase_add_test(tc, test_grep);
	suite_add_tcase(s, tc);

	tc = tcase_create("run");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_run_ok);
	tcase_add_test(tc, test_unknown_verb_stops);
	tcase_add_test(tc, test_expect_failure_names_line);
	tcase_add_test(tc, test_expect_error);
	tcase_add_test(tc, test_failure_stops);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_expansion_errors);
	tcase_add_test(tc, test_pipe_and_redirect);
	tcase_add_test(tc, test_seed_and_options);
	tcase_add_test(tc, test_run_file_missing);
	tcase_add_test(tc, test_platform_gates);
	tcase_add_test(tc, test_platform_override);
	suite_add_tcase(s, tc);

	tc = tcase_create("devices");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_expand_device_vectors);
	tcase_add_test(tc, test_expand_device_errors);
	tcase_add_test(tc, test_device_usage_errors);
	tcase_add_test(tc, test_fire_request_handlers);
	tcase_add_test(tc, test_export_writes_tree);
	suite_add_tcase(s, tc);

	tc = tcase_create("verbs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_every_verb_documented);
	tcase_add_test(tc, test_help_verb);
	tcase_add_test(tc, test_shell_stream);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(scenario_suite());
}
