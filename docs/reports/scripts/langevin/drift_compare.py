"""Drift of the network (simulate-langevin --drift JSON) against the theory (dln langevin --drift JSON) on common lags.
Usage: drift_compare.py SIM.json THEORY.json L  -> Markdown table, z = (network - theory) / stderr."""
import json, sys
sim = json.load(open(sys.argv[1]))["drift"]; th = json.load(open(sys.argv[2]))["method"]
tl = th["drift_lag"]; L = int(sys.argv[3])
rows = []; worst = 0; n = 0; within = 0
for k, lag in enumerate(sim["lag"]):
    if k == 0: continue
    j = min(range(len(tl)), key=lambda i: abs(tl[i] - lag))
    assert abs(tl[j] - lag) < 1e-9, (lag, tl[j])
    cells = []
    for l in range(1, L + 1):
        v, se, t = sim["phi%d_trace" % l]["value"][k], sim["phi%d_trace" % l]["stderr"][k], th["drift_phi_trace"][l - 1][j]
        z = (v - t) / se; worst = max(worst, abs(z)); n += 1; within += abs(z) <= 3
        cells.append("%.4f ± %.4f | %.4f | %.2f" % (v, se, t, z))
    v, se, t = sim["readout"]["value"][k], sim["readout"]["stderr"][k], th["drift_weights_normalised"][L][j]
    z = (v - t) / se; worst = max(worst, abs(z)); n += 1; within += abs(z) <= 3
    cells.append("%.4f ± %.4f | %.4f | %.2f" % (v, se, t, z))
    rows.append("| %.1f | %s |" % (lag, " | ".join(cells)))
head = "| lag |" + "".join(" tr Phi^%d network | theory | z |" % l for l in range(1, L + 1)) + " readout network | theory | z |"
print(head); print("|---|" + "---|---|---|" * (L + 1))
print("\n".join(rows))
print("\nWithin 3 SE: %d of %d, max |z| = %.2f" % (within, n, worst))
