#!/usr/bin/env python3
"""Tables of docs/reports/adaptive-report.md from the CSVs of fashion.sh (numpy-free).

usage: python3 docs/reports/scripts/adaptive/tabulate.py [dir]   (default out/adaptive)
"""
import csv
import sys
from collections import defaultdict

d = sys.argv[1] if len(sys.argv) > 1 else "out/adaptive"
for tag, name in (("0_6", "T-shirt (0, +1) vs shirt (6, -1)"), ("5_7", "sandal (5, +1) vs sneaker (7, -1)")):
    try:
        rows = list(csv.DictReader(open(f"{d}/fashion_{tag}.csv")))
    except FileNotFoundError:
        print(f"(no {d}/fashion_{tag}.csv)\n")
        continue
    gammas = sorted({float(r["gamma0"]) for r in rows})
    for method, control in (("bayes", "10.0"), ("bayes", "1.0"), ("bayes", "100.0"), ("decay", "0.1"), ("decay", "1.0")):
        sel = [r for r in rows if r["method"] == method and r["beta_or_lambda"] == control]
        if not sel:
            continue
        g = [x for x in gammas if any(float(r["gamma0"]) == x for r in sel)]
        lazy = "NNGP (ridge 1/beta)" if method == "bayes" else "NTK ridge (lambda/s)"
        print(f"**{name}, {method}, {'beta' if method == 'bayes' else 'lambda'} = {control}**: test loss (mean squared error, "
              f"Q = 2000); lazy = {lazy}\n")
        print("| P | L | lazy | " + " | ".join(f"gamma0 = {x:g}" for x in g) + " | max solve s | eig s | max P x P residual | all converged |")
        print("|---" * (len(g) + 7) + "|")
        by = defaultdict(dict)
        meta = defaultdict(list)
        for r in sel:
            k = (int(r["P"]), int(r["L"]))
            by[k][float(r["gamma0"])] = r
            meta[k].append(r)
        for k in sorted(by):
            rs = meta[k]
            lz = float(rs[0]["lazy_test_loss"])
            cells = [f"{float(by[k][x]['test_loss']):.4f}" if x in by[k] else "-" for x in g]
            res = max(float(r["full_residual"]) for r in rs)
            print(f"| {k[0]} | {k[1]} | {lz:.4f} | " + " | ".join(cells) +
                  f" | {max(float(r['solve_seconds']) for r in rs):.2f} | {float(rs[0]['eig_seconds']):.1f} | {res:.1e} | "
                  f"{all(r['converged'] == 'true' for r in rs)} |")
        print()
    # test error summary at beta = 10
    sel = [r for r in rows if r["method"] == "bayes" and r["beta_or_lambda"] == "10.0"]
    if sel:
        print(f"**{name}, test error (sign), Bayes beta = 10**: lazy -> adaptive at gamma0 = 1 and 8\n")
        print("| P | L | NNGP | gamma0 = 1 | gamma0 = 8 |")
        print("|---|---|---|---|---|")
        by = defaultdict(dict)
        for r in sel:
            by[(int(r["P"]), int(r["L"]))][float(r["gamma0"])] = r
        for k in sorted(by):
            b = by[k]
            print(f"| {k[0]} | {k[1]} | {float(b[0.0]['lazy_test_error']):.4f} | {float(b[1.0]['test_error']):.4f} | "
                  f"{float(b[8.0]['test_error']):.4f} |")
        print()
