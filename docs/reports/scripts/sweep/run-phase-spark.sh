#!/usr/bin/env bash
# issue 19, done-when 1: the same 20 x 20 grid as a Spark job in local mode, compared row for row with the thread pool's table.
# Usage: docs/reports/scripts/sweep/run-phase-spark.sh OUTDIR [MASTER]   (after run-phase.sh OUTDIR; MASTER default local[2])
set -euo pipefail
out="${1:-out/sweep}"; master="${2:-local[2]}"; mkdir -p "$out"
here="$(cd "$(dirname "$0")" && pwd)"
launcher="${DLN_SPARK:-./dln-spark}"   # DLN_SPARK: a copy of the launcher setup that rebuilds cannot touch
start=$(date +%s.%N)
"$launcher" sweep "$here/phase.json" --master "$master" --restart -o "$out/phase-spark" 2> "$out/phase-spark.log"
end=$(date +%s.%N)
echo "spark $master: $(echo "$end - $start" | bc) s wall (JVM and Spark start-up included)" | tee "$out/phase-spark.time"
if cmp "$out/phase.csv" "$out/phase-spark.csv" && cmp "$out/phase.npz" "$out/phase-spark.npz"; then
  echo "thread-pool and Spark tables identical: $(($(wc -l < "$out/phase.csv") - 1)) rows" | tee -a "$out/phase-spark.time"
else
  echo "TABLES DIFFER" | tee -a "$out/phase-spark.time"; exit 1
fi
