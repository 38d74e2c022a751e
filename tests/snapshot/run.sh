#!/usr/bin/env bash
# Snapshots end to end through the API (PUT /snapshot/create, /snapshot/load):
# a 2-vCPU Linux guest with a disk, user networking and a balloon counts on
# its console; it is paused, saved and killed, and a new rvkvm process
# restores it.  The restored guest must go on counting from where it was
# (no reboot), still have the data it held in memory (a checksum of 32 MiB
# computed before the snapshot and again after, on each vCPU), vector code
# running across it with VLEN 256 (`--cpu max,vlen=256`), its disk
# (a write before and after) and its network (the host fetches from the
# guest's web server through hostfwd).  Also: restore paused then resume, a
# snapshot of a restored guest, kill -9 during snapshot creation never
# breaking the previous snapshot, diff snapshots (a chain of two, rebased
# onto the base with `rvkvm snapshot-rebase`), refused snapshots (a running
# VM, vsock, Diff without dirty tracking),
# and bad files refused with the reason (truncated, corrupted, foreign,
# another snapshot's memory) followed by a good load in the same process.
# The Uffd memory backend: the run to the end (VM c, which also saves a
# snapshot and inflates the balloon) is restored through the example
# page-fault handler; a handler that is not there is refused, one killed
# after the load stops the guest with an error; uffd_test first.
#   tests/snapshot/run.sh RVKVM WORKDIR RESULTS [DIR of uffd_handler, uffd_test]
set -uo pipefail
RVKVM=$1 W=$2 OUT=$3 T=${4:-$(dirname "$1")/tests/snapshot}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$W"; mkdir -p "$W"; : > "$OUT"
eval "$(bash "$ROOT/scripts/guest-image.sh" -q)" || { echo "FAIL snapshot/guest-image" >> "$OUT"; exit 1; }

result() { echo "$1 snapshot/$2${3:+ ($3)}" | tee -a "$OUT"; }

. "$ROOT/tests/lib/vmm_api.sh"
load_body() {  # STATE MEM RESUME [BACKEND]
  echo "{\"snapshot_path\": \"$1\", \"mem_backend\": {\"backend_type\": \"${4:-File}\", \"backend_path\": \"$2\"}, \"resume_vm\": $3}"
}
# handler NAME MEM: the example page-fault handler serving MEM on
# $W/NAME.uffd (its count of faults in NAME.handler.out).
handler() {
  rm -f "$W/$1.uffd"
  "$T/uffd_handler" "$W/$1.uffd" "$2" > "$W/$1.handler.out" 2> "$W/$1.handler.log" &
  eval "HPID_$1=$!"; pids+=($!)
  for _ in $(seq 100); do [ -S "$W/$1.uffd" ] && return 0; sleep 0.05; done
  return 1
}
loaded_ms() { sed -n 's/^rvkvm: snapshot .* loaded in \([0-9.]*\) ms$/\1/p' "$W/$1.log" | tail -1; }
for _ in $(seq 20); do PORT=$((20000 + RANDOM % 40000)); port_free $PORT && break; done

# The guest: 32 MiB of random data in tmpfs and its checksum, a web server,
# a disk write; then a tick every 0.1 s.  At tick 150 (long after any
# snapshot below) it sums the data again on vCPU 0 and on vCPU 1, reads
# and writes the disk, and powers off at tick 170.
gcmd='dd if=/dev/urandom of=/tmp/blob bs=1M count=32 2>/dev/null; echo SUM1=$(sha256sum < /tmp/blob | cut -c1-16)
ip link set eth0 up; udhcpc -i eth0 -n -q -t 10 -T 1 >/dev/null 2>&1
mkdir -p /www; echo SNAPWEB > /www/f; httpd -p 8080 -h /www
printf rvkvmSN1 | dd of=/dev/vda conv=notrunc,fsync 2>/dev/null
vector-test 2 20000 > /tmp/vt.out 2>&1 & vt=$!
i=0; while [ $i -lt 170 ]; do echo TICK $i; i=$((i+1))
 if [ $i = 150 ]; then
  wait $vt; echo VT $(cat /tmp/vt.out)
  echo SUM2=$(taskset -c 0 sha256sum < /tmp/blob | cut -c1-16) SUM3=$(taskset -c 1 sha256sum < /tmp/blob | cut -c1-16)
  echo DISK=$(head -c 8 /dev/vda); printf rvkvmSN2 | dd of=/dev/vda bs=512 seek=1 conv=notrunc,fsync 2>/dev/null
 fi; sleep .1; done; poweroff -f'
