#!/usr/bin/env bash
# Every plot kind of dln, regenerated into a folder (issue 18: figures before/after).
# Usage: docs/reports/scripts/figures-18.sh OUTDIR [FORMAT]
#   FORMAT: png (default), svg or pdf (pdf: after issue 18 only).
#   DLN: the command to run (default: ./dln of this checkout), e.g. DLN="java -jar /tmp/old/dln.jar".
# Small problems (P = 3 default problem, L = 2): the whole script takes about a minute.
set -euo pipefail
out="${1:?usage: figures-18.sh OUTDIR [png|svg|pdf]}"
fmt="${2:-png}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
dln="${DLN:-$here/dln}"
mkdir -p "$out"
ext=""; [ "$fmt" != png ] && ext=".$fmt"
export DLN_NO_PROGRESS=1
run() { echo "+ dln $*" >&2; $dln "$@" > /dev/null; }

# gradient descent (default problem: P = 3, L = 2, gamma0 = 1, eta = 0.05, T = 81)
run solve --plot "$out/solve$ext"
# gradient flow (time t, no eta), resampled to an even grid
run flow --t-max 10 --resample 200 --plot "$out/flow$ext"
# sampling a ReLU network (standard errors: error bands)
run sample --activation relu --samples 4000 -T 41 --plot "$out/sample-relu$ext"
# finite-width simulation (mean and standard error over seeds)
run simulate -N 256 --seeds 8 --out "$out/sim.json" --plot "$out/simulate$ext"
# weight decay (theory)
run decay --weight-decay 0.5 -T 151 --plot "$out/decay$ext"
# theory against simulation (lines against error bars)
run solve --out "$out/theory.json"
run compare "$out/theory.json" "$out/sim.json" --plot "$out/compare$ext"
# Bayesian posterior: adaptive kernels, predictors on train and test inputs
run bayes --beta 4 --teacher-student 6,4,8,1.0 --plot "$out/bayes$ext"
rm -f "$out/sim.json" "$out/theory.json"
ls -1 "$out"
