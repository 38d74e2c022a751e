#!/usr/bin/env bash
# Build the Linux guest image rvkvm boots: a Debian riscv64 kernel, OpenSBI
# and a busybox initramfs whose /init is guest/init.
#
#   scripts/guest-image.sh [--update] [--rebuild] [-q]
#
# Packages come from Debian (suite $RVKVM_SUITE, default trixie) through a
# private apt configuration under the cache; the host's apt sources are read
# only to learn the archive URL.  Everything lives in
# ${RVKVM_CACHE:-$HOME/.cache/rvkvm}:
#   apt/             private apt state (sources, lists, download cache)
#   debs/            downloaded .debs, selection and checksums in packages.txt
#   root/NAME/       each .deb extracted with dpkg-deb -x
#   images/          the outputs (vmlinux, initramfs.cpio.gz, fw_*.bin/.elf,
#                    bench-xz.cpio.gz)
# Once packages.txt exists the selection is pinned: later runs verify the
# cached .debs against its SHA256 sums and need no network.  A missing or
# corrupt .deb is fetched again.  --update refreshes the apt lists and
# re-resolves the newest versions; --rebuild remakes images/ from scratch.
# A packages.txt that lacks a package of a newer list (BENCH_PKGS) keeps its
# pins and gets the missing packages added at their current versions.
#
# stdout: shell assignments (RVKVM_GUEST_KERNEL=... etc.), so that
#   eval "$(scripts/guest-image.sh -q)"
# works; progress goes to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${RVKVM_CACHE:-$HOME/.cache/rvkvm}
SUITE=${RVKVM_SUITE:-trixie}
ARCH=riscv64
INIT=$ROOT/guest/init
UDHCPC=$ROOT/guest/udhcpc.script     # busybox udhcpc's lease hook

# Drivers the initramfs needs: CONFIG symbol and module name.  Symbols that
# are =y need nothing; =m ones are copied with their dependencies.
# crc32c: ext4 and jbd2 checksum metadata through the crypto API and name the
# algorithm by its alias ("pre: crc32c"), which is crc32c_generic.
# vsock: AF_VSOCK; vmw_vsock_virtio_transport: its virtio-vsock transport
# (guest/vsock-test.sh; it pulls in vmw_vsock_virtio_transport_common).
DRIVERS="VIRTIO_MMIO:virtio_mmio VIRTIO_BLK:virtio_blk HW_RANDOM_VIRTIO:virtio-rng
         EXT4_FS:ext4 CRYPTO_CRC32C:crc32c_generic VIRTIO_CONSOLE:virtio_console
         VIRTIO_NET:virtio_net VSOCKETS:vsock VIRTIO_VSOCKETS:vmw_vsock_virtio_transport
         VIRTIO_BALLOON:virtio_balloon"

# Debian's xz for the xz step of bench/linux.sh (busybox only decompresses):
# the program, its shared libraries and the dynamic loader.  They go into
# images/bench-xz.cpio.gz, never into the initramfs every test boots.
BENCH_PKGS="xz-utils liblzma5 libc6"
READELF=${RV_READELF:-riscv64-linux-gnu-readelf}

update=0 rebuild=0 quiet=0
for a in "$@"; do
  case $a in
    --update) update=1 ;;
    --rebuild) rebuild=1 ;;
    -q|--quiet) quiet=1 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "guest-image: unknown argument $a" >&2; exit 2 ;;
  esac
done

log() { [ "$quiet" = 1 ] || echo "guest-image: $*" >&2; }
die() { echo "guest-image: error: $*" >&2; exit 1; }

for t in apt-get apt-cache dpkg-deb sha256sum cpio gzip xz flock file "$READELF"; do
  command -v "$t" >/dev/null || die "$t not found (scripts/deps.sh installs it)"
done

APTD=$CACHE/apt DEBS=$CACHE/debs TREES=$CACHE/root IMG=$CACHE/images
mkdir -p "$APTD/sources.list.d" "$APTD/preferences.d" "$APTD/lists/partial" \
         "$APTD/cache/archives/partial" "$DEBS" "$TREES" "$IMG"
exec 9>"$CACHE/.lock"
flock 9                       # one run at a time per cache
SEL=$DEBS/packages.txt        # name version file sha256 size, one per line

