#!/usr/bin/env bash
# Live migration of a running Linux guest (Debian's kernel, the test
# initramfs, 2 vCPUs) over a unix socket on this host, on rvkvm (hypervisor
# guest; `rvkvm run --incoming`, the API's PUT /migration/send) and QEMU
# virt (`-incoming unix:`, HMP `migrate -d`), side by side.  Cases:
#   idle:  1 GiB, the guest only prints a tick on its console (a `sleep 0.01`
#          loop: one every 25-50 ms in practice);
#   busy:  512 MiB, the guest also rewrites 64 MiB of tmpfs in a loop (dd),
#          with auto-converge off, then on (rvkvm's auto_converge, QEMU's
#          auto-converge capability).
# Both get the same downtime target (--downtime ms; rvkvm's downtime_ms,
# QEMU's downtime-limit) and QEMU's 128 MiB/s default max-bandwidth is
# lifted, as rvkvm has no bandwidth cap: both send as fast as the socket goes.
# Per run: each VMM's own figures, read from the source (rvkvm's stderr line
# "migrated to ...: X ms downtime, Y ms in all, R rounds, M MiB sent"; QEMU's
# `info migrate`: "downtime", "total time", "dirty sync count", "transferred
# ram").  Their spans differ: rvkvm's downtime runs from the pause to the
# destination's answer that it loaded everything; QEMU's (no return path)
# ends when the source has sent the last byte.  So each run also checks on
# the destination's console that the guest went on where it stopped (its
# first tick is the source's last + 1, and it keeps ticking), and records
# the host-seen gap between those two ticks (a bound on the pause the guest
# felt, at the ticker's resolution; the usual tick interval is beside it).
# Reported: the run with the lowest downtime of --runs among those whose
# guest went on (of all of them if none did), its other figures with it, and
# in how many runs the guest went on.  (QEMU 7.2 does not re-arm the RISC-V
# timers on the destination, so its guest often sleeps there for good: see
# docs/performance.md.)  Files per run in --work/CASE-VMM-N.  A run that fails
# (no boot, no completion within --timeout s, an error) counts as `fail`;
# every wait is bounded and every process is killed at the end.
#   bench/migrate.sh --rvkvm BUILD/rvkvm [--runs N] [--downtime MS] [--timeout S]
#                    [--work DIR] [--out FILE]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
rvkvm=$ROOT/build/rvkvm runs=3 downtime=50 limit=60 work=$ROOT/build/bench/migrate out=''
while [ $# -gt 0 ]; do
  case $1 in
    --rvkvm) rvkvm=$2 ;; --runs) runs=$2 ;; --downtime) downtime=$2 ;; --timeout) limit=$2 ;;
    --work) work=$2 ;; --out) out=$2 ;;
    *) echo "bench/migrate.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
eval "$(bash "$ROOT/scripts/guest-image.sh" -q)" || exit 1
rm -rf "$work"; mkdir -p "$work"
pids=()   # a run's processes (each run kills its own: kill_run)
now_ms() { date +%s%3N; }
# Console lines with the host's time in front (seconds.micro).  A last line
# cut short (the guest was stopped in the middle of it) gets a "~" in front.
stamp() {
  local l
  while IFS= read -r l; do printf '%s %s\n' "$EPOCHREALTIME" "${l%$'\r'}"; done
  [ -z "$l" ] || printf '%s ~%s\n' "$EPOCHREALTIME" "$l"
}

