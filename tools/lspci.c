// SPDX-License-Identifier: MIT
/*
 * lspci over irqlab's emulated PCI functions.
 *
 * The text is pciutils 3.9's, decided from the same bytes the real lspci
 * would see when it reads a dump of the function (`lspci -F FILE`): the
 * generic libpci back-end fills the BARs, the IRQ and the IDs from config
 * space, sizes are unknown, and nothing comes from the kernel.  That is
 * what makes the acceptance test possible: the real lspci, given irqlab's
 * -xxx dump, prints what irqlab prints.  Quirks of that path are kept on
 * purpose (the high half of a 64-bit BAR is listed again when non-zero;
 * LnkCap2/LnkCtl2 only for function 0 of device 0; the prog-if name is
 * looked up even with -n).
 *
 * Decoded: the type 0 header (what the emulated function has), the
 * capability list with MSI, MSI-X and PCI Express (every port type but
 * Root Ports, Event Collectors and ports with a Slot, which get the header
 * line only), other capability IDs as "Capability ID 0x..".  Headers of
 * type 1 and 2 are listed as unknown ones.  Names come from pci.ids read
 * the way libpci parses it (vendors, devices, subsystems, "S" generic
 * subsystems, classes, prog-ifs), except that a malformed line is skipped
 * where libpci gives up on the whole file; udev's hwdb is not consulted
 * (the real lspci's is disabled with -O hwdb.disable=1 when comparing).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irqlab/pci_hw.h"
#include "irqlab/seq_file.h"
#include "irqlab/slab.h"
#include "lspci.h"

#define FLAG(x, bit) (((x) & (bit)) ? '+' : '-')

/* ----------------------------------------------------------------------
 * Options
 */

/* A device filter: -1 means "any", as in libpci's struct pci_filter. */
struct lspci_filter {
	int domain, bus, slot, func;
	int vendor, device, device_class, prog_if;
	unsigned int class_mask;
};

struct lspci_opts {
	int verbose;		/* -v count */
	int hex;		/* -x count */
	int numeric;		/* -n count */
	bool domains;		/* -D */
	const char *ids;	/* -i FILE, or NULL for the default paths */
	struct lspci_filter flt;
	char err[160];
};

/* libpci refuses filter expressions of 64 characters or more. */
#define FILTER_BUF 64

/* Split @str in place at @sep into exactly @max slots (NULL when absent). */
static const char *split_fields(char *str, char sep, char **f, int max)
{
	int i = 0;

	for (;;) {
		if (i >= max)
			return "Too many fields";
		f[i++] = str;
		str = strchr(str, sep);
		if (!str)
			break;
		*str++ = 0;
	}
	while (i < max)
		f[i++] = NULL;
	return NULL;
}

static bool field_defined(const char *f)
{
	return f && f[0] && strcmp(f, "*");
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * One hex field of a filter; an undefined field keeps the default.  With
 * @maskp, 'x' digits are wildcards (class codes such as "02xx").  @max
 * bounds the value with wildcards read as 1, like libpci.
 */
static bool parse_hex_field(const char *s, int *outp, unsigned int *maskp, unsigned int max)
{
	unsigned int out = 0, mask = ~0U, bound = 0;

	if (!field_defined(s))
		return true;
	for (; *s; s++) {
		int dg = hex_digit(*s);

		if ((*s == 'x' || *s == 'X') && maskp) {
			out <<= 4;
			bound = bound << 4 | 1;
			mask <<= 4;
		} else if (dg >= 0) {
			out = out << 4 | (unsigned int)dg;
			bound = bound << 4 | (unsigned int)dg;
			mask = mask << 4 | 0xf;
		} else {
			return false;
		}
		if (bound > max)
			return false;
	}
	*outp = (int)out;
	if (maskp)
		*maskp = mask;
	return true;
}

/* -s [[[domain]:][bus]:][slot][.[func]] */
static const char *parse_slot(struct lspci_filter *f, const char *arg)
{
	char buf[FILTER_BUF], *fl[3], *sf[2];
	const char *err;
	int i = 0;

	if (strlen(arg) >= sizeof(buf))
		return "Expression too long";
	strcpy(buf, arg);
	err = split_fields(buf, ':', fl, 3);
	if (err)
		return err;
	if (fl[2]) {
		if (!parse_hex_field(fl[0], &f->domain, NULL, 0x7fffffff))
			return "Invalid domain number";
		i++;
	}
	if (fl[i + 1]) {
		if (!parse_hex_field(fl[i], &f->bus, NULL, 0xff))
			return "Invalid bus number";
		i++;
	}
	if (!field_defined(fl[i]))
		return NULL;
	if (split_fields(fl[i], '.', sf, 2))
		return "Invalid slot/function number";
	if (!parse_hex_field(sf[0], &f->slot, NULL, 0x1f))
		return "Invalid slot number";
	if (!parse_hex_field(sf[1], &f->func, NULL, 7))
		return "Invalid function number";
	return NULL;
}

/* -d [vendor]:[device][:class[:prog-if]] */
static const char *parse_id(struct lspci_filter *f, const char *arg)
{
	char buf[FILTER_BUF], *fl[4];
	const char *err;

	if (strlen(arg) >= sizeof(buf))
		return "Expression too long";
	strcpy(buf, arg);
	err = split_fields(buf, ':', fl, 4);
	if (err)
		return err;
	if (!fl[1])
		return "At least two fields must be given";
	if (!parse_hex_field(fl[0], &f->vendor, NULL, 0xffff))
		return "Invalid vendor ID";
	if (!parse_hex_field(fl[1], &f->device, NULL, 0xffff))
		return "Invalid device ID";
	if (!parse_hex_field(fl[2], &f->device_class, &f->class_mask, 0xffff))
		return "Invalid class code";
	if (!parse_hex_field(fl[3], &f->prog_if, NULL, 0xff))
		return "Invalid programming interface code";
	return NULL;
}

/* An option taking a value: -s, -d or -i. */
static int parse_valued(struct lspci_opts *o, char opt, const char *val)
{
	const char *msg = NULL;

	if (opt == 's')
		msg = parse_slot(&o->flt, val);
	else if (opt == 'd')
		msg = parse_id(&o->flt, val);
	else
		o->ids = val;
	if (msg) {
		snprintf(o->err, sizeof(o->err), "lspci: -%c: %s", opt, msg);
		return -EINVAL;
	}
	return 0;
}

/* One "-abc" word; @save is the strtok_r state, for a value in the next word. */
static int parse_flags(struct lspci_opts *o, char *word, char **save)
{
	for (char *c = word + 1; *c; c++) {
		switch (*c) {
		case 'v':
			o->verbose++;
			break;
		case 'x':
			o->hex++;
			break;
		case 'n':
			o->numeric++;
			break;
		case 'D':
			o->domains = true;
			break;
		case 's':
		case 'd':
		case 'i': {
			/* getopt: the rest of the word, else the next word. */
			char *val = c[1] ? c + 1 : strtok_r(NULL, " \t\n", save);

			if (!val) {
				snprintf(o->err, sizeof(o->err),
					 "lspci: option -%c requires an argument", *c);
				return -EINVAL;
			}
			return parse_valued(o, *c, val);
		}
		default:
			snprintf(o->err, sizeof(o->err), "lspci: invalid option -%c", *c);
			return -EINVAL;
		}
	}
	return 0;
}

/* Parse @words (modified in place; -i keeps a pointer into it). */
static int parse_args(struct lspci_opts *o, char *words)
{
	char *save = NULL, *w;
	bool options_done = false;
	int ret;

	memset(o, 0, sizeof(*o));
	o->flt = (struct lspci_filter){ -1, -1, -1, -1, -1, -1, -1, -1, ~0U };
	for (w = strtok_r(words, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		if (!options_done && !strcmp(w, "--")) {
			options_done = true;
			continue;
		}
		if (options_done || w[0] != '-' || !w[1]) {
			snprintf(o->err, sizeof(o->err), "lspci: unexpected argument '%.100s'", w);
			return -EINVAL;
		}
		ret = parse_flags(o, w, &save);
		if (ret)
			return ret;
	}
	return 0;
}

/* ----------------------------------------------------------------------
 * pci.ids
 */

#define NAME_LEN 1024	/* libpci's longest line */

/* What one function needs from pci.ids ("" when not found). */
struct lspci_names {
	char vendor[NAME_LEN];		/* vendor */
	char device[NAME_LEN];		/* vendor, device */
	char subvendor[NAME_LEN];	/* subsystem vendor */
	char subsystem[NAME_LEN];	/* vendor, device, subvendor, subdevice */
	char gen_subsystem[NAME_LEN];	/* subvendor, subdevice ("S" block) */
	char base[NAME_LEN];		/* class */
	char sub[NAME_LEN];		/* class, subclass */
	char progif[NAME_LEN];		/* class, subclass, prog-if */
};

struct lspci_ids_key {
	int vendor, device, subvendor, subdevice;
	int base, sub, progif;
};

enum ids_cat { CAT_NONE, CAT_VENDOR, CAT_DEVICE, CAT_SUBSYS, CAT_CLASS, CAT_SUBCLASS,
	       CAT_PROGIF, CAT_GEN_SUBSYS };

/* Where the parser is in the file: the block it is in and its IDs. */
struct ids_pos {
	enum ids_cat cat;
	int id1, id2;
};

/* Exactly @n hex digits, then a space or tab (or, with @eol, nothing). */
static int ids_hex_end(const char *p, int n, bool eol)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		int dg = hex_digit(p[i]);

		if (dg < 0)
			return -1;
		x = x << 4 | dg;
	}
	if (eol)
		return p[n] ? -1 : x;
	return (p[n] == ' ' || p[n] == '\t') ? x : -1;
}

