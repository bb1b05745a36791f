#!/bin/sh
# Validation runs of docs/sampling-report.md. Run from the repository root: sh docs/sampling/validate.sh [identity|nonlinear|all]
# Outputs go to docs/sampling/out/; tabulate with: python3 docs/sampling/tabulate.py
set -e
OUT=docs/sampling/out
PROB=docs/sampling/problem_P4.json
mkdir -p $OUT
part=${1:-all}
if [ "$part" = all ] || [ "$part" = identity ]; then
  # Done-when 1: identity activation, sampler (causal march, 8 replicas) vs exact linear solver,
  # L = 1..3, gamma0 in {0.5, 1.5}, S = 1e3, 1e4, 1e5, seeds 1..5
  for L in 1 2 3; do for g in 0.5 1.5; do
    ./dln solve --problem $PROB -L $L -g $g -T 10 --json --out $OUT/id_L${L}_g${g}_exact.json > /dev/null 2>&1
    for S in 1000 10000 100000; do for seed in 1 2 3 4 5; do
      ./dln solve --problem $PROB -L $L -g $g -T 10 --activation identity --sampler --samples $S --seed $seed \
        --json --out $OUT/id_L${L}_g${g}_S${S}_seed${seed}.json > /dev/null 2> $OUT/id_L${L}_g${g}_S${S}_seed${seed}.log
    done; done
  done; done
fi
if [ "$part" = all ] || [ "$part" = nonlinear ]; then
  # Done-when 2: relu and tanh, L = 2, sampler (S = 1e5, 8 replicas) vs dln simulate at N = 1024 and 4096, 8 seeds
  for act in relu tanh; do for g in 0.5 1.5; do
    ./dln solve --problem $PROB -L 2 -g $g --activation $act --samples 100000 --seed 5 \
      --json --out $OUT/${act}_g${g}_mc.json > /dev/null 2> $OUT/${act}_g${g}_mc.log
    if [ "${SIM:-yes}" = yes ]; then
      for N in 1024 4096; do
        ./dln simulate --problem $PROB -L 2 -g $g --activation $act -N $N --seeds 8 --seed 1 \
          --json --out $OUT/${act}_g${g}_N${N}.json > /dev/null 2> /dev/null
      done
    fi
  done; done
fi
