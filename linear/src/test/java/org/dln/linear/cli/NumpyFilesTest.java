package org.dln.linear.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dln.linear.io.Npy;
import org.dln.linear.io.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: NumPy files in (.npy, .npz, FILE.npz:NAME wherever a matrix or vector is read) and out (--npz). The
 * references are independent of the NumPy path: the same problem given inline in JSON, and the JSON result document.
 */
class NumpyFilesTest {
    static final ObjectMapper M = new ObjectMapper();
    static final double[][] X = {{1.0, 0.2, -0.3}, {0.1, 1.0, 0.4}, {-0.5, 0.3, 0.9}};
    static final double[] Y = {1.0, -0.5, 0.25};

    @TempDir
    Path tmp;

    static double[] flat(double[][] m) {
        return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /** A .npy file with a hand-written header: numpy's layout for other dtypes and orders than dln writes. */
    static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        String h = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
        int pad = (64 - (10 + h.length() + 1) % 64) % 64;
        h = h + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length());
        b.put(h.getBytes(StandardCharsets.US_ASCII)).put(data);
        return b.array();
    }

    @Test
    void npzRoundTripIsExactAndDeterministic() throws Exception {
        Map<String, Npy.Array> a = new LinkedHashMap<>();
        a.put("t", new Npy.Array(new int[] {3}, new double[] {0, 1, 2}));
        a.put("ntk", new Npy.Array(new int[] {3, 1, 2}, new double[] {Math.PI, -1e-300, 1e300, 0.1, -0.0, 7}));
        a.put("scalar", new Npy.Array(new int[0], new double[] {2.5}));
        Path f = tmp.resolve("a.npz");
        Npz.write(f, a);
        Map<String, Npy.Array> back = Npz.read(f);
        assertEquals(a.keySet(), back.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k).shape(), back.get(k).shape(), k);
            assertArrayEquals(a.get(k).data(), back.get(k).data(), 0.0, k); // bit-for-bit (0 tolerance)
        }
        assertArrayEquals(Files.readAllBytes(f), Npz.bytes(a), "same arrays, same bytes");
    }

    @Test
    void npyDtypesAndOrdersAreRead() {
        ByteBuffer f = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        double[] fortran = {1, 4, 2, 5, 3, 6}; // the 2 x 3 matrix [[1,2,3],[4,5,6]] column by column
        for (double v : fortran) {
            f.putDouble(v);
        }
        Npy.Array a = Npy.parse(npy("<f8", true, "(2, 3)", f.array()), "F.npy");
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.data(), 0.0);
        ByteBuffer big = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(-1.5).putDouble(3);
        assertArrayEquals(new double[] {-1.5, 3}, Npy.parse(npy(">f8", false, "(2,)", big.array()), "B.npy").data(), 0.0);
        ByteBuffer ints = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-7).putLong(1L << 40);
        assertArrayEquals(new double[] {-7, 1L << 40}, Npy.parse(npy("<i8", false, "(2,)", ints.array()), "I.npy").data(), 0.0);
    }

    @Test
    void numpyInputsGiveTheSameResultAsInlineJson() throws Exception {
        Path problem = tmp.resolve("p.json");
        Files.writeString(problem, M.writeValueAsString(Map.of("X", X, "y", Y, "T", 12, "gamma0", 1.5)));
        Outcome ref = Outcome.run("solve", "--problem", problem.toString(), "--json");
        assertEquals(0, ref.code(), ref.err());
        JsonNode doc = M.readTree(ref.out());

        Npy.write(tmp.resolve("X.npy"), new int[] {3, 3}, flat(X));
        Npy.write(tmp.resolve("y.npy"), new int[] {3}, Y);
        Map<String, Npy.Array> data = new LinkedHashMap<>();
        data.put("X", new Npy.Array(new int[] {3, 3}, flat(X)));
        data.put("y", new Npy.Array(new int[] {3}, Y));
        Npz.write(tmp.resolve("data.npz"), data);
        Path out1 = tmp.resolve("o1.npz"), out2 = tmp.resolve("o2.npz"), out3 = tmp.resolve("o3.npz");
        Outcome a = Outcome.run("solve", "--x", tmp.resolve("X.npy").toString(), "--y", tmp.resolve("y.npy").toString(), "-T", "12",
                "-g", "1.5", "--npz", out1.toString());
        Outcome b = Outcome.run("solve", "--x", tmp.resolve("data.npz") + ":X", "--y", tmp.resolve("data.npz") + ":y", "-T", "12",
                "-g", "1.5", "--npz", out2.toString());
        Path p2 = tmp.resolve("p2.json"); // a problem file naming the NumPy files (relative to it)
        Files.writeString(p2, "{\"X\": \"X.npy\", \"y\": \"data.npz:y\", \"T\": 12, \"gamma0\": 1.5}");
        Outcome c = Outcome.run("solve", "--problem", p2.toString(), "--npz", out3.toString());
        for (Outcome o : new Outcome[] {a, b, c}) {
            assertEquals(0, o.code(), o.err());
        }
        for (Path out : new Path[] {out1, out2, out3}) {
            Map<String, Npy.Array> z = Npz.read(out);
            assertEquals("t", z.keySet().iterator().next(), "time first");
            assertArrayEquals(new int[] {12, 3}, z.get("f").shape());
            assertArrayEquals(new int[] {12, 3, 3}, z.get("ntk").shape());
            for (int i = 0; i < 12; i++) {
                assertEquals(i, z.get("t").data()[i], 0.0);
                assertEquals(0.05 * i, z.get("time").data()[i], 1e-15);
            }
            var obs = doc.get("observables").fields();
            int n = 0;
            while (obs.hasNext()) {
                var e = obs.next();
                double[] json = flatten(e.getValue().get("value"));
                assertArrayEquals(json, z.get(e.getKey()).data(), 0.0, e.getKey()); // JSON prints shortest round-trip doubles
                n++;
            }
            assertTrue(n >= 5);
            for (int i = 0; i < 12 * 3; i++) {
                assertEquals(Y[i % 3] - z.get("f").data()[i], z.get("delta").data()[i], 0.0);
            }
        }
    }

    static double[] flatten(JsonNode n) {
        java.util.List<Double> l = new java.util.ArrayList<>();
        walk(n, l);
        return l.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void walk(JsonNode n, java.util.List<Double> l) {
        if (n.isArray()) {
            n.forEach(c -> walk(c, l));
        } else {
            l.add(n.asDouble());
        }
    }

    @Test
    void badNumpyInputIsExitTwoNamingTheField() throws Exception {
        Npy.write(tmp.resolve("y.npy"), new int[] {3}, Y);
        String y = tmp.resolve("y.npy").toString();
        double[] nan = flat(X);
        nan[4] = Double.NaN;
        Npy.write(tmp.resolve("nan.npy"), new int[] {3, 3}, nan);
        Npy.write(tmp.resolve("cube.npy"), new int[] {1, 3, 3}, flat(X));
        Files.write(tmp.resolve("str.npy"), npy("<U1", false, "(2,)", new byte[8]));
        Files.write(tmp.resolve("obj.npy"), npy("|O", false, "(1,)", new byte[8]));
        Files.writeString(tmp.resolve("text.npy"), "1,2,3\n");
        Npz.write(tmp.resolve("two.npz"), Map.of("a", new Npy.Array(new int[] {3}, Y), "b", new Npy.Array(new int[] {3}, Y)));
        String[][] cases = {
            {"nan.npy", "'X' contains NaN at [1][1]"},
            {"cube.npy", "'X' must be a 2-D array"},
            {"str.npy", "dtype <U1 is not supported"},
            {"obj.npy", "object arrays (pickles) are never read"},
            {"text.npy", "not a NumPy .npy file"},
            {"two.npz", "none is named 'X'"},
            {"two.npz:c", "it has no array 'c' (it holds"},
        };
        for (String[] c : cases) {
            Outcome o = Outcome.run("solve", "--x", tmp.resolve(c[0]).toString(), "--y", y, "-T", "5");
            assertEquals(2, o.code(), c[0] + ": " + o.err());
            assertTrue(o.err().contains(c[1]), c[0] + ": " + o.err());
            NonFiniteResultTest.noStackTrace(o);
        }
    }

    @Test
    void checkReadsAnNpzResult() throws Exception {
        Path out = tmp.resolve("r.npz");
        Path suite = tmp.resolve("suite");
        assertEquals(0, Outcome.run("golden", "-o", suite.toString(), "--cases", "random-P4-L2-g1").code());
        Path caseDir = suite.resolve("random-P4-L2-g1");
        Outcome s = Outcome.run("solve", "--problem", caseDir.resolve("problem.json").toString(), "--npz", out.toString());
        assertEquals(0, s.code(), s.err());
        Outcome pass = Outcome.run("check", out.toString(), "--case", caseDir.toString());
        assertEquals(0, pass.code(), pass.out());
        assertTrue(pass.out().contains("| delta |") && pass.out().contains("| ntk |"), pass.out());
        Map<String, Npy.Array> z = new LinkedHashMap<>(Npz.read(out));
        double[] f = z.get("f").data().clone();
        f[4 * 30 + 2] += 1e-6; // t = 30, f[2]
        z.put("f", new Npy.Array(z.get("f").shape(), f));
        Npz.write(out, z);
        Outcome fail = Outcome.run("check", out.toString(), "--case", caseDir.toString());
        assertEquals(1, fail.code(), fail.out());
        assertTrue(fail.out().contains("first parting at t = 30"), fail.out());
    }

    @Test
    void compareReadsNpzArchivesAsItReadsTheDocuments() throws Exception {
        Path[] json = {tmp.resolve("a.json"), tmp.resolve("b.json")};
        Path[] npz = {tmp.resolve("a.npz"), tmp.resolve("b.npz")};
        String[] g = {"1.0", "1.01"};
        for (int i = 0; i < 2; i++) {
            assertEquals(0, Outcome.run("solve", "-T", "15", "-g", g[i], "--out", json[i].toString(), "--npz", npz[i].toString()).code());
        }
        Outcome fromJson = Outcome.run("compare", json[0].toString(), json[1].toString());
        Outcome fromNpz = Outcome.run("compare", npz[0].toString(), npz[1].toString());
        assertEquals(fromJson.code(), fromNpz.code());
        String tableJson = fromJson.out().substring(fromJson.out().indexOf('|'));
        String tableNpz = fromNpz.out().substring(fromNpz.out().indexOf('|'));
        assertEquals(tableJson, tableNpz, "the same table (only the labels in the title differ)");
        assertTrue(tableNpz.contains("| ntk |"), tableNpz);
        Outcome plot = Outcome.run("compare", npz[0].toString(), json[1].toString(), "--plot", tmp.resolve("fig").toString());
        assertEquals(2, plot.code(), plot.err());
        assertTrue(plot.err().contains("'plot' cannot be used"), plot.err());
    }
}
