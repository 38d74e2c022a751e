# tests/plic: the in-core PLIC and KVM_CREATE_IRQCHIP, the interrupt-driven
# ns16550a UART (stdin, FIFO, IIR), the goldfish RTC, and the console on a
# terminal.  Bare-metal programs use tests/plic/virt.h (exit through the
# sifive,test1 finisher, so the same source runs on QEMU's virt machine).
#
#   make check-plic        rvkvm: programs, terminal, unit tests -> $(RESULTS)/plic.txt
#   make check-plic-qemu   the programs on QEMU virt (the oracle) -> $(RESULTS)/plic-qemu.txt
#
# Each program is built twice: NAME.elf for rvkvm, NAME.qemu.elf with
# -DQEMU_ORACLE for QEMU 7.2, which differs from the PLIC spec in a few
# documented places (virt.h: SPEC_OR_QEMU, QEMU_SYNC; some checks are
# rvkvm-only).  The unit tests build with ASan+UBSan and with TSan.
PLIC_T     := $(B)/tests/plic
PLIC_PROGS := $(sort $(basename $(notdir $(wildcard tests/plic/*.S))))
PLIC_ELFS  := $(PLIC_PROGS:%=$(PLIC_T)/%.elf)
PLIC_QELFS := $(PLIC_PROGS:%=$(PLIC_T)/%.qemu.elf)
PLIC_GDEPS := tests/plic/virt.h tests/env/link.ld
PLIC_USRCS := tests/plic/plic_unit.c hw/riscv/plic.c vmm/uart_ns16550a.c vmm/rtc_goldfish.c
PLIC_UDEPS := $(PLIC_USRCS) hw/riscv/plic.h vmm/uart_ns16550a.h vmm/rtc_goldfish.h $(B)/librvkvm-core.a

$(PLIC_T)/%.qemu.elf: tests/plic/%.S $(PLIC_GDEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -Itests/plic -DQEMU_ORACLE -o $@ $<

$(PLIC_T)/%.elf: tests/plic/%.S $(PLIC_GDEPS)
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -Itests/plic -o $@ $<

$(PLIC_T)/plic_unit: $(PLIC_UDEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	  -o $@ $(PLIC_USRCS) $(B)/librvkvm-core.a $(LDLIBS)

$(PLIC_T)/plic_unit_tsan: $(PLIC_UDEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=thread -o $@ $(PLIC_USRCS) $(B)/librvkvm-core.a $(LDLIBS)

.PHONY: check-plic check-plic-qemu plic-elfs
CHECKS += check-plic check-plic-qemu
plic-elfs: $(PLIC_ELFS) $(PLIC_QELFS)

check-plic: $(RVKVM) $(PLIC_ELFS) $(PLIC_T)/plic_unit $(PLIC_T)/plic_unit_tsan
	@mkdir -p $(RESULTS)
	@bash tests/plic/run.sh $(RVKVM) $(PLIC_T) $(RESULTS)/plic.txt

check-plic-qemu: $(PLIC_QELFS)
	@mkdir -p $(RESULTS)
	@bash tests/plic/run.sh --oracle $(PLIC_T) $(RESULTS)/plic-qemu.txt
