/* SPDX-License-Identifier: MIT */
/* CSR numbers and field masks (privileged spec 1.12, chapter 2 table 2.1-2.5). */
#ifndef HW_RISCV_CSR_H
#define HW_RISCV_CSR_H

#define CSR_FFLAGS        0x001
#define CSR_FRM           0x002
#define CSR_FCSR          0x003
#define CSR_VSTART        0x008
#define CSR_VXSAT         0x009
#define CSR_VXRM          0x00a
#define CSR_VCSR          0x00f
#define CSR_VL            0xc20
#define CSR_VTYPE         0xc21
#define CSR_VLENB         0xc22
#define CSR_SSTATUS       0x100
#define CSR_SIE           0x104
#define CSR_STVEC         0x105
#define CSR_SCOUNTEREN    0x106
#define CSR_SENVCFG       0x10a
#define CSR_SSTATEEN0     0x10c   /* sstateen0..3: 0x10c..0x10f */
#define CSR_SSTATEEN3     0x10f
#define CSR_SSCRATCH      0x140
#define CSR_SEPC          0x141
#define CSR_SCAUSE        0x142
#define CSR_STVAL         0x143
#define CSR_SIP           0x144
#define CSR_STIMECMP      0x14d
#define CSR_SATP          0x180
/* Hypervisor extension (privileged spec chapter "Hypervisor Extension"). */
#define CSR_VSSTATUS      0x200
#define CSR_VSIE          0x204
#define CSR_VSTVEC        0x205
#define CSR_VSSCRATCH     0x240
#define CSR_VSEPC         0x241
#define CSR_VSCAUSE       0x242
#define CSR_VSTVAL        0x243
#define CSR_VSIP          0x244
#define CSR_VSTIMECMP     0x24d
#define CSR_VSATP         0x280
#define CSR_HSTATUS       0x600
#define CSR_HEDELEG       0x602
#define CSR_HIDELEG       0x603
#define CSR_HIE           0x604
#define CSR_HTIMEDELTA    0x605
#define CSR_HCOUNTEREN    0x606
#define CSR_HGEIE         0x607
#define CSR_HENVCFG       0x60a
#define CSR_HSTATEEN0     0x60c   /* hstateen0..3: 0x60c..0x60f */
#define CSR_HSTATEEN3     0x60f
#define CSR_HTVAL         0x643
#define CSR_HIP           0x644
#define CSR_HVIP          0x645
#define CSR_HTINST        0x64a
#define CSR_HGATP         0x680
#define CSR_HGEIP         0xe12
#define CSR_MTINST        0x34a
#define CSR_MTVAL2        0x34b
#define CSR_MSTATUS       0x300
#define CSR_MISA          0x301
#define CSR_MEDELEG       0x302
#define CSR_MIDELEG       0x303
#define CSR_MIE           0x304
#define CSR_MTVEC         0x305
#define CSR_MCOUNTEREN    0x306
#define CSR_MENVCFG       0x30a
#define CSR_MSTATEEN0     0x30c   /* mstateen0..3: 0x30c..0x30f */
#define CSR_MSECCFG       0x747
#define CSR_MSTATEEN3     0x30f
#define CSR_MCOUNTINHIBIT 0x320
#define CSR_MHPMEVENT3    0x323
#define CSR_MHPMEVENT31   0x33f
#define CSR_MSCRATCH      0x340
#define CSR_MEPC          0x341
#define CSR_MCAUSE        0x342
#define CSR_MTVAL         0x343
#define CSR_MIP           0x344
#define CSR_PMPCFG0       0x3a0
#define CSR_PMPCFG15      0x3af
#define CSR_PMPADDR0      0x3b0
#define CSR_PMPADDR63     0x3ef
#define CSR_MCYCLE        0xb00
#define CSR_MINSTRET      0xb02
#define CSR_MHPMCOUNTER3  0xb03
#define CSR_MHPMCOUNTER31 0xb1f
#define CSR_CYCLE         0xc00
#define CSR_TIME          0xc01
#define CSR_INSTRET       0xc02
#define CSR_HPMCOUNTER3   0xc03
#define CSR_HPMCOUNTER31  0xc1f
#define CSR_SCOUNTOVF     0xda0   /* Sscofpmf */
#define CSR_MVENDORID     0xf11
#define CSR_MARCHID       0xf12
#define CSR_MIMPID        0xf13
#define CSR_MHARTID       0xf14
#define CSR_MCONFIGPTR    0xf15

