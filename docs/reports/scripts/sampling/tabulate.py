#!/usr/bin/env python3
"""Tables of docs/reports/sampling-report.md from the outputs of docs/reports/scripts/sampling/validate.sh (numpy-free)."""
import json, math, os, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else 'out/sampling'

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

def t_within(x, nu):
    """P(|T| <= x) for Student-t with nu degrees of freedom (Simpson on the density; nu = inf: normal)."""
    if nu is None or nu <= 0:
        return float('nan')
    c = math.exp(math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2)) / math.sqrt(nu * math.pi)
    dens = lambda u: c * (1 + u * u / nu) ** (-(nu + 1) / 2)
    m = 2000; h = x / m
    acc = dens(0) + dens(x) + sum((4 if k % 2 else 2) * dens(k * h) for k in range(1, m))
    return 2 * acc * h / 3

def zs(mc, ex, key):
    """deviations and standard errors of all values at t >= 1"""
    d, s = [], []
    for (t, va, sa), (_, vb, _) in zip(rows(mc, key), rows(ex, key)):
        for x, y, e in zip(va, vb, sa):
            if e > 0:
                d.append(x - y); s.append(e)
    return d, s

def configs():
    """the (L, gamma0) pairs of Done-when 1"""
    for L in (1, 2, 3):
        for g in ('0.5', '1.5'):
            yield L, g

def seeds_of(L, g, S):
    k = 1
    while load(f'id_L{L}_g{g}_S{S}_seed{k}.json') is not None:
        k += 1
    return range(1, k)

print('## Done-when 1: identity activation, sampler (causal march, default replicas, split-half bias correction) vs exact linear solver (P = 4, T = 10, eta = 0.05)\n')
print('Per run: 36 values of f and 144 of the NTK (t = 1..9); z = (sampler - exact) / SE. "expected" = P(|t_dof| <= 3) for the'
      ' Student-t of the error model (dof = replicas - 1). "sd/SE" = rms over the f values of the sd over seeds of the'
      ' estimate / rms reported SE (1 = calibrated; noise ~ 1/sqrt(2 (seeds - 1)) per value, values correlated). "bias f" ='
      ' rms over the f values of the mean deviation over seeds / its noise (rms sd / sqrt(seeds)); about 1 without bias.\n')
print('| L | gamma0 | S | seeds | replicas (dof) | max \\|z\\| f | max \\|z\\| NTK | f within 3 SE | NTK within 3 SE | expected | pooled rms dev / rms SE f | same, NTK | sd/SE f | bias f | rms error f | rms SE f | wall per run (s) |')
print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
rmserr = {}
for L in (1, 2, 3):
    for g in ('0.5', '1.5'):
        ex = load(f'id_L{L}_g{g}_exact.json')
        if ex is None:
            continue
        for S in (1000, 10000, 100000):
            seeds = seeds_of(L, g, S)
            if len(seeds) == 0:
                continue
            zf = zk = 0.0; wf = wk = nf = nk = 0; df2 = sf2 = dk2 = sk2 = 0.0; wall = 0.0; R = None
            per = []
            for seed in seeds:
                mc = load(f'id_L{L}_g{g}_S{S}_seed{seed}.json')
                R = mc['method']['replicas']
                d, s = zs(mc, ex, 'f')
                per.append(d)
                for a, b in zip(d, s):
                    z = abs(a) / b; zf = max(zf, z); wf += z <= 3; nf += 1; df2 += a * a; sf2 += b * b
                d, s = zs(mc, ex, 'ntk')
                for a, b in zip(d, s):
                    z = abs(a) / b; zk = max(zk, z); wk += z <= 3; nk += 1; dk2 += a * a; sk2 += b * b
                wall += mc['report']['wall_seconds']
            k = len(per)
            sdr = bias = float('nan')
            if k > 2:
                m = len(per[0])
                var = mu2 = 0.0
                for i in range(m):
                    mu = sum(p[i] for p in per) / k
                    mu2 += mu * mu
                    var += sum((p[i] - mu) ** 2 for p in per) / (k - 1)
                sdr = math.sqrt(var / m) / math.sqrt(sf2 / nf)
                bias = math.sqrt(mu2 / m) / math.sqrt(var / m / k)
            rmserr[(L, g, S)] = math.sqrt(df2 / nf)
            print(f"| {L} | {g} | {S} | {k} | {R} ({R - 1}) | {zf:.2f} | {zk:.2f} | {100 * wf / nf:.1f}% | {100 * wk / nk:.1f}% | "
                  f"{100 * t_within(3.0, R - 1):.1f}% | {math.sqrt(df2 / sf2):.2f} | {math.sqrt(dk2 / sk2):.2f} | {sdr:.2f} | {bias:.2f} | "
                  f"{math.sqrt(df2 / nf):.2e} | {math.sqrt(sf2 / nf):.2e} | {wall / k:.1f} |")
