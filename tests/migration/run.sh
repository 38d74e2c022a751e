#!/usr/bin/env bash
# Live migration end to end through the API (PUT /migration/send, GET
# /migration, PUT /migration/cancel; `rvkvm run --incoming`): a 2-vCPU
# Linux guest counts on its console, writes each tick's number to its own
# sector of a disk (fsync'ed), and keeps rewriting 16 MiB of memory in the
# background.  It moves A -> B over a unix socket while running, then
# B -> C over TCP while paused (C starts paused, then resumes), then C -> D
# by post-copy (D runs at once and pulls the pages it touches).  The guest
# must go on counting from where it was (no reboot), still have the 32 MiB
# it held in memory (its checksum computed before and after, on each
# vCPU), and every tick's sector must be on the disk at the end (no write
# lost).  Faults: a destination that dies mid-stream, a cancelled
# migration (the destination never reads) and a refused one (after the
# whole stream and the disk's hand-over): each time the source keeps running
# its guest; a destination fed a corrupt stream says why and exits.
#   tests/migration/run.sh RVKVM FAKE_DEST WORKDIR RESULTS
# (FAKE_DEST: tests/migration/fake_dest.c, a destination that refuses.)
set -uo pipefail
RVKVM=$1 FAKE_DEST=$2 W=$3 OUT=$4
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$W"; mkdir -p "$W"; : > "$OUT"
eval "$(bash "$ROOT/scripts/guest-image.sh" -q)" || { echo "FAIL migration/guest-image" >> "$OUT"; exit 1; }

result() { echo "$1 migration/$2${3:+ ($3)}" | tee -a "$OUT"; }

. "$ROOT/tests/lib/vmm_api.sh"
# A destination NAME waiting on ADDR for a migration.
incoming() {
  vmm "$1" --incoming "$2" --console stdio || return 1
  for _ in $(seq 100); do grep -q 'waiting for a migration' "$W/$1.log" && return 0; sleep 0.05; done
  return 1
}
# mig_wait SOCK: until GET /migration is no longer active; sets BODY_OUT.
mig_wait() {
  for _ in $(seq 300); do
    api "$1" GET /migration
    grep -q '"state":"active"' <<< "$BODY_OUT" || return 0
    sleep 0.1
  done
  return 1
}
# keeps_running NAME WHAT: the guest on NAME still counts.
keeps_running() {
  local t; t=$(last_tick "$1")
  if wait_tick "$1" $((t + 5)) 100; then result PASS "$2"; else result FAIL "$2" "stuck at TICK $t"; fi
}
# finish PID TRIES: its exit status once it ends; after TRIES x 0.1 s it
# is killed (137), so a hung process fails the test instead of hanging it.
finish() {
  for _ in $(seq "$2"); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null
  wait "$1"
}
for _ in $(seq 20); do PORT=$((20000 + RANDOM % 40000)); port_free $PORT && break; done

# The guest: 32 MiB of random data in tmpfs and its checksum; a writer
# dirtying 16 MiB over and over; a tick every 0.1 s, each written to
# sector N of the disk.  At tick 130 it sums the data again on vCPU 0 and
# on vCPU 1, and it powers off after tick 149 (the last migration starts near tick 50).
N=150
gcmd='dd if=/dev/urandom of=/tmp/blob bs=1M count=32 2>/dev/null; echo SUM1=$(sha256sum < /tmp/blob | cut -c1-16)
(while :; do dd if=/dev/zero of=/tmp/churn bs=1M count=16 2>/dev/null; rm /tmp/churn; done) &
i=0; while [ $i -lt '$N' ]; do echo TICK $i
 printf "TICK%08d" $i | dd of=/dev/vda bs=512 seek=$i conv=notrunc,fsync 2>/dev/null
 i=$((i+1))
 if [ $i = 130 ]; then
  echo SUM2=$(taskset -c 0 sha256sum < /tmp/blob | cut -c1-16) SUM3=$(taskset -c 1 sha256sum < /tmp/blob | cut -c1-16)
 fi; sleep .1; done; poweroff -f'
ARGS="console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd" | base64 -w0)"
DISK=$W/disk.img
truncate -s 1M "$DISK"

# --- usage and a corrupt stream -------------------------------------------------------
"$RVKVM" run --incoming "unix:$W/x.sock" --kernel "$RVKVM_GUEST_KERNEL" > "$W/usage.log" 2>&1
[ $? = 2 ] && grep -q 'takes the machine from the source' "$W/usage.log" && result PASS usage ||
  result FAIL usage "$(cat "$W/usage.log")"