static int ids_hex(const char *p, int n)
{
	return ids_hex_end(p, n, false);
}

static void ids_take(char *dst, const char *p, bool match)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (match && !dst[0])
		snprintf(dst, NAME_LEN, "%s", p);
}

/* A top-level line: a vendor, a class ("C xx"), generic subsystems of a
 * vendor ("S vvvv"), or a block of a kind libpci does not know. */
static void ids_top(struct ids_pos *pos, const char *p, const struct lspci_ids_key *k,
		    struct lspci_names *nm)
{
	int id;

	if (p[0] == 'C' && p[1] == ' ') {
		id = ids_hex(p + 2, 2);
		pos->cat = id < 0 ? CAT_NONE : CAT_CLASS;
		pos->id1 = id;
		ids_take(nm->base, p + 4, id >= 0 && id == k->base);
		return;
	}
	if (p[0] == 'S' && p[1] == ' ') {
		id = ids_hex_end(p + 2, 4, true);
		pos->cat = id < 0 ? CAT_NONE : CAT_GEN_SUBSYS;
		pos->id1 = id;
		return;
	}
	if (p[0] >= 'A' && p[0] <= 'Z' && p[1] == ' ') {
		pos->cat = CAT_NONE;
		return;
	}
	id = ids_hex(p, 4);
	pos->cat = id < 0 ? CAT_NONE : CAT_VENDOR;
	pos->id1 = id;
	ids_take(nm->vendor, p + 4, id >= 0 && id == k->vendor);
	ids_take(nm->subvendor, p + 4, id >= 0 && id == k->subvendor);
}

/* One tab: a device of the vendor, a subclass of the class, or a generic
 * subsystem. */
static void ids_nest1(struct ids_pos *pos, const char *p, const struct lspci_ids_key *k,
		      struct lspci_names *nm)
{
	int id;

	if (pos->cat == CAT_VENDOR || pos->cat == CAT_DEVICE || pos->cat == CAT_SUBSYS) {
		id = ids_hex(p, 4);
		pos->cat = id < 0 ? CAT_NONE : CAT_DEVICE;
		pos->id2 = id;
		ids_take(nm->device, p + 4,
			 id >= 0 && pos->id1 == k->vendor && id == k->device);
	} else if (pos->cat == CAT_GEN_SUBSYS) {
		id = ids_hex(p, 4);
		ids_take(nm->gen_subsystem, p + 4,
			 id >= 0 && pos->id1 == k->subvendor && id == k->subdevice);
	} else if (pos->cat != CAT_NONE) {
		id = ids_hex(p, 2);
		pos->cat = id < 0 ? CAT_NONE : CAT_SUBCLASS;
		pos->id2 = id;
		ids_take(nm->sub, p + 2, id >= 0 && pos->id1 == k->base && id == k->sub);
	}
}

/* Two tabs: a subsystem of the device, or a prog-if of the subclass. */
static void ids_nest2(struct ids_pos *pos, const char *p, const struct lspci_ids_key *k,
		      struct lspci_names *nm)
{
	int a, b;

	if (pos->cat == CAT_DEVICE || pos->cat == CAT_SUBSYS) {
		a = ids_hex(p, 4);
		b = a < 0 ? -1 : ids_hex(p + 5, 4);
		if (b < 0)
			return;
		pos->cat = CAT_SUBSYS;
		/* libpci skips the per-device lookup for vendor or device 0. */
		ids_take(nm->subsystem, p + 9,
			 k->vendor > 0 && k->device > 0 && pos->id1 == k->vendor &&
			 pos->id2 == k->device && a == k->subvendor && b == k->subdevice);
	} else if (pos->cat == CAT_SUBCLASS || pos->cat == CAT_PROGIF) {
		a = ids_hex(p, 2);
		if (a < 0)
			return;
		pos->cat = CAT_PROGIF;
		ids_take(nm->progif, p + 2,
			 pos->id1 == k->base && pos->id2 == k->sub && a == k->progif);
	}
}

/* Read one line of at most NAME_LEN - 1 bytes; false at EOF. */
static bool ids_line(FILE *f, char *line)
{
	size_t len;

	if (!fgets(line, NAME_LEN, f))
		return false;
	len = strcspn(line, "\r\n");
	if (!line[len]) {
		/* Longer than libpci accepts: drop the rest of it. */
		int c;

		while ((c = fgetc(f)) != EOF && c != '\n')
			;
	}
	line[len] = 0;
	/* libpci trims one trailing blank. */
	if (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		line[len - 1] = 0;
	return true;
}

static void ids_scan(FILE *f, const struct lspci_ids_key *k, struct lspci_names *nm)
{
	char line[NAME_LEN];
	struct ids_pos pos = { CAT_NONE, -1, -1 };

	while (ids_line(f, line)) {
		const char *p = line + strspn(line, " \t");
		int nest;

		if (!*p || *p == '#')
			continue;
		nest = (int)strspn(line, "\t");
		p = line + nest;
		if (nest == 0)
			ids_top(&pos, p, k, nm);
		else if (nest == 1)
			ids_nest1(&pos, p, k, nm);
		else if (nest == 2)
			ids_nest2(&pos, p, k, nm);
	}
}

static FILE *ids_open(const struct lspci_opts *o)
{
	static const char *const paths[] = { IRQLAB_LSPCI_IDS_PATHS };
	FILE *f;

	if (o->ids)
		return fopen(o->ids, "r");
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
		f = fopen(paths[i], "r");
		if (f)
			return f;
	}
	return NULL;
}

/* Fill @nm for @k; all names stay empty without a readable pci.ids. */
static void ids_lookup(const struct lspci_opts *o, const struct lspci_ids_key *k,
		       struct lspci_names *nm)
{
	FILE *f;

	memset(nm, 0, sizeof(*nm));
	f = ids_open(o);
	if (!f)
		return;
	ids_scan(f, k, nm);
	fclose(f);
}

/* ----------------------------------------------------------------------
 * Name formatting (libpci's pci_lookup_name() rules)
 */

enum { LK_NUMERIC = 1, LK_MIXED = 2, LK_NO_NUMBERS = 4 };

static int lookup_flags(const struct lspci_opts *o)
{
	if (o->numeric > 1)
		return LK_MIXED;
	return o->numeric ? LK_NUMERIC : 0;
}

static const char *nonempty(const char *s)
{
	return s && s[0] ? s : NULL;
}

/* snprintf into a libpci-sized buffer, which ends in "..." when too short. */
static const char *__attribute__((format(printf, 3, 4)))
fit(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int res;

	va_start(ap, fmt);
	res = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (res >= (int)size)
		buf[size - 2] = buf[size - 3] = buf[size - 4] = '.';
	return buf;
}

