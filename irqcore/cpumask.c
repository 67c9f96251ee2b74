// SPDX-License-Identifier: MIT
/*
 * cpumask operations on run-time sized masks, and the kernel's %*pb and
 * %*pbl text formats.  Bits beyond nbits are kept zero, so word-wise
 * operations never need to mask the tail except when setting all bits.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "internals.h"

static inline unsigned int nwords(unsigned int nbits)
{
	return BITS_TO_LONGS(nbits);
}

static inline unsigned long tail_mask(unsigned int nbits)
{
	unsigned int r = nbits % BITS_PER_LONG;

	return r ? (1UL << r) - 1 : ~0UL;
}

static inline unsigned int min_u(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

/**
 * irqlab_cpumask_alloc() - allocate an empty mask of @nbits bits.
 * @nbits: number of CPUs the mask can hold.
 *
 * Return: the mask, or NULL on allocation failure.
 */
struct cpumask *irqlab_cpumask_alloc(unsigned int nbits)
{
	struct cpumask *m;

	m = kzalloc(sizeof(*m) + nwords(nbits ? nbits : 1) * sizeof(long), GFP_KERNEL);
	if (m)
		m->nbits = nbits;
	return m;
}

/**
 * alloc_cpumask_var() - allocate a mask sized for the current machine.
 * @mask: where to store it.
 * @flags: ignored.
 *
 * irqlab masks are always zeroed, so this is zalloc_cpumask_var().
 *
 * Return: true on success.
 */
bool alloc_cpumask_var(cpumask_var_t *mask, gfp_t flags)
{
	return zalloc_cpumask_var(mask, flags);
}

/**
 * zalloc_cpumask_var() - allocate an empty mask for the current machine.
 * @mask: where to store it.
 * @flags: ignored.
 *
 * Return: true on success.
 */
bool zalloc_cpumask_var(cpumask_var_t *mask, gfp_t flags)
{
	(void)flags;
	*mask = irqlab_cpumask_alloc(irqlab_nr_cpu_ids());
	return *mask != NULL;
}

void free_cpumask_var(cpumask_var_t mask)
{
	kfree(mask);
}

void cpumask_set_cpu(unsigned int cpu, struct cpumask *m)
{
	if (cpu < m->nbits)
		m->bits[cpu / BITS_PER_LONG] |= 1UL << (cpu % BITS_PER_LONG);
}

void cpumask_clear_cpu(unsigned int cpu, struct cpumask *m)
{
	if (cpu < m->nbits)
		m->bits[cpu / BITS_PER_LONG] &= ~(1UL << (cpu % BITS_PER_LONG));
}

bool cpumask_test_cpu(unsigned int cpu, const struct cpumask *m)
{
	if (cpu >= m->nbits)
		return false;
	return m->bits[cpu / BITS_PER_LONG] & (1UL << (cpu % BITS_PER_LONG));
}

bool cpumask_test_and_set_cpu(unsigned int cpu, struct cpumask *m)
{
	bool old = cpumask_test_cpu(cpu, m);

	cpumask_set_cpu(cpu, m);
	return old;
}

bool cpumask_test_and_clear_cpu(unsigned int cpu, struct cpumask *m)
{
	bool old = cpumask_test_cpu(cpu, m);

	cpumask_clear_cpu(cpu, m);
	return old;
}

void cpumask_setall(struct cpumask *m)
{
	unsigned int n = nwords(m->nbits);

	if (!n)
		return;
	memset(m->bits, 0xff, n * sizeof(long));
	m->bits[n - 1] &= tail_mask(m->nbits);
}

void cpumask_clear(struct cpumask *m)
{
	memset(m->bits, 0, nwords(m->nbits) * sizeof(long));
}

void cpumask_copy(struct cpumask *dst, const struct cpumask *src)
{
	unsigned int dn = nwords(dst->nbits), sn = nwords(src->nbits);
	unsigned int n = min_u(dn, sn);

	if (dst == src)
		return;
	memcpy(dst->bits, src->bits, n * sizeof(long));
	if (dn > n)
		memset(dst->bits + n, 0, (dn - n) * sizeof(long));
	if (dn)
		dst->bits[dn - 1] &= tail_mask(dst->nbits);
}

