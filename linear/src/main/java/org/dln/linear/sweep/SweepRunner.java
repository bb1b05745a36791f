package org.dln.linear.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs the missing points of a grid on a local thread pool, appending each row to the table as it finishes; the
 * caller then sorts the table ({@link SweepTable#finish}). Points are handed out in index order; each point is
 * computed independently of the others (its own seed), so the table does not depend on the thread count.
 */
public final class SweepRunner {
    private SweepRunner() {
    }

    /** The indices of the points not yet in the table. */
    public static List<Integer> missing(SweepGrid grid, SweepTable table) {
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            if (!table.has(i)) {
                todo.add(i);
            }
        }
        return todo;
    }

    /**
     * Runs the points {@code todo} with {@code threads} workers; {@code done} hears every finished point (from the
     * worker threads, after its row is flushed). {@code pointThreads} run inside each point (simulate, sample); {@code limit} >= 0 stops after that many points (tests of resuming).
     */
    public static void run(SweepGrid grid, SweepTable table, List<Integer> todo, int threads, int pointThreads, int limit, Consumer<PointResult> done)
            throws IOException, InterruptedException {
        int n = limit >= 0 ? Math.min(limit, todo.size()) : todo.size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "dln-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                SweepPoint pt = grid.point(todo.get(k));
                futures.add(pool.submit(() -> {
                    PointResult r = PointRunner.run(grid, pt, pointThreads);
                    try {
                        table.append(r, grid);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    done.accept(r);
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UncheckedIOException u) {
                        throw u.getCause();
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
