# Differential tests: rvkvm's hart against QEMU on seeded random instruction
# sequences (RV64IMAFDC, Zba/Zbb/Zbs, Zicond, forward branches).
# tests/difftest/gen.c writes them, harness.S runs them and prints the state
# each leaves, run.sh runs every ELF on both and compares the output.
#   make check-difftest  fixed seeds, DIFFTEST_CHECK_COUNT sequences per seed
#                        -> $(RESULTS)/difftest.txt
#   make difftest        a longer run: DIFFTEST_SEEDS="S1 S2 ..." or else
#                        DIFFTEST_ITER random seeds -> $(RESULTS)/difftest-long.txt
#   make difftest-qemu   the generator alone: each ELF twice on QEMU (same
#                        output, no trap) -> $(RESULTS)/difftest-qemu.txt
# A failure names the seed, the sequence and the first differing register;
# tests/difftest/run.sh --seed S --index I replays that one sequence.
DIFFTEST_DIR         := $(B)/tests/difftest
DIFFTEST_GEN         := $(DIFFTEST_DIR)/gen
DIFFTEST_CHECK_SEEDS := $(shell seq 1 20)
DIFFTEST_CHECK_COUNT := 250
DIFFTEST_ITER        ?= 40
DIFFTEST_SEEDS       ?=
DIFFTEST_COUNT       ?= 250
DIFFTEST_LEN         ?= 200
DIFFTEST_RUN = B=$(B) RVKVM=$(RVKVM) RV_CC=$(RV_CC) RV_ASFLAGS="$(RV_ASFLAGS)" \
               QEMU_SPIKE="$(QEMU_SPIKE)" bash tests/difftest/run.sh

$(DIFFTEST_GEN): tests/difftest/gen.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

.PHONY: check-difftest difftest difftest-qemu
CHECKS += check-difftest

check-difftest: $(RVKVM) $(DIFFTEST_GEN)
	@$(DIFFTEST_RUN) --seeds "$(DIFFTEST_CHECK_SEEDS)" --count $(DIFFTEST_CHECK_COUNT) \
	  --results $(RESULTS)/difftest.txt

difftest: $(RVKVM) $(DIFFTEST_GEN)
	@$(DIFFTEST_RUN) $(if $(strip $(DIFFTEST_SEEDS)),--seeds "$(DIFFTEST_SEEDS)",--iter $(DIFFTEST_ITER)) \
	  --count $(DIFFTEST_COUNT) --len $(DIFFTEST_LEN) --results $(RESULTS)/difftest-long.txt

difftest-qemu: $(DIFFTEST_GEN)
	@$(DIFFTEST_RUN) --qemu-only --seeds "$(DIFFTEST_CHECK_SEEDS)" --count $(DIFFTEST_CHECK_COUNT) \
	  --results $(RESULTS)/difftest-qemu.txt

# The vector extension's differential tests (their own generator and harness).
include tests/difftest/vector.mk