# --- private apt configuration ----------------------------------------------

# The first "deb" URI of the host's main archive (not the security archive).
archive_url() {
  local f=/etc/apt/sources.list.d/debian.sources u
  if [ -r "$f" ]; then
    u=$(awk 'function end() {
               if (deb && on && uri != "" && uri !~ /security/ && !done) { print uri; done = 1 }
               deb = 0; on = 1; uri = "" }
             BEGIN { on = 1 }
             /^[ \t]*$/ { end(); next }
             /^#/ { next }
             { k = tolower($1) }
             k == "types:"   { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
             k == "uris:"    { uri = $2 }
             k == "enabled:" { on = tolower($2) != "no" }
             END { end() }' "$f")
  fi
  if [ -z "${u:-}" ] && [ -r /etc/apt/sources.list ]; then
    u=$(awk '$1=="deb" { for (i=2;i<=NF;i++) if ($i ~ /^[a-z+]+:\/\//) {
               if ($i !~ /security/) { print $i; exit } break } }' /etc/apt/sources.list)
  fi
  [ -n "${u:-}" ] || die "no Debian archive URL in /etc/apt/sources.list{,.d/debian.sources}"
  echo "${u%/}"
}

APT=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$APTD/sources.list.d"
     -o Dir::Etc::Preferences=/dev/null -o "Dir::Etc::PreferencesParts=$APTD/preferences.d"
     -o "Dir::State::Lists=$APTD/lists" -o "Dir::State::status=$APTD/status"
     -o "Dir::Cache=$APTD/cache" -o "APT::Architecture=$ARCH" -o "APT::Architectures::=$ARCH"
     -o Acquire::Languages=none -o APT::Get::List-Cleanup=1)
# Root cannot hand a directory under a private $HOME to the _apt sandbox user.
[ "$(id -u)" = 0 ] && APT+=(-o APT::Sandbox::User=root)

apt_update() {
  local url; url=$(archive_url)
  : > "$APTD/status"
  cat > "$APTD/sources.list.d/$SUITE.sources" <<EOF
Types: deb
URIs: $url
Suites: $SUITE
Components: main
Architectures: $ARCH
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  log "apt-get update ($SUITE/main $ARCH)"
  apt-get "${APT[@]}" -qq update >&2 || die "apt-get update failed"
  touch "$APTD/lists/.updated"
}

# records NAME...: the candidate records of the NAMEs that exist, as lines
# "NAME FIELD: VALUE" (one apt-cache call: each one parses all the lists).
records() {
  apt-cache "${APT[@]}" show --no-all-versions "$@" 2>/dev/null |
    awk '/^Package: / { p = $2 } /^[A-Za-z0-9-]+: / && p != "" { print p " " $0 }'
}
# field RECORDS NAME FIELD: one value out of records' output.
field() { awk -v p="$2" -v f="$3:" '$1 == p && $2 == f { sub(/^[^ ]* [^ ]* /, ""); print; exit }' <<< "$1"; }

# sel_lines RECORDS NAME...: the packages.txt lines of the NAMEs.
sel_lines() {
  local r=$1 p v f s z
  shift
  for p in "$@"; do
    v=$(field "$r" "$p" Version); f=$(field "$r" "$p" Filename)
    s=$(field "$r" "$p" SHA256); z=$(field "$r" "$p" Size)
    [ -n "$v" ] && [ -n "$f" ] && [ -n "$s" ] || die "package $p not in $SUITE/$ARCH"
    echo "$p $v ${f##*/} $s $z"
  done
}

resolve() {
  local r k
  # The package of linux-image-$ARCH's first dependency that holds
  # /boot/vmlinu*: the versioned image, or its -unsigned twin when the
  # versioned one is only a small signed-image wrapper.
  r=$(records linux-image-$ARCH)
  k=$(field "$r" linux-image-$ARCH Depends | sed 's/[ ,|(].*//')
  [ -n "$k" ] || die "cannot resolve linux-image-$ARCH in $SUITE/$ARCH"
  # shellcheck disable=SC2086
  r=$(records "$k" "$k-unsigned" busybox-static opensbi $BENCH_PKGS)
  if [ "$(field "$r" "$k" Installed-Size)" -lt 10000 ] 2>/dev/null &&
     [ -n "$(field "$r" "$k-unsigned" Version)" ]; then
    k=$k-unsigned
  fi
  # The kernel stays the first line (KTREE below).
  # shellcheck disable=SC2086
  sel_lines "$r" "$k" busybox-static opensbi $BENCH_PKGS > "$SEL.new"
  mv "$SEL.new" "$SEL"
  log "selected: $(awk '{ printf "%s%s %s (%d bytes)", (NR > 1 ? ", " : ""), $1, $2, $5 }' "$SEL")"
}

