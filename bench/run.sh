#!/usr/bin/env bash
# bench/run.sh: run the bare-metal workloads (bench/workloads/*.c) on QEMU
# and on rvkvm side by side and compare guest MIPS.
#
#   bench/run.sh [OPTIONS] [ELF...]
#     --rvkvm PATH      rvkvm binary (default build/rvkvm)
#     --qemu "CMD"      QEMU command, the ELF is appended
#                       (default "qemu-system-riscv64 -M spike -bios none -nographic -kernel")
#     --runs N          timed runs per emulator, best kept (default 3)
#     --timeout S       seconds allowed per run (default 300)
#     --out FILE        also write the Markdown table here (default build/bench/results.md)
#     --mode TEXT       how the workloads run, for the table's header
#                       (default "S-mode, Sv39 with 4 KiB pages")
#     --native DIR      also run DIR/NAME, the workload built for the host
#                       (make bench-native), and give times as multiples of it
#     --check FILE      check mode: one run on each emulator, compare checksums,
#                       write "PASS bench/NAME" / "FAIL bench/NAME (why)" lines to FILE
#   Without ELFs it builds them first (make bench-elfs, from the repo root) and
#   runs build/bench/s$BENCH_SCALE/*.elf (BENCH_SCALE from the environment, default 64).
#
# Each workload prints "NAME instret=N ticks=T checksum=C" (ticks of the
# 10 MHz mtime).  QEMU counts instret exactly only with -icount, which also
# makes its mtime count instructions rather than time, so one extra QEMU run
# with "-icount shift=0" gives the instruction count and the timed QEMU runs
# (without icount) give the ticks.  rvkvm's own instret is used for its MIPS;
# when it differs from QEMU's the table says so.
#   MIPS = instret / (ticks / 1e7) / 1e6, ratio = rvkvm MIPS / QEMU MIPS.
# A failing rvkvm run is reported in the table, not fatal; the exit status is
# 1 only when rvkvm ran but its checksum differs from QEMU's.
set -u

RVKVM=build/rvkvm
QEMU="qemu-system-riscv64 -M spike -bios none -nographic -kernel"
RUNS=3
TIMEOUT=300
OUT=build/bench/results.md
MODE="S-mode, Sv39 with 4 KiB pages"
CHECK=
NATIVE=

while [ $# -gt 0 ]; do
  case $1 in
    --rvkvm) RVKVM=$2; shift 2;;
    --qemu) QEMU=$2; shift 2;;
    --runs) RUNS=$2; shift 2;;
    --timeout) TIMEOUT=$2; shift 2;;
    --out) OUT=$2; shift 2;;
    --mode) MODE=$2; shift 2;;
    --check) CHECK=$2; shift 2;;
    --native) NATIVE=$2; shift 2;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0;;
    --) shift; break;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2;;
    *) break;;
  esac
done

if [ $# -eq 0 ]; then
  cd "$(dirname "$0")/.." || exit 1
  scale=${BENCH_SCALE:-64}
  make --no-print-directory -s bench-elfs BENCH_SCALE="$scale" || exit 1
  set -- build/bench/s"$scale"/*.elf
fi

LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/rvkvm-bench.XXXXXX")
trap 'rm -rf "$LOGDIR"' EXIT

# run_one LABEL NAME CMD...: runs CMD; sets R_RC, R_INSTRET, R_TICKS, R_SUM,
# R_ERR (a short reason when the run is unusable, else empty).
run_one() {
  local label=$1 name=$2; shift 2
  local log=$LOGDIR/$name.$label.log line
  timeout "$TIMEOUT" "$@" </dev/null >"$log" 2>&1
  R_RC=$?
  line=$(tr -d '\r' <"$log" | grep -E "^$name instret=[0-9]+ ticks=[0-9]+ checksum=[0-9a-f]+\$" | tail -n 1)
  R_INSTRET=; R_TICKS=; R_SUM=; R_ERR=
  if [ -n "$line" ]; then
    R_INSTRET=$(sed -E 's/.* instret=([0-9]+).*/\1/' <<<"$line")
    R_TICKS=$(sed -E 's/.* ticks=([0-9]+).*/\1/' <<<"$line")
    R_SUM=$(sed -E 's/.* checksum=([0-9a-f]+).*/\1/' <<<"$line")
  fi
  if [ "$R_RC" -eq 124 ]; then
    R_ERR="timeout ${TIMEOUT}s"
  elif [ "$R_RC" -ne 0 ]; then
    R_ERR="exit $R_RC"
  elif [ -z "$line" ]; then
    R_ERR="no result line"
  elif [ "$R_TICKS" -eq 0 ]; then
    R_ERR="ticks=0"
  fi
  if [ -n "$R_ERR" ]; then
    echo "  $label $name: $R_ERR; output:" >&2
    tr -d '\r' <"$log" | tail -n 5 | sed 's/^/    /' >&2
  fi
}

