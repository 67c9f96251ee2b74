// SPDX-License-Identifier: MIT
/*
 * The virtual file tree of a machine: path patterns with placeholder kinds,
 * lookup, read, write, directory listings and export to a host directory.
 * The files themselves live in proc.c, procstat.c, sysfs.c, debugfs.c and
 * trace.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vfs_internal.h"

/* Longest path the tree accepts, and its deepest nesting. */
#define VFS_PATH_MAX 4096
#define VFS_MAX_DEPTH 16

/*
 * One segment of a pattern: a literal (@kind NULL, the text in @pre) or
 * @pre{@kind}@suf.
 */
struct vfs_seg {
	const char *pre;
	const char *kind;
	const char *suf;
};

struct vfs_node {
	struct vfs_node *next;
	const char *pattern;
	unsigned int nseg;
	struct vfs_seg *seg;
	bool dir;
	unsigned int flags;
	irqlab_vfs_show_t show;
	irqlab_vfs_store_t store;
	void *ctx;
};

struct vfs_kind {
	struct vfs_kind *next;
	char *name;
	irqlab_vfs_each_t each;
	irqlab_vfs_exists_t exists;
	void *ctx;
};

/* What a lookup found: a copy, usable after the lock is dropped. */
struct vfs_hit {
	bool dir;
	unsigned int flags;
	irqlab_vfs_show_t show;
	irqlab_vfs_store_t store;
	void *ctx;
	struct irqlab_vfs_args args;
};

/* A path split into segments (in a private copy). */
struct vfs_path {
	char buf[VFS_PATH_MAX];
	char *seg[VFS_MAX_DEPTH];
	unsigned int n;
};

/* ---- small helpers ----------------------------------------------------------- */

/**
 * irqlab_parse_uint() - parse a canonical unsigned decimal ("0", "17").
 * @s: the text (no sign, no leading zero, no blank).
 * @out: the value.
 *
 * Return: true when @s is such a number and fits in an unsigned long.
 */
bool irqlab_parse_uint(const char *s, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (~0UL - 9) / 10)
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return true;
}

/**
 * irqlab_kstrtoul() - parse a decimal written to a file, like kstrtoul().
 * @s: the text; leading zeros and one trailing newline are accepted.
 * @out: the value.
 *
 * Return: 0 or -EINVAL.
 */
int irqlab_kstrtoul(const char *s, unsigned long *out)
{
	char tmp[32];
	size_t len = strlen(s);

	if (len && s[len - 1] == '\n')
		len--;
	if (!len || len >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	/* kstrtoul() accepts leading zeros; only the syntax matters here. */
	while (tmp[0] == '0' && tmp[1])
		memmove(tmp, tmp + 1, strlen(tmp));
	return irqlab_parse_uint(tmp, out) ? 0 : -EINVAL;
}

/**
 * irqlab_seq_cpumask() - print a mask as %*pb or %*pbl.
 * @s: output.
 * @mask: the mask.
 * @list: list format ("0-3,5") when true, hex ("2f") otherwise.
 *
 * Sets s->overflow when memory runs out.
 */
void irqlab_seq_cpumask(struct seq_file *s, const struct cpumask *mask, bool list)
{
	/* Worst cases: "0,2,4,..." for a list; 8 digits + comma per word in hex. */
	size_t size = list ? (size_t)mask->nbits * 6 + 2 : (size_t)mask->nbits / 4 + mask->nbits / 32 + 4;
	char *buf = kmalloc(size, GFP_KERNEL);

	if (!buf) {
		s->overflow = true;
		return;
	}
	irqlab_cpumask_snprint(buf, size, mask, list);
	seq_puts(s, buf);
	kfree(buf);
}

/* Split @path ("/a/b/", "/") into segments; a trailing '/' is ignored. */
static int split_path(const char *path, struct vfs_path *p)
{
	size_t len;
	char *c;

	if (!path || path[0] != '/')
		return -EINVAL;
	len = strlen(path);
	if (len >= sizeof(p->buf))
		return -ENAMETOOLONG;
	memcpy(p->buf, path + 1, len);
	p->n = 0;
	c = p->buf;
	while (*c) {
		char *slash = strchr(c, '/');

		if (slash == c)
			return -EINVAL; /* "//" */
		if (p->n == VFS_MAX_DEPTH)
			return -ENAMETOOLONG;
		p->seg[p->n++] = c;
		if (!slash)
			break;
		*slash = '\0';
		c = slash + 1;
	}
	return 0;
}

static bool kind_name_ok(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_'))
			return false;
	}
	return true;
}

