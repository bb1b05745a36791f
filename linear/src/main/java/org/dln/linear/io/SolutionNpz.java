package org.dln.linear.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dln.linear.result.Observable;
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

    /** Writes the archive atomically. */
    public static void write(Solution s, Path file) throws IOException {
        Npz.write(file, arrays(s));
    }
}
