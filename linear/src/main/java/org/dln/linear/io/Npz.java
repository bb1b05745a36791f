package org.dln.linear.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.dln.linear.problem.InputError;
import org.dln.linear.problem.InvalidInputException;

/**
 * NumPy .npz archives: a zip file of .npy members, what {@code numpy.savez} writes and {@code numpy.load} reads (as a
 * dict-like of arrays named after the members without ".npy"). Written uncompressed, members in the given order,
 * with a fixed timestamp: the same arrays give the same bytes. Read: stored or deflated members (numpy.savez_compressed).
 */
public final class Npz {
    /** The fixed modification time of every member (1980-01-01, the earliest a zip file can hold): deterministic bytes. */
    private static final long EPOCH_1980 = 315532800000L;

    private Npz() {
    }

    /** Writes the arrays (name -> array) to {@code file} atomically (temporary file + rename). */
    public static void write(Path file, Map<String, Npy.Array> arrays) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                write(os, arrays);
            }
        });
    }

    /** Writes the archive to a stream (not closed). */
    public static void write(OutputStream os, Map<String, Npy.Array> arrays) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(os);
        for (Map.Entry<String, Npy.Array> e : arrays.entrySet()) {
            byte[] b = Npy.bytes(e.getValue().shape(), e.getValue().data());
            ZipEntry z = new ZipEntry(e.getKey() + ".npy");
            z.setMethod(ZipEntry.STORED);
            z.setSize(b.length);
            z.setCompressedSize(b.length);
            CRC32 crc = new CRC32();
            crc.update(b);
            z.setCrc(crc.getValue());
            z.setTime(EPOCH_1980);
            zip.putNextEntry(z);
            zip.write(b);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    /** The archive's bytes. */
    public static byte[] bytes(Map<String, Npy.Array> arrays) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try {
            write(bo, arrays);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bo.toByteArray();
    }

    /** Reads every array of an archive, in the archive's order, keyed by member name without ".npy". */
    public static Map<String, Npy.Array> read(Path file) {
        Map<String, Npy.Array> out = new LinkedHashMap<>();
        try (ZipFile zf = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> en = zf.entries();
            while (en.hasMoreElements()) {
                ZipEntry z = en.nextElement();
                if (z.isDirectory()) {
                    continue;
                }
                String name = z.getName();
                if (!name.endsWith(".npy")) {
                    throw bad(file, "member '" + name + "' is not a .npy array (an .npz file holds only arrays)");
                }
                if (z.getSize() > Integer.MAX_VALUE - 8) {
                    throw bad(file, "member '" + name + "' is too large (" + z.getSize() + " bytes)");
                }
                byte[] b;
                try (InputStream in = zf.getInputStream(z)) {
                    b = in.readAllBytes();
                }
                String key = name.substring(0, name.length() - 4);
                out.put(key, Npy.parse(b, file + ":" + key));
            }
        } catch (ZipException e) {
            throw bad(file, "not a NumPy .npz (zip) archive: " + e.getMessage());
        } catch (IOException e) {
            throw bad(file, String.valueOf(e.getMessage()));
        }
        return out;
    }

    /**
     * One array of an archive, for the field {@code field}: the member named {@code key} when given (FILE.npz:KEY), else
     * the only member, else the member named like the field (X, Kx, y, ...; exact, then ignoring case).
     */
    public static Npy.Array pick(Path file, String key, String field) {
        Map<String, Npy.Array> all = read(file);
        if (key != null) {
            Npy.Array a = all.get(key);
            if (a == null) {
                throw bad(file, "it has no array '" + key + "' (it holds " + String.join(", ", all.keySet()) + ")");
            }
            return a;
        }
        if (all.size() == 1) {
            return all.values().iterator().next();
        }
        if (all.containsKey(field)) {
            return all.get(field);
        }
        for (Map.Entry<String, Npy.Array> e : all.entrySet()) {
            if (e.getKey().equalsIgnoreCase(field)) {
                return e.getValue();
            }
        }
        throw bad(file, all.isEmpty() ? "it holds no arrays"
                : "it holds " + all.size() + " arrays (" + String.join(", ", all.keySet()) + ") and none is named '" + field
                        + "': name the one to read as " + file.getFileName() + ":NAME");
    }

    private static InvalidInputException bad(Path file, String why) {
        return new InvalidInputException(InputError.UNREADABLE, "npz", ".npz file", file, why);
    }
}
