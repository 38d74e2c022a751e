#!/usr/bin/env bash
# The management API (vmm/api/) end to end with curl: every endpoint and
# its error paths, a Linux guest configured and started only through the
# API (machine-config, boot-source, a drive, a network interface), pause
# and resume seen in the guest's own output, post-boot rules, a failed
# InstanceStart followed by a good one, concurrent calls, PATCH /drives
# (another image behind the running guest's disk, its new size seen by the
# guest, the locks moved), the balloon
# (inflate lowers the measured RSS, deflate gives it back, statistics, free
# page reporting, deflate on OOM) and --config-file.
#   tests/api/run.sh RVKVM WORKDIR RESULTS
set -uo pipefail
RVKVM=$1 W=$2 OUT=$3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$W"; : > "$OUT"
eval "$(bash "$ROOT/scripts/guest-image.sh" -q)" || { echo "FAIL api/guest-image" >> "$OUT"; exit 1; }
command -v curl >/dev/null || { echo "FAIL api/curl (not installed)" >> "$OUT"; exit 1; }

result() { echo "$1 api/$2${3:+ ($3)}" | tee -a "$OUT"; }
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done' EXIT

SOCK=$W/api.sock
# api METHOD PATH [BODY]: sets CODE and BODY_OUT.
api() {
  local out
  out=$(curl -s --max-time 20 --unix-socket "$SOCK" -X "$1" -w '\n%{http_code}' \
        ${3:+-H 'Content-Type: application/json' -d "$3"} "http://localhost$2")
  CODE=${out##*$'\n'} BODY_OUT=${out%$'\n'*}
}
# expect NAME METHOD PATH BODY CODE [REGEX]
expect() {
  local name=$1 m=$2 p=$3 b=$4 code=$5 re=${6:-}
  api "$m" "$p" "$b"
  if [ "$CODE" = "$code" ] && { [ -z "$re" ] || grep -qE -- "$re" <<< "$BODY_OUT"; }; then
    result PASS "$name"
  else
    result FAIL "$name" "got $CODE '$BODY_OUT', wanted $code${re:+ /$re/}"
  fi
}
start_vmm() {  # LOG [ARGS...]: an rvkvm serving $SOCK
  local log=$1; shift
  rm -f "$SOCK"; : > "$log"
  "$RVKVM" run --api-sock "$SOCK" "$@" > "$log" 2>&1 &
  VMM=$!; pids+=($VMM)
  for _ in $(seq 100); do [ -S "$SOCK" ] && return 0; sleep 0.05; done
  return 1
}

K=$RVKVM_GUEST_KERNEL I=$RVKVM_GUEST_INITRD
# The guest: reads its disk, ticks every 0.1 s for 8 s of its own time
# while reading the whole disk over and over (the host swaps the disk's
# image meanwhile, under that I/O), waits for the new size and reads the
# disk again (a fresh open: the last close dropped the cached blocks),
# waits for the size to change once more (the host grows the new image and
# PATCHes the same path), then powers off.
gcmd='z() { cat /sys/block/vda/size; }
w() { n=0; while [ $(z) = $1 ] && [ $n -lt 100 ]; do sleep .1; n=$((n+1)); done; }
s0=$(z); echo DISK=$(head -c 8 /dev/vda) SIZE=$s0
(while [ ! -e /tmp/stop ]; do dd if=/dev/vda of=/dev/null bs=64k 2>/dev/null || echo READ-ERROR; done) &
i=0; while [ $i -lt 80 ]; do echo TICK $i; i=$((i+1)); sleep .1; done; touch /tmp/stop; wait
w $s0; s1=$(z); echo NEWDISK=$(head -c 8 /dev/vda) SIZE=$s1
w $s1; echo RESIZED=$(z) $(dmesg | grep -c "vda. new size")'
ARGS="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd" | base64 -w0)"
truncate -s 1M "$W/disk.img"; printf 'rvkvmapi' | dd of="$W/disk.img" conv=notrunc status=none
# PATCH /drives: the image swapped in (3 MiB) and one another process holds.
truncate -s 3M "$W/disk2.img"; printf 'rvkvmnew' | dd of="$W/disk2.img" conv=notrunc status=none
truncate -s 1M "$W/held.img"
locked() { ! flock -n "$1" true; }   # some process holds the image's lock

