# Fuzz targets (libFuzzer + ASan/UBSan, built with clang).  `make check`
# runs each briefly from a small seed corpus; `make fuzz` runs longer.
# JIT_HOT=1: every block the hart fuzzer runs is compiled by the JIT first.
# The core is compiled once, one object per source (the fuzzers share them,
# and `make check` builds them in parallel: exec.c alone takes most of a
# minute under clang's sanitizers).
FUZZ_CC     := clang
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Iinclude -I. -D_GNU_SOURCE -DJIT_HOT=1 $(FUZZ_SAN)
FUZZ_DIR    := $(B)/fuzz
FUZZ_TIME   ?= 20

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@
-include $(CORE_SRCS:%.c=$(FUZZ_DIR)/obj/%.d)
FUZZ_HW_OBJS   := $(HW_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_CORE_OBJS := $(CORE_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)

$(FUZZ_DIR)/fuzz_hart: tests/fuzz/fuzz_hart.c $(FUZZ_HW_OBJS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ -lm
CHECK_PREBUILD += $(FUZZ_DIR)/fuzz_hart

# Seeds: the ISA test programs (built by the suites that run before this
# one: the top Makefile runs check-fuzz last) are good starting points.
.PHONY: check-fuzz fuzz
check-fuzz: $(FUZZ_DIR)/fuzz_hart
	@mkdir -p $(RESULTS) $(FUZZ_DIR)/corpus-hart
	@for f in $(B)/tests/isa/*.elf $(B)/tests/priv/*.elf; do \
	  [ -e "$$f" ] || continue; \
	  riscv64-linux-gnu-objcopy -O binary $$f $(FUZZ_DIR)/seed.bin || continue; \
	  { head -c 16 /dev/zero; head -c 65536 $(FUZZ_DIR)/seed.bin; } \
	    > $(FUZZ_DIR)/corpus-hart/seed-$$(basename $$f .elf); \
	done
	@if $(FUZZ_DIR)/fuzz_hart -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
	     -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_DIR)/corpus-hart > $(FUZZ_DIR)/hart.log 2>&1; then \
	  echo "PASS fuzz/hart ($$(grep -o 'stat::number_of_executed_units: [0-9]*' $(FUZZ_DIR)/hart.log | grep -o '[0-9]*$$') runs)"; \
	else echo "FAIL fuzz/hart (see $(FUZZ_DIR)/hart.log)"; tail -30 $(FUZZ_DIR)/hart.log >&2; fi > $(RESULTS)/fuzz.txt
	@cat $(RESULTS)/fuzz.txt

fuzz: FUZZ_TIME = 600
fuzz: FUZZ_SBI_TIME = 600
fuzz: check-fuzz
CHECKS += check-fuzz

# The SBI and MMIO exit paths of a hypervisor guest (tests/fuzz/fuzz_sbi.c):
# the whole core, run for FUZZ_SBI_TIME seconds in `make check`.
FUZZ_SBI_TIME ?= 20
$(FUZZ_DIR)/fuzz_sbi: tests/fuzz/fuzz_sbi.c $(FUZZ_CORE_OBJS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ -lm -lpthread
CHECK_PREBUILD += $(FUZZ_DIR)/fuzz_sbi $(FUZZ_DIR)/fuzz_sbi_seeds
$(FUZZ_DIR)/fuzz_sbi_seeds: tests/fuzz/fuzz_sbi.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -Wall -Wextra -Werror -Iinclude -I. -D_GNU_SOURCE -DFUZZ_SBI_SEEDS -o $@ $<

check-fuzz: check-fuzz-sbi
.PHONY: check-fuzz-sbi
check-fuzz-sbi: $(FUZZ_DIR)/fuzz_sbi $(FUZZ_DIR)/fuzz_sbi_seeds
	@mkdir -p $(RESULTS) $(FUZZ_DIR)/corpus-sbi
	@$(FUZZ_DIR)/fuzz_sbi_seeds $(FUZZ_DIR)/corpus-sbi
	@if $(FUZZ_DIR)/fuzz_sbi -max_total_time=$(FUZZ_SBI_TIME) -timeout=10 -rss_limit_mb=2048 \
	     -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/sbi- $(FUZZ_DIR)/corpus-sbi > $(FUZZ_DIR)/sbi.log 2>&1; then \
	  echo "PASS fuzz/sbi ($$(grep -o 'stat::number_of_executed_units: [0-9]*' $(FUZZ_DIR)/sbi.log | grep -o '[0-9]*$$') runs)"; \
	else echo "FAIL fuzz/sbi (see $(FUZZ_DIR)/sbi.log)"; tail -30 $(FUZZ_DIR)/sbi.log >&2; fi > $(RESULTS)/fuzz-sbi.txt
	@cat $(RESULTS)/fuzz-sbi.txt
	@! grep -q '^FAIL' $(RESULTS)/fuzz-sbi.txt
