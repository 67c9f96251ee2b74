// SPDX-License-Identifier: MIT
/*
 * IRQ domains (kernel/irq/irqdomain.c analogue): firmware nodes, domain
 * creation and lookup, hwirq → Linux irq reverse maps, and the hierarchy
 * (per-level irq_data, allocation, activation, freeing).
 *
 * Every domain belongs to the machine that was current when it was created
 * and sits on that machine's domain list.  A hierarchy serialises
 * allocation and freeing with the mutex of its root domain.
 *
 * Reverse maps are read without a lock, as the kernel reads them under RCU:
 * writers hold the root mutex.
 */
#include <string.h>

#include "internals.h"

/* ---- firmware nodes -------------------------------------------------- */

static struct fwnode_handle *alloc_fwnode(char *name, int id)
{
	struct fwnode_handle *fwnode;

	fwnode = kzalloc(sizeof(*fwnode), GFP_KERNEL);
	if (!fwnode || !name) {
		kfree(fwnode);
		kfree(name);
		return NULL;
	}
	fwnode->name = name;
	fwnode->id = id;
	return fwnode;
}

/**
 * irq_domain_alloc_named_fwnode() - allocate a firmware node naming a domain.
 * @name: the name; it is copied.
 *
 * Return: the node, or NULL when memory runs out.
 */
struct fwnode_handle *irq_domain_alloc_named_fwnode(const char *name)
{
	return alloc_fwnode(kasprintf(GFP_KERNEL, "%s", name ? name : "(null)"), 0);
}

/**
 * irq_domain_alloc_named_id_fwnode() - allocate a numbered firmware node.
 * @name: the base name; the node is called "@name-@id".
 * @id: the number.
 *
 * Return: the node, or NULL when memory runs out.
 */
struct fwnode_handle *irq_domain_alloc_named_id_fwnode(const char *name, int id)
{
	return alloc_fwnode(kasprintf(GFP_KERNEL, "%s-%d", name ? name : "(null)",
				      id), id);
}

/**
 * irq_domain_free_fwnode() - free a node from irq_domain_alloc_*_fwnode().
 * @fwnode: the node, or NULL.
 *
 * Domains copy the node's name, so a node may be freed while a domain
 * created from it lives on; lookups by node then no longer match.
 */
void irq_domain_free_fwnode(struct fwnode_handle *fwnode)
{
	if (!fwnode)
		return;
	kfree(fwnode->name);
	kfree(fwnode);
}

/* ---- domain list ----------------------------------------------------- */

static void domain_list_add(struct irqlab_machine *m, struct irq_domain *d)
{
	/* Newest first, as the kernel's list_add() on irq_domain_list. */
	raw_spin_lock(&m->domain_list_lock);
	d->link_prev = NULL;
	d->link_next = m->domains;
	if (m->domains)
		m->domains->link_prev = d;
	m->domains = d;
	raw_spin_unlock(&m->domain_list_lock);
}

/* Caller holds m->domain_list_lock. */
static void domain_list_del(struct irqlab_machine *m, struct irq_domain *d)
{
	if (d->link_prev)
		d->link_prev->link_next = d->link_next;
	else
		m->domains = d->link_next;
	if (d->link_next)
		d->link_next->link_prev = d->link_prev;
	d->link_prev = d->link_next = NULL;
}

/* Caller holds m->domain_list_lock. */
static bool domain_has_children(struct irqlab_machine *m, struct irq_domain *d)
{
	struct irq_domain *h;

	for (h = m->domains; h; h = h->link_next)
		if (h->parent == d)
			return true;
	return false;
}

/* ---- creation and removal -------------------------------------------- */

static int alloc_name(struct irq_domain *d, const char *base,
		      enum irq_domain_bus_token bus_token)
{
	if (bus_token == DOMAIN_BUS_ANY)
		d->name = kasprintf(GFP_KERNEL, "%s", base);
	else
		d->name = kasprintf(GFP_KERNEL, "%s-%d", base, bus_token);
	if (!d->name)
		return -ENOMEM;
	d->flags |= IRQ_DOMAIN_NAME_ALLOCATED;
	return 0;
}

static int alloc_unknown_name(struct irqlab_machine *m, struct irq_domain *d,
			      enum irq_domain_bus_token bus_token)
{
	int id;

	raw_spin_lock(&m->domain_list_lock);
	id = ++m->fwnode_next_id;
	raw_spin_unlock(&m->domain_list_lock);
	if (bus_token == DOMAIN_BUS_ANY)
		d->name = kasprintf(GFP_KERNEL, "unknown-%d", id);
	else
		d->name = kasprintf(GFP_KERNEL, "unknown-%d-%d", id, bus_token);
	if (!d->name)
		return -ENOMEM;
	d->flags |= IRQ_DOMAIN_NAME_ALLOCATED;
	return 0;
}

static int irq_domain_set_name(struct irqlab_machine *m, struct irq_domain *d,
			       const struct irq_domain_info *info)
{
	const struct fwnode_handle *fwnode = info->fwnode;

	if (fwnode && fwnode->name) {
		/* A suffix only disambiguates real device nodes, never named ones. */
		if (info->name_suffix)
			return -EINVAL;
		return alloc_name(d, fwnode->name, info->bus_token);
	}
	if (fwnode)
		pr_err("irq: Invalid fwnode type for irqdomain\n");
	return alloc_unknown_name(m, d, info->bus_token);
}

static void irq_domain_free(struct irq_domain *d)
{
	irqlab_radix_destroy(&d->revmap_tree);
	mutex_destroy(&d->mutex);
	if (d->flags & IRQ_DOMAIN_NAME_ALLOCATED)
		kfree(d->name);
	kfree(d);
}

static int check_info(struct irqlab_machine *m, const struct irq_domain_info *info)
{
	if (WARN_ON(!m))
		return -ENODEV;
	/* No NOMAP support (CONFIG_IRQ_DOMAIN_NOMAP is off): direct_max must be 0. */
	if (WARN_ON(!info || !info->ops || info->direct_max))
		return -EINVAL;
	if (WARN_ON(info->size && info->hwirq_max < info->size))
		return -EINVAL;
	if (WARN_ON(info->parent && info->parent->machine != m))
		return -EINVAL;
	return 0;
}

static struct irq_domain *irq_domain_create(struct irqlab_machine *m,
					    const struct irq_domain_info *info)
{
	struct irq_domain *d;
	int err;

	d = kzalloc(sizeof(*d) + sizeof(d->revmap[0]) * (size_t)info->size,
		    GFP_KERNEL);
	if (!d)
		return ERR_PTR(-ENOMEM);
	err = irq_domain_set_name(m, d, info);
	if (err) {
		kfree(d);
		return ERR_PTR(err);
	}
	d->fwnode = info->fwnode;
	irqlab_radix_init(&d->revmap_tree);
	d->ops = info->ops;
	d->host_data = info->host_data;
	d->bus_token = info->bus_token;
	d->hwirq_max = info->hwirq_max;
	d->revmap_size = info->size;
	d->machine = m;
	/* A root (or flat) domain serialises on its own mutex. */
	mutex_init(&d->mutex);
	d->root = d;
	if (d->ops->alloc)
		d->flags |= IRQ_DOMAIN_FLAG_HIERARCHY;
	return d;
}

