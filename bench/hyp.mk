# bench/hyp: exit costs of an S-mode kernel (bench/hyp/exits.c) as an rvkvm
# hypervisor guest (with and without halt polling), on rvkvm's full machine
# under OpenSBI and on QEMU virt under OpenSBI, side by side (bench/hyp.sh).
#   make bench-hyp    print the table (also in $(B)/bench/hyp.md); in `make bench`
HYP_BENCH_DIR := $(B)/bench/hyp
HYP_BENCH_SRCS := bench/hyp/head.S bench/hyp/exits.c
$(HYP_BENCH_DIR)/exits.elf: $(HYP_BENCH_SRCS) bench/hyp/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) -O2 -march=$(RV_MARCH) -mabi=lp64d -ffreestanding -nostdlib -nostartfiles -static \
	  -mcmodel=medany -std=gnu11 -Wall -Wextra -Werror -Wl,--build-id=none \
	  -Wl,--no-warn-rwx-segments -T bench/hyp/link.ld -o $@ $(HYP_BENCH_SRCS)
$(HYP_BENCH_DIR)/exits.bin: $(HYP_BENCH_DIR)/exits.elf
	riscv64-linux-gnu-objcopy -O binary $< $@

.PHONY: bench-hyp
bench-hyp: $(RVKVM) $(HYP_BENCH_DIR)/exits.bin
	@bash bench/hyp.sh --rvkvm $(RVKVM) --kernel $(HYP_BENCH_DIR)/exits.bin | tee $(HYP_BENCH_DIR)/hyp.md
bench: bench-hyp
