#!/usr/bin/env bash
# Regenerates the numbers and figures of docs/reports/langevin-report.md.
# Usage: report.sh WORKDIR [slow]   (build first: mvn -q -o -B -DskipTests package)
# Default part: a few minutes. "slow" adds the march runs (L = 2, 3 with gamma0 > 0 at t = 50/lambda), the
# finite-width comparison (N = 1024, 16 chains) and the P = 8, L = 3 benchmark: an hour or more on 2 busy cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
jar="$repo/linear/target/dln.jar"
J="java -Xmx3g -Djava.awt.headless=true -jar $jar"
P="java -Djava.awt.headless=true -cp $jar $here/Plot.java"
A="python3 $here/analyze.py"
W="$1"; mkdir -p "$W"; cd "$W"
python3 "$here/data.py" .

echo "## (a) lambda = T = 0 against dln flow (max |f|, |f_test| deviation over 13 times in [0, 6])"
for c in "1 0.0" "2 0.0" "3 0.0" "1 0.5" "1 1.0" "1 2.0"; do
  set -- $c
  $J flow --problem p_L$1_g$2.json --t-max 6 --resample 13 -o flow.json > /dev/null 2>&1
  $J langevin --problem p_L$1_g$2.json --lambda 0 --temperature 0 --times "$($A times flow.json)" --two-time-points 0 -o lg.json > /dev/null 2>&1
  echo "a L=$1 gamma0=$2 $($A maxdev flow.json lg.json)"
done

echo "## (b) T = 0, lambda = 0.5: state at t = 120 against the weight-decay stationary state (dln decay --stationary)"
for g in 1.0 2.0; do
  $J decay --problem p_L1_g$g.json --weight-decay 0.5 --eta 0.05 -T 600 --stationary st.json > /dev/null 2>&1 || true
  $J langevin --problem p_L1_g$g.json --lambda 0.5 --temperature 0 --t-max 120 --points 50 --two-time-points 0 -o lg.json > /dev/null 2>&1
  echo "b L=1 gamma0=$g $($A decay lg.json st.json)"
done

echo "## (c) lambda = T = 1, beta = 1.5, sigma0 = 1.3: state at t = 50/lambda against dln bayes through (11.1)"
for c in "1 0.0" "2 0.0" "3 0.0" "1 0.5" "1 1.0" "1 2.0"; do
  set -- $c
  d=$($J langevin --problem p_L$1_g$2.json --lambda 1 --temperature 1 --beta 1.5 --sigma0 1.3 --points 40 --two-time-points 0 2>/dev/null \
      | sed -n 's/^max |f(t_max) - posterior mean| = \([^ ]*\).*/\1/p')
  echo "c L=$1 gamma0=$2 $d"
done

echo "## (d) no data (y = 0), L = 1, gamma0 = 1, lambda = 0.7, T = 0.3, sigma0^2 = 2: G^1(t,s) against the OU autocorrelation"
$J langevin --problem p0_L1.json --lambda 0.7 --temperature 0.3 --sigma0 1.4142135623730951 --t-max 8 --points 25 \
    --two-time-points 25 --arrays ou > /dev/null 2>&1
echo "d $($A ou ou 0.7 0.3 1.4142135623730951)"

echo "## Two phases, kernel regime (gamma0 = 0), lambda = 0.01, T = 0.001 (sigma^2 = 0.1), sigma0 = 1, beta = 1"
echo "| L | fast measured | fast predicted | slow measured | slow predicted | plateau time | max abs(f - f_GF) there | max abs(f(50/lambda) - f_NNGP) |"
echo "|---|---|---|---|---|---|---|---|"
for L in 1 2 3; do
  $J langevin --problem p_L${L}_g0.0.json --lambda 0.01 --temperature 0.001 --points 300 --two-time-points 30 \
      --arrays phase_L$L --plot fig_L$L > /dev/null 2>&1
  $A phases phase_L$L p_L${L}_g0.0.json 0.01 0.001 1 1 $L
done
$A table phases.tsv L1:phase_L1:loss L2:phase_L2:loss L3:phase_L3:loss
$P phases.tsv langevin_two_phases.png "Kernel regime: train loss, lambda = 0.01, T = 0.001, sigma0 = 1" "t" "train loss" 1 1

