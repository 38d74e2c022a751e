#!/usr/bin/env bash
# Build kvm-client, the guest-side /dev/kvm test and benchmark program
# (guest/kvm/*.c and the nested guest code in guest/kvm/nested.S), as one
# static riscv64 binary.  scripts/guest-image.sh puts it in the initramfs
# as /bin/kvm-client.
#   guest/kvm/build.sh OUT      (RV_CC overrides the compiler)
# Same sources and compiler, same bytes: no debug info, no build paths.
set -euo pipefail
[ $# = 1 ] || { echo "usage: $0 OUT" >&2; exit 2; }
DIR=$(cd "$(dirname "$0")" && pwd)
CC=${RV_CC:-riscv64-linux-gnu-gcc}
export LC_ALL=C
srcs=("$DIR"/*.c "$DIR"/*.S)
"$CC" -static -O2 -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -pthread \
  -march=rv64gc -mabi=lp64d -ffile-prefix-map="$DIR"=guest/kvm -Wl,--build-id=none \
  -o "$1.tmp" "${srcs[@]}"
mv "$1.tmp" "$1"
