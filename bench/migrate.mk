# bench/migrate.sh: live-migration downtime and total time of a running
# Linux guest on rvkvm (`run --incoming`, PUT /migration/send) and QEMU
# (`-incoming unix:`, HMP `migrate`), side by side: an idle 1 GiB guest and
# a busy 512 MiB one (64 MiB rewritten in a loop) with auto-converge off
# and on, 2 vCPUs, the same downtime target on both.
#   make bench-migrate   print the table (also in $(B)/bench/migrate.md); in `make bench`
#   BENCH_MIGRATE_RUNS=N (best of, by downtime; 3), BENCH_MIGRATE_DOWNTIME=ms
#   (the target; 50), BENCH_MIGRATE_TIMEOUT=s (per migration, then `fail`; 60)
BENCH_MIGRATE_RUNS     ?= 3
BENCH_MIGRATE_DOWNTIME ?= 50
BENCH_MIGRATE_TIMEOUT  ?= 60

.PHONY: bench-migrate
bench-migrate:
	-@$(MAKE) --no-print-directory $(RVKVM)
	@bash bench/migrate.sh --rvkvm $(RVKVM) --runs $(BENCH_MIGRATE_RUNS) \
	  --downtime $(BENCH_MIGRATE_DOWNTIME) --timeout $(BENCH_MIGRATE_TIMEOUT) \
	  --work $(B)/bench/migrate --out $(B)/bench/migrate.md
bench: bench-migrate
