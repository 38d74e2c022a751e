#!/usr/bin/env bash
# Run the bare-metal virtio guest (guest_virt.elf) with a fresh 64 KiB image
# whose sector 0 starts with "RVKVM-VIRTIO-IMAGE", and print one result line.
#   run_guest.sh qemu  ELF WORKDIR           QEMU virt, the oracle
#   run_guest.sh core  ELF WORKDIR VM_GUEST  the rvkvm core + these devices
#   run_guest.sh rvkvm ELF WORKDIR 'CMD'     any command; {elf} and {img} are
#                                            replaced (for rvkvm once wired)
set -u
mode=$1 elf=$2 dir=$3
TIMEOUT=30
mkdir -p "$dir"
img="$dir/guest-$mode.img"
printf 'RVKVM-VIRTIO-IMAGE' > "$img" && truncate -s 64K "$img" || exit 1
case $mode in
qemu)
  cmd=(qemu-system-riscv64 -M virt -m 128M -bios none -nographic -kernel "$elf"
       -global virtio-mmio.force-legacy=false
       -drive "file=$img,if=none,format=raw,id=d0"
       -device virtio-blk-device,drive=d0,serial=rvkvm-serial -device virtio-rng-device) ;;
core)
  cmd=("$4" "$elf" "$img") ;;
rvkvm)
  c=${4//\{elf\}/$elf}; c=${c//\{img\}/$img}
  read -r -a cmd <<< "$c" ;;
*) echo "usage: $0 qemu|core|rvkvm ELF WORKDIR [VM_GUEST|CMD]" >&2; exit 2 ;;
esac
timeout $TIMEOUT "${cmd[@]}" </dev/null >"$dir/guest-$mode.out" 2>"$dir/guest-$mode.err"
rc=$?
out=$(tr -d '\r' < "$dir/guest-$mode.out")
if [ "$rc" = 0 ] && grep -q '^virtio guest OK$' <<< "$out"; then
  echo "PASS virtio/guest_$mode"
else
  echo "FAIL virtio/guest_$mode (exit $rc: $(tail -1 <<< "$out"); see $dir/guest-$mode.*)"
fi
