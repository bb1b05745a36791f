package org.dln.linear.langevin;

/** Dense solves of the few-unknown systems of the Langevin marches (a row's delta update, Anderson's least squares). */
final class SmallSystems {
    private SmallSystems() {
    }

    /**
     * Solves the k x k system stored with its right-hand side as column k of the augmented k x (k+1) matrix, by Gaussian
     * elimination with partial pivoting; the matrix is overwritten (its rows may be permuted).
     */
    static double[] solveAugmented(double[][] a, int k) {
        for (int c = 0; c < k; c++) {
            int piv = c;
            for (int i = c + 1; i < k; i++) {
                if (Math.abs(a[i][c]) > Math.abs(a[piv][c])) {
                    piv = i;
                }
            }
            double[] tmp = a[c];
            a[c] = a[piv];
            a[piv] = tmp;
            for (int i = c + 1; i < k; i++) {
                double f = a[i][c] / a[c][c];
                for (int j = c; j <= k; j++) {
                    a[i][j] -= f * a[c][j];
                }
            }
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = a[i][k];
            for (int j = i + 1; j < k; j++) {
                s -= a[i][j] * x[j];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }
}
