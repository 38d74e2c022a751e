#!/usr/bin/env bash
# virtio-net throughput and latency, side by side on the same kernel,
# initramfs, memory (512 MiB) and harts: rvkvm with the kernel as a
# hypervisor guest, rvkvm as a full machine (OpenSBI in M-mode) and QEMU
# virt (OpenSBI), all on user-mode networking (slirp) and, when we may
# create a tap (root, /dev/net/tun, `unshare --net`), on a tap device in a
# network namespace of our own (host 192.168.77.1, guest 192.168.77.2).
# Measures, per network and emulator, best of --runs boots:
#   download  the guest wgets --size MiB from a host `busybox httpd` into
#             /dev/null, timed by the guest clock (/proc/uptime)
#   upload    the host wgets --size MiB the guest's httpd serves from tmpfs
#             (through hostfwd on user networking), timed on the host
#   latency   --requests small HTTP GETs, one after the other (one guest
#             wget process, a new TCP connection each), guest-timed
# Prints a Markdown table (also written to --out).  Exit status 1 if any run
# failed (the table then shows what did work), 2 on a usage error.
#
#   bench/net.sh [--rvkvm PATH] [--cpus N] [--runs N] [--size MIB] [--requests N]
#                [--tap auto|on|off] [--only "hyp full qemu"] [--timeout SECS]
#                [--work DIR] [--out FILE]
# Needs busybox (httpd, wget) on the host, and iproute2 + unshare for tap.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
rvkvm=$ROOT/build/rvkvm cpus=2 runs=2 size=64 requests=200 tap=auto
only="hyp full qemu" limit=300 work=$ROOT/build/bench/net out='' tap_child=''
while [ $# -gt 0 ]; do
  case $1 in
    --rvkvm) rvkvm=$2 ;; --cpus) cpus=$2 ;; --runs) runs=$2 ;; --size) size=$2 ;;
    --requests) requests=$2 ;; --tap) tap=$2 ;; --only) only=$2 ;; --timeout) limit=$2 ;;
    --work) work=$2 ;; --out) out=$2 ;;
    --tap-child) tap_child=1; shift; continue ;;   # internal: inside the namespace
    *) echo "bench/net.sh: unknown option $1" >&2; exit 2 ;;
  esac
  [ $# -ge 2 ] || { echo "bench/net.sh: $1 needs a value" >&2; exit 2; }
  shift 2
done
for v in cpus runs size requests limit; do
  case ${!v} in ''|*[!0-9]*|0) echo "bench/net.sh: --$v wants a positive integer" >&2; exit 2 ;; esac
done
case $tap in auto|on|off) ;; *) echo "bench/net.sh: --tap auto|on|off" >&2; exit 2 ;; esac
for e in $only; do
  case $e in hyp|full|qemu) ;; *) echo "bench/net.sh: --only takes hyp full qemu" >&2; exit 2 ;; esac