/**
 * irq_domain_instantiate() - create and publish a domain.
 * @info: the description: ops (required), linear map size, hwirq_max,
 *        name source (fwnode, bus_token), parent, init/exit callbacks.
 *
 * The domain is named after @info->fwnode ("NAME" or "NAME-<bus_token>"),
 * or "unknown-N" without a named node.  A domain with a parent shares the
 * parent's root and therefore its mutex.  @info->init runs before the
 * domain becomes visible; its failure frees everything.
 *
 * Context: process context; takes the machine's domain list lock.
 * Return: the domain, ERR_PTR(-EINVAL) for an invalid @info (nothing is
 * allocated), ERR_PTR(-ENODEV) without a current machine, ERR_PTR(-ENOMEM),
 * or ERR_PTR() of the init error.
 */
struct irq_domain *irq_domain_instantiate(const struct irq_domain_info *info)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irq_domain *d;
	int err;

	err = check_info(m, info);
	if (err)
		return ERR_PTR(err);
	d = irq_domain_create(m, info);
	if (IS_ERR(d))
		return d;
	d->flags |= info->domain_flags;
	d->exit = info->exit;
	if (info->parent) {
		d->root = info->parent->root;
		d->parent = info->parent;
	}
	if (info->init) {
		err = info->init(d);
		if (err) {
			irq_domain_free(d);
			return ERR_PTR(err);
		}
	}
	domain_list_add(m, d);
	return d;
}

/**
 * irq_domain_create_hierarchy() - create a domain below @parent.
 * @parent: the parent domain, or NULL for a root.
 * @flags: IRQ_DOMAIN_FLAG_* to add.
 * @size: linear map size; 0 makes a tree-only domain with hwirq_max ~0U.
 * @fwnode: the naming node, or NULL.
 * @ops: the domain's methods.
 * @host_data: the owner's data.
 *
 * Return: the domain, or NULL on failure.
 */
struct irq_domain *irq_domain_create_hierarchy(struct irq_domain *parent,
					       unsigned int flags, unsigned int size,
					       struct fwnode_handle *fwnode,
					       const struct irq_domain_ops *ops,
					       void *host_data)
{
	struct irq_domain_info info = {
		.fwnode = fwnode,
		.size = size,
		.hwirq_max = size ? size : ~0U,
		.ops = ops,
		.host_data = host_data,
		.domain_flags = flags,
		.parent = parent,
	};
	struct irq_domain *d = irq_domain_instantiate(&info);

	return IS_ERR(d) ? NULL : d;
}

/**
 * irq_domain_create_linear() - create a domain with a linear reverse map.
 * @fwnode: the naming node, or NULL.
 * @size: number of hwirqs (0..@size-1).
 * @ops: the domain's methods.
 * @host_data: the owner's data.
 *
 * Return: the domain, or NULL on failure.
 */
struct irq_domain *irq_domain_create_linear(struct fwnode_handle *fwnode,
					    unsigned int size,
					    const struct irq_domain_ops *ops,
					    void *host_data)
{
	struct irq_domain_info info = {
		.fwnode = fwnode,
		.size = size,
		.hwirq_max = size,
		.ops = ops,
		.host_data = host_data,
	};
	struct irq_domain *d = irq_domain_instantiate(&info);

	return IS_ERR(d) ? NULL : d;
}

/**
 * irq_domain_create_tree() - create a domain with only a radix reverse map.
 * @fwnode: the naming node, or NULL.
 * @ops: the domain's methods.
 * @host_data: the owner's data.
 *
 * Return: the domain (hwirq_max ~0), or NULL on failure.
 */
struct irq_domain *irq_domain_create_tree(struct fwnode_handle *fwnode,
					  const struct irq_domain_ops *ops,
					  void *host_data)
{
	struct irq_domain_info info = {
		.fwnode = fwnode,
		.hwirq_max = ~0UL,
		.ops = ops,
		.host_data = host_data,
	};
	struct irq_domain *d = irq_domain_instantiate(&info);

	return IS_ERR(d) ? NULL : d;
}

/**
 * irq_domain_remove() - unpublish and free a domain.
 * @domain: the domain.
 *
 * The kernel only warns about left-over mappings and frees the domain
 * anyway; irqlab refuses instead (with a WARN), because freeing would leave
 * descriptors pointing at freed memory.  Likewise a domain that is still
 * the parent of another domain is not removed.  Otherwise @domain->exit
 * runs, the domain leaves the machine's list (and stops being the default
 * host) and its memory is freed.
 *
 * Context: process context; takes the machine's domain list lock.
 */
void irq_domain_remove(struct irq_domain *domain)
{
	struct irqlab_machine *m;
	bool busy;

	if (WARN_ON(!domain))
		return;
	m = domain->machine;
	if (WARN(domain->mapcount, "irq: domain %s still has %u mapping(s)\n",
		 domain->name, domain->mapcount))
		return;
	raw_spin_lock(&m->domain_list_lock);
	busy = domain_has_children(m, domain);
	raw_spin_unlock(&m->domain_list_lock);
	if (WARN(busy, "irq: domain %s is still a parent\n", domain->name))
		return;

	if (domain->exit)
		domain->exit(domain);

	raw_spin_lock(&m->domain_list_lock);
	domain_list_del(m, domain);
	if (m->default_domain == domain)
		m->default_domain = NULL;
	raw_spin_unlock(&m->domain_list_lock);
	irq_domain_free(domain);
}

/**
 * irq_domain_update_bus_token() - set a domain's bus token and rename it.
 * @domain: the domain.
 * @bus_token: the new token.
 *
 * As in the kernel, the new name is the current name plus "-<token>"; if
 * that name cannot be allocated the token still changes and the old name
 * stays.
 *
 * Context: process context; takes the machine's domain list lock.
 */
void irq_domain_update_bus_token(struct irq_domain *domain,
				 enum irq_domain_bus_token bus_token)
{
	struct irqlab_machine *m = domain->machine;
	char *name;

	if (domain->bus_token == bus_token)
		return;

	raw_spin_lock(&m->domain_list_lock);
	domain->bus_token = bus_token;
	name = kasprintf(GFP_KERNEL, "%s-%d", domain->name, bus_token);
	if (name) {
		if (domain->flags & IRQ_DOMAIN_NAME_ALLOCATED)
			kfree(domain->name);
		else
			domain->flags |= IRQ_DOMAIN_NAME_ALLOCATED;
		domain->name = name;
	}
	raw_spin_unlock(&m->domain_list_lock);
}