ARGS="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd" | base64 -w0)"
truncate -s 1M "$W/disk.img"
S=$W/state M=$W/mem

# --- the Uffd backend without a VM (vmm/snapshot/uffd.c and the handler) -------------
if [ -x "$T/uffd_test" ] && [ -x "$T/uffd_handler" ]; then
  "$T/uffd_test" "$T/uffd_handler" "$W" 2> "$W/uffd_test.log" | tee -a "$OUT"
else
  result FAIL uffd_build "no $T/uffd_test or uffd_handler; see $T/uffd_build.log"
fi

# --- the original VM ---------------------------------------------------------------
vmm a --cpus 2 --cpu max,vlen=256 --mem 256M --kernel "$RVKVM_GUEST_KERNEL" --initrd "$RVKVM_GUEST_INITRD" \
  --append "$ARGS" --disk "$W/disk.img" --net "user,hostfwd=tcp:127.0.0.1:$PORT-:8080" \
  --balloon --console stdio || { result FAIL vmm_a "no API socket"; exit 1; }
wait_tick a 20 || { result FAIL boot "no TICK 20; see $W/a.log"; exit 1; }
got=$(curl -s --max-time 10 "http://127.0.0.1:$PORT/f" 2>&1)
[ "$got" = SNAPWEB ] && result PASS network_before || result FAIL network_before "wget: $got"
sum1=$(tr -d '\r' < "$W/a.log" | sed -n 's/^SUM1=//p')
expect create_running a.sock PUT /snapshot/create "{\"snapshot_path\": \"$S\", \"mem_file_path\": \"$M\"}" 400 'must be paused'
expect create_bad_type a.sock PUT /snapshot/create "{\"snapshot_type\": \"Partial\", \"snapshot_path\": \"$S\", \"mem_file_path\": \"$M\"}" 400 'must be Full or Diff'
expect pause a.sock PATCH /vm '{"state": "Paused"}' 204
expect create a.sock PUT /snapshot/create "{\"snapshot_path\": \"$S\", \"mem_file_path\": \"$M\"}" 204
t_saved=$(last_tick a)
# Memory is written sparsely: far less on disk than the 256 MiB guest.
used=$(du -k "$M" | cut -f1)
[ "$used" -lt 200000 ] && result PASS mem_sparse || result FAIL mem_sparse "$used KiB on disk"
kill -9 $PID_a; wait $PID_a 2>/dev/null
cp "$S" "$W/state.1"; cp --sparse=always "$M" "$W/mem.1"

# --- bad loads, then a good one in the same process --------------------------------
vmm b --console stdio || { result FAIL vmm_b "no API socket"; exit 1; }
head -c 1000 "$S" > "$W/trunc"
cp "$S" "$W/corrupt"; printf 'X' | dd of="$W/corrupt" bs=1 seek=2000 conv=notrunc status=none
expect load_missing b.sock PUT /snapshot/load "$(load_body "$W/nonexistent" "$M" true)" 400 'No such file'
expect load_truncated b.sock PUT /snapshot/load "$(load_body "$W/trunc" "$M" true)" 400 'truncated'
expect load_corrupt b.sock PUT /snapshot/load "$(load_body "$W/corrupt" "$M" true)" 400 'corrupted'
expect load_foreign b.sock PUT /snapshot/load "$(load_body "$RVKVM_GUEST_INITRD" "$M" true)" 400 'not an rvkvm snapshot'
truncate -s 4096 "$W/shortmem"
expect load_short_mem b.sock PUT /snapshot/load "$(load_body "$S" "$W/shortmem" true)" 400 "not the [0-9]+ of this snapshot's memory file"
expect load_bad_backend b.sock PUT /snapshot/load '{"snapshot_path": "/x", "mem_backend": {"backend_type": "Mmap", "backend_path": "/y"}}' 400 'must be File or Uffd, not .Mmap'
expect load_uffd_no_handler b.sock PUT /snapshot/load "$(load_body "$S" "$W/nobody.uffd" true Uffd)" 400 "cannot connect to the page-fault handler at $W/nobody.uffd: No such file or directory"
expect load_unknown_field b.sock PUT /snapshot/load '{"snapshot_path": "/x", "mem_file_path": "/y", "bogus": 1}' 400 'unknown field'
expect create_not_running b.sock PUT /snapshot/create "{\"snapshot_path\": \"$W/x\", \"mem_file_path\": \"$W/y\"}" 400 'must be paused'
expect load_paused b.sock PUT /snapshot/load "$(load_body "$S" "$M" false)" 204
expect load_twice b.sock PUT /snapshot/load "$(load_body "$S" "$M" false)" 400 'nothing configured'
expect state_paused b.sock GET / '' 200 '"state":"Paused"'
expect vm_config_restored b.sock GET /machine-config '' 200 '"vcpu_count":2,"mem_size_mib":256'
sleep 1
[ -z "$(last_tick b)" ] && result PASS paused_restore_waits || result FAIL paused_restore_waits "ticked: $(last_tick b)"
expect resume b.sock PATCH /vm '{"state": "Resumed"}' 204
wait_tick b $((t_saved + 10)) 200
ft=$(first_tick_after a b)
[ "$ft" = $((t_saved + 1)) ] && ! grep -q 'SUM1=' "$W/b.log" && result PASS counter_continues ||
  result FAIL counter_continues "saved at TICK $t_saved, restored guest printed TICK $ft first; see $W/b.log"
