# tests/snapshot: snapshots end to end through the API (tests/snapshot/run.sh
# for hypervisor guests, full.sh for a full machine under OpenSBI) and the
# state/memory file format (file_test, fuzz_snapshot).
#   - file_test: unit tests (ASan+UBSan) of vmm/snapshot/file.c (state file,
#     memory file, roll forward, rebase) and vmm/snapshot/config.c (the
#     configuration as JSON);
#   - uffd_test: unit tests of the Uffd memory backend (vmm/snapshot/uffd.c)
#     with the example handler uffd_handler (run.sh runs both);
#   - fuzz_snapshot: libFuzzer on snap_parse/snap_get and
#     snap_config_from_json (SNAPSHOT_FUZZ_TIME s), seeded by
#     fuzz_snapshot_seeds (the same file built with -DFUZZ_SEEDS).
# `make check-snapshot` -> $(RESULTS)/snapshot.txt (run.sh) and
# $(RESULTS)/snapshot_file.txt (file_test and the fuzz run, which
# `make check-snapshot-file` runs alone); `make fuzz-snapshot` fuzzes for
# 10 minutes.
SNAPSHOT_T          := $(B)/tests/snapshot
SNAPSHOT_FILE_SRCS  := vmm/snapshot/file.c vmm/snapshot/config.c
SNAPSHOT_FILE_HDRS  := vmm/snapshot/file.h vmm/snapshot/config.h vmm/machine.h vmm/say.h
SNAPSHOT_FILE_LIBS  := -lz -ljson-c
SNAPSHOT_FUZZ_TIME  ?= 10
SNAPSHOT_SAN_FLAGS  := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Iinclude -I. -D_GNU_SOURCE \
                       -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

