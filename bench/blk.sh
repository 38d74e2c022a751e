#!/usr/bin/env bash
# virtio-blk and virtio-fs throughput, side by side on the same kernel,
# initramfs, memory (512 MiB) and harts: rvkvm with the kernel as a
# hypervisor guest (hyp), rvkvm as a full machine with OpenSBI (full), QEMU
# virt with `-drive cache=none` (qemu: O_DIRECT on the host) and, for
# comparison with rvkvm's buffered image I/O, QEMU with cache=writeback
# (qemu-wb; disk measures only).  Per run and emulator, two boots:
#   disk  a fresh --size MiB raw image of random data (written, synced and
#         dropped from the host's page cache first) as one virtio-blk disk,
#         and a 1 MiB read-only "tool disk" (a tar of bench/blk/randio and
#         the guest script) as another.  The guest, timed by its own clock:
#           seq read   dd bs=1M iflag=direct of the whole disk to /dev/null
#                      (then checks the MD5 of three MiB against the host's)
#           seq write  dd bs=1M oflag=direct conv=fsync of zeros over it
#           rand write --ops random 4 KiB O_DIRECT pwrites (randio), then
#                      an fsync: with 1 thread and with --threads threads
#           rand read  --ops random 4 KiB O_DIRECT preads, 1 and --threads
#                      threads; every block read must be zeros or the tag
#                      randio wrote for its own offset
#   fs    QEMU 7.2's virtiofsd (-o cache=none) on a directory holding a
#         fresh --fs-size MiB file (synced, dropped from the page cache);
#         the guest mounts the share and dd's the file (bs=1M) to /dev/null,
#         then 4 times more (the host now has it cached: the device path),
#         then checks the MD5 of its last MiB.
# The runs of the emulators are interleaved; the table shows the best of
# --runs (MB/s = 10^6 bytes/s).  It is printed and written to --out.  Exit
# status 1 if any run failed (the table then shows what did work), 2 on a
# usage error.
#
#   bench/blk.sh [--rvkvm PATH] [--randio PATH] [--cpus N] [--runs N] [--size MIB]
#                [--fs-size MIB] [--ops N] [--threads N] [--qemu-aio auto|io_uring|native|threads]
#                [--rvkvm-disk OPTS]  (appended to rvkvm's --disk, e.g. direct)
#                [--only "hyp full qemu qemu-wb"] [--no-fs] [--no-disk] [--timeout SECS]
#                [--work DIR] [--out FILE]
# --randio: the static riscv64 randio (default: built into --work with
# riscv64-linux-gnu-gcc).  Needs qemu-system-riscv64, /usr/lib/qemu/virtiofsd
# (or virtiofsd on PATH, or $RVKVM_VIRTIOFSD), GNU coreutils, tar, md5sum.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
rvkvm=$ROOT/build/rvkvm randio='' cpus=2 runs=2 size=256 fssize=256 ops=10000 threads=8
qaio=auto only="hyp full qemu qemu-wb" nofs='' nodisk='' limit=300 work=$ROOT/build/bench/blk out='' rdisk=''
while [ $# -gt 0 ]; do
  case $1 in
    --no-fs) nofs=1; shift; continue ;;
    --no-disk) nodisk=1; shift; continue ;;
    --rvkvm) rvkvm=$2 ;; --randio) randio=$2 ;; --cpus) cpus=$2 ;; --runs) runs=$2 ;;
    --size) size=$2 ;; --fs-size) fssize=$2 ;; --ops) ops=$2 ;; --threads) threads=$2 ;;
    --qemu-aio) qaio=$2 ;; --only) only=$2 ;; --timeout) limit=$2 ;; --work) work=$2 ;;
    --rvkvm-disk) rdisk=$2 ;;
    --out) out=$2 ;;
    *) echo "bench/blk.sh: unknown option $1" >&2; exit 2 ;;
  esac
  [ $# -ge 2 ] || { echo "bench/blk.sh: $1 needs a value" >&2; exit 2; }
  shift 2
done
for v in cpus runs size fssize ops threads limit; do
  case ${!v} in ''|*[!0-9]*|0) echo "bench/blk.sh: --$v wants a positive integer" >&2; exit 2 ;; esac
