// SPDX-License-Identifier: MIT
/*
 * lspci over the emulated PCI functions (tools/lspci.c): the full -v, -vv
 * and -vvv texts of the three test functions (MSI-X, 64-bit maskable MSI,
 * 32-bit MSI) after a kernel-style set-up, terse and numeric listings, hex
 * dumps, -s/-d filters, names from pci.ids and without it, every rejected
 * argument, -ENOMEM, and that rendering changes no device state.  The
 * hand-made images cover BARs, ROM, BIST, odd headers, broken capability
 * chains and every decoded PCI Express port type.  Every expected text
 * here is what pciutils 3.9's lspci prints for the same bytes (checked
 * against the real program by the lspci_compare test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "lspci.h"
#include "lspci_devices.h"

/* The test pci.ids, written once by main() for every test. */
static char ids[64];

static struct irqlab_pci_fn *mkdev(enum lspci_test_dev which)
{
	struct irqlab_pci_fn *fn = NULL;

	ck_assert_int_eq(lspci_dev_create(tm, which, &fn), 0);
	return fn;
}

static void mkall(void)
{
	for (int i = 0; i < LSPCI_NR_DEVS; i++)
		mkdev(i);
}

/* Fail with the first differing line of @got and @want. */
static void expect_text(const char *got, const char *want)
{
	const char *g = got, *w = want;
	unsigned int line = 1;

	if (!strcmp(got, want))
		return;
	while (*g && *g == *w) {
		if (*g == '\n')
			line++;
		g++;
		w++;
	}
	while (g > got && g[-1] != '\n')
		g--, w--;
	ck_abort_msg("line %u differs:\n got: %.*s\nwant: %.*s\nwhole output:\n%s", line,
		     (int)strcspn(g, "\n"), g, (int)strcspn(w, "\n"), w, got);
}

/* irqlab_lspci(tm, "-i IDS ARGS") must succeed with exactly @want. */
static void expect_lspci(const char *args, const char *want)
{
	char full[256];
	struct seq_file s;
	int ret;

	snprintf(full, sizeof(full), "-i %s %s", ids, args);
	seq_init(&s);
	ret = irqlab_lspci(tm, full, &s);
	ck_assert_msg(ret == 0, "lspci %s: %d: %s", args, ret, seq_text(&s));
	expect_text(seq_text(&s), want);
	seq_release_buf(&s);
}

/* irqlab_lspci(tm, @args) must fail with -EINVAL and @msg only. */
static void expect_error(const char *args, const char *msg)
{
	struct seq_file s;

	seq_init(&s);
	seq_puts(&s, "before\n");
	ck_assert_int_eq(irqlab_lspci(tm, args, &s), -EINVAL);
	expect_text(seq_text(&s) + strlen("before\n"), msg);
	seq_release_buf(&s);
}

/* ---- the three functions -------------------------------------------- */

static const char msix_vvv[] =
	"7870:00:00.0 Ethernet controller: Microsoft Corporation Device 00ba\n"
	"\tSubsystem: Microsoft Corporation Device 0001\n"
	"\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+\n"
	"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
	"\tLatency: 0\n"
	"\tRegion 0: Memory at f8000000 (64-bit, prefetchable)\n"
	"\tRegion 4: Memory at fe000000 (64-bit, non-prefetchable)\n"
	"\tCapabilities: [40] MSI-X: Enable+ Count=1024 Masked-\n"
	"\t\tVector table: BAR=4 offset=00003000\n"
	"\t\tPBA: BAR=4 offset=00007000\n"
	"\tCapabilities: [4c] Express (v2) Endpoint, MSI 00\n"
	"\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0, Latency L0s <64ns, L1 <1us\n"
	"\t\t\tExtTag- AttnBtn- AttnInd- PwrInd- RBE+ FLReset- SlotPowerLimit 0W\n"
	"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
	"\t\t\tRlxdOrd+ ExtTag- PhantFunc- AuxPwr- NoSnoop+\n"
	"\t\t\tMaxPayload 128 bytes, MaxReadReq 512 bytes\n"
	"\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-\n"
	"\t\tLnkCap:\tPort #0, Speed 8GT/s, Width x8, ASPM not supported\n"
	"\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp-\n"
	"\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk-\n"
	"\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-\n"
	"\t\tLnkSta:\tSpeed 8GT/s, Width x8\n"
	"\t\t\tTrErr- Train- SlotClk- DLActive- BWMgmt- ABWMgmt-\n"
	"\t\tDevCap2: Completion Timeout: Not Supported, TimeoutDis- NROPrPrP- LTR-\n"
	"\t\t\t 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-\n"
	"\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-\n"
	"\t\t\t FRS- TPHComp- ExtTPHComp-\n"
	"\t\t\t AtomicOpsCap: 32bit- 64bit- 128bitCAS-\n"
	"\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- 10BitTagReq- OBFF Disabled,\n"
	"\t\t\t AtomicOpsCtl: ReqEn-\n"
	"\t\tLnkCap2: Supported Link Speeds: 2.5-8GT/s, Crosslink- Retimer- 2Retimers- DRS-\n"
	"\t\tLnkCtl2: Target Link Speed: 8GT/s, EnterCompliance- SpeedDis-\n"
	"\t\t\t Transmit Margin: Normal Operating Range, EnterModifiedCompliance- ComplianceSOS-\n"
	"\t\t\t Compliance Preset/De-emphasis: -6dB de-emphasis, 0dB preshoot\n"
	"\t\tLnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete- EqualizationPhase1-\n"
	"\t\t\t EqualizationPhase2- EqualizationPhase3- LinkEqualizationRequest-\n"
	"\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported\n"
	"\n";

static const char msix_v[] =
	"7870:00:00.0 Ethernet controller: Microsoft Corporation Device 00ba\n"
	"\tSubsystem: Microsoft Corporation Device 0001\n"
	"\tFlags: bus master, fast devsel, latency 0\n"
	"\tMemory at f8000000 (64-bit, prefetchable)\n"
	"\tMemory at fe000000 (64-bit, non-prefetchable)\n"
	"\tCapabilities: [40] MSI-X: Enable+ Count=1024 Masked-\n"
	"\tCapabilities: [4c] Express Endpoint, MSI 00\n"
	"\n";