static const char *format_name(char *buf, size_t size, int flags, const char *name,
			       const char *num, const char *unknown)
{
	if ((flags & LK_NO_NUMBERS) && !name)
		return NULL;
	if (flags & LK_NUMERIC)
		return fit(buf, size, "%s", num);
	if (!name)
		return fit(buf, size, (flags & LK_MIXED) ? "%s [%s]" : "%s %s", unknown, num);
	if (flags & LK_MIXED)
		return fit(buf, size, "%s [%s]", name, num);
	return fit(buf, size, "%s", name);
}

/* "Vendor Device"; @num is "vvvv:dddd". */
static const char *format_pair(char *buf, size_t size, int flags, const char *v,
			       const char *d, const char *num)
{
	if (flags & LK_NUMERIC)
		return fit(buf, size, "%s", num);
	if (flags & LK_MIXED) {
		if (v && d)
			return fit(buf, size, "%s %s [%s]", v, d, num);
		if (!v)
			return fit(buf, size, "Device [%s]", num);
		return fit(buf, size, "%s Device [%s]", v, num);
	}
	if (v && d)
		return fit(buf, size, "%s %s", v, d);
	if (!v)
		return fit(buf, size, "Device %s", num);
	return fit(buf, size, "%s Device %s", v, num + 5);
}

/* ----------------------------------------------------------------------
 * One function
 */

struct lspci_dev {
	const struct lspci_opts *o;
	struct seq_file *s;
	const struct irqlab_lspci_image *img;
	bool show_domain;
	u8 htype;
	u64 base[PCI_STD_NUM_BARS];	/* libpci's base_addr[] */
	struct lspci_names nm;
};

static u8 cfg8(const struct lspci_dev *d, unsigned int off)
{
	return d->img->config[off];
}

static u16 cfg16(const struct lspci_dev *d, unsigned int off)
{
	return (u16)(cfg8(d, off) | cfg8(d, off + 1) << 8);
}

static u32 cfg32(const struct lspci_dev *d, unsigned int off)
{
	return cfg16(d, off) | (u32)cfg16(d, off + 2) << 16;
}

static u16 dev_class(const struct lspci_dev *d)
{
	return cfg16(d, PCI_CLASS_DEVICE);
}

/* The BARs as libpci's generic back-end reads them: a 64-bit pair joined. */
static void fill_bases(struct lspci_dev *d)
{
	if (d->htype != PCI_HEADER_TYPE_NORMAL)
		return;
	for (int i = 0; i < PCI_STD_NUM_BARS; i++) {
		u32 x = cfg32(d, PCI_BASE_ADDRESS_0 + 4 * i);

		if (!x || x == 0xffffffff)
			continue;
		if ((x & PCI_BASE_ADDRESS_SPACE_IO) ||
		    (x & PCI_BASE_ADDRESS_MEM_TYPE_MASK) != PCI_BASE_ADDRESS_MEM_TYPE_64) {
			d->base[i] = x;
		} else if (i < PCI_STD_NUM_BARS - 1) {
			d->base[i] = x | (u64)cfg32(d, PCI_BASE_ADDRESS_0 + 4 * (i + 1)) << 32;
			i++;
		}
	}
}

static void show_slot(const struct lspci_dev *d)
{
	const struct irqlab_lspci_image *im = d->img;

	if (d->show_domain)
		seq_printf(d->s, "%04x:", im->segment);
	seq_printf(d->s, "%02x:%02x.%d", im->bus, im->devfn >> 3, im->devfn & 7);
}

static void show_progif(struct lspci_dev *d)
{
	u8 pif = cfg8(d, PCI_CLASS_PROG);
	const char *name = nonempty(d->nm.progif);
	char pifbuf[40], buf[128];

	/* IDE controllers spell their prog-if out when pci.ids does not. */
	if (!name && dev_class(d) == 0x0101 && !(pif & 0x70)) {
		snprintf(pifbuf, sizeof(pifbuf), "%s%s%s%s%s", (pif & 0x80) ? " Master" : "",
			 (pif & 0x08) ? " SecP" : "", (pif & 0x04) ? " SecO" : "",
			 (pif & 0x02) ? " PriP" : "", (pif & 0x01) ? " PriO" : "");
		name = pifbuf[0] ? pifbuf + 1 : pifbuf;
	}
	name = format_name(buf, sizeof(buf), LK_NO_NUMBERS, name, "", "ProgIf");
	if (!pif && !name)
		return;
	seq_printf(d->s, " (prog-if %02x", pif);
	if (name)
		seq_printf(d->s, " [%s]", name);
	seq_putc(d->s, ')');
}

static void show_subsystem(struct lspci_dev *d)
{
	const struct lspci_names *nm = &d->nm;
	u16 v = cfg16(d, PCI_VENDOR_ID), dv = cfg16(d, PCI_DEVICE_ID);
	u16 sv = cfg16(d, PCI_SUBSYSTEM_VENDOR_ID), sd = cfg16(d, PCI_SUBSYSTEM_ID);
	const char *sub = nonempty(nm->subsystem);
	char num[16], buf[256];

	if (d->htype != PCI_HEADER_TYPE_NORMAL || !sv || sv == 0xffff)
		return;
	if (!sub)
		sub = nonempty(nm->gen_subsystem);
	/* A subsystem equal to the device takes the device's name. */
	if (!sub && v == sv && dv == sd)
		sub = nonempty(nm->device);
	snprintf(num, sizeof(num), "%04x:%04x", sv, sd);
	seq_printf(d->s, "\tSubsystem: %s\n",
		   format_pair(buf, sizeof(buf), lookup_flags(d->o), nonempty(nm->subvendor),
			       sub, num));
}

static void show_terse(struct lspci_dev *d)
{
	int flags = lookup_flags(d->o);
	const char *cls = nonempty(d->nm.sub);
	char num[16], cbuf[128], dbuf[128];
	u8 rev = cfg8(d, PCI_REVISION_ID);

	show_slot(d);
	/* Only the base class is known: show the full number with it. */
	if (!cls && (cls = nonempty(d->nm.base)) && !(flags & LK_NUMERIC))
		flags |= LK_MIXED;
	snprintf(num, sizeof(num), "%04x", dev_class(d));
	seq_printf(d->s, " %s: ", format_name(cbuf, sizeof(cbuf), flags, cls, num, "Class"));
	snprintf(num, sizeof(num), "%04x:%04x", cfg16(d, PCI_VENDOR_ID), cfg16(d, PCI_DEVICE_ID));
	seq_puts(d->s, format_pair(dbuf, sizeof(dbuf), lookup_flags(d->o), nonempty(d->nm.vendor),
				   nonempty(d->nm.device), num));
	if (rev)
		seq_printf(d->s, " (rev %02x)", rev);
	if (d->o->verbose)
		show_progif(d);
	seq_putc(d->s, '\n');
	if (d->o->verbose)
		show_subsystem(d);
}

static const char *devsel(u16 status)
{
	static const char *const names[] = { "fast", "medium", "slow", "??" };

	return names[(status & PCI_STATUS_DEVSEL_MASK) >> 9];
}

static void show_control_status(struct lspci_dev *d)
{
	u16 cmd = cfg16(d, PCI_COMMAND), st = cfg16(d, PCI_STATUS);

	seq_printf(d->s, "\tControl: I/O%c Mem%c BusMaster%c SpecCycle%c MemWINV%c VGASnoop%c "
		   "ParErr%c Stepping%c SERR%c FastB2B%c DisINTx%c\n",
		   FLAG(cmd, PCI_COMMAND_IO), FLAG(cmd, PCI_COMMAND_MEMORY),
		   FLAG(cmd, PCI_COMMAND_MASTER), FLAG(cmd, PCI_COMMAND_SPECIAL),
		   FLAG(cmd, PCI_COMMAND_INVALIDATE), FLAG(cmd, PCI_COMMAND_VGA_PALETTE),
		   FLAG(cmd, PCI_COMMAND_PARITY), FLAG(cmd, PCI_COMMAND_WAIT),
		   FLAG(cmd, PCI_COMMAND_SERR), FLAG(cmd, PCI_COMMAND_FAST_BACK),
		   FLAG(cmd, PCI_COMMAND_INTX_DISABLE));
	seq_printf(d->s, "\tStatus: Cap%c 66MHz%c UDF%c FastB2B%c ParErr%c DEVSEL=%s >TAbort%c "
		   "<TAbort%c <MAbort%c >SERR%c <PERR%c INTx%c\n",
		   FLAG(st, PCI_STATUS_CAP_LIST), FLAG(st, PCI_STATUS_66MHZ),
		   FLAG(st, PCI_STATUS_UDF), FLAG(st, PCI_STATUS_FAST_BACK),
		   FLAG(st, PCI_STATUS_PARITY), devsel(st), FLAG(st, PCI_STATUS_SIG_TARGET_ABORT),
		   FLAG(st, PCI_STATUS_REC_TARGET_ABORT), FLAG(st, PCI_STATUS_REC_MASTER_ABORT),
		   FLAG(st, PCI_STATUS_SIG_SYSTEM_ERROR), FLAG(st, PCI_STATUS_DETECTED_PARITY),
		   FLAG(st, PCI_STATUS_INTERRUPT));
}

