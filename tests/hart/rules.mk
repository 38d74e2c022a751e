# Hart implementation behaviours beyond what the ISA suites check (run on
# rvkvm, and on QEMU as the oracle).
HART_TESTS := $(patsubst tests/hart/%.S,$(B)/tests/hart/%.elf,$(wildcard tests/hart/*.S))
# Behaviours stronger than the ISA requires, which QEMU does not share.
HART_RVKVM_ONLY := smc_same_block

$(B)/tests/hart/%.elf: tests/hart/%.S tests/env/test.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -o $@ $<

.PHONY: check-hart
$(B)/tests/hart/unit_tlb_index: tests/hart/unit_tlb_index.c hw/riscv/hart_internal.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

$(B)/tests/hart/unit_%: tests/hart/unit_%.c $(B)/librvkvm-core.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

check-hart: $(RVKVM) $(HART_TESTS) $(B)/tests/hart/unit_tlb_index $(B)/tests/hart/unit_mip_rmw \
		$(B)/tests/hart/unit_hgei $(B)/tests/hart/unit_code_cache $(B)/tests/hart/unit_jit_wx
	@mkdir -p $(RESULTS)
	@{ if $(B)/tests/hart/unit_tlb_index; then echo "PASS hart/unit_tlb_index"; \
	  else echo "FAIL hart/unit_tlb_index"; fi; \
	for u in unit_mip_rmw unit_hgei unit_code_cache unit_jit_wx; do \
	  if $(B)/tests/hart/$$u; then echo "PASS hart/$$u"; else echo "FAIL hart/$$u"; fi; \
	done; \
	for t in $(HART_TESTS); do n=hart/$$(basename $$t .elf); \
	  timeout 10 $(RVKVM) run --firmware $$t >/dev/null 2>&1; rc=$$?; \
	  if [ $$rc -eq 0 ]; then echo "PASS $$n"; else echo "FAIL $$n (exit $$rc)"; fi; \
	  case " $(HART_RVKVM_ONLY) " in *" $$(basename $$t .elf) "*) continue;; esac; \
	  timeout 10 $(QEMU_SPIKE) $$t >/dev/null 2>&1; rc=$$?; \
	  if [ $$rc -eq 0 ]; then echo "PASS $$n-qemu"; else echo "FAIL $$n-qemu (exit $$rc)"; fi; \
	done; \
	if RVKVM_TRACE=traps timeout 10 $(RVKVM) run --firmware $(B)/tests/hart/ecall_trace.elf 2>&1 >/dev/null \
	   | grep -q 'hart0: trap cause=0xb epc=0x8000[0-9a-f]* tval=0 priv 3->3'; \
	then echo "PASS hart/trace-traps"; else echo "FAIL hart/trace-traps"; fi; \
	} > $(RESULTS)/hart.txt
CHECKS += check-hart
