// SPDX-License-Identifier: MIT
/*
 * /sys/bus/pci/devices/<bdf>/ on x86: the msi_irqs/ directory (absent
 * until MSI is first set up, then one file per MSI/MSI-X irq reading
 * "msix\n" or "msi\n", empty again after the vectors are freed) and the
 * vendor, device, class and irq attributes; listings, errors and export.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pci_fixture.h"
#include "irqlab/vfs.h"

#define MANA_DIR "/sys/bus/pci/devices/" PF_MANA_BDF
#define MSI_BDF "0000:00:06.0"
#define MSI_DIR "/sys/bus/pci/devices/" MSI_BDF

static struct pci_dev *dev;

static void setup(void)
{
	struct irqlab_pci_fn_config cfg = pf_mana_config();

	x86_setup();
	dev = pf_probe(&cfg, NULL);
	pci_set_master(dev);
}

/* Read @path: 0 and the text in @buf, or the errno. */
static int rd(const char *path, char *buf, size_t size)
{
	struct seq_file s;
	int ret;

	seq_init(&s);
	ret = irqlab_vfs_read(tm, path, &s);
	snprintf(buf, size, "%s", ret ? "" : seq_text(&s));
	seq_release_buf(&s);
	return ret;
}

static int ls(const char *path, char *buf, size_t size)
{
	struct seq_file s;
	int ret;

	seq_init(&s);
	ret = irqlab_vfs_list(tm, path, &s);
	snprintf(buf, size, "%s", ret ? "" : seq_text(&s));
	seq_release_buf(&s);
	return ret;
}

/* "N\n" for each irq of @dev's vectors 0..@n-1. */
static void vector_list(struct pci_dev *d, unsigned int n, char *buf, size_t size)
{
	size_t len = 0;
	unsigned int k;

	buf[0] = '\0';
	for (k = 0; k < n; k++)
		len += (size_t)snprintf(buf + len, size - len, "%d\n", pci_irq_vector(d, k));
}

START_TEST(test_msix_lifecycle)
{
	char want[256], path[128];
	unsigned int k;

	/* No MSI set up yet: no msi_irqs directory, as in the kernel. */
	ck_list(MANA_DIR, "class\ndevice\nirq\nvendor\n");
	ck_assert_int_eq(irqlab_vfs_stat(tm, MANA_DIR "/msi_irqs"), -ENOENT);
	ck_assert_int_eq(ls(MANA_DIR "/msi_irqs", want, sizeof(want)), -ENOENT);

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 4, 4, PCI_IRQ_MSIX), 4);
	ck_list(MANA_DIR, "class\ndevice\nirq\nmsi_irqs/\nvendor\n");
	ck_assert_int_eq(irqlab_vfs_stat(tm, MANA_DIR "/msi_irqs"), 2);
	vector_list(dev, 4, want, sizeof(want));
	ck_list(MANA_DIR "/msi_irqs", want);
	for (k = 0; k < 4; k++) {
		snprintf(path, sizeof(path), MANA_DIR "/msi_irqs/%d", pci_irq_vector(dev, k));
		ck_file(path, "msix\n");
		ck_assert_int_eq(irqlab_vfs_stat(tm, path), 1);
		/* Read-only sysfs file. */
		ck_assert_int_eq(irqlab_vfs_write(tm, path, "msi\n"), -EACCES);
	}
	/* An irq of no vector of the device is no file. */
	snprintf(path, sizeof(path), MANA_DIR "/msi_irqs/%d", pci_irq_vector(dev, 3) + 1);
	ck_assert_int_eq(rd(path, want, sizeof(want)), -ENOENT);
	ck_assert_int_eq(rd(MANA_DIR "/msi_irqs/x", want, sizeof(want)), -ENOENT);
	/* With MSI-X, irq stays the INTx irq. */
	snprintf(want, sizeof(want), "%u\n", dev->irq);
	ck_file(MANA_DIR "/irq", want);

	pci_free_irq_vectors(dev);
	/* The group stays (devres) but its files are gone. */
	ck_list(MANA_DIR "/msi_irqs", "");
	ck_assert_int_eq(irqlab_vfs_stat(tm, MANA_DIR "/msi_irqs"), 2);
	ck_assert_int_eq(rd(path, want, sizeof(want)), -ENOENT);
}
END_TEST