got=$(curl -s --max-time 10 "http://127.0.0.1:$PORT/f" 2>&1)
[ "$got" = SNAPWEB ] && result PASS network_after_restore || result FAIL network_after_restore "wget: $got"

# --- a snapshot of the restored guest, and kill -9 while saving ----------------------
expect pause_b b.sock PATCH /vm '{"state": "Paused"}' 204
expect create_b b.sock PUT /snapshot/create "{\"snapshot_path\": \"$S\", \"mem_file_path\": \"$M\"}" 204
t_saved=$(last_tick b)
kill -9 $PID_b; wait $PID_b 2>/dev/null
ok=1
for d in 0 0.02 0.05 0.1 0.15; do
  vmm k --console none || { ok=0; break; }
  api k.sock PUT /snapshot/load "$(load_body "$S" "$M" false)"
  [ "$CODE" = 204 ] || { ok=0; echo "  load before kill ($d): $CODE $BODY_OUT"; break; }
  api k.sock PUT /snapshot/create "{\"snapshot_path\": \"$S\", \"mem_file_path\": \"$M\"}" &
  sleep $d; kill -9 $PID_k; wait $PID_k 2>/dev/null; wait
done
[ $ok = 1 ] && result PASS kill_during_create || result FAIL kill_during_create "a snapshot broke"


# --- the last restore runs the guest to its end, its memory through Uffd -------------
vmm c --console stdio || { result FAIL vmm_c "no API socket"; exit 1; }
handler c "$M" || result FAIL uffd_handler_c "no socket; see $W/c.handler.log"
expect load_resume_uffd c.sock PUT /snapshot/load "$(load_body "$S" "$W/c.uffd" true Uffd)" 204
# The next save to the same paths clears what the killed saves left.
cp "$S" "$W/state.2"; cp --sparse=always "$M" "$W/mem.2"
expect pause_c c.sock PATCH /vm '{"state": "Paused"}' 204
expect create_c c.sock PUT /snapshot/create "{\"snapshot_path\": \"$S\", \"mem_file_path\": \"$M\"}" 204
t_c=$(last_tick c)
expect create_diff_untracked c.sock PUT /snapshot/create "{\"snapshot_type\": \"Diff\", \"snapshot_path\": \"$W/dx\", \"mem_file_path\": \"$W/dxm\"}" 400 'needs dirty page tracking'
left=$(ls "$W" | grep -c '\.tmp\.')
[ "$left" = 0 ] && result PASS stale_tmp_removed || result FAIL stale_tmp_removed "$left left"
expect resume_c c.sock PATCH /vm '{"state": "Resumed"}' 204
# The balloon works on: it inflates, and statistics come (the buffer the
# device held at the snapshot was saved as not yet taken).
expect inflate_after_restore c.sock PATCH /balloon '{"amount_mib": 64}' 204
for _ in $(seq 100); do
  api c.sock GET /balloon/statistics
  grep -q '"actual_mib":64' <<< "$BODY_OUT" && grep -q '"total_memory":[0-9]' <<< "$BODY_OUT" && break
  sleep 0.1
done
grep -q '"actual_mib":64' <<< "$BODY_OUT" && grep -q '"total_memory":[0-9]' <<< "$BODY_OUT" &&
  result PASS balloon_after_restore || result FAIL balloon_after_restore "$BODY_OUT"
expect state_running c.sock GET / '' 200 '"state":"Running"'
for _ in $(seq 400); do kill -0 $PID_c 2>/dev/null || break; sleep 0.1; done
wait $PID_c; st=$?
ft=$(first_tick_after b c)
[ "$ft" = $((t_saved + 1)) ] && result PASS second_restore_continues ||
  result FAIL second_restore_continues "saved at TICK $t_saved, first TICK $ft"