# --- pre-boot: reports and bad requests ----------------------------------------
start_vmm "$W/vmm1.log" --console stdio || { result FAIL socket "no API socket"; exit 1; }
expect info GET / '' 200 '"state":"Not started"'
expect version GET /version '' 200 '"firecracker_version":"[0-9.]+"'
expect machine_config_get GET /machine-config '' 200 '"vcpu_count":1'
expect bad_json PUT /machine-config '{"vcpu_count": 2' 400 'fault_message.*invalid JSON'
expect unknown_field PUT /machine-config '{"vcpu_count": 2, "mem_size_mib": 256, "foo": 1}' 400 'unknown field `foo`'
expect bad_type PUT /machine-config '{"vcpu_count": "two", "mem_size_mib": 256}' 400 'must be an integer'
expect vcpus_range PUT /machine-config '{"vcpu_count": 0, "mem_size_mib": 256}' 400 'must be in 1\.\.'
expect put_needs_both PUT /machine-config '{"vcpu_count": 2}' 400 'required'
expect smt PUT /machine-config '{"vcpu_count": 2, "mem_size_mib": 256, "smt": true}' 400 'smt'
expect machine_config_put PUT /machine-config '{"vcpu_count": 2, "mem_size_mib": 384}' 204
expect machine_config_patch PATCH /machine-config '{"mem_size_mib": 512}' 204
expect machine_config_after GET /machine-config '' 200 '"vcpu_count":2,"mem_size_mib":512'
expect no_body PUT /boot-source '' 400 'needs a JSON body'
expect kernel_missing PUT /boot-source '{"kernel_image_path": "/nonexistent/k"}' 400 'No such file'
expect kernel_required PUT /boot-source '{"boot_args": "x"}' 400 'kernel_image_path. is required'
expect start_without_boot PUT /actions '{"action_type": "InstanceStart"}' 400 'no boot source'
expect boot_source PUT /boot-source "{\"kernel_image_path\": \"$K\", \"initrd_path\": \"$I\", \"boot_args\": \"$ARGS\"}" 204
expect drive_id_mismatch PUT /drives/rootfs '{"drive_id": "other", "path_on_host": "/x", "is_root_device": false, "is_read_only": false}' 400 'must match'
expect drive_missing_file PUT /drives/d0 '{"drive_id": "d0", "path_on_host": "/nonexistent", "is_root_device": false, "is_read_only": false}' 400 'No such file'
expect drive_rate_limiter PUT /drives/d0 "{\"drive_id\": \"d0\", \"path_on_host\": \"$W/disk.img\", \"is_root_device\": false, \"is_read_only\": true, \"rate_limiter\": {}}" 400 'rate limiters'
expect drive PUT /drives/d0 "{\"drive_id\": \"d0\", \"path_on_host\": \"$W/disk.img\", \"is_root_device\": false, \"is_read_only\": false}" 204
expect drive_patch_pre_boot PATCH /drives/d0 "{\"drive_id\": \"d0\", \"path_on_host\": \"$W/disk2.img\"}" 400 'before InstanceStart, PUT'
expect iface_no_tap PUT /network-interfaces/eth0 '{"iface_id": "eth0"}' 400 'host_dev_name'
expect iface_bad_mac PUT /network-interfaces/eth0 '{"iface_id": "eth0", "backend": "user", "guest_mac": "01:02:03:04:05:06"}' 400 'unicast'
expect iface PUT /network-interfaces/eth0 '{"iface_id": "eth0", "backend": "user", "guest_mac": "52:54:00:00:00:42"}' 204
expect unknown_path GET /nope '' 400 'invalid request'
expect unknown_method DELETE / '' 400 'not supported'
expect unknown_action PUT /actions '{"action_type": "Explode"}' 400 'unknown action_type'
expect ctrl_alt_del_pre PUT /actions '{"action_type": "SendCtrlAltDel"}' 400 'i8042'
expect pause_pre PATCH /vm '{"state": "Paused"}' 400 'not running'
expect stats_pre GET /stats '' 400 '"fault_message":"the microVM is not running"'
expect vsock_bad_cid PUT /vsock '{"guest_cid": 2, "uds_path": "/tmp/x"}' 400 'must be in 3'
expect vsock PUT /vsock "{\"guest_cid\": 3, \"uds_path\": \"$W/v.sock\"}" 204
expect logger_missing PUT /logger '{"log_path": "/nonexistent/log"}' 400 'No such file'
expect logger_level PUT /logger "{\"log_path\": \"$W/fc.log\", \"level\": \"Loud\"}" 400 'level'
: > "$W/fc.log"; : > "$W/fc.metrics"
expect logger PUT /logger "{\"log_path\": \"$W/fc.log\", \"level\": \"Info\", \"show_level\": true, \"show_log_origin\": false}" 204
expect logger_twice PUT /logger "{\"log_path\": \"$W/fc.log\"}" 400 'already configured'
expect flush_unconfigured PUT /actions '{"action_type": "FlushMetrics"}' 400 'PUT /metrics first'
expect metrics PUT /metrics "{\"metrics_path\": \"$W/fc.metrics\"}" 204
expect flush_pre_boot PUT /actions '{"action_type": "FlushMetrics"}' 204
expect vm_config GET /vm/config '' 200 '"drive_id":"d0".*"vcpu_count":2.*"guest_mac":"52:54:00:00:00:42"'

