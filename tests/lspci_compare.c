// SPDX-License-Identifier: MIT
/*
 * Acceptance test: the real pciutils lspci, reading irqlab's hex dumps with
 * `lspci -F FILE`, prints what irqlab's own lspci prints.
 *
 *  1. The three test functions (MSI-X, 64-bit maskable MSI, 32-bit MSI),
 *     programmed like a kernel would, are dumped with irqlab's `lspci -xxx`
 *     and `-xxxx`.  For every listing mode (-v, -vv, -vvv, -n, -nn, -x,
 *     -xxx, -s and -d filters) the real lspci's text must equal irqlab's,
 *     byte for byte, with the names of a test pci.ids (and, when present,
 *     of the system's pci.ids).  The MSI and MSI-X lines must be there.
 *  2. Seeded random configuration images (every MSI layout, MSI-X, PCI
 *     Express of the decoded port types, odd BARs, broken capability
 *     chains) go through irqlab_lspci_images() and the real lspci.
 *
 * Byte-for-byte needs pciutils 3.9, whose text irqlab follows; with another
 * version only the MSI/MSI-X capability lines are compared (their format
 * has been stable since 3.1.3).  Without lspci the test is skipped (exit 77).
 *
 * usage: lspci_compare [LSPCI [FUZZ_IMAGES [SEED]]]
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "irqlab/irqlab.h"
#include "lspci.h"
#include "lspci_devices.h"

#define SKIP 77

static const char *lspci_bin = "lspci";
static bool full;		/* pciutils 3.9: compare every byte */
static char dir[64];
static char ids[256];
static unsigned int compared, failures;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("lspci_compare: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* The whole stdout of @cmd, or NULL if it could not run or failed. */
static char *run(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	size_t n;

	if (!p || !buf)
		die("cannot run %s", cmd);
	while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory");
		}
	}
	buf[len] = 0;
	*status = pclose(p);
	return buf;
}

/* Does the real lspci exist, and is it the version irqlab's text follows? */
static bool probe_lspci(void)
{
	char cmd[512];
	int st;
	char *out;
	unsigned int major = 0, minor = 0;

	snprintf(cmd, sizeof(cmd), "'%s' --version 2>/dev/null", lspci_bin);
	out = run(cmd, &st);
	if (st || sscanf(out, "lspci version %u.%u", &major, &minor) != 2) {
		free(out);
		return false;
	}
	full = major == 3 && minor == 9;
	printf("lspci_compare: %s", out);
	if (!full)
		printf("lspci_compare: not pciutils 3.9: comparing MSI/MSI-X lines only\n");
	free(out);
	return true;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		die("cannot write %s", path);
}

/* Keep the MSI and MSI-X capabilities with their detail lines. */
static char *msi_lines(const char *text)
{
	char *out = calloc(1, strlen(text) + 1), *o = out;
	bool in = false;

	for (const char *l = text; *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l + 1) : strlen(l);

		if (!strncmp(l, "\tCapabilities: [", 16))
			in = memmem(l, n, "] MSI: ", 7) || memmem(l, n, "] MSI-X: ", 9);
		else if (strncmp(l, "\t\t", 2))
			in = false;
		if (in) {
			memcpy(o, l, n);
			o += n;
		}
		l += n;
	}
	return out;
}

