#!/usr/bin/env bash
# virtio-blk durability and the newer requests, seen from the host: the
# guest writes 4 MiB with O_DIRECT (the write returns only once the device
# completed it) and discards 4 MiB the host had filled; as soon as it says
# so the VMM is killed with SIGKILL, and the image must hold the written
# data and zeros where the discard was.  While the guest runs, a second
# VMM on the same image must be refused (the image lock), and after the
# kill the lock must be gone.  Also checks one request queue per vCPU
# (multiqueue) and the discard limits the guest sees.
#
#   guest/blk-kill-test.sh [-n NAME] [-t SECS] [-r FILE] [-w DIR] -- EMULATOR [ARGS...]
# EMULATOR ARGS as for guest/boot-test.sh, with @DISK@ attached as /dev/vda
# and 2 vCPUs.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/guest/lib.sh"
name=blk-kill limit=300 results='' work=$ROOT/build/guest
while getopts n:t:r:w: o; do
  case $o in
    n) name=$OPTARG ;; t) limit=$OPTARG ;; r) results=$OPTARG ;; w) work=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [options] -- EMULATOR [ARGS...]" >&2; exit 2; }
if [ -z "${RVKVM_GUEST_KERNEL:-}" ]; then
  out=$(bash "$ROOT/scripts/guest-image.sh" -q) || { echo "blk-kill-test: guest-image.sh failed" >&2; exit 1; }
  eval "$out"
fi

verdict() { guest_verdict "$results" "$name" "$@"; }
mkdir -p "$work"
disk=$work/$name.img log=$work/$name.log
rm -f "$disk"
truncate -s 64M "$disk"
# 0xaa over [8 MiB, 12 MiB): what the discard must turn into zeros.
head -c 4194304 /dev/zero | tr '\0' '\252' | dd of="$disk" bs=1M seek=8 conv=notrunc status=none

gcmd='echo MQ=$(ls /sys/block/vda/mq | wc -l)
echo DMAX=$(cat /sys/block/vda/queue/discard_max_bytes)
dd if=/dev/urandom of=/tmp/r bs=1M count=4 2>/dev/null
dd if=/tmp/r of=/dev/vda bs=1M seek=1 oflag=direct 2>/dev/null || exit 1
echo W-MD5=$(md5sum </tmp/r)
blkdiscard -o 8388608 -l 4194304 /dev/vda || exit 2
echo WRITTEN
sleep 600'
append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd" | base64 -w0)"
guest_args "$append" "$disk" "$@"

{ printf '#'; printf ' %q' "${GUEST_ARGS[@]}"; echo; } > "$log"
"${GUEST_ARGS[@]}" < /dev/null >> "$log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null' EXIT
fail() { verdict FAIL "$1; log: $log"; tail -n 10 "$log" | sed 's/^/  | /'; exit 1; }
deadline=$((SECONDS + limit))
until grep -q '^WRITTEN' "$log"; do
  kill -0 "$pid" 2>/dev/null || fail "the guest stopped before WRITTEN"
  [ $SECONDS -lt $deadline ] || fail "timeout waiting for WRITTEN"
  sleep 0.1
done
# A second VMM on the image while the first holds it.
guest_args "$append" "$disk" "$@"
second=$(timeout 20 "${GUEST_ARGS[@]}" --console none < /dev/null 2>&1) &&
  fail "a second VMM opened the image in use"
grep -q "in use by another process" <<< "$second" || fail "a second VMM failed without the lock message: $second"
kill -9 "$pid"
wait "$pid" 2>/dev/null

grep -q '^MQ=2.\?$' "$log" || fail "not one request queue per vCPU ($(grep ^MQ= "$log"))"
grep -q '^DMAX=2147483648.\?$' "$log" || fail "discard limit not as offered ($(grep ^DMAX= "$log"))"
want=$(sed -n 's/^W-MD5=\([0-9a-f]*\).*/\1/p' "$log")
got=$(dd if="$disk" bs=1M skip=1 count=4 status=none | md5sum | cut -d' ' -f1)
[ -n "$want" ] && [ "$got" = "$want" ] || fail "written data lost after kill -9 (md5 $got, guest wrote $want)"
nz=$(dd if="$disk" bs=1M skip=8 count=4 status=none | tr -d '\0' | wc -c)
[ "$nz" = 0 ] || fail "discarded range not zero ($nz non-zero bytes)"
exec 9<>"$disk"
flock -n -x 9 || fail "the image is still locked after the VMM died"
exec 9>&-
verdict PASS
