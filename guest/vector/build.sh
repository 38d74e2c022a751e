#!/usr/bin/env bash
# Build vector-test, the guest side of the vector test (guest/vector/*.c),
# as one static riscv64 binary with the V extension.  scripts/guest-image.sh
# puts it in the initramfs as /bin/vector-test.
#   guest/vector/build.sh OUT      (RV_CC overrides the compiler)
# Same sources and compiler, same bytes: no debug info, no build paths.
set -euo pipefail
[ $# = 1 ] || { echo "usage: $0 OUT" >&2; exit 2; }
DIR=$(cd "$(dirname "$0")" && pwd)
CC=${RV_CC:-riscv64-linux-gnu-gcc}
export LC_ALL=C
"$CC" -static -O2 -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
  -march=rv64gcv -mabi=lp64d -ffile-prefix-map="$DIR"=guest/vector -Wl,--build-id=none \
  -o "$1.tmp" "$DIR"/*.c
mv "$1.tmp" "$1"
