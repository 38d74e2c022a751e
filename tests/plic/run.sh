#!/usr/bin/env bash
# tests/plic runner.
#   run.sh RVKVM DIR RESULTS    every case on rvkvm: "PASS/FAIL plic/name" lines to RESULTS
#   run.sh --oracle DIR RESULTS the guest programs (their *.qemu.elf builds) on QEMU's
#                               virt machine: "PASS/FAIL plic-qemu/name" lines to RESULTS
# DIR holds NAME.elf, NAME.qemu.elf, plic_unit and plic_unit_tsan.
set -u
TIMEOUT=20
RX_TEXT='the quick brown fox jumps over the lazy dog'

# name | program | stdin | input | expected stdout | on QEMU
#   stdin: none (/dev/null); pipe (written at once, before the guest is ready);
#          ready (written once the guest has printed "R", through a FIFO)
#   QEMU "-": rvkvm only.  The *_early cases need input that arrived before the
#   guest enabled the source to be signalled when it does: QEMU 7.2 does not
#   re-evaluate its outputs after an enable write, so it never is.
CASES="
plic_regs|plic_regs|none|||yes
plic_threshold|plic_threshold|none|||yes
plic_gateway|plic_gateway|none|||yes
plic_access|plic_access|none|||yes
uart_fifo|uart_fifo|none|||yes
uart_rx_irq|uart_rx_irq|ready|abc|Rabc|yes
uart_rx_irq_early|uart_rx_irq|pipe|abc|Rabc|-
uart_rx_irq_s|uart_rx_irq_s|ready|abc|Rabc|yes
uart_rx_irq_s_early|uart_rx_irq_s|pipe|abc|Rabc|-
uart_rx_fifo|uart_rx_fifo|ready|$RX_TEXT|R$RX_TEXT|yes
rtc|rtc|none|||yes
"

oracle=false
if [ "${1:-}" = --oracle ]; then
  oracle=true; shift
  D=$1 OUT=$2 PREFIX=plic-qemu
else
  RVKVM=$1 D=$2 OUT=$3 PREFIX=plic
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
trap '' PIPE   # a guest that exits early must not take the runner with it
: > "$OUT"
fails=0

result() {  # result PASS|FAIL name [why]
  echo "$1 $PREFIX/$2" >> "$OUT"
  if [ "$1" = FAIL ]; then
    fails=$((fails + 1))
    echo "FAIL $PREFIX/$2: $3" >&2
    sed 's/^/    stderr: /' "$W/err" 2>/dev/null | head -5 >&2
  fi
}

# run_guest MODE INPUT CMD...: sets rc; stdout (CRs dropped) in $W/out, stderr in $W/err
run_guest() {
  local mode=$1 input=$2; shift 2
  : > "$W/out"; : > "$W/err"
  case $mode in
  none)
    timeout $TIMEOUT "$@" < /dev/null > "$W/out" 2> "$W/err"; rc=$? ;;
  pipe)
    printf '%s' "$input" | timeout $TIMEOUT "$@" > "$W/out" 2> "$W/err"; rc=${PIPESTATUS[1]} ;;
  ready)
    rm -f "$W/in"; mkfifo "$W/in"
    timeout $TIMEOUT "$@" < "$W/in" > "$W/out" 2> "$W/err" &
    local pid=$! i
    exec 3> "$W/in"
    for ((i = 0; i < 200; i++)); do
      grep -q R "$W/out" && break
      kill -0 $pid 2>/dev/null || break
      sleep 0.05
    done
    printf '%s' "$input" >&3 2>/dev/null
    exec 3>&-
    wait $pid; rc=$? ;;
  esac
  tr -d '\r' < "$W/out" > "$W/out.tmp" && mv "$W/out.tmp" "$W/out"
}

