/* SPDX-License-Identifier: MIT */
/*
 * Emulated GICv3-like hardware: one redistributor plus CPU interface per
 * possible CPU (LPIs only), and any number of ITSes.  The kernel side
 * reaches them only as a real kernel would: redistributor and ITS registers,
 * tables and command queues in simulated memory (irqlab/sysmem.h), and the
 * ITS doorbell written on the bus by devices.
 *
 * Implementation choices (where the architecture leaves them open):
 * - Register offsets and fields are architectural; only the registers
 *   listed below exist.  64-bit registers take 64-bit or 32-bit (half)
 *   accesses; other sizes and offsets read all-ones, ignore writes and
 *   return -EINVAL.
 * - The redistributors have GICD_TYPER.IDbits = 15: INTIDs are 16 bits, so
 *   LPIs are 8192..65535 (further capped by GICR_PROPBASER.IDbits).
 * - LPI pending state lives only in the pending table in memory (one bit
 *   per INTID at GICR_PENDBASER): every change is a read-modify-write of
 *   that memory, so a test can read the table.  GICR_PENDBASER.PTZ is
 *   accepted and ignored.
 * - LPI configuration is cached per redistributor: the cache is loaded
 *   when GICR_CTLR.EnableLPIs goes 0 -> 1 and by INVALL, and one entry is
 *   reloaded by INV (ITS command or GICR_INVLPIR).  A config byte written in
 *   memory takes effect only after INV/INVALL.  Only enabled LPIs are held.
 * - An LPI that arrives while EnableLPIs = 0, or beyond the IDbits range, or
 *   whose pending table is not in memory, is dropped and counted.
 * - CPU interface: ICC_PMR_EL1 resets to 0 (everything masked) as in the
 *   architecture; all 8 priority bits are implemented; the binary point is
 *   0 (preemption compares the whole priority).  There are no SGIs, PPIs
 *   or SPIs and no group-enable bits.
 * - The ITS has no indirect tables and no collections held in hardware
 *   (HCC = 0); GITS_TYPER.PTA = 0, so RDbase is a processor number.
 *   Table entries are 8 bytes, formats in "ITS table entries" below.
 * - ITS commands are processed synchronously on each CWRITER write (and
 *   when the ITS is enabled).  A command with bad parameters is dropped and
 *   recorded in the ITS's error log; a command whose table or queue access
 *   hits memory that does not exist stalls the queue (GITS_CREADR.Stalled)
 *   until CWRITER is written with Retry = 1 or CBASER is rewritten.
 */
#ifndef IRQLAB_GIC_HW_H
#define IRQLAB_GIC_HW_H

#include "irqlab/types.h"

struct irqlab_machine;
struct irqlab_its;

/* ---- INTIDs ------------------------------------------------------------ */
#define IRQLAB_GIC_LPI_BASE 8192u
#define IRQLAB_GIC_ID_BITS 16u	/* INTID width: GICD_TYPER.IDbits + 1 */
#define IRQLAB_GIC_SPURIOUS 1023u

/* LPI configuration byte. */
#define LPI_PROP_ENABLED (1u << 0)
#define LPI_PROP_GROUP1 (1u << 1)
#define LPI_PROP_PRIORITY(b) ((b) & 0xfcu)
#define LPI_PROP_DEFAULT_PRIO 0xa0u

/* ---- Redistributor, RD_base frame ---------------------------------------- */
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SETLPIR 0x0040
#define GICR_CLRLPIR 0x0048
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_INVLPIR 0x00a0
#define GICR_INVALLR 0x00b0
#define GICR_SYNCR 0x00c0
#define GICR_PIDR2 0xffe8

