# The block JIT (hw/riscv/jit_x86_64.c) on everything: rvkvm built with
# JIT_HOT=1 compiles every block before its first execution, so the suites
# that run code once (ISA, privileged, H, vmm, random differential
# sequences vs QEMU: integer-only ones whose blocks compile whole, FP-heavy
# ones, vector ones whose instructions the compiled code calls out for)
# test the compiled code, not the interpreter; plus a Linux boot.
#   make check-jit   -> $(RESULTS)/jit.txt
JIT1_B     := $(B)/jit1
JIT1_RVKVM := $(JIT1_B)/rvkvm

$(eval $(call rvkvm_variant,jit1,-DJIT_HOT=1))
CHECK_PREBUILD += $(JIT1_RVKVM)

.PHONY: check-jit
CHECKS += check-jit
# The ELF lists come from the other suites' rules.mk (expanded at run time).
check-jit: $(JIT1_RVKVM) $(DIFFTEST_GEN) $(VDIFFTEST_GEN)
	@mkdir -p $(RESULTS)
	@$(MAKE) --no-print-directory $(ISA_ELFS) $(PRIV_ELFS) $(HEXT_ELFS) >/dev/null
	@{ for t in $(ISA_ELFS) $(PRIV_ELFS) $(HEXT_ELFS); do \
	    n=jit/$$(basename $$(dirname $$t))/$$(basename $$t .elf); \
	    case $$(basename $$t .elf) in $(ISA_ROPTS_CASE) *) ropts="";; esac; \
	    timeout 60 $(JIT1_RVKVM) run $$ropts --firmware $$t > /dev/null 2>&1; rc=$$?; \
	    if [ $$rc -eq 0 ]; then echo "PASS $$n"; else echo "FAIL $$n (exit $$rc)"; fi; \
	  done; } > $(RESULTS)/jit.txt
	@B=$(B) RVKVM=$(JIT1_RVKVM) RV_CC=$(RV_CC) RV_ASFLAGS="$(RV_ASFLAGS)" QEMU_SPIKE="$(QEMU_SPIKE)" \
	  bash tests/difftest/run.sh --seeds "101 102 103 104 105 106" --int-only --results $(JIT1_B)/dt-int.txt \
	  > $(JIT1_B)/difftest-int.log 2>&1; sed 's|difftest/|jit/difftest/|' $(JIT1_B)/dt-int.txt >> $(RESULTS)/jit.txt
	@B=$(B) RVKVM=$(JIT1_RVKVM) RV_CC=$(RV_CC) RV_ASFLAGS="$(RV_ASFLAGS)" QEMU_SPIKE="$(QEMU_SPIKE)" \
	  bash tests/difftest/run.sh --seeds "107 108 109 110" --results $(JIT1_B)/dt.txt \
	  > $(JIT1_B)/difftest.log 2>&1; sed 's|difftest/|jit/difftest/|' $(JIT1_B)/dt.txt >> $(RESULTS)/jit.txt
	@B=$(B) RVKVM=$(JIT1_RVKVM) RV_CC=$(RV_CC) RV_ASFLAGS="$(RV_ASFLAGS)" QEMU_SPIKE="$(QEMU_SPIKE)" \
	  bash tests/difftest/run.sh --seeds "114 115 116" --fp-heavy --results $(JIT1_B)/dt-fp.txt \
	  > $(JIT1_B)/difftest-fp.log 2>&1; sed 's|difftest/|jit/difftest/|' $(JIT1_B)/dt-fp.txt >> $(RESULTS)/jit.txt
	@B=$(B) CC="$(CC)" RVKVM=$(JIT1_RVKVM) RV_CC=$(RV_CC) RV_ASFLAGS="$(RV_ASFLAGS)" QEMU_SPIKE="$(QEMU_SPIKE)" \
	  bash tests/difftest/vrun.sh --groups all,illegal --seeds "111 112 113" --count 50 \
	  --results $(JIT1_B)/vdt.txt > $(JIT1_B)/vdifftest.log 2>&1; \
	  sed 's|vdifftest/|jit/vdifftest/|' $(JIT1_B)/vdt.txt >> $(RESULTS)/jit.txt
	@bash scripts/guest-image.sh -q > $(JIT1_B)/image.env && set -a && . $(JIT1_B)/image.env && set +a && \
	  bash guest/kvm-test.sh -n jit/linux-kvm -t 400 -l $(JIT1_B)/linux-kvm.log \
	  -r $(RESULTS)/jit.txt -- $(JIT1_RVKVM) run --cpus 2 --mem 512M \
	  --firmware @FW@ --kernel @KERNEL@ --initrd @INITRD@ --append @APPEND@ || true
	@grep -c '^PASS' $(RESULTS)/jit.txt | sed 's/^/jit: /; s/$$/ passed/'
	@! grep -q '^FAIL' $(RESULTS)/jit.txt
