#!/bin/sh
# Done-when 1 of issue 20 (docs/reports/adaptive-report.md): Fashion-MNIST, T-shirt (0) vs shirt (6) and
# sandal (5) vs sneaker (7), P = 250, 500, 1000, 2000, L = 1 and 2, a gamma0 sweep; Bayesian saddle point vs NNGP
# at beta = 1, 10, 100 and the weight-decay state vs NTK ridge regression at lambda = 0.1, 1 (summed loss).
# Writes out/adaptive/fashion_<pair>.{md,csv,log} and the figures out/adaptive/fashion_<pair>_*.png.
# Needs Fashion-MNIST: sh scripts/install-datasets.sh.  Run from the repository root after building.
set -eu
DLN=${DLN:-./dln}
OUT=${OUT:-out/adaptive}
PS=${PS:-250,500,1000,2000}
mkdir -p "$OUT"
for pair in 0,6 5,7; do
    tag=$(echo "$pair" | tr , _)
    $DLN adaptive --dataset fashion-mnist --classes "$pair" --train "$PS" --test 2000 -L 1,2 \
        --gamma0-list 0,0.25,0.5,1,2,4,8 --beta 1,10,100 --weight-decay 0.1,1 \
        --csv "$OUT/fashion_$tag.csv" --plot "$OUT/fashion_$tag.png" \
        > "$OUT/fashion_$tag.md" 2> "$OUT/fashion_$tag.log" || echo "dln adaptive exited with $? for $pair" >&2
done