ticker='echo MIGBENCH-READY; i=0; while :; do echo MIGTICK $i; i=$((i+1)); sleep 0.01; done'
churn='dd if=/dev/zero of=/tmp/x bs=1M count=64 2>/dev/null; (while :; do dd if=/dev/zero of=/tmp/x bs=1M count=64 2>/dev/null; done) &'
append_for() {  # idle|busy
  local g=$ticker; [ "$1" = busy ] && g="$churn $ticker"
  echo "console=ttyS0 quiet panic=-1 rvkvm.cmd=$(printf '%s' "$g" | base64 -w0)"
}
# until FILE has REGEX or TENTHS x 0.1 s passed
wait_for() { for _ in $(seq "$3"); do grep -qsE "$2" "$1" && return 0; sleep 0.1; done; return 1; }
ticks() { sed -n 's/^\([0-9.]*\) MIGTICK \([0-9]*\)$/\2 \1/p' "$1"; }   # "N time" lines
# check_on A.log B.log: the guest went on on B where it stopped on A: its
# first tick there is the next one (or the one after, when B's console
# starts with the rest of a line: the source stopped in the middle of
# printing the next tick), and it keeps ticking.  Prints "ok GAP_MS
# USUAL_MS TICKS" (the gap spans TICKS intervals, 1 or 2) or "stalled ..."
# (waits up to 10 s).
check_on() {
  local a=$1 b=$2 last at first bt n0 t0 next
  read -r last at < <(ticks "$a" | tail -1)
  [ -n "${last:-}" ] || { echo "stalled (no tick on the source)"; return; }
  for _ in $(seq 100); do
    [ "$(ticks "$b" | wc -l)" -ge 6 ] && break; sleep 0.1
  done
  next=$((last + 1))
  head -1 "$b" | grep -q ' MIGTICK [0-9]*$' || next=$((last + 2))
  read -r first bt < <(ticks "$b" | head -1)
  [ "$(ticks "$b" | wc -l)" -ge 6 ] && [ "${first:-}" = $next ] ||
    { echo "stalled (source's last tick $last, destination's first ${first:-none}, $(ticks "$b" | wc -l) ticks in 10 s)"; return; }
  read -r n0 t0 < <(ticks "$a" | tail -21 | head -1)
  awk -v a="$at" -v b="$bt" -v t0="$t0" -v n="$((last - n0))" -v k="$((first - last))" \
    'BEGIN { printf "ok %.0f %.0f %d\n", (b - a) * 1e3, (n > 0 ? (a - t0) * 1e3 / n : 0), k }'
}
settle() { sleep "$([ "$1" = busy ] && echo 3 || echo 1)"; }   # a few dd passes first

# One run: prints "downtime_ms total_ms rounds MiB_sent went_on gap_ms usual_ms
# ticks" (went_on 1 or 0; the last three "-" when the guest did not go on), or
# "fail WHY".  $1: idle|busy, $2: MiB, $3: auto-converge 0|1, $4: a new
# directory for its files (consoles *.log, VMM messages *.err).  Called in a
# subshell ($(...)), whose EXIT trap kills the run's processes on any way
# out: their console stampers hold that subshell's output open until then.
kill_run() {
  trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done' EXIT
  trap 'exit 1' INT TERM
}
rvkvm_run() {
  local kind=$1 mem=$2 ac=$3 d=$4
  kill_run; mkdir -p "$d"
  "$rvkvm" run --api-sock "$d/b.sock" --incoming "unix:$d/b.mig" --console stdio \
    < /dev/null > >(stamp > "$d/b.log") 2> >(stamp > "$d/b.err") &
  local b=$!; pids+=($b)
  wait_for "$d/b.err" 'waiting for a migration' 100 || { echo "fail destination did not start"; return; }
  "$rvkvm" run --api-sock "$d/a.sock" --cpus 2 --mem "${mem}M" --kernel "$RVKVM_GUEST_KERNEL" \
    --initrd "$RVKVM_GUEST_INITRD" --append "$(append_for "$kind")" --console stdio \
    < /dev/null > >(stamp > "$d/a.log") 2> >(stamp > "$d/a.err") &
  local a=$!; pids+=($a)
  wait_for "$d/a.log" MIGBENCH-READY 1200 || { echo "fail no boot"; return; }
  settle "$kind"
  local acj=false; [ "$ac" = 1 ] && acj=true
  local code
  code=$(curl -s --max-time 30 --unix-socket "$d/a.sock" -X PUT -o "$d/send.out" -w '%{http_code}' \
         -H 'Content-Type: application/json' \
         -d "{\"destination\": \"unix:$d/b.mig\", \"downtime_ms\": $downtime, \"auto_converge\": $acj}" \
         http://localhost/migration/send)
  [ "$code" = 204 ] || { echo "fail send: $code $(cat "$d/send.out")"; return; }
  # The source ends (status 0) once the destination runs the guest.
  local end=$(( $(now_ms) + limit * 1000 ))
  while kill -0 $a 2>/dev/null && [ "$(now_ms)" -lt $end ]; do sleep 0.05; done
  kill -0 $a 2>/dev/null && {
    curl -s --max-time 5 --unix-socket "$d/a.sock" http://localhost/migration > "$d/progress" 2>&1
    echo "fail no end in ${limit} s: $(cat "$d/progress")"; return; }
  wait $a; local st=$?
  wait_for "$d/a.err" 'migrated to|migration to' 20   # its stamper may lag behind
  local line; line=$(grep -o 'migrated to .*' "$d/a.err")
  [ $st = 0 ] && [ -n "$line" ] ||
    { echo "fail source exit $st: $(tail -1 "$d/a.err")"; return; }
  local on; on=$(check_on "$d/a.log" "$d/b.log")
  kill -9 $b 2>/dev/null; wait $b 2>/dev/null
  local nums  # downtime total rounds MiB
  nums=$(sed -n 's/.*: \([0-9.]*\) ms downtime, \([0-9]*\) ms in all, \([0-9]*\) rounds, \([0-9]*\) MiB sent.*/\1 \2 \3 \4/p' <<< "$line")
  [ -n "$nums" ] || { echo "fail unparsed: $line"; return; }
  case $on in
    ok*) echo "$nums 1 ${on#ok }" ;;
    *) echo "$nums 0 - - -"; echo "  rvkvm: the guest did not go on: $on (see $d)" >&2 ;;
  esac
}

