#!/usr/bin/env bash
# tests/boot runner:  run.sh RVKVM DIR RESULTS
# DIR holds fw.elf (the fake fw_dynamic firmware), kernel.elf and
# kernel.bin (the fake kernel as ELF and as a Linux-style Image).  One line
# per case, "PASS boot/name" or "FAIL boot/name", goes to RESULTS.
#
# Real OpenSBI: fw_dynamic.bin from $RVKVM_FIRMWARE_DIR, else
# ${RVKVM_CACHE:-$HOME/.cache/rvkvm}/images/ (scripts/guest-image.sh);
# the case is skipped (with a note on stderr) when there is none.
set -u
RVKVM=$1 D=$2 OUT=$3
TIMEOUT=20
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
: > "$OUT"
result() {  # result PASS|FAIL name [why]
  echo "$1 boot/$2" >> "$OUT"
  if [ "$1" = FAIL ]; then
    echo "FAIL boot/$2: ${3:0:800}" >&2
    [ -s "$W/err" ] && sed 's/^/    stderr: /' "$W/err" | head -5 >&2
  fi
  return 0
}

# rvk ARGS...: run rvkvm; sets rc, stdout in $W/out, stderr in $W/err
rvk() {
  timeout $TIMEOUT "$RVKVM" "$@" > "$W/out" 2> "$W/err" < /dev/null
  rc=$?
}

for t in dtc fdtget gzip; do
  if ! command -v $t > /dev/null; then
    echo "boot: '$t' is missing (Debian package device-tree-compiler / gzip)" >&2
    echo "FAIL boot/host_tools" >> "$OUT"
    exit 1
  fi
done

# --- inputs ----------------------------------------------------------------------
FW=$D/fw.elf
KBIN=$D/kernel.bin
head -c 100000 /dev/urandom > "$W/initrd"
INITRD_CRC=$(gzip -c "$W/initrd" | tail -c 8 | od -An -tx4 -N4 | tr -d ' ')
APPEND='console=ttyS0 rvkvm.test="a b" x=1'
gzip -9 -n -c "$KBIN" > "$W/kernel.gz"

# A fake EFI zboot image (Linux drivers/firmware/efi/libstub/zboot-header.S):
# "MZ\0\0zimg", payload offset, payload size, 8 reserved bytes, then the
# compression name; the gzip payload at offset 64.
mkzboot() {  # mkzboot COMP OUT
  local sz; sz=$(stat -c %s "$W/kernel.gz")
  {
    printf 'MZ\0\0zimg'
    printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' 64 0 0 0)"
    printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((sz & 255)) $((sz >> 8 & 255)) $((sz >> 16 & 255)) $((sz >> 24 & 255)))"
    head -c 8 /dev/zero
    printf '%s' "$1"; head -c $((32 - ${#1})) /dev/zero
    head -c 8 /dev/zero
    cat "$W/kernel.gz"
  } > "$2"
}
mkzboot gzip "$W/kernel.zboot"
mkzboot xz "$W/kernel.zboot-xz"

# expected_kernel_out FDT_ADDR MEM_SIZE CPUS BOOTARGS INITRD [BOOT_HART]: the fake
# kernel's output under the fake firmware (BOOTARGS/INITRD "none" or the value).
expected_kernel_out() {
  local fdt=$1 mem=$2 cpus=$3 args=$4 initrd=$5 bh=${6:-ffffffffffffffff}
  echo "kernel: hart=0 smode=1"
  echo "fwinfo: version=2 next=80200000 mode=1 options=0 boot_hart=$bh"
  echo "fdt: ok addr=$fdt"
  echo "mem: base=80000000 size=$mem"
  echo "cpus: $cpus"
  if [ "$args" = none ]; then echo "bootargs: none"; else echo "bootargs: [$args]"; fi
  if [ "$initrd" = none ]; then echo "initrd: none"; else echo "initrd: $initrd"; fi
  echo "result: PASS"
}
WITH_INITRD="size=100000 crc=$INITRD_CRC"

# --- (a) the device tree ------------------------------------------------------------
# V's names (with Zvbb, which brings Zvkb; Zvkt goes with V), and without Zvbb
ZVE="zvbb_zve32f_zve32x_zve64d_zve64f_zve64x_zvfhmin_zvkb_zvkt_zvl128b_zvl32b_zvl64b"
ZVE_NB="zve32f_zve32x_zve64d_zve64f_zve64x_zvfhmin_zvkt_zvl128b_zvl32b_zvl64b"
ISA=rv64imafdcvh_zicbom_zicbop_zicboz_zicntr_zicond_zicsr_zifencei_zihintntl_zihintpause_zihpm_zimop_zawrs_zfa_zfh_zfhmin_zcb_zcmop_zba_zbb_zbc_zbkb_zbkx_zbs_zkt_${ZVE}_smmpm_smnpm_smstateen_sscofpmf_ssnpm_ssstateen_sstc_svadu_svinval_svnapot_svpbmt
EXTS="i m a f d c v h zicbom zicbop zicboz zicntr zicond zicsr zifencei zihintntl zihintpause zihpm zimop zawrs zfa zfh zfhmin zcb zcmop zba zbb zbc zbkb zbkx zbs zkt ${ZVE//_/ } smmpm smnpm smstateen sscofpmf ssnpm ssstateen sstc svadu svinval svnapot svpbmt"

fget() {  # fget DTB PATH PROP [TYPE]: the value, or <absent>
  fdtget -t "${4:-s}" "$1" "$2" "$3" 2>/dev/null || echo "<absent>"
}
expect() {  # expect DTB PATH PROP TYPE WANT: mismatches accumulate in $bad
  local got; got=$(fget "$1" "$2" "$3" "$4")
  [ "$got" = "$5" ] || bad+="$2 $3 = '$got', expected '$5'; "
}
has_props() {  # has_props DTB PATH PROP...: each property is present
  local d=$1 p=$2 x; shift 2
  local props; props=" $(fdtget -p "$d" "$p" 2>/dev/null | tr '\n' ' ') "
  for x in "$@"; do
    case "$props" in *" $x "*) ;; *) bad+="$p has no $x; ";; esac
  done
}
lacks_props() {
  local d=$1 p=$2 x; shift 2
  local props; props=" $(fdtget -p "$d" "$p" 2>/dev/null | tr '\n' ' ') "
  for x in "$@"; do
    case "$props" in *" $x "*) bad+="$p should not have $x; ";; esac
  done
}
dtc_clean() {  # dtc_clean DTB: decodes with no warnings
  if ! dtc -I dtb -O dts -o "$W/dts" "$1" 2> "$W/dtc.err"; then
    bad+="dtc cannot decode it; "
  elif [ -s "$W/dtc.err" ]; then
    bad+="dtc warns: $(head -3 "$W/dtc.err" | tr '\n' ' '); "
  fi
}