#define GICR_CTLR_ENABLE_LPIS (1u << 0)
#define GICR_CTLR_RWP (1u << 3)
#define GICR_TYPER_PLPIS (1ULL << 0)
#define GICR_TYPER_DirectLPIS (1ULL << 3)
#define GICR_TYPER_LAST (1ULL << 4)
#define GICR_TYPER_PROC_NUM_SHIFT 8
#define GICR_TYPER_AFF_SHIFT 32
#define GICR_WAKER_ProcessorSleep (1u << 1)
#define GICR_WAKER_ChildrenAsleep (1u << 2)
#define GICR_PROPBASER_IDBITS_MASK 0x1fULL
#define GICR_PROPBASER_PA_MASK 0x000ffffffffff000ULL	/* [51:12] */
#define GICR_PENDBASER_PA_MASK 0x000fffffffff0000ULL	/* [51:16] */
#define GICR_PENDBASER_PTZ (1ULL << 62)
#define GIC_PIDR2_ARCH_GICv3 0x30

/* ---- ITS control frame and translation frame ----------------------------- */
#define GITS_CTLR 0x0000
#define GITS_IIDR 0x0004
#define GITS_TYPER 0x0008
#define GITS_CBASER 0x0080
#define GITS_CWRITER 0x0088
#define GITS_CREADR 0x0090
#define GITS_BASER 0x0100	/* GITS_BASER<n> at 0x100 + 8 * n */
#define GITS_BASER_NR_REGS 8
#define GITS_PIDR2 0xffe8
#define GITS_TRANSLATER 0x10040
#define IRQLAB_ITS_SIZE 0x20000	/* both 64 KiB frames */

#define GITS_CTLR_ENABLE (1u << 0)
#define GITS_CTLR_QUIESCENT (1u << 31)
#define GITS_TYPER_PHYS (1ULL << 0)
#define GITS_TYPER_ITT_ENTRY_SIZE_SHIFT 4
#define GITS_TYPER_IDBITS_SHIFT 8
#define GITS_TYPER_DEVBITS_SHIFT 13
#define GITS_TYPER_PTA (1ULL << 19)
#define GITS_TYPER_HCC_SHIFT 24
#define GITS_CBASER_VALID (1ULL << 63)
#define GITS_CBASER_PA_MASK 0x000ffffffffff000ULL	/* [51:12] */
#define GITS_CBASER_SIZE_MASK 0xffULL			/* 4 KiB pages - 1 */
#define GITS_CWRITER_RETRY (1ULL << 0)
#define GITS_CREADR_STALLED (1ULL << 0)
#define GITS_OFFSET_MASK 0xfffe0ULL			/* [19:5] */
#define GITS_BASER_VALID (1ULL << 63)
#define GITS_BASER_INDIRECT (1ULL << 62)
#define GITS_BASER_TYPE_SHIFT 56
#define GITS_BASER_ENTRY_SIZE_SHIFT 48
#define GITS_BASER_PA_MASK 0x0000fffffffff000ULL	/* [47:12] */
#define GITS_BASER_PAGE_SIZE_SHIFT 8
#define GITS_BASER_PAGE_SIZE_4K (0ULL << GITS_BASER_PAGE_SIZE_SHIFT)
#define GITS_BASER_PAGE_SIZE_16K (1ULL << GITS_BASER_PAGE_SIZE_SHIFT)
#define GITS_BASER_PAGE_SIZE_64K (2ULL << GITS_BASER_PAGE_SIZE_SHIFT)
#define GITS_BASER_PAGES_MASK 0xffULL			/* pages - 1 */
#define GITS_BASER_TYPE_NONE 0
#define GITS_BASER_TYPE_DEVICE 1
#define GITS_BASER_TYPE_COLLECTION 4

/* ITS commands: 32 bytes, four little-endian 64-bit words. */
#define ITS_CMD_SIZE 32
#define GITS_CMD_MOVI 0x01
#define GITS_CMD_INT 0x03
#define GITS_CMD_CLEAR 0x04
#define GITS_CMD_SYNC 0x05
#define GITS_CMD_MAPD 0x08
#define GITS_CMD_MAPC 0x09
#define GITS_CMD_MAPTI 0x0a
#define GITS_CMD_MAPI 0x0b
#define GITS_CMD_INV 0x0c
#define GITS_CMD_INVALL 0x0d
#define GITS_CMD_MOVALL 0x0e
#define GITS_CMD_DISCARD 0x0f

