/* SPDX-License-Identifier: MIT */
/*
 * The emulated PCI function: the hardware side of the PCI interrupt story.
 *
 * A function has a 4 KiB configuration space (type 0 header, capability
 * list with MSI, MSI-X and optionally PCI Express), up to six memory BARs,
 * an MSI-X table and PBA inside BAR space, and an INTx pin.  The kernel side
 * programs it only through configuration reads/writes and 32/64-bit MMIO
 * accesses; the function signals interrupts the way silicon does: a memory
 * write of (address, data) on the machine's bus, tagged with its requester
 * ID, or a level on its INTx line.
 *
 * Behaviour (PCI/PCIe spec rules, QEMU where the spec leaves a choice):
 *  - Config writes act byte by byte through a write mask and a
 *    write-1-to-clear mask, so every width behaves the same.  Writable:
 *    Command I/O, Memory, Bus Master and Interrupt Disable; Cache Line Size;
 *    the BARs' address bits (size probing: write all-ones, read back the
 *    size mask); Interrupt Line; MSI Enable, Multiple Message Enable
 *    (clamped to Multiple Message Capable), address, data and mask bits;
 *    MSI-X Enable and Function Mask; PCIe Device Control.  Status bits 8
 *    and 11-15 are RW1C; Status.Interrupt mirrors the function's internal
 *    INTx state (whatever Interrupt Disable says); everything else is
 *    read-only.  Extended config space (0x100-0xfff) reads as zero: no
 *    extended capabilities.
 *  - MMIO is decoded only while Command.Memory is set; otherwise reads give
 *    all-ones and writes are dropped (-EIO, like an unclaimed transaction).
 *    BAR space outside the MSI-X table and PBA reads as zero and ignores
 *    writes.  Table entries store all 32 bits as written; a QWORD access is
 *    two DWORD accesses, low half first.  PBA writes are ignored.
 *  - raise(k): MSI-X entry k when MSI-X is enabled (MSI-X wins if software
 *    enabled both, which the spec leaves undefined); else MSI vector k when
 *    MSI is enabled; else the INTx line is asserted.  An MSI-X entry is
 *    masked when its Mask bit or the Function Mask is set (and, for pending
 *    messages, while MSI-X is disabled); a masked event sets the pending
 *    bit instead of sending, and any transition to unmasked sends the
 *    pending message and clears its bit.  MSI with per-vector masking
 *    behaves the same with its Mask/Pending registers.
 *  - A message is sent only while Command.Bus Master is set; otherwise it
 *    is dropped (not made pending) and counted.  A message nobody on the
 *    bus claims sets Status.Received Master Abort, as on conventional PCI.
 *  - INTx reaches the interrupt controller (the sink) only while
 *    Command.Interrupt Disable is clear and MSI and MSI-X are disabled.
 *
 * Locking: every call takes the function's own locks; a function may be
 * used from several threads.  No lock is held while a message is on the
 * bus, so a bus handler may access the function.  The INTx sink is called
 * with the function's INTx lock held: it may read the function, but must
 * not raise, change its INTx state, write its config space or reset it.
 */
#ifndef IRQLAB_PCI_HW_H
#define IRQLAB_PCI_HW_H

#include "irqlab/pci_regs.h"
#include "irqlab/types.h"

struct irqlab_machine;
struct irqlab_pci_fn;

/* Limits. */
#define IRQLAB_PCI_MSIX_MAX_ENTRIES	2048
#define IRQLAB_PCI_MSI_MAX_VECTORS	32
#define IRQLAB_PCI_BAR_MIN_SIZE		16
/* First byte after the standard header where capabilities may live. */
#define IRQLAB_PCI_CAP_START		0x40

/**
 * struct irqlab_pci_bar_config - one memory BAR.
 * @size: bytes, a power of two >= 16; 0 when the BAR is not implemented.
 *        Up to 2 GiB for a 32-bit BAR.
 * @mem64: 64-bit BAR: it also uses the next BAR slot, which must be unused.
 * @prefetchable: the Prefetchable bit.
 */