/* Cut one pattern segment (a NUL-terminated copy) into pre/kind/suf. */
static int parse_seg(char *text, struct vfs_seg *seg)
{
	char *open = strchr(text, '{'), *close;

	seg->pre = text;
	seg->kind = NULL;
	seg->suf = NULL;
	if (!open)
		return strchr(text, '}') ? -EINVAL : 0;
	close = strchr(open, '}');
	if (!close || strchr(close + 1, '{') || strchr(close + 1, '}') ||
	    !kind_name_ok(open + 1, (size_t)(close - open - 1)))
		return -EINVAL;
	*open = '\0';
	*close = '\0';
	seg->kind = open + 1;
	seg->suf = close + 1;
	return 0;
}

/* Build a node in one allocation: node, segments, pattern, split copy. */
static struct vfs_node *node_create(const char *pattern)
{
	size_t len = pattern ? strlen(pattern) : 0;
	unsigned int nseg = 0, i;
	struct vfs_node *node;
	char *copy, *c;

	if (len < 2 || pattern[0] != '/' || len >= VFS_PATH_MAX)
		return ERR_PTR(-EINVAL);
	for (i = 1; i < len; i++)
		nseg += pattern[i] == '/';
	nseg += pattern[len - 1] != '/';
	if (nseg > VFS_MAX_DEPTH)
		return ERR_PTR(-EINVAL);
	node = kzalloc(sizeof(*node) + nseg * sizeof(struct vfs_seg) + 2 * (len + 1),
		       GFP_KERNEL);
	if (!node)
		return ERR_PTR(-ENOMEM);
	node->seg = (struct vfs_seg *)(node + 1);
	node->pattern = (char *)(node->seg + nseg);
	memcpy((char *)node->pattern, pattern, len + 1);
	copy = (char *)node->pattern + len + 1;
	memcpy(copy, pattern + 1, len);
	node->dir = pattern[len - 1] == '/';
	node->nseg = nseg;
	for (i = 0, c = copy; i < nseg; i++) {
		char *slash = strchr(c, '/');

		if (slash)
			*slash = '\0';
		if (!*c || parse_seg(c, &node->seg[i])) {
			kfree(node);
			return ERR_PTR(-EINVAL);
		}
		c = slash ? slash + 1 : c + strlen(c);
	}
	return node;
}

/* ---- kinds -------------------------------------------------------------------- */

static struct vfs_kind *kind_find(struct irqlab_vfs *v, const char *name)
{
	struct vfs_kind *k;

	for (k = v->kinds; k; k = k->next)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

struct kind_probe {
	const char *value;
	bool found;
};

static void probe_emit(void *cookie, const char *value)
{
	struct kind_probe *p = cookie;

	if (!strcmp(p->value, value))
		p->found = true;
}

static bool kind_has(struct irqlab_machine *m, struct vfs_kind *k,
		     const struct irqlab_vfs_args *bound, const char *value)
{
	struct kind_probe p = { .value = value };

	if (k->exists)
		return k->exists(m, bound, value, k->ctx);
	k->each(m, bound, probe_emit, &p, k->ctx);
	return p.found;
}

static void bind(struct irqlab_vfs_args *args, const char *value, size_t len)
{
	unsigned int i = args->nr++;

	memcpy(args->str[i], value, len);
	args->str[i][len] = '\0';
	if (!irqlab_parse_uint(args->str[i], &args->num[i]))
		args->num[i] = 0;
}

/* Does path segment @text match @seg?  Binds the placeholder's value. */
static bool seg_match(struct irqlab_machine *m, struct irqlab_vfs *v,
		      const struct vfs_seg *seg, const char *text,
		      struct irqlab_vfs_args *args)
{
	size_t tl = strlen(text), pl, sl, vl;
	struct vfs_kind *k;