echo "## Early stopping: teacher-student 8,100,16,1.5,0.5,3, sigma^2 = 1 (lambda = T = 0.01), gamma0 = 0"
for L in 1 2 3; do
  for r in 0.25 0.5 1 2 4; do
    s0=$(python3 -c "import math; print(math.sqrt($r))")
    $J langevin --teacher-student 8,100,16,1.5,0.5,3 -L $L -g 0 --lambda 0.01 --temperature 0.01 --sigma0 $s0 \
        --points 300 --two-time-points 0 --arrays es_L${L}_r$r > /dev/null 2>&1
  done
done
echo "L ratio best_test_loss best_time final_test_loss"
$A earlystop "es_L*_r*"
$A table es_L2.tsv r0.25:es_L2_r0.25:test_loss r0.5:es_L2_r0.5:test_loss r1:es_L2_r1:test_loss r2:es_L2_r2:test_loss r4:es_L2_r4:test_loss
$P es_L2.tsv langevin_early_stopping.png "Test loss, L = 2, kernel regime, sigma0^2/sigma^2 = 0.25 .. 4" "t" "test loss" 1 1

if [ "${2:-}" = "slow" ]; then
  echo "## (c) by the march: Kx / 2, lambda = T = 2, beta = 1, sigma0 = 1, t = 25 = 50/lambda, h0 = 0.2, 3 levels"
  for c in "2 0.5" "2 1.0" "2 2.0" "3 0.5" "3 1.0" "3 2.0"; do
    set -- $c
    python3 -c "
import json; p = json.load(open('p_L$1_g$2.json')); s = 0.5 ** 0.5
p['X'] = [[s * v for v in r] for r in p['X']]; p['X_test'] = [[s * v for v in r] for r in p['X_test']]
json.dump(p, open('ph.json', 'w'))"
    $J langevin --problem ph.json --lambda 2 --temperature 2 --march 0.2,3 --two-time-points 0 > march.md 2> march.err
    echo "c-march L=$1 gamma0=$2 $(sed -n 's/^max |f(t_max) - posterior mean| = \([^ ]*\).*/\1/p' march.md) $(grep -o 'Richardson error estimate [^ ]*' march.md)"
  done
  echo "## Finite width: N = 1024, 16 chains, dt = 0.005, lambda = 1, T = 0.5, sigma0 = 1"
  TIMES="0;0.05;0.1;0.2;0.4;0.7;1;1.5;2;3;4"
  for c in "1 0.5" "1 1.0" "2 0.5" "2 1.0"; do
    set -- $c
    $J simulate-langevin --problem p_L$1_g$2.json --beta 1 -N 1024 --seeds 16 --seed 1 --threads 2 \
        --trajectory "lambda=1,temperature=0.5,sigma0=1,times=$TIMES" --tune dt=0.005 -o sim.json > /dev/null 2>&1
    $J langevin --problem p_L$1_g$2.json --lambda 1 --temperature 0.5 --times "${TIMES//;/,}" $([ $1 -ge 2 ] && echo --march 0.05,3) -o th.json > /dev/null 2>&1
    echo "sim L=$1 gamma0=$2"; $J compare th.json sim.json | sed -n '3,7p'
  done
  echo "## Benchmark: P = 8 (random, lambda_max(Kx) = 1), L = 3, gamma0 = 1, lambda = T = 2, t = 25 = 50/lambda, h0 = 0.25"
  python3 -c "
import json, numpy as np
r = np.random.default_rng(8); X = r.standard_normal((8, 8)); X *= 1 / np.sqrt(np.linalg.eigvalsh(X @ X.T / 8).max())
json.dump({'X': X.tolist(), 'y': np.sign(X[:, 0] + 0.3 * X[:, 1]).tolist(), 'L': 3, 'gamma0': 1.0}, open('p8.json', 'w'))"
  for lev in 1 2 3; do
    s=$(date +%s.%N)
    $J langevin --problem p8.json --lambda 2 --temperature 2 --t-max 25 --march 0.25,$lev --two-time-points 0 > b.md 2>/dev/null
    echo "bench levels=$lev seconds=$(python3 -c "print(round($(date +%s.%N) - $s, 1))") $(sed -n 's/^max |f(t_max) - posterior mean| = \([^ ]*\).*/\1/p' b.md) $(grep -o 'Richardson error estimate [^ ]*' b.md || true)"
  done
fi
