// SPDX-License-Identifier: MIT
/* KVM_GET_ONE_REG / KVM_SET_ONE_REG / KVM_GET_REG_LIST (Linux:
 * arch/riscv/kvm/vcpu_onereg.c) with KVM's RISC-V register ids: CONFIG,
 * CORE, CSR (the guest's supervisor CSRs), TIMER, FP_F, FP_D, ISA_EXT,
 * SBI_EXT, VECTOR and SBI_STATE (STA), plus rvkvm's debug type for any CSR by
 * number and its save/restore type for a full machine's whole hart.  Bad
 * arch or size: -EINVAL; unknown register: -ENOENT; a read-only register
 * written with another value, or a value a register cannot hold: -EINVAL;
 * changes that must precede the first run after it: -EBUSY (as Linux). */
#include <errno.h>
#include <string.h>

#include "hw/riscv/csr.h"
#include "kvm/kvm_internal.h"

#define KVM_REG_ARCH_MASK    0xff00000000000000ULL
#define KVM_REG_SIZE_MASK    0x00f0000000000000ULL
#define KVM_REG_TYPE_MASK    0x00000000ff000000ULL
#define KVM_REG_SUBTYPE_MASK 0x0000000000ff0000ULL
#define KVM_REG_INDEX_MASK   0x000000000000ffffULL

#define CORE_INDEX_MODE 32
#define TIMER_FREQ 10000000ULL      /* the platform clock (hw/riscv/hart.h) */
#define SATP_MODE_SV57 10

enum reg_op { REG_GET, REG_SET };

/* The guest's CSRs by KVM index: S registers of a full machine, VS ones
 * of a hypervisor guest (scounteren and senvcfg are not VS-duplicated). */
static const uint16_t csr_full[KVM_REG_RISCV_CSR_NUM] = {
	CSR_SSTATUS, CSR_SIE, CSR_STVEC, CSR_SSCRATCH, CSR_SEPC, CSR_SCAUSE,
	CSR_STVAL, CSR_SIP, CSR_SATP, CSR_SCOUNTEREN, CSR_SENVCFG,
};
static const uint16_t csr_vs[KVM_REG_RISCV_CSR_NUM] = {
	CSR_VSSTATUS, CSR_VSIE, CSR_VSTVEC, CSR_VSSCRATCH, CSR_VSEPC, CSR_VSCAUSE,
	CSR_VSTVAL, CSR_VSIP, CSR_VSATP, CSR_SCOUNTEREN, CSR_SENVCFG,
};

/* ISA extensions a vCPU always has (KVM_RISCV_ISA_EXT_*); H only on a
 * full machine, Zvkt only with a VLEN.  Zkt and Zvkt state that the
 * instructions they list run with data-independent timing, which rvkvm's
 * do as far as a guest can see. */
static const uint8_t isa_exts[] = {
	KVM_RISCV_ISA_EXT_A, KVM_RISCV_ISA_EXT_C, KVM_RISCV_ISA_EXT_D, KVM_RISCV_ISA_EXT_F,
	KVM_RISCV_ISA_EXT_H, KVM_RISCV_ISA_EXT_I, KVM_RISCV_ISA_EXT_M, KVM_RISCV_ISA_EXT_SSTC,
	KVM_RISCV_ISA_EXT_ZIHINTPAUSE, KVM_RISCV_ISA_EXT_ZICNTR, KVM_RISCV_ISA_EXT_ZICSR,
	KVM_RISCV_ISA_EXT_ZIFENCEI, KVM_RISCV_ISA_EXT_ZIHPM, KVM_RISCV_ISA_EXT_ZIHINTNTL,
	KVM_RISCV_ISA_EXT_ZICBOP, KVM_RISCV_ISA_EXT_SVPBMT, KVM_RISCV_ISA_EXT_SVNAPOT,
	KVM_RISCV_ISA_EXT_ZKT, KVM_RISCV_ISA_EXT_ZVKT, KVM_RISCV_ISA_EXT_SSCOFPMF,
	KVM_RISCV_ISA_EXT_SMNPM, KVM_RISCV_ISA_EXT_SSNPM,
};
/* The ones a VMM may switch off before the vCPU first runs (as KVM): the
 * hart's optional extensions (hw/riscv/hart.h). */
