package org.gatehouse.management.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gatehouse.platform.files.AtomicFile;

/**
 * The modification count of every managed object (docs/management.md "Modification counts"): an
 * extension, the flows document. A count is read together with a fingerprint of the object as it is
 * now (its bundle hash, state and policy; the document's hash); when the fingerprint differs from
 * the one last seen, the count advances by one and both are kept in {@code <data>/commands/counts.json}.
 * So a count moves on every real change, whoever made it (a command, a hand edit of a file) and
 * never on a change that changed nothing.
 */
public final class ModificationCounts {
    public static final String FILE_NAME = "counts.json";

    private final Path file;
    private final Map<String, Entry> entries = new HashMap<>();

    private record Entry(long count, String fingerprint) {
    }

    private ModificationCounts(Path file) {
        this.file = file;
    }

    /** Reads the counts kept in {@code folder}; a file that does not read is an error naming it (nothing is reset). */
    public static ModificationCounts open(Path folder) throws IOException {
        ModificationCounts counts = new ModificationCounts(folder.resolve(FILE_NAME));
        try {
            JsonNode root = CommandJson.MAPPER.readTree(Files.readAllBytes(counts.file));
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                JsonNode count = e.getValue().get("count");
                JsonNode fingerprint = e.getValue().get("fingerprint");
                if (count == null || !count.canConvertToLong() || fingerprint == null || !fingerprint.isTextual()) {
                    throw new IOException(counts.file + ": entry '" + e.getKey() + "' needs a whole 'count' and a string 'fingerprint'");
                }
                counts.entries.put(e.getKey(), new Entry(count.asLong(), fingerprint.asText()));
            }
        } catch (NoSuchFileException e) {
            // no object was counted yet
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(counts.file + " is not a JSON object of counts: " + e.getOriginalMessage(), e);
        }
        return counts;
    }

    /** An object that was never seen has count 0 until its first fingerprint; the first one seen makes it 1. */
    public synchronized long count(String object, String fingerprint) {
        Entry seen = entries.get(object);
        if (seen != null && seen.fingerprint().equals(fingerprint)) {
            return seen.count();
        }
        Entry next = new Entry(seen == null ? 1 : seen.count() + 1, fingerprint);
        entries.put(object, next);
        try {
            save();
        } catch (IOException e) {
            if (seen == null) {
                entries.remove(object);
            } else {
                entries.put(object, seen);
            }
            throw new UncheckedIOException("cannot keep the modification count of " + object + " in " + file, e);
        }
        return next.count();
    }

    private void save() throws IOException {
        ObjectNode root = CommandJson.MAPPER.createObjectNode();
        entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode node = root.putObject(e.getKey());
            node.put("count", e.getValue().count());
            node.put("fingerprint", e.getValue().fingerprint());
        });
        AtomicFile.replace(file, CommandJson.MAPPER.writeValueAsBytes(root));
    }
}