done
[ "$size" -ge 16 ] || { echo "bench/blk.sh: --size is at least 16 (MiB)" >&2; exit 2; }
[ "$threads" -le 64 ] && [ "$ops" -ge "$threads" ] ||
  { echo "bench/blk.sh: --threads at most 64 and at most --ops" >&2; exit 2; }
case $qaio in auto|io_uring|native|threads) ;;
  *) echo "bench/blk.sh: --qemu-aio auto|io_uring|native|threads" >&2; exit 2 ;; esac
for e in $only; do
  case $e in hyp|full|qemu|qemu-wb) ;;
    *) echo "bench/blk.sh: --only takes hyp full qemu qemu-wb" >&2; exit 2 ;; esac
done
case $rvkvm in /*) ;; *) rvkvm=$PWD/$rvkvm ;; esac
case $randio in ''|/*) ;; *) randio=$PWD/$randio ;; esac
msg() { echo "bench/blk.sh: $*" >&2; }

command -v qemu-system-riscv64 >/dev/null || msg "qemu-system-riscv64 not found: its columns will fail"
for t in tar md5sum head dd sync truncate base64 setsid timeout; do
  command -v $t >/dev/null || { msg "$t not found"; exit 2; }
done
VIRTIOFSD=${RVKVM_VIRTIOFSD:-}
for v in /usr/lib/qemu/virtiofsd virtiofsd /usr/libexec/virtiofsd; do
  [ -z "$VIRTIOFSD" ] && command -v "$v" >/dev/null && VIRTIOFSD=$(command -v "$v")
done
if [ -z "$nofs" ] && [ -z "$VIRTIOFSD" ]; then
  msg "no virtiofsd (/usr/lib/qemu/virtiofsd, qemu-system-common): virtio-fs not measured"
  nofs=2
fi

. "$ROOT/guest/lib.sh"
if [ -z "${RVKVM_GUEST_KERNEL:-}" ]; then
  img=$(bash "$ROOT/scripts/guest-image.sh" -q) || { msg "scripts/guest-image.sh failed"; exit 1; }
  eval "$img"
  export RVKVM_GUEST_KERNEL RVKVM_GUEST_INITRD RVKVM_GUEST_FW_DYNAMIC
fi

mkdir -p "$work"; work=$(cd "$work" && pwd)   # virtiofsd wants absolute paths

# Every background job is a session (and process group) of its own, so that
# cleanup ends it with everything it started.
pgids=()
cleanup() {
  local p
  for p in "${pgids[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done
  [ ${#pgids[@]} -eq 0 ] || sleep 0.3
  for p in "${pgids[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done
  pgids=()
  rm -f "$work"/data-*.img
  rm -rf "$work"/share-*
}
trap cleanup EXIT
trap 'msg interrupted; exit 130' INT
trap 'msg terminated; exit 143' TERM
trap 'exit 129' HUP
spawn() { setsid "$@" & SPAWNED=$!; pgids+=("$SPAWNED"); }
reap() {   # reap PGID: end its group and forget it
  local p=$1 q keep=()
  kill -TERM -- "-$p" 2>/dev/null; wait "$p" 2>/dev/null
  kill -KILL -- "-$p" 2>/dev/null
  for q in "${pgids[@]}"; do [ "$q" = "$p" ] || keep+=("$q"); done
  pgids=("${keep[@]}")
}

# fresh FILE MIB: MIB MiB of random data in FILE, on the disk and out of the
# host's page cache (so that no emulator finds it warm).
fresh() {
  head -c "$(($2 * 1048576))" /dev/urandom > "$1" && sync "$1" &&
    dd if="$1" iflag=nocache count=0 status=none
}
# md5 FILE MIB-OFFSET: the MD5 of that MiB.
md5() { dd if="$1" bs=1M skip="$2" count=1 status=none | md5sum | cut -d' ' -f1; }

results=$work/runs.txt   # LABEL RUN MEASURE VALUE, or LABEL RUN MEASURE FAIL why
: > "$results"
sectors=$((size * 2048)) spots="0 $((size / 2)) $((size - 1))"
measures_blk="seqr seqw rw1 rwn rr1 rrn"

# --- randio and the tool disk (the same for every boot) -----------------------
if [ -z "$randio" ]; then
  randio=$work/randio
  if [ ! -x "$randio" ] || [ "$ROOT/bench/blk/randio.c" -nt "$randio" ]; then
    command -v riscv64-linux-gnu-gcc >/dev/null || { msg "riscv64-linux-gnu-gcc not found"; exit 2; }
    riscv64-linux-gnu-gcc -O2 -static -pthread -s -Wall -Wextra -Werror -o "$randio" \
      "$ROOT/bench/blk/randio.c" || { msg "cannot build randio"; exit 1; }
  fi
fi
[ -x "$randio" ] || { msg "no randio at $randio"; exit 2; }
tdir=$work/tool
rm -rf "$tdir"; mkdir -p "$tdir"
cp "$randio" "$tdir/randio"
# The guest side (sourced by the bootstrap on the kernel command line, which
# Linux cuts at 1023 bytes).  Every step prints what the host parses.
cat > "$tdir/b.sh" <<EOF
fail() { echo "BLKBENCH-FAIL \$*"; exit 1; }
D=
for d in /sys/block/vd*; do [ "\$(cat \$d/size)" = $sectors ] && D=/dev/\${d##*/}; done
[ -n "\$D" ] || fail "no $size MiB disk among \$(ls /sys/block)"
echo "BLKBENCH-Q \$(ls /sys/block/\${D#/dev/}/mq | wc -l)"
read t0 _ </proc/uptime
dd if=\$D of=/dev/null bs=1M count=$size iflag=direct 2>/tmp/e || fail "seq read: \$(cat /tmp/e)"
read t1 _ </proc/uptime
echo "BLKBENCH-T seqr \$t0 \$t1"
for m in $spots; do
  echo "BLKBENCH-MD5 \$m \$(dd if=\$D bs=1M skip=\$m count=1 iflag=direct 2>/dev/null | md5sum)"
