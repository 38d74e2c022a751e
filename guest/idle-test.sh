#!/usr/bin/env bash
# An idle guest must cost close to no host CPU (WFI sleeps until an
# interrupt or the timer deadline).  Boots the guest with the emulator
# given, has it print IDLE-START, sleep N seconds and print IDLE-END, and
# reads the emulator's CPU time (/proc/PID/stat, all threads) when each
# marker appears on the console: the CPU spent between them must stay under
# 15% of the idle time.  (Measuring only the idle span keeps boot-time
# noise out of the figure.)
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
verdict() { guest_verdict "$results" "$name" "$@"; }

# The guest stays up a moment after IDLE-END so the emulator is still
# there to be measured (a fast poweroff raced the read).
cmd=$(printf '%s' "echo IDLE-START; sleep $secs; echo IDLE-END; sleep 2" | base64 -w0)
guest_args "console=ttyS0 quiet panic=-1 rvkvm.cmd=$cmd" "" "$@"
log=$(mktemp)
trap 'rm -f "$log"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null' EXIT
"${GUEST_ARGS[@]}" < /dev/null > "$log" 2>&1 &
pid=$!
tck=$(getconf CLK_TCK)
cpu() {  # utime + stime of the emulator, in clock ticks
  local s; s=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  s=${s##*) }   # fields after "(comm) "
  set -- $s
  echo $(( ${12} + ${13} ))
}
wait_for() {  # wait_for MARKER SECS: until MARKER is on the console
  local i
  for ((i = 0; i < $2 * 20; i++)); do
    grep -q "^$1" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}
wait_for IDLE-START 180 || { verdict FAIL "no IDLE-START on the console"; exit 1; }
c0=$(cpu) || { verdict FAIL "emulator gone"; exit 1; }
wait_for IDLE-END $((secs + 60)) || { verdict FAIL "no IDLE-END on the console"; exit 1; }
c1=$(cpu) || { verdict FAIL "emulator gone"; exit 1; }
wait "$pid"; rc=$?; pid=
[ "$rc" -eq 0 ] || { verdict FAIL "exit status $rc"; exit 1; }
extra=$(awk -v a="$c1" -v b="$c0" -v t="$tck" 'BEGIN { printf "%.2f", (a - b) / t }')
limit=$(awk -v s="$secs" 'BEGIN { printf "%.2f", 0.15 * s }')
if awk -v e="$extra" -v l="$limit" 'BEGIN { exit !(e < l) }'; then
  verdict PASS "${secs} s idle cost ${extra} s of host CPU"
else
  verdict FAIL "${secs} s idle cost ${extra} s of host CPU (limit ${limit} s)"; exit 1
fi
