# tests/kvm: selftests of the hypervisor core's SBI for hypervisor-guest
# VMs (KVM_VM_TYPE_HYP_GUEST), after Linux's tools/testing/selftests/kvm:
# sbi_test (linked against the core library) runs the VS-mode guest
# sbi_guest.bin on two vCPU threads and checks every call's result;
# pmu_test runs pmu_guest.bin against the SBI PMU (Sscofpmf counters).
#   make check-kvm   -> $(RESULTS)/kvm.txt
KVM_T := $(B)/tests/kvm

$(KVM_T)/sbi_guest.elf: tests/kvm/sbi_guest.S tests/kvm/sbi_guest.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -Itests/kvm -o $@ $<

$(KVM_T)/sbi_guest.bin: $(KVM_T)/sbi_guest.elf
	riscv64-linux-gnu-objcopy -O binary $< $@

$(KVM_T)/pmu_guest.elf: tests/kvm/pmu_guest.S tests/kvm/pmu_guest.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -Itests/kvm -o $@ $<

$(KVM_T)/pmu_guest.bin: $(KVM_T)/pmu_guest.elf
	riscv64-linux-gnu-objcopy -O binary $< $@

$(KVM_T)/pmu_test: tests/kvm/pmu_test.c tests/kvm/pmu_guest.h tests/lib/expect.h tests/lib/kvm_util.h $(B)/librvkvm-core.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $(filter %.c %.a,$^) $(LDLIBS)

$(KVM_T)/sbi_test: tests/kvm/sbi_test.c tests/kvm/sbi_guest.h tests/lib/expect.h tests/lib/kvm_util.h $(B)/librvkvm-core.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $(filter %.c %.a,$^) $(LDLIBS)

.PHONY: check-kvm
CHECKS += check-kvm
# The harness bounds its own waits; timeout(1) is the last resort.  A crash
# or a nonzero exit without a FAIL line still fails the suite.
check-kvm: $(KVM_T)/sbi_test $(KVM_T)/sbi_guest.bin $(KVM_T)/pmu_test $(KVM_T)/pmu_guest.bin
	@mkdir -p $(RESULTS)
	@timeout 180 $(KVM_T)/sbi_test $(KVM_T)/sbi_guest.bin > $(KVM_T)/sbi_test.out 2> $(KVM_T)/sbi_test.err; \
	  rc=$$?; grep -E '^(PASS|FAIL) ' $(KVM_T)/sbi_test.out > $(RESULTS)/kvm.txt; \
	  if [ $$rc -ne 0 ] && ! grep -q '^FAIL ' $(RESULTS)/kvm.txt; then \
	    echo "FAIL kvm_sbi.exit (status $$rc)" >> $(RESULTS)/kvm.txt; fi; \
	  timeout 90 $(KVM_T)/pmu_test $(KVM_T)/pmu_guest.bin > $(KVM_T)/pmu_test.out 2> $(KVM_T)/pmu_test.err; \
	  prc=$$?; grep -E '^(PASS|FAIL) ' $(KVM_T)/pmu_test.out >> $(RESULTS)/kvm.txt; \
	  if [ $$prc -ne 0 ] && ! grep -q '^FAIL kvm_pmu' $(RESULTS)/kvm.txt; then \
	    echo "FAIL kvm_pmu.exit (status $$prc)" >> $(RESULTS)/kvm.txt; fi; \
	  grep '^FAIL ' $(RESULTS)/kvm.txt; sed 's/^/    sbi_test: /' $(KVM_T)/sbi_test.err | head -40; \
	  sed 's/^/    pmu_test: /' $(KVM_T)/pmu_test.err | head -20; \
	  echo "kvm: $$(grep -c '^PASS' $(RESULTS)/kvm.txt) passed, $$(grep -c '^FAIL' $(RESULTS)/kvm.txt) failed"; \
	  [ $$rc -eq 0 ] && [ $$prc -eq 0 ] && ! grep -q '^FAIL ' $(RESULTS)/kvm.txt