incoming z "unix:$W/z.mig" || result FAIL vmm_z "no API socket"
expect incoming_preboot_refused z.sock PUT /machine-config '{"vcpu_count": 1, "mem_size_mib": 64}' 400 'not supported after starting'
head -c 4096 /dev/urandom | socat -u - "UNIX-CONNECT:$W/z.mig" 2>/dev/null
finish $PID_z 100; st=$?
[ $st = 1 ] && grep -q 'not an rvkvm migration stream' "$W/z.log" && result PASS corrupt_stream_refused ||
  result FAIL corrupt_stream_refused "exit $st; $(tail -2 "$W/z.log")"

# --- the source ------------------------------------------------------------------------
vmm a --cpus 2 --mem 256M --kernel "$RVKVM_GUEST_KERNEL" --initrd "$RVKVM_GUEST_INITRD" \
  --append "$ARGS" --disk "$DISK" --console stdio || { result FAIL vmm_a "no API socket"; exit 1; }
wait_tick a 10 || { result FAIL boot "no TICK 10; see $W/a.log"; exit 1; }
sum1=$(tr -d '\r' < "$W/a.log" | sed -n 's/^SUM1=//p')
expect none_yet a.sock GET /migration '' 200 '^\{"state":"none"\}$'
expect send_no_destination a.sock PUT /migration/send '{}' 400 'destination.*required'
expect send_bad_address a.sock PUT /migration/send '{"destination": "ftp:x"}' 400 'unix:PATH or tcp:HOST:PORT'
expect send_bad_mode a.sock PUT /migration/send "{\"destination\": \"unix:$W/b.mig\", \"mode\": \"fast\"}" 400 'precopy or postcopy'
expect send_bad_field a.sock PUT /migration/send "{\"destination\": \"unix:$W/b.mig\", \"speed\": 1}" 400 'unknown field'
expect cancel_none a.sock PUT /migration/cancel '' 400 'no migration'

# A destination that dies after 2 MiB: the source goes on.
socat -u "UNIX-LISTEN:$W/die.mig" SYSTEM:'head -c 2000000 > /dev/null' 2>/dev/null & pids+=($!)
for _ in $(seq 100); do [ -S "$W/die.mig" ] && break; sleep 0.05; done
expect send_dies a.sock PUT /migration/send "{\"destination\": \"unix:$W/die.mig\"}" 204
mig_wait a.sock
grep -q '"state":"failed"' <<< "$BODY_OUT" && grep -q 'connection broke\|Connection reset' <<< "$BODY_OUT" &&
  result PASS dest_dies_failed || result FAIL dest_dies_failed "$BODY_OUT"
keeps_running a dest_dies_source_runs
expect dest_dies_state a.sock GET / '' 200 '"state":"Running"'

# A destination that never reads: the send blocks; it is cancelled.
socat -u "UNIX-LISTEN:$W/slow.mig" SYSTEM:'sleep 60' 2>/dev/null & pids+=($!)
for _ in $(seq 100); do [ -S "$W/slow.mig" ] && break; sleep 0.05; done
expect send_slow a.sock PUT /migration/send "{\"destination\": \"unix:$W/slow.mig\"}" 204
sleep 0.5
expect active a.sock GET /migration '' 200 '"state":"active".*"pages_total":65536'
expect send_while_active a.sock PUT /migration/send "{\"destination\": \"unix:$W/slow.mig\"}" 400 'in progress'
expect pause_while_active a.sock PATCH /vm '{"state": "Paused"}' 400 'migration is in progress'
expect cancel a.sock PUT /migration/cancel '' 204
mig_wait a.sock
grep -q '"state":"cancelled"' <<< "$BODY_OUT" && result PASS cancelled || result FAIL cancelled "$BODY_OUT"
keeps_running a cancelled_source_runs

# A destination that takes the whole stream and then says no (after the
# source let go of its disk): the source takes its guest and disk back.
"$FAKE_DEST" "unix:$W/r.mig" 16 "refused by the test" > "$W/r.log" 2>&1 & PID_r=$!; pids+=($!)
for _ in $(seq 100); do grep -q listening "$W/r.log" && break; sleep 0.05; done
expect send_refused a.sock PUT /migration/send "{\"destination\": \"unix:$W/r.mig\"}" 204
mig_wait a.sock
grep -q '"state":"failed"' <<< "$BODY_OUT" && grep -q 'did not take the guest: refused by the test' <<< "$BODY_OUT" &&
  result PASS refused_failed || result FAIL refused_failed "$BODY_OUT"
