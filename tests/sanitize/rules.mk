# rvkvm itself under AddressSanitizer and UndefinedBehaviorSanitizer: the
# whole binary built with -fsanitize=address,undefined runs the bare-metal
# suites (ISA, privileged, H extension, SMP), a Linux boot that runs a
# nested KVM guest, one as a hypervisor guest with vCPU hotplug, and one
# moving data both ways over virtio-net (slirp) with a balloon reporting
# free pages; any sanitizer report fails the case (-fno-sanitize-recover).
#   make check-sanitize   -> $(RESULTS)/sanitize.txt
SAN_B      := $(B)/sanitize
SAN_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
SAN_RVKVM  := $(SAN_B)/rvkvm
SAN_ENV    := ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:exitcode=99 UBSAN_OPTIONS=print_stacktrace=1

$(eval $(call rvkvm_variant,sanitize,$(SAN_CFLAGS)))
CHECK_PREBUILD += $(SAN_RVKVM)

.PHONY: check-sanitize
CHECKS += check-sanitize
# The ELF lists come from the other suites' rules.mk, read after this one:
# they are expanded when the recipe runs.
check-sanitize: $(SAN_RVKVM)
	@mkdir -p $(RESULTS)
	@$(MAKE) --no-print-directory $(ISA_ELFS) $(PRIV_ELFS) $(HEXT_ELFS) $(B)/tests/smp/atomics-2.elf \
	  $(B)/tests/smp/fencei.elf >/dev/null
	@{ for t in $(ISA_ELFS) $(PRIV_ELFS) $(HEXT_ELFS); do \
	    n=sanitize/$$(basename $$(dirname $$t))/$$(basename $$t .elf); \
	    case $$(basename $$t .elf) in $(ISA_ROPTS_CASE) *) ropts="";; esac; \
	    $(SAN_ENV) timeout 60 $(SAN_RVKVM) run $$ropts --firmware $$t > $(SAN_B)/last.log 2>&1; rc=$$?; \
	    if [ $$rc -eq 0 ]; then echo "PASS $$n"; \
	    else echo "FAIL $$n (exit $$rc)"; grep -m3 -E 'Sanitizer|runtime error' $(SAN_B)/last.log; fi; \
	  done; \
	  for t in atomics-2 fencei; do \
	    $(SAN_ENV) timeout 120 $(SAN_RVKVM) run --cpus 2 --firmware $(B)/tests/smp/$$t.elf > $(SAN_B)/last.log 2>&1; rc=$$?; \
	    if [ $$rc -eq 0 ]; then echo "PASS sanitize/smp/$$t"; \
	    else echo "FAIL sanitize/smp/$$t (exit $$rc)"; grep -m3 -E 'Sanitizer|runtime error' $(SAN_B)/last.log; fi; \
	  done; } > $(RESULTS)/sanitize.txt
	@bash scripts/guest-image.sh -q > $(SAN_B)/image.env && set -a && . $(SAN_B)/image.env && set +a && \
	  $(SAN_ENV) bash guest/kvm-test.sh -n sanitize/linux-kvm -t 400 -l $(SAN_B)/linux-kvm.log \
	  -r $(RESULTS)/sanitize.txt -- $(SAN_RVKVM) run --cpus 2 --mem 512M \
	  --firmware @FW@ --kernel @KERNEL@ --initrd @INITRD@ --append @APPEND@ || true
	@set -a && . $(SAN_B)/image.env && set +a && \
	  $(SAN_ENV) bash guest/boot-test.sh -n sanitize/linux-hyp-smp2 -t 400 -l $(SAN_B)/linux-hyp.log \
	  -r $(RESULTS)/sanitize.txt -c 'c=/sys/devices/system/cpu/cpu1; echo 0 > $$c/online; echo 1 > $$c/online; grep -c ^processor /proc/cpuinfo' \
	  -e '^2$$' -- $(SAN_RVKVM) run --cpus 2 --mem 512M --kernel @KERNEL@ --initrd @INITRD@ --append @APPEND@ || true
	@set -a && . $(SAN_B)/image.env && set +a && \
	  $(SAN_ENV) bash guest/net-test.sh -m user -n sanitize/linux-hyp-devices -t 400 -w $(SAN_B) \
	  -r $(RESULTS)/sanitize.txt -- $(SAN_RVKVM) run --cpus 2 --mem 512M --kernel @KERNEL@ \
	  --initrd @INITRD@ --append @APPEND@ --net @NET@ --balloon=free_page_reporting=on || true
	@grep -c '^PASS' $(RESULTS)/sanitize.txt | sed 's/^/sanitize: /; s/$$/ passed/'
	@! grep -q '^FAIL' $(RESULTS)/sanitize.txt
