package org.dln.numeric.dmft;

/**
 * Batch means of a vector of monitored quantities: the blocks of draws of one replica (one pass or one iteration)
 * are the batches, added in block order; the variance of the replica's mean is the spread of the batch values over
 * the number of batches.
 */
final class BatchMeans {
    private final double[] sum;
    private final double[] sumSq;
    private int batches;

    BatchMeans(int length) {
        sum = new double[length];
        sumSq = new double[length];
    }

    /** Adds the values of the next batch. */
    void add(double[] batch) {
        for (int k = 0; k < sum.length; k++) {
            sum[k] += batch[k];
            sumSq[k] += batch[k] * batch[k];
        }
        batches++;
    }

    /** @return the unbiased variance of one batch value of entry k */
    double variance(int k) {
        double mean = sum[k] / batches;
        return Math.max(0, sumSq[k] / batches - mean * mean) * batches / (batches - 1.0);
    }

    /** @return the standard error of the mean of every entry, sqrt(variance / batches) */
    double[] standardErrors() {
        double[] se = new double[sum.length];
        for (int k = 0; k < se.length; k++) {
            se[k] = Math.sqrt(variance(k) / batches);
        }
        return se;
    }
}