static const char msi64_vvv[] =
	"00:04.0 Ethernet controller: Intel Corporation 82574L Gigabit Network Connection\n"
	"\tSubsystem: Intel Corporation Gigabit CT Desktop Adapter\n"
	"\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+\n"
	"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
	"\tLatency: 0\n"
	"\tInterrupt: pin A routed to IRQ 11\n"
	"\tRegion 0: Memory at febc0000 (32-bit, non-prefetchable)\n"
	"\tCapabilities: [40] MSI: Enable+ Count=4/4 Maskable+ 64bit+\n"
	"\t\tAddress: 00000000fee02000  Data: 0023\n"
	"\t\tMasking: 00000008  Pending: 00000008\n"
	"\tCapabilities: [58] Express (v2) Endpoint, MSI 00\n"
	"\t\tDevCap:\tMaxPayload 256 bytes, PhantFunc 0, Latency L0s <64ns, L1 <1us\n"
	"\t\t\tExtTag- AttnBtn- AttnInd- PwrInd- RBE+ FLReset- SlotPowerLimit 0W\n"
	"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
	"\t\t\tRlxdOrd+ ExtTag- PhantFunc- AuxPwr- NoSnoop+\n"
	"\t\t\tMaxPayload 128 bytes, MaxReadReq 512 bytes\n"
	"\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-\n"
	"\t\tLnkCap:\tPort #0, Speed 8GT/s, Width x8, ASPM not supported\n"
	"\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp-\n"
	"\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk-\n"
	"\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-\n"
	"\t\tLnkSta:\tSpeed 8GT/s, Width x8\n"
	"\t\t\tTrErr- Train- SlotClk- DLActive- BWMgmt- ABWMgmt-\n"
	"\t\tDevCap2: Completion Timeout: Not Supported, TimeoutDis- NROPrPrP- LTR-\n"
	"\t\t\t 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-\n"
	"\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-\n"
	"\t\t\t FRS- TPHComp- ExtTPHComp-\n"
	"\t\t\t AtomicOpsCap: 32bit- 64bit- 128bitCAS-\n"
	"\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- 10BitTagReq- OBFF Disabled,\n"
	"\t\t\t AtomicOpsCtl: ReqEn-\n"
	"\t\tLnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete- EqualizationPhase1-\n"
	"\t\t\t EqualizationPhase2- EqualizationPhase3- LinkEqualizationRequest-\n"
	"\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported\n"
	"\n";

static const char msi32_vvv[] =
	"00:05.0 Ethernet controller: Realtek Semiconductor Co., Ltd. RTL-8100/8101L/8139 PCI Fast Ethernet Adapter (rev 10)\n"
	"\tSubsystem: Realtek Semiconductor Co., Ltd. RTL-8100/8101L/8139 PCI Fast Ethernet Adapter\n"
	"\tControl: I/O- Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx+\n"
	"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
	"\tLatency: 0\n"
	"\tInterrupt: pin A routed to IRQ 10\n"
	"\tRegion 1: Memory at febf1000 (32-bit, non-prefetchable)\n"
	"\tCapabilities: [40] MSI: Enable+ Count=1/1 Maskable- 64bit-\n"
	"\t\tAddress: fee01000  Data: 0031\n"
	"\n";

START_TEST(test_msix_vvv)
{
	mkdev(LSPCI_DEV_MSIX);
	expect_lspci("-vvv", msix_vvv);
	/* -vvv adds nothing to -vv for an endpoint. */
	expect_lspci("-vv", msix_vvv);
	expect_lspci("-s 7870:00:00.0 -vvv", msix_vvv);
}
END_TEST

START_TEST(test_msix_v)
{
	mkdev(LSPCI_DEV_MSIX);
	expect_lspci("-v", msix_v);
}
END_TEST

/* The talk's "Step 3": lspci -s 7870:00:00.0 -vvv | grep -A1 MSI-X. */
START_TEST(test_msix_talk_lines)
{
	mkdev(LSPCI_DEV_MSIX);
	ck_assert_ptr_nonnull(strstr(msix_vvv, "\tCapabilities: [40] MSI-X: Enable+ Count=1024 "
				     "Masked-\n\t\tVector table: BAR=4 offset=00003000\n"
				     "\t\tPBA: BAR=4 offset=00007000\n"));
	expect_lspci("-s 7870:00:00.0 -vvv", msix_vvv);
}
END_TEST

START_TEST(test_msi64_vvv)
{
	mkdev(LSPCI_DEV_MSI64);
	expect_lspci("-vvv", msi64_vvv);
}
END_TEST

START_TEST(test_msi64_numeric)
{
	mkdev(LSPCI_DEV_MSI64);
	expect_lspci("-vn",
		     "00:04.0 0200: 8086:10d3\n"
		     "\tSubsystem: 8086:a01f\n"
		     "\tFlags: bus master, fast devsel, latency 0, IRQ 11\n"
		     "\tMemory at febc0000 (32-bit, non-prefetchable)\n"
		     "\tCapabilities: [40] MSI: Enable+ Count=4/4 Maskable+ 64bit+\n"
		     "\tCapabilities: [58] Express Endpoint, MSI 00\n"
		     "\n");
}
END_TEST

START_TEST(test_msi32_vvv)
{
	mkdev(LSPCI_DEV_MSI32);
	expect_lspci("-vvv", msi32_vvv);
}
END_TEST

/* Masking and unmasking through config space shows up at once. */
START_TEST(test_msi64_live_values)
{
	struct irqlab_pci_fn *fn = mkdev(LSPCI_DEV_MSI64);
	struct seq_file s;

	/* Unmasking vector 3 releases its pending message. */
	ck_assert_int_eq(irqlab_pci_cfg_write(fn, 0x40 + PCI_MSI_MASK_64, 4, 0), 0);
	seq_init(&s);
	ck_assert_int_eq(irqlab_lspci(tm, "-vv", &s), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "\t\tMasking: 00000000  Pending: 00000000\n"));
	/* ... which nobody claimed on the bus: a master abort. */
	ck_assert_ptr_nonnull(strstr(seq_text(&s), " <MAbort+ "));
	seq_release_buf(&s);
	/* Disabling MSI. */
	ck_assert_int_eq(irqlab_pci_cfg_write(fn, 0x40 + PCI_MSI_FLAGS, 2, 0x0020), 0);
	seq_init(&s);
	ck_assert_int_eq(irqlab_lspci(tm, "-v", &s), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "MSI: Enable- Count=4/4 Maskable+ 64bit+\n"));
	seq_release_buf(&s);
}
END_TEST

/* ---- listings of several functions ---------------------------------- */

START_TEST(test_terse_sorted_with_domains)
{
	mkall();
	/* Sorted by domain, bus, device, function; one non-zero domain
	 * turns domains on for every function. */
	expect_lspci("",
		     "0000:00:04.0 Ethernet controller: Intel Corporation 82574L Gigabit Network Connection\n"
		     "0000:00:05.0 Ethernet controller: Realtek Semiconductor Co., Ltd. RTL-8100/8101L/8139 PCI Fast Ethernet Adapter (rev 10)\n"
		     "7870:00:00.0 Ethernet controller: Microsoft Corporation Device 00ba\n");
	expect_lspci("-n",
		     "0000:00:04.0 0200: 8086:10d3\n"
		     "0000:00:05.0 0200: 10ec:8139 (rev 10)\n"
		     "7870:00:00.0 0200: 1414:00ba\n");
	expect_lspci("-nn",
		     "0000:00:04.0 Ethernet controller [0200]: Intel Corporation 82574L Gigabit Network Connection [8086:10d3]\n"
		     "0000:00:05.0 Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL-8100/8101L/8139 PCI Fast Ethernet Adapter [10ec:8139] (rev 10)\n"
		     "7870:00:00.0 Ethernet controller [0200]: Microsoft Corporation Device [1414:00ba]\n");
	expect_lspci("-D -n", "0000:00:04.0 0200: 8086:10d3\n"
			      "0000:00:05.0 0200: 10ec:8139 (rev 10)\n"
			      "7870:00:00.0 0200: 1414:00ba\n");
}
END_TEST

START_TEST(test_domains_only_when_needed)
{
	mkdev(LSPCI_DEV_MSI32);
	expect_lspci("-n", "00:05.0 0200: 10ec:8139 (rev 10)\n");
	expect_lspci("-nD", "0000:00:05.0 0200: 10ec:8139 (rev 10)\n");
}
END_TEST

START_TEST(test_empty_machine)
{
	expect_lspci("-vvv", "");
	expect_lspci("-xxx", "");
}
END_TEST

