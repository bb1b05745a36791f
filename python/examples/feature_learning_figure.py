"""Feature learning against the lazy limit, from Python: the tutorial's figure (docs/tutorial.md).

    python3 python/examples/feature_learning_figure.py [--out docs/figures/tutorial_feature_learning.svg]

Data: P = 4 whitened inputs in D = 8 (Kx = X X^T / D = I) and random targets y, from numpy. Gradient flow of deep
linear networks through dln.flow:
  (a) the loss against time for gamma0 = 0 (lazy), 0.5, 1, 2, 4 (L = 1): feature learning trains faster;
  (b) the final NTK along the targets, y^T K(inf) y / |y|^2, against gamma0 for L = 1, 2, 3, beside the closed form
      of two-layer networks 2 sqrt(1 + gamma0^2 |y|^2) (shared/theory.md section 4); and the final hidden kernel of
      L = 1 against Phi^1(inf) = I + (sqrt(1 + gamma0^2 |y|^2) - 1) y y^T / |y|^2.
Prints the agreement with the closed forms and writes the figure as SVG (no plotting library needed).
Exit 1 if dln and the closed forms differ by more than 1e-8.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import dln  # noqa: E402


def data(p=4, d=8, seed=1):
    """Whitened inputs (Kx = I exactly, to rounding) and standard normal targets."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((d, p)))
    return np.sqrt(d) * q.T, rng.standard_normal(p)


def along(k, y):
    return y @ k @ y / (y @ y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="tutorial_feature_learning.svg", help="SVG file of the figure")
    ap.add_argument("--t-max", type=float, default=20.0)
    a = ap.parse_args()

    X, y = data()
    n2 = y @ y
    print("data: P = %d, D = %d, max |Kx - I| = %.1e, |y|^2 = %.4f" % (X.shape[0], X.shape[1],
                                                                      np.abs(X @ X.T / X.shape[1] - np.eye(len(y))).max(), n2))

    # (a) loss curves of gradient flow, L = 1
    curves = {}
    for g in (0.0, 0.5, 1.0, 2.0, 4.0):
        r = dln.flow(X, y, L=1, gamma0=g, t_max=8.0, resample=161)
        curves[g] = (r.time, r.loss)

    # (b) final NTK along y against gamma0, L = 1, 2, 3
    gammas = np.linspace(0.0, 3.0, 7)
    final = {depth: [] for depth in (1, 2, 3)}
    worst_k, worst_phi = 0.0, 0.0
    for depth in final:
        for g in gammas:
            r = dln.flow(X, y, L=depth, gamma0=float(g), t_max=a.t_max)
            if not r.report["converged"] or r.loss[-1] > 1e-20:
                print("warning: L = %d, gamma0 = %g: converged %s, final loss %.2e" % (depth, g, r.report["converged"], r.loss[-1]))
            final[depth].append(along(r.ntk[-1], y))
            if depth == 1:
                closed = 2 * np.sqrt(1 + g * g * n2)
                h = np.eye(len(y)) + (np.sqrt(1 + g * g * n2) - 1) * np.outer(y, y) / n2
                worst_k = max(worst_k, abs(final[1][-1] - closed))
                worst_phi = max(worst_phi, np.abs(r.phi1[-1] - h).max())
    print("L = 1: max over gamma0 in [0, 3] of |y K(inf) y/|y|^2 - 2 sqrt(1 + gamma0^2 |y|^2)| = %.2e" % worst_k)
    print("L = 1: max over gamma0 of max |Phi^1(inf) - (I + (sqrt(1 + gamma0^2 |y|^2) - 1) y y^T/|y|^2)| = %.2e" % worst_phi)
    print("| gamma0 | L = 1 | closed form (L = 1) | L = 2 | L = 3 |")
    print("|---|---|---|---|---|")
    for i, g in enumerate(gammas):
        print("| %.2f | %.6f | %.6f | %.6f | %.6f |" % (g, final[1][i], 2 * np.sqrt(1 + g * g * n2), final[2][i], final[3][i]))
    for g, (t, loss) in curves.items():
        k = np.searchsorted(t, 2.0)
        print("gamma0 = %.1f: loss at t = %.2f is %.3e" % (g, t[k], loss[k]))

    svg = Figure(2, 980, 400)
    ax = svg.axes(0, "(a) loss, gradient flow, L = 1", "time t", "loss", log_y=True, xlim=(0, 8), ylim=(1e-12, 10))
    for i, (g, (t, loss)) in enumerate(curves.items()):
        ax.line(t, np.maximum(loss, 1e-12), COLORS[i], "γ₀ = %g%s" % (g, " (lazy)" if g == 0 else ""))
    ax = svg.axes(1, "(b) final NTK along y", "γ₀", "yᵀK(∞)y / |y|²", xlim=(0, 3),
                  ylim=(0, 1.05 * max(max(v) for v in final.values())), legend="left")
    fine = np.linspace(0, 3, 121)
    ax.line(fine, 2 * np.sqrt(1 + fine ** 2 * n2), "#444444", "2√(1+γ₀²|y|²) (L = 1)", dash=True)
    for i, depth in enumerate(final):
        ax.points(gammas, final[depth], COLORS[i], "dln, L = %d" % depth)
    svg.write(a.out)
    print("wrote %s" % a.out)
    return 0 if worst_k < 1e-8 and worst_phi < 1e-8 else 1


COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


class Figure:
    """A minimal SVG figure of side-by-side panels (lines, markers, legend, ticks): no plotting library needed."""

    def __init__(self, panels, width, height):
        self.w, self.h, self.n, self.parts = width, height, panels, []

    def axes(self, i, title, xlabel, ylabel, xlim, ylim, log_y=False, legend="right"):
        x0 = i * self.w / self.n
        return Axes(self, x0 + 70, 40, self.w / self.n - 100, self.h - 100, title, xlabel, ylabel, xlim, ylim, log_y, legend)

    def write(self, path):
        body = "\n".join(self.parts)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="DejaVu Sans, Arial" '
                     'font-size="13">\n<rect width="100%%" height="100%%" fill="white"/>\n%s\n</svg>\n' % (self.w, self.h, body))


class Axes:
    def __init__(self, fig, x, y, w, h, title, xlabel, ylabel, xlim, ylim, log_y, legend):
        self.f, self.x, self.y, self.w, self.h, self.legend_at = fig, x, y, w, h, legend
        self.xlim, self.log_y = xlim, log_y
        self.ylim = (np.log10(ylim[0]), np.log10(ylim[1])) if log_y else ylim
        self.legend = []
        p = fig.parts
        p.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="black"/>' % (x, y, w, h))
        p.append('<text x="%.1f" y="%.1f" text-anchor="middle" font-size="15">%s</text>' % (x + w / 2, y - 12, title))
        p.append('<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>' % (x + w / 2, y + h + 40, xlabel))
        p.append('<text transform="translate(%.1f,%.1f) rotate(-90)" text-anchor="middle">%s</text>' % (x - 52, y + h / 2, ylabel))
        for v in np.linspace(xlim[0], xlim[1], 5):
            px = self.px(v)
            p.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (px, y + h, px, y + h + 5))
            p.append('<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>' % (px, y + h + 20, "%g" % round(v, 6)))
        lo, hi = self.ylim
        ticks = np.arange(np.ceil(lo), np.floor(hi) + 1, 3) if log_y else np.linspace(lo, hi, 5)
        for v in ticks:
            py = y + h - (v - lo) / (hi - lo) * h
            label = ("10<tspan dy='-6' font-size='10'>%d</tspan>" % v) if log_y else "%g" % round(v, 3)
            p.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>' % (x - 5, py, x, py))
            p.append('<text x="%.1f" y="%.1f" text-anchor="end">%s</text>' % (x - 8, py + 4, label))

    def px(self, v):
        return self.x + (v - self.xlim[0]) / (self.xlim[1] - self.xlim[0]) * self.w

    def py(self, v):
        v = np.log10(v) if self.log_y else v
        lo, hi = self.ylim
        return self.y + self.h - (v - lo) / (hi - lo) * self.h

    def _legend(self, color, label, marker):
        k = len(self.legend)
        self.legend.append(label)
        lx, ly = (self.x + self.w - 190 if self.legend_at == "right" else self.x + 12), self.y + 18 + 18 * k
        if marker:
            self.f.parts.append('<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>' % (lx + 12, ly - 4, color))
        else:
            self.f.parts.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>'
                                % (lx, ly - 4, lx + 24, ly - 4, color))
        self.f.parts.append('<text x="%.1f" y="%.1f">%s</text>' % (lx + 30, ly, label))

    def line(self, xs, ys, color, label, dash=False):
        pts = " ".join("%.1f,%.1f" % (self.px(a), self.py(b)) for a, b in zip(xs, ys))
        self.f.parts.append('<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>'
                            % (pts, color, ' stroke-dasharray="6,4"' if dash else ""))
        self._legend(color, label, False)

    def points(self, xs, ys, color, label):
        for a, b in zip(xs, ys):
            self.f.parts.append('<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>' % (self.px(a), self.py(b), color))
        self._legend(color, label, True)


if __name__ == "__main__":
    sys.exit(main())
