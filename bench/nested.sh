#!/usr/bin/env bash
# The nested virtualization path on rvkvm vs QEMU, side by side: Linux's KVM
# inside the guest runs guest/kvm/'s kvm-client in bench mode (see
# guest/kvm/bench.c), which measures
#   - MMIO round trips: nested-guest store -> G-stage fault -> KVM_EXIT_MMIO
#     to the L1 process -> KVM_RUN again, per second
#   - SBI calls (sbi_get_spec_version) that KVM answers in the L1 kernel, per second
#   - one integer workload run in VS-mode and directly in the L1 process;
#     their time ratio is the overhead of virtualized computation.
# Same kernel, initramfs, memory and harts on both (QEMU: -cpu rv64,h=true).
# Prints a Markdown table.
# Usage: bench/nested.sh [--rvkvm PATH] [--cpus N] [--runs N] [--args "MMIO SBI WORDS ROUNDS"]
set -u
rvkvm=build/rvkvm cpus=1 runs=2 args=''
while [ $# -gt 0 ]; do
  case "$1" in
    --rvkvm) rvkvm=$2; shift 2;; --cpus) cpus=$2; shift 2;; --runs) runs=$2; shift 2;;
    --args) args=$2; shift 2;;
    *) echo "bench/nested.sh: unknown option $1" >&2; exit 2;;
  esac
done
eval "$(bash scripts/guest-image.sh -q)" || exit 1
. guest/lib.sh
script='insmod /lib/modules/$(uname -r)/extra/kvm.ko || exit 1
kvm-client bench '"$args"
append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$script" | base64 -w0)"
declare -A best
KEYS="mmio_per_s sbi_per_s work_nested_s work_l1_s"
# keep LABEL KEY VALUE: rates keep the highest, times the lowest.
keep() {
  local key="$1,$2" v=$3 cmp='a < b'
  case $2 in *_per_s) cmp='a > b';; esac
  if [ -z "${best[$key]:-}" ] || awk -v a="$v" -v b="${best[$key]}" "BEGIN { exit !($cmp) }"; then
    best[$key]=$v
  fi
}
measure() {  # label, emulator args...
  local label=$1 log k v; shift
  guest_args "$append" "" "$@"
  for _ in $(seq "$runs"); do
    log=$(mktemp)
    timeout 600 "${GUEST_ARGS[@]}" < /dev/null > "$log" 2>&1
    if ! tr -d '\r' < "$log" | grep -Eq '^KVM-TEST done pass=[0-9]+ fail=0$'; then
      echo "bench/nested.sh: $label run failed:" >&2
      tr -d '\r' < "$log" | grep -E 'KVM-TEST|RVKVM-EXIT|insmod|kvm' | tail -n 8 | sed 's/^/  | /' >&2
      rm -f "$log"; continue
    fi
    for k in $KEYS; do
      v=$(tr -d '\r' < "$log" | sed -n "s/^KVM-BENCH .*\<$k=\([0-9.]*\).*/\1/p" | tail -1)
      [ -n "$v" ] && keep "$label" "$k" "$v"
    done
    rm -f "$log"
  done
}
measure qemu qemu-system-riscv64 -M virt -cpu rv64,h=true -m 512M -smp "$cpus" -nographic -no-reboot \
  -bios @FW@ -kernel @KERNEL@ -initrd @INITRD@ -append @APPEND@
# A full machine (OpenSBI in M-mode): L1's KVM needs the H extension,
# which a hypervisor guest (no --firmware) does not have.
measure rvkvm "$rvkvm" run --cpus "$cpus" --mem 512M --firmware @FW@ --kernel @KERNEL@ --initrd @INITRD@ \
  --append @APPEND@

fmt3() { [ -n "$1" ] && awk -v a="$1" 'BEGIN { printf "%.3f", a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "| nested KVM ($cpus L1 hart(s), best of $runs) | QEMU | rvkvm | rvkvm/QEMU (speed ratio) |"
echo "|---|---:|---:|---:|"
for k in $KEYS; do
  q=${best[qemu,$k]:-} r=${best[rvkvm,$k]:-}
  case $k in
    mmio_per_s)    what="MMIO exits/s (nested store -> KVM_EXIT_MMIO -> KVM_RUN)"; sp=$(ratio "$r" "$q");;
    sbi_per_s)     what="SBI calls/s handled in L1 KVM (sbi_get_spec_version)"; sp=$(ratio "$r" "$q");;
    work_nested_s) what="workload in the nested guest (VS-mode), s"; sp=$(ratio "$q" "$r");;
    work_l1_s)     what="same workload in the L1 user process, s"; sp=$(ratio "$q" "$r");;
  esac
  case $k in *_per_s) ;; *_s) q=$(fmt3 "$q"); r=$(fmt3 "$r");; esac
  echo "| $what | ${q:-n/a} | ${r:-n/a} | $sp |"
done
oq=$(ratio "${best[qemu,work_nested_s]:-}" "${best[qemu,work_l1_s]:-}")
orv=$(ratio "${best[rvkvm,work_nested_s]:-}" "${best[rvkvm,work_l1_s]:-}")
echo "| virtualization overhead (nested / L1 time) | $oq | $orv | |"
