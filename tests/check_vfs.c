// SPDX-License-Identifier: MIT
/*
 * The virtual file tree itself: registration of files, directories and
 * placeholder kinds (including kinds that depend on earlier placeholders),
 * lookup and error codes, listings, export to a host directory (same bytes,
 * same inodes on re-export), /proc/stat, /proc/softirqs and /proc/uptime,
 * allocation failures, and the real sysstat mpstat reading an exported tree
 * through bind mounts in a private mount namespace.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internals.h"
#include "irqlab/trace.h"
#include "irqlab/vfs.h"
#include "recchip.h"

static int read_err(const char *path)
{
	struct seq_file s;
	int ret;

	seq_init(&s);
	ret = irqlab_vfs_read(tm, path, &s);
	ck_assert(ret == 0 || s.count == 0);
	seq_release_buf(&s);
	return ret;
}

/* ---- a fake PCI bus: devices (kind "bdf") and their MSI irqs ("msi") ------ */

static const char *const bdfs[] = { "0000:00:05.0", "0000:00:06.0" };
static char stored[600];

static void each_bdf(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
		     irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bdfs); i++)
		emit(cookie, bdfs[i]);
}

/* 05.0 has irqs 24 and 25, 06.0 has 26: depends on the bound bdf. */
static void each_msi(struct irqlab_machine *m, const struct irqlab_vfs_args *bound,
		     irqlab_vfs_emit_t emit, void *cookie, void *ctx)
{
	ck_assert_uint_eq(bound->nr, 1);
	if (!strcmp(bound->str[0], bdfs[0])) {
		emit(cookie, "24");
		emit(cookie, "25");
	} else {
		emit(cookie, "26");
	}
}

static int show_msi(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
		    struct seq_file *out, void *ctx)
{
	ck_assert_uint_eq(args->nr, 2);
	seq_printf(out, "%s\n", args->num[1] == 26 ? "msi" : "msix");
	return 0;
}

/* "irq" of 06.0 does not exist (MSI only). */
static int show_legacy_irq(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			   struct seq_file *out, void *ctx)
{
	if (!strcmp(args->str[0], bdfs[1]))
		return -ENOENT;
	seq_printf(out, "%d\n", *(int *)ctx);
	return 0;
}

static int store_legacy_irq(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			    const char *buf, void *ctx)
{
	if (!strcmp(buf, "bad"))
		return -EINVAL;
	snprintf(stored, sizeof(stored), "%s=%s", args->str[0], buf);
	return 0;
}

static int legacy_irq = 11;

static void register_pci(void)
{
	ck_assert_int_eq(irqlab_vfs_register_kind(tm, "bdf", each_bdf, NULL, NULL), 0);
	ck_assert_int_eq(irqlab_vfs_register_kind(tm, "msi", each_msi, NULL, NULL), 0);
	ck_assert_int_eq(irqlab_vfs_register(tm, "/sys/bus/pci/devices/{bdf}/msi_irqs/{msi}",
					     show_msi, NULL, NULL), 0);
	ck_assert_int_eq(irqlab_vfs_register(tm, "/sys/bus/pci/devices/{bdf}/irq",
					     show_legacy_irq, store_legacy_irq, &legacy_irq), 0);
	ck_assert_int_eq(irqlab_vfs_register(tm, "/sys/bus/pci/devices/{bdf}/power/", NULL,
					     NULL, NULL), 0);
}