START_TEST(test_filters)
{
	static const struct {
		const char *args;
		const char *want;
	} cases[] = {
		{ "-s 7870:00:00.0", "7870:00:00.0 0200: 1414:00ba\n" },
		{ "-s 7870::", "7870:00:00.0 0200: 1414:00ba\n" },
		{ "-s 00:04", "0000:00:04.0 0200: 8086:10d3\n" },	/* any domain */
		{ "-s 0:0:4.0", "0000:00:04.0 0200: 8086:10d3\n" },
		{ "-s 5", "0000:00:05.0 0200: 10ec:8139 (rev 10)\n" },
		{ "-s *:*:*.*", NULL },
		{ "-s .0", NULL },
		{ "-s .1", "" },
		{ "-s 01:", "" },
		{ "-s 1:00:00.0", "" },
		{ "-d 1414:", "7870:00:00.0 0200: 1414:00ba\n" },
		{ "-d :8139", "0000:00:05.0 0200: 10ec:8139 (rev 10)\n" },
		{ "-d 8086:10d3:0200", "0000:00:04.0 0200: 8086:10d3\n" },
		{ "-d ::02xx", NULL },
		{ "-d ::0280", "" },
		{ "-d *:*:0200:00", NULL },
		{ "-d ::0200:01", "" },
		{ "-d 1414:00bb", "" },
		{ "-s 7870:: -d 8086:", "" },
	};
	static const char all[] = "0000:00:04.0 0200: 8086:10d3\n"
				  "0000:00:05.0 0200: 10ec:8139 (rev 10)\n"
				  "7870:00:00.0 0200: 1414:00ba\n";
	char args[128];

	mkall();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(args, sizeof(args), "-n %s", cases[i].args);
		expect_lspci(args, cases[i].want ? cases[i].want : all);
	}
}
END_TEST

/* ---- hex dumps ------------------------------------------------------ */

START_TEST(test_hex_x)
{
	mkdev(LSPCI_DEV_MSIX);
	expect_lspci("-x",
		     "7870:00:00.0 Ethernet controller: Microsoft Corporation Device 00ba\n"
		     "00: 14 14 ba 00 06 04 10 00 00 00 00 02 00 00 00 00\n"
		     "10: 0c 00 00 f8 00 00 00 00 00 00 00 00 00 00 00 00\n"
		     "20: 04 00 00 fe 00 00 00 00 00 00 00 00 14 14 01 00\n"
		     "30: 00 00 00 00 40 00 00 00 00 00 00 00 00 00 00 00\n"
		     "\n");
	/* -xx is -x, as in pciutils. */
	expect_lspci("-xx",
		     "7870:00:00.0 Ethernet controller: Microsoft Corporation Device 00ba\n"
		     "00: 14 14 ba 00 06 04 10 00 00 00 00 02 00 00 00 00\n"
		     "10: 0c 00 00 f8 00 00 00 00 00 00 00 00 00 00 00 00\n"
		     "20: 04 00 00 fe 00 00 00 00 00 00 00 00 14 14 01 00\n"
		     "30: 00 00 00 00 40 00 00 00 00 00 00 00 00 00 00 00\n"
		     "\n");
}
END_TEST

/* Count the lines of @args's output and check one of them. */
static void check_dump(const char *args, unsigned int lines, const char *line)
{
	struct seq_file s;
	unsigned int n = 0;

	seq_init(&s);
	ck_assert_int_eq(irqlab_lspci(tm, args, &s), 0);
	for (const char *p = seq_text(&s); *p; p++)
		n += *p == '\n';
	ck_assert_uint_eq(n, lines);
	ck_assert_msg(strstr(seq_text(&s), line), "no \"%s\" in:\n%s", line, seq_text(&s));
	seq_release_buf(&s);
}

START_TEST(test_hex_xxx_xxxx)
{
	mkdev(LSPCI_DEV_MSI32);
	/* Title, 16 or 256 lines of 16 bytes, a blank line. */
	check_dump("-xxx", 18, "\n40: 05 00 01 00 00 10 e0 fe 31 00 00 00 00 00 00 00\n");
	check_dump("-xxx", 18, "\nf0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n\n");
	check_dump("-xxxx", 258, "\n100: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n");
	check_dump("-xxxxx", 258, "\nff0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n\n");
}
END_TEST

/* -vvvxxx: the verbose text, then the dump, then one blank line. */
START_TEST(test_verbose_and_hex)
{
	struct seq_file v, x, vx;

	mkdev(LSPCI_DEV_MSI32);
	seq_init(&v);
	seq_init(&x);
	seq_init(&vx);
	ck_assert_int_eq(irqlab_lspci(tm, "-vvv", &v), 0);
	ck_assert_int_eq(irqlab_lspci(tm, "-xxx", &x), 0);
	ck_assert_int_eq(irqlab_lspci(tm, "-vvv -xxx", &vx), 0);
	/* Both end with a blank line; the dump drops its title line. */
	ck_assert_int_eq(strncmp(seq_text(&vx), seq_text(&v), v.count - 1), 0);
	ck_assert_str_eq(seq_text(&vx) + v.count - 1, strchr(seq_text(&x), '\n') + 1);
	seq_release_buf(&v);
	seq_release_buf(&x);
	seq_release_buf(&vx);
}
END_TEST

/* ---- names ---------------------------------------------------------- */

START_TEST(test_names_without_pci_ids)
{
	mkdev(LSPCI_DEV_MSIX);
	mkdev(LSPCI_DEV_MSI32);
	expect_lspci("-i /nonexistent/pci.ids",
		     "0000:00:05.0 Class 0200: Device 10ec:8139 (rev 10)\n"
		     "7870:00:00.0 Class 0200: Device 1414:00ba\n");
	expect_lspci("-i /nonexistent/pci.ids -nn",
		     "0000:00:05.0 Class [0200]: Device [10ec:8139] (rev 10)\n"
		     "7870:00:00.0 Class [0200]: Device [1414:00ba]\n");
	expect_lspci("-i /nonexistent/pci.ids -v -s 7870::",
		     "7870:00:00.0 Class 0200: Device 1414:00ba\n"
		     "\tSubsystem: Device 1414:0001\n"
		     "\tFlags: bus master, fast devsel, latency 0\n"
		     "\tMemory at f8000000 (64-bit, prefetchable)\n"
		     "\tMemory at fe000000 (64-bit, non-prefetchable)\n"
		     "\tCapabilities: [40] MSI-X: Enable+ Count=1024 Masked-\n"
		     "\tCapabilities: [4c] Express Endpoint, MSI 00\n\n");
}
END_TEST

/* The system's pci.ids, when it has one, names the class and vendor. */
START_TEST(test_names_default_file)
{
	struct seq_file s;

	mkdev(LSPCI_DEV_MSIX);
	seq_init(&s);
	ck_assert_int_eq(irqlab_lspci(tm, NULL, &s), 0);
	if (!access("/usr/share/misc/pci.ids", R_OK))
		ck_assert_msg(!strncmp(seq_text(&s), "7870:00:00.0 Ethernet controller: Microsoft "
				       "Corporation ", 46), "%s", seq_text(&s));
	else
		ck_assert_ptr_nonnull(strstr(seq_text(&s), ": Class 0200: Device 1414:00ba\n"));
	seq_release_buf(&s);
}
END_TEST

/* ---- rejected arguments, failures ---------------------------------- */

