#!/usr/bin/env python3
"""Tables of docs/reports/adaptive-report.md from the CSVs of fashion.sh (numpy-free).

usage: python3 docs/reports/scripts/adaptive/tabulate.py [dir]   (default out/adaptive)
"""
import csv
import sys
from collections import defaultdict

d = sys.argv[1] if len(sys.argv) > 1 else "out/adaptive"
PAIRS = (("0_6", "T-shirt (0, +1) vs shirt (6, -1)"), ("5_7", "sandal (5, +1) vs sneaker (7, -1)"))


def load(tag):
    try:
        return list(csv.DictReader(open(f"{d}/fashion_{tag}.csv")))
    except FileNotFoundError:
        print(f"(no {d}/fashion_{tag}.csv)\n")
        return []


for tag, name in PAIRS:
    rows = load(tag)
    if not rows:
        continue
    gammas = sorted({float(r["gamma0"]) for r in rows})
    controls = []
    for r in rows:
        k = (r["method"], r["beta_or_lambda"])
        if k not in controls:
            controls.append(k)
    for method, control in controls:
        sel = [r for r in rows if r["method"] == method and r["beta_or_lambda"] == control]
        g = [x for x in gammas if any(float(r["gamma0"]) == x for r in sel)]
        lazy = "NNGP, ridge 1/beta" if method == "bayes" else "NTK ridge, ridge lambda/s"
        print(f"**{name}, {'Bayes, beta' if method == 'bayes' else 'weight decay, lambda'} = {float(control):g}**: test loss "
              f"(test error) on Q = 2000 test images; lazy = {lazy}\n")
        print("| P | L | lazy | " + " | ".join(f"gamma0 = {x:g}" for x in g) + " | solve s (max) | eig s | all converged |")
        print("|---" * (len(g) + 6) + "|")
        by = defaultdict(dict)
        for r in sel:
            by[(int(r["P"]), int(r["L"]))][float(r["gamma0"])] = r
        for k in sorted(by):
            rs = list(by[k].values())
            r0 = rs[0]
            cells = [f"{float(by[k][x]['test_loss']):.3f} ({float(by[k][x]['test_error']):.3f})" if x in by[k] else "-" for x in g]
            print(f"| {k[0]} | {k[1]} | {float(r0['lazy_test_loss']):.3f} ({float(r0['lazy_test_error']):.3f}) | " + " | ".join(cells)
                  + f" | {max(float(r['solve_seconds']) for r in rs):.2f} | {float(r0['eig_seconds']):.1f} | "
                  f"{all(r['converged'] == 'true' for r in rs)} |")
        print()

# convergence of the P = 2000 solves
print("**P = 2000: convergence of every solve** (both pairs; root: |g| of the scalar equation, P x P: componentwise "
      "backward error of the full equations, accepted below 1e-13 (1 + lambda_max / ridge), lambda_max = 630 (0,6) "
      "and 402 (5,7))\n")
print("| pair | method | L | rows | all converged | max Newton steps | max root residual | max P x P residual | "
      "ridge of that row | that row (beta or lambda, gamma0) | max solve s |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
hist = []
for tag, name in PAIRS:
    rows = [r for r in load(tag) if r["P"] == "2000"]
    for method in ("bayes", "decay"):
        for depth in ("1", "2"):
            sel = [r for r in rows if r["method"] == method and r["L"] == depth]
            if not sel:
                continue
            worst = max(sel, key=lambda r: float(r["full_residual"]))
            print(f"| {tag.replace('_', ',')} | {method} | {depth} | {len(sel)} | {all(r['converged'] == 'true' for r in sel)} | "
                  f"{max(int(r['iterations']) for r in sel)} | {max(float(r['root_residual']) for r in sel):.1e} | "
                  f"{float(worst['full_residual']):.1e} | {float(worst['ridge']):.2g} | "
                  f"{float(worst['beta_or_lambda']):g}, {float(worst['gamma0']):g} | {max(float(r['solve_seconds']) for r in sel):.2f} |")
            for r in sel:
                if method == "bayes" and r["gamma0"] in ("1.0", "8.0") and r["beta_or_lambda"] == "10.0":
                    hist.append((tag, depth, r["gamma0"], r["root_residual_history"]))
print()
print("**P = 2000, Bayes, beta = 10: residual history of the scalar root** (|g| after each safeguarded Newton step)\n")
print("| pair | L | gamma0 | history |")
print("|---|---|---|---|")
for tag, depth, g0, h in hist:
    print(f"| {tag.replace('_', ',')} | {depth} | {float(g0):g} | {h.replace(';', ', ')} |")
print()
