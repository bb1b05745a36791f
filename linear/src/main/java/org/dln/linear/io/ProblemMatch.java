package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dln.linear.problem.Problem;

/**
 * Whether a result was computed for the problem of the golden case it is checked against ({@code dln check}): the
 * problem a dln document carries (dln-trajectory or dln-bayes) against the case's problem.json and case.json (depth,
 * gamma0, the data, conventions; eta and T for gradient descent and sampling; the dynamics and the activation; beta;
 * the finite-width fluctuations of the fluctuation cases).
 * Folders of .npy files and plain objects carry no problem: nothing to compare, no warning.
 */
public final class ProblemMatch {
    private ProblemMatch() {
    }

    /** The differences found, one line each (empty when they match or the result carries no problem). */
    public static List<String> differences(Path result, Path caseDir) {
        List<String> out = new ArrayList<>();
        if (!Files.isRegularFile(result) || !result.toString().toLowerCase(Locale.ROOT).endsWith(".json")
                || !Files.isRegularFile(caseDir.resolve("problem.json"))) {
            return out;
        }
        JsonNode doc;
        JsonNode cj;
        try {
            doc = ProblemJson.MAPPER.readTree(result.toFile());
            cj = ProblemJson.MAPPER.readTree(caseDir.resolve("case.json").toFile());
        } catch (IOException e) {
            return out; // the check itself reports unreadable files
        }
        String schema = doc.path("schema").asText();
        if (!doc.has("problem") || !(schema.equals(SolutionJson.SCHEMA) || schema.startsWith("dln-bayes"))) {
            return out;
        }
        Problem mine;
        Problem theirs;
        try {
            mine = ProblemJson.fromJson(doc.get("problem"), result.toAbsolutePath().getParent(), "problem")
                    .checkStability(false).build();
            theirs = ProblemJson.read(caseDir.resolve("problem.json")).checkStability(false).build();
        } catch (RuntimeException e) {
            out.add("the result's problem could not be read to compare it with the case's (" + e.getMessage() + ")");
            return out;
        }
        String caseSolver = cj.path("solver").asText("gradient-descent");
        // the fluctuation cases are trajectories of their dynamics with variances beside the means
        String solver = switch (caseSolver) {
            case "fluctuations" -> "gradient-descent";
            case "fluctuations-flow" -> "gradient-flow";
            default -> caseSolver;
        };
        differ(out, "L", mine.depth(), theirs.depth());
        differ(out, "gamma0", mine.gamma0(), theirs.gamma0());
        differ(out, "P (train samples)", mine.trainCount(), theirs.trainCount());
        differ(out, "Q (test samples)", mine.testCount(), theirs.testCount());
        if (mine.trainCount() == theirs.trainCount()) {
            if (!close(mine.y(), theirs.y())) {
                out.add("the targets y differ");
            }
            if (!close(flat(mine.kx()), flat(theirs.kx()))) {
                out.add("the train Gram matrix Kx differs");
            }
        }
        if (!Arrays.equals(mine.conventions().ids(), theirs.conventions().ids())) {
            out.add("conventions " + String.join("/", mine.conventions().ids()) + " vs the case's "
                    + String.join("/", theirs.conventions().ids()));
        }
        if (solver.equals("gradient-descent") || solver.equals("sampling")) {
            differ(out, "eta", mine.eta(), theirs.eta());
            differ(out, "T", mine.timePoints(), theirs.timePoints());
        }
        JsonNode method = doc.path("method");
        String time = method.path("time").asText("");
        if (solver.equals("gradient-flow") && schema.equals(SolutionJson.SCHEMA) && !time.equals("gradient-flow")) {
            out.add("the case is gradient flow but the result is " + (time.isEmpty() ? "gradient descent" : time));
        }
        if ((solver.equals("gradient-descent") || solver.equals("sampling")) && time.equals("gradient-flow")) {
            out.add("the case is gradient descent but the result is gradient flow");
        }
        if (caseSolver.startsWith("fluctuations") && schema.equals(SolutionJson.SCHEMA) && !method.has("fluctuation_width")) {
            out.add("the case has finite-width fluctuations but the result has none (compute them with --width N): only the "
                    + "means are compared");
        }
        String act = method.path("activation").asText("");
        String caseAct = cj.path("activation").asText("");
        if (!caseAct.isEmpty() && !act.isEmpty() && !act.equalsIgnoreCase(caseAct)) {
            out.add("activation " + act + " vs the case's " + caseAct);
        }
        if (solver.equals("bayes")) {
            String b = doc.path("problem").path("beta").asText("");
            String cb = cj.path("beta").asText("");
            if (!b.isEmpty() && !cb.isEmpty() && !sameNumber(b, cb)) {
                out.add("beta " + b + " vs the case's " + cb);
            }
        }
        return out;
    }

    private static void differ(List<String> out, String what, double mine, double theirs) {
        if (!(Math.abs(mine - theirs) <= 1e-12 * Math.max(1, Math.abs(theirs)))) {
            out.add(what + " = " + text(mine) + " vs the case's " + text(theirs));
        }
    }

    private static String text(double v) {
        return Double.isFinite(v) ? new java.math.BigDecimal(v).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString()
                : String.valueOf(v);
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return Double.parseDouble(a.replace("inf", "Infinity")) == Double.parseDouble(b.replace("inf", "Infinity"));
        } catch (NumberFormatException e) {
            return a.equals(b);
        }
    }

    private static boolean close(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= 1e-12 * Math.max(1, Math.abs(b[i])))) {
                return false;
            }
        }
        return true;
    }

    private static double[] flat(double[][] m) {
        return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    }
}
