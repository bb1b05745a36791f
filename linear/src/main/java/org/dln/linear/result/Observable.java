package org.dln.linear.result;

import java.util.Arrays;

/**
 * One observable of a trajectory: a named array of shape [T, ...] (time first), flattened row-major, with an
 * optional standard error of the same shape (simulations) or none (theory, exact up to rounding).
 */
public record Observable(String name, int[] shape, double[] value, double[] stderr) {

    public Observable {
        if (shape.length == 0) {
            throw new IllegalArgumentException("observable " + name + ": a shape needs at least the time dimension");
        }
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        if (value.length != size || (stderr != null && stderr.length != size)) {
            throw new IllegalArgumentException("observable " + name + ": shape " + Arrays.toString(shape)
                    + " does not match " + value.length + " values");
        }
    }

    /** Number of time points (the first dimension). */
    public int timePoints() {
        return shape[0];
    }

    /** Number of entries per time point. */
    public int width() {
        int w = 1;
        for (int d = 1; d < shape.length; d++) {
            w *= shape[d];
        }
        return w;
    }

    public double value(int t, int k) {
        return value[t * width() + k];
    }

    public double stderr(int t, int k) {
        return stderr == null ? 0.0 : stderr[t * width() + k];
    }

    public boolean hasStderr() {
        return stderr != null;
    }

    /** Label of entry k within a time point, e.g. "[1][2]". */
    public String entryLabel(int k) {
        StringBuilder sb = new StringBuilder();
        int rem = k;
        int[] idx = new int[shape.length - 1];
        for (int d = shape.length - 1; d >= 1; d--) {
            idx[d - 1] = rem % shape[d];
            rem /= shape[d];
        }
        for (int i : idx) {
            sb.append('[').append(i).append(']');
        }
        return sb.toString();
    }

    public static double[] flatten(double[][] a) {
        return Arrays.stream(a).flatMapToDouble(Arrays::stream).toArray();
    }

    public static double[] flatten(double[][][] a) {
        return Arrays.stream(a).flatMapToDouble(r -> Arrays.stream(flatten(r))).toArray();
    }

    public static Observable series(String name, double[] v, double[] se) {
        return new Observable(name, new int[] {v.length}, v, se);
    }

    public static Observable matrix(String name, double[][] v, double[][] se) {
        return new Observable(name, new int[] {v.length, v[0].length}, flatten(v), se == null ? null : flatten(se));
    }

    public static Observable tensor(String name, double[][][] v, double[][][] se) {
        return new Observable(name, new int[] {v.length, v[0].length, v[0].length == 0 ? 0 : v[0][0].length},
                flatten(v), se == null ? null : flatten(se));
    }
}
