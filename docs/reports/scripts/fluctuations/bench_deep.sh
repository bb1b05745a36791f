#!/bin/sh
# Done-when 6 benchmark of the deep fluctuation engine (theory.md 11.7): for each (P, T) at depth L, the mean solve
# alone and with --width (all variances of f, NTK, Phi^l, G^l at every step), wall time from the solver's own report,
# peak resident memory of the whole JVM (/usr/bin/time -v), and the load average (the machine is shared).
# Each run is cut at LIMIT seconds (default 600); a P stops at its first cut.
#   sh docs/reports/scripts/fluctuations/bench_deep.sh [L] [P-list] [T-list]      (run from the repository root)
# Output: one table row per run on stdout, runs in $OUT (default out/fluct/bench).
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}  # the native BLAS, one thread per call
DLN=${DLN:-"java -jar linear/target/dln.jar"}
OUT=${OUT:-out/fluct/bench}
LIMIT=${LIMIT:-600}
HERE=docs/reports/scripts/fluctuations
L=${1:-3}
PS=${2:-"3 8"}
TS=${3:-"16 30 50 100 200"}
mkdir -p "$OUT"
echo "| P | T | L | mean solve (s) | fluctuations (s) | ratio | peak RSS (MB) | load (1 min) |"
echo "|---|---|---|---|---|---|---|---|"
for P in $PS; do
  if [ "$P" = 3 ]; then X=$HERE/inputs_P3.csv; Y=0.572344,0.345122,-0.175276
  else  # inputs_P8.csv: numpy default_rng(1606), 8 x 10 standard normal inputs, then the 8 targets
    X=$HERE/inputs_P8.csv; Y=-1.261157,-0.655121,-0.122958,-1.184010,-0.630471,-0.387165,1.504817,0.292601
  fi
  for T in $TS; do
    f=$OUT/bench_P${P}_T${T}_L$L
    load=$(cut -d' ' -f1 /proc/loadavg)
    $DLN solve --x=$X --y=$Y -L $L -g 1 --eta 0.05 -T $T -o $f.mean.json > /dev/null 2>&1
    if timeout $LIMIT /usr/bin/time -v $DLN solve --x=$X --y=$Y -L $L -g 1 --eta 0.05 -T $T --width 1 -o $f.json > /dev/null 2> $f.err; then
      python3 - "$f" "$P" "$T" "$L" "$load" <<'PY'
import json, re, sys
f, P, T, L, load = sys.argv[1:]
mean = json.load(open(f + ".mean.json"))["report"]["wall_seconds"]
doc = json.load(open(f + ".json"))
fl = [float(m.group(1)) for n in doc["report"]["notes"] for m in [re.search(r"covariances \(.*\) in ([0-9.]+) s", n)] if m][0]
rss = [int(l.split(":")[1]) for l in open(f + ".err") if "Maximum resident set size" in l][0] / 1024
print(f"| {P} | {T} | {L} | {mean:.3f} | {fl:.1f} | {fl / mean:.0f} | {rss:.0f} | {load} |")
PY
    else
      echo "| $P | $T | $L | $(python3 -c "import json;print('%.3f'%json.load(open('$f.mean.json'))['report']['wall_seconds'])") | > $LIMIT (cut) | | | $load |"
      break
    fi
  done
done
