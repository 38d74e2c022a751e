#!/usr/bin/env bash
# vhost-user devices with the backends Debian ships, checked from both
# sides:
#   fs-socket  virtio-fs through a virtiofsd the test starts: the guest
#              mounts the host directory, reads a file the host wrote
#              (SHA-256) and writes one the host then reads;
#   fs-dir     the same with `--fs dir=` (rvkvm starts and stops virtiofsd);
#   blk        a qcow2 image served by qemu-storage-daemon
#              (vhost-user-blk, two queues): the guest reads 1 MiB the host
#              put there with qemu-io and writes 1 MiB the host reads back;
#   fs-hangup  virtiofsd killed while the guest runs: the VM keeps running
#              and powers off normally, the device reported broken;
#   blk-reconnect  qemu-storage-daemon (a raw image) killed with -9 while the
#              guest writes 8 MiB in 64 KiB O_DIRECT pieces, restarted on the
#              same socket 2 s later: with reconnect=1 rvkvm reconnects, the
#              writes go on, and the guest's read-back and the image on the
#              host both have the data's SHA-256.
#
#   guest/vhost-test.sh [-t SECS] [-r FILE] [-w DIR] [-p PREFIX] -- EMULATOR [ARGS...]
# EMULATOR ARGS as for guest/boot-test.sh (@KERNEL@ @INITRD@ @APPEND@) plus
# @VHOST@, replaced by the device options of each case.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/guest/lib.sh"
limit=300 results='' work=$ROOT/build/guest prefix=vhost
while getopts t:r:w:p: o; do
  case $o in
    t) limit=$OPTARG ;; r) results=$OPTARG ;; w) work=$OPTARG ;; p) prefix=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [options] -- EMULATOR [ARGS...]" >&2; exit 2; }
if [ -z "${RVKVM_GUEST_KERNEL:-}" ]; then
  out=$(bash "$ROOT/scripts/guest-image.sh" -q) || { echo "vhost-test: guest-image.sh failed" >&2; exit 1; }
  eval "$out"
fi
VIRTIOFSD=${RVKVM_VIRTIOFSD:-}
for v in virtiofsd /usr/libexec/virtiofsd /usr/lib/qemu/virtiofsd; do
  [ -z "$VIRTIOFSD" ] && command -v "$v" >/dev/null && VIRTIOFSD=$(command -v "$v")
done
QSD=$(command -v qemu-storage-daemon)
for t in "$VIRTIOFSD" "$QSD" "$(command -v qemu-img)" "$(command -v qemu-io)"; do
  [ -n "$t" ] || { echo "vhost-test: needs virtiofsd, qemu-storage-daemon, qemu-img, qemu-io" >&2; exit 2; }
done

mkdir -p "$work"; work=$(cd "$work" && pwd)   # virtiofsd needs absolute paths
dir=$work/$prefix
rm -rf "$dir"; mkdir -p "$dir"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT
rc=0

# run NAME GUEST-CMD DEVICE-ARGS...: boot with the devices, wait for the end.
run() {
  local name=$1 cmd=$2; shift 2
  local append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$cmd" | base64 -w0)" a
  guest_args "$append" "" "${EMU[@]}"
  local args=()
  for a in "${GUEST_ARGS[@]}"; do
    if [ "$a" = @VHOST@ ]; then args+=("$@"); else args+=("$a"); fi
  done
  log=$dir/$name.log
  { printf '#'; printf ' %q' "${args[@]}"; echo; } > "$log"
  timeout -k 5 "$limit" "${args[@]}" < /dev/null >> "$log" 2>&1 &
  epid=$!
}
finish() {  # NAME: wait for the VMM; 0 when it and the guest command ended well
  wait "$epid"; local st=$?
  [ "$st" = 0 ] && grep -q '^RVKVM-EXIT=0.\?$' "$log"
}
verdict() { guest_verdict "$results" "$prefix-$1" "$2" "${3:-}"; [ "$2" = PASS ] || rc=1; }
EMU=("$@")

