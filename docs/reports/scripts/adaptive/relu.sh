#!/bin/sh
# Done-when 3 of issue 20 (docs/reports/adaptive-report.md): two-layer ReLU network with weight decay on P = 32
# Fashion-MNIST images (4 x 4 average pooling, D = 49), infinite-width population vs trained networks of width 1024.
set -eu
DLN=${DLN:-./dln}
OUT=${OUT:-out/adaptive}
mkdir -p "$OUT"
$DLN adaptive --dataset fashion-mnist --classes 0,6 --train 32 --test 32 --pool 4 --activation relu --weight-decay 1 \
    --gamma0-list 1 --samples 1024 --replicas 4 --eta 0.01 --steps 1000 --simulate 1024,4 --threads 1 \
    > "$OUT/relu_P32.md" 2> "$OUT/relu_P32.log" || true
$DLN adaptive --dataset fashion-mnist --classes 5,7 --train 32 --test 32 --pool 4 --activation relu --weight-decay 1 \
    --gamma0-list 2 --samples 1024 --replicas 8 --eta 0.01 --steps 1000 --simulate 1024,8 --threads 1 \
    > "$OUT/relu_P32_57.md" 2> "$OUT/relu_P32_57.log" || true
cat "$OUT/relu_P32.md" "$OUT/relu_P32_57.md"
