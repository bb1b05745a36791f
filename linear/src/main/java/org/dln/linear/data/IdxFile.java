package org.dln.linear.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.dln.linear.io.AtomicFiles;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * The IDX format of MNIST-style datasets: a 4-byte magic {@code 00 00 TT NN} (TT = element type, only 0x08 = unsigned
 * byte is read; NN = number of dimensions, 1..4), then NN big-endian 32-bit sizes, then the elements in C order. A
 * file that starts with the gzip magic {@code 1f 8b} is decompressed first (the {@code .gz} files of the
 * distributions). Anything else (bad magic, other element type, zero or negative size, truncated or trailing data) is
 * refused with an {@link InvalidInputException} (exit 2) that says what is wrong.
 */
public final class IdxFile {
    /** Largest element count read (2^31 - 8, one Java array). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8L;

    private IdxFile() {
    }

    /** An unsigned-byte IDX array: its dimensions and its elements (0..255 as Java bytes, read with {@code & 0xff}). */
    public record Array(int[] dims, byte[] data) {
        /** Element {@code k} (flat index) as 0..255. */
        public int get(long k) {
            return data[(int) k] & 0xff;
        }

        /** Product of the dimensions after the first (the size of one item). */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) {
                s *= dims[i];
            }
            return s;
        }
    }

    /** Reads an IDX file (gzip-compressed or not). */
    public static Array read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
            if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
                b = gunzip(b);
            }
        } catch (IOException e) {
            throw bad(file, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return parse(file, b);
    }

    private static byte[] gunzip(byte[] b) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, b.length * 4));
            in.transferTo(out);
            return out.toByteArray();
        } catch (java.io.EOFException e) {
            throw new IOException("truncated gzip stream (the compressed file is cut short)");
        }
    }

    static Array parse(Path file, byte[] b) {
        if (b.length < 4) {
            throw bad(file, "too short for an IDX header (" + b.length + " bytes; the magic alone is 4)");
        }
        if (b[0] != 0 || b[1] != 0) {
            throw bad(file, String.format(java.util.Locale.ROOT,
                    "bad magic %02x %02x %02x %02x: an IDX file starts with 00 00, then the type byte, then the number of dimensions",
                    b[0], b[1], b[2], b[3]));
        }
        int type = b[2] & 0xff;
        if (type != 0x08) {
            throw bad(file, String.format(java.util.Locale.ROOT,
                    "element type 0x%02x is not supported (only 0x08, unsigned byte, as in MNIST and Fashion-MNIST)", type));
        }
        int nd = b[3] & 0xff;
        if (nd < 1 || nd > 4) {
            throw bad(file, "wrong number of dimensions " + nd + " (an IDX label file has 1, an image file 3; 1..4 are read)");
        }
        if (b.length < 4 + 4 * nd) {
            throw bad(file, "truncated header: " + nd + " dimensions need " + (4 + 4 * nd) + " bytes, the file has " + b.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(b); // big-endian by default
        int[] dims = new int[nd];
        long count = 1;
        for (int i = 0; i < nd; i++) {
            dims[i] = buf.getInt(4 + 4 * i);
            if (dims[i] <= 0) {
                throw bad(file, "wrong dimension " + i + " = " + dims[i] + " (every size must be >= 1)");
            }
            count *= dims[i];
            if (count > MAX_ELEMENTS) {
                throw bad(file, "dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1)) + " exceed 2^31 - 8 elements");
            }
        }
        int header = 4 + 4 * nd;
        long have = b.length - header;
        if (have != count) {
            throw bad(file, (have < count ? "truncated data" : "trailing bytes after the data") + ": dimensions "
                    + Arrays.toString(dims) + " need " + count + " bytes, the file holds " + have);
        }
        return new Array(dims, Arrays.copyOfRange(b, header, b.length));
    }

    /** Writes an unsigned-byte IDX file (gzip-compressed when {@code gzip}); values must be 0..255. */
    public static void write(Path file, int[] dims, int[] values, boolean gzip) throws IOException {
        long count = 1;
        for (int d : dims) {
            count *= d;
        }
        if (count != values.length || dims.length < 1 || dims.length > 4) {
            throw new IllegalArgumentException("dimensions " + Arrays.toString(dims) + " do not match " + values.length + " values");
        }
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        buf.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            buf.putInt(d);
        }
        for (int v : values) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("value " + v + " is not an unsigned byte");
            }
            buf.put((byte) v);
        }
        byte[] raw = buf.array();
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(raw);
            }
            raw = out.toByteArray();
        }
        AtomicFiles.write(file, raw);
    }

    private static InvalidInputException bad(Path file, String why) {
        return new InvalidInputException(InputError.UNREADABLE, "dataset", "IDX file", file, why);
    }
}