START_TEST(test_bad_args)
{
	static const struct {
		const char *args;
		const char *msg;
	} cases[] = {
		{ "-q", "lspci: invalid option -q\n" },
		{ "-vvq", "lspci: invalid option -q\n" },
		{ "-t", "lspci: invalid option -t\n" },
		{ "-k -v", "lspci: invalid option -k\n" },
		{ "--help", "lspci: invalid option --\n" },
		{ "-s", "lspci: option -s requires an argument\n" },
		{ "-v -d", "lspci: option -d requires an argument\n" },
		{ "-i", "lspci: option -i requires an argument\n" },
		{ "foo", "lspci: unexpected argument 'foo'\n" },
		{ "-v -", "lspci: unexpected argument '-'\n" },
		{ "-- -v", "lspci: unexpected argument '-v'\n" },
		{ "-s zz", "lspci: -s: Invalid slot number\n" },
		{ "-s 00:20", "lspci: -s: Invalid slot number\n" },
		{ "-s 00:00.8", "lspci: -s: Invalid function number\n" },
		{ "-s 00:00.0.1", "lspci: -s: Invalid slot/function number\n" },
		{ "-s 100:00.0", "lspci: -s: Invalid bus number\n" },
		{ "-s 80000000:00:00.0", "lspci: -s: Invalid domain number\n" },
		{ "-s 1:2:3:4", "lspci: -s: Too many fields\n" },
		{ "-s 0:1f0", "lspci: -s: Invalid slot number\n" },
		{ "-s 7870:", "lspci: -s: Invalid bus number\n" },
		{ "-s 00000000000000000000000000000000000000000000000000000000000000000",
		  "lspci: -s: Expression too long\n" },
		{ "-d 1414", "lspci: -d: At least two fields must be given\n" },
		{ "-d x:", "lspci: -d: Invalid vendor ID\n" },
		{ "-d 10000:", "lspci: -d: Invalid vendor ID\n" },
		{ "-d :g", "lspci: -d: Invalid device ID\n" },
		{ "-d ::020z", "lspci: -d: Invalid class code\n" },
		{ "-d ::0200:100", "lspci: -d: Invalid programming interface code\n" },
		{ "-d 1:2:3:4:5", "lspci: -d: Too many fields\n" },
		{ "-d 00000000000000000000000000000000000000000000000000000000000000000:",
		  "lspci: -d: Expression too long\n" },
	};

	mkall();
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		expect_error(cases[i].args, cases[i].msg);
}
END_TEST

START_TEST(test_null_arguments)
{
	struct seq_file s;
	struct irqlab_lspci_image img = { 0, 0, 0, NULL };

	mkdev(LSPCI_DEV_MSI32);
	ck_assert_int_eq(irqlab_lspci(tm, "-v", NULL), -EINVAL);
	ck_assert_int_eq(irqlab_lspci_images(&img, 1, "-v", NULL), -EINVAL);
	seq_init(&s);
	ck_assert_int_eq(irqlab_lspci(NULL, "-v", &s), -EINVAL);
	ck_assert_str_eq(seq_text(&s), "lspci: no machine\n");
	seq_release_buf(&s);
	seq_init(&s);
	ck_assert_int_eq(irqlab_lspci_images(NULL, 1, "", &s), -EINVAL);
	ck_assert_str_eq(seq_text(&s), "lspci: no functions given\n");
	seq_release_buf(&s);
	seq_init(&s);
	ck_assert_int_eq(irqlab_lspci_images(&img, 1, "", &s), -EINVAL);
	ck_assert_str_eq(seq_text(&s), "lspci: function without configuration space\n");
	seq_release_buf(&s);
	seq_init(&s);
	ck_assert_int_eq(irqlab_lspci_images(NULL, 0, NULL, &s), 0);
	ck_assert_str_eq(seq_text(&s), "");
	seq_release_buf(&s);
	/* NULL arguments: plain lspci. */
	seq_init(&s);
	ck_assert_int_eq(irqlab_lspci(tm, NULL, &s), 0);
	ck_assert_ptr_nonnull(strstr(seq_text(&s), "00:05.0 "));
	seq_release_buf(&s);
}
END_TEST

/* Every allocation failure gives -ENOMEM, its message, and no leak. */
START_TEST(test_enomem)
{
	unsigned long n;
	long live;

	mkall();
	live = irqlab_alloc_live();
	for (n = 1; n < 20; n++) {
		struct seq_file s;
		bool hit;
		int ret;

		seq_init(&s);
		irqlab_fail_nth_alloc(n);
		ret = irqlab_lspci(tm, "-vvv -xxx", &s);
		hit = irqlab_alloc_fault_hit();
		irqlab_fail_nth_alloc(0);
		ck_assert_int_eq(irqlab_alloc_live(), live);
		if (!hit) {
			ck_assert_int_eq(ret, 0);
			seq_release_buf(&s);
			break;
		}
		ck_assert_int_eq(ret, -ENOMEM);
		ck_assert_str_eq(seq_text(&s), "lspci: out of memory\n");
		seq_release_buf(&s);
	}
	/* kstrdup, the image array, the order array, the device. */
	ck_assert_uint_eq(n, 5);
}
END_TEST

/* Rendering reads config space only: nothing a device holds changes. */
START_TEST(test_render_changes_nothing)
{
	static const char *const modes[] = { "", "-v", "-vv", "-vvv", "-n", "-nn", "-x",
					     "-xxx", "-xxxx", "-vvvxxxx", "-D -s 7870::", "-q" };
	struct irqlab_pci_fn *fn[LSPCI_NR_DEVS];
	static u8 before[LSPCI_NR_DEVS][PCI_CFG_SPACE_EXP_SIZE];
	struct irqlab_pci_fn_stats st[LSPCI_NR_DEVS], st2;
	u64 table[64], pba, v;

	for (int i = 0; i < LSPCI_NR_DEVS; i++) {
		fn[i] = mkdev(i);
		memcpy(before[i], irqlab_pci_fn_config_space(fn[i]), PCI_CFG_SPACE_EXP_SIZE);
		ck_assert_int_eq(irqlab_pci_fn_get_stats(fn[i], &st[i]), 0);
	}
	for (unsigned int k = 0; k < 64; k++)
		ck_assert_int_eq(irqlab_pci_mmio_read(fn[0], 4, 0x3000 + 8 * k, 8, &table[k]), 0);
	ck_assert_int_eq(irqlab_pci_mmio_read(fn[0], 4, 0x7000, 8, &pba), 0);

	for (size_t m = 0; m < ARRAY_SIZE(modes); m++) {
		struct seq_file s;

		seq_init(&s);
		irqlab_lspci(tm, modes[m], &s);
		seq_release_buf(&s);
	}

	for (int i = 0; i < LSPCI_NR_DEVS; i++) {
		ck_assert_int_eq(memcmp(before[i], irqlab_pci_fn_config_space(fn[i]),
					PCI_CFG_SPACE_EXP_SIZE), 0);
		ck_assert_int_eq(irqlab_pci_fn_get_stats(fn[i], &st2), 0);
		ck_assert_int_eq(memcmp(&st[i], &st2, sizeof(st2)), 0);
	}
	for (unsigned int k = 0; k < 64; k++) {
		ck_assert_int_eq(irqlab_pci_mmio_read(fn[0], 4, 0x3000 + 8 * k, 8, &v), 0);
		ck_assert_uint_eq(v, table[k]);
	}
	ck_assert_int_eq(irqlab_pci_mmio_read(fn[0], 4, 0x7000, 8, &v), 0);
	ck_assert_uint_eq(v, pba);
	/* The MSI vector left masked is still pending, not sent. */
	ck_assert_uint_eq(st[LSPCI_DEV_MSI64].msgs_sent, 0);
	ck_assert_uint_eq(st[LSPCI_DEV_MSI64].msgs_masked, 1);
}
END_TEST