# The parts every tree shares, for NCPU harts.
check_tree() {  # check_tree DTB NCPU MEMSIZE
  local d=$1 n=$2 mem=$3 i ph
  dtc_clean "$d"
  expect "$d" / compatible s riscv-virtio
  expect "$d" / '#address-cells' u 2
  expect "$d" / '#size-cells' u 2
  expect "$d" /cpus timebase-frequency u 10000000
  expect "$d" /cpus '#address-cells' u 1
  expect "$d" /cpus '#size-cells' u 0
  local cpus; cpus=$(fdtget -l "$d" /cpus | grep '^cpu@' | sort | tr '\n' ' ')
  local want=""; for ((i = 0; i < n; i++)); do want+="cpu@$(printf %x $i) "; done
  [ "$cpus" = "$(echo $want | tr ' ' '\n' | sort | tr '\n' ' ')" ] || bad+="cpus: '$cpus'; "
  local clint="" plic=""
  for ((i = 0; i < n; i++)); do
    local c=/cpus/cpu@$(printf %x $i)   # unit address = reg in hex
    expect "$d" $c device_type s cpu
    expect "$d" $c reg u $i
    expect "$d" $c status s okay
    expect "$d" $c compatible s riscv
    expect "$d" $c riscv,isa s $ISA
    expect "$d" $c riscv,isa-base s rv64i
    expect "$d" $c riscv,isa-extensions s "$EXTS"
    expect "$d" $c riscv,cbom-block-size u 64   # hw/riscv's CBO_BLOCK
    expect "$d" $c riscv,cbop-block-size u 64
    expect "$d" $c riscv,cboz-block-size u 64
    expect "$d" $c mmu-type s riscv,sv57
    expect "$d" $c/interrupt-controller compatible s riscv,cpu-intc
    expect "$d" $c/interrupt-controller '#interrupt-cells' u 1
    has_props "$d" $c/interrupt-controller interrupt-controller phandle
    ph=$(fget "$d" $c/interrupt-controller phandle u)
    clint+="$ph 3 $ph 7 "
    plic+="$ph 11 $ph 9 "
    expect "$d" /cpus/cpu-map/cluster0/core$i cpu u "$(fget "$d" $c phandle u)"
  done
  expect "$d" /memory@80000000 device_type s memory
  expect "$d" /memory@80000000 reg u "0 2147483648 $((mem >> 32)) $((mem & 0xffffffff))"
  expect "$d" /chosen stdout-path s /soc/serial@10000000
  expect "$d" /aliases serial0 s /soc/serial@10000000
  [ "$(fdtget -t bx "$d" /chosen rng-seed 2>/dev/null | wc -w)" = 32 ] || bad+="no 32-byte rng-seed; "
  expect "$d" /soc compatible s simple-bus
  has_props "$d" /soc ranges
  expect "$d" /soc/clint@2000000 compatible s "sifive,clint0 riscv,clint0"
  expect "$d" /soc/clint@2000000 reg x "0 2000000 0 10000"
  expect "$d" /soc/clint@2000000 interrupts-extended u "${clint% }"
  # The SBI PMU map for OpenSBI: events 1 and 2 on counters 3..31.
  expect "$d" /pmu compatible s riscv,pmu
  expect "$d" /pmu riscv,event-to-mhpmcounters x "1 1 fffffff8 2 2 fffffff8"
  expect "$d" /pmu riscv,event-to-mhpmevent x "1 0 1 2 0 2"
  local p=/soc/plic@c000000 plic_ph
  expect "$d" $p compatible s "sifive,plic-1.0.0 riscv,plic0"
  expect "$d" $p reg x "0 c000000 0 600000"
  expect "$d" $p riscv,ndev u 95
  expect "$d" $p '#interrupt-cells' u 1
  expect "$d" $p '#address-cells' u 0
  has_props "$d" $p interrupt-controller
  expect "$d" $p interrupts-extended u "${plic% }"
  plic_ph=$(fget "$d" $p phandle u)
  expect "$d" /soc/serial@10000000 compatible s ns16550a
  expect "$d" /soc/serial@10000000 reg x "0 10000000 0 100"
  expect "$d" /soc/serial@10000000 interrupts u 10
  expect "$d" /soc/serial@10000000 interrupt-parent u "$plic_ph"
  expect "$d" /soc/serial@10000000 clock-frequency u 3686400
  expect "$d" /soc/test@100000 compatible s "sifive,test1 sifive,test0 syscon"
  expect "$d" /soc/test@100000 reg x "0 100000 0 1000"
  local test_ph; test_ph=$(fget "$d" /soc/test@100000 phandle u)
  expect "$d" /poweroff compatible s syscon-poweroff
  expect "$d" /poweroff regmap u "$test_ph"
  expect "$d" /poweroff offset u 0
  expect "$d" /poweroff value x 5555
  expect "$d" /reboot compatible s syscon-reboot
  expect "$d" /reboot regmap u "$test_ph"
  expect "$d" /reboot value x 7777
  expect "$d" /soc/rtc@101000 compatible s google,goldfish-rtc
  expect "$d" /soc/rtc@101000 reg x "0 101000 0 1000"
  expect "$d" /soc/rtc@101000 interrupts u 11
  expect "$d" /soc/rtc@101000 interrupt-parent u "$plic_ph"
  for i in 1 2 3 4 5 6 7 8; do
    local v=/soc/virtio_mmio@1000${i}000
    expect "$d" $v compatible s virtio,mmio
    expect "$d" $v reg x "0 1000${i}000 0 1000"
    expect "$d" $v interrupts u $i
    expect "$d" $v interrupt-parent u "$plic_ph"
  done
}

