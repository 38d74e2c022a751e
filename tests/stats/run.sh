#!/usr/bin/env bash
# tests/stats runner: run.sh RVKVM DIR RESULTS
#   the KVM_GET_STATS_FD unit tests (DIR/stats_test), then `rvkvm run
#   --stats-sock` read by `rvkvm stat` while the guest runs (DIR/stat_guest.elf);
#   "PASS/FAIL stats/name" lines to RESULTS.
set -u
RVKVM=$1 D=$2 OUT=$3
W=$(mktemp -d)
bg=
trap '[ -n "$bg" ] && kill "$bg" 2>/dev/null; rm -rf "$W"' EXIT
: > "$OUT"
fails=0

result() {  # result PASS|FAIL name [why]
  echo "$1 stats/$2" >> "$OUT"
  if [ "$1" = FAIL ]; then
    fails=$((fails + 1))
    echo "FAIL stats/$2: $3" >&2
    [ -s "$W/err" ] && sed 's/^/    stderr: /' "$W/err" | head -5 >&2
  fi
}

# --- the core: KVM_GET_STATS_FD ---
timeout 60 "$D/stats_test" "$D" > "$W/unit" 2> "$W/err"
rc=$?
[ "$rc" = 0 ] || sed 's/^/    stats_test: /' "$W/err" | head -20 >&2
grep -E '^(PASS|FAIL) ' "$W/unit" | sed 's/ / stats\//' >> "$OUT"
n=$(grep -c '^FAIL ' "$W/unit"); fails=$((fails + n))
[ "$rc" = 0 ] || { echo "FAIL stats/stats_test.exit" >> "$OUT"; fails=$((fails + 1)); }

# --- rvkvm stat: usage and errors ---
: > "$W/err"
timeout 10 "$RVKVM" stat > "$W/out" 2> "$W/err"
[ $? = 2 ] && grep -q 'Usage: rvkvm stat' "$W/err" && result PASS cli_stat_usage \
  || result FAIL cli_stat_usage "expected exit status 2 and usage"
timeout 10 "$RVKVM" stat "$W/nothing" > "$W/out" 2> "$W/err"
[ $? = 1 ] && grep -q "$W/nothing" "$W/err" && result PASS cli_stat_no_socket \
  || result FAIL cli_stat_no_socket "expected exit status 1 naming the path"
timeout 10 "$RVKVM" run --firmware "$D/stat_guest.elf" --console none \
  --stats-sock "$W/no/such/dir/s" > "$W/out" 2> "$W/err"
[ $? = 1 ] && grep -q 'stats-sock' "$W/err" && result PASS cli_stats_sock_bad_path \
  || result FAIL cli_stats_sock_bad_path "expected exit status 1 and an error"

# rvkvm stat checks what it decodes: a reply whose header points outside
# its file is refused (a one-shot fake server, when python3 is there)
if command -v python3 > /dev/null; then
  python3 - "$W/fake.sock" <<'PY' &
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(1); s.settimeout(10)
c, _ = s.accept()
hdr = struct.pack('=6I', 0, 48, 1, 24, 72, 136)   # id, descriptors, data beyond the end
c.sendall(struct.pack('=IQ', 1, len(hdr)) + hdr); c.close()
PY
  fake=$!
  for _ in $(seq 100); do [ -S "$W/fake.sock" ] && break; sleep 0.05; done
  timeout 10 "$RVKVM" stat "$W/fake.sock" > "$W/out" 2> "$W/err"; rc=$?
  wait "$fake"
  [ "$rc" = 1 ] && grep -q 'outside the file' "$W/err" && [ ! -s "$W/out" ] \
    && result PASS cli_stat_malformed || result FAIL cli_stat_malformed "exit status $rc"
fi

