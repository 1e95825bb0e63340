#!/bin/sh
# usage: sh docs/growth.sh CSPLAN-BINARY WORKDIR [LINES] (WORKDIR is emptied first)
# File sizes after three imports of a generated plan of LINES lines (10,000
# unless given; a post for every twenty lines): docs/benchmarks.md.
set -e
bin=$1; d=$2; lines=${3:-10000}; rm -rf "$d"; mkdir -p "$d"; cd "$d"
"$bin" --db gen.db dev gen --lines "$lines" --posts $((lines / 20)) --scenarios 0 --seed 1 >/dev/null
"$bin" --db gen.db export -o a.csv >/dev/null
"$bin" --db plan.db init >/dev/null
size() { stat -c %s plan.db; }
"$bin" --db plan.db import a.csv --yes >/dev/null; echo "first import: $(size)"
# one line's cost up by a pound each time (row LINES/20 times i, field 5 is not assumed: sed on the first ",NNNN.NN," of that row)
for i in 2 3; do
  awk -v n=$((lines / 20 * i)) 'NR==n { sub(/,[0-9]+\.[0-9][0-9],/, ",1" substr($0, match($0, /,[0-9]+\.[0-9][0-9],/)+1, RLENGTH-1)) } { print }' a.csv > b.csv && mv b.csv a.csv
  "$bin" --db plan.db import a.csv --yes >/dev/null; echo "import $i (one line changed): $(size)"
done
"$bin" --db plan.db import a.csv --yes; echo "identical import: $(size)"
if "$bin" --help | grep -q compact; then "$bin" --db plan.db compact; echo "after compact: $(size)"; fi