dt_case() {  # dt_case NAME: $bad empty -> PASS
  if [ -z "$bad" ]; then result PASS "$1"; else result FAIL "$1" "$bad"; fi
}

bad=""
rvk run --dump-dtb "$W/1.dtb"
[ "$rc" = 0 ] && [ ! -s "$W/out" ] || bad+="exit status $rc; "
check_tree "$W/1.dtb" 1 $((256 << 20))
lacks_props "$W/1.dtb" /chosen bootargs linux,initrd-start linux,initrd-end
dt_case dtb.1hart

bad=""
rvk run --dump-dtb "$W/4.dtb" --cpus 4 --mem 1G
[ "$rc" = 0 ] || bad+="exit status $rc; "
check_tree "$W/4.dtb" 4 $((1 << 30))
dt_case dtb.4harts

bad=""
rvk run --dump-dtb "$W/64.dtb" --cpus 64 --mem 3G
[ "$rc" = 0 ] || bad+="exit status $rc; "
check_tree "$W/64.dtb" 64 $((3 << 30))
dt_case dtb.64harts

# With a kernel, initrd and command line (firmware not loaded for a dump).
bad=""
rvk run --firmware default --kernel "$KBIN" --initrd "$W/initrd" --append "$APPEND" --dump-dtb "$W/i.dtb"
[ "$rc" = 0 ] || bad+="exit status $rc; "
check_tree "$W/i.dtb" 1 $((512 << 20))
expect "$W/i.dtb" /chosen bootargs s "$APPEND"
u64() {  # u64 DTB PATH PROP: a two-cell property as a number, or empty
  local hi lo
  read -r hi lo < <(fdtget -t x "$1" "$2" "$3" 2>/dev/null) && [ -n "$lo" ] &&
    echo $(((0x$hi << 32) | 0x$lo))
}
start=$(u64 "$W/i.dtb" /chosen linux,initrd-start)
end=$(u64 "$W/i.dtb" /chosen linux,initrd-end)
if [ -z "$start" ] || [ -z "$end" ]; then
  bad+="no linux,initrd-start/end; "
else
  [ $((end - start)) = 100000 ] || bad+="initrd end - start = $((end - start)); "
  [ $((start % 4096)) = 0 ] || bad+="initrd start $start not page-aligned; "
  # below the device tree at 0x9fe00000 and its fw_dynamic_info page
  [ "$end" -le $((0x9fe00000 - 4096)) ] && [ "$start" -ge $((0x80200000 + $(stat -c %s "$KBIN"))) ] ||
    bad+="initrd [$start, $end) not between the kernel and the device tree; "