# --- fetch and verify ----------------------------------------------------------

sha_ok() { [ -f "$1" ] && [ "$(sha256sum < "$1" | cut -d' ' -f1)" = "$2" ]; }

# fetch NAME VERSION FILE SHA256: download into debs/ unless a verified copy is there.
fetch() {
  local p=$1 v=$2 f=$3 s=$4 tmp
  sha_ok "$DEBS/$f" "$s" && return 0
  [ -e "$DEBS/$f" ] && log "$f: checksum mismatch, fetching again"
  rm -f "$DEBS/$f"
  [ -e "$APTD/lists/.updated" ] || apt_update
  tmp=$(mktemp -d "$DEBS/.dl.XXXXXX")
  log "downloading $p $v"
  (cd "$tmp" && apt-get "${APT[@]}" -qq download "$p=$v" >&2) ||
    { rm -rf "$tmp"; die "apt-get download $p=$v failed (no network, or the version left the archive: try --update)"; }
  set -- "$tmp"/*.deb
  [ -f "$1" ] || { rm -rf "$tmp"; die "apt-get download $p=$v produced no .deb"; }
  sha_ok "$1" "$s" || { rm -rf "$tmp"; die "$p $v: SHA256 differs from the archive metadata"; }
  mv "$1" "$DEBS/$f"; rm -rf "$tmp"
}

# extract FILE SHA256: dpkg-deb -x into root/NAME once per verified .deb.
extract() {
  local f=$1 s=$2 d=$TREES/${1%.deb}
  [ -d "$d" ] && [ "$(cat "$d.ok" 2>/dev/null)" = "$s" ] && return 0
  log "extracting $f"
  rm -rf "$d" "$d.tmp" "$d.ok"
  dpkg-deb -x "$DEBS/$f" "$d.tmp"
  mv "$d.tmp" "$d"; echo "$s" > "$d.ok"
}

if [ "$update" = 1 ] || [ ! -s "$SEL" ]; then
  apt_update
  resolve
  # Drop .debs and trees of versions no longer selected.
  for f in "$DEBS"/*.deb; do
    [ -e "$f" ] || continue
    b=${f##*/}
    awk -v b="$b" '$3 == b { found = 1 } END { exit !found }' "$SEL" && continue
    log "removing old $b"
    rm -rf "$f" "${TREES:?}/${b%.deb}" "$TREES/${b%.deb}.ok" "$TREES/${b%.deb}.ko"
  done
fi
# A selection from before BENCH_PKGS existed (or grew): add what it lacks,
# from freshly updated lists, and leave the pinned lines alone.
add=()
for p in $BENCH_PKGS; do
  awk -v p="$p" '$1 == p { found = 1 } END { exit !found }' "$SEL" || add+=("$p")
