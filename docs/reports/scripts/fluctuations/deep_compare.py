"""Depth L >= 2 (theory.md 11.7): N Var f and N Var K_mumu of the formal-site-measure engine against dln simulate ensembles.
Usage: python3 docs/reports/scripts/fluctuations/deep_compare.py [dir]   (default out/fluct-deep; runs of validate.sh deep11)
Each ensemble variance is N S se^2 over S seeds; its relative standard error is sqrt(2 / (S - 1)), so z = (ens/theory - 1) / that.
A 'null' column repeats the summary with the lazy limit (the same engine at gamma0 = 0.001, centred runs only)."""
import math, os, sys
sys.path.insert(0, os.path.dirname(__file__))
from ensembles import diag, ensemble_var, flat, loader  # noqa: E402

D = sys.argv[1] if len(sys.argv) > 1 else "out/fluct-deep"


load = loader(D)


def summary(th_rows, ens, rel, t0):
    ratios = [ens[t][a] / th_rows[t][a] for t in range(t0, len(th_rows)) for a in range(len(th_rows[t]))]
    zs = [(r - 1) / rel for r in ratios]
    m = sum(ratios) / len(ratios)
    rms = math.sqrt(sum((r - 1) ** 2 for r in ratios) / len(ratios))
    return m, rms, max(abs(z) for z in zs), sum(abs(z) <= 2 for z in zs) / len(zs), sum(abs(z) <= 3 for z in zs) / len(zs), len(zs), m - 1


CONFIGS = [  # label, theory, simulation, lazy theory (or None)
    ("L = 2, gamma0 = 0.5, eta = 0.05, T = 30, uncentred", "th_L2_g0.5_u30.json", "sim_L2_g0.5_u30_N256.json", None),
    ("L = 2, gamma0 = 0.5, eta = 0.05, T = 30, uncentred", "th_L2_g0.5_u30.json", "sim_L2_g0.5_u30_N1024.json", None),
    ("L = 2, gamma0 = 0.5, eta = 0.05, T = 30, uncentred", "th_L2_g0.5_u30.json", "sim_L2_g0.5_u30_N4096.json", None),
    ("L = 3, gamma0 = 0.5, eta = 0.05, T = 30, uncentred", "th_L3_g0.5_u30.json", "sim_L3_g0.5_u30_N256.json", None),
    ("L = 3, gamma0 = 0.5, eta = 0.05, T = 30, uncentred", "th_L3_g0.5_u30.json", "sim_L3_g0.5_u30_N1024.json", None),
    ("L = 3, gamma0 = 0.5, eta = 0.05, T = 30, uncentred", "th_L3_g0.5_u30.json", "sim_L3_g0.5_u30_N4096.json", None),
] + [(f"L = {L}, gamma0 = {g}, eta = 0.05, T = 30, uncentred", f"th_L{L}_g{g}_u30.json", f"sim_L{L}_g{g}_u30_N{n}.json", None)
     for g in ("1", "2") for L in (2, 3) for n in (256, 1024, 4096)] + [
    ("L = 2, gamma0 = 1, eta = 0.1, centred", "th_L2_g1_c.json", "sim_L2_g1_c_N1024.json", "th_L2_g0.001_c.json"),
    ("L = 3, gamma0 = 1, eta = 0.1, centred", "th_L3_g1_c.json", "sim_L3_g1_c_N1024.json", "th_L3_g0.001_c.json"),
    ("L = 2, gamma0 = 2, eta = 0.1, uncentred", "th_L2_g2_u.json", "sim_L2_g2_u_N1024.json", None),
    ("L = 3, gamma0 = 2, eta = 0.05, uncentred", "th_L3_g2_u.json", "sim_L3_g2_u_N1024.json", None),
    ("L = 2, gamma0 = 1, eta = 0.1, centred", "th_L2_g1_c.json", "sim_L2_g1_c_N256.json", "th_L2_g0.001_c.json"),
    ("L = 2, gamma0 = 1, eta = 0.1, centred", "th_L2_g1_c.json", "sim_L2_g1_c_N2048.json", "th_L2_g0.001_c.json"),
    ("L = 3, gamma0 = 1, eta = 0.1, centred", "th_L3_g1_c.json", "sim_L3_g1_c_N256.json", "th_L3_g0.001_c.json"),
]

print("| configuration | N | seeds | quantity | mean ratio ens/theory | rms (ratio - 1) | max abs z | within 2 SE | within 3 SE | values | lazy model: mean ratio, max abs z |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
detail = []
for label, thf, simf, nullf in CONFIGS:
    th, sim = load(thf), load(simf)
    if th is None or sim is None:
        continue
    nul = load(nullf) if nullf else None
    p = len(th["observables"]["f"]["value"][0])
    s, n = sim["method"]["seeds"], sim["method"]["width"]
    rel = math.sqrt(2 / (s - 1))
    vf = [flat(r) for r in th["observables"]["var_f"]["value"]]
    vk = diag([flat(r) for r in th["observables"]["var_ntk"]["value"]], p)
    ef, ek = ensemble_var(sim, "f"), diag(ensemble_var(sim, "ntk"), p)
    centred = th["problem"].get("conventions", {}).get("output", "uncentred") == "centred"
    t0 = 1 if centred else 0
    for lab, rows, ens, key in [("N Var f", vf, ef, "var_f"), ("N Var K_mumu", vk, ek, "var_ntk")]:
        m, rms, zmax, w2, w3, cnt, _ = summary(rows, ens, rel, t0)
        null = ""
        if nul is not None:
            nr = [flat(r) for r in nul["observables"][key]["value"]]
            if key == "var_ntk":
                nr = diag(nr, p)
            nm, _, nz, _, _, _, _ = summary(nr, ens, rel, t0)
            null = f"{nm:.3f}, {nz:.1f}"
        print(f"| {label} | {n} | {s} | {lab} | {m:.3f} | {rms:.3f} | {zmax:.2f} | {w2:.0%} | {w3:.0%} | {cnt} | {null} |")
    if n != 1024:
        continue
    detail.append((label + ": N Var f_mu(t)", vf, ef, rel))
    detail.append((label + ": N Var K_mumu(t) (t = 0 is Wick, exact: it shows this seed set's own sampling error)", vk, ek, rel))

for label, vf, ef, rel in detail:
    print(f"\n{label}, theory / ensemble (z)\n")
    p = len(vf[0])
    print("| t | " + " | ".join(f"mu = {a}" for a in range(p)) + " |")
    print("|---|" + "---|" * p)
    for t in range(0, len(vf), 3):
        cells = []
        for a in range(p):
            z = (ef[t][a] / vf[t][a] - 1) / rel if vf[t][a] > 0 else float("nan")
            cells.append(f"{vf[t][a]:.4g} / {ef[t][a]:.4g} ({z:+.1f})")
        print(f"| {t} | " + " | ".join(cells) + " |")