fi
dt_case dtb.initrd_bootargs

# A hypervisor guest's tree (--kernel without firmware): no M-mode ACLINT
# or SSWI, no H in the ISA (VS-mode has none), the rest as a full machine's.
bad=""
rvk run --kernel "$KBIN" --cpus 2 --dump-dtb "$W/hg.dtb"
[ "$rc" = 0 ] || bad+="exit status $rc; "
dtc_clean "$W/hg.dtb"
soc=" $(fdtget -l "$W/hg.dtb" /soc | tr '\n' ' ') "
case "$soc" in *" clint@2000000 "*|*" sswi@2f00000 "*) bad+="ACLINT in a hypervisor guest's tree; ";; esac
fdtget -l "$W/hg.dtb" / | grep -qx pmu && bad+="a firmware's PMU map in a hypervisor guest's tree; "
case "$soc" in *" plic@c000000 "*) ;; *) bad+="no PLIC; ";; esac
for c in /cpus/cpu@0 /cpus/cpu@1; do
  HG_ISA=${ISA/fdcvh_/fdcv_} HG_EXTS=${EXTS/ h / }
  HG_ISA=${HG_ISA/_smmpm_smnpm_smstateen/} HG_EXTS=${HG_EXTS/ smmpm smnpm smstateen/}
  expect "$W/hg.dtb" $c riscv,isa s "$HG_ISA"
  expect "$W/hg.dtb" $c riscv,isa-extensions s "$HG_EXTS"
done
dt_case dtb.hyp_guest

# --cpu: a profile leaves out what it does not include, and single
# extensions go on and off after it; the same for a hypervisor guest.
cpu_case() {  # cpu_case NAME MODEL ISA EXTS [rvkvm args...]
  local name=$1 model=$2 isa=$3 exts=$4; shift 4
  bad=""
  rvk run --cpu "$model" --dump-dtb "$W/cpu.dtb" "$@"
  [ "$rc" = 0 ] || bad+="exit status $rc; "
  expect "$W/cpu.dtb" /cpus/cpu@0 riscv,isa s "$isa"
  expect "$W/cpu.dtb" /cpus/cpu@0 riscv,isa-extensions s "$exts"
  dt_case "$name"
}
GC_BASE="zicbop_zicntr_zicsr_zifencei_zihintntl_zihintpause_zihpm"
cpu_case dtb.cpu_rv64gc rv64gc rv64imafdch_${GC_BASE}_zkt_smmpm_smnpm_smstateen_sscofpmf_ssnpm_ssstateen_sstc_svadu_svnapot_svpbmt \
  "i m a f d c h ${GC_BASE//_/ } zkt smmpm smnpm smstateen sscofpmf ssnpm ssstateen sstc svadu svnapot svpbmt"
cpu_case dtb.cpu_rv64gc_zba_v rv64gc,zba=on,v=true rv64imafdcvh_${GC_BASE}_zba_zkt_${ZVE_NB}_smmpm_smnpm_smstateen_sscofpmf_ssnpm_ssstateen_sstc_svadu_svnapot_svpbmt \
  "i m a f d c v h ${GC_BASE//_/ } zba zkt ${ZVE_NB//_/ } smmpm smnpm smstateen sscofpmf ssnpm ssstateen sstc svadu svnapot svpbmt"
# Zvbb off leaves Zvkb out with it; V off leaves out Zvbb (on) and Zvkt.
cpu_case dtb.cpu_zvbb_off max,zvbb=off "${ISA/_${ZVE}_/_${ZVE_NB}_}" "${EXTS/${ZVE//_/ }/${ZVE_NB//_/ }}"
NOV_ISA=${ISA/fdcvh_/fdch_} NOV_EXTS=${EXTS/ v / }
cpu_case dtb.cpu_v_off max,v=off,zvbb=on "${NOV_ISA/_${ZVE}/}" "${NOV_EXTS/ ${ZVE//_/ }/}"
R22="zicbom_zicbop_zicboz_zicntr_zicsr_zifencei_zihintntl_zihintpause_zihpm_zfhmin_zba_zbb_zbs_zkt"
cpu_case dtb.cpu_rva22s64 rva22s64 rv64imafdch_${R22}_smmpm_smnpm_smstateen_sscofpmf_ssnpm_ssstateen_sstc_svadu_svinval_svnapot_svpbmt \
  "i m a f d c h ${R22//_/ } smmpm smnpm smstateen sscofpmf ssnpm ssstateen sstc svadu svinval svnapot svpbmt"
