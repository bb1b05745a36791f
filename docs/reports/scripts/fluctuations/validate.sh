#!/bin/sh
# Regenerates the runs of docs/reports/fluctuations-report.md (issue 16). Run from the repository root after building.
#   sh docs/reports/scripts/fluctuations/validate.sh [L1|deep|deep11|deep30|phenomena|eos|all]
# Writes into out/fluct/ (OUT=dir overrides); SEEDS (default 256), THREADS (default 2), DLN (default java -jar linear/target/dln.jar).
set -e
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}  # the native BLAS of the deep engine, one thread per call
DLN=${DLN:-"java -jar linear/target/dln.jar"}
OUT=${OUT:-out/fluct}
SEEDS=${SEEDS:-256}
SEEDS_L1=${SEEDS_L1:-1024}  # L = 1 ensembles are cheap: 1024 seeds, relative SE of a variance 4.4%
THREADS=${THREADS:-2}
HERE=docs/reports/scripts/fluctuations
X=$HERE/inputs_P3.csv
Y=0.572344,0.345122,-0.175276   # P = 3 random inputs (D = 5) and targets, numpy default_rng(16)
ETA=0.05
T=60
mkdir -p "$OUT"
what=${1:-all}

if [ "$what" = L1 ] || [ "$what" = all ]; then
  # Done-when 3, L = 1: theory (exact) against ensembles at N = 256, 1024, 4096
  # every configuration has its own seeds (shared seeds would share the first-layer draws across rows)
  k=0
  for g in 0.5 1 2; do
    $DLN solve --x=$X --y=$Y -L 1 -g $g --eta $ETA -T $T --width 1 -o $OUT/th_L1_g$g.json > /dev/null
    for n in 256 1024 4096; do
      k=$((k + 1))
      $DLN simulate --x=$X --y=$Y -L 1 -g $g --eta $ETA -T $T -N $n --seeds $SEEDS_L1 --seed $((100000 * k + 1)) --threads $THREADS \
        -o $OUT/sim_L1_g${g}_N$n.json > /dev/null
      $DLN compare $OUT/th_L1_g$g.json $OUT/sim_L1_g${g}_N$n.json > $OUT/cmp_L1_g${g}_N$n.md || true
    done
  done
fi

if [ "$what" = deep ] || [ "$what" = all ]; then
  # L = 2, 3: ensembles only (no exact theory for L >= 2 yet); the lazy closed form as a reference line
  k=20
  for L in 2 3; do
    for g in 0.5 1 2; do
      for n in ${DEEP_WIDTHS:-256 1024}; do
        k=$((k + 1))
        $DLN simulate --x=$X --y=$Y -L $L -g $g --eta $ETA -T $T -N $n --seeds $SEEDS --seed $((100000 * k + 1)) --threads $THREADS \
          -o $OUT/sim_L${L}_g${g}_N$n.json > /dev/null
      done
    done
  done
fi

if [ "$what" = phenomena ] || [ "$what" = all ]; then
  # Done-when 4a: L = 1, final NTK and prediction variance against gamma0: the P = 3 problem with Q = 2 test inputs,
  # eta = 0.05, T = 200 (training time 10), uncentred (u) and centred (c) output
  for g in 0.25 0.5 0.75 1 1.5 2 3 4 5 6 8; do
    $DLN solve --x=$X --x-test=$HERE/inputs_test_Q2.csv --y=$Y -L 1 -g $g --eta 0.05 -T 200 --width 1 --conventions output=centred -o $OUT/sweep_c_g$g.json > /dev/null
    $DLN solve --x=$X --x-test=$HERE/inputs_test_Q2.csv --y=$Y -L 1 -g $g --eta 0.05 -T 200 --width 1 -o $OUT/sweep_u_g$g.json > /dev/null
  done
  # Done-when 4b: L = 3, gamma0 = 3, eta = 0.012, T = 30: the deep engine (theory.md 11.7) and an ensemble at N = 1024
  $DLN solve --x=$X --y=$Y -L 3 -g 3 --eta 0.012 -T 30 --width 1 -o $OUT/th_L3_g3_layers.json > /dev/null
  $DLN simulate --x=$X --y=$Y -L 3 -g 3 --eta 0.012 -T 30 -N 1024 --seeds $SEEDS --threads $THREADS -o $OUT/sim_L3_g3_layers.json > /dev/null
