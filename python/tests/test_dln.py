"""Tests of the Python package against references independent of it: the command line's own JSON documents, closed
forms of the lazy limit and of the NNGP predictor, and numpy's reading of dln's .npz files."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import dln  # noqa: E402
from dln import _server  # noqa: E402

RNG = np.random.default_rng(0)
X = RNG.standard_normal((3, 8))
Y = np.array([1.0, -0.6, 0.4])
KX = X @ X.T / X.shape[1]


def cli(*args):
    """The dln command line in its own JVM (not the server): the reference path."""
    argv = _server.command_line()[:-1] + [str(a) for a in args]
    return subprocess.run(argv, capture_output=True, text=True, env=_server.environment())


class NumpyFilesTest(unittest.TestCase):
    def test_npy_in_npz_out_equals_json(self):
        """Done-when 2: X and y from np.save in, --npz out, loaded by numpy, equal to the JSON document's values."""
        with tempfile.TemporaryDirectory() as d:
            np.save(os.path.join(d, "X.npy"), X)
            np.save(os.path.join(d, "y.npy"), Y)
            np.savez(os.path.join(d, "data.npz"), X=X, y=Y)
            out = os.path.join(d, "r.npz")
            p = cli("solve", "--x", os.path.join(d, "X.npy"), "--y", os.path.join(d, "y.npy"), "-T", 30, "-g", 1.5,
                    "--npz", out, "--json")
            self.assertEqual(p.returncode, 0, p.stderr)
            doc = json.loads(p.stdout)
            z = np.load(out)
            self.assertEqual(list(z.keys())[0], "t")
            for name, o in doc["observables"].items():
                self.assertEqual(z[name].dtype, np.float64)
                np.testing.assert_array_equal(z[name], np.array(o["value"]), err_msg=name)  # bit-for-bit
            np.testing.assert_array_equal(z["t"], np.arange(30))
            np.testing.assert_allclose(z["time"], 0.05 * np.arange(30), rtol=0, atol=1e-15)
            np.testing.assert_array_equal(z["delta"], Y - z["f"])
            # the same through a .npz input, and through the package
            out2 = os.path.join(d, "r2.npz")
            p2 = cli("solve", "--x", os.path.join(d, "data.npz") + ":X", "--y", os.path.join(d, "data.npz") + ":y",
                     "-T", 30, "-g", 1.5, "--npz", out2)
            self.assertEqual(p2.returncode, 0, p2.stderr)
            r = dln.solve(X, Y, T=30, gamma0=1.5)
            for name in z.keys():
                np.testing.assert_array_equal(np.load(out2)[name], z[name], err_msg=name)
                np.testing.assert_array_equal(r[name], z[name], err_msg=name)

    def test_numpy_string_array_is_exit_2(self):
        """A file numpy writes for strings (dtype <U1) is refused with exit 2 and a message, not read as numbers."""
        with tempfile.TemporaryDirectory() as d:
            np.save(os.path.join(d, "str.npy"), np.array(["a", "b"]))
            p = cli("solve", "--x", os.path.join(d, "str.npy"), "--y", "1,2,3", "-T", 5)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn("dtype <U1 is not supported", p.stderr)