# --- end to end: a 2-hart guest that writes the UART and sleeps for 1.5 s ---
S=$W/stats.sock
# (not under timeout(1): the VM's id names rvkvm's own pid)
"$RVKVM" run --firmware "$D/stat_guest.elf" --cpus 2 --console none \
  --stats-sock "$S" > /dev/null 2> "$W/run.err" < /dev/null &
bg=$!
for _ in $(seq 100); do [ -S "$S" ] && break; sleep 0.05; done
sleep 0.3
: > "$W/err"
timeout 10 "$RVKVM" stat "$S" > "$W/stat1" 2> "$W/err"; rc1=$?
sleep 0.3
timeout 10 "$RVKVM" stat "$S" > "$W/stat2" 2>> "$W/err"; rc2=$?
# the runner's pid is the VM's: ids are kvm-<pid>, kvm-<pid>/vcpu-<n>
pid=$(awk 'NR == 1 { print $1 }' "$W/stat1"); pid=${pid#kvm-}
val() {  # val FILE ID NAME
  awk -v id="$2" -v n="$3" '$1 == id && $2 == n { print $3 }' "$1"
}
if [ "$rc1" = 0 ] && [ "$rc2" = 0 ] && [ -s "$W/stat1" ]; then
  result PASS e2e_stat_runs
else
  result FAIL e2e_stat_runs "rvkvm stat exit status $rc1, $rc2"
fi
# every line is "<id> <name> <value>" or a histogram "<id> <name> [i]=v ... | -"
bad=$(grep -cvE '^kvm-[0-9]+(/vcpu-[0-9]+)? [a-z0-9_]+ ([0-9]+|-|(\[[0-9]+\]=[0-9]+ ?)+)$' "$W/stat1")
[ "$bad" = 0 ] && result PASS e2e_format || result FAIL e2e_format "$bad malformed lines"
ids=$(awk '{ print $1 }' "$W/stat1" | uniq | tr '\n' ' ')
[ "$ids" = "kvm-$pid kvm-$pid/vcpu-0 kvm-$pid/vcpu-1 " ] && [ "$pid" = "$bg" ] \
  && result PASS e2e_ids || result FAIL e2e_ids "ids '$ids' (rvkvm pid $bg)"
[ "$(val "$W/stat1" "kvm-$pid" vcpus)" = 2 ] && result PASS e2e_vm_vcpus \
  || result FAIL e2e_vm_vcpus "vcpus = '$(val "$W/stat1" "kvm-$pid" vcpus)'"
m1=$(val "$W/stat1" "kvm-$pid/vcpu-0" mmio_exit_user); m2=$(val "$W/stat2" "kvm-$pid/vcpu-0" mmio_exit_user)
w1=$(val "$W/stat1" "kvm-$pid/vcpu-0" wfi_exit_stat)
if [ "${m1:-0}" -gt 0 ] && [ "${w1:-0}" -gt 0 ] && [ "${m2:-0}" -gt "${m1:-0}" ]; then
  result PASS e2e_nonzero_exits
else
  result FAIL e2e_nonzero_exits "mmio_exit_user $m1 then $m2, wfi_exit_stat $w1"
fi
grep -qE "^kvm-$pid/vcpu-0 halt_wait_hist \[" "$W/stat2" && result PASS e2e_halt_hist \
  || result FAIL e2e_halt_hist "no halt_wait_hist bucket for vcpu-0"
for _ in $(seq 300); do kill -0 "$bg" 2>/dev/null || break; sleep 0.1; done
kill "$bg" 2>/dev/null
wait "$bg"; rc=$?; bg=
cp "$W/run.err" "$W/err"
[ "$rc" = 0 ] && result PASS e2e_guest_exit || result FAIL e2e_guest_exit "rvkvm run exit status $rc"
[ ! -e "$S" ] && result PASS e2e_socket_removed || result FAIL e2e_socket_removed "$S left behind"

echo "stats: $(grep -c '^PASS' "$OUT") passed, $(grep -c '^FAIL' "$OUT") failed"
exit $((fails > 0))
