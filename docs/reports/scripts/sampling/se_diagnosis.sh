#!/bin/sh
# Standard-error diagnosis of docs/reports/sampling-report.md (Done-when 1, "Diagnosis"). Run from the repository root after
# building (./dln --version); one thread, a few minutes. Writes CSVs to out/sampling/se_diagnosis/
# (ignored by git; OUT=dir overrides) and prints the tables.
set -e
D=${OUT:-out/sampling/se_diagnosis}
mkdir -p $D
CP="linear/target/dln.jar:linear/target/lib/*"
run() { nice -n 5 java -XX:ActiveProcessorCount=1 -cp "$CP" docs/reports/scripts/sampling/SeDiagnosis.java "$@"; }
for c in "2 0.5" "1 1.5"; do set -- $c
  run $1 $2 10000 40 8 0 1 $D/old_L$1_g$2.csv          # former default: 8 replicas, no correction, 40 seeds
  run $1 $2 10000 40 8 0 101 $D/old101_L$1_g$2.csv    # the same, seeds 101..140
  run $1 $2 1250 400 1 0 1001 $D/rep_L$1_g$2.csv       # 400 independent replicas of 1250 draws (one replica of the above)
  run $1 $2 10000 40 0 1 1 $D/new_L$1_g$2.csv          # new default: automatic replicas (40), split-half correction
done
for c in "2 0.5" "1 1.5" "3 0.5"; do set -- $c
  for sr in 125 312 625; do
    run $1 $2 $sr 800 1 0 20001 $D/sr${sr}_bc0_L$1_g$2.csv   # one replica of S_r draws, 800 seeds: the O(1/S_r) bias
    run $1 $2 $sr 800 1 1 20001 $D/sr${sr}_bc1_L$1_g$2.csv   # the same draws, split-half corrected
  done
done
python3 docs/reports/scripts/sampling/se_diagnosis.py $D
