# bench/: bare-metal workloads (bench/workloads/*.c on the runtime in
# bench/rt/) run on rvkvm and on QEMU side by side; see bench/run.sh.
#   make bench              build at BENCH_SCALE (default 64, about 1-2 s each
#                           on QEMU) and print the MIPS table, with the same
#                           workloads built for the host as the native column
#                           (make bench-native), also written to
#                           $(B)/bench/results.md.  Not part of `make check`.
#   make check-bench-build  build SCALE=1 instances, run each once on QEMU and
#                           rvkvm, compare checksums -> $(RESULTS)/bench.txt
#   BENCH_ONLY="sort crc32" restricts either to the named workloads;
#   BENCH_RUNS=N sets the timed runs per emulator (default 3).
BENCH_DIR     := $(B)/bench
BENCH_NAMES   := $(basename $(notdir $(wildcard bench/workloads/*.c)))
BENCH_ONLY    ?=
BENCH_RUN     := $(if $(BENCH_ONLY),$(filter $(BENCH_ONLY),$(BENCH_NAMES)),$(BENCH_NAMES))
BENCH_SCALE   ?= 64
BENCH_RUNS    ?= 3
BENCH_RT_SRCS := $(filter-out bench/rt/native.c,$(wildcard bench/rt/*.S bench/rt/*.c))
BENCH_RT_DEPS := $(BENCH_RT_SRCS) $(wildcard bench/rt/*.h) bench/rt/link.ld
# -fno-tree-loop-distribute-patterns: keep loops as written (and keep the
# runtime's memcpy/memset from becoming calls to themselves).
BENCH_CFLAGS  := -O2 -march=$(RV_MARCH) -mabi=lp64d -ffreestanding -nostdlib -mcmodel=medany \
                 -fno-tree-loop-distribute-patterns -std=gnu11 -Wall -Wextra -Werror -Ibench/rt
BENCH_LDFLAGS := -nostartfiles -static -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
                 -T bench/rt/link.ld

# One directory per scale (and variant), so changing BENCH_SCALE never
# reuses stale ELFs.  $(call bench_elf_rule,SCALE,DIR-PREFIX,EXTRA-FLAGS)
define bench_elf_rule
$(BENCH_DIR)/$(2)$(1)/%.elf: bench/workloads/%.c $(BENCH_RT_DEPS)
	@mkdir -p $$(dir $$@)
	$(RV_CC) $(BENCH_CFLAGS) $(3) -DSCALE=$(1) $(BENCH_LDFLAGS) -o $$@ $(BENCH_RT_SRCS) $$< -lgcc
endef
$(foreach s,$(sort 1 $(BENCH_SCALE)),$(eval $(call bench_elf_rule,$(s),s,)))

# The same workloads built for the host (bench/rt/native.c), the "native"
# column of bench/run.sh --native.
$(BENCH_DIR)/native-s$(BENCH_SCALE)/%: bench/workloads/%.c bench/rt/native.c bench/rt/rt.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -std=gnu11 -Wall -Wextra -Werror -fno-tree-loop-distribute-patterns -DRT_NATIVE \
	  -DSCALE=$(BENCH_SCALE) -Ibench/rt -o $@ bench/rt/native.c $<
BENCH_NATIVE := $(BENCH_RUN:%=$(BENCH_DIR)/native-s$(BENCH_SCALE)/%)
.PHONY: bench-native
bench-native: $(BENCH_NATIVE)

BENCH_ELFS       := $(BENCH_RUN:%=$(BENCH_DIR)/s$(BENCH_SCALE)/%.elf)
BENCH_CHECK_ELFS := $(BENCH_RUN:%=$(BENCH_DIR)/s1/%.elf)

.PHONY: bench bench-elfs check-bench-build
bench-elfs: $(BENCH_ELFS)

# A broken rvkvm build still benchmarks QEMU (run.sh reports rvkvm's failure).
bench: $(BENCH_ELFS) $(BENCH_NATIVE)
	-@$(MAKE) --no-print-directory $(RVKVM)
	@bash bench/run.sh --rvkvm $(RVKVM) --qemu "$(QEMU_SPIKE)" --runs $(BENCH_RUNS) \
	  --native $(BENCH_DIR)/native-s$(BENCH_SCALE) --out $(BENCH_DIR)/results.md $(BENCH_ELFS)

# Linux on both emulators: boot time and in-guest CPU work (bench/linux.sh).
.PHONY: bench-linux
bench-linux:
	-@$(MAKE) --no-print-directory $(RVKVM)
	@for n in 1 2; do bash bench/linux.sh --rvkvm $(RVKVM) --cpus $$n --runs 2; echo; done
bench: bench-linux

CHECKS += check-bench-build
check-bench-build: $(RVKVM) $(BENCH_CHECK_ELFS)
	@bash bench/run.sh --check $(RESULTS)/bench.txt --timeout 60 --rvkvm $(RVKVM) \
	  --qemu "$(QEMU_SPIKE)" $(BENCH_CHECK_ELFS)

# Nested virtualization: Linux's KVM inside the guest (bench/nested.sh,
# guest/kvm/bench.c): MMIO exits/s, in-kernel SBI calls/s and the VS-mode
# overhead of a CPU workload, on QEMU (-cpu rv64,h=true) and rvkvm.
.PHONY: bench-nested
bench-nested:
	-@$(MAKE) --no-print-directory $(RVKVM)
	@bash bench/nested.sh --rvkvm $(RVKVM) --cpus 1 --runs 2
bench: bench-nested

# virtio-net throughput and latency (bench/net.sh): make bench-net.
-include bench/net.mk

# virtio-blk and virtio-fs throughput (bench/blk.sh): make bench-blk.
-include bench/blk.mk

# Snapshot save and restore against QEMU's migrate (bench/snapshot.sh):
# make bench-snapshot.
-include bench/snapshot.mk
-include bench/migrate.mk  # live migration against QEMU's (bench/migrate.sh): make bench-migrate
-include bench/vector.mk   # V against scalar code, rvkvm and QEMU (bench/vector.sh): make bench-vector