/* dst = op(a, b) over dst's words; words missing in a or b read as 0. */
#define MASK_BINOP(name, expr, ret_nonzero)                                    \
	bool name##_impl(struct cpumask *dst, const struct cpumask *a,         \
			 const struct cpumask *b)                              \
	{                                                                      \
		unsigned int dn = nwords(dst->nbits), an = nwords(a->nbits);   \
		unsigned int bn = nwords(b->nbits), i;                         \
		unsigned long any = 0;                                         \
		for (i = 0; i < dn; i++) {                                     \
			unsigned long x = i < an ? a->bits[i] : 0;             \
			unsigned long y = i < bn ? b->bits[i] : 0;             \
			unsigned long r = (expr);                              \
			if (i == dn - 1)                                       \
				r &= tail_mask(dst->nbits);                    \
			dst->bits[i] = r;                                      \
			any |= r;                                              \
		}                                                              \
		return ret_nonzero ? any != 0 : false;                         \
	}

static MASK_BINOP(mask_and, x & y, true)
static MASK_BINOP(mask_or, x | y, false)
static MASK_BINOP(mask_andnot, x & ~y, true)
static MASK_BINOP(mask_xor, x ^ y, false)

bool cpumask_and(struct cpumask *dst, const struct cpumask *a, const struct cpumask *b)
{
	return mask_and_impl(dst, a, b);
}

void cpumask_or(struct cpumask *dst, const struct cpumask *a, const struct cpumask *b)
{
	mask_or_impl(dst, a, b);
}

bool cpumask_andnot(struct cpumask *dst, const struct cpumask *a,
		    const struct cpumask *b)
{
	return mask_andnot_impl(dst, a, b);
}

void cpumask_xor(struct cpumask *dst, const struct cpumask *a, const struct cpumask *b)
{
	mask_xor_impl(dst, a, b);
}

static inline unsigned long word_or_zero(const struct cpumask *m, unsigned int i)
{
	return i < nwords(m->nbits) ? m->bits[i] : 0;
}

bool cpumask_equal(const struct cpumask *a, const struct cpumask *b)
{
	unsigned int n = nwords(a->nbits > b->nbits ? a->nbits : b->nbits), i;

	for (i = 0; i < n; i++)
		if (word_or_zero(a, i) != word_or_zero(b, i))
			return false;
	return true;
}

bool cpumask_subset(const struct cpumask *a, const struct cpumask *b)
{
	unsigned int n = nwords(a->nbits), i;

	for (i = 0; i < n; i++)
		if (a->bits[i] & ~word_or_zero(b, i))
			return false;
	return true;
}

bool cpumask_intersects(const struct cpumask *a, const struct cpumask *b)
{
	unsigned int n = min_u(nwords(a->nbits), nwords(b->nbits)), i;

	for (i = 0; i < n; i++)
		if (a->bits[i] & b->bits[i])
			return true;
	return false;
}

bool cpumask_empty(const struct cpumask *m)
{
	unsigned int n = nwords(m->nbits), i;

	for (i = 0; i < n; i++)
		if (m->bits[i])
			return false;
	return true;
}

bool cpumask_full(const struct cpumask *m)
{
	return cpumask_weight(m) == m->nbits;
}

unsigned int cpumask_weight(const struct cpumask *m)
{
	unsigned int n = nwords(m->nbits), i, w = 0;

	for (i = 0; i < n; i++)
		w += (unsigned int)__builtin_popcountl(m->bits[i]);
	return w;
}

unsigned int cpumask_weight_and(const struct cpumask *a, const struct cpumask *b)
{
	unsigned int n = min_u(nwords(a->nbits), nwords(b->nbits)), i, w = 0;

	for (i = 0; i < n; i++)
		w += (unsigned int)__builtin_popcountl(a->bits[i] & b->bits[i]);
	return w;
}

