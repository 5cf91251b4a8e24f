package org.gatehouse.management.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An uploaded file kept under {@code <data>/commands/staged/} until its command ran, was cancelled
 * or expired (docs/management.md "Commands"), and the SHA-256 and size the command names. The file
 * on disk is only trusted after it was read again and found to have that digest: {@link #verify}
 * before it is looked at, {@link #verifiedCopy} before it is applied. The copy is made from the very
 * bytes whose digest was checked, into a folder made for it alone, so the file on disk changing
 * between the check and the read changes nothing that is applied.
 *
 * <pre>{@code
 * StagedUpload staged = book.stage(requestFile, sha256);
 * staged.verify();                          // throws StagedUploadChanged when the file is not what was submitted
 * try (StagedUpload.Copy copy = staged.verifiedCopy()) {
 *     manager.install(copy.file(), ...);
 * }
 * }</pre>
 */
public record StagedUpload(Path file, String sha256, long size) {
    private static final int BUFFER = 64 * 1024;

    public StagedUpload {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size " + size);
        }
    }

    /** The staged file is exactly what was submitted: its SHA-256 and size are the command's. */
    public void verify() throws StagedUploadChanged {
        try (InputStream in = open()) {
            MessageDigest digest = newDigest();
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            for (int n = in.read(buffer); n >= 0 && total <= size; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                total += n;
            }
            check(total, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new StagedUploadChanged("the staged upload " + file.getFileName() + " cannot be read back (" + e.getMessage()
                    + "): it was removed or replaced after it was submitted; nothing is applied");
        }
    }

    /**
     * A private copy of the staged file, made from bytes read once and found to be what was
     * submitted: what a command applies. The caller closes it, which deletes it.
     */
    public Copy verifiedCopy() throws StagedUploadChanged, IOException {
        Path folder = Files.createTempDirectory(file.getParent(), "apply-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path copy = folder.resolve("bundle.jar");
        boolean kept = false;
        try {
            MessageDigest digest = newDigest();
            long total = 0;
            try (InputStream in = open();
                 OutputStream out = Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                for (int n = in.read(buffer); n >= 0 && total <= size; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    total += n;
                }
            } catch (IOException e) {
                throw new StagedUploadChanged("the staged upload " + file.getFileName() + " cannot be read back (" + e.getMessage()
                        + "): it was removed or replaced after it was submitted; nothing is applied");
            }
            check(total, HexFormat.of().formatHex(digest.digest()));
            kept = true;
            return new Copy(copy);
        } finally {
            if (!kept) {
                Files.deleteIfExists(copy);
                Files.deleteIfExists(folder);
            }
        }
    }

    /** Opens the staged file itself, never what a link there points to, nor a pipe or device that would keep the reader waiting. */
    private InputStream open() throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("it is no longer a regular file");
        }
        return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    private void check(long total, String found) throws StagedUploadChanged {
        if (total != size || !found.equals(sha256)) {
            throw new StagedUploadChanged("the staged upload " + file.getFileName() + " is no longer what was submitted (bundle.sha256 "
                    + sha256 + ", " + size + " bytes; the file now has " + (total > size ? "more than " + size + " bytes" : "SHA-256 " + found
                    + ", " + total + " bytes") + "): it was changed after it was submitted; nothing is applied");
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A private copy of a verified upload; closing it deletes it and its folder. */
    public record Copy(Path file) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
    }

    /** The staged file is not what the command names: the command cannot be shown or run. */
    public static final class StagedUploadChanged extends Exception {
        private static final long serialVersionUID = 1L;

        public StagedUploadChanged(String message) {
            super(message);
        }
    }
}
