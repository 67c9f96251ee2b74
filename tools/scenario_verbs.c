// SPDX-License-Identifier: MIT
/*
 * The verbs of the scenario language: name, synopsis, help text and an
 * example for each, and the functions that print them.
 */
#include <string.h>

#include "irqlab/types.h"
#include "scenario.h"

static const struct scn_verb verbs[] = {
	{
		.name = "machine",
		.synopsis = "machine [platform=x86|hyperv|gic|none] [cpus=N] [nodes=N] [smt=N] "
			    "[isolcpus=LIST] [kernel=X.Y] [seed=N]",
		.summary = "create the simulated machine (once, before anything else)",
		.help = "Creates the machine every later command acts on: N possible CPUs (all\n"
			"online; default 4) split into NUMA nodes, SMT siblings with adjacent ids,\n"
			"CPUs isolated with isolcpus=managed_irq,LIST, and the interrupt platform:\n"
			"x86 (local APICs, IO-APIC, the VECTOR domain as MSI parent), hyperv (an\n"
			"x86 guest whose PCI devices sit on Hyper-V vPCI buses: the host composes\n"
			"their messages; see 'help hv'), gic (GICv3 redistributors and an ITS as\n"
			"MSI parent; see 'help gic') or none (the generic core only).  irqlab run\n"
			"--platform P overrides platform= to replay a file on another platform.\n"
			"kernel=X.Y picks the kernel version whose behaviour is modelled where it\n"
			"changed (default 6.16; e.g. managed irqs refuse smp_affinity writes with\n"
			"EIO before 6.12 and EPERM since).  The seed of the machine's random\n"
			"generator is printed; --seed N or seed=N fixes it.",
		.example = "machine platform=x86 cpus=8 nodes=2 smt=2 isolcpus=7 kernel=6.12\n"
			   "expect 8 CPUs",
		.run = scn_verb_machine,
	},
	{
		.name = "device",
		.synopsis = "device NAME bdf=BDF [vendor=ID] [device=ID] [class=C] [msix=N] "
			    "[msix-bar=B] [msix-table=OFF] [msix-pba=OFF] [msi=N] [msi-64bit=0|1] "
			    "[msi-maskable=0|1] [msi-broken=0|1] [intx=A|B|C|D|none] [pcie=0|1]",
		.summary = "plug in an emulated PCI function and probe it",
		.help = "Creates a PCI function at BDF with the given capabilities (an MSI-X\n"
			"table of N entries in BAR B at offset OFF with its PBA, an MSI capability\n"
			"with N = 1, 2, 4 .. 32 vectors, an INTx pin) and probes it as a driver\n"
			"would (memory decode and bus mastering on).  NAME is how later commands\n"
			"and {NAME:VEC} refer to it.  Without msix= and msi= the function has\n"
			"only its INTx pin (A unless intx= says otherwise).  class= is the 24-bit\n"
			"class code (default 0xff0000); pcie=0 leaves out the PCI Express\n"
			"capability.  msi-broken=1 makes a defective function that accepts MSI\n"
			"programming but never sends an MSI message (the NVMe case study).",
		.example = "device mana0 bdf=7870:00:00.0 vendor=0x1414 device=0x00ba msix=1024 "
			   "msix-bar=4 msix-table=0x3000 msix-pba=0x7000\n"
			   "lspci -s 7870:00:00.0 -vvv | grep MSI-X",
		.run = scn_verb_device,
		.needs_machine = true,
	},
	{
		.name = "alloc",
		.synopsis = "alloc NAME [min=N] [max=N] [types=msix,msi,intx] [affinity] [pre=N] [post=N]",
		.summary = "pci_alloc_irq_vectors(): allocate interrupt vectors of a device",
		.help = "Calls pci_alloc_irq_vectors_affinity() with PCI_IRQ_MSIX, PCI_IRQ_MSI\n"
			"and/or PCI_IRQ_INTX (default: all three, tried in that order) and prints\n"
			"the number of vectors allocated and their irqs (min= defaults to 1, max=\n"
			"to min).  'affinity' adds PCI_IRQ_AFFINITY: managed interrupts spread over\n"
			"the CPUs, pre= and post= vectors excluded from the spreading (struct\n"
			"irq_affinity).",
		.example = "alloc nvme0 min=1 max=4 types=msix affinity pre=1\n"
			   "expect 4",
		.run = scn_verb_alloc,
		.needs_machine = true,
	},
	{
		.name = "alloc-at",
		.synopsis = "alloc-at NAME [index=N]",
		.summary = "pci_msix_alloc_irq_at(): add one MSI-X vector to a running device",
		.help = "Allocates one more MSI-X vector after the device's vectors were\n"
			"allocated (dynamic MSI-X, as MANA does), at the first free index or\n"
			"at index=N.  Prints the index and the Linux irq.",
		.example = "alloc mana0 min=1 max=1 types=msix\n"
			   "alloc-at mana0\n"
			   "expect index 1",
		.run = scn_verb_alloc_at,
		.needs_machine = true,
	},
	{
		.name = "request",
		.synopsis = "request NAME VEC [name=STR] [shared]",
		.summary = "request_irq(): install a counting handler on a vector",
		.help = "Requests the Linux irq of vector VEC of device NAME with a handler that\n"
			"counts its calls and returns IRQ_HANDLED (for INTx: only when its device\n"
			"has the line asserted, which it then deasserts; IRQ_NONE otherwise).\n"
			"name= is the action name shown in /proc/interrupts (default NAMEqVEC);\n"
			"'shared' passes IRQF_SHARED.  'handlers' shows the counts.",
		.example = "request mana0 0 name=mana_q0@pci:7870:00:00.0\n"
			   "cat /proc/interrupts | grep mana_q0",
		.run = scn_verb_request,
		.needs_machine = true,
	},
	{
		.name = "free",
		.synopsis = "free NAME VEC",
		.summary = "free_irq(): remove the handler installed by request",
		.help = "Frees the action 'request' installed on vector VEC of device NAME; the\n"
			"last action of an irq shuts it down.",
		.example = "request nvme0 0\n"
			   "free nvme0 0",
		.run = scn_verb_free,
		.needs_machine = true,
	},
	{
		.name = "free-vectors",
		.synopsis = "free-vectors NAME",
		.summary = "pci_free_irq_vectors(): release every vector of a device",
		.help = "Frees the actions still installed on the device's vectors (as a driver\n"
			"must before), then calls pci_free_irq_vectors().",
		.example = "free-vectors nvme0\n"
			   "cat /proc/interrupts | grep nvme0\n"
			   "expect-not nvme0",
		.run = scn_verb_free_vectors,
		.needs_machine = true,
	},
	{
		.name = "affinity",
		.synopsis = "affinity NAME VEC CPULIST [hint]",
		.summary = "irq_set_affinity() (or irq_set_affinity_and_hint()) of a vector",
		.help = "Sets the affinity of vector VEC of device NAME to CPULIST (e.g. 0-3,6),\n"
			"as a driver does; with 'hint' also the affinity hint shown in\n"
			"/proc/irq/N/affinity_hint (irq_set_affinity_and_hint()).  A user would\n"
			"write /proc/irq/N/smp_affinity_list instead (see echo).",
		.example = "affinity mana0 1 2 hint\n"
			   "cat /proc/irq/{mana0:1}/effective_affinity_list\n"
			   "expect 2",
		.run = scn_verb_affinity,
		.needs_machine = true,
	},
	{
		.name = "disable",
		.synopsis = "disable IRQ",
		.summary = "disable_irq(): raise the disable depth of an irq",
		.help = "Calls disable_irq(IRQ).  IRQ is a number, or {NAME:VEC}.",
		.example = "disable {nvme0:1}\n"
			   "cat /sys/kernel/debug/irq/irqs/{nvme0:1}\n"
			   "expect ddepth:    1",
		.run = scn_verb_disable,
		.needs_machine = true,
	},
	{
		.name = "enable",
		.synopsis = "enable IRQ",
		.summary = "enable_irq(): lower the disable depth of an irq",
		.help = "Calls enable_irq(IRQ).  Unbalanced enables are reported by the kernel\n"
			"(see dmesg).",
		.example = "enable {nvme0:1}",
		.run = scn_verb_enable,
		.needs_machine = true,
	},
	{
		.name = "fire",
		.synopsis = "fire NAME VECS [count=N] | fire NAME intx",
		.summary = "make a device signal interrupts",
		.help = "The device raises vector(s) VECS (a list like 0-3,5) as hardware does:\n"
			"an MSI/MSI-X memory write on the bus, or INTx when neither is enabled.\n"
			"Nothing runs until 'run'.  With count=N each vector fires N times and\n"
			"the machine runs until idle after each round, so every event is\n"
			"delivered (a second message to a vector still pending at the local APIC\n"
			"would merge with the first, as on real hardware).  'fire NAME intx'\n"
			"asserts the INTx line.",
		.example = "fire mana0 0-3 count=100\n"
			   "cat /proc/interrupts | grep mana",
		.run = scn_verb_fire,
		.needs_machine = true,
	},
	{
		.name = "run",
		.synopsis = "run [cpu=N]",
		.summary = "let the CPUs take pending interrupts and deferred work",
		.help = "Runs the machine until it is idle (irqlab_run_until_idle(): deferred\n"
			"work, interrupts pending at each online CPU, due timers), or only lets\n"
			"CPU N take its pending interrupts (irqlab_cpu_run()).  Prints how many\n"
			"items ran.",
		.example = "fire mana0 2\n"
			   "run\n"
			   "expect ran 1",
		.run = scn_verb_run,
		.needs_machine = true,
	},
	{
		.name = "cpu",
		.synopsis = "cpu N offline|online",
		.summary = "CPU hotplug: take a CPU down or bring it up",
		.help = "Takes CPU N down with its interrupts (remove_cpu(): they migrate, managed\n"
			"ones whose CPUs are all gone shut down) or brings it back (add_cpu()).",
		.example = "cpu 3 offline\n"
			   "cat /sys/devices/system/cpu/online\n"
			   "expect 0-2",
		.run = scn_verb_cpu,
		.needs_machine = true,
	},
	{
		.name = "cat",
		.synopsis = "cat PATH",
		.summary = "print a file of the virtual /proc, /sys or debugfs",
		.help = "Prints a file of the machine's virtual tree, rendered from live state in\n"
			"the kernel's format: /proc/interrupts, /proc/irq/N/*, /proc/stat,\n"
			"/proc/softirqs, /sys/kernel/irq/N/*, /sys/devices/system/cpu/*,\n"
			"/sys/kernel/debug/irq/irqs/N, /sys/kernel/debug/irq/domains/NAME,\n"
			"/sys/kernel/debug/tracing/trace.  'ls' lists directories.",
		.example = "cat /proc/interrupts\n"
			   "expect CPU0",
		.run = scn_verb_cat,
		.needs_machine = true,
	},
	{
		.name = "ls",
		.synopsis = "ls [DIR]",
		.summary = "list a directory of the virtual tree",
		.help = "Lists DIR (default /) of the virtual tree; directories end with '/'.",
		.example = "ls /sys/kernel/debug/irq/domains\n"
			   "expect VECTOR",
		.run = scn_verb_ls,
		.needs_machine = true,
	},
	{
		.name = "echo",
		.synopsis = "echo VALUE > PATH",
		.summary = "write a file of the virtual tree",
		.help = "Writes VALUE to PATH as 'echo VALUE > PATH' does on a real system, e.g.\n"
			"an irq's smp_affinity_list or a trace event's enable file.  Errors are the\n"
			"kernel's (EINVAL for a mask without online CPU, EPERM or EIO for a managed\n"
			"irq).  'echo > PATH' writes an empty line.",
		.example = "echo 1 > /sys/kernel/debug/tracing/events/irq/irq_handler_entry/enable\n"
			   "echo 2 > /proc/irq/{nvme0:1}/smp_affinity_list\n"
			   "expect-error EPERM",
		.run = scn_verb_echo,
		.needs_machine = true,
	},
	{
		.name = "lspci",
		.synopsis = "lspci [-s BDF] [-v|-vv|-vvv] [-x|-xxx|-xxxx]",
		.summary = "pciutils' lspci of the emulated functions",
		.help = "Renders the emulated functions from their configuration space in\n"
			"pciutils' format: capability lines with -vvv, hex dumps with -x.",
		.example = "lspci -s 7870:00:00.0 -vvv | grep -A1 MSI-X\n"
			   "expect MSI-X: Enable+ Count=1024 Masked-",
		.run = scn_verb_lspci,
		.needs_machine = true,
	},
	{
		.name = "msix-table",
		.synopsis = "msix-table NAME [FIRST] [COUNT]",
		.summary = "the MSI-X table entries and PBA bits as the device holds them",
		.help = "Reads the device's MSI-X table and PBA over MMIO, as a bus analyser\n"
			"would: each entry's message address and data, its Vector Control word\n"
			"and its pending bit.  These are the messages the device will send (on\n"
			"Hyper-V the host's answer; on the GIC the ITS doorbell and EventID).\n"
			"Default: the vectors allocated by alloc (or entry 0).",
		.example = "msix-table mana0 0 2\n"
			   "expect 0x00000000fee00000",
		.run = scn_verb_msix_table,
		.needs_machine = true,
	},
	{
		.name = "writes",
		.synopsis = "writes NAME [start|stop]",
		.summary = "the kernel's register writes to a device (config space, MMIO)",
		.help = "'writes NAME start' records every configuration-space and MMIO write\n"
			"the kernel makes to the device; 'writes NAME' prints them, named as the\n"
			"PCI spec names them (Command, MSI-X control, entry K address/data/vector\n"
			"control, PBA), and goes on recording; 'writes NAME stop' prints and ends.\n"
			"It shows which level of the hierarchy touches the device: a mask is one\n"
			"vector-control write at the leaf, an x86 affinity change rewrites the\n"
			"entry, a GIC or Hyper-V one writes nothing.",
		.example = "writes mana0 start\n"
			   "disable {mana0:0}\n"
			   "fire mana0 0\n"
			   "run\n"
			   "writes mana0\n"
			   "expect (entry 0 vector control) <- 0x00000001",
		.run = scn_verb_writes,
		.needs_machine = true,
	},
	{
		.name = "link",
		.synopsis = "link NAME down|up",
		.summary = "surprise removal of a device (and its return)",
		.help = "'link NAME down' makes the function vanish while the kernel still holds\n"
			"its pci_dev: configuration and MMIO reads return all-ones (Vendor ID\n"
			"0xffff; lspci: 'Unknown header type 7f'), writes are lost, the device\n"
			"raises nothing.  'link NAME up' brings it back with the state it had,\n"
			"without what the kernel wrote meanwhile.",
		.example = "link nic0 down\n"
			   "lspci -s 0000:00:05.0\n"
			   "expect Unknown header type 7f",
		.run = scn_verb_link,
		.needs_machine = true,
	},
	{
		.name = "gic",
		.synopsis = "gic its | gic lpi INTID",
		.summary = "the GIC hardware: ITS tables and an LPI's state (machine platform=gic)",
		.help = "'gic its' reads the ITS's tables from memory as a debugger would: each\n"
			"collection's CPU (MAPC), each mapped device (MAPD: DeviceID, ITT) and its\n"
			"events (MAPTI: EventID -> LPI, collection), and the commands, doorbell\n"
			"translations and dropped commands the ITS counted.  'gic lpi INTID' shows\n"
			"the LPI's configuration (enabled, priority) as each redistributor caches\n"
			"it, and its bit in each CPU's pending table.",
		.example = "machine platform=gic cpus=2\n"
			   "gic its\n"
			   "expect collection 1 -> CPU1",
		.run = scn_verb_gic,
		.needs_machine = true,
	},
	{
		.name = "dmesg",
		.synopsis = "dmesg [-c]",
		.summary = "print the kernel log (-c: then clear it)",
		.help = "Prints the machine's kernel log with virtual timestamps: pr_*() messages\n"
			"and WARNINGs of the simulated kernel.",
		.example = "cpu 1 offline\n"
			   "dmesg\n"
			   "expect-not WARNING",
		.run = scn_verb_dmesg,
		.needs_machine = true,
	},
	{
		.name = "trace",
		.synopsis = "trace on [EVENT...] | trace off | trace clear | trace",
		.summary = "ftrace: enable events, stop, clear or print the trace",
		.help = "'trace on' enables the given events (default: irq, i.e.\n"
			"irq_handler_entry and irq_handler_exit; also irq_matrix, irq_vectors,\n"
			"system:event or *) and turns tracing on; 'trace off' turns tracing off\n"
			"(tracing_on = 0); 'trace clear' empties the buffer; 'trace' alone prints\n"
			"/sys/kernel/debug/tracing/trace.",
		.example = "trace on irq\n"
			   "fire mana0 2\n"
			   "run\n"
			   "trace\n"
			   "expect irq_handler_exit: irq={mana0:2} ret=handled",
		.run = scn_verb_trace,
		.needs_machine = true,
	},
	{
		.name = "perf",
		.synopsis = "perf stat -e SYSTEM:EVENT [-e ...] [-a] [-A|--per-cpu] [-- COMMAND]",
		.summary = "trace event counts, system-wide or per CPU, as perf stat reports them",
		.help = "Prints the counts of trace events (counted even when not enabled) the way\n"
			"'perf stat -e irq:EVENT -a' does: one system-wide total per event, or with\n"
			"-A/--per-cpu a line per online CPU.  Several -e or a comma list count\n"
			"several events, in the order given; globs select a family, as in the\n"
			"talk's 'perf stat -e irq_vectors:*' (x86 only: an arm64 kernel has no\n"
			"irq_vectors or irq_matrix events).  With '-- COMMAND' the counts start at\n"
			"zero, COMMAND runs, and its counts and elapsed virtual time are printed;\n"
			"without it, the counts since the previous perf command (or the start).",
		.example = "perf stat -e irq:irq_handler_entry -a --per-cpu -- fire mana0 0-3 count=10\n"
			   "expect CPU0\n"
			   "perf stat -e irq_vectors:* -a\n"
			   "expect irq_vectors:vector_update",
		.run = scn_verb_perf,
		.needs_machine = true,
	},
	{
		.name = "handlers",
		.synopsis = "handlers [NAME]",
		.summary = "calls of the handlers installed by request, per CPU",
		.help = "Lists each action installed with 'request' (of device NAME, or all):\n"
			"irq, action name, and how often its handler ran on each CPU.",
		.example = "handlers mana0\n"
			   "expect mana_q0",
		.run = scn_verb_handlers,
		.needs_machine = true,
	},
	{
		.name = "hv",
		.synopsis = "hv [compose=ok|fail|noreply] [status=NTSTATUS] [latency=T] [timeout=T] "
			    "[names=legacy|new] [irte-reuse=all|multi] | hv log | hv entries | "
			    "hv eject NAME | hv probe NAME | hv hibernate | hv resume",
		.summary = "the Hyper-V host and the guest's vPCI buses (machine platform=hyperv)",
		.help = "Settings: how the host answers CREATE_INTERRUPT (compose=ok: with a\n"
			"message it picks; fail: with status= (default 0xc0000001); noreply: never),\n"
			"the host's latency (virtual time, e.g. 50us), how long hv_compose_msi_msg\n"
			"polls before it gives up and logs \"hv_compose_msi_msg: timed out\" (a\n"
			"hypothetical mode: timeout=0, the default, spins as upstream does until the\n"
			"soft-lockup watchdog fires), and the chip names of devices probed later\n"
			"(names=legacy: \"Hyper-V PCIe MSI\"; new: HV-PCI-MSIX-<bdf>).\n"
			"irte-reuse=all composes as kernels between b4b77778ecc5 and the Nov 2022\n"
			"fix did: every irq reuses its host entry, so the host keeps the physical\n"
			"CPU it picked at the first CREATE (vCPU 0 at alloc); multi, the default,\n"
			"reuses only multi-MSI entries (upstream today).\n"
			"'hv log' prints every request the host received (CREATE_INTERRUPT,\n"
			"DELETE_INTERRUPT, RETARGET_INTERRUPT) with the answer; 'hv entries' the\n"
			"host's interrupt entries (device, message, vector, the vCPU it delivers\n"
			"to, the physical CPU the host picked, the guest irq) and the messages it\n"
			"dropped.  'hv eject NAME' is the host's PCI_EJECT: the driver frees its\n"
			"irqs (a DELETE each), the device goes; 'hv probe NAME' offers it again.\n"
			"'hv hibernate' closes every bus's channel (the host forgets its\n"
			"entries); 'hv resume' reopens them and recomposes every message\n"
			"(hv_pci_restore_msi_state).",
		.example = "machine platform=hyperv cpus=4\n"
			   "device mana0 bdf=7870:00:00.0 msix=8\n"
			   "hv compose=fail\n"
			   "alloc mana0 types=msix\n"
			   "dmesg | grep Request\n"
			   "expect Request for interrupt failed: 0xc0000001\n"
			   "hv log\n"
			   "expect CREATE_INTERRUPT",
		.run = scn_verb_hv,
		.needs_machine = true,
	},
	{
		.name = "export",
		.synopsis = "export DIR",
		.summary = "write the whole virtual tree under a host directory",
		.help = "Writes every file of the virtual tree under DIR (DIR/proc/interrupts,\n"
			"DIR/sys/...), so that real tools can read it (e.g. mpstat with /proc\n"
			"bind-mounted).",
		.example = "export /tmp/irqlab-tree",
		.run = scn_verb_export,
		.needs_machine = true,
	},
	{
		.name = "dot",
		.synopsis = "dot NAME|IRQ",
		.summary = "Graphviz DOT picture of the domain hierarchy of a device or irq",
		.help = "Prints a DOT graph of the irq domain hierarchy: one box per domain, with\n"
			"the chip and hwirq of each irq at each level, parent_data edges towards\n"
			"the root.  Render it with 'dot -Tsvg'.  Write it to a host file with\n"
			"'> FILE'.",
		.example = "dot mana0 > mana0.dot",
		.run = scn_verb_dot,
		.needs_machine = true,
	},
	{
		.name = "expect",
		.synopsis = "expect TEXT",
		.summary = "check that the previous command's output contains TEXT",
		.help = "Fails the scenario unless the output of the previous command (not\n"
			"counting expect lines) contains TEXT.  TEXT is the rest of the line, or one\n"
			"\"quoted string\" with \\n, \\t, \\\" and \\\\ escapes (to keep blanks or\n"
			"match across lines).",
		.example = "cat /sys/devices/system/cpu/online\n"
			   "expect 0-3\n"
			   "expect \"0-3\\n\"",
		.run = scn_verb_expect,
		.check = true,
	},
	{
		.name = "expect-not",
		.synopsis = "expect-not TEXT",
		.summary = "check that the previous command's output lacks TEXT",
		.help = "Fails the scenario if the output of the previous command contains TEXT.",
		.example = "dmesg\n"
			   "expect-not WARNING",
		.run = scn_verb_expect_not,
		.check = true,
	},
	{
		.name = "expect-error",
		.synopsis = "expect-error ERRNO",
		.summary = "check that the previous command failed with ERRNO",
		.help = "A command that fails stops the scenario, unless the next command is\n"
			"expect-error: then the failure (errno name and the kernel's messages) is\n"
			"the command's output, and expect-error checks its errno (EPERM, EINVAL,\n"
			"...).  expect-error after a command that succeeded fails.",
		.example = "cpu 9 offline\n"
			   "expect-error ENODEV",
		.run = scn_verb_expect_error,
		.check = true,
	},
	{
		.name = "print",
		.synopsis = "print TEXT",
		.summary = "print a line (a comment that shows in the transcript)",
		.help = "Prints TEXT, after {NAME:VEC} expansion.",
		.example = "print queue 0 is irq {mana0:0}",
		.run = scn_verb_print,
	},
	{
		.name = "help",
		.synopsis = "help [VERB]",
		.summary = "list the verbs, or explain one with an example",
		.help = "Without VERB, lists every verb; with VERB, shows its synopsis, what it\n"
			"does and an example.",
		.example = "help fire",
		.run = scn_verb_help,
	},
};

