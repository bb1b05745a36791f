"""Numbers and tables of the Langevin report from dln's documents and arrays (numpy only)."""
import json, sys, glob, re
import numpy as np


def obs(path, name):
    d = json.load(open(path))
    o = d["observables"].get(name)
    return None if o is None else np.array(o["value"], dtype=float)


def maxdev(a, b):
    """max |f - f| and |f_test - f_test| over all times of two trajectory documents."""
    d = np.abs(obs(a, "f") - obs(b, "f")).max()
    fa, fb = obs(a, "f_test"), obs(b, "f_test")
    if fa is not None and fb is not None:
        d = max(d, np.abs(fa - fb).max())
    print(f"{d:.3e}")


def times(path):
    print(";".join(repr(t) for t in json.load(open(path))["method"]["times"]))


def decay(lang, stat):
    f = obs(lang, "f")[-1]
    ft = obs(lang, "f_test")
    full = np.concatenate([f, ft[-1]]) if ft is not None else f
    try:
        fs, what = np.array(json.load(open(stat))["f"], dtype=float), "nontrivial state"
    except FileNotFoundError:  # dln decay found only the zero state
        fs, what = np.zeros_like(full), "zero state"
    print(f"{np.abs(full - fs).max():.3e} ({what}, max |f| = {np.abs(fs).max():.3f})")


def ou(arrays, lam, temp, sigma0):
    lam, temp, sigma0 = float(lam), float(temp), float(sigma0)
    t = np.load(f"{arrays}/two_time_times.npy")
    g = np.load(f"{arrays}/g1_two_time.npy")
    s2 = temp / lam
    T, S = np.meshgrid(t, t, indexing="ij")
    c = s2 * np.exp(-lam * np.abs(T - S)) + (sigma0 ** 2 - s2) * np.exp(-lam * (T + S))
    print(f"{np.abs(g - c).max():.3e}")


def phases(arrays, problem, lam, temp, beta, sigma0, L):
    """Plateau vs gradient-flow (NTK) predictor and end vs NNGP posterior mean, kernel regime."""
    lam, temp, beta, sigma0, L = float(lam), float(temp), float(beta), float(sigma0), int(L)
    pr = json.load(open(problem))
    X = np.array(pr["X"]); y = np.array(pr["y"]); D = X.shape[1]
    Xt = np.array(pr.get("X_test", np.zeros((0, D))))
    K = X @ X.T / D; Kt = Xt @ X.T / D
    t = np.load(f"{arrays}/times.npy"); f = np.load(f"{arrays}/f.npy")
    ts = np.load(f"{arrays}/time_scales.npy")
    gf = np.concatenate([K @ np.linalg.pinv(K) @ y, Kt @ np.linalg.pinv(K) @ y])
    ridge = lam / (beta * (temp / lam) ** L)
    ng = np.concatenate([K @ np.linalg.solve(K + ridge * np.eye(len(y)), y), Kt @ np.linalg.solve(K + ridge * np.eye(len(y)), y)])
    # plateau: the time between the phases where f is closest to the gradient-flow predictor
    dev = np.abs(f - gf).max(axis=1)
    np.save(f"{arrays}/dev_gf.npy", dev)
    np.save(f"{arrays}/dev_nngp.npy", np.abs(f - ng).max(axis=1))
    k = int(np.argmin(dev[1:])) + 1
    print(f"| {L} | {ts[0]:.4g} | {ts[1]:.4g} | {ts[2]:.4g} | {ts[3]:.4g} | {t[k]:.3g} | {dev[k]:.2e} | "
          f"{np.abs(f[-1] - ng).max():.2e} |")


def earlystop(arrays_glob):
    """best test loss and its time per run directory (name ..._L{L}_r{ratio}); es_best.tsv, es_time.tsv for Plot.java."""
    best, when = {}, {}
    for d in sorted(glob.glob(arrays_glob), key=lambda d: (d.split("_r")[0], float(d.split("_r")[1]))):
        m = re.search(r"L(\d)_r([0-9.]+)", d)
        t = np.load(f"{d}/times.npy"); tl = np.load(f"{d}/test_loss.npy")
        k = int(np.argmin(tl))
        L, r = int(m.group(1)), float(m.group(2))
        best.setdefault(r, {})[L] = tl[k]; when.setdefault(r, {})[L] = t[k]
        print(f"| {L} | {r:g} | {tl[k]:.6g} | {t[k]:.4g} | {tl[-1]:.6g} |")
    for name, v in (("es_best.tsv", best), ("es_time.tsv", when)):
        Ls = sorted({L for r in v for L in v[r]})
        with open(name, "w") as fh:
            fh.write("ratio " + " ".join(f"L{L}" for L in Ls) + "\n")
            for r in sorted(v):
                fh.write(f"{r:g} " + " ".join(f"{v[r].get(L, float('nan')):.8g}" for L in Ls) + "\n")


