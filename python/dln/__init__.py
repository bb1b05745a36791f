"""dln from Python: the DMFT of deep networks with numpy arrays in and out.

Every call goes to one long-lived ``dln serve`` JVM (started on first use, reused, stopped at exit), so a loop of
small solves costs milliseconds per solve after the start. Example::

    import numpy as np, dln
    X = np.random.default_rng(0).standard_normal((3, 8)); y = np.array([1.0, -0.6, 0.4])
    r = dln.solve(X, y, L=2, gamma0=1.0, eta=0.05, T=80)
    r.ntk.shape          # (80, 3, 3), time first
    r.report["converged"], r.conventions

The jar: ``$DLN_JAR`` if set, else the checkout this package was installed from (``pip install -e python/``), whose
``./dln`` launcher rebuilds it when a source is newer. ``DLN_JAVA_OPTS`` sets the JVM options (default -Xmx4g),
``DLN_VERBOSE=1`` shows dln's messages on stderr.
"""

from ._api import Result, bayes, check, flow, golden, run, sample, series, simulate, solve
from ._server import DlnError, InputError, Server, SolverError, server, shutdown

__version__ = "0.1.0"

__all__ = ["Result", "DlnError", "InputError", "SolverError", "Server", "server", "shutdown", "run", "solve", "flow",
           "sample", "simulate", "bayes", "series", "golden", "check"]