	if (!seg->kind)
		return !strcmp(seg->pre, text);
	pl = strlen(seg->pre);
	sl = strlen(seg->suf);
	if (tl <= pl + sl || strncmp(text, seg->pre, pl) ||
	    strcmp(text + tl - sl, seg->suf))
		return false;
	vl = tl - pl - sl;
	k = kind_find(v, seg->kind);
	if (!k || vl >= IRQLAB_VFS_NAME_MAX || args->nr == IRQLAB_VFS_MAX_ARGS)
		return false;
	/* The kind sees the values bound before this one. */
	bind(args, text + pl, vl);
	args->nr--;
	if (!kind_has(m, k, args, args->str[args->nr]))
		return false;
	args->nr++;
	return true;
}

/* Match the first @n segments of @node against @p. */
static bool match_prefix(struct irqlab_machine *m, struct irqlab_vfs *v,
			 const struct vfs_node *node, const struct vfs_path *p,
			 unsigned int n, struct irqlab_vfs_args *args)
{
	unsigned int i;

	args->nr = 0;
	for (i = 0; i < n; i++)
		if (!seg_match(m, v, &node->seg[i], p->seg[i], args))
			return false;
	return true;
}

/* ---- lookup --------------------------------------------------------------------- */

static int probe_show(struct irqlab_machine *m, irqlab_vfs_show_t show,
		      const struct irqlab_vfs_args *args, void *ctx)
{
	struct seq_file scratch;
	int ret;

	seq_init(&scratch);
	ret = show(m, args, &scratch, ctx);
	seq_release_buf(&scratch);
	return ret;
}

/*
 * Resolve @p: a file node (newest first), else a directory node or a
 * directory implied by a deeper pattern.  v->lock held.
 */
static int lookup(struct irqlab_machine *m, struct irqlab_vfs *v,
		  const struct vfs_path *p, struct vfs_hit *hit)
{
	struct vfs_node *node;
	bool dir = p->n == 0;

	for (node = v->nodes; node; node = node->next) {
		if (node->nseg < p->n || (node->nseg == p->n && dir))
			continue;
		if (!match_prefix(m, v, node, p, p->n, &hit->args))
			continue;
		if (node->nseg > p->n || node->dir) {
			dir = true;
			continue;
		}
		hit->dir = false;
		hit->flags = node->flags;
		hit->show = node->show;
		hit->store = node->store;
		hit->ctx = node->ctx;
		return 0;
	}
	if (!dir)
		return -ENOENT;
	memset(hit, 0, sizeof(*hit));
	hit->dir = true;
	return 0;
}

/* Make @m current for the kernel-named functions the files call. */
struct vfs_call {
	struct irqlab_machine *prev;
	struct irqlab_vfs *v;
	struct vfs_path path;
	struct vfs_hit hit;
};

static int vfs_begin(struct irqlab_machine *m, const char *path, struct vfs_call *c)
{
	int ret;

	if (!m)
		return -EINVAL;
	ret = split_path(path, &c->path);
	if (ret)
		return ret;
	c->prev = irqlab_machine_set_current(m);
	c->v = irqlab_vfs_get(m);
	if (!c->v) {
		irqlab_machine_set_current(c->prev);
		return -ENOMEM;
	}
	irqlab_lock_acquire(&c->v->lock);
	ret = lookup(m, c->v, &c->path, &c->hit);
	irqlab_lock_release(&c->v->lock);
	if (ret)
		irqlab_machine_set_current(c->prev);
	return ret;
}

static void vfs_end(struct vfs_call *c)
{
	irqlab_machine_set_current(c->prev);
}

/* ---- read, write, stat ------------------------------------------------------------- */

/* Undo what a failed show appended. */
static void seq_truncate(struct seq_file *s, size_t count, bool overflow)
{
	s->count = count;
	if (s->buf)
		s->buf[count] = '\0';
	s->overflow = overflow;
}

/**
 * irqlab_vfs_read() - read a file of the virtual tree.
 * @m: machine.
 * @path: absolute path.
 * @out: the text is appended here.
 *
 * Return: 0, -ENOENT, -EISDIR, -EINVAL, -ENOMEM.
 */
int irqlab_vfs_read(struct irqlab_machine *m, const char *path, struct seq_file *out)
{
	size_t start = out->count;
	bool overflow = out->overflow;
	struct vfs_call *c;
	int ret;

	c = malloc(sizeof(*c)); /* large: keep it off the stack */
	if (!c)
		return -ENOMEM;
	ret = vfs_begin(m, path, c);
	if (ret)
		goto out;
	if (c->hit.dir) {
		ret = -EISDIR;
	} else {
		ret = c->hit.show(m, &c->hit.args, out, c->hit.ctx);
		if (!ret && out->overflow)
			ret = -ENOMEM;
		if (ret)
			seq_truncate(out, start, overflow);
	}
	vfs_end(c);
out:
	free(c);
	return ret;
}

/* The errno of writing a file without a write method, as root. */
static int readonly_errno(const char *path)
{
	if (!strncmp(path, "/proc/", 6))
		return -EIO; /* procfs: pde_write() without proc_write */
	if (!strncmp(path, "/sys/kernel/debug/", 18) ||
	    !strncmp(path, "/sys/kernel/tracing/", 20))
		return -EINVAL; /* vfs_write() without FMODE_CAN_WRITE */
	return -EACCES; /* kernfs refuses the open */
}

/**
 * irqlab_vfs_write() - write to a file of the virtual tree.
 * @m: machine.
 * @path: absolute path.
 * @buf: the text.
 *
 * Return: 0 or a negative errno.
 */
int irqlab_vfs_write(struct irqlab_machine *m, const char *path, const char *buf)
{
	struct vfs_call *c;
	int ret;

	if (!buf)
		return -EINVAL;
	c = malloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	ret = vfs_begin(m, path, c);
	if (ret)
		goto out;
	if (c->hit.dir)
		ret = -EISDIR;
	else if ((c->hit.flags & VFS_PROBE) &&
		 probe_show(m, c->hit.show, &c->hit.args, c->hit.ctx) == -ENOENT)
		ret = -ENOENT;
	else if (!c->hit.store)
		ret = readonly_errno(path);
	else
		ret = c->hit.store(m, &c->hit.args, buf, c->hit.ctx);
	vfs_end(c);
out:
	free(c);
	return ret;
}

/**
 * irqlab_vfs_stat() - is @path a file or a directory?
 * @m: machine.
 * @path: absolute path.
 *
 * Return: 1 file, 2 directory, or a negative errno.
 */
int irqlab_vfs_stat(struct irqlab_machine *m, const char *path)
{
	struct vfs_call *c;
	int ret;

	c = malloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	ret = vfs_begin(m, path, c);
	if (ret)
		goto out;
	if (c->hit.dir)
		ret = 2;
	else if ((c->hit.flags & VFS_PROBE) &&
		 probe_show(m, c->hit.show, &c->hit.args, c->hit.ctx) == -ENOENT)
		ret = -ENOENT;
	else
		ret = 1;
	vfs_end(c);
out:
	free(c);
	return ret;
}

/* ---- listing ------------------------------------------------------------------------ */

struct vfs_entry {
	char *name;
	bool dir;
	unsigned int seq; /* insertion order: the newest registration first */
};

/* Growable list of names; also collects kind values. */
struct vfs_names {
	struct vfs_entry *e;
	unsigned int n, cap;
	bool nomem;
};

/* Duplicates are dropped after sorting (names_sort()). */
static void names_add(struct vfs_names *l, const char *name, bool dir)
{
	if (l->nomem)
		return;
	if (l->n == l->cap) {
		unsigned int ncap = l->cap ? 2 * l->cap : 16;
		struct vfs_entry *ne = krealloc(l->e, ncap * sizeof(*ne), GFP_KERNEL);

		if (!ne) {
			l->nomem = true;
			return;
		}
		l->e = ne;
		l->cap = ncap;
	}
	l->e[l->n].name = kstrdup(name, GFP_KERNEL);
	if (!l->e[l->n].name) {
		l->nomem = true;
		return;
	}
	l->e[l->n].dir = dir;
	l->e[l->n].seq = l->n;
	l->n++;
}

static void names_emit(void *cookie, const char *value)
{
	names_add(cookie, value, false);
}

static void names_free(struct vfs_names *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		kfree(l->e[i].name);
	kfree(l->e);
	memset(l, 0, sizeof(*l));
}

static int entry_cmp(const void *a, const void *b)
{
	const struct vfs_entry *x = a, *y = b;
	int ret = strverscmp(x->name, y->name);

	return ret ? ret : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sort in version order and keep the first of equal names. */
static void names_sort(struct vfs_names *l)
{
	unsigned int i, n = 0;

	if (!l->n)
		return;
	qsort(l->e, l->n, sizeof(*l->e), entry_cmp);
	for (i = 0; i < l->n; i++) {
		if (n && !strcmp(l->e[n - 1].name, l->e[i].name)) {
			kfree(l->e[i].name);
			continue;
		}
		l->e[n++] = l->e[i];
	}
	l->n = n;
}

/* Add the child of @node at depth @n (args bound for the first @n). */
static void list_node(struct irqlab_machine *m, struct irqlab_vfs *v,
		      const struct vfs_node *node, unsigned int n,
		      struct irqlab_vfs_args *args, struct vfs_names *out)
{
	const struct vfs_seg *seg = &node->seg[n];
	bool dir = node->nseg > n + 1 || node->dir;
	bool probe = !dir && (node->flags & VFS_PROBE);
	struct vfs_names vals = { 0 };
	struct vfs_kind *k;
	unsigned int i;

	if (!seg->kind) {
		if (!probe || probe_show(m, node->show, args, node->ctx) != -ENOENT)
			names_add(out, seg->pre, dir);
		return;
	}
	k = kind_find(v, seg->kind);
	if (!k || args->nr == IRQLAB_VFS_MAX_ARGS)
		return;
	k->each(m, args, names_emit, &vals, k->ctx);
	out->nomem |= vals.nomem;
	for (i = 0; i < vals.n && !out->nomem; i++) {
		size_t vl = strlen(vals.e[i].name);
		char name[3 * IRQLAB_VFS_NAME_MAX];

		if (vl >= IRQLAB_VFS_NAME_MAX)
			continue;
		snprintf(name, sizeof(name), "%s%s%s", seg->pre, vals.e[i].name, seg->suf);
		if (probe) {
			bind(args, vals.e[i].name, vl);
			if (probe_show(m, node->show, args, node->ctx) == -ENOENT) {
				args->nr--;
				continue;
			}
			args->nr--;
		}
		names_add(out, name, dir);
	}
	names_free(&vals);
}

/**
 * irqlab_vfs_list() - list a directory.
 * @m: machine.
 * @dir: absolute path of the directory.
 * @out: one name a line, directories with a trailing '/'.
 *
 * Return: 0, -ENOENT, -ENOTDIR, -EINVAL, -ENOMEM.
 */
int irqlab_vfs_list(struct irqlab_machine *m, const char *dir, struct seq_file *out)
{
	struct vfs_names names = { 0 };
	size_t start = out->count;
	bool overflow = out->overflow;
	struct irqlab_vfs_args *args;
	struct vfs_node *node;
	struct vfs_call *c;
	unsigned int i;
	int ret;

	c = malloc(sizeof(*c) + sizeof(*args));
	if (!c)
		return -ENOMEM;
	args = (struct irqlab_vfs_args *)(c + 1);
	ret = vfs_begin(m, dir, c);
	if (ret)
		goto out;
	if (!c->hit.dir) {
		ret = -ENOTDIR;
		goto end;
	}
	irqlab_lock_acquire(&c->v->lock);
	for (node = c->v->nodes; node; node = node->next) {
		if (node->nseg <= c->path.n ||
		    !match_prefix(m, c->v, node, &c->path, c->path.n, args))
			continue;
		list_node(m, c->v, node, c->path.n, args, &names);
	}
	irqlab_lock_release(&c->v->lock);
	if (names.nomem) {
		ret = -ENOMEM;
		goto end;
	}
	names_sort(&names);
	for (i = 0; i < names.n; i++)
		seq_printf(out, "%s%s\n", names.e[i].name, names.e[i].dir ? "/" : "");
	if (out->overflow) {
		ret = -ENOMEM;
		seq_truncate(out, start, overflow);
	}
end:
	names_free(&names);
	vfs_end(c);
out:
	free(c);
	return ret;
}

/* ---- export ---------------------------------------------------------------------------- */

static int host_mkdir(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/* Create every directory of @path ("a/b/c"), like mkdir -p. */
static int host_mkdir_p(const char *path)
{
	char tmp[VFS_PATH_MAX];
	size_t len = strlen(path), i;
	int ret;

	if (len >= sizeof(tmp))
		return -ENAMETOOLONG;
	memcpy(tmp, path, len + 1);
	for (i = 1; i < len; i++) {
		if (tmp[i] != '/')
			continue;
		tmp[i] = '\0';
		ret = host_mkdir(tmp);
		tmp[i] = '/';
		if (ret)
			return ret;
	}
	return host_mkdir(tmp);
}

/* Rewrite @host with @text, keeping its inode (O_TRUNC, no rename). */
static int host_write(const char *host, const char *text, size_t len)
{
	int fd = open(host, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ret = 0;

	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, text, len);

		if (n < 0) {
			ret = -errno;
			break;
		}
		text += n;
		len -= (size_t)n;
	}
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

static int export_dir(struct irqlab_machine *m, const char *vpath, const char *host);

static int export_entry(struct irqlab_machine *m, const char *vdir, const char *host,
			char *name)
{
	size_t len = strlen(name);
	bool dir = len && name[len - 1] == '/';
	char *vp, *hp;
	int ret;

	if (dir)
		name[len - 1] = '\0';
	vp = kasprintf(GFP_KERNEL, "%s%s%s", vdir, strcmp(vdir, "/") ? "/" : "", name);
	hp = kasprintf(GFP_KERNEL, "%s/%s", host, name);
	if (!vp || !hp) {
		ret = -ENOMEM;
		goto out;
	}
	if (dir) {
		ret = host_mkdir(hp);
		if (!ret)
			ret = export_dir(m, vp, hp);
	} else {
		struct seq_file s;

		seq_init(&s);
		ret = irqlab_vfs_read(m, vp, &s);
		if (!ret)
			ret = host_write(hp, seq_text(&s), s.count);
		else if (ret == -ENOENT)
			ret = 0; /* vanished meanwhile */
		seq_release_buf(&s);
	}
out:
	kfree(vp);
	kfree(hp);
	return ret;
}

static int export_dir(struct irqlab_machine *m, const char *vpath, const char *host)
{
	struct seq_file list;
	char *line, *save = NULL;
	int ret;

	seq_init(&list);
	ret = irqlab_vfs_list(m, vpath, &list);
	if (ret || !list.count)
		goto out;
	for (line = strtok_r(list.buf, "\n", &save); line && !ret;
	     line = strtok_r(NULL, "\n", &save))
		ret = export_entry(m, vpath, host, line);
out:
	seq_release_buf(&list);
	return ret;
}

/**
 * irqlab_vfs_export() - write the whole tree under a host directory.
 * @m: machine.
 * @dir: host directory.
 *
 * Return: 0 or a negative errno.
 */
int irqlab_vfs_export(struct irqlab_machine *m, const char *dir)
{
	int ret;

	if (!m || !dir || !*dir)
		return -EINVAL;
	ret = host_mkdir_p(dir);
	if (ret)
		return ret;
	return export_dir(m, "/", dir);
}

/* ---- registration ------------------------------------------------------------------------ */

/**
 * irqlab_vfs_add() - add a registration to a tree.
 * @v: the tree (its lock held, or not published yet).
 * @pattern: path pattern.
 * @show: renders the file, NULL for a directory.
 * @store: handles writes, or NULL.
 * @ctx: passed to both.
 * @flags: VFS_* flags.
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int irqlab_vfs_add(struct irqlab_vfs *v, const char *pattern, irqlab_vfs_show_t show,
		   irqlab_vfs_store_t store, void *ctx, unsigned int flags)
{
	struct vfs_node *node = node_create(pattern);

	if (IS_ERR(node))
		return (int)PTR_ERR(node);
	if (node->dir ? (show || store) : !show) {
		kfree(node);
		return -EINVAL;
	}
	node->show = show;
	node->store = store;
	node->ctx = ctx;
	node->flags = flags;
	node->next = v->nodes;
	v->nodes = node;
	return 0;
}

/**
 * irqlab_vfs_register() - add a file or a directory.
 * @m: machine.
 * @pattern: the path pattern.
 * @show: renders the file (NULL for a directory).
 * @store: handles writes, or NULL.
 * @ctx: passed to @show and @store.
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int irqlab_vfs_register(struct irqlab_machine *m, const char *pattern,
			irqlab_vfs_show_t show, irqlab_vfs_store_t store, void *ctx)
{
	struct irqlab_vfs *v = m ? irqlab_vfs_get(m) : NULL;
	int ret;

	if (!m)
		return -EINVAL;
	if (!v)
		return -ENOMEM;
	irqlab_lock_acquire(&v->lock);
	/* Files of other subsystems may be absent for some arguments. */
	ret = irqlab_vfs_add(v, pattern, show, store, ctx, VFS_PROBE);
	irqlab_lock_release(&v->lock);
	return ret;
}

/**
 * irqlab_vfs_unregister() - remove the newest registration of @pattern.
 * @m: machine.
 * @pattern: the pattern.
 *
 * Return: 0 or -ENOENT.
 */
int irqlab_vfs_unregister(struct irqlab_machine *m, const char *pattern)
{
	struct irqlab_vfs *v = m ? irqlab_vfs_get(m) : NULL;
	struct vfs_node **pp, *node;
	int ret = -ENOENT;

	if (!v || !pattern)
		return -ENOENT;
	irqlab_lock_acquire(&v->lock);
	for (pp = &v->nodes; (node = *pp); pp = &node->next) {
		if (!strcmp(node->pattern, pattern)) {
			*pp = node->next;
			kfree(node);
			ret = 0;
			break;
		}
	}
	irqlab_lock_release(&v->lock);
	return ret;
}

/**
 * irqlab_vfs_add_kind() - define a placeholder kind in a tree.
 * @v: the tree (its lock held, or not published yet).
 * @kind: the name.
 * @each: enumerates the values.
 * @exists: membership test, or NULL.
 * @ctx: passed to both.
 *
 * Return: 0, -EINVAL, -EEXIST, -ENOMEM.
 */
int irqlab_vfs_add_kind(struct irqlab_vfs *v, const char *kind, irqlab_vfs_each_t each,
			irqlab_vfs_exists_t exists, void *ctx)
{
	struct vfs_kind *k;

	if (!kind || !each || !kind_name_ok(kind, strlen(kind)))
		return -EINVAL;
	if (kind_find(v, kind))
		return -EEXIST;
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	k->name = kstrdup(kind, GFP_KERNEL);
	if (!k->name) {
		kfree(k);
		return -ENOMEM;
	}
	k->each = each;
	k->exists = exists;
	k->ctx = ctx;
	k->next = v->kinds;
	v->kinds = k;
	return 0;
}

/**
 * irqlab_vfs_register_kind() - define a placeholder kind.
 * @m: machine.
 * @kind: its name.
 * @each: enumerates its values.
 * @exists: membership test or NULL.
 * @ctx: passed to both.
 *
 * Return: 0, -EINVAL, -EEXIST, -ENOMEM.
 */
int irqlab_vfs_register_kind(struct irqlab_machine *m, const char *kind,
			     irqlab_vfs_each_t each, irqlab_vfs_exists_t exists, void *ctx)
{
	struct irqlab_vfs *v = m ? irqlab_vfs_get(m) : NULL;
	int ret;

	if (!m)
		return -EINVAL;
	if (!v)
		return -ENOMEM;
	irqlab_lock_acquire(&v->lock);
	ret = irqlab_vfs_add_kind(v, kind, each, exists, ctx);
	irqlab_lock_release(&v->lock);
	return ret;
}

/* ---- built-in kinds ---------------------------------------------------------------------- */

static void each_irq(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
		     irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	unsigned long key = 0;
	char num[16];

	irqlab_lock_acquire(&m->sparse_lock);
	while (irqlab_radix_next(&m->descs, &key)) {
		snprintf(num, sizeof(num), "%lu", key);
		emit(cookie, num);
		key++;
	}
	irqlab_lock_release(&m->sparse_lock);
}

static bool exists_irq(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
		       const char *value, void *ctx)
{
	unsigned long irq;
	bool ret;

	if (!irqlab_parse_uint(value, &irq) || irq >= m->nr_irqs)
		return false;
	irqlab_lock_acquire(&m->sparse_lock);
	ret = irqlab_desc_lookup(m, (unsigned int)irq) != NULL;
	irqlab_lock_release(&m->sparse_lock);
	return ret;
}

static void each_cpu(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
		     irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	unsigned int cpu;
	char num[16];

	for_each_cpu(cpu, m->present) {
		snprintf(num, sizeof(num), "%u", cpu);
		emit(cookie, num);
	}
}

static bool exists_cpu(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
		       const char *value, void *ctx)
{
	unsigned long cpu;

	return irqlab_parse_uint(value, &cpu) && cpu < m->nr_cpus &&
	       cpumask_test_cpu((unsigned int)cpu, m->present);
}

/* The distinct action names of the irq bound last (register_handler_proc()). */
static void each_action(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
			irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	struct irq_desc *desc;
	struct irqaction *a, *b;

	if (!bound->nr)
		return;
	irqlab_lock_acquire(&m->sparse_lock);
	desc = irqlab_desc_lookup(m, (unsigned int)bound->num[bound->nr - 1]);
	if (desc) {
		raw_spin_lock(&desc->lock);
		for (a = desc->action; a && a != &chained_action; a = a->next) {
			if (!a->name || strchr(a->name, '/'))
				continue;
			for (b = desc->action; b != a; b = b->next)
				if (b->name && !strcmp(a->name, b->name))
					break;
			if (b == a)
				emit(cookie, a->name);
		}
		raw_spin_unlock(&desc->lock);
	}
	irqlab_lock_release(&m->sparse_lock);
}

static void each_domain(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
			irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	struct irq_domain *d;

	/* debugfs cannot create names with a '/'; duplicates collapse. */
	for (d = irqlab_domain_next(NULL); d; d = irqlab_domain_next(d))
		if (d->name && *d->name && !strchr(d->name, '/'))
			emit(cookie, d->name);
}

static bool exists_domain(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
			  const char *value, void *ctx)
{
	return irqlab_domain_find_by_name(value) != NULL;
}

/* ---- lifecycle -------------------------------------------------------------------------- */

static unsigned int default_features(const struct irqlab_machine *m)
{
	switch (m->cfg.platform) {
	case IRQLAB_PLATFORM_GIC:
		return IRQLAB_VFS_SHOW_LEVEL;
	default:
		return IRQLAB_VFS_PENDING_IRQ;
	}
}

static void vfs_free(struct irqlab_vfs *v)
{
	while (v->nodes) {
		struct vfs_node *n = v->nodes;

		v->nodes = n->next;
		kfree(n);
	}
	while (v->kinds) {
		struct vfs_kind *k = v->kinds;

		v->kinds = k->next;
		kfree(k->name);
		kfree(k);
	}
	irqlab_proc_release(v);
	irqlab_debugfs_release(v);
	kfree(v->softirqs);
	irqlab_lock_destroy(&v->lock);
	kfree(v);
}

static int add_builtin_kinds(struct irqlab_vfs *v)
{
	int ret;

	ret = irqlab_vfs_add_kind(v, "irq", each_irq, exists_irq, NULL);
	if (!ret)
		ret = irqlab_vfs_add_kind(v, "cpu", each_cpu, exists_cpu, NULL);
	if (!ret)
		ret = irqlab_vfs_add_kind(v, "action", each_action, NULL, NULL);
	if (!ret)
		ret = irqlab_vfs_add_kind(v, "domain", each_domain, exists_domain, NULL);
	return ret;
}

static struct irqlab_vfs *vfs_create(struct irqlab_machine *m)
{
	struct irqlab_vfs *v = kzalloc(sizeof(*v), GFP_KERNEL);
	int ret;

	if (!v)
		return NULL;
	irqlab_lock_init(&v->lock);
	irqlab_radix_init(&v->irqs);
	v->features = default_features(m);
	ret = add_builtin_kinds(v);
	if (!ret)
		ret = irqlab_proc_init(v);
	if (!ret)
		ret = irqlab_procstat_init(v);
	if (!ret)
		ret = irqlab_sysfs_init(v);
	if (!ret)
		ret = irqlab_debugfs_init(v);
	if (!ret)
		ret = irqlab_trace_vfs_init(v);
	if (!ret)
		ret = irqlab_pci_sysfs_init(v);
	if (ret) {
		vfs_free(v);
		return NULL;
	}
	return v;
}

/**
 * irqlab_vfs_get() - the tree of a machine, built on first use.
 * @m: machine.
 *
 * Context: may allocate; two threads racing publish one tree.
 * Return: the tree, or NULL when memory runs out.
 */
struct irqlab_vfs *irqlab_vfs_get(struct irqlab_machine *m)
{
	struct irqlab_vfs *v = __atomic_load_n(&m->vfs, __ATOMIC_ACQUIRE);
	struct irqlab_vfs *expected = NULL;

	if (v)
		return v;
	v = vfs_create(m);
	if (!v)
		return NULL;
	/* Two threads may build it at once: the first one published wins. */
	if (!__atomic_compare_exchange_n(&m->vfs, &expected, v, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		vfs_free(v);
		return expected;
	}
	return v;
}

/**
 * irqlab_vfs_destroy() - free the tree of a machine (machine teardown).
 * @m: machine.
 */
void irqlab_vfs_destroy(struct irqlab_machine *m)
{
	if (m->vfs)
		vfs_free(m->vfs);
	m->vfs = NULL;
}

/**
 * irqlab_vfs_set_features() - override the IRQLAB_VFS_* features.
 * @m: machine.
 * @features: the new set.
 */
void irqlab_vfs_set_features(struct irqlab_machine *m, unsigned int features)
{
	struct irqlab_vfs *v = irqlab_vfs_get(m);

	if (v)
		__atomic_store_n(&v->features, features, __ATOMIC_RELEASE);
}

/**
 * irqlab_vfs_features() - the machine's IRQLAB_VFS_* features.
 * @m: machine.
 *
 * Return: the features (the platform defaults when memory runs out).
 */
unsigned int irqlab_vfs_features(struct irqlab_machine *m)
{
	struct irqlab_vfs *v = irqlab_vfs_get(m);

	return v ? __atomic_load_n(&v->features, __ATOMIC_ACQUIRE) : default_features(m);
}
