#!/usr/bin/env bash
# Linux on rvkvm vs QEMU, side by side: time from process start to the
# guest's BOOT-OK, a CPU workload inside Linux (busybox sha256sum and
# gzip of a generated 16 MiB file, timed by the guest clock), process
# churn (300 fork+exec of /bin/true from the shell) and Debian's xz -1,
# single-threaded, of the same file (xz from scripts/guest-image.sh's
# bench-xz.cpio.gz, appended to the initramfs for these boots only).  Same
# kernel, initramfs, memory and harts on all three: QEMU virt with OpenSBI,
# rvkvm as a full machine (OpenSBI in M-mode) and rvkvm with the kernel as a
# hypervisor guest (VS-mode, SBI in rvkvm's core).  Prints a Markdown table.
# Usage: bench/linux.sh [--rvkvm PATH] [--cpus N] [--runs N]
set -u
rvkvm=build/rvkvm cpus=1 runs=2
while [ $# -gt 0 ]; do
  case "$1" in
    --rvkvm) rvkvm=$2; shift 2;; --cpus) cpus=$2; shift 2;; --runs) runs=$2; shift 2;;
    *) echo "bench/linux.sh: unknown option $1" >&2; exit 2;;
  esac
done
eval "$(bash scripts/guest-image.sh -q)" || exit 1
[ -s "${RVKVM_GUEST_BENCH_CPIO:-}" ] || { echo "bench/linux.sh: no bench-xz.cpio.gz from scripts/guest-image.sh" >&2; exit 1; }
. guest/lib.sh
# The initrd: the initramfs with the xz archive after it (Linux unpacks
# concatenated cpio archives in turn).
initrd=$(mktemp "${TMPDIR:-/tmp}/rvkvm-bench-initrd.XXXXXX") || exit 1
trap 'rm -f "$initrd"' EXIT
cat "$RVKVM_GUEST_INITRD" "$RVKVM_GUEST_BENCH_CPIO" > "$initrd" || exit 1
RVKVM_GUEST_INITRD=$initrd
. bench/linux_workload.sh
append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$BENCH_SCRIPT" | base64 -w0)"
declare -A best
measure() {  # label, emulator args...
  local label=$1; shift
  guest_args "$append" "" "$@"
  for _ in $(seq "$runs"); do
    local start end log boot sha gz fork xz
    log=$(mktemp); start=$(date +%s.%N)
    timeout 300 "${GUEST_ARGS[@]}" < /dev/null 2>&1 | while IFS= read -r line; do
      line=${line%$'\r'}
      printf '%s\n' "$line"
      [ "$line" = BOOT-OK ] && date +%s.%N > "$log.boot"
    done > "$log"
    boot=$(awk -v s="$start" '{ printf "%.2f", $1 - s }' "$log.boot" 2>/dev/null)
    read -r sha gz fork < <(sed -n 's/^BENCH sha256=\([0-9.]*\),\([0-9.]*\) gzip=\([0-9.]*\),\([0-9.]*\) fork=\([0-9.]*\),\([0-9.]*\)/\1 \2 \3 \4 \5 \6/p' "$log" |
      awk '{ printf "%.2f %.2f %.2f", $2 - $1, $4 - $3, $6 - $5 }')
    xz=$(sed -n 's/^BENCH .* xz=\([0-9][0-9.]*\),\([0-9][0-9.]*\)$/\1 \2/p' "$log" | awk '{ printf "%.2f", $2 - $1 }')
    rm -f "$log" "$log.boot"
    [ -n "$boot" ] && [ -n "$sha" ] || { echo "bench/linux.sh: $label run failed" >&2; continue; }
    [ -n "$xz" ] || echo "bench/linux.sh: $label: no xz time" >&2
    for k in boot sha gz fork xz; do
      local v=${!k} key="$label,$k"
      [ -n "$v" ] || continue
      if [ -z "${best[$key]:-}" ] || awk -v a="$v" -v b="${best[$key]}" 'BEGIN { exit !(a < b) }'; then
        best[$key]=$v
      fi
    done
  done
}
measure qemu qemu-system-riscv64 -M virt -m 512M -smp "$cpus" -nographic -no-reboot \
  -bios @FW@ -kernel @KERNEL@ -initrd @INITRD@ -append @APPEND@ -device virtio-rng-device
measure rvkvm "$rvkvm" run --cpus "$cpus" --mem 512M --firmware @FW@ --kernel @KERNEL@ \
  --initrd @INITRD@ --append @APPEND@
measure hyp "$rvkvm" run --cpus "$cpus" --mem 512M --kernel @KERNEL@ --initrd @INITRD@ --append @APPEND@
ratio() { awk -v q="$1" -v r="$2" 'BEGIN { if (q > 0 && r > 0) printf "%.2f", q / r; else print "n/a" }'; }
echo "| measure ($cpus hart(s), best of $runs) | QEMU s | rvkvm full machine s | rvkvm hyp guest s | QEMU/full | QEMU/hyp (speed ratios) |"
echo "|---|---:|---:|---:|---:|---:|"
for k in boot sha gz fork xz; do
  q=${best[qemu,$k]:-} r=${best[rvkvm,$k]:-} h=${best[hyp,$k]:-}
  case $k in boot) what="process start to BOOT-OK";; sha) what="sha256sum of 16 MiB in the guest";; gz) what="gzip of 16 MiB in the guest";;
    fork) what="300 fork+exec of /bin/true in the guest";; xz) what="xz -1 of 16 MiB in the guest";; esac
  echo "| $what | ${q:-n/a} | ${r:-n/a} | ${h:-n/a} | $(ratio "$q" "$r") | $(ratio "$q" "$h") |"
done
