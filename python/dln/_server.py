"""One long-lived ``dln serve`` JVM per Python process, spoken to in JSON lines (docs/formats.md, "dln serve")."""

import atexit
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

import numpy as np

PROTOCOL = 1


class DlnError(Exception):
    """A request dln refused or could not complete. ``status`` is dln's exit code (1 failed, 2 bad input);
    ``result`` the response's result when there is one (e.g. a solve that did not converge)."""

    def __init__(self, message, status=1, result=None):
        super().__init__(message)
        self.status = status
        self.result = result


class InputError(DlnError, ValueError):
    """Bad input (dln's exit code 2): the message names the field and the fix."""


class SolverError(DlnError, RuntimeError):
    """dln ran but did not succeed (exit code 1): not converged, a failed check, a numerical failure."""


def _checkout():
    """The dln checkout this package sits in (python/dln/ -> the repository root), or None."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    return root if os.path.isfile(os.path.join(root, "dln")) and os.path.isdir(os.path.join(root, "linear")) else None


def environment():
    """The JVM's environment: this process's, with OPENBLAS_NUM_THREADS=1 unless set, as the dln launcher does (the march
    then uses an installed OpenBLAS; its results differ from the pure-Java kernels' by rounding only)."""
    env = dict(os.environ)
    env.setdefault("DLN_JAVA_OPTS", "-Xmx4g")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    return env


def command_line():
    """The command that starts the server: ``$DLN_JAR`` with ``$DLN_JAVA`` (default ``java``) and ``$DLN_JAVA_OPTS``,
    else the checkout's ``./dln`` launcher (which rebuilds the jar first when a source is newer)."""
    opts = os.environ.get("DLN_JAVA_OPTS", "-Xmx4g").split()
    jar = os.environ.get("DLN_JAR")
    if jar:
        if not os.path.isfile(jar):
            raise DlnError("DLN_JAR=%s: no such file" % jar, 2)
        java = os.environ.get("DLN_JAVA") or shutil.which("java") or "java"
        return [java] + opts + ["-Djava.awt.headless=true", "-jar", jar, "serve"]
    root = _checkout()
    if root is None:
        raise DlnError("cannot find the dln jar: set DLN_JAR to linear/target/dln.jar of a dln checkout "
                       "(or install this package from the checkout: pip install -e python/)", 2)
    return [os.path.join(root, "dln"), "serve"]


class Server:
    """A ``dln serve`` process. Requests are serialized (one at a time, thread-safe)."""

    def __init__(self, argv=None, verbose=None):
        self.argv = argv or command_line()
        verbose = os.environ.get("DLN_VERBOSE") not in (None, "", "0") if verbose is None else verbose
        self._log = None if verbose else tempfile.TemporaryFile(mode="w+b")
        env = environment()
        self._proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=self._log if self._log is not None else None, env=env,
                                      )
        self._lock = threading.Lock()
        self._next = 0
        hello = self._read()
        if not hello.get("ready"):
            raise DlnError("dln serve did not start: %s" % hello, 1)
        if hello.get("protocol") != PROTOCOL:
            self.close()
            raise DlnError("dln serve speaks protocol %s, this package %s: reinstall the package from the same checkout"
                           % (hello.get("protocol"), PROTOCOL), 1)
        self.version = hello.get("version")

    def _stderr_tail(self, n=4000):
        if self._log is None:
            return ""
        try:
            self._log.flush()
            self._log.seek(0, os.SEEK_END)
            size = self._log.tell()
            self._log.seek(max(0, size - n))
            return self._log.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def _read(self):
        line = self._proc.stdout.readline()
        if not line:
            code = self._proc.poll()
            raise DlnError("dln serve ended unexpectedly (exit code %s; command %s)%s"
                           % (code, " ".join(self.argv), "\n" + self._stderr_tail() if self._log else ""), 1)
        return json.loads(line)

    @property
    def alive(self):
        return self._proc.poll() is None

    def request(self, command, args=(), arrays=None, npz=None, encoding="base64"):
        """Sends one request; returns the response (arrays decoded to numpy)."""
        req = {"command": command, "args": [str(a) for a in args], "encoding": encoding}
        if arrays:
            req["arrays"] = {k: encode(v) for k, v in arrays.items()}
        if npz:
            req["npz"] = {g: {k: encode(v) for k, v in members.items()} for g, members in npz.items()}
        with self._lock:
            self._next += 1
            req["id"] = self._next
            try:
                self._proc.stdin.write((json.dumps(req) + "\n").encode("utf-8"))
                self._proc.stdin.flush()
            except (BrokenPipeError, OSError) as e:
                raise DlnError("dln serve is gone (%s)%s" % (e, "\n" + self._stderr_tail()), 1)
            resp = self._read()
        if resp.get("id") not in (None, req["id"]):
            raise DlnError("dln serve answered request %s with %s" % (req["id"], resp.get("id")), 1)
        if "arrays" in resp:
            resp["arrays"] = {k: decode(v) for k, v in resp["arrays"].items()}
        return resp

    def close(self):
        """Asks the server to stop, then ends it if it does not within 5 s."""
        if self._proc.poll() is None:
            try:
                self._proc.stdin.write(b'{"command": "shutdown"}\n')
                self._proc.stdin.flush()
                self._proc.stdin.close()
                self._proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        for f in (self._proc.stdout, self._log):
            try:
                if f is not None:
                    f.close()
            except OSError:
                pass


def encode(a):
    """A numpy array (anything np.asarray takes) as the protocol's base64 float64 object."""
    x = np.asarray(a)
    if x.dtype.kind not in "fiub":
        raise InputError("arrays must hold numbers, not dtype %s" % x.dtype, 2)
    x = np.ascontiguousarray(x, dtype="<f8")
    if not np.all(np.isfinite(x)):
        bad = np.argwhere(~np.isfinite(x))[0]
        raise InputError("an array holds %s at index %s: every entry must be a finite number"
                         % (x[tuple(bad)], tuple(int(i) for i in bad)), 2)
    return {"dtype": "float64", "shape": list(x.shape), "base64": base64.b64encode(x.tobytes()).decode("ascii")}


def decode(v):
    """The protocol's array (base64 object or nested lists) as a float64 numpy array."""
    if isinstance(v, dict):
        return np.frombuffer(base64.b64decode(v["base64"]), dtype="<f8").reshape(v["shape"]).astype(np.float64)
    return np.asarray(v, dtype=np.float64)


_server = None
_server_lock = threading.Lock()


def server():
    """The process's server, started on first use and restarted if it died."""
    global _server
    with _server_lock:
        if _server is None or not _server.alive:
            _server = Server()
        return _server


def shutdown():
    """Stops the server (it restarts on the next call). Registered with atexit."""
    global _server
    with _server_lock:
        if _server is not None:
            _server.close()
            _server = None


atexit.register(shutdown)
