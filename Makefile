# rvkvm — top-level build.  `make` builds build/rvkvm; `make check` installs
# missing host packages (scripts/deps.sh) and runs every test.
CC       ?= gcc
CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -Wall -Wextra -Werror -Iinclude -I. -D_GNU_SOURCE
LDLIBS   += -lfdt -lz -lm -lpthread
# The monitor's own libraries (vmm/net, vmm/aio.c, vmm/api).
VMM_LDLIBS := -lslirp -luring -lmicrohttpd -ljson-c
B        := build

# Layers: hw/ (hardware), kvm/ (hypervisor core), vmm/ (monitor).
HW_SRCS  := $(wildcard hw/*.c hw/riscv/*.c)
KVM_SRCS := $(wildcard kvm/*.c kvm/riscv/*.c)
VMM_SRCS := $(wildcard vmm/*.c vmm/*/*.c)
CORE_SRCS := $(HW_SRCS) $(KVM_SRCS)

CORE_OBJS := $(CORE_SRCS:%.c=$(B)/%.o)
VMM_OBJS  := $(VMM_SRCS:%.c=$(B)/%.o)
DEPS      := $(CORE_OBJS:.o=.d) $(VMM_OBJS:.o=.d)

RVKVM := $(B)/rvkvm

.PHONY: all deps check clean bench difftest run
all: $(RVKVM)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/librvkvm-core.a: $(CORE_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(RVKVM): $(VMM_OBJS) $(B)/librvkvm-core.a
	$(CC) $(CFLAGS) -o $@ $^ $(VMM_LDLIBS) $(LDLIBS)

deps:
	@bash scripts/deps.sh

# Boot the default guest: OpenSBI + Debian's kernel + the busybox initramfs
# (scripts/guest-image.sh fetches and caches them) to a shell on the console.
# Ctrl-A x quits; `poweroff` in the guest ends the run.
RUN_CPUS ?= 2
RUN_MEM  ?= 512M
RUN_ARGS ?=
RUN_NET  ?= user   # the guest's eth0 (DHCP at boot); RUN_NET= for none
run: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/guest-image.sh -q > $(B)/run-image.env
	@set -a; . $(B)/run-image.env; set +a; \
	exec $(RVKVM) run --cpus $(RUN_CPUS) --mem $(RUN_MEM) --kernel "$$RVKVM_GUEST_KERNEL" \
	  --initrd "$$RVKVM_GUEST_INITRD" --append "console=ttyS0 quiet" \
	  $(if $(strip $(RUN_NET)),--net $(strip $(RUN_NET))) $(RUN_ARGS)

# Guest-side (riscv64) test programs, and QEMU as the test oracle.
RV_CC      := riscv64-linux-gnu-gcc
RV_MARCH   := rv64gc_zicsr_zifencei_zba_zbb_zbs
RV_ASFLAGS := -march=$(RV_MARCH) -mabi=lp64d -nostdlib -nostartfiles -static \
              -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Itests/env -T tests/env/link.ld
QEMU_SPIKE := qemu-system-riscv64 -M spike -bios none -nographic -kernel
# Results: each suite writes "PASS name" / "FAIL name" lines to $(B)/results/<suite>.txt
RESULTS    := $(B)/results

# $(call rvkvm_variant,DIR,FLAGS): rules for $(B)/DIR/rvkvm, the whole
# binary built with extra compiler FLAGS, objects in $(B)/DIR (used by the
# sanitizer and JIT suites).
define rvkvm_variant
$(B)/$(1)/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) $(2) -MMD -MP -c $$< -o $$@
$(B)/$(1)/rvkvm: $(CORE_SRCS:%.c=$(B)/$(1)/%.o) $(VMM_SRCS:%.c=$(B)/$(1)/%.o)
	$$(CC) $$(CFLAGS) $(2) -o $$@ $$^ $$(VMM_LDLIBS) $$(LDLIBS)
-include $(CORE_SRCS:%.c=$(B)/$(1)/%.d) $(VMM_SRCS:%.c=$(B)/$(1)/%.d)
endef

# Test suites add themselves to CHECKS in their own fragments.
CHECKS :=
CHECK_PREBUILD :=
-include $(wildcard tests/*/rules.mk)
-include bench/rules.mk
-include bench/vs.mk
-include bench/hyp.mk
-include guest/rules.mk
CHECKS += check-guest-rvkvm check-guest-hyp-rvkvm check-guest-kvm-rvkvm
# Fuzzing seeds itself from the other suites' programs: run it last.
CHECKS := $(filter-out check-fuzz,$(CHECKS)) $(filter check-fuzz,$(CHECKS))

# Suites list what they build in CHECK_PREBUILD (rvkvm variants, fuzzers):
# built first, in parallel, as the suites themselves run one at a time.
NPROC := $(shell nproc 2>/dev/null || echo 2)
check: deps
	@rm -rf $(RESULTS)
	@$(MAKE) --no-print-directory -j$(NPROC) all $(CHECK_PREBUILD)
	@$(MAKE) --no-print-directory -k $(CHECKS); rc=$$?; bash scripts/summary.sh $(RESULTS) && exit $$rc

clean:
	rm -rf $(B)

-include $(DEPS)
