# Differential test of hw/riscv/fpu.c (the F/D arithmetic) against the real
# instructions: fpu_rv (riscv64, freestanding Linux user program, run under
# qemu-riscv64-static whose FPU is an exact software one) and fpu_host
# (linking hw/riscv/fpu.c) evaluate every F/D operation in all five rounding
# modes over the same deterministic inputs (tests/fpu/fpu_cases.h); fpu_host
# compares bit patterns and fflags case by case.
#   make check-fpu   -> $(RESULTS)/fpu.txt, one PASS/FAIL line per operation
#   make check-fpu-rvkvm -> $(RESULTS)/fpu-rvkvm.txt: the same operations
#                    end to end on rvkvm, as a bare-metal program (static and
#                    dynamic rounding modes), compared with QEMU spike
#   make bench-fpu   -> ns per call of each host function
#   make check-fpu FPU_NRANDOM=1000000   a deeper run (default: 100000
#                    random cases per operation and rounding mode, ~10 s)
FPU_DIR     := $(B)/tests/fpu
FPU_RV      := $(FPU_DIR)/fpu_rv
FPU_HOST    := $(FPU_DIR)/fpu_host
FPU_NRANDOM ?= 100000
FPU_STAMP   := $(FPU_DIR)/nrandom-$(FPU_NRANDOM).stamp
FPU_RVFLAGS := -DFPU_NRANDOM=$(FPU_NRANDOM) -O2 -march=rv64gc -mabi=lp64d -static -nostdlib -nostartfiles -ffreestanding \
               -Wall -Wextra -Werror -I. -Itests/fpu -Wl,--build-id=none

$(FPU_STAMP):
	@mkdir -p $(dir $@)
	@rm -f $(FPU_DIR)/nrandom-*.stamp
	@touch $@

$(FPU_RV): tests/fpu/fpu_rv.c tests/fpu/fpu_insn.h tests/fpu/fpu_cases.h hw/riscv/fpu.h tests/fpu/rules.mk $(FPU_STAMP)
	@mkdir -p $(dir $@)
	$(RV_CC) $(FPU_RVFLAGS) -o $@ $< -lgcc

$(FPU_DIR)/fpu.o: hw/riscv/fpu.c hw/riscv/fpu.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(FPU_DIR)/fpu_host.o: tests/fpu/fpu_host.c tests/fpu/fpu_cases.h hw/riscv/fpu.h $(FPU_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DFPU_NRANDOM=$(FPU_NRANDOM) -Itests/fpu -c $< -o $@

$(FPU_HOST): $(FPU_DIR)/fpu_host.o $(FPU_DIR)/fpu.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(FPU_DIR)/fpu_bare.elf: tests/fpu/fpu_bare.c tests/fpu/fpu_insn.h tests/fpu/fpu_cases.h \
                         hw/riscv/fpu.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) -DFPU_NRANDOM=4000 -O2 -march=rv64gc -mabi=lp64d -mcmodel=medany -static \
	  -nostdlib -nostartfiles -ffreestanding -Wall -Wextra -Werror -I. -Itests/fpu \
	  -Wl,--build-id=none -Wl,--no-warn-rwx-segments -T tests/env/link.ld -o $@ $< -lgcc

.PHONY: check-fpu check-fpu-rvkvm bench-fpu
check-fpu-rvkvm: $(RVKVM) $(FPU_DIR)/fpu_bare.elf
	@mkdir -p $(RESULTS)
	@bash tests/fpu/run_bare.sh $(RVKVM) $(FPU_DIR)/fpu_bare.elf $(FPU_DIR) > $(RESULTS)/fpu-rvkvm.txt; \
	  grep -c '^PASS' $(RESULTS)/fpu-rvkvm.txt | sed 's/$$/ fpu-rvkvm checks pass/'; \
	  grep '^FAIL' $(RESULTS)/fpu-rvkvm.txt || true

check-fpu: $(FPU_RV) $(FPU_HOST)
	@mkdir -p $(RESULTS)
	@qemu-riscv64-static $(FPU_RV) | $(FPU_HOST) > $(RESULTS)/fpu.txt; rc=$$?; \
	  grep -c '^PASS' $(RESULTS)/fpu.txt | sed 's/$$/ fpu operations pass/'; \
	  grep '^FAIL' $(RESULTS)/fpu.txt || true; \
	  if ! grep -q . $(RESULTS)/fpu.txt; then echo "FAIL fpu (no output, exit $$rc)" > $(RESULTS)/fpu.txt; fi

bench-fpu: $(FPU_HOST)
	$(FPU_HOST) --bench
CHECKS += check-fpu check-fpu-rvkvm