static const struct { uint8_t kvm; uint8_t hw; } isa_exts_optional[] = {
	{ KVM_RISCV_ISA_EXT_ZBA, RV_EXT_ZBA }, { KVM_RISCV_ISA_EXT_ZBB, RV_EXT_ZBB },
	{ KVM_RISCV_ISA_EXT_ZBC, RV_EXT_ZBC }, { KVM_RISCV_ISA_EXT_ZBS, RV_EXT_ZBS },
	{ KVM_RISCV_ISA_EXT_ZBKB, RV_EXT_ZBKB }, { KVM_RISCV_ISA_EXT_ZBKX, RV_EXT_ZBKX },
	{ KVM_RISCV_ISA_EXT_ZICOND, RV_EXT_ZICOND }, { KVM_RISCV_ISA_EXT_ZCB, RV_EXT_ZCB },
	{ KVM_RISCV_ISA_EXT_ZIMOP, RV_EXT_ZIMOP }, { KVM_RISCV_ISA_EXT_ZCMOP, RV_EXT_ZCMOP },
	{ KVM_RISCV_ISA_EXT_ZAWRS, RV_EXT_ZAWRS }, { KVM_RISCV_ISA_EXT_ZICBOM, RV_EXT_ZICBOM },
	{ KVM_RISCV_ISA_EXT_ZICBOZ, RV_EXT_ZICBOZ }, { KVM_RISCV_ISA_EXT_SVINVAL, RV_EXT_SVINVAL },
	{ KVM_RISCV_ISA_EXT_V, RV_EXT_V }, { KVM_RISCV_ISA_EXT_ZFH, RV_EXT_ZFH },
	{ KVM_RISCV_ISA_EXT_ZFHMIN, RV_EXT_ZFHMIN }, { KVM_RISCV_ISA_EXT_ZFA, RV_EXT_ZFA },
	{ KVM_RISCV_ISA_EXT_ZVBB, RV_EXT_ZVBB },
};
#define ISA_EXT_LAST KVM_RISCV_ISA_EXT_ZICBOP  /* the highest id above */
#define N_OPTIONAL (sizeof(isa_exts_optional) / sizeof(isa_exts_optional[0]))

/* The hart's id of an optional extension, or -1. */
static int optional_ext(uint64_t ext)
{
	for (size_t i = 0; i < N_OPTIONAL; i++)
		if (isa_exts_optional[i].kvm == ext)
			return isa_exts_optional[i].hw;
	return -1;
}

/* Does the vCPU know the extension (list it), and does it have it on? */
static bool vcpu_knows_ext(const struct kvm_vcpu *vcpu, uint64_t ext)
{
	if (ext == KVM_RISCV_ISA_EXT_H || ext == KVM_RISCV_ISA_EXT_SMSTATEEN ||
	    ext == KVM_RISCV_ISA_EXT_SMNPM)
		return !kvm_vm_is_hyp_guest(vcpu->vm);  /* VS-mode has no H nor M-mode CSRs */
	if ((ext == KVM_RISCV_ISA_EXT_V || ext == KVM_RISCV_ISA_EXT_ZVBB ||
	     ext == KVM_RISCV_ISA_EXT_ZVKT) && !hart_vlen_configured(vcpu->hart))
		return false;
	if (optional_ext(ext) >= 0)
		return true;
	for (size_t i = 0; i < sizeof(isa_exts); i++)
		if (isa_exts[i] == ext)
			return true;
	return false;
}

static bool vcpu_has_ext(const struct kvm_vcpu *vcpu, uint64_t ext)
{
	int hw = optional_ext(ext);
	if (hw >= 0)
		return hart_ext_enabled(vcpu->hart, (enum rv_ext)hw);
	return vcpu_knows_ext(vcpu, ext);
}

