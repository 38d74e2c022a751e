#!/usr/bin/env bash
# Differential tests: rvkvm's hart against QEMU (the oracle) on seeded random
# instruction sequences (tests/difftest/gen.c, harness.S).  One ELF per seed
# holds COUNT independent sequences; both emulators run it and their console
# output (every register, fcsr and a data-area hash after each sequence)
# must match byte for byte, with exit status 0.
#
#   tests/difftest/run.sh [options]
#     --seed S        a seed to run (repeatable)
#     --seeds "S..."  several seeds
#     --iter N        N seeds from a random base (printed, to replay them)
#     --count K       sequences per ELF (default 250)
#     --len N         random instructions per sequence (default 200)
#     --index I       only sequence I of each seed: the same instructions, a
#                     short reproducer that also prints the data area
#                     (m0..m63); code and data addresses differ from the
#                     full ELF, so PC- and address-derived values do too
#     --no-zicond     leave czero.eqz/czero.nez out (they are in by default;
#                     QEMU 7.2 lacks Zicond, harness.S emulates it there)
#     --no-zbk        leave Zbc/Zbkb/Zbkx out (in by default; QEMU runs with
#                     -cpu rv64,zbkb=true,zbkx=true for them)
#     --no-mop        leave Zimop/Zcmop out (in by default; QEMU 7.2 lacks
#                     them, harness.S emulates them there)
#     --int-only      integer instructions only (no FP, atomics, fcsr,
#                     fences): long runs the JIT compiles whole
#     --fp-heavy      mostly F/D arithmetic, conversions, compares, FP loads
#                     and stores and fcsr writes (FP runs for the JIT)
#     --qemu-only     no rvkvm: run QEMU twice (checks the generator: output
#                     deterministic, no trap, exit 0)
#     --results FILE  also write the PASS/FAIL lines to FILE
#     --keep          keep the files of passing ELFs too
#   A failure prints the seed, the sequence, the first differing register and
#   the command that reproduces it.  Files, kept for failures:
#   $B/tests/difftest/NAME.{S,elf,qemu.out,rvkvm.out}
# Environment (defaults as in the top Makefile): RVKVM, QEMU_SPIKE, RV_CC,
# RV_ASFLAGS, B, DIFFTEST_TIMEOUT (seconds per run, default 120).
set -u
cd "$(dirname "$0")/../.." || exit 2

B=${B:-build}
RVKVM=${RVKVM:-$B/rvkvm}
QEMU_SPIKE=${QEMU_SPIKE:-qemu-system-riscv64 -M spike -bios none -nographic -kernel}
RV_CC=${RV_CC:-riscv64-linux-gnu-gcc}
RV_ASFLAGS=${RV_ASFLAGS:--march=rv64gc_zicsr_zifencei_zba_zbb_zbs -mabi=lp64d -nostdlib -nostartfiles -static -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Itests/env -T tests/env/link.ld}
TIMEOUT=${DIFFTEST_TIMEOUT:-120}
DIR=$B/tests/difftest
GEN=$DIR/gen
HARNESS=tests/difftest/harness.S

seeds=() count=250 len=200 index= zicond=-z zbk=-x mop=-y qemu_only= results= keep= intonly= fpheavy=
usage() { sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --seed) seeds+=("$2"); shift 2;;
    --seeds) for v in $2; do seeds+=("$v"); done; shift 2;;
    --iter) base=$(od -An -N3 -tu4 /dev/urandom | tr -d ' ')
            echo "difftest: $2 random seeds from $base (replay: --seed N)"
            for ((i = 0; i < $2; i++)); do seeds+=($((base + i))); done; shift 2;;
    --count) count=$2; shift 2;;
    --len) len=$2; shift 2;;
    --index) index=$2; shift 2;;
    --no-zicond) zicond=; shift;;
    --no-zbk) zbk=; shift;;
    --no-mop) mop=; shift;;
    --int-only) intonly=-j; shift;;
    --fp-heavy) fpheavy=-f; shift;;
    --qemu-only) qemu_only=1; shift;;
    --results) results=$2; shift 2;;
    --keep) keep=1; shift;;
    -h|--help) usage;;
    *) echo "run.sh: unknown option '$1'" >&2; usage;;
  esac
