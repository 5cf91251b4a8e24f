package org.gatehouse.extension.manager.internal.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.ExtensionState;
import org.gatehouse.extension.qualification.Condition;

/**
 * The record of one extension as a properties file ({@code record.properties}, UTF-8). The store
 * writes it and only the store reads it, so it needs no schema; lists are numbered keys
 * ({@code granted.0}, {@code granted.1}, ...). The policy document is a file of its own, named
 * by {@code policy.file}. A record that does not read is reported with its path and key.
 */
final class RecordFile {
    static final String FORMAT = "1";

    private RecordFile() {
    }

    static byte[] write(StoredExtension stored) throws IOException {
        ExtensionRecord r = stored.record();
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("symbolic-name", r.symbolicName());
        p.setProperty("version", r.version());
        p.setProperty("sha256", r.sha256());
        p.setProperty("state", r.state().name());
        p.setProperty("installed-at", r.installedAt().toString());
        p.setProperty("installed-by", r.installedBy());
        p.setProperty("verdict", r.verdict());
        p.setProperty("jar.file", stored.jarFile());
        stored.policyFile().ifPresent(f -> p.setProperty("policy.file", f));
        putList(p, "reason", r.qualificationReasons());
        putList(p, "granted", r.grantedPermissions());
        putList(p, "rejected", r.rejectedPermissions());
        putList(p, "bladelet", r.bladelets());
        // a time limit keeps its duration where a drop keeps the permission type
        List<String> conditions = stored.conditions().stream()
                .map(c -> c.kind().name() + "|" + (c.kind() == Condition.Kind.TIME_LIMIT ? c.limit().toString() : c.permissionType())
                        + "|" + c.permissionName() + "|" + c.note()).toList();
        putList(p, "condition", conditions);
        stored.enabledUntil().ifPresent(end -> p.setProperty("enabled-until", end.toString()));
        stored.disabledBecause().ifPresent(reason -> p.setProperty("disabled-because", reason));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            p.store(writer, "extension store record; written by the extension manager, do not edit");
        }
        return out.toByteArray();
    }

    /** Reads a record and, when it names one, its policy document from the same folder. */
    static StoredExtension read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file); Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IOException(file + ": format [" + p.getProperty("format") + "] is not " + FORMAT);
        }
        Optional<String> policyFile = Optional.ofNullable(p.getProperty("policy.file"));
        Optional<String> policy = policyFile.isPresent()
                ? Optional.of(Files.readString(file.resolveSibling(policyFile.get()), StandardCharsets.UTF_8))
                : Optional.empty();
        ExtensionRecord record = new ExtensionRecord(required(p, file, "symbolic-name"), required(p, file, "version"),
                required(p, file, "sha256"), state(p, file), instant(p, file, "installed-at"), required(p, file, "installed-by"),
                required(p, file, "verdict"), list(p, "reason"), policy, list(p, "granted"), list(p, "rejected"),
                list(p, "bladelet"), Optional.empty());
        Optional<Instant> enabledUntil = p.getProperty("enabled-until") == null ? Optional.empty()
                : Optional.of(instant(p, file, "enabled-until"));
        return new StoredExtension(record, required(p, file, "jar.file"), policyFile, conditions(p, file), enabledUntil,
                Optional.ofNullable(p.getProperty("disabled-because")));
    }

    private static void putList(Properties p, String key, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            p.setProperty(key + "." + i, values.get(i));
        }
    }

    private static List<String> list(Properties p, String key) {
        List<String> values = new ArrayList<>();
        for (int i = 0; p.getProperty(key + "." + i) != null; i++) {
            values.add(p.getProperty(key + "." + i));
        }
        return values;
    }

    private static String required(Properties p, Path file, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IOException(file + ": key [" + key + "] is missing");
        }
        return value;
    }

    private static ExtensionState state(Properties p, Path file) throws IOException {
        String value = required(p, file, "state");
        try {
            return ExtensionState.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": key [state] is [" + value + "], not ENABLED or DISABLED", e);
        }
    }

    private static Instant instant(Properties p, Path file, String key) throws IOException {
        String value = required(p, file, key);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IOException(file + ": key [" + key + "] is [" + value + "], not an instant", e);
        }
    }

    private static List<Condition> conditions(Properties p, Path file) throws IOException {
        List<Condition> conditions = new ArrayList<>();
        for (String line : list(p, "condition")) {
            String[] parts = line.split("\\|", 4);
            try {
                Condition.Kind kind = Condition.Kind.valueOf(parts[0]);
                String note = parts.length > 3 ? parts[3] : "";
                conditions.add(kind == Condition.Kind.TIME_LIMIT ? Condition.timeLimit(Duration.parse(parts[1]), note)
                        : new Condition(kind, parts[1], parts[2], Duration.ZERO, note));
            } catch (RuntimeException e) {
                throw new IOException(file + ": condition [" + line + "] does not read: " + e.getMessage(), e);
            }
        }
        return conditions;
    }
}
