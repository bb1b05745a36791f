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
    fs = np.array(json.load(open(stat))["f"], dtype=float)
    print(f"{np.abs(full - fs).max():.3e}")


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
    k = int(np.argmin(dev[1:])) + 1
    print(f"| {L} | {ts[0]:.4g} | {ts[1]:.4g} | {ts[2]:.4g} | {ts[3]:.4g} | {t[k]:.3g} | {dev[k]:.2e} | "
          f"{np.abs(f[-1] - ng).max():.2e} |")


def earlystop(arrays_glob):
    """best test loss and its time per run directory (name ..._L{L}_r{ratio})."""
    for d in sorted(glob.glob(arrays_glob)):
        m = re.search(r"L(\d)_r([0-9.]+)", d)
        t = np.load(f"{d}/times.npy"); tl = np.load(f"{d}/test_loss.npy")
        k = int(np.argmin(tl))
        print(f"{m.group(1)} {m.group(2)} {tl[k]:.6g} {t[k]:.6g} {tl[-1]:.6g}")


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