log=$(tr -d '\r' < "$W/c.log")
sum2=$(sed -n 's/^SUM2=\([0-9a-f]*\) .*/\1/p' <<< "$log") sum3=$(sed -n 's/.* SUM3=\([0-9a-f]*\)$/\1/p' <<< "$log")
[ -n "$sum1" ] && [ "$sum1" = "$sum2" ] && [ "$sum1" = "$sum3" ] && result PASS memory_checksum ||
  result FAIL memory_checksum "before $sum1, after $sum2 (vCPU 0) $sum3 (vCPU 1)"
grep -q '^DISK=rvkvmSN1' <<< "$log" && [ "$(dd if="$W/disk.img" bs=512 skip=1 count=1 status=none | head -c 8)" = rvkvmSN2 ] &&
  result PASS disk_after_restore || result FAIL disk_after_restore "$(grep DISK= <<< "$log")"
# Vector code ran across the snapshot (VLEN 256, restored through vlenb
# before the registers): its results and VLEN are right after the restore.
grep -qE '^VT VECTOR-OK workers=2 rounds=20000 signals=[0-9]+ vlenb=32$' <<< "$log" &&
  result PASS vector_state_restored || result FAIL vector_state_restored "$(grep '^VT' <<< "$log")"
[ "$st" = 0 ] && grep -q '^TICK 169' <<< "$log" && result PASS guest_ran_to_the_end ||
  result FAIL guest_ran_to_the_end "exit $st; see $W/c.log"
# The handler served c's faults (the snapshot read all of RAM), heard the
# balloon's removals, and ended with the VMM.  The load's time against a
# File load of the same snapshot (k's last) is in the detail.
for _ in $(seq 50); do kill -0 $HPID_c 2>/dev/null || break; sleep 0.1; done
wait $HPID_c; hst=$?
hout=$(cat "$W/c.handler.out")
nf=$(sed -n 's/.*served \([0-9]*\) faults.*/\1/p' <<< "$hout") nr=$(sed -n 's/.*, \([0-9]*\) removes$/\1/p' <<< "$hout")
[ "$hst" = 0 ] && [ "${nf:-0}" -ge 65536 ] && [ "${nr:-0}" -gt 0 ] &&
  result PASS uffd_handler_served "$nf faults, $nr removes; /snapshot/load Uffd $(loaded_ms c) ms, File $(loaded_ms k) ms" ||
  result FAIL uffd_handler_served "exit $hst: $hout; see $W/c.handler.log"

# --- a handler that dies during the load (refused, another load works), or after it
# (the guest stops with an error) -----------------------------------------------------
vmm h --console none || result FAIL vmm_h "no API socket"
handler h "$W/shortmem" || result FAIL uffd_handler_h "no socket"   # refuses the regions
expect load_uffd_handler_quits h.sock PUT /snapshot/load "$(load_body "$W/state.2" "$W/h.uffd" false Uffd)" 400 'the page-fault handler hung up'
wait $HPID_h 2>/dev/null
handler h "$W/mem.2" || result FAIL uffd_handler_h "no socket"
expect load_uffd_paused h.sock PUT /snapshot/load "$(load_body "$W/state.2" "$W/h.uffd" false Uffd)" 204
kill -9 $HPID_h; wait $HPID_h 2>/dev/null
# A device may touch guest RAM first (devices run while paused): the VMM
# may be gone before this call is answered.
api h.sock PATCH /vm '{"state": "Resumed"}'
for _ in $(seq 100); do kill -0 $PID_h 2>/dev/null || break; sleep 0.1; done
kill -0 $PID_h 2>/dev/null && kill -9 $PID_h
wait $PID_h; st=$?
[ "$st" = 1 ] && grep -q 'has no page-fault handler to serve it; the guest stops' "$W/h.log" &&
  result PASS uffd_handler_dies || result FAIL uffd_handler_dies "exit $st; see $W/h.log"

