/* SPDX-License-Identifier: MIT */
/*
 * IRQ domains (include/linux/irqdomain.h analogue): hwirq → Linux irq
 * reverse maps and hierarchical domains.
 */
#ifndef IRQLAB_IRQDOMAIN_H
#define IRQLAB_IRQDOMAIN_H

#include "irqlab/irq.h"
#include "irqlab/irqdesc.h"
#include "irqlab/spinlock.h"

struct seq_file;
struct irq_domain;
struct msi_parent_ops;

#define IRQ_DOMAIN_IRQ_SPEC_PARAMS 16

/**
 * struct fwnode_handle - firmware node naming a domain.
 * @name: the node's name, used as the domain name.
 * @id: for numbered nodes (irq_domain_alloc_fwnode style), the number.
 */
struct fwnode_handle {
	char *name;
	int id;
};

struct irq_fwspec {
	struct fwnode_handle *fwnode;
	int param_count;
	u32 param[IRQ_DOMAIN_IRQ_SPEC_PARAMS];
};

enum irq_domain_bus_token {
	DOMAIN_BUS_ANY = 0,
	DOMAIN_BUS_WIRED,
	DOMAIN_BUS_GENERIC_MSI,
	DOMAIN_BUS_PCI_MSI,
	DOMAIN_BUS_PLATFORM_MSI,
	DOMAIN_BUS_NEXUS,
	DOMAIN_BUS_IPI,
	DOMAIN_BUS_FSL_MC_MSI,
	DOMAIN_BUS_TI_SCI_INTA_MSI,
	DOMAIN_BUS_WAKEUP,
	DOMAIN_BUS_VMD_MSI,
	DOMAIN_BUS_PCI_DEVICE_MSI,
	DOMAIN_BUS_PCI_DEVICE_MSIX,
	DOMAIN_BUS_DMAR,
	DOMAIN_BUS_AMDVI,
	DOMAIN_BUS_DEVICE_MSI,
	DOMAIN_BUS_WIRED_TO_MSI,
};

/**
 * struct irq_domain_ops - methods of a domain.  All optional.
 */
struct irq_domain_ops {
	int (*match)(struct irq_domain *d, struct fwnode_handle *node,
		     enum irq_domain_bus_token bus_token);
	int (*select)(struct irq_domain *d, struct irq_fwspec *fwspec,
		      enum irq_domain_bus_token bus_token);
	int (*map)(struct irq_domain *d, unsigned int virq, irq_hw_number_t hw);
	void (*unmap)(struct irq_domain *d, unsigned int virq);
	int (*xlate)(struct irq_domain *d, struct fwnode_handle *node,
		     const u32 *intspec, unsigned int intsize,
		     unsigned long *out_hwirq, unsigned int *out_type);
	int (*alloc)(struct irq_domain *d, unsigned int virq, unsigned int nr_irqs,
		     void *arg);
	void (*free)(struct irq_domain *d, unsigned int virq, unsigned int nr_irqs);
	int (*activate)(struct irq_domain *d, struct irq_data *irqd, bool reserve);
	void (*deactivate)(struct irq_domain *d, struct irq_data *irq_data);
	int (*translate)(struct irq_domain *d, struct irq_fwspec *fwspec,
			 unsigned long *out_hwirq, unsigned int *out_type);
	void (*debug_show)(struct seq_file *m, struct irq_domain *d,
			   struct irq_data *irqd, int ind);
};

/* irq_domain::flags */
enum {
	IRQ_DOMAIN_FLAG_HIERARCHY = (1 << 0),
	IRQ_DOMAIN_NAME_ALLOCATED = (1 << 1),
	IRQ_DOMAIN_FLAG_IPI_PER_CPU = (1 << 2),
	IRQ_DOMAIN_FLAG_IPI_SINGLE = (1 << 3),
	IRQ_DOMAIN_FLAG_MSI = (1 << 4),
	IRQ_DOMAIN_FLAG_ISOLATED_MSI = (1 << 5),
	IRQ_DOMAIN_FLAG_NO_MAP = (1 << 6),
	IRQ_DOMAIN_FLAG_MSI_PARENT = (1 << 8),
	IRQ_DOMAIN_FLAG_MSI_DEVICE = (1 << 9),
	IRQ_DOMAIN_FLAG_DESTROY_GC = (1 << 10),
	IRQ_DOMAIN_FLAG_NONCORE = (1 << 16),
};

/* The revmap tree is an irqlab radix tree; opaque to users. */
struct irqlab_radix {
	void *root;
	unsigned int height;
};

