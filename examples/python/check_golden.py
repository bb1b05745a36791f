#!/usr/bin/env python3
"""Check a toy DMFT solver against dln's golden reference cases, with numpy alone.

Usage:  python3 check_golden.py SUITE_DIR [OUT_DIR] [--perturb]

SUITE_DIR is a folder written by `dln golden --out SUITE_DIR`. Three toy solvers are checked:
  * the lazy limit (gamma0 = 0): f(t+1) = f(t) + eta * s * (L+1) Kx (y - f(t)), s = 1 (loss summed) or 1/P;
  * two layers, one whitened sample (theory.md section 4): the exact gradient-descent map
      f <- f + eta K D + eta^2 g^2 f D^2,   K <- K + 4 eta g^2 f D + eta^2 g^2 D^2 K,   D = y - f,  from f = 0, K = 2;
  * its finite-width fluctuations (theory.md section 11.4; case fluct-P1-L1-g1 of suite version 3): at width N the
    network is exactly two scalars P = |h + w|^2 / (2N), Q = |h - w|^2 / (2N), independent chi^2_N / N at t = 0,
      P <- P (1 + eta g D)^2,   Q <- Q (1 - eta g D)^2,   f = (P - Q) / (2 g),   K = P + Q,
    and the delta method gives N Var X = 2 (dX/dP0)^2 + 2 (dX/dQ0)^2 (var_f.npy, var_ntk.npy).
Each toy trajectory is compared with the case's f.npy (and ntk.npy, var_*.npy); with OUT_DIR the toy results are also written
there as .npy files, in the layout `dln check OUT_DIR/CASE --case SUITE_DIR/CASE` reads. --perturb adds 1e-6 to one
value, to see the check fail. Exit code 0 if every check passes, 1 otherwise.
"""
import json
import os
import sys

import numpy as np

TOL = 1e-12  # both toy solvers are exact: only rounding differs


def load_problem(case_dir):
    with open(os.path.join(case_dir, "problem.json")) as fh:
        prob = json.load(fh)
    if "X" in prob:
        x = np.asarray(prob["X"], dtype=float)
        kx = x @ x.T / x.shape[1]
    else:
        kx = np.asarray(prob["Kx"], dtype=float)
    return prob, kx, np.asarray(prob["y"], dtype=float)


def lazy_solver(prob, kx, y):
    scale = 1.0 if prob["conventions"]["loss"] == "sum" else 1.0 / len(y)
    k0 = (prob["L"] + 1) * kx
    f = np.zeros((prob["T"], len(y)))
    for t in range(1, prob["T"]):
        f[t] = f[t - 1] + prob["eta"] * scale * k0 @ (y - f[t - 1])
    ntk = np.broadcast_to(k0, (prob["T"],) + k0.shape).copy()
    return f, ntk


def two_layer_one_sample(prob, kx, y):
    assert prob["L"] == 1 and len(y) == 1 and abs(kx[0, 0] - 1) < 1e-15
    eta, g2, yy = prob["eta"], prob["gamma0"] ** 2, y[0]
    f = np.zeros((prob["T"], 1))
    ntk = np.zeros((prob["T"], 1, 1))
    fv, kv = 0.0, 2.0
    for t in range(prob["T"]):
        f[t, 0], ntk[t, 0, 0] = fv, kv
        d = yy - fv
        fv, kv = fv + eta * kv * d + eta ** 2 * g2 * fv * d ** 2, kv + 4 * eta * g2 * fv * d + eta ** 2 * g2 * d ** 2 * kv
    return f, ntk


def two_scalar_fluctuations(prob, kx, y):
    assert prob["L"] == 1 and len(y) == 1 and abs(kx[0, 0] - 1) < 1e-15
    assert prob["conventions"]["loss"] == "sum" and prob["conventions"]["output"] == "uncentred"
    eta, g, yy, tn = prob["eta"], prob["gamma0"], y[0], prob["T"]
    p, q = 1.0, 1.0
    dp, dq = np.array([1.0, 0.0]), np.array([0.0, 1.0])  # derivatives with respect to (P0, Q0)
    out = {name: np.zeros(shape) for name, shape in
           (("f", (tn, 1)), ("ntk", (tn, 1, 1)), ("var_f", (tn, 1)), ("var_ntk", (tn, 1, 1)))}
    for t in range(tn):
        d, dd = yy - (p - q) / (2 * g), -(dp - dq) / (2 * g)
        out["f"][t, 0], out["ntk"][t, 0, 0] = (p - q) / (2 * g), p + q
        out["var_f"][t, 0] = 2 * np.sum(dd ** 2)  # N Var f = N Var D
        out["var_ntk"][t, 0, 0] = 2 * np.sum((dp + dq) ** 2)
        a, b = 1 + eta * g * d, 1 - eta * g * d
        dp, dq = dp * a * a + p * 2 * a * eta * g * dd, dq * b * b - q * 2 * b * eta * g * dd
        p, q = p * a * a, q * b * b
    return out


def main(argv):
    perturb = "--perturb" in argv
    args = [a for a in argv if a != "--perturb"]
    suite = args[0]
    out = args[1] if len(args) > 1 else None
    with open(os.path.join(suite, "manifest.json")) as fh:
        manifest = json.load(fh)
    ids = {c["id"] for c in manifest["cases"]}
    checks = [(cid, lazy_solver) for cid in sorted(ids) if cid.startswith("random-P4-L") and cid.endswith("-g0")]
    checks.append(("whitened-P1-L1-g1", two_layer_one_sample))
    checks.append(("whitened-P1-L1-g3", two_layer_one_sample))
    if "fluct-P1-L1-g1" in ids:
        checks.append(("fluct-P1-L1-g1", two_scalar_fluctuations))
    else:
        print("fluct-P1-L1-g1 is not in this suite (written before suite version 3, or without the other solvers' cases): "
              "its check is skipped")
    ok = True
    for cid, solver in checks:
        case = os.path.join(suite, cid)
        prob, kx, y = load_problem(case)
        res = solver(prob, kx, y)
        if not isinstance(res, dict):
            res = {"f": res[0], "ntk": res[1]}
        if perturb:
            res["f"][prob["T"] // 2, 0] += 1e-6
        errors = []
        passed = True
        for name, value in res.items():
            ref = np.load(os.path.join(case, name + ".npy"))
            err = float(np.max(np.abs(value - ref)))
            # the means: TOL absolute (K: relative to its size); the variances: TOL relative to their size
            scale = 1.0 if name == "f" else max(1.0, float(np.max(np.abs(ref))))
            passed &= err <= TOL * scale
            errors.append(f"max|{name} - golden| = {err:.2e}")
        ok &= passed
        print(f"{cid:24s} {solver.__name__:24s} {'  '.join(errors)}  {'PASS' if passed else 'FAIL'}")
        if out:
            d = os.path.join(out, cid)
            os.makedirs(d, exist_ok=True)
            for name, value in res.items():
                np.save(os.path.join(d, name + ".npy"), value)
            np.save(os.path.join(d, "t.npy"), np.arange(prob["T"], dtype=float))
    print("all checks PASS" if ok else "some checks FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
