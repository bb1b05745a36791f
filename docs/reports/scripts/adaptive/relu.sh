#!/bin/sh
# Done-when 3 of issue 20 (docs/reports/adaptive-report.md): two-layer ReLU network with weight decay on P = 32
# Fashion-MNIST images (4 x 4 average pooling, D = 49), infinite-width population (S = 1024 draws x R = 8 replicas)
# vs 8 trained networks of width N = 1024, eta = 0.02 for 500 steps (t = 10, eta lambda t = 10: the initial weights
# decayed by e^-10) or until max |f(t) - f(t - 100)| < 1e-5.  ACT=tanh runs the same comparison for tanh (no lazy
# column: no closed form); S, R, SEEDS, STEPS override the sizes, PAIRS="0,6:1 5,7:2" runs both class pairs.
# About 6 CPU-minutes per class pair (1 for the population, 5 for the networks, 2 threads).
set -eu
DLN=${DLN:-./dln}
OUT=${OUT:-out/adaptive}
STEPS=${STEPS:-500}
mkdir -p "$OUT"
run() { # classes gamma0 tag
    $DLN adaptive --dataset fashion-mnist --classes "$1" --train 32 --test 32 --pool 4 --activation "${ACT:-relu}" --weight-decay 1 \
        --gamma0-list "$2" --samples "${S:-1024}" --replicas "${R:-8}" --eta 0.02 --steps "$STEPS" --stationary-tol 1e-5 \
        --simulate "1024,${SEEDS:-8}" --threads 2 > "$OUT/${ACT:-relu}_$3.md" 2> "$OUT/${ACT:-relu}_$3.log" || true
    cat "$OUT/${ACT:-relu}_$3.md"
}
for pg in ${PAIRS:-0,6:1}; do
    pair=${pg%%:*}
    run "$pair" "${pg##*:}" "P32_$(echo "$pair" | tr -d ,)"
done
