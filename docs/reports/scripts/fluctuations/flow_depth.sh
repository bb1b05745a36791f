#!/bin/sh
# Gradient-flow fluctuations at depth (theory.md 11.9) against real networks: dln flow --width (extrapolated in eta) on the
# default problem at L = 2, gamma0 = 1, t = 0, 0.25, 0.5, beside an ensemble of 256 networks of width 1024 trained by
# gradient descent with eta = 0.01 (its O(eta) difference from the flow is far below the sampling error of a variance,
# sqrt(2/255) = 8.9 %) and the exact descent theory at the same eta. Prints N Var f and N Var K_mumu with z-scores.
#   sh docs/reports/scripts/fluctuations/flow_depth.sh          (run from the repository root; about 2-4 minutes)
DLN=${DLN:-./dln}
OUT=${OUT:-out/fluct/flow_depth}
mkdir -p "$OUT"
$DLN flow -L 2 -g 1 --t-max 0.5 --resample 3 --width 1024 -o $OUT/flow.json > /dev/null || exit 1
$DLN simulate -L 2 -g 1 --eta 0.01 -T 51 -N 1024 --seeds 256 -o $OUT/sim.json > /dev/null || exit 1
$DLN solve -L 2 -g 1 --eta 0.01 -T 51 --width 1024 -o $OUT/gd.json > /dev/null || exit 1
python3 - "$OUT" <<'PY'
import json, math, sys
d = sys.argv[1]
fl, sm, gd = (json.load(open(f"{d}/{n}.json")) for n in ("flow", "sim", "gd"))
S, N = 256, 1024
rse = math.sqrt(2 / (S - 1))
print("extrapolation estimate", fl["method"]["fluctuations_error"])
print("| t | observable | flow theory | descent theory (eta = 0.01) | ensemble | z (ensemble vs flow) |")
print("|---|---|---|---|---|---|")
for k, step in enumerate([0, 25, 50]):
    for mu in range(3):
        for name, th, gth, se in (
                (f"N Var f_{mu}", fl["observables"]["var_f"]["value"][k][mu], gd["observables"]["var_f"]["value"][step][mu],
                 sm["observables"]["f"]["stderr"][step][mu]),
                (f"N Var K_{mu}{mu}", fl["observables"]["var_ntk"]["value"][k][mu][mu],
                 gd["observables"]["var_ntk"]["value"][step][mu][mu], sm["observables"]["ntk"]["stderr"][step][mu][mu])):
            ens = N * S * se ** 2
            print(f"| {0.01 * step:.2f} | {name} | {th:.5f} | {gth:.5f} | {ens:.5f} | {(ens - th) / (th * rse):+.2f} |")
PY