done
read t0 _ </proc/uptime
dd if=/dev/zero of=\$D bs=1M count=$size oflag=direct conv=fsync 2>/tmp/e || fail "seq write: \$(cat /tmp/e)"
read t1 _ </proc/uptime
echo "BLKBENCH-T seqw \$t0 \$t1"
/b/randio w \$D $ops 1 1 || fail "randio w 1 thread"
/b/randio w \$D $ops $threads 2 || fail "randio w $threads threads"
/b/randio r \$D $ops 1 3 || fail "randio r 1 thread"
/b/randio r \$D $ops $threads 4 || fail "randio r $threads threads"
echo BLKBENCH-DONE
EOF
tool=$work/tool.img
(cd "$tdir" && tar -cf "$tool" randio b.sh) || { msg "cannot make the tool disk"; exit 1; }
[ "$(stat -c %s "$tool")" -le 1048576 ] || { msg "randio and b.sh are over 1 MiB"; exit 1; }
truncate -s 1M "$tool"
boot='for d in /sys/block/vd*;do [ "$(cat $d/size)" = 2048 ]&&T=/dev/${d##*/};done
mkdir -p /b&&tar -xf "$T" -C /b||echo "BLKBENCH-FAIL cannot unpack the tool disk ${T:-(none)}"
. /b/b.sh'
append_blk="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$boot" | base64 -w0)"
gfs="mount -t virtiofs share /mnt||{ echo BLKBENCH-FAIL mount virtiofs;exit 1;}
read t0 _ </proc/uptime
dd if=/mnt/big of=/dev/null bs=1M 2>/tmp/e||{ echo BLKBENCH-FAIL read: \$(cat /tmp/e);exit 1;}
read t1 _ </proc/uptime
echo BLKBENCH-T fsr \$t0 \$t1
echo 3 >/proc/sys/vm/drop_caches
read t0 _ </proc/uptime
for i in 1 2 3 4;do dd if=/mnt/big of=/dev/null bs=1M 2>/tmp/e||{ echo BLKBENCH-FAIL read again: \$(cat /tmp/e);exit 1;};done
read t1 _ </proc/uptime
echo BLKBENCH-T fsw \$t0 \$t1
echo BLKBENCH-MD5 $((fssize - 1)) \$(dd if=/mnt/big bs=1M skip=$((fssize - 1)) 2>/dev/null|md5sum)
umount /mnt"
append_fs="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gfs" | base64 -w0)"
for a in "$append_blk" "$append_fs"; do
  [ ${#a} -lt 1024 ] || { msg "kernel command line over 1023 bytes"; exit 1; }
done

# --- QEMU's aio: io_uring, else native, else threads ----------------------------
if [[ " $only " == *" qemu"* ]] && command -v qemu-system-riscv64 >/dev/null; then
  probe=$work/probe.img
  truncate -s 1M "$probe"
  cands=$qaio; [ "$qaio" = auto ] && cands="io_uring native threads"
  qaio=''
  for a in $cands; do
    if echo quit | timeout 20 qemu-system-riscv64 -M virt -bios none -m 64M -S -display none -serial none \
         -monitor stdio -drive "file=$probe,if=none,format=raw,id=d,cache=none,aio=$a" \
         -device virtio-blk-device,drive=d > "$work/probe-$a.log" 2>&1; then
      qaio=$a; break
    fi
    msg "QEMU refuses aio=$a: $(grep -v '^QEMU\|^(qemu)' "$work/probe-$a.log" | head -1)"
  done
  rm -f "$probe"
  [ -n "$qaio" ] || { msg "no aio= QEMU accepts with cache=none: QEMU's columns will fail"; qaio=threads; }
else
  qaio=n/a
fi

# fail LABEL RUN MEASURES WHY: record the failure, show the log's tail.
fail() {
  local m
  msg "$1 run $2 FAILED: $4 (log: $log)"
  [ -f "$log" ] && tail -n 12 "$log" | tr -d '\r' | sed 's/^/  | /' >&2
  for m in $3; do echo "$1 $2 $m FAIL $4" >> "$results"; done
  [ -z "$epid" ] || reap "$epid"
  epid=''
  return 1
}

# boot LOG ARG...: run the emulator until it exits (or the time limit);
# 0 when it and the guest's script ended well.
boot() {
  local log=$1 rc; shift
  { printf '#'; printf ' %q' "$@"; echo; } > "$log"
  spawn timeout -k 5 "$limit" "$@" < /dev/null >> "$log" 2>&1
  epid=$SPAWNED BOOT_FATAL=''
  # A vhost-user device that failed to start leaves the guest's mount
  # waiting for ever: end the boot early.
  while kill -0 "$epid" 2>/dev/null; do
    if grep -q 'Error starting vhost\|vhost.*failed' "$log"; then
      BOOT_FATAL=$(grep -m1 'Error starting vhost\|vhost.*failed' "$log" | tr -d '\r')
      break
    fi
    sleep 0.5
  done
  [ -z "$BOOT_FATAL" ] || kill -TERM -- "-$epid" 2>/dev/null
  wait "$epid"; rc=$?; reap "$epid"; epid=''
  BOOT_RC=$rc
  [ -z "$BOOT_FATAL" ] || return 1
  [ "$rc" = 0 ] && tr -d '\r' < "$log" | grep -q '^RVKVM-EXIT=0$'
}
why() {  # why LOG: the guest's own complaint, or the exit status
  local g
  g=$(tr -d '\r' < "$1" | sed -n 's/^BLKBENCH-FAIL //p; s/^\(RANDIO-ERROR .*\)/\1/p' | head -2 | paste -sd';')
  if [ -n "$BOOT_FATAL" ]; then echo "the emulator: $BOOT_FATAL"
  elif [ -n "$g" ]; then echo "in the guest: $g"
  elif [ "$BOOT_RC" = 124 ] || [ "$BOOT_RC" = 137 ]; then echo "timeout (${limit}s)"
  else echo "emulator exit status $BOOT_RC, no RVKVM-EXIT=0"; fi
}
span() {  # span LOG WHAT BYTES: MB/s of a BLKBENCH-T line
  tr -d '\r' < "$1" | awk -v w="$2" -v b="$3" '$1 == "BLKBENCH-T" && $2 == w && $4 > $3 {
    printf "%.1f", b / 1e6 / ($4 - $3) }'
}
iops() {  # iops LOG r|w THREADS
  tr -d '\r' < "$1" | awk -v m="$2" -v t="$3" '$1 == "RANDIO" && $2 == m && $4 == t {
    printf "%.0f", $6 }'
}