print()
print('rms error of f (pooled over seeds) against S: slope of log(rms error) vs log(S) by least squares (S^-1/2: -0.5), and the'
      ' factor per decade (sqrt(10) = 3.16)\n')
print('| L | gamma0 | rms error S = 1e3 | 1e4 | 1e5 | slope | factor 1e3 -> 1e4 | factor 1e4 -> 1e5 |')
print('|---|---|---|---|---|---|---|---|')
for L, g in configs():
    e = [rmserr.get((L, g, S)) for S in (1000, 10000, 100000)]
    if None in e:
        continue
    xs = [3.0, 4.0, 5.0]; ys = [math.log10(v) for v in e]
    xm = sum(xs) / 3; ym = sum(ys) / 3
    slope = sum((a - xm) * (b - ym) for a, b in zip(xs, ys)) / sum((a - xm) ** 2 for a in xs)
    print(f"| {L} | {g} | {e[0]:.2e} | {e[1]:.2e} | {e[2]:.2e} | {slope:.3f} | {e[0] / e[1]:.2f} | {e[1] / e[2]:.2f} |")
print()
print('Whole runs (each run = 36 values of f and 144 of the NTK): the largest over the runs of the rms of z over one run, the'
      ' runs whose every value is within 3 SE, and the default seed (1)\n')
print('| L | gamma0 | S | runs | max over runs of rms z (f) | same (NTK) | runs with every value within 3 SE | seed 1: max \\|z\\| |')
print('|---|---|---|---|---|---|---|---|')
for L, g in configs():
    ex = load(f'id_L{L}_g{g}_exact.json')
    if ex is None:
        continue
    for S in (1000, 10000, 100000):
        rf, rk, allin, first = 0.0, 0.0, 0, None
        ks = list(seeds_of(L, g, S))
        for k in ks:
            mc = load(f'id_L{L}_g{g}_S{S}_seed{k}.json')
            zmax = 0.0
            for key in ('f', 'ntk'):
                d, s_ = zs(mc, ex, key)
                z = [a / b for a, b in zip(d, s_)]
                r = math.sqrt(sum(v * v for v in z) / len(z))
                if key == 'f':
                    rf = max(rf, r)
                else:
                    rk = max(rk, r)
                zmax = max(zmax, max(abs(v) for v in z))
            allin += zmax <= 3
            if k == 1:
                first = zmax
        if ks:
            print(f"| {L} | {g} | {S} | {len(ks)} | {rf:.2f} | {rk:.2f} | {allin}/{len(ks)} | {first:.2f} |")
print()
print('## Done-when 2: relu and tanh, L = 2, sampler (S = 100000) vs dln simulate (8 seeds)\n')
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

print()
print('64 seeds (SIM64=yes): the gap of the seed mean as above, and the rms distance of one trained network from the theory,'
      ' sqrt(seeds SE_sim^2 + gap^2) (its N^-1/2 shrinking: factor 2 from N = 1024 to 4096)\n')
print('| activation | gamma0 | N | seeds | max gap / combined SE (f) | f within 3 SE | rms gap f (seed mean) | rms combined SE f | max gap / SE (NTK) | rms distance of one network f | same, NTK | factor 1024 -> 4096 (f, NTK) |')
print('|---|---|---|---|---|---|---|---|---|---|---|---|')
for act in ('relu', 'tanh'):
    for g in ('0.5', '1.5'):
        mc = load(f'{act}_g{g}_mc.json')
        prev = None
        for N in (1024, 4096):
            sim = load(f'{act}_g{g}_N{N}_s64.json')
            if mc is None or sim is None:
                continue
            k = sim['method']['seeds']
            zf, ef, sf, wf = compare(mc, sim, 'f')
            zk, ek, sk, wk = compare(mc, sim, 'ntk')
            dist = []
            for key in ('f', 'ntk'):
                acc, n = 0.0, 0
                for (t, va, sa), (_, vb, sb) in zip(rows(mc, key), rows(sim, key)):
                    for x, y, s1, s2 in zip(va, vb, sa, sb):
                        acc += k * s2 * s2 + (x - y) ** 2
                        n += 1
                dist.append(math.sqrt(acc / n))
            fac = '' if prev is None else f'{prev[0] / dist[0]:.2f}, {prev[1] / dist[1]:.2f}'
            print(f"| {act} | {g} | {N} | {k} | {zf:.2f} | {100*wf:.0f}% | {ef:.2e} | {sf:.2e} | {zk:.2f} | {dist[0]:.2e} | {dist[1]:.2e} | {fac} |")
            prev = dist

