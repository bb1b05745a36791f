package org.dln.linear.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * The tolerance rule a golden case states in its case.json ({@code "tolerance": {"atol", "rtol", "sigma", "rule"}}):
 * |result - case| <= atol + rtol |case| (+ sigma sqrt(se_case^2 + se_result^2) where the case has standard errors).
 * Cases without one (the gradient-descent cases of suite version 1) use atol = rtol = 1e-9 and no sigma.
 */
public record CaseTolerance(double atol, double rtol, double sigma, String rule) {
    static final double DEFAULT = 1e-9;

    public static CaseTolerance of(Path caseDir) {
        Path file = caseDir.resolve("case.json");
        JsonNode root;
        try {
            root = ProblemJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "case", "golden case", file, ProblemJson.firstLine(e));
        }
        JsonNode t = root.path("tolerance");
        if (!t.isObject()) {
            return new CaseTolerance(DEFAULT, DEFAULT, 0, "");
        }
        return new CaseTolerance(t.path("atol").asDouble(DEFAULT), t.path("rtol").asDouble(DEFAULT), t.path("sigma").asDouble(0),
                t.path("rule").asText(""));
    }
}