# --- InstanceStart and the running guest ---------------------------------------------
# Concurrent calls while it boots all get answers.
( for _ in $(seq 10); do curl -s --max-time 20 --unix-socket "$SOCK" -o /dev/null -w '%{http_code}\n' http://localhost/ & done; wait ) > "$W/concurrent" &
conc=$!
expect instance_start PUT /actions '{"action_type": "InstanceStart"}' 204
wait $conc
[ "$(grep -c '^200$' "$W/concurrent")" = 10 ] && result PASS concurrent_calls ||
  result FAIL concurrent_calls "$(tr '\n' ' ' < "$W/concurrent")"
expect instance_start_twice PUT /actions '{"action_type": "InstanceStart"}' 400 'already running'
expect post_boot_put PUT /boot-source "{\"kernel_image_path\": \"$K\"}" 400 'not supported after starting'
expect post_boot_vsock PUT /vsock '{"guest_cid": 4, "uds_path": "/tmp/y"}' 400 'not supported after starting'
[ -S "$W/v.sock" ] && result PASS vsock_listening || result FAIL vsock_listening "no $W/v.sock"
expect post_boot_drive PUT /drives/d1 "{\"drive_id\": \"d1\", \"path_on_host\": \"$W/disk.img\", \"is_root_device\": false, \"is_read_only\": true}" 400 'not supported after starting'
expect running GET / '' 200 '"state":"Running"'
expect flush_running PUT /actions '{"action_type": "FlushMetrics"}' 204
[ "$(wc -l < "$W/fc.metrics")" = 2 ] && grep -q '"state":"Running","net":\[{"rx_packets_count":[0-9]*' "$W/fc.metrics" &&
  result PASS metrics_lines || result FAIL metrics_lines "$(cat "$W/fc.metrics")"
ticks() { grep -c '^TICK' "$W/vmm1.log"; }
for _ in $(seq 600); do [ "$(ticks)" -ge 5 ] && break; sleep 0.1; done
# GET /stats: KVM's binary stats, the VM's and both vCPUs' (vCPU 0 has
# trapped to the hypervisor by now; histograms are arrays).
expect stats GET /stats '' 200 '^\{"vm":\{"vcpus":2,.*\},"vcpus":\[\{[^}]*"vm_exits":[1-9][^}]*\},\{[^}]*"halt_wait_hist":\[[0-9,]+\]'
expect pause PATCH /vm '{"state": "Paused"}' 204
expect paused GET / '' 200 '"state":"Paused"'
t0=$(ticks); sleep 1.5; t1=$(ticks)
[ "$t1" -le $((t0 + 1)) ] && result PASS paused_guest_stops ||
  result FAIL paused_guest_stops "ticks went from $t0 to $t1 while paused"
expect pause_again PATCH /vm '{"state": "Paused"}' 204
expect bad_state PATCH /vm '{"state": "Sleeping"}' 400 'Paused or Resumed'
expect resume PATCH /vm '{"state": "Resumed"}' 204
for _ in $(seq 100); do [ "$(ticks)" -gt $((t1 + 3)) ] && break; sleep 0.1; done
[ "$(ticks)" -gt $((t1 + 3)) ] && result PASS resumed_guest_runs ||
  result FAIL resumed_guest_runs "ticks stuck at $(ticks) after resume"

# PATCH /drives while the guest runs: refusals leave the image as it was,
# then disk2.img (another size, another marker) replaces disk.img.
dpatch() { echo "{\"drive_id\": \"${2:-d0}\", \"path_on_host\": \"$1\"${3:+, $3}}"; }
expect drive_patch_unknown_id PATCH /drives/nope "$(dpatch "$W/disk2.img" nope)" 400 'no drive `nope`'
expect drive_patch_id_mismatch PATCH /drives/d0 "$(dpatch "$W/disk2.img" d1)" 400 'must match'
expect drive_patch_missing_file PATCH /drives/d0 "$(dpatch /nonexistent.img)" 400 'nonexistent.img: No such file'
expect drive_patch_rate_limiter PATCH /drives/d0 "$(dpatch "$W/disk2.img" d0 '"rate_limiter": {"bandwidth": {"size": 1048576, "refill_time": 100}}')" 400 'rate limiters are not supported'
expect drive_patch_other_field PATCH /drives/d0 "$(dpatch "$W/disk2.img" d0 '"is_read_only": true')" 400 '`is_read_only` cannot be changed'
expect drive_patch_no_path PATCH /drives/d0 '{"drive_id": "d0"}' 400 'path_on_host. is required'
exec 9< "$W/held.img"; flock -x 9
expect drive_patch_held PATCH /drives/d0 "$(dpatch "$W/held.img")" 400 'held.img is in use by another process'
exec 9<&-
expect drive_patch_refused_keeps GET /vm/config '' 200 "\"drive_id\":\"d0\",\"path_on_host\":\"$W/disk.img\""
locked "$W/disk.img" && ! locked "$W/held.img" && result PASS drive_patch_refused_locks ||
  result FAIL drive_patch_refused_locks "disk.img should be locked, held.img not"
expect drive_patch PATCH /drives/d0 "$(dpatch "$W/disk2.img")" 204
expect drive_patch_reported GET /vm/config '' 200 "\"drive_id\":\"d0\",\"path_on_host\":\"$W/disk2.img\",\"is_root_device\":false,\"is_read_only\":false"
! locked "$W/disk.img" && locked "$W/disk2.img" && result PASS drive_patch_locks_moved ||
  result FAIL drive_patch_locks_moved "disk.img $(locked "$W/disk.img" && echo still locked || echo free), disk2.img $(locked "$W/disk2.img" && echo locked || echo not locked)"

# The guest saw the configuration change (its capacity) and reads the new
# image; its reads during the swap all succeeded.
for _ in $(seq 600); do grep -q '^NEWDISK' "$W/vmm1.log" && break; sleep 0.05; done
grep -q '^NEWDISK=rvkvmnew SIZE=6144' "$W/vmm1.log" && ! grep -q READ-ERROR "$W/vmm1.log" &&
  result PASS drive_patch_guest_sees ||
  result FAIL drive_patch_guest_sees "$(grep -a '^NEWDISK\|READ-ERROR' "$W/vmm1.log" || echo "no NEWDISK line; see $W/vmm1.log")"
# The image in use grown on the host and PATCHed again (our own lock must
# not refuse it): only the size changes.
truncate -s 4M "$W/disk2.img"
expect drive_patch_same_path PATCH /drives/d0 "$(dpatch "$W/disk2.img")" 204
locked "$W/disk2.img" && result PASS drive_patch_same_path_locked ||
  result FAIL drive_patch_same_path_locked "disk2.img is no longer locked"

wait "$VMM"; st=$?
if [ "$st" = 0 ] && grep -q '^TICK 79' "$W/vmm1.log" && grep -q '^DISK=rvkvmapi SIZE=2048' "$W/vmm1.log"; then
  result PASS guest_ran_to_the_end
else
  result FAIL guest_ran_to_the_end "exit $st; see $W/vmm1.log"
fi
# Linux logs each change: "virtio_blk virtio0: [vda] new size: ...".
grep -q '^RESIZED=8192 2\b' "$W/vmm1.log" && result PASS drive_patch_guest_resized ||
  result FAIL drive_patch_guest_resized "$(grep -a '^RESIZED' "$W/vmm1.log" || echo "no RESIZED line; see $W/vmm1.log")"
[ ! -e "$SOCK" ] && result PASS socket_removed || result FAIL socket_removed "$SOCK left behind"

# --- a failed InstanceStart, then a good one ----------------------------------------
start_vmm "$W/vmm2.log" --console none || { result FAIL socket2 "no API socket"; exit 1; }
api PUT /machine-config '{"vcpu_count": 1, "mem_size_mib": 256}'
api PUT /boot-source "{\"kernel_image_path\": \"$K\", \"initrd_path\": \"$I\", \"boot_args\": \"console=ttyS0 quiet panic=-1 rvkvm.cmd=dHJ1ZQ==\"}"
cp "$W/disk.img" "$W/gone.img"
api PUT /drives/d0 "{\"drive_id\": \"d0\", \"path_on_host\": \"$W/gone.img\", \"is_root_device\": true, \"is_read_only\": false}"
rm -f "$W/gone.img"
expect start_fails PUT /actions '{"action_type": "InstanceStart"}' 400 'could not start'
expect still_not_started GET / '' 200 '"state":"Not started"'
expect drive_replaced PUT /drives/d0 "{\"drive_id\": \"d0\", \"path_on_host\": \"$W/disk.img\", \"is_root_device\": true, \"is_read_only\": false}" 204
expect start_retry PUT /actions '{"action_type": "InstanceStart"}' 204
wait "$VMM"; st=$?
[ "$st" = 0 ] && result PASS retry_guest_exit || result FAIL retry_guest_exit "exit $st; see $W/vmm2.log"

# --- the balloon: inflate lowers the VMM's RSS, deflate gives it back --------------------
rss() { awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null || echo 0; }
wait_log() { for _ in $(seq 1200); do grep -qs "$1" "$2" && return 0; sleep 0.1; done; return 1; }
# The guest frees 300 MiB it touched, then follows its own MemTotal (the
# balloon driver takes inflated pages out of it): INFLATED once 250 MiB are
# gone, DEFLATED once they are back, then it touches 300 MiB again.
bcmd='mt() { sed -n "s/^MemTotal: *\\([0-9]*\\).*/\\1/p" /proc/meminfo; }
dd if=/dev/zero of=/dev/shm/f bs=1M count=300 2>/dev/null; rm /dev/shm/f; t0=$(mt); echo FREED
until [ $(mt) -lt $((t0 - 256000)) ]; do sleep .2; done; echo INFLATED
until [ $(mt) -gt $((t0 - 10240)) ]; do sleep .2; done; echo DEFLATED
dd if=/dev/zero of=/dev/shm/f bs=1M count=300 2>/dev/null; echo REFILLED; sleep 5'
start_vmm "$W/vmm4.log" --console stdio --cpus 2 --mem 512M --kernel "$K" --initrd "$I" \
  --append "console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$bcmd" | base64 -w0)" \
  --balloon=stats_interval=1 || { result FAIL socket4 "no API socket"; exit 1; }