# The rvkvm command line for an ELF (a stand-in that fails if it is not built).
rvkvm_cmd() {
  if [ -x "$RVKVM" ]; then K_CMD=("$RVKVM" run --firmware "$1")
  else K_CMD=(sh -c "echo '$RVKVM: not built'; exit 127"); fi
}

# mips INSTRET TICKS
mips() { awk -v i="$1" -v t="$2" 'BEGIN { printf "%.1f", i / (t / 1e7) / 1e6 }'; }
secs() { awk -v t="$1" 'BEGIN { printf "%.3f", t / 1e7 }'; }

# --- check mode: one tiny run on each emulator, checksums must agree --------
if [ -n "$CHECK" ]; then
  mkdir -p "$(dirname "$CHECK")"
  : >"$CHECK.tmp"
  for elf in "$@"; do
    name=$(basename "$elf" .elf)
    # shellcheck disable=SC2086
    run_one qemu "$name" $QEMU "$elf" -icount shift=0
    q_err=$R_ERR q_sum=$R_SUM q_instret=$R_INSTRET
    rvkvm_cmd "$elf"
    run_one rvkvm "$name" "${K_CMD[@]}"
    k_err=$R_ERR k_sum=$R_SUM k_instret=$R_INSTRET
    if [ -n "$q_err" ]; then
      echo "FAIL bench/$name (qemu: $q_err)"
    elif [ -n "$k_err" ]; then
      echo "FAIL bench/$name (rvkvm: $k_err)"
    elif [ "$q_sum" != "$k_sum" ]; then
      echo "FAIL bench/$name (checksum rvkvm $k_sum, qemu $q_sum)"
    else
      note=
      [ "$q_instret" != "$k_instret" ] && note=" (instret rvkvm $k_instret, qemu $q_instret)"
      echo "PASS bench/$name$note"
    fi
  done >>"$CHECK.tmp"
  mv "$CHECK.tmp" "$CHECK"
  grep '^FAIL' "$CHECK"
  echo "$CHECK: $(grep -c '^PASS' "$CHECK") passed, $(grep -c '^FAIL' "$CHECK") failed"
  ! grep -q '^FAIL' "$CHECK"
  exit
fi