/* ---- lookup ---------------------------------------------------------- */

static bool domain_matches(struct irq_domain *h, struct irq_fwspec *fwspec,
			   enum irq_domain_bus_token bus_token)
{
	struct fwnode_handle *fwnode = fwspec->fwnode;

	/* select() sees the whole fwspec, but only for a specific bus. */
	if (h->ops->select && bus_token != DOMAIN_BUS_ANY)
		return h->ops->select(h, fwspec, bus_token);
	if (h->ops->match)
		return h->ops->match(h, fwnode, bus_token);
	return fwnode && h->fwnode == fwnode &&
	       (bus_token == DOMAIN_BUS_ANY || h->bus_token == bus_token);
}

/**
 * irq_find_matching_fwspec() - find the domain serving a firmware spec.
 * @fwspec: the spec.
 * @bus_token: DOMAIN_BUS_ANY or the bus the domain must serve.
 *
 * Each domain of the current machine, newest first, is asked with its
 * select() method (for a specific bus), else its match() method, else by
 * comparing the firmware node and the bus token.
 *
 * Context: process context; takes the machine's domain list lock, under
 * which select() and match() run.
 * Return: the first matching domain, or NULL.
 */
struct irq_domain *irq_find_matching_fwspec(struct irq_fwspec *fwspec,
					    enum irq_domain_bus_token bus_token)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irq_domain *h, *found = NULL;

	if (!m || !fwspec)
		return NULL;
	raw_spin_lock(&m->domain_list_lock);
	for (h = m->domains; h; h = h->link_next) {
		if (domain_matches(h, fwspec, bus_token)) {
			found = h;
			break;
		}
	}
	raw_spin_unlock(&m->domain_list_lock);
	return found;
}

/**
 * irq_find_matching_fwnode() - find a domain by firmware node.
 * @fwnode: the node.
 * @bus: DOMAIN_BUS_ANY or the bus the domain must serve.
 *
 * Return: the domain, or NULL.
 */
struct irq_domain *irq_find_matching_fwnode(struct fwnode_handle *fwnode,
					    enum irq_domain_bus_token bus)
{
	struct irq_fwspec fwspec = { .fwnode = fwnode };

	return irq_find_matching_fwspec(&fwspec, bus);
}

/**
 * irq_set_default_host() - set the machine's default domain.
 * @host: the domain used when NULL is passed to the mapping functions.
 */
void irq_set_default_host(struct irq_domain *host)
{
	struct irqlab_machine *m = irqlab_cur();

	if (m)
		m->default_domain = host;
}

/**
 * irq_get_default_host() - the machine's default domain.
 *
 * Return: the domain, or NULL.
 */
struct irq_domain *irq_get_default_host(void)
{
	struct irqlab_machine *m = irqlab_cur();

	return m ? m->default_domain : NULL;
}

/**
 * irqlab_domain_find_by_name() - find a domain of the current machine.
 * @name: the domain's name.
 *
 * Context: takes the machine's domain list lock.
 * Return: the domain, or NULL.
 */
struct irq_domain *irqlab_domain_find_by_name(const char *name)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irq_domain *h;

	if (!m || !name)
		return NULL;
	raw_spin_lock(&m->domain_list_lock);
	for (h = m->domains; h; h = h->link_next)
		if (!strcmp(h->name, name))
			break;
	raw_spin_unlock(&m->domain_list_lock);
	return h;
}

/**
 * irqlab_domain_next() - iterate the current machine's domains.
 * @prev: the previous domain, or NULL to start.
 *
 * Context: the list must not change during the walk.
 * Return: the next domain (newest first), or NULL at the end.
 */
struct irq_domain *irqlab_domain_next(struct irq_domain *prev)
{
	struct irqlab_machine *m = irqlab_cur();
	struct irq_domain *next;

	if (!m)
		return NULL;
	raw_spin_lock(&m->domain_list_lock);
	next = prev ? prev->link_next : m->domains;
	raw_spin_unlock(&m->domain_list_lock);
	return next;
}

/* ---- reverse maps ---------------------------------------------------- */

static struct irq_data *virq_data(unsigned int virq)
{
	struct irq_desc *desc = irq_to_desc(virq);

	return desc ? &desc->irq_data : NULL;
}

static int revmap_store(struct irq_domain *d, irq_hw_number_t hwirq,
			struct irq_data *irqd)
{
	bool was_empty = !d->revmap_tree.root;
	int ret;

	if (hwirq < d->revmap_size) {
		__atomic_store_n(&d->revmap[hwirq], irqd, __ATOMIC_RELEASE);
		return 0;
	}
	ret = irqlab_radix_insert(&d->revmap_tree, hwirq, irqd);
	/* A failed insert may leave empty levels: drop them if nothing else is there. */
	if (ret && was_empty)
		irqlab_radix_destroy(&d->revmap_tree);
	return ret;
}

static void revmap_erase(struct irq_domain *d, irq_hw_number_t hwirq)
{
	unsigned long first = 0;

	if (hwirq < d->revmap_size) {
		__atomic_store_n(&d->revmap[hwirq], NULL, __ATOMIC_RELEASE);
		return;
	}
	irqlab_radix_delete(&d->revmap_tree, hwirq);
	/* Levels added by growing the tree outlive their items: free them too. */
	if (!irqlab_radix_next(&d->revmap_tree, &first))
		irqlab_radix_destroy(&d->revmap_tree);
}

/* Every domain of a hierarchy is written under the same root mutex. */
static int irq_domain_set_mapping(struct irq_domain *d, irq_hw_number_t hwirq,
				  struct irq_data *irqd)
{
	lockdep_assert_held(&d->root->mutex);
	return revmap_store(d, hwirq, irqd);
}

static void irq_domain_clear_mapping(struct irq_domain *d, irq_hw_number_t hwirq)
{
	lockdep_assert_held(&d->root->mutex);
	revmap_erase(d, hwirq);
}

static struct irq_data *revmap_lookup(struct irq_domain *d, irq_hw_number_t hwirq)
{
	if (hwirq < d->revmap_size)
		return __atomic_load_n(&d->revmap[hwirq], __ATOMIC_ACQUIRE);
	return irqlab_radix_lookup(&d->revmap_tree, hwirq);
}

static struct irq_desc *__irq_resolve_mapping(struct irq_domain *domain,
					      irq_hw_number_t hwirq,
					      unsigned int *irq)
{
	struct irq_data *data;

	if (!domain)
		domain = irq_get_default_host();
	if (!domain)
		return NULL;
	data = revmap_lookup(domain, hwirq);
	if (!data)
		return NULL;
	if (irq)
		*irq = data->irq;
	return irq_data_to_desc(data);
}

