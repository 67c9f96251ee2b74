/* SPDX-License-Identifier: MIT */
/*
 * PCI configuration-space and MSI-X table layout, with the names of the
 * kernel's uapi pci_regs.h.  Both sides of the hardware boundary use it:
 * the emulated function (chips/) lays out its registers with it, and the
 * kernel side (domains/) programs them with it.
 */
#ifndef IRQLAB_PCI_REGS_H
#define IRQLAB_PCI_REGS_H

#define PCI_CFG_SPACE_SIZE		256
#define PCI_CFG_SPACE_EXP_SIZE		4096
#define PCI_STD_HEADER_SIZEOF		64
#define PCI_STD_NUM_BARS		6

/* Type 0 header. */
#define PCI_VENDOR_ID			0x00	/* 16 bits */
#define PCI_DEVICE_ID			0x02	/* 16 bits */
#define PCI_COMMAND			0x04	/* 16 bits */
#define  PCI_COMMAND_IO			0x0001	/* I/O space decode */
#define  PCI_COMMAND_MEMORY		0x0002	/* memory space decode */
#define  PCI_COMMAND_MASTER		0x0004	/* bus mastering (MSI needs it) */
#define  PCI_COMMAND_SPECIAL		0x0008
#define  PCI_COMMAND_INVALIDATE		0x0010
#define  PCI_COMMAND_VGA_PALETTE	0x0020
#define  PCI_COMMAND_PARITY		0x0040
#define  PCI_COMMAND_WAIT		0x0080
#define  PCI_COMMAND_SERR		0x0100
#define  PCI_COMMAND_FAST_BACK		0x0200
#define  PCI_COMMAND_INTX_DISABLE	0x0400	/* INTx emulation disable */
#define PCI_STATUS			0x06	/* 16 bits */
#define  PCI_STATUS_IMM_READY		0x0001
#define  PCI_STATUS_INTERRUPT		0x0008	/* INTx pending (RO) */
#define  PCI_STATUS_CAP_LIST		0x0010	/* capability list present */
#define  PCI_STATUS_66MHZ		0x0020
#define  PCI_STATUS_UDF			0x0040
#define  PCI_STATUS_FAST_BACK		0x0080
#define  PCI_STATUS_PARITY		0x0100	/* master data parity error */
#define  PCI_STATUS_DEVSEL_MASK		0x0600
#define  PCI_STATUS_SIG_TARGET_ABORT	0x0800
#define  PCI_STATUS_REC_TARGET_ABORT	0x1000
#define  PCI_STATUS_REC_MASTER_ABORT	0x2000
#define  PCI_STATUS_SIG_SYSTEM_ERROR	0x4000
#define  PCI_STATUS_DETECTED_PARITY	0x8000
#define PCI_CLASS_REVISION		0x08	/* revision (8) + class (24) */
#define PCI_REVISION_ID			0x08
#define PCI_CLASS_PROG			0x09
#define PCI_CLASS_DEVICE		0x0a
#define PCI_CACHE_LINE_SIZE		0x0c
#define PCI_LATENCY_TIMER		0x0d
#define PCI_HEADER_TYPE			0x0e
#define  PCI_HEADER_TYPE_MASK		0x7f
#define  PCI_HEADER_TYPE_NORMAL		0
#define PCI_BIST			0x0f
#define PCI_BASE_ADDRESS_0		0x10
#define PCI_BASE_ADDRESS_1		0x14
#define PCI_BASE_ADDRESS_2		0x18
#define PCI_BASE_ADDRESS_3		0x1c
#define PCI_BASE_ADDRESS_4		0x20
#define PCI_BASE_ADDRESS_5		0x24
#define  PCI_BASE_ADDRESS_SPACE		0x01
#define  PCI_BASE_ADDRESS_SPACE_IO	0x01
#define  PCI_BASE_ADDRESS_SPACE_MEMORY	0x00
#define  PCI_BASE_ADDRESS_MEM_TYPE_MASK	0x06
#define  PCI_BASE_ADDRESS_MEM_TYPE_32	0x00
#define  PCI_BASE_ADDRESS_MEM_TYPE_64	0x04
#define  PCI_BASE_ADDRESS_MEM_PREFETCH	0x08
#define  PCI_BASE_ADDRESS_MEM_MASK	(~0x0fUL)
#define PCI_CARDBUS_CIS			0x28
#define PCI_SUBSYSTEM_VENDOR_ID		0x2c
#define PCI_SUBSYSTEM_ID		0x2e
#define PCI_ROM_ADDRESS			0x30
#define PCI_CAPABILITY_LIST		0x34
#define PCI_INTERRUPT_LINE		0x3c
#define PCI_INTERRUPT_PIN		0x3d
#define PCI_MIN_GNT			0x3e
#define PCI_MAX_LAT			0x3f

