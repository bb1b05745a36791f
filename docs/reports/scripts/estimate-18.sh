#!/usr/bin/env bash
# Done-when 4 of issue 18: the time estimate printed before a gradient-descent march against the real wall time.
# L = 3, P = 8 random inputs (D = 16, Gaussian, Python's random seed 1), T = 1000, eta = 0.01, gamma0 = 1.
# Usage: docs/reports/scripts/estimate-18.sh OUTDIR   (writes x.csv, y.csv, err.txt with the estimate line and
# /usr/bin/time -v, out.txt, load.log with the load average every 10 s). Takes 2-8 minutes depending on the load.
# Run it from a copy of the jar (DLN="java -jar /copy/dln.jar") if you rebuild meanwhile: a rebuilt jar under a
# running JVM breaks it.
set -euo pipefail
out="${1:?usage: estimate-18.sh OUTDIR}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
dln="${DLN:-java -Xmx6g -jar $here/linear/target/dln.jar}"
mkdir -p "$out"
cd "$out"
python3 - <<'PY'
import random
random.seed(1)
with open('x.csv', 'w') as f:
    for i in range(8):
        f.write(','.join('%.17g' % random.gauss(0, 1) for _ in range(16)) + '\n')
with open('y.csv', 'w') as f:
    f.write(','.join('%.17g' % random.gauss(0, 1) for _ in range(8)) + '\n')
PY
( while true; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 10; done ) > load.log &
lp=$!
trap 'kill $lp' EXIT
/usr/bin/time -v $dln solve -L 3 --x x.csv --y y.csv -T 1000 --eta 0.01 -g 1 -o t1000.json > out.txt 2> err.txt || true
grep -E 'estimated|Elapsed|User time' err.txt
grep 'causal-marching' out.txt
