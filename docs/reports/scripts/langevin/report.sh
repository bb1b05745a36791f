#!/usr/bin/env bash
# Regenerates the numbers and figures of docs/reports/langevin-report.md (issue 17).
# Usage (from anywhere, after mvn -q -o -B -DskipTests package):
#   report.sh [PART ...]     PART: limits phases earlystop (the default "fast" set, a few minutes)
#                                  march sim bench (the "slow" set; about an hour on the shared 2 cores)
# Env: OUT (work folder, default <repo>/out/langevin), DLN_JAR (default <repo>/linear/target/dln.jar, with lib/ beside
# it), SIM_SEEDS_L1 / SIM_SEEDS_L2 (chains of the finite-width part, default 256 / 16), FIGS (where the figures go,
# default <repo>/docs/figures). Prints the markdown tables that the report quotes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
jar="${DLN_JAR:-$repo/linear/target/dln.jar}"
J="java -Xmx3g -Djava.awt.headless=true -jar $jar"
P="java -Djava.awt.headless=true -cp $jar $here/Plot.java"
A="python3 $here/analyze.py"
W="${OUT:-$repo/out/langevin}"; FIGS="${FIGS:-$repo/docs/figures}"
mkdir -p "$W"; cd "$W"
python3 "$here/data.py" .
parts="${*:-fast}"
parts="${parts//fast/limits phases earlystop}"; parts="${parts//slow/march sim bench}"
has() { [[ " $parts " == *" $1 "* ]]; }
fdev() { sed -n 's/^max |f(t_max) - posterior mean| = \([^ ]*\).*/\1/p' "$1"; }

if has limits; then
echo "## (a) lambda = T = 0 against dln flow (max |f|, |f_test| deviation over 13 times in [0, 6])"
for c in "1 0.0" "2 0.0" "3 0.0" "1 0.5" "1 1.0" "1 2.0"; do
  set -- $c
  $J flow --problem p_L$1_g$2.json --t-max 6 --resample 13 -o flow.json > /dev/null 2>&1
  $J langevin --problem p_L$1_g$2.json --lambda 0 --temperature 0 --times "$($A times flow.json)" --two-time-points 0 -o lg.json > /dev/null 2>&1
  echo "a L=$1 gamma0=$2 $($A maxdev flow.json lg.json)"
done

echo "## (b) T = 0: state at t = 60/lambda against the weight-decay stationary state (dln decay --stationary; none = the zero state)"
for c in "1.0 0.25" "2.0 0.5" "1.0 0.5"; do
  set -- $c
  rm -f st.json
  $J decay --problem p_L1_g$1.json --weight-decay $2 --eta 0.05 -T 600 --stationary st.json > /dev/null 2>&1 || true
  $J langevin --problem p_L1_g$1.json --lambda $2 --temperature 0 --t-max $(python3 -c "print(60 / $2)") --points 50 --two-time-points 0 -o lg.json > /dev/null 2>&1
  echo "b L=1 gamma0=$1 lambda=$2 $($A decay lg.json st.json)"
done

echo "## (c) ODE systems: lambda = T = 1, beta = 1.5, sigma0 = 1.3: state at t = 50/lambda against dln bayes through (12.1)"
for c in "1 0.0" "2 0.0" "3 0.0" "1 0.5" "1 1.0" "1 2.0"; do
  set -- $c
  $J langevin --problem p_L$1_g$2.json --lambda 1 --temperature 1 --beta 1.5 --sigma0 1.3 --points 40 --two-time-points 0 > c.md 2>/dev/null
  echo "c L=$1 gamma0=$2 $(fdev c.md)"
done

echo "## (d) no data (y = 0), L = 1, gamma0 = 1, lambda = 0.7, T = 0.3, sigma0^2 = 2: G^1(t,s) against the OU autocorrelation"
$J langevin --problem p0_L1.json --lambda 0.7 --temperature 0.3 --sigma0 1.4142135623730951 --t-max 8 --points 25 \
    --two-time-points 25 --arrays ou > /dev/null 2>&1
echo "d $($A ou ou 0.7 0.3 1.4142135623730951)"
fi