class PackageTest(unittest.TestCase):
    def test_solve_matches_cli_and_attaches_report(self):
        r = dln.solve(X, Y, L=2, gamma0=1.0, eta=0.05, T=40)
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "p.json"), "w") as fh:
                json.dump({"X": X.tolist(), "y": Y.tolist(), "L": 2, "gamma0": 1.0, "eta": 0.05, "T": 40}, fh)
            p = cli("solve", "--problem", os.path.join(d, "p.json"), "--json")
        doc = json.loads(p.stdout)
        for name, o in doc["observables"].items():
            np.testing.assert_array_equal(r[name], np.array(o["value"]), err_msg=name)
        self.assertEqual(r.ntk.shape, (40, 3, 3))
        self.assertTrue(r.report["converged"])
        self.assertEqual(r.report["iterations"], doc["report"]["iterations"])
        self.assertEqual(r.conventions, {"loss": "sum", "output": "uncentred", "update": "exact"})
        self.assertEqual(r.problem["gamma0"], 1.0)
        # the loss is 1/2 sum (y - f)^2 under the default conventions, to rounding
        np.testing.assert_allclose(r.loss, 0.5 * np.sum(r.delta ** 2, axis=1), rtol=1e-13, atol=1e-15)

    def test_lazy_limit_closed_form(self):
        """gamma0 = 0: frozen kernels, Phi^l = Kx and the NTK (L + 1) Kx for a deep linear network (theory.md)."""
        for depth in (1, 3):
            r = dln.solve(X, Y, L=depth, gamma0=0.0, T=12)
            np.testing.assert_allclose(r.ntk, np.broadcast_to((depth + 1) * KX, r.ntk.shape), rtol=1e-13, atol=1e-14)
            np.testing.assert_allclose(r.phi1[5], KX, rtol=1e-13, atol=1e-14)

    def test_conventions_and_options(self):
        r = dln.solve(X, Y, T=10, conventions={"loss": "mean"}, full_kernels=True)
        self.assertEqual(r.conventions["loss"], "mean")
        np.testing.assert_allclose(r.loss, 0.5 * np.mean(r.delta ** 2, axis=1), rtol=1e-13, atol=1e-15)

    def test_flow_times(self):
        r = dln.flow(X, Y, t_max=2.0, resample=21)
        np.testing.assert_allclose(r.time, np.linspace(0, 2, 21), rtol=0, atol=1e-12)
        self.assertEqual(r.method["time"], "gradient-flow")

    def test_bayes_nngp_closed_form(self):
        r = dln.bayes(X, Y, beta=4.0)
        np.testing.assert_allclose(r.f_nngp, KX @ np.linalg.solve(KX + np.eye(3) / 4.0, Y), rtol=1e-12, atol=1e-13)
        self.assertIn("phi2", r)

    def test_series_document(self):
        r = dln.series(depth=1, order=2)
        c0 = r.document["coefficients"][0]
        self.assertEqual((c0["order"], c0["limit_decimal"]), (0, 2.0))  # lazy NTK of L = 1, Kx = 1: 2

    def test_stochastic_results_have_standard_errors(self):
        r = dln.sample(X, Y, activation="relu", samples=400, T=8, seed=3)
        self.assertEqual(r.f_se.shape, r.f.shape)
        self.assertTrue(np.all(r.f_se[1:] > 0))
        s = dln.simulate(X, Y, N=64, seeds=2, T=8)
        self.assertEqual(s.loss_se.shape, (8,))

    def test_golden_and_check(self):
        with tempfile.TemporaryDirectory() as d:
            g = dln.golden(os.path.join(d, "suite"), cases=["random-P4-L2-g1", "fluct-P1-*"])
            self.assertEqual(sorted(g.cases), ["fluct-P1-L1-g1", "random-P4-L2-g1"])
            self.assertEqual(g.cases["fluct-P1-L1-g1"]["var_ntk"].shape, (31, 1, 1))
            case = g.cases["random-P4-L2-g1"]
            self.assertEqual(case["ntk"].shape, (51, 4, 4))
            cdir = os.path.join(d, "suite", "random-P4-L2-g1")
            r = dln.solve(problem=os.path.join(cdir, "problem.json"))
            ok = dln.check({"f": r.f, "ntk": r.ntk, "loss": r.loss}, cdir)
            self.assertTrue(ok.passed, ok.stdout)
            f = r.f.copy()
            f[30, 2] += 1e-6
            bad = dln.check({"f": f}, cdir)
            self.assertFalse(bad.passed)
            self.assertIn("first parting at t = 30", bad.stdout)

    def test_bad_input_raises_and_server_survives(self):
        with self.assertRaises(dln.InputError) as e:
            dln.solve(X, Y, eta=-1.0)
        self.assertIn("'eta'", str(e.exception))
        bad = X.copy()
        bad[0, 0] = np.inf
        with self.assertRaises(dln.InputError):
            dln.solve(bad, Y)
        with self.assertRaises(dln.InputError):
            dln.solve(X[:2], Y)  # 2 inputs, 3 targets
        with self.assertRaises(dln.InputError):
            dln.run("no-such-command")
        self.assertEqual(dln.solve(X, Y, T=5).f.shape, (5, 3))

    def test_one_server_reused(self):
        a = dln.server()
        dln.solve(X, Y, T=5)
        self.assertIs(dln.server(), a)
        self.assertTrue(a.alive)


if __name__ == "__main__":
    unittest.main()
