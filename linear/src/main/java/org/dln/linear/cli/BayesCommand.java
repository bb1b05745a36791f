package org.dln.linear.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dln.linear.dmft.Solvers;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.bayes.BayesSolution;
import org.dln.linear.io.BayesDocument;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.problem.TeacherStudent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dln bayes}: the saddle point of the Bayesian (Langevin-trained) deep linear network and its predictor. */
@Command(name = "bayes",
        description = {"Adaptive kernels of a Bayesian deep linear network in muP (posterior ~ exp(-beta N gamma0^2/2 sum (f-y)^2 - |theta|^2/2)): " +
                "saddle point of the large-N action by Newton with continuation from the NNGP, predictor on test inputs, NNGP comparison. " +
                "With --teacher-student P,Q,D,alpha[,noise[,seed]] and --gamma-sweep, a table of test loss (adaptive vs NNGP). " +
                "Output: the document dln-bayes (--out, --json), predictions and the rows of Phi^L (--csv), figures PREFIX_predictions and PREFIX_kernels (--plot)."})
final class BayesCommand extends ProblemCommand {
    @Option(names = "--beta", paramLabel = "B", defaultValue = "inf",
            description = "Inverse temperature beta > 0, or inf (noise-free limit; needs an invertible Phi^L). Default inf.")
    String beta;

    @Option(names = "--tol", defaultValue = "1e-13", description = "Newton residual tolerance (max-norm, default 1e-13).")
    double tol;

    @Option(names = "--low-rank", description = "Solve by the exact low-rank reduction (docs/theory.md section 13: one scalar root after an "
            + "eigen-decomposition of Kx, any P) instead of the dense Newton on 2 L P(P+1)/2 unknowns.")
    boolean lowRank;

    @Option(names = "--teacher-student", paramLabel = "P,Q,D,alpha[,noise[,seed]]",
            description = "Use a synthetic teacher-student task (power-law input spectrum k^-alpha) instead of --problem/--x/--y.")
    String teacherStudent;

    @Option(names = "--gamma-sweep", paramLabel = "G1,G2,...",
            description = "With --teacher-student: print a Markdown table of the test loss (1/Q) sum (f - y_test)^2 (clean teacher targets, as dln decay-table) for each gamma0.")
    String gammaSweep;