START_TEST(test_register_kinds)
{
	register_pci();
	ck_list("/", "proc/\nsys/\n");
	ck_list("/sys", "bus/\ndevices/\nkernel/\n");
	ck_list("/sys/bus/pci/devices", "0000:00:05.0/\n0000:00:06.0/\n");
	ck_list("/sys/bus/pci/devices/0000:00:05.0", "irq\nmsi_irqs/\npower/\n");
	/* A file whose show says -ENOENT is absent. */
	ck_list("/sys/bus/pci/devices/0000:00:06.0", "msi_irqs/\npower/\n");
	ck_list("/sys/bus/pci/devices/0000:00:05.0/msi_irqs", "24\n25\n");
	ck_list("/sys/bus/pci/devices/0000:00:06.0/msi_irqs", "26\n");
	ck_list("/sys/bus/pci/devices/0000:00:06.0/power", "");
	ck_file("/sys/bus/pci/devices/0000:00:05.0/msi_irqs/25", "msix\n");
	ck_file("/sys/bus/pci/devices/0000:00:06.0/msi_irqs/26", "msi\n");
	ck_file("/sys/bus/pci/devices/0000:00:05.0/irq", "11\n");
	/* Values are checked against the kind, given the earlier ones. */
	ck_assert_int_eq(read_err("/sys/bus/pci/devices/0000:00:06.0/msi_irqs/24"), -ENOENT);
	ck_assert_int_eq(read_err("/sys/bus/pci/devices/0000:00:07.0/irq"), -ENOENT);
	ck_assert_int_eq(read_err("/sys/bus/pci/devices/0000:00:06.0/irq"), -ENOENT);
	ck_assert_int_eq(irqlab_vfs_stat(tm, "/sys/bus/pci/devices/0000:00:06.0/irq"), -ENOENT);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/bus/pci/devices/0000:00:06.0/irq", "1"),
			 -ENOENT);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/bus/pci/devices/0000:00:05.0/irq", "9"), 0);
	ck_assert_str_eq(stored, "0000:00:05.0=9");
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/bus/pci/devices/0000:00:05.0/irq", "bad"),
			 -EINVAL);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/bus/pci/devices/0000:00:05.0/msi_irqs/24",
					  "1"), -EACCES);
	ck_assert_int_eq(irqlab_vfs_stat(tm, "/sys/bus/pci/devices/0000:00:05.0/msi_irqs"), 2);
	ck_assert_int_eq(irqlab_vfs_stat(tm, "/sys/bus/pci/devices/0000:00:05.0/irq"), 1);
	ck_assert_int_eq(irqlab_vfs_stat(tm, "/"), 2);
	ck_assert_int_eq(irqlab_vfs_unregister(tm, "/sys/bus/pci/devices/{bdf}/irq"), 0);
	ck_assert_int_eq(irqlab_vfs_unregister(tm, "/sys/bus/pci/devices/{bdf}/irq"), -ENOENT);
	ck_assert_int_eq(read_err("/sys/bus/pci/devices/0000:00:05.0/irq"), -ENOENT);
}
END_TEST

static int show_override(struct irqlab_machine *m, const struct irqlab_vfs_args *args,
			 struct seq_file *out, void *ctx)
{
	seq_puts(out, "override\n");
	return 0;
}

START_TEST(test_override)
{
	/* The newest registration of a path wins; unregistering restores. */
	ck_assert_int_eq(irqlab_vfs_register(tm, "/proc/interrupts", show_override, NULL,
					     NULL), 0);
	ck_file("/proc/interrupts", "override\n");
	ck_assert_int_eq(irqlab_vfs_unregister(tm, "/proc/interrupts"), 0);
	ck_file("/proc/interrupts", "           CPU0       CPU1       CPU2       CPU3       \n");
	/* A kind that is never defined matches nothing. */
	ck_assert_int_eq(irqlab_vfs_register(tm, "/sys/x/{ghost}/f", show_override, NULL, NULL),
			 0);
	ck_list("/sys/x", "");
	ck_assert_int_eq(read_err("/sys/x/1/f"), -ENOENT);
	/* A file at the top. */
	ck_assert_int_eq(irqlab_vfs_register(tm, "/README", show_override, NULL, NULL), 0);
	ck_list("/", "README\nproc/\nsys/\n");
}
END_TEST

