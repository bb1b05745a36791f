#!/usr/bin/env bash
# issue 19, done-when 3: simulate at N = 256..4096 (8 seeds per ensemble, one ensemble per width, beside the theory row of each width) beside the theory.
# Usage: docs/reports/scripts/sweep/run-width.sh OUTDIR
set -euo pipefail
out="${1:-out/sweep}"; mkdir -p "$out"
here="$(cd "$(dirname "$0")" && pwd)"
jar="${DLN_JAR:-linear/target/dln.jar}"   # DLN_JAR: a copy of the jar (with its lib/) that rebuilds cannot touch
[ -n "${DLN_JAR:-}" ] || ./dln --help > /dev/null
start=$(date +%s.%N)
java -Xmx3g -jar "$jar" sweep "$here/width.json" --threads 1 --point-threads 2 --restart -o "$out/width" 2> "$out/width.log"
end=$(date +%s.%N)
echo "thread pool (2 threads): $(echo "$end - $start" | bc) s wall" | tee "$out/width.time"
java -jar "$jar" sweep-plot "$out/width.csv" --lines N,dev_ntk_final --where command=simulate --log xy -o "$out/width"
java -jar "$jar" sweep-plot "$out/width.csv" --lines N,dev_loss_final --where command=simulate --log xy -o "$out/width"
java -jar "$jar" sweep-plot "$out/width.csv" --lines N,ntk_final_0_0,command --log x -o "$out/width"
