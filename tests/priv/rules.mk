# tests/priv: rvkvm's own privileged-architecture tests (bare metal, HTIF),
# written from the RISC-V privileged spec 1.12.  Each tests/priv/NAME.S is
# one theme with numbered checks; exit status 0 = pass, N = check N failed,
# 0xC0+cause / 0xE0+cause = unexpected exception / interrupt (see priv.h).
#
#   make check-priv        run every test on rvkvm   -> $(RESULTS)/priv.txt
#   make check-priv-qemu   run them on QEMU (oracle) -> $(RESULTS)/priv-qemu.txt
#   make priv-elfs         only build them
# Console output of each run (failure messages) goes to
# $(B)/tests/priv/NAME.{rvkvm,qemu,qemu-virt}.log.

PRIV_SRCS  := $(wildcard tests/priv/*.S)
PRIV_NAMES := $(sort $(notdir $(PRIV_SRCS:.S=)))
PRIV_ELFS  := $(PRIV_NAMES:%=$(B)/tests/priv/%.elf)
PRIV_DEPS  := tests/priv/priv.h $(wildcard tests/priv/*.inc) tests/env/test.h tests/env/link.ld

# RVKVM_ONLY: tests QEMU 7.2's spike machine (the oracle) cannot pass
# because it lacks the feature or does not follow the 1.12 rule tested:
#   amo_faults      AMOs fault as stores (7/15), never as loads: QEMU 7.2
#                   raises load faults (5/13) when the page or PMP region
#                   is not readable (or, for PMP, not writable).
#   ad_fault        Svadu with menvcfg.ADUE=0 (A/D faults): QEMU 7.2 has no
#                   ADUE bit and always updates A/D in hardware.
#   counters_exact  exact minstret (a written value is what the next
#                   instruction reads, traps do not retire): QEMU 7.2 counts
#                   host ticks without -icount and does not suppress the
#                   increment with it; it also snaps an inhibited counter
#                   back to the last value written.
#   csr_strict      MPP=2 legalised, UXL read-only, CSRRS rs1!=x0 on a
#                   read-only CSR illegal, mepc[0]=0: QEMU 7.2 gets each of
#                   these wrong.
#   irq_priority    MSI > MTI > SEI > SSI > STI: QEMU 7.2 without AIA takes
#                   the lowest-numbered pending interrupt first.
#   xret_mprv       MRET/SRET to a mode below M clears MPRV (new in 1.12):
#                   QEMU 7.2 leaves MPRV set.
#   sstc, time_csr  the time CSR and Sstc need a time source, which QEMU's
#                   spike machine does not give the hart (time is an illegal
#                   CSR there).  These two are checked on QEMU's virt machine
#                   instead (PRIV_VIRT_NAMES, built with -DPRIV_QEMU_VIRT).
#   svpbmt_strict   menvcfg.PBMTE = 0 making PBMT reserved, PBMT = 3, bits
#                   60:54 with Svpbmt/Svnapot: QEMU 7.2 checks PBMT against
#                   the extension, not PBMTE, accepts PBMT = 3 and ignores
#                   bits 60:54 once Svpbmt or Svnapot is on.
#   stateen         Smstateen (mstateen/sstateen, senvcfg gated by
#                   mstateen0.ENVCFG): QEMU 7.2 has no property to turn it
#                   on, and mstateen0 is an illegal CSR there.
#   hpm             Sscofpmf counting (events 1 and 2 counted exactly, per
#                   mode, overflow by counting): QEMU 7.2 counts host ticks
#                   for both events in every mode (no xINH filtering),
#                   raises overflow from a host timer, keeps mhpmevent's
#                   reserved bits 57:56 and masks scountovf by mcounteren
#                   in M-mode too.  The CSR side it agrees with is hpm_csr.
#   pm              pointer masking (Ssnpm/Smnpm/Smmpm): not in QEMU 7.2.
#   tlb_keep        what rvkvm's TLB keeps where the spec allows (global
#                   entries across ASIDs, superpages across other pages'
#                   fences): QEMU 7.2 flushes everything on a satp write.
PRIV_RVKVM_ONLY := ad_fault amo_faults counters_exact csr_strict hpm irq_priority pm sstc stateen \
                   svpbmt_strict time_csr tlb_keep xret_mprv
# PRIV_SV_NAMES: tests of Svpbmt / Svnapot, which QEMU 7.2 implements only
# when asked (-cpu rv64,svpbmt=true,svnapot=true); the other tests run on
# its default CPU (with the extensions on it would ignore bits 60:54,
# which paging_rsvd checks).
PRIV_SV_NAMES   := svnapot svpbmt
PRIV_QEMU_SV    := qemu-system-riscv64 -M spike -cpu rv64,svpbmt=true,svnapot=true -bios none -nographic -kernel
# PRIV_SSCOF_NAMES: Sscofpmf, which QEMU 7.2 has only when asked (and all
# 29 counters only with pmu-num=29).
PRIV_SSCOF_NAMES := hpm_csr
PRIV_QEMU_SSCOF  := qemu-system-riscv64 -M spike -cpu rv64,sscofpmf=true,pmu-num=29 -bios none \
                    -nographic -kernel
PRIV_QEMU_NAMES := $(filter-out $(PRIV_RVKVM_ONLY) $(PRIV_SV_NAMES) $(PRIV_SSCOF_NAMES),$(PRIV_NAMES))
PRIV_VIRT_NAMES := sstc time_csr
PRIV_QEMU_VIRT  := qemu-system-riscv64 -M virt -bios none -nographic -kernel

$(B)/tests/priv/%.elf: tests/priv/%.S $(PRIV_DEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -Itests/priv -o $@ $<

$(B)/tests/priv/%.virt.elf: tests/priv/%.S $(PRIV_DEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -Itests/priv -DPRIV_QEMU_VIRT -o $@ $<

.PHONY: check-priv check-priv-qemu priv-elfs
CHECKS += check-priv check-priv-qemu

priv-elfs: $(PRIV_ELFS)

# Run each test with a 10 s limit and append PASS/FAIL lines.
# $(1) = results file, $(2) = ELF suffix, $(3) = runner, $(4) = names,
# $(5) = suffix of the result name, $(6) = log tag
define PRIV_RUN
	@for t in $(4); do \
	  timeout 10 $(3) $(B)/tests/priv/$$t$(2).elf \
	    > $(B)/tests/priv/$$t.$(6).log 2>&1 < /dev/null; \
	  rc=$$?; \
	  if [ $$rc -eq 0 ]; then echo "PASS priv/$$t$(5)"; \
	  else echo "FAIL priv/$$t$(5) (exit $$rc)"; fi >> $(RESULTS)/$(1); \
	done
endef

check-priv: $(PRIV_ELFS) $(RVKVM)
	@mkdir -p $(RESULTS)
	@: > $(RESULTS)/priv.txt
	$(call PRIV_RUN,priv.txt,,$(RVKVM) run --firmware,$(PRIV_NAMES),,rvkvm)
	@cat $(RESULTS)/priv.txt
	@! grep -q '^FAIL' $(RESULTS)/priv.txt

check-priv-qemu: $(PRIV_ELFS) $(PRIV_VIRT_NAMES:%=$(B)/tests/priv/%.virt.elf)
	@mkdir -p $(RESULTS)
	@: > $(RESULTS)/priv-qemu.txt
	$(call PRIV_RUN,priv-qemu.txt,,$(QEMU_SPIKE),$(PRIV_QEMU_NAMES),,qemu)
	$(call PRIV_RUN,priv-qemu.txt,,$(PRIV_QEMU_SV),$(PRIV_SV_NAMES),,qemu)
	$(call PRIV_RUN,priv-qemu.txt,,$(PRIV_QEMU_SSCOF),$(PRIV_SSCOF_NAMES),,qemu)
	$(call PRIV_RUN,priv-qemu.txt,.virt,$(PRIV_QEMU_VIRT),$(PRIV_VIRT_NAMES),@virt,qemu-virt)
	@cat $(RESULTS)/priv-qemu.txt
	@! grep -q '^FAIL' $(RESULTS)/priv-qemu.txt
