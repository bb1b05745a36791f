#!/usr/bin/env bash
# issue 19, done-when 1: the 20 x 20 (gamma0, eta) sweep on the local thread pool, its phase diagram and final-NTK heat map.
# Usage: docs/reports/scripts/sweep/run-phase.sh OUTDIR   (from the repository root; builds the jar if needed)
set -euo pipefail
out="${1:-out/sweep}"; mkdir -p "$out"
here="$(cd "$(dirname "$0")" && pwd)"
jar="${DLN_JAR:-linear/target/dln.jar}"   # DLN_JAR: a copy of the jar (with its lib/) that rebuilds cannot touch
[ -n "${DLN_JAR:-}" ] || ./dln --help > /dev/null
start=$(date +%s.%N)
java -Xmx2g -jar "$jar" sweep "$here/phase.json" --threads 2 --restart -o "$out/phase" 2> "$out/phase.log"
end=$(date +%s.%N)
echo "thread pool (2 threads): $(echo "$end - $start" | bc) s wall" | tee "$out/phase.time"
java -jar "$jar" sweep-plot "$out/phase.csv" --phase gamma0,eta --log xy -o "$out/phase"
java -jar "$jar" sweep-plot "$out/phase.csv" --heat gamma0,eta,ntk_trace_final --log z -o "$out/phase"
java -jar "$jar" sweep-plot "$out/phase.csv" --heat gamma0,eta,ntk_final_0_0 --log z -o "$out/phase"
java -jar "$jar" sweep-plot "$out/phase.csv" --lines eta,ntk_trace_final,gamma0 --where "regime=converged|unfinished|edge,gamma0=0.05|0.2141|0.5644|0.9165|1.488|2.416|3.924" --log xy -o "$out/phase"
