#!/usr/bin/env bash
# Exit costs side by side (bench/hyp/exits.c): the same S-mode kernel as an
# rvkvm hypervisor guest (halt polling on by default, and off), on rvkvm's
# full machine (OpenSBI in M-mode) and on QEMU virt (OpenSBI), 2 harts.
# Each figure is the best of --runs runs.  Prints a Markdown table.
# Usage: bench/hyp.sh --rvkvm PATH --kernel exits.bin [--runs N]
set -u
rvkvm=build/rvkvm kernel='' runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --rvkvm) rvkvm=$2; shift 2;; --kernel) kernel=$2; shift 2;; --runs) runs=$2; shift 2;;
    *) echo "bench/hyp.sh: unknown option $1" >&2; exit 2;;
  esac
done
[ -f "$kernel" ] || { echo "bench/hyp.sh: no kernel (--kernel)" >&2; exit 2; }
eval "$(bash scripts/guest-image.sh -q)" || exit 1
declare -A best
keys="first_insn_us sbi_call_ns mmio_read_ns ipi_round_trip_ns"
measure() {  # label, command...
  local label=$1; shift
  for _ in $(seq "$runs"); do
    local out; out=$(timeout 120 "$@" < /dev/null 2>/dev/null | tr -d '\r')
    grep -q '^BENCH-DONE' <<< "$out" || { echo "bench/hyp.sh: $label run failed" >&2; continue; }
    for k in $keys; do
      local v; v=$(sed -n "s/^BENCH $k=\([0-9]*\)$/\1/p" <<< "$out")
      [ -n "$v" ] || continue
      if [ -z "${best[$label,$k]:-}" ] || [ "$v" -lt "${best[$label,$k]}" ]; then best[$label,$k]=$v; fi
    done
  done
}
measure hyp "$rvkvm" run --cpus 2 --mem 64M --kernel "$kernel"
measure hyp-nopoll "$rvkvm" run --cpus 2 --mem 64M --halt-poll-ns 0 --kernel "$kernel"
measure full "$rvkvm" run --cpus 2 --mem 64M --firmware "$RVKVM_GUEST_FW_DYNAMIC" --kernel "$kernel"
measure qemu qemu-system-riscv64 -M virt -smp 2 -m 64M -nographic -no-reboot \
  -bios "$RVKVM_GUEST_FW_DYNAMIC" -kernel "$kernel"
echo "| measure (2 harts, best of $runs) | rvkvm hyp guest | rvkvm hyp, no halt polling | rvkvm full machine (OpenSBI) | QEMU virt (OpenSBI) |"
echo "|---|---:|---:|---:|---:|"
for k in $keys; do
  case $k in
    first_insn_us) what="clock start to the kernel's first instruction, us";;
    sbi_call_ns) what="SBI call (BASE get_spec_version), ns";;
    mmio_read_ns) what="MMIO read (UART LSR, a VMM exit on rvkvm), ns";;
    ipi_round_trip_ns) what="IPI round trip (SBI send_ipi + WFI), ns";;
  esac
  echo "| $what | ${best[hyp,$k]:-n/a} | ${best[hyp-nopoll,$k]:-n/a} | ${best[full,$k]:-n/a} | ${best[qemu,$k]:-n/a} |"
done