/**
 * irq_find_mapping() - the Linux irq of a hwirq.
 * @domain: the domain, or NULL for the default domain.
 * @hwirq: the domain-local hardware irq number.
 *
 * Looks in the linear map for hwirq < revmap_size, in the radix tree
 * otherwise.  Each level of a hierarchy has its own entries.
 *
 * Context: any; lockless.
 * Return: the irq, or 0 when @hwirq is not mapped.
 */
unsigned int irq_find_mapping(struct irq_domain *domain, irq_hw_number_t hwirq)
{
	unsigned int irq = 0;

	__irq_resolve_mapping(domain, hwirq, &irq);
	return irq;
}

/**
 * irq_resolve_mapping() - the descriptor of a hwirq.
 * @domain: the domain, or NULL for the default domain.
 * @hwirq: the domain-local hardware irq number.
 *
 * Context: any; lockless.
 * Return: the descriptor, or NULL when @hwirq is not mapped.
 */
struct irq_desc *irq_resolve_mapping(struct irq_domain *domain,
				     irq_hw_number_t hwirq)
{
	return __irq_resolve_mapping(domain, hwirq, NULL);
}

/* ---- non-hierarchical mappings --------------------------------------- */

/*
 * Allocate descriptors: at @virq when >= 0, else from a hint derived from
 * @hwirq (never 0), retrying from 1 when the hinted area is full.
 */
static int irq_domain_alloc_descs(int virq, unsigned int cnt, irq_hw_number_t hwirq,
				  int node, const struct irq_affinity_desc *affinity)
{
	unsigned int hint;

	if (virq >= 0)
		return __irq_alloc_descs(virq, virq, cnt, node, affinity);

	hint = hwirq % irqlab_cur()->nr_irqs;
	if (hint == 0)
		hint++;
	virq = __irq_alloc_descs(-1, hint, cnt, node, affinity);
	if (virq <= 0 && hint > 1)
		virq = __irq_alloc_descs(-1, 1, cnt, node, affinity);
	return virq;
}

static int irq_domain_associate_locked(struct irq_domain *domain, unsigned int virq,
				       irq_hw_number_t hwirq)
{
	struct irq_data *irq_data = virq_data(virq);
	int ret;

	lockdep_assert_held(&domain->root->mutex);
	if (WARN(hwirq >= domain->hwirq_max,
		 "error: hwirq 0x%x is too large for %s\n", (int)hwirq, domain->name))
		return -EINVAL;

	irq_data->hwirq = hwirq;
	irq_data->domain = domain;
	if (domain->ops->map) {
		ret = domain->ops->map(domain, virq, hwirq);
		if (ret) {
			/* -EPERM: reserved by firmware, not worth a message. */
			if (ret != -EPERM)
				pr_info("irq: %s didn't like hwirq-0x%lx to VIRQ%i mapping (rc=%d)\n",
					domain->name, hwirq, virq, ret);
			goto err_reset;
		}
	}

	ret = irq_domain_set_mapping(domain, hwirq, irq_data);
	if (ret) {
		if (domain->ops->unmap)
			domain->ops->unmap(domain, virq);
		goto err_reset;
	}
	domain->mapcount++;
	irq_clear_status_flags(virq, IRQ_NOREQUEST);
	return 0;

err_reset:
	irq_data->domain = NULL;
	irq_data->hwirq = 0;
	return ret;
}

static unsigned int irq_create_mapping_locked(struct irq_domain *domain,
					      irq_hw_number_t hwirq)
{
	int virq;

	virq = irq_domain_alloc_descs(-1, 1, hwirq, NUMA_NO_NODE, NULL);
	if (virq <= 0)
		return 0;
	if (irq_domain_associate_locked(domain, virq, hwirq)) {
		irq_free_desc(virq);
		return 0;
	}
	return virq;
}

/* The domain to use for a mapping call, or NULL after a WARN. */
static struct irq_domain *mapping_domain(struct irq_domain *domain, const char *fn,
					 irq_hw_number_t hwirq)
{
	if (!domain)
		domain = irq_get_default_host();
	if (!domain) {
		WARN(1, "%s(, %lx) called with NULL domain\n", fn, hwirq);
		return NULL;
	}
	if (WARN(domain->machine != irqlab_cur(),
		 "%s: domain %s belongs to another machine\n", fn, domain->name))
		return NULL;
	return domain;
}

/**
 * irq_create_mapping() - map a hwirq of a domain to a new Linux irq.
 * @domain: the domain, or NULL for the default domain.
 * @hwirq: the hardware irq number.
 *
 * An existing mapping is returned as is.  Otherwise a descriptor is
 * allocated, the domain's map() method runs and the reverse map gets an
 * entry; any failure undoes all of it.
 *
 * Context: process context; takes the root mutex of @domain.
 * Return: the Linux irq, or 0 on failure.
 */
unsigned int irq_create_mapping(struct irq_domain *domain, irq_hw_number_t hwirq)
{
	unsigned int virq;

	domain = mapping_domain(domain, __func__, hwirq);
	if (!domain)
		return 0;

	mutex_lock(&domain->root->mutex);
	virq = irq_find_mapping(domain, hwirq);
	if (!virq)
		virq = irq_create_mapping_locked(domain, hwirq);
	mutex_unlock(&domain->root->mutex);
	return virq;
}

static void irq_domain_disassociate(struct irq_domain *domain, unsigned int irq)
{
	struct irq_data *irq_data = virq_data(irq);
	irq_hw_number_t hwirq = irq_data->hwirq;

	mutex_lock(&domain->root->mutex);
	irq_set_status_flags(irq, IRQ_NOREQUEST);
	irq_set_chip_and_handler(irq, NULL, NULL);
	synchronize_irq(irq);
	if (domain->ops->unmap)
		domain->ops->unmap(domain, irq);
	irq_data->domain = NULL;
	irq_data->hwirq = 0;
	domain->mapcount--;
	irq_domain_clear_mapping(domain, hwirq);
	mutex_unlock(&domain->root->mutex);
}

/**
 * irq_dispose_mapping() - undo irq_create_mapping() or a hierarchical
 * allocation of one irq.
 * @virq: the Linux irq (0 and unknown irqs are ignored).
 *
 * Context: process context; takes the root mutex of the irq's domain.
 */
void irq_dispose_mapping(unsigned int virq)
{
	struct irq_data *irq_data = virq ? virq_data(virq) : NULL;
	struct irq_domain *domain;

	if (!irq_data)
		return;
	domain = irq_data->domain;
	if (WARN_ON(!domain))
		return;

	if (irq_domain_is_hierarchy(domain)) {
		irq_domain_free_irqs(virq, 1);
	} else {
		irq_domain_disassociate(domain, virq);
		irq_free_desc(virq);
	}
}

/* The kernel prints of_node_full_name(), "<no-node>" without a node. */
static const char *fwnode_name(const struct fwnode_handle *fwnode)
{
	return fwnode && fwnode->name ? fwnode->name : "<no-node>";
}

