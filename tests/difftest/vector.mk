# Vector differential tests (V 1.0, VLEN 128): rvkvm against QEMU 7.2
# (-cpu rv64,v=true,vlen=128,elen=64,vext_spec=v1.0) on seeded random
# vector sequences.  tests/difftest/vgen.c writes them, vharness.S runs them
# and prints the state (x, f, fcsr, vl, vtype, vstart, vcsr, v0..v31, a
# data-area hash), vrun.sh compares both outputs.  A fragment of the shared
# rules (same variables as tests/difftest/rules.mk).
#   make check-difftest-vector  fixed seeds per group, and a few sequences
#                               with random OP-V words (illegal-instruction
#                               traps counted) -> $(RESULTS)/difftest-vector.txt
#   make difftest-vector        longer: VDIFFTEST_SEEDS="S..." or else
#                               VDIFFTEST_ITER random seeds, VDIFFTEST_GROUPS
#   make difftest-vector-qemu   the generator alone: each ELF twice on QEMU
# tests/difftest/vrun.sh --seed S --index I [--groups G] replays one sequence.
VDIFFTEST_GEN    := $(B)/tests/difftest/vgen
VDIFFTEST_ITER   ?= 20
VDIFFTEST_SEEDS  ?=
VDIFFTEST_GROUPS ?= all
VDIFFTEST_COUNT  ?= 50
VDIFFTEST_LEN    ?= 100
VDIFFTEST_RUN = B=$(B) CC="$(CC)" RVKVM=$(RVKVM) RV_CC=$(RV_CC) RV_ASFLAGS="$(RV_ASFLAGS)" \
                QEMU_SPIKE="$(QEMU_SPIKE)" bash tests/difftest/vrun.sh
# check: GROUPS/SEEDS (seeds joined by +), VDIFFTEST_CHECK_COUNT sequences
# of 100 instructions per seed (about 10 s on both emulators).
VDIFFTEST_CHECK       := mem/1+2+3 int/1+2+3 mask/1+2+3 fp/1+2+3 all/1+2+3+4 all,illegal/1+2+3
VDIFFTEST_CHECK_COUNT := 50

$(VDIFFTEST_GEN): tests/difftest/vgen.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

.PHONY: check-difftest-vector difftest-vector difftest-vector-qemu
CHECKS += check-difftest-vector

# $(call vdifftest_all,EXTRA,RESULTS-FILE): every VDIFFTEST_CHECK line.
define vdifftest_all
	@mkdir -p $(RESULTS); : > $(2); st=0; \
	for a in $(VDIFFTEST_CHECK); do \
	  $(VDIFFTEST_RUN) --groups "$${a%/*}" --seeds "$$(echo "$${a#*/}" | tr + ' ')" \
	    --count $(VDIFFTEST_CHECK_COUNT) $(1) --results $(2).part || st=1; \
	  cat $(2).part >> $(2); \
	done; rm -f $(2).part; exit $$st
endef

check-difftest-vector: $(RVKVM) $(VDIFFTEST_GEN)
	$(call vdifftest_all,,$(RESULTS)/difftest-vector.txt)

difftest-vector: $(RVKVM) $(VDIFFTEST_GEN)
	@$(VDIFFTEST_RUN) $(if $(strip $(VDIFFTEST_SEEDS)),--seeds "$(VDIFFTEST_SEEDS)",--iter $(VDIFFTEST_ITER)) \
	  --groups $(VDIFFTEST_GROUPS) --count $(VDIFFTEST_COUNT) --len $(VDIFFTEST_LEN) \
	  --results $(RESULTS)/difftest-vector-long.txt

difftest-vector-qemu: $(VDIFFTEST_GEN)
	$(call vdifftest_all,--qemu-only,$(RESULTS)/difftest-vector-qemu.txt)