struct irqlab_pci_bar_config {
	u64 size;
	bool mem64;
	bool prefetchable;
};

/**
 * struct irqlab_pci_msi_config - the MSI capability.
 * @present: the function has one.
 * @vectors: Multiple Message Capable as a count: 1, 2, 4, 8, 16 or 32.
 * @addr64: 64-bit address capable.
 * @per_vector_mask: per-vector masking capable (Mask and Pending registers).
 * @offset: config offset (dword aligned, >= 0x40); 0 places it automatically.
 * @broken: a defective function (Sandisk SN530 style) that advertises MSI
 *          and accepts its programming but never sends an MSI message;
 *          events are counted in msgs_broken.  MSI-X and INTx work.
 */
struct irqlab_pci_msi_config {
	bool present;
	unsigned int vectors;
	bool addr64;
	bool per_vector_mask;
	unsigned int offset;
	bool broken;
};

/**
 * struct irqlab_pci_msix_config - the MSI-X capability and its structures.
 * @present: the function has one.
 * @entries: table size, 1..2048.
 * @table_bar: BIR of the table (an implemented BAR, 0..5).
 * @table_offset: table offset in that BAR, QWORD aligned.
 * @pba_bar: BIR of the PBA.
 * @pba_offset: PBA offset in that BAR, QWORD aligned.
 * @offset: config offset (dword aligned, >= 0x40); 0 places it automatically.
 *
 * The table is @entries * 16 bytes; the PBA is one QWORD per 64 entries.
 * Both must lie inside their BAR and must not overlap.
 */
struct irqlab_pci_msix_config {
	bool present;
	unsigned int entries;
	unsigned int table_bar;
	u32 table_offset;
	unsigned int pba_bar;
	u32 pba_offset;
	unsigned int offset;
};

/**
 * struct irqlab_pci_pcie_config - an Express (v2) Endpoint capability, so
 * lspci shows a realistic PCIe device.  Only Device Control is writable.
 * @present: the function has one.
 * @offset: config offset (dword aligned, >= 0x40); 0 places it automatically.
 */
struct irqlab_pci_pcie_config {
	bool present;
	unsigned int offset;
};

/**
 * struct irqlab_pci_fn_config - what the silicon is.
 * @bdf: "SSSS:BB:DD.F" (segment up to 4 hex digits) or "BB:DD.F" (segment 0).
 * @vendor: Vendor ID (not 0x0000 or 0xffff).
 * @device: Device ID.
 * @subsystem_vendor: Subsystem Vendor ID.
 * @subsystem_device: Subsystem ID.
 * @class_code: 24-bit class code (base class, sub-class, prog-if).
 * @revision: Revision ID.
 * @bars: the six BARs.
 * @intx_pin: 0 none, 1..4 = INTA..INTD.
 * @msi: MSI capability.
 * @msix: MSI-X capability.
 * @pcie: PCI Express capability.
 *
 * Capabilities without an offset are placed at the lowest free dword-aligned
 * offset from 0x40, in the order MSI-X, MSI, PCI Express, after those with
 * an explicit offset; the list is linked in ascending offset order.
 */
struct irqlab_pci_fn_config {
	const char *bdf;
	u16 vendor;
	u16 device;
	u16 subsystem_vendor;
	u16 subsystem_device;
	u32 class_code;
	u8 revision;
	struct irqlab_pci_bar_config bars[PCI_STD_NUM_BARS];
	u8 intx_pin;
	struct irqlab_pci_msi_config msi;
	struct irqlab_pci_msix_config msix;
	struct irqlab_pci_pcie_config pcie;
};

/**
 * struct irqlab_pci_fn_stats - what the function did, for tests.
 * @msgs_sent: memory writes put on the bus (including released pending ones).
 * @msgs_pending_released: of those, pending messages sent on an unmask.
 * @msgs_masked: events that set a pending bit instead of sending.
 * @msgs_no_master: messages dropped because Bus Master Enable was clear.
 * @msgs_bus_error: sent messages the bus refused or nobody claimed.
 * @intx_raised: INTx assertions seen by the interrupt controller (0→1 edges
 *               of the level delivered to the sink).
 * @msgs_broken: MSI events a function with a broken MSI never sent.
 */