# --- diff snapshots: base -> d1 -> d2, rebased, loaded ---------------------------------
# c's snapshot (tick t_c) is the base; a restore with enable_diff_snapshots
# tracks what the guest dirties from there.
cp "$S" "$W/state.base"; cp --sparse=always "$M" "$W/mem.base"
vmm d --console stdio || result FAIL vmm_d "no API socket"
diff_body() { echo "{\"snapshot_type\": \"Diff\", \"snapshot_path\": \"$1\", \"mem_file_path\": \"$2\"}"; }
expect load_tracked d.sock PUT /snapshot/load "{\"snapshot_path\": \"$W/state.base\", \"mem_backend\": {\"backend_type\": \"File\", \"backend_path\": \"$W/mem.base\"}, \"enable_diff_snapshots\": true, \"resume_vm\": true}" 204
expect tracked_config d.sock GET /machine-config '' 200 '"track_dirty_pages":true'
wait_tick d $((t_c + 5)) 200
expect pause_d1 d.sock PATCH /vm '{"state": "Paused"}' 204
expect create_d1 d.sock PUT /snapshot/create "$(diff_body "$W/state.d1" "$W/mem.d1")" 204
expect resume_d1 d.sock PATCH /vm '{"state": "Resumed"}' 204
wait_tick d $((t_c + 10)) 200
expect pause_d2 d.sock PATCH /vm '{"state": "Paused"}' 204
expect create_d2 d.sock PUT /snapshot/create "$(diff_body "$W/state.d2" "$W/mem.d2")" 204
t_d2=$(last_tick d)
kill -9 $PID_d; wait $PID_d 2>/dev/null
dk=$(du -k "$W/mem.d2" | cut -f1) bk=$(du -k "$W/mem.base" | cut -f1)
[ "$dk" -lt $((bk / 4)) ] && result PASS diff_is_small || result FAIL diff_is_small "diff $dk KiB, base $bk KiB"
vmm e --console stdio || result FAIL vmm_e "no API socket"
expect load_raw_diff e.sock PUT /snapshot/load "$(load_body "$W/state.d2" "$W/mem.d2" true)" 400 'Diff snapshot.s memory: apply it'
cp --sparse=always "$W/mem.base" "$W/mem.r"
"$RVKVM" snapshot-rebase "$W/mem.r" "$W/mem.d2" 2> "$W/rebase.err" && result FAIL rebase_out_of_order "accepted" ||
  { grep -q 'follows snapshot' "$W/rebase.err" && result PASS rebase_out_of_order || result FAIL rebase_out_of_order "$(cat "$W/rebase.err")"; }
"$RVKVM" snapshot-rebase "$W/mem.r" "$W/mem.d1" && "$RVKVM" snapshot-rebase "$W/mem.r" "$W/mem.d2" &&
  result PASS rebase_chain || result FAIL rebase_chain
expect load_rebased e.sock PUT /snapshot/load "$(load_body "$W/state.d2" "$W/mem.r" true)" 204
for _ in $(seq 400); do kill -0 $PID_e 2>/dev/null || break; sleep 0.1; done
wait $PID_e; st=$?
log=$(tr -d '\r' < "$W/e.log")
ft=$(first_tick_after d e)
sum2=$(sed -n 's/^SUM2=\([0-9a-f]*\) .*/\1/p' <<< "$log") sum3=$(sed -n 's/.* SUM3=\([0-9a-f]*\)$/\1/p' <<< "$log")
[ "$ft" = $((t_d2 + 1)) ] && [ "$st" = 0 ] && [ -n "$sum1" ] && [ "$sum1" = "$sum2" ] && [ "$sum1" = "$sum3" ] &&
  result PASS diff_chain_restore || result FAIL diff_chain_restore "saved at $t_d2, first TICK $ft, exit $st, sums $sum1 $sum2 $sum3"

# --- what cannot be saved is refused -------------------------------------------------
vmm v --kernel "$RVKVM_GUEST_KERNEL" --initrd "$RVKVM_GUEST_INITRD" --append "$ARGS" \
  --vsock "cid=3,uds=$W/vsock.uds" --console none || result FAIL vmm_v "no API socket"
for _ in $(seq 100); do api v.sock GET /; grep -q Running <<< "$BODY_OUT" && break; sleep 0.05; done
expect pause_v v.sock PATCH /vm '{"state": "Paused"}' 204
expect create_vsock v.sock PUT /snapshot/create "{\"snapshot_path\": \"$W/vs\", \"mem_file_path\": \"$W/vm\"}" 400 'vsock'
[ ! -e "$W/vs" ] && [ ! -e "$W/vm" ] && result PASS refused_writes_nothing || result FAIL refused_writes_nothing
kill -9 $PID_v 2>/dev/null; wait $PID_v 2>/dev/null

# Another snapshot's memory file with this state: refused by id.
expect_mismatch() {
  vmm m --console none || return
  expect load_other_mem m.sock PUT /snapshot/load "$(load_body "$W/state.1" "$M" true)" 400 'memory file of another snapshot'
  kill -9 $PID_m 2>/dev/null; wait $PID_m 2>/dev/null
}
expect_mismatch
exit 0
