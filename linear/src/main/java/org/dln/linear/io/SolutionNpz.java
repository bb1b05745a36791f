package org.dln.linear.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.result.Method;
import org.dln.linear.result.Observable;
import org.dln.numeric.report.SolverReport;
import org.dln.linear.result.Solution;
import org.dln.linear.result.TimeMode;

/**
 * A result's observables as one NumPy .npz archive ({@code --npz FILE}), in the golden suite's layout (docs/formats.md
 * "NumPy archives"): float64, C order, time first. {@code t} [T] the time indices 0..T-1; {@code time} [T] the time of
 * each point (eta t for gradient descent and simulations, the flow time for gradient flow; absent for a stationary
 * state); one array per observable ({@code f} [T,P], {@code loss} [T], {@code ntk} [T,P,P], {@code phi1} [T,P,P],
 * {@code g1} [T], ...); {@code <name>_se} beside it for results with standard errors; {@code delta} [T,P] = y - f.
 */
public final class SolutionNpz {
    private SolutionNpz() {
    }

    /** The arrays of the archive, in order. */
    public static Map<String, Npy.Array> arrays(Solution s) {
        Map<String, Npy.Array> out = new LinkedHashMap<>();
        int tp = s.timePoints();
        double[] t = new double[tp];
        double[] time = new double[tp];
        for (int i = 0; i < tp; i++) {
            t[i] = i;
            time[i] = s.time(i);
        }
        out.put("t", new Npy.Array(new int[] {tp}, t));
        if (s.method().time() != TimeMode.STATIONARY) {
            out.put("time", new Npy.Array(new int[] {tp}, time));
        }
        for (Observable o : s.observables().values()) {
            out.put(o.name(), new Npy.Array(o.shape(), o.value()));
            if (o.hasStderr()) {
                out.put(o.name() + "_se", new Npy.Array(o.shape(), o.stderr()));
            }
        }
        Observable f = s.get("f");
        if (f != null && s.problem() != null && f.shape().length == 2 && f.width() == s.problem().trainCount()) {
            int p = f.width();
            double[] delta = new double[f.value().length];
            for (int i = 0; i < f.timePoints(); i++) {
                for (int mu = 0; mu < p; mu++) {
                    delta[i * p + mu] = s.problem().y(mu) - f.value(i, mu);
                }
            }
            out.put("delta", new Npy.Array(f.shape(), delta));
        }
        return out;
    }

    /**
     * A result read back from such an archive (for {@code dln compare}): its observables with their standard errors
     * ({@code <name>_se}) and times; no problem (the archive has none). {@code t}, {@code time}, {@code delta} and
     * {@code _tau} arrays are not observables.
     */
    public static Solution read(Path file) {
        Map<String, Npy.Array> all = Npz.read(file);
        Npy.Array loss = all.get("loss");
        if (loss == null || loss.shape().length != 1) {
            throw new InvalidInputException(InputError.UNREADABLE, "result", ".npz result", file,
                    "it has no 1-D 'loss' array [T] (write results with --npz, or give the dln-trajectory JSON document)");
        }
        int tp = loss.shape()[0];
        Map<String, Observable> obs = new LinkedHashMap<>();
        for (Map.Entry<String, Npy.Array> e : all.entrySet()) {
            String n = e.getKey();
            if (n.equals("t") || n.equals("time") || n.equals("delta") || n.endsWith("_se") || n.endsWith("_tau")) {
                continue;
            }
            Npy.Array a = e.getValue();
            Npy.Array se = all.get(n + "_se");
            if (a.shape().length == 0 || a.shape()[0] != tp) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, n, n + " (time points)", a.shape().length == 0 ? 0 : a.shape()[0],
                        "loss", tp);
            }
            if (se != null && !java.util.Arrays.equals(se.shape(), a.shape())) {
                throw new InvalidInputException(InputError.SIZE_MISMATCH, n + "_se", n + "_se (entries)", se.data().length, n, a.data().length);
            }
            obs.put(n, new Observable(n, a.shape(), a.data(), se == null ? null : se.data()));
        }
        Method.Builder m = Method.builder().solver("npz").approximation(file.getFileName().toString());
        if (all.containsKey("time") && all.get("time").data().length == tp) {
            m.put("times", all.get("time").data());
        }
        return new Solution(Solution.THEORY, null, m.build(), new SolverReport("npz", 0, new double[0], Double.NaN, true, 0, java.util.List.of("read from " + file)), obs, null);
    }

    /** Writes the archive atomically. */
    public static void write(Solution s, Path file) throws IOException {
        Npz.write(file, arrays(s));
    }
}
