#!/usr/bin/env bash
# Install the host packages rvkvm builds and tests with (Debian bookworm or later).
# Idempotent: only missing packages are installed; does nothing when all are present.
set -euo pipefail
pkgs=(
  make gcc clang libclang-rt-dev   # build, libFuzzer + sanitizers
  libfdt-dev zlib1g-dev            # device trees, compressed kernels
  gcc-riscv64-linux-gnu            # guest-side test programs
  binutils-riscv64-linux-gnu
  libc6-dev-riscv64-cross          # the /dev/kvm client in the test initramfs
  linux-libc-dev-riscv64-cross
  qemu-system-misc qemu-user-static # test oracle and benchmark peer; also virtiofsd and
  qemu-utils                        # qemu-storage-daemon (vhost-user backends), qemu-img
  cpio xz-utils e2fsprogs file      # guest images (scripts/guest-image.sh) and disk tests
  debian-archive-keyring
  device-tree-compiler              # dtc/fdtget in the device-tree tests
  libslirp-dev                      # user-mode networking (virtio-net --net user)
  liburing-dev                      # virtio-blk I/O off the vCPU threads (io_uring)
  libmicrohttpd-dev libjson-c-dev   # the management API (HTTP on a unix socket, JSON)
  curl socat                        # the API tests; unix-socket clients in the device tests
  busybox iproute2                  # the network tests: host httpd/wget, a tap in a netns
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "deps.sh: missing packages: ${missing[*]} (run as root or install them)" >&2
  exit 1
fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