static uint64_t config_isa(const struct kvm_vcpu *vcpu)
{
	uint64_t isa = 0;
	for (const char *p = "acdfim"; *p; p++)
		isa |= 1ULL << (*p - 'a');
	if (!kvm_vm_is_hyp_guest(vcpu->vm))
		isa |= 1ULL << ('h' - 'a');
	if (vcpu_has_ext(vcpu, KVM_RISCV_ISA_EXT_V))
		isa |= 1ULL << ('v' - 'a');
	return isa;
}

/* A read-only register: a write must repeat its value. */
static int reg_ro(enum reg_op op, uint64_t *v, uint64_t value)
{
	if (op == REG_GET) {
		*v = value;
		return 0;
	}
	return *v == value ? 0 : -EINVAL;
}

static int kvm_reg_config(struct kvm_vcpu *vcpu, uint64_t idx, enum reg_op op, uint64_t *v)
{
	switch (idx) {
	case KVM_REG_RISCV_CONFIG_ISA:
		if (op == REG_SET && vcpu->ran && *v != config_isa(vcpu))
			return -EBUSY;
		return reg_ro(op, v, config_isa(vcpu));
	case KVM_REG_RISCV_CONFIG_MVENDORID:
	case KVM_REG_RISCV_CONFIG_MARCHID:
	case KVM_REG_RISCV_CONFIG_MIMPID:
		return reg_ro(op, v, 0);
	case KVM_REG_RISCV_CONFIG_SATP_MODE:
		return reg_ro(op, v, SATP_MODE_SV57);
	case KVM_REG_RISCV_CONFIG_ZICBOM_BLOCK_SIZE:   /* as KVM: there with the extension */
		if (!vcpu_has_ext(vcpu, KVM_RISCV_ISA_EXT_ZICBOM))
			return -ENOENT;
		return reg_ro(op, v, HART_CBO_BLOCK);
	case KVM_REG_RISCV_CONFIG_ZICBOZ_BLOCK_SIZE:
		if (!vcpu_has_ext(vcpu, KVM_RISCV_ISA_EXT_ZICBOZ))
			return -ENOENT;
		return reg_ro(op, v, HART_CBO_BLOCK);
	default:
		return -ENOENT;
	}
}

static int kvm_reg_core(struct kvm_vcpu *vcpu, uint64_t idx, enum reg_op op, uint64_t *v)
{
	struct hart *h = vcpu->hart;
	bool hyp = kvm_vm_is_hyp_guest(vcpu->vm);
	if (idx == 0) {
		if (op == REG_GET)
			*v = hart_get_pc(h);
		else
			hart_set_pc(h, *v);
	} else if (idx < 32) {
		if (op == REG_GET)
			*v = hart_get_gpr(h, (unsigned)idx);
		else
			hart_set_gpr(h, (unsigned)idx, *v);
	} else if (idx == CORE_INDEX_MODE) {
		/* A hypervisor guest's S and U are VS and VU; a full machine's
		 * vCPU may also be in M-mode (3, rvkvm's extension). */
		if (op == REG_GET) {
			*v = hart_get_priv(h);
		} else {
			if (*v != KVM_RISCV_MODE_U && *v != KVM_RISCV_MODE_S && (hyp || *v != 3))
				return -EINVAL;
			if (hyp)
				hart_set_mode(h, (unsigned)*v, true);
			else  /* V stays (the STATE_HART register), but M has none */
				hart_set_mode(h, (unsigned)*v, *v != PRV_M && hart_get_virt(h));
		}
	} else {
		return -ENOENT;
	}
	return 0;
}

static int kvm_reg_csr_num(struct hart *h, uint64_t num, enum reg_op op, uint64_t *v)
{
	if (num >= 4096)
		return -ENOENT;
	bool ok = op == REG_GET ? hart_csr_get(h, (unsigned)num, v)
				: hart_csr_set(h, (unsigned)num, *v);
	return ok ? 0 : -ENOENT;
}

/* rvkvm's save/restore registers of a full machine (include/rvkvm/kvm.h):
 * every CSR with state, stored as saved (hw/riscv/hart_state.c), and V.
 * A hypervisor guest's vCPU has none: its HS state is the core's own. */
