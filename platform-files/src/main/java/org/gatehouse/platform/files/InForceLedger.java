package org.gatehouse.platform.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The content in force of each security-relevant file of the conf folder, kept apart from the
 * file itself (docs/management.md "Hand edits"): what the element last loaded. At the very first
 * start that is the file as installed, once its owner read it ({@link #adopt}); after that only
 * content a confirmed command wrote or confirmed. A file edited by hand while the element runs, or while it is stopped, is not in force
 * until a person confirms it as a command; its owner keeps reading the recorded content.
 *
 * <p>Each file has one record under {@code <data>/commands/in-force/}: a header line with the
 * SHA-256 of the content (or {@code absent} when no file is in force) and a copy of the content,
 * replaced whole with {@link AtomicFile}. A record whose content does not match its SHA-256 is
 * refused with an {@link IOException}: the owner then fails closed as on a document that does not read.
 * A file is named relative to the conf folder ({@code system-policy.xml},
 * {@code extension-policies/com.acme.limiter.xml}); a folder of files is recorded whole at the
 * first start ({@link #adoptFolder}), and from then on a file without a record is not in force (a
 * file added by hand).
 *
 * <p>The element's own write for a confirmed command ({@link #write}) is made in an order a crash
 * cannot turn into a hand edit or into content nobody confirmed: the intent first (a pending
 * record), then the file, then the record in force; a pending record is settled at the next look,
 * in force when the file holds it, dropped when it does not. Every instance in the framework shares
 * one lock, so no look comes between the steps.
 *
 * <pre>{@code
 * InForceLedger ledger = InForceLedger.open(conf, data);
 * byte[] policy = ledger.inForce("system-policy.xml").orElse(vendorDefault);   // never the file as edited
 * ledger.accepts("system-policy.xml", Optional.of(seenOnDisk));                 // false: a hand edit
 * ledger.write("flows.xml", Optional.of(document));                              // a confirmed replacement
 * }</pre>
 */
public final class InForceLedger {
    /** The ledger's folder under {@code <data>/commands}. */
    public static final String FOLDER = "in-force";
    /** Longer files are not recorded (nor read by any owner). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    static final String RECORD = ".rec";
    static final String PENDING = ".pending";
    static final String ADOPTED = ".adopted";
    private static final String MAGIC = "gatehouse-in-force 1 ";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,254}");
    /** One lock for every instance: the owners and the management plane look at the same records. */
    private static final Object LOCK = new Object();

    private final Path conf;
    private final Path records;

    private InForceLedger(Path conf, Path records) {
        this.conf = conf.toAbsolutePath().normalize();
        this.records = records.toAbsolutePath().normalize();
    }

    /** The ledger of the conf folder {@code conf}, kept under {@code <data>/commands/in-force}. */
    public static InForceLedger open(Path conf, Path data) {
        return new InForceLedger(conf, data.resolve("commands").resolve(FOLDER));
    }

    public Path conf() {
        return conf;
    }

    /** The file of the conf folder a name stands for; the name must be one or two plain segments. */
    public Path fileOf(String name) {
        return conf.resolve(checked(name));
    }

    /**
     * The content in force for {@code name}, empty when no file is in force. Until the owner
     * {@linkplain #adopt adopted} the file (before the first start that read it), the file as it is now.
     *
     * @throws IOException when the record is damaged or the file cannot be read
     */
    public Optional<byte[]> inForce(String name) throws IOException {
        synchronized (LOCK) {
            settle(name);
            Optional<Optional<byte[]>> recorded = recorded(name);
            if (recorded.isPresent()) {
                return recorded.get();
            }
            if (name.contains("/") && adopted(name.substring(0, name.indexOf('/')))) {
                return Optional.empty(); // the folder was recorded whole: a file it did not hold is not in force
            }
            return onDisk(name);
        }
    }

    /**
     * The names in force in a folder of the conf folder ({@code extension-policies/a.xml}, ...),
     * in name order; until the folder is {@linkplain #adoptFolder adopted}, its files as they are now.
     */
    public List<String> inForceIn(String folder) throws IOException {
        String checkedFolder = checked(folder);
        synchronized (LOCK) {
            if (!adopted(checkedFolder)) {
                return onDiskIn(checkedFolder);
            }
            List<String> names = new ArrayList<>();
            // a file whose first write a crash cut short has only its pending record: settled here like the others
            java.util.SortedSet<String> files = new java.util.TreeSet<>(listed(records.resolve(checkedFolder), RECORD));
            files.addAll(listed(records.resolve(checkedFolder), PENDING));
            for (String file : files) {
                String name = checkedFolder + "/" + file;
                settle(name);
                if (recorded(name).flatMap(r -> r).isPresent()) {
                    names.add(name);
                }
            }
            return names;
        }
    }

    /**
     * The first start's step, by the owner once it read {@code content} (the file as installed)
     * and found it good: it becomes the content in force. Does nothing when content is in force
     * already, so only the first start's reading is ever adopted; a file that does not read is not
     * adopted, and the operator can still mend it before the element first starts.
     */
    public void adopt(String name, Optional<byte[]> content) throws IOException {
        synchronized (LOCK) {
            settle(name);
            boolean inAdoptedFolder = name.contains("/") && adopted(name.substring(0, name.indexOf('/')));
            if (recorded(name).isEmpty() && !inAdoptedFolder) {
                store(recordFile(name, RECORD), content);
            }
        }
    }

    /**
     * Marks a folder as recorded whole, after the owner {@linkplain #adopt adopted} each of its
     * files it read: from then on a file of the folder without a record is not in force.
     */
    public void adoptFolder(String folder) throws IOException {
        synchronized (LOCK) {
            Path mark = records.resolve(checked(folder)).resolve(ADOPTED);
            if (!Files.exists(mark)) {
                makePrivate(mark.getParent());
                AtomicFile.replace(mark, new byte[0]);
            }
        }
    }

    /** The names of the folder's files there are on disk now, in name order: each in force or a hand edit. */
    public List<String> onDiskIn(String folder) throws IOException {
        String checkedFolder = checked(folder);
        return listed(conf.resolve(checkedFolder), "").stream().filter(n -> SEGMENT.matcher(n).matches() && !n.contains(".."))
                .filter(n -> Files.isRegularFile(conf.resolve(checkedFolder).resolve(n))).map(n -> checkedFolder + "/" + n).toList();
    }

    /**
     * What a look at a file finds: its content on disk (empty: no file) and whether that is the
     * content in force.
     */
    public record Look(Optional<byte[]> onDisk, boolean inForce) {
    }

    /**
     * Reads the file and compares it with its content in force under the one lock every write of
     * the ledger takes, so that a look never falls between the steps of the element's own write
     * ({@link #write}): a file read before such a write and compared after it would pass for a hand
     * edit of the old content. What a hand-edit check uses.
     */
    public Look look(String name) throws IOException {
        synchronized (LOCK) {
            Optional<byte[]> disk = onDisk(name);
            return new Look(disk, same(inForce(name), disk));
        }
    }

    /** Whether {@code content} (empty: no file) is the content in force for {@code name}. */
    public boolean accepts(String name, Optional<byte[]> content) throws IOException {
        return same(inForce(name), content);
    }

    /**
     * Records {@code content} (empty: no file) as in force for {@code name}, leaving the file as it
     * is: what a confirmed command that carried the content (the file's bytes as they were seen) does.
     */
    public void commit(String name, Optional<byte[]> content) throws IOException {
        synchronized (LOCK) {
            settle(name);
            store(recordFile(name, RECORD), content);
        }
    }

    /**
     * The element's own write of a confirmed change: {@code content} becomes the file (empty:
     * the file is deleted) and the content in force. When it is in force already, the file is left
     * as it is, so a hand edit waiting for confirmation stays on disk.
     */
    public void write(String name, Optional<byte[]> content) throws IOException {
        synchronized (LOCK) {
            settle(name);
            if (same(inForce(name), content)) {
                return;
            }
            Path pending = recordFile(name, PENDING);
            store(pending, content);
            Path file = fileOf(name);
            if (content.isPresent()) {
                Files.createDirectories(file.getParent());
                AtomicFile.replace(file, content.get());
            } else if (Files.deleteIfExists(file)) {
                AtomicFile.forceFolder(file.getParent());
            }
            store(recordFile(name, RECORD), content);
            Files.deleteIfExists(pending);
        }
    }

    /** The file's content now, empty when there is none; longer than {@link #MAX_BYTES}: an IOException. */
    public Optional<byte[]> onDisk(String name) throws IOException {
        Path file = fileOf(name);
        if (Files.isDirectory(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(MAX_BYTES + 1);
            if (content.length > MAX_BYTES) {
                throw new IOException(file + " is longer than " + MAX_BYTES + " bytes");
            }
            return Optional.of(content);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The SHA-256 of {@code content} in lower-case hex. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether two contents are the same (both absent, or equal bytes). */
    public static boolean same(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    /** A pending record left by a crash: in force when the file holds it (the write got that far), else dropped. */
    private void settle(String name) throws IOException {
        Path pending = recordFile(name, PENDING);
        Optional<Optional<byte[]>> intended = read(pending);
        if (intended.isEmpty()) {
            return;
        }
        if (same(intended.get(), onDisk(name))) {
            store(recordFile(name, RECORD), intended.get());
        }
        Files.deleteIfExists(pending);
    }

    private boolean adopted(String folder) {
        return Files.exists(records.resolve(folder).resolve(ADOPTED));
    }

    private Optional<Optional<byte[]>> recorded(String name) throws IOException {
        return read(recordFile(name, RECORD));
    }

    private Path recordFile(String name, String suffix) {
        return records.resolve(checked(name) + suffix);
    }

    private static void store(Path record, Optional<byte[]> content) throws IOException {
        byte[] header = (MAGIC + content.map(c -> "present sha256=" + sha256(c)).orElse("absent") + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = content.orElse(new byte[0]);
        byte[] all = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        makePrivate(record.getParent());
        AtomicFile.replace(record, all);
    }

    /**
     * Makes {@code folder} and each missing folder above it mode 0700: the records live in the
     * data folder's {@code commands/}, which the management plane requires closed to group and
     * others ({@link PrivateFolder}); whichever owner writes a record first makes them.
     */
    private static void makePrivate(Path folder) throws IOException {
        if (folder == null || Files.isDirectory(folder)) {
            return;
        }
        makePrivate(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(folder)) {
                throw e;
            }
        }
    }

    /** A record: empty when there is none; the content (empty: absent) when it reads and matches its SHA-256. */
    private static Optional<Optional<byte[]>> read(Path record) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(record);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int newline = -1;
        for (int i = 0; i < Math.min(all.length, 200); i++) {
            if (all[i] == '\n') {
                newline = i;
                break;
            }
        }
        String header = newline < 0 ? "" : new String(all, 0, newline, StandardCharsets.US_ASCII);
        byte[] body = newline < 0 ? new byte[0] : Arrays.copyOfRange(all, newline + 1, all.length);
        if (header.equals(MAGIC + "absent") && body.length == 0) {
            return Optional.of(Optional.empty());
        }
        if (header.equals(MAGIC + "present sha256=" + sha256(body))) {
            return Optional.of(Optional.of(body));
        }
        throw new IOException("the record of the content in force " + record + " is damaged: its header does not match its content;"
                + " nothing is taken from it");
    }

    private static List<String> listed(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix) && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList();
        }
    }

    private static String checked(String name) {
        String[] segments = name.split("/", -1);
        if (segments.length > 2 || Arrays.stream(segments).anyMatch(s -> !SEGMENT.matcher(s).matches() || s.contains(".."))) {
            throw new IllegalArgumentException("[" + name + "] does not name a file of the conf folder: one or two segments of letters, "
                    + "digits, '_', '-' and '.', none '..'");
        }
        return name;
    }
}