static void show_latency(struct lspci_dev *d)
{
	u8 min_gnt = cfg8(d, PCI_MIN_GNT), max_lat = cfg8(d, PCI_MAX_LAT);
	u8 cache_line = cfg8(d, PCI_CACHE_LINE_SIZE);

	if (!(cfg16(d, PCI_COMMAND) & PCI_COMMAND_MASTER))
		return;
	seq_printf(d->s, "\tLatency: %d", cfg8(d, PCI_LATENCY_TIMER));
	if (min_gnt || max_lat) {
		seq_puts(d->s, " (");
		if (min_gnt)
			seq_printf(d->s, "%dns min", min_gnt * 250);
		if (min_gnt && max_lat)
			seq_puts(d->s, ", ");
		if (max_lat)
			seq_printf(d->s, "%dns max", max_lat * 250);
		seq_putc(d->s, ')');
	}
	if (cache_line)
		seq_printf(d->s, ", Cache Line Size: %d bytes", cache_line * 4);
	seq_putc(d->s, '\n');
}

/* -v: the one-line summary instead of the Control/Status/Latency lines. */
static void show_flags(struct lspci_dev *d)
{
	u16 cmd = cfg16(d, PCI_COMMAND), st = cfg16(d, PCI_STATUS);
	u8 irq = cfg8(d, PCI_INTERRUPT_LINE);

	seq_puts(d->s, "\tFlags: ");
	if (cmd & PCI_COMMAND_MASTER)
		seq_puts(d->s, "bus master, ");
	if (cmd & PCI_COMMAND_VGA_PALETTE)
		seq_puts(d->s, "VGA palette snoop, ");
	if (cmd & PCI_COMMAND_WAIT)
		seq_puts(d->s, "stepping, ");
	if (cmd & PCI_COMMAND_FAST_BACK)
		seq_puts(d->s, "fast Back2Back, ");
	if (st & PCI_STATUS_66MHZ)
		seq_puts(d->s, "66MHz, ");
	if (st & PCI_STATUS_UDF)
		seq_puts(d->s, "user-definable features, ");
	seq_printf(d->s, "%s devsel", devsel(st));
	if (cmd & PCI_COMMAND_MASTER)
		seq_printf(d->s, ", latency %d", cfg8(d, PCI_LATENCY_TIMER));
	if (irq)
		seq_printf(d->s, ", IRQ %d", irq);
	seq_putc(d->s, '\n');
}

static void show_bases(struct lspci_dev *d)
{
	static const char *const mem_type[] = { "32-bit", "low-1M", "64-bit", "type 3" };
	u16 cmd = cfg16(d, PCI_COMMAND);

	for (int i = 0; i < PCI_STD_NUM_BARS; i++) {
		u64 pos = d->base[i];
		u32 flg = cfg32(d, PCI_BASE_ADDRESS_0 + 4 * i);

		if (flg == 0xffffffff)
			flg = 0;
		if (!pos && !flg)
			continue;
		if (d->o->verbose > 1)
			seq_printf(d->s, "\tRegion %d: ", i);
		else
			seq_putc(d->s, '\t');
		if (flg & PCI_BASE_ADDRESS_SPACE_IO) {
			u64 a = pos & ~(u64)3;

			seq_puts(d->s, "I/O ports at ");
			if (a || (cmd & PCI_COMMAND_IO))
				seq_printf(d->s, "%04llx", (unsigned long long)a);
			else
				seq_puts(d->s, "<unassigned>");
			if (!(cmd & PCI_COMMAND_IO))
				seq_puts(d->s, " [disabled]");
		} else {
			u64 a = pos & ~(u64)0xf;

			seq_puts(d->s, "Memory at ");
			if (a)
				seq_printf(d->s, "%08llx", (unsigned long long)a);
			else
				seq_puts(d->s, "<unassigned>");
			seq_printf(d->s, " (%s, %sprefetchable)", mem_type[(flg >> 1) & 3],
				   (flg & PCI_BASE_ADDRESS_MEM_PREFETCH) ? "" : "non-");
			if (!(cmd & PCI_COMMAND_MEMORY))
				seq_puts(d->s, " [disabled]");
		}
		seq_putc(d->s, '\n');
	}
}

#define ROM_ADDRESS_MASK (~(u32)0x7ff)

static void show_rom(struct lspci_dev *d)
{
	u32 flg = cfg32(d, PCI_ROM_ADDRESS);
	u32 rom = flg == 0xffffffff ? 0 : flg;

	if (!rom && !flg)
		return;
	seq_puts(d->s, "\tExpansion ROM at ");
	if (rom & ROM_ADDRESS_MASK)
		seq_printf(d->s, "%08x", rom & ROM_ADDRESS_MASK);
	else if (flg & ROM_ADDRESS_MASK)
		seq_puts(d->s, "<ignored>");
	else
		seq_puts(d->s, "<unassigned>");
	if (!(flg & 1))
		seq_puts(d->s, " [disabled]");
	else if (!(cfg16(d, PCI_COMMAND) & PCI_COMMAND_MEMORY))
		seq_puts(d->s, " [disabled by cmd]");
	seq_putc(d->s, '\n');
}

/* ----------------------------------------------------------------------
 * Capabilities
 */

static void cap_msi(struct lspci_dev *d, unsigned int where, u16 cap)
{
	bool is64 = cap & PCI_MSI_FLAGS_64BIT;
	u32 lo = cfg32(d, where + PCI_MSI_ADDRESS_LO);

	seq_printf(d->s, "MSI: Enable%c Count=%d/%d Maskable%c 64bit%c\n",
		   FLAG(cap, PCI_MSI_FLAGS_ENABLE), 1 << ((cap & PCI_MSI_FLAGS_QSIZE) >> 4),
		   1 << ((cap & PCI_MSI_FLAGS_QMASK) >> 1), FLAG(cap, PCI_MSI_FLAGS_MASKBIT),
		   FLAG(cap, PCI_MSI_FLAGS_64BIT));
	if (d->o->verbose < 2)
		return;
	if (is64)
		seq_printf(d->s, "\t\tAddress: %08x%08x  Data: %04x\n",
			   cfg32(d, where + PCI_MSI_ADDRESS_HI), lo,
			   cfg16(d, where + PCI_MSI_DATA_64));
	else
		seq_printf(d->s, "\t\tAddress: %08x  Data: %04x\n", lo,
			   cfg16(d, where + PCI_MSI_DATA_32));
	if (!(cap & PCI_MSI_FLAGS_MASKBIT))
		return;
	where += is64 ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32;
	seq_printf(d->s, "\t\tMasking: %08x  Pending: %08x\n", cfg32(d, where),
		   cfg32(d, where + 4));
}

static void cap_msix(struct lspci_dev *d, unsigned int where, u16 cap)
{
	u32 table = cfg32(d, where + PCI_MSIX_TABLE), pba = cfg32(d, where + PCI_MSIX_PBA);

	seq_printf(d->s, "MSI-X: Enable%c Count=%d Masked%c\n", FLAG(cap, PCI_MSIX_FLAGS_ENABLE),
		   (cap & PCI_MSIX_FLAGS_QSIZE) + 1, FLAG(cap, PCI_MSIX_FLAGS_MASKALL));
	if (d->o->verbose < 2)
		return;
	seq_printf(d->s, "\t\tVector table: BAR=%d offset=%08x\n", table & PCI_MSIX_TABLE_BIR,
		   table & PCI_MSIX_TABLE_OFFSET);
	seq_printf(d->s, "\t\tPBA: BAR=%d offset=%08x\n", pba & PCI_MSIX_PBA_BIR,
		   pba & PCI_MSIX_PBA_OFFSET);
}