pid=$VMM
if wait_log '^FREED' "$W/vmm4.log"; then
  r0=$(rss $pid)
  # 300 of the guest's ~450 MiB: what it can give without running short.
  expect balloon_inflate PATCH /balloon '{"amount_mib": 300}' 204
  wait_log '^INFLATED' "$W/vmm4.log"
  for _ in $(seq 300); do api GET /balloon/statistics; grep -q '"actual_mib":\(29[5-9]\|300\)' <<< "$BODY_OUT" && break; sleep 0.1; done
  grep -q '"actual_mib":\(29[5-9]\|300\)' <<< "$BODY_OUT" && result PASS balloon_actual ||
    result FAIL balloon_actual "$BODY_OUT"
  r1=$(rss $pid)
  [ $((r0 - r1)) -ge 150 ] && result PASS balloon_rss_drops ||
    result FAIL balloon_rss_drops "RSS ${r0} MiB -> ${r1} MiB after inflating 300 MiB"
  expect balloon_stats GET /balloon/statistics '' 200 '"total_memory":[0-9]+.*"available_memory":[0-9]+'
  expect balloon_get GET /balloon '' 200 '"amount_mib":300,"deflate_on_oom":false,"stats_polling_interval_s":1'
  expect balloon_too_big PATCH /balloon '{"amount_mib": 999999}' 400 'must be in'
  expect balloon_put_post_boot PUT /balloon '{"amount_mib": 1, "deflate_on_oom": false}' 400 'not supported after'
  expect balloon_stats_interval PATCH /balloon/statistics '{"stats_polling_interval_s": 2}' 204
  expect balloon_deflate PATCH /balloon '{"amount_mib": 0}' 204
  if wait_log '^DEFLATED' "$W/vmm4.log" && wait_log '^REFILLED' "$W/vmm4.log"; then
    r2=$(rss $pid)
    [ $((r2 - r1)) -ge 150 ] && result PASS balloon_deflate_returns ||
      result FAIL balloon_deflate_returns "RSS ${r1} MiB -> ${r2} MiB after deflating and refilling"
  else
    result FAIL balloon_deflate_returns "the guest did not refill (see $W/vmm4.log)"
  fi
