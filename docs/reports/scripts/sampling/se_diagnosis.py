#!/usr/bin/env python3
"""Tables of the standard-error diagnosis (docs/reports/scripts/sampling/se_diagnosis.sh); numpy-free."""
import math, os, sys

D = sys.argv[1] if len(sys.argv) > 1 else 'out/sampling/se_diagnosis'
NF = 36  # f values (t = 1..9, 4 samples); the rest is the NTK

def load(fn):
    ex, mean, se = None, [], []
    for line in open(os.path.join(D, fn)):
        p = line.strip().split(',')
        v = [float(x) for x in p[2:]]
        if p[1] == 'exact':
            ex = v
        elif p[1] == 'mean':
            mean.append(v)
        else:
            se.append(v)
    return ex, mean, se

def t_within(x, nu):
    c = math.exp(math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2)) / math.sqrt(nu * math.pi)
    dens = lambda u: c * (1 + u * u / nu) ** (-(nu + 1) / 2)
    m = 2000; h = x / m
    return 2 * (dens(0) + dens(x) + sum((4 if k % 2 else 2) * dens(k * h) for k in range(1, m))) * h / 3

def cols(rows, lo, hi):
    return [[r[i] for r in rows] for i in range(lo, hi)]

def moments(xs):
    n = len(xs); m = sum(xs) / n
    v = sum((x - m) ** 2 for x in xs) / (n - 1)
    k = sum((x - m) ** 4 for x in xs) / n / (v * (n - 1) / n) ** 2 - 3
    return m, v, k

def rms(xs):
    return math.sqrt(sum(x * x for x in xs) / len(xs))

def part(name):
    return (0, NF) if name == 'f' else (NF, None)

print('### Runs of one configuration over seeds (S = 10^4)\n')
print('| configuration | error model | seeds | quantity | sd over seeds / rms SE | rms mean dev / its noise | |z| > 3 | expected (t_dof) | |z| > 4 | max |z| |')
print('|---|---|---|---|---|---|---|---|---|---|')
for cfg in ('L2_g0.5', 'L1_g1.5'):
    for tag, model, dof in (('old', 'R = 8, no correction', 7), ('old101', 'R = 8, no correction, seeds 101..140', 7),
                            ('new', 'R = 40, split-half', 39)):
        fn = f'{tag}_{cfg}.csv'
        if not os.path.exists(os.path.join(D, fn)):
            continue
        ex, mean, se = load(fn)
        for q in ('f', 'NTK'):
            lo, hi = part(q); hi = hi or len(ex)
            dev = [[m[i] - ex[i] for i in range(lo, hi)] for m in mean]
            ses = [[s[i] for i in range(lo, hi)] for s in se]
            k = len(dev); n = hi - lo
            sd2 = []; md = []
            for i in range(n):
                m_, v_, _ = moments([d[i] for d in dev])
                sd2.append(v_); md.append(m_)
            rse = math.sqrt(sum(s[i] ** 2 for s in ses for i in range(n)) / (k * n))
            z = [abs(d[i]) / s[i] for d, s in zip(dev, ses) for i in range(n) if s[i] > 0]
            print(f"| {cfg.replace('_', ', ')} | {model} | {k} | {q} | {math.sqrt(sum(sd2) / n) / rse:.2f} | "
                  f"{rms(md) / math.sqrt(sum(sd2) / n / k):.2f} | {100 * sum(x > 3 for x in z) / len(z):.2f}% | "
                  f"{100 * (1 - t_within(3, dof)):.2f}% | {100 * sum(x > 4 for x in z) / len(z):.2f}% | {max(z):.2f} |")
print()
print('### Replica-level distribution (400 independent replicas of 1250 draws, no correction)\n')
print('| configuration | quantity | rms bias (mean over replicas) | its noise | excess kurtosis median (max) over values | standardized |z| > 3 (normal: 0.27%) | groups of 8 as R = 8 runs: |z| > 3 (t_7: 1.99%) |')
print('|---|---|---|---|---|---|---|')
for cfg in ('L2_g0.5', 'L1_g1.5'):
    fn = f'rep_{cfg}.csv'
    if not os.path.exists(os.path.join(D, fn)):
        continue
    ex, mean, _ = load(fn)
    for q in ('f', 'NTK'):
        lo, hi = part(q); hi = hi or len(ex)
        bs, vs, ks, out, tot = [], [], [], 0, 0
        for i in range(lo, hi):
            xs = [m[i] - ex[i] for m in mean]
            m_, v_, k_ = moments(xs)
            bs.append(m_); vs.append(v_); ks.append(k_)
            out += sum(abs(x - m_) > 3 * math.sqrt(v_) for x in xs); tot += len(xs)
        ks.sort()
        gz = gt = 0
        for g0 in range(0, len(mean) - 7, 8):  # independent replicas grouped by 8, as the replicas of one R = 8 run
            for i in range(lo, hi):
                xs = [m[i] - ex[i] for m in mean[g0:g0 + 8]]
                m_, v_, _ = moments(xs)
                gz += abs(m_) > 3 * math.sqrt(v_ / 8); gt += 1
        print(f"| {cfg.replace('_', ', ')} | {q} | {rms(bs):.2e} | {math.sqrt(sum(vs) / len(vs) / len(mean)):.1e} | "
              f"{ks[len(ks) // 2]:.2f} ({ks[-1]:.2f}) | {100 * out / tot:.2f}% | {100 * gz / gt:.2f}% |")
print()
print('### Bias of one replica against its size S_r (800 seeds), without and with the split-half correction (f)\n')
print('| configuration | S_r | rms bias, no correction | noise | max |bias| / noise | rms bias, corrected | noise | max |bias| / noise | sd x sqrt(S_r) no corr. / corr. |')
print('|---|---|---|---|---|---|---|---|---|')
for cfg in ('L2_g0.5', 'L1_g1.5', 'L3_g0.5'):
    for sr in (125, 312, 625):
        cells = []
        sds = []
        for bc in (0, 1):
            fn = f'sr{sr}_bc{bc}_{cfg}.csv'
            if not os.path.exists(os.path.join(D, fn)):
                cells = None
                break
            ex, mean, _ = load(fn)
            bs, vs = [], []
            for i in range(NF):
                m_, v_, _ = moments([m[i] - ex[i] for m in mean])
                bs.append(m_); vs.append(v_)
            noise = math.sqrt(sum(vs) / NF / len(mean))
            mx = max(abs(b) / math.sqrt(v / len(mean)) for b, v in zip(bs, vs))
            cells += [f'{rms(bs):.2e}', f'{noise:.1e}', f'{mx:.1f}']
            sds.append(math.sqrt(sum(vs) / NF * sr))
        if cells:
            print(f"| {cfg.replace('_', ', ')} | {sr} | " + ' | '.join(cells) + f" | {sds[0]:.3f} / {sds[1]:.3f} |")
