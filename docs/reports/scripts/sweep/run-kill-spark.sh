#!/usr/bin/env bash
# The Spark runner killed (SIGKILL) after SECONDS s and its table completed by a second Spark run, compared with run-phase.sh's table.
# Usage: docs/reports/scripts/sweep/run-kill-spark.sh OUTDIR [SECONDS]   (after run-phase.sh OUTDIR)
set -euo pipefail
out="${1:-out/sweep}"; secs="${2:-60}"; mkdir -p "$out"
here="$(cd "$(dirname "$0")" && pwd)"
launcher="${DLN_SPARK:-./dln-spark}"
rm -rf "$out/killed-spark."*
"$launcher" sweep "$here/phase.json" --master "local[2]" -o "$out/killed-spark" 2> "$out/killed-spark-1.log" &
pid=$!
sleep "$secs"
pkill -9 -P "$pid" 2>/dev/null || true   # the launcher execs java, so $pid is the JVM itself
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
rows=$(($(wc -l < "$out/killed-spark.csv") - 1))
echo "Spark run killed after $secs s: $rows rows in the table" | tee "$out/killed-spark.txt"
"$launcher" sweep "$here/phase.json" --master "local[2]" -o "$out/killed-spark" 2> "$out/killed-spark-2.log"
grep "already in" "$out/killed-spark-2.log" | tee -a "$out/killed-spark.txt"
if cmp "$out/phase.csv" "$out/killed-spark.csv" && cmp "$out/phase.npz" "$out/killed-spark.npz"; then
  echo "resumed Spark table identical to the uninterrupted thread-pool table" | tee -a "$out/killed-spark.txt"
else
  echo "TABLES DIFFER" | tee -a "$out/killed-spark.txt"; exit 1
fi