fi

if [ "$what" = eos ] || [ "$what" = all ]; then
  # Done-when 1, edge of stability: eta = 0.2, gamma0 = 1..6, T = 30, one sample
  printf '1\n' > $OUT/kx1.csv
  for g in 1 2 3 4 4.5 5 5.5 6; do
    $DLN solve --kx $OUT/kx1.csv --y 1 -L 1 -g $g --eta 0.2 -T 30 --width 1 -o $OUT/eos_g$g.json > /dev/null 2> $OUT/eos_g$g.err || true
  done
fi

if [ "$what" = deep11 ] || [ "$what" = all ]; then
  # Depth L >= 2 theory (theory.md 11.7) against ensembles: P = 3, T = 16, N = 1024, 512 seeds (DEEP_SEEDS), one thread each;
  # the lazy model (gamma0 = 0.001) as a null column for the centred runs. Tables: python3 $HERE/deep_compare.py $OUT/deep
  D=$OUT/deep
  mkdir -p $D
  S=${DEEP_SEEDS:-512}
  run() { # L g eta conv-tag seed
    conv=""; [ "$4" = c ] && conv="--conventions output=centred"
    $DLN solve --x=$X --y=$Y -L $1 -g $2 --eta $3 -T 16 --width 1 $conv -o $D/th_L$1_g$2_$4.json > /dev/null
    $DLN simulate --x=$X --y=$Y -L $1 -g $2 --eta $3 -T 16 -N 1024 --seeds $S --seed $5 --threads $THREADS $conv \
      -o $D/sim_L$1_g$2_$4_N1024.json > /dev/null
  }
  run 2 1 0.1 c 7000001
  run 3 1 0.1 c 7100001
  run 2 2 0.1 u 7200001
  run 3 2 0.05 u 7300001
  # the width trend for the centred gamma0 = 1 runs: N = 256 (L = 2, 3) and 2048 (L = 2)
  for spec in "2 256 7400001" "3 256 7500001" "2 2048 7600001"; do
    set -- $spec
    $DLN simulate --x=$X --y=$Y -L $1 -g 1 --eta 0.1 -T 16 -N $2 --seeds $S --seed $3 --threads $THREADS \
      --conventions output=centred -o $D/sim_L$1_g1_c_N$2.json > /dev/null
  done
  for L in 2 3; do
    $DLN solve --x=$X --y=$Y -L $L -g 0.001 --eta 0.1 -T 16 --width 1 --conventions output=centred -o $D/th_L${L}_g0.001_c.json > /dev/null
  done
  python3 $HERE/deep_compare.py $D > $D/deep_compare.md
fi

if [ "$what" = deep30 ] || [ "$what" = all ]; then
  # Done-when 3 at depth L = 2, 3 with the block engine: gamma0 = 0.5, 1, 2 (DEEP30_GAMMAS), eta = 0.05, T = 30,
  # uncentred, 256 seeds at N = 256, 1024, 4096 (one thread each, two ensembles side by side; N = 4096 takes about
  # 10 CPU minutes per depth and gamma0). Tables: deep_compare.py $OUT/deep
  D=$OUT/deep
  mkdir -p $D
  gi=0
  for g in ${DEEP30_GAMMAS:-0.5 1 2}; do
    case $g in 0.5) gi=0 ;; 1) gi=1 ;; 2) gi=2 ;; *) gi=3 ;; esac
    for L in 2 3; do
      [ -s $D/th_L${L}_g${g}_u30.json ] || $DLN solve --x=$X --y=$Y -L $L -g $g --eta 0.05 -T 30 --width 1 \
        -o $D/th_L${L}_g${g}_u30.json > /dev/null
      for n in 256 1024 4096; do
        # seeds as before for gamma0 = 0.5; 20000 apart per gamma0
        f=$D/sim_L${L}_g${g}_u30_N$n.json
        [ -s $f ] || $DLN simulate --x=$X --y=$Y -L $L -g $g --eta 0.05 -T 30 -N $n --seeds 256 \
          --seed $((9100001 + 100000 * L + 4096 - n + 20000 * gi)) --threads 1 -o $f > /dev/null &
        [ "$n" = 4096 ] && wait
      done
    done
  done
  wait
  python3 $HERE/deep_compare.py $D > $D/deep_compare.md
fi
