package org.dln.linear.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dln.linear.io.Npy;
import org.dln.linear.problem.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preprocessing of a binary task on the shipped tiny IDX files, and the CSV / .npy readers agreeing with IDX. */
class BinaryTaskTest {
    @TempDir
    Path dir;

    static LabelledData tiny() throws Exception {
        return LabelledData.fromIdx(IdxFileTest.resource("tiny-images-idx3-ubyte"),
                IdxFileTest.resource("tiny-labels-idx1-ubyte.gz"));
    }

    @Test
    void classPairCentredNormalisedAndSeeded() throws Exception {
        BinaryTask t = BinaryTask.parse("1,2", 8, 4, 7L, true, "sample");
        BinaryTask.Prepared p = t.prepare(tiny());
        assertEquals(8, p.x().length);
        assertEquals(4, p.xTest().length);
        // targets from the labels (i mod 4): +1 for 1, -1 for 2, no other label drawn
        for (double v : p.y()) {
            assertEquals(1.0, Math.abs(v), 0.0);
        }
        // |x|^2 = D per item (relative rounding ~1e-16 D)
        Grams g = Grams.of(p);
        for (int i = 0; i < 8; i++) {
            assertEquals(1.0, g.train()[i][i], 1e-14);
        }
        for (double v : g.testDiag()) {
            assertEquals(1.0, v, 1e-14);
        }
        // same seed, same draw; every item used once (train and test disjoint: 12 of the 12 items of labels 1, 2)
        BinaryTask.Prepared q = t.prepare(tiny());
        assertEquals(p.description(), q.description());
        for (int i = 0; i < 8; i++) {
            assertEquals(p.x()[i][3], q.x()[i][3], 0.0);
        }
        assertThrows(InvalidInputException.class, () -> BinaryTask.parse("1,2", 10, 4, 7L, true, "sample").prepare(tiny()));
    }

    @Test
    void parityCentringWithoutNormalisationHasZeroTrainMean() throws Exception {
        BinaryTask.Prepared p = BinaryTask.parse("parity", 20, 4, 3L, true, "none").prepare(tiny());
        for (int j = 0; j < 16; j++) {
            double s = 0;
            for (double[] r : p.x()) {
                s += r[j];
            }
            assertEquals(0.0, s / 20, 1e-12);  // values up to 255, rounding ~1e-14
        }
        int odd = 0;
        for (double v : p.y()) {
            odd += v > 0 ? 1 : 0;
        }
        assertEquals(true, odd > 0 && odd < 20);
    }

    @Test
    void csvAndNpyReadTheSameData() throws Exception {
        LabelledData d = tiny();
        StringBuilder csv = new StringBuilder("label,pixels...\n");
        double[] feats = new double[d.size() * d.dimension()];
        double[] labs = new double[d.size()];
        for (int i = 0; i < d.size(); i++) {
            csv.append(d.label(i));
            labs[i] = d.label(i);
            for (int j = 0; j < d.dimension(); j++) {
                csv.append(',').append((int) d.feature(i, j));
                feats[i * d.dimension() + j] = d.feature(i, j);
            }
            csv.append('\n');
        }
        Files.writeString(dir.resolve("d.csv"), csv);
        Npy.write(dir.resolve("x.npy"), new int[] {d.size(), d.dimension()}, feats);
        Npy.write(dir.resolve("y.npy"), new int[] {d.size()}, labs);
        for (LabelledData e : new LabelledData[] {LabelledData.fromCsv(dir.resolve("d.csv")),
                LabelledData.fromNpy(dir.resolve("x.npy"), dir.resolve("y.npy"))}) {
            assertEquals(d.size(), e.size());
            for (int i = 0; i < d.size(); i++) {
                assertEquals(d.label(i), e.label(i));
                for (int j = 0; j < d.dimension(); j++) {
                    assertEquals(d.feature(i, j), e.feature(i, j), 0.0);
                }
            }
        }
        Files.writeString(dir.resolve("bad.csv"), "1,2,3\n1,2\n");
        assertThrows(InvalidInputException.class, () -> LabelledData.fromCsv(dir.resolve("bad.csv")));
    }
}
