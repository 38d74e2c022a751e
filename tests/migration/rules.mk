# tests/migration: the live-migration wire format (vmm/migration/stream.c),
# built from its own sources alone (no VMM):
#   - stream_test: unit tests (ASan+UBSan) of the records, the destination's
#     checked reader, the reply, and unix:/tcp: addresses;
#   - fuzz_migration: libFuzzer on mig_recv_config + mig_recv_memory
#     (MIGRATION_FUZZ_TIME s), seeded by fuzz_migration_seeds (the same file
#     built with -DFUZZ_SEEDS, writing streams with the source's functions).
# `make check-migration-stream` -> $(RESULTS)/migration_stream.txt;
# `make fuzz-migration` fuzzes for 10 minutes.
MIG_STREAM_T      := $(B)/tests/migration
MIG_STREAM_SRCS   := vmm/migration/stream.c
# stream.c's own headers (say.h: header-only, so stream.c still links alone)
MIG_STREAM_HDRS   := vmm/migration/stream.h $(wildcard vmm/say.h)
MIGRATION_FUZZ_TIME ?= 10
MIG_STREAM_FLAGS  := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Iinclude -I. -D_GNU_SOURCE
MIG_STREAM_SAN    := -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

$(MIG_STREAM_T)/stream_test: tests/migration/stream_test.c $(MIG_STREAM_SRCS) $(MIG_STREAM_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(MIG_STREAM_FLAGS) $(MIG_STREAM_SAN) -pthread -o $@ tests/migration/stream_test.c \
	  $(MIG_STREAM_SRCS)

$(MIG_STREAM_T)/fuzz_migration: tests/migration/fuzz_migration.c $(MIG_STREAM_SRCS) \
                                $(MIG_STREAM_HDRS)
	@mkdir -p $(dir $@)
	clang $(MIG_STREAM_FLAGS) $(MIG_STREAM_SAN) -fsanitize=fuzzer -o $@ \
	  tests/migration/fuzz_migration.c $(MIG_STREAM_SRCS)

# The seeds are written through stream.c's own source-side functions.
$(MIG_STREAM_T)/fuzz_migration_seeds: tests/migration/fuzz_migration.c $(MIG_STREAM_SRCS) \
                                      $(MIG_STREAM_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(MIG_STREAM_FLAGS) -DFUZZ_SEEDS -o $@ tests/migration/fuzz_migration.c \
	  $(MIG_STREAM_SRCS)

.PHONY: check-migration-stream fuzz-migration
CHECKS += check-migration-stream
# A build failure is a FAIL line, not a missing results file.
check-migration-stream:
	@mkdir -p $(RESULTS) $(MIG_STREAM_T)/corpus
	@rm -f $(MIG_STREAM_T)/unit.log
	@{ if $(MAKE) --no-print-directory $(MIG_STREAM_T)/stream_test \
	        $(MIG_STREAM_T)/fuzz_migration $(MIG_STREAM_T)/fuzz_migration_seeds \
	        > $(MIG_STREAM_T)/build.log 2>&1; then \
	     TMPDIR=$(MIG_STREAM_T) $(MIG_STREAM_T)/stream_test > $(MIG_STREAM_T)/unit.out \
	       2> $(MIG_STREAM_T)/unit.log; \
	     rc=$$?; cat $(MIG_STREAM_T)/unit.out; \
	     if [ $$rc -ne 0 ] && ! grep -q '^FAIL' $(MIG_STREAM_T)/unit.out; then \
	       echo "FAIL stream.unit (exit $$rc, see $(MIG_STREAM_T)/unit.log)"; fi; \
	     if ! $(MIG_STREAM_T)/fuzz_migration_seeds $(MIG_STREAM_T)/corpus \
	          > $(MIG_STREAM_T)/seeds.log 2>&1; then \
	       echo "FAIL stream.fuzz_seeds (see $(MIG_STREAM_T)/seeds.log)"; \
	     elif $(MIG_STREAM_T)/fuzz_migration -max_total_time=$(MIGRATION_FUZZ_TIME) \
	          -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	          -artifact_prefix=$(MIG_STREAM_T)/ $(MIG_STREAM_T)/corpus \
	          > $(MIG_STREAM_T)/fuzz.log 2>&1; then \
	       echo "PASS stream.fuzz ($$(grep -o 'stat::number_of_executed_units: [0-9]*' \
	         $(MIG_STREAM_T)/fuzz.log | grep -o '[0-9]*$$') runs)"; \
	     else echo "FAIL stream.fuzz (see $(MIG_STREAM_T)/fuzz.log)"; fi; \
	   else echo "FAIL stream.build (see $(MIG_STREAM_T)/build.log)"; fi; \
	 } | tee $(RESULTS)/migration_stream.txt
	@grep -v '^PASS\|^stream_test: ' $(MIG_STREAM_T)/unit.log >&2 2>/dev/null || true
	@echo "migration_stream: $$(grep -c '^PASS' $(RESULTS)/migration_stream.txt) passed," \
	  "$$(grep -c '^FAIL' $(RESULTS)/migration_stream.txt) failed"

fuzz-migration: MIGRATION_FUZZ_TIME = 600
fuzz-migration: check-migration-stream

# Post-copy and live migration end to end:
#   - postcopy_test: unit tests (ASan+UBSan) of vmm/migration/postcopy.c in
#     one process (a source serving over a socketpair, the destination's RAM
#     under a userfaultfd, threads faulting on it);
#   - run.sh: rvkvm processes migrating a running Linux guest through the API
#     (pre-copy over unix and TCP, paused, post-copy) and the fault cases;
#     fake_dest is a destination that takes a whole stream and refuses.
# `make check-migration` -> $(RESULTS)/migration.txt.
MIG_POSTCOPY_SRCS := vmm/migration/postcopy.c vmm/migration/stream.c

$(MIG_STREAM_T)/postcopy_test: tests/migration/postcopy_test.c $(MIG_POSTCOPY_SRCS) \
                               vmm/migration/postcopy.h $(MIG_STREAM_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(MIG_STREAM_FLAGS) $(MIG_STREAM_SAN) -pthread -o $@ tests/migration/postcopy_test.c \
	  $(MIG_POSTCOPY_SRCS)

$(MIG_STREAM_T)/fake_dest: tests/migration/fake_dest.c $(MIG_STREAM_SRCS) $(MIG_STREAM_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(MIG_STREAM_FLAGS) -o $@ tests/migration/fake_dest.c $(MIG_STREAM_SRCS)

.PHONY: check-migration
CHECKS += check-migration
check-migration: $(RVKVM)
	@mkdir -p $(RESULTS) $(MIG_STREAM_T)
	@{ if $(MAKE) --no-print-directory $(MIG_STREAM_T)/postcopy_test $(MIG_STREAM_T)/fake_dest \
	        > $(MIG_STREAM_T)/build-e2e.log 2>&1; then \
	     $(MIG_STREAM_T)/postcopy_test > $(MIG_STREAM_T)/postcopy.out 2> $(MIG_STREAM_T)/postcopy.log; \
	     rc=$$?; grep '^[A-Z]* postcopy\.' $(MIG_STREAM_T)/postcopy.out; \
	     [ $$rc -eq 0 ] || grep -q '^FAIL' $(MIG_STREAM_T)/postcopy.out || \
	       echo "FAIL postcopy.run (exit $$rc, see $(MIG_STREAM_T)/postcopy.log)"; \
	     bash tests/migration/run.sh $(RVKVM) $(MIG_STREAM_T)/fake_dest $(MIG_STREAM_T)/e2e \
	       $(MIG_STREAM_T)/e2e.txt > /dev/null 2>&1; cat $(MIG_STREAM_T)/e2e.txt; \
	   else echo "FAIL migration.build (see $(MIG_STREAM_T)/build-e2e.log)"; fi; \
	 } | tee $(RESULTS)/migration.txt
	@echo "migration: $$(grep -c '^PASS' $(RESULTS)/migration.txt) passed," \
	  "$$(grep -c '^FAIL' $(RESULTS)/migration.txt) failed"
