package org.dln.linear.problem;

/** Field checks shared by {@link Problem.Builder} and the readers; each throws {@link InvalidInputException}. */
final class Validation {
    private Validation() {
    }

    static void finite(String field, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new InvalidInputException(InputError.NOT_FINITE, field, field, v[i], "[" + i + "]");
            }
        }
    }

    static void finite(String field, double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new InvalidInputException(InputError.NOT_FINITE, field, field, m[i][j], "[" + i + "][" + j + "]");
                }
            }
        }
    }

    /** Checks all rows have the same length; returns it. */
    static int rectangular(String field, double[][] m) {
        if (m.length == 0) {
            return 0;
        }
        int c = m[0].length;
        for (int i = 1; i < m.length; i++) {
            if (m[i].length != c) {
                throw new InvalidInputException(InputError.RAGGED, field, field, i, m[i].length, c);
            }
        }
        if (c == 0) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, field, field, "[[]]", "rows must not be empty");
        }
        return c;
    }

    static void square(String field, double[][] m) {
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != m.length) {
                throw new InvalidInputException(InputError.NOT_SQUARE, field, field, m.length, m.length, i, m[i].length);
            }
        }
    }

    static void symmetric(String field, double[][] m) {
        double scale = 0;
        for (double[] row : m) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double tol = 1e-12 * Math.max(scale, 1e-300);
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(m[i][j] - m[j][i]) > tol) {
                    throw new InvalidInputException(InputError.NOT_SYMMETRIC, field, field, i, j, m[i][j], j, i, m[j][i]);
                }
            }
        }
    }
}