# --- bench mode --------------------------------------------------------------
rows=()
ratios=()
k_nat=() q_nat=()
mismatch=0
for elf in "$@"; do
  name=$(basename "$elf" .elf)
  echo "bench: $name" >&2
  # Instruction count and reference checksum: QEMU with icount.
  # shellcheck disable=SC2086
  run_one qemu-icount "$name" $QEMU "$elf" -icount shift=0
  ref_err=$R_ERR ref_instret=$R_INSTRET ref_sum=$R_SUM
  q_best='' k_best='' k_instret='' k_sum='' q_err='' k_err='' n_best='' n_sum='' notes=()
  for ((i = 0; i < RUNS; i++)); do
    if [ -n "$NATIVE" ] && [ -x "$NATIVE/$name" ]; then
      run_one native "$name" "$NATIVE/$name"
      if [ -z "$R_ERR" ] && { [ -z "$n_best" ] || [ "$R_TICKS" -lt "$n_best" ]; }; then
        n_best=$R_TICKS n_sum=$R_SUM
      fi
    fi
    # shellcheck disable=SC2086
    run_one qemu "$name" $QEMU "$elf"
    if [ -n "$R_ERR" ]; then q_err=$R_ERR
    else
      [ "$R_SUM" != "$ref_sum" ] && notes+=("QEMU checksum varies: $R_SUM")
      if [ -z "$q_best" ] || [ "$R_TICKS" -lt "$q_best" ]; then q_best=$R_TICKS; fi
    fi
    rvkvm_cmd "$elf"
    run_one rvkvm "$name" "${K_CMD[@]}"
    if [ -n "$R_ERR" ]; then k_err=$R_ERR; break   # no point repeating a failure
    else
      if [ -n "$k_sum" ] && [ "$R_SUM" != "$k_sum" ]; then notes+=("rvkvm checksum varies: $R_SUM"); fi
      k_sum=$R_SUM k_instret=$R_INSTRET
      if [ -z "$k_best" ] || [ "$R_TICKS" -lt "$k_best" ]; then k_best=$R_TICKS; fi
    fi
  done

  q_mips=- q_time=- k_mips=- k_time=- ratio=- sum=-
  if [ -n "$ref_err" ]; then
    notes+=("QEMU icount run: $ref_err")
  else
    sum=$ref_sum
    if [ -n "$q_best" ]; then q_time=$(secs "$q_best"); q_mips=$(mips "$ref_instret" "$q_best"); fi
  fi
  [ -n "$q_err" ] && notes+=("QEMU: $q_err")
  if [ -n "$k_err" ]; then
    notes+=("rvkvm: $k_err")
  elif [ -n "$k_best" ]; then
    k_time=$(secs "$k_best"); k_mips=$(mips "$k_instret" "$k_best")
    if [ -n "$ref_sum" ] && [ "$k_sum" != "$ref_sum" ]; then
      notes+=("**checksum mismatch**: rvkvm $k_sum")
      mismatch=1
    elif [ "$q_mips" != - ]; then
      ratio=$(awk -v k="$k_mips" -v q="$q_mips" 'BEGIN { printf "%.3f", k / q }')
      ratios+=("$ratio")
    fi
    [ -n "$ref_instret" ] && [ "$k_instret" != "$ref_instret" ] &&
      notes+=("instret rvkvm $k_instret")
  fi
  n_time=- kn=- qn=-
  if [ -n "$n_best" ]; then
    n_time=$(secs "$n_best")
    [ "$n_sum" != "$sum" ] && notes+=("native checksum $n_sum (host FP rounding or an FMA the RISC-V build contracts)")
    [ -n "$k_best" ] && [ -z "$k_err" ] && kn=$(awk -v k="$k_best" -v n="$n_best" 'BEGIN { printf "%.2f", k / n }') && k_nat+=("$kn")
    [ -n "$q_best" ] && qn=$(awk -v q="$q_best" -v n="$n_best" 'BEGIN { printf "%.2f", q / n }') && q_nat+=("$qn")
  fi
  note=$(IFS=';'; echo "${notes[*]:-}")
  note=${note//;/; }
  if [ -n "$NATIVE" ]; then
    rows+=("| $name | ${ref_instret:--} | $n_time | $q_time | $q_mips | $qn | $k_time | $k_mips | $kn | $ratio | \`$sum\` | $note |")
  else
    rows+=("| $name | ${ref_instret:--} | $q_time | $q_mips | $k_time | $k_mips | $ratio | \`$sum\` | $note |")
  fi
done

geomean() { [ $# -gt 0 ] && printf '%s\n' "$@" | awk '{ s += log($1); n++ } END { printf "%.3f", exp(s / n) }' || echo -; }
geo=$(geomean "${ratios[@]}")
geo_kn=$(geomean "${k_nat[@]}") geo_qn=$(geomean "${q_nat[@]}")

{
  echo "# rvkvm vs QEMU: bare-metal workloads"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); host: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) CPUs"
  echo "- QEMU: $(${QEMU%% *} --version 2>/dev/null | head -n 1) (\`$QEMU\`); rvkvm: \`$RVKVM\` ($(git describe --always --dirty 2>/dev/null || echo 'no commit'))"
  echo "- best of $RUNS runs each, alternating; instret from QEMU -icount (exact), time from the guest's 10 MHz mtime"
  echo "- $MODE; MIPS = instret / seconds / 1e6; ratio = rvkvm MIPS / QEMU MIPS"
  [ -n "$NATIVE" ] && echo "- native: the same C built for the host (\`$NATIVE\`); QEMU x and rvkvm x = time / native time"
  echo
  if [ -n "$NATIVE" ]; then
    echo "| workload | instret | native s | QEMU s | QEMU MIPS | QEMU x | rvkvm s | rvkvm MIPS | rvkvm x | rvkvm/QEMU | checksum | notes |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    printf '%s\n' "${rows[@]}"
    echo "| **geomean** | | | | | **$geo_qn** | | | **$geo_kn** | **$geo** | | |"
  else
    echo "| workload | instret | QEMU s | QEMU MIPS | rvkvm s | rvkvm MIPS | rvkvm/QEMU | checksum | notes |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|---|"
    printf '%s\n' "${rows[@]}"
    echo "| **geomean** | | | | | | **$geo** | | |"
  fi
} >"$LOGDIR/results.md"

mkdir -p "$(dirname "$OUT")"
cp "$LOGDIR/results.md" "$OUT"
cat "$OUT"
exit $mismatch