if has phases; then
echo "## Two phases, kernel regime (gamma0 = 0), P = 4, D = 8, lambda = 0.001, T = 0.0001 (sigma^2 = 0.1), sigma0 = 1, beta = 1"
echo "| L | fast measured | fast predicted | slow measured | slow predicted | plateau time | max abs(f - f_GF) there | max abs(f(50/lambda) - f_NNGP) |"
echo "|---|---|---|---|---|---|---|---|"
for L in 1 2 3; do
  $J langevin --problem tp_L$L.json --lambda 0.001 --temperature 0.0001 --points 300 --two-time-points 30 \
      --arrays phase_L$L --plot fig_L$L > /dev/null 2>&1
  $A phases phase_L$L tp_L$L.json 0.001 0.0001 1 1 $L
done
$A table phases.tsv L1:phase_L1:loss L2:phase_L2:loss L3:phase_L3:loss
$P phases.tsv "$FIGS/langevin_two_phases.png" "Kernel regime: train loss, lambda = 0.001, T = 0.0001, sigma0 = 1" "t" "train loss" 1 1
$A table phase_dev.tsv "GF_L1:phase_L1:dev_gf" "NNGP_L1:phase_L1:dev_nngp" "GF_L2:phase_L2:dev_gf" "NNGP_L2:phase_L2:dev_nngp" \
    "GF_L3:phase_L3:dev_gf" "NNGP_L3:phase_L3:dev_nngp"
$P phase_dev.tsv "$FIGS/langevin_plateau_end.png" "max |f - f_GF| (plateau) and max |f - f_NNGP| (end), lambda = 0.001" "t" "deviation" 1 1
cp fig_L2_langevin_loss.png "$FIGS/langevin_loss_L2.png"
echo "### The plateau against lambda (T = lambda / 10, sigma^2 = 0.1 fixed): the distance to the NTK predictor closes"
echo "| L | lambda | plateau time | max abs(f - f_GF) there | max abs(f(50/lambda) - f_NNGP) |"
echo "|---|---|---|---|---|"
for L in 1 2 3; do
  for lam in 0.001 0.0001 0.00001; do
    tt=$(python3 -c "print($lam / 10)")
    $J langevin --problem tp_L$L.json --lambda $lam --temperature $tt --points 400 --two-time-points 0 --arrays pl_L${L}_$lam > /dev/null 2>&1
    $A phases pl_L${L}_$lam tp_L$L.json $lam $tt 1 1 $L | awk -F'|' -v L=$L -v lam=$lam '{print "| " L " | " lam " |" $7 "|" $8 "|" $9 "|"}'
  done
done
fi

if has earlystop; then
echo "## Early stopping: teacher-student 8,100,16,1.5,0.5,3 (dln bayes --teacher-student), sigma^2 = 1 (lambda = T = 0.01), gamma0 = 0"
for L in 1 2 3; do
  for r in 0.25 0.5 1 2 4; do
    s0=$(python3 -c "import math; print(math.sqrt($r))")
    $J langevin --teacher-student 8,100,16,1.5,0.5,3 -L $L -g 0 --lambda 0.01 --temperature 0.01 --sigma0 $s0 \
        --points 300 --two-time-points 0 --arrays es_L${L}_r$r > /dev/null 2>&1
  done
done
echo "| L | sigma0^2/sigma^2 | best test loss | its time | final test loss (t = 50/lambda) |"
echo "|---|---|---|---|---|"
$A earlystop "es_L*_r*"
$P es_best.tsv "$FIGS/langevin_early_stopping.png" "Early stopping: best test loss against sigma0^2/sigma^2 (kernel regime)" \
    "sigma0^2 / sigma^2" "best test loss" 1 0 1
$P es_time.tsv "$FIGS/langevin_early_stopping_time.png" "Early stopping: time of the best test loss" "sigma0^2 / sigma^2" "time" 1 1 1
$A table es_L2.tsv r0.25:es_L2_r0.25:test_loss r0.5:es_L2_r0.5:test_loss r1:es_L2_r1:test_loss r2:es_L2_r2:test_loss r4:es_L2_r4:test_loss
$P es_L2.tsv "$FIGS/langevin_test_loss_L2.png" "Test loss, L = 2, kernel regime, sigma0^2/sigma^2 = 0.25 .. 4" "t" "test loss" 1 1
fi

