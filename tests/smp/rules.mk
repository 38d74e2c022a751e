# SMP: guest-side stress of atomics and spinlocks across harts running on
# separate host threads (and the same program on QEMU spike -smp as oracle).
SMP_HARTS := 2 4

$(B)/tests/smp/atomics-%.elf: tests/smp/atomics.S tests/env/test.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -DNHARTS=$* -o $@ $<

$(B)/tests/smp/sswi.elf: tests/smp/sswi.S tests/env/test.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -o $@ $<

$(B)/tests/smp/ipi.elf: tests/smp/ipi.S tests/env/test.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -o $@ $<

$(B)/tests/smp/fencei.elf: tests/smp/fencei.S tests/env/test.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -o $@ $<

$(B)/tests/smp/sb_litmus.elf: tests/smp/sb_litmus.S tests/env/test.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -o $@ $<

.PHONY: check-smp
check-smp: $(RVKVM) $(SMP_HARTS:%=$(B)/tests/smp/atomics-%.elf) $(B)/tests/smp/ipi.elf $(B)/tests/smp/sswi.elf \
		$(B)/tests/smp/fencei.elf $(B)/tests/smp/sb_litmus.elf
	@mkdir -p $(RESULTS)
	@{ for n in $(SMP_HARTS); do t=$(B)/tests/smp/atomics-$$n.elf; \
	  timeout 60 $(RVKVM) run --cpus $$n --firmware $$t >/dev/null 2>&1; rc=$$?; \
	  if [ $$rc -eq 0 ]; then echo "PASS smp/atomics-$$n"; else echo "FAIL smp/atomics-$$n (exit $$rc)"; fi; \
	  timeout 60 qemu-system-riscv64 -M spike -smp $$n -bios none -nographic -kernel $$t >/dev/null 2>&1; rc=$$?; \
	  if [ $$rc -eq 0 ]; then echo "PASS smp/atomics-$$n-qemu"; else echo "FAIL smp/atomics-$$n-qemu (exit $$rc)"; fi; \
	done; \
	for t in ipi fencei sb_litmus; do \
	for emu in "$(RVKVM) run --cpus 2 --firmware" "qemu-system-riscv64 -M spike -smp 2 -bios none -nographic -kernel"; do \
	  timeout 60 $$emu $(B)/tests/smp/$$t.elf >/dev/null 2>&1; rc=$$?; \
	  case "$$emu" in qemu*) n=smp/$$t-qemu;; *) n=smp/$$t;; esac; \
	  if [ $$rc -eq 0 ]; then echo "PASS $$n"; else echo "FAIL $$n (exit $$rc)"; fi; \
	done; done; \
	timeout 60 $(RVKVM) run --cpus 2 --firmware $(B)/tests/smp/sswi.elf >/dev/null 2>&1; rc=$$?; \
	if [ $$rc -eq 0 ]; then echo "PASS smp/sswi"; else echo "FAIL smp/sswi (exit $$rc)"; fi; \
	} > $(RESULTS)/smp.txt
CHECKS += check-smp
