#!/usr/bin/env bash
# Boot the guest image (scripts/guest-image.sh) on an emulator, run one
# command in the guest and check the console output.
#
#   guest/boot-test.sh [options] -- EMULATOR [ARGS...]
#     -n NAME     test name (default: boot)
#     -c CMD      shell command run by the guest's /init (default: true);
#                 passed base64-encoded as rvkvm.cmd= (see guest/init)
#     -e REGEX    a console line must match this extended regex (repeatable)
#     -x STATUS   expected exit status of CMD (default 0)
#     -a ARGS     more kernel command-line arguments (e.g. loglevel=7 to see
#                 the kernel messages "quiet" hides)
#     -d FILE     value of @DISK@
#     -t SECS     time limit for the whole run (default 300)
#     -l FILE     console log (default build/guest/NAME.log)
#     -r FILE     append "PASS NAME" or "FAIL NAME (reason)" to FILE
#
# In EMULATOR ARGS these words are replaced, each inside its own argument:
#   @KERNEL@ @INITRD@ @FW@ (fw_dynamic.bin) @FW_ELF@ (fw_dynamic.elf)
#   @APPEND@ (console=ttyS0 quiet panic=-1 rvkvm.cmd=... ARGS) @DISK@
# (panic=-1: a guest panic reboots at once; give QEMU -no-reboot to end there)
# e.g.  guest/boot-test.sh -c 'uname -a' -e '^Linux' -- qemu-system-riscv64 -M virt \
#         -nographic -bios @FW@ -kernel @KERNEL@ -initrd @INITRD@ -append @APPEND@
# Image paths come from RVKVM_GUEST_{KERNEL,INITRD,FW_DYNAMIC,FW_DYNAMIC_ELF}
# when set, else from scripts/guest-image.sh.
#
# Passes when the console shows BOOT-OK, RVKVM-EXIT=STATUS and every REGEX,
# and the emulator exits by itself with status 0 (the guest powered off)
# within the time limit.  Prints the result and the seconds to BOOT-OK and
# to the end; exit status 0 on pass, 1 on fail, 2 on usage errors.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
name=boot cmd=true xstatus=0 extra='' disk='' limit=300 log='' results=''
expects=()
while getopts n:c:e:x:a:d:t:l:r: o; do
  case $o in
    n) name=$OPTARG ;; c) cmd=$OPTARG ;; e) expects+=("$OPTARG") ;;
    x) xstatus=$OPTARG ;; a) extra=$OPTARG ;; d) disk=$OPTARG ;;
    t) limit=$OPTARG ;; l) log=$OPTARG ;; r) results=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [options] -- EMULATOR [ARGS...]" >&2; exit 2; }

if [ -z "${RVKVM_GUEST_KERNEL:-}" ]; then
  out=$(bash "$ROOT/scripts/guest-image.sh" -q) || { echo "boot-test: guest-image.sh failed" >&2; exit 1; }
  eval "$out"
fi

append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$cmd" | base64 -w0)${extra:+ $extra}"
[ ${#append} -lt 1024 ] || { echo "boot-test: kernel command line over 1023 bytes" >&2; exit 2; }
argv=()
for a in "$@"; do
  a=${a//@KERNEL@/$RVKVM_GUEST_KERNEL}
  a=${a//@INITRD@/$RVKVM_GUEST_INITRD}
  a=${a//@FW_ELF@/${RVKVM_GUEST_FW_DYNAMIC_ELF:-}}
  a=${a//@FW@/$RVKVM_GUEST_FW_DYNAMIC}
  a=${a//@DISK@/$disk}
  a=${a//@APPEND@/$append}
  argv+=("$a")
done

log=${log:-$ROOT/build/guest/$name.log}
mkdir -p "$(dirname "$log")"
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT

# Copy the console to the log, noting when BOOT-OK arrives.
t0=$EPOCHREALTIME
{ printf '#'; printf ' %q' "${argv[@]}"; echo; } > "$log"
timeout -k 5 "$limit" "${argv[@]}" < /dev/null 2>&1 |
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    printf '%s\n' "$line"
    [ "$line" = BOOT-OK ] && echo "$EPOCHREALTIME" > "$stamp"
  done >> "$log"
rc=${PIPESTATUS[0]}
t1=$EPOCHREALTIME
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

why=
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then why="timeout after ${limit}s"
elif ! grep -qx BOOT-OK "$log"; then why="no BOOT-OK"
elif ! grep -qx "RVKVM-EXIT=$xstatus" "$log"; then
  why="command status $(sed -n 's/^RVKVM-EXIT=//p' "$log" | tail -1), wanted $xstatus"
  [ "$why" = "command status , wanted $xstatus" ] && why="no RVKVM-EXIT line"
else
  for re in "${expects[@]}"; do
    grep -Eq -- "$re" "$log" || { why="no line matching /$re/"; break; }
  done
  [ -z "$why" ] && [ "$rc" != 0 ] && why="emulator exit status $rc"
fi

boot=-
[ -s "$stamp" ] && boot=$(secs "$t0" "$(cat "$stamp")")s
if [ -z "$why" ]; then
  echo "PASS $name (BOOT-OK after $boot, done after $(secs "$t0" "$t1")s)"
  [ -n "$results" ] && echo "PASS $name" >> "$results"
  exit 0
fi
echo "FAIL $name ($why; log: $log)"
tail -n 15 "$log" | sed 's/^/  | /'
[ -n "$results" ] && echo "FAIL $name ($why)" >> "$results"
exit 1