/*
 * ITS table entries (implementation defined; 8 bytes each, little endian):
 *   Device table (BASER type 1), index DeviceID:
 *     [63] Valid, [51:8] ITT address, [4:0] EventID bits - 1
 *   ITT (at the MAPD address), index EventID:
 *     [63] Valid, [47:32] ICID, [31:0] pINTID
 *   Collection table (BASER type 4), index ICID:
 *     [63] Valid, [31:0] target processor number
 */
#define IRQLAB_ITS_ENTRY_SIZE 8
#define IRQLAB_ITS_ENTRY_VALID (1ULL << 63)

/* ---- Redistributors ------------------------------------------------------ */

/**
 * irqlab_gic_hw_init() - create the redistributors of @m (one per possible CPU).
 * @m: machine.
 *
 * Every other function creates them on first use; calling this first only
 * moves the allocation failure to a known place.  Calling it again is a no-op.
 *
 * Return: 0 or -ENOMEM.
 */
IRQLAB_API int irqlab_gic_hw_init(struct irqlab_machine *m);

/**
 * irqlab_gicr_read() - read a redistributor register (RD_base frame).
 * @m: machine.
 * @cpu: the redistributor's CPU.
 * @off: register offset (GICR_*).
 * @size: access size in bytes (4, or 8 for 64-bit registers).
 * @val: the value read; all-ones on error.
 *
 * Return: 0, -EINVAL for a bad CPU, offset or size, -ENOMEM.
 */
IRQLAB_API int irqlab_gicr_read(struct irqlab_machine *m, unsigned int cpu, u32 off,
				unsigned int size, u64 *val);

/**
 * irqlab_gicr_write() - write a redistributor register (RD_base frame).
 * @m: machine.
 * @cpu: the redistributor's CPU.
 * @off: register offset (GICR_*).
 * @size: access size in bytes (4, or 8 for 64-bit registers).
 * @val: the value.
 *
 * GICR_PROPBASER and GICR_PENDBASER ignore writes while EnableLPIs = 1.
 * Setting EnableLPIs loads the configuration cache from memory.
 *
 * Return: 0, or -EINVAL for a bad CPU, offset or size (nothing changes),
 * -ENOMEM.
 */
IRQLAB_API int irqlab_gicr_write(struct irqlab_machine *m, unsigned int cpu, u32 off,
				 unsigned int size, u64 val);

/**
 * irqlab_gicr_lpi_pending() - read an LPI's bit in a redistributor's pending table.
 * @m: machine.
 * @cpu: the redistributor's CPU.
 * @intid: the LPI.
 *
 * Return: 1 if pending, 0 if not, -EINVAL for a bad CPU or INTID, -EFAULT
 * when the pending table is not in memory.
 */
IRQLAB_API int irqlab_gicr_lpi_pending(struct irqlab_machine *m, unsigned int cpu,
				       u32 intid);

/**
 * irqlab_gicr_lpi_config() - the configuration a redistributor uses for an LPI.
 * @m: machine.
 * @cpu: the redistributor's CPU.
 * @intid: the LPI.
 * @cfg: the cached configuration byte.
 *
 * Return: 0, -ENOENT when the redistributor holds the LPI as disabled
 * (never loaded, or loaded disabled), -EINVAL for a bad CPU.
 */
IRQLAB_API int irqlab_gicr_lpi_config(struct irqlab_machine *m, unsigned int cpu,
				      u32 intid, u8 *cfg);

/**
 * irqlab_gicr_nr_dropped() - LPIs a redistributor dropped (EnableLPIs = 0,
 * INTID out of range, pending table not in memory).
 * @m: machine.
 * @cpu: the redistributor's CPU.
 */