/* PCI Express port types (Flags bits 7:4). */
enum {
	EXP_ENDPOINT = 0, EXP_LEG_END = 1, EXP_ROOT_PORT = 4, EXP_UPSTREAM = 5,
	EXP_DOWNSTREAM = 6, EXP_PCI_BRIDGE = 7, EXP_PCIE_BRIDGE = 8, EXP_ROOT_INT_EP = 9,
	EXP_ROOT_EC = 10,
};

#define EXP_FLAGS_SLOT		0x0100
#define EXP_DEVCAP2		0x24
#define EXP_DEVCTL2		0x28
#define EXP_LNKCAP2		0x2c
#define EXP_LNKCTL2		0x30
#define EXP_LNKSTA2		0x32

static bool is_endpoint(int type)
{
	return type == EXP_ENDPOINT || type == EXP_LEG_END;
}

/* Function Level Reset: endpoints of every kind. */
static bool has_flr(int type)
{
	return is_endpoint(type) || type == EXP_ROOT_INT_EP;
}

static const char *latency_l0s(unsigned int v)
{
	static const char *const lat[] = { "<64ns", "<128ns", "<256ns", "<512ns",
					   "<1us", "<2us", "<4us", "unlimited" };
	return lat[v & 7];
}

static const char *latency_l1(unsigned int v)
{
	static const char *const lat[] = { "<1us", "<2us", "<4us", "<8us",
					   "<16us", "<32us", "<64us", "unlimited" };
	return lat[v & 7];
}

/* Slot Power Limit in watts, in the float arithmetic lspci prints with %g. */
static double power_limit(unsigned int value, unsigned int scale)
{
	static const float scales[4] = { 1.0f, 0.1f, 0.01f, 0.001f };

	/* PCIe 4.0: F0h and up at scale 1.0 count from 250 W in 25 W steps. */
	if (!(scale & 3) && value >= 0xf0)
		return 250 + (value - 0xf0) * 25;
	return (float)value * scales[scale & 3];
}

static void exp_devcap(struct lspci_dev *d, unsigned int where, int type)
{
	u32 t = cfg32(d, where + PCI_EXP_DEVCAP);

	seq_printf(d->s, "\t\tDevCap:\tMaxPayload %d bytes, PhantFunc %d", 128 << (t & 7),
		   (1 << ((t & 0x18) >> 3)) - 1);
	if (is_endpoint(type))
		seq_printf(d->s, ", Latency L0s %s, L1 %s", latency_l0s(t >> 6), latency_l1(t >> 9));
	seq_printf(d->s, "\n\t\t\tExtTag%c", FLAG(t, 0x20));
	if (is_endpoint(type) || type == EXP_UPSTREAM || type == EXP_PCI_BRIDGE)
		seq_printf(d->s, " AttnBtn%c AttnInd%c PwrInd%c", FLAG(t, 0x1000), FLAG(t, 0x2000),
			   FLAG(t, 0x4000));
	seq_printf(d->s, " RBE%c", FLAG(t, 0x8000));
	if (has_flr(type))
		seq_printf(d->s, " FLReset%c", FLAG(t, 0x10000000));
	if (type == EXP_ENDPOINT || type == EXP_UPSTREAM || type == EXP_PCI_BRIDGE)
		seq_printf(d->s, " SlotPowerLimit %gW", power_limit((t >> 18) & 0xff, (t >> 26) & 3));
	seq_putc(d->s, '\n');
}

static void exp_devctl(struct lspci_dev *d, unsigned int where, int type)
{
	u32 cap = cfg32(d, where + PCI_EXP_DEVCAP);
	u16 w = cfg16(d, where + PCI_EXP_DEVCTL);

	seq_printf(d->s, "\t\tDevCtl:\tCorrErr%c NonFatalErr%c FatalErr%c UnsupReq%c\n",
		   FLAG(w, 0x1), FLAG(w, 0x2), FLAG(w, 0x4), FLAG(w, 0x8));
	seq_printf(d->s, "\t\t\tRlxdOrd%c ExtTag%c PhantFunc%c AuxPwr%c NoSnoop%c", FLAG(w, 0x10),
		   FLAG(w, 0x100), FLAG(w, 0x200), FLAG(w, 0x400), FLAG(w, 0x800));
	if (type == EXP_PCI_BRIDGE)
		seq_printf(d->s, " BrConfRtry%c", FLAG(w, 0x8000));
	if (has_flr(type) && (cap & 0x10000000))
		seq_printf(d->s, " FLReset%c", FLAG(w, 0x8000));
	seq_printf(d->s, "\n\t\t\tMaxPayload %d bytes, MaxReadReq %d bytes\n",
		   128 << ((w & 0xe0) >> 5), 128 << ((w & 0x7000) >> 12));

	w = cfg16(d, where + PCI_EXP_DEVSTA);
	seq_printf(d->s, "\t\tDevSta:\tCorrErr%c NonFatalErr%c FatalErr%c UnsupReq%c AuxPwr%c "
		   "TransPend%c\n", FLAG(w, 0x1), FLAG(w, 0x2), FLAG(w, 0x4), FLAG(w, 0x8),
		   FLAG(w, 0x10), FLAG(w, 0x20));
}

static const char *link_speed(unsigned int speed)
{
	static const char *const sp[] = { "unknown", "2.5GT/s", "5GT/s", "8GT/s",
					  "16GT/s", "32GT/s", "64GT/s" };

	return speed < ARRAY_SIZE(sp) ? sp[speed] : "unknown";
}

/* How the negotiated speed/width compares with the capability. */
static const char *link_compare(int type, unsigned int sta, unsigned int cap)
{
	if (sta > cap)
		return " (overdriven)";
	/* A downstream port may run slower because of its link partner. */
	if (sta == cap || type == EXP_ROOT_PORT || type == EXP_DOWNSTREAM ||
	    type == EXP_PCIE_BRIDGE)
		return "";
	return " (downgraded)";
}

static void exp_lnkcap(struct lspci_dev *d, unsigned int where)
{
	static const char *const support[] = { "not supported", "L0s", "L1", "L0s L1" };
	u32 t = cfg32(d, where + PCI_EXP_LNKCAP);
	unsigned int aspm = (t >> 10) & 3;

	seq_printf(d->s, "\t\tLnkCap:\tPort #%u, Speed %s, Width x%u, ASPM %s", t >> 24,
		   link_speed(t & 0xf), (t >> 4) & 0x3f, support[aspm]);
	if (aspm) {
		seq_puts(d->s, ", Exit Latency ");
		if (aspm & 1)
			seq_printf(d->s, "L0s %s", latency_l0s(t >> 12));
		if (aspm & 2)
			seq_printf(d->s, "%sL1 %s", (aspm & 1) ? ", " : "", latency_l1(t >> 15));
	}
	seq_printf(d->s, "\n\t\t\tClockPM%c Surprise%c LLActRep%c BwNot%c ASPMOptComp%c\n",
		   FLAG(t, 0x40000), FLAG(t, 0x80000), FLAG(t, 0x100000), FLAG(t, 0x200000),
		   FLAG(t, 0x400000));
}