done
if [ ${#add[@]} -gt 0 ]; then
  apt_update
  cp "$SEL" "$SEL.new"
  sel_lines "$(records "${add[@]}")" "${add[@]}" >> "$SEL.new"
  mv "$SEL.new" "$SEL"
  log "added: $(tail -n ${#add[@]} "$SEL" |
                awk '{ printf "%s%s %s (%d bytes)", (NR > 1 ? ", " : ""), $1, $2, $5 }')"
fi
while read -r -u 3 p v f s _; do        # fd 3: apt must not eat the list
  fetch "$p" "$v" "$f" "$s"
  extract "$f" "$s"
done 3< "$SEL"

tree() { echo "$TREES/$(awk -v p="$1" '$1==p { sub(/\.deb$/, "", $3); print $3 }' "$SEL")"; }
KTREE=$(tree "$(awk 'NR==1 {print $1}' "$SEL")")
BBTREE=$(tree busybox-static)
SBITREE=$(tree opensbi)

# Debian's kernel: /boot/vmlinux-KREL and (/usr)/lib/modules/KREL.
set -- "$KTREE"/boot/vmlinu[xz]-*
[ -f "$1" ] || die "no /boot/vmlinu* in $KTREE"
VMLINUX=$1 KREL=${1##*/vmlinu?-}
MODDIR=
for d in "$KTREE/lib/modules/$KREL" "$KTREE/usr/lib/modules/$KREL"; do
  [ -d "$d/kernel" ] && MODDIR=$d
done
[ -n "$MODDIR" ] || die "no modules directory for $KREL"
KCONFIG=$KTREE/boot/config-$KREL
BUSYBOX=
for b in "$BBTREE/bin/busybox" "$BBTREE/usr/bin/busybox"; do [ -f "$b" ] && BUSYBOX=$b; done
[ -n "$BUSYBOX" ] || die "no busybox binary in $BBTREE"
SBIDIR=$SBITREE/usr/lib/riscv64-linux-gnu/opensbi/generic
[ -f "$SBIDIR/fw_dynamic.bin" ] || die "no OpenSBI generic fw_dynamic.bin"

# --- images/ ---------------------------------------------------------------------

[ "$rebuild" = 1 ] && rm -rf "${IMG:?}"/* "$IMG"/.key "$IMG"/.bench-key
mkdir -p "$IMG"

# install SRC NAME: copy into images/ when it differs.
install_img() { cmp -s "$1" "$IMG/$2" || { cp "$1" "$IMG/$2.tmp" && mv "$IMG/$2.tmp" "$IMG/$2"; }; }
install_img "$VMLINUX" vmlinux
install_img "$KCONFIG" config
for f in "$SBIDIR"/fw_*.bin "$SBIDIR"/fw_*.elf; do
  [ -f "$f" ] && install_img "$f" "${f##*/}"
done

# Modules: the =m drivers with their dependencies, in load order.  Debian
# ships no modules.dep (depmod runs at install time), so dependencies come
# from each module's .modinfo: "depends=" (symbols) and "softdep=" (e.g.
# ext4's "pre: crc32c"; soft dependencies named by an alias that is no
# module's file name are reported, and belong in DRIVERS).  Modules are
# .ko.xz; they are decompressed once into root/KERNEL.ko/ for busybox insmod.
KOS=$KTREE.ko
mkdir -p "$KOS"
# modname PATH-OR-NAME: the module name in $REPLY (no subshell: runs 4000 times).
modname() { REPLY=${1##*/}; REPLY=${REPLY%%.ko*}; REPLY=${REPLY//-/_}; }
declare -A PATHOF=() SEEN=()
while IFS= read -r m; do
  modname "$m"; PATHOF[$REPLY]=${m#"$MODDIR"/}
done < <(find "$MODDIR/kernel" -name '*.ko*')
# plain_ko NAME: decompress NAME's module into $KOS/NAME.ko (once).
plain_ko() {
  local src=$MODDIR/${PATHOF[$1]} dst=$KOS/$1.ko
  [ -s "$dst" ] && [ "$dst" -nt "$src" ] && return 0
  case $src in
    *.ko.xz)  xz -dc "$src" ;;
    *.ko.zst) zstd -qdc "$src" ;;
    *.ko.gz)  gzip -dc "$src" ;;
    *)        cat "$src" ;;
  esac > "$dst.tmp" && mv "$dst.tmp" "$dst"
}
modinfo_field() { tr '\0' '\n' < "$KOS/$1.ko" | sed -n "s/^$2=//p"; }
ORDER=() BUILTIN=() MISSING=() UNRESOLVED=()
add_mod() {                       # dependencies first, each module once
  local n=$1 d
  [ -n "${SEEN[$n]:-}" ] && return 0
  SEEN[$n]=1
  plain_ko "$n"
  for d in $(modinfo_field "$n" depends | tr , ' ') \
           $(modinfo_field "$n" softdep | sed 's/\(pre\|post\)://g'); do
    modname "$d"; d=$REPLY
    if [ -n "${PATHOF[$d]:-}" ]; then add_mod "$d"; else UNRESOLVED+=("$n:$d"); fi
  done
  ORDER+=("$n")
}
for e in $DRIVERS; do
  sym=${e%%:*}; modname "${e#*:}"; mod=$REPLY
  case $(grep -E "^(# )?CONFIG_${sym}[= ]" "$KCONFIG" || true) in
    "CONFIG_$sym=y") BUILTIN+=("$sym") ;;
    "CONFIG_$sym=m") [ -n "${PATHOF[$mod]:-}" ] || die "no module $mod for CONFIG_$sym"
                     add_mod "$mod" ;;
    *) MISSING+=("$sym") ;;
  esac
