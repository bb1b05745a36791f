"""A minimal SVG line/marker plot (numpy-free, no matplotlib on the project machine)."""
import math

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]


def plot(path, series, title, xlabel, ylabel, logy=False, logx=False, width=720, height=440):
    """series: list of dicts {label, x, y, colour?, dash?, marker?}."""
    ml, mr, mt, mb = 70, 200, 40, 50
    pw, ph = width - ml - mr, height - mt - mb
    tx = (lambda v: math.log10(v)) if logx else (lambda v: v)
    ty = (lambda v: math.log10(v)) if logy else (lambda v: v)
    pts = [(tx(x), ty(y)) for s in series for x, y in zip(s["x"], s["y"])
           if (not logy or y > 0) and (not logx or x > 0) and math.isfinite(y)]
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    if x1 == x0:
        x1 = x0 + 1
    if y1 == y0:
        y1 = y0 + 1
    pad = 0.05 * (y1 - y0)
    y0, y1 = y0 - pad, y1 + pad
    X = lambda v: ml + (tx(v) - x0) / (x1 - x0) * pw
    Y = lambda v: mt + ph - (ty(v) - y0) / (y1 - y0) * ph
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{ml + pw / 2}" y="20" text-anchor="middle" font-weight="bold">{title}</text>',
           f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="none" stroke="black"/>',
           f'<text x="{ml + pw / 2}" y="{height - 10}" text-anchor="middle">{xlabel}</text>',
           f'<text x="15" y="{mt + ph / 2}" text-anchor="middle" transform="rotate(-90 15 {mt + ph / 2})">{ylabel}</text>']
    for i in range(6):
        fy = y0 + (y1 - y0) * i / 5
        lab = f"{10 ** fy:.3g}" if logy else f"{fy:.3g}"
        yy = mt + ph - i / 5 * ph
        out.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{yy}" y2="{yy}" stroke="#ddd"/>')
        out.append(f'<text x="{ml - 5}" y="{yy + 4}" text-anchor="end">{lab}</text>')
        fx = x0 + (x1 - x0) * i / 5
        labx = f"{10 ** fx:.3g}" if logx else f"{fx:.3g}"
        xx = ml + i / 5 * pw
        out.append(f'<text x="{xx}" y="{mt + ph + 16}" text-anchor="middle">{labx}</text>')
    for k, s in enumerate(series):
        c = s.get("colour", COLOURS[k % len(COLOURS)])
        xy = [(X(x), Y(y)) for x, y in zip(s["x"], s["y"]) if (not logy or y > 0) and (not logx or x > 0) and math.isfinite(y)]
        if s.get("marker"):
            for px, py in xy:
                out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="none" stroke="{c}"/>')
        else:
            d = " ".join(f"{px:.1f},{py:.1f}" for px, py in xy)
            dash = ' stroke-dasharray="5,4"' if s.get("dash") else ""
            out.append(f'<polyline points="{d}" fill="none" stroke="{c}" stroke-width="1.6"{dash}/>')
        ly = mt + 14 + 16 * k
        out.append(f'<line x1="{ml + pw + 10}" x2="{ml + pw + 30}" y1="{ly - 4}" y2="{ly - 4}" stroke="{c}" stroke-width="2"'
                   + (' stroke-dasharray="5,4"' if s.get("dash") else "") + "/>")
        out.append(f'<text x="{ml + pw + 35}" y="{ly}">{s["label"]}</text>')
    out.append("</svg>")
    with open(path, "w") as fh:
        fh.write("\n".join(out))
