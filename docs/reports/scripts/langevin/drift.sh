#!/usr/bin/env bash
# Regenerates the "Representational drift" section of docs/reports/langevin-report.md (issue 17, theory.md 12.6).
# Usage (after mvn -q -o -B -DskipTests package): drift.sh [theory] [sim] [sim2]   (default all; sim about 10 min on 2
# cores, theory about 10 min (the march runs for L >= 2 with gamma0 > 0), sim2 (L = 2, N = 512, needs theory) 5 min).
# Env: OUT (work folder, default <repo>/out/langevin), DLN_JAR, FIGS (default <repo>/docs/figures), SEEDS (chains, 32).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
jar="${DLN_JAR:-$repo/linear/target/dln.jar}"
J="java -Xmx3g -Djava.awt.headless=true -jar $jar"
W="${OUT:-$repo/out/langevin}"; FIGS="${FIGS:-$repo/docs/figures}"
mkdir -p "$W" "$FIGS"; cd "$W"
python3 "$here/data.py" .
python3 -c "import json; d = json.load(open('p_L1_g1.0.json')); d['gamma0'] = 0.05; json.dump(d, open('p_L1_g0.05.json', 'w'))"
parts="${*:-theory sim sim2}"
has() { [[ " $parts " == *" $1 "* ]]; }

if has theory; then
echo "## Stationary drift times at infinite width: lambda = T = beta = 1, P = 4 (report task), TAU_MAX = 3"
echo "| L | gamma0 | method | accuracy | Phi^1 | Phi^2 | Phi^3 | W^0 (data span) | readout w |"
echo "|---|---|---|---|---|---|---|---|---|"
for L in 1 2 3; do for g in 0.0 0.5 1.0; do
  if [ $L -ge 2 ] && [ $g != 0.0 ]; then
    m="--t-max 12 --march 0.1,3 --two-time-points 121"
  else
    m="--points 20 --two-time-points 0"
  fi
  [ -s dth_L${L}_g$g.json ] || $J langevin --problem p_L${L}_g$g.json --lambda 1 --temperature 1 $m --drift 3,61 \
      -o dth_L${L}_g$g.json --plot dth_L${L}_g$g > /dev/null 2>&1
  python3 - dth_L${L}_g$g.json $L $g <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["method"]; L = int(sys.argv[2])
f = lambda v: "-" if v is None else "%.4f" % v
phi = [f(d.get("drift_time_phi%d" % l)) if l <= L else "" for l in (1, 2, 3)]
print("| %d | %s | %s | %.1e | %s | %s | %s | %s | %s |" % (L, sys.argv[3], d["drift_method"], d["drift_accuracy"], *phi,
      f(d["drift_time_weights0"]), f(d["drift_time_weights%d" % L])))
PY
done; done
cp dth_L2_g1.0_langevin_drift.png "$FIGS/langevin_drift_theory_L2.png"
fi

if has sim; then
echo "## Finite width: N = 1024, ${SEEDS:-32} chains, lambda = T = beta = 1, dt = 0.005, burn-in 10, 100 time units per chain, lags 0.1..2"
echo "| L | gamma0 | compared (Phi^1 trace, readout) | within 3 SE | max abs z | Phi^1 time net / theory | readout time net / theory | max dev from gamma0 = 0 curve / SE |"
echo "|---|---|---|---|---|---|---|---|"
for g in 1.0 0.5 0.05; do
  [ -s drift_L1_g$g.json ] || $J simulate-langevin --problem p_L1_g$g.json --beta 1 -N 1024 --seeds "${SEEDS:-32}" --seed 1 \
      --threads 2 --tune dt=0.005,burn-in=10,sample-time=100,thin=20 --drift 2 --plot drift_L1_g$g -o drift_L1_g$g.json \
      > drift_L1_g$g.md 2> drift_L1_g$g.err
  python3 - drift_L1_g$g.json $g <<'PY'
import json, sys, math
d = json.load(open(sys.argv[1]))["drift"]; t = d["theory"]
lag = d["lag"]
zl = 0
for k in range(1, len(lag)):
    zl = max(zl, abs(d["phi1_trace"]["value"][k] - math.exp(-lag[k])) / d["phi1_trace"]["stderr"][k],
             abs(d["readout"]["value"][k] - math.exp(-lag[k])) / d["readout"]["stderr"][k])
print("| 1 | %s | %d | %d | %.2f | %.4f / %.4f | %.4f / %.4f | %.1f |" % (sys.argv[2], t["compared"], t["within_3_se"],
      t["max_abs_z"], d["time_phi1"], t["time_phi1"], d["time_readout"], t["time_readout"], zl))
PY
done
cp drift_L1_g1.0_langevin_drift.png "$FIGS/langevin_drift_network_L1.png"
echo
echo "### Integrated autocorrelation time of the state chain: Phi^1_{mu mu} entries, measured (Sokal) vs predicted"
echo "Prediction (Gaussian single site, Wick): rho(tau) = (Phi^1(tau)_{mu mu} / Phi^1(0)_{mu mu})^2 from dln langevin --drift,"
echo "tau_int = ds (1/2 + sum_k rho(k ds)), ds = thin dt = 0.1. gamma0 = 0.05 uses the gamma0 = 0 curve e^{-2 tau}."
echo "| gamma0 | input | measured tau_int | predicted | ratio | ess |"
echo "|---|---|---|---|---|---|"
for g in 1.0 0.5 0.05; do
  th=dth_L1_g$g.json; [ $g = 0.05 ] && th=dth_L1_g0.0.json
  [ -s $th ] || $J langevin --problem p_L1_g$g.json --lambda 1 --temperature 1 --points 20 --two-time-points 0 --drift 3,61 -o $th > /dev/null 2>&1
  python3 - drift_L1_g$g.json $th $g <<'PY'
import json, sys
sim = json.load(open(sys.argv[1])); th = json.load(open(sys.argv[2]))["method"]
lag = th["drift_lag"]; pairs = th["drift_phi1"]; m = int(round(len(pairs[0]) ** 0.5))
ds = 0.1; step = int(round(ds / (lag[1] - lag[0])))
obs = sim["observables"]; p = len(obs["phi1"]["tau"])
for mu in range(m):
    rho = [pairs[k][mu * m + mu] ** 2 for k in range(0, len(lag), step)]
    pred = ds * (0.5 + sum(rho[1:]))
    if mu < p:
        meas, ess = obs["phi1"]["tau"][mu][mu], obs["phi1"]["ess"][mu][mu]
    else:
        meas, ess = obs["phi1_test_test"]["tau"][mu - p][mu - p], obs["phi1_test_test"]["ess"][mu - p][mu - p]
    print("| %s | %s %d | %.4f | %.4f | %.3f | %.0f |" % (sys.argv[3], "train" if mu < p else "test", mu if mu < p else mu - p,
          meas, pred, meas / pred, ess))
PY
done
fi

if has sim2; then
echo "## Finite width, L = 2, gamma0 = 1: N = 512, 16 chains, dt = 0.01, burn-in 5, 40 time units per chain; theory: march late rows"
[ -s drift_L2_g1.0_n512.json ] || $J simulate-langevin --problem p_L2_g1.0.json --beta 1 -N 512 --seeds 16 --seed 1 --threads 2 \
    --tune dt=0.01,burn-in=5,sample-time=40,thin=10 --drift 2 -o drift_L2_g1.0_n512.json > drift_L2_g1.0_n512.md 2>&1
python3 "$here/drift_compare.py" drift_L2_g1.0_n512.json dth_L2_g1.0.json 2
fi