static int kvm_reg_rvkvm_state(struct kvm_vcpu *vcpu, uint64_t subtype, uint64_t idx,
			       enum reg_op op, uint64_t *v)
{
	struct hart *h = vcpu->hart;
	if (kvm_vm_is_hyp_guest(vcpu->vm))
		return -ENOENT;
	if (subtype == KVM_REG_RISCV_RVKVM_STATE_CSR)
		return op == REG_GET ? hart_state_get(h, (unsigned)idx, v)
				     : hart_state_set(h, (unsigned)idx, *v);
	if (subtype != KVM_REG_RISCV_RVKVM_STATE_HART || idx != KVM_REG_RISCV_RVKVM_STATE_HART_V)
		return -ENOENT;
	if (op == REG_GET) {
		*v = hart_get_virt(h);
		return 0;
	}
	return *v <= 1 && hart_state_set_virt(h, *v) ? 0 : -EINVAL;
}

static int kvm_reg_csr(struct kvm_vcpu *vcpu, uint64_t subtype, uint64_t idx, enum reg_op op,
		       uint64_t *v)
{
	if (subtype != KVM_REG_RISCV_CSR_GENERAL || idx >= KVM_REG_RISCV_CSR_NUM)
		return -ENOENT;
	const uint16_t *map = kvm_vm_is_hyp_guest(vcpu->vm) ? csr_vs : csr_full;
	return kvm_reg_csr_num(vcpu->hart, map[idx], op, v);
}

static int kvm_reg_timer(struct kvm_vcpu *vcpu, uint64_t idx, enum reg_op op, uint64_t *v)
{
	struct hart *h = vcpu->hart;
	if (!kvm_vm_is_hyp_guest(vcpu->vm))
		return -ENOENT;  /* a full machine's timers are its ACLINT's and CSRs */
	uint64_t delta = 0, cmp = 0;
	hart_csr_get(h, CSR_HTIMEDELTA, &delta);
	hart_csr_get(h, CSR_VSTIMECMP, &cmp);
	switch (idx) {
	case KVM_REG_RISCV_TIMER_FREQUENCY:
		return reg_ro(op, v, TIMER_FREQ);
	case KVM_REG_RISCV_TIMER_TIME: {
		uint64_t now = rv_clock_now(&vcpu->vm->clock);
		if (op == REG_GET)
			*v = now + delta;
		else
			hart_csr_set(h, CSR_HTIMEDELTA, *v - now);
		return 0;
	}
	case KVM_REG_RISCV_TIMER_COMPARE:
		if (op == REG_GET)
			*v = cmp;
		else
			hart_csr_set(h, CSR_VSTIMECMP, *v);
		return 0;
	case KVM_REG_RISCV_TIMER_STATE:
		/* Armed while vstimecmp holds a deadline; OFF disarms it. */
		if (op == REG_GET) {
			*v = cmp == UINT64_MAX ? KVM_RISCV_TIMER_STATE_OFF : KVM_RISCV_TIMER_STATE_ON;
			return 0;
		}
		if (*v == KVM_RISCV_TIMER_STATE_OFF)
			hart_csr_set(h, CSR_VSTIMECMP, UINT64_MAX);
		else if (*v != KVM_RISCV_TIMER_STATE_ON)
			return -EINVAL;
		return 0;
	default:
		return -ENOENT;
	}
}

/* FP_F (32-bit values) and FP_D (64-bit); index 32 is fcsr in both. */
static int kvm_reg_fp(struct hart *h, uint64_t idx, bool is_d, enum reg_op op, uint64_t *v)
{
	if (idx < 32) {
		if (op == REG_GET) {
			*v = hart_get_fpr(h, (unsigned)idx);
			if (!is_d)
				*v &= 0xffffffffULL;
		} else {
			/* A single written through FP_F is NaN-boxed (F 12.2). */
			hart_set_fpr(h, (unsigned)idx, is_d ? *v : (*v & 0xffffffffULL) | ~0xffffffffULL);
		}
		return 0;
	}
	if (idx == 32) {
		if (op == REG_GET)
			return kvm_reg_csr_num(h, CSR_FCSR, op, v);
		/* Available as for a read (FP on), but set without marking FS
		 * dirty: a VMM restoring registers gets back the sstatus it set
		 * (KVM keeps the FP context apart from sstatus). */
		uint64_t cur;
		if (kvm_reg_csr_num(h, CSR_FCSR, REG_GET, &cur) < 0)
			return -ENOENT;
		hart_set_fcsr(h, (uint32_t)*v);
		return 0;
	}
	return -ENOENT;
}