struct irqlab_pci_fn_stats {
	u64 msgs_sent;
	u64 msgs_pending_released;
	u64 msgs_masked;
	u64 msgs_no_master;
	u64 msgs_bus_error;
	u64 intx_raised;
	u64 msgs_broken;
};

/**
 * typedef irqlab_pci_intx_sink_fn - the interrupt controller's INTx input.
 * @ctx: the context given to irqlab_pci_fn_set_intx_sink().
 * @fn: the function whose line changed.
 * @level: the new level of the line (true = asserted).
 *
 * Called on every change of the delivered level.
 */
typedef void (*irqlab_pci_intx_sink_fn)(void *ctx, struct irqlab_pci_fn *fn, bool level);

/**
 * irqlab_pci_fn_create() - plug a new PCI function into a machine.
 * @m: machine.
 * @cfg: what the function is; copied (@cfg->bdf need not outlive the call).
 * @out: where the function is stored.
 *
 * The function starts in its power-on state: Command 0, every MSI-X entry
 * masked, MSI and MSI-X disabled, INTx deasserted.  It is freed with the
 * machine, or earlier with irqlab_pci_fn_destroy().
 *
 * Context: any.
 * Return: 0; -EINVAL for a bad configuration (nothing allocated); -EEXIST
 * when the BDF is taken on @m; -ENOMEM.
 */
IRQLAB_API int irqlab_pci_fn_create(struct irqlab_machine *m,
				    const struct irqlab_pci_fn_config *cfg,
				    struct irqlab_pci_fn **out);

/**
 * irqlab_pci_fn_destroy() - unplug and free a function.
 * @fn: the function (NULL is ignored).
 *
 * An asserted INTx line is deasserted at the sink first (the line goes away
 * with the device).
 */
IRQLAB_API void irqlab_pci_fn_destroy(struct irqlab_pci_fn *fn);

/**
 * irqlab_pci_fn_set_present() - surprise removal (and return) of a function.
 * @fn: the function.
 * @present: false: the function stops answering, as after a surprise
 *           removal or a dead link: configuration and MMIO reads return
 *           all-ones (so the Vendor ID reads 0xffff), writes are dropped and
 *           the device sends no interrupt; true: it answers again with the
 *           state it had.
 *
 * The struct stays valid either way, so a kernel that still holds a
 * pci_dev for it can go on accessing it and see what a real kernel sees.
 * An asserted INTx line is deasserted while the function is absent.
 *
 * Return: 0 or -EINVAL for a NULL @fn.
 */
IRQLAB_API int irqlab_pci_fn_set_present(struct irqlab_pci_fn *fn, bool present);

/**
 * irqlab_pci_fn_find() - look a function up by BDF.
 * @m: machine.
 * @bdf: "SSSS:BB:DD.F" or "BB:DD.F", hex digits in either case.
 *
 * Return: the function, or NULL if there is none (or @bdf is malformed).
 */
IRQLAB_API struct irqlab_pci_fn *irqlab_pci_fn_find(struct irqlab_machine *m,
						    const char *bdf);

/**
 * irqlab_pci_fn_next() - iterate over a machine's functions in BDF order.
 * @m: machine.
 * @prev: the previous function, or NULL for the first.
 *
 * Context: functions must not be destroyed during the iteration.
 * Return: the next function, or NULL at the end (or if @prev is not on @m).
 */
IRQLAB_API struct irqlab_pci_fn *irqlab_pci_fn_next(struct irqlab_machine *m,
						    struct irqlab_pci_fn *prev);

/**
 * irqlab_pci_fn_reset() - function-level reset: back to the power-on state.
 * @fn: the function.
 *
 * Config registers, MSI state, the MSI-X table (every entry masked) and PBA
 * are reset; an asserted INTx line is deasserted.  Statistics are kept.
 *
 * Return: 0, or -EINVAL for a NULL @fn.
 */
IRQLAB_API int irqlab_pci_fn_reset(struct irqlab_pci_fn *fn);