static void exp_link(struct lspci_dev *d, unsigned int where, int type)
{
	static const char *const aspm[] = { "Disabled", "L0s Enabled", "L1 Enabled",
					    "L0s L1 Enabled" };
	u32 cap = cfg32(d, where + PCI_EXP_LNKCAP);
	u16 w = cfg16(d, where + PCI_EXP_LNKCTL);

	exp_lnkcap(d, where);
	seq_printf(d->s, "\t\tLnkCtl:\tASPM %s;", aspm[w & 3]);
	if (type == EXP_ROOT_PORT || is_endpoint(type) || type == EXP_PCI_BRIDGE)
		seq_printf(d->s, " RCB %d bytes,", (w & 0x8) ? 128 : 64);
	seq_printf(d->s, " Disabled%c CommClk%c\n\t\t\tExtSynch%c ClockPM%c AutWidDis%c BWInt%c "
		   "AutBWInt%c\n", FLAG(w, 0x10), FLAG(w, 0x40), FLAG(w, 0x80), FLAG(w, 0x100),
		   FLAG(w, 0x200), FLAG(w, 0x400), FLAG(w, 0x800));

	w = cfg16(d, where + PCI_EXP_LNKSTA);
	seq_printf(d->s, "\t\tLnkSta:\tSpeed %s%s, Width x%u%s\n", link_speed(w & 0xf),
		   link_compare(type, w & 0xf, cap & 0xf), (w >> 4) & 0x3f,
		   link_compare(type, (w >> 4) & 0x3f, (cap >> 4) & 0x3f));
	seq_printf(d->s, "\t\t\tTrErr%c Train%c SlotClk%c DLActive%c BWMgmt%c ABWMgmt%c\n",
		   FLAG(w, 0x400), FLAG(w, 0x800), FLAG(w, 0x1000), FLAG(w, 0x2000),
		   FLAG(w, 0x4000), FLAG(w, 0x8000));
}

static const char *timeout_range(unsigned int v)
{
	switch (v) {
	case 0: return "Not Supported";
	case 1: return "Range A";
	case 2: return "Range B";
	case 3: return "Range AB";
	case 6: return "Range BC";
	case 7: return "Range ABC";
	case 14: return "Range BCD";
	case 15: return "Range ABCD";
	default: return "Unknown";
	}
}

static const char *timeout_value(unsigned int v)
{
	switch (v) {
	case 0: return "50us to 50ms";
	case 1: return "50us to 100us";
	case 2: return "1ms to 10ms";
	case 5: return "16ms to 55ms";
	case 6: return "65ms to 210ms";
	case 9: return "260ms to 900ms";
	case 10: return "1s to 3.5s";
	case 13: return "4s to 13s";
	case 14: return "17s to 64s";
	default: return "Unknown";
	}
}

static const char *devcap2_obff(unsigned int v)
{
	static const char *const s[] = { "Not Supported", "Via message", "Via WAKE#",
					 "Via message/WAKE#" };
	return s[v & 3];
}

static const char *devcap2_epr(unsigned int v)
{
	static const char *const s[] = { "Not Supported", "Dev Specific",
					 "Form Factor Dev Specific", "Reserved" };
	return s[v & 3];
}

static const char *devcap2_lncls(unsigned int v)
{
	static const char *const s[] = { "Not Supported", "64byte cachelines",
					 "128byte cachelines", "Reserved" };
	return s[v & 3];
}

static const char *devcap2_tph(unsigned int v)
{
	static const char *const s[] = { "TPHComp- ExtTPHComp-", "TPHComp+ ExtTPHComp-", "",
					 "TPHComp+ ExtTPHComp+" };
	return s[v & 3];
}

static const char *devctl2_obff(unsigned int v)
{
	static const char *const s[] = { "Disabled", "Via message A", "Via message B",
					 "Via WAKE#" };
	return s[v & 3];
}

/* A memory BAR as libpci knows it (its address, or just its flags). */
static bool has_mem_bar(const struct lspci_dev *d)
{
	for (int i = 0; i < PCI_STD_NUM_BARS; i++)
		if (d->base[i] && !(d->base[i] & PCI_BASE_ADDRESS_SPACE_IO))
			return true;
	return false;
}

static void exp_devcap2(struct lspci_dev *d, unsigned int where, int type)
{
	u32 l = cfg32(d, where + EXP_DEVCAP2);
	bool switchport = type == EXP_ROOT_PORT || type == EXP_UPSTREAM || type == EXP_DOWNSTREAM;
	bool mem = has_mem_bar(d);

	seq_printf(d->s, "\t\tDevCap2: Completion Timeout: %s, TimeoutDis%c NROPrPrP%c LTR%c",
		   timeout_range(l & 0xf), FLAG(l, 0x10), FLAG(l, 0x400), FLAG(l, 0x800));
	seq_printf(d->s, "\n\t\t\t 10BitTagComp%c 10BitTagReq%c OBFF %s, ExtFmt%c EETLPPrefix%c",
		   FLAG(l, 0x10000), FLAG(l, 0x20000), devcap2_obff(l >> 18), FLAG(l, 0x100000),
		   FLAG(l, 0x200000));
	if (l & 0x200000)
		seq_printf(d->s, ", MaxEETLPPrefixes %u", ((l >> 22) & 3) ? (l >> 22) & 3 : 4);
	seq_printf(d->s, "\n\t\t\t EmergencyPowerReduction %s, EmergencyPowerReductionInit%c",
		   devcap2_epr(l >> 24), FLAG(l, 0x4000000));
	seq_printf(d->s, "\n\t\t\t FRS%c", FLAG(l, 0x80000000));
	if (type == EXP_ROOT_PORT)
		seq_printf(d->s, " LN System CLS %s,", devcap2_lncls(l >> 14));
	if (type == EXP_ROOT_PORT || type == EXP_ENDPOINT)
		seq_printf(d->s, " %s", devcap2_tph(l >> 12));
	if (type == EXP_ROOT_PORT || type == EXP_DOWNSTREAM)
		seq_printf(d->s, " ARIFwd%c", FLAG(l, 0x20));
	seq_putc(d->s, '\n');
	if (!switchport && !mem)
		return;
	seq_puts(d->s, "\t\t\t AtomicOpsCap:");
	if (switchport)
		seq_printf(d->s, " Routing%c", FLAG(l, 0x40));
	if (type == EXP_ROOT_PORT || mem)
		seq_printf(d->s, " 32bit%c 64bit%c 128bitCAS%c", FLAG(l, 0x80), FLAG(l, 0x100),
			   FLAG(l, 0x200));
	seq_putc(d->s, '\n');
}

static void exp_devctl2(struct lspci_dev *d, unsigned int where, int type)
{
	u16 w = cfg16(d, where + EXP_DEVCTL2);
	bool req = type == EXP_ROOT_PORT || type == EXP_ENDPOINT || type == EXP_ROOT_INT_EP ||
		   type == EXP_LEG_END;
	bool egress = type == EXP_ROOT_PORT || type == EXP_UPSTREAM || type == EXP_DOWNSTREAM;

	seq_printf(d->s, "\t\tDevCtl2: Completion Timeout: %s, TimeoutDis%c LTR%c 10BitTagReq%c "
		   "OBFF %s,", timeout_value(w & 0xf), FLAG(w, 0x10), FLAG(w, 0x400),
		   FLAG(w, 0x1000), devctl2_obff(w >> 13));
	if (type == EXP_ROOT_PORT || type == EXP_DOWNSTREAM)
		seq_printf(d->s, " ARIFwd%c", FLAG(w, 0x20));
	seq_putc(d->s, '\n');
	if (!req && !egress)
		return;
	seq_puts(d->s, "\t\t\t AtomicOpsCtl:");
	if (req)
		seq_printf(d->s, " ReqEn%c", FLAG(w, 0x40));
	if (egress)
		seq_printf(d->s, " EgressBlck%c", FLAG(w, 0x80));
	seq_putc(d->s, '\n');
}

static const char *link2_speed_cap(unsigned int vector)
{
	if (vector & 0x60)
		return "RsvdP";
	if (vector & 0x10)
		return "2.5-32GT/s";
	if (vector & 0x08)
		return "2.5-16GT/s";
	if (vector & 0x04)
		return "2.5-8GT/s";
	if (vector & 0x02)
		return "2.5-5GT/s";
	if (vector & 0x01)
		return "2.5GT/s";
	return "Unknown";
}

static const char *link2_speed(unsigned int v)
{
	static const char *const sp[] = { "2.5GT/s", "2.5GT/s", "5GT/s", "8GT/s",
					  "16GT/s", "32GT/s", "64GT/s" };

	return v < ARRAY_SIZE(sp) ? sp[v] : "Unknown";
}

static const char *link2_deemphasis(unsigned int v)
{
	return v ? "-3.5dB" : "-6dB";
}