/* Each reads 1 when the vCPU has the extension.  An optional one may be
 * switched on or off until the vCPU first runs (then -EBUSY for a
 * change); the others only take their value (-EINVAL), as KVM. */
static int kvm_reg_isa_ext(struct kvm_vcpu *vcpu, uint64_t subtype, uint64_t idx, enum reg_op op,
			   uint64_t *v)
{
	if (subtype != KVM_REG_RISCV_ISA_SINGLE || idx > ISA_EXT_LAST || !vcpu_knows_ext(vcpu, idx))
		return -ENOENT;
	bool has = vcpu_has_ext(vcpu, idx);
	if (op == REG_GET || *v == has)
		return reg_ro(op, v, has);
	int hw = optional_ext(idx);
	if (hw < 0 || *v > 1)
		return -EINVAL;
	if (vcpu->ran)
		return -EBUSY;
	return hart_set_ext(vcpu->hart, (enum rv_ext)hw, *v) ? 0 : -EINVAL;
}

/* SBI STA state of a hypervisor guest's vCPU (Linux: vcpu_sbi_sta.c's
 * get_reg/set_reg on rv64): shmem_lo is the record's whole address (all
 * ones: none), shmem_hi always 0. */
static int kvm_reg_sbi_sta(struct kvm_vcpu *vcpu, uint64_t idx, enum reg_op op, uint64_t *v)
{
	switch (idx) {
	case KVM_REG_RISCV_SBI_STA_SHMEM_LO:
		if (op == REG_GET) {
			*v = vcpu->sbi.sta_shmem;
			return 0;
		}
		return kvm_riscv_vcpu_sta_set_shmem(vcpu, *v);
	case KVM_REG_RISCV_SBI_STA_SHMEM_HI:
		return reg_ro(op, v, 0);
	default:
		return -ENOENT;
	}
}

/* VECTOR (Linux: vcpu_vector.c): the CSRs as 64-bit values, v0..v31 of
 * vlenb bytes each, copied straight to and from the caller's buffer. */
static int kvm_reg_vector(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg, enum reg_op op)
{
	struct hart *h = vcpu->hart;
	uint64_t idx = reg->id & KVM_REG_INDEX_MASK, size = KVM_REG_SIZE(reg->id);
	unsigned vlenb = hart_vlenb(h);
	if (!vlenb || (reg->id & KVM_REG_SUBTYPE_MASK))
		return -ENOENT;
	if (idx <= KVM_REG_RISCV_VECTOR_VLENB) {
		if (size != 8)
			return -EINVAL;
	} else if (idx >= 6 && idx < 6 + 32) {
		if (size != vlenb)
			return -EINVAL;
	} else {
		return -ENOENT;
	}
	if (!reg->addr)
		return -EFAULT;
	void *user = (void *)(uintptr_t)reg->addr;
	if (idx >= 6) {
		if (op == REG_GET)
			hart_vreg_get(h, (unsigned)idx - 6, user);
		else
			hart_vreg_set(h, (unsigned)idx - 6, user);
		return 0;
	}
	uint64_t v;
	if (op == REG_SET) {
		memcpy(&v, user, 8);
		/* A VLEN other than the vCPU's: only before it first runs. */
		if (idx == KVM_REG_RISCV_VECTOR_VLENB && v != vlenb && vcpu->ran)
			return -EBUSY;
		return hart_vec_csr_set(h, (unsigned)idx, v);
	}
	int r = hart_vec_csr_get(h, (unsigned)idx, &v);
	if (!r)
		memcpy(user, &v, 8);
	return r;
}