/*
 * First set bit at or after @start in (a & b) (b may be NULL), or inverted
 * when @invert.  Returns a->nbits when there is none.
 */
static unsigned int find_next(const struct cpumask *a, const struct cpumask *b,
			      unsigned int start, bool invert)
{
	unsigned int nb = a->nbits, i;
	unsigned long w;

	if (start >= nb)
		return nb;
	i = start / BITS_PER_LONG;
	w = a->bits[i];
	if (b)
		w &= word_or_zero(b, i);
	if (invert)
		w = ~w;
	w &= ~0UL << (start % BITS_PER_LONG);
	for (;;) {
		if (w) {
			unsigned int bit = i * BITS_PER_LONG + (unsigned int)__builtin_ctzl(w);

			return bit < nb ? bit : nb;
		}
		if (++i >= nwords(nb))
			return nb;
		w = a->bits[i];
		if (b)
			w &= word_or_zero(b, i);
		if (invert)
			w = ~w;
	}
}

unsigned int cpumask_first(const struct cpumask *m)
{
	return find_next(m, NULL, 0, false);
}

unsigned int cpumask_next(int n, const struct cpumask *m)
{
	return find_next(m, NULL, (unsigned int)(n + 1), false);
}

unsigned int cpumask_first_zero(const struct cpumask *m)
{
	return find_next(m, NULL, 0, true);
}

unsigned int cpumask_next_zero(int n, const struct cpumask *m)
{
	return find_next(m, NULL, (unsigned int)(n + 1), true);
}

unsigned int cpumask_first_and(const struct cpumask *a, const struct cpumask *b)
{
	return find_next(a, b, 0, false);
}

unsigned int cpumask_next_and(int n, const struct cpumask *a, const struct cpumask *b)
{
	return find_next(a, b, (unsigned int)(n + 1), false);
}

unsigned int cpumask_last(const struct cpumask *m)
{
	unsigned int i = nwords(m->nbits);

	while (i--) {
		if (m->bits[i])
			return i * BITS_PER_LONG + (unsigned int)(BITS_PER_LONG - 1 -
								  __builtin_clzl(m->bits[i]));
	}
	return m->nbits;
}

/* The @n-th (0-based) set CPU, or nbits. */
unsigned int cpumask_nth(unsigned int n, const struct cpumask *m)
{
	unsigned int nw = nwords(m->nbits), i;

	for (i = 0; i < nw; i++) {
		unsigned long w = m->bits[i];
		unsigned int c = (unsigned int)__builtin_popcountl(w);

		if (n >= c) {
			n -= c;
			continue;
		}
		while (n--)
			w &= w - 1;
		return i * BITS_PER_LONG + (unsigned int)__builtin_ctzl(w);
	}
	return m->nbits;
}

/**
 * irqlab_cpumask_storage_size() - bytes one run-time sized mask occupies.
 * @nbits: number of CPUs the mask holds.
 *
 * Return: the size, rounded up to the alignment of struct cpumask so masks
 * can be laid out back to back.
 */
size_t irqlab_cpumask_storage_size(unsigned int nbits)
{
	size_t align = _Alignof(struct cpumask);
	size_t size = sizeof(struct cpumask) +
		      BITS_TO_LONGS(nbits ? nbits : 1) * sizeof(unsigned long);

	return (size + align - 1) / align * align;
}

/**
 * irqlab_cpumask_place() - initialise an empty mask in caller storage.
 * @mem: zeroed, suitably aligned storage of irqlab_cpumask_storage_size()
 *       bytes.
 * @nbits: number of CPUs the mask holds.
 *
 * Return: @mem as a mask.
 */
struct cpumask *irqlab_cpumask_place(void *mem, unsigned int nbits)
{
	struct cpumask *m = mem;

