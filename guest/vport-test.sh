#!/usr/bin/env bash
# virtio-console ports, checked from both sides: port 0 is the guest's
# hvc0 and two named ports are /dev/vportNpM; each port's host side is a
# unix socket (socat connects).  The guest finds its ports by name in
# /sys/class/virtio-ports, writes to hvc0 and to each port, and reads a line
# the host sends; the host checks what arrived.  A port's host side being
# connected is told to the guest (PORT_OPEN): the guest's write to a port
# no host client holds waits (Linux's semantics) until the host connects,
# and then arrives.
#
#   guest/vport-test.sh [-n NAME] [-t SECS] [-r FILE] [-w DIR] -- EMULATOR [ARGS...]
# EMULATOR ARGS as for guest/boot-test.sh, plus @VPORTS@ (the port options).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/guest/lib.sh"
name=vport limit=300 results='' work=$ROOT/build/guest
while getopts n:t:r:w: o; do
  case $o in
    n) name=$OPTARG ;; t) limit=$OPTARG ;; r) results=$OPTARG ;; w) work=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [options] -- EMULATOR [ARGS...]" >&2; exit 2; }
command -v socat >/dev/null || { echo "vport-test: socat not found" >&2; exit 2; }
if [ -z "${RVKVM_GUEST_KERNEL:-}" ]; then
  out=$(bash "$ROOT/scripts/guest-image.sh" -q) || { echo "vport-test: guest-image.sh failed" >&2; exit 1; }
  eval "$out"
fi
verdict() { guest_verdict "$results" "$name" "$@"; }
mkdir -p "$work"; work=$(cd "$work" && pwd)
dir=$work/$name
rm -rf "$dir"; mkdir -p "$dir"
log=$dir/console.log
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done' EXIT

# port NAME: the guest's device for the port called NAME.
gcmd='port() { for d in /sys/class/virtio-ports/*; do [ "$(cat $d/name 2>/dev/null)" = "$1" ] && echo /dev/${d##*/}; done; }
A=$(port org.rvkvm.a); B=$(port org.rvkvm.b); echo PORTS=$A,$B
echo from-guest-hvc > /dev/hvc0
exec 3<>$A
echo READY
read -r line <&3; echo GOT-A=$line
echo from-guest-a-$line >&3
echo B-WAIT; echo to-b > $B; echo B-OK'
append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd" | base64 -w0)"
guest_args "$append" "" "$@"
args=()
for a in "${GUEST_ARGS[@]}"; do
  if [ "$a" = @VPORTS@ ]; then
    args+=(--virtio-console "socket=$dir/hvc.sock" --serial-port "name=org.rvkvm.a,socket=$dir/a.sock"
           --serial-port "name=org.rvkvm.b,socket=$dir/b.sock")
  else
    args+=("$a")
  fi
done
{ printf '#'; printf ' %q' "${args[@]}"; echo; } > "$log"
timeout -k 5 "$limit" "${args[@]}" < /dev/null >> "$log" 2>&1 &
epid=$!; pids+=($epid)
for _ in $(seq 100); do [ -S "$dir/a.sock" ] && [ -S "$dir/hvc.sock" ] && break; sleep 0.05; done
socat -u "UNIX-CONNECT:$dir/hvc.sock" "OPEN:$dir/hvc.out,creat" & pids+=($!)
mkfifo "$dir/a.in"
socat "UNIX-CONNECT:$dir/a.sock" "PIPE:$dir/a.in!!OPEN:$dir/a.out,creat" & pids+=($!)
exec 4<>"$dir/a.in"
fail() { verdict FAIL "$1; log: $log"; tail -n 8 "$log" | sed 's/^/  | /'; exit 1; }
deadline=$((SECONDS + limit))
until grep -q '^READY' "$log"; do
  kill -0 "$epid" 2>/dev/null || fail "the guest ended before READY"
  [ $SECONDS -lt $deadline ] || fail "timeout waiting for READY"
  sleep 0.1
done
token=tok$RANDOM$RANDOM
echo "$token" >&4
until grep -q '^B-WAIT' "$log"; do
  kill -0 "$epid" 2>/dev/null || fail "the guest ended before B-WAIT"
  [ $SECONDS -lt $deadline ] || fail "timeout waiting for B-WAIT"
  sleep 0.1
done
sleep 1
grep -q '^B-OK' "$log" && fail "a write to port b completed with no host client (PORT_OPEN not honoured)"
socat -u "UNIX-CONNECT:$dir/b.sock" "OPEN:$dir/b.out,creat" & pids+=($!)
wait "$epid"; st=$?
sleep 0.3
grep -q '^PORTS=/dev/vport[0-9]*p[0-9]*,/dev/vport[0-9]*p[0-9]*.\?$' "$log" || fail "the named ports are not in /sys/class/virtio-ports"
grep -q "^GOT-A=$token" "$log" || fail "the guest did not read the host's line on port a"
grep -q '^B-OK' "$log" || fail "the write to port b did not complete once the host connected"
grep -q 'to-b' "$dir/b.out" || fail "port b's output did not reach the host"
grep -q 'from-guest-hvc' "$dir/hvc.out" || fail "hvc0's output did not reach the host"
grep -q "from-guest-a-$token" "$dir/a.out" || fail "port a's output did not reach the host"
[ "$st" = 0 ] || fail "emulator exit status $st"
verdict PASS
