package org.dln.linear.dmft;

import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.LongTime;
import org.dln.linear.result.Solution;
import org.dln.linear.result.Solutions;
import org.dln.linear.solver.FlowFirstOrder;
import org.dln.linear.solver.FlowSolver;
import org.dln.numeric.time.CollocationGrid;
import org.dln.symbolic.SymbolicSession;
import org.dln.symbolic.series.FirstOrderTheory;

/**
 * Family "first-order-flow" (approximation pt1 of gradient flow): the O(gamma0^2) theory derived by the symbolic layer
 * ({@link FirstOrderTheory}, one Symja session on the calling thread) and evaluated in closed form for the problem's
 * data ({@link FlowFirstOrder}) at the nodes of the flow grid or at equally spaced times; the t = infinity NTK in
 * closed form is recorded in {@code method.long_time}.
 */
public final class FirstOrderFlowSolver implements DmftSolver {
    private final FlowSolver.Options options;
    private final int resample;

    /**
     * @param options  the flow options whose grid gives the output times (its horizon t_max is used)
     * @param resample n >= 2 equally spaced times instead of the grid's nodes (0 = nodes)
     */
    public FirstOrderFlowSolver(FlowSolver.Options options, int resample) {
        if (resample < 0 || resample == 1) {
            throw new InvalidInputException(InputError.OUT_OF_RANGE, "resample", "resample", resample, "must be 0 (nodes) or >= 2");
        }
        this.options = options;
        this.resample = resample;
    }

    @Override
    public String family() {
        return "first-order-flow";
    }

    @Override
    public Solution solve(Problem p, SolveListener listener) {
        double[] ts;
        if (resample >= 2) {
            ts = GradientFlowSolver.resampleTimes(resample, options.tMax());
        } else {
            CollocationGrid grid = FlowSolver.grid(p, options);
            ts = new double[grid.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = grid.time(i);
            }
        }
        listener.note("pt1: deriving the first-order theory for L = " + p.depth() + " (Symja)");
        FirstOrderTheory theory;
        try (SymbolicSession symja = new SymbolicSession()) {
            theory = FirstOrderTheory.derive(symja, p.depth());
        }
        Solution s = Solutions.of(FlowFirstOrder.solve(p, theory, ts));
        double[][] kinf = FlowFirstOrder.ntkAtInfinity(p, theory);
        if (kinf != null) {
            listener.note("pt1 t = infinity NTK (closed form) " + GradientFlowSolver.matrix(kinf));
            s = s.withLongTime(new LongTime(true, 0.0, kinf));
        }
        return s;
    }
}