else
  result FAIL balloon_inflate "the guest did not get to FREED (see $W/vmm4.log)"
fi
wait "$pid"; st=$?
[ "$st" = 0 ] && result PASS balloon_guest_exit || result FAIL balloon_guest_exit "exit $st"

# Free page reporting: memory the guest frees goes back to the host by itself.
fcmd='dd if=/dev/zero of=/dev/shm/f bs=1M count=300 2>/dev/null; echo FILLED; sleep 1; rm /dev/shm/f; echo FREED; sleep 8'
: > "$W/vmm5.log"   # (the VMM's own redirection comes later: no stale lines)
"$RVKVM" run --cpus 2 --mem 512M --kernel "$K" --initrd "$I" --balloon=free_page_reporting=on \
  --append "console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$fcmd" | base64 -w0)" \
  < /dev/null > "$W/vmm5.log" 2>&1 &
pid=$!; pids+=($pid)
if wait_log '^FILLED' "$W/vmm5.log"; then
  r0=$(rss $pid)
  wait_log '^FREED' "$W/vmm5.log"
  r1=$r0
  for _ in $(seq 60); do sleep 0.1; r1=$(rss $pid); [ $((r0 - r1)) -ge 150 ] && break; done
  [ $((r0 - r1)) -ge 150 ] && result PASS balloon_free_page_reporting ||
    result FAIL balloon_free_page_reporting "RSS ${r0} MiB -> ${r1} MiB 6 s after the guest freed 300 MiB"
