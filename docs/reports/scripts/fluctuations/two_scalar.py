"""Done-when 1: dln solve/flow --width against the delta method of the exact two-scalar reduction (L = 1, one sample,
Kx = 1), written from docs/theory.md 11.4 alone. Usage: python3 docs/reports/scripts/fluctuations/two_scalar.py
(runs dln; DLN overrides the command). Prints the largest relative deviations of N Var Delta and N Var K."""
import json, math, os, subprocess, sys

DLN = os.environ.get("DLN", "java -jar linear/target/dln.jar").split()
OUT = os.environ.get("OUT", "out/fluct")
os.makedirs(OUT, exist_ok=True)
open(os.path.join(OUT, "kx1.csv"), "w").write("1\n")


def descent(y, g, eta, T, centred):
    P = Q = 1.0
    dP, dQ = [1.0, 0.0], [0.0, 1.0]
    rows = []
    for t in range(T):
        D = y - (P - Q) / (2 * g)
        dD = [-(dP[i] - dQ[i] - ((1 if i == 0 else -1) if centred else 0)) / (2 * g) for i in range(2)]
        dK = [dP[i] + dQ[i] for i in range(2)]
        rows.append((2 * (dD[0] ** 2 + dD[1] ** 2), 2 * (dK[0] ** 2 + dK[1] ** 2)))
        a, b = 1 + eta * g * D, 1 - eta * g * D
        dP = [dP[i] * a * a + P * 2 * a * eta * g * dD[i] for i in range(2)]
        dQ = [dQ[i] * b * b - Q * 2 * b * eta * g * dD[i] for i in range(2)]
        P, Q = P * a * a, Q * b * b
    return rows


def flow_at(y, g, times, centred, h=2e-4):
    def rate(z):
        e = math.exp(2 * g * z[0]); ei = 1 / e
        c = 1 if centred else 0
        return [y - (e - ei) / (2 * g), -((e - c) / (2 * g) + (e + ei) * z[1]), -((-ei + c) / (2 * g) + (e + ei) * z[2])]
    z, t, rows = [0.0, 0.0, 0.0], 0.0, []
    for target in times:
        n = max(1, math.ceil((target - t) / h))
        hh = (target - t) / n if target > t else 0
        for _ in range(n if hh > 0 else 0):
            k1 = rate(z); k2 = rate([z[i] + hh / 2 * k1[i] for i in range(3)])
            k3 = rate([z[i] + hh / 2 * k2[i] for i in range(3)]); k4 = rate([z[i] + hh * k3[i] for i in range(3)])
            z = [z[i] + hh / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) for i in range(3)]
        t = target
        e = math.exp(2 * g * z[0]); ei = 1 / e
        c = 1 if centred else 0
        dP = [e + 2 * g * e * z[1], 2 * g * e * z[2]]
        dQ = [-2 * g * ei * z[1], ei - 2 * g * ei * z[2]]
        dD = [-(dP[0] - dQ[0] - c) / (2 * g), -(dP[1] - dQ[1] + c) / (2 * g)]
        dK = [dP[i] + dQ[i] for i in range(2)]
        rows.append((2 * (dD[0] ** 2 + dD[1] ** 2), 2 * (dK[0] ** 2 + dK[1] ** 2)))
    return rows


def worst(doc, ref):
    vf = [r[0] for r in doc["observables"]["var_f"]["value"]]
    vk = [r[0][0] for r in doc["observables"]["var_ntk"]["value"]]
    ef = max(abs(vf[t] - ref[t][0]) / max(1, abs(ref[t][0])) for t in range(len(ref)))
    ek = max(abs(vk[t] - ref[t][1]) / max(1, abs(ref[t][1])) for t in range(len(ref)))
    return ef, ek


print("| dynamics | y | gamma0 | eta (GD) / t-max (flow) | T or nodes | output | max rel dev N Var Delta | max rel dev N Var K |")
print("|---|---|---|---|---|---|---|---|")
for (y, g, eta, T) in [(1.0, 1.0, 0.2, 30), (1.0, 2.0, 0.2, 30), (1.0, 3.0, 0.2, 30), (1.0, 4.0, 0.2, 30), (1.3, 2.5, 0.1, 60), (-0.7, 0.5, 0.3, 40)]:
    for centred in (False, True):
        f = os.path.join(OUT, "ts.json")
        conv = ["--conventions", "output=centred"] if centred else []
        subprocess.run(DLN + ["solve", "--kx", os.path.join(OUT, "kx1.csv"), "--y", str(y), "-L", "1", "-g", str(g), "--eta", str(eta),
                              "-T", str(T), "--width", "1", "-o", f] + conv, check=True, capture_output=True)
        ef, ek = worst(json.load(open(f)), descent(y, g, eta, T, centred))
        print(f"| gradient descent | {y} | {g} | {eta} | {T} | {'centred' if centred else 'uncentred'} | {ef:.1e} | {ek:.1e} |")
for (y, g, tmax) in [(1.0, 1.5, 5.0), (2.0, 0.7, 8.0), (-1.0, 3.0, 3.0)]:
    for centred in (False, True):
        f = os.path.join(OUT, "tsf.json")
        conv = ["--conventions", "output=centred"] if centred else []
        subprocess.run(DLN + ["flow", "--kx", os.path.join(OUT, "kx1.csv"), "--y", str(y), "-L", "1", "-g", str(g), "--t-max", str(tmax),
                              "--width", "1", "-o", f] + conv, check=True, capture_output=True)
        doc = json.load(open(f))
        times = doc["method"]["times"]
        ef, ek = worst(doc, flow_at(y, g, times, centred))
        print(f"| gradient flow | {y} | {g} | {tmax} | {len(times)} | {'centred' if centred else 'uncentred'} | {ef:.1e} | {ek:.1e} |")