R23="zicbom_zicbop_zicboz_zicntr_zicond_zicsr_zifencei_zihintntl_zihintpause_zihpm_zimop_zawrs_zfa_zfhmin_zcb_zcmop_zba_zbb_zbs_zkt"
ZVE512="zvbb_zve32f_zve32x_zve64d_zve64f_zve64x_zvfhmin_zvkb_zvkt_zvl128b_zvl256b_zvl32b_zvl512b_zvl64b"
cpu_case dtb.cpu_vlen512 max,vlen=512 "${ISA/_${ZVE}_/_${ZVE512}_}" "${EXTS/${ZVE//_/ }/${ZVE512//_/ }}"
R23_NC=${R23/zicond_/}
cpu_case dtb.cpu_rva23s64_hyp rva23s64,zicond=off rv64imafdcv_${R23_NC}_${ZVE}_sscofpmf_ssnpm_ssstateen_sstc_svadu_svinval_svnapot_svpbmt \
  "i m a f d c v ${R23_NC//_/ } ${ZVE//_/ } sscofpmf ssnpm ssstateen sstc svadu svinval svnapot svpbmt" --kernel "$KBIN"

# The longest accepted command line goes into the tree whole.
bad=""
long=$(head -c 4095 /dev/zero | tr '\0' 'x')
rvk run --firmware default --kernel "$KBIN" --append "$long" --dump-dtb "$W/l.dtb"
[ "$rc" = 0 ] || bad+="exit status $rc; "
dtc_clean "$W/l.dtb"
expect "$W/l.dtb" /chosen bootargs s "$long"
dt_case dtb.append_4095

# Compared with QEMU's own virt tree (same -m and -smp): every QEMU node
# rvkvm has a device for exists here with the same compatible and the same
# property names; addresses, interrupts and clock match byte for byte.
# Not compared: phandle values, the ISA and MMU (rvkvm's own), the seed, the model,
# riscv,ndev (QEMU 7.2 says 96 sources, newer QEMU and rvkvm 95).
walk() {  # walk DTB PATH: "path" lines for every node
  local d=$1 p=$2 c
  echo "$p"
  for c in $(fdtget -l "$d" "$p"); do
    if [ "$p" = / ]; then walk "$d" "/$c"; else walk "$d" "$p/$c"; fi
  done
}
qemu_case() {  # qemu_case NAME SMP MEM
  local name=$1 smp=$2 mem=$3 q=$W/q.dtb o=$W/o.dtb n x
  bad=""
  if ! timeout $TIMEOUT qemu-system-riscv64 -M virt,dumpdtb="$q" -smp "$smp" -m "$mem" \
       -nographic > /dev/null 2>&1 < /dev/null; then
    result FAIL "$name" "qemu-system-riscv64 -M virt,dumpdtb failed"; return
  fi
  rvk run --dump-dtb "$o" --cpus "$smp" --mem "$mem"
  [ "$rc" = 0 ] || bad+="exit status $rc; "
  walk "$q" / | grep -vE '^/(pmu|fw-cfg@|flash@|platform-bus@|soc/pci@)' > "$W/qnodes"
  walk "$o" / > "$W/onodes"
  for n in $(comm -23 <(sort "$W/qnodes") <(sort "$W/onodes")); do bad+="no node $n; "; done
  for n in $(comm -12 <(sort "$W/qnodes") <(sort "$W/onodes")); do
    for x in $(fdtget -p "$q" "$n"); do
      if ! fdtget -p "$o" "$n" | grep -qxF -- "$x"; then bad+="$n has no $x; "; continue; fi
      case "$x" in
        phandle|interrupt-parent|interrupts-extended|regmap|cpu|riscv,isa|mmu-type|rng-seed|riscv,ndev|model)
          continue;;
      esac
      [ "$(fdtget -t bx "$q" "$n" "$x")" = "$(fdtget -t bx "$o" "$n" "$x")" ] ||
        bad+="$n $x differs from QEMU's; "
    done
  done
  dt_case "$name"
}
if command -v qemu-system-riscv64 > /dev/null; then
  qemu_case dtb.same_as_qemu_virt_1hart 1 256M
  qemu_case dtb.same_as_qemu_virt_4harts 4 2G
fi

# --- (b, c) the fake firmware starts the fake kernel ------------------------------
boot_case() {  # boot_case NAME WANT_FILE rvkvm-run-args...
  local name=$1 want=$2; shift 2
  rvk run "$@"
  if [ "$rc" != 0 ]; then
    result FAIL "$name" "exit status $rc: $(tail -2 "$W/out" | tr '\n' ' ')"
  elif ! diff -u "$want" "$W/out" > "$W/diff"; then
    result FAIL "$name" "output differs: $(grep '^[-+][^-+]' "$W/diff" | head -4 | tr '\n' ' ')"
  else
    result PASS "$name"
  fi
}
expected_kernel_out 9fe00000 20000000 1 "$APPEND" "$WITH_INITRD" > "$W/want.full"
for k in image:"$KBIN" image_gz:"$W/kernel.gz" elf:"$D/kernel.elf" efi_zboot_gzip:"$W/kernel.zboot"; do
  boot_case "kernel.${k%%:*}" "$W/want.full" --firmware "$FW" --kernel "${k#*:}" \
    --initrd "$W/initrd" --append "$APPEND"