/**
 * struct irq_domain - a hardware interrupt number translation object.
 * @name: the domain's name (debugfs, /sys/kernel/debug/irq/domains/NAME).
 * @ops: the methods.
 * @host_data: the owner's private data.
 * @flags: IRQ_DOMAIN_FLAG_*.
 * @mapcount: number of mapped interrupts.
 * @mutex: the domain's mutex; a hierarchy uses its root's.
 * @root: the hierarchy's root domain (itself for a root).
 * @fwnode: the firmware node.
 * @bus_token: the bus token (name suffix "-%d" when non-zero).
 * @parent: the parent domain, or NULL.
 * @msi_parent_ops: set on MSI parent domains.
 * @exit: called by irq_domain_remove().
 * @hwirq_max: the largest hwirq + 1 the domain accepts.
 * @revmap_size: size of the linear reverse map.
 * @revmap_tree: reverse map for hwirqs >= @revmap_size.
 * @machine: owner.
 * @link: position in the machine's domain list.
 * @revmap: the linear reverse map.
 */
struct irq_domain {
	const char *name;
	const struct irq_domain_ops *ops;
	void *host_data;
	unsigned int flags;
	unsigned int mapcount;
	struct mutex mutex;
	struct irq_domain *root;
	struct fwnode_handle *fwnode;
	enum irq_domain_bus_token bus_token;
	struct irq_domain *parent;
	const struct msi_parent_ops *msi_parent_ops;
	void (*exit)(struct irq_domain *d);
	irq_hw_number_t hwirq_max;
	unsigned int revmap_size;
	struct irqlab_radix revmap_tree;
	struct irqlab_machine *machine;
	struct irq_domain *link_prev, *link_next;
	struct irq_data *revmap[];
};

/**
 * struct irq_domain_info - what irq_domain_instantiate() builds.
 */
struct irq_domain_info {
	struct fwnode_handle *fwnode;
	unsigned int domain_flags;
	unsigned int size;
	irq_hw_number_t hwirq_max;
	int direct_max;
	unsigned int hwirq_base;
	unsigned int virq_base;
	enum irq_domain_bus_token bus_token;
	const char *name_suffix;
	const struct irq_domain_ops *ops;
	void *host_data;
	struct irq_domain *parent;
	int (*init)(struct irq_domain *d);
	void (*exit)(struct irq_domain *d);
};

/* Firmware nodes. */
IRQLAB_API struct fwnode_handle *irq_domain_alloc_named_fwnode(const char *name);
IRQLAB_API struct fwnode_handle *irq_domain_alloc_named_id_fwnode(const char *name,
								  int id);
IRQLAB_API void irq_domain_free_fwnode(struct fwnode_handle *fwnode);

/**
 * irq_domain_instantiate() - create and publish a domain.
 * @info: the description.
 *
 * Return: the domain, or ERR_PTR(-EINVAL / -ENOMEM / the init error).
 */
IRQLAB_API struct irq_domain *irq_domain_instantiate(const struct irq_domain_info *info);
IRQLAB_API struct irq_domain *
irq_domain_create_hierarchy(struct irq_domain *parent, unsigned int flags,
			    unsigned int size, struct fwnode_handle *fwnode,
			    const struct irq_domain_ops *ops, void *host_data);
IRQLAB_API struct irq_domain *irq_domain_create_linear(struct fwnode_handle *fwnode,
						       unsigned int size,
						       const struct irq_domain_ops *ops,
						       void *host_data);
IRQLAB_API struct irq_domain *irq_domain_create_tree(struct fwnode_handle *fwnode,
						     const struct irq_domain_ops *ops,
						     void *host_data);
/**
 * irq_domain_remove() - unpublish and free a domain.
 * @domain: the domain; it must have no mapping left (WARNs otherwise and
 *          does nothing).
 */
IRQLAB_API void irq_domain_remove(struct irq_domain *domain);
IRQLAB_API void irq_domain_update_bus_token(struct irq_domain *domain,
					    enum irq_domain_bus_token bus_token);
IRQLAB_API struct irq_domain *irq_find_matching_fwnode(struct fwnode_handle *fwnode,
						       enum irq_domain_bus_token bus);
IRQLAB_API struct irq_domain *irq_find_matching_fwspec(struct irq_fwspec *fwspec,
						       enum irq_domain_bus_token bus);