/* Print the first differing line of two texts. */
static void show_diff(const char *a, const char *b)
{
	unsigned int line = 1;

	while (*a && *a == *b) {
		if (*a == '\n')
			line++;
		a++;
		b++;
	}
	while (line > 1 && a[-1] != '\n')
		a--, b--;
	fprintf(stderr, "  first difference at line %u:\n  irqlab: %.*s\n  lspci:  %.*s\n", line,
		(int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
}

static void compare(const char *what, const char *mine, const char *theirs)
{
	char *a = full ? strdup(mine) : msi_lines(mine);
	char *b = full ? strdup(theirs) : msi_lines(theirs);

	compared++;
	if (strcmp(a, b)) {
		failures++;
		fprintf(stderr, "lspci_compare: MISMATCH %s\n", what);
		show_diff(a, b);
	}
	free(a);
	free(b);
}

/* irqlab's text for @args over @m (or over images). */
static char *irqlab_text(struct irqlab_machine *m, const struct irqlab_lspci_image *img,
			 unsigned int n, const char *args)
{
	struct seq_file s;
	char *t;
	int ret;

	seq_init(&s);
	ret = m ? irqlab_lspci(m, args, &s) : irqlab_lspci_images(img, n, args, &s);
	if (ret)
		die("irqlab lspci %s: %d: %s", args, ret, seq_text(&s));
	t = strdup(seq_text(&s));
	seq_release_buf(&s);
	return t;
}

/* Run the real lspci on @dump with @names ("-i FILE", or "" for its own). */
static char *lspci_text(const char *dump, const char *names, const char *args)
{
	char cmd[1024];
	int st;
	char *out;

	snprintf(cmd, sizeof(cmd), "'%s' -F '%s' %s %s %s 2>/dev/null", lspci_bin, dump,
		 full ? "-O hwdb.disable=1" : "", names, args);
	out = run(cmd, &st);
	if (st)
		die("'%s' failed (status %d)", cmd, st);
	return out;
}

/* Compare with names from pci.ids options @mine_names and @their_names. */
static void check_names(struct irqlab_machine *m, const struct irqlab_lspci_image *img,
			unsigned int n, const char *dump, const char *mine_names,
			const char *their_names, const char *args)
{
	char mine_args[512], what[600];
	char *mine, *theirs;

	snprintf(mine_args, sizeof(mine_args), "%s %s", mine_names, args);
	mine = irqlab_text(m, img, n, mine_args);
	theirs = lspci_text(dump, their_names, args);
	snprintf(what, sizeof(what), "lspci -F %s %s", dump, mine_args);
	compare(what, mine, theirs);
	free(mine);
	free(theirs);
}

static void check_mode(struct irqlab_machine *m, const struct irqlab_lspci_image *img,
		       unsigned int n, const char *dump, const char *names, const char *args)
{
	check_names(m, img, n, dump, names, names, args);
}

static void need(const char *text, const char *line)
{
	if (!strstr(text, line)) {
		failures++;
		fprintf(stderr, "lspci_compare: real lspci lacks \"%s\" in:\n%s", line, text);
	}
}

/* Part 1: the three programmed functions. */
static void check_devices(void)
{
	static const char *const modes[] = {
		"", "-v", "-vv", "-vvv", "-n", "-nn", "-vvvnn", "-vn", "-x", "-xxx", "-vvvxxx",
		"-D", "-s 00:04.0 -vvv", "-s 7870:00:00.0 -vv", "-s .0 -v", "-d 1414: -vvv",
		"-d 10ec:8139 -vvv", "-d ::0200 -v", "-s 00:07 -vvv",
	};
	struct irqlab_machine *m;
	struct irqlab_pci_fn *fn;
	static const char sys_ids[] = "/usr/share/misc/pci.ids";
	char dump[128], dump4k[128];
	char *hex, *hex4k, *text;

	if (irqlab_machine_create(NULL, &m))
		die("cannot create a machine");
	for (int i = 0; i < LSPCI_NR_DEVS; i++)
		if (lspci_dev_create(m, i, &fn))
			die("cannot create test function %s", lspci_dev_bdf[i]);

	snprintf(dump, sizeof(dump), "%s/devices.xxx", dir);
	snprintf(dump4k, sizeof(dump4k), "%s/devices.xxxx", dir);
	hex = irqlab_text(m, NULL, 0, "-xxx");
	hex4k = irqlab_text(m, NULL, 0, "-xxxx");
	write_file(dump, hex);
	write_file(dump4k, hex4k);

	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		check_mode(m, NULL, 0, dump, ids, modes[i]);
		check_mode(m, NULL, 0, dump4k, ids, modes[i]);
	}
	/* The dumps read back into the same dumps. */
	check_mode(m, NULL, 0, dump, ids, "-xxx");
	check_mode(m, NULL, 0, dump4k, ids, "-xxxx");
	/*
	 * The system's names: irqlab finds its pci.ids by itself; lspci is
	 * pointed at it (its own default may be a pci.ids.gz).
	 */
	if (full && !access(sys_ids, R_OK)) {
		check_names(m, NULL, 0, dump, "", "-i /usr/share/misc/pci.ids", "-vvv");
		check_names(m, NULL, 0, dump, "", "-i /usr/share/misc/pci.ids", "-nn");
	}

	/* The acceptance lines themselves, as the real lspci decodes them. */
	text = lspci_text(dump, ids, "-vvv");
	need(text, "\tCapabilities: [40] MSI-X: Enable+ Count=1024 Masked-\n");
	need(text, "\t\tVector table: BAR=4 offset=00003000\n");
	need(text, "\t\tPBA: BAR=4 offset=00007000\n");
	need(text, "MSI: Enable+ Count=4/4 Maskable+ 64bit+\n"
		   "\t\tAddress: 00000000fee02000  Data: 0023\n"
		   "\t\tMasking: 00000008  Pending: 00000008\n");
	need(text, "MSI: Enable+ Count=1/1 Maskable- 64bit-\n"
		   "\t\tAddress: fee01000  Data: 0031\n");
	free(text);
	free(hex);
	free(hex4k);
	irqlab_machine_destroy(m);
}

/* Part 1b: the hand-made images of lspci_devices.c. */
static void check_images(void)
{
	static const char *const modes[] = { "", "-v", "-vv", "-vvv", "-vvvnn", "-vn", "-xxxx" };
	struct irqlab_lspci_image img[LSPCI_NR_IMGS * LSPCI_IMG_MAX_FNS];
	u8 *space = calloc(ARRAY_SIZE(img), PCI_CFG_SPACE_EXP_SIZE);
	unsigned int n = 0;
	char dump[128], *hex;

	if (!space)
		die("out of memory");
	for (unsigned int i = 0; i < LSPCI_NR_IMGS; i++)
		n += lspci_image_build(i, space + (size_t)n * PCI_CFG_SPACE_EXP_SIZE, img + n);
	snprintf(dump, sizeof(dump), "%s/images.xxxx", dir);
	hex = irqlab_text(NULL, img, n, "-xxxx");
	write_file(dump, hex);
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		check_mode(NULL, img, n, dump, ids, modes[i]);
	free(hex);
	free(space);
}

/* ---- part 2: random images ------------------------------------------ */

static unsigned long long rng;

static u32 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (u32)(rng >> 16);
}

