#!/usr/bin/env bash
# Snapshot save and restore of a running Linux guest (Debian's kernel, the
# test initramfs, 2 harts, --mem MiB, 64 MiB of it filled with data), on
# rvkvm (hypervisor guest, the API's /snapshot/create and /snapshot/load)
# and QEMU virt (HMP `migrate` to a file, `-incoming` from it), side by side.
#   save:    until the files are complete (rvkvm: pause + /snapshot/create,
#            to the API reply; QEMU: `migrate` of the running guest, which
#            stops it for the last pass, until `info migrate` says completed);
#   restore: from starting the process to the guest running again (rvkvm:
#            socket up + /snapshot/load with resume_vm, to the reply; QEMU:
#            `-incoming` until QMP's RESUME event);
#   files:   the state + memory bytes on disk.
#   bench/snapshot.sh --rvkvm BUILD/rvkvm [--mem MiB] [--runs N] [--work DIR] [--out FILE]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
rvkvm=$ROOT/build/rvkvm mem=512 runs=3 work=$ROOT/build/bench/snapshot out=''
while [ $# -gt 0 ]; do
  case $1 in
    --rvkvm) rvkvm=$2; shift 2 ;; --mem) mem=$2; shift 2 ;; --runs) runs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;; --out) out=$2; shift 2 ;;
    *) echo "bench/snapshot.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
eval "$(bash "$ROOT/scripts/guest-image.sh" -q)" || exit 1
rm -rf "$work"; mkdir -p "$work"; : > "$work/rvkvm.inner"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done' EXIT
now_ms() { date +%s%3N; }
gcmd='dd if=/dev/urandom of=/tmp/blob bs=1M count=64 2>/dev/null; echo SNAPBENCH-READY; while true; do sleep 1; done'
append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd" | base64 -w0)"
wait_ready() { for _ in $(seq 1200); do grep -qs SNAPBENCH-READY "$1" && return 0; sleep 0.1; done; return 1; }
api() { curl -s --max-time 60 --unix-socket "$1" -X "$2" -o /dev/null -w '%{http_code}' \
          -H 'Content-Type: application/json' -d "$4" "http://localhost$3"; }
disk_kib() { du -kc "$@" | tail -1 | cut -f1; }

