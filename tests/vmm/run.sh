#!/usr/bin/env bash
# tests/vmm runner.
#   run.sh RVKVM DIR RESULTS   run every case on rvkvm, "PASS/FAIL vmm/name" lines to RESULTS
#   run.sh --oracle DIR        run the guest programs on QEMU (spike / virt) to validate them
# DIR holds the built programs (*.elf, raw.bin), mkelf and kvm_api.
set -u
TIMEOUT=20

# Guest programs: name | file | exit status | stdout | --mem | QEMU machine (- = rvkvm only)
GUEST_CASES='
pass|pass.elf|0|||spike
fail_exit_code|fail.elf|42|||spike
hello_htif|hello_htif.elf|0|Hello, HTIF!\n||spike
hello_uart|hello_uart.elf|0|Hello, UART!\n||-
htif_halves|htif_halves.elf|5|ok\n||spike
fault_load|fault_load.elf|5|||spike
fault_store|fault_store.elf|7|||spike
fault_fetch|fault_fetch.elf|0|||spike
aclint_timer|aclint_timer.elf|0|||spike
aclint_msip|aclint_msip.elf|5|||spike
boot_regs|boot_regs.elf|0|||-
mem_2g|mem_top.elf|0||2G|spike
mem_default_faults|mem_top.elf|7|||spike
mem_4096k|pass.elf|0||4096K|-
mem_bare_mib|pass.elf|0||128|-
mem_1g|pass.elf|0||1G|-
raw_binary|raw.bin|0|raw binary OK\n||virt
mkelf_valid|bad/valid.elf|0|||spike
'