static u32 below(u32 n)
{
	return rnd() % n;
}

static bool chance(unsigned int percent)
{
	return below(100) < percent;
}

static void put(u8 *b, unsigned int off, u32 v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		b[off + i] = (u8)(v >> (8 * i));
}

static void fuzz_header(u8 *b)
{
	static const u16 known[][2] = { { 0x1414, 0x00ba }, { 0x8086, 0x10d3 },
					{ 0x10ec, 0x8139 }, { 0x1414, 0x008e } };
	static const u16 classes[] = { 0x0200, 0x0280, 0x0101, 0x0604, 0x0c03, 0x1234 };
	unsigned int k = below(ARRAY_SIZE(known));
	u16 v = chance(70) ? known[k][0] : (u16)rnd(), d = chance(70) ? known[k][1] : (u16)rnd();

	put(b, PCI_VENDOR_ID, v, 2);
	put(b, PCI_DEVICE_ID, d, 2);
	put(b, PCI_COMMAND, rnd(), 2);
	put(b, PCI_STATUS, (rnd() & ~PCI_STATUS_CAP_LIST) | (chance(90) ? PCI_STATUS_CAP_LIST : 0),
	    2);
	put(b, PCI_CLASS_DEVICE, chance(80) ? classes[below(ARRAY_SIZE(classes))] : rnd(), 2);
	b[PCI_CLASS_PROG] = chance(60) ? 0 : (u8)rnd();
	b[PCI_REVISION_ID] = chance(50) ? 0 : (u8)rnd();
	b[PCI_CACHE_LINE_SIZE] = chance(50) ? 0 : (u8)rnd();
	b[PCI_LATENCY_TIMER] = chance(50) ? 0 : (u8)rnd();
	/* Mostly type 0 (maybe multi-function); sometimes an unknown type. */
	b[PCI_HEADER_TYPE] = chance(90) ? (chance(80) ? 0 : 0x80) : (u8)(3 + below(0x7c));
	b[PCI_BIST] = chance(80) ? 0 : (u8)rnd();
	put(b, PCI_SUBSYSTEM_VENDOR_ID, chance(30) ? v : (chance(20) ? 0xffff : rnd()), 2);
	put(b, PCI_SUBSYSTEM_ID, chance(30) ? d : rnd(), 2);
	b[PCI_INTERRUPT_LINE] = chance(50) ? 0 : (u8)rnd();
	b[PCI_INTERRUPT_PIN] = chance(50) ? (u8)below(5) : (u8)below(0xc0);
	b[PCI_MIN_GNT] = chance(70) ? 0 : (u8)rnd();
	b[PCI_MAX_LAT] = chance(70) ? 0 : (u8)rnd();
	if (chance(15))
		put(b, PCI_ROM_ADDRESS, chance(50) ? rnd() : 0xffffffff, 4);
}

