package org.dln.linear.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file under a temporary name in the target directory and renames it into place, so that an interrupted
 * write never leaves a truncated file nor destroys the previous one.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code text} (UTF-8) to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    /** Something that writes a whole file at the path it is given. */
    @FunctionalInterface
    public interface FileWriter {
        void writeTo(Path file) throws IOException;
    }

    /**
     * Lets {@code writer} write a temporary file beside {@code target} (same directory, same ending, so that writers
     * that add an extension leave it as it is), then renames it onto {@code target}; the temporary file is removed if
     * anything fails, and an existing {@code target} stays as it was until the rename.
     */
    public static void write(Path target, FileWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        String name = abs.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ending = dot > 0 ? name.substring(dot) : ".tmp";
        Path tmp = createBeside(abs.getParent(), "." + (dot > 0 ? name.substring(0, dot) : name) + ".tmp", ending);
        try {
            writer.writeTo(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates a new empty file with a fresh random name in {@code dir}. Unlike {@code Files.createTempFile} (mode 600)
     * the file gets the default permissions of the user's umask, so the renamed result reads like any other file.
     */
    private static Path createBeside(Path dir, String prefix, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(prefix + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + suffix);
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }
}