/* ---- hand-made images ----------------------------------------------- */

static const char *const img_vvv[LSPCI_NR_IMGS] = {
	[LSPCI_IMG_HEADER] =
		"00:01.0 Class 0101: Microsoft Corporation Basic Render Driver (rev 02) (prog-if 8a [Master SecP PriP])\n"
		"\tControl: I/O+ Mem+ BusMaster+ SpecCycle- MemWINV- VGASnoop+ ParErr+ Stepping+ SERR+ FastB2B+ DisINTx-\n"
		"\tStatus: Cap+ 66MHz+ UDF+ FastB2B+ ParErr+ DEVSEL=medium >TAbort- <TAbort- <MAbort+ >SERR- <PERR- INTx+\n"
		"\tLatency: 64 (500ns min, 1000ns max), Cache Line Size: 64 bytes\n"
		"\tInterrupt: pin B routed to IRQ 0\n"
		"\tBIST result: 05\n"
		"\tRegion 0: I/O ports at e000\n"
		"\tRegion 1: I/O ports at 0000\n"
		"\tRegion 3: Memory at fd000000 (32-bit, prefetchable)\n"
		"\tRegion 4: Memory at 000c0000 (low-1M, non-prefetchable)\n"
		"\tRegion 5: Memory at <unassigned> (64-bit, non-prefetchable)\n"
		"\tExpansion ROM at fffe0000\n"
		"\tCapabilities: [40] Capability ID 0x20 [1234]\n"
		"\tCapabilities: [48] MSI: Enable+ Count=2/8 Maskable+ 64bit-\n"
		"\t\tAddress: fee00000  Data: 4021\n"
		"\t\tMasking: 00000003  Pending: 00000001\n"
		"\tCapabilities: [40] <chain looped>\n"
		"\n",
	[LSPCI_IMG_ODD] =
		"00:01.1 Ethernet controller: Intel Corporation 82574L Gigabit Network Connection\n"
		"\t!!! Unknown header type 7f\n"
		"\tInterrupt: pin ? routed to IRQ 5\n"
		"\n"
		"00:01.2 Class 0604: Realtek Semiconductor Co., Ltd. RTL-8100/8101L/8139 PCI Fast Ethernet Adapter\n"
		"\t!!! Invalid class 0604 for header type 00\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tRegion 0: Memory at 1000000000 (64-bit, prefetchable) [disabled]\n"
		"\tRegion 1: Memory at <unassigned> (32-bit, non-prefetchable) [disabled]\n"
		"\tExpansion ROM at <ignored> [disabled by cmd]\n"
		"\tCapabilities: [40] <chain broken>\n"
		"\n"
		"00:01.3 Ethernet controller: Realtek Semiconductor Co., Ltd. RTL-8100/8101L/8139 PCI Fast Ethernet Adapter\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap- 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tInterrupt: pin ? routed to IRQ 9\n"
		"\tRegion 0: I/O ports at 1000 [disabled]\n"
		"\tRegion 1: Memory at feb00000 (32-bit, non-prefetchable) [disabled]\n"
		"\tExpansion ROM at 00000800 [disabled]\n"
		"\n",
	[LSPCI_IMG_LEGACY] =
		"00:02.1 Ethernet controller: Microsoft Corporation Device 00ba\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tCapabilities: [40] Express (v2) Legacy Endpoint, MSI 03\n"
		"\t\tDevCap:\tMaxPayload 512 bytes, PhantFunc 3, Latency L0s <512ns, L1 <2us\n"
		"\t\t\tExtTag+ AttnBtn+ AttnInd- PwrInd- RBE+ FLReset+\n"
		"\t\tDevCtl:\tCorrErr+ NonFatalErr- FatalErr+ UnsupReq-\n"
		"\t\t\tRlxdOrd+ ExtTag+ PhantFunc- AuxPwr+ NoSnoop- FLReset+\n"
		"\t\t\tMaxPayload 256 bytes, MaxReadReq 512 bytes\n"
		"\t\tDevSta:\tCorrErr+ NonFatalErr- FatalErr- UnsupReq+ AuxPwr- TransPend+\n"
		"\t\tLnkCap:\tPort #5, Speed 5GT/s, Width x36, ASPM L0s L1, Exit Latency L0s <1us, L1 <4us\n"
		"\t\t\tClockPM+ Surprise- LLActRep- BwNot+ ASPMOptComp-\n"
		"\t\tLnkCtl:\tASPM L1 Enabled; RCB 128 bytes, Disabled- CommClk+\n"
		"\t\t\tExtSynch- ClockPM- AutWidDis+ BWInt- AutBWInt-\n"
		"\t\tLnkSta:\tSpeed 2.5GT/s (downgraded), Width x2 (downgraded)\n"
		"\t\t\tTrErr- Train- SlotClk+ DLActive+ BWMgmt- ABWMgmt-\n"
		"\t\tDevCap2: Completion Timeout: Range BCD, TimeoutDis+ NROPrPrP+ LTR+\n"
		"\t\t\t 10BitTagComp- 10BitTagReq+ OBFF Not Supported, ExtFmt+ EETLPPrefix+, MaxEETLPPrefixes 4\n"
		"\t\t\t EmergencyPowerReduction Form Factor Dev Specific, EmergencyPowerReductionInit+\n"
		"\t\t\t FRS+\n"
		"\t\tDevCtl2: Completion Timeout: 260ms to 900ms, TimeoutDis+ LTR+ 10BitTagReq+ OBFF Via message B,\n"
		"\t\t\t AtomicOpsCtl: ReqEn+\n"
		"\t\tLnkSta2: Current De-emphasis Level: -3.5dB, EqualizationComplete+ EqualizationPhase1+\n"
		"\t\t\t EqualizationPhase2- EqualizationPhase3- LinkEqualizationRequest-\n"
		"\t\t\t Retimer+ 2Retimers- CrosslinkRes: Upstream Port\n"
		"\n",
	[LSPCI_IMG_RCIEP] =
		"00:03.0 Class 1200: Microsoft Corporation Device 00ba\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tRegion 0: Memory at fc000000 (32-bit, non-prefetchable) [disabled]\n"
		"\tCapabilities: [40] Express (v2) Root Complex Integrated Endpoint, MSI 00\n"
		"\t\tDevCap:\tMaxPayload 1024 bytes, PhantFunc 0\n"
		"\t\t\tExtTag- RBE- FLReset+\n"
		"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
		"\t\t\tRlxdOrd- ExtTag- PhantFunc- AuxPwr- NoSnoop- FLReset+\n"
		"\t\t\tMaxPayload 128 bytes, MaxReadReq 128 bytes\n"
		"\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-\n"
		"\t\tDevCap2: Completion Timeout: Range A, TimeoutDis- NROPrPrP- LTR-\n"
		"\t\t\t 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix+, MaxEETLPPrefixes 2\n"
		"\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-\n"
		"\t\t\t FRS-\n"
		"\t\t\t AtomicOpsCap: 32bit+ 64bit- 128bitCAS+\n"
		"\t\tDevCtl2: Completion Timeout: 16ms to 55ms, TimeoutDis- LTR- 10BitTagReq- OBFF Via message A,\n"
		"\t\t\t AtomicOpsCtl: ReqEn+\n"
		"\n",
	[LSPCI_IMG_UPSTREAM] =
		"01:00.0 Class 0604: Microsoft Corporation Device 00ba\n"
		"\t!!! Invalid class 0604 for header type 00\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tCapabilities: [40] Express (v2) Upstream Port, MSI 1f\n"
		"\t\tDevCap:\tMaxPayload 128 bytes, PhantFunc 0\n"
		"\t\t\tExtTag- AttnBtn- AttnInd+ PwrInd+ RBE- SlotPowerLimit 250W\n"
		"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
		"\t\t\tRlxdOrd- ExtTag- PhantFunc- AuxPwr- NoSnoop-\n"
		"\t\t\tMaxPayload 128 bytes, MaxReadReq 4096 bytes\n"
		"\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-\n"
		"\t\tLnkCap:\tPort #0, Speed 16GT/s, Width x16, ASPM L0s, Exit Latency L0s unlimited\n"
		"\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp-\n"
		"\t\tLnkCtl:\tASPM L0s Enabled; Disabled+ CommClk-\n"
		"\t\t\tExtSynch+ ClockPM- AutWidDis- BWInt+ AutBWInt+\n"
		"\t\tLnkSta:\tSpeed 32GT/s (overdriven), Width x8 (downgraded)\n"
		"\t\t\tTrErr+ Train+ SlotClk- DLActive- BWMgmt+ ABWMgmt+\n"
		"\t\tDevCap2: Completion Timeout: Range ABC, TimeoutDis- NROPrPrP+ LTR-\n"
		"\t\t\t 10BitTagComp- 10BitTagReq+ OBFF Via message, ExtFmt- EETLPPrefix-\n"
		"\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-\n"
		"\t\t\t FRS-\n"
		"\t\t\t AtomicOpsCap: Routing+\n"
		"\t\tDevCtl2: Completion Timeout: 4s to 13s, TimeoutDis- LTR- 10BitTagReq- OBFF Disabled,\n"
		"\t\t\t AtomicOpsCtl: EgressBlck+\n"
		"\t\tLnkCtl2: Target Link Speed: 16GT/s, EnterCompliance+ SpeedDis+\n"
		"\t\t\t Transmit Margin: 800-1200mV(full-swing)/400-700mV(half-swing), EnterModifiedCompliance+ ComplianceSOS+\n"
		"\t\t\t Compliance Preset/De-emphasis: 0dB de-emphasis, 1.9dB preshoot\n"
		"\t\tLnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete- EqualizationPhase1-\n"
		"\t\t\t EqualizationPhase2+ EqualizationPhase3+ LinkEqualizationRequest+\n"
		"\t\t\t Retimer- 2Retimers+ CrosslinkRes: Downstream Port\n"
		"\n",
	[LSPCI_IMG_DOWNSTREAM] =
		"02:00.0 Class 0604: Microsoft Corporation Device 00ba\n"
		"\t!!! Invalid class 0604 for header type 00\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tCapabilities: [40] Express (v2) Downstream Port (Slot-), MSI 00\n"
		"\t\tDevCap:\tMaxPayload 128 bytes, PhantFunc 0\n"
		"\t\t\tExtTag- RBE-\n"
		"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
		"\t\t\tRlxdOrd- ExtTag- PhantFunc- AuxPwr- NoSnoop-\n"
		"\t\t\tMaxPayload 128 bytes, MaxReadReq 128 bytes\n"
		"\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-\n"
		"\t\tLnkCap:\tPort #0, Speed 8GT/s, Width x8, ASPM not supported\n"
		"\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp-\n"
		"\t\tLnkCtl:\tASPM Disabled; Disabled- CommClk-\n"
		"\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-\n"
		"\t\tLnkSta:\tSpeed 5GT/s, Width x4\n"
		"\t\t\tTrErr- Train- SlotClk- DLActive- BWMgmt- ABWMgmt-\n"
		"\t\tDevCap2: Completion Timeout: Range B, TimeoutDis- NROPrPrP- LTR-\n"
		"\t\t\t 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-\n"
		"\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-\n"
		"\t\t\t FRS- ARIFwd+\n"
		"\t\t\t AtomicOpsCap: Routing+\n"
		"\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- 10BitTagReq- OBFF Disabled, ARIFwd+\n"
		"\t\t\t AtomicOpsCtl: EgressBlck+\n"
		"\t\tLnkCap2: Supported Link Speeds: 2.5-5GT/s, Crosslink+ Retimer+ 2Retimers- DRS+\n"
		"\t\tLnkCtl2: Target Link Speed: 5GT/s, EnterCompliance- SpeedDis-, Selectable De-emphasis: -3.5dB\n"
		"\t\t\t Transmit Margin: Normal Operating Range, EnterModifiedCompliance- ComplianceSOS-\n"
		"\t\t\t Compliance Preset/De-emphasis: Unknown\n"
		"\t\tLnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete- EqualizationPhase1-\n"
		"\t\t\t EqualizationPhase2- EqualizationPhase3- LinkEqualizationRequest-\n"
		"\t\t\t Retimer- 2Retimers- CrosslinkRes: incomplete, DRS+\n"
		"\t\t\t DownstreamComp: Link Up - Present\n"
		"\n",
	[LSPCI_IMG_BRIDGES] =
		"03:00.0 Class 0604: Microsoft Corporation Device 00ba\n"
		"\t!!! Invalid class 0604 for header type 00\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tCapabilities: [40] Express (v1) PCI-Express to PCI/PCI-X Bridge, MSI 00\n"
		"\t\tDevCap:\tMaxPayload 128 bytes, PhantFunc 0\n"
		"\t\t\tExtTag- AttnBtn- AttnInd- PwrInd- RBE- SlotPowerLimit 0.1W\n"
		"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
		"\t\t\tRlxdOrd- ExtTag- PhantFunc- AuxPwr- NoSnoop- BrConfRtry+\n"
		"\t\t\tMaxPayload 128 bytes, MaxReadReq 128 bytes\n"
		"\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-\n"
		"\t\tLnkCap:\tPort #0, Speed 2.5GT/s, Width x1, ASPM not supported\n"
		"\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp-\n"
		"\t\tLnkCtl:\tASPM Disabled; RCB 128 bytes, Disabled- CommClk-\n"
		"\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-\n"
		"\t\tLnkSta:\tSpeed 2.5GT/s, Width x1\n"
		"\t\t\tTrErr- Train- SlotClk- DLActive- BWMgmt- ABWMgmt-\n"
		"\n"
		"04:00.0 Class 0604: Microsoft Corporation Device 00ba\n"
		"\t!!! Invalid class 0604 for header type 00\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tCapabilities: [40] Express (v2) PCI/PCI-X to PCI-Express Bridge (Slot-), MSI 00\n"
		"\t\tDevCap:\tMaxPayload 128 bytes, PhantFunc 0\n"
		"\t\t\tExtTag- RBE-\n"
		"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
		"\t\t\tRlxdOrd- ExtTag- PhantFunc- AuxPwr- NoSnoop-\n"
		"\t\t\tMaxPayload 128 bytes, MaxReadReq 128 bytes\n"
		"\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-\n"
		"\t\tLnkCap:\tPort #0, Speed unknown, Width x0, ASPM not supported\n"
		"\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp-\n"
		"\t\tLnkCtl:\tASPM Disabled; Disabled- CommClk-\n"
		"\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-\n"
		"\t\tLnkSta:\tSpeed unknown, Width x0\n"
		"\t\t\tTrErr- Train- SlotClk- DLActive- BWMgmt- ABWMgmt-\n"
		"\t\tDevCap2: Completion Timeout: Not Supported, TimeoutDis- NROPrPrP- LTR-\n"
		"\t\t\t 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-\n"
		"\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-\n"
		"\t\t\t FRS-\n"
		"\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- 10BitTagReq- OBFF Disabled,\n"
		"\t\tLnkCap2: Supported Link Speeds: RsvdP, Crosslink- Retimer- 2Retimers- DRS+\n"
		"\t\tLnkCtl2: Target Link Speed: Unknown, EnterCompliance- SpeedDis-\n"
		"\t\t\t Transmit Margin: Unknown, EnterModifiedCompliance- ComplianceSOS-\n"
		"\t\t\t Compliance Preset/De-emphasis: -6dB de-emphasis, 0dB preshoot\n"
		"\t\tLnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete- EqualizationPhase1-\n"
		"\t\t\t EqualizationPhase2- EqualizationPhase3- LinkEqualizationRequest-\n"
		"\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported, DRS-\n"
		"\t\t\t DownstreamComp: Reserved\n"
		"\n"
		"04:01.0 Ethernet controller: Microsoft Corporation Device 00ba\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tCapabilities: [40] Express (v2) Unknown type 11, MSI 00\n"
		"\t\tDevCap:\tMaxPayload 128 bytes, PhantFunc 0\n"
		"\t\t\tExtTag- RBE-\n"
		"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
		"\t\t\tRlxdOrd- ExtTag- PhantFunc- AuxPwr- NoSnoop-\n"
		"\t\t\tMaxPayload 128 bytes, MaxReadReq 128 bytes\n"
		"\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-\n"
		"\t\tLnkCap:\tPort #0, Speed unknown, Width x0, ASPM not supported\n"
		"\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp-\n"
		"\t\tLnkCtl:\tASPM Disabled; Disabled- CommClk-\n"
		"\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-\n"
		"\t\tLnkSta:\tSpeed unknown, Width x0\n"
		"\t\t\tTrErr- Train- SlotClk- DLActive- BWMgmt- ABWMgmt-\n"
		"\t\tDevCap2: Completion Timeout: Not Supported, TimeoutDis- NROPrPrP- LTR-\n"
		"\t\t\t 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-\n"
		"\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-\n"
		"\t\t\t FRS-\n"
		"\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- 10BitTagReq- OBFF Disabled,\n"
		"\t\tLnkCap2: Supported Link Speeds: 2.5-32GT/s, Crosslink- Retimer- 2Retimers- DRS-\n"
		"\t\tLnkCtl2: Target Link Speed: 2.5GT/s, EnterCompliance- SpeedDis-\n"
		"\t\t\t Transmit Margin: 200-400mV(full-swing)/100-200mV(half-swing), EnterModifiedCompliance- ComplianceSOS-\n"
		"\t\t\t Compliance Preset/De-emphasis: -6dB de-emphasis, 0dB preshoot\n"
		"\t\tLnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete- EqualizationPhase1-\n"
		"\t\t\t EqualizationPhase2- EqualizationPhase3- LinkEqualizationRequest-\n"
		"\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported\n"
		"\n",
	[LSPCI_IMG_ENDPOINT] =
		"05:00.0 Ethernet controller: Microsoft Corporation Device 00ba\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tRegion 0: Memory at <unassigned> (64-bit, non-prefetchable) [disabled]\n"
		"\tCapabilities: [40] Express (v2) Endpoint, MSI 00\n"
		"\t\tDevCap:\tMaxPayload 128 bytes, PhantFunc 0, Latency L0s <64ns, L1 <1us\n"
		"\t\t\tExtTag- AttnBtn- AttnInd- PwrInd- RBE- FLReset- SlotPowerLimit 60W\n"
		"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
		"\t\t\tRlxdOrd- ExtTag- PhantFunc- AuxPwr- NoSnoop-\n"
		"\t\t\tMaxPayload 128 bytes, MaxReadReq 128 bytes\n"
		"\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-\n"
		"\t\tLnkCap:\tPort #0, Speed unknown, Width x0, ASPM L1, Exit Latency L1 unlimited\n"
		"\t\t\tClockPM+ Surprise+ LLActRep+ BwNot+ ASPMOptComp+\n"
		"\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk-\n"
		"\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-\n"
		"\t\tLnkSta:\tSpeed unknown, Width x0\n"
		"\t\t\tTrErr- Train- SlotClk- DLActive- BWMgmt- ABWMgmt-\n"
		"\t\tDevCap2: Completion Timeout: Range AB, TimeoutDis- NROPrPrP- LTR-\n"
		"\t\t\t 10BitTagComp+ 10BitTagReq+ OBFF Via WAKE#, ExtFmt- EETLPPrefix-\n"
		"\t\t\t EmergencyPowerReduction Reserved, EmergencyPowerReductionInit-\n"
		"\t\t\t FRS- \n"
		"\t\t\t AtomicOpsCap: 32bit- 64bit- 128bitCAS-\n"
		"\t\tDevCtl2: Completion Timeout: 50us to 100us, TimeoutDis- LTR- 10BitTagReq- OBFF Via WAKE#,\n"
		"\t\t\t AtomicOpsCtl: ReqEn-\n"
		"\t\tLnkCap2: Supported Link Speeds: 2.5-16GT/s, Crosslink- Retimer- 2Retimers- DRS-\n"
		"\t\tLnkCtl2: Target Link Speed: 2.5GT/s, EnterCompliance- SpeedDis-\n"
		"\t\t\t Transmit Margin: 200-400mV(full-swing)/100-200mV(half-swing), EnterModifiedCompliance- ComplianceSOS-\n"
		"\t\t\t Compliance Preset/De-emphasis: 0dB de-emphasis, 3.5dB preshoot\n"
		"\t\tLnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete- EqualizationPhase1-\n"
		"\t\t\t EqualizationPhase2- EqualizationPhase3- LinkEqualizationRequest-\n"
		"\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported\n"
		"\n"
		"05:00.2 Ethernet controller: Microsoft Corporation Device 00ba\n"
		"\tControl: I/O- Mem- BusMaster- SpecCycle- MemWINV- VGASnoop- ParErr- Stepping- SERR- FastB2B- DisINTx-\n"
		"\tStatus: Cap+ 66MHz- UDF- FastB2B- ParErr- DEVSEL=fast >TAbort- <TAbort- <MAbort- >SERR- <PERR- INTx-\n"
		"\tCapabilities: [40] Express (v2) Endpoint, MSI 00\n"
		"\t\tDevCap:\tMaxPayload 128 bytes, PhantFunc 0, Latency L0s <64ns, L1 <1us\n"
		"\t\t\tExtTag- AttnBtn- AttnInd- PwrInd- RBE- FLReset- SlotPowerLimit 0W\n"
		"\t\tDevCtl:\tCorrErr- NonFatalErr- FatalErr- UnsupReq-\n"
		"\t\t\tRlxdOrd- ExtTag- PhantFunc- AuxPwr- NoSnoop-\n"
		"\t\t\tMaxPayload 128 bytes, MaxReadReq 128 bytes\n"
		"\t\tDevSta:\tCorrErr- NonFatalErr- FatalErr- UnsupReq- AuxPwr- TransPend-\n"
		"\t\tLnkCap:\tPort #0, Speed unknown, Width x0, ASPM L0s L1, Exit Latency L0s <512ns, L1 <2us\n"
		"\t\t\tClockPM- Surprise- LLActRep- BwNot- ASPMOptComp-\n"
		"\t\tLnkCtl:\tASPM Disabled; RCB 64 bytes, Disabled- CommClk-\n"
		"\t\t\tExtSynch- ClockPM- AutWidDis- BWInt- AutBWInt-\n"
		"\t\tLnkSta:\tSpeed unknown, Width x0\n"
		"\t\t\tTrErr- Train- SlotClk- DLActive- BWMgmt- ABWMgmt-\n"
		"\t\tDevCap2: Completion Timeout: Not Supported, TimeoutDis- NROPrPrP- LTR-\n"
		"\t\t\t 10BitTagComp- 10BitTagReq- OBFF Not Supported, ExtFmt- EETLPPrefix-\n"
		"\t\t\t EmergencyPowerReduction Not Supported, EmergencyPowerReductionInit-\n"
		"\t\t\t FRS- \n"
		"\t\tDevCtl2: Completion Timeout: 50us to 50ms, TimeoutDis- LTR- 10BitTagReq- OBFF Disabled,\n"
		"\t\t\t AtomicOpsCtl: ReqEn-\n"
		"\t\tLnkSta2: Current De-emphasis Level: -6dB, EqualizationComplete- EqualizationPhase1-\n"
		"\t\t\t EqualizationPhase2- EqualizationPhase3- LinkEqualizationRequest-\n"
		"\t\t\t Retimer- 2Retimers- CrosslinkRes: unsupported\n"
		"\n",
};

