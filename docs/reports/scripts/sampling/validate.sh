#!/bin/sh
# Validation runs of docs/reports/sampling-report.md. Run from the repository root: sh docs/reports/scripts/sampling/validate.sh [identity|nonlinear|all]
# Outputs go to out/sampling/; tabulate with: python3 docs/reports/scripts/sampling/tabulate.py
# DLN overrides the launcher (e.g. DLN="java -jar /some/dln.jar" to pin a build); THREADS the worker threads per run.
# SEEDS_1000, SEEDS_10000, SEEDS_100000: number of seeds (1..k) per S in the identity study (default 20, 20, 10).
set -e
OUT=out/sampling
PROB=docs/reports/scripts/sampling/problem_P4.json
DLN=${DLN:-./dln}
TH=${THREADS:-1}
mkdir -p $OUT
part=${1:-all}
if [ "$part" = all ] || [ "$part" = identity ]; then
  # Done-when 1: identity activation, sampler (causal march, default replicas and split-half bias correction) vs the
  # exact linear solver, L = 1..3, gamma0 in {0.5, 1.5}, S = 1e3, 1e4, 1e5
  for L in 1 2 3; do for g in 0.5 1.5; do
    $DLN solve --problem $PROB -L $L -g $g -T 10 --json --out $OUT/id_L${L}_g${g}_exact.json > /dev/null 2>&1
    for S in 1000 10000 100000; do
      eval k=\${SEEDS_$S:-}
      [ -n "$k" ] || { [ $S = 100000 ] && k=10 || k=20; }
      seed=1
      while [ $seed -le $k ]; do
        $DLN sample --problem $PROB -L $L -g $g -T 10 --activation identity --samples $S --seed $seed --threads $TH \
          --json --out $OUT/id_L${L}_g${g}_S${S}_seed${seed}.json > /dev/null 2> $OUT/id_L${L}_g${g}_S${S}_seed${seed}.log
        seed=$((seed + 1))
      done
    done
  done; done
fi
if [ "$part" = all ] || [ "$part" = nonlinear ]; then
  # Done-when 2: relu and tanh, L = 2, sampler (S = 1e5, default replicas) vs dln simulate at N = 1024 and 4096, 8 seeds
  for act in relu tanh; do for g in 0.5 1.5; do
    $DLN sample --problem $PROB -L 2 -g $g --activation $act --samples 100000 --seed 5 --threads $TH \
      --json --out $OUT/${act}_g${g}_mc.json > /dev/null 2> $OUT/${act}_g${g}_mc.log
    if [ "${SIM:-yes}" = yes ]; then
      for N in 1024 4096; do
        $DLN simulate --problem $PROB -L 2 -g $g --activation $act -N $N --seeds 8 --seed 1 \
          --json --out $OUT/${act}_g${g}_N${N}.json > /dev/null 2> /dev/null
        if [ "${SIM64:-no}" = yes ]; then
          # the same with 64 seeds (about 15 minutes in all): the per-network distance from the theory
          $DLN simulate --problem $PROB -L 2 -g $g --activation $act -N $N --seeds 64 --seed 1 \
            --json --out $OUT/${act}_g${g}_N${N}_s64.json > /dev/null 2> /dev/null
        fi
      done
    fi
  done; done
fi
