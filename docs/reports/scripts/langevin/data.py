"""Problem files of the Langevin report: P = 4 random inputs in D = 3 (2 test inputs), lambda_max(Kx) = 1."""
import json, sys
import numpy as np
out = sys.argv[1]
r = np.random.default_rng(17)
X = r.standard_normal((4, 3)); Xt = r.standard_normal((2, 3))
s = 1 / np.sqrt(np.linalg.eigvalsh(X @ X.T / 3).max())
X *= s; Xt *= s
y = [1.0, -0.5, 0.3, 0.8]
for L in (1, 2, 3):
    for g in (0.0, 0.5, 1.0, 2.0):
        json.dump({"X": X.tolist(), "X_test": Xt.tolist(), "y": y, "L": L, "gamma0": g}, open(f"{out}/p_L{L}_g{g}.json", "w"))
    json.dump({"X": X.tolist(), "X_test": Xt.tolist(), "y": [0.0] * 4, "L": L, "gamma0": 1.0}, open(f"{out}/p0_L{L}.json", "w"))

# two-phase study: P = 4 <= D = 8 (the gradient-flow predictor interpolates), lambda_max(Kx) = 1
r = np.random.default_rng(5)
X = r.standard_normal((4, 8)); Xt = r.standard_normal((2, 8))
s = 1 / np.sqrt(np.linalg.eigvalsh(X @ X.T / 8).max())
X *= s; Xt *= s
for L in (1, 2, 3):
    json.dump({"X": X.tolist(), "X_test": Xt.tolist(), "y": y, "L": L, "gamma0": 0.0}, open(f"{out}/tp_L{L}.json", "w"))
