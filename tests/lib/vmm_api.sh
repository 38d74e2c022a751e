# Shell helpers for the tests that drive rvkvm processes through the API
# (tests/snapshot, tests/migration): source it after setting RVKVM (the
# binary), W (the work directory) and result() (how a PASS/FAIL line is
# recorded).  Every process started by vmm() is killed when the script
# exits.
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done' EXIT

# api SOCK METHOD PATH [BODY]: sets CODE and BODY_OUT.
api() {
  local out
  out=$(curl -s --max-time 30 --unix-socket "$W/$1" -X "$2" -w '\n%{http_code}' \
        ${4:+-H 'Content-Type: application/json' -d "$4"} "http://localhost$3")
  CODE=${out##*$'\n'} BODY_OUT=${out%$'\n'*}
}
# expect NAME SOCK METHOD PATH BODY CODE [REGEX]
expect() {
  local name=$1 s=$2 m=$3 p=$4 b=$5 code=$6 re=${7:-}
  api "$s" "$m" "$p" "$b"
  if [ "$CODE" = "$code" ] && { [ -z "$re" ] || grep -qE -- "$re" <<< "$BODY_OUT"; }; then
    result PASS "$name"; return 0
  fi
  result FAIL "$name" "got $CODE '$BODY_OUT', wanted $code${re:+ /$re/}"; return 1
}
# vmm NAME ARGS...: an rvkvm serving $W/NAME.sock, logging to $W/NAME.log;
# its pid in PID_NAME.
vmm() {
  local n=$1; shift
  rm -f "$W/$n.sock"; : > "$W/$n.log"
  "$RVKVM" run --api-sock "$W/$n.sock" "$@" > "$W/$n.log" 2>&1 &
  eval "PID_$n=$!"; pids+=($!)
  for _ in $(seq 200); do [ -S "$W/$n.sock" ] && return 0; sleep 0.05; done
  return 1
}
# The guest's "TICK N" console lines in $W/NAME.log: whole lines only
# (a VM paused or saved mid-line has printed "TICK 3" of "TICK 32").
ends_mid_line() { [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -tx1 | tr -d ' ')" != 0a ]; }
ticks() {
  local f="$W/$1.log"
  if ends_mid_line "$f"; then head -n -1 "$f"; else cat "$f"; fi 2>/dev/null |
    tr -d '\r' | grep -o '^TICK [0-9]*' | cut -d' ' -f2
}
last_tick() { ticks "$1" | tail -1; }
first_tick() { ticks "$1" | head -1; }
# The first TICK a VM restored from a snapshot printed (RESTORED), when
# the save may have landed mid-line: the line the saved VM (SAVED) left
# unfinished is joined with the restored one's first output.
first_tick_after() {  # SAVED RESTORED
  local part=''
  ends_mid_line "$W/$1.log" && part=$(tail -n 1 "$W/$1.log" | tr -d '\r')
  # (rvkvm's own messages, on stderr into the same log, come first: skip them)
  { printf '%s' "$part"; tr -d '\r' < "$W/$2.log" | grep -v '^rvkvm: '; } |
    grep -o '^TICK [0-9]*' | head -1 | cut -d' ' -f2
}
wait_tick() {  # NAME N [TRIES]: until the guest printed TICK N (0.1 s a try)
  for _ in $(seq "${3:-600}"); do [ "$(last_tick "$1")" -ge "$2" ] 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
