#!/usr/bin/env bash
# The virtio-net test, checked from both sides: the guest fetches 1 MiB the
# host serves (busybox httpd) and the host fetches 1 MiB the guest serves,
# SHA-256 compared on both ends; the host then calls a CGI script in the
# guest that ends the run.
#   -m user  user-mode networking: the guest gets its address by DHCP
#            (10.0.2.15), reaches the host's loopback as 10.0.2.2, and the
#            host reaches the guest through hostfwd on 127.0.0.1.
#   -m tap   a tap device in a network namespace the test creates (needs
#            root): host 192.168.77.1, guest 192.168.77.2 set statically.
#   -q N     (tap) multiqueue: tap0 is created multi_queue and the device
#            gets queues=N; the guest needs at least N vCPUs, so that
#            Linux's virtio_net asks for N queue pairs on its control queue.
#            Checked: the guest's eth0 has N receive and N transmit queues,
#            its driver did not fail to set them, one download per vCPU (each
#            pinned with taskset, all at once, so each flow leaves on its
#            vCPU's queue pair and the tap sends the answers back on the
#            same) arrives whole, and every queue pair carried frames both
#            ways by rvkvm's own count (RVKVM_NET_STATS=1, printed at exit).
#
#   guest/net-test.sh -m user|tap [-q N] [-n NAME] [-t SECS] [-r FILE] [-w DIR] -- EMULATOR [ARGS...]
# EMULATOR ARGS as for guest/boot-test.sh (@KERNEL@ @INITRD@ @FW@ @APPEND@),
# plus @NET@: the --net value (user,hostfwd=... or tap,ifname=...[,queues=N]).
# Needs busybox (httpd, wget) on the host, and iproute2 + unshare for tap.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/guest/lib.sh"
mode='' name='' limit=300 results='' work=$ROOT/build/guest queues=1
while getopts m:q:n:t:r:w: o; do
  case $o in
    m) mode=$OPTARG ;; q) queues=$OPTARG ;; n) name=$OPTARG ;; t) limit=$OPTARG ;;
    r) results=$OPTARG ;; w) work=$OPTARG ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