	m->nbits = nbits;
	return m;
}
/**
 * irqlab_cpumask_block_alloc() - one zeroed block: a header, then masks.
 * @head: bytes before the masks (an array of descriptors or pointers).
 * @n: number of masks, each sized for the current machine's nr_cpu_ids.
 * @max: the largest block to allocate; larger requests fail.
 * @first: where the first mask's storage starts.
 * @stride: distance between masks.
 *
 * The caller initialises each mask with irqlab_cpumask_place(); one kfree()
 * of the block frees everything, as kernel callers of kcalloc'd mask arrays
 * expect.
 *
 * Return: the block, or NULL on overflow, above @max or out of memory.
 */
void *irqlab_cpumask_block_alloc(size_t head, unsigned int n, size_t max, char **first,
				 size_t *stride)
{
	size_t msz = irqlab_cpumask_storage_size(irqlab_nr_cpu_ids());
	size_t align = _Alignof(struct cpumask);
	size_t off = (head + align - 1) / align * align;
	size_t total;
	char *block;

	if (__builtin_mul_overflow(msz, (size_t)n, &total) ||
	    __builtin_add_overflow(total, off, &total) || total > max)
		return NULL;
	block = kzalloc(total, GFP_KERNEL);
	if (!block)
		return NULL;
	*first = block + off;
	*stride = msz;
	return block;
}

/* ---- text formats --------------------------------------------------- */

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int parse_uint(const char **pp, unsigned int *out)
{
	const char *p = *pp;
	unsigned long v = 0;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	while (isdigit((unsigned char)*p)) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 0xffffffUL)
			return -ERANGE;
		p++;
	}
	*pp = p;
	*out = (unsigned int)v;
	return 0;
}

/* True at end of input: NUL, or a single trailing newline. */
static bool at_end(const char *p)
{
	return *p == '\0' || (*p == '\n' && p[1] == '\0');
}

/**
 * cpulist_parse() - parse a CPU list into a mask.
 * @buf: "0-3,8", "1,3-9:2/3" (group syntax: RANGE:USED/GROUP), or empty.
 * @dstp: destination; unchanged on error.
 *
 * Return: 0, -EINVAL for bad syntax or a reversed range, -ERANGE for a CPU
 * at or beyond the mask's size.
 */
int cpulist_parse(const char *buf, struct cpumask *dstp)
{
	struct cpumask *tmp = irqlab_cpumask_alloc(dstp->nbits);
	const char *p = skip_ws(buf);
	int ret = 0;

	if (!tmp)
		return -ENOMEM;
	while (!at_end(p)) {
		unsigned int a, b, used = 1, group = 1, c;

		ret = parse_uint(&p, &a);
		if (ret)
			goto out;
		b = a;
		if (*p == '-') {
			p++;
			ret = parse_uint(&p, &b);
			if (ret)
				goto out;
			if (*p == ':') {
				p++;
				ret = parse_uint(&p, &used);
				if (ret || *p != '/') {
					ret = -EINVAL;
					goto out;
				}
				p++;
				ret = parse_uint(&p, &group);
				if (ret)
					goto out;
				if (!used || !group || used > group) {
					ret = -EINVAL;
					goto out;
				}
			}
		}
		if (b < a) {
			ret = -EINVAL;
			goto out;
		}
		if (b >= dstp->nbits) {
			ret = -ERANGE;
			goto out;
		}
		for (c = a; c <= b; c++)
			if ((c - a) % group < used)
				cpumask_set_cpu(c, tmp);
		if (*p == ',') {
			p++;
			if (at_end(p)) {
				ret = -EINVAL;
				goto out;
			}
		} else if (!at_end(p)) {
			ret = -EINVAL;
			goto out;
		}
	}
	cpumask_copy(dstp, tmp);
out:
	kfree(tmp);
	return ret;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/**
 * cpumask_parse() - parse the kernel's hex mask format into a mask.
 * @buf: hex digits, optionally in comma-separated 32-bit groups.
 * @dstp: destination; unchanged on error.
 *
 * Return: 0, -EINVAL for bad syntax (empty, a group wider than 8 digits,
 * a non-hex character), -EOVERFLOW when a bit beyond the mask is set.
 */
int cpumask_parse(const char *buf, struct cpumask *dstp)
{
	struct cpumask *tmp;
	size_t len = strlen(buf);
	unsigned int bit = 0, group_digits = 0;
	int ret = 0;
	size_t i;

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len)
		return -EINVAL;
	tmp = irqlab_cpumask_alloc(dstp->nbits);
	if (!tmp)
		return -ENOMEM;
	/* Walk from the least significant digit. */
	for (i = len; i-- > 0;) {
		int v;

		if (buf[i] == ',') {
			if (!group_digits || i == 0) {
				ret = -EINVAL;
				goto out;
			}
			/* A short group is zero-extended to 32 bits. */
			bit = DIV_ROUND_UP(bit, 32) * 32;
			group_digits = 0;
			continue;
		}
		v = hexval(buf[i]);
		if (v < 0 || ++group_digits > 8) {
			ret = -EINVAL;
			goto out;
		}
		for (int k = 0; k < 4; k++, bit++) {
			if (!(v & (1 << k)))
				continue;
			if (bit >= dstp->nbits) {
				ret = -EOVERFLOW;
				goto out;
			}
			cpumask_set_cpu(bit, tmp);
		}
	}
	cpumask_copy(dstp, tmp);
out:
	kfree(tmp);
	return ret;
}