IRQLAB_API unsigned long irqlab_gicr_nr_dropped(struct irqlab_machine *m,
						unsigned int cpu);

/* ---- CPU interface (ICC_*_EL1) ------------------------------------------ */

/**
 * irqlab_gic_ack() - read ICC_IAR1_EL1 on @cpu.
 * @m: machine.
 * @cpu: the CPU.
 *
 * Takes the highest-priority (lowest value; lowest INTID on a tie) pending
 * enabled LPI whose priority is higher than both the priority mask and the
 * running priority, clears its pending bit and makes its priority the
 * running priority until the matching EOI.
 *
 * Return: the INTID, IRQLAB_GIC_SPURIOUS (1023) when there is none, or
 * -EINVAL for a bad CPU, -ENOMEM.
 */
IRQLAB_API int irqlab_gic_ack(struct irqlab_machine *m, unsigned int cpu);

/**
 * irqlab_gic_eoi() - write ICC_EOIR1_EL1 on @cpu (priority drop).
 * @m: machine.
 * @cpu: the CPU.
 * @intid: the INTID being completed: the most recently acknowledged one.
 *
 * Return: 0, or -EINVAL for a bad CPU or an INTID that is not the most
 * recently acknowledged active one (nothing changes), -ENOMEM.
 */
IRQLAB_API int irqlab_gic_eoi(struct irqlab_machine *m, unsigned int cpu, u32 intid);

/**
 * irqlab_gic_pmr_write() - write ICC_PMR_EL1 on @cpu.
 * @m: machine.
 * @cpu: the CPU.
 * @pmr: the priority mask: only priorities numerically below it are signalled.
 *
 * Return: 0, -EINVAL for a bad CPU, -ENOMEM.
 */
IRQLAB_API int irqlab_gic_pmr_write(struct irqlab_machine *m, unsigned int cpu, u8 pmr);

/**
 * irqlab_gic_pmr_read() - read ICC_PMR_EL1 on @cpu.
 * @m: machine.
 * @cpu: the CPU.
 *
 * Return: the mask (0..255), -EINVAL for a bad CPU, -ENOMEM.
 */
IRQLAB_API int irqlab_gic_pmr_read(struct irqlab_machine *m, unsigned int cpu);

/**
 * irqlab_gic_rpr() - read ICC_RPR_EL1 on @cpu.
 * @m: machine.
 * @cpu: the CPU.
 *
 * Return: the running priority (0xff when nothing is active), -EINVAL for a
 * bad CPU, -ENOMEM.
 */
IRQLAB_API int irqlab_gic_rpr(struct irqlab_machine *m, unsigned int cpu);

/**
 * irqlab_gic_hppir() - read ICC_HPPIR1_EL1 on @cpu.
 * @m: machine.
 * @cpu: the CPU.
 *
 * Return: the highest-priority pending enabled LPI regardless of the
 * priority mask and running priority, IRQLAB_GIC_SPURIOUS when none,
 * -EINVAL for a bad CPU, -ENOMEM.
 */
IRQLAB_API int irqlab_gic_hppir(struct irqlab_machine *m, unsigned int cpu);

/**
 * irqlab_gic_irq_pending() - is @cpu's interrupt line asserted?
 * @m: machine.
 * @cpu: the CPU.
 *
 * Return: true when irqlab_gic_ack() would return an LPI.
 */
IRQLAB_API bool irqlab_gic_irq_pending(struct irqlab_machine *m, unsigned int cpu);

/* ---- ITS --------------------------------------------------------------- */

/**
 * irqlab_its_create() - create an ITS and claim its frames on the bus.
 * @m: machine.
 * @base: physical base, 64 KiB aligned, outside the fake RAM; the doorbell
 *        GITS_TRANSLATER is at @base + 0x10040.
 * @devbits: DeviceID bits, 1..32 (GITS_TYPER.Devbits + 1).
 * @idbits: EventID bits, 1..32 (GITS_TYPER.ID_bits + 1).
 * @out: the new ITS.
 *
 * The ITS is freed by irqlab_its_destroy() or with the machine.
 *
 * Return: 0, -EINVAL for bad parameters, -EBUSY when the window overlaps
 * another bus window, -ENOMEM.
 */