done
case $rvkvm in /*) ;; *) rvkvm=$PWD/$rvkvm ;; esac
export PATH=$PATH:/sbin:/usr/sbin
command -v busybox >/dev/null || { echo "bench/net.sh: busybox not found on the host" >&2; exit 2; }
msg() { echo "bench/net.sh: $*" >&2; }

. "$ROOT/guest/lib.sh"
if [ -z "${RVKVM_GUEST_KERNEL:-}" ]; then
  img=$(bash "$ROOT/scripts/guest-image.sh" -q) || { msg "scripts/guest-image.sh failed"; exit 1; }
  eval "$img"
  export RVKVM_GUEST_KERNEL RVKVM_GUEST_INITRD RVKVM_GUEST_FW_DYNAMIC
fi

# Every background job is a session (and process group) of its own, so that
# cleanup ends it with everything it started.
pgids=()
cleanup() {
  local p
  for p in "${pgids[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done
  sleep 0.3
  for p in "${pgids[@]}"; do kill -KILL -- "-$p" 2>/dev/null; done
  pgids=()
}
trap cleanup EXIT
trap 'msg interrupted; exit 130' INT
trap 'msg terminated; exit 143' TERM
trap 'exit 129' HUP
spawn() { setsid "$@" & SPAWNED=$!; pgids+=("$SPAWNED"); }
reap() {   # reap PGID: end its group and forget it
  local p=$1 q keep=()
  kill -TERM -- "-$p" 2>/dev/null; wait "$p" 2>/dev/null
  for q in "${pgids[@]}"; do [ "$q" = "$p" ] || keep+=("$q"); done
  pgids=("${keep[@]}")
}

# Ports: random, below the ephemeral range (no outgoing connection holds
# them), and nobody listening (bash's /dev/tcp connects).
read -r eph _ < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || eph=32768
[ "$eph" -gt 21000 ] 2>/dev/null || eph=32768
port_free() { ! (exec 3<>"/dev/tcp/$2/$1") 2>/dev/null; }
pick_port() {   # pick_port ADDR [NOT-THIS-PORT]
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % (eph - 20000)))
    [ "$p" != "${2:-}" ] && port_free "$p" "$1" && { echo "$p"; return 0; }
  done
  return 1
}

bytes=$((size * 1048576))
results=$work/runs.txt   # MODE LABEL RUN download-MB/s upload-MB/s latency-ms, or ... FAIL why

# setup_mode user|tap: the host server (started once), the guest's script.
setup_mode() {
  mode=$1 dir=$work/$1
  rm -rf "$dir"; mkdir -p "$dir/www"
  head -c "$bytes" /dev/urandom > "$dir/www/big" || { msg "cannot write $dir/www/big"; return 1; }
  head -c 100 /dev/zero | tr '\0' x > "$dir/www/s"
  if [ "$mode" = user ]; then
    haddr=127.0.0.1
    gnet='udhcpc -i eth0 -n -q -t 10 -T 1 >/dev/null||echo NETBENCH-FAIL dhcp'
  else
    haddr=192.168.77.1
    gnet='ip addr add 192.168.77.2/24 dev eth0'
  fi
  hport=$(pick_port "$haddr") || { msg "no free port on $haddr"; return 1; }
  gsrv=$haddr:$hport
  [ "$mode" = user ] && gsrv=10.0.2.2:$hport
  spawn busybox httpd -f -p "$haddr:$hport" -h "$dir/www"
  srv=$SPAWNED
  local i=0
  until ! port_free "$hport" "$haddr"; do
    i=$((i + 1)); [ $i -lt 50 ] || { msg "the host httpd on $haddr:$hport did not start"; return 1; }
    sleep 0.1
  done
  # The guest side, fetched by the kernel command line's bootstrap (which
  # is limited to 1023 bytes).  The FIFO read blocks until the host calls
  # the CGI script: no polling in the guest while the host downloads.
  cat > "$dir/www/b.sh" <<EOF
S=http://$gsrv
fail() { echo "NETBENCH-FAIL \$*"; exit 1; }
read t0 _ </proc/uptime
wget -q -O /dev/null \$S/big || fail "guest wget of the host's $size MiB"
read t1 _ </proc/uptime
echo "NETBENCH-DL \$t0 \$t1"
set --; i=0
while [ \$i -lt $requests ]; do set -- "\$@" \$S/s; i=\$((i+1)); done
read t0 _ </proc/uptime
wget -q -O /dev/null "\$@" || fail "guest wget of $requests small files"
read t1 _ </proc/uptime
echo "NETBENCH-LAT \$t0 \$t1"
mkdir -p /w && mount -t tmpfs -o size=$((size + 16))m tmpfs /w && mkdir /w/cgi-bin || fail "cannot mount a tmpfs on /w"
dd if=/dev/zero of=/w/g.bin bs=1M count=$size 2>/dev/null || fail "cannot write /w/g.bin"
printf '#!/bin/sh\necho\necho DONE\necho >/tmp/done\n' >/w/cgi-bin/d
chmod +x /w/cgi-bin/d
mkfifo /tmp/done
httpd -p 8080 -h /w || fail "guest httpd"
echo NETBENCH-SERVING
read x </tmp/done
echo NETBENCH-DONE
EOF
  local boot="ip link set eth0 up
$gnet
wget -q -O /tmp/b.sh http://$gsrv/b.sh||echo NETBENCH-FAIL fetching the script from $gsrv
. /tmp/b.sh"
  append="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$boot" | base64 -w0)"
  [ ${#append} -lt 1024 ] || { msg "kernel command line over 1023 bytes"; return 1; }
}

# run_one LABEL RUN: one boot, the three measures, a line in $results.
run_one() {
  local label=$1 run=$2 net fport='' gaddr log=$dir/$1-$2.log epid='' deadline t0 t1 n dl up lat
  local rc hp try
  fail() {
    msg "$mode/$label run $run FAILED: $1 (log: $log)"
    tail -n 12 "$log" | tr -d '\r' | sed 's/^/  | /' >&2
    echo "$mode $label $run FAIL $1" >> "$results"
    [ -z "$epid" ] || reap "$epid"
    return 1
  }
  # A hostfwd port someone took since pick_port: start again on another.
  for try in 1 2 3; do
    if [ "$mode" = user ]; then
      fport=$(pick_port 127.0.0.1 "$hport") || { fail "no free port"; return 1; }
      net="user,hostfwd=tcp:127.0.0.1:$fport-:8080"
      gaddr=127.0.0.1:$fport
    else
      net="tap,ifname=tap0"
      gaddr=192.168.77.2:8080
    fi
    case $label in
      hyp)  set -- "$rvkvm" run --mem 512M --cpus "$cpus" --kernel @KERNEL@ --initrd @INITRD@ \
              --append @APPEND@ --net "$net" ;;
      full) set -- "$rvkvm" run --mem 512M --cpus "$cpus" --firmware @FW@ --kernel @KERNEL@ \
              --initrd @INITRD@ --append @APPEND@ --net "$net" ;;
      qemu) if [ "$mode" = user ]; then net="user,id=n0,hostfwd=tcp:127.0.0.1:$fport-:8080"
            else net="tap,id=n0,ifname=tap0,script=no,downscript=no"; fi
            set -- qemu-system-riscv64 -M virt -m 512M -smp "$cpus" -nographic -no-reboot \
              -bios @FW@ -kernel @KERNEL@ -initrd @INITRD@ -append @APPEND@ \
              -netdev "$net" -device virtio-net-device,netdev=n0 -device virtio-rng-device ;;
    esac
    guest_args "$append" "" "$@"
    { printf '#'; printf ' %q' "${GUEST_ARGS[@]}"; echo; } > "$log"
    spawn timeout -k 5 "$limit" "${GUEST_ARGS[@]}" < /dev/null >> "$log" 2>&1
    epid=$SPAWNED deadline=$((SECONDS + limit))
    until grep -q '^NETBENCH-SERVING\|^NETBENCH-FAIL' "$log"; do
      kill -0 "$epid" 2>/dev/null || break
      [ $SECONDS -lt $deadline ] || { fail "timeout (${limit}s) before the guest served"; return 1; }
      sleep 0.2
    done
    grep -q '^NETBENCH-SERVING\|^NETBENCH-FAIL' "$log" && break
    if [ "$mode" = user ] && [ $try -lt 3 ] &&
       grep -q 'cannot listen on the host port\|Could not set up host forwarding' "$log"; then
      msg "$mode/$label run $run: port $fport was taken, trying another"
      reap "$epid"; epid=''; continue
    fi
    fail "the emulator exited before the guest served"; return 1
  done
  if grep -q '^NETBENCH-FAIL' "$log"; then
    fail "in the guest: $(sed -n 's/^NETBENCH-FAIL //p' "$log" | tr -d '\r' | head -1)"; return 1
  fi
  dl=$(tr -d '\r' < "$log" | awk -v b="$bytes" '$1 == "NETBENCH-DL" && $3 > $2 { printf "%.2f", b / 1e6 / ($3 - $2) }')
  lat=$(tr -d '\r' < "$log" | awk -v n="$requests" '$1 == "NETBENCH-LAT" && $3 > $2 { printf "%.2f", ($3 - $2) * 1000 / n }')
  [ -n "$dl" ] && [ -n "$lat" ] || { fail "no timings from the guest"; return 1; }
  t0=$(date +%s.%N)
  spawn bash -o pipefail -c 'timeout -k 2 "$1" busybox wget -q -O - "$2" | wc -c > "$3"' bash \
    "$((deadline - SECONDS + 1))" "http://$gaddr/g.bin" "$dir/count"
  hp=$SPAWNED; wait "$hp"; rc=$?; reap "$hp"
  t1=$(date +%s.%N)
  n=$(cat "$dir/count" 2>/dev/null)
  [ "$rc" = 0 ] && [ "$n" = "$bytes" ] ||
    { fail "the host's wget of the guest's file: status $rc, ${n:-no} bytes of $bytes"; return 1; }
  up=$(awk -v b="$bytes" -v a="$t0" -v z="$t1" 'BEGIN { printf "%.2f", b / 1e6 / (z - a) }')
  [ "$(timeout 20 busybox wget -q -O - "http://$gaddr/cgi-bin/d")" = DONE ] ||
    { fail "the guest's CGI did not answer"; return 1; }
  while kill -0 "$epid" 2>/dev/null; do   # the guest powers off
    [ $SECONDS -lt $deadline ] || { fail "the guest did not power off within ${limit}s"; return 1; }
    sleep 0.2
  done
  wait "$epid"; rc=$?; reap "$epid"; epid=''
  [ "$rc" = 0 ] || { fail "emulator exit status $rc"; return 1; }
  tr -d '\r' < "$log" | grep -q '^RVKVM-EXIT=0$' || { fail "the guest did not finish"; return 1; }
  msg "$mode/$label run $run: download $dl MB/s, upload $up MB/s, latency $lat ms"
  echo "$mode $label $run $dl $up $lat" >> "$results"
}

# run_mode user|tap: every run of every emulator, interleaved (a drifting
# host then hurts all columns alike).
run_mode() {
  local r e bad=0
  setup_mode "$1" || { for e in $only; do echo "$1 $e 0 FAIL setup" >> "$results"; done; return 1; }
  for r in $(seq "$runs"); do
    for e in $only; do run_one "$e" "$r" || bad=1; done
  done
  reap "$srv"   # the host httpd
  rm -f "$dir/www/big" "$dir/count"   # keep the logs, not the data
  return $bad
}

if [ -n "$tap_child" ]; then   # in our own network namespace
  ip link set lo up && ip tuntap add dev tap0 mode tap && ip addr add 192.168.77.1/24 dev tap0 &&
    ip link set tap0 up || { msg "cannot set up tap0 in the namespace"; exit 1; }
  run_mode tap; exit $?
fi

mkdir -p "$work"; : > "$results"
if [ "$tap" != off ]; then
  why=''
  if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then why="needs root and /dev/net/tun"
  elif ! command -v ip >/dev/null || ! unshare --net true 2>/dev/null; then why="needs ip and unshare --net"; fi
  if [ -n "$why" ]; then
    [ "$tap" = on ] && { msg "tap $why"; exit 2; }
    msg "tap skipped: $why"; tap=off
  fi
fi
[ -x "$rvkvm" ] || msg "no rvkvm at $rvkvm: its columns will fail"
msg "$size MiB transfers, $requests requests, $cpus harts, best of $runs; logs in $work"
run_mode user
if [ "$tap" != off ]; then
  spawn unshare --net -- bash "$0" --tap-child --rvkvm "$rvkvm" --cpus "$cpus" --runs "$runs" \
    --size "$size" --requests "$requests" --only "$only" --timeout "$limit" --work "$work"
  wait "$SPAWNED"; rc=$?; reap "$SPAWNED"
  [ "$rc" = 0 ] || grep -q '^tap .* FAIL' "$results" ||
    echo "tap - 0 FAIL the run in the namespace ended with status $rc" >> "$results"
fi

# The table: best of the runs (highest MB/s, lowest ms).
best() {  # best MODE LABEL FIELD(4..6)
  awk -v m="$1" -v l="$2" -v f="$3" '$1 == m && $2 == l && $4 != "FAIL" {
      v = $f + 0; if (!n++ || (f == 6 ? v < b : v > b)) b = v }
    END { if (n) printf "%.2f", b; else print "n/a" }' "$results"
}
ratio() {  # speed ratio rvkvm/QEMU: throughput r/q, latency q/r
  awk -v q="$1" -v r="$2" -v lat="$3" 'BEGIN {
    if (q == "n/a" || r == "n/a" || q <= 0 || r <= 0) print "n/a"
    else printf "%.2f", lat ? q / r : r / q }'
}
table() {
  local m k what q f h
  echo "| measure ($cpus harts, 512 MiB, best of $runs) | QEMU | rvkvm full machine | rvkvm hyp guest | full/QEMU | hyp/QEMU |"
  echo "|---|---:|---:|---:|---:|---:|"
  for m in user tap; do
    [ "$m" = tap ] && [ "$tap" = off ] && continue
    for k in 4 5 6; do
      case $k in
        4) what="$m: guest wget of $size MiB from the host, MB/s" ;;
        5) what="$m: host wget of $size MiB from the guest, MB/s" ;;
        6) what="$m: $requests sequential HTTP requests from the guest, ms each" ;;
      esac
      q=$(best "$m" qemu "$k") f=$(best "$m" full "$k") h=$(best "$m" hyp "$k")
      echo "| $what | $q | $f | $h | $(ratio "$q" "$f" $((k == 6))) | $(ratio "$q" "$h" $((k == 6))) |"
    done
  done
  echo
  echo "MB/s = 10^6 bytes/s; ratios are rvkvm's speed over QEMU's (> 1: rvkvm faster; for latency QEMU ms / rvkvm ms)."
  [ "$tap" = off ] && echo "tap: not measured (${why:-off})."
}
if [ -n "$out" ]; then mkdir -p "$(dirname "$out")"; table | tee "$out"; else table; fi
if grep -q ' FAIL' "$results"; then
  msg "some runs failed:"; grep ' FAIL' "$results" | sed 's/^/  /' >&2
  exit 1
fi
exit 0
