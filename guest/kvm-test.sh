#!/usr/bin/env bash
# Nested virtualization with Linux's own KVM: boot the guest image on an
# emulator whose harts have the H extension, load kvm.ko in the guest and
# run kvm-client (guest/kvm/), a small VMM on /dev/kvm, inside it.
#
#   guest/kvm-test.sh [options] -- EMULATOR [ARGS...]
#     -n NAME     test name (default: kvm); each check of kvm-client is
#                 recorded as NAME/CHECK, the whole run as NAME
#     -m MODE     kvm-client mode: test (default) or "bench [ARGS]"
#     -t SECS     time limit for the whole run (default 300)
#     -l FILE     console log (default build/guest/NAME.log)
#     -r FILE     append PASS/FAIL lines to FILE
# EMULATOR ARGS take the words of guest/boot-test.sh (@KERNEL@ @INITRD@
# @FW@ @APPEND@ ...).
#
# In the guest: insmod /lib/modules/KREL/extra/kvm.ko (recorded as
# NAME/insmod; it fails when the harts lack H), print the isa line and the
# kernel's kvm messages, then kvm-client MODE, which prints
# "KVM-TEST CHECK PASS|FAIL detail" lines and "KVM-TEST done pass=N fail=M".
# Passes when guest/boot-test.sh does (BOOT-OK, exit status 0, clean power
# off) and the done line shows fail=0.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/guest/lib.sh"
name=kvm mode=test limit=300 log='' results=''
while getopts n:m:t:l:r: o; do
  case $o in
    n) name=$OPTARG ;; m) mode=$OPTARG ;; t) limit=$OPTARG ;;
    l) log=$OPTARG ;; r) results=$OPTARG ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [options] -- EMULATOR [ARGS...]" >&2; exit 2; }
log=${log:-$ROOT/build/guest/$name.log}

cmd='k=/lib/modules/$(uname -r)/extra/kvm.ko
grep -m1 "^isa" /proc/cpuinfo
if insmod $k; then echo "KVM-TEST insmod PASS kvm.ko loaded"
else echo "KVM-TEST insmod FAIL insmod kvm.ko failed (no H extension?)"; dmesg | grep "kvm \["; exit 1; fi
dmesg | grep "kvm \["; ls -l /dev/kvm
kvm-client '"$mode"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
bash "$ROOT/guest/boot-test.sh" -n "$name" -t "$limit" -l "$log" -c "$cmd" \
  -e '^KVM-TEST done pass=[0-9]+ fail=0$' -- "$@" | tee "$out"
rc=${PIPESTATUS[0]}

# One result line per kvm-client check, then the run as a whole.
if [ -n "$results" ]; then
  sed -n 's/^KVM-TEST \([^ ]*\) \(PASS\|FAIL\) *\(.*\)$/\2 \1 \3/p' "$log" | tr -d '\r' |
    while read -r verdict check detail; do
      [ "$check" = done ] && continue
      if [ "$verdict" = PASS ]; then guest_verdict "$results" "$name/$check" PASS >/dev/null
      else guest_verdict "$results" "$name/$check" FAIL "$detail" >/dev/null; fi
    done
  if [ "$rc" = 0 ]; then guest_verdict "$results" "$name" PASS >/dev/null
  else
    why=$(sed -n "s/^FAIL $name (\(.*\); log: .*)\$/\1/p" "$out" | head -1)
    guest_verdict "$results" "$name" FAIL "${why:-boot-test failed}" >/dev/null
  fi
fi
exit "$rc"
