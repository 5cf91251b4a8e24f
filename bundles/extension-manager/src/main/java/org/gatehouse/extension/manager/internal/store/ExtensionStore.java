package org.gatehouse.extension.manager.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gatehouse.platform.files.AtomicFile;

/**
 * The extension store under {@code <data>/extension-store/}: per extension a folder with its jar,
 * its policy document and its record, plus a journal of operations under way. The record file is
 * the commit point of every operation; jars and policies are written before it under names of
 * their content's hash, never changed afterwards, and deleted once no record names them. The
 * protocol, and what {@link #recover()} does with each leftover, is in the module README.
 *
 * <pre>{@code
 * ExtensionStore store = ExtensionStore.open(data.resolve("extension-store"));
 * ExtensionStore.Recovery found = store.recover();
 * }</pre>
 */
public final class ExtensionStore {
    static final String RECORD = "record.properties";
    private static final String INTENT_SUFFIX = ".intent";
    /** The symbolic names the policy engine accepts as file names; anything else cannot be stored. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,254}");

    private final Path root;
    private final Path extensions;
    private final Path journal;
    private final Path staging;

    private ExtensionStore(Path root) {
        this.root = root;
        this.extensions = root.resolve("extensions");
        this.journal = root.resolve("journal");
        this.staging = root.resolve("staging");
    }

    public static ExtensionStore open(Path root) throws IOException {
        ExtensionStore store = new ExtensionStore(root.toAbsolutePath().normalize());
        for (Path folder : List.of(store.extensions, store.journal, store.staging)) {
            Files.createDirectories(folder);
        }
        return store;
    }

    public Path root() {
        return root;
    }

    /** Whether a symbolic name can name a store folder and a policy file. */
    public static boolean storable(String symbolicName) {
        return SAFE_NAME.matcher(symbolicName).matches() && !symbolicName.contains("..");
    }

    /**
     * What start-up found: the committed extensions, the symbolic names whose operation was cut off
     * (their journal entry was there), and records that do not read (left in place, not loaded).
     */
    public record Recovery(List<StoredExtension> committed, List<String> interrupted, List<String> problems) {
        public Recovery {
            committed = List.copyOf(committed);
            interrupted = List.copyOf(interrupted);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Brings the store to its last committed state: empties staging, deletes temporary files,
     * deletes each extension folder without a record (an install that never committed, or a
     * removal that did) and every file of a folder its record does not name (the jar or policy of
     * an upgrade or replacement that never committed, or of the version a committed one replaced).
     * Journal entries are returned as {@code interrupted} and deleted by {@link #end}.
     */
    public Recovery recover() throws IOException {
        deleteTree(staging);
        Files.createDirectories(staging);
        List<StoredExtension> committed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path folder : children(extensions)) {
            Path record = folder.resolve(RECORD);
            if (!Files.isRegularFile(record)) {
                deleteTree(folder);
                continue;
            }
            try {
                StoredExtension stored = RecordFile.read(record);
                collect(folder, Optional.of(stored));
                committed.add(stored);
            } catch (IOException | RuntimeException e) {
                problems.add("extension store record not read, extension left out: " + e.getMessage());
            }
        }
        List<String> interrupted = new ArrayList<>();
        for (Path intent : children(journal)) {
            String name = intent.getFileName().toString();
            if (name.endsWith(INTENT_SUFFIX)) {
                interrupted.add(name.substring(0, name.length() - INTENT_SUFFIX.length()));
            } else {
                Files.delete(intent);
            }
        }
        return new Recovery(committed, interrupted, problems);
    }

    /** Copies an upload into staging; empty when it holds more than {@code maxBytes}. */
    public Optional<Path> stage(InputStream upload, long maxBytes) throws IOException {
        Path target = staging.resolve(UUID.randomUUID() + ".jar");
        return StoreFiles.copy(upload, target, maxBytes) ? Optional.of(target) : Optional.empty();
    }

    public void discardStaged(Path staged) throws IOException {
        if (staged.getParent().equals(staging)) {
            Files.deleteIfExists(staged);
        }
    }

    /** Writes the journal entry of an operation on {@code symbolicName}, before anything else of it is written. */
    public void begin(String symbolicName, String operation) throws IOException {
        AtomicFile.replace(intentOf(symbolicName), ("operation=" + operation + "\nstarted-at=" + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Moves a staged jar into the extension's folder as {@code <sha256>.jar}; returns that file name. */
    public String keepJar(String symbolicName, Path staged, String sha256) throws IOException {
        String file = sha256 + ".jar";
        Path target = folderOf(symbolicName).resolve(file);
        if (Files.exists(target)) {
            Files.delete(staged);
        } else {
            StoreFiles.move(staged, target);
        }
        return file;
    }

    /** Writes a policy document into the extension's folder as {@code policy-<sha256>.xml}; returns that file name. */
    public String keepPolicy(String symbolicName, byte[] policy) throws IOException {
        String file = "policy-" + sha256(policy) + ".xml";
        Path target = folderOf(symbolicName).resolve(file);
        if (!Files.exists(target)) {
            AtomicFile.replace(target, policy);
        }
        return file;
    }

    public Path jarOf(StoredExtension stored) {
        return folderOf(stored.symbolicName()).resolve(stored.jarFile());
    }

    /** The commit point of every operation but removal: the record replaces the previous one atomically. */
    public void commit(StoredExtension stored) throws IOException {
        AtomicFile.replace(folderOf(stored.symbolicName()).resolve(RECORD), RecordFile.write(stored));
    }

    /** The commit point of a removal: the record goes; the folder follows in {@link #end}. */
    public void forget(String symbolicName) throws IOException {
        StoreFiles.delete(folderOf(symbolicName).resolve(RECORD));
    }

    /**
     * Ends an operation, committed or not: deletes the files of the extension's folder that
     * {@code committed} does not name (the whole folder when nothing is committed), then the
     * journal entry.
     */
    public void end(String symbolicName, Optional<StoredExtension> committed) throws IOException {
        Path folder = folderOf(symbolicName);
        if (committed.isEmpty()) {
            deleteTree(folder);
        } else {
            collect(folder, committed);
        }
        StoreFiles.delete(intentOf(symbolicName));
    }

    /** Reads the record committed for a symbolic name, as start-up would. */
    public Optional<StoredExtension> read(String symbolicName) throws IOException {
        Path record = folderOf(symbolicName).resolve(RECORD);
        return Files.isRegularFile(record) ? Optional.of(RecordFile.read(record)) : Optional.empty();
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private Path folderOf(String symbolicName) {
        if (!storable(symbolicName)) {
            throw new IllegalArgumentException("symbolic name [" + symbolicName + "] cannot name a store folder");
        }
        return extensions.resolve(symbolicName);
    }

    private Path intentOf(String symbolicName) {
        folderOf(symbolicName);
        return journal.resolve(symbolicName + INTENT_SUFFIX);
    }

    private static void collect(Path folder, Optional<StoredExtension> keep) throws IOException {
        Set<String> named = keep.map(s -> {
            List<String> files = new ArrayList<>(List.of(RECORD, s.jarFile()));
            s.policyFile().ifPresent(files::add);
            return Set.copyOf(files);
        }).orElse(Set.of());
        for (Path file : children(folder)) {
            if (!named.contains(file.getFileName().toString())) {
                deleteTree(file);
            }
        }
        if (Files.isDirectory(folder)) {
            AtomicFile.forceFolder(folder);
        }
    }

    private static List<Path> children(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.sorted().toList();
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        if (path.getParent() != null && Files.isDirectory(path.getParent())) {
            AtomicFile.forceFolder(path.getParent());
        }
    }
}