/**
 * irqlab_pci_cfg_read() - configuration read.
 * @fn: the function.
 * @off: offset, < 4096 and aligned to @size.
 * @size: 1, 2 or 4 bytes.
 * @val: the value read (little-endian); all-ones on any error.
 *
 * Return: 0, or -EINVAL for a bad access.
 */
IRQLAB_API int irqlab_pci_cfg_read(struct irqlab_pci_fn *fn, unsigned int off,
				   unsigned int size, u32 *val);

/**
 * irqlab_pci_cfg_write() - configuration write.
 * @fn: the function.
 * @off: offset, < 4096 and aligned to @size.
 * @size: 1, 2 or 4 bytes.
 * @val: the value (low @size bytes).
 *
 * Read-only bits keep their value; RW1C bits are cleared where @val has a
 * 1.  Side effects (INTx level, pending messages released by an unmask)
 * happen before the call returns.
 *
 * Return: 0, or -EINVAL for a bad access (nothing changes).
 */
IRQLAB_API int irqlab_pci_cfg_write(struct irqlab_pci_fn *fn, unsigned int off,
				    unsigned int size, u32 val);

/**
 * irqlab_pci_mmio_read() - memory read in a BAR.
 * @fn: the function.
 * @bar: BAR index of an implemented BAR (the low slot of a 64-bit BAR).
 * @off: offset in the BAR, aligned to @size, inside the BAR.
 * @size: 4 or 8 bytes.
 * @val: the value read; all-ones on any error.
 *
 * Return: 0; -EINVAL for a bad access; -EIO while memory decode is off.
 */
IRQLAB_API int irqlab_pci_mmio_read(struct irqlab_pci_fn *fn, unsigned int bar, u64 off,
				    unsigned int size, u64 *val);

/**
 * irqlab_pci_mmio_write() - memory write in a BAR.
 * @fn: the function.
 * @bar: BAR index.
 * @off: offset in the BAR, aligned to @size, inside the BAR.
 * @size: 4 or 8 bytes.
 * @val: the value (low @size bytes).
 *
 * Return: 0; -EINVAL for a bad access (nothing changes); -EIO while memory
 * decode is off (nothing changes).
 */
IRQLAB_API int irqlab_pci_mmio_write(struct irqlab_pci_fn *fn, unsigned int bar, u64 off,
				     unsigned int size, u64 val);

/**
 * irqlab_pci_fn_raise() - the device has an event for interrupt vector @k.
 * @fn: the function.
 * @k: MSI-X entry (< table size) when MSI-X is enabled; MSI vector
 *     (< Multiple Message Capable count) when MSI is enabled; ignored for
 *     INTx.
 *
 * With MSI, a vector beyond the enabled count aliases onto k modulo the
 * enabled count (the function, not software, handles fewer vectors than it
 * asked for).  In INTx mode this asserts the line, as
 * irqlab_pci_fn_intx(@fn, true) does; the device model deasserts it when
 * the driver has serviced the event.
 *
 * Return: 0 when the event was accepted (sent, made pending, dropped for
 * lack of Bus Master Enable, or INTx asserted); -EINVAL for a bad @k or
 * NULL @fn; -ENODEV when no interrupt mechanism is usable (MSI and MSI-X
 * disabled and no INTx pin).
 */
IRQLAB_API int irqlab_pci_fn_raise(struct irqlab_pci_fn *fn, unsigned int k);

/**
 * irqlab_pci_fn_retract() - the event of vector @k no longer needs service.
 * @fn: the function.
 * @k: as for irqlab_pci_fn_raise() in the current mode.
 *
 * Clears the pending bit of MSI-X entry @k (or MSI vector @k) if it is set:
 * the spec's rule for an event satisfied while its vector is still masked,
 * which makes pure polling of the PBA possible.
 *
 * Return: 0; -EINVAL for a bad @k, a NULL @fn, or when neither MSI-X nor MSI
 * is enabled.
 */
IRQLAB_API int irqlab_pci_fn_retract(struct irqlab_pci_fn *fn, unsigned int k);

