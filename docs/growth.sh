#!/bin/sh
# usage: sh docs/growth.sh CSPLAN-BINARY WORKDIR (WORKDIR is emptied first)
# File sizes after three imports of a generated 10,000-line plan: docs/benchmarks.md.
set -e
bin=$1; d=$2; rm -rf "$d"; mkdir -p "$d"; cd "$d"
"$bin" --db gen.db dev gen --lines 10000 --posts 500 --scenarios 0 --seed 1 >/dev/null
"$bin" --db gen.db export -o a.csv >/dev/null
"$bin" --db plan.db init >/dev/null
size() { stat -c %s plan.db; }
"$bin" --db plan.db import a.csv --yes >/dev/null; echo "first import: $(size)"
# one line's cost up by a pound each time (the 500th data row, field 5 is not assumed: sed on the first ",NNNN.NN," of that row)
for i in 2 3; do
  awk -v n=$((500*i)) 'NR==n { sub(/,[0-9]+\.[0-9][0-9],/, ",1" substr($0, match($0, /,[0-9]+\.[0-9][0-9],/)+1, RLENGTH-1)) } { print }' a.csv > b.csv && mv b.csv a.csv
  "$bin" --db plan.db import a.csv --yes >/dev/null; echo "import $i (one line changed): $(size)"
done
"$bin" --db plan.db import a.csv --yes; echo "identical import: $(size)"
if "$bin" --help | grep -q compact; then "$bin" --db plan.db compact; echo "after compact: $(size)"; fi