/* mstatus (3.1.6) */
#define MSTATUS_SIE   (1ULL << 1)
#define MSTATUS_MIE   (1ULL << 3)
#define MSTATUS_SPIE  (1ULL << 5)
#define MSTATUS_MPIE  (1ULL << 7)
#define MSTATUS_SPP   (1ULL << 8)
#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_MPP   (3ULL << 11)
#define MSTATUS_VS    (3ULL << 9)
#define MSTATUS_FS_SHIFT 13
#define MSTATUS_FS    (3ULL << 13)
#define MSTATUS_MPRV  (1ULL << 17)
#define MSTATUS_SUM   (1ULL << 18)
#define MSTATUS_MXR   (1ULL << 19)
#define MSTATUS_TVM   (1ULL << 20)
#define MSTATUS_TW    (1ULL << 21)
#define MSTATUS_TSR   (1ULL << 22)
#define MSTATUS_UXL   (3ULL << 32)
#define MSTATUS_SXL   (3ULL << 34)
#define MSTATUS_GVA   (1ULL << 38)
#define MSTATUS_MPV   (1ULL << 39)
#define MSTATUS_SD    (1ULL << 63)

/* hstatus (H extension) */
#define HSTATUS_GVA   (1ULL << 6)
#define HSTATUS_SPV   (1ULL << 7)
#define HSTATUS_SPVP  (1ULL << 8)
#define HSTATUS_HU    (1ULL << 9)
#define HSTATUS_VGEIN_SHIFT 12
#define HSTATUS_VGEIN (0x3fULL << 12)
#define HSTATUS_VTVM  (1ULL << 20)
#define HSTATUS_VTW   (1ULL << 21)
#define HSTATUS_VTSR  (1ULL << 22)
#define HSTATUS_VSXL  (3ULL << 32)

/* Interrupt numbers (mip/mie bits, 3.1.9). */
#define IRQ_S_SOFT  1
#define IRQ_M_SOFT  3
#define IRQ_S_TIMER 5
#define IRQ_M_TIMER 7
#define IRQ_S_EXT   9
#define IRQ_M_EXT   11
#define IRQ_VS_SOFT  2
#define IRQ_VS_TIMER 6
#define IRQ_VS_EXT   10
#define IRQ_S_GEXT   12
#define IRQ_LCOF     13   /* Sscofpmf: local counter overflow */
#define MIP_SSIP (1ULL << IRQ_S_SOFT)
#define MIP_MSIP (1ULL << IRQ_M_SOFT)
#define MIP_STIP (1ULL << IRQ_S_TIMER)
#define MIP_MTIP (1ULL << IRQ_M_TIMER)
#define MIP_SEIP (1ULL << IRQ_S_EXT)
#define MIP_MEIP (1ULL << IRQ_M_EXT)
#define MIP_LCOFIP (1ULL << IRQ_LCOF)
/* The supervisor-level interrupts (mideleg can hand them to S; sip/sie
 * show them when delegated), LCOFI included. */
#define MIP_S_MASK (MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_LCOFIP)
#define MIP_VSSIP (1ULL << IRQ_VS_SOFT)
#define MIP_VSTIP (1ULL << IRQ_VS_TIMER)
#define MIP_VSEIP (1ULL << IRQ_VS_EXT)
#define MIP_SGEIP (1ULL << IRQ_S_GEXT)
#define MIP_VS_MASK (MIP_VSSIP | MIP_VSTIP | MIP_VSEIP)
/* hideleg: the VS-level interrupts and LCOFI (Shlcofideleg). */
#define HIDELEG_WMASK (MIP_VS_MASK | MIP_LCOFIP)
/* Interrupts whose mideleg bits are read-only one with H. */
#define MIP_H_MASK (MIP_VS_MASK | MIP_SGEIP)
#define MIP_ALL  (MIP_S_MASK | MIP_MSIP | MIP_MTIP | MIP_MEIP | MIP_H_MASK)

