"""Tables and figures of docs/reports/fluctuations-report.md from the runs of validate.sh (numpy-free).
Usage: python3 docs/reports/scripts/fluctuations/tabulate.py [dir] [figure-dir]  (defaults out/fluct, out/fluct/fig)."""
import math, os, sys
sys.path.insert(0, os.path.dirname(__file__))
import svgplot
from ensembles import diag, ensemble_var, flat, loader  # noqa: E402

D = sys.argv[1] if len(sys.argv) > 1 else "out/fluct"
FIG = sys.argv[2] if len(sys.argv) > 2 else os.path.join(D, "fig")
os.makedirs(FIG, exist_ok=True)


load = loader(D)


def compare_table():
    print("## Done-when 3, L = 1: N Var from the ensemble against the exact theory (t >= 1, all train samples)\n")
    for g in ["0.5", "1", "2"]:
        th = load(f"th_L1_g{g}.json")
        if th is None:
            continue
        p = len(th["observables"]["f"]["value"][0])
        vf = [flat(r) for r in th["observables"]["var_f"]["value"]]
        vk = diag([flat(r) for r in th["observables"]["var_ntk"]["value"]], p)
        print(f"### gamma0 = {g}\n")
        print("| N | seeds | quantity | mean ratio ens/theory | rms (ratio - 1) | max abs z | within 2 SE | within 3 SE |")
        print("|---|---|---|---|---|---|---|---|")
        for n in ["256", "1024", "4096"]:
            sim = load(f"sim_L1_g{g}_N{n}.json")
            if sim is None:
                continue
            s = sim["method"]["seeds"]
            rel = math.sqrt(2 / (s - 1))
            for lab, th_rows, ens in [("f", vf, ensemble_var(sim, "f")),
                                      ("NTK diag", vk, diag(ensemble_var(sim, "ntk"), p))]:
                ratios, zs = [], []
                for t in range(1, len(th_rows)):
                    for a in range(len(th_rows[t])):
                        r = ens[t][a] / th_rows[t][a]
                        ratios.append(r)
                        zs.append((r - 1) / rel)
                m = sum(ratios) / len(ratios)
                rms = math.sqrt(sum((r - 1) ** 2 for r in ratios) / len(ratios))
                w2 = sum(abs(z) <= 2 for z in zs) / len(zs)
                w3 = sum(abs(z) <= 3 for z in zs) / len(zs)
                print(f"| {n} | {s} | {lab} | {m:.3f} | {rms:.3f} | {max(abs(z) for z in zs):.2f} | {100 * w2:.0f}% | {100 * w3:.0f}% |")
        print()
        # figure: N Var f(t) theory vs ensembles
        series = []
        times = [r for r in range(len(vf))]
        eta = th["problem"]["eta"]
        for a in range(p):
            series.append({"label": f"theory f[{a}]", "x": [eta * t for t in times], "y": [vf[t][a] for t in times],
                           "colour": svgplot.COLOURS[a]})
        sim = load(f"sim_L1_g{g}_N4096.json")
        if sim is not None:
            ev = ensemble_var(sim, "f")
            for a in range(p):
                series.append({"label": f"N=4096 f[{a}]", "x": [eta * t for t in times[::3]], "y": [ev[t][a] for t in times[::3]],
                               "colour": svgplot.COLOURS[a], "marker": True})
        svgplot.plot(os.path.join(FIG, f"varf_L1_g{g}.svg"), series, f"N Var f(t), L = 1, gamma0 = {g}, eta = {eta}",
                     "time eta t", "N Var f", logy=True)


def sweep():
    rows = []
    for g in ["0.25", "0.5", "0.75", "1", "1.5", "2", "3", "4", "5", "6", "8"]:
        c, u = load(f"sweep_c_g{g}.json"), load(f"sweep_u_g{g}.json")
        if c is None or u is None:
            continue
        last = lambda d, k: d["observables"][k]["value"][-1]
        trk = lambda d: sum(last(d, "var_ntk")[i][i] for i in range(3))
        ft = lambda d: sum(last(d, "var_f_test"))
        ftr = lambda d: sum(last(d, "var_f"))
        rows.append((float(g), trk(u), trk(c), ft(u), ft(c), ftr(u), ftr(c), sum(last(c, "ntk")[i][i] for i in range(3)),
                     c["method"].get("fluctuations_unreliable") or u["method"].get("fluctuations_unreliable")))
    if not rows:
        return
    print("## Done-when 4a: L = 1, P = 3 (+ Q = 2 test inputs), eta = 0.05, T = 200 (time 10): final variances against gamma0\n")
    print("| gamma0 | tr K(T) | sum_mu N Var K_mumu(T) uncentred | same, centred | sum N Var f_test(T) uncentred | same, centred | sum N Var f_train(T) uncentred | same, centred | flag |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[7]:.3f} | {r[1]:.4f} | {r[2]:.4f} | {r[3]:.4f} | {r[4]:.4f} | {r[5]:.2e} | {r[6]:.2e} | {r[8] or ''} |")
    print()
    gs = [r[0] for r in rows]
    svgplot.plot(os.path.join(FIG, "sweep_L1.svg"), [
        {"label": "NTK diag, uncentred", "x": gs, "y": [r[1] for r in rows]},
        {"label": "NTK diag, centred", "x": gs, "y": [r[2] for r in rows], "dash": True},
        {"label": "f_test, uncentred", "x": gs, "y": [r[3] for r in rows]},
        {"label": "f_test, centred", "x": gs, "y": [r[4] for r in rows], "dash": True}],
        "L = 1, P = 3: final N Var (summed over entries) against gamma0", "gamma0", "N Var at t = 10", logy=True, logx=True)


