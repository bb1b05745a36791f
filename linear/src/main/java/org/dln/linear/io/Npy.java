package org.dln.linear.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * NumPy .npy files (format version 1.0) of little-endian float64 arrays in C order: what numpy.save writes for a
 * float64 array and numpy.load reads. Written byte-for-byte deterministically.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {
    }

    /** An array read from a .npy file: its shape and its values in C order. */
    public record Array(int[] shape, double[] data) {
    }

    public static void write(Path file, int[] shape, double[] data) throws IOException {
        AtomicFiles.write(file, bytes(shape, data));
    }

    /** The bytes of a .npy file (version 1.0, little-endian float64, C order) holding {@code data} of {@code shape}. */
    public static byte[] bytes(int[] shape, double[] data) {
        ByteBuffer buf = start(header("<f8", shape), 8L * data.length);
        for (double v : data) {
            buf.putDouble(v);
        }
        return buf.array();
    }

    /**
     * The bytes of a .npy file of a 1-d array of strings, dtype {@code <U n} (UTF-32LE, n = the longest string in
     * code points, at least 1), which numpy.load reads without pickling.
     */
    public static byte[] stringBytes(String[] data) {
        int n = 1;
        for (String v : data) {
            n = Math.max(n, v.codePointCount(0, v.length()));
        }
        ByteBuffer buf = start(header("<U" + n, new int[] {data.length}), 4L * n * data.length);
        for (String v : data) {
            int[] cps = v.codePoints().toArray();
            for (int i = 0; i < n; i++) {
                buf.putInt(i < cps.length ? cps[i] : 0);
            }
        }
        return buf.array();
    }

    private static String header(String descr, int[] shape) {
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        sh.append(')');
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int unpadded = MAGIC.length + 2 + 2 + header.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        return header + " ".repeat(pad) + "\n";
    }

    private static ByteBuffer start(String header, long dataBytes) {
        if (dataBytes > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("array too large for one .npy buffer: " + dataBytes + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        return buf;
    }

    public static Array read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(InputError.UNREADABLE, "npy", ".npy file", file, e.getMessage());
        }
        return parse(b, file.toString());
    }

    /**
     * Parses the bytes of a .npy file named {@code source} (a path, or FILE.npz:KEY for an array of a .npz archive).
     * Accepts float64, float32 and integer dtypes of either byte order, C or Fortran order; returns float64 in C order.
     */
    public static Array parse(byte[] b, String source) {
        Object file = source;
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) {
            throw new InvalidInputException(InputError.UNREADABLE, "npy", ".npy file", file, "not a NumPy .npy file");
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int major = b[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(buf.getShort(8));
            offset = 10;
        } else if ((major == 2 || major == 3) && b.length >= 12) {
            headerLen = buf.getInt(8);
            offset = 12;
        } else {
            throw bad(file, "unsupported .npy format version " + major);
        }
        if (headerLen < 0 || (long) offset + headerLen > b.length) {
            throw bad(file, "truncated header (it announces " + headerLen + " bytes, the file has " + (b.length - offset) + ")");
        }
        String header = new String(b, offset, headerLen, StandardCharsets.US_ASCII);
        String descr;
        int[] shape;
        try {
            descr = field(header, "descr");
            int sk = header.indexOf("'shape'");
            if (sk < 0) {
                throw new IllegalArgumentException("no 'shape'");
            }
            int open = header.indexOf('(', sk), close = header.indexOf(')', sk);
            if (open < 0 || close < open) {
                throw new IllegalArgumentException("no shape tuple");
            }
            shape = Arrays.stream(header.substring(open + 1, close).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .mapToInt(Integer::parseInt).toArray();
        } catch (RuntimeException e) {
            throw bad(file, "malformed header '" + header.trim() + "' (" + e.getMessage() + ")");
        }
        boolean fortran = header.replace(" ", "").contains("'fortran_order':True");
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw bad(file, "negative dimension in shape " + Arrays.toString(shape));
            }
            size *= d;
            if (size > Integer.MAX_VALUE / 8) {
                throw bad(file, "shape " + Arrays.toString(shape) + " is too large");
            }
        }
        if (descr.length() < 2) {
            throw bad(file, "malformed dtype '" + descr + "'");
        }
        String kind = descr.substring(1); // case matters: u1 is uint8, U1 a unicode string
        int item = switch (kind) {
            case "f8", "i8", "u8" -> 8;
            case "f4", "i4", "u4" -> 4;
            case "i2", "u2" -> 2;
            case "i1", "u1" -> 1;
            default -> throw bad(file, "dtype " + descr + " is not supported: "
                    + (kind.startsWith("O") ? "object arrays (pickles) are never read; " : "")
                    + "save a float64 array, e.g. np.save(path, np.asarray(a, dtype=np.float64))");
        };
        int pos = offset + headerLen;
        if (pos + item * size != b.length) {
            throw bad(file, (pos + item * size > b.length ? "truncated data" : "trailing bytes after the data")
                    + ": shape " + Arrays.toString(shape) + " needs " + item * size + " bytes of " + descr
                    + ", the file holds " + (b.length - pos));
        }
        double[] data = new double[(int) size];
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        buf.order(order);
        char type = kind.charAt(0);
        for (int i = 0; i < size; i++) {
            int at = pos + item * i;
            data[i] = switch (type) {
                case 'f' -> item == 8 ? buf.getDouble(at) : buf.getFloat(at);
                case 'i' -> item == 8 ? buf.getLong(at) : item == 4 ? buf.getInt(at) : item == 2 ? buf.getShort(at) : buf.get(at);
                default -> item == 8 ? unsigned(buf.getLong(at)) : item == 4 ? Integer.toUnsignedLong(buf.getInt(at))
                        : item == 2 ? Short.toUnsignedInt(buf.getShort(at)) : Byte.toUnsignedInt(buf.get(at));
            };
        }
        return new Array(shape, fortran && shape.length > 1 ? toC(shape, data) : data);
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    /** Fortran (column-major) order to C (row-major) order. */
    private static double[] toC(int[] shape, double[] f) {
        double[] c = new double[f.length];
        int n = shape.length;
        int[] idx = new int[n];
        for (int k = 0; k < f.length; k++) {
            // k runs over C order; its Fortran offset has stride 1 along the first axis
            int off = 0, stride = 1;
            for (int d = 0; d < n; d++) {
                off += idx[d] * stride;
                stride *= shape[d];
            }
            c[k] = f[off];
            for (int d = n - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return c;
    }

    private static InvalidInputException bad(Object file, String why) {
        return new InvalidInputException(InputError.UNREADABLE, "npy", ".npy file", file, why);
    }

    private static String field(String header, String name) {
        int k = header.indexOf("'" + name + "'");
        if (k < 0) {
            throw new IllegalArgumentException("no '" + name + "'");
        }
        int q1 = header.indexOf('\'', header.indexOf(':', k) + 1);
        int q2 = header.indexOf('\'', q1 + 1);
        return header.substring(q1 + 1, q2);
    }
}
