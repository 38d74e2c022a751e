#!/usr/bin/env bash
# vCPU hotplug through the API (PUT/GET /cpu-hotplug, --cpus N,max=M):
# a Linux hypervisor guest with 1 of 2 harts plugged sees cpu1 present but
# cannot online it; once the host plugs it the guest onlines it and runs
# work there; the host cannot unplug it while it is online, can once the
# guest has offlined it, and after a snapshot and restore the guest's next
# online attempt fails again.
# The guest waits for the host through its disk's first sector.
#   tests/api/hotplug.sh RVKVM WORKDIR RESULTS   (appends to RESULTS)
set -uo pipefail
RVKVM=$1 W=$2 OUT=$3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$W"
result() { echo "$1 api/hotplug_$2${3:+ ($3)}" | tee -a "$OUT"; }
eval "$(bash "$ROOT/scripts/guest-image.sh" -q)" || { result FAIL guest-image; exit 1; }
VMM=
trap '[ -n "$VMM" ] && kill -9 "$VMM" 2>/dev/null' EXIT

SOCK=$W/hp.sock LOG=$W/hp.log DISK=$W/hp.img
api() {  # METHOD PATH [BODY]: sets CODE and BODY_OUT
  local out
  out=$(curl -s --max-time 20 --unix-socket "$SOCK" -X "$1" -w '\n%{http_code}' \
        ${3:+-H 'Content-Type: application/json' -d "$3"} "http://localhost$2")
  CODE=${out##*$'\n'} BODY_OUT=${out%$'\n'*}
}
expect() {  # NAME METHOD PATH BODY CODE [REGEX]
  api "$2" "$3" "$4"
  if [ "$CODE" = "$5" ] && { [ -z "${6:-}" ] || grep -qE -- "$6" <<< "$BODY_OUT"; }; then
    result PASS "$1"
  else
    result FAIL "$1" "got $CODE '$BODY_OUT', wanted $5${6:+ /$6/}"
  fi
}
start_vmm() {  # ARGS...: an rvkvm serving $SOCK, output in $LOG
  rm -f "$SOCK"; : > "$LOG"
  "$RVKVM" run --api-sock "$SOCK" "$@" > "$LOG" 2>&1 &
  VMM=$!
  for _ in $(seq 100); do [ -S "$SOCK" ] && return 0; sleep 0.05; done
  return 1
}
wait_line() {  # REGEX: up to 120 s for the guest to print it
  for _ in $(seq 1200); do grep -qaE "$1" "$LOG" && return 0; sleep 0.1; done
  return 1
}
signal() { printf '%-8s' "$1" | dd of="$DISK" conv=notrunc status=none; }

# --- usage and pre-boot rules --------------------------------------------------
"$RVKVM" run --firmware default --kernel "$RVKVM_GUEST_KERNEL" --cpus 1,max=2 > "$W/fw.log" 2>&1
st=$?
[ "$st" = 2 ] && grep -q 'hypervisor guests' "$W/fw.log" && result PASS firmware_refused ||
  result FAIL firmware_refused "exit $st: $(head -c 200 "$W/fw.log")"
"$RVKVM" run --kernel "$RVKVM_GUEST_KERNEL" --cpus 3,max=2 > "$W/fw.log" 2>&1
[ $? = 2 ] && result PASS max_below_cpus || result FAIL max_below_cpus "$(head -c 200 "$W/fw.log")"
start_vmm --console none || { result FAIL socket "no API socket"; exit 1; }
expect put_before_start PUT /cpu-hotplug '{"vcpu_count": 1}' 400 'PUT /machine-config'
expect config_max_low PUT /machine-config '{"vcpu_count": 3, "max_vcpus": 2, "mem_size_mib": 256}' 400 'at least'
expect config_max PUT /machine-config '{"vcpu_count": 1, "max_vcpus": 3, "mem_size_mib": 256}' 204
expect config_get GET /machine-config '' 200 '"vcpu_count":1,.*"max_vcpus":3'
expect get_before_start GET /cpu-hotplug '' 200 '"vcpu_count":1,"max_vcpus":3,"online":\[\]'
kill "$VMM"; wait "$VMM" 2>/dev/null; VMM=

# --- a Linux guest ----------------------------------------------------------------
gcmd='c=/sys/devices/system/cpu/cpu1/online
w() { n=0; while [ $n -lt 1200 ]; do echo 3 > /proc/sys/vm/drop_caches
  [ "$(head -c 3 /dev/vda)" = $1 ] && return; sleep .1; n=$((n+1)); done; }
echo BOOT online=$(cat /sys/devices/system/cpu/online) present=$(cat /sys/devices/system/cpu/present) nproc=$(nproc)
echo 1 > $c 2>/dev/null && echo ON1=ok || echo ON1=fail
n=0; until echo 1 > $c 2>/dev/null || [ $n -gt 1200 ]; do sleep .1; n=$((n+1)); done
echo ON2=$(cat $c) nproc=$(nproc) on=$(taskset -c 1 cut -d" " -f39 /proc/self/stat)
w GO1; echo 0 > $c; echo OFF=$(cat $c) nproc=$(nproc)
w GO2; echo 1 > $c 2>/dev/null && echo ON3=ok || echo ON3=fail'
truncate -s 1M "$DISK"; signal NO
start_vmm --console stdio --cpus 1,max=2 --mem 256M --kernel "$RVKVM_GUEST_KERNEL" \
  --initrd "$RVKVM_GUEST_INITRD" --disk "$DISK" \
  --append "console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd" | base64 -w0)" ||
  { result FAIL socket2 "no API socket"; exit 1; }