if has march; then
# the march's scheme and steps (theory.md 12.6 trapezoid, the default; MARCH_SCHEME=discrete for 12.5's march)
SCHEME="${MARCH_SCHEME:-trapezoid}"; MA="${MARCH_A:-0.125,4}"; MC="${MARCH_C:-1,7,4}"  # H0,LEVELS[,N0]: harmonic by default (MARCH_SEQUENCE=halving)
echo "## (a) by the $SCHEME march: L = 2, gamma0 = 1, lambda = T = 0 against dln flow at 13 times in [0, 6], march $MA"
$J flow --problem p_L2_g1.0.json --t-max 6 --resample 13 -o flow.json > /dev/null 2>&1
s=$(date +%s)
$J langevin --problem p_L2_g1.0.json --lambda 0 --temperature 0 --times "$($A times flow.json | tr ';' ',')" --march $MA ${MARCH_SEQUENCE:+--march-sequence $MARCH_SEQUENCE} \
    --march-scheme $SCHEME --two-time-points 0 -o lg.json > lg.md 2>&1
echo "a-march L=2 gamma0=1.0 $($A maxdev flow.json lg.json) (estimate $(grep -o 'Richardson error estimate [^ ,;)]*' lg.md | sed 's/.* //'), $(( $(date +%s) - s )) s, load $(cut -d' ' -f1 /proc/loadavg))"
echo "## (c) by the $SCHEME march: Kx / 2, lambda = T = 2, beta = 1, sigma0 = 1, t = 25 = 50/lambda, march $MC"
echo "| L | gamma0 | max abs(f - f_bayes) | march error estimate | seconds | load |"
echo "|---|---|---|---|---|---|"
for c in "2 0.5" "2 1.0" "2 2.0" "3 0.5" "3 1.0" "3 2.0"; do
  set -- $c
  python3 -c "
import json; p = json.load(open('p_L$1_g$2.json')); s = 0.5 ** 0.5
p['X'] = [[s * v for v in r] for r in p['X']]; p['X_test'] = [[s * v for v in r] for r in p['X_test']]
json.dump(p, open('ph.json', 'w'))"
  s=$(date +%s)
  $J langevin --problem ph.json --lambda 2 --temperature 2 --march $MC --march-scheme $SCHEME ${MARCH_SEQUENCE:+--march-sequence $MARCH_SEQUENCE} --two-time-points 0 > march_L$1_g$2.md 2> march.err || true
  echo "| $1 | $2 | $(fdev march_L$1_g$2.md) | $(grep -o 'Richardson error estimate [^ ,;)]*' march_L$1_g$2.md | sed 's/.* //') | $(( $(date +%s) - s )) | $(cut -d' ' -f1 /proc/loadavg) |"
done
fi

if has sim; then
TIMES="0;0.1;0.2;0.4;0.7;1;1.5;2.5;4;6;10"
echo "## Finite width: N = 1024, lambda = 0.2, T = 0.1 (sigma^2 = 0.5), sigma0 = 1, beta = 1, dt = 0.01, times ${TIMES//;/, }"
echo "| L | gamma0 | chains | observable | max abs dev | max abs dev / SE | within 3 SE | values | theory method |"
echo "|---|---|---|---|---|---|---|---|---|"
for c in "1 0.5" "1 1.0" "2 0.5" "2 1.0"; do
  set -- $c
  n=$([ $1 -ge 2 ] && echo "${SIM_SEEDS_L2:-16}" || echo "${SIM_SEEDS_L1:-256}")
  [ -s sim_L$1_g$2_n$n.json ] || $J simulate-langevin --problem p_L$1_g$2.json --beta 1 -N 1024 --seeds $n --seed 1 --threads 2 \
      --trajectory "lambda=0.2,temperature=0.1,sigma0=1,times=$TIMES" --tune dt=0.01 -o sim_L$1_g$2_n$n.json > /dev/null 2>&1
  [ -s th_L$1_g$2.json ] || $J langevin --problem p_L$1_g$2.json --lambda 0.2 --temperature 0.1 --times "${TIMES//;/,}" \
      $([ $1 -ge 2 ] && echo --march 0.1,3) --two-time-points 0 -o th_L$1_g$2.json > th_L$1_g$2.md 2>&1
  $A simcompare th_L$1_g$2.json sim_L$1_g$2_n$n.json $1 $2 $n
