# Shared by the guest test scripts (sourced, not run).
# guest_args APPEND DISK ARG...: the emulator command line ARG... with
# @KERNEL@ @INITRD@ @FW@ replaced from RVKVM_GUEST_* (scripts/guest-image.sh),
# @APPEND@ by APPEND and @DISK@ by DISK, into the array GUEST_ARGS.
guest_args() {
  local append=$1 disk=$2 a
  shift 2
  GUEST_ARGS=()
  for a in "$@"; do
    a=${a//@KERNEL@/$RVKVM_GUEST_KERNEL}; a=${a//@INITRD@/$RVKVM_GUEST_INITRD}
    a=${a//@FW@/$RVKVM_GUEST_FW_DYNAMIC}; a=${a//@APPEND@/$append}; a=${a//@DISK@/$disk}
    GUEST_ARGS+=("$a")
  done
}

# guest_verdict RESULTS NAME PASS|FAIL [DETAIL]: print and record a result.
guest_verdict() {
  local line="$3 $2${4:+ ($4)}"
  echo "$line"
  [ -z "$1" ] || echo "$line" >> "$1"
}