# --- virtio-fs, both ways ------------------------------------------------------
fs_case() {  # NAME MODE(socket|dir)
  local name=$1 mode=$2 share=$dir/$1-share sock=$dir/$1.sock
  mkdir -p "$share"
  head -c 262144 /dev/urandom > "$share/host.bin"
  local hsha; hsha=$(sha256sum < "$share/host.bin" | cut -d' ' -f1)
  local opt
  if [ "$mode" = socket ]; then
    "$VIRTIOFSD" --socket-path="$sock" -o source="$share" -o cache=none > "$dir/$name.virtiofsd.log" 2>&1 &
    pids+=($!)
    opt=tag=hostshare,socket=$sock
  else
    opt=tag=hostshare,dir=$share
  fi
  run "$name" 'set -e
mount -t virtiofs hostshare /mnt
echo H-SHA=$(sha256sum </mnt/host.bin)
head -c 262144 /dev/urandom >/mnt/guest.bin
echo G-SHA=$(sha256sum </mnt/guest.bin)
umount /mnt' --fs "$opt"
  if ! finish; then verdict "$name" FAIL "run failed; log: $log"; return; fi
  grep -q "^H-SHA=$hsha " "$log" || { verdict "$name" FAIL "guest read the host file wrong; log: $log"; return; }
  local gsha; gsha=$(sed -n 's/^G-SHA=\([0-9a-f]*\) .*/\1/p' "$log")
  [ -n "$gsha" ] && [ "$(sha256sum < "$share/guest.bin" | cut -d' ' -f1)" = "$gsha" ] ||
    { verdict "$name" FAIL "host does not see the guest's file; log: $log"; return; }
  if [ "$mode" = dir ] && pgrep -f "source=$share" >/dev/null; then
    verdict "$name" FAIL "the virtiofsd rvkvm started outlived it"; return
  fi
  verdict "$name" PASS
}
fs_case fs-socket socket
fs_case fs-dir dir

# --- vhost-user-blk on qcow2 ---------------------------------------------------
img=$dir/disk.qcow2 sock=$dir/blk.sock
qemu-img create -q -f qcow2 "$img" 64M
head -c 1048576 /dev/urandom > "$dir/host.bin"
hsha=$(sha256sum < "$dir/host.bin" | cut -d' ' -f1)
qemu-io -f qcow2 -c "write -s $dir/host.bin 4M 1M" "$img" > /dev/null
"$QSD" --blockdev driver=file,node-name=f0,filename="$img" --blockdev driver=qcow2,node-name=q0,file=f0 \
  --export type=vhost-user-blk,id=e0,node-name=q0,addr.type=unix,addr.path="$sock",writable=on,num-queues=2 \
  > "$dir/qsd.log" 2>&1 &
qsd=$!; pids+=($qsd)
run blk 'set -e
echo Q=$(ls /sys/block/vda/mq | wc -l)
echo H-SHA=$(dd if=/dev/vda bs=1M skip=4 count=1 2>/dev/null | sha256sum)
head -c 1048576 /dev/urandom >/tmp/g
dd if=/tmp/g of=/dev/vda bs=1M seek=8 oflag=direct 2>/dev/null
echo G-SHA=$(sha256sum </tmp/g)' --vhost-user-blk "$sock"
if finish; then
  kill "$qsd"; wait "$qsd" 2>/dev/null
  gsha=$(sed -n 's/^G-SHA=\([0-9a-f]*\) .*/\1/p' "$log")
  qemu-img convert -f qcow2 -O raw "$img" "$dir/disk.raw"
  if ! grep -q '^Q=2.\?$' "$log"; then verdict blk FAIL "not 2 queues; log: $log"
  elif ! grep -q "^H-SHA=$hsha " "$log"; then verdict blk FAIL "guest read the qcow2 data wrong; log: $log"
  elif [ "$(dd if="$dir/disk.raw" bs=1M skip=8 count=1 status=none | sha256sum | cut -d' ' -f1)" != "$gsha" ]; then
    verdict blk FAIL "the guest's write is not in the qcow2 image"
  else verdict blk PASS; fi
