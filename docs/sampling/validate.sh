#!/bin/sh
# Validation runs of docs/sampling-report.md. Run from the repository root: sh docs/sampling/validate.sh
# Outputs go to docs/sampling/out/; tabulate with: python3 docs/sampling/tabulate.py
set -e
OUT=docs/sampling/out
PROB=docs/sampling/problem_P4.json
mkdir -p $OUT
part=${1:-all}
if [ "$part" = all ] || [ "$part" = identity ]; then
  # Done-when 1: identity activation, sampler vs exact linear solver, L = 1..3, gamma0 in {0.5, 1.5}, S = 1e3, 1e4, 1e5
  for L in 1 2 3; do for g in 0.5 1.5; do
    ./dln solve --problem $PROB -L $L -g $g -T 10 --json --out $OUT/id_L${L}_g${g}_exact.json > /dev/null
    for S in 1000 10000 100000; do
      ./dln solve --problem $PROB -L $L -g $g -T 10 --activation identity --sampler --samples $S --seed 3 \
        --json --out $OUT/id_L${L}_g${g}_S${S}.json > /dev/null 2> $OUT/id_L${L}_g${g}_S${S}.log
    done
  done; done
fi
if [ "$part" = all ] || [ "$part" = nonlinear ]; then
  # Done-when 2: relu and tanh, L = 2, sampler vs dln simulate at N = 1024 and 4096, 8 seeds
  for act in relu tanh; do for g in 0.5 1.5; do
    ./dln solve --problem $PROB -L 2 -g $g --activation $act --samples 20000 --seed 5 \
      --json --out $OUT/${act}_g${g}_mc.json > /dev/null 2> $OUT/${act}_g${g}_mc.log
    for N in 1024 4096; do
      ./dln simulate --problem $PROB -L 2 -g $g --activation $act -N $N --seeds 8 --seed 1 \
        --json --out $OUT/${act}_g${g}_N${N}.json > /dev/null 2> /dev/null
    done
  done; done
fi