static int irq_domain_translate(struct irq_domain *d, struct irq_fwspec *fwspec,
				irq_hw_number_t *hwirq, unsigned int *type)
{
	if (d->ops->translate)
		return d->ops->translate(d, fwspec, hwirq, type);
	if (d->ops->xlate)
		return d->ops->xlate(d, fwspec->fwnode, fwspec->param,
				     fwspec->param_count, hwirq, type);
	/* Without a translation the first cell is the line. */
	*hwirq = fwspec->param[0];
	return 0;
}

/**
 * irq_domain_translate_twocell() - translate a <hwirq type> firmware spec.
 * @d: the domain.
 * @fwspec: the spec; param[0] is the hwirq, param[1] the trigger type.
 * @out_hwirq: result hwirq.
 * @out_type: result IRQ_TYPE_* (sense bits only).
 *
 * Return: 0, or -EINVAL (with a WARN) when the spec has fewer than 2 cells.
 */
int irq_domain_translate_twocell(struct irq_domain *d, struct irq_fwspec *fwspec,
				 unsigned long *out_hwirq, unsigned int *out_type)
{
	if (WARN_ON(fwspec->param_count < 2))
		return -EINVAL;
	*out_hwirq = fwspec->param[0];
	*out_type = fwspec->param[1] & IRQ_TYPE_SENSE_MASK;
	return 0;
}

static int irq_domain_alloc_irqs_locked(struct irq_domain *domain, int irq_base,
					unsigned int nr_irqs, int node, void *arg,
					bool realloc,
					const struct irq_affinity_desc *affinity);

/* An existing mapping: keep it if the trigger type agrees, or set it. */
static unsigned int fwspec_existing(unsigned int virq, unsigned int type,
				    irq_hw_number_t hwirq, struct irq_fwspec *fwspec)
{
	unsigned int cur = irqd_get_trigger_type(virq_data(virq));

	if (type == IRQ_TYPE_NONE || type == cur)
		return virq;
	if (cur == IRQ_TYPE_NONE) {
		irqd_set_trigger_type_bits(virq_data(virq), type);
		return virq;
	}
	pr_warn("irq: type mismatch, failed to map hwirq-%lu for %s!\n", hwirq,
		fwnode_name(fwspec->fwnode));
	return 0;
}

static struct irq_domain *fwspec_domain(struct irq_fwspec *fwspec)
{
	struct irq_domain *domain;

	if (!fwspec->fwnode)
		return irq_get_default_host();
	domain = irq_find_matching_fwspec(fwspec, DOMAIN_BUS_WIRED);
	if (!domain)
		domain = irq_find_matching_fwspec(fwspec, DOMAIN_BUS_ANY);
	return domain;
}

/**
 * irq_create_fwspec_mapping() - map a firmware interrupt spec to an irq.
 * @fwspec: the spec (firmware node and cells).
 *
 * Finds the domain (a WIRED one first, then any; the default domain for a
 * spec without node), translates the cells into hwirq and trigger type and
 * either returns the existing mapping or creates one: a hierarchical
 * domain allocates through irq_domain_alloc_irqs() with @fwspec as
 * argument, a flat one through irq_create_mapping().  The trigger type is
 * stored in the irq's state.
 *
 * Context: process context; takes the domain's root mutex.
 * Return: the Linux irq, or 0 on failure.
 */
unsigned int irq_create_fwspec_mapping(struct irq_fwspec *fwspec)
{
	unsigned int type = IRQ_TYPE_NONE;
	struct irq_domain *domain;
	irq_hw_number_t hwirq;
	int virq;

	if (WARN_ON(!fwspec))
		return 0;
	domain = fwspec_domain(fwspec);
	if (!domain) {
		pr_warn("irq: no irq domain found for %s !\n",
			fwnode_name(fwspec->fwnode));
		return 0;
	}
	if (irq_domain_translate(domain, fwspec, &hwirq, &type))
		return 0;
	/* Only the sense bits are a trigger type. */
	if (WARN_ON(type & ~IRQ_TYPE_SENSE_MASK))
		type &= IRQ_TYPE_SENSE_MASK;

	mutex_lock(&domain->root->mutex);
	virq = irq_find_mapping(domain, hwirq);
	if (virq) {
		virq = fwspec_existing(virq, type, hwirq, fwspec);
		goto out;
	}
	if (irq_domain_is_hierarchy(domain))
		virq = irq_domain_alloc_irqs_locked(domain, -1, 1, NUMA_NO_NODE,
						    fwspec, false, NULL);
	else
		virq = irq_create_mapping_locked(domain, hwirq);
	if (virq <= 0) {
		virq = 0;
		goto out;
	}
	irqd_set_trigger_type_bits(virq_data(virq), type);
out:
	mutex_unlock(&domain->root->mutex);
	return virq;
}

/* ---- hierarchy: per-level data --------------------------------------- */

/**
 * irq_domain_get_irq_data() - the irq_data of @virq at @domain's level.
 * @domain: the level's domain.
 * @virq: the Linux irq.
 *
 * Return: the level's irq_data, or NULL when @virq has no level there.
 */
struct irq_data *irq_domain_get_irq_data(struct irq_domain *domain,
					 unsigned int virq)
{
	struct irq_data *irq_data;

	for (irq_data = virq_data(virq); irq_data; irq_data = irq_data->parent_data)
		if (irq_data->domain == domain)
			return irq_data;
	return NULL;
}

/**
 * irq_domain_set_hwirq_and_chip() - set up @virq's level in @domain.
 * @domain: the level's domain.
 * @virq: the Linux irq.
 * @hwirq: the level's hardware irq number.
 * @chip: the level's chip; NULL means no_irq_chip; ERR_PTR(-ENOTCONN)
 *        marks the level for trimming.
 * @chip_data: the chip's private data.
 *
 * Return: 0, or -ENOENT when @virq has no level in @domain.
 */
int irq_domain_set_hwirq_and_chip(struct irq_domain *domain, unsigned int virq,
				  irq_hw_number_t hwirq, const struct irq_chip *chip,
				  void *chip_data)
{
	struct irq_data *irq_data = irq_domain_get_irq_data(domain, virq);

	if (!irq_data)
		return -ENOENT;
	irq_data->hwirq = hwirq;
	irq_data->chip = chip ? chip : &no_irq_chip;
	irq_data->chip_data = chip_data;
	return 0;
}

/**
 * irq_domain_set_info() - set up @virq's level and its flow handler.
 * @domain: the level's domain.
 * @virq: the Linux irq.
 * @hwirq: the level's hardware irq number.
 * @chip: the level's chip (NULL: no_irq_chip).
 * @chip_data: the chip's private data.
 * @handler: the flow handler of @virq.
 * @handler_data: the flow handler's data.
 * @handler_name: the flow handler's name ("edge", ...).
 */