START_TEST(test_register_errors)
{
	static const char *const bad[] = {
		"", "/", "relative", "/a//b", "/a/{bad-kind}", "/a/{x}{y}", "/a/}",
		"/a/{}", "/a/{x", "/a/x}y",
		"/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(irqlab_vfs_register(tm, bad[i], show_override, NULL, NULL) == -EINVAL,
			      "pattern \"%s\" accepted", bad[i]);
	ck_assert_int_eq(irqlab_vfs_register(tm, NULL, show_override, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_register(tm, "/d/", show_override, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_register(tm, "/f", NULL, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_register(NULL, "/f", show_override, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_register_kind(tm, "irq", each_bdf, NULL, NULL), -EEXIST);
	ck_assert_int_eq(irqlab_vfs_register_kind(tm, "a-b", each_bdf, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_register_kind(tm, "", each_bdf, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_register_kind(tm, "x", NULL, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_register_kind(tm, NULL, each_bdf, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_register_kind(NULL, "x", each_bdf, NULL, NULL), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_unregister(tm, "/nope"), -ENOENT);
	ck_assert_int_eq(irqlab_vfs_unregister(NULL, "/nope"), -ENOENT);
	ck_assert_int_eq(irqlab_vfs_unregister(tm, NULL), -ENOENT);
	/* Nothing was added. */
	ck_list("/", "proc/\nsys/\n");
}
END_TEST

START_TEST(test_lookup_errors)
{
	char longpath[5000];
	struct seq_file s;

	ck_assert_int_eq(read_err("proc/interrupts"), -EINVAL);
	ck_assert_int_eq(read_err("/proc//interrupts"), -EINVAL);
	ck_assert_int_eq(read_err("/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q"), -ENAMETOOLONG);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	ck_assert_int_eq(read_err(longpath), -ENAMETOOLONG);
	ck_assert_int_eq(read_err("/proc"), -EISDIR);
	ck_assert_int_eq(read_err("/proc/"), -EISDIR);
	ck_assert_int_eq(read_err("/"), -EISDIR);
	ck_assert_int_eq(read_err("/proc/nothing"), -ENOENT);
	ck_assert_int_eq(read_err("/proc/interrupts/x"), -ENOENT);
	ck_assert_int_eq(read_err("/sys/kernel/irq/007/type"), -ENOENT);
	ck_assert_int_eq(read_err("/sys/devices/system/cpu/cpu01"), -ENOENT);
	ck_assert_int_eq(read_err("/sys/kernel/irq/99999999999999999999999/type"), -ENOENT);
	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(NULL, "/proc/stat", &s), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_read(tm, NULL, &s), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_list(tm, "/proc/stat", &s), -ENOTDIR);
	ck_assert_int_eq(irqlab_vfs_list(tm, "/nope", &s), -ENOENT);
	ck_assert_int_eq(irqlab_vfs_list(NULL, "/", &s), -EINVAL);
	ck_assert_uint_eq(s.count, 0);
	seq_release_buf(&s);
	ck_assert_int_eq(irqlab_vfs_stat(tm, "/proc/stat"), 1);
	ck_assert_int_eq(irqlab_vfs_stat(tm, "x"), -EINVAL);
	/* Writes: read-only files fail as each file system does for root. */
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/stat", "1"), -EIO);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/debug/irq/domains/default", "1"),
			 -EINVAL);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/devices/system/cpu/present", "1"), -EACCES);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/sys/kernel/tracing/events/enable", "x"), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc/stat", NULL), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/proc", "1"), -EISDIR);
	ck_assert_int_eq(irqlab_vfs_write(tm, "/nope", "1"), -ENOENT);
	ck_assert_int_eq(irqlab_vfs_write(tm, "nope", "1"), -EINVAL);
}
END_TEST

START_TEST(test_read_appends)
{
	struct seq_file s;

	/* A read appends; a failed read leaves what was there. */
	seq_init(&s);
	seq_puts(&s, "before|");
	ck_assert_int_eq(irqlab_vfs_read(tm, "/proc/uptime", &s), 0);
	ck_assert_str_eq(seq_text(&s), "before|0.00 0.00\n");
	ck_assert_int_eq(irqlab_vfs_read(tm, "/proc/irq/1/node", &s), -ENOENT);
	ck_assert_str_eq(seq_text(&s), "before|0.00 0.00\n");
	seq_release_buf(&s);
}
END_TEST

/* ---- /proc/stat, /proc/softirqs, /proc/uptime ------------------------------- */

static struct rec_action act;

START_TEST(test_proc_stat)
{
	unsigned int i;

	rec_action_init(&act, IRQ_HANDLED);
	ck_assert_int_eq(irq_alloc_desc_at(3, 0), 3);
	irq_set_chip_and_handler_name(3, &dummy_irq_chip, handle_simple_irq, "simple");
	ck_assert_int_eq(request_irq(3, rec_handler, 0, "x", &act), 0);
	for (i = 0; i < 5; i++)
		irqlab_handle_irq_on(tm, 1, 3);
	irqlab_handle_irq_on(tm, 2, 3);
	irqlab_handle_irq_on(tm, 2, 3);
	irqlab_set_this_cpu(1);
	for (i = 0; i < 3; i++)
		kstat_incr_softirqs_this_cpu(NET_RX_SOFTIRQ);
	irqlab_set_this_cpu(0);
	kstat_incr_softirqs_this_cpu(TIMER_SOFTIRQ);
	kstat_incr_softirqs_this_cpu(NR_SOFTIRQS); /* ignored */
	irqlab_clock_advance(tm, 2500000000ULL);
	/* USER_HZ ticks; "intr": the total, then one count per irq < nr_irqs. */
	ck_file("/proc/stat",
		"cpu  0 0 0 1000 0 0 0 0 0 0\n"
		"cpu0 0 0 0 250 0 0 0 0 0 0\n"
		"cpu1 0 0 0 250 0 0 0 0 0 0\n"
		"cpu2 0 0 0 250 0 0 0 0 0 0\n"
		"cpu3 0 0 0 250 0 0 0 0 0 0\n"
		"intr 7 0 0 0 7 0 0 0 0 0 0 0 0 0 0 0 0\n"
		"ctxt 0\n"
		"btime 1704067200\n"
		"processes 1\n"
		"procs_running 1\n"
		"procs_blocked 0\n"
		"softirq 4 0 1 0 3 0 0 0 0 0 0\n");
	ck_file("/proc/softirqs",
		"                    CPU0       CPU1       CPU2       CPU3       \n"
		"          HI:          0          0          0          0\n"
		"       TIMER:          1          0          0          0\n"
		"      NET_TX:          0          0          0          0\n"
		"      NET_RX:          0          3          0          0\n"
		"       BLOCK:          0          0          0          0\n"
		"    IRQ_POLL:          0          0          0          0\n"
		"     TASKLET:          0          0          0          0\n"
		"       SCHED:          0          0          0          0\n"
		"     HRTIMER:          0          0          0          0\n"
		"         RCU:          0          0          0          0\n");
	ck_file("/proc/uptime", "2.50 10.00\n");
	/* An offline CPU has no cpuN line and no idle time. */
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, false), 0);
	ck_file("/proc/uptime", "2.50 7.50\n");
	{
		struct seq_file s;

		seq_init(&s);
		ck_assert_int_eq(irqlab_vfs_read(tm, "/proc/stat", &s), 0);
		ck_assert_ptr_nonnull(strstr(seq_text(&s), "cpu  0 0 0 750 0 0 0 0 0 0\n"
							   "cpu0 0 0 0 250 0 0 0 0 0 0\n"
							   "cpu1 0 0 0 250 0 0 0 0 0 0\n"
							   "cpu3 0 0 0 250 0 0 0 0 0 0\nintr 7 "));
		seq_release_buf(&s);
	}
	ck_assert_int_eq(irqlab_set_cpu_online(tm, 2, true), 0);
	free_irq(3, &act);
	irq_free_desc(3);
}
END_TEST