/** scn_find_verb() - the verb called @name, or NULL. */
const struct scn_verb *scn_find_verb(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(verbs); i++)
		if (!strcmp(verbs[i].name, name))
			return &verbs[i];
	return NULL;
}

/** scn_verb_at() - the @i-th verb in the table, or NULL past the end. */
const struct scn_verb *scn_verb_at(unsigned int i)
{
	return i < ARRAY_SIZE(verbs) ? &verbs[i] : NULL;
}

/** scn_print_verb_list() - one line per verb: name and summary. */
void scn_print_verb_list(FILE *f)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(verbs); i++)
		fprintf(f, "  %-13s %s\n", verbs[i].name, verbs[i].summary);
}

static void print_indented(FILE *f, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		fprintf(f, "    %.*s\n", (int)n, text);
		text += n + (nl ? 1 : 0);
	}
}

/** scn_print_verb_help() - a verb's synopsis, help and example. */
void scn_print_verb_help(FILE *f, const struct scn_verb *v)
{
	fprintf(f, "%s - %s\n\nusage:\n    %s\n\n", v->name, v->summary, v->synopsis);
	print_indented(f, v->help);
	fprintf(f, "\nexample:\n");
	print_indented(f, v->example);
}

/* Edit distance with transpositions (optimal string alignment): verbs are short. */
static unsigned int distance(const char *a, const char *b)
{
	unsigned int d[32][32], i, j, la = strlen(a), lb = strlen(b);

	if (la >= 32 || lb >= 32)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			unsigned int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/** scn_closest_verb() - a verb within edit distance 2 of @name, or NULL. */
const struct scn_verb *scn_closest_verb(const char *name)
{
	const struct scn_verb *best = NULL;
	unsigned int i, bestd = 3;

	for (i = 0; i < ARRAY_SIZE(verbs); i++) {
		unsigned int d = distance(name, verbs[i].name);

		if (d < bestd) {
			bestd = d;
			best = &verbs[i];
		}
	}
	return best;
}
