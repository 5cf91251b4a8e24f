package org.gatehouse.management.confirm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.gatehouse.platform.files.AtomicFile;
import org.gatehouse.management.command.Renderer;

/**
 * Each person's anti-spoofing phrase (docs/management.md "Confirmation"), kept in
 * {@code <data>/confirm/phrases.json} in a folder only the element's user can open. A phrase is set
 * and shown only over a trusted path; no route of the REST API reads this book.
 */
public final class PhraseBook {
    public static final String FILE_NAME = "phrases.json";
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 200;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final Map<String, String> phrases = new TreeMap<>();

    private PhraseBook(Path file) {
        this.file = file;
    }

    /** Opens the book in {@code folder} (made {@code rwx------} when new); a file that does not read is an error naming it. */
    public static PhraseBook open(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
        PhraseBook book = new PhraseBook(folder.resolve(FILE_NAME));
        try {
            JsonNode root = MAPPER.readTree(Files.readAllBytes(book.file));
            if (root == null || !root.isObject()) {
                throw new IOException(book.file + " must hold a JSON object of phrases by user");
            }
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                book.phrases.put(e.getKey(), e.getValue().asText());
            }
        } catch (NoSuchFileException e) {
            // nobody set a phrase yet
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(book.file + " is not a JSON object of phrases: " + e.getOriginalMessage(), e);
        }
        return book;
    }

    public synchronized Optional<String> phraseOf(String person) {
        return Optional.ofNullable(phrases.get(person));
    }

    /** Sets a person's phrase: {@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters, all shown as themselves. */
    public synchronized void set(String person, String phrase) throws IOException {
        String p = phrase.strip();
        if (p.length() < MIN_LENGTH || p.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a phrase has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters, not " + p.length());
        }
        if (!Renderer.value(p).equals(p)) {
            throw new IllegalArgumentException("a phrase holds only characters that are shown as themselves (no control, format or "
                    + "line-breaking characters)");
        }
        Map<String, String> next = new TreeMap<>(phrases);
        next.put(person, p);
        ObjectNode root = MAPPER.createObjectNode();
        next.forEach(root::put);
        AtomicFile.replace(file, MAPPER.writeValueAsBytes(root));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        phrases.put(person, p);
    }
}