static void fuzz_bars(u8 *b)
{
	for (unsigned int i = 0; i < PCI_STD_NUM_BARS; i++) {
		unsigned int reg = PCI_BASE_ADDRESS_0 + 4 * i, k = below(10);

		if (k < 3)
			continue;
		if (k < 5)
			put(b, reg, chance(70) ? (rnd() & ~3u) | 1 : 1, 4);
		else if (k < 7)
			put(b, reg, (chance(60) ? rnd() & ~0xfu : 0) | (chance(50) ? 8 : 0), 4);
		else if (k < 9 && i < PCI_STD_NUM_BARS - 1) {
			put(b, reg, (chance(60) ? rnd() & ~0xfu : 0) | 4 | (chance(50) ? 8 : 0), 4);
			put(b, reg + 4, chance(50) ? 0 : rnd(), 4);
			i++;
		} else {
			put(b, reg, chance(50) ? 0xffffffff : rnd(), 4);
		}
	}
}

/* A free dword-aligned range of @size bytes in 0x40..0xff, or 0. */
static unsigned int fuzz_alloc(bool *used, unsigned int size)
{
	for (int tries = 0; tries < 50; tries++) {
		unsigned int o = 0x40 + 4 * below(48), i;

		if (o + size > 0x100)
			continue;
		for (i = 0; i < size && !used[o + i]; i++)
			;
		if (i < size)
			continue;
		memset(used + o, true, size);
		return o;
	}
	return 0;
}

/* One capability of kind @kind at a fresh offset; 0 if none fitted. */
static unsigned int fuzz_cap(u8 *b, bool *used, unsigned int kind)
{
	/* PCIe port types decoded fully (no Root or Slot registers). */
	static const u8 types[] = { 0, 1, 3, 5, 6, 7, 8, 9, 11 };
	static const u8 sizes[] = { 0x18, 12, 0x3c, 4 };
	unsigned int o = fuzz_alloc(used, sizes[kind]);

	if (!o)
		return 0;
	for (unsigned int i = 2; i < sizes[kind]; i++)
		b[o + i] = chance(60) ? (u8)rnd() : 0;
	if (kind == 0) {
		b[o] = PCI_CAP_ID_MSI;
	} else if (kind == 1) {
		b[o] = PCI_CAP_ID_MSIX;
	} else if (kind == 2) {
		u16 flags = (u16)((chance(70) ? 2 : below(16)) | types[below(sizeof(types))] << 4 |
				  below(32) << 9);

		b[o] = PCI_CAP_ID_EXP;
		put(b, o + 2, flags, 2);
	} else {
		static const u8 other[] = { 0x20, 0x42, 0x16, 0x30 };

		b[o] = other[below(sizeof(other))];
	}
	return o;
}