if [ "${1:-}" = --oracle ]; then
  D=$2
  mkdir -p "$D/bad" && "$D/mkelf" "$D/bad" >/dev/null || exit 1
  fails=0
  while IFS='|' read -r name file status out mem qemu; do
    [ -n "$name" ] && [ "$qemu" != - ] || continue
    memopt=(); [ -n "$mem" ] && memopt=(-m "$mem")
    got=$(timeout $TIMEOUT qemu-system-riscv64 -M "$qemu" "${memopt[@]}" -bios none -nographic \
          -kernel "$D/$file" </dev/null 2>/dev/null | tr -d '\r'; echo "rc=${PIPESTATUS[0]}")
    rc=${got##*rc=}; got=${got%rc=*}
    want=$(printf "$out")
    if [ "$rc" = "$status" ] && [ "${got%$'\n'}" = "$want" ]; then
      echo "PASS oracle.$name"
    else
      echo "FAIL oracle.$name (status $rc, expected $status)"; fails=$((fails + 1))
    fi
  done <<< "$GUEST_CASES"
  exit $((fails > 0))
fi

RVKVM=$1 D=$2 OUT=$3
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
: > "$OUT"
fails=0

result() {  # result PASS|FAIL name [why]
  echo "$1 vmm/$2" >> "$OUT"
  if [ "$1" = FAIL ]; then
    fails=$((fails + 1))
    echo "FAIL vmm/$2: $3" >&2
    sed 's/^/    stderr: /' "$W/err" | head -5 >&2
  fi
}

# rvk ARGS...: run rvkvm with a timeout; sets rc, stdout in $W/out, stderr in $W/err
rvk() {
  timeout $TIMEOUT "$RVKVM" "$@" > "$W/out" 2> "$W/err" < /dev/null
  rc=$?
}

# --- guest programs ---
while IFS='|' read -r name file status out mem qemu; do
  [ -n "$name" ] || continue
  memopt=(); [ -n "$mem" ] && memopt=(--mem "$mem")
  [ "$name" = mkelf_valid ] && { mkdir -p "$D/bad" && "$D/mkelf" "$D/bad" > "$W/badlist"; }
  rvk run --firmware "$D/$file" "${memopt[@]}"
  printf "$out" > "$W/want"
  if [ "$rc" != "$status" ]; then
    result FAIL "$name" "exit status $rc, expected $status"
  elif ! cmp -s "$W/out" "$W/want"; then
    result FAIL "$name" "stdout $(od -c "$W/out" | head -3 | tr '\n' ' ')"
  else
    result PASS "$name"
  fi
done <<< "$GUEST_CASES"

# WFI sleeps instead of spinning: 0.5 s of guest idle, little host CPU.
TIMEFORMAT='%R %U %S'
{ time timeout $TIMEOUT "$RVKVM" run --firmware "$D/wfi_idle.elf" > "$W/out" 2> "$W/err"; } 2> "$W/time"
rc=$?
read -r real user sys < <(tail -1 "$W/time")
if [ "$rc" = 0 ] && awk -v r="$real" -v u="$user" -v s="$sys" 'BEGIN { exit !(r >= 0.45 && u + s < 0.3) }'; then
  result PASS wfi_sleeps
else
  result FAIL wfi_sleeps "status $rc, real $real user $user sys $sys (want >= 0.45 s real, < 0.3 s CPU)"
fi

# --- malformed firmware: refused with a message, no crash, nothing run ---
expect_reject() {  # expect_reject name file [rvkvm run options...]
  local name=$1 file=$2; shift 2
  rvk run --firmware "$file" "$@"
  if [ "$rc" = 1 ] && grep -q "^rvkvm: " "$W/err" && [ ! -s "$W/out" ]; then
    result PASS "$name"
  else
    result FAIL "$name" "exit status $rc (expected 1 with a message)"
  fi
}
while read -r bad; do
  [ "$bad" = valid ] && continue
  expect_reject "bad_elf.$bad" "$D/bad/$bad.elf"
done < "$W/badlist"
: > "$W/empty.bin"
expect_reject raw_empty "$W/empty.bin"
head -c $((2 << 20)) /dev/zero > "$W/big.bin"
expect_reject raw_too_big "$W/big.bin" --mem 1M

# --- command line ---
expect_cli() {  # expect_cli name status stream regex -- args...
  local name=$1 status=$2 stream=$3 re=$4; shift 5
  rvk "$@"
  if [ "$rc" = "$status" ] && grep -qE -- "$re" "$W/$stream"; then
    result PASS "$name"
  else
    result FAIL "$name" "exit status $rc (expected $status), $stream does not match /$re/"
  fi
}
P=$D/pass.elf
expect_cli cli_no_args 2 err 'Usage: rvkvm' --
expect_cli cli_help 0 out 'Usage: rvkvm COMMAND' -- --help
expect_cli cli_run_help 0 out '--firmware FILE' -- run --help
expect_cli cli_unknown_command 2 err "unknown command 'frob'" -- frob
expect_cli cli_no_firmware 2 err 'firmware FILE is required' -- run
expect_cli cli_missing_file 1 err 'no-such-file.elf: No such file' -- run --firmware "$W/no-such-file.elf"
expect_cli cli_directory 1 err 'not a regular file' -- run --firmware "$W"
if [ "$(id -u)" != 0 ]; then
  cp "$P" "$W/noread.elf"; chmod 000 "$W/noread.elf"
  expect_cli cli_unreadable 1 err 'Permission denied' -- run --firmware "$W/noread.elf"
fi
expect_cli cli_unknown_option 2 err "unknown option '--bogus'" -- run --firmware "$P" --bogus
expect_cli cli_missing_argument 2 err "needs an argument" -- run --firmware "$P" --mem
expect_cli cli_extra_argument 2 err "unexpected argument 'extra'" -- run --firmware "$P" extra
for m in 12X 0 -5 abc 99999999999999999999 1K 4097K 2T 1.5G '' 64MB7; do
  expect_cli "cli_bad_mem[$m]" 2 err 'invalid memory size' -- run --firmware "$P" --mem "$m"
done
# --disk PATH[,ro][,direct] in either order.
expect_cli cli_disk_direct_ro 0 out 'Hello, UART' -- run --firmware "$D/hello_uart.elf" --disk "$W/big.bin,direct,ro"
expect_cli cli_disk_ro_direct 0 out 'Hello, UART' -- run --firmware "$D/hello_uart.elf" --disk "$W/big.bin,ro,direct"
expect_cli cli_disk_bad_option 2 err "disk image '$W/big.bin,fast'" -- run --firmware "$P" --disk "$W/big.bin,fast"
# --net: parse errors are usage errors; a backend that cannot start fails the run.
for n in bogus 'user,mac=01:00:00:00:00:01' 'user,mac=52:54:00:12:34' 'user,foo=1' tap \
         'tap,ifname=' 'user,restrict=maybe' 'tap,hostfwd=tcp::1-:2'; do
  expect_cli "cli_bad_net[$n]" 2 err 'rvkvm run: --net: ' -- run --firmware "$P" --net "$n"
done
expect_cli cli_net_bad_hostfwd 1 err 'hostfwd=tcp:x:1-:2: expected' -- run --firmware "$P" \
  --net user,hostfwd=tcp:x:1-:2
expect_cli cli_net_hostfwd_no_guest_port 1 err 'expected \[tcp\|udp\]' -- run --firmware "$P" \
  --net user,hostfwd=tcp::5555-:
expect_cli cli_net_user_runs 0 out 'Hello, UART' -- run --firmware "$D/hello_uart.elf" \
  --net user,hostfwd=udp:127.0.0.1:0-:53,mac=52:54:00:aa:bb:cc
if [ "$(id -u)" != 0 ]; then
  expect_cli cli_net_tap_eperm 1 err 'cannot attach tap' -- run --firmware "$P" --net tap,ifname=rvkvmt0
fi

# --- kvm/ API unit tests ---
timeout $TIMEOUT "$D/kvm_api" > "$W/api" 2> "$W/err"
rc=$?
[ "$rc" = 0 ] || sed 's/^/    kvm_api: /' "$W/err" | head -20 >&2
grep -E '^(PASS|FAIL) ' "$W/api" | sed 's/ / vmm\//' >> "$OUT"
grep -q '^FAIL ' "$W/api" && fails=$((fails + 1))
[ "$rc" = 0 ] || { echo "FAIL vmm/kvm_api.exit" >> "$OUT"; fails=$((fails + 1)); }

# --- loader fuzzing, briefly (seeds: the programs above and the malformed set) ---
if [ -x "$D/fuzz_elf" ]; then
  mkdir -p "$D/corpus-elf"
  cp "$D"/*.elf "$D"/raw.bin "$D"/bad/*.elf "$D/corpus-elf/" 2>/dev/null
  if timeout 120 "$D/fuzz_elf" -max_total_time=${FUZZ_ELF_TIME:-10} -max_len=16384 \
       "$D/corpus-elf" > "$W/fuzz" 2>&1; then
    result PASS fuzz_elf
  else
    cp "$W/fuzz" "$W/err"; result FAIL fuzz_elf "the loader fuzzer found a crash (see $D/fuzz_elf.log)"
    cp "$W/fuzz" "$D/fuzz_elf.log"
  fi
fi

echo "vmm: $(grep -c '^PASS' "$OUT") passed, $(grep -c '^FAIL' "$OUT") failed"
exit $((fails > 0))
