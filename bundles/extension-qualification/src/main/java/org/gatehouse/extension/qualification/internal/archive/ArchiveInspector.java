package org.gatehouse.extension.qualification.internal.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.gatehouse.extension.qualification.ArchiveLimits;
import org.gatehouse.extension.qualification.internal.Denial;

/**
 * Step 1 of qualification: is the upload a zip archive that is safe to read at all (docs/extensions.md "Install qualification")?
 * The archive is inflated entry by entry from its local headers while the inflated and compressed
 * bytes are counted, so a zip bomb is stopped as soon as it crosses a limit and the sizes written
 * in the headers are never believed. The names seen that way must then be exactly the names of
 * the central directory, which is what the framework and {@link ZipFile} read; an archive whose
 * two indexes disagree could show a checker one content and the framework another.
 */
public final class ArchiveInspector {
    private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final int CHUNK = 8192;

    private final ArchiveLimits limits;

    public ArchiveInspector(ArchiveLimits limits) {
        this.limits = limits;
    }

    /**
     * Returns the entry names in archive order with what was found inside, or denies with the first
     * problem found. Every entry is inflated once; while it is, its SHA-256 is computed, its first
     * bytes tell a native library or a zip archive, and a nested archive's own entries are read
     * from the same stream (one level: an archive inside a nested archive is refused).
     */
    public ArchiveContents inspect(Path archive) throws IOException, Denial {
        long size = Files.size(archive);
        if (size > limits.maxFileBytes()) {
            throw new Denial("archive too large: file is " + size + " bytes, the limit is " + limits.maxFileBytes());
        }
        requireZipSignature(archive);
        ArchiveContents contents = streamEntries(archive);
        requireSameCentralDirectory(archive, contents.names());
        return contents;
    }

    private static void requireZipSignature(Path archive) throws IOException, Denial {
        byte[] head;
        try (InputStream in = Files.newInputStream(archive)) {
            head = in.readNBytes(LOCAL_HEADER.length);
        }
        if (!Arrays.equals(head, LOCAL_HEADER)) {
            throw new Denial("not a zip/jar: the file does not start with a zip entry header");
        }
    }

    private ArchiveContents streamEntries(Path archive) throws IOException, Denial {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, String> hashes = new HashMap<>();
        List<ContainedFile> contained = new ArrayList<>();
        // inflated bytes, and entries counted with those of nested archives
        long[] totalInflated = {0, 0};
        try (CountingInputStream counted = new CountingInputStream(new BufferedInputStream(Files.newInputStream(archive)));
             ZipInputStream zip = new ZipInputStream(counted)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                checkEntry(name, ++totalInflated[1], seen, null);
                names.add(name);
                hashes.put(name, inflate(zip, counted::count, name, null, totalInflated, contained));
            }
        } catch (LimitCrossed e) {
            throw new Denial(e.getMessage());
        } catch (ZipException | EOFException e) {
            throw new Denial("not a zip/jar: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // the JDK's zip reader throws this for an entry name that is not valid UTF-8
            throw new Denial("not a zip/jar: unreadable entry name after entry " + names.size() + " (" + e.getMessage() + ")");
        }
        if (names.isEmpty()) {
            throw new Denial("not a zip/jar: the archive has no entries");
        }
        return new ArchiveContents(names, hashes, contained);
    }

    private void checkEntry(String name, long count, Set<String> seen, String outer) throws Denial {
        String shown = outer == null ? EntryNames.printable(name) : outer + "!/" + EntryNames.printable(name);
        if (count > limits.maxEntries()) {
            throw new Denial("too many entries: more than " + limits.maxEntries() + " in the archive"
                    + (outer == null ? "" : " (counting those of the nested archive [" + outer + "])"));
        }
        var problem = EntryNames.problem(name);
        if (problem.isPresent()) {
            throw new Denial("unsafe entry name [" + shown + "]: " + problem.get() + " (path traversal)");
        }
        if (!seen.add(name)) {
            throw new Denial("duplicate entry name [" + shown + "]");
        }
    }

