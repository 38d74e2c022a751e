#!/usr/bin/env bash
# Vector differential tests (V 1.0, VLEN 128, ELEN 64): rvkvm's hart against
# QEMU 7.2 on seeded random vector instruction sequences
# (tests/difftest/vgen.c, vharness.S).  One ELF per seed holds COUNT
# independent sequences; both emulators run it and their console output
# (x, f, fcsr, vl, vtype, vstart, vcsr, trap count, v0..v31 and a data-area
# hash after each sequence) must match byte for byte, with exit status 0.
#
#   tests/difftest/vrun.sh [options]
#     --seed S        a seed to run (repeatable)
#     --seeds "S..."  several seeds
#     --iter N        N seeds from a random base (printed, to replay them)
#     --count K       sequences per ELF (default 50)
#     --len N         random instructions per sequence (default 100)
#     --groups G      instruction groups, comma-separated: mem, int, mask,
#                     fp, illegal (some sequences run random OP-V words and
#                     count the illegal-instruction traps), all (default:
#                     all = mem,int,mask,fp)
#     --all-illegal   every sequence runs random OP-V words too
#     --index I       only sequence I of each seed (prints the data area too)
#     --qemu-only     no rvkvm: run QEMU twice (checks the generator: output
#                     deterministic, no trap, exit 0)
#     --results FILE  also write the PASS/FAIL lines to FILE
#     --keep          keep the files of passing ELFs too
#   A failure prints the seed, the sequence, the first differing value, the
#   instruction lines of that sequence that wrote it last, and the command
#   that reproduces it.  Files, kept for failures:
#   $B/tests/difftest/vNAME.{S,elf,qemu.out,rvkvm.out}
# Environment (defaults as in the top Makefile): CC, RVKVM, QEMU_SPIKE,
# RV_CC, RV_ASFLAGS, B, DIFFTEST_TIMEOUT (seconds per run, default 120).
set -u
cd "$(dirname "$0")/../.." || exit 2

B=${B:-build}
RVKVM=${RVKVM:-$B/rvkvm}
QEMU_SPIKE=${QEMU_SPIKE:-qemu-system-riscv64 -M spike -bios none -nographic -kernel}
RV_CC=${RV_CC:-riscv64-linux-gnu-gcc}
RV_ASFLAGS=${RV_ASFLAGS:--march=rv64gc_zicsr_zifencei_zba_zbb_zbs -mabi=lp64d -nostdlib -nostartfiles -static -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Itests/env -T tests/env/link.ld}
TIMEOUT=${DIFFTEST_TIMEOUT:-120}
DIR=$B/tests/difftest
GEN=$DIR/vgen
HARNESS=tests/difftest/vharness.S
QEMU_CPU="-cpu rv64,v=true,vlen=128,elen=64,vext_spec=v1.0"
# QEMU 7.2 has no Zvbb, whose encodings the illegal probes may hit: compare V alone.
RVKVM_CPU="--cpu max,zvbb=off"

seeds=() count=50 len=100 index= groups=all allill= qemu_only= results= keep=
usage() { sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --seed) seeds+=("$2"); shift 2;;
    --seeds) for v in $2; do seeds+=("$v"); done; shift 2;;
    --iter) base=$(od -An -N3 -tu4 /dev/urandom | tr -d ' ')
            echo "vdifftest: $2 random seeds from $base (replay: --seed N)"
            for ((i = 0; i < $2; i++)); do seeds+=($((base + i))); done; shift 2;;
    --count) count=$2; shift 2;;
    --len) len=$2; shift 2;;
    --groups) groups=$2; shift 2;;
    --all-illegal) allill=-I; shift;;
    --index) index=$2; shift 2;;
    --qemu-only) qemu_only=1; shift;;
    --results) results=$2; shift 2;;
    --keep) keep=1; shift;;
    -h|--help) usage;;
    *) echo "vrun.sh: unknown option '$1'" >&2; usage;;
  esac
done
[ ${#seeds[@]} -gt 0 ] || { echo "vrun.sh: no seed (--seed S, --seeds \"S...\" or --iter N)" >&2; exit 2; }
for v in "${seeds[@]}" "$count" "$len" ${index:+"$index"}; do
  case $v in ''|*[!0-9]*) echo "vrun.sh: '$v' is not a number" >&2; exit 2;; esac
done
case $groups in ''|*[!a-z,]*) echo "vrun.sh: bad --groups '$groups'" >&2; exit 2;; esac