else
  result FAIL balloon_free_page_reporting "the guest did not fill (see $W/vmm5.log)"
fi
wait "$pid"

# Deflate on OOM: the balloon holds 350 of the guest's 512 MiB and the guest
# fills 200 MiB of tmpfs.  Its OOM notifier takes pages back from the
# balloon (VIRTIO_BALLOON_F_DEFLATE_ON_OOM), so nothing is killed and the
# balloon ends smaller; without the feature the OOM killer takes dd.
ocmd='ma() { sed -n "s/^MemAvailable: *\\([0-9]*\\).*/\\1/p" /proc/meminfo; }
n=0; until [ $(ma) -lt 200000 ] || [ $n -gt 600 ]; do sleep .2; n=$((n+1)); done; echo "INFLATED $(ma)"
dd if=/dev/zero of=/dev/shm/f bs=1M count=200 2>/dev/null; echo "DD $?"
echo "OOMKILLS $(dmesg | grep -c "Out of memory")"; sleep 3'
start_vmm "$W/vmm6.log" --console stdio --cpus 2 --mem 512M --kernel "$K" --initrd "$I" \
  --append "console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$ocmd" | base64 -w0)" \
  --balloon=amount_mib=350,deflate_on_oom=on || { result FAIL socket6 "no API socket"; exit 1; }
