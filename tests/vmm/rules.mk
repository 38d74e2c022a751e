# tests/vmm: the VMM end to end (CLI, loaders, HTIF, UART, ACLINT, access
# faults) and unit tests of the kvm/ API.  `make check-vmm` writes
# $(RESULTS)/vmm.txt; `make vmm-oracle` runs the guest programs on QEMU.
VMM_T     := $(B)/tests/vmm
VMM_PROGS := $(basename $(notdir $(wildcard tests/vmm/*.S)))
VMM_ELFS  := $(VMM_PROGS:%=$(VMM_T)/%.elf)

$(VMM_T)/%.elf: tests/vmm/%.S tests/env/test.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -o $@ $<

$(VMM_T)/raw.bin: $(VMM_T)/raw.elf
	riscv64-linux-gnu-objcopy -O binary $< $@

$(VMM_T)/mkelf: tests/vmm/mkelf.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

$(VMM_T)/kvm_api: tests/vmm/kvm_api.c tests/lib/expect.h tests/lib/kvm_util.h $(B)/librvkvm-core.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $(filter-out %.h,$^) $(LDLIBS)

VMM_TEST_DEPS := $(RVKVM) $(VMM_ELFS) $(VMM_T)/raw.bin $(VMM_T)/mkelf $(VMM_T)/kvm_api \
                 $(VMM_T)/fuzz_elf

.PHONY: check-vmm vmm-oracle
CHECKS += check-vmm
check-vmm: $(VMM_TEST_DEPS)
	@mkdir -p $(RESULTS)
	@bash tests/vmm/run.sh $(RVKVM) $(VMM_T) $(RESULTS)/vmm.txt

vmm-oracle: $(VMM_ELFS) $(VMM_T)/raw.bin $(VMM_T)/mkelf
	@bash tests/vmm/run.sh --oracle $(VMM_T)

# Loader fuzzing: clang + libFuzzer + ASan/UBSan.  check-vmm runs it for
# 10 s (FUZZ_ELF_TIME); longer: build/tests/vmm/fuzz_elf -max_total_time=600 DIR
.PHONY: fuzz-elf
fuzz-elf: $(VMM_T)/fuzz_elf
$(VMM_T)/fuzz_elf: tests/vmm/fuzz_elf.c vmm/loader_elf.c vmm/loader_elf.h
	@mkdir -p $(dir $@)
	clang -g -O1 -std=gnu11 -Wall -Wextra -Werror -I. -D_GNU_SOURCE \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	  -o $@ tests/vmm/fuzz_elf.c vmm/loader_elf.c
