#!/usr/bin/env bash
# The virtio-vsock test, checked from both sides (Firecracker's host model,
# vmm/virtio/vsock.h), with guest/vsock's vsock-test in the guest and
# tests/virtio/vsock_host.c on the host:
#   host -> guest: the guest listens on port 5000 and echoes; the host
#     connects to the unix socket UDS, asks "CONNECT 5000", gets "OK <port>",
#     sends 1 MiB and reads the echo: the checksums of what it sent, what
#     came back and what the guest echoed agree;
#   guest -> host: a host program listens on UDS_5001; the guest connects to
#     CID 2 port 5001 and sends 1 MiB while the host sends 256 KiB back:
#     checksums compared on both ends;
#   refused: the guest's connect to port 5002 (nobody listens on UDS_5002)
#     fails with ECONNRESET.
#
#   guest/vsock-test.sh [-n NAME] [-t SECS] [-r FILE] [-w DIR] [-H HELPER] -- EMULATOR [ARGS...]
# EMULATOR ARGS as for guest/boot-test.sh (@KERNEL@ @INITRD@ @FW@ @APPEND@),
# plus @VSOCK@: the --vsock value (cid=3,uds=...).  HELPER: the vsock_host
# binary (default: built with make, build/tests/virtio/vsock_host).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/guest/lib.sh"
name=vsock limit=300 results='' work=$ROOT/build/guest helper=''
while getopts n:t:r:w:H: o; do
  case $o in
    n) name=$OPTARG ;; t) limit=$OPTARG ;; r) results=$OPTARG ;; w) work=$OPTARG ;;
    H) helper=$OPTARG ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [options] -- EMULATOR [ARGS...]" >&2; exit 2; }

verdict() { guest_verdict "$results" "$name" "$@"; }

if [ -z "$helper" ]; then
  helper=$ROOT/build/tests/virtio/vsock_host
  make -C "$ROOT" --no-print-directory -s build/tests/virtio/vsock_host >&2 ||
    { verdict FAIL "cannot build tests/virtio/vsock_host"; exit 1; }
fi
[ -x "$helper" ] || { verdict FAIL "no host helper $helper"; exit 1; }

if [ -z "${RVKVM_GUEST_KERNEL:-}" ]; then
  out=$(bash "$ROOT/scripts/guest-image.sh" -q) || { echo "vsock-test: guest-image.sh failed" >&2; exit 1; }
  eval "$out"
fi

