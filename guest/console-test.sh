#!/usr/bin/env bash
# Interactive console test: boot the guest with the shell on the UART, wait
# for its prompt, type commands through the emulator's stdin (interrupt-
# driven UART input), and expect their output and a clean `poweroff`.
# Usage: guest/console-test.sh -n NAME -t SECS -l LOG -r RESULTS -- EMULATOR ARGS...
# (@KERNEL@ @INITRD@ @FW@ in the arguments are replaced from RVKVM_GUEST_*;
# @APPEND@ becomes "console=ttyS0 quiet").
set -u
name=console; timeout=120; log=console.log; results=
while [ $# -gt 0 ]; do
  case "$1" in
    -n) name=$2; shift 2;; -t) timeout=$2; shift 2;; -l) log=$2; shift 2;;
    -r) results=$2; shift 2;; --) shift; break;; *) echo "console-test: bad option $1" >&2; exit 2;;
  esac
done
. "$(dirname "$0")/lib.sh"
guest_args "console=ttyS0 quiet" "" "$@"
args=("${GUEST_ARGS[@]}")
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/in"
"${args[@]}" < "$dir/in" > "$log" 2>&1 &
pid=$!
exec 3> "$dir/in"
verdict() { guest_verdict "$results" "$name" "$@"; }
wait_for() {  # pattern, deadline
  while ! grep -q -- "$1" "$log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$SECONDS" -ge "$2" ] && return 1
    sleep 0.2
  done
}
deadline=$((SECONDS + timeout))
if ! wait_for '/ # ' "$deadline"; then
  kill "$pid" 2>/dev/null; verdict FAIL "no shell prompt"; exit 1
fi
# Several commands, each typed as the previous output appears, across harts.
echo 'echo CONSOLE-$((6*7))' >&3
wait_for 'CONSOLE-42' "$deadline" || { kill "$pid"; verdict FAIL "no reply to the first command"; exit 1; }
echo 'for i in 1 2 3 4 5 6 7 8; do (echo JOB-$i > /dev/null; sleep 0.1) & done; wait; echo JOBS-DONE' >&3
wait_for 'JOBS-DONE' "$deadline" || { kill "$pid"; verdict FAIL "no reply to the second command"; exit 1; }
echo 'poweroff' >&3
while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
if kill -0 "$pid" 2>/dev/null; then kill "$pid"; verdict FAIL "no poweroff"; exit 1; fi
wait "$pid"; rc=$?
exec 3>&-
if grep -q "LOCKUP\|stall" "$log"; then verdict FAIL "kernel reported a lockup or stall"; exit 1; fi
[ "$rc" -eq 0 ] || { verdict FAIL "exit status $rc"; exit 1; }
verdict PASS