static void fuzz_caps(u8 *b)
{
	bool used[256] = { false };
	unsigned int caps[4], n = 0, prev = PCI_CAPABILITY_LIST;

	for (unsigned int kind = 0; kind < 4; kind++) {
		unsigned int o = chance(50) ? fuzz_cap(b, used, kind) : 0;

		if (o)
			caps[n++] = o;
	}
	for (unsigned int i = n; i > 1; i--) {
		unsigned int j = below(i), t = caps[i - 1];

		caps[i - 1] = caps[j];
		caps[j] = t;
	}
	for (unsigned int i = 0; i < n; i++) {
		b[prev] = (u8)(caps[i] | (i == 0 && chance(20) ? below(4) : 0));
		prev = caps[i] + PCI_CAP_LIST_NEXT;
	}
	b[prev] = 0;
	if (n && chance(5))
		b[prev] = (u8)caps[0];	/* a loop */
	else if (n && chance(5) && !used[0xfc])
		b[prev] = 0xfc, b[0xfc] = 0xff;	/* a broken chain */
}

static void fuzz_image(u8 *b)
{
	memset(b, 0, PCI_CFG_SPACE_EXP_SIZE);
	fuzz_header(b);
	fuzz_bars(b);
	fuzz_caps(b);
}

static void check_fuzz(unsigned int n, unsigned long long seed)
{
	static const char *const modes[] = { "", "-v", "-vv", "-vvv", "-vvvnn", "-vn", "-xxxx" };
	struct irqlab_lspci_image *img = calloc(n, sizeof(*img));
	u8 *space = calloc(n, PCI_CFG_SPACE_EXP_SIZE);
	char dump[128], *hex;
	unsigned int i;

	if (!img || !space)
		die("out of memory");
	rng = seed ? seed : 1;
	printf("lspci_compare: %u random images, seed %llu\n", n, seed);
	for (i = 0; i < n; i++) {
		img[i].config = space + (size_t)i * PCI_CFG_SPACE_EXP_SIZE;
		/* Unique slots: bus i / 32, device i % 32, in a few domains. */
		img[i].segment = (u16)(i % 7 == 3 ? 0x10 + i : 0);
		img[i].bus = (u8)(i / 32);
		img[i].devfn = (u8)((i % 32) << 3 | (chance(70) ? 0 : below(8)));
		fuzz_image(space + (size_t)i * PCI_CFG_SPACE_EXP_SIZE);
	}
	snprintf(dump, sizeof(dump), "%s/fuzz.xxxx", dir);
	hex = irqlab_text(NULL, img, n, "-xxxx");
	write_file(dump, hex);
	for (i = 0; i < ARRAY_SIZE(modes); i++)
		check_mode(NULL, img, n, dump, ids, modes[i]);
	free(hex);
	free(space);
	free(img);
}

int main(int argc, char **argv)
{
	unsigned int nfuzz = argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 0) : 300;
	unsigned long long seed = argc > 3 ? strtoull(argv[3], NULL, 0) : 20250601;
	char rm[160];

	if (argc > 1)
		lspci_bin = argv[1];
	if (!probe_lspci()) {
		printf("lspci_compare: SKIP: the real lspci ('%s', package pciutils) is not "
		       "installed; run scripts/ensure-deps.sh\n", lspci_bin);
		return SKIP;
	}
	strcpy(dir, "/tmp/irqlab-lspci-XXXXXX");
	if (!mkdtemp(dir))
		die("mkdtemp: %s", strerror(errno));
	snprintf(ids, sizeof(ids), "-i %s/pci.ids", dir);
	write_file(ids + 3, lspci_test_ids);

	check_devices();
	if (full) {
		check_images();
		check_fuzz(nfuzz, seed);
	}

	snprintf(rm, sizeof(rm), "rm -rf '%s'", dir);
	if (!failures && system(rm))
		fprintf(stderr, "lspci_compare: could not remove %s\n", dir);
	printf("lspci_compare: %u comparisons, %u mismatches%s%s\n", compared, failures,
	       failures ? "; files kept in " : "", failures ? dir : "");
	return failures ? 1 : 0;
}
