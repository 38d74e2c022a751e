#!/usr/bin/env bash
# /snapshot/load with the File and the Uffd memory backend, the same
# snapshot, N loads each (paused, in a fresh rvkvm each time), as rvkvm
# times them ("snapshot ... loaded in X ms"); then, once each, a snapshot
# of the loaded guest, which reads all of its RAM: every page a first
# touch (Uffd: a fault the handler serves).  Run after run.sh, whose
# workdir has the snapshot (state.2, mem.2: 256 MiB, 2 vCPUs):
#   make check-snapshot
#   bash tests/snapshot/load_latency.sh [WORKDIR [N]]
set -uo pipefail
W=${1:-build/tests/snapshot/e2e} N=${2:-5}
R=${RVKVM:-build/rvkvm} H=${UFFD_HANDLER:-build/tests/snapshot/uffd_handler}
[ -f "$W/state.2" ] && [ -f "$W/mem.2" ] || { echo "no $W/state.2, mem.2: run make check-snapshot"; exit 1; }
wait_sock() { for _ in $(seq 250); do [ -S "$1" ] && return 0; sleep 0.02; done; return 1; }
api() { curl -s --max-time 30 --unix-socket "$W/lat.sock" -X PUT -d "$2" "http://localhost$1"; }

# load BACKEND [create]: prints the load's ms (and the create's s).
load() {
  rm -f "$W/lat.sock" "$W/lat.uffd" "$W/lat.s" "$W/lat.m"
  "$R" run --api-sock "$W/lat.sock" --console none > "$W/lat.log" 2>&1 & local p=$! h=
  wait_sock "$W/lat.sock" || { echo "no API socket"; return 1; }
  local path=$W/mem.2
  if [ "$1" = Uffd ]; then
    "$H" "$W/lat.uffd" "$W/mem.2" > /dev/null 2>&1 & h=$!
    wait_sock "$W/lat.uffd" || { echo "no handler socket"; return 1; }
    path=$W/lat.uffd
  fi
  api /snapshot/load "{\"snapshot_path\": \"$W/state.2\", \"mem_backend\": {\"backend_type\": \"$1\", \"backend_path\": \"$path\"}}"
  sed -n 's/^rvkvm: snapshot .* loaded in \([0-9.]*\) ms$/\1/p' "$W/lat.log"
  [ -n "${2:-}" ] && curl -s -o /dev/null -w 'create %{time_total} s\n' --unix-socket "$W/lat.sock" \
    -X PUT -d "{\"snapshot_path\": \"$W/lat.s\", \"mem_file_path\": \"$W/lat.m\"}" \
    http://localhost/snapshot/create
  kill -9 $p; wait $p 2>/dev/null
  [ -n "$h" ] && wait $h
  rm -f "$W/lat.sock" "$W/lat.uffd" "$W/lat.s" "$W/lat.m"
}
for b in File Uffd; do
  echo "$b: load ms: $(for _ in $(seq "$N"); do load $b; done | sort -n | tr '\n' ' ')"
  echo "$b: $(load $b create | tail -1)"
done