done
# A header asking for another RAM offset (the fake kernel is position
# independent): loaded there, and fw_dynamic_info's next_addr follows.
{ head -c 8 "$KBIN"; printf '\x00\x00\x40\x00\x00\x00\x00\x00'; tail -c +17 "$KBIN"; } > "$W/k4m"
gzip -9 -n -c "$W/k4m" > "$W/k4m.gz"
expected_kernel_out 9fe00000 20000000 1 "$APPEND" "$WITH_INITRD" | sed 's/next=80200000/next=80400000/' > "$W/want"
boot_case kernel.text_offset_4M "$W/want" --firmware "$FW" --kernel "$W/k4m" --initrd "$W/initrd" --append "$APPEND"
boot_case kernel.text_offset_4M_gz "$W/want" --firmware "$FW" --kernel "$W/k4m.gz" --initrd "$W/initrd" --append "$APPEND"
expected_kernel_out 9fe00000 20000000 1 none none > "$W/want"
boot_case kernel.no_initrd_no_append "$W/want" --firmware "$FW" --kernel "$KBIN"
# Small and large RAM: the tree stays 2 MiB-aligned at the top when there is
# room, drops to 4 KiB alignment when not, and stays below 3 GiB.
expected_kernel_out 80e00000 1000000 1 "$APPEND" "$WITH_INITRD" > "$W/want"
boot_case kernel.mem_16M "$W/want" --firmware "$FW" --kernel "$KBIN" --initrd "$W/initrd" \
  --append "$APPEND" --mem 16M
expected_kernel_out 803ea000 400000 1 "$APPEND" "$WITH_INITRD" > "$W/want"
boot_case kernel.mem_4M "$W/want" --firmware "$FW" --kernel "$KBIN" --initrd "$W/initrd" \
  --append "$APPEND" --mem 4M
expected_kernel_out bfe00000 100000000 1 "$APPEND" "$WITH_INITRD" > "$W/want"
boot_case kernel.mem_4G "$W/want" --firmware "$FW" --kernel "$KBIN" --initrd "$W/initrd" \
  --append "$APPEND" --mem 4G
expected_kernel_out 9fe00000 20000000 4 none none > "$W/want"
boot_case kernel.cpus_4 "$W/want" --firmware "$FW" --kernel "$KBIN" --cpus 4
: > "$W/empty"
boot_case kernel.console_none "$W/empty" --firmware "$FW" --kernel "$KBIN" --console none

# The same firmware and kernel on QEMU virt (the oracle; QEMU passes boot_hart 0).
if command -v qemu-system-riscv64 > /dev/null; then
  expected_kernel_out 9fe00000 20000000 1 "$APPEND" "$WITH_INITRD" 0 > "$W/want"
  timeout $TIMEOUT qemu-system-riscv64 -M virt -m 512M -bios "$FW" -kernel "$KBIN" \
    -initrd "$W/initrd" -append "$APPEND" -nographic < /dev/null 2> "$W/err" | tr -d '\r' > "$W/out"
  if [ "${PIPESTATUS[0]}" = 0 ] && cmp -s "$W/want" "$W/out"; then
    result PASS qemu.kernel.image
  else
    result FAIL qemu.kernel.image "QEMU: $(diff "$W/want" "$W/out" | head -4 | tr '\n' ' ')"
  fi
fi

# --- (e) real OpenSBI fw_dynamic starts the fake kernel -------------------------------
FWDIR=${RVKVM_FIRMWARE_DIR:-${RVKVM_CACHE:-$HOME/.cache/rvkvm}/images}
if [ -f "$FWDIR/fw_dynamic.bin" ]; then
  RVKVM_FIRMWARE_DIR=$FWDIR rvk run --firmware default --kernel "$KBIN" --initrd "$W/initrd" --append "$APPEND"
  tr -d '\r' < "$W/out" > "$W/out.lf" && mv "$W/out.lf" "$W/out"   # OpenSBI prints CR LF
  expected_kernel_out 9fe00000 20000000 1 "$APPEND" "$WITH_INITRD" | grep -v '^fwinfo:' > "$W/want"
  sed -n '/^kernel: /,$p' "$W/out" > "$W/kout"
  why=""
  [ "$rc" = 0 ] || why+="exit status $rc; "
  grep -q '^OpenSBI v' "$W/out" || why+="no OpenSBI banner; "
  grep -qE '^Domain0 Next Address +: 0x0*80200000$' "$W/out" || why+="next address not 0x80200000; "
  grep -qE '^Domain0 Next Arg1 +: 0x0*9fe00000$' "$W/out" || why+="next arg1 not the device tree; "
  cmp -s "$W/want" "$W/kout" || why+="kernel output differs; last lines: $(tail -3 "$W/out" | tr '\n' ' ')"
  if [ -z "$why" ]; then result PASS opensbi.fake_kernel; else result FAIL opensbi.fake_kernel "$why"; fi