void irq_domain_set_info(struct irq_domain *domain, unsigned int virq,
			 irq_hw_number_t hwirq, const struct irq_chip *chip,
			 void *chip_data, irq_flow_handler_t handler,
			 void *handler_data, const char *handler_name)
{
	irq_domain_set_hwirq_and_chip(domain, virq, hwirq, chip, chip_data);
	__irq_set_handler(virq, handler, 0, handler_name);
	irq_set_handler_data(virq, handler_data);
}

/**
 * irq_domain_reset_irq_data() - clear a level: hwirq 0, no_irq_chip, no data.
 * @irq_data: the level.
 */
void irq_domain_reset_irq_data(struct irq_data *irq_data)
{
	irq_data->hwirq = 0;
	irq_data->chip = &no_irq_chip;
	irq_data->chip_data = NULL;
}

static void irq_domain_free_irqs_hierarchy(struct irq_domain *domain,
					   unsigned int irq_base, unsigned int nr_irqs)
{
	unsigned int i;

	if (!domain->ops->free)
		return;
	for (i = 0; i < nr_irqs; i++)
		if (irq_domain_get_irq_data(domain, irq_base + i))
			domain->ops->free(domain, irq_base + i, 1);
}

/**
 * irq_domain_free_irqs_parent() - free the parent level of a range of irqs.
 * @domain: the domain whose parent frees.
 * @irq_base: first Linux irq.
 * @nr_irqs: number of irqs.
 *
 * The parent's free() runs once for each irq that has a level there.
 */
void irq_domain_free_irqs_parent(struct irq_domain *domain, unsigned int irq_base,
				 unsigned int nr_irqs)
{
	if (domain->parent)
		irq_domain_free_irqs_hierarchy(domain->parent, irq_base, nr_irqs);
}

/**
 * irq_domain_free_irqs_common() - a generic free(): reset this level, then
 * free the parent level.
 * @domain: the domain.
 * @virq: first Linux irq.
 * @nr_irqs: number of irqs.
 */
void irq_domain_free_irqs_common(struct irq_domain *domain, unsigned int virq,
				 unsigned int nr_irqs)
{
	struct irq_data *irq_data;
	unsigned int i;

	for (i = 0; i < nr_irqs; i++) {
		irq_data = irq_domain_get_irq_data(domain, virq + i);
		if (irq_data)
			irq_domain_reset_irq_data(irq_data);
	}
	irq_domain_free_irqs_parent(domain, virq, nr_irqs);
}

/**
 * irq_domain_free_irqs_top() - irq_domain_free_irqs_common() for the
 * outermost domain, which also clears the flow handler and its data.
 * @domain: the domain.
 * @virq: first Linux irq.
 * @nr_irqs: number of irqs.
 */
void irq_domain_free_irqs_top(struct irq_domain *domain, unsigned int virq,
			      unsigned int nr_irqs)
{
	unsigned int i;

	for (i = 0; i < nr_irqs; i++) {
		irq_set_handler_data(virq + i, NULL);
		irq_set_handler(virq + i, NULL);
	}
	irq_domain_free_irqs_common(domain, virq, nr_irqs);
}

static void free_level_chain(struct irq_data *irq_data)
{
	struct irq_data *tmp;

	while (irq_data) {
		tmp = irq_data;
		irq_data = irq_data->parent_data;
		kfree(tmp);
	}
}

/* Detach and free every parent level of each irq of the range. */
static void irq_domain_free_irq_data(unsigned int virq, unsigned int nr_irqs)
{
	struct irq_data *irq_data, *chain;
	unsigned int i;

	for (i = 0; i < nr_irqs; i++) {
		irq_data = virq_data(virq + i);
		chain = irq_data->parent_data;
		irq_data->parent_data = NULL;
		irq_data->domain = NULL;
		free_level_chain(chain);
	}
}

static struct irq_data *irq_domain_insert_irq_data(struct irq_domain *domain,
						   struct irq_data *child)
{
	struct irq_data *irq_data;

	irq_data = kzalloc(sizeof(*irq_data), GFP_KERNEL);
	if (irq_data) {
		child->parent_data = irq_data;
		irq_data->irq = child->irq;
		irq_data->common = child->common;
		irq_data->domain = domain;
	}
	return irq_data;
}

/* One irq_data per parent level; the outermost one is in the descriptor. */
static int irq_domain_alloc_irq_data(struct irq_domain *domain, unsigned int virq,
				     unsigned int nr_irqs)
{
	struct irq_domain *parent;
	struct irq_data *irq_data;
	unsigned int i;

	for (i = 0; i < nr_irqs; i++) {
		irq_data = virq_data(virq + i);
		irq_data->domain = domain;
		for (parent = domain->parent; parent; parent = parent->parent) {
			irq_data = irq_domain_insert_irq_data(parent, irq_data);
			if (!irq_data) {
				irq_domain_free_irq_data(virq, i + 1);
				return -ENOMEM;
			}
		}
	}
	return 0;
}

/*
 * Cut the levels from the first ERR_PTR(-ENOTCONN) chip inwards.  The
 * outermost level needs a real chip, every level above a marker one too,
 * and no level below a marker may have a chip.
 */
static int irq_domain_trim_hierarchy(unsigned int virq)
{
	struct irq_data *tail = NULL, *irqd, *irq_data = virq_data(virq);

	if (IS_ERR_OR_NULL(irq_data->chip))
		return -EINVAL;

	for (irqd = irq_data->parent_data; irqd;
	     irq_data = irqd, irqd = irqd->parent_data) {
		if (irqd->chip && tail)
			return -EINVAL;
		if (!irqd->chip && !tail)
			return -EINVAL;
		if (IS_ERR(irqd->chip)) {
			if (PTR_ERR(irqd->chip) != -ENOTCONN)
				return -EINVAL;
			tail = irq_data;
		}
	}
	if (!tail)
		return 0;

	pr_info("irq: IRQ%d: trimming hierarchy from %s\n", virq,
		tail->parent_data->domain->name);
	irqd = tail->parent_data;
	tail->parent_data = NULL;
	free_level_chain(irqd);
	return 0;
}

static void irq_domain_neutralise_chips(unsigned int virq)
{
	struct irq_data *data;

	for (data = virq_data(virq); data; data = data->parent_data)
		if (IS_ERR_OR_NULL(data->chip))
			data->chip = &no_irq_chip;
}

/* Drop the revmap entries and map counts of @virq's levels up to @stop. */
static void irq_domain_unmap_levels(unsigned int virq, struct irq_data *stop)
{
	struct irq_data *data;

	for (data = virq_data(virq); data && data != stop; data = data->parent_data) {
		data->domain->mapcount--;
		irq_domain_clear_mapping(data->domain, data->hwirq);
	}
}