/* Capability list. */
#define PCI_CAP_LIST_ID			0
#define PCI_CAP_LIST_NEXT		1
#define PCI_CAP_ID_MSI			0x05
#define PCI_CAP_ID_EXP			0x10
#define PCI_CAP_ID_MSIX			0x11

/* MSI capability. */
#define PCI_MSI_FLAGS			0x02	/* Message Control */
#define  PCI_MSI_FLAGS_ENABLE		0x0001
#define  PCI_MSI_FLAGS_QMASK		0x000e	/* Multiple Message Capable */
#define  PCI_MSI_FLAGS_QSIZE		0x0070	/* Multiple Message Enable */
#define  PCI_MSI_FLAGS_64BIT		0x0080
#define  PCI_MSI_FLAGS_MASKBIT		0x0100	/* per-vector masking */
#define PCI_MSI_ADDRESS_LO		0x04
#define PCI_MSI_ADDRESS_HI		0x08	/* 64-bit only */
#define PCI_MSI_DATA_32			0x08
#define PCI_MSI_MASK_32			0x0c
#define PCI_MSI_PENDING_32		0x10
#define PCI_MSI_DATA_64			0x0c
#define PCI_MSI_MASK_64			0x10
#define PCI_MSI_PENDING_64		0x14

/* MSI-X capability. */
#define PCI_MSIX_FLAGS			0x02	/* Message Control */
#define  PCI_MSIX_FLAGS_QSIZE		0x07ff	/* Table Size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL		0x4000	/* Function Mask */
#define  PCI_MSIX_FLAGS_ENABLE		0x8000
#define PCI_MSIX_TABLE			0x04	/* Table Offset/BIR */
#define  PCI_MSIX_TABLE_BIR		0x00000007
#define  PCI_MSIX_TABLE_OFFSET		0xfffffff8
#define PCI_MSIX_PBA			0x08	/* PBA Offset/BIR */
#define  PCI_MSIX_PBA_BIR		0x00000007
#define  PCI_MSIX_PBA_OFFSET		0xfffffff8
#define PCI_CAP_MSIX_SIZEOF		12

/* MSI-X table entry. */
#define PCI_MSIX_ENTRY_SIZE		16
#define PCI_MSIX_ENTRY_LOWER_ADDR	0x0
#define PCI_MSIX_ENTRY_UPPER_ADDR	0x4
#define PCI_MSIX_ENTRY_DATA		0x8
#define PCI_MSIX_ENTRY_VECTOR_CTRL	0xc
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT	0x00000001

/* PCI Express capability (the part an endpoint uses). */
#define PCI_EXP_FLAGS			0x02
#define  PCI_EXP_FLAGS_VERS		0x000f
#define  PCI_EXP_FLAGS_TYPE		0x00f0
#define  PCI_EXP_TYPE_ENDPOINT		0x0
#define PCI_EXP_DEVCAP			0x04
#define PCI_EXP_DEVCTL			0x08
#define PCI_EXP_DEVSTA			0x0a
#define PCI_EXP_LNKCAP			0x0c
#define PCI_EXP_LNKCTL			0x10
#define PCI_EXP_LNKSTA			0x12
#define PCI_CAP_EXP_ENDPOINT_SIZEOF_V2	0x3c

#endif
