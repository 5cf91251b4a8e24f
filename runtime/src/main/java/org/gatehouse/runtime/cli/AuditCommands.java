package org.gatehouse.runtime.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.audit.log.Checkpoint;
import org.gatehouse.audit.log.ConsistencyProof;
import org.gatehouse.audit.log.Verification;
import org.gatehouse.audit.log.Verifier;

/**
 * {@code gatehouse audit}: the element's tamper-evident audit log (docs/management.md "Audit").
 *
 * <pre>
 * gatehouse audit show [--from N] [--limit N] [--json]       the records, through the API
 * gatehouse audit head [--key FILE] [--save FILE]            the signed tree head; keep it to check growth later
 * gatehouse audit consistency --checkpoint FILE --key FILE [--update]
 *                                                            the log only grew since that checkpoint
 * gatehouse audit verify [--folder DIR] [--key FILE]         offline, from the files and the key alone
 * </pre>
 *
 * <p>{@code verify} needs no running element: it reads {@code <data>/audit} (or {@code --folder})
 * and names the first bad record; exit 0 ok, 1 bad. {@code consistency} is for an auditor who kept
 * a checkpoint (a file {@code head --save} wrote, or a line of the element's
 * {@code checkpoints.jsonl}) and the element's public key: it fetches the newest signed checkpoint
 * and the consistency proof between the two, and checks both signatures and the proof with the
 * auditor's key, never one the element sends. The checks are the audit-log bundle's own
 * ({@code lib/audit-log.jar} on the command line's class path), written with the JDK alone.
 */
final class AuditCommands {
    private static final String BASE = "api/v1/audit";
    private static final int SHOWN_PAYLOAD = 240;

    private final ManagementClient client;
    private final Map<String, String> environment;
    private final PrintStream out;

    AuditCommands(ManagementClient client, Map<String, String> environment, PrintStream out) {
        this.client = client;
        this.environment = environment;
        this.out = out;
    }

    void run(CommandLine line) throws CliFailure {
        String action = line.argument(1, "what to do: show, head, consistency or verify");
        line.noMoreThan(2);
        switch (action) {
            case "show" -> show(line);
            case "head" -> head(line);
            case "consistency" -> consistency(line);
            case "verify" -> verify(line);
            default -> throw CliFailure.usage("unknown audit command '" + action + "'; expected show, head, consistency or verify");
        }
    }

    private void show(CommandLine line) throws CliFailure {
        String from = wholeNumber(line, "--from", "0");
        String limit = wholeNumber(line, "--limit", "100");
        Map<String, Object> page = client.get(BASE + "?from=" + from + "&limit=" + limit);
        List<Object> records = JsonText.array(page.get("records"));
        if (line.flag("--json")) {
            // the stored lines, exactly: JSON Lines as in records.jsonl
            records.forEach(r -> out.println(JsonText.string(JsonText.object(r).get("line"))));
            return;
        }
        TextTable table = new TextTable("SEQ", "TIME", "KIND", "ACTOR", "SUBJECT", "PAYLOAD");
        for (Object r : records) {
            Map<String, Object> record = JsonText.object(r);
            table.row(s(record, "sequence"), s(record, "time"), s(record, "kind"), printable(s(record, "actor"), 40),
                    printable(s(record, "subject"), 40), printable(s(record, "payload"), SHOWN_PAYLOAD));
        }
        table.print(out);
        if (page.get("next") != null) {
            out.println("(more: gatehouse audit show --from " + s(page, "next") + ")");
        }
    }

    private void head(CommandLine line) throws CliFailure {
        Map<String, Object> head = client.get(BASE + "/head");
        Map<String, Object> signed = JsonText.object(head.get("checkpoint"));
        out.println("size: " + s(head, "size"));
        out.println("root: " + s(head, "rootHash"));
        if (signed.isEmpty()) {
            throw new CliFailure(CliFailure.REFUSED, "the element has no signed checkpoint to give");
        }
        Checkpoint checkpoint = checkpoint(signed, "the element's answer");
        out.println("checkpoint: size " + checkpoint.treeSize() + ", signed " + checkpoint.time() + " by key " + checkpoint.keyId());
        Optional<Path> key = optionalFile(line, "--key");
        if (key.isPresent()) {
            if (!checkpoint.verify(publicKey(key.get()))) {
                throw new CliFailure(CliFailure.REFUSED, "bad: the checkpoint's signature does not verify with " + key.get());
            }
            out.println("signature: verifies with " + key.get());
        }
        if (line.option("--save").isPresent()) {
            save(Path.of(line.option("--save").get()), checkpoint);
        }
    }

