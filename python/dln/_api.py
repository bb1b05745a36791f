"""The dln commands as Python functions: numpy arrays in, a :class:`Result` (numpy arrays + report) out."""

import json
import os

import numpy as np

from ._server import DlnError, InputError, SolverError, server

_PROBLEM_ARRAYS = ("X", "y", "Kx", "X_test", "Kx_test")
_FLAG_NAMES = {"L": "--depth", "T": "--steps", "N": "--width"}
_PATH_OPTIONS = {"problem", "out", "o", "csv", "npz", "plot", "stationary", "case"}


class Result(dict):
    """A command's result: a dict of numpy float64 arrays, time first (``t``, ``time``, ``f``, ``loss``, ``ntk``,
    ``phi1``, ``g1``, ..., ``<name>_se`` for standard errors, ``delta`` = y - f; docs/formats.md "NumPy archives"),
    also readable as attributes (``r.ntk``). Attached: ``report`` (the solver report: iterations, residual, time,
    notes), ``conventions``, ``problem``, ``method``, ``status`` (dln's exit code), ``messages`` (what dln wrote to
    stderr), ``document`` (the JSON document of commands without a time axis, e.g. series) and ``stdout``."""

    def __init__(self, response):
        super().__init__(response.get("arrays") or {})
        self.response = response
        self.status = response.get("status")
        self.report = response.get("report")
        self.conventions = response.get("conventions")
        self.problem = response.get("problem")
        self.method = response.get("method")
        self.document = response.get("document")
        self.stdout = response.get("stdout", "")
        self.messages = response.get("stderr", "")
        self.seconds = response.get("seconds")

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError("%r: the result has no array %r (it has %s)" % (self.response.get("command"), name,
                                                                                  ", ".join(self) or "none")) from None

    @property
    def passed(self):
        """For check: whether the verdict is PASS (exit code 0)."""
        return self.status == 0

    def __repr__(self):
        shapes = ", ".join("%s%s" % (k, tuple(v.shape)) for k, v in self.items())
        rep = self.report or {}
        return "<dln %s: status %s, %s; %s>" % (self.response.get("command"), self.status,
                                                "%s iterations, %.3g s" % (rep.get("iterations"), rep.get("wall_seconds") or 0)
                                                if rep else "no report", shapes or "no arrays")


def _flag(name):
    return _FLAG_NAMES.get(name) or ("--" + name.replace("_", "-"))


def _value(name, v):
    if isinstance(v, dict):
        return ",".join("%s=%s" % (k, _value(name, x)) for k, x in v.items())
    if isinstance(v, (list, tuple, np.ndarray)):
        return ",".join(_value(name, x) for x in np.ravel(v).tolist()) if isinstance(v, np.ndarray) \
            else ",".join(_value(name, x) for x in v)
    if isinstance(v, os.PathLike) or (name in _PATH_OPTIONS and isinstance(v, str)):
        return os.path.abspath(os.fspath(v))
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _args(options):
    """Keyword options as command-line arguments: gamma0=0.5 -> --gamma0 0.5, full_kernels=True -> --full-kernels,
    conventions={"loss": "mean"} -> --conventions loss=mean, L/T/N -> --depth/--steps/--width; None and False omitted."""
    out = []
    for k, v in options.items():
        if v is None or v is False:
            continue
        out.append(_flag(k))
        if v is not True:
            out.append(_value(k, v))
    return out


def run(command, *args, arrays=None, npz=None, strict=True, **options):
    """Runs any dln command in the server: ``run("decay", weight_decay=0.5, T=151)``. Positional ``args`` are passed
    as they are (after the keyword options); ``arrays`` are the problem's arrays (X, y, Kx, X_test, Kx_test) or any
    array referred to as ``@NAME`` in ``args``. With ``strict`` (default) a non-zero exit status raises
    :class:`InputError` (2) or :class:`SolverError` (1) carrying the result; else the result is returned."""
    given = {k: v for k, v in (arrays or {}).items() if v is not None}
    resp = server().request(command, _args(options) + [_value("", a) if isinstance(a, os.PathLike) else str(a) for a in args],
                            arrays=given, npz=npz)
    result = Result(resp)
    status = resp.get("status")
    if strict and status != 0:
        msg = resp.get("error") or "dln %s: exit status %s" % (command, status)
        raise (InputError if status == 2 else SolverError)(msg, status, result)
    return result


def _problem(X, y, Kx, X_test, Kx_test):
    return {"X": X, "y": y, "Kx": Kx, "X_test": X_test, "Kx_test": Kx_test}


def solve(X=None, y=None, *, Kx=None, X_test=None, Kx_test=None, L=None, gamma0=None, eta=None, T=None,
          approx=None, conventions=None, problem=None, **options):
    """Gradient descent at infinite width (``dln solve``): exact causal marching. ``X`` (P x D) or ``Kx`` (P x P),
    targets ``y`` (P); fields not given take the default problem's values (L = 2, gamma0 = 1, eta = 0.05, T = 80).
    Returns t, time (= eta t), f [T,P], loss [T], ntk [T,P,P], phi<l>, g<l>, delta, ... Other options:
    ``full_kernels=True``, ``verify=True``, ``conventions={"loss": "mean"}``."""
    return run("solve", arrays=_problem(X, y, Kx, X_test, Kx_test), L=L, gamma0=gamma0, eta=eta, T=T, approx=approx,
               conventions=conventions, problem=problem, **options)