/* Give every level of @virq its revmap entry and count; all or nothing. */
static int irq_domain_insert_irq(unsigned int virq)
{
	struct irq_data *data;
	int ret;

	for (data = virq_data(virq); data; data = data->parent_data) {
		ret = irq_domain_set_mapping(data->domain, data->hwirq, data);
		if (ret) {
			irq_domain_unmap_levels(virq, data);
			return ret;
		}
		data->domain->mapcount++;
	}
	return 0;
}

static void irq_domain_remove_irq(unsigned int virq)
{
	irq_set_status_flags(virq, IRQ_NOREQUEST);
	irq_set_chip_and_handler(virq, NULL, NULL);
	synchronize_irq(virq);
	irq_domain_unmap_levels(virq, NULL);
}

static int irq_domain_alloc_irqs_hierarchy(struct irq_domain *domain,
					   unsigned int irq_base,
					   unsigned int nr_irqs, void *arg)
{
	if (!domain->ops->alloc)
		return -ENOSYS;
	return domain->ops->alloc(domain, irq_base, nr_irqs, arg);
}

/* With @realloc the descriptors must exist and belong to no domain yet. */
static int check_realloc(unsigned int virq, unsigned int nr_irqs)
{
	struct irq_data *irq_data;
	unsigned int i;

	for (i = 0; i < nr_irqs; i++) {
		irq_data = virq_data(virq + i);
		if (WARN(!irq_data || irq_data->domain,
			 "irq: cannot reuse IRQ%u\n", virq + i))
			return -EINVAL;
	}
	return 0;
}

static int irq_domain_insert_irqs(unsigned int virq, unsigned int nr_irqs)
{
	unsigned int i;
	int ret;

	for (i = 0; i < nr_irqs; i++) {
		ret = irq_domain_insert_irq(virq + i);
		if (ret) {
			while (i--)
				irq_domain_unmap_levels(virq + i, NULL);
			return ret;
		}
	}
	for (i = 0; i < nr_irqs; i++)
		irq_clear_status_flags(virq + i, IRQ_NOREQUEST);
	return 0;
}

static int irq_domain_alloc_irqs_locked(struct irq_domain *domain, int irq_base,
					unsigned int nr_irqs, int node, void *arg,
					bool realloc,
					const struct irq_affinity_desc *affinity)
{
	unsigned int i;
	int ret, virq;

	lockdep_assert_held(&domain->root->mutex);
	if (realloc && irq_base >= 0) {
		virq = irq_base;
		ret = check_realloc(virq, nr_irqs);
		if (ret)
			return ret;
	} else {
		/* As in the kernel, the hwirq hint is 0: search from irq 1. */
		virq = irq_domain_alloc_descs(irq_base, nr_irqs, 0, node, affinity);
		if (virq < 0)
			return virq;
		realloc = false;
	}

	if (irq_domain_alloc_irq_data(domain, virq, nr_irqs)) {
		ret = -ENOMEM;
		goto out_free_desc;
	}
	ret = irq_domain_alloc_irqs_hierarchy(domain, virq, nr_irqs, arg);
	if (ret < 0)
		goto out_free_irq_data;
	for (i = 0; i < nr_irqs; i++) {
		ret = irq_domain_trim_hierarchy(virq + i);
		if (ret)
			goto out_free_hierarchy;
	}
	ret = irq_domain_insert_irqs(virq, nr_irqs);
	if (ret)
		goto out_free_hierarchy;
	return virq;

out_free_hierarchy:
	/*
	 * Unlike the kernel, also undo what the levels' alloc() did.  Their
	 * free() may call chip helpers that walk the chain, so a rejected
	 * chain's markers and missing chips become no_irq_chip first.
	 */
	for (i = 0; i < nr_irqs; i++)
		irq_domain_neutralise_chips(virq + i);
	irq_domain_free_irqs_hierarchy(domain, virq, nr_irqs);
out_free_irq_data:
	irq_domain_free_irq_data(virq, nr_irqs);
out_free_desc:
	if (!realloc)
		irq_free_descs(virq, nr_irqs);
	return ret;
}

/**
 * __irq_domain_alloc_irqs() - allocate irqs in a hierarchy.
 * @domain: the outermost domain, or NULL for the default domain.
 * @irq_base: the irq wanted, or -1.
 * @nr_irqs: how many.
 * @node: NUMA node.
 * @arg: passed to each level's alloc.
 * @realloc: reuse the existing descriptors at @irq_base.
 * @affinity: optional affinity of each irq.
 *
 * Allocates the descriptors, one irq_data per parent level, then calls
 * @domain's alloc() (which calls its parents'), trims levels marked with
 * ERR_PTR(-ENOTCONN) chips, and gives every level a reverse-map entry and
 * a map count.  The irqs become requestable (IRQ_NOREQUEST cleared).
 *
 * Context: process context; takes the hierarchy's root mutex.
 * Return: the first irq, or a negative errno (-EINVAL without a domain or
 * for a domain of another machine); on failure every level, reverse map
 * entry and descriptor allocated here is released.
 */
int __irq_domain_alloc_irqs(struct irq_domain *domain, int irq_base,
			    unsigned int nr_irqs, int node, void *arg, bool realloc,
			    const struct irq_affinity_desc *affinity)
{
	int ret;

	if (!domain) {
		domain = irq_get_default_host();
		if (WARN(!domain, "domain is NULL; cannot allocate IRQ\n"))
			return -EINVAL;
	}
	if (WARN(domain->machine != irqlab_cur(),
		 "irq: domain %s belongs to another machine\n", domain->name))
		return -EINVAL;

	mutex_lock(&domain->root->mutex);
	ret = irq_domain_alloc_irqs_locked(domain, irq_base, nr_irqs, node, arg,
					   realloc, affinity);
	mutex_unlock(&domain->root->mutex);
	return ret;
}

/**
 * irq_domain_free_irqs() - free irqs allocated with irq_domain_alloc_irqs().
 * @virq: first Linux irq.
 * @nr_irqs: number of irqs.
 *
 * Each irq becomes unrequestable, loses its outer chip and flow handler
 * and every level's reverse-map entry; then the outermost domain's free()
 * runs per irq, the parent levels' irq_data and the descriptors are freed.
 *
 * Context: process context; takes the hierarchy's root mutex.
 */
void irq_domain_free_irqs(unsigned int virq, unsigned int nr_irqs)
{
	struct irq_data *data = virq_data(virq);
	struct irq_domain *domain;
	unsigned int i;

	if (WARN(!data || !data->domain || !data->domain->ops->free,
		 "NULL pointer, cannot free irq\n"))
		return;
	domain = data->domain;

	mutex_lock(&domain->root->mutex);
	for (i = 0; i < nr_irqs; i++)
		irq_domain_remove_irq(virq + i);
	irq_domain_free_irqs_hierarchy(domain, virq, nr_irqs);
	mutex_unlock(&domain->root->mutex);

	irq_domain_free_irq_data(virq, nr_irqs);
	irq_free_descs(virq, nr_irqs);
}