def simcompare(theory, sim, L, gamma0, chains):
    """theory vs finite-width ensemble: per observable (f, f_test) max |dev|, max |dev| / SE, fraction within 3 SE,
    over the times after 0 (at t = 0 the theory is 0 and the ensemble mean is pure initialization noise)."""
    a = json.load(open(theory)); bs = [json.load(open(x)) for x in sim.split(",")]
    ta = np.array(a["method"]["times"])
    for b in bs:
        tb = np.array(b["method"]["times"])
        assert len(ta) == len(tb) and np.allclose(ta, tb, atol=1e-9), "time grids differ"
    for name in ("f", "f_test"):
        va = np.array(a["observables"][name]["value"], dtype=float)
        vb, se = pooled(bs, name)
        d, z = np.abs(va - vb)[1:], (np.abs(va - vb) / se)[1:]
        assert np.all(np.isfinite(z)) and z.size > 0
        print(f"| {L} | {gamma0} | {chains} | {name} | {d.max():.2e} | {z.max():.2f} | {(z <= 3).sum()}/{z.size} | "
              f"{z.size} | {a['method']['solver']} |")


def pooled(docs, name):
    """mean and SE of the union of several simulation ensembles (disjoint seeds) from their means, SEs and chain counts."""
    n = np.array([d["method"]["seeds"] for d in docs], dtype=float)
    m = [np.array(d["observables"][name]["value"], dtype=float) for d in docs]
    v = [np.array(d["observables"][name]["stderr"], dtype=float) ** 2 * k for d, k in zip(docs, n)]
    N = n.sum(); mean = sum(k * x for k, x in zip(n, m)) / N
    ss = sum((k - 1) * vv + k * (x - mean) ** 2 for k, x, vv in zip(n, m, v))
    return mean, np.sqrt(ss / (N - 1) / N)


def bench(times_file):
    """march runs of the benchmark: time, f(t_max) against the finest run, the error estimate, f against bayes."""
    runs = [l.split() for l in open(times_file) if l.strip()]
    def fin(c):
        d = json.load(open(f"b_{c}.json"))["observables"]
        return np.concatenate([np.array(d["f"]["value"])[-1]])
    def steps(c):
        """the subdivisions n of the levels (steps h0/n), from the report's note"""
        notes = " ".join(json.load(open(f"b_{c}.json"))["report"]["notes"])
        m = re.search(r"steps h0/n for n = \[([0-9, ]+)\]", notes)
        return [int(v) for v in m.group(1).split(",")]
    def h(c):
        return float(c.split(",")[0]) / steps(c)[-1]
    ref = min((c for c, _ in runs), key=lambda c: (h(c), -len(steps(c))))
    fr = fin(ref)
    for c, sec in runs:
        md = open(f"b_{c}.md").read()
        est = re.search(r"Richardson error estimate ([^ \n]+)", md)
        bay = re.search(r"max \|f\(t_max\) - posterior mean\| = ([^ ]+)", md)
        dv = "reference" if c == ref else f"{np.abs(fin(c) - fr).max():.2e}"
        n = steps(c)
        print(f"| {c.split(',')[0]} | {n} | {h(c):.4g} | {sec} | {dv} | {est.group(1) if est else '-'} | {bay.group(1) if bay else '-'} |")


def table(out, *arrays):
    """a whitespace table: times and one column per run's (test) loss for Plot.java (name=dir:file pairs)."""
    cols, names = [], []
    t = None
    for a in arrays:
        name, d, fname = a.split(":")
        t = np.load(f"{d}/times.npy")
        cols.append(np.load(f"{d}/{fname}.npy"))
        names.append(name)
    with open(out, "w") as fh:
        fh.write("t " + " ".join(names) + "\n")
        for i in range(len(t)):
            fh.write(f"{t[i]:.8g} " + " ".join(f"{c[i]:.8g}" for c in cols) + "\n")


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])
