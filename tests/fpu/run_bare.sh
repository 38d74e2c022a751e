#!/usr/bin/env bash
# Runs the bare-metal FPU program (fpu_bare.elf) on QEMU (the oracle) and on
# rvkvm and compares the per-operation hash lines.  Prints one line per
# operation, "PASS rvkvm/fadd.d" or "FAIL rvkvm/fadd.d (...)", plus the
# program's exit status on each machine.
#   run_bare.sh RVKVM ELF WORKDIR
set -u
rvkvm=$1 elf=$2 dir=$3
mkdir -p "$dir"
timeout 120 qemu-system-riscv64 -M spike -bios none -nographic -kernel "$elf" \
  </dev/null 2>"$dir/bare.qemu.err" | tr -d '\r' >"$dir/bare.qemu"
qrc=${PIPESTATUS[0]}
timeout 300 "$rvkvm" run --firmware "$elf" </dev/null 2>"$dir/bare.rvkvm.err" \
  | tr -d '\r' >"$dir/bare.rvkvm"
rrc=${PIPESTATUS[0]}

if [ "$qrc" -ne 0 ] || [ ! -s "$dir/bare.qemu" ]; then
  echo "FAIL rvkvm/fpu-oracle (QEMU exit $qrc, see $dir/bare.qemu.err)"
  exit 0
fi
if [ "$rrc" -eq 0 ]; then echo "PASS rvkvm/fpu-exit"
else echo "FAIL rvkvm/fpu-exit (exit $rrc, QEMU 0)"; fi

# Lines: NAME MODE s|d HASH.  The oracle's static and dynamic lines must
# agree too (frm must act like the static mode).
awk -v rv="$dir/bare.rvkvm" '
  BEGIN { while ((getline l < rv) > 0) { split(l, f, " "); got[f[1] " " f[2] " " f[3]] = f[4] } }
  NF == 4 {
    if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
    k = $1 " " $2 " " $3
    if (!(k in got)) { if (!($1 in why)) why[$1] = $2 " " $3 " missing" }
    else if (got[k] != $4) { if (!($1 in why)) why[$1] = $2 " " $3 " differs" }
    if ($3 == "s") st[$1 " " $2] = $4
    else if (st[$1 " " $2] != $4 && !(("oracle " $1) in why))
      why["oracle " $1] = $2 " static and dynamic rounding differ on QEMU"
  }
  END {
    for (i = 1; i <= n; i++) {
      o = order[i]
      if (o in why) print "FAIL rvkvm/" o " (" why[o] ")"
      else print "PASS rvkvm/" o
      if (("oracle " o) in why) print "FAIL rvkvm/" o "-oracle (" why["oracle " o] ")"
    }
  }' "$dir/bare.qemu"