def layers():
    sim = load("sim_L3_g3_layers.json")
    th = load("th_L3_g3_layers.json")  # the deep engine (theory.md 11.7), dln solve --width 1
    if sim is None and th is None:
        return
    ref = sim if sim is not None else th
    eta = ref["problem"]["eta"]
    if sim is not None:
        print("## Done-when 4b: L = 3, gamma0 = 3, eta = 0.012, T = 30: simulation (N = %d, %d seeds)%s\n" % (
            sim["method"]["width"], sim["method"]["seeds"], " and the deep engine" if th is not None else ""))
    print("| l | source | N Var Phi^l(T,T) (sum of entries) | same at t = 0 | |Phi^l(T,T)|_F | SNR/sqrt(N) = |Phi|_F / sqrt(sum N Var) at T | same at t = 0 | N Var G^l(T,T) | G^l(T,T) | SNR_G/sqrt(N) at T | at t = 0 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    series = []
    for l in (1, 2, 3):
        for tag, doc in (("simulation", sim), ("engine", th)):
            if doc is None:
                continue
            if tag == "simulation":
                ev = ensemble_var(doc, f"phi{l}")
                gv = [r[0] for r in ensemble_var(doc, f"g{l}")]
            else:
                ev = [flat(r) for r in doc["observables"][f"var_phi{l}"]["value"]]
                gv = [flat(r)[0] for r in doc["observables"][f"var_g{l}"]["value"]]
            mean = [flat(r) for r in doc["observables"][f"phi{l}"]["value"]]
            gm = [flat(r)[0] for r in doc["observables"][f"g{l}"]["value"]]
            snr = [math.sqrt(sum(x * x for x in mean[t]) / sum(ev[t])) for t in range(len(ev))]
            t = len(ev) - 1
            print(f"| {l} | {tag} | {sum(ev[t]):.3f} | {sum(ev[0]):.3f} | {math.sqrt(sum(x * x for x in mean[t])):.3f} | {snr[t]:.3f} | {snr[0]:.3f} | {gv[t]:.3f} | {gm[t]:.3f} | {gm[t] / math.sqrt(gv[t]):.3f} | {gm[0] / math.sqrt(gv[0]):.3f} |")
            series.append({"label": f"sum N Var Phi^{l} ({tag})", "x": [eta * s for s in range(len(ev))], "y": [sum(e) for e in ev],
                           "dash": tag == "simulation"})
    print()
    svgplot.plot(os.path.join(FIG, "layers_L3.svg"), series, "L = 3, gamma0 = 3: kernel variance by layer (engine solid, simulation dashed)",
                 "time eta t", "sum_mu,nu N Var Phi^l(t,t)", logy=False)


def eos():
    rows = []
    for g in ["1", "2", "3", "4", "4.5", "5", "5.5", "6"]:
        d = load(f"eos_g{g}.json")
        if d is None:
            continue
        f = [flat(r)[0] for r in d["observables"]["f"]["value"]]
        v = [flat(r)[0] for r in d["observables"]["var_f"]["value"]]
        k = [flat(r)[0] for r in d["observables"]["ntk"]["value"]]
        rows.append((g, 1 - f[-2], 1 - f[-1], 0.2 * k[-2], 0.2 * k[-1], v[-1], d["method"].get("fluctuations_unreliable")))
    if not rows:
        return
    print("## Done-when 1: edge of stability, L = 1, one sample, y = 1, eta = 0.2, T = 30\n")
    print("| gamma0 | Delta(T-2) | Delta(T-1) | eta K(T-2) | eta K(T-1) | N Var f(T-1) (perturbative) | flagged |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]:.3e} | {r[2]:.3e} | {r[3]:.3f} | {r[4]:.3f} | {r[5]:.3e} | {'yes: ' + r[6][:40] + '...' if r[6] else 'no'} |")
    print()


def deep():
    rows = []
    for L in (2, 3):
        for g in ("0.5", "1", "2"):
            for n in ("256", "1024"):
                sim = load(f"sim_L{L}_g{g}_N{n}.json")
                if sim is None:
                    continue
                p = len(sim["observables"]["f"]["value"][0])
                ef = ensemble_var(sim, "f")
                ek = diag(ensemble_var(sim, "ntk"), p)
                tm = len(ef) // 2
                rows.append((L, g, n, sim["method"]["seeds"], ef[0], ef[tm], ef[-1], ek[0], ek[-1], tm))
    if not rows:
        return
    print("## L = 2, 3: ensemble variances (no exact theory for L >= 2 yet; data for its validation)\n")
    xs = [[float(v) for v in line.split(",")] for line in open(os.path.join(os.path.dirname(__file__), "inputs_P3.csv"))]
    kxd = [sum(v * v for v in x) / len(x) for x in xs]
    print("| L | gamma0 | N | seeds | N Var f(0) | theory Kx_mumu / gamma0^2 | N Var f(T/2) | N Var f(T-1) | N Var K_mumu(0) | theory 4 c_L Kx_mumu^2 | N Var K_mumu(T-1) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    fmt = lambda v: "[" + ", ".join(f"{x:.3g}" for x in v) + "]"
    for r in rows:
        cl = r[0] * (r[0] + 1) * (2 * r[0] + 1) / 6
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {fmt(r[4])} | {fmt([k / float(r[1]) ** 2 for k in kxd])} | {fmt(r[5])} | {fmt(r[6])} | {fmt(r[7])} | {fmt([4 * cl * k * k for k in kxd])} | {fmt(r[8])} |")
    print()


compare_table()
eos()
sweep()
layers()
deep()