IRQLAB_API int irqlab_its_create(struct irqlab_machine *m, u64 base, unsigned int devbits,
				 unsigned int idbits, struct irqlab_its **out);

/**
 * irqlab_its_destroy() - release an ITS's bus window and free it.
 * @its: the ITS, or NULL.
 */
IRQLAB_API void irqlab_its_destroy(struct irqlab_its *its);

/**
 * irqlab_its_mmio_read() - read an ITS control-frame register.
 * @m: machine.
 * @its: the ITS.
 * @off: offset from the ITS base (GITS_*).
 * @size: 4, or 8 for 64-bit registers.
 * @val: the value; all-ones on error.
 *
 * Return: 0 or -EINVAL for a bad offset or size.
 */
IRQLAB_API int irqlab_its_mmio_read(struct irqlab_machine *m, struct irqlab_its *its,
				    u32 off, unsigned int size, u64 *val);

/**
 * irqlab_its_mmio_write() - write an ITS control-frame register.
 * @m: machine.
 * @its: the ITS.
 * @off: offset from the ITS base (GITS_*).
 * @size: 4, or 8 for 64-bit registers.
 * @val: the value.
 *
 * Writing GITS_CWRITER (or enabling the ITS) runs the queued commands.
 * GITS_CBASER and GITS_BASER<n> are read-only while the ITS is enabled.
 *
 * Return: 0 or -EINVAL for a bad offset or size (nothing changes).
 */
IRQLAB_API int irqlab_its_mmio_write(struct irqlab_machine *m, struct irqlab_its *its,
				     u32 off, unsigned int size, u64 val);

/** struct irqlab_its_dte - a valid Device table entry. */
struct irqlab_its_dte {
	u64 itt_addr;			/* physical address of the ITT */
	unsigned int event_bits;	/* the ITT holds 2^event_bits events */
};

/** struct irqlab_its_ite - a valid ITT entry. */
struct irqlab_its_ite {
	u32 pintid;
	u16 icid;
};

/**
 * irqlab_its_device() - read a device's entry in the Device table.
 * @its: the ITS.
 * @devid: DeviceID.
 * @dte: filled in when valid.
 *
 * Return: 0, -ENOENT when not mapped, -EINVAL when @devid is beyond the
 * ITS or the table (or there is no valid table), -EFAULT when the table is
 * not in memory.
 */
IRQLAB_API int irqlab_its_device(struct irqlab_its *its, u32 devid,
				 struct irqlab_its_dte *dte);

/**
 * irqlab_its_event() - read an event's entry in its device's ITT.
 * @its: the ITS.
 * @devid: DeviceID.
 * @eventid: EventID.
 * @ite: filled in when valid.
 *
 * Return: 0, -ENOENT when the device or event is not mapped, -EINVAL for
 * IDs out of range, -EFAULT when a table is not in memory.
 */
IRQLAB_API int irqlab_its_event(struct irqlab_its *its, u32 devid, u32 eventid,
				struct irqlab_its_ite *ite);

/**
 * irqlab_its_collection() - read a collection's entry in the Collection table.
 * @its: the ITS.
 * @icid: collection ID.
 * @cpu: the target processor number when mapped.
 *
 * Return: 0, -ENOENT when not mapped, -EINVAL out of range, -EFAULT.
 */
IRQLAB_API int irqlab_its_collection(struct irqlab_its *its, u32 icid, unsigned int *cpu);

