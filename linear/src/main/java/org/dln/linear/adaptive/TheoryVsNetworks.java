package org.dln.linear.adaptive;

/**
 * Theory against finite networks on every train and test input, by z = (theory - network) / sqrt(se_t^2 + se_n^2):
 * how many lie within 3 combined standard errors, the largest |z| and the root mean square z.
 */
public record TheoryVsNetworks(int compared, int within3, double maxAbsZ, double rmsZ) {

    public static TheoryVsNetworks of(double[] theory, double[] theorySe, double[] network, double[] networkSe) {
        int n = theory.length, within = 0;
        double zmax = 0, zsq = 0;
        for (int i = 0; i < n; i++) {
            double z = (theory[i] - network[i]) / Math.hypot(theorySe[i], networkSe[i]);
            zmax = Math.max(zmax, Math.abs(z));
            zsq += z * z;
            within += Math.abs(z) <= 3 ? 1 : 0;
        }
        return new TheoryVsNetworks(n, within, zmax, Math.sqrt(zsq / n));
    }
}
