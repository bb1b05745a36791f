#!/usr/bin/env bash
# issue 19, done-when 2 on the real grid: the 20 x 20 sweep killed (SIGKILL) after SECONDS s, rerun, compared with run-phase.sh's table.
# Usage: docs/reports/scripts/sweep/run-kill.sh OUTDIR [SECONDS]   (after run-phase.sh OUTDIR)
set -euo pipefail
out="${1:-out/sweep}"; secs="${2:-90}"; mkdir -p "$out"
here="$(cd "$(dirname "$0")" && pwd)"
jar="${DLN_JAR:-linear/target/dln.jar}"
rm -f "$out/killed.csv" "$out/killed.npz"
java -Xmx2g -jar "$jar" sweep "$here/phase.json" --threads 1 -o "$out/killed" 2> "$out/killed-1.log" &
pid=$!
sleep "$secs"
kill -9 "$pid" || true
wait "$pid" 2>/dev/null || true
rows=$(($(wc -l < "$out/killed.csv") - 1))
torn=$(tail -c 1 "$out/killed.csv" | od -An -c | tr -d ' ')
echo "killed after $secs s: $rows complete rows in the table (last byte: '$torn')" | tee "$out/killed.txt"
java -Xmx2g -jar "$jar" sweep "$here/phase.json" --threads 2 -o "$out/killed" 2> "$out/killed-2.log"
head -1 "$out/killed-2.log" | tee -a "$out/killed.txt"
if cmp "$out/phase.csv" "$out/killed.csv" && cmp "$out/phase.npz" "$out/killed.npz"; then
  echo "resumed table identical to the uninterrupted one" | tee -a "$out/killed.txt"
else
  echo "TABLES DIFFER" | tee -a "$out/killed.txt"; exit 1
fi