mkdir -p "$DIR"
if [ ! -x "$GEN" ] || [ tests/difftest/vgen.c -nt "$GEN" ]; then
  ${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Werror -o "$GEN" tests/difftest/vgen.c || exit 2
fi
if [ -z "$qemu_only" ] && [ ! -x "$RVKVM" ]; then
  echo "vrun.sh: $RVKVM not built (make), or use --qemu-only" >&2; exit 2
fi
[ -n "$results" ] && { mkdir -p "$(dirname "$results")"; : > "$results"; }

# First difference: "SEQ|FIRST|A-LINE|B-LINE|OTHERS" (SEQ in hex).
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

# The instruction lines of sequence SEQ in FILE.S that name register REG
# (vN: also the groups that contain it), the last few.
suspects() {  # suspects FILE.S SEQ REG
  awk -v s="/* sequence $2 */" -v r="$3" '
    $0 == s { on = 1; next }
    on && /^\/\* sequence / { exit }
    on && /^\t(v|f|csr|li|vset)/ && $1 !~ /^\./ {
      line = $0; sub(/^\t/, "", line)
      if (r ~ /^v[0-9]+$/) {
        n = substr(r, 2) + 0
        split(line, w, /[ ,()]+/)
        hit = 0
        for (k = 2; k <= length(w); k++) if (w[k] ~ /^v[0-9]+$/ && substr(w[k], 2) + 0 <= n && substr(w[k], 2) + 0 > n - 8) hit = 1
        if (hit) buf[++m] = line
      } else if (r == "mem") {
        if (line ~ /^vs/ && line !~ /^vset/) buf[++m] = line
      } else if (r ~ /^(vl|vtype)$/) {
        if (line ~ /^vset/) buf[++m] = line
      } else buf[++m] = line
    }
    END { for (k = (m > 6 ? m - 5 : 1); k <= m; k++) print buf[k] }' "$1"
}

# A different trap count in sequence SEQ: run that sequence alone (the
# harness then prints the pcs of its traps) and name the first instruction
# only one emulator trapped on, with the vtype in force.
trap_triage() {  # trap_triage SEED SEQ
  local t=$f-t$2 a b pc who word
  "$GEN" -s "$1" -k "$count" -n "$len" -g "$groups" $allill -i "$2" -m > "$t.S" &&
    $RV_CC $RV_ASFLAGS "$HARNESS" "$t.S" -o "$t.elf" 2> /dev/null || return
  run_to "$t.qemu.out" $QEMU_SPIKE "$t.elf" $QEMU_CPU
  run_to "$t.rvkvm.out" "$RVKVM" run $RVKVM_CPU --firmware "$t.elf"
  a=$(grep '^trap[0-9]' "$t.qemu.out" | awk '$2 != "0000000000000000" { print $2 }')
  b=$(grep '^trap[0-9]' "$t.rvkvm.out" | awk '$2 != "0000000000000000" { print $2 }')
  pc=$(comm -3 <(echo "$a" | sort) <(echo "$b" | sort) | head -1)
  [ -n "$pc" ] || return
  case $pc in $'\t'*) who=rvkvm;; *) who=qemu;; esac
  pc=$(echo "$pc" | tr -d '\t' | sed 's/^0*//')
  word=$(${RV_CC%gcc}objdump -d "$t.elf" | grep -B200 "^ *$pc:" | grep -E 'vset|^ *'"$pc"':' | tail -2)
  echo "only $who trapped at pc 0x$pc (a single-sequence ELF, $t.elf):"
  sed 's/^ */  /' <<< "$word"
  rm -f "$t".*.out.rc "$t".*.out.err
}

run_to() {
  local out=$1; shift
  timeout "$TIMEOUT" "$@" > "$out" 2> "$out.err" < /dev/null
  echo $? > "$out.rc"
}

fails=0
report() {
  echo "$1"
  [ -n "$results" ] && echo "$1" >> "$results"
  shift
  for l in "$@"; do echo "  $l"; done
}

