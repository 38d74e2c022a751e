# tests/hyp: programs that run as rvkvm hypervisor guests (`--kernel`,
# VS-mode, SBI from the core) and check the core's SBI from the inside:
# sbi.S every extension, rfence.S what a ranged remote fence drops.
#   make check-hyp   -> $(RESULTS)/hyp.txt
HYP_T := $(B)/tests/hyp
$(HYP_T)/%.elf: tests/hyp/%.S tests/hyp/hyp.inc bench/hyp/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) -march=$(RV_MARCH) -mabi=lp64d -nostdlib -nostartfiles -static \
	  -Wl,--build-id=none -Wl,--no-warn-rwx-segments -T bench/hyp/link.ld -Itests/hyp -o $@ $<

.PHONY: check-hyp
CHECKS += check-hyp
check-hyp: $(RVKVM) $(HYP_T)/sbi.elf $(HYP_T)/rfence.elf
	@mkdir -p $(RESULTS)
	@{ out=$$(timeout 60 $(RVKVM) run --cpus 2 --mem 64M --kernel $(HYP_T)/sbi.elf < /dev/null 2>&1); rc=$$?; \
	if [ $$rc = 0 ] && printf '%s\n' "$$out" | grep -q '^HYP-SBI-OK' && printf '%s\n' "$$out" | grep -q '^DBCN-OK'; then \
	  echo "PASS hyp/sbi"; else echo "FAIL hyp/sbi (exit $$rc: $$(printf '%s' "$$out" | tr '\n' ' ' | tail -c 200))"; fi; \
	out=$$(timeout 60 $(RVKVM) run --cpus 2 --mem 64M --kernel $(HYP_T)/rfence.elf < /dev/null 2>&1); rc=$$?; \
	if [ $$rc = 0 ] && printf '%s\n' "$$out" | grep -q '^HYP-RFENCE-OK'; then \
	  echo "PASS hyp/rfence"; else echo "FAIL hyp/rfence (exit $$rc: $$(printf '%s' "$$out" | tr '\n' ' ' | tail -c 200))"; fi; \
	} > $(RESULTS)/hyp.txt
	@cat $(RESULTS)/hyp.txt
	@! grep -q '^FAIL' $(RESULTS)/hyp.txt
