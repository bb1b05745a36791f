#!/bin/sh
# Done-when 3 of issue 20 (docs/reports/adaptive-report.md): two-layer ReLU network with weight decay on P = 32
# Fashion-MNIST images (4 x 4 average pooling, D = 49), infinite-width population (S = 1024 draws x R = 6 replicas)
# vs 6 trained networks of width N = 1024, eta = 0.02 for 2500 steps (t = 50) or until max |f(t) - f(t - 100)| < 1e-5.
# The two class pairs run in parallel (one core each); about 30 minutes on a loaded 2-core machine.
set -eu
DLN=${DLN:-./dln}
OUT=${OUT:-out/adaptive}
STEPS=${STEPS:-2500}
mkdir -p "$OUT"
run() { # classes gamma0 tag
    $DLN adaptive --dataset fashion-mnist --classes "$1" --train 32 --test 32 --pool 4 --activation relu --weight-decay 1 \
        --gamma0-list "$2" --samples 1024 --replicas 6 --eta 0.02 --steps "$STEPS" --stationary-tol 1e-5 \
        --simulate 1024,6 --threads 1 > "$OUT/relu_$3.md" 2> "$OUT/relu_$3.log" || true
}
run 0,6 1 P32_06 &
run 5,7 2 P32_57 &
wait
cat "$OUT/relu_P32_06.md" "$OUT/relu_P32_57.md"
