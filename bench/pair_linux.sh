#!/usr/bin/env bash
# bench/pair_linux.sh: compare two rvkvm builds inside Linux, both at once,
# one per CPU (taskset), swapping CPUs each round, as bench/pair.sh does
# for the bare-metal workloads.  Each round boots the kernel as a
# hypervisor guest (1 hart, 512 MiB) with bench/linux.sh's initramfs and
# runs its workloads (sha256sum, gzip, 300 fork+exec, xz -1 of 16 MiB),
# timed by the guest clock, plus the whole run from process start.
# Prints per measure the median of the per-round speed ratios (B over A:
# above 1, B is faster) and each ratio.
#   bash bench/pair_linux.sh [--rounds N] A_RVKVM B_RVKVM
set -u
rounds=6
if [ "${1:-}" = --rounds ]; then rounds=$2; shift 2; fi
[ $# -eq 2 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
a=$1 b=$2
eval "$(bash scripts/guest-image.sh -q)" || exit 1
[ -s "${RVKVM_GUEST_BENCH_CPIO:-}" ] || { echo "bench/pair_linux.sh: no bench-xz.cpio.gz" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rvkvm-pair-linux.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cat "$RVKVM_GUEST_INITRD" "$RVKVM_GUEST_BENCH_CPIO" > "$tmp/initrd" || exit 1
. bench/linux_workload.sh
append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$BENCH_SCRIPT" | base64 -w0)"
# one CPU RVKVM OUT: "total sha gzip fork xz" in seconds
one() {
  local s e
  s=$(date +%s.%N)
  taskset -c "$1" "$2" run --cpus 1 --mem 512M --kernel "$RVKVM_GUEST_KERNEL" \
    --initrd "$tmp/initrd" --append "$append" </dev/null 2>&1 | tr -d '\r' | grep -m1 '^BENCH' > "$3.log"
  e=$(date +%s.%N)
  sed -nE 's/^BENCH sha256=([0-9.]+),([0-9.]+) gzip=[0-9.]+,([0-9.]+) fork=[0-9.]+,([0-9.]+) xz=[0-9.]+,([0-9.]+)$/\1 \2 \3 \4 \5/p' \
    "$3.log" | awk -v s="$s" -v e="$e" '{ printf "%.3f %.3f %.3f %.3f %.3f\n", e - s, $2 - $1, $3 - $2, $4 - $3, $5 - $4 }' > "$3"
}
names=(total sha256 gzip fork xz)
: > "$tmp/ratios"
for i in $(seq "$rounds"); do
  one $((i % 2)) "$a" "$tmp/a" & one $(((i + 1) % 2)) "$b" "$tmp/b"; wait
  if [ ! -s "$tmp/a" ] || [ ! -s "$tmp/b" ]; then echo "round $i: a run printed no BENCH line" >&2; exit 1; fi
  paste -d' ' "$tmp/a" "$tmp/b" | awk '{ for (k = 1; k <= 5; k++) printf "%.3f ", $k / $(k + 5); print "" }' >> "$tmp/ratios"
done
for k in 1 2 3 4 5; do
  r=$(cut -d' ' -f$k "$tmp/ratios")
  median=$(sort -n <<< "$r" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "${names[k - 1]}: B/A speed median $median ($(tr '\n' ' ' <<< "$r" | sed 's/ $//'))"
done
