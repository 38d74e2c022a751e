#!/usr/bin/env bash
# An idle guest must cost close to no host CPU (WFI sleeps until an
# interrupt or the timer deadline).  Boots the guest twice with 2 harts, the
# second idling N seconds longer in `sleep`, and compares the emulator's
# host CPU time: the extra must stay under 15% of the idle time.
# Usage: guest/idle-test.sh -n NAME -s SECS -r RESULTS -- EMULATOR ARGS...
# (@KERNEL@ @INITRD@ replaced from RVKVM_GUEST_*, @APPEND@ by the command line)
set -u
. "$(dirname "$0")/lib.sh"
name=idle; secs=10; results=
while [ $# -gt 0 ]; do
  case "$1" in
    -n) name=$2; shift 2;; -s) secs=$2; shift 2;; -r) results=$2; shift 2;;
    --) shift; break;; *) echo "idle-test: bad option $1" >&2; exit 2;;
  esac
done
run() {  # guest command -> prints "user+sys" CPU seconds of the emulator
  local cmd; cmd=$(printf '%s' "$1" | base64 -w0)
  guest_args "console=ttyS0 quiet panic=-1 rvkvm.cmd=$cmd" "" "${@:2}"
  local TIMEFORMAT='%3U %3S' t
  t=$( { time timeout 120 "${GUEST_ARGS[@]}" < /dev/null > /dev/null 2>&1; } 2>&1 ) || return 1
  awk '{ print $1 + $2 }' <<< "$t"
}
verdict() { guest_verdict "$results" "$name" "$@"; }
base=$(run "true" "$@") || { verdict FAIL "the short boot failed"; exit 1; }
idle=$(run "sleep $secs" "$@") || { verdict FAIL "the idle boot failed"; exit 1; }
extra=$(awk -v a="$idle" -v b="$base" 'BEGIN { printf "%.2f", a - b }')
limit=$(awk -v s="$secs" 'BEGIN { printf "%.2f", 0.15 * s }')
if awk -v e="$extra" -v l="$limit" 'BEGIN { exit !(e < l) }'; then
  verdict PASS "${secs} s idle cost ${extra} s of host CPU; boot ${base} s"
else
  verdict FAIL "${secs} s idle cost ${extra} s of host CPU (limit ${limit} s)"; exit 1
fi