dir=$work/$name
rm -rf "$dir"; mkdir -p "$dir"
log=$dir/console.log
uds=$dir/v.sock
# sun_path holds 107 bytes and rvkvm appends _<port>: keep the path short.
if [ ${#uds} -gt 90 ]; then
  sdir=$(mktemp -d /tmp/rvkvm-vsock.XXXXXX) || exit 1
  uds=$sdir/v.sock
fi
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  [ -z "${sdir:-}" ] || rm -rf "$sdir"
}
trap cleanup EXIT

G2H=1048576 H2G=262144 ECHO=1048576
export VSOCK_HOST_TIMEOUT=$limit
"$helper" listen "${uds}_5001" $H2G 3 > "$dir/listen.out" 2>&1 & pids+=($!)

# In the guest (compact: the kernel keeps 1023 bytes of command line).
gcmd="set -e
vsock-test listen 5000 1 &
wait \$!
vsock-test connect 2 5001 $G2H 2
if vsock-test connect 2 5002 16; then echo REFUSED-BAD; else echo REFUSED-RC=\$?; fi
echo VSOCK-DONE"
append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd" | base64 -w0)"
[ ${#append} -lt 1024 ] || { echo "vsock-test: kernel command line over 1023 bytes" >&2; exit 2; }
guest_args "$append" "" "$@"
for i in "${!GUEST_ARGS[@]}"; do GUEST_ARGS[$i]=${GUEST_ARGS[$i]//@VSOCK@/cid=3,uds=$uds}; done

{ printf '#'; printf ' %q' "${GUEST_ARGS[@]}"; echo; } > "$log"
timeout -k 5 "$limit" "${GUEST_ARGS[@]}" < /dev/null >> "$log" 2>&1 &
epid=$!; pids+=($epid)
deadline=$((SECONDS + limit))
wait_for() {
  until grep -q -- "$1" "$log"; do
    kill -0 "$epid" 2>/dev/null || return 1
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}
fail() { verdict FAIL "$1; log: $log"; tail -n 15 "$log" | sed 's/^/  | /'; exit 1; }
# line FILE WORD: the fields after WORD on its first line starting so.
line() { tr -d '\r' < "$1" | sed -n "s/^$2 //p" | head -1; }

# host -> guest
wait_for '^LISTENING 5000' || fail "the guest did not listen"
"$helper" connect "$uds" 5000 $ECHO 7 > "$dir/connect.out" 2>&1 ||
  fail "host connect failed: $(tr '\n' ' ' < "$dir/connect.out")"
okline=$(line "$dir/connect.out" OK-LINE)
[[ $okline =~ ^OK\ [0-9]+$ ]] || fail "no OK line from rvkvm (got '$okline')"
read -r hs_n hs_sum <<< "$(line "$dir/connect.out" SENT)"
read -r hr_n hr_sum <<< "$(line "$dir/connect.out" RECEIVED)"
[ "$hs_n" = $ECHO ] && [ "$hr_n" = $ECHO ] ||
  fail "host -> guest: sent ${hs_n:-?}, got ${hr_n:-?} back, expected $ECHO"
[ "$hs_sum" = "$hr_sum" ] || fail "host -> guest: the echo's checksum $hr_sum differs from $hs_sum"
wait_for '^ECHOED ' || fail "the guest did not finish echoing"
read -r ge_n ge_sum <<< "$(line "$log" ECHOED)"
[ "$ge_n" = $ECHO ] && [ "$ge_sum" = "$hs_sum" ] ||
  fail "host -> guest: the guest echoed $ge_n bytes, checksum $ge_sum, expected $hs_sum"

# guest -> host
wait_for '^RECEIVED ' || fail "the guest's connection to the host did not finish"
wait "${pids[0]}" || fail "the host listener failed: $(tr '\n' ' ' < "$dir/listen.out")"
read -r gs_n gs_sum <<< "$(line "$log" SENT)"
read -r gr_n gr_sum <<< "$(line "$log" RECEIVED)"
read -r ls_n ls_sum <<< "$(line "$dir/listen.out" SENT)"
read -r lr_n lr_sum <<< "$(line "$dir/listen.out" RECEIVED)"
[ "$gs_n" = $G2H ] && [ "$lr_n" = $G2H ] && [ "$gs_sum" = "$lr_sum" ] ||
  fail "guest -> host: guest sent $gs_n ($gs_sum), host got $lr_n ($lr_sum)"
[ "$ls_n" = $H2G ] && [ "$gr_n" = $H2G ] && [ "$ls_sum" = "$gr_sum" ] ||
  fail "guest -> host, back: host sent $ls_n ($ls_sum), guest got $gr_n ($gr_sum)"

wait_for '^VSOCK-DONE' || fail "the guest did not finish"
grep -q '^CONNECT-ERROR ECONNRESET' "$log" && grep -q '^REFUSED-RC=3' "$log" ||
  fail "a connect to a port nobody listens on was not refused with RST"
wait "$epid"; rc=$?
[ "$rc" = 0 ] || fail "emulator exit status $rc"
grep -q '^RVKVM-EXIT=0.\?$' "$log" || fail "the guest did not finish"
[ ! -e "$uds" ] || fail "rvkvm left its socket $uds behind"
verdict PASS "echo $ECHO bytes, guest -> host $G2H + $H2G bytes"