$(SNAPSHOT_T)/file_test: tests/snapshot/file_test.c $(SNAPSHOT_FILE_SRCS) $(SNAPSHOT_FILE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(SNAPSHOT_SAN_FLAGS) -o $@ tests/snapshot/file_test.c $(SNAPSHOT_FILE_SRCS) \
	  $(SNAPSHOT_FILE_LIBS)

$(SNAPSHOT_T)/fuzz_snapshot: tests/snapshot/fuzz_snapshot.c $(SNAPSHOT_FILE_SRCS) $(SNAPSHOT_FILE_HDRS)
	@mkdir -p $(dir $@)
	clang $(SNAPSHOT_SAN_FLAGS) -fsanitize=fuzzer -o $@ tests/snapshot/fuzz_snapshot.c \
	  $(SNAPSHOT_FILE_SRCS) $(SNAPSHOT_FILE_LIBS)

# full.sh's hostile snapshots: one value rewritten, the file kept well formed.
$(SNAPSHOT_T)/state_edit: tests/snapshot/state_edit.c vmm/snapshot/file.c vmm/snapshot/file.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ tests/snapshot/state_edit.c vmm/snapshot/file.c -lz

# The Uffd memory backend: uffd_handler, the example page-fault handler
# run.sh restores with, and uffd_test, unit tests (ASan+UBSan) of
# vmm/snapshot/uffd.c against it (run by run.sh too).
$(SNAPSHOT_T)/uffd_handler: tests/snapshot/uffd_handler.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -ljson-c

$(SNAPSHOT_T)/uffd_test: tests/snapshot/uffd_test.c vmm/snapshot/uffd.c vmm/snapshot/uffd.h \
                         vmm/say.h
	@mkdir -p $(dir $@)
	$(CC) $(SNAPSHOT_SAN_FLAGS) -o $@ tests/snapshot/uffd_test.c vmm/snapshot/uffd.c -lpthread

# The seeds are written through file.c and config.c themselves.
$(SNAPSHOT_T)/fuzz_snapshot_seeds: tests/snapshot/fuzz_snapshot.c $(SNAPSHOT_FILE_SRCS) \
                                   $(SNAPSHOT_FILE_HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -Wall -Wextra -Werror -Iinclude -I. -D_GNU_SOURCE -DFUZZ_SEEDS -o $@ \
	  tests/snapshot/fuzz_snapshot.c $(SNAPSHOT_FILE_SRCS) $(SNAPSHOT_FILE_LIBS)

.PHONY: check-snapshot check-snapshot-file fuzz-snapshot
CHECKS += check-snapshot
# The unit tests and the fuzz run first (they are quick), then the end to
# end runs, hypervisor guest (run.sh) and full machine (full.sh, adding to
# the same results); a build failure is a FAIL line, not a missing results
# file.
check-snapshot: $(RVKVM) check-snapshot-file
	@mkdir -p $(RESULTS) $(B)/tests/snapshot
	@$(MAKE) --no-print-directory $(SNAPSHOT_T)/state_edit > $(SNAPSHOT_T)/state_edit.log 2>&1; \
	  $(MAKE) --no-print-directory $(SNAPSHOT_T)/uffd_handler $(SNAPSHOT_T)/uffd_test \
	    > $(SNAPSHOT_T)/uffd_build.log 2>&1; \
	  bash tests/snapshot/run.sh $(RVKVM) $(B)/tests/snapshot/e2e $(RESULTS)/snapshot.txt \
	    $(SNAPSHOT_T); \
	  bash tests/snapshot/full.sh $(RVKVM) $(SNAPSHOT_T)/state_edit $(B)/tests/snapshot/full \
	    $(RESULTS)/snapshot.txt

check-snapshot-file:
	@mkdir -p $(RESULTS) $(SNAPSHOT_T)/corpus
	@{ if $(MAKE) --no-print-directory $(SNAPSHOT_T)/file_test $(SNAPSHOT_T)/fuzz_snapshot \
	        $(SNAPSHOT_T)/fuzz_snapshot_seeds > $(SNAPSHOT_T)/build.log 2>&1; then \
	     TMPDIR=$(SNAPSHOT_T) $(SNAPSHOT_T)/file_test > $(SNAPSHOT_T)/unit.out 2> $(SNAPSHOT_T)/unit.log; \
	     rc=$$?; cat $(SNAPSHOT_T)/unit.out; \
	     if [ $$rc -ne 0 ] && ! grep -q '^FAIL' $(SNAPSHOT_T)/unit.out; then \
	       echo "FAIL snapshot_file.unit (exit $$rc, see $(SNAPSHOT_T)/unit.log)"; fi; \
	     if ! $(SNAPSHOT_T)/fuzz_snapshot_seeds $(SNAPSHOT_T)/corpus > $(SNAPSHOT_T)/seeds.log 2>&1; then \
	       echo "FAIL snapshot_file.fuzz_seeds (see $(SNAPSHOT_T)/seeds.log)"; \
	     elif $(SNAPSHOT_T)/fuzz_snapshot -max_total_time=$(SNAPSHOT_FUZZ_TIME) -timeout=10 \
	          -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(SNAPSHOT_T)/ \
	          $(SNAPSHOT_T)/corpus > $(SNAPSHOT_T)/fuzz.log 2>&1; then \
	       echo "PASS snapshot_file.fuzz ($$(grep -o 'stat::number_of_executed_units: [0-9]*' \
	         $(SNAPSHOT_T)/fuzz.log | grep -o '[0-9]*$$') runs)"; \
	     else echo "FAIL snapshot_file.fuzz (see $(SNAPSHOT_T)/fuzz.log)"; fi; \
	   else echo "FAIL snapshot_file.build (see $(SNAPSHOT_T)/build.log)"; fi; \
	 } > $(RESULTS)/snapshot_file.txt
	@grep -v '^PASS' $(SNAPSHOT_T)/unit.log $(RESULTS)/snapshot_file.txt >&2 2>/dev/null || true
	@echo "snapshot_file: $$(grep -c '^PASS' $(RESULTS)/snapshot_file.txt) passed, $$(grep -c '^FAIL' $(RESULTS)/snapshot_file.txt) failed"

fuzz-snapshot: SNAPSHOT_FUZZ_TIME = 600
fuzz-snapshot: check-snapshot-file