/* The size a register id must carry. */
static uint64_t reg_size(uint64_t type, uint64_t idx)
{
	if (type == KVM_REG_RISCV_FP_F || (type == KVM_REG_RISCV_FP_D && idx == 32))
		return KVM_REG_SIZE_U32;
	return KVM_REG_SIZE_U64;
}

static int kvm_vcpu_one_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg, enum reg_op op)
{
	uint64_t type = reg->id & KVM_REG_TYPE_MASK, sub = reg->id & KVM_REG_SUBTYPE_MASK;
	uint64_t idx = reg->id & KVM_REG_INDEX_MASK;
	if ((reg->id & KVM_REG_ARCH_MASK) != KVM_REG_RISCV)
		return -EINVAL;
	if (reg->id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_TYPE_MASK |
			KVM_REG_SUBTYPE_MASK | KVM_REG_INDEX_MASK))
		return -ENOENT;
	if (type == KVM_REG_RISCV_VECTOR)
		return kvm_reg_vector(vcpu, reg, op);
	if ((reg->id & KVM_REG_SIZE_MASK) != reg_size(type, idx))
		return -EINVAL;
	if (!reg->addr)
		return -EFAULT;
	size_t len = reg_size(type, idx) == KVM_REG_SIZE_U32 ? 4 : 8;
	void *user = (void *)(uintptr_t)reg->addr;
	uint64_t v = 0;
	if (op == REG_SET)
		memcpy(&v, user, len);
	int r;
	switch (type) {
	case KVM_REG_RISCV_CONFIG:
		r = sub ? -ENOENT : kvm_reg_config(vcpu, idx, op, &v);
		break;
	case KVM_REG_RISCV_CORE:
		r = sub ? -ENOENT : kvm_reg_core(vcpu, idx, op, &v);
		break;
	case KVM_REG_RISCV_CSR:
		r = kvm_reg_csr(vcpu, sub, idx, op, &v);
		break;
	case KVM_REG_RISCV_TIMER:
		r = sub ? -ENOENT : kvm_reg_timer(vcpu, idx, op, &v);
		break;
	case KVM_REG_RISCV_FP_F:
	case KVM_REG_RISCV_FP_D:
		r = sub ? -ENOENT : kvm_reg_fp(vcpu->hart, idx, type == KVM_REG_RISCV_FP_D, op, &v);
		break;
	case KVM_REG_RISCV_ISA_EXT:
		r = kvm_reg_isa_ext(vcpu, sub, idx, op, &v);
		break;
	case KVM_REG_RISCV_SBI_EXT:
		if (!kvm_vm_is_hyp_guest(vcpu->vm) || sub != KVM_REG_RISCV_SBI_SINGLE)
			return -ENOENT;  /* a full machine's SBI is its firmware's */
		r = kvm_riscv_vcpu_sbi_ext_reg(vcpu, idx, op == REG_SET, &v);
		break;
	case KVM_REG_RISCV_SBI_STATE:
		if (!kvm_vm_is_hyp_guest(vcpu->vm) || sub != KVM_REG_RISCV_SBI_STA)
			return -ENOENT;
		r = kvm_reg_sbi_sta(vcpu, idx, op, &v);
		break;
	case KVM_REG_RISCV_RVKVM_CSR:
		r = kvm_reg_csr_num(vcpu->hart, reg->id & 0xffffff, op, &v);
		break;
	case KVM_REG_RISCV_RVKVM_STATE:
		r = kvm_reg_rvkvm_state(vcpu, sub, idx, op, &v);
		break;
	default:
		return -ENOENT;
	}
	if (r == 0 && op == REG_GET)
		memcpy(user, &v, len);
	return r;
}

int kvm_vcpu_get_one_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	return kvm_vcpu_one_reg(vcpu, reg, REG_GET);
}

int kvm_vcpu_set_one_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	return kvm_vcpu_one_reg(vcpu, reg, REG_SET);
}

/* Every id GET/SET_ONE_REG accepts on this vCPU (rvkvm's debug CSR type
 * excepted, as KVM lists only its own), in the order a restore sets them;
 * a full machine's adds its save/restore registers. */
