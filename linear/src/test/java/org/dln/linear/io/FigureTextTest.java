package org.dln.linear.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dln.linear.problem.Problem;
import org.dln.linear.result.Method;
import org.dln.linear.result.Observable;
import org.dln.linear.result.Solution;
import org.dln.linear.result.TimeMode;
import org.dln.numeric.report.SolverReport;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.style.Styler.LegendPosition;

/** The words of figures (titles state the problem; flow plots have time t and no η) and the legend's corner. */
class FigureTextTest {

    private static Solution run(TimeMode mode, Method.Builder m) {
        Problem p = new Problem.Builder().gram(new double[][] {{1}}).y(new double[] {1}).depth(2).gamma0(1.5).eta(0.05)
                .timePoints(2).checkStability(false).build();
        double[] times = mode == TimeMode.GRADIENT_FLOW ? new double[] {0, 1} : null;
        if (times != null) {
            m.put("times", times);
        }
        Observable loss = Observable.series("loss", new double[] {1, 0.5}, null);
        return new Solution(Solution.THEORY, p, m.time(mode).build(),
                new SolverReport("x", 1, new double[0], 0, true, 0, List.of()), Map.of("loss", loss), null);
    }

    @Test
    void gradientFlowTitlesHaveNoEtaAndTimeT() {
        Solution flow = run(TimeMode.GRADIENT_FLOW, Method.builder().solver("flow").approximation("full"));
        String title = FigureText.problem(List.of(flow));
        assertEquals("L = 2, γ₀ = 1.5, gradient flow", title);
        assertFalse(title.contains("η"), title);
        assertEquals("time t", FigureText.timeAxis(List.of(flow)));
    }

    @Test
    void gradientDescentTitlesStateEtaActivationAndDecay() {
        Solution gd = run(TimeMode.GRADIENT_DESCENT, Method.builder().solver("march").approximation("full")
                .put("activation", "relu").put("weight_decay", 0.5));
        assertEquals("ReLU, L = 2, γ₀ = 1.5, η = 0.05, λ = 0.5", FigureText.problem(gd));
        assertEquals("time ηt", FigureText.timeAxis(List.of(gd)));
        Solution flow = run(TimeMode.GRADIENT_FLOW, Method.builder().solver("flow").approximation("full"));
        assertEquals("time t (ηt for gradient descent)", FigureText.timeAxis(List.of(gd, flow)));
    }

    @Test
    void entriesAreSubscripted() {
        Observable k = Observable.tensor("ntk", new double[1][12][12], null);
        assertEquals("K₀₁", FigureText.kernelEntry(Observable.tensor("ntk", new double[1][3][3], null), 1));
        assertEquals("K₁,₁₀", FigureText.kernelEntry(k, 22));
        assertEquals("f₁₂", FigureText.vectorEntry("f", 12));
    }

    @Test
    void legendGoesToTheFirstFreeCorner() {
        // a curve falling from the upper left to the lower right leaves the upper right and lower left free
        LegendPlacement.Curve falling = new LegendPlacement.Curve(new double[] {0, 1}, new double[] {1, 0});
        assertEquals(LegendPosition.InsideNE, LegendPlacement.place(List.of(falling), 2, 10, 790, 430));
        // a rising one: upper left is free; the upper right is not (the segment between the two points crosses it)
        LegendPlacement.Curve rising = new LegendPlacement.Curve(new double[] {0, 1}, new double[] {0, 1});
        assertEquals(LegendPosition.InsideNW, LegendPlacement.place(List.of(rising), 2, 10, 790, 430));
        // curves along all four edges: no corner is free, the legend goes outside
        LegendPlacement.Curve top = new LegendPlacement.Curve(new double[] {0, 1}, new double[] {0.99, 0.99});
        LegendPlacement.Curve bottom = new LegendPlacement.Curve(new double[] {0, 1}, new double[] {0.01, 0.01});
        assertEquals(LegendPosition.OutsideE, LegendPlacement.place(List.of(top, bottom), 2, 10, 790, 430));
        // a legend too tall for the axes goes outside whatever the curves
        assertEquals(LegendPosition.OutsideE, LegendPlacement.place(List.of(), 40, 10, 790, 430));
        assertTrue(LegendPlacement.crosses(List.of(rising), 0.4, 0.6, 0.4, 0.6));
        // curves along the top and bottom edges: raising the top of the axes by the legend's height frees a corner;
        // 2 rows of 10 characters are (14 + 34) / 430 + 0.02 = 0.132 of the height, so the curves' top 0.99 must come
        // down to 1 - 0.132: a headroom of 0.99 / 0.868 - 1 = 0.141 (+ 0.01)
        double e = LegendPlacement.headroom(List.of(top, bottom), 2, 10, 790, 430);
        assertEquals(0.99 / (1 - (14 + 34) / 430.0 - 0.02) - 1 + 0.01, e, 1e-12);
        // a legend of 20 rows would need more than the allowed 35 %: none
        assertTrue(Double.isNaN(LegendPlacement.headroom(List.of(top, bottom), 20, 10, 790, 430)));
    }
}
