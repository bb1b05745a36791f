#!/bin/sh
# Done-when 3 of issue 20 (docs/reports/adaptive-report.md): two-layer ReLU network with weight decay on P = 32
# Fashion-MNIST images (4 x 4 average pooling, D = 49), infinite-width population (S = 4096 draws x R = 8 replicas)
# vs 16 trained networks of width N = 1024, eta = 0.02 for 1000 steps (t = 20, eta lambda t = 20) or until
# max |f(t) - f(t - 100)| < 1e-5.  ACT=tanh runs the same comparison for tanh (no lazy column: no closed form).
# About 15 minutes of wall time per class pair on the shared machine (2 threads); PAIRS="0,6:1 5,7:2" for both.
set -eu
DLN=${DLN:-./dln}
OUT=${OUT:-out/adaptive}
STEPS=${STEPS:-1000}
mkdir -p "$OUT"
run() { # classes gamma0 tag
    $DLN adaptive --dataset fashion-mnist --classes "$1" --train 32 --test 32 --pool 4 --activation "${ACT:-relu}" --weight-decay 1 \
        --gamma0-list "$2" --samples "${S:-4096}" --replicas "${R:-8}" --eta 0.02 --steps "$STEPS" --stationary-tol 1e-5 \
        --simulate "1024,${SEEDS:-16}" --threads 2 > "$OUT/${ACT:-relu}_$3.md" 2> "$OUT/${ACT:-relu}_$3.log" || true
    cat "$OUT/${ACT:-relu}_$3.md"
}
for pg in ${PAIRS:-0,6:1}; do
    pair=${pg%%:*}
    run "$pair" "${pg##*:}" "P32_$(echo "$pair" | tr -d ,)"
done
