package org.gatehouse.extension.qualification;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.platform.files.AtomicFile;
import org.gatehouse.extension.qualification.internal.database.SignatureDatabaseDocument;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * The signature database of install qualification (docs/extensions.md "Install qualification"): SHA-256 of known bundles, each in
 * administrator-named reference groups. Backed by an {@code urn:gatehouse:signature-database:1}
 * document that every change replaces atomically (temporary file, fsync, atomic move, fsync of
 * the folder), so a crash leaves the old or the new document, never a torn one.
 *
 * <p>Thread-safe: lookups read an immutable snapshot; changes are serialized, and a change whose
 * file cannot be written leaves the database as it was.
 *
 * <pre>{@code
 * SignatureDatabase db = SignatureDatabase.open(dataDir.resolve("signature-database.xml"));
 * db.put(new SignatureEntry(sha256, List.of("vendor-approved"), "rate limiter 1.2", "alice", Instant.now()));
 * }</pre>
 */
public final class SignatureDatabase {
    private final Path file;
    private volatile Map<String, SignatureEntry> snapshot;

    private SignatureDatabase(Path file, Map<String, SignatureEntry> entries) {
        this.file = file;
        this.snapshot = Map.copyOf(entries);
    }

    /**
     * Opens the database kept in {@code file}; a missing file is an empty database (the file is
     * written on the first change).
     *
     * @throws XmlDocumentException when the file exists but is not a valid signature database
     */
    public static SignatureDatabase open(Path file) throws XmlDocumentException {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            return new SignatureDatabase(file, Map.of());
        }
        return new SignatureDatabase(file, byHash(SignatureDatabaseDocument.read(file)));
    }

    /**
     * A database that lives only in memory, read from a document held in memory (the content in
     * force of the element's signature database, docs/extensions.md "Install qualification").
     *
     * @throws XmlDocumentException naming {@code source}, {@code [line:col]} and the element path
     */
    public static SignatureDatabase parse(String source, byte[] content) throws XmlDocumentException {
        Objects.requireNonNull(content, "content");
        return new SignatureDatabase(null, byHash(SignatureDatabaseDocument.parse(source, content)));
    }

    /** The {@code urn:gatehouse:signature-database:1} document of {@code entries}, as {@link #parse} reads it back. */
    public static byte[] document(List<SignatureEntry> entries) {
        return SignatureDatabaseDocument.write(List.copyOf(entries));
    }

    /** A database that lives only in memory (changes are not persisted). */
    public static SignatureDatabase inMemory() {
        return new SignatureDatabase(null, Map.of());
    }

    /** The backing file, unless the database lives only in memory. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The entry for a SHA-256 given in hex (either case). */
    public Optional<SignatureEntry> lookup(String sha256) {
        return Optional.ofNullable(snapshot.get(SignatureEntry.normalizeSha256(sha256)));
    }

    /** Every entry, ordered by hash. */
    public List<SignatureEntry> entries() {
        return snapshot.values().stream()
                .sorted((a, b) -> a.sha256().compareTo(b.sha256()))
                .toList();
    }

    /** Adds an entry, or replaces the entry with the same hash, and persists the result. */
    public synchronized void put(SignatureEntry entry) throws IOException {
        Map<String, SignatureEntry> next = new LinkedHashMap<>(snapshot);
        next.put(entry.sha256(), entry);
        commit(next);
    }

    /** Removes the entry for a hash and persists the result; false when there was none. */
    public synchronized boolean remove(String sha256) throws IOException {
        String key = SignatureEntry.normalizeSha256(sha256);
        if (!snapshot.containsKey(key)) {
            return false;
        }
        Map<String, SignatureEntry> next = new LinkedHashMap<>(snapshot);
        next.remove(key);
        commit(next);
        return true;
    }

    private void commit(Map<String, SignatureEntry> next) throws IOException {
        SignatureDatabase staged = new SignatureDatabase(file, next);
        if (file != null) {
            AtomicFile.replace(file, SignatureDatabaseDocument.write(staged.entries()));
        }
        snapshot = staged.snapshot;
    }

    private static Map<String, SignatureEntry> byHash(List<SignatureEntry> entries) {
        Map<String, SignatureEntry> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.sha256(), e));
        return map;
    }
}
