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
# NAME's console as its guest wrote it: no '\r', and without rvkvm's own
# messages (stderr into the same log), which land where the guest's output
# happens to be, mid-line too ("TICrvkvm: migrated to ...\n").
guest_text() { tr -d '\r' < "$W/$1.log" 2>/dev/null | perl -0pe 's/rvkvm: [^\n]*\n//g'; }
# The guest's "TICK N" lines: whole lines only (a VM paused, saved or
# migrated mid-line has printed "TICK 3" of "TICK 32").
ticks() { guest_text "$1" | perl -0pe 's/[^\n]*\z//' | grep -o '^TICK [0-9]*' | cut -d' ' -f2; }
last_tick() { ticks "$1" | tail -1; }
first_tick() { ticks "$1" | head -1; }
# The first TICK a VM restored or migrated to (AFTER) printed: the line the
# VM it came from (BEFORE) left unfinished is joined with its first output.
first_tick_after() {  # BEFORE AFTER
  { guest_text "$1" | perl -0ne 'print /([^\n]*)\z/'; guest_text "$2"; } |
    grep -o '^TICK [0-9]*' | head -1 | cut -d' ' -f2
}
wait_tick() {  # NAME N [TRIES]: until the guest printed TICK N (0.1 s a try)
  for _ in $(seq "${3:-600}"); do [ "$(last_tick "$1")" -ge "$2" ] 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