IRQLAB_API void irq_set_default_host(struct irq_domain *host);
IRQLAB_API struct irq_domain *irq_get_default_host(void);
/** irqlab_domain_find_by_name() - look a domain of the machine up by name. */
IRQLAB_API struct irq_domain *irqlab_domain_find_by_name(const char *name);
/** irqlab_domain_next() - iterate the machine's domains (NULL starts). */
IRQLAB_API struct irq_domain *irqlab_domain_next(struct irq_domain *prev);

/* Reverse maps. */
IRQLAB_API unsigned int irq_find_mapping(struct irq_domain *domain,
					 irq_hw_number_t hwirq);
IRQLAB_API struct irq_desc *irq_resolve_mapping(struct irq_domain *domain,
						irq_hw_number_t hwirq);
IRQLAB_API unsigned int irq_create_mapping(struct irq_domain *domain,
					   irq_hw_number_t hwirq);
IRQLAB_API void irq_dispose_mapping(unsigned int virq);
IRQLAB_API unsigned int irq_create_fwspec_mapping(struct irq_fwspec *fwspec);
IRQLAB_API int irq_domain_translate_twocell(struct irq_domain *d,
					    struct irq_fwspec *fwspec,
					    unsigned long *out_hwirq,
					    unsigned int *out_type);

/* Hierarchy. */
IRQLAB_API struct irq_data *irq_domain_get_irq_data(struct irq_domain *domain,
						    unsigned int virq);
IRQLAB_API int irq_domain_set_hwirq_and_chip(struct irq_domain *domain,
					     unsigned int virq, irq_hw_number_t hwirq,
					     const struct irq_chip *chip,
					     void *chip_data);
IRQLAB_API void irq_domain_set_info(struct irq_domain *domain, unsigned int virq,
				    irq_hw_number_t hwirq, const struct irq_chip *chip,
				    void *chip_data, irq_flow_handler_t handler,
				    void *handler_data, const char *handler_name);
IRQLAB_API void irq_domain_reset_irq_data(struct irq_data *irq_data);
IRQLAB_API void irq_domain_free_irqs_common(struct irq_domain *domain,
					    unsigned int virq, unsigned int nr_irqs);
IRQLAB_API void irq_domain_free_irqs_top(struct irq_domain *domain,
					 unsigned int virq, unsigned int nr_irqs);

/**
 * __irq_domain_alloc_irqs() - allocate irqs in a hierarchy.
 * @domain: the outermost domain.
 * @irq_base: the irq wanted, or -1.
 * @nr_irqs: how many.
 * @node: NUMA node.
 * @arg: passed to each level's alloc.
 * @realloc: reuse the existing descriptors at @irq_base.
 * @affinity: optional affinity of each irq.
 *
 * Context: takes the hierarchy's root mutex.
 * Return: the first irq, or a negative errno; on failure every level,
 * reverse map entry and descriptor allocated here is released.
 */
IRQLAB_API int __irq_domain_alloc_irqs(struct irq_domain *domain, int irq_base,
				       unsigned int nr_irqs, int node, void *arg,
				       bool realloc,
				       const struct irq_affinity_desc *affinity);
static inline int irq_domain_alloc_irqs(struct irq_domain *domain,
					unsigned int nr_irqs, int node, void *arg)
{
	return __irq_domain_alloc_irqs(domain, -1, nr_irqs, node, arg, false, NULL);
}
IRQLAB_API void irq_domain_free_irqs(unsigned int virq, unsigned int nr_irqs);
IRQLAB_API int irq_domain_alloc_irqs_parent(struct irq_domain *domain,
					    unsigned int irq_base,
					    unsigned int nr_irqs, void *arg);
IRQLAB_API void irq_domain_free_irqs_parent(struct irq_domain *domain,
					    unsigned int irq_base,
					    unsigned int nr_irqs);

/**
 * irq_domain_activate_irq() - activate an irq from the root outwards.
 * @irq_data: the outermost level.
 * @reserve: passed to each level's activate.
 *
 * Return: 0 (also when already activated) or the first failing level's
 * error, after the levels already activated were deactivated.
 */
IRQLAB_API int irq_domain_activate_irq(struct irq_data *irq_data, bool reserve);
IRQLAB_API void irq_domain_deactivate_irq(struct irq_data *irq_data);

static inline bool irq_domain_is_hierarchy(struct irq_domain *domain)
{
	return domain->flags & IRQ_DOMAIN_FLAG_HIERARCHY;
}

static inline bool irq_domain_is_msi_parent(struct irq_domain *domain)
{
	return domain->flags & IRQ_DOMAIN_FLAG_MSI_PARENT;
}

#endif