else
  verdict blk FAIL "run failed; log: $log"
fi

# --- the backend goes away ---------------------------------------------------
share=$dir/hup-share sock=$dir/hup.sock
mkdir -p "$share"
"$VIRTIOFSD" --socket-path="$sock" -o source="$share" -o cache=none > "$dir/hup.virtiofsd.log" 2>&1 &
vfs=$!; pids+=($vfs)
# (The guest's own requests to the dead backend never complete, so it
# powers off without syncing: poweroff -n.)
run fs-hangup 'mount -t virtiofs hostshare /mnt && echo MOUNTED
sleep 3; echo ALIVE; poweroff -f -n' --fs "tag=hostshare,socket=$sock"
deadline=$((SECONDS + limit))
until grep -q '^MOUNTED' "$log" || [ $SECONDS -ge $deadline ] || ! kill -0 "$epid" 2>/dev/null; do sleep 0.2; done
pkill -9 -P "$vfs"; kill -9 "$vfs" 2>/dev/null   # QEMU's virtiofsd works in a child
wait "$epid"; st=$?
if [ "$st" = 0 ] && grep -q '^ALIVE' "$log" && grep -q 'backend closed the connection' "$log"; then
  verdict fs-hangup PASS
else
  verdict fs-hangup FAIL "the VM did not survive its backend; log: $log"
fi

# --- vhost-user-blk: the backend dies and comes back -------------------------
img=$dir/reconnect.raw sock=$dir/reconnect.sock
qemu-img create -q -f raw "$img" 64M
start_qsd() {  # LOG: export $img on $sock; sets qsd
  rm -f "$sock"   # the killed daemon's socket file
  "$QSD" --blockdev driver=file,node-name=f0,filename="$img" \
    --export type=vhost-user-blk,id=e0,node-name=f0,addr.type=unix,addr.path="$sock",writable=on \
    > "$1" 2>&1 &
  qsd=$!; pids+=($qsd)
}
start_qsd "$dir/reconnect.qsd1.log"
run blk-reconnect 'set -e
head -c 8388608 /dev/urandom >/tmp/g
echo WRITING
i=0
while [ $i -lt 128 ]; do
  dd if=/tmp/g of=/dev/vda bs=64k count=1 skip=$i seek=$i oflag=direct conv=notrunc 2>/dev/null
  i=$((i + 1))
  if [ $((i % 16)) = 0 ]; then echo PROGRESS=$i; fi
done
echo R-SHA=$(dd if=/dev/vda bs=1M count=8 iflag=direct 2>/dev/null | sha256sum)
echo G-SHA=$(sha256sum </tmp/g)' --vhost-user-blk "socket=$sock,reconnect=1"
deadline=$((SECONDS + limit))
until grep -q '^WRITING' "$log" || [ $SECONDS -ge $deadline ] || ! kill -0 "$epid" 2>/dev/null; do sleep 0.1; done
kill -9 "$qsd"; wait "$qsd" 2>/dev/null
sleep 2
start_qsd "$dir/reconnect.qsd2.log"
if finish; then
  kill "$qsd"; wait "$qsd" 2>/dev/null
  gsha=$(sed -n 's/^G-SHA=\([0-9a-f]*\) .*/\1/p' "$log")
  if [ -z "$gsha" ] || ! grep -q "^R-SHA=$gsha " "$log"; then
    verdict blk-reconnect FAIL "the guest read back other data; log: $log"
  elif [ "$(head -c 8388608 "$img" | sha256sum | cut -d' ' -f1)" != "$gsha" ]; then
    verdict blk-reconnect FAIL "the image does not hold the guest's data; log: $log"
  elif ! grep -q 'vhost-user-blk: reconnected' "$log"; then
    verdict blk-reconnect FAIL "no reconnection logged; log: $log"
  else verdict blk-reconnect PASS; fi
else
  verdict blk-reconnect FAIL "run failed; log: $log"
fi
exit $rc