static uint64_t reg_list_fill(const struct kvm_vcpu *vcpu, uint64_t *out, uint64_t room)
{
	uint64_t n = 0;
#define PUT(id) do { if (n < room) out[n] = (id); n++; } while (0)
	bool hyp = kvm_vm_is_hyp_guest(vcpu->vm);
	static const uint8_t config[] = { KVM_REG_RISCV_CONFIG_ISA, KVM_REG_RISCV_CONFIG_MVENDORID,
					  KVM_REG_RISCV_CONFIG_MARCHID, KVM_REG_RISCV_CONFIG_MIMPID,
					  KVM_REG_RISCV_CONFIG_SATP_MODE };
	for (size_t i = 0; i < sizeof(config); i++)
		PUT(KVM_REG_RISCV_CONFIG_REG(config[i]));
	if (vcpu_has_ext(vcpu, KVM_RISCV_ISA_EXT_ZICBOM))
		PUT(KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_ZICBOM_BLOCK_SIZE));
	if (vcpu_has_ext(vcpu, KVM_RISCV_ISA_EXT_ZICBOZ))
		PUT(KVM_REG_RISCV_CONFIG_REG(KVM_REG_RISCV_CONFIG_ZICBOZ_BLOCK_SIZE));
	for (unsigned i = 0; i <= CORE_INDEX_MODE; i++)
		PUT(KVM_REG_RISCV_CORE_REG(i));
	for (unsigned i = 0; i < KVM_REG_RISCV_CSR_NUM; i++)
		PUT(KVM_REG_RISCV_CSR_REG(i));
	if (hyp)
		for (unsigned i = 0; i <= KVM_REG_RISCV_TIMER_STATE; i++)
			PUT(KVM_REG_RISCV_TIMER_REG(i));
	for (unsigned i = 0; i <= 32; i++)
		PUT(KVM_REG_RISCV_FP_F_REG(i));
	for (unsigned i = 0; i < 32; i++)
		PUT(KVM_REG_RISCV_FP_D_REG(i));
	PUT(KVM_REG_RISCV_FP_D_FCSR);
	for (unsigned e = 0; e <= ISA_EXT_LAST; e++)
		if (vcpu_knows_ext(vcpu, e))
			PUT(KVM_REG_RISCV_ISA_EXT_REG(e));
	unsigned vlenb = hart_vlenb(vcpu->hart);
	if (vlenb) {  /* vlenb first (a new VLEN resets the rest), vl before vtype */
		PUT(KVM_REG_RISCV_VECTOR_CSR_REG(KVM_REG_RISCV_VECTOR_VLENB));
		for (unsigned i = 0; i < KVM_REG_RISCV_VECTOR_VLENB; i++)
			PUT(KVM_REG_RISCV_VECTOR_CSR_REG(i));
		for (unsigned i = 0; i < 32; i++)
			PUT(KVM_REG_RISCV_VECTOR_REG(i, vlenb));
	}
	if (hyp)
		for (unsigned e = 0; e < KVM_RISCV_SBI_EXT_MAX; e++)
			PUT(KVM_REG_RISCV_SBI_EXT_REG(e));
	if (hyp) {  /* the STA extension is always built in */
		PUT(KVM_REG_RISCV_SBI_STA_REG(KVM_REG_RISCV_SBI_STA_SHMEM_LO));
		PUT(KVM_REG_RISCV_SBI_STA_REG(KVM_REG_RISCV_SBI_STA_SHMEM_HI));
	}
	if (!hyp) {  /* after CORE: the mode is set before V */
		for (unsigned i = 0; i < hart_state_nregs(); i++)
			PUT(KVM_REG_RISCV_RVKVM_STATE_CSR_REG(hart_state_reg(i)));
		PUT(KVM_REG_RISCV_RVKVM_STATE_HART_REG(KVM_REG_RISCV_RVKVM_STATE_HART_V));
	}
#undef PUT
	return n;
}

int kvm_vcpu_get_reg_list(struct kvm_vcpu *vcpu, struct kvm_reg_list *list)
{
	uint64_t room = list->n;
	list->n = reg_list_fill(vcpu, list->reg, room);
	return list->n > room ? -E2BIG : 0;
}
