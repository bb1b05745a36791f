"""A gamma0 sweep of 100 gradient-descent solves (P = 3, L = 2, T = 80) from Python, timed including the JVM start.

    python3 python/examples/gamma0_sweep.py [--solves 100]

Prints the wall time of the whole sweep (first call included: it starts the dln serve JVM) and of the solves after
the first, and the final NTK entry K[0][0](T-1) across gamma0 as a check that the arrays came back.
On a busy machine DLN_JAVA_OPTS="-Xmx4g -XX:TieredStopAtLevel=1" makes such loops of small solves cheaper (python/README.md).
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import dln  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--solves", type=int, default=100)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 8))
    y = np.array([1.0, -0.6, 0.4])
    gammas = np.linspace(0.0, 2.0, a.solves)
    t0 = time.perf_counter()
    ntk = []
    first = None
    for g in gammas:
        r = dln.solve(X, y, L=2, gamma0=float(g), eta=0.05, T=80)
        ntk.append(r.ntk[-1])
        if first is None:
            first = time.perf_counter() - t0
    total = time.perf_counter() - t0
    ntk = np.array(ntk)
    print("%d solves (P = 3, L = 2, T = 80): %.2f s in all, including the JVM start and first solve %.2f s; "
          "%.1f ms per solve after it" % (a.solves, total, first, 1000 * (total - first) / max(1, a.solves - 1)))
    print("K[0][0](T-1): gamma0 = 0: %.6f, gamma0 = 2: %.6f (the lazy kernel is 3 Kx[0][0] = %.6f)"
          % (ntk[0, 0, 0], ntk[-1, 0, 0], 3 * (X @ X.T / 8)[0, 0]))
    print("load average: %s" % (" ".join("%.2f" % v for v in os.getloadavg())))


if __name__ == "__main__":
    main()