done
[ ${#MISSING[@]} -eq 0 ] || log "warning: not configured in $KREL: ${MISSING[*]}"
# An alias soft dependency is fine when a chosen module provides the alias.
declare -A ALIASES=()
for n in "${ORDER[@]}"; do
  for a in $(modinfo_field "$n" alias); do modname "$a"; ALIASES[$REPLY]=1; done
done
for u in "${UNRESOLVED[@]}"; do
  [ -n "${ALIASES[${u#*:}]:-}" ] || log "warning: ${u%%:*} soft-depends on ${u#*:}: add it to DRIVERS"
done

# KVM for the nested-virtualization test (guest/kvm-test.sh): kvm.ko, shipped
# as extra/kvm.ko and NOT in load.order (it fails to load without the H
# extension, and the normal boots stay clean), and kvm-client, the
# guest-side VMM (guest/kvm/), built here so that it is always in the image.
# Its build is cached under the hash of its sources and the compiler.
[ -n "${PATHOF[kvm]:-}" ] || die "no kvm module in $KREL"
plain_ko kvm
[ -z "$(modinfo_field kvm depends)" ] || die "kvm.ko depends on $(modinfo_field kvm depends)"
KVMC_SRC=$ROOT/guest/kvm RV_CC=${RV_CC:-riscv64-linux-gnu-gcc}
command -v "$RV_CC" >/dev/null || die "$RV_CC not found (scripts/deps.sh installs it)"
KVMC=$CACHE/kvm-client/kvm-client
kvmc_key=$( { "$RV_CC" --version | head -1
              for f in $(cd "$KVMC_SRC" && LC_ALL=C ls); do echo "$f"; sha256sum < "$KVMC_SRC/$f"; done; } |
            sha256sum | cut -d' ' -f1)
if [ "$(cat "$KVMC.key" 2>/dev/null)" != "$kvmc_key" ] || [ ! -s "$KVMC" ]; then
  log "building kvm-client (guest/kvm)"
  mkdir -p "${KVMC%/*}"
  RV_CC=$RV_CC bash "$KVMC_SRC/build.sh" "$KVMC" >&2 || die "building guest/kvm failed"
  echo "$kvmc_key" > "$KVMC.key"
fi
# vsock-test, the guest side of guest/vsock-test.sh (guest/vsock/), cached
# the same way.
VST_SRC=$ROOT/guest/vsock VST=$CACHE/vsock-test/vsock-test
vst_key=$( { "$RV_CC" --version | head -1
             for f in $(cd "$VST_SRC" && LC_ALL=C ls); do echo "$f"; sha256sum < "$VST_SRC/$f"; done; } |
           sha256sum | cut -d' ' -f1)
if [ "$(cat "$VST.key" 2>/dev/null)" != "$vst_key" ] || [ ! -s "$VST" ]; then
  log "building vsock-test (guest/vsock)"
  mkdir -p "${VST%/*}"
  RV_CC=$RV_CC bash "$VST_SRC/build.sh" "$VST" >&2 || die "building guest/vsock failed"
  echo "$vst_key" > "$VST.key"
fi

# vector-test, the guest side of the vector test (guest/vector/), cached the
# same way.
VET_SRC=$ROOT/guest/vector VET=$CACHE/vector-test/vector-test
vet_key=$( { "$RV_CC" --version | head -1
             for f in $(cd "$VET_SRC" && LC_ALL=C ls); do echo "$f"; sha256sum < "$VET_SRC/$f"; done; } |
           sha256sum | cut -d' ' -f1)
if [ "$(cat "$VET.key" 2>/dev/null)" != "$vet_key" ] || [ ! -s "$VET" ]; then
  log "building vector-test (guest/vector)"
  mkdir -p "${VET%/*}"
  RV_CC=$RV_CC bash "$VET_SRC/build.sh" "$VET" >&2 || die "building guest/vector failed"
  echo "$vet_key" > "$VET.key"
fi

# The initramfs is remade when any of its inputs changes.
inputs=("$INIT" "$UDHCPC" "$BUSYBOX" "${BASH_SOURCE[0]}" "$MODDIR/${PATHOF[kvm]}" "$KVMC")
inputs+=("$VST" "$VET")
for n in "${ORDER[@]}"; do inputs+=("$MODDIR/${PATHOF[$n]}"); done
key=$( { echo "$KREL ${ORDER[*]} extra:kvm"; for f in "${inputs[@]}"; do sha256sum < "$f"; done; } |
       sha256sum | cut -d' ' -f1)
if [ "$(cat "$IMG/.key" 2>/dev/null)" != "$key" ] || [ ! -s "$IMG/initramfs.cpio.gz" ]; then
  log "building initramfs (${#ORDER[@]} modules: ${ORDER[*]})"
  st=$(mktemp -d "$CACHE/.initramfs.XXXXXX")
  trap 'rm -rf "$st"' EXIT
  mkdir -p "$st"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,mnt,root,etc,run} \
           "$st/lib/modules/$KREL"
  install -m 0755 "$BUSYBOX" "$st/bin/busybox"
  ln -s busybox "$st/bin/sh"          # the rest: busybox --install -s at boot
  install -m 0755 "$INIT" "$st/init"
  install -D -m 0755 "$UDHCPC" "$st/etc/udhcpc/default.script"
  chmod 1777 "$st/tmp"
  for n in "${ORDER[@]}"; do
    cp "$KOS/$n.ko" "$st/lib/modules/$KREL/$n.ko"
    echo "$n" >> "$st/lib/modules/$KREL/load.order"
  done
  : >> "$st/lib/modules/$KREL/load.order"
  mkdir -p "$st/lib/modules/$KREL/extra"
  cp "$KOS/kvm.ko" "$st/lib/modules/$KREL/extra/kvm.ko"
  install -m 0755 "$KVMC" "$st/bin/kvm-client"
  install -m 0755 "$VST" "$st/bin/vsock-test"
  install -m 0755 "$VET" "$st/bin/vector-test"
  echo "root:x:0:0:root:/root:/bin/sh" > "$st/etc/passwd"
  echo "root:x:0:" > "$st/etc/group"
  find "$st" -exec touch -h -d @0 {} +   # same inputs, same bytes
  (cd "$st" && find . -mindepth 1 | LC_ALL=C sort |
     cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9n > "$IMG/initramfs.cpio.gz.tmp"
  mv "$IMG/initramfs.cpio.gz.tmp" "$IMG/initramfs.cpio.gz"
  echo "$key" > "$IMG/.key"
  rm -rf "$st"; trap - EXIT
fi

# bench-xz.cpio.gz: Debian's /usr/bin/xz, its ELF interpreter at the path
# PT_INTERP names and the libraries its NEEDED entries name (transitively) in
# /usr/lib/$ARCH-linux-gnu, where the loader looks without an ld.so.cache.
# bench/linux.sh boots the initramfs with this archive appended (the kernel
# unpacks concatenated archives one after the other).  Directories carry the
# initramfs's modes, since a later archive's entry re-applies them.
BTREES=()
for p in $BENCH_PKGS; do BTREES+=("$(tree "$p")"); done
# bench_find PATH: the regular file at absolute PATH in the BENCH_PKGS trees
# (Debian is merged-/usr: /lib/X is also looked for as /usr/lib/X), symlinks
# followed inside the trees.  Empty when there is none.
bench_find() {
  local p=$1 t c l hops=0
  while [ $hops -lt 20 ]; do
    hops=$((hops + 1))
    for t in "${BTREES[@]}"; do
      for c in "$p" "/usr$p"; do
        if [ -L "$t$c" ]; then
          l=$(readlink "$t$c")
          case $l in /*) p=$l ;; *) p=${c%/*}/$l ;; esac
          continue 3
        elif [ -f "$t$c" ]; then
          echo "$t$c"; return 0
        fi
      done
    done
    return 0
  done
}
XZBIN=$(bench_find /usr/bin/xz)
[ -n "$XZBIN" ] || die "no /usr/bin/xz in xz-utils"
XZINTERP=$("$READELF" -lW "$XZBIN" | sed -n 's/.*program interpreter: \(.*\)\]$/\1/p')
[ -n "$XZINTERP" ] || die "/usr/bin/xz names no ELF interpreter"
XZLD=$(bench_find "$XZINTERP")
[ -n "$XZLD" ] || die "no $XZINTERP (xz's interpreter) in $BENCH_PKGS"
declare -A BLIB=()                    # NEEDED soname -> file in a tree
bench_needed() {
  local n f
  for n in $("$READELF" -dW "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
    [ "$n" = "${XZINTERP##*/}" ] || [ -n "${BLIB[$n]:-}" ] && continue
    f=$(bench_find "/lib/$ARCH-linux-gnu/$n")
    [ -n "$f" ] || f=$(bench_find "/lib/$n")
    [ -n "$f" ] || die "${1##*/} needs $n, in none of $BENCH_PKGS: add its package to BENCH_PKGS"
    BLIB[$n]=$f
    bench_needed "$f"
  done
}
bench_needed "$XZBIN"
bkey=$( { echo "$XZINTERP ${!BLIB[*]}"
          for f in "${BASH_SOURCE[0]}" "$XZBIN" "$XZLD" "${BLIB[@]}"; do sha256sum < "$f"; done; } |
        sha256sum | cut -d' ' -f1)
if [ "$(cat "$IMG/.bench-key" 2>/dev/null)" != "$bkey" ] || [ ! -s "$IMG/bench-xz.cpio.gz" ]; then
  log "building bench-xz.cpio.gz (xz, ${!BLIB[*]}, $XZINTERP)"
  st=$(mktemp -d "$CACHE/.bench.XXXXXX")
  trap 'rm -rf "$st"' EXIT
  install -D -m 0755 "$XZBIN" "$st/usr/bin/xz"
  install -D -m 0755 "$XZLD" "$st$XZINTERP"
  for n in "${!BLIB[@]}"; do
    install -D -m 0644 "${BLIB[$n]}" "$st/usr/lib/$ARCH-linux-gnu/$n"
  done
  find "$st" -type d -exec chmod 0755 {} +
  find "$st" -exec touch -h -d @0 {} +
  (cd "$st" && find . -mindepth 1 | LC_ALL=C sort |
     cpio -o -H newc -R 0:0 --reproducible --quiet) | gzip -9n > "$IMG/bench-xz.cpio.gz.tmp"
  mv "$IMG/bench-xz.cpio.gz.tmp" "$IMG/bench-xz.cpio.gz"
  echo "$bkey" > "$IMG/.bench-key"
  rm -rf "$st"; trap - EXIT
fi

{
  echo "# rvkvm guest image, made by scripts/guest-image.sh"
  echo "# package version file sha256 size"
  cat "$SEL"
  echo "kernel-release $KREL"
  echo "kernel-format $(file -b "$IMG/vmlinux")"
  echo "builtin ${BUILTIN[*]}"
  echo "modules ${ORDER[*]}"
  echo "extra kvm (not loaded at boot) kvm-client $(sha256sum < "$KVMC" | cut -d' ' -f1)"
  echo "vsock-test $(sha256sum < "$VST" | cut -d' ' -f1)"
  echo "vector-test $(sha256sum < "$VET" | cut -d' ' -f1)"
  echo "bench-xz.cpio.gz /usr/bin/xz $XZINTERP ${!BLIB[*]}"
} > "$IMG/manifest.txt"

cat <<EOF
RVKVM_GUEST_KERNEL=$IMG/vmlinux
RVKVM_GUEST_INITRD=$IMG/initramfs.cpio.gz
RVKVM_GUEST_FW_DYNAMIC=$IMG/fw_dynamic.bin
RVKVM_GUEST_FW_DYNAMIC_ELF=$IMG/fw_dynamic.elf
RVKVM_GUEST_FW_JUMP=$IMG/fw_jump.bin
RVKVM_GUEST_KREL=$KREL
RVKVM_GUEST_BENCH_CPIO=$IMG/bench-xz.cpio.gz
EOF
