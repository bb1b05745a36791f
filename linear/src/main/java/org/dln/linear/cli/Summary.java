package org.dln.linear.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.dln.linear.result.Observable;
import org.dln.linear.result.TimeMode;
import org.dln.linear.io.SolutionJson;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;

/** A short Markdown summary of a trajectory: the problem, the report, and observables at a few times. */
final class Summary {
    private Summary() {
    }

    static void print(Solution tr, PrintWriter out) {
        var p = tr.problem();
        out.printf(Locale.ROOT, "# dln %s: %s%n%n", tr.kind(), tr.label());
        boolean flow = tr.method().time() == TimeMode.GRADIENT_FLOW;
        String dynamics = "langevin".equals(tr.method().string("dynamics", "")) ? "Langevin training" : "gradient flow";
        String time = flow ? String.format(Locale.ROOT, "%s to t = %s, %d time points", dynamics, tr.time(tr.timePoints() - 1), tr.timePoints())
                : String.format(Locale.ROOT, "eta = %s, T = %d time points", p.eta(), p.timePoints());
        String[] conv = p.conventions().ids();
        out.printf(Locale.ROOT, "P = %d, Q = %d, L = %d, gamma0 = %s, %s, loss %s, output %s%n%n",
                p.trainCount(), p.testCount(), p.depth(), p.gamma0(), time, conv[0], conv[1]);
        var r = tr.report();
        out.printf(Locale.ROOT, "solver %s: %d iterations, %.3f s, converged %s%s%n%n", r.solver(),
                r.iterations(), r.wallSeconds(), r.converged(),
                Double.isFinite(r.residual()) ? String.format(Locale.ROOT, ", residual %.2e", r.residual()) : "");
        for (String note : r.notes()) {
            out.println("- " + note);
        }
        if (!r.notes().isEmpty()) {
            out.println();
        }
        int tp = tr.timePoints();
        int[] times = tp <= 5 ? range(tp) : java.util.stream.IntStream.of(0, 1, tp / 4, tp / 2, tp - 1).distinct().toArray();
        Observable f = tr.get("f");
        Observable ntk = tr.get("ntk");
        Observable loss = tr.get("loss");
        int pn = ntk == null ? 0 : (int) Math.round(Math.sqrt(ntk.width())); // simulations without kernels have no ntk
        StringBuilder h = new StringBuilder(flow ? "| time | loss |" : "| t | loss |");
        StringBuilder sep = new StringBuilder("|---|---|");
        for (int k = 0; k < f.width(); k++) {
            h.append(" f").append(f.entryLabel(k)).append(" |");
            sep.append("---|");
        }
        for (int i = 0; i < pn; i++) {
            h.append(" K[").append(i).append("][").append(i).append("] |");
            sep.append("---|");
        }
        out.println(h);
        out.println(sep);
        for (int t : times) {
            String label = flow ? String.format(Locale.ROOT, "%.6g", tr.time(t)) : Integer.toString(t);
            StringBuilder row = new StringBuilder("| " + label + " | " + String.format(Locale.ROOT, "%.6e", loss.value(t, 0)) + " |");
            for (int k = 0; k < f.width(); k++) {
                row.append(' ').append(fmt(f, t, k)).append(" |");
            }
            for (int i = 0; i < pn; i++) {
                row.append(' ').append(fmt(ntk, t, i * pn + i)).append(" |");
            }
            out.println(row);
        }
        if (tr.get("f_test") != null) {
            Observable ft = tr.get("f_test");
            out.println();
            out.print("test predictions at t = " + (tp - 1) + ":");
            for (int k = 0; k < ft.width(); k++) {
                out.print(" " + fmt(ft, tp - 1, k));
            }
            out.println();
        }
    }

    private static String fmt(Observable o, int t, int k) {
        String v = String.format(Locale.ROOT, "%.6f", o.value(t, k));
        return o.hasStderr() ? v + String.format(Locale.ROOT, " ± %.1e", o.stderr(t, k)) : v;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
