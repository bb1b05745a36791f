package org.dln.linear.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dln.linear.problem.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IDX reader on the shipped tiny files (24 images of 4 x 4 pixels, value (37 i + 11 j) mod 256 for image i and
 * pixel j, labels i mod 4; the label file gzip-compressed), a write/read round trip, and malformed files refused.
 */
class IdxFileTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws Exception {
        return Path.of(IdxFileTest.class.getResource("/data/" + name).toURI());
    }

    @Test
    void readsTheShippedFilesAndTheirGeneratingFormula() throws Exception {
        LabelledData d = LabelledData.fromIdx(resource("tiny-images-idx3-ubyte"), resource("tiny-labels-idx1-ubyte.gz"));
        assertEquals(24, d.size());
        assertEquals(16, d.dimension());
        for (int i = 0; i < 24; i++) {
            assertEquals(i % 4, d.label(i));
            for (int j = 0; j < 16; j++) {
                assertEquals((37 * i + 11 * j) % 256, d.feature(i, j));
            }
        }
    }

    @Test
    void roundTripPlainAndGzip() throws Exception {
        IdxFile.Array a = IdxFile.read(resource("tiny-images-idx3-ubyte"));
        int[] vals = new int[a.data().length];
        for (int k = 0; k < vals.length; k++) {
            vals[k] = a.get(k);
        }
        for (boolean gz : new boolean[] {false, true}) {
            Path f = dir.resolve("rt" + gz);
            IdxFile.write(f, a.dims(), vals, gz);
            IdxFile.Array b = IdxFile.read(f);
            assertArrayEquals(a.dims(), b.dims());
            assertArrayEquals(a.data(), b.data());
        }
        // the plain write is byte-identical to the shipped file
        IdxFile.write(dir.resolve("same"), a.dims(), vals, false);
        assertArrayEquals(Files.readAllBytes(resource("tiny-images-idx3-ubyte")), Files.readAllBytes(dir.resolve("same")));
    }

    private String refused(byte[] bytes) throws IOException {
        Path f = dir.resolve("bad" + Arrays.hashCode(bytes));
        Files.write(f, bytes);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("IDX file"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void malformedFilesAreRefusedWithAClearMessage() throws Exception {
        byte[] good = Files.readAllBytes(resource("tiny-images-idx3-ubyte"));
        byte[] magic = good.clone();
        magic[0] = 0x12;
        assertTrue(refused(magic).contains("bad magic"));
        byte[] type = good.clone();
        type[2] = 0x0D;
        assertTrue(refused(type).contains("element type 0x0d"));
        assertTrue(refused(Arrays.copyOf(good, good.length - 5)).contains("truncated data"));
        assertTrue(refused(Arrays.copyOf(good, 9)).contains("truncated header"));
        assertTrue(refused(Arrays.copyOf(good, good.length + 3)).contains("trailing bytes"));
        byte[] dims = good.clone();
        dims[3] = 0;
        assertTrue(refused(dims).contains("wrong number of dimensions 0"));
        byte[] zero = good.clone();
        zero[11] = 0; // second size 4 -> 0
        assertTrue(refused(zero).contains("wrong dimension 1 = 0"));
        assertTrue(refused(new byte[] {0, 0}).contains("too short"));
        // a cut gzip stream
        byte[] gz = Files.readAllBytes(resource("tiny-labels-idx1-ubyte.gz"));
        assertTrue(refused(Arrays.copyOf(gz, gz.length - 10)).contains("cannot read IDX file"));
    }

    @Test
    void labelAndImageCountsMustMatch() throws Exception {
        Path lab = dir.resolve("labels");
        IdxFile.write(lab, new int[] {5}, new int[] {0, 1, 2, 3, 0}, false);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LabelledData.fromIdx(resource("tiny-images-idx3-ubyte"), lab));
        assertTrue(e.getMessage().contains("must match"), e.getMessage());
    }
}
