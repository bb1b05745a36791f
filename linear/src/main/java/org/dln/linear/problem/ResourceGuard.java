package org.dln.linear.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.dln.numeric.linalg.MemoryGuard;

/**
 * The check every solver makes at the start of {@code solve}, before it allocates: the bytes its arrays will take
 * (estimated from the problem's dimensions with saturating long arithmetic, {@link MemoryGuard}) must fit in the JVM's
 * heap, and its largest array in a Java array. Otherwise it throws {@link InvalidInputException} ({@link
 * InputError#TOO_LARGE}, {@link InputError#ARRAY_TOO_LARGE}) naming the dimension that makes the estimate large.
 */
public final class ResourceGuard {
    private ResourceGuard() {
    }

    /**
     * One dimension of an estimate.
     *
     * @param field   the input field it comes from, as the message names it
     * @param shown   the field's value as the user gave it
     * @param size    the dimension's size in the estimate
     * @param minimum its smallest possible size
     */
    public record Dim(String field, Object shown, long size, long minimum) {
    }

    /**
     * Throws when the estimate does not fit.
     *
     * @param who          what allocates ("the causal march")
     * @param of           what the bytes are ("kernels")
     * @param bytes        bytes needed, as a function of the dimensions' sizes (in the order given)
     * @param largestArray entries of the largest single array, as a function of the sizes
     * @param dims         the dimensions
     */
    public static void require(String who, String of, ToLongFunction<long[]> bytes, ToLongFunction<long[]> largestArray,
                               Dim... dims) {
        long[] sizes = new long[dims.length];
        long[] mins = new long[dims.length];
        for (int k = 0; k < dims.length; k++) {
            sizes[k] = dims[k].size();
            mins[k] = dims[k].minimum();
        }
        long need = bytes.applyAsLong(sizes);
        long heap = MemoryGuard.maxHeap();
        if (need > heap) {
            Dim d = dims[MemoryGuard.blame(bytes, sizes, mins)];
            throw new InvalidInputException(InputError.TOO_LARGE, d.field(), d.field(), d.shown(), who,
                    MemoryGuard.format(need), of, MemoryGuard.format(heap), reduce(d, dims));
        }
        long entries = largestArray.applyAsLong(sizes);
        if (entries > MemoryGuard.MAX_ARRAY) {
            Dim d = dims[MemoryGuard.blame(largestArray, sizes, mins)];
            throw new InvalidInputException(InputError.ARRAY_TOO_LARGE, d.field(), d.field(), d.shown(), who,
                    MemoryGuard.format(entries), of, reduce(d, dims));
        }
    }

    /** "T (or P, L)": the blamed field first, then the other fields that could be reduced. */
    private static String reduce(Dim blamed, Dim... dims) {
        List<String> others = new ArrayList<>();
        for (Dim d : dims) {
            if (!d.field().equals(blamed.field()) && d.size() > d.minimum() && !others.contains(d.field())) {
                others.add(d.field());
            }
        }
        return blamed.field() + (others.isEmpty() ? "" : " (or " + String.join(", ", others) + ")");
    }
}