if wait_line '^ON1='; then
  grep -qa '^BOOT online=0 present=0-1 nproc=1' "$LOG" && grep -qa '^ON1=fail' "$LOG" &&
    result PASS guest_sees_unplugged ||
    result FAIL guest_sees_unplugged "$(grep -a '^BOOT\|^ON1' "$LOG" | tr '\n' ' ')"
else
  result FAIL guest_sees_unplugged "no ON1 line; see $LOG"
fi
expect get_one GET /cpu-hotplug '' 200 '"vcpu_count":1,"max_vcpus":2,"online":\[ ?0 ?\]'
expect put_range PUT /cpu-hotplug '{"vcpu_count": 3}' 400 'must be in 1\.\.2'
expect plug PUT /cpu-hotplug '{"vcpu_count": 2}' 204
if wait_line '^ON2='; then
  grep -qa '^ON2=1 nproc=2 on=1\b' "$LOG" && result PASS guest_onlines ||
    result FAIL guest_onlines "$(grep -a '^ON2' "$LOG")"
else
  result FAIL guest_onlines "no ON2 line; see $LOG"
fi
expect get_two GET /cpu-hotplug '' 200 '"vcpu_count":2,"max_vcpus":2,"online":\[ ?0, ?1 ?\]'
expect unplug_online PUT /cpu-hotplug '{"vcpu_count": 1}' 400 'offline cpu1 in the guest first'
expect still_two GET /cpu-hotplug '' 200 '"vcpu_count":2'
signal GO1
if wait_line '^OFF='; then
  grep -qa '^OFF=0 nproc=1' "$LOG" && result PASS guest_offlines ||
    result FAIL guest_offlines "$(grep -a '^OFF' "$LOG")"
else
  result FAIL guest_offlines "no OFF line; see $LOG"
fi
expect unplug PUT /cpu-hotplug '{"vcpu_count": 1}' 204
expect get_unplugged GET /cpu-hotplug '' 200 '"vcpu_count":1,"max_vcpus":2,"online":\[ ?0 ?\]'
# The plugged state survives a snapshot: the restored guest still cannot
# online cpu1.
expect pause PATCH /vm '{"state": "Paused"}' 204
expect snapshot PUT /snapshot/create "{\"snapshot_path\": \"$W/hp.state\", \"mem_file_path\": \"$W/hp.mem\"}" 204
kill -9 "$VMM"; wait "$VMM" 2>/dev/null
start_vmm --console stdio || { result FAIL socket3 "no API socket"; exit 1; }
expect load PUT /snapshot/load "{\"snapshot_path\": \"$W/hp.state\", \"mem_backend\": {\"backend_type\": \"File\", \"backend_path\": \"$W/hp.mem\"}, \"resume_vm\": true}" 204
expect get_restored GET /cpu-hotplug '' 200 '"vcpu_count":1,"max_vcpus":2,"online":\[ ?0 ?\]'
signal GO2
wait "$VMM"; st=$?; VMM=
[ "$st" = 0 ] && grep -qa '^ON3=fail' "$LOG" && result PASS online_fails_again ||
  result FAIL online_fails_again "exit $st, $(grep -a '^ON3' "$LOG" || echo "no ON3 line; see $LOG")"
echo "api hotplug: $(grep -c '^PASS api/hotplug' "$OUT") passed, $(grep -c '^FAIL api/hotplug' "$OUT") failed"
! grep -q '^FAIL api/hotplug' "$OUT"