START_TEST(test_proc_stat_per_cpu_irq)
{
	/* A per-CPU irq reports the sum of its per-CPU counts (kstat_irqs()). */
	ck_assert_int_eq(irq_alloc_desc_at(2, 0), 2);
	irq_set_status_flags(2, IRQ_PER_CPU);
	irqlab_set_this_cpu(3);
	__kstat_incr_irqs_this_cpu(irq_to_desc(2));
	irqlab_set_this_cpu(0);
	{
		struct seq_file s;

		seq_init(&s);
		ck_assert_int_eq(irqlab_vfs_read(tm, "/proc/stat", &s), 0);
		ck_assert_ptr_nonnull(strstr(seq_text(&s), "\nintr 1 0 0 1 0 "));
		seq_release_buf(&s);
	}
	irq_clear_status_flags(2, IRQ_PER_CPU);
	irq_free_desc(2);
}
END_TEST

/* ---- export --------------------------------------------------------------------- */

static char tmpdir[64];

static void make_tmpdir(void)
{
	strcpy(tmpdir, "/tmp/irqlab-vfs-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void rm_rf(const char *path)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	ck_assert_int_eq(system(cmd), 0);
}

static char *slurp(const char *host)
{
	FILE *f = fopen(host, "r");
	char *buf;
	long len;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* Every file of the tree under @vdir has the same bytes on the host. */
static unsigned int compare_tree(const char *vdir)
{
	struct seq_file list;
	char *line, *save = NULL;
	unsigned int files = 0;

	seq_init(&list);
	ck_assert_int_eq(irqlab_vfs_list(tm, vdir, &list), 0);
	if (!list.count) {
		seq_release_buf(&list);
		return 0;
	}
	for (line = strtok_r(list.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char vpath[512], host[600];
		size_t len = strlen(line);

		snprintf(vpath, sizeof(vpath), "%s%s%.*s", vdir, strcmp(vdir, "/") ? "/" : "",
			 (int)(line[len - 1] == '/' ? len - 1 : len), line);
		snprintf(host, sizeof(host), "%s%s", tmpdir, vpath);
		if (line[len - 1] == '/') {
			struct stat st;

			ck_assert_int_eq(stat(host, &st), 0);
			ck_assert(S_ISDIR(st.st_mode));
			files += compare_tree(vpath);
		} else {
			struct seq_file s;
			char *text = slurp(host);

			ck_assert_msg(text != NULL, "%s not exported", host);
			seq_init(&s);
			ck_assert_int_eq(irqlab_vfs_read(tm, vpath, &s), 0);
			ck_assert_msg(!strcmp(text, seq_text(&s)), "%s differs", vpath);
			seq_release_buf(&s);
			free(text);
			files++;
		}
	}
	seq_release_buf(&list);
	return files;
}

START_TEST(test_export)
{
	char host[128], *text;
	struct stat st1, st2;
	unsigned int files;

	rec_action_init(&act, IRQ_HANDLED);
	ck_assert_int_eq(irq_alloc_desc_at(9, 0), 9);
	irq_set_chip_and_handler_name(9, &rec_chip, handle_edge_irq, "edge");
	ck_assert_int_eq(request_irq(9, rec_handler, 0, "eth0", &act), 0);
	register_pci();
	make_tmpdir();
	snprintf(host, sizeof(host), "%s/deep/er", tmpdir);
	ck_assert_int_eq(irqlab_vfs_export(tm, host), 0);
	rm_rf(host);
	ck_assert_int_eq(irqlab_vfs_export(tm, tmpdir), 0);
	files = compare_tree("/");
	ck_assert_uint_gt(files, 100);
	snprintf(host, sizeof(host), "%s/proc/irq/9/eth0", tmpdir);
	ck_assert_int_eq(stat(host, &st1), 0);
	ck_assert(S_ISDIR(st1.st_mode));

	/* Re-export rewrites files in place: bind mounts keep seeing them. */
	snprintf(host, sizeof(host), "%s/proc/interrupts", tmpdir);
	ck_assert_int_eq(stat(host, &st1), 0);
	irqlab_handle_irq_on(tm, 2, 9);
	ck_assert_int_eq(irqlab_vfs_export(tm, tmpdir), 0);
	ck_assert_int_eq(stat(host, &st2), 0);
	ck_assert_uint_eq(st1.st_ino, st2.st_ino);
	text = slurp(host);
	ck_assert_ptr_nonnull(strstr(text, "  9:          0          0          1          0"));
	free(text);
	compare_tree("/");

	/* Host errors: a regular file where a directory should be. */
	snprintf(host, sizeof(host), "%s/proc/stat", tmpdir);
	ck_assert_int_eq(irqlab_vfs_export(tm, host), -ENOTDIR);
	ck_assert_int_eq(irqlab_vfs_export(tm, ""), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_export(NULL, tmpdir), -EINVAL);
	ck_assert_int_eq(irqlab_vfs_export(tm, NULL), -EINVAL);
	rm_rf(tmpdir);
	free_irq(9, &act);
	irq_free_desc(9);
}
END_TEST

START_TEST(test_export_unwritable)
{
	char host[128];

	if (geteuid() == 0)
		return; /* root writes anywhere */
	make_tmpdir();
	ck_assert_int_eq(chmod(tmpdir, 0500), 0);
	snprintf(host, sizeof(host), "%s/x", tmpdir);
	ck_assert_int_eq(irqlab_vfs_export(tm, host), -EACCES);
	ck_assert_int_eq(chmod(tmpdir, 0700), 0);
	rm_rf(tmpdir);
}
END_TEST

/* ---- memory and machines ------------------------------------------------------------ */

START_TEST(test_alloc_failures)
{
	unsigned long n;

	/* Fail each allocation of building the tree and reading/listing in turn. */
	for (n = 1; n < 400; n++) {
		struct irqlab_machine *m;
		struct seq_file s;
		long live = irqlab_alloc_live();
		int r1, r2, r3;

		ck_assert_int_eq(irqlab_machine_create(NULL, &m), 0);
		ck_assert_int_eq(irq_alloc_desc_at(5, 0), 5);
		irq_set_chip_and_handler_name(5, &dummy_irq_chip, handle_simple_irq, "s");
		irqlab_fail_nth_alloc(n);
		seq_init(&s);
		r1 = irqlab_vfs_read(m, "/proc/irq/default_smp_affinity", &s);
		r2 = irqlab_vfs_list(m, "/sys/kernel/irq/5", &s);
		r3 = irqlab_vfs_read(m, "/sys/kernel/debug/irq/irqs/5", &s);
		irq_debugfs_copy_devname(5, "dev");
		kstat_incr_softirqs_this_cpu(HI_SOFTIRQ);
		irqlab_proc_set_nr_irqs(m, 20);
		irqlab_vfs_set_features(m, 0);
		ck_assert(r1 == 0 || r1 == -ENOMEM);
		ck_assert(r2 == 0 || r2 == -ENOMEM);
		ck_assert(r3 == 0 || r3 == -ENOMEM);
		seq_release_buf(&s);
		irqlab_fail_nth_alloc(0);
		irq_free_desc(5);
		irqlab_machine_destroy(m);
		ck_assert_int_eq(irqlab_alloc_live(), live);
		if (!irqlab_alloc_fault_hit())
			break;
	}
	ck_assert_uint_lt(n, 400);
	irqlab_machine_set_current(tm);
}
END_TEST

START_TEST(test_two_machines)
{
	struct irqlab_machine_config cfg = { .nr_cpus = 2 };
	struct irqlab_machine *m2;
	struct seq_file s;

	ck_assert_int_eq(irqlab_machine_create(&cfg, &m2), 0);
	irqlab_machine_set_current(tm);
	seq_init(&s);
	ck_assert_int_eq(irqlab_vfs_read(m2, "/sys/devices/system/cpu/online", &s), 0);
	ck_assert_str_eq(seq_text(&s), "0-1\n");
	/* The caller's current machine is restored. */
	ck_assert_ptr_eq(irqlab_machine_current(), tm);
	seq_release_buf(&s);
	ck_file("/sys/devices/system/cpu/online", "0-3\n");
	irqlab_machine_destroy(m2);
	irqlab_machine_set_current(tm);
}
END_TEST

/* ---- mpstat ------------------------------------------------------------------------ */

static unsigned int nmi(unsigned int cpu, void *arg)
{
	return cpu == 0 ? 40 : 0;
}

static void arch_show(struct irqlab_machine *m, struct seq_file *p, int prec, void *ctx)
{
	irqlab_proc_arch_row(m, p, prec, "NMI", nmi, NULL, "Non-maskable interrupts");
}

static unsigned long long arch_stat_cpu(struct irqlab_machine *m, unsigned int cpu, void *ctx)
{
	return nmi(cpu, NULL);
}

static const struct irqlab_proc_arch_ops arch_ops = {
	.show = arch_show,
	.stat_cpu = arch_stat_cpu,
};

/*
 * Run mpstat with the exported tree bind-mounted over /proc and /sys in a
 * private mount namespace.  Returns its output (malloc'ed), or NULL when
 * this is not possible here (not root, no mount namespaces, no mpstat).
 */
static char *run_mpstat(const char *what)
{
	static const char *const files[] = { "interrupts", "stat", "softirqs", "uptime" };
	char out[16384];
	size_t len = 0;
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char src[256], dst[64];
		unsigned int i;

		close(fds[0]);
		if (geteuid() != 0 || unshare(CLONE_NEWNS) ||
		    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL))
			_exit(77);
		for (i = 0; i < ARRAY_SIZE(files); i++) {
			snprintf(src, sizeof(src), "%s/proc/%s", tmpdir, files[i]);
			snprintf(dst, sizeof(dst), "/proc/%s", files[i]);
			if (mount(src, dst, "none", MS_BIND, NULL))
				_exit(77);
		}
		snprintf(src, sizeof(src), "%s/sys/devices/system/cpu", tmpdir);
		if (mount(src, "/sys/devices/system/cpu", "none", MS_BIND, NULL))
			_exit(77);
		dup2(fds[1], 1);
		setenv("LC_ALL", "C", 1);
		unsetenv("S_TIME_FORMAT");
		execlp("mpstat", "mpstat", "-I", what, "-P", "ALL", (char *)NULL);
		_exit(77);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		return NULL;
	ck_assert_msg(WEXITSTATUS(status) == 0, "mpstat failed:\n%s", out);
	return strdup(out);
}

/* Counts of row @name of an exported /proc/interrupts or /proc/softirqs. */
static void sysstat_row(const char *file, const char *name, const unsigned long *want,
			unsigned int ncpu)
{
	char host[128], *text, *line, *save = NULL;
	int cpu_index[8], ncol = 0;
	bool found = false;

	snprintf(host, sizeof(host), "%s/proc/%s", tmpdir, file);
	text = slurp(host);
	ck_assert_ptr_nonnull(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':'), *p = line, *next;
		char rname[32];
		int i;

		if (!ncol) {
			/* The header: "CPU<n>" tokens map columns to CPUs. */
			while ((p = strstr(p, "CPU")) && ncol < 8) {
				cpu_index[ncol++] = (int)strtol(p + 3, &next, 10);
				p = next;
			}
			ck_assert_int_eq(ncol, (int)ncpu);
			continue;
		}
		/* A row counts when ':' is within the first 16 characters. */
		if (!colon || colon - line > 15)
			continue;
		while (*p == ' ')
			p++;
		snprintf(rname, sizeof(rname), "%.*s", (int)(colon - p), p);
		if (strcmp(rname, name))
			continue;
		found = true;
		p = colon + 1;
		for (i = 0; i < ncol; i++) {
			unsigned long v = strtoul(p, &next, 10);

			ck_assert_ptr_ne(next, p);
			ck_assert_uint_eq(v, want[cpu_index[i]]);
			p = next;
		}
	}
	ck_assert_msg(found, "no row %s in %s", name, file);
	free(text);
}

static void check_mpstat_inputs(void)
{
	static const unsigned long eth0[] = { 0, 50, 0, 20 }, nmi_row[] = { 40, 0, 0, 0 },
				   net_rx[] = { 0, 0, 30, 0 };
	unsigned long up, cent;
	unsigned long long intr;
	char host[128], *text;

	sysstat_row("interrupts", "24", eth0, 4);
	sysstat_row("interrupts", "NMI", nmi_row, 4);
	sysstat_row("softirqs", "NET_RX", net_rx, 4);
	snprintf(host, sizeof(host), "%s/proc/uptime", tmpdir);
	text = slurp(host);
	ck_assert_int_eq(sscanf(text, "%lu.%lu", &up, &cent), 2);
	ck_assert_uint_eq(up * 100 + cent, 1000);
	free(text);
	snprintf(host, sizeof(host), "%s/proc/stat", tmpdir);
	text = slurp(host);
	ck_assert_int_eq(sscanf(strstr(text, "\nintr ") + 1, "intr %llu", &intr), 1);
	ck_assert_uint_eq(intr, 110);
	free(text);
}

/* The value in column @col ("24/s") of the row of CPU @cpu ("all", "1"). */
static double mp_value(const char *text, const char *col, const char *cpu)
{
	const char *hdr = text, *line;
	char tok[32][32];
	int ntok, i, c = -1;

	/* Find the section whose header has @col. */
	while ((line = strstr(hdr, col))) {
		const char *start = line;

		while (start > text && start[-1] != '\n')
			start--;
		if (strstr(start, "CPU") && strstr(start, "CPU") < line) {
			hdr = start;
			break;
		}
		hdr = line + 1;
	}
	ck_assert_msg(line != NULL, "no column %s in:\n%s", col, text);
	for (;;) {
		const char *eol = strchr(hdr, '\n');
		char buf[512];
		char *p, *save = NULL;

		ck_assert_msg(eol != NULL, "no CPU %s for %s in:\n%s", cpu, col, text);
		snprintf(buf, sizeof(buf), "%.*s", (int)(eol - hdr), hdr);
		ntok = 0;
		for (p = strtok_r(buf, " \t", &save); p && ntok < 32; p = strtok_r(NULL, " \t", &save))
			snprintf(tok[ntok++], sizeof(tok[0]), "%s", p);
		if (c < 0) {
			for (i = 0; i < ntok; i++)
				if (!strcmp(tok[i], col))
					c = i;
			ck_assert_int_ge(c, 0);
		} else if (ntok > c && !strcmp(tok[1], cpu)) {
			return strtod(tok[c], NULL);
		} else if (ntok == 0) {
			ck_abort_msg("no CPU %s for %s in:\n%s", cpu, col, text);
		}
		hdr = eol + 1;
	}
}

START_TEST(test_mpstat)
{
	char *all, *sum;
	unsigned int i;

	rec_action_init(&act, IRQ_HANDLED);
	ck_assert_int_eq(irq_alloc_desc_at(24, 0), 24);
	irq_set_chip_and_handler_name(24, &dummy_irq_chip, handle_simple_irq, "edge");
	ck_assert_int_eq(request_irq(24, rec_handler, 0, "eth0", &act), 0);
	for (i = 0; i < 50; i++)
		irqlab_handle_irq_on(tm, 1, 24);
	for (i = 0; i < 20; i++)
		irqlab_handle_irq_on(tm, 3, 24);
	irqlab_set_this_cpu(2);
	for (i = 0; i < 30; i++)
		kstat_incr_softirqs_this_cpu(NET_RX_SOFTIRQ);
	irqlab_set_this_cpu(0);
	ck_assert_int_eq(irqlab_proc_register_arch(tm, &arch_ops, NULL), 0);
	irqlab_clock_advance(tm, 10000000000ULL);
	make_tmpdir();
	ck_assert_int_eq(irqlab_vfs_export(tm, tmpdir), 0);

	/* What mpstat reads, parsed the way sysstat parses it. */
	check_mpstat_inputs();
	all = run_mpstat("ALL");
	if (!all) {
		/* Needs root and mount namespaces (and sysstat installed). */
		fprintf(stderr, "test_mpstat: cannot run mpstat on a bind-mounted tree here; "
				"checked its input files only\n");
		goto out;
	}
	/* Since boot: counts / uptime (10 s).  "all": /proc/stat intr (70 + 40). */
	ck_assert_double_eq_tol(mp_value(all, "intr/s", "all"), 11.0, 0.001);
	ck_assert_double_eq_tol(mp_value(all, "24/s", "0"), 0.0, 0.001);
	ck_assert_double_eq_tol(mp_value(all, "24/s", "1"), 5.0, 0.001);
	ck_assert_double_eq_tol(mp_value(all, "24/s", "3"), 2.0, 0.001);
	ck_assert_double_eq_tol(mp_value(all, "NMI/s", "0"), 4.0, 0.001);
	ck_assert_double_eq_tol(mp_value(all, "NET_RX/s", "2"), 3.0, 0.001);
	ck_assert_double_eq_tol(mp_value(all, "NET_RX/s", "1"), 0.0, 0.001);
	free(all);
	/* Per-CPU sums of /proc/interrupts columns (arch rows included). */
	sum = run_mpstat("SUM");
	ck_assert_ptr_nonnull(sum);
	ck_assert_double_eq_tol(mp_value(sum, "intr/s", "all"), 11.0, 0.001);
	ck_assert_double_eq_tol(mp_value(sum, "intr/s", "0"), 4.0, 0.001);
	ck_assert_double_eq_tol(mp_value(sum, "intr/s", "1"), 5.0, 0.001);
	ck_assert_double_eq_tol(mp_value(sum, "intr/s", "2"), 0.0, 0.001);
	ck_assert_double_eq_tol(mp_value(sum, "intr/s", "3"), 2.0, 0.001);
	free(sum);
out:
	rm_rf(tmpdir);
	ck_assert_int_eq(irqlab_proc_unregister_arch(tm, &arch_ops, NULL), 0);
	free_irq(24, &act);
	irq_free_desc(24);
}
END_TEST

static Suite *vfs_suite(void)
{
	Suite *s = suite_create("vfs");
	TCase *tc = tcase_create("tree");

	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_register_kinds);
	tcase_add_test(tc, test_override);
	tcase_add_test(tc, test_register_errors);
	tcase_add_test(tc, test_lookup_errors);
	tcase_add_test(tc, test_read_appends);
	tcase_add_test(tc, test_alloc_failures);
	tcase_add_test(tc, test_two_machines);
	suite_add_tcase(s, tc);

	tc = tcase_create("procstat");
	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_add_test(tc, test_proc_stat);
	tcase_add_test(tc, test_proc_stat_per_cpu_irq);
	suite_add_tcase(s, tc);

	tc = tcase_create("export");
	tcase_add_checked_fixture(tc, tm_setup, tm_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_export);
	tcase_add_test(tc, test_export_unwritable);
	tcase_add_test(tc, test_mpstat);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tm_run_suite(vfs_suite());
}
