#!/usr/bin/env bash
# bench/vector.sh: bench/vector's kernels, scalar and with V, on rvkvm and
# on QEMU side by side (QEMU: -cpu rv64,v=true,vlen=128,elen=64, the VLEN
# rvkvm has).  Each ELF prints "NAME instret=N ticks=T checksum=C"; the
# time is the best of RUNS, in ms of the 10 MHz mtime.  The scalar and V
# variants of a kernel must give the same checksum, on both emulators.
#   bench/vector.sh [--rvkvm PATH] [--runs N] [--out FILE] ELF...
# Exit status 1 when a checksum disagrees or rvkvm fails.
set -u
RVKVM=build/rvkvm RUNS=3 OUT=build/bench/vector.md
QEMU="qemu-system-riscv64 -M spike -bios none -nographic -cpu rv64,v=true,vlen=128,elen=64,vext_spec=v1.0 -kernel"
while [ $# -gt 0 ]; do
  case $1 in
    --rvkvm) RVKVM=$2; shift 2;;
    --runs) RUNS=$2; shift 2;;
    --out) OUT=$2; shift 2;;
    -*) echo "vector.sh: unknown option $1" >&2; exit 2;;
    *) break;;
  esac
done
[ $# -gt 0 ] || { echo "vector.sh: no ELF" >&2; exit 2; }

# best EMU ELF -> "ticks checksum" of the fastest run, or "fail"
best() {
  local emu=$1 elf=$2 i out t c bt= bc=
  for ((i = 0; i < RUNS; i++)); do
    if [ "$emu" = rvkvm ]; then
      out=$(timeout 300 "$RVKVM" run --firmware "$elf" </dev/null 2>&1)
    else
      out=$(timeout 300 $QEMU "$elf" </dev/null 2>&1)
    fi
    t=$(sed -n 's/.* ticks=\([0-9]*\) .*/\1/p' <<< "$out" | head -1)
    c=$(sed -n 's/.*checksum=\([0-9a-f]*\).*/\1/p' <<< "$out" | head -1)
    [ -n "$t" ] && [ -n "$c" ] || { echo fail; return; }
    if [ -z "$bt" ] || [ "$t" -lt "$bt" ]; then bt=$t bc=$c; fi
  done
  echo "$bt $bc"
}
ms() { awk -v t="$1" 'BEGIN { printf "%.1f", t / 1e4 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

mkdir -p "$(dirname "$OUT")"
rc=0
{
  echo "| kernel | rvkvm scalar ms | rvkvm V ms | V speedup | QEMU scalar ms | QEMU V ms | QEMU V speedup | rvkvm V / QEMU V time |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$OUT"
declare -A T C
for elf in "$@"; do
  n=$(basename "$elf" .elf)
  for emu in rvkvm qemu; do
    r=$(best $emu "$elf")
    if [ "$r" = fail ]; then T[$emu,$n]=0 C[$emu,$n]=fail; rc=1
    else T[$emu,$n]=${r% *} C[$emu,$n]=${r#* }; fi
  done
done
for elf in "$@"; do
  n=$(basename "$elf" .elf); k=${n%-*}
  [ "${n##*-}" = v ] || continue
  s=$k-scalar note=
  for key in rvkvm,$s rvkvm,$n qemu,$s; do
    [ "${C[$key]:-}" = "${C[qemu,$n]:-x}" ] || { note=" (checksum differs: ${C[$key]:-none})"; rc=1; }
  done
  echo "| $k$note | $(ms "${T[rvkvm,$s]:-0}") | $(ms "${T[rvkvm,$n]:-0}") | $(ratio "${T[rvkvm,$s]:-0}" "${T[rvkvm,$n]:-0}")x" \
       "| $(ms "${T[qemu,$s]:-0}") | $(ms "${T[qemu,$n]:-0}") | $(ratio "${T[qemu,$s]:-0}" "${T[qemu,$n]:-0}")x" \
       "| $(ratio "${T[rvkvm,$n]:-0}" "${T[qemu,$n]:-0}") |" >> "$OUT"
done
cat "$OUT"
exit $rc