/* Render image set @which with "-i IDS @args". */
static void expect_image(enum lspci_test_img which, const char *args, const char *want)
{
	static u8 space[LSPCI_IMG_MAX_FNS * PCI_CFG_SPACE_EXP_SIZE];
	struct irqlab_lspci_image img[LSPCI_IMG_MAX_FNS];
	unsigned int n = lspci_image_build(which, space, img);
	char full[256];
	struct seq_file s;

	ck_assert_uint_gt(n, 0);
	snprintf(full, sizeof(full), "-i %s %s", ids, args);
	seq_init(&s);
	ck_assert_int_eq(irqlab_lspci_images(img, n, full, &s), 0);
	expect_text(seq_text(&s), want);
	seq_release_buf(&s);
}

START_TEST(test_images_vvv)
{
	expect_image(_i, "-vvv", img_vvv[_i]);
}
END_TEST

START_TEST(test_images_v)
{
	expect_image(LSPCI_IMG_HEADER, "-v",
		     "00:01.0 Class 0101: Microsoft Corporation Basic Render Driver (rev 02) (prog-if 8a [Master SecP PriP])\n"
		     "\tFlags: bus master, VGA palette snoop, stepping, fast Back2Back, 66MHz, user-definable features, medium devsel, latency 64\n"
		     "\tBIST result: 05\n"
		     "\tI/O ports at e000\n"
		     "\tI/O ports at 0000\n"
		     "\tMemory at fd000000 (32-bit, prefetchable)\n"
		     "\tMemory at 000c0000 (low-1M, non-prefetchable)\n"
		     "\tMemory at <unassigned> (64-bit, non-prefetchable)\n"
		     "\tExpansion ROM at fffe0000\n"
		     "\tCapabilities: [40] Capability ID 0x20 [1234]\n"
		     "\tCapabilities: [48] MSI: Enable+ Count=2/8 Maskable+ 64bit-\n"
		     "\tCapabilities: [40] <chain looped>\n"
		     "\n");
	expect_image(LSPCI_IMG_ODD, "-v",
		     "00:01.1 Ethernet controller: Intel Corporation 82574L Gigabit Network Connection\n"
		     "\t!!! Unknown header type 7f\n"
		     "\n"
		     "00:01.2 Class 0604: Realtek Semiconductor Co., Ltd. RTL-8100/8101L/8139 PCI Fast Ethernet Adapter\n"
		     "\t!!! Invalid class 0604 for header type 00\n"
		     "\tFlags: fast devsel\n"
		     "\tMemory at 1000000000 (64-bit, prefetchable) [disabled]\n"
		     "\tMemory at <unassigned> (32-bit, non-prefetchable) [disabled]\n"
		     "\tExpansion ROM at <ignored> [disabled by cmd]\n"
		     "\tCapabilities: [40] <chain broken>\n"
		     "\n"
		     "00:01.3 Ethernet controller: Realtek Semiconductor Co., Ltd. RTL-8100/8101L/8139 PCI Fast Ethernet Adapter\n"
		     "\tFlags: fast devsel, IRQ 9\n"
		     "\tI/O ports at 1000 [disabled]\n"
		     "\tMemory at feb00000 (32-bit, non-prefetchable) [disabled]\n"
		     "\tExpansion ROM at 00000800 [disabled]\n"
		     "\n");
}
END_TEST