/**
 * irq_domain_alloc_irqs_parent() - allocate the parent level of irqs.
 * @domain: the domain whose parent allocates.
 * @irq_base: first Linux irq.
 * @nr_irqs: number of irqs.
 * @arg: the allocation argument.
 *
 * Context: called from a domain's alloc(), under the root mutex.
 * Return: the parent's alloc() result, or -ENOSYS without a parent or
 * without a parent alloc().
 */
int irq_domain_alloc_irqs_parent(struct irq_domain *domain, unsigned int irq_base,
				 unsigned int nr_irqs, void *arg)
{
	if (!domain->parent)
		return -ENOSYS;
	return irq_domain_alloc_irqs_hierarchy(domain->parent, irq_base, nr_irqs, arg);
}

/* ---- hierarchy: activation ------------------------------------------- */

static void __irq_domain_deactivate_irq(struct irq_data *irq_data)
{
	struct irq_domain *domain;

	/* Outer level first, then towards the root. */
	for (; irq_data && irq_data->domain; irq_data = irq_data->parent_data) {
		domain = irq_data->domain;
		if (domain->ops->deactivate)
			domain->ops->deactivate(domain, irq_data);
	}
}

static int __irq_domain_activate_irq(struct irq_data *irqd, bool reserve)
{
	struct irq_domain *domain;
	int ret = 0;

	if (!irqd->domain)
		return 0;
	domain = irqd->domain;
	/* The root is activated first: parents before children. */
	if (irqd->parent_data)
		ret = __irq_domain_activate_irq(irqd->parent_data, reserve);
	if (!ret && domain->ops->activate) {
		ret = domain->ops->activate(domain, irqd, reserve);
		if (ret && irqd->parent_data)
			__irq_domain_deactivate_irq(irqd->parent_data);
	}
	return ret;
}

/**
 * irq_domain_activate_irq() - activate an irq from the root outwards.
 * @irq_data: the outermost level.
 * @reserve: passed to each level's activate.
 *
 * Context: called with the descriptor lock held (request/startup paths).
 * Return: 0 (also when already activated) or the first failing level's
 * error, after the levels already activated were deactivated.
 */
int irq_domain_activate_irq(struct irq_data *irq_data, bool reserve)
{
	int ret = 0;

	if (!irqd_is_activated(irq_data))
		ret = __irq_domain_activate_irq(irq_data, reserve);
	if (!ret)
		irqd_set_activated(irq_data);
	return ret;
}

/**
 * irq_domain_deactivate_irq() - deactivate an activated irq, outer level
 * first.
 * @irq_data: the outermost level.
 *
 * Context: called with the descriptor lock held.
 */
void irq_domain_deactivate_irq(struct irq_data *irq_data)
{
	if (irqd_is_activated(irq_data)) {
		__irq_domain_deactivate_irq(irq_data);
		irqd_clr_activated(irq_data);
	}
}

/* ---- machine teardown ------------------------------------------------ */

static bool irqd_is_outermost(struct irq_data *irqd)
{
	return irqd == &irq_data_to_desc(irqd)->irq_data;
}

/*
 * Teardown, first stage: release each irq whose outermost level is in @d
 * the regular way, so the domains' free()/unmap() release what their
 * alloc()/map() took.  Freeing an irq only removes entries of that irq, so
 * the walk may go on from the next key.
 */
static void teardown_free_irq(struct irq_domain *d, struct irq_data *irqd)
{
	unsigned int virq = irqd->irq;

	if (!irqd_is_outermost(irqd))
		return;
	if (!irq_domain_is_hierarchy(d)) {
		irq_domain_disassociate(d, virq);
		irq_free_desc(virq);
	} else if (d->ops->free) {
		irq_domain_free_irqs(virq, 1);
	}
}

static void teardown_free_mappings(struct irq_domain *d)
{
	struct irq_data *irqd;
	unsigned long key = 0;
	unsigned int i;

	for (i = 0; i < d->revmap_size; i++)
		if (d->revmap[i])
			teardown_free_irq(d, d->revmap[i]);
	while ((irqd = irqlab_radix_next(&d->revmap_tree, &key))) {
		teardown_free_irq(d, irqd);
		if (key == ~0UL)
			break;
		key++;
	}
}

/*
 * Teardown, second stage, for what no free() method could release: the
 * revmaps of @d.  First pass (@outer false): drop the
 * entries of parent levels, without freeing them (another domain's entry
 * may still lead to them).  Second pass: the remaining entries are outermost
 * levels, embedded in descriptors: free their parent chains and detach them.
 */
static void teardown_revmap_entry(struct irq_domain *d, irq_hw_number_t hwirq,
				  struct irq_data *irqd, bool outer)
{
	if (irqd_is_outermost(irqd) != outer)
		return;
	if (outer) {
		free_level_chain(irqd->parent_data);
		irqd->parent_data = NULL;
		irqd->domain = NULL;
		irqd->hwirq = 0;
		irqd->chip = &no_irq_chip;
		irqd->chip_data = NULL;
	}
	revmap_erase(d, hwirq);
	d->mapcount--;
}

static void teardown_revmap(struct irq_domain *d, bool outer)
{
	struct irq_data *irqd;
	unsigned long key = 0;
	unsigned int i;

	for (i = 0; i < d->revmap_size; i++)
		if (d->revmap[i])
			teardown_revmap_entry(d, i, d->revmap[i], outer);
	while ((irqd = irqlab_radix_next(&d->revmap_tree, &key))) {
		teardown_revmap_entry(d, key, irqd, outer);
		if (key == ~0UL)
			break;
		key++;
	}
}

/**
 * irqlab_domains_destroy() - free every domain of a machine (teardown).
 * @m: the machine, current; its descriptors must still exist and have no
 *     actions left.
 *
 * Mappings left behind are released silently (no WARN: this is teardown):
 * through irq_domain_free_irqs() or the unmap() path where the domain can,
 * otherwise by freeing the parent levels' irq_data and detaching the
 * descriptors' outer levels.  Domains are then removed children first,
 * each with its exit() callback.
 */
void irqlab_domains_destroy(struct irqlab_machine *m)
{
	struct irq_domain *d;

	for (d = m->domains; d; d = d->link_next)
		teardown_free_mappings(d);
	for (d = m->domains; d; d = d->link_next)
		teardown_revmap(d, false);
	for (d = m->domains; d; d = d->link_next)
		teardown_revmap(d, true);

	while (m->domains) {
		/* A domain nobody uses as parent exists: the parent graph is a forest. */
		for (d = m->domains; domain_has_children(m, d); d = d->link_next)
			;
		domain_list_del(m, d);
		if (d->exit)
			d->exit(d);
		irq_domain_free(d);
	}
	m->default_domain = NULL;
}
