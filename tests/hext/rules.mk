# tests/hext: rvkvm's own hypervisor-extension tests (bare metal, HTIF),
# written from the RISC-V privileged spec's "H" Extension chapter (1.0).
# Each tests/hext/NAME.S is one theme with numbered checks; exit status
# 0 = pass, N = check N failed, 0xC0+cause / 0xE0+cause = unexpected
# exception / interrupt (see tests/priv/priv.h and tests/hext/hext.h).
#
#   make check-hext        run every test on rvkvm   -> $(RESULTS)/hext.txt
#   make check-hext-qemu   run them on QEMU (oracle) -> $(RESULTS)/hext-qemu.txt
#   make hext-elfs         only build them
# Console output of each run (failure messages) goes to
# $(B)/tests/hext/NAME.{rvkvm,qemu,qemu-virt}.log.

HEXT_SRCS  := $(wildcard tests/hext/*.S)
HEXT_NAMES := $(sort $(notdir $(HEXT_SRCS:.S=)))
HEXT_ELFS  := $(HEXT_NAMES:%=$(B)/tests/hext/%.elf)
HEXT_DEPS  := tests/hext/hext.h $(wildcard tests/hext/*.inc) tests/priv/priv.h \
              tests/env/test.h tests/env/link.ld

# HEXT_RVKVM_ONLY: tests QEMU 7.2 (the oracle, -cpu rv64,h=true) cannot
# pass because it lacks the feature or does not follow the rule tested.
# Each *_strict file holds the checks of its theme that QEMU 7.2 fails:
#   csr_strict        hstatus keeps unimplemented bits (VGEIN, reserved)
#                     and hgatp every bit written (no VMIDLEN, PPN[1:0]);
#                     henvcfg.STCE writable with menvcfg.STCE = 0; VU
#                     access to supervisor CSRs is illegal, not virtual
#                     instruction; sie/sip read 0 in VS; mip.VSTIP/VSEIP
#                     writable; vsip.STIP/SEIP do not show hip's;
#                     mideleg.SGEI read-only one even with GEILEN = 0.
#   traps_strict      mstatus.GVA set for illegal instructions and never
#                     cleared; exceptions 2 and 6 delegated to VS reported
#                     as 1 and 5; misaligned AMO as load misaligned (4);
#                     no mstatus.TVM check for HFENCE.GVMA / hgatp in HS,
#                     and TVM wrongly applied to HFENCE.VVMA/vsatp/VS.
#   gstage_strict     GPA bit 40 (Sv39x4) treated as a sign bit; a G-stage
#                     fault on a VS page-table read always reported as a
#                     load (21); vsstatus.MXR applied to the G stage;
#                     MPRV+MPV faults reported as page/access faults; no
#                     Svadu (A/D always set in hardware, no ADUE).
#   tinst             mtinst/htinst written 0 for loads/stores/AMOs (the
#                     spec allows it; rvkvm writes the transformation).
#   hlv_strict        HLV/HSV VS-stage page faults reported as access
#                     faults; hstatus.SPVP = 0 and vsstatus.SUM ignored;
#                     HLVX needs read, not execute, permission; GVA not
#                     set by HLV faults taken into M; tval 0 for HLV in
#                     U (HU = 0) / VS / VU.
#   virt_insn_strict  mstatus.TSR applied to SRET in VS; SRET/SFENCE/
#                     HFENCE in VU illegal, not virtual; WFI in VU with
#                     mstatus.TW = 1 virtual, not illegal; satp in VS not
#                     trapped under hstatus.VTVM.
#   virq_strict       without AIA, QEMU 7.2 takes the lowest-numbered
#                     pending interrupt first (VSSI before VSEI, ...).
#   vstimecmp_strict  vstimecmp keeps driving hip.VSTIP with
#                     henvcfg.STCE = 0.
#   svext_strict      henvcfg.PBMTE writable with menvcfg.PBMTE = 0; PBMT
#                     checked against the extension, never menvcfg.PBMTE /
#                     henvcfg.PBMTE; PBMT = 3 accepted.
#   stateen           Smstateen with H (hstateen; senvcfg/sstateen in VS
#                     and VU): QEMU 7.2 cannot turn Smstateen on (no cpu
#                     property; mstateen0 is an illegal CSR).
#   hpm               Sscofpmf's VSINH/VUINH filters and LCOFI delegated
#                     to VS by hideleg bit 13 (Shlcofideleg): QEMU 7.2
#                     filters no mode and keeps hideleg bit 13 zero.
#   pm                pointer masking (Ssnpm): not in QEMU 7.2.
HEXT_RVKVM_ONLY := csr_strict gstage_strict hlv_strict hpm pm stateen svext_strict tinst traps_strict \
                   virq_strict virt_insn_strict vstimecmp_strict
# HEXT_VIRT_NAMES: tests that need a time source (the time CSR, Sstc's
# vstimecmp), which QEMU's spike machine does not give the hart; on QEMU
# they run on the virt machine instead (built with -DPRIV_QEMU_VIRT).
HEXT_VIRT_NAMES := vstimecmp
# HEXT_SV_NAMES: tests of Svpbmt / Svnapot, which QEMU 7.2 implements only
# when asked (svpbmt=true,svnapot=true).
HEXT_SV_NAMES   := svext
HEXT_QEMU_NAMES := $(filter-out $(HEXT_RVKVM_ONLY) $(HEXT_VIRT_NAMES) $(HEXT_SV_NAMES),$(HEXT_NAMES))
HEXT_QEMU_SPIKE := qemu-system-riscv64 -M spike -cpu rv64,h=true -bios none -nographic -kernel
HEXT_QEMU_SV    := qemu-system-riscv64 -M spike -cpu rv64,h=true,svpbmt=true,svnapot=true -bios none \
                   -nographic -kernel
HEXT_QEMU_VIRT  := qemu-system-riscv64 -M virt -cpu rv64,h=true,sstc=true -bios none -nographic -kernel

$(B)/tests/hext/%.elf: tests/hext/%.S $(HEXT_DEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -Itests/priv -Itests/hext -o $@ $<

$(B)/tests/hext/%.virt.elf: tests/hext/%.S $(HEXT_DEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -Itests/priv -Itests/hext -DPRIV_QEMU_VIRT -o $@ $<

.PHONY: check-hext check-hext-qemu hext-elfs
CHECKS += check-hext check-hext-qemu

hext-elfs: $(HEXT_ELFS)

# Run each test with a 10 s limit and append PASS/FAIL lines.
# $(1) = results file, $(2) = ELF suffix, $(3) = runner, $(4) = names,
# $(5) = suffix of the result name, $(6) = log tag
define HEXT_RUN
	@for t in $(4); do \
	  timeout 10 $(3) $(B)/tests/hext/$$t$(2).elf \
	    > $(B)/tests/hext/$$t.$(6).log 2>&1 < /dev/null; \
	  rc=$$?; \
	  if [ $$rc -eq 0 ]; then echo "PASS hext/$$t$(5)"; \
	  else echo "FAIL hext/$$t$(5) (exit $$rc)"; fi >> $(RESULTS)/$(1); \
	done
endef

check-hext: $(HEXT_ELFS) $(RVKVM)
	@mkdir -p $(RESULTS)
	@: > $(RESULTS)/hext.txt
	$(call HEXT_RUN,hext.txt,,$(RVKVM) run --firmware,$(HEXT_NAMES),,rvkvm)
	@cat $(RESULTS)/hext.txt
	@! grep -q '^FAIL' $(RESULTS)/hext.txt

check-hext-qemu: $(HEXT_ELFS) $(HEXT_VIRT_NAMES:%=$(B)/tests/hext/%.virt.elf)
	@mkdir -p $(RESULTS)
	@: > $(RESULTS)/hext-qemu.txt
	$(call HEXT_RUN,hext-qemu.txt,,$(HEXT_QEMU_SPIKE),$(HEXT_QEMU_NAMES),,qemu)
	$(call HEXT_RUN,hext-qemu.txt,,$(HEXT_QEMU_SV),$(HEXT_SV_NAMES),,qemu)
	$(call HEXT_RUN,hext-qemu.txt,.virt,$(HEXT_QEMU_VIRT),$(filter-out $(HEXT_RVKVM_ONLY),$(HEXT_VIRT_NAMES)),@virt,qemu-virt)
	@cat $(RESULTS)/hext-qemu.txt
	@! grep -q '^FAIL' $(RESULTS)/hext-qemu.txt