done
[ ${#seeds[@]} -gt 0 ] || { echo "run.sh: no seed (--seed S, --seeds \"S...\" or --iter N)" >&2; exit 2; }
for v in "${seeds[@]}" "$count" "$len" ${index:+"$index"}; do
  case $v in ''|*[!0-9]*) echo "run.sh: '$v' is not a number" >&2; exit 2;; esac
done

mkdir -p "$DIR"
# QEMU's rv64 CPU has Zbc but not Zbkb/Zbkx unless asked (options may
# follow -kernel FILE).
qemu_cpu=${zbk:+-cpu rv64,zbkb=true,zbkx=true}
if [ ! -x "$GEN" ] || [ tests/difftest/gen.c -nt "$GEN" ]; then
  make --no-print-directory -s B="$B" "$GEN" || exit 2
fi
if [ -z "$qemu_only" ] && [ ! -x "$RVKVM" ]; then
  echo "run.sh: $RVKVM not built (make), or use --qemu-only" >&2; exit 2
fi
[ -n "$results" ] && { mkdir -p "$(dirname "$results")"; : > "$results"; }

abi_x=(zero ra sp gp tp t0 t1 t2 s0 s1 a0 a1 a2 a3 a4 a5 a6 a7 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 t3 t4 t5 t6)
abi_f=(ft0 ft1 ft2 ft3 ft4 ft5 ft6 ft7 fs0 fs1 fa0 fa1 fa2 fa3 fa4 fa5 fa6 fa7 fs2 fs3 fs4 fs5 fs6 fs7
       fs8 fs9 fs10 fs11 ft8 ft9 ft10 ft11)
regname() {  # x10 -> x10/a0
  case $1 in
    x[0-9]*) echo "$1/${abi_x[${1#x}]}";;
    f[0-9]*) echo "$1/${abi_f[${1#f}]}";;
    mem) echo "mem (data-area hash; --index prints the area)";;
    m[0-9]*) local o=$((8 * ${1#m}))
             printf '%s (data area +%d: %d(sp), %d(s0))\n' "$1" $o $o $((o - 256));;
    *) echo "$1";;
  esac
}

# Explain the first difference between two outputs: prints
# "SEQ|FIRST|A-LINE|B-LINE|OTHERS" (SEQ in hex, "-" when none; OTHERS: the
# other differing names in that sequence).
first_diff() {
  awk 'NR == FNR { a[FNR] = $0; na = FNR; next }
       { b[FNR] = $0; nb = FNR }
       END {
         n = na > nb ? na : nb; seq = "-"
         for (i = 1; i <= n; i++) {
           la = i <= na ? a[i] : "<end of output>"; lb = i <= nb ? b[i] : "<end of output>"
           if (la ~ /^seq /) { split(la, w, " "); seq = w[2] }
           if (la == lb) continue
           split(la, w, " "); first = w[1]
           others = ""
           for (j = i + 1; j <= n && j <= na && j <= nb && a[j] !~ /^seq /; j++)
             if (a[j] != b[j]) { split(a[j], w, " "); others = others " " w[1] }
           print seq "|" first "|" la "|" lb "|" others
           exit
         }
       }' "$1" "$2"
}

run_to() {  # run_to OUT CMD...: stdout to OUT, exit status to OUT.rc
  local out=$1; shift
  timeout "$TIMEOUT" "$@" > "$out" 2> "$out.err" < /dev/null
  echo $? > "$out.rc"
}

fails=0
report() {  # report LINE [DETAIL...]
  echo "$1"
  [ -n "$results" ] && echo "$1" >> "$results"
  shift
  for l in "$@"; do echo "  $l"; done
}

for s in "${seeds[@]}"; do
  name=seed-$s${intonly:+-int}${fpheavy:+-fp}${index:+-i$index}
  opts=()
  [ "$count" != 250 ] && opts+=(--count "$count")
  [ "$len" != 200 ] && opts+=(--len "$len")
  [ -z "$zicond" ] && opts+=(--no-zicond)
  [ -z "$zbk" ] && opts+=(--no-zbk)
  [ -z "$mop" ] && opts+=(--no-mop)
  [ -n "$intonly" ] && opts+=(--int-only)
  [ -n "$fpheavy" ] && opts+=(--fp-heavy)
  f=$DIR/$name
  # A single sequence also prints its data area (m0..m63).
  if ! "$GEN" -s "$s" -k "$count" -n "$len" $zicond $zbk $mop $intonly $fpheavy ${index:+-i "$index" -m} > "$f.S"; then
    report "FAIL difftest/$name (generator failed)"; fails=$((fails + 1)); continue
  fi
  if ! $RV_CC $RV_ASFLAGS "$HARNESS" "$f.S" -o "$f.elf" 2> "$f.as.log"; then
    report "FAIL difftest/$name (does not assemble)" "$(head -5 "$f.as.log")"
    fails=$((fails + 1)); continue
  fi
  # QEMU and the other run side by side (two cores).
  run_to "$f.qemu.out" $QEMU_SPIKE "$f.elf" $qemu_cpu &
  if [ -n "$qemu_only" ]; then
    other=qemu2
    run_to "$f.qemu2.out" $QEMU_SPIKE "$f.elf" $qemu_cpu &
  else
    other=rvkvm
    run_to "$f.rvkvm.out" "$RVKVM" run --firmware "$f.elf" &
  fi
  wait
  qrc=$(cat "$f.qemu.out.rc") orc=$(cat "$f.$other.out.rc")
  repro="reproduce: tests/difftest/run.sh --seed $s --index SEQ${opts[*]:+ ${opts[*]}}${qemu_only:+ --qemu-only}"
  if [ "$qrc" != 0 ]; then
    # The oracle itself trapped or failed: a generator (or QEMU) problem.
    trap_line=$(grep -m1 '^TRAP' "$f.qemu.out")
    report "FAIL difftest/$name (QEMU exit $qrc${trap_line:+: $trap_line})" \
      "the generated program is wrong for QEMU: see $f.S, $f.qemu.out, $f.qemu.out.err"
    fails=$((fails + 1)); continue
  fi
  if [ "$orc" = 0 ] && cmp -s "$f.qemu.out" "$f.$other.out"; then
    report "PASS difftest/$name"
    [ -n "$keep" ] || rm -f "$f.S" "$f.elf" "$f".*.out "$f".*.out.rc "$f".*.out.err "$f.as.log"
    continue
  fi
  fails=$((fails + 1))
  IFS='|' read -r seqhex first la lb others <<< "$(first_diff "$f.qemu.out" "$f.$other.out")"
  if [ -z "$first" ]; then  # same output, bad exit status
    report "FAIL difftest/$name ($other exit $orc, output identical)" \
      "$(tail -3 "$f.$other.out.err")"
    continue
  fi
  seq=-; [ "$seqhex" != - ] && seq=$((16#$seqhex))
  [ -n "$index" ] && [ "$seq" = - ] && seq=$index
  what=$(regname "$first")
  case $lb in
    TRAP*) what="$other trapped";;
    '<end of output>') what="$other output ends";;
  esac
  details=("seed $s, sequence $seq: first difference $what"
           "qemu:  $la" "$other: $lb")
  if [ -n "$others" ]; then
    names=""; for o in $others; do names="$names $(regname "$o" | cut -d' ' -f1)"; done
    details+=("also differ in this sequence:$names")
  fi
  [ "$orc" != 0 ] && details+=("$other exit status $orc; stderr: $(tail -2 "$f.$other.out.err" | tr '\n' ' ')")
  details+=("${repro/SEQ/$seq}" "files: $f.S $f.elf $f.qemu.out $f.$other.out")
  report "FAIL difftest/$name (sequence $seq: $what)" "${details[@]}"
done

total=${#seeds[@]}
echo "difftest: $((total - fails)) of $total ELFs passed ($count sequences x $len instructions each${index:+, sequence $index only})"
[ "$fails" = 0 ]
