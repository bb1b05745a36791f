#!/usr/bin/env bash
# Before/after figures of issue 18 (docs/reports/figures-progress-18.md): every plot kind from the starting commit
# 9d0e2db and from this checkout, then one side-by-side image per figure (before left, after right).
# Usage: docs/reports/scripts/figures-18-before-after.sh OUTDIR [BASE_COMMIT]
#   OUTDIR/before, OUTDIR/after (PNG; after also PDF), OUTDIR/side-by-side (two 700 px panels per figure),
#   OUTDIR/small (the seven 480 px side-by-side images the report shows, docs/reports/figures-18/).
# Builds the base commit in a temporary git worktree (offline Maven), removed at the end. About 5 minutes.
set -euo pipefail
out="${1:?usage: figures-18-before-after.sh OUTDIR [BASE_COMMIT]}"
base="${2:-9d0e2db}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
scripts="$here/docs/reports/scripts"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
wt="$(mktemp -d /tmp/dln-base18.XXXXXX)"
rmdir "$wt"
git -C "$here" worktree add --detach "$wt" "$base" >&2
trap 'git -C "$here" worktree remove --force "$wt"' EXIT
(cd "$wt" && mvn -q -o -B -DskipTests package >&2)
DLN="java -Djava.awt.headless=true -jar $wt/linear/target/dln.jar" bash "$scripts/figures-18.sh" "$out/before" png
bash "$scripts/figures-18.sh" "$out/after" png
bash "$scripts/figures-18.sh" "$out/after" pdf
names=$(cd "$out/after" && ls *.png)
java -Djava.awt.headless=true "$scripts/SideBySide.java" "$out/before" "$out/after" "$out/side-by-side" 700 $names
java -Djava.awt.headless=true "$scripts/SideBySide.java" "$out/before" "$out/after" "$out/small" 480 \
  solve_predictions.png flow_loss.png sample-relu_ntk.png simulate_ntk.png decay_ntk.png compare_ntk.png bayes_predictions.png
ls -1 "$out/small"