# run_blk LABEL RUN: one boot with the data and tool disks.
run_blk() {
  local label=$1 run=$2 img=$work/data-$1-$2.img m v want got line
  log=$work/disk-$label-$run.log epid=''
  : > "$log"
  fresh "$img" "$size" || { fail "$label" "$run" "$measures_blk" "cannot write $img"; return 1; }
  declare -A sum
  for m in $spots; do sum[$m]=$(md5 "$img" "$m"); done
  dd if="$img" iflag=nocache count=0 status=none
  local qd="if=none,format=raw,id=d,aio=$qaio" qt="if=none,format=raw,id=t,readonly=on"
  case $label in
    hyp)  set -- "$rvkvm" run --mem 512M --cpus "$cpus" --kernel @KERNEL@ --initrd @INITRD@ \
            --append @APPEND@ --disk "$img${rdisk:+,$rdisk}" --disk "$tool,ro" ;;
    full) set -- "$rvkvm" run --mem 512M --cpus "$cpus" --firmware @FW@ --kernel @KERNEL@ \
            --initrd @INITRD@ --append @APPEND@ --disk "$img${rdisk:+,$rdisk}" --disk "$tool,ro" ;;
    qemu|qemu-wb)
          local cache=none; [ "$label" = qemu-wb ] && cache=writeback
          set -- qemu-system-riscv64 -M virt -m 512M -smp "$cpus" -nographic -no-reboot \
            -bios @FW@ -kernel @KERNEL@ -initrd @INITRD@ -append @APPEND@ \
            -drive "file=$img,$qd,cache=$cache" -device virtio-blk-device,drive=d \
            -drive "file=$tool,$qt" -device virtio-blk-device,drive=t -device virtio-rng-device ;;
  esac
  guest_args "$append_blk" "" "$@"
  if ! boot "$log" "${GUEST_ARGS[@]}"; then
    # What finished before the failure still counts.
    for m in $measures_blk; do
      case $m in seqr|seqw) v=$(span "$log" "$m" $((size * 1048576))) ;;
        rw1) v=$(iops "$log" w 1) ;; rwn) v=$(iops "$log" w "$threads") ;;
        rr1) v=$(iops "$log" r 1) ;; rrn) v=$(iops "$log" r "$threads") ;; esac
      [ -n "$v" ] && echo "$label $run $m $v" >> "$results"
    done
    fail "$label" "$run" "$(for m in $measures_blk; do grep -q "^$label $run $m " "$results" || echo "$m"; done)" \
      "$(why "$log")"
    rm -f "$img"; return 1
  fi
  rm -f "$img"
  for m in $spots; do
    got=$(tr -d '\r' < "$log" | awk -v m="$m" '$1 == "BLKBENCH-MD5" && $2 == m { print $3 }')
    [ "$got" = "${sum[$m]}" ] || {
      fail "$label" "$run" "$measures_blk" "the guest read MiB $m as MD5 ${got:-nothing}, the host wrote ${sum[$m]}"
      return 1; }
  done
  line="$label/$run:"
  for m in $measures_blk; do
    case $m in seqr|seqw) v=$(span "$log" "$m" $((size * 1048576))) ;;
      rw1) v=$(iops "$log" w 1) ;; rwn) v=$(iops "$log" w "$threads") ;;
      rr1) v=$(iops "$log" r 1) ;; rrn) v=$(iops "$log" r "$threads") ;; esac
    [ -n "$v" ] || { fail "$label" "$run" "$m" "no $m figure in the log"; continue; }
    echo "$label $run $m $v" >> "$results"
    line+=" $m $v"
  done
  v=$(tr -d '\r' < "$log" | awk '$1 == "BLKBENCH-Q" { print $2 }')
  echo "$label queues ${v:-?}" >> "$work/queues.txt"
  msg "$line (MB/s, IOPS; $v queue(s))"
}