done
if [ "${SIM_EXTRA:-yes}" = yes ]; then   # L = 2, gamma0 = 1: 32 more chains (seeds 17..48), pooled with the first 16
  [ -s sim_L2_g1.0_s17_n32.json ] || $J simulate-langevin --problem p_L2_g1.0.json --beta 1 -N 1024 --seeds 32 --seed 17 \
      --threads 2 --trajectory "lambda=0.2,temperature=0.1,sigma0=1,times=$TIMES" --tune dt=0.01 -o sim_L2_g1.0_s17_n32.json > /dev/null 2>&1
  $A simcompare th_L2_g1.0.json sim_L2_g1.0_n16.json,sim_L2_g1.0_s17_n32.json 2 1.0 48
fi
fi

if has bench; then
echo "## Benchmark: P = 8 (random, lambda_max(Kx) = 1), L = 3, gamma0 = 1, lambda = T = 2, t = 25 = 50/lambda"
echo "| h0 | subdivisions n (steps h0/n) | finest step | seconds | max abs(f(25) - f_ref(25)) | march error estimate | max abs(f(25) - f_bayes) |"
echo "|---|---|---|---|---|---|---|"
rm -f bench_times.txt
python3 -c "
import json, numpy as np
r = np.random.default_rng(8); X = r.standard_normal((8, 8)); X *= 1 / np.sqrt(np.linalg.eigvalsh(X @ X.T / 8).max())
json.dump({'X': X.tolist(), 'y': np.sign(X[:, 0] + 0.3 * X[:, 1]).tolist(), 'L': 3, 'gamma0': 1.0}, open('p8.json', 'w'))"
runs="${BENCH_RUNS:-1,4,6 1,5,6 1,7,6}"  # H0,LEVELS,N0 of the harmonic sequence (halving: MARCH_SEQUENCE=halving)
for c in $runs; do
  s=$(date +%s.%N)
  $J langevin --problem p8.json --lambda 2 --temperature 2 --t-max 25 --march $c --march-scheme "${MARCH_SCHEME:-trapezoid}" ${MARCH_SEQUENCE:+--march-sequence $MARCH_SEQUENCE} \
      --two-time-points 0 -o b_$c.json > b_$c.md 2>/dev/null || true
  echo "$c $(python3 -c "print(round($(date +%s.%N) - $s, 1))")" >> bench_times.txt
  echo "bench $c done at load $(cut -d' ' -f1 /proc/loadavg)" >&2
done
$A bench bench_times.txt
echo "### The same P = 8, L = 3 problem in the kernel regime (gamma0 = 0, the NDK ODE (12.6)): tolerance, time, accuracy"
echo "| tol | seconds (with JVM start) | max abs(f - f_ref) over 200 times (ref: tol 1e-13) | max abs(f(25) - f_bayes) |"
echo "|---|---|---|---|"
python3 -c "
import json; p = json.load(open('p8.json')); p['gamma0'] = 0.0; json.dump(p, open('p8g0.json', 'w'))"
for tol in 1e-13 1e-8 1e-10 1e-12; do
  s=$(date +%s.%N)
  $J langevin --problem p8g0.json --lambda 2 --temperature 2 --t-max 25 --tol $tol --points 200 --two-time-points 0 -o o_$tol.json > o_$tol.md 2>&1
  sec=$(python3 -c "print(round($(date +%s.%N) - $s, 1))")
  [ $tol = 1e-13 ] && continue
  echo "| $tol | $sec | $($A maxdev o_1e-13.json o_$tol.json) | $(fdev o_$tol.md) |"
done
fi
