#!/usr/bin/env bash
# A guest reboot boots the machine again: the guest counts its boots on an
# ext4 disk, reboots after the first and powers off after the second; the
# emulator must then exit 0, the console must show two boots, and the disk
# must say 2.  Usage: guest/reboot-test.sh -n NAME -t SECS -w DIR -r RESULTS
#   -- EMULATOR ARGS...   (@KERNEL@ @INITRD@ @APPEND@ @DISK@ replaced)
set -u
. "$(dirname "$0")/lib.sh"
name=reboot; timeout=180; work=.; results=
while [ $# -gt 0 ]; do
  case "$1" in
    -n) name=$2; shift 2;; -t) timeout=$2; shift 2;; -w) work=$2; shift 2;;
    -r) results=$2; shift 2;; --) shift; break;; *) echo "reboot-test: bad option $1" >&2; exit 2;;
  esac
done
verdict() { guest_verdict "$results" "$name" "$@"; }
disk=$work/$name.img log=$work/$name.log
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo 0 > "$tmp/count"
rm -f "$disk"; truncate -s 16M "$disk"
mkfs.ext4 -q -F -d "$tmp" "$disk" >/dev/null 2>&1 || { verdict FAIL "mkfs.ext4 failed"; exit 1; }
script='mount -t ext4 /dev/vda /mnt || poweroff -f
n=$(cat /mnt/count); n=$((n + 1)); echo $n > /mnt/count; echo BOOT-NUMBER-$n
umount /mnt; sync
if [ $n -lt 2 ]; then reboot -f; else poweroff -f; fi'
cmd=$(printf '%s' "$script" | base64 -w0)
guest_args "console=ttyS0 quiet panic=-1 rvkvm.cmd=$cmd" "$disk" "$@"
timeout "$timeout" "${GUEST_ARGS[@]}" < /dev/null > "$log" 2>&1; rc=$?
boots=$(grep -c '^BOOT-OK' "$log")
count=$(debugfs -R 'cat /count' "$disk" 2>/dev/null | tr -d '[:space:]')
if [ "$rc" -ne 0 ]; then verdict FAIL "exit status $rc"; exit 1; fi
if [ "$boots" -ne 2 ] || ! grep -q '^BOOT-NUMBER-2' "$log"; then
  verdict FAIL "$boots boots on the console"; exit 1; fi
if [ "$count" != 2 ]; then verdict FAIL "the disk counted '$count' boots"; exit 1; fi
verdict PASS "rebooted once, powered off after the second boot"