gname=$(echo "$groups" | tr ',' '-')
for s in "${seeds[@]}"; do
  name=vseed-$s-$gname${allill:+-ill}${index:+-i$index}
  opts=()
  [ "$count" != 50 ] && opts+=(--count "$count")
  [ "$len" != 100 ] && opts+=(--len "$len")
  [ "$groups" != all ] && opts+=(--groups "$groups")
  [ -n "$allill" ] && opts+=(--all-illegal)
  f=$DIR/$name
  if ! "$GEN" -s "$s" -k "$count" -n "$len" -g "$groups" $allill ${index:+-i "$index" -m} > "$f.S"; then
    report "FAIL vdifftest/$name (generator failed)"; fails=$((fails + 1)); continue
  fi
  if ! $RV_CC $RV_ASFLAGS "$HARNESS" "$f.S" -o "$f.elf" 2> "$f.as.log"; then
    report "FAIL vdifftest/$name (does not assemble)" "$(head -5 "$f.as.log")"
    fails=$((fails + 1)); continue
  fi
  run_to "$f.qemu.out" $QEMU_SPIKE "$f.elf" $QEMU_CPU &
  if [ -n "$qemu_only" ]; then
    other=qemu2
    run_to "$f.qemu2.out" $QEMU_SPIKE "$f.elf" $QEMU_CPU &
  else
    other=rvkvm
    run_to "$f.rvkvm.out" "$RVKVM" run $RVKVM_CPU --firmware "$f.elf" &
  fi
  wait
  qrc=$(cat "$f.qemu.out.rc") orc=$(cat "$f.$other.out.rc")
  repro="reproduce: tests/difftest/vrun.sh --seed $s --index SEQ${opts[*]:+ ${opts[*]}}${qemu_only:+ --qemu-only}"
  if [ "$qrc" != 0 ]; then
    trap_line=$(grep -m1 '^TRAP' "$f.qemu.out")
    report "FAIL vdifftest/$name (QEMU exit $qrc${trap_line:+: $trap_line})" \
      "the generated program is wrong for QEMU: see $f.S, $f.qemu.out, $f.qemu.out.err"
    fails=$((fails + 1)); continue
  fi
  if [ "$orc" = 0 ] && cmp -s "$f.qemu.out" "$f.$other.out"; then
    report "PASS vdifftest/$name"
    [ -n "$keep" ] || rm -f "$f.S" "$f.elf" "$f".*.out "$f".*.out.rc "$f".*.out.err "$f.as.log"
    continue
  fi
  fails=$((fails + 1))
  IFS='|' read -r seqhex first la lb others <<< "$(first_diff "$f.qemu.out" "$f.$other.out")"
  if [ -z "$first" ]; then
    report "FAIL vdifftest/$name ($other exit $orc, output identical)" "$(tail -3 "$f.$other.out.err")"
    continue
  fi
  seq=-; [ "$seqhex" != - ] && seq=$((16#$seqhex))
  [ -n "$index" ] && [ "$seq" = - ] && seq=$index
  what=$first
  case $lb in
    TRAP*) what="$other trapped";;
    '<end of output>') what="$other output ends";;
  esac
  details=("seed $s, sequence $seq: first difference $what" "qemu:  $la" "$other: $lb")
  [ -n "$others" ] && details+=("also differ in this sequence:$others")
  if [ "$first" = traps ] && [ -z "$qemu_only" ] && [ -z "$index" ] && [ "$seq" != - ]; then
    while IFS= read -r l; do details+=("$l"); done <<< "$(trap_triage "$s" "$seq")"
  elif [ "$seq" != - ]; then
    sus=$(suspects "$f.S" "$seq" "$first")
    if [ -n "$sus" ]; then
      details+=("last instructions naming $first in the sequence:")
      while IFS= read -r l; do details+=("    $l"); done <<< "$sus"
    fi
  fi
  [ "$orc" != 0 ] && details+=("$other exit status $orc; stderr: $(tail -2 "$f.$other.out.err" | tr '\n' ' ')")
  details+=("${repro/SEQ/$seq}" "files: $f.S $f.elf $f.qemu.out $f.$other.out")
  report "FAIL vdifftest/$name (sequence $seq: $what)" "${details[@]}"
done

total=${#seeds[@]}
echo "vdifftest: $((total - fails)) of $total ELFs passed ($count sequences x $len instructions each, groups $groups${allill:+, all illegal}${index:+, sequence $index only})"
[ "$fails" = 0 ]