/** Why the ITS dropped a command or a doorbell write. */
enum irqlab_its_err {
	IRQLAB_ITS_OK = 0,
	IRQLAB_ITS_ERR_UNKNOWN_CMD,	/* command code not implemented */
	IRQLAB_ITS_ERR_DEVID_RANGE,	/* DeviceID beyond Devbits or the Device table */
	IRQLAB_ITS_ERR_EVENTID_RANGE,	/* EventID beyond the device's ITT */
	IRQLAB_ITS_ERR_INTID_RANGE,	/* pINTID is not an LPI */
	IRQLAB_ITS_ERR_ICID_RANGE,	/* ICID beyond the Collection table */
	IRQLAB_ITS_ERR_RDBASE_RANGE,	/* no such redistributor */
	IRQLAB_ITS_ERR_ITT_SIZE,	/* MAPD Size beyond the ITS's ID_bits */
	IRQLAB_ITS_ERR_NO_TABLE,	/* the Device/Collection BASER is not valid */
	IRQLAB_ITS_ERR_DEV_UNMAPPED,	/* no valid Device table entry */
	IRQLAB_ITS_ERR_EVENT_UNMAPPED,	/* no valid ITT entry */
	IRQLAB_ITS_ERR_COLL_UNMAPPED,	/* no valid Collection table entry */
	IRQLAB_ITS_ERR_DMA,		/* table or queue not in memory (stalls commands) */
	IRQLAB_ITS_ERR_NO_DEVID,	/* doorbell write without a requester ID */
	IRQLAB_ITS_ERR_DISABLED,	/* doorbell write while GITS_CTLR.Enabled = 0 */
	IRQLAB_ITS_ERR_CWRITER_RANGE,	/* CWRITER written beyond the queue: ignored */
	IRQLAB_ITS_NR_ERRS,
};

/** Where a recorded error came from. */
enum irqlab_its_err_source {
	IRQLAB_ITS_SRC_COMMAND,		/* a command from the queue */
	IRQLAB_ITS_SRC_TRANSLATE,	/* a GITS_TRANSLATER write */
	IRQLAB_ITS_SRC_REGISTER,	/* a register write */
};

/**
 * struct irqlab_its_error - one recorded error.
 * @seq: 1 for the ITS's first error, 2 for the next...
 * @source: command, translation or register.
 * @reason: why it was dropped.
 * @cmd_nr: commands the ITS had completed before this one (its ordinal,
 *          counting from 0); for other sources, the count at that time.
 * @cmd: the command code (0 for other sources).
 * @offset: the command's byte offset in the queue (commands only).
 * @devid: DeviceID involved (command field or requester ID).
 * @eventid: EventID involved (command field or doorbell data).
 */
struct irqlab_its_error {
	unsigned long seq;
	enum irqlab_its_err_source source;
	enum irqlab_its_err reason;
	unsigned long cmd_nr;
	u8 cmd;
	u32 offset;
	u32 devid;
	u32 eventid;
};

/** Errors kept per ITS (older ones are only counted). */
#define IRQLAB_ITS_ERRLOG 64

/** irqlab_its_nr_errors() - errors recorded since the ITS was created. */
IRQLAB_API unsigned long irqlab_its_nr_errors(struct irqlab_its *its);

/**
 * irqlab_its_get_error() - a recorded error by sequence number.
 * @its: the ITS.
 * @seq: 1..irqlab_its_nr_errors(); only the last IRQLAB_ITS_ERRLOG are kept.
 * @e: filled in.
 *
 * Return: 0 or -ENOENT.
 */
IRQLAB_API int irqlab_its_get_error(struct irqlab_its *its, unsigned long seq,
				    struct irqlab_its_error *e);

/** irqlab_its_err_name() - short name of a reason ("DEVID_RANGE"). */
IRQLAB_API const char *irqlab_its_err_name(enum irqlab_its_err reason);

/** irqlab_its_nr_commands() - commands completed (executed or dropped). */
IRQLAB_API unsigned long irqlab_its_nr_commands(struct irqlab_its *its);

/** irqlab_its_nr_translations() - doorbell writes that made an LPI pending. */
IRQLAB_API unsigned long irqlab_its_nr_translations(struct irqlab_its *its);

#endif
