package org.dln.linear.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.dln.linear.io.DriftDocument;
import org.dln.linear.io.DriftOutputs;
import org.dln.linear.io.FigureTheme;
import org.dln.linear.langevin.DriftCurve;
import org.dln.linear.langevin.LangevinParameters;
import org.dln.linear.langevin.StationaryDrift;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.numeric.simulation.LangevinDriftEnsemble;
import org.dln.numeric.simulation.LangevinSpec;

/**
 * {@code dln simulate-langevin --drift}: the lag grid of the measurement, the infinite-width curves on it (the
 * simulator's lambda = T = sigma0 = 1), the comparison table and the figure.
 */
final class SimulatedDrift {
    private SimulatedDrift() {
    }

    /** Lags in recorded samples: round(TAU_MAX / (thin dt)), at least 1 and below the samples per chain. */
    static int lagSamples(double tauMax, LangevinSpec spec) {
        double ds = spec.dt() * spec.thin();
        if (!(tauMax > 0) || !Double.isFinite(tauMax)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "drift", "drift", tauMax, "the largest lag must be a finite number > 0");
        }
        long k = Math.round(tauMax / ds);
        if (k < 1 || k >= spec.samplesPerChain() / 2) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "drift", "drift", tauMax, String.format(Locale.ROOT,
                    "lags are multiples of thin * dt = %.4g and must stay below half of a chain's recorded time (%.4g): "
                            + "change TAU_MAX, thin or sample-time", ds, spec.samplesPerChain() * ds));
        }
        return (int) k;
    }

    /** The stationary state of d theta = -(theta + grad E) dt + sqrt(2) dB (lambda = T = 1). */
    static LangevinParameters parameters(Problem p, double beta) {
        return new LangevinParameters(1, 1, beta / p.lossScale(), 1, 10, 2, 0, 1e-12);
    }

    /** The theory on the measured lags: L = 1 by the single-site system; null for L >= 2 (gamma0 > 0). */
    static DriftCurve theory(Problem p, double beta, LangevinDriftEnsemble.Result d) {
        if (!StationaryDrift.supports(p.depth(), p.gamma0())) {
            return null;
        }
        return StationaryDrift.solve(p, parameters(p, beta), d.lags());
    }

    /** The kernel-regime curve (gamma0 = 0, exact OU forms) on the measured lags. */
    static DriftCurve kernelRegime(Problem p, double beta, LangevinDriftEnsemble.Result d) {
        Problem lazy = p.toBuilder().gamma0(0).checkStability(false).build();
        return StationaryDrift.solve(lazy, parameters(p, beta), d.lags());
    }

    static Path plot(Problem p, int width, LangevinDriftEnsemble.Result d, DriftCurve theory, Path prefix) throws IOException {
        DriftCurve c = theory != null ? theory : null;
        if (c == null) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "plot", "plot", prefix,
                    "the drift figure needs the theory (L = 1); for L >= 2 run dln langevin --drift --plot");
        }
        return DriftOutputs.writePlot(c, p.trainCount(), DriftDocument.measured(d), String.format(Locale.ROOT,
                "Stationary drift: theory (lines), networks of width %d (points, ±1 SE) — L = %d, γ₀ = %s", width, p.depth(),
                FigureTheme.number(p.gamma0())), OutputOptions.plotPrefix(prefix),
                OutputOptions.plotFormat(prefix));
    }

    static void summary(Problem p, LangevinDriftEnsemble.Result d, DriftCurve theory, PrintWriter out) {
        DriftCurve lazy = kernelRegime(p, 1, d);
        int L = p.depth(), pn = p.trainCount();
        out.printf(Locale.ROOT, "%n## Representational drift (%d independent chains; z = (network - theory) / stderr)%n%n", d.chains());
        StringBuilder head = new StringBuilder("| lag |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int l = 1; l <= L; l++) {
            head.append(String.format(Locale.ROOT, " tr Phi^%d network | theory | z | gamma0 = 0 |", l));
            rule.append("---|---|---|---|");
        }
        head.append(" readout w network | theory | z | gamma0 = 0 |");
        rule.append("---|---|---|---|");
        out.println(head);
        out.println(rule);
        for (int k = 0; k < d.lags().length; k++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %.4g |", d.lags()[k]));
            for (int l = 1; l <= L; l++) {
                cells(row, d.trace()[l - 1][k], d.traceSe()[l - 1][k], theory == null ? Double.NaN : theory.phiTrace(l, pn)[k],
                        lazy.phiTrace(l, pn)[k]);
            }
            cells(row, d.readoutNorm()[k], d.readoutNormSe()[k], theory == null ? Double.NaN : theory.normalisedWeights(L)[k],
                    lazy.normalisedWeights(L)[k]);
            out.println(row);
        }
        if (theory != null) {
            double[] t = DriftDocument.tally(d, theory, pn);
            out.printf(Locale.ROOT, "%nWithin 3 standard errors: %d of %d (max |z| = %.2f). 1/e drift times: ", (int) t[1], (int) t[2], t[0]);
            for (int l = 1; l <= L; l++) {
                out.printf(Locale.ROOT, "Phi^%d network %.4g, theory %.4g; ", l, DriftCurve.decorrelationTime(d.lags(), d.trace()[l - 1]),
                        theory.phiDriftTime(l, pn));
            }
            out.printf(Locale.ROOT, "readout network %.4g, theory %.4g.%n", DriftCurve.decorrelationTime(d.lags(), d.readoutNorm()),
                    theory.weightDriftTime(L));
        } else {
            out.printf(Locale.ROOT, "%nL >= 2 with gamma0 > 0: compare with dln langevin --drift (the march's late rows).%n");
        }
    }

    private static void cells(StringBuilder row, double v, double se, double th, double lazy) {
        row.append(String.format(Locale.ROOT, " %.5f ± %.5f | %s | %s | %.5f |", v, se,
                Double.isNaN(th) ? "" : String.format(Locale.ROOT, "%.5f", th),
                Double.isNaN(th) || !(se > 0) ? "" : String.format(Locale.ROOT, "%.2f", (v - th) / se), lazy));
    }
}
