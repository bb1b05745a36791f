package org.dln.linear.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dln.linear.problem.Problem;
import org.dln.numeric.activation.Activation;
import org.dln.numeric.linalg.Kernels;
import org.dln.numeric.dmft.SamplingOptions;
import org.dln.numeric.dmft.SamplingResult;

/**
 * A sampling-solver result as a dln-trajectory document of kind "theory" whose observables carry Monte Carlo standard
 * errors, plus {@code gram_g<l>} ([T][P][P], the equal-time G^l_{mu,alpha}(t,t) of a nonlinear network; {@code g<l>} is
 * its mean diagonal).
 */
public final class SamplingTrajectory {
    private SamplingTrajectory() {
    }

    /** The dln-trajectory document of a sampling result. */
    public static Trajectory of(Problem p, Activation act, SamplingOptions requested, SamplingResult r) {
        SamplingOptions o = requested.resolved(p.trainCount() * p.timePoints()); // the replica count the solver used
        Map<String, Observable> obs = new LinkedHashMap<>();
        obs.put("f", Observable.matrix("f", r.f(), r.fSe()));
        obs.put("loss", Observable.series("loss", r.loss(), r.lossSe()));
        obs.put("ntk", Observable.tensor("ntk", r.ntk(), r.ntkSe()));
        int depth = p.depth();
        for (int l = 1; l <= depth; l++) {
            obs.put("phi" + l, Observable.tensor("phi" + l, r.phi()[l - 1], r.phiSe()[l - 1]));
            obs.put("g" + l, Observable.series("g" + l, r.g()[l - 1], r.gSe()[l - 1]));
            obs.put("gram_g" + l, Observable.tensor("gram_g" + l, r.gram()[l - 1], r.gramSe()[l - 1]));
        }
        double[] y = p.y();
        for (int l = 1; l <= depth; l++) {
            double[] al = new double[p.timePoints()];
            for (int t = 0; t < al.length; t++) {
                al[t] = Kernels.alignment(r.phi()[l - 1][t], y);
            }
            obs.put("align_phi" + l, Observable.series("align_phi" + l, al, null));
        }
        double[] an = new double[p.timePoints()];
        for (int t = 0; t < an.length; t++) {
            an[t] = Kernels.alignment(r.ntk()[t], y);
        }
        obs.put("align_ntk", Observable.series("align_ntk", an, null));
        ObjectNode method = ProblemJson.MAPPER.createObjectNode();
        boolean march = o.method() == org.dln.numeric.dmft.SamplingOptions.Method.MARCH;
        method.put("solver", march ? "monte-carlo-causal-march" : "alternating-monte-carlo");
        method.put("approximation", "full");
        method.put("activation", act.name());
        method.put("time", "gradient-descent");
        method.put("samples", o.draws());
        method.put("replicas", o.replicas());
        method.put("seed", o.seed());
        method.put("pivot_tolerance", o.pivotTolerance());
        if (!march) {
            method.put("damping", o.damping());
            method.put("window", o.window());
            method.put("noise_factor", o.noiseFactor());
        }
        method.put("stderr_dof", Math.max(0, o.replicas() - 1));
        method.put("bias_correction", march && o.biasCorrection() ? "split-half jackknife per replica" : "none");
        method.put("stderr", o.replicas() > 1
                ? "Monte Carlo: standard deviation over independent replicas / sqrt(replicas) (value - exact) / stderr is Student-t"
                        + " with stderr_dof = replicas - 1 degrees of freedom; alignments of the mean kernels (no stderr)"
                : (march ? "Monte Carlo: batch means over the blocks of draws (one replica)"
                        : "Monte Carlo: batch means of the last iteration of each window (one replica)"));
        return new Trajectory("theory", ProblemJson.toJson(p), method, Trajectory.reportJson(r.report()), obs, null);
    }
}