/**
 * irqlab_pci_fn_intx() - the device asserts or deasserts its INTx line.
 * @fn: the function.
 * @asserted: the internal interrupt state.
 *
 * Status.Interrupt follows @asserted.  The interrupt controller sees the
 * line asserted only while Interrupt Disable is clear and MSI and MSI-X
 * are disabled.
 *
 * Return: 0; -EINVAL for a NULL @fn; -ENODEV when the function has no pin.
 */
IRQLAB_API int irqlab_pci_fn_intx(struct irqlab_pci_fn *fn, bool asserted);

/**
 * irqlab_pci_fn_intx_level() - the level the interrupt controller sees.
 * @fn: the function.
 *
 * Return: true while the line is asserted towards the controller.
 */
IRQLAB_API bool irqlab_pci_fn_intx_level(struct irqlab_pci_fn *fn);

/**
 * irqlab_pci_fn_set_intx_sink() - connect the INTx line to a controller.
 * @fn: the function.
 * @sink: called on each change of the delivered level; NULL disconnects.
 * @ctx: passed to @sink.
 *
 * The sink is not called for the current level: a controller connecting to
 * a line reads it with irqlab_pci_fn_intx_level().
 *
 * Return: 0, or -EINVAL for a NULL @fn.
 */
IRQLAB_API int irqlab_pci_fn_set_intx_sink(struct irqlab_pci_fn *fn,
					   irqlab_pci_intx_sink_fn sink, void *ctx);

/**
 * irqlab_pci_fn_signal_error() - the device reports an error in Status.
 * @fn: the function.
 * @status_bits: RW1C Status bits to set (PCI_STATUS_PARITY,
 *               PCI_STATUS_SIG_TARGET_ABORT ... PCI_STATUS_DETECTED_PARITY).
 *
 * Return: 0, or -EINVAL for a NULL @fn or bits that are not RW1C.
 */
IRQLAB_API int irqlab_pci_fn_signal_error(struct irqlab_pci_fn *fn, u16 status_bits);

/**
 * irqlab_pci_fn_get_stats() - the function's counters.
 * @fn: the function.
 * @stats: filled in.
 *
 * Return: 0, or -EINVAL for NULL arguments.
 */
IRQLAB_API int irqlab_pci_fn_get_stats(struct irqlab_pci_fn *fn,
				       struct irqlab_pci_fn_stats *stats);

/*
 * Read-only getters.  Each returns NULL (or 0) for a NULL @fn.
 */

/** irqlab_pci_fn_name() - canonical BDF, "ssss:bb:dd.f" in lower case. */
IRQLAB_API const char *irqlab_pci_fn_name(const struct irqlab_pci_fn *fn);

/** irqlab_pci_fn_requester_id() - bus << 8 | device << 3 | function. */
IRQLAB_API u16 irqlab_pci_fn_requester_id(const struct irqlab_pci_fn *fn);

/** irqlab_pci_fn_segment() - the PCI segment (domain) number. */
IRQLAB_API u16 irqlab_pci_fn_segment(const struct irqlab_pci_fn *fn);

/** irqlab_pci_fn_machine() - the machine the function is plugged into. */
IRQLAB_API struct irqlab_machine *irqlab_pci_fn_machine(const struct irqlab_pci_fn *fn);

/**
 * irqlab_pci_fn_get_config() - the function's configuration.
 * @fn: the function.
 *
 * Return: a copy owned by @fn, with capability offsets resolved and bdf
 * pointing at irqlab_pci_fn_name().
 */
IRQLAB_API const struct irqlab_pci_fn_config *
irqlab_pci_fn_get_config(const struct irqlab_pci_fn *fn);

/**
 * irqlab_pci_fn_config_space() - the live 4 KiB configuration image.
 * @fn: the function.
 *
 * For `lspci -xxx`-style dumps.  Reading it is safe while no other thread
 * accesses the function.
 *
 * Return: PCI_CFG_SPACE_EXP_SIZE bytes; all-ones while the function is
 * absent (irqlab_pci_fn_set_present()).
 */
IRQLAB_API const u8 *irqlab_pci_fn_config_space(const struct irqlab_pci_fn *fn);

#endif
