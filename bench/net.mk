# bench/net.sh: virtio-net throughput and request latency of a Linux guest
# (Debian's kernel, the test initramfs, 512 MiB, 2 harts) on rvkvm as a
# hypervisor guest, rvkvm as a full machine (OpenSBI) and QEMU virt, side by
# side, over user-mode networking (slirp, hostfwd) and, when run as root,
# over a tap in a network namespace of its own.
#   make bench-net    print the table (also in $(B)/bench/net.md); in `make bench`
#   BENCH_NET_RUNS=N (boots per emulator and network, best of; default 2),
#   BENCH_NET_SIZE=MiB (per transfer; 64), BENCH_NET_REQUESTS=N (200),
#   BENCH_NET_TAP=auto|on|off (auto: tap when root and /dev/net/tun).
BENCH_NET_RUNS     ?= 2
BENCH_NET_SIZE     ?= 64
BENCH_NET_REQUESTS ?= 200
BENCH_NET_TAP      ?= auto

# A broken rvkvm build still benchmarks QEMU (net.sh reports rvkvm's failure).
.PHONY: bench-net
bench-net:
	-@$(MAKE) --no-print-directory $(RVKVM)
	@bash bench/net.sh --rvkvm $(RVKVM) --cpus 2 --runs $(BENCH_NET_RUNS) --size $(BENCH_NET_SIZE) \
	  --requests $(BENCH_NET_REQUESTS) --tap $(BENCH_NET_TAP) --work $(B)/bench/net \
	  --out $(B)/bench/net.md
bench: bench-net