    /**
     * Reads one entry to its end, stopping at the first limit it crosses; returns its SHA-256 and
     * adds it to {@code contained} when it is a nested archive or a native library.
     *
     * @param outer the nested archive this entry is in, or null for a top-level entry
     */
    private String inflate(InputStream entry, LongSupplier compressedCount, String name, String outer, long[] totalInflated,
            List<ContainedFile> contained) throws IOException, Denial {
        String path = outer == null ? name : outer + "!/" + name;
        EntryStream content = new EntryStream(entry, compressedCount, EntryNames.printable(path), totalInflated);
        PushbackInputStream in = new PushbackInputStream(content, FileKinds.HEAD_BYTES);
        byte[] head = in.readNBytes(FileKinds.HEAD_BYTES);
        in.unread(head);
        boolean directory = name.endsWith("/");
        boolean zipContent = !directory && FileKinds.zipContent(head);
        boolean archiveName = !directory && FileKinds.archiveName(name);
        if ((zipContent || archiveName) && outer != null) {
            throw new Denial("nested archive too deep: [" + EntryNames.printable(path) + "] is an archive inside the nested archive ["
                    + EntryNames.printable(outer) + "]; only one level of nesting is read");
        }
        int at = contained.size();
        Path copy = null;
        try {
            if (zipContent) {
                // a copy for the nested archive's central directory, which is what a class loader reads
                copy = Files.createTempFile("gatehouse-nested-", ".zip");
                content.copyTo(new BufferedOutputStream(Files.newOutputStream(copy)), head);
                List<String> nestedNames = readNested(in, name, totalInflated, contained);
                drain(in);
                content.closeCopy();
                requireSameCentralDirectory(copy, nestedNames, EntryNames.printable(path));
            } else {
                drain(in);
            }
        } finally {
            content.closeCopy();
            if (copy != null) {
                Files.deleteIfExists(copy);
            }
        }
        String sha256 = content.sha256();
        if (!zipContent && content.endsLikeZip()) {
            throw new Denial("disguised archive: [" + EntryNames.printable(path) + "] ends with a zip directory but does not start "
                    + "with a zip entry header");
        }
        if (zipContent || archiveName) {
            contained.add(at, new ContainedFile(path, ContainedFile.Kind.NESTED_ARCHIVE, zipContent ? "zip" : "named "
                    + name.substring(name.lastIndexOf('.')), sha256));
        }
        Optional<String> nativeFormat = directory ? Optional.empty() : FileKinds.nativeContent(head).or(() -> FileKinds.nativeName(name));
        if (nativeFormat.isPresent()) {
            contained.add(new ContainedFile(path, ContainedFile.Kind.NATIVE_LIBRARY, nativeFormat.get(), sha256));
        }
        return sha256;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[CHUNK];
        while (in.read(buffer) > 0) {
            // the digest, the limits and the tail see every byte as it passes
        }
    }

    /** Reads the entries of a nested archive from its inflating stream, under the same limits; returns their names. */
    private List<String> readNested(InputStream in, String outer, long[] totalInflated, List<ContainedFile> contained)
            throws IOException, Denial {
        CountingInputStream counted = new CountingInputStream(in);
        // not closed: closing would close the outer entry, which is drained after this
        ZipInputStream nested = new ZipInputStream(counted);
        Set<String> seen = new HashSet<>();
        List<String> names = new ArrayList<>();
        try {
            ZipEntry entry;
            while ((entry = nested.getNextEntry()) != null) {
                checkEntry(entry.getName(), ++totalInflated[1], seen, EntryNames.printable(outer));
                names.add(entry.getName());
                inflate(nested, counted::count, entry.getName(), outer, totalInflated, contained);
            }
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            throw new Denial("unreadable nested archive [" + EntryNames.printable(outer) + "]: " + e.getMessage());
        }
        return names;
    }

    private static void requireSameCentralDirectory(Path archive, List<String> streamed) throws IOException, Denial {
        requireSameCentralDirectory(archive, streamed, null);
    }