# HMP over a unix socket: socat waits -t seconds (0.1, or $3) after our EOF
# for the reply.
hmp() { printf '%s\n' "$2" | socat -t "${3:-0.1}" - "UNIX-CONNECT:$1" 2>/dev/null | tr -d '\r'; }
qemu_args() {  # MiB
  echo qemu-system-riscv64 -M virt -m "$1M" -smp 2 -display none -no-reboot -bios default \
    -kernel "$RVKVM_GUEST_KERNEL" -initrd "$RVKVM_GUEST_INITRD" -device virtio-rng-device
}
qemu_run() {
  local kind=$1 mem=$2 ac=$3 d=$4
  kill_run; mkdir -p "$d"
  local append; append=$(append_for "$kind")
  $(qemu_args "$mem") -append "$append" -monitor "unix:$d/b.mon,server,nowait" -serial stdio \
    -incoming "unix:$d/b.mig" < /dev/null > >(stamp > "$d/b.log") 2> >(stamp > "$d/b.err") &
  local b=$!; pids+=($b)
  $(qemu_args "$mem") -append "$append" -monitor "unix:$d/a.mon,server,nowait" -serial stdio \
    < /dev/null > >(stamp > "$d/a.log") 2> >(stamp > "$d/a.err") &
  local a=$!; pids+=($a)
  wait_for "$d/a.log" MIGBENCH-READY 1200 || { echo "fail no boot"; return; }
  [ -S "$d/b.mon" ] || { echo "fail destination did not start"; return; }
  settle "$kind"
  local onoff=off; [ "$ac" = 1 ] && onoff=on
  hmp "$d/a.mon" "migrate_set_parameter downtime-limit $downtime
migrate_set_parameter max-bandwidth 100G
migrate_set_capability auto-converge $onoff" > /dev/null
  local params; params=$(hmp "$d/a.mon" "info migrate_parameters")
  grep -q "^downtime-limit: $downtime ms" <<< "$params" &&
    grep -q '^max-bandwidth: 107374182400 bytes/second' <<< "$params" &&
    hmp "$d/a.mon" "info migrate_capabilities" | grep -q "^auto-converge: $onoff" ||
    { echo "fail parameters not set"; return; }
  hmp "$d/a.mon" "migrate -d unix:$d/b.mig" > /dev/null
  local end=$(( $(now_ms) + limit * 1000 )) info=''
  while [ "$(now_ms)" -lt $end ]; do
    info=$(hmp "$d/a.mon" "info migrate")
    grep -qE 'Migration status: (completed|failed|cancelled)' <<< "$info" && break
    sleep 0.05
  done
  # The whole of it, once it has ended (the figures follow the status line).
  grep -q 'Migration status: completed' <<< "$info" && info=$(hmp "$d/a.mon" "info migrate" 1)
  printf '%s\n' "$info" > "$d/info"
  grep -q 'Migration status: completed' <<< "$info" || {
    local why; why=$(grep -E '^(Migration status|dirty sync count|remaining ram):' <<< "$info" | tr '\n' ' ')
    hmp "$d/a.mon" migrate_cancel > /dev/null
    echo "fail no completion in ${limit} s: $why"; return; }
  local on; on=$(check_on "$d/a.log" "$d/b.log")
  kill -9 $a $b 2>/dev/null; wait $a $b 2>/dev/null
  local dt tt rounds kb
  dt=$(sed -n 's/^downtime: \([0-9]*\) ms$/\1/p' <<< "$info")
  tt=$(sed -n 's/^total time: \([0-9]*\) ms$/\1/p' <<< "$info")
  rounds=$(sed -n 's/^dirty sync count: \([0-9]*\)$/\1/p' <<< "$info")
  kb=$(sed -n 's/^transferred ram: \([0-9]*\) kbytes$/\1/p' <<< "$info")
  [ -n "$dt" ] && [ -n "$tt" ] || { echo "fail unparsed info migrate (see $d/info)"; return; }
  case $on in
    ok*) echo "$dt $tt ${rounds:-?} $(( ${kb:-0} / 1024 )) 1 ${on#ok }" ;;
    *) echo "$dt $tt ${rounds:-?} $(( ${kb:-0} / 1024 )) 0 - - -"
       echo "  qemu: the guest did not go on: $on (see $d)" >&2 ;;
  esac
}

