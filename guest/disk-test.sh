#!/usr/bin/env bash
# The virtio-blk test: the guest mounts an ext4 disk made on the host, reads
# a file the host put there, writes a file and 1 MiB of random data, syncs,
# unmounts and powers off; the host then checks the disk with debugfs and
# e2fsck.  Needs e2fsprogs (mkfs.ext4 -d, debugfs, e2fsck).
#
#   guest/disk-test.sh [-n NAME] [-t SECS] [-r FILE] [-w DIR] -- EMULATOR [ARGS...]
# EMULATOR ARGS as for guest/boot-test.sh; they must attach @DISK@ as the
# guest's first virtio-blk device (/dev/vda), e.g. on QEMU virt:
#   -drive file=@DISK@,if=none,format=raw,id=d -device virtio-blk-device,drive=d
# and on rvkvm: --disk @DISK@.
# -w DIR keeps the disk image and logs (default build/guest).
# -r FILE gets one "PASS NAME" / "FAIL NAME (reason)" line.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
name=disk limit=300 results='' work=$ROOT/build/guest
while getopts n:t:r:w: o; do
  case $o in
    n) name=$OPTARG ;; t) limit=$OPTARG ;; r) results=$OPTARG ;; w) work=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [options] -- EMULATOR [ARGS...]" >&2; exit 2; }
export PATH=$PATH:/sbin:/usr/sbin
for t in mkfs.ext4 debugfs e2fsck; do
  command -v $t >/dev/null || { echo "disk-test: $t not found (e2fsprogs)" >&2; exit 2; }
done

fail() {
  echo "FAIL $name ($1)"
  [ -n "$results" ] && echo "FAIL $name ($1)" >> "$results"
  exit 1
}

mkdir -p "$work"
disk=$work/$name.img seed=$work/$name.seed
token() { od -An -N8 -tx1 /dev/urandom | tr -d ' \n'; }
htok=host-$(token) gtok=guest-$(token)
rm -rf "$seed" "$disk" "$work/$name.blob"
mkdir -p "$seed"
echo "$htok" > "$seed/host.txt"
truncate -s 64M "$disk"
mkfs.ext4 -q -F -L rvkvm -d "$seed" "$disk" || fail "mkfs.ext4"
rm -rf "$seed"

# In the guest; each step prints what the host checks.  set -e: the first
# failure ends the script with a non-zero RVKVM-EXIT.
gcmd="set -e
mount -t ext4 /dev/vda /mnt
echo HOST-FILE=\$(cat /mnt/host.txt)
echo $gtok > /mnt/guest.txt
dd if=/dev/urandom of=/mnt/blob bs=4096 count=256 2>/dev/null
echo BLOB-MD5=\$(md5sum < /mnt/blob)
sync
umount /mnt
echo DISK-DONE"

"$ROOT/guest/boot-test.sh" -n "$name:boot" -t "$limit" -d "$disk" -l "$work/$name.log" -c "$gcmd" \
  -e "^HOST-FILE=$htok\$" -e '^DISK-DONE$' -- "$@" || fail "boot; log: $work/$name.log"

got=$(debugfs -R 'cat /guest.txt' "$disk" 2>/dev/null)
[ "$got" = "$gtok" ] || fail "guest.txt on the disk is '$got', wanted $gtok"
debugfs -R "dump /blob $work/$name.blob" "$disk" >/dev/null 2>&1
want=$(sed -n 's/^BLOB-MD5=\([0-9a-f]*\).*/\1/p' "$work/$name.log" | tail -1)
have=$(md5sum < "$work/$name.blob" 2>/dev/null | cut -d' ' -f1)
{ [ -n "$want" ] && [ "$have" = "$want" ]; } || fail "blob md5 on the host $have, guest said $want"
e2fsck -fn "$disk" > "$work/$name.fsck" 2>&1 || fail "e2fsck -fn: see $work/$name.fsck"
rm -f "$work/$name.blob"

echo "PASS $name (guest.txt, 1 MiB blob and e2fsck -fn check out on the host)"
[ -n "$results" ] && echo "PASS $name" >> "$results"
exit 0