pid=$VMM
if wait_log '^OOMKILLS' "$W/vmm6.log"; then
  grep -q '^DD 0' "$W/vmm6.log" && grep -q '^OOMKILLS 0' "$W/vmm6.log" && result PASS balloon_deflate_on_oom ||
    result FAIL balloon_deflate_on_oom "$(grep -aE '^(INFLATED|DD|OOMKILLS)' "$W/vmm6.log" | tr '\n' ' ')"
  api GET /balloon/statistics
  a=$(sed -n 's/.*"actual_mib":\([0-9]*\).*/\1/p' <<< "$BODY_OUT")
  [ -n "$a" ] && [ "$a" -lt 340 ] && result PASS balloon_deflated_on_oom ||
    result FAIL balloon_deflated_on_oom "actual_mib '${a}' after the guest ran short (target 350)"
else
  result FAIL balloon_deflate_on_oom "the guest did not finish (see $W/vmm6.log)"
fi
wait "$pid"

# --- --config-file --------------------------------------------------------------------
cat > "$W/vm.json" <<EOF
{ "boot-source": { "kernel_image_path": "$K", "initrd_path": "$I",
                   "boot_args": "console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf 'echo CONFIG-FILE-$(grep -c ^processor /proc/cpuinfo)-$(ls /sys/bus/virtio/drivers/virtio_balloon | grep -c virtio)' | base64 -w0)" },
  "machine-config": { "vcpu_count": 2, "mem_size_mib": 256 },
  "drives": [ { "drive_id": "rootfs", "path_on_host": "$W/disk.img", "is_root_device": false, "is_read_only": true } ],
  "network-interfaces": [ { "iface_id": "eth0", "backend": "user" } ],
  "balloon": { "amount_mib": 0, "deflate_on_oom": true } }
EOF
timeout 300 "$RVKVM" run --config-file "$W/vm.json" > "$W/vmm3.log" 2>&1; st=$?
[ "$st" = 0 ] && grep -q '^CONFIG-FILE-2-1' "$W/vmm3.log" && result PASS config_file_boot ||
  result FAIL config_file_boot "exit $st; see $W/vmm3.log"
cfg_bad() {  # NAME JSON REGEX
  printf '%s' "$2" > "$W/bad.json"
  timeout 20 "$RVKVM" run --config-file "$W/bad.json" > "$W/bad.log" 2>&1; local st=$?
  [ "$st" = 1 ] && grep -qE -- "$3" "$W/bad.log" && result PASS "config_file_$1" ||
    result FAIL "config_file_$1" "exit $st: $(head -c 300 "$W/bad.log")"
}
cfg_bad not_json '{"boot-source": ' 'config-file'
cfg_bad unknown_key '{"boot-source": {"kernel_image_path": "'"$K"'"}, "cpus": 2}' 'unknown field `cpus`'
cfg_bad no_boot_source '{"machine-config": {"vcpu_count": 1, "mem_size_mib": 128}}' 'boot-source. is required'
cfg_bad bad_drive '{"boot-source": {"kernel_image_path": "'"$K"'"}, "drives": [{"drive_id": "x", "path_on_host": "/nonexistent", "is_root_device": false, "is_read_only": false}]}' 'drives: drive /nonexistent'
timeout 20 "$RVKVM" run --config-file "$W/vm.json" --kernel "$K" > "$W/bad.log" 2>&1; st=$?
[ "$st" = 2 ] && result PASS config_file_with_kernel || result FAIL config_file_with_kernel "exit $st"

echo "api: $(grep -c '^PASS' "$OUT") passed, $(grep -c '^FAIL' "$OUT") failed"
! grep -q '^FAIL' "$OUT"