# Cases: name, kind, MiB, auto-converge.
cases=("idle|idle, 1 GiB|1024|0" "busy|busy (64 MiB rewritten in a loop), 512 MiB, auto-converge off|512|0"
       "busy-ac|busy, 512 MiB, auto-converge on|512|1")
declare -A res
for c in "${cases[@]}"; do
  IFS='|' read -r name label mem ac <<< "$c"
  kind=${name%-ac}
  for e in rvkvm qemu; do
    : > "$work/$name.$e.runs"
    for r in $(seq "$runs"); do
      line=$(${e}_run "$kind" "$mem" "$ac" "$work/$name-$e-$r")
      echo "  $name $e run $r: $line" >&2
      case $line in fail*) ;; *) echo "$line" >> "$work/$name.$e.runs" ;; esac
    done
    # The run with the lowest downtime of those whose guest went on (of all
    # that completed if none did: the "went on" row says so); how many went
    # on, of all runs (a failed run shows as `fail` if no run completed).
    res[$name.$e]=$(awk '$5 == 1' "$work/$name.$e.runs" | sort -g -k1,1 | head -1)
    [ -n "${res[$name.$e]}" ] || res[$name.$e]=$(sort -g -k1,1 "$work/$name.$e.runs" | head -1)
    res[$name.$e.on]="$(awk '$5 == 1' "$work/$name.$e.runs" | wc -l)/$runs"
  done
done

col() { local v; v=$(cut -d' ' -f"$2" <<< "${res[$1]:-}"); echo "${v:-fail}"; }
ratio() {
  case "$1$2" in *fail*|*-*|*'?'*) echo - ;;
    *) awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }' ;; esac
}
gap() { local g u k; g=$(col "$1" 6) u=$(col "$1" 7) k=$(col "$1" 8)
  case $g in fail) echo fail ;; -) echo "- (did not go on)" ;;
    *) [ "$k" = 1 ] && echo "$g (usual $u)" || echo "$g over $k ticks (usual $u each)" ;; esac; }
{
  echo "Live migration over a unix socket, 2 vCPUs, downtime target $downtime ms (best of $runs by downtime; $(date -u +%F))"
  echo
  echo "| case | measure | rvkvm | QEMU | rvkvm / QEMU |"
  echo "|---|---|---|---|---|"
  for c in "${cases[@]}"; do
    IFS='|' read -r name label mem ac <<< "$c"
    r=$name.rvkvm q=$name.qemu
    echo "| $label | downtime, ms | $(col $r 1) | $(col $q 1) | $(ratio "$(col $r 1)" "$(col $q 1)") |"
    echo "| | total, ms | $(col $r 2) | $(col $q 2) | $(ratio "$(col $r 2)" "$(col $q 2)") |"
    echo "| | rounds / MiB sent | $(col $r 3) / $(col $r 4) | $(col $q 3) / $(col $q 4) | |"
    echo "| | guest went on (runs) | ${res[$r.on]} | ${res[$q.on]} | |"
    echo "| | tick gap across the switch, ms | $(gap $r) | $(gap $q) | |"
  done
} | tee ${out:+"$out"}
