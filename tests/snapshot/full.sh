#!/usr/bin/env bash
# Snapshots of a full machine end to end (run.sh does hypervisor guests):
# OpenSBI fw_dynamic in M-mode and Debian's kernel in S-mode on 2 harts
# count on the console; the machine is paused, saved and killed, and a new
# rvkvm process restores it.  The restored guest must go on counting from
# where it was (no reboot), with the data it held in memory (a checksum of
# 16 MiB before the snapshot and after, on each hart), and be saved and
# restored again.  Hostile state files (well formed, one value rewritten
# by STATE_EDIT: a privilege mode, V, an mstatus, an ACLINT msip the
# hardware cannot hold) are refused with the reason, then a good load
# works in the same process.
#   tests/snapshot/full.sh RVKVM STATE_EDIT WORKDIR RESULTS   (appends to RESULTS)
set -uo pipefail
RVKVM=$1 EDIT=$2 W=$3 OUT=$4
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$W"; mkdir -p "$W"
result() { echo "$1 snapshot/full_$2${3:+ ($3)}" | tee -a "$OUT"; }
eval "$(bash "$ROOT/scripts/guest-image.sh" -q)" || { result FAIL guest_image; exit 1; }
[ -x "$EDIT" ] || { result FAIL state_edit_build "see $(dirname "$EDIT")/state_edit.log"; exit 1; }

. "$ROOT/tests/lib/vmm_api.sh"
load_body() {  # STATE MEM RESUME
  echo "{\"snapshot_path\": \"$1\", \"mem_backend\": {\"backend_type\": \"File\", \"backend_path\": \"$2\"}, \"resume_vm\": $3}"
}

# The guest: 16 MiB of random data in tmpfs and its checksum, then a tick
# every 0.1 s; at tick 50 it sums the data again on hart 0 and on hart 1,
# and it powers off after tick 59.
gcmd='dd if=/dev/urandom of=/tmp/blob bs=1M count=16 2>/dev/null; echo SUM1=$(sha256sum < /tmp/blob | cut -c1-16)
i=0; while [ $i -lt 60 ]; do echo TICK $i; i=$((i+1))
 if [ $i = 50 ]; then
  echo SUM2=$(taskset -c 0 sha256sum < /tmp/blob | cut -c1-16) SUM3=$(taskset -c 1 sha256sum < /tmp/blob | cut -c1-16)
 fi; sleep .1; done; poweroff -f'
ARGS="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd" | base64 -w0)"
S=$W/state M=$W/mem

# --- the original machine ---------------------------------------------------------
vmm a --cpus 2 --mem 256M --firmware default --kernel "$RVKVM_GUEST_KERNEL" \
  --initrd "$RVKVM_GUEST_INITRD" --append "$ARGS" --console stdio ||
  { result FAIL vmm_a "no API socket"; exit 1; }
wait_tick a 10 || { result FAIL boot "no TICK 10; see $W/a.log"; exit 1; }
sum1=$(tr -d '\r' < "$W/a.log" | sed -n 's/^SUM1=//p')
expect pause a.sock PATCH /vm '{"state": "Paused"}' 204
expect create a.sock PUT /snapshot/create "{\"snapshot_path\": \"$S\", \"mem_file_path\": \"$M\"}" 204
t_saved=$(last_tick a)
kill -9 $PID_a; wait $PID_a 2>/dev/null

# --- hostile state files, then the good one, in one process ------------------------
# Register ids (include/rvkvm/kvm.h): the CORE mode, the STATE registers V
# and mstatus; the ACLINT section's msip[0] is at byte 528.
MODE=0x8030000002000020 V=0x8030000081010000 MSTATUS=0x8030000081000300 TAG_ACLINT=7
vmm b --console stdio || { result FAIL vmm_b "no API socket"; exit 1; }
hostile() {  # NAME REASON EDIT-ARGS...: the edited copy is refused, REASON on stderr
  local name=$1 why=$2; shift 2
  cp "$S" "$W/$name"
  if ! "$EDIT" "$W/$name" "$@" 2> "$W/edit.err"; then
    result FAIL "$name" "state_edit: $(cat "$W/edit.err")"; return
  fi
  expect "$name" b.sock PUT /snapshot/load "$(load_body "$W/$name" "$M" true)" 400 'Invalid argument' &&
    { grep -q "restore: $why: Invalid argument" "$W/b.log" ||
      result FAIL "${name}_reason" "$(grep restore: "$W/b.log" | tail -1)"; }
}
hostile bad_mode "vCPU 0: register $MODE = 0x2" reg 0 $MODE 2
hostile bad_virt "vCPU 1: register $V = 0x2" reg 1 $V 2
hostile bad_mstatus "vCPU 0: register $MSTATUS = 0xa00001000" reg 0 $MSTATUS 0xa00001000
hostile bad_msip "KVM_SET_IRQCHIP (ACLINT)" u32 $TAG_ACLINT 0 528 5
[ -z "$(ticks b)" ] && result PASS nothing_ran || result FAIL nothing_ran "ticked: $(last_tick b)"
expect load b.sock PUT /snapshot/load "$(load_body "$S" "$M" true)" 204
wait_tick b $((t_saved + 10)) 200
ft=$(first_tick_after a b)
[ "$ft" = $((t_saved + 1)) ] && ! grep -q 'SUM1=\|OpenSBI' "$W/b.log" && result PASS counter_continues ||
  result FAIL counter_continues "saved at TICK $t_saved, restored guest printed TICK $ft first; see $W/b.log"

# --- a snapshot of the restored machine, restored once more, run to the end ---------
expect pause_b b.sock PATCH /vm '{"state": "Paused"}' 204
expect create_b b.sock PUT /snapshot/create "{\"snapshot_path\": \"$S\", \"mem_file_path\": \"$M\"}" 204
t_saved=$(last_tick b)
kill -9 $PID_b; wait $PID_b 2>/dev/null
vmm c --console stdio || { result FAIL vmm_c "no API socket"; exit 1; }
expect load_c c.sock PUT /snapshot/load "$(load_body "$S" "$M" true)" 204
for _ in $(seq 300); do kill -0 $PID_c 2>/dev/null || break; sleep 0.1; done
kill -9 $PID_c 2>/dev/null; wait $PID_c; st=$?
ft=$(first_tick_after b c)
[ "$ft" = $((t_saved + 1)) ] && result PASS second_restore_continues ||
  result FAIL second_restore_continues "saved at TICK $t_saved, first TICK $ft"
log=$(tr -d '\r' < "$W/c.log")
sum2=$(sed -n 's/^SUM2=\([0-9a-f]*\) .*/\1/p' <<< "$log") sum3=$(sed -n 's/.* SUM3=\([0-9a-f]*\)$/\1/p' <<< "$log")
[ -n "$sum1" ] && [ "$sum1" = "$sum2" ] && [ "$sum1" = "$sum3" ] && result PASS memory_checksum ||
  result FAIL memory_checksum "before $sum1, after $sum2 (hart 0) $sum3 (hart 1)"
[ "$st" = 0 ] && grep -q '^TICK 59' <<< "$log" && result PASS ran_to_the_end ||
  result FAIL ran_to_the_end "exit $st; see $W/c.log"
exit 0