rvkvm_run() {  # -> "save_ms restore_ms kib" or "fail"
  local d=$work/rvkvm; rm -rf "$d"; mkdir -p "$d"
  "$rvkvm" run --api-sock "$d/a.sock" --cpus 2 --mem "${mem}M" --kernel "$RVKVM_GUEST_KERNEL" \
    --initrd "$RVKVM_GUEST_INITRD" --append "$append" --console stdio > "$d/a.log" 2>&1 &
  local a=$!; pids+=($a)
  wait_ready "$d/a.log" || { echo fail; return; }
  local t0=$(now_ms)
  [ "$(api "$d/a.sock" PATCH /vm '{"state": "Paused"}')" = 204 ] &&
    [ "$(api "$d/a.sock" PUT /snapshot/create "{\"snapshot_path\": \"$d/state\", \"mem_file_path\": \"$d/mem\"}")" = 204 ] ||
    { echo fail; return; }
  local t1=$(now_ms); kill -9 $a; wait $a 2>/dev/null
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null   # restore from disk, not the page cache
  local t2=$(now_ms)
  "$rvkvm" run --api-sock "$d/b.sock" --console none > "$d/b.log" 2>&1 &
  local b=$!; pids+=($b)
  until [ -S "$d/b.sock" ]; do sleep 0.001; done
  local code
  code=$(api "$d/b.sock" PUT /snapshot/load "{\"snapshot_path\": \"$d/state\", \"mem_backend\": {\"backend_type\": \"File\", \"backend_path\": \"$d/mem\"}, \"resume_vm\": true}")
  local t3=$(now_ms); kill -9 $b; wait $b 2>/dev/null
  [ "$code" = 204 ] || { echo fail; return; }
  # rvkvm's own figure: from the request to the vCPUs let go.
  sed -n 's/^rvkvm: snapshot .* loaded in \([0-9.]*\) ms$/\1/p' "$d/b.log" >> "$work/rvkvm.inner"
  echo "$((t1 - t0)) $((t3 - t2)) $(disk_kib "$d/state" "$d/mem")"
}

# HMP over a unix socket: socat waits -t seconds after our EOF for the reply.
hmp() { printf '%s\n' "$2" | socat -t 0.05 - "UNIX-CONNECT:$1" 2>/dev/null | tr -d '\r'; }
qemu_args() {
  echo qemu-system-riscv64 -M virt -m "${mem}M" -smp 2 -display none -no-reboot -bios default \
    -kernel "$RVKVM_GUEST_KERNEL" -initrd "$RVKVM_GUEST_INITRD" -device virtio-rng-device
}
qemu_run() {
  local d=$work/qemu; rm -rf "$d"; mkdir -p "$d"
  $(qemu_args) -append "$append" -monitor "unix:$d/a.mon,server,nowait" -serial "file:$d/a.log" \
    > /dev/null 2>&1 < /dev/null &
  local a=$!; pids+=($a)
  wait_ready "$d/a.log" || { echo fail; return; }
  # Migrate the running guest to a file: QEMU stops it for the last pass.
  local t0=$(now_ms)
  hmp "$d/a.mon" "migrate -d \"exec:cat > $d/mig\"" > /dev/null
  for _ in $(seq 6000); do hmp "$d/a.mon" "info migrate" | grep -q 'Migration status: completed' && break; done
  local t1=$(now_ms); kill -9 $a; wait $a 2>/dev/null
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null
  # Restore: -incoming, and QMP's RESUME event once the guest runs.
  local t2=$(now_ms)
  $(qemu_args) -append "$append" -qmp "unix:$d/b.qmp,server,nowait" -serial "file:$d/b.log" \
    -incoming "exec:cat $d/mig" > /dev/null 2>&1 < /dev/null &
  local b=$!; pids+=($b)
  until [ -S "$d/b.qmp" ]; do sleep 0.001; done
  local ok=0 line
  exec {q}< <( (echo '{"execute": "qmp_capabilities"}'; sleep 120) | socat - "UNIX-CONNECT:$d/b.qmp" 2>/dev/null)
  while read -r -t 120 -u $q line; do
    case $line in *'"RESUME"'*) ok=1; break ;; esac
  done
  local t3=$(now_ms); kill -9 $b; wait $b 2>/dev/null; exec {q}<&-
  [ $ok = 1 ] || { echo fail; return; }
  echo "$((t1 - t0)) $((t3 - t2)) $(disk_kib "$d/mig")"
}

best() { sort -n | head -1; }
declare -A res
for e in rvkvm qemu; do
  : > "$work/$e.runs"
  for r in $(seq "$runs"); do
    line=$(${e}_run); echo "  $e run $r: $line (save ms, restore ms, KiB)" >&2
    [ "$line" != fail ] && echo "$line" >> "$work/$e.runs"
  done
  res[$e.save]=$(cut -d' ' -f1 "$work/$e.runs" | best)
  res[$e.restore]=$(cut -d' ' -f2 "$work/$e.runs" | best)
  res[$e.kib]=$(cut -d' ' -f3 "$work/$e.runs" | best)
done
ratio() { [ -n "$1" ] && [ -n "$2" ] && [ "$2" -gt 0 ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || echo -; }
{
  echo "Snapshots of a ${mem} MiB, 2-vCPU Linux guest holding 64 MiB of data (best of $runs; $(date -u +%F))"
  echo
  echo "| | rvkvm | QEMU | rvkvm / QEMU |"
  echo "|---|---|---|---|"
  echo "| save (pause + write), ms | ${res[rvkvm.save]:-fail} | ${res[qemu.save]:-fail} | $(ratio "${res[rvkvm.save]:-}" "${res[qemu.save]:-}") |"
  echo "| restore to running, ms | ${res[rvkvm.restore]:-fail} | ${res[qemu.restore]:-fail} | $(ratio "${res[rvkvm.restore]:-}" "${res[qemu.restore]:-}") |"
  echo "| restore inside the VMM (request to restored machine), ms | $(sort -n "$work/rvkvm.inner" 2>/dev/null | head -1) | | |"
  echo "| files on disk, MiB | $(( ${res[rvkvm.kib]:-0} / 1024 )) | $(( ${res[qemu.kib]:-0} / 1024 )) | |"
} | tee ${out:+"$out"}
