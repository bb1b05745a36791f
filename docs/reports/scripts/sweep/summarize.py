"""Tables of docs/reports/sweep-report.md from the sweep tables (numpy only).
Usage: python3 docs/reports/scripts/sweep/summarize.py OUTDIR   (after run-phase.sh and run-width.sh)"""
import sys
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "out/sweep"

z = np.load(f"{out}/phase.npz")
reg = z["regime"]
print("phase grid:", len(reg), "points")
for r in ["converged", "unfinished", "edge", "diverged", "not-converged", "failed"]:
    print(f"  {r:14s} {np.sum(reg == r):4d}")
g, e = z["gamma0"], z["eta"]
lam0 = z["ntk_trace_initial"]  # finite for every point that did not diverge at t = 0
s = z["sharpness_max"]
print("edge points with sharpness_max >= 2:", int(np.sum((reg == "edge") & (s >= 2))), "of", int(np.sum(reg == "edge")))
print("non-edge, non-diverged points with sharpness_max >= 2:", int(np.sum((reg != "edge") & (reg != "diverged") & (s >= 2))))
print("| gamma0 | largest eta not diverged | its regime | largest eta trained (converged/unfinished) |")
print("|---|---|---|---|")
for gv in np.unique(g):
    m = g == gv
    ok = m & (reg != "diverged")
    tr = m & ((reg == "converged") | (reg == "unfinished"))
    emax = e[ok].max() if ok.any() else float("nan")
    rmax = reg[ok][np.argmax(e[ok])] if ok.any() else "-"
    tmax = e[tr].max() if tr.any() else float("nan")
    print(f"| {gv:.4g} | {emax:.4g} | {rmax} | {tmax:.4g} |")
print("final NTK trace: min %.4g, max %.4g over the non-diverged points" % (np.nanmin(z["ntk_trace_final"]), np.nanmax(z["ntk_trace_final"])))

try:
    w = np.load(f"{out}/width.npz")
except FileNotFoundError:
    sys.exit(0)
print()
print("| N | loss_final (sim +- se) | loss_final (theory) | dev_loss_final | dev_ntk_final | K_00 sim +- se | K_00 theory | test loss sim | test loss theory |")
print("|---|---|---|---|---|---|---|---|---|")
cmd = w["command"]
for n in np.unique(w["N"]):
    s_ = (w["N"] == n) & (cmd == "simulate")
    t_ = (w["N"] == n) & (cmd == "solve")
    i, j = np.argmax(s_), np.argmax(t_)
    print(f"| {int(n)} | {w['loss_final'][i]:.4e} +- {w['loss_final_se'][i]:.1e} | {w['loss_final'][j]:.4e} | {w['dev_loss_final'][i]:.3e} | "
          f"{w['dev_ntk_final'][i]:.3e} | {w['ntk_final_0_0'][i]:.4f} +- {w['ntk_final_0_0_se'][i]:.4f} | {w['ntk_final_0_0'][j]:.4f} | "
          f"{w['test_loss_final'][i]:.4e} | {w['test_loss_final'][j]:.4e} |")
s_ = cmd == "simulate"
n, d = w["N"][s_], w["dev_ntk_final"][s_]
slope = np.polyfit(np.log(n), np.log(d), 1)[0]
print(f"log-log slope of dev_ntk_final against N: {slope:.3f}")