static const char *link2_margin(unsigned int v)
{
	if (v == 0)
		return "Normal Operating Range";
	if (v == 1)
		return "800-1200mV(full-swing)/400-700mV(half-swing)";
	if (v <= 5)
		return "200-400mV(full-swing)/100-200mV(half-swing)";
	return "Unknown";
}

static const char *link2_preset(unsigned int v)
{
	static const char *const p[] = {
		"-6dB de-emphasis, 0dB preshoot", "-3.5dB de-emphasis, 0dB preshoot",
		"-4.4dB de-emphasis, 0dB preshoot", "-2.5dB de-emphasis, 0dB preshoot",
		"0dB de-emphasis, 0dB preshoot", "0dB de-emphasis, 1.9dB preshoot",
		"0dB de-emphasis, 2.5dB preshoot", "-6.0dB de-emphasis, 3.5dB preshoot",
		"-3.5dB de-emphasis, 3.5dB preshoot", "0dB de-emphasis, 3.5dB preshoot",
	};

	return v < ARRAY_SIZE(p) ? p[v] : "Unknown";
}

static const char *link2_crosslink(unsigned int v)
{
	static const char *const s[] = { "unsupported", "Upstream Port", "Downstream Port",
					 "incomplete" };
	return s[v & 3];
}

static const char *link2_component(unsigned int v)
{
	switch (v) {
	case 0: return "Link Down - Not Determined";
	case 1: return "Link Down - Not Present";
	case 2: return "Link Down - Present";
	case 4: return "Link Up - Present";
	case 5: return "Link Up - Present and DRS Received";
	default: return "Reserved";
	}
}

static void exp_lnkcap2_ctl2(struct lspci_dev *d, unsigned int where, int type, u32 l)
{
	u16 w = cfg16(d, where + EXP_LNKCTL2);

	if (l)
		seq_printf(d->s, "\t\tLnkCap2: Supported Link Speeds: %s, Crosslink%c Retimer%c "
			   "2Retimers%c DRS%c\n", link2_speed_cap((l >> 1) & 0x7f),
			   FLAG(l, 0x100), FLAG(l, 0x800000), FLAG(l, 0x1000000),
			   FLAG(l, 0x80000000));
	seq_printf(d->s, "\t\tLnkCtl2: Target Link Speed: %s, EnterCompliance%c SpeedDis%c",
		   link2_speed(w & 0xf), FLAG(w, 0x10), FLAG(w, 0x20));
	if (type == EXP_DOWNSTREAM)
		seq_printf(d->s, ", Selectable De-emphasis: %s", link2_deemphasis((w >> 6) & 1));
	seq_printf(d->s, "\n\t\t\t Transmit Margin: %s, EnterModifiedCompliance%c "
		   "ComplianceSOS%c\n\t\t\t Compliance Preset/De-emphasis: %s\n",
		   link2_margin((w >> 7) & 7), FLAG(w, 0x400), FLAG(w, 0x800),
		   link2_preset(w >> 12));
}

static void exp_link2(struct lspci_dev *d, unsigned int where, int type)
{
	u32 l = 0;
	u16 w;
	bool downstream = type == EXP_ROOT_PORT || type == EXP_DOWNSTREAM ||
			  type == EXP_PCIE_BRIDGE;

	/* lspci prints LnkCap2/LnkCtl2 of an endpoint only for 00.0. */
	if (!(is_endpoint(type) && d->img->devfn != 0)) {
		l = cfg32(d, where + EXP_LNKCAP2);
		exp_lnkcap2_ctl2(d, where, type, l);
	}
	w = cfg16(d, where + EXP_LNKSTA2);
	seq_printf(d->s, "\t\tLnkSta2: Current De-emphasis Level: %s, EqualizationComplete%c "
		   "EqualizationPhase1%c\n\t\t\t EqualizationPhase2%c EqualizationPhase3%c "
		   "LinkEqualizationRequest%c\n\t\t\t Retimer%c 2Retimers%c CrosslinkRes: %s",
		   link2_deemphasis(w & 1), FLAG(w, 0x2), FLAG(w, 0x4), FLAG(w, 0x8),
		   FLAG(w, 0x10), FLAG(w, 0x20), FLAG(w, 0x40), FLAG(w, 0x80),
		   link2_crosslink(w >> 8));
	if (downstream && (l & 0x80000000))
		seq_printf(d->s, ", DRS%c\n\t\t\t DownstreamComp: %s\n", FLAG(w, 0x8000),
			   link2_component((w >> 12) & 7));
	else
		seq_putc(d->s, '\n');
}

/* The header line; returns false for types whose registers we do not decode. */
static bool exp_header(struct lspci_dev *d, int type, u16 cap)
{
	bool slot = cap & EXP_FLAGS_SLOT;
	bool decoded = true;

	seq_puts(d->s, "Express ");
	if (d->o->verbose >= 2)
		seq_printf(d->s, "(v%d) ", cap & PCI_EXP_FLAGS_VERS);
	switch (type) {
	case EXP_ENDPOINT: seq_puts(d->s, "Endpoint"); break;
	case EXP_LEG_END: seq_puts(d->s, "Legacy Endpoint"); break;
	case EXP_ROOT_PORT:
		seq_printf(d->s, "Root Port (Slot%c)", FLAG(cap, EXP_FLAGS_SLOT));
		decoded = false;
		break;
	case EXP_UPSTREAM: seq_puts(d->s, "Upstream Port"); break;
	case EXP_DOWNSTREAM:
		seq_printf(d->s, "Downstream Port (Slot%c)", FLAG(cap, EXP_FLAGS_SLOT));
		decoded = !slot;
		break;
	case EXP_PCI_BRIDGE: seq_puts(d->s, "PCI-Express to PCI/PCI-X Bridge"); break;
	case EXP_PCIE_BRIDGE:
		seq_printf(d->s, "PCI/PCI-X to PCI-Express Bridge (Slot%c)",
			   FLAG(cap, EXP_FLAGS_SLOT));
		decoded = !slot;
		break;
	case EXP_ROOT_INT_EP: seq_puts(d->s, "Root Complex Integrated Endpoint"); break;
	case EXP_ROOT_EC:
		seq_puts(d->s, "Root Complex Event Collector");
		decoded = false;
		break;
	default: seq_printf(d->s, "Unknown type %d", type); break;
	}
	seq_printf(d->s, ", MSI %02x\n", (cap & 0x3e00) >> 9);
	return decoded;
}

static void cap_express(struct lspci_dev *d, unsigned int where, u16 cap)
{
	int type = (cap & PCI_EXP_FLAGS_TYPE) >> 4;
	bool link = type != EXP_ROOT_INT_EP && type != EXP_ROOT_EC;

	if (!exp_header(d, type, cap) || d->o->verbose < 2)
		return;
	exp_devcap(d, where, type);
	exp_devctl(d, where, type);
	if (link)
		exp_link(d, where, type);
	if ((cap & PCI_EXP_FLAGS_VERS) < 2)
		return;
	exp_devcap2(d, where, type);
	exp_devctl2(d, where, type);
	if (link)
		exp_link2(d, where, type);
}