finish $PID_r 100; st=$?
[ $st = 0 ] && grep -q 'pages.*refusing' "$W/r.log" && result PASS refused_after_whole_stream ||
  result FAIL refused_after_whole_stream "exit $st; $(cat "$W/r.log")"
keeps_running a refused_source_runs
# The disk is the source's again: nobody else can lock it.
flock -n -x "$DISK" true 2>/dev/null && result FAIL refused_disk_relocked "the disk is unlocked" ||
  result PASS refused_disk_relocked

# --- A -> B over a unix socket, running, with auto-converge ------------------------------
incoming b "unix:$W/b.mig" || result FAIL vmm_b "no API socket"
expect send_ab a.sock PUT /migration/send "{\"destination\": \"unix:$W/b.mig\", \"downtime_ms\": 50, \"auto_converge\": true}" 204
finish $PID_a 300; st=$?
line=$(grep 'migrated to' "$W/a.log")
[ $st = 0 ] && [ -n "$line" ] && result PASS source_a_exits "${line#rvkvm: }" ||
  result FAIL source_a_exits "exit $st; $(tail -3 "$W/a.log")"
t_a=$(last_tick a)
wait_tick b $((t_a + 5)) 200
[ "$(first_tick_after a b)" = $((t_a + 1)) ] && ! grep -q 'SUM1=' "$W/b.log" && result PASS b_counter_continues ||
  result FAIL b_counter_continues "A's last TICK $t_a, B's first $(first_tick_after a b); see $W/b.log"
expect b_running b.sock GET / '' 200 '"state":"Running"'
expect b_config b.sock GET /machine-config '' 200 '"vcpu_count":2,"mem_size_mib":256'

# --- B -> C over TCP, paused: C starts paused ---------------------------------------------
incoming c "tcp:127.0.0.1:$PORT" || result FAIL vmm_c "no API socket"
expect pause_b b.sock PATCH /vm '{"state": "Paused"}' 204
t_b=$(last_tick b)
expect send_bc b.sock PUT /migration/send "{\"destination\": \"tcp:127.0.0.1:$PORT\"}" 204
finish $PID_b 300; st=$?
[ $st = 0 ] && result PASS source_b_exits || result FAIL source_b_exits "exit $st; $(tail -3 "$W/b.log")"
expect c_paused c.sock GET / '' 200 '"state":"Paused"'
sleep 1
[ -z "$(first_tick c)" ] && result PASS c_waits_paused || result FAIL c_waits_paused "ticked: $(first_tick c)"
expect resume_c c.sock PATCH /vm '{"state": "Resumed"}' 204
wait_tick c $((t_b + 5)) 200
[ "$(first_tick_after b c)" = $((t_b + 1)) ] && result PASS c_counter_continues ||
  result FAIL c_counter_continues "B's last TICK $t_b, C's first $(first_tick_after b c)"

# --- C -> D by post-copy: D runs at once and pulls the pages ------------------------------
incoming d "unix:$W/d.mig" || result FAIL vmm_d "no API socket"
expect send_cd c.sock PUT /migration/send "{\"destination\": \"unix:$W/d.mig\", \"mode\": \"postcopy\"}" 204
finish $PID_c 300; st=$?
[ $st = 0 ] && grep -q 'post-copy to .* the guest runs there' "$W/c.log" && result PASS source_c_exits ||
  result FAIL source_c_exits "exit $st; $(tail -3 "$W/c.log")"
t_c=$(last_tick c)
wait_tick d $((t_c + 5)) 200
[ "$(first_tick_after c d)" = $((t_c + 1)) ] && result PASS d_counter_continues ||
  result FAIL d_counter_continues "C's last TICK $t_c, D's first $(first_tick_after c d)"
grep -q 'post-copy complete' "$W/d.log" && result PASS postcopy_complete ||
  result FAIL postcopy_complete "$(grep post-copy "$W/d.log")"

# --- D runs the guest to its end ----------------------------------------------------------
finish $PID_d 600; st=$?
log=$(tr -d '\r' < "$W/d.log")
[ "$st" = 0 ] && grep -q "^TICK $((N - 1))" <<< "$log" && result PASS guest_ran_to_the_end ||
  result FAIL guest_ran_to_the_end "exit $st; see $W/d.log"