START_TEST(test_msi_device)
{
	struct irqlab_pci_fn_config cfg = pf_msi_config(MSI_BDF, 4, true, true);
	struct pci_dev *msi = pf_probe(&cfg, NULL);
	char want[256], path[128];
	unsigned int intx = msi->irq;

	pci_set_master(msi);
	ck_assert_uint_ne(intx, 0);
	/* x86 without interrupt remapping has no multi-MSI: one vector. */
	ck_assert_int_eq(pci_alloc_irq_vectors(msi, 1, 4, PCI_IRQ_MSI), 1);
	vector_list(msi, 1, want, sizeof(want));
	ck_list(MSI_DIR "/msi_irqs", want);
	snprintf(path, sizeof(path), MSI_DIR "/msi_irqs/%d", pci_irq_vector(msi, 0));
	ck_file(path, "msi\n");
	/* The other device's directory does not list them. */
	snprintf(path, sizeof(path), MANA_DIR "/msi_irqs/%d", pci_irq_vector(msi, 0));
	ck_assert_int_eq(rd(path, want, sizeof(want)), -ENOENT);
	/* irq_show(): the first MSI irq while MSI is enabled. */
	snprintf(want, sizeof(want), "%d\n", pci_irq_vector(msi, 0));
	ck_file(MSI_DIR "/irq", want);
	ck_file(MSI_DIR "/vendor", "0x15b7\n");
	ck_file(MSI_DIR "/device", "0x5008\n");
	ck_file(MSI_DIR "/class", "0x010802\n");
	pci_free_irq_vectors(msi);
	snprintf(want, sizeof(want), "%u\n", intx);
	ck_file(MSI_DIR "/irq", want);
	ck_list(MSI_DIR "/msi_irqs", "");
}
END_TEST

START_TEST(test_attributes)
{
	char buf[64];

	ck_list("/sys/bus/pci/devices", PF_MANA_BDF "/\n");
	ck_file(MANA_DIR "/vendor", "0x1414\n");
	ck_file(MANA_DIR "/device", "0x00ba\n");
	ck_file(MANA_DIR "/class", "0x020000\n");
	snprintf(buf, sizeof(buf), "%u\n", dev->irq);
	ck_assert_uint_ne(dev->irq, 0);
	ck_file(MANA_DIR "/irq", buf);
	ck_assert_int_eq(irqlab_vfs_write(tm, MANA_DIR "/vendor", "0x1\n"), -EACCES);
	ck_assert_int_eq(rd("/sys/bus/pci/devices/0000:00:07.0/vendor", buf, sizeof(buf)),
			 -ENOENT);
	ck_assert_int_eq(rd(MANA_DIR "/nope", buf, sizeof(buf)), -ENOENT);
	/* Removed devices vanish. */
	irqlab_pci_remove(dev);
	dev = NULL;
	ck_assert_int_eq(rd(MANA_DIR "/vendor", buf, sizeof(buf)), -ENOENT);
	ck_assert_int_eq(irqlab_vfs_stat(tm, MANA_DIR), -ENOENT);
}
END_TEST

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

START_TEST(test_export)
{
	char tmpdir[64] = "/tmp/irqlab-pcisysfs-XXXXXX", host[256], cmd[128], *text;
	struct stat st;
	unsigned int k;

	ck_assert_int_eq(pci_alloc_irq_vectors(dev, 4, 4, PCI_IRQ_MSIX), 4);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ck_assert_int_eq(irqlab_vfs_export(tm, tmpdir), 0);
	for (k = 0; k < 4; k++) {
		snprintf(host, sizeof(host), "%s" MANA_DIR "/msi_irqs/%d", tmpdir,
			 pci_irq_vector(dev, k));
		text = slurp(host);
		ck_assert_msg(text != NULL, "%s not exported", host);
		ck_assert_str_eq(text, "msix\n");
		free(text);
	}
	snprintf(host, sizeof(host), "%s" MANA_DIR "/vendor", tmpdir);
	text = slurp(host);
	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, "0x1414\n");
	free(text);
	snprintf(host, sizeof(host), "%s" MANA_DIR "/msi_irqs", tmpdir);
	ck_assert_int_eq(stat(host, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
	pci_free_irq_vectors(dev);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pci_sysfs");
	TCase *tc = tcase_create("pci_sysfs");

	tcase_add_checked_fixture(tc, setup, x86_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_msix_lifecycle);
	tcase_add_test(tc, test_msi_device);
	tcase_add_test(tc, test_attributes);
	tcase_add_test(tc, test_export);
	suite_add_tcase(s, tc);
	return tm_run_suite(s);
}