/* mhpmevent (Sscofpmf): OF and the mode inhibits; bits 57:56 are
 * reserved (read-only zero here), 55:0 select the event (pmu.c). */
#define MHPMEVENT_OF    (1ULL << 63)
#define MHPMEVENT_MINH  (1ULL << 62)
#define MHPMEVENT_SINH  (1ULL << 61)
#define MHPMEVENT_UINH  (1ULL << 60)
#define MHPMEVENT_VSINH (1ULL << 59)
#define MHPMEVENT_VUINH (1ULL << 58)
#define MHPMEVENT_SEL   ((1ULL << 56) - 1)
#define MHPMEVENT_WMASK (MHPMEVENT_OF | MHPMEVENT_MINH | MHPMEVENT_SINH | MHPMEVENT_UINH | \
			 MHPMEVENT_VSINH | MHPMEVENT_VUINH | MHPMEVENT_SEL)
/* rvkvm's events (1 cycle per instruction, so both count retirements). */
#define HPM_EVENT_CYCLES 1
#define HPM_EVENT_INSTRET 2

/* Exception causes (3.1.15). */
enum {
	EXC_INSN_MISALIGNED = 0,
	EXC_INSN_ACCESS = 1,
	EXC_ILLEGAL_INSN = 2,
	EXC_BREAKPOINT = 3,
	EXC_LOAD_MISALIGNED = 4,
	EXC_LOAD_ACCESS = 5,
	EXC_STORE_MISALIGNED = 6,
	EXC_STORE_ACCESS = 7,
	EXC_ECALL_U = 8,
	EXC_ECALL_S = 9,
	EXC_ECALL_VS = 10,
	EXC_ECALL_M = 11,
	EXC_INSN_PAGE_FAULT = 12,
	EXC_LOAD_PAGE_FAULT = 13,
	EXC_STORE_PAGE_FAULT = 15,
	EXC_INSN_GUEST_PAGE_FAULT = 20,
	EXC_LOAD_GUEST_PAGE_FAULT = 21,
	EXC_VIRTUAL_INSN = 22,
	EXC_STORE_GUEST_PAGE_FAULT = 23,
};
#define CAUSE_INTERRUPT (1ULL << 63)

/* menvcfg (3.1.18); senvcfg and henvcfg have FIOM and the CMO fields at
 * the same places.  CBIE (Zicbom's cbo.inval): 00 illegal, 01 flush, 11
 * invalidate, 10 reserved (WARL: written as 00); CBCFE cbo.clean/flush,
 * CBZE (Zicboz) cbo.zero. */
#define MENVCFG_FIOM (1ULL << 0)
#define MENVCFG_CBIE (3ULL << 4)
#define MENVCFG_CBIE_RESERVED (2ULL << 4)
#define MENVCFG_CBCFE (1ULL << 6)
#define MENVCFG_CBZE (1ULL << 7)
#define ENVCFG_CBO (MENVCFG_CBIE | MENVCFG_CBCFE | MENVCFG_CBZE)
/* Pointer masking (Ssnpm/Smnpm/Smmpm): PMM at bits 33:32 of senvcfg,
 * henvcfg, menvcfg and mseccfg, HUPMM at 49:48 of hstatus.  00 off, 01
 * reserved (WARL: a write of it keeps the old value), 10 PMLEN 7, 11
 * PMLEN 16. */