def flow(X=None, y=None, *, Kx=None, X_test=None, Kx_test=None, L=None, gamma0=None, t_max=None, approx=None,
         resample=None, conventions=None, problem=None, **options):
    """Gradient flow at infinite width (``dln flow``): collocation + Newton. ``time`` holds the flow times."""
    return run("flow", arrays=_problem(X, y, Kx, X_test, Kx_test), L=L, gamma0=gamma0, t_max=t_max, approx=approx,
               resample=resample, conventions=conventions, problem=problem, **options)


def sample(X=None, y=None, *, Kx=None, X_test=None, Kx_test=None, activation="relu", samples=None, L=None, gamma0=None,
           eta=None, T=None, seed=None, problem=None, **options):
    """Any activation (``dln sample``): Monte Carlo sampling of the DMFT; ``<name>_se`` are standard errors."""
    return run("sample", arrays=_problem(X, y, Kx, X_test, Kx_test), activation=activation, samples=samples, L=L,
               gamma0=gamma0, eta=eta, T=T, seed=seed, problem=problem, **options)


def simulate(X=None, y=None, *, Kx=None, X_test=None, Kx_test=None, N=None, seeds=None, L=None, gamma0=None, eta=None,
             T=None, seed=None, problem=None, **options):
    """Finite-width networks trained by gradient descent (``dln simulate``): mean over seeds, ``<name>_se``."""
    return run("simulate", arrays=_problem(X, y, Kx, X_test, Kx_test), N=N, seeds=seeds, L=L, gamma0=gamma0, eta=eta,
               T=T, seed=seed, problem=problem, **options)


def bayes(X=None, y=None, *, Kx=None, X_test=None, Kx_test=None, beta=None, L=None, gamma0=None, problem=None,
          **options):
    """Bayesian posterior (``dln bayes``): the saddle point; arrays phi<l>, phihat<l>, f, f_nngp (and test blocks)."""
    return run("bayes", arrays=_problem(X, y, Kx, X_test, Kx_test), beta=beta, L=L, gamma0=gamma0, problem=problem,
               **options)


def series(depth=1, order=4, quantity=None, **options):
    """Exact coefficients of the expansion in gamma0^2 (``dln series --format json``): ``result.document`` holds the
    dln-series document (``coefficients``: depth, order, expression, limit, ...)."""
    options.setdefault("format", "json")
    return run("series", depth=depth, order=order, quantity=quantity, **options)


def golden(out, load=True, cases=None):
    """Writes the golden reference suite into the folder ``out`` (``dln golden``) and returns ``result.document``:
    the manifest, and ``result.cases``: per case id, a dict of its numpy arrays (np.load of the .npy files) with the
    case description under ``"case"`` (if ``load``). ``cases``: only these case ids or patterns with ``*``
    (e.g. ``["fluct-*"]``); default all."""
    r = run("golden", out=out, cases=cases)
    out = os.path.abspath(os.fspath(out))
    with open(os.path.join(out, "manifest.json")) as fh:
        r.document = json.load(fh)
    r.cases = {}
    if load:
        for c in r.document["cases"]:
            d = os.path.join(out, c["id"])
            arrays = {f[:-4]: np.load(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f.endswith(".npy")}
            with open(os.path.join(d, "case.json")) as fh:
                arrays["case"] = json.load(fh)
            r.cases[c["id"]] = arrays
    return r


def check(result, case, *, atol=None, rtol=None, allow_partial=False):
    """Conformance of another solver's output with a golden case (``dln check``). ``result``: a dict of numpy arrays
    (f [T,P], delta, loss, ntk, phi1, g1, ...; optional t), e.g. your solver's output, or the path of a result file
    or folder. Returns a result with ``passed`` and the table in ``stdout``; a failed check is not an exception."""
    if isinstance(result, (str, os.PathLike)):
        return run("check", os.path.abspath(os.fspath(result)), case=case, atol=atol, rtol=rtol,
                   allow_partial=allow_partial, strict=False)._checked()
    members = {k: v for k, v in result.items() if isinstance(v, np.ndarray) or isinstance(v, (list, tuple))}
    r = run("check", "@result", npz={"result": members}, case=case, atol=atol, rtol=rtol, allow_partial=allow_partial,
            strict=False)
    return r._checked()


def _checked(self):
    if self.status == 2:
        raise InputError(self.response.get("error"), 2, self)
    return self


Result._checked = _checked

__all__ = ["Result", "DlnError", "InputError", "SolverError", "run", "solve", "flow", "sample", "simulate", "bayes",
           "series", "golden", "check"]