# run_fs LABEL RUN: one boot with a virtiofsd share.
run_fs() {
  local label=$1 run=$2 share=$work/share-$1-$2 sock=$work/fs-$1-$2.sock vfs want got v w i
  log=$work/fs-$label-$run.log epid=''
  : > "$log"
  rm -rf "$share" "$sock"; mkdir -p "$share"
  fresh "$share/big" "$fssize" || { fail "$label" "$run" fsr "cannot write $share/big"; return 1; }
  want=$(md5 "$share/big" $((fssize - 1)))
  dd if="$share/big" iflag=nocache count=0 status=none
  spawn "$VIRTIOFSD" --socket-path="$sock" -o source="$share" -o cache=none \
    > "$work/fs-$label-$run.virtiofsd.log" 2>&1
  vfs=$SPAWNED
  for i in $(seq 100); do [ -S "$sock" ] && break; kill -0 "$vfs" 2>/dev/null || break; sleep 0.1; done
  [ -S "$sock" ] || { reap "$vfs"; fail "$label" "$run" fsr "virtiofsd did not create $sock"; return 1; }
  case $label in
    hyp)  set -- "$rvkvm" run --mem 512M --cpus "$cpus" --kernel @KERNEL@ --initrd @INITRD@ \
            --append @APPEND@ --fs "tag=share,socket=$sock" ;;
    full) set -- "$rvkvm" run --mem 512M --cpus "$cpus" --firmware @FW@ --kernel @KERNEL@ \
            --initrd @INITRD@ --append @APPEND@ --fs "tag=share,socket=$sock" ;;
    qemu) set -- qemu-system-riscv64 -M virt -m 512M -smp "$cpus" -nographic -no-reboot \
            -bios @FW@ -kernel @KERNEL@ -initrd @INITRD@ -append @APPEND@ \
            -object memory-backend-memfd,id=mem,size=512M,share=on -numa node,memdev=mem \
            -global virtio-mmio.force-legacy=false \
            -chardev "socket,id=c,path=$sock" -device vhost-user-fs-device,chardev=c,tag=share \
            -device virtio-rng-device ;;
  esac
  guest_args "$append_fs" "" "$@"
  boot "$log" "${GUEST_ARGS[@]}"; local ok=$?
  reap "$vfs"
  rm -rf "$share" "$sock"
  [ "$ok" = 0 ] || { fail "$label" "$run" fsr "$(why "$log")"; return 1; }
  got=$(tr -d '\r' < "$log" | awk '$1 == "BLKBENCH-MD5" { print $3 }')
  [ "$got" = "$want" ] ||
    { fail "$label" "$run" fsr "the guest read the last MiB as MD5 ${got:-nothing}, the host wrote $want"; return 1; }
  v=$(span "$log" fsr $((fssize * 1048576)))
  [ -n "$v" ] || { fail "$label" "$run" fsr "no timing in the log"; return 1; }
  echo "$label $run fsr $v" >> "$results"
  w=$(span "$log" fsw $((4 * fssize * 1048576)))
  [ -n "$w" ] || { fail "$label" "$run" fsw "no timing in the log"; return 1; }
  echo "$label $run fsw $w" >> "$results"
  msg "$label/$run: virtio-fs read $v MB/s, again (host-cached) $w MB/s"
}

