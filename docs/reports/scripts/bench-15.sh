#!/usr/bin/env bash
# Issue 15: the march and the flow of this tree against the baseline commit dda2e47, side by side in one run.
#
# Builds the baseline jar in a temporary git worktree (mvn -q -o -B -DskipTests package) and this tree's jar, then
# alternates baseline and current runs of
#   march: dln solve -L 3 -g 1 -T 400 --eta 0.01 on a P = 8 problem (D = 16 Gaussian inputs, fixed seed)
#   flow:  dln flow  -L 3 -g 1 --t-max 10 on the same problem (default grid: 14 nodes per element, Newton to 1e-12)
# and prints the wall times (whole command, and the solver's own wall_seconds from the JSON report), the speedups
# and the max abs difference of every number of the two JSON documents (trajectory, NTK, kernels; the report and
# the problem echo excluded). The current tree runs on all cores (dln.threads default), the baseline on one.
#
# Usage: bash docs/reports/scripts/bench-15.sh   (from anywhere in the repository)
# Environment: RUNS (timed runs of each, default 3; the minimum is reported), JAVA_OPTS (default -Xmx8g),
#              BASE (baseline commit, default dda2e47), OUT (folder of the outputs, default out/bench-15).
# Duration: about 2 minutes per run pair on an idle 2-core machine plus the two builds (the baseline march takes
# 15-25 s, the baseline flow about 15 s). Measure on an idle machine: other processes make every time noisy.
set -euo pipefail
# a native BLAS (OpenBLAS), if installed, is called from dln's own threads (as the dln launcher does): one thread per call
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
base="${BASE:-dda2e47}"
runs="${RUNS:-3}"
jopts="${JAVA_OPTS:--Xmx8g}"
out="${OUT:-$root/out/bench-15}"
mkdir -p "$out"
tmp="$(mktemp -d /tmp/dln-bench15.XXXXXX)"
cleanup() {
  git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "building the baseline $base in $tmp/base ..." >&2
git -C "$root" worktree add --detach "$tmp/base" "$base" >/dev/null 2>&1
(cd "$tmp/base" && mvn -q -o -B -DskipTests package 1>&2)
echo "building the current tree ($(git -C "$root" rev-parse --short HEAD)) ..." >&2
(cd "$root" && mvn -q -o -B -DskipTests package 1>&2)
# private copies of both jars (and their lib/), so that a rebuild of the tree during the runs cannot change them
mkdir -p "$tmp/jar-base" "$tmp/jar-new"
cp -r "$tmp/base/linear/target/dln.jar" "$tmp/base/linear/target/lib" "$tmp/jar-base/"
cp -r "$root/linear/target/dln.jar" "$root/linear/target/lib" "$tmp/jar-new/"
jar_base="$tmp/jar-base/dln.jar"
jar_new="$tmp/jar-new/dln.jar"

echo "native BLAS: $(ls /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null && readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 || echo none); OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS" >&2
# the P = 8 problem: D = 16 Gaussian inputs and targets in [-1, 1] from a fixed seed
python3 - "$out" <<'EOF'
import random, sys
r = random.Random(15)
with open(sys.argv[1] + '/x8.csv', 'w') as f:
    for i in range(8):
        f.write(','.join('%.6f' % r.gauss(0, 1) for j in range(16)) + '\n')
with open(sys.argv[1] + '/y8.txt', 'w') as f:
    f.write(','.join('%.3f' % r.uniform(-1, 1) for i in range(8)) + '\n')
EOF
y="$(cat "$out/y8.txt")"
common="-L 3 -g 1 --x $out/x8.csv --y $y"

now() { date +%s.%N; }
# run NAME JAR ARGS...: one timed run, JSON to $out/NAME.json, wall seconds to stdout
run() {
  local name="$1" jar="$2"
  shift 2
  local t0 t1
  t0="$(now)"
  if [ -x /usr/bin/time ]; then # CPU time too (user + sys, all threads): steadier than wall time on a busy machine
    /usr/bin/time -f "%U %S" -o "$out/$name.cpu" java $jopts -Djava.awt.headless=true -jar "$jar" "$@" --json \
        -o "$out/$name.json" >/dev/null 2>"$out/$name.log"
  else
    java $jopts -Djava.awt.headless=true -jar "$jar" "$@" --json -o "$out/$name.json" >/dev/null 2>"$out/$name.log"
  fi
  t1="$(now)"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

declare -A best
for case in march flow; do
  for who in base new; do best[$case-$who]=1e9; done
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for ((i = 1; i <= runs; i++)); do
  for case in march flow; do
    if [ "$case" = march ]; then args="solve $common -T 400 --eta 0.01"; else args="flow $common --t-max 10"; fi
    for who in base new; do
      if [ "$who" = base ]; then jar="$jar_base"; else jar="$jar_new"; fi
      # shellcheck disable=SC2086
      w="$(run "$case-$who" "$jar" $args)"
      echo "run $i $case $who: $w s" >&2
      best[$case-$who]="$(awk -v a="$w" -v b="${best[$case-$who]}" 'BEGIN { print (a + 0 < b + 0) ? a : b }')"
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$out" "${best[march-base]}" "${best[march-new]}" "${best[flow-base]}" "${best[flow-new]}" "$runs" "$base" <<'EOF'
import json, sys
out = sys.argv[1]
mb, mn, fb, fn = map(float, sys.argv[2:6])
runs, base = sys.argv[6], sys.argv[7]

def numbers(o, path, acc):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ('report', 'wall_seconds', 'notes', 'created', 'provenance', 'version', 'problem'):
                continue
            numbers(v, path + '/' + k, acc)
    elif isinstance(o, list):
        for i, v in enumerate(o):
            numbers(v, '%s[%d]' % (path, i), acc)
    elif isinstance(o, (int, float)) and not isinstance(o, bool):
        acc[path] = float(o)

def cpu(name):
    try:
        u, s = open('%s/%s.cpu' % (out, name)).read().split()[-2:]
        return '%.2f' % (float(u) + float(s))
    except (OSError, ValueError):
        return 'n/a'

def solver_seconds(doc):
    return doc.get('report', {}).get('wall_seconds', float('nan'))

print('# Issue 15: baseline %s against this tree, side by side (min of %s runs, alternating)\n' % (base, runs))
print('| case | baseline wall (s) | current wall (s) | speedup | baseline solver (s) | current solver (s) | solver speedup | baseline CPU (s) | current CPU (s) | numbers compared | max abs diff |')
print('|---|---|---|---|---|---|---|---|---|---|---|')
for case, b, n in (('march L = 3, P = 8, T = 400, eta = 0.01', mb, mn), ('flow L = 3, P = 8, t = 10 (tolerance 1e-12 per element)', fb, fn)):
    key = 'march' if case.startswith('march') else 'flow'
    db = json.load(open('%s/%s-base.json' % (out, key)))
    dn = json.load(open('%s/%s-new.json' % (out, key)))
    a, c = {}, {}
    numbers(db, '', a)
    numbers(dn, '', c)
    common = sorted(set(a) & set(c))
    diff = max((abs(a[k] - c[k]) for k in common), default=float('nan'))
    sb, sn = solver_seconds(db), solver_seconds(dn)
    print('| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %d (of %d, %d) | %.2e |' % (
        case, b, n, b / n, sb, sn, sb / sn, cpu(key + '-base'), cpu(key + '-new'), len(common), len(a), len(c), diff))
print('\nWall: the whole command (JVM start, solve, JSON writing); solver: the report\'s wall_seconds of the last run; '
      'CPU: user + sys of the last run, all threads (/usr/bin/time). '
      'Max abs diff over every number of the two JSON documents present in both (the report and the echo of the '
      'problem excluded: the flow ignores the problem\'s T, whose default changed since the baseline).')
EOF