    private void consistency(CommandLine line) throws CliFailure {
        Path file = GatehouseCli.existingFile(line.option("--checkpoint")
                .orElseThrow(() -> CliFailure.usage("consistency needs --checkpoint FILE: a checkpoint you kept")));
        Path keyFile = GatehouseCli.existingFile(line.option("--key")
                .orElseThrow(() -> CliFailure.usage("consistency needs --key FILE: the element's public key, your own copy")));
        PublicKey key = publicKey(keyFile);
        Checkpoint old = readCheckpoint(file);
        if (!old.verify(key)) {
            throw bad("the checkpoint in " + file + " does not verify with " + keyFile);
        }
        Checkpoint newest = checkpoint(JsonText.object(client.get(BASE + "/head").get("checkpoint")), "the element's answer");
        if (!newest.verify(key)) {
            throw bad("the element's newest checkpoint (size " + newest.treeSize() + ") does not verify with " + keyFile);
        }
        if (newest.treeSize() < old.treeSize()) {
            throw bad("the log shrank: " + old.treeSize() + " records signed at " + old.time() + ", " + newest.treeSize() + " now");
        }
        Map<String, Object> answer = client.get(BASE + "/proof/consistency?from=" + old.treeSize() + "&to=" + newest.treeSize());
        List<String> path = JsonText.array(answer.get("path")).stream().map(JsonText::string).toList();
        boolean grew;
        try {
            grew = new ConsistencyProof(old.treeSize(), newest.treeSize(), path).verify(old.rootHash(), newest.rootHash());
        } catch (IllegalArgumentException e) {
            throw bad("the element's consistency proof is malformed: " + e.getMessage());
        }
        if (!grew) {
            throw bad("the log of " + newest.treeSize() + " records does not extend the one of " + old.treeSize()
                    + " records signed at " + old.time() + ": records before it were changed or removed");
        }
        out.println("ok: the log only grew, from " + old.treeSize() + " records (signed " + old.time() + ") to " + newest.treeSize()
                + " (signed " + newest.time() + ")");
        if (line.flag("--update")) {
            save(file, newest);
        }
    }

    private void verify(CommandLine line) throws CliFailure {
        Path folder = line.option("--folder").map(Path::of).orElseGet(() -> dataFolder().resolve("audit"));
        if (!Files.isDirectory(folder)) {
            throw CliFailure.usage("no audit log folder " + folder + " (give --folder DIR, or GATEHOUSE_DATA)");
        }
        Optional<Path> keyFile = optionalFile(line, "--key");
        PublicKey key = keyFile.isPresent() ? publicKey(keyFile.get()) : null;
        if (!Files.isRegularFile(folder.resolve("records.jsonl"))) {
            throw bad("no audit log in " + folder + " (records.jsonl is missing)");
        }
        Verification verification;
        try {
            verification = key != null ? Verifier.verify(folder, key) : Verifier.verify(folder);
        } catch (IOException e) {
            throw bad(e.getMessage());
        }
        if (!verification.ok()) {
            throw bad(verification.summary());
        }
        out.println(verification.summary());
        if (keyFile.isEmpty()) {
            out.println("(checked with the folder's own public key, which whoever could change the folder could replace:"
                    + " keep a copy elsewhere and give it with --key)");
        }
    }

    private Path dataFolder() {
        String data = Optional.ofNullable(environment.get("GATEHOUSE_DATA")).filter(v -> !v.isBlank())
                .orElse(System.getProperty("gatehouse.data.dir"));
        return data == null ? Path.of("data") : Path.of(data);
    }

    private static Optional<Path> optionalFile(CommandLine line, String option) throws CliFailure {
        Optional<String> name = line.option(option);
        return name.isEmpty() ? Optional.empty() : Optional.of(GatehouseCli.existingFile(name.get()));
    }

    private static CliFailure bad(String what) {
        return new CliFailure(CliFailure.REFUSED, "bad: " + what);
    }

    private static PublicKey publicKey(Path file) throws CliFailure {
        try {
            return Verifier.readPublicKey(file);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read the public key: " + e.getMessage());
        }
    }

    /** A checkpoint file: one JSON object as {@code head --save} writes it, or a line of {@code checkpoints.jsonl}. */
    private static Checkpoint readCheckpoint(Path file) throws CliFailure {
        Map<String, Object> json;
        try {
            json = JsonText.object(JsonText.parse(Files.readString(file, StandardCharsets.UTF_8).strip()));
        } catch (IOException | IllegalArgumentException e) {
            throw CliFailure.usage("cannot read the checkpoint " + file + ": " + e.getMessage());
        }
        if (json.containsKey("sig")) {
            return checkpoint(Map.of("treeSize", json.getOrDefault("size", ""), "rootHash", json.getOrDefault("root", ""),
                    "time", json.getOrDefault("time", ""), "keyId", json.getOrDefault("key", ""), "signature", json.get("sig")), file.toString());
        }
        return checkpoint(json, file.toString());
    }

    private static Checkpoint checkpoint(Map<String, Object> json, String where) throws CliFailure {
        try {
            return new Checkpoint(Long.parseLong(s(json, "treeSize")), s(json, "rootHash"), Instant.parse(s(json, "time")), s(json, "keyId"),
                    s(json, "signature"));
        } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
            throw bad("not a checkpoint in " + where + ": " + e.getMessage());
        }
    }

    private void save(Path file, Checkpoint checkpoint) throws CliFailure {
        String json = "{\"treeSize\":" + checkpoint.treeSize() + ",\"rootHash\":\"" + checkpoint.rootHash() + "\",\"time\":\""
                + checkpoint.time() + "\",\"keyId\":\"" + checkpoint.keyId() + "\",\"signature\":\"" + checkpoint.signature() + "\"}\n";
        try {
            Path staged = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(staged, json, StandardCharsets.UTF_8);
            Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliFailure(CliFailure.REFUSED, "cannot write " + file + ": " + e.getMessage());
        }
        out.println("checkpoint of size " + checkpoint.treeSize() + " saved to " + file);
    }

    private static String wholeNumber(CommandLine line, String option, String absent) throws CliFailure {
        String value = line.option(option).orElse(absent);
        if (!value.matches("[0-9]{1,18}")) {
            throw CliFailure.usage(option + " must be a whole number, not '" + value + "'");
        }
        return value;
    }

    private static String s(Map<String, Object> map, String key) {
        return JsonText.string(map.get(key));
    }

    /** One line for a terminal: control characters escaped (records hold what clients sent), cut at {@code max}. */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x202E
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.length() > max ? out.substring(0, max - 3) + "..." : out.toString();
    }
}