static Suite *lspci_suite(void)
{
	Suite *s = suite_create("lspci");
	TCase *dev = tcase_create("devices");
	TCase *list = tcase_create("listings");
	TCase *err = tcase_create("errors");
	TCase *img = tcase_create("images");

	tcase_add_checked_fixture(dev, tm_setup, tm_teardown);
	tcase_add_test(dev, test_msix_vvv);
	tcase_add_test(dev, test_msix_v);
	tcase_add_test(dev, test_msix_talk_lines);
	tcase_add_test(dev, test_msi64_vvv);
	tcase_add_test(dev, test_msi64_numeric);
	tcase_add_test(dev, test_msi32_vvv);
	tcase_add_test(dev, test_msi64_live_values);
	suite_add_tcase(s, dev);

	tcase_add_checked_fixture(list, tm_setup, tm_teardown);
	tcase_add_test(list, test_terse_sorted_with_domains);
	tcase_add_test(list, test_domains_only_when_needed);
	tcase_add_test(list, test_empty_machine);
	tcase_add_test(list, test_filters);
	tcase_add_test(list, test_hex_x);
	tcase_add_test(list, test_hex_xxx_xxxx);
	tcase_add_test(list, test_verbose_and_hex);
	tcase_add_test(list, test_names_without_pci_ids);
	tcase_add_test(list, test_names_default_file);
	suite_add_tcase(s, list);

	tcase_add_checked_fixture(err, tm_setup, tm_teardown);
	tcase_add_test(err, test_bad_args);
	tcase_add_test(err, test_null_arguments);
	tcase_add_test(err, test_enomem);
	tcase_add_test(err, test_render_changes_nothing);
	suite_add_tcase(s, err);

	tcase_add_checked_fixture(img, tm_setup, tm_teardown);
	tcase_add_loop_test(img, test_images_vvv, 0, LSPCI_NR_IMGS);
	tcase_add_test(img, test_images_v);
	suite_add_tcase(s, img);
	return s;
}

int main(void)
{
	int ret;

	if (lspci_write_ids(ids)) {
		perror("check_lspci: cannot write the test pci.ids");
		return EXIT_FAILURE;
	}
	ret = tm_run_suite(lspci_suite());
	unlink(ids);
	return ret;
}