/* snprintf that behaves like scnprintf: returns what was really written. */
static int scn_append(char *buf, size_t size, int pos, const char *fmt,
		      unsigned int a, unsigned int b)
{
	int n;

	if ((size_t)pos + 1 >= size)
		return pos;
	n = snprintf(buf + pos, size - (size_t)pos, fmt, a, b);
	if (n < 0)
		return pos;
	if ((size_t)(pos + n) >= size)
		return (int)size - 1;
	return pos + n;
}

/**
 * irqlab_cpumask_snprint() - print a mask in %*pbl or %*pb format.
 * @buf: buffer.
 * @size: its size.
 * @m: the mask.
 * @list: list format ("0-3,5") when true, hex ("ff", "1,00000000") otherwise.
 *
 * Return: characters written, excluding the NUL.
 */
int irqlab_cpumask_snprint(char *buf, size_t size, const struct cpumask *m, bool list)
{
	int pos = 0;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (list) {
		unsigned int a = cpumask_first(m);
		bool first = true;

		while (a < m->nbits) {
			unsigned int b = cpumask_next_zero((int)a, m);

			if (b > m->nbits)
				b = m->nbits;
			if (b - 1 == a)
				pos = scn_append(buf, size, pos, first ? "%u" : ",%u", a, 0);
			else
				pos = scn_append(buf, size, pos, first ? "%u-%u" : ",%u-%u",
						 a, b - 1);
			first = false;
			if (b >= m->nbits)
				break;
			a = cpumask_next((int)b, m);
		}
		return pos;
	}
	/*
	 * Hex: 32-bit chunks from the most significant, comma separated; the
	 * leading chunk is as wide as the bits it holds, the others 8 digits.
	 */
	{
		unsigned int nbits = m->nbits ? m->nbits : 1;
		unsigned int chunks = DIV_ROUND_UP(nbits, 32), c;

		for (c = chunks; c-- > 0;) {
			unsigned int lo = c * 32, val = 0, k, width;

			for (k = 0; k < 32 && lo + k < m->nbits; k++)
				if (cpumask_test_cpu(lo + k, m))
					val |= 1U << k;
			width = c == chunks - 1 ? DIV_ROUND_UP(nbits - lo, 4) : 8;
			pos = scn_append(buf, size, pos,
					 c == chunks - 1 ? "%0*x" : ",%0*x", width, val);
		}
	}
	return pos;
}

/**
 * cpumap_print_to_pagebuf() - print a mask and a newline into a page.
 * @list: list format when true.
 * @buf: a 4096-byte buffer.
 * @mask: the mask.
 *
 * Return: characters written.
 */
int cpumap_print_to_pagebuf(bool list, char *buf, const struct cpumask *mask)
{
	int n = irqlab_cpumask_snprint(buf, 4095, mask, list);

	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}
