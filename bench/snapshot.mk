# bench/snapshot.sh: snapshot save and restore times of a Linux guest on
# rvkvm (the API's /snapshot/create and /snapshot/load) and QEMU (migrate to
# a file, -incoming), side by side.
#   make bench-snapshot   print the table (also in $(B)/bench/snapshot.md); in `make bench`
#   BENCH_SNAPSHOT_MEM=MiB (guest memory; 512), BENCH_SNAPSHOT_RUNS=N (best of; 3)
BENCH_SNAPSHOT_MEM  ?= 512
BENCH_SNAPSHOT_RUNS ?= 3

.PHONY: bench-snapshot
bench-snapshot:
	-@$(MAKE) --no-print-directory $(RVKVM)
	@bash bench/snapshot.sh --rvkvm $(RVKVM) --mem $(BENCH_SNAPSHOT_MEM) --runs $(BENCH_SNAPSHOT_RUNS) \
	  --work $(B)/bench/snapshot --out $(B)/bench/snapshot.md
bench: bench-snapshot
