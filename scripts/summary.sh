#!/usr/bin/env bash
# Summarise test results: every file in DIR holds lines "PASS name" or "FAIL name".
# Prints failures, then "N passed, N failed"; exits 1 if anything failed or nothing ran.
dir=${1:-build/results}
pass=0; fail=0
for f in "$dir"/*.txt; do
  [ -e "$f" ] || continue
  p=$(grep -c '^PASS ' "$f"); x=$(grep -c '^FAIL ' "$f")
  printf '%-24s %5d passed %5d failed\n' "$(basename "$f" .txt)" "$p" "$x"
  grep '^FAIL ' "$f" | head -20 | sed 's/^/  /'
  pass=$((pass + p)); fail=$((fail + x))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