case $mode in user|tap) ;; *) echo "net-test: -m user|tap" >&2; exit 2 ;; esac
case $queues in [1-8]) ;; *) echo "net-test: -q 1..8" >&2; exit 2 ;; esac
[ "$queues" = 1 ] || [ "$mode" = tap ] || { echo "net-test: -q N needs -m tap" >&2; exit 2; }
[ $# -gt 0 ] || { echo "usage: $0 -m user|tap [options] -- EMULATOR [ARGS...]" >&2; exit 2; }
name=${name:-net-$mode}
export PATH=$PATH:/sbin:/usr/sbin
command -v busybox >/dev/null || { echo "net-test: busybox not found" >&2; exit 2; }

verdict() { guest_verdict "$results" "$name" "$@"; }

# tap: run the rest in a network namespace of our own, where tap0 is ours.
if [ "$mode" = tap ] && [ -z "${NET_TEST_NETNS:-}" ]; then
  if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
    verdict FAIL "tap needs root and /dev/net/tun"; exit 1
  fi
  NET_TEST_NETNS=1 exec unshare --net -- "$0" -m "$mode" -q "$queues" -n "$name" -t "$limit" \
    -r "$results" -w "$work" -- "$@"
fi

if [ -z "${RVKVM_GUEST_KERNEL:-}" ]; then
  out=$(bash "$ROOT/scripts/guest-image.sh" -q) || { echo "net-test: guest-image.sh failed" >&2; exit 1; }
  eval "$out"
fi

dir=$work/$name
rm -rf "$dir"; mkdir -p "$dir/www"
log=$dir/console.log
head -c 1048576 /dev/urandom > "$dir/www/h.bin"
hsha=$(sha256sum < "$dir/www/h.bin" | cut -d' ' -f1)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT

# port_free PORT ADDR: nobody listens there (bash's /dev/tcp connects).
port_free() { ! (exec 3<>"/dev/tcp/$2/$1") 2>/dev/null; }
pick_port() {
  local p
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    p=$((20000 + RANDOM % 40000))
    port_free "$p" "$1" && { echo "$p"; return 0; }
  done
  return 1
}

if [ "$mode" = user ]; then
  haddr=127.0.0.1 hport=$(pick_port 127.0.0.1) fport=$(pick_port 127.0.0.1) ||
    { verdict FAIL "no free port"; exit 1; }
  net="user,hostfwd=tcp:127.0.0.1:$fport-:8080"
  gsrv=10.0.2.2:$hport gaddr=127.0.0.1:$fport
  gnet="udhcpc -i eth0 -n -q -t 10 -T 1 >/dev/null
echo IP=\$(ip -4 addr show eth0|sed -n 's/.*inet \\([0-9.]*\\).*/\\1/p')"
else
  mq=''; [ "$queues" = 1 ] || mq=multi_queue
  ip link set lo up && ip tuntap add dev tap0 mode tap $mq &&
    ip addr add 192.168.77.1/24 dev tap0 && ip link set tap0 up ||
    { verdict FAIL "cannot set up tap0 in the namespace"; exit 1; }
  haddr=192.168.77.1 hport=80
  net="tap,ifname=tap0"; [ "$queues" = 1 ] || net+=",queues=$queues"
  gsrv=192.168.77.1 gaddr=192.168.77.2:8080
  gnet="ip addr add 192.168.77.2/24 dev eth0"
fi
# The downloads: one, or with -q N one per vCPU 0..N-1, pinned and at once.
cpus=0; [ "$queues" = 1 ] || cpus=$(seq -s ' ' 0 $((queues - 1)))
if [ "$queues" = 1 ]; then
  gget="wget -q -O /tmp/h0 http://$gsrv/h.bin"
else
  gget="echo Q=\$(ls /sys/class/net/eth0/queues) E=\$(dmesg|grep -c 'Fail to set num')
for c in $cpus;do taskset \$((1<<c)) wget -qO/tmp/h\$c http://$gsrv/h.bin&done;wait"
fi
busybox httpd -f -p "$haddr:$hport" -h "$dir/www" & pids+=($!)

# In the guest (compact: the kernel keeps 1023 bytes of command line).
gcmd="set -e
ip link set eth0 up
$gnet
echo F=\$(cat /sys/bus/virtio/drivers/virtio_net/v*/features)
$gget
for c in $cpus;do echo H\$c-SHA=\$(sha256sum</tmp/h\$c);done
mkdir -p /w/cgi-bin
head -c 1048576 /dev/urandom>/w/g.bin
echo G-SHA=\$(sha256sum</w/g.bin)
printf '#!/bin/sh\necho\necho DONE\n>/tmp/d\n'>/w/cgi-bin/d
chmod +x /w/cgi-bin/d
httpd -p 8080 -h /w
echo SERVING
i=0;until [ -e /tmp/d ];do i=\$((i+1));[ \$i -lt 1200 ];sleep .1;done
echo NET-DONE"
append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd" | base64 -w0)"
[ ${#append} -lt 1024 ] || { echo "net-test: kernel command line over 1023 bytes" >&2; exit 2; }
guest_args "$append" "" "$@"
for i in "${!GUEST_ARGS[@]}"; do GUEST_ARGS[$i]=${GUEST_ARGS[$i]//@NET@/$net}; done

{ printf '#'; printf ' %q' "${GUEST_ARGS[@]}"; echo; } > "$log"
# RVKVM_NET_STATS: rvkvm prints each queue pair's counters when it ends.
RVKVM_NET_STATS=1 timeout -k 5 "$limit" "${GUEST_ARGS[@]}" < /dev/null >> "$log" 2>&1 &
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

wait_for '^SERVING' || fail "the guest did not get to serving"
for c in $cpus; do
  grep -q "^H$c-SHA=$hsha -" "$log" || fail "the guest's copy $c of the host's file differs"
done
if [ "$queues" != 1 ]; then
  # Linux's virtio_net takes min(vCPUs, max_virtqueue_pairs) pairs at probe
  # and sets them through the control queue; a refused command is logged.
  want="Q=$(for c in $cpus; do printf 'rx-%s ' "$c"; done; for c in $cpus; do printf 'tx-%s ' "$c"; done)"
  grep -q "^${want% } E=0.\?$" "$log" ||
    fail "the guest does not use $queues queue pairs (want '${want% } E=0': $(grep -a '^Q=' "$log"))"
fi
if [ "$mode" = user ]; then grep -q '^IP=10.0.2.15.\?$' "$log" || fail "no DHCP address 10.0.2.15"; fi
# Negotiated features (bit 0 first): TSO both ways (GUEST_TSO4 7, HOST_TSO4
# 11) on a tap, which takes the virtio-net header; never on slirp.
feat=$(sed -n 's/^F=\([01]*\).*/\1/p' "$log")
[ ${#feat} -ge 13 ] || fail "no virtio-net feature bits in the log"
if [ "$mode" = tap ]; then
  [ "${feat:7:1}${feat:11:1}" = 11 ] || fail "TSO not negotiated on the tap ($feat)"
else
  [ "${feat:7:1}${feat:11:1}" = 00 ] || fail "TSO negotiated on slirp ($feat)"
fi
gsha=$(sed -n 's/^G-SHA=\([0-9a-f]*\) .*/\1/p' "$log")
busybox wget -q -O "$dir/g.bin" "http://$gaddr/g.bin" || fail "the host cannot fetch from the guest"
[ "$(sha256sum < "$dir/g.bin" | cut -d' ' -f1)" = "$gsha" ] || fail "the host's copy of the guest's file differs"
[ "$(busybox wget -q -O - "http://$gaddr/cgi-bin/d")" = DONE ] || fail "the guest's CGI did not answer"
wait "$epid"; rc=$?
[ "$rc" = 0 ] || fail "emulator exit status $rc"
grep -q '^NET-DONE' "$log" && grep -q '^RVKVM-EXIT=0.\?$' "$log" || fail "the guest did not finish"
if [ "$queues" != 1 ]; then
  # rvkvm's counts: the control command was acked, and every queue pair
  # carried frames both ways, on its virtqueues (rx_, tx_frames) and on its
  # own queue of the tap (host_rx, host_tx, as the tap backend counts).
  grep -q "^rvkvm: virtio-net [0-9a-f:]*: pairs=$queues in_use=[0-9]* ctrl_ok=[1-9]" "$log" ||
    fail "no acked control command in rvkvm's counts"
  for c in $cpus; do
    grep -q "^rvkvm: virtio-net [0-9a-f:]* pair $c: rx_frames=[1-9].* tx_frames=[1-9].* host_rx=[1-9][0-9]* host_tx=[1-9]" "$log" ||
      fail "queue pair $c carried no frames one way: $(grep -a "^rvkvm: virtio-net .* pair $c:" "$log")"
  done
fi
verdict PASS
