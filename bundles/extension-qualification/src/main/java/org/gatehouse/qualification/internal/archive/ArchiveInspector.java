package org.gatehouse.qualification.internal.archive;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.gatehouse.qualification.ArchiveLimits;
import org.gatehouse.qualification.internal.Denial;

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

    /** Returns the entry names in archive order, or denies with the first problem found. */
    public List<String> inspect(Path archive) throws IOException, Denial {
        long size = Files.size(archive);
        if (size > limits.maxFileBytes()) {
            throw new Denial("archive too large: file is " + size + " bytes, the limit is " + limits.maxFileBytes());
        }
        requireZipSignature(archive);
        List<String> streamed = streamEntries(archive);
        requireSameCentralDirectory(archive, streamed);
        return streamed;
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

    private List<String> streamEntries(Path archive) throws IOException, Denial {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long[] totalInflated = {0};
        try (CountingInputStream counted = new CountingInputStream(new BufferedInputStream(Files.newInputStream(archive)));
             ZipInputStream zip = new ZipInputStream(counted)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                checkEntry(name, names.size() + 1, seen);
                names.add(name);
                inflate(zip, counted, name, totalInflated);
            }
        } catch (ZipException | EOFException e) {
            throw new Denial("not a zip/jar: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // the JDK's zip reader throws this for an entry name that is not valid UTF-8
            throw new Denial("not a zip/jar: unreadable entry name after entry " + names.size() + " (" + e.getMessage() + ")");
        }
        if (names.isEmpty()) {
            throw new Denial("not a zip/jar: the archive has no entries");
        }
        return names;
    }

    private void checkEntry(String name, int count, Set<String> seen) throws Denial {
        if (count > limits.maxEntries()) {
            throw new Denial("too many entries: more than " + limits.maxEntries() + " in the archive");
        }
        var problem = EntryNames.problem(name);
        if (problem.isPresent()) {
            throw new Denial("unsafe entry name [" + EntryNames.printable(name) + "]: " + problem.get() + " (path traversal)");
        }
        if (!seen.add(name)) {
            throw new Denial("duplicate entry name [" + EntryNames.printable(name) + "]");
        }
    }

    /** Reads one entry to its end, stopping at the first limit it crosses. */
    private void inflate(ZipInputStream zip, CountingInputStream counted, String name, long[] totalInflated)
            throws IOException, Denial {
        long compressedStart = counted.count();
        long inflated = 0;
        byte[] buffer = new byte[CHUNK];
        int n;
        while ((n = zip.read(buffer)) > 0) {
            inflated += n;
            totalInflated[0] += n;
            if (totalInflated[0] > limits.maxTotalUncompressedBytes()) {
                throw new Denial("zip bomb: the entries inflate to more than " + limits.maxTotalUncompressedBytes()
                        + " bytes in total (reached in entry [" + EntryNames.printable(name) + "])");
            }
            // the count can be off by the zip reader's 512-byte read-ahead either way; judged only
            // past ratioCheckMinBytes (1 MiB by default), that moves the ratio by a few percent
            long compressed = Math.max(1, counted.count() - compressedStart);
            if (inflated >= limits.ratioCheckMinBytes() && inflated / compressed > limits.maxCompressionRatio()) {
                throw new Denial("zip bomb: entry [" + EntryNames.printable(name) + "] inflates " + inflated / compressed
                        + ":1, the limit is " + limits.maxCompressionRatio() + ":1");
            }
        }
    }

    private static void requireSameCentralDirectory(Path archive, List<String> streamed) throws IOException, Denial {
        List<String> central = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Collections.list(zip.entries()).forEach(e -> central.add(e.getName()));
        } catch (ZipException e) {
            throw new Denial("not a zip/jar: central directory unreadable: " + e.getMessage());
        }
        if (!central.equals(streamed)) {
            throw new Denial("inconsistent archive: the central directory lists " + central.size()
                    + " entries that differ from the " + streamed.size() + " entries in the archive body");
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
