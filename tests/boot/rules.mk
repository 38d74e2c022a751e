# tests/boot: the Linux boot path — the generated device tree (decoded with
# dtc/fdtget), firmware + kernel + initrd loading and the fw_dynamic
# handoff (a fake firmware and a fake S-mode kernel), compressed kernels,
# error cases, and real OpenSBI fw_dynamic when it is available.
#   make check-boot   -> $(RESULTS)/boot.txt
# Needs device-tree-compiler (dtc, fdtget) on the host.
BOOT_T      := $(B)/tests/boot
BOOT_KFLAGS := -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany -ffreestanding \
               -fno-tree-loop-distribute-patterns -fno-pic -fno-stack-protector \
               -nostdlib -nostartfiles -static -O2 -Wall -Wextra -Werror \
               -Wl,--build-id=none -Wl,--no-warn-rwx-segments -T tests/boot/kernel.ld

$(BOOT_T)/fw.elf: tests/boot/fw.S tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -o $@ $<

$(BOOT_T)/kernel.elf: tests/boot/kernel_head.S tests/boot/kernel.c tests/boot/kernel.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(BOOT_KFLAGS) -o $@ tests/boot/kernel_head.S tests/boot/kernel.c

$(BOOT_T)/kernel.bin: $(BOOT_T)/kernel.elf
	riscv64-linux-gnu-objcopy -O binary $< $@

.PHONY: check-boot
CHECKS += check-boot
check-boot: $(RVKVM) $(BOOT_T)/fw.elf $(BOOT_T)/kernel.elf $(BOOT_T)/kernel.bin
	@mkdir -p $(RESULTS)
	@bash tests/boot/run.sh $(RVKVM) $(BOOT_T) $(RESULTS)/boot.txt