sum2=$(sed -n 's/^SUM2=\([0-9a-f]*\) .*/\1/p' <<< "$log") sum3=$(sed -n 's/.* SUM3=\([0-9a-f]*\)$/\1/p' <<< "$log")
[ -n "$sum1" ] && [ "$sum1" = "$sum2" ] && [ "$sum1" = "$sum3" ] && result PASS memory_checksum ||
  result FAIL memory_checksum "before $sum1, after $sum2 (vCPU 0) $sum3 (vCPU 1)"
# --- post-copy whose source dies: the destination says so and stops --------------------------
vmm e --cpus 1 --mem 128M --kernel "$RVKVM_GUEST_KERNEL" --initrd "$RVKVM_GUEST_INITRD" \
  --append "console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' 'dd if=/dev/urandom of=/tmp/blob bs=1M count=48 2>/dev/null; i=0; while :; do echo TICK $i; i=$((i+1)); sleep .1; done' | base64 -w0)" \
  --console stdio || result FAIL vmm_e "no API socket"
incoming f "unix:$W/f.mig" || result FAIL vmm_f "no API socket"
wait_tick e 3 || result FAIL boot_e "no TICK 3; see $W/e.log"
expect send_ef e.sock PUT /migration/send "{\"destination\": \"unix:$W/f.mig\", \"mode\": \"postcopy\", \"max_bandwidth_mib\": 4}" 204
for _ in $(seq 100); do grep -q 'memory follows' "$W/f.log" && break; sleep 0.05; done
sleep 0.3
expect postcopy_progress e.sock GET /migration '' 200 '"state":"active","mode":"postcopy"'
kill -9 $PID_e
finish $PID_f 100; st=$?
[ $st = 1 ] && grep -q 'post-copy failed: the source went away' "$W/f.log" && result PASS postcopy_source_dies ||
  result FAIL postcopy_source_dies "exit $st; $(tail -3 "$W/f.log")"

# --- a full machine (OpenSBI + Linux, M-mode state and ACLINT) migrates too ----------------
gcmd_g='dd if=/dev/urandom of=/tmp/blob bs=1M count=16 2>/dev/null; echo SUM1=$(sha256sum < /tmp/blob | cut -c1-16)
i=0; while [ $i -lt 60 ]; do echo TICK $i; i=$((i+1)); sleep .1; done
echo SUM2=$(sha256sum < /tmp/blob | cut -c1-16); poweroff -f'
vmm g --cpus 2 --mem 256M --firmware default --kernel "$RVKVM_GUEST_KERNEL" --initrd "$RVKVM_GUEST_INITRD" \
  --append "console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$gcmd_g" | base64 -w0)" \
  --console stdio || result FAIL vmm_g "no API socket"
incoming h "unix:$W/h.mig" || result FAIL vmm_h "no API socket"
wait_tick g 10 || result FAIL boot_g "no TICK 10; see $W/g.log"
expect send_gh g.sock PUT /migration/send "{\"destination\": \"unix:$W/h.mig\"}" 204
finish $PID_g 300; st=$?
[ $st = 0 ] && grep -q 'migrated to' "$W/g.log" && result PASS full_machine_source_exits ||
  result FAIL full_machine_source_exits "exit $st; $(tail -3 "$W/g.log")"
t_g=$(last_tick g)
finish $PID_h 600; st=$?
log=$(tr -d '\r' < "$W/h.log")
gsum1=$(tr -d '\r' < "$W/g.log" | sed -n 's/^SUM1=//p') gsum2=$(sed -n 's/^SUM2=//p' <<< "$log")
[ $st = 0 ] && [ "$(first_tick_after g h)" = $((t_g + 1)) ] && grep -q '^TICK 59' <<< "$log" &&
  [ -n "$gsum1" ] && [ "$gsum1" = "$gsum2" ] && result PASS full_machine_continues ||
  result FAIL full_machine_continues "exit $st; G's last TICK $t_g, H's first $(first_tick_after g h); sums $gsum1 $gsum2"

lost=0
for i in $(seq 0 $((N - 1))); do
  [ "$(dd if="$DISK" bs=512 skip=$i count=1 status=none | head -c 12)" = "$(printf 'TICK%08d' $i)" ] || lost=$((lost + 1))
done
[ $lost = 0 ] && result PASS no_disk_write_lost || result FAIL no_disk_write_lost "$lost of $N ticks missing on the disk"
exit 0