# --- guest programs ---
while IFS='|' read -r name prog mode input want qemu; do
  [ -n "$name" ] || continue
  if $oracle; then
    [ "$qemu" = yes ] || continue
    run_guest "$mode" "$input" qemu-system-riscv64 -M virt -bios none -nographic \
      -kernel "$D/$prog.qemu.elf"
  else
    run_guest "$mode" "$input" "$RVKVM" run --firmware "$D/$prog.elf"
  fi
  got=$(cat "$W/out")
  if [ "$rc" != 0 ]; then
    result FAIL "$name" "exit status $rc (the failing check number; 0x80+ trap, 90 watchdog)"
  elif [ "$got" != "$want" ]; then
    result FAIL "$name" "stdout '$got', expected '$want'"
  else
    result PASS "$name"
  fi
done <<< "$CASES"

if $oracle; then
  echo "plic-qemu: $(grep -c '^PASS' "$OUT") passed, $(grep -c '^FAIL' "$OUT") failed"
  exit $((fails > 0))
fi

# --- the console on a terminal: raw mode, Ctrl-A x, restored on every exit ---
if command -v script > /dev/null; then
  # A guest waiting for input (5 s watchdog): Ctrl-A x ends the VM at once,
  # with status 0, and the terminal settings come back as they were.
  cat > "$W/quit.sh" <<EOF
stty -g > "$W/stty.before"
"$RVKVM" run --firmware "$D/uart_rx_irq.elf"
echo "rc=\$?"
stty -g > "$W/stty.after"
EOF
  (sleep 1; printf '\001x') | timeout $TIMEOUT script -qec "bash $W/quit.sh" /dev/null > "$W/out" 2> "$W/err"
  if grep -q 'rc=0' "$W/out" && grep -q 'rvkvm: terminated' "$W/out" &&
     cmp -s "$W/stty.before" "$W/stty.after"; then
    result PASS term_ctrl_a_x
  else
    result FAIL term_ctrl_a_x "output '$(tr -d '\r' < "$W/out" | tr '\n' ' ')', settings restored: $(cmp -s "$W/stty.before" "$W/stty.after" && echo yes || echo no)"
  fi
  # SIGTERM while in raw mode: the terminal is restored, then the process dies of it.
  cat > "$W/term.sh" <<EOF
stty -g > "$W/stty.before"
"$RVKVM" run --firmware "$D/uart_rx_irq.elf" < /dev/tty & pid=\$!
sleep 0.5
stty -g > "$W/stty.during"
kill -TERM \$pid
wait \$pid
echo "rc=\$?"
stty -g > "$W/stty.after"
EOF
  timeout $TIMEOUT script -qec "bash $W/term.sh" /dev/null < /dev/null > "$W/out" 2> "$W/err"
  if grep -q 'rc=143' "$W/out" && ! cmp -s "$W/stty.before" "$W/stty.during" &&
     cmp -s "$W/stty.before" "$W/stty.after"; then
    result PASS term_restore_on_sigterm
  else
    result FAIL term_restore_on_sigterm "output '$(tr -d '\r' < "$W/out" | tr '\n' ' ')'"
  fi
else
  echo "plic: 'script' (util-linux) not found: terminal tests skipped" >&2
fi

# --- unit tests (ASan+UBSan, and ThreadSanitizer) ---
for t in plic_unit plic_unit_tsan; do
  [ -x "$D/$t" ] || { result FAIL "$t" "not built"; continue; }
  timeout 120 "$D/$t" > "$W/unit" 2> "$W/err"
  urc=$?
  if [ "$t" = plic_unit_tsan ] && grep -q 'unexpected memory mapping\|FATAL: ThreadSanitizer' "$W/err"; then
    echo "plic: ThreadSanitizer cannot run on this host: $t skipped" >&2
    continue
  fi
  sed -n "s/^\(PASS\|FAIL\) plic_unit\./\1 $PREFIX\/${t#plic_}./p" "$W/unit" >> "$OUT"
  grep -q '^FAIL ' "$W/unit" && { fails=$((fails + 1)); sed 's/^/    /' "$W/err" | head -20 >&2; }
  [ "$urc" = 0 ] || result FAIL "$t.exit" "exit status $urc"
done

echo "plic: $(grep -c '^PASS' "$OUT") passed, $(grep -c '^FAIL' "$OUT") failed"
exit $((fails > 0))
