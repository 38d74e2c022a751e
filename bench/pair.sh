#!/usr/bin/env bash
# bench/pair.sh: compare two rvkvm builds on bare-metal workloads, both at
# once, one per CPU (taskset), swapping CPUs each round, so that what the
# host does to both (frequency, neighbours) cancels and a slower CPU counts
# against each build equally.  Prints per workload the median of the
# per-round speed ratios (B over A: above 1, B is faster) and each ratio.
#   bash bench/pair.sh [--rounds N] A_RVKVM B_RVKVM ELF...
# e.g. bash bench/pair.sh /tmp/old/rvkvm build/rvkvm build/bench/s64/*.elf
# Needs two CPUs.  Time is the workload's own (the guest's mtime ticks).
set -u
rounds=6
if [ "${1:-}" = --rounds ]; then rounds=$2; shift 2; fi
[ $# -ge 3 ] || { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
a=$1 b=$2; shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rvkvm-pair.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ticks() {  # ticks CPU RVKVM ELF
  taskset -c "$1" "$2" run --firmware "$3" </dev/null 2>&1 | sed -nE 's/.* ticks=([0-9]+) .*/\1/p'
}
for elf in "$@"; do
  name=$(basename "$elf" .elf) ratios=()
  for i in $(seq "$rounds"); do
    ca=$((i % 2)) cb=$(((i + 1) % 2))
    ticks $ca "$a" "$elf" >"$tmp/a" & ticks $cb "$b" "$elf" >"$tmp/b"; wait
    ta=$(cat "$tmp/a") tb=$(cat "$tmp/b")
    if [ -z "$ta" ] || [ -z "$tb" ]; then echo "$name: a run printed no ticks" >&2; exit 1; fi
    ratios+=("$(awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.3f", a / b }')")
  done
  median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "$name: B/A speed median $median (${ratios[*]})"
done
