# tests/stats: KVM_GET_STATS_FD (kvm/stats.c) against api.rst's layout and
# the guests' real exits and halts (stats_test, linked with the core), and
# `rvkvm run --stats-sock` + `rvkvm stat` end to end (run.sh).
# `make check-stats` writes $(RESULTS)/stats.txt.
STATS_T := $(B)/tests/stats

$(STATS_T)/stats_test: tests/stats/stats_test.c tests/lib/expect.h $(B)/librvkvm-core.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $(filter-out %.h,$^) $(LDLIBS)

$(STATS_T)/%.elf: tests/stats/%.S tests/env/test.h tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -o $@ $<

$(STATS_T)/%.bin: $(STATS_T)/%.elf
	riscv64-linux-gnu-objcopy -O binary $< $@

.PRECIOUS: $(STATS_T)/%.elf
.PHONY: check-stats
CHECKS += check-stats
check-stats: $(RVKVM) $(STATS_T)/stats_test $(STATS_T)/guest_full.bin $(STATS_T)/guest_hyp.bin \
             $(STATS_T)/stat_guest.elf
	@mkdir -p $(RESULTS)
	@bash tests/stats/run.sh $(RVKVM) $(STATS_T) $(RESULTS)/stats.txt
