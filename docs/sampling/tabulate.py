#!/usr/bin/env python3
"""Tables of docs/sampling-report.md from the outputs of docs/sampling/validate.sh (numpy-free)."""
import json, math, os, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else 'docs/sampling/out'

def load(name):
    p = os.path.join(OUT, name)
    return json.load(open(p)) if os.path.exists(p) else None

def flat(v):
    if isinstance(v, list):
        r = []
        for x in v:
            r.extend(flat(x))
        return r
    return [v]

def rows(doc, key, t0=1):
    o = doc['observables'][key]
    vals, ses = o['value'], o.get('stderr')
    for t in range(t0, len(vals)):
        v = flat(vals[t]); s = flat(ses[t]) if ses is not None else [0.0] * len(v)
        yield t, v, s

def compare(a, b, key, t0=1):
    """max |a-b| / sqrt(se_a^2 + se_b^2), rms |a-b|, rms combined se, fraction within 3 se"""
    zmax, sq, se2, n, within = 0.0, 0.0, 0.0, 0, 0
    for (t, va, sa), (_, vb, sb) in zip(rows(a, key, t0), rows(b, key, t0)):
        for x, y, s1, s2 in zip(va, vb, sa, sb):
            se = math.hypot(s1, s2)
            d = abs(x - y)
            if se > 0:
                zmax = max(zmax, d / se)
                within += d <= 3 * se
            sq += d * d; se2 += se * se; n += 1
    return zmax, math.sqrt(sq / n), math.sqrt(se2 / n), within / n

SEEDS = (1, 2, 3, 4, 5)
print('## Done-when 1: identity activation, sampler (causal march, 8 replicas) vs exact linear solver (P = 4, T = 10, eta = 0.05), seeds 1..5\n')
print('| L | gamma0 | S | max dev / SE (f), over 5 seeds | max dev / SE (NTK) | rms error f (5 seeds) | rms SE f (5 seeds) | pooled rms dev / rms SE (f) | f within 3 SE | wall per run (s) |')
print('|---|---|---|---|---|---|---|---|---|---|')
for L in (1, 2, 3):
    for g in ('0.5', '1.5'):
        ex = load(f'id_L{L}_g{g}_exact.json')
        for S in (1000, 10000, 100000):
            zf = zk = 0.0; e2 = s2 = 0.0; w = 0.0; wall = 0.0; k = 0
            for seed in SEEDS:
                mc = load(f'id_L{L}_g{g}_S{S}_seed{seed}.json')
                if ex is None or mc is None:
                    continue
                a1, ef, sf, wf = compare(mc, ex, 'f')
                a2, _, _, _ = compare(mc, ex, 'ntk')
                zf = max(zf, a1); zk = max(zk, a2); e2 += ef * ef; s2 += sf * sf; w += wf; k += 1
                wall += mc['report']['wall_seconds']
            if k == 0:
                continue
            print(f"| {L} | {g} | {S} | {zf:.2f} | {zk:.2f} | {math.sqrt(e2 / k):.2e} | {math.sqrt(s2 / k):.2e} | {math.sqrt(e2 / s2):.2f} | {100 * w / k:.0f}% | {wall / k:.1f} |")
print()
print('## Done-when 2: relu and tanh, L = 2, sampler (S = 100000, 8 replicas) vs dln simulate (8 seeds)\n')
print('| activation | gamma0 | N | max gap / combined SE (f) | f within 3 SE | rms gap f | max gap / SE (NTK) | NTK within 3 SE | rms gap NTK | max gap / SE (g1) | sampler iterations | sampler wall (s) |')
print('|---|---|---|---|---|---|---|---|---|---|---|---|')
for act in ('relu', 'tanh'):
    for g in ('0.5', '1.5'):
        mc = load(f'{act}_g{g}_mc.json')
        for N in (1024, 4096):
            sim = load(f'{act}_g{g}_N{N}.json')
            if mc is None or sim is None:
                continue
            zf, ef, _, wf = compare(mc, sim, 'f')
            zk, ek, _, wk = compare(mc, sim, 'ntk')
            zg, eg, _, wg = compare(mc, sim, 'g1')
            r = mc['report']
            print(f"| {act} | {g} | {N} | {zf:.2f} | {100*wf:.0f}% | {ef:.2e} | {zk:.2f} | {100*wk:.0f}% | {ek:.2e} | {zg:.2f} | {r['iterations']} | {r['wall_seconds']:.1f} |")