else
  echo "boot: skipping opensbi.fake_kernel: no $FWDIR/fw_dynamic.bin (run scripts/guest-image.sh)" >&2
fi

# --- (f) the fake kernel as a hypervisor guest: entered in VS-mode with
# a0 = hart id, a1 = device tree, no firmware and no fw_dynamic_info.
rvk run --kernel "$KBIN" --initrd "$W/initrd" --append "$APPEND"
expected_kernel_out 9fe00000 20000000 1 "$APPEND" "$WITH_INITRD" | grep -v '^fwinfo:' > "$W/want"
tr -d '\r' < "$W/out" > "$W/kout"
why=""
[ "$rc" = 0 ] || why+="exit status $rc; "
cmp -s "$W/want" "$W/kout" || why+="kernel output differs: $(diff "$W/want" "$W/kout" | head -4 | tr '\n' ' ')"
if [ -z "$why" ]; then result PASS hyp.fake_kernel; else result FAIL hyp.fake_kernel "$why"; fi

# --- (d) errors: refused with a message, nothing run -------------------------------------
expect_err() {  # expect_err NAME STATUS REGEX -- rvkvm args...
  local name=$1 status=$2 re=$3; shift 4
  rvk "$@"
  if [ "$rc" = "$status" ] && grep -qE -- "$re" "$W/err" && [ ! -s "$W/out" ]; then
    result PASS "$name"
  else
    result FAIL "$name" "exit status $rc (expected $status), stderr does not match /$re/ or stdout not empty"
  fi
}
R=(run --firmware "$FW")
expect_err err.kernel_missing 1 "no-such-kernel: No such file" -- "${R[@]}" --kernel "$W/no-such-kernel"
expect_err err.kernel_directory 1 'not a regular file' -- "${R[@]}" --kernel "$W"
expect_err err.kernel_empty 1 'empty kernel file' -- "${R[@]}" --kernel "$W/empty"
head -c $((5 << 20)) /dev/zero > "$W/big"
expect_err err.kernel_larger_than_ram 1 'larger than guest RAM' -- "${R[@]}" --kernel "$W/big" --mem 4M
# An Image whose image_size (bss included) reaches past RAM / into the tree.
mkimage() {  # mkimage IMAGE_SIZE OUT: kernel.bin with its image_size field replaced
  { head -c 16 "$KBIN"
    printf "$(printf '\\x%02x' $(for i in 0 1 2 3 4 5 6 7; do echo $(($1 >> (8 * i) & 255)); done))"
    tail -c +25 "$KBIN"; } > "$2"
}
mkimage $((64 << 20)) "$W/huge_bss"
expect_err err.kernel_image_size_past_ram 1 'beyond the end of guest RAM' -- "${R[@]}" --kernel "$W/huge_bss" --mem 16M
mkimage $(((14 << 20) - (16 << 10))) "$W/tight"
expect_err err.kernel_no_room_for_tree 1 'do not fit in guest RAM' -- "${R[@]}" --kernel "$W/tight" --mem 16M
{ head -c 8 "$KBIN"; printf '\x01\x00\x00\x00\x00\x00\x00\x00'; tail -c +17 "$KBIN"; } > "$W/badoff"
expect_err err.kernel_bad_text_offset 1 'text_offset' -- "${R[@]}" --kernel "$W/badoff"
# Compressed kernels: corrupt, truncated, and a bomb larger than RAM.
cp "$W/kernel.gz" "$W/corrupt.gz"
printf 'XXXXXXXXXXXXXXXX' | dd of="$W/corrupt.gz" bs=1 seek=200 conv=notrunc 2> /dev/null
expect_err err.gzip_corrupt 1 'corrupt gzip data' -- "${R[@]}" --kernel "$W/corrupt.gz"
head -c $(($(stat -c %s "$W/kernel.gz") / 2)) "$W/kernel.gz" > "$W/trunc.gz"
expect_err err.gzip_truncated 1 'truncated gzip data' -- "${R[@]}" --kernel "$W/trunc.gz"
head -c $((64 << 20)) /dev/zero | gzip -1 > "$W/bomb.gz"
expect_err err.gzip_larger_than_ram 1 'does not fit in RAM' -- "${R[@]}" --kernel "$W/bomb.gz" --mem 16M
expect_err err.zboot_not_gzip 1 'not gzip' -- "${R[@]}" --kernel "$W/kernel.zboot-xz"
# Initrd.
expect_err err.initrd_missing 1 'no-such-initrd: No such file' -- "${R[@]}" --kernel "$KBIN" --initrd "$W/no-such-initrd"
expect_err err.initrd_empty 1 'empty initrd' -- "${R[@]}" --kernel "$KBIN" --initrd "$W/empty"
head -c $((9 << 20)) /dev/zero > "$W/initrd9m"
expect_err err.initrd_larger_than_ram 1 'initrd larger than guest RAM' -- "${R[@]}" --kernel "$KBIN" --initrd "$W/initrd9m" --mem 8M
expect_err err.initrd_no_room 1 'initrd .* does not fit' -- "${R[@]}" --kernel "$KBIN" --initrd "$W/initrd9m" --mem 10M
expect_err err.initrd_without_kernel 2 'initrd needs --kernel' -- "${R[@]}" --initrd "$W/initrd"
# Firmware.
head -c $((3 << 20)) /dev/zero > "$W/fw3m.bin"
expect_err err.firmware_overlaps_kernel 1 'must fit in .* below the kernel' -- run --firmware "$W/fw3m.bin" --kernel "$KBIN"
# The default firmware's path: $RVKVM_FIRMWARE_DIR, else $RVKVM_CACHE/images,
# else ~/.cache/rvkvm/images.
RVKVM_FIRMWARE_DIR=$W/no-such-dir expect_err err.default_firmware_dir_missing 1 \
  "OpenSBI firmware $W/no-such-dir/fw_dynamic.bin: No such file" -- run --kernel "$KBIN" --firmware default
