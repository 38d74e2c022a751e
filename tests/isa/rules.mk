# rvkvm's unprivileged ISA tests: bare-metal programs, one per instruction
# group, reporting through HTIF (tests/env/test.h, tests/isa/isa.h).
#   make check-isa        run every test on $(RVKVM)  -> $(RESULTS)/isa.txt
#   make check-isa-qemu   run them on QEMU (the oracle) -> $(RESULTS)/isa-qemu.txt
#   ISA_ONLY="rv64f zbb"  restricts either run to the named tests
# Exit status of a test: 0 pass, 1..239 failing check, 240+mcause unexpected
# trap (see isa.h).  Logs of each run: $(B)/tests/isa/NAME.{rvkvm,qemu}.log

ISA_SRCS  := $(sort $(wildcard tests/isa/*.S))
ISA_NAMES := $(basename $(notdir $(ISA_SRCS)))
ISA_DIR   := $(B)/tests/isa
ISA_ELFS  := $(ISA_NAMES:%=$(ISA_DIR)/%.elf)
ISA_ONLY  ?=
ISA_RUN   := $(if $(ISA_ONLY),$(filter $(ISA_ONLY),$(ISA_NAMES)),$(ISA_NAMES))

# Tests QEMU 7.2 cannot run as the spec says (they still run on rvkvm):
#  zicond            - QEMU 7.2 has no Zicond (czero.* raise illegal instruction).
#  rv64a_misaligned  - QEMU 7.2 reports a misaligned AMO as a load address
#                      misaligned (cause 4); the spec says store/AMO (cause 6).
#  zicntr_time       - QEMU's spike machine wires no rdtime source, so reading
#                      the time CSR raises illegal instruction there.
#  zcb zimop zawrs zicbo zicbo_envcfg
#                    - QEMU 7.2 has none of Zcb, Zimop/Zcmop, Zawrs, Zicbom,
#                      Zicboz (illegal instruction; no cpu property).
#  rvv_mem_vstart rvv_int_vstart
#                    - QEMU 7.2 leaves vstart unchanged for a vector load,
#                      store or arithmetic instruction with vstart >= vl
#                      (V 1.0 3.7: every vector instruction resets it).
#  rvv_fp_rtz        - QEMU 7.2 aborts translating vfcvt.rtz.* and raises
#                      illegal instruction for vfncvt.rod.f.f.w.
#  rvv_fp_zvfh       - QEMU 7.2 has no Zvfh switch and runs SEW=16 FP
#                      arithmetic, which without Zvfh is reserved.
#  svinval_strict    - QEMU 7.2 raises illegal instruction, not virtual, for
#                      SINVAL/HINVAL/SFENCE.*.INVAL in VU, and has no TVM
#                      check for HINVAL.GVMA (as for HFENCE.GVMA), lets U run
#                      SFENCE.W.INVAL/SFENCE.INVAL.IR, and writes tval 0 for
#                      the others in U (rvkvm: the instruction bits).
#  zfa zfa_h         - QEMU 7.2 has no Zfa (no cpu property; FLI, FMINM,
#                      FROUND, FCVTMOD, FLEQ/FLTQ raise illegal instruction).
#                      Their expected values are worked out by hand; rvkvm's
#                      Zfa arithmetic was also checked against an exact
#                      rational reference on random inputs.
#  rvv_zvbb          - QEMU 7.2 has no Zvbb (vandn, vrol/vror, vwsll and the
#                      VXUNARY0 forms vbrev8..vcpop raise illegal instruction);
#                      the expected values are worked out from the spec's
#                      definitions.  rvv_zvbb_off, which checks exactly that
#                      they trap, runs on both.
ISA_QEMU_SKIP := zicond rv64a_misaligned zicntr_time zcb zimop zawrs zicbo zicbo_envcfg \
                 svinval_strict rvv_mem_vstart rvv_int_vstart rvv_fp_rtz rvv_fp_zvfh \
                 zfa zfa_h rvv_zvbb
# Per-test QEMU options: minstret only counts instructions exactly with
# icount, and QEMU 7.2 implements all 29 hpmcounters only with pmu-num=29.
# Zbkb, Zbkx and Svinval are off in QEMU's rv64 CPU unless asked for (Zbc is
# on); svinval.S needs the H extension for HINVAL.
ISA_QEMU_OPTS_zicntr := -icount shift=0 -cpu rv64,pmu-num=29
ISA_QEMU_OPTS_zbkb := -cpu rv64,zbkb=true
ISA_QEMU_OPTS_zbkx := -cpu rv64,zbkx=true
ISA_QEMU_OPTS_svinval := -cpu rv64,h=true,svinval=true
# Zfh and Zfhmin are off in QEMU 7.2's rv64 CPU; its properties are spelled
# with a capital Z there (zfh=true is "Property not found").
ISA_QEMU_OPTS_zfhmin := -cpu rv64,Zfh=true,Zfhmin=true
ISA_QEMU_OPTS_zfh := -cpu rv64,Zfh=true,Zfhmin=true
# cpu_rv64gc.S: rvkvm with --cpu rv64gc, QEMU with what it has switched off.
ISA_QEMU_OPTS_cpu_rv64gc := -cpu rv64,zba=false,zbb=false,zbc=false,zbs=false,v=false
ISA_RVKVM_OPTS_cpu_rv64gc := --cpu rv64gc
# vlen512.S: V with VLEN 512 on both.
ISA_QEMU_OPTS_vlen512 := -cpu rv64,v=true,vlen=512,elen=64,vext_spec=v1.0
ISA_RVKVM_OPTS_vlen512 := --cpu max,vlen=512
# rvv_zvbb_off.S: V without Zvbb (QEMU 7.2 has none).
ISA_RVKVM_OPTS_rvv_zvbb_off := --cpu max,zvbb=off
# The vector tests (rvv_*.S): QEMU's V 1.0 with rvkvm's default VLEN and ELEN.
ISA_QEMU_OPTS_RVV := -cpu rv64,v=true,vlen=128,elen=64,vext_spec=v1.0
$(foreach t,$(filter rvv_%,$(ISA_NAMES)),$(eval ISA_QEMU_OPTS_$(t) := $(ISA_QEMU_OPTS_RVV)))

# Tests of privileged rules (the CMO enables, WRS.NTO's TW/VTW, Svinval's
# traps) use the hypervisor tests' helpers (tests/hext/hext.h) instead of
# isa.h, to run code in U, HS, VS and VU.
ISA_HEXT_DEPS := tests/hext/hext.h tests/priv/priv.h
$(ISA_DIR)/%.elf: tests/isa/%.S tests/isa/isa.h $(wildcard tests/isa/*.inc) $(ISA_HEXT_DEPS) tests/env/test.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -Itests/isa -Itests/priv -Itests/hext $< -o $@

.PHONY: isa-elfs check-isa check-isa-qemu
isa-elfs: $(ISA_ELFS)

CHECKS += check-isa check-isa-qemu

# Shell case arms "name) opts=...;;" for the tests that have QEMU options.
isa_rparen := )
ISA_OPTS_CASE = $(foreach t,$(ISA_NAMES),$(if $(ISA_QEMU_OPTS_$(t)),$(t)$(isa_rparen) opts="$(ISA_QEMU_OPTS_$(t))";;))
ISA_ROPTS_CASE = $(foreach t,$(ISA_NAMES),$(if $(ISA_RVKVM_OPTS_$(t)),$(t)$(isa_rparen) ropts="$(ISA_RVKVM_OPTS_$(t))";;))

# $(call isa_run,COMMAND,NAMES,LOG-SUFFIX,RESULT-FILE): COMMAND is run once
# per test name with the shell variables $$elf (the ELF), $$opts (the
# test's ISA_QEMU_OPTS_name) and $$ropts (its ISA_RVKVM_OPTS_name) set.
define isa_run
	@mkdir -p $(RESULTS)
	@for n in $(2); do \
	  elf=$(ISA_DIR)/$$n.elf; \
	  case $$n in $(ISA_OPTS_CASE) *) opts="";; esac; \
	  case $$n in $(ISA_ROPTS_CASE) *) ropts="";; esac; \
	  timeout 10 $(1) > $(ISA_DIR)/$$n.$(3).log 2>&1 </dev/null; rc=$$?; \
	  if [ $$rc -eq 0 ]; then echo "PASS isa/$$n"; else echo "FAIL isa/$$n (exit $$rc)"; fi; \
	done > $(4).tmp; mv $(4).tmp $(4)
	@grep '^FAIL' $(4) || true
	@echo "$(4): $$(grep -c '^PASS' $(4)) passed, $$(grep -c '^FAIL' $(4)) failed"
	@! grep -q '^FAIL' $(4)
endef

check-isa: $(RVKVM) $(ISA_RUN:%=$(ISA_DIR)/%.elf)
	$(call isa_run,$(RVKVM) run $$ropts --firmware $$elf,$(ISA_RUN),rvkvm,$(RESULTS)/isa.txt)

check-isa-qemu: $(ISA_RUN:%=$(ISA_DIR)/%.elf)
	$(call isa_run,$(QEMU_SPIKE) $$elf $$opts,$(filter-out $(ISA_QEMU_SKIP),$(ISA_RUN)),qemu,$(RESULTS)/isa-qemu.txt)
