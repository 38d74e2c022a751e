# bench/blk.sh: virtio-blk sequential throughput and random 4 KiB IOPS, and
# virtio-fs read throughput, of a Linux guest (Debian's kernel, the test
# initramfs, 512 MiB, 2 harts) on rvkvm as a hypervisor guest, rvkvm as a
# full machine (OpenSBI) and QEMU virt (cache=none, and cache=writeback for
# the disk), side by side.  The random I/O is bench/blk/randio.c, a static
# riscv64 program the guest gets on a second (tool) disk.
#   make bench-blk    print the table (also in $(B)/bench/blk.md); in `make bench`
#   BENCH_BLK_RUNS=N (boots per emulator and measure, best of; default 2),
#   BENCH_BLK_SIZE=MiB (the disk image; 256), BENCH_BLK_FS_SIZE=MiB (the
#   virtio-fs file; 256), BENCH_BLK_OPS=N (random requests per measure;
#   10000), BENCH_BLK_THREADS=N (the parallel random I/O's threads; 8),
#   BENCH_BLK_ONLY="hyp full qemu qemu-wb" (the columns to run).
BENCH_BLK_RUNS    ?= 2
BENCH_BLK_SIZE    ?= 256
BENCH_BLK_FS_SIZE ?= 256
BENCH_BLK_OPS     ?= 10000
BENCH_BLK_THREADS ?= 8
BENCH_BLK_ONLY    ?= hyp full qemu qemu-wb
BENCH_BLK_RANDIO  := $(B)/bench/blk/randio

$(BENCH_BLK_RANDIO): bench/blk/randio.c
	@mkdir -p $(dir $@)
	$(RV_CC) -O2 -static -pthread -s -Wall -Wextra -Werror -o $@ $<

# A broken rvkvm build still benchmarks QEMU (blk.sh reports rvkvm's failure).
.PHONY: bench-blk
bench-blk: $(BENCH_BLK_RANDIO)
	-@$(MAKE) --no-print-directory $(RVKVM)
	@bash bench/blk.sh --rvkvm $(RVKVM) --randio $(BENCH_BLK_RANDIO) --cpus 2 \
	  --runs $(BENCH_BLK_RUNS) --size $(BENCH_BLK_SIZE) --fs-size $(BENCH_BLK_FS_SIZE) \
	  --ops $(BENCH_BLK_OPS) --threads $(BENCH_BLK_THREADS) --only "$(BENCH_BLK_ONLY)" \
	  --work $(B)/bench/blk --out $(B)/bench/blk.md
bench: bench-blk