RVKVM_FIRMWARE_DIR= RVKVM_CACHE=$W/cache expect_err err.default_firmware_cache_missing 1 \
  "OpenSBI firmware $W/cache/images/fw_dynamic.bin: No such file" -- run --kernel "$KBIN" --firmware default
RVKVM_FIRMWARE_DIR= RVKVM_CACHE= HOME=$W/home expect_err err.default_firmware_home_missing 1 \
  "OpenSBI firmware $W/home/.cache/rvkvm/images/fw_dynamic.bin: No such file" -- run --bios default --kernel "$KBIN"
expect_err err.default_firmware_without_kernel 2 'needs --kernel' -- run --firmware default
# Command line.
for n in 0 65 -1 abc 4x '' 99999999999999999999 2,max=1 1,max=65 1,max= 1,maxx=2; do
  expect_err "err.cpus[$n]" 2 'invalid number of cpus' -- "${R[@]}" --kernel "$KBIN" --cpus "$n"
done
expect_err err.halt_poll_negative 2 'invalid --halt-poll-ns' -- "${R[@]}" --kernel "$KBIN" --halt-poll-ns -5
expect_err err.halt_poll_too_big 2 'invalid --halt-poll-ns' -- "${R[@]}" --kernel "$KBIN" --halt-poll-ns 99999999999
expect_err err.append_too_long 2 'command line too long' -- "${R[@]}" --kernel "$KBIN" --append "${long}y"
expect_err err.append_control_char 2 'control character' -- "${R[@]}" --kernel "$KBIN" --append $'a\nb'
expect_err err.disk_missing 2 "disk image '$W/no-such-disk'" -- "${R[@]}" --disk "$W/no-such-disk"
expect_err err.disk_directory 2 'not a regular file or block device' -- "${R[@]}" --disk "$W"
expect_err err.disk_empty_path 2 'needs a path' -- "${R[@]}" --disk ,ro
disks=(); for i in 1 2 3 4 5 6 7 8 9; do disks+=(--disk "$W/initrd"); done
expect_err err.disks_too_many 2 'too many disks' -- "${R[@]}" "${disks[@]}"
expect_err err.console_bad 2 "invalid console 'tty'" -- "${R[@]}" --console tty
expect_err err.cpu_model_unknown 2 "unknown CPU model 'rv32gc'" -- "${R[@]}" --cpu rv32gc
expect_err err.cpu_ext_unknown 2 "'zfoo=on' is not EXT=on.off" -- "${R[@]}" --cpu max,zfoo=on
expect_err err.cpu_ext_value 2 "'v=maybe' is not EXT=on.off" -- "${R[@]}" --cpu max,v=maybe
expect_err err.cpu_vlen 2 "vlen=100 is not 128, 256, 512 or 1024" -- "${R[@]}" --cpu max,vlen=100
expect_err err.dump_dtb_unwritable 1 "$W/no-such-dir/x.dtb" -- run --dump-dtb "$W/no-such-dir/x.dtb"
# Accepted forms (no error): disks with ,ro and a comma in the name, dump only.
cp "$W/initrd" "$W/a,b.img"; cp "$W/initrd" "$W/c.img"
rvk run --dump-dtb "$W/d.dtb" --disk "$W/initrd,ro" --disk "$W/a,b.img" --disk "$W/c.img"
if [ "$rc" = 0 ] && [ -s "$W/d.dtb" ]; then result PASS cli.disks_accepted; else
  result FAIL cli.disks_accepted "exit status $rc"; fi
rvk run --help
if [ "$rc" = 0 ] && grep -q -- '--kernel FILE' "$W/out" && grep -q -- '--dump-dtb FILE' "$W/out" &&
   grep -q -- '--console' "$W/out" && grep -q -- '--cpus N' "$W/out"; then
  result PASS cli.help
else
  result FAIL cli.help "rvkvm run --help lacks the boot options"
fi

nfail=$(grep -c '^FAIL' "$OUT")
echo "boot: $(grep -c '^PASS' "$OUT") passed, $nfail failed"
[ "$nfail" = 0 ]