static void show_caps(struct lspci_dev *d)
{
	bool been_there[256] = { false };
	unsigned int where;

	if (!(cfg16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return;
	for (where = cfg8(d, PCI_CAPABILITY_LIST) & ~3u; where;) {
		u8 id = cfg8(d, where + PCI_CAP_LIST_ID);
		unsigned int next = cfg8(d, where + PCI_CAP_LIST_NEXT) & ~3u;
		u16 cap = cfg16(d, where + 2);

		seq_printf(d->s, "\tCapabilities: [%02x] ", where);
		if (been_there[where]) {
			seq_puts(d->s, "<chain looped>\n");
			break;
		}
		been_there[where] = true;
		if (id == 0xff) {
			seq_puts(d->s, "<chain broken>\n");
			break;
		}
		if (id == PCI_CAP_ID_MSI)
			cap_msi(d, where, cap);
		else if (id == PCI_CAP_ID_MSIX)
			cap_msix(d, where, cap);
		else if (id == PCI_CAP_ID_EXP)
			cap_express(d, where, cap);
		else
			seq_printf(d->s, "Capability ID %#02x [%04x]\n", id, cap);
		where = next;
	}
}

static void show_bist(struct lspci_dev *d)
{
	u8 bist = cfg8(d, PCI_BIST);

	if (!(bist & 0x80))
		return;
	if (bist & 0x40)
		seq_puts(d->s, "\tBIST is running\n");
	else
		seq_printf(d->s, "\tBIST result: %02x\n", bist & 0x0f);
}

static void show_interrupt(struct lspci_dev *d, bool known)
{
	u8 pin = known ? cfg8(d, PCI_INTERRUPT_PIN) : 0;
	u8 irq = cfg8(d, PCI_INTERRUPT_LINE);

	/* lspci prints 'A' + pin - 1 as a byte; a text file gets no NUL. */
	unsigned char c = pin ? (unsigned char)('A' + pin - 1) : '?';

	if (pin || irq)
		seq_printf(d->s, "\tInterrupt: pin %c routed to IRQ %d\n", c ? c : '?', irq);
}

static void show_verbose(struct lspci_dev *d)
{
	bool normal = d->htype == PCI_HEADER_TYPE_NORMAL;

	show_terse(d);
	if (!normal)
		seq_printf(d->s, "\t!!! Unknown header type %02x\n", d->htype);
	else if (dev_class(d) == 0x0604)
		seq_printf(d->s, "\t!!! Invalid class %04x for header type %02x\n", dev_class(d),
			   d->htype);
	if (normal && d->o->verbose > 1) {
		show_control_status(d);
		show_latency(d);
	}
	if (d->o->verbose > 1)
		show_interrupt(d, normal);
	if (!normal)
		return;
	if (d->o->verbose <= 1)
		show_flags(d);
	show_bist(d);
	show_bases(d);
	show_rom(d);
	show_caps(d);
}

static void show_hex(struct lspci_dev *d)
{
	unsigned int cnt = 64;

	if (d->o->hex >= 4)
		cnt = PCI_CFG_SPACE_EXP_SIZE;
	else if (d->o->hex >= 3)
		cnt = PCI_CFG_SPACE_SIZE;
	else if (d->htype == 2)
		cnt = 128;	/* CardBus: the rest of its header */
	for (unsigned int i = 0; i < cnt; i++) {
		if (!(i & 15))
			seq_printf(d->s, "%02x:", i);
		seq_printf(d->s, " %02x", cfg8(d, i));
		if ((i & 15) == 15)
			seq_putc(d->s, '\n');
	}
}

static void show_device(struct lspci_dev *d)
{
	const struct lspci_opts *o = d->o;
	struct lspci_ids_key k = {
		.vendor = cfg16(d, PCI_VENDOR_ID),
		.device = cfg16(d, PCI_DEVICE_ID),
		.subvendor = cfg16(d, PCI_SUBSYSTEM_VENDOR_ID),
		.subdevice = cfg16(d, PCI_SUBSYSTEM_ID),
		.base = cfg8(d, PCI_CLASS_DEVICE + 1),
		.sub = cfg8(d, PCI_CLASS_DEVICE),
		.progif = cfg8(d, PCI_CLASS_PROG),
	};

	d->htype = cfg8(d, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;
	fill_bases(d);
	ids_lookup(o, &k, &d->nm);
	if (o->verbose)
		show_verbose(d);
	else
		show_terse(d);
	if (o->hex)
		show_hex(d);
	if (o->verbose || o->hex)
		seq_putc(d->s, '\n');
}

/* ----------------------------------------------------------------------
 * Selection and entry points
 */

static bool filter_match(const struct lspci_filter *f, const struct irqlab_lspci_image *im)
{
	const u8 *c = im->config;
	int vendor = c[0] | c[1] << 8, device = c[2] | c[3] << 8;
	unsigned int cls = (unsigned int)(c[PCI_CLASS_DEVICE] | c[PCI_CLASS_DEVICE + 1] << 8);

	if ((f->domain >= 0 && f->domain != im->segment) || (f->bus >= 0 && f->bus != im->bus) ||
	    (f->slot >= 0 && f->slot != im->devfn >> 3) ||
	    (f->func >= 0 && f->func != (im->devfn & 7)))
		return false;
	if ((f->vendor >= 0 && f->vendor != vendor) || (f->device >= 0 && f->device != device))
		return false;
	if (f->device_class >= 0 && (((unsigned int)f->device_class ^ cls) & f->class_mask))
		return false;
	return f->prog_if < 0 || f->prog_if == c[PCI_CLASS_PROG];
}

static int cmp_image(const void *a, const void *b)
{
	const struct irqlab_lspci_image *x = *(const struct irqlab_lspci_image *const *)a;
	const struct irqlab_lspci_image *y = *(const struct irqlab_lspci_image *const *)b;
	long kx = (long)x->segment << 16 | x->bus << 8 | x->devfn;
	long ky = (long)y->segment << 16 | y->bus << 8 | y->devfn;

	return (kx > ky) - (kx < ky);
}

static int render(const struct lspci_opts *o, const struct irqlab_lspci_image *img,
		  unsigned int n, struct seq_file *out)
{
	const struct irqlab_lspci_image **order;
	struct lspci_dev *d;
	bool domains = o->domains;
	unsigned int i;

	order = kcalloc(n ? n : 1, sizeof(*order), GFP_KERNEL);
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!order || !d) {
		kfree(order);
		kfree(d);
		seq_puts(out, "lspci: out of memory\n");
		return -ENOMEM;
	}
	/* Like lspci, any function outside domain 0 turns domains on for all. */
	for (i = 0; i < n; i++) {
		order[i] = &img[i];
		domains |= img[i].segment != 0;
	}
	qsort(order, n, sizeof(*order), cmp_image);
	for (i = 0; i < n; i++) {
		if (!filter_match(&o->flt, order[i]))
			continue;
		*d = (struct lspci_dev){ .o = o, .s = out, .img = order[i], .show_domain = domains };
		show_device(d);
	}
	kfree(d);
	kfree(order);
	return out->overflow ? -ENOMEM : 0;
}

int irqlab_lspci_images(const struct irqlab_lspci_image *img, unsigned int n,
			const char *args, struct seq_file *out)
{
	struct lspci_opts o;
	char *words;
	int ret;

	if (!out)
		return -EINVAL;
	if (n && !img) {
		seq_puts(out, "lspci: no functions given\n");
		return -EINVAL;
	}
	for (unsigned int i = 0; i < n; i++) {
		if (!img[i].config) {
			seq_puts(out, "lspci: function without configuration space\n");
			return -EINVAL;
		}
	}
	words = kstrdup(args ? args : "", GFP_KERNEL);
	if (!words) {
		seq_puts(out, "lspci: out of memory\n");
		return -ENOMEM;
	}
	ret = parse_args(&o, words);
	if (ret)
		seq_printf(out, "%s\n", o.err);
	else
		ret = render(&o, img, n, out);
	kfree(words);	/* o.ids points into it */
	return ret;
}

int irqlab_lspci(struct irqlab_machine *m, const char *args, struct seq_file *out)
{
	struct irqlab_lspci_image *img;
	struct irqlab_pci_fn *fn;
	unsigned int n = 0, i = 0;
	int ret;

	if (!out)
		return -EINVAL;
	if (!m) {
		seq_puts(out, "lspci: no machine\n");
		return -EINVAL;
	}
	for (fn = irqlab_pci_fn_next(m, NULL); fn; fn = irqlab_pci_fn_next(m, fn))
		n++;
	img = kcalloc(n ? n : 1, sizeof(*img), GFP_KERNEL);
	if (!img) {
		seq_puts(out, "lspci: out of memory\n");
		return -ENOMEM;
	}
	for (fn = irqlab_pci_fn_next(m, NULL); fn && i < n; fn = irqlab_pci_fn_next(m, fn), i++) {
		u16 rid = irqlab_pci_fn_requester_id(fn);

		img[i] = (struct irqlab_lspci_image){
			.segment = irqlab_pci_fn_segment(fn),
			.bus = (u8)(rid >> 8),
			.devfn = (u8)rid,
			.config = irqlab_pci_fn_config_space(fn),
		};
	}
	ret = irqlab_lspci_images(img, i, args, out);
	kfree(img);
	return ret;
}