#define ENVCFG_PMM_SHIFT 32
#define ENVCFG_PMM (3ULL << ENVCFG_PMM_SHIFT)
#define PMM_RESERVED 1u
#define HSTATUS_HUPMM_SHIFT 48
#define HSTATUS_HUPMM (3ULL << HSTATUS_HUPMM_SHIFT)
#define MENVCFG_ADUE (1ULL << 61)
#define MENVCFG_PBMTE (1ULL << 62)  /* Svpbmt: PTE bits 62:61 (henvcfg's: the VS-stage) */
#define MENVCFG_STCE (1ULL << 63)

/* Smstateen/Ssstateen: bit 63 (SE0) of each m/hstateenN gives access to
 * the lower levels' sstateenN (and, in mstateenN, hstateenN); in
 * m/hstateen0 bit 62 (ENVCFG) gives access to senvcfg (and, in mstateen0,
 * henvcfg).  The other stateen0 bits (C, FCSR, JVT, CTR, SRMCFG, P1P13,
 * CONTEXT, IMSIC, AIA, CSRIND) control state rvkvm does not have and are
 * read-only zero, as is every bit of the sstateen registers (their bits
 * are C, FCSR and JVT); hstateen bits are read-only zero while mstateen's
 * are zero. */
#define STATEEN_SE0     (1ULL << 63)
#define STATEEN0_ENVCFG (1ULL << 62)
#define MSTATEEN0_WMASK (STATEEN_SE0 | STATEEN0_ENVCFG)
#define MSTATEEN_WMASK  STATEEN_SE0   /* mstateen1..3 (and hstateen1..3) */
#define SSTATEEN_WMASK  0ULL

/* satp (4.1.11) */
#define SATP_MODE_SHIFT 60
#define SATP_MODE_BARE 0
#define SATP_MODE_SV39 8
#define SATP_MODE_SV48 9
#define SATP_MODE_SV57 10
#define SATP_PPN_MASK ((1ULL << 44) - 1)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK (0xffffULL << SATP_ASID_SHIFT)

/* hgatp (H extension): MODE 8/9/10 = Sv39x4/Sv48x4/Sv57x4, 14-bit VMID. */
#define HGATP_VMID_MASK (0x3fffULL << 44)

/* The bits each register holds (what a CSR write can change; the rest
 * are read-only): csr.c writes through them, hart_state.c checks a
 * restored value against them. */
#define XL64 2ULL   /* MXL/SXL/UXL/VSXL: 64-bit */
#define MSTATUS_WMASK (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | \
		       MSTATUS_MPP | MSTATUS_FS | MSTATUS_VS | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | \
		       MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_GVA | MSTATUS_MPV)
#define SSTATUS_WMASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_VS | MSTATUS_SUM | \
		       MSTATUS_MXR)
/* All but ECALL from M and the reserved causes. */
#define MEDELEG_WMASK (0xb7ffULL | (0xfULL << EXC_INSN_GUEST_PAGE_FAULT))
/* hedeleg: not the ECALLs from HS/VS/M nor the guest-page and virtual-
 * instruction faults, which only HS handles. */
#define HEDELEG_WMASK 0xb1ffULL
#define MENVCFG_WMASK (MENVCFG_FIOM | ENVCFG_CBO | ENVCFG_PMM | MENVCFG_ADUE | MENVCFG_PBMTE | \
		       MENVCFG_STCE)
#define SENVCFG_WMASK (MENVCFG_FIOM | ENVCFG_CBO | ENVCFG_PMM)
#define MSECCFG_WMASK ENVCFG_PMM
/* henvcfg bits menvcfg does not limit ... */
#define HENVCFG_FREE  (MENVCFG_FIOM | ENVCFG_CBO | ENVCFG_PMM)
/* ... and those it does: read-only zero in henvcfg while clear in menvcfg
 * (H extension "henvcfg"; Sstc; Svpbmt's PBMTE, machine-level "menvcfg"). */
#define HENVCFG_LIMITED (MENVCFG_ADUE | MENVCFG_PBMTE | MENVCFG_STCE)
#define HSTATUS_WMASK (HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | HSTATUS_VTVM | \
		       HSTATUS_VTW | HSTATUS_VTSR | HSTATUS_HUPMM)

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#endif