    /** @param nested how reasons name a nested archive, null for the upload itself */
    private static void requireSameCentralDirectory(Path archive, List<String> streamed, String nested) throws IOException, Denial {
        List<String> central = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Collections.list(zip.entries()).forEach(e -> central.add(e.getName()));
        } catch (ZipException e) {
            throw new Denial(nested == null ? "not a zip/jar: central directory unreadable: " + e.getMessage()
                    : "unreadable nested archive [" + nested + "]: central directory unreadable: " + e.getMessage());
        }
        if (!central.equals(streamed)) {
            throw new Denial((nested == null ? "inconsistent archive: the central directory lists " : "inconsistent nested archive ["
                    + nested + "]: its central directory lists ") + central.size()
                    + " entries that differ from the " + streamed.size() + " entries in the archive body");
        }
    }

    /**
     * The inflated bytes of one entry: digested, counted against the limits, the end kept to tell
     * an archive that does not start where a zip reader would look for its start.
     */
    private final class EntryStream extends FilterInputStream {
        /** The end of central directory record (22 bytes) and the longest comment it may carry. */
        private static final int TAIL = 22 + 0xffff;
        private final LongSupplier compressedCount;
        private final long compressedStart;
        private final String shown;
        private final long[] totalInflated;
        private final MessageDigest digest = sha256Digest();
        private final byte[] tail = new byte[TAIL];
        private int tailPos;
        private long inflated;
        private OutputStream copy;

        EntryStream(InputStream in, LongSupplier compressedCount, String shown, long[] totalInflated) {
            super(in);
            this.compressedCount = compressedCount;
            this.compressedStart = compressedCount.getAsLong();
            this.shown = shown;
            this.totalInflated = totalInflated;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                passed(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(0, n))];
            int read = read(buffer, 0, buffer.length);
            return Math.max(0, read);
        }

        /**
         * Writes {@code passed} (what was read before, and pushed back) to {@code out}, then every byte
         * that passes from now on, until {@link #closeCopy}.
         */
        void copyTo(OutputStream out, byte[] passed) throws IOException {
            this.copy = out;
            out.write(passed);
        }

        void closeCopy() throws IOException {
            if (copy != null) {
                OutputStream out = copy;
                copy = null;
                out.close();
            }
        }

        private void passed(byte[] b, int off, int n) throws IOException {
            digest.update(b, off, n);
            if (copy != null) {
                copy.write(b, off, n);
            }
            keepTail(b, off, n);
            inflated += n;
            totalInflated[0] += n;
            if (totalInflated[0] > limits.maxTotalUncompressedBytes()) {
                throw new LimitCrossed("zip bomb: the entries inflate to more than " + limits.maxTotalUncompressedBytes()
                        + " bytes in total (reached in entry [" + shown + "])");
            }
            // the count can be off by the zip reader's 512-byte read-ahead either way; judged only
            // past ratioCheckMinBytes (1 MiB by default), that moves the ratio by a few percent
            long compressed = Math.max(1, compressedCount.getAsLong() - compressedStart);
            if (inflated >= limits.ratioCheckMinBytes() && inflated / compressed > limits.maxCompressionRatio()) {
                throw new LimitCrossed("zip bomb: entry [" + shown + "] inflates " + inflated / compressed
                        + ":1, the limit is " + limits.maxCompressionRatio() + ":1");
            }
        }

        private void keepTail(byte[] b, int off, int n) {
            if (n >= TAIL) {
                System.arraycopy(b, off + n - TAIL, tail, 0, TAIL);
                tailPos = 0;
                return;
            }
            int first = Math.min(n, TAIL - tailPos);
            System.arraycopy(b, off, tail, tailPos, first);
            System.arraycopy(b, off + first, tail, 0, n - first);
            tailPos = (tailPos + n) % TAIL;
        }

        /** True when the content ends with an end of central directory record whose comment runs to the end. */
        boolean endsLikeZip() {
            byte[] end = new byte[TAIL];
            System.arraycopy(tail, tailPos, end, 0, TAIL - tailPos);
            System.arraycopy(tail, 0, end, TAIL - tailPos, tailPos);
            int start = TAIL - (int) Math.min(inflated, TAIL);
            for (int i = TAIL - 22; i >= start; i--) {
                if (end[i] == 'P' && end[i + 1] == 'K' && end[i + 2] == 5 && end[i + 3] == 6) {
                    int comment = (end[i + 20] & 0xff) | ((end[i + 21] & 0xff) << 8);
                    if (i + 22 + comment == TAIL) {
                        return true;
                    }
                }
            }
            return false;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** A limit crossed inside a stream a zip reader pulls from; turned into a {@link Denial} by {@link #inspect}. */
    private static final class LimitCrossed extends IOException {
        private static final long serialVersionUID = 1L;

        LimitCrossed(String message) {
            super(message);
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Counts the bytes the zip reader takes from the file, i.e. compressed bytes plus headers. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
