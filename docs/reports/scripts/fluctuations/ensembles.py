"""Reading dln's JSON documents for the fluctuation scripts (tabulate.py, deep_compare.py); numpy-free."""
import json, os


def loader(directory):
    """load(name): the JSON document directory/name, or None when the run is missing."""
    def load(name):
        p = os.path.join(directory, name)
        return json.load(open(p)) if os.path.exists(p) else None
    return load


def flat(v):
    return [x for row in v for x in (flat(row) if isinstance(row, list) else [row])] if isinstance(v, list) else [v]


def ensemble_var(sim, name):
    """N Var over seeds per time point: N S se^2 (se = sample sd / sqrt(S))."""
    n, s = sim["method"]["width"], sim["method"]["seeds"]
    return [[n * s * e * e for e in flat(row)] for row in sim["observables"][name]["stderr"]]


def diag(rows, p):
    return [[r[i * p + i] for i in range(p)] for r in rows]