    static double parseBeta(String s) {
        if (s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        double b;
        try {
            b = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            b = Double.NaN;
        }
        if (!(b > 0)) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "beta", "beta", s, "must be a number > 0 or inf");
        }
        return b;
    }

    @Override
    public Integer call() throws Exception {
        output.check();
        double b = parseBeta(beta);
        double invBeta = 1.0 / b;
        TeacherStudent ts = null;
        Problem p;
        if (teacherStudent != null) {
            ts = parseTeacher(teacherStudent);
            Problem.Builder pb = ts.builder().checkStability(false);
            Problem given = problem.builder().checkStability(false).build();
            p = pb.depth(given.depth()).gamma0(given.gamma0()).build();
        } else {
            p = problem.builder().checkStability(false).build();
        }
        PrintWriter stdout = out();
        Path out = output.out, csv = output.csv, plot = output.plot;
        if (gammaSweep != null) {
            if (ts == null) {
                throw new InvalidInputException(InputError.MISSING, "teacher-student", "--teacher-student",
                        "--gamma-sweep needs test targets: give --teacher-student P,Q,D,alpha");
            }
            return sweep(p, ts, invBeta, stdout);
        }
        BayesSolution s = solve(p, b);
        var doc = BayesDocument.theory(p, b, s);
        if (out != null) {
            AtomicFiles.writeString(out, BayesDocument.toJson(doc));
            System.err.println("dln: wrote " + out);
        }
        if (output.npz != null) {
            org.dln.linear.io.DocumentNpz.write(doc, output.npz);
            System.err.println("dln: wrote " + output.npz);
        }
        if (csv != null) {
            AtomicFiles.write(csv, tmp -> {
                try (var w = Files.newBufferedWriter(tmp)) {
                    BayesDocument.writeCsv(s, w);
                }
            });
            System.err.println("dln: wrote " + csv);
        }
        if (plot != null) {
            for (Path f : org.dln.linear.io.BayesPlot.write(s, p, b, OutputOptions.plotPrefix(plot), OutputOptions.plotFormat(plot))) {
                System.err.println("dln: wrote " + f);
            }
        }
        if (output.json) {
            stdout.println(BayesDocument.toJson(doc));
        } else {
            summary(p, b, s, ts, stdout);
        }
        stdout.flush();
        if (!s.converged()) {
            System.err.println("dln: the saddle point was NOT found (residual " + s.report().residual() + ")");
            return DlnCommand.FAILED;
        }
        return DlnCommand.OK;
    }

    private int sweep(Problem p, TeacherStudent ts, double invBeta, PrintWriter out) {
        String[] parts = gammaSweep.split(",");
        out.printf(Locale.ROOT, "Teacher-student: P = %d, Q = %d, D = %d, alpha = %s, noise = %s, seed = %d; L = %d, beta = %s%n%n",
                p.trainCount(), p.testCount(), ts.x()[0].length, ts.alpha(), ts.noise(), ts.seed(), p.depth(), beta);
        out.println("| gamma0 | test loss adaptive | test loss NNGP | ratio | train loss adaptive | Newton steps (final) | residual |");
        out.println("|---|---|---|---|---|---|---|");
        int code = DlnCommand.OK;
        for (String g : parts) {
            double gamma0 = Double.parseDouble(g.trim());
            if (!(gamma0 >= 0)) {
                throw new InvalidInputException(InputError.OUT_OF_RANGE, "gamma0", "gamma0", g, "must be >= 0");
            }
            BayesSolution s = solve(p.withGamma0(gamma0), 1.0 / invBeta);
            BayesDocument.requireFinite(p, s);
            double la = loss(s.fTest(), ts.yTest());
            double ln = loss(s.nngpTest(), ts.yTest());
            double lt = loss(s.fTrain(), ts.y());
            out.printf(Locale.ROOT, "| %s | %.6f | %.6f | %.4f | %.3e | %d | %.1e |%n", g.trim(), la, ln, la / ln, lt,
                    s.report().iterations(), s.report().residual());
            if (!s.converged()) {
                code = DlnCommand.FAILED;
            }
        }
        out.flush();
        return code;
    }

    /** The saddle point by the dense Newton (default) or the low-rank reduction (--low-rank). */
    private BayesSolution solve(Problem p, double b) {
        if (!lowRank) {
            return Solvers.bayes(b, tol).solve(p, new Progress("bayes")).extra(BayesSolution.class).orElseThrow();
        }
        org.dln.linear.adaptive.LowRankBayesSolution s = new org.dln.linear.adaptive.LowRankBayes(Math.max(tol, 1e-15)).solve(
                new org.dln.linear.adaptive.KernelSpectrum(p.kx(), p.y()), p.kxTestTrain(), p.depth(), p.gamma0(), 1.0 / b);
        double full = s.fullResidual(p.kx(), p.y());
        System.err.printf(Locale.ROOT, "dln: low-rank saddle point: r = %.15g, %s, P x P backward error %.2e%n", s.r(), s.report(), full);
        return s.toBayesSolution(p.kx(), p.kxTestTrain(), p.kxTestTest());
    }

    /** Mean squared error (1/n) sum (f - y)^2, the convention of TeacherStudent.testLoss and dln decay-table. */
    static double loss(double[] f, double[] y) {
        double s = 0;
        for (int i = 0; i < f.length; i++) {
            s += (f[i] - y[i]) * (f[i] - y[i]);
        }
        return s / f.length;
    }

    static TeacherStudent parseTeacher(String s) {
        String[] a = s.split(",");
        try {
            if (a.length < 4) {
                throw new NumberFormatException();
            }
            int p = Integer.parseInt(a[0].trim());
            int q = Integer.parseInt(a[1].trim());
            int d = Integer.parseInt(a[2].trim());
            double alpha = Double.parseDouble(a[3].trim());
            double noise = a.length > 4 ? Double.parseDouble(a[4].trim()) : 0.0;
            long seed = a.length > 5 ? Long.parseLong(a[5].trim()) : 1L;
            return TeacherStudent.of(d, p, q, alpha, noise, seed);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "teacher-student", "teacher-student", s,
                    "give P,Q,D,alpha[,noise[,seed]] (integers P, Q, D; numbers alpha, noise; integer seed)");
        }
    }

    private static void summary(Problem p, double beta, BayesSolution s, TeacherStudent ts, PrintWriter out) {
        out.printf(Locale.ROOT, "# dln bayes: P = %d, Q = %d, L = %d, gamma0 = %s, beta = %s%n%n", p.trainCount(),
                p.testCount(), p.depth(), p.gamma0(), Double.isInfinite(beta) ? "inf" : beta);
        out.printf(Locale.ROOT, "Saddle point: %s, residual %.2e after %d Newton steps at the final gamma0 (history:",
                s.converged() ? "converged" : "NOT converged", s.report().residual(), s.report().iterations());
        for (double r : s.report().residualHistory()) {
            out.printf(Locale.ROOT, " %.1e", r);
        }
        out.printf(Locale.ROOT, "); action S = %.10g%n%n", s.action());
        out.println("| layer l | Tr Phi^l / P | y^T Phi^l y / y^T y | Frobenius norm of Phihat^l |");
        out.println("|---|---|---|---|");
        double[] y = p.y();
        double y2 = 0;
        for (double v : y) {
            y2 += v * v;
        }
        for (int l = 0; l <= s.depth(); l++) {
            double tr = 0;
            double q = 0;
            double hf = 0;
            for (int i = 0; i < y.length; i++) {
                tr += s.phi()[l][i][i];
                for (int j = 0; j < y.length; j++) {
                    q += y[i] * s.phi()[l][i][j] * y[j];
                    if (l > 0) {
                        hf += s.phiHat()[l][i][j] * s.phiHat()[l][i][j];
                    }
                }
            }
            out.printf(Locale.ROOT, "| %d%s | %.6f | %.6f | %s |%n", l, l == 0 ? " (Kx)" : "", tr / y.length, q / y2,
                    l == 0 ? "-" : String.format(Locale.ROOT, "%.6f", Math.sqrt(hf)));
        }
        out.println();
        out.println("| input | target | f adaptive | f NNGP |");
        out.println("|---|---|---|---|");
        for (int i = 0; i < y.length; i++) {
            out.printf(Locale.ROOT, "| train %d | %.6f | %.6f | %.6f |%n", i, y[i], s.fTrain()[i], s.nngpTrain()[i]);
        }
        for (int i = 0; i < s.fTest().length; i++) {
            out.printf(Locale.ROOT, "| test %d | %s | %.6f | %.6f |%n", i,
                    ts == null ? "-" : String.format(Locale.ROOT, "%.6f", ts.yTest()[i]), s.fTest()[i], s.nngpTest()[i]);
        }
        if (ts != null) {
            out.printf(Locale.ROOT, "%nTest loss (mean squared error against the clean teacher, as dln decay-table): adaptive %.6f, NNGP %.6f%n", loss(s.fTest(), ts.yTest()),
                    loss(s.nngpTest(), ts.yTest()));
        }
    }
}