[ -x "$rvkvm" ] || [[ " $only " != *" hyp "* && " $only " != *" full "* ]] ||
  msg "no rvkvm at $rvkvm: its columns will fail"
msg "$size MiB disk, $ops random ops (1 and $threads threads), ${fssize} MiB virtio-fs file," \
  "$cpus harts, best of $runs, QEMU aio=${qaio:-n/a}; logs in $work"
: > "$work/queues.txt"
bad=0
for r in $(seq "$runs"); do
  [ -n "$nodisk" ] || for e in $only; do run_blk "$e" "$r" || bad=1; done
  [ -n "$nofs" ] && continue
  for e in $only; do [ "$e" = qemu-wb ] || run_fs "$e" "$r" || bad=1; done
done

# --- the table: best of the runs --------------------------------------------------
best() {  # best LABEL MEASURE
  awk -v l="$1" -v m="$2" '$1 == l && $3 == m && $4 != "FAIL" { v = $4 + 0; if (!n++ || v > b) b = v }
    END { if (n) print b; else print "n/a" }' "$results"
}
ratio() {
  [ "$1" = "—" ] || [ "$2" = "—" ] && { echo "—"; return; }
  awk -v q="$1" -v r="$2" 'BEGIN { if (q == "n/a" || r == "n/a" || q <= 0 || r <= 0) print "n/a"
    else printf "%.2f", r / q }'
}
has() { [[ " $only " == *" $1 "* ]]; }
col() { if has "$1"; then best "$1" "$2"; else echo "—"; fi; }
table() {
  local m what q f h w
  echo "| measure ($cpus harts, 512 MiB, best of $runs) | QEMU cache=none | rvkvm full machine | rvkvm hyp guest | full/QEMU | hyp/QEMU | QEMU cache=writeback |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for m in ${nodisk:-$measures_blk} fsr fsw; do
    [ "$m" = 1 ] && continue
    case $m in
      seqr) what="virtio-blk sequential read, dd bs=1M iflag=direct, $size MiB, MB/s" ;;
      seqw) what="virtio-blk sequential write, dd bs=1M oflag=direct conv=fsync, $size MiB, MB/s" ;;
      rw1)  what="virtio-blk random 4 KiB writes + fsync, 1 thread, IOPS" ;;
      rwn)  what="virtio-blk random 4 KiB writes + fsync, $threads threads, IOPS" ;;
      rr1)  what="virtio-blk random 4 KiB reads, 1 thread, IOPS" ;;
      rrn)  what="virtio-blk random 4 KiB reads, $threads threads, IOPS" ;;
      fsr)  [ -n "$nofs" ] && continue
            what="virtio-fs (virtiofsd cache=none) read of a $fssize MiB file, dd bs=1M, MB/s" ;;
      fsw)  [ -n "$nofs" ] && continue
            what="virtio-fs, the same file read 4 times more (now in the host's page cache), MB/s" ;;
    esac
    q=$(col qemu "$m") f=$(col full "$m") h=$(col hyp "$m") w=$(col qemu-wb "$m")
    case $m in fsr|fsw) w="—" ;; esac
    echo "| $what | $q | $f | $h | $(ratio "$q" "$f") | $(ratio "$q" "$h") | $w |"
  done
  echo
  echo "MB/s = 10^6 bytes/s; ratios are rvkvm's speed over QEMU cache=none's (> 1: rvkvm faster)."
  echo "Random I/O: $ops O_DIRECT requests over the whole $size MiB disk (bench/blk/randio.c), each thread one in flight."
  echo "QEMU: -drive ...,format=raw,cache=none|writeback,aio=${qaio:-n/a} -device virtio-blk-device; rvkvm: --disk (buffered host I/O, io_uring)."
  if [ -s "$work/queues.txt" ]; then
    echo "virtio-blk queues seen by the guest: $(sort -u "$work/queues.txt" | awk '{ printf "%s%s %s", s, $1, $3; s = ", " }')."
  fi
  [ "$nofs" = 2 ] && echo "virtio-fs: not measured (no virtiofsd)."
  [ "$nofs" = 1 ] && echo "virtio-fs: not measured (--no-fs)."
  return 0
}
if [ -n "$out" ]; then mkdir -p "$(dirname "$out")"; table | tee "$out"; else table; fi
if grep -q ' FAIL' "$results"; then
  msg "some runs failed:"; grep ' FAIL' "$results" | sed 's/^/  /' >&2
  exit 1
fi
exit $bad
