package org.gatehouse.management.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.extension.qualification.SignatureDatabase;
import org.gatehouse.extension.qualification.SignatureEntry;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.command.PreparedChange;
import org.gatehouse.management.qualification.QualificationFiles;
import org.gatehouse.platform.files.InForceLedger;

/**
 * One change of install qualification's configuration over the API (docs/management.md
 * "Qualification and trust"): the rules replaced, a publisher certificate trusted or no longer
 * trusted, a bundle hash listed in the signature database or taken out of it. Each changes one
 * file of the conf folder, and is worked out from the content in force each time it is rendered and
 * again as it is applied; the new content is read as the extension manager will read it before
 * anything is shown. Applied, it is the element's own write of that file
 * ({@link InForceLedger#write}: intent, file, record), so a crash leaves the old content in force or
 * the new one; the extension manager reads it at the next upload.
 *
 * @param type one of the {@code qualification.*} and {@code trust.*} types
 * @param file the file it changes, relative to the conf folder
 * @param content the rules document or the certificate file, for a replacement or a publisher added
 * @param entry the hash entry listed, for {@code trust.hash.add}
 * @param sha256 the hash taken out, for {@code trust.hash.remove}
 */
record TrustChange(CommandType type, String file, Optional<byte[]> content, Optional<SignatureEntry> entry, Optional<String> sha256,
                   InForceLedger ledger, ManagedObjects objects) implements PreparedChange<String> {

    static TrustChange rules(byte[] document, InForceLedger ledger, ManagedObjects objects) {
        return new TrustChange(CommandType.QUALIFICATION_RULES_REPLACE, QualificationFiles.RULES, Optional.of(document), Optional.empty(),
                Optional.empty(), ledger, objects);
    }

    static TrustChange publisherAdded(String name, byte[] pem, InForceLedger ledger, ManagedObjects objects) {
        return new TrustChange(CommandType.TRUST_PUBLISHER_ADD, QualificationFiles.publisherFile(name), Optional.of(pem), Optional.empty(),
                Optional.empty(), ledger, objects);
    }

    static TrustChange publisherRemoved(String name, InForceLedger ledger, ManagedObjects objects) {
        return new TrustChange(CommandType.TRUST_PUBLISHER_REMOVE, QualificationFiles.publisherFile(name), Optional.empty(),
                Optional.empty(), Optional.empty(), ledger, objects);
    }

    static TrustChange hashAdded(SignatureEntry entry, InForceLedger ledger, ManagedObjects objects) {
        return new TrustChange(CommandType.TRUST_HASH_ADD, QualificationFiles.DATABASE, Optional.empty(), Optional.of(entry),
                Optional.empty(), ledger, objects);
    }

    static TrustChange hashRemoved(String sha256, InForceLedger ledger, ManagedObjects objects) {
        return new TrustChange(CommandType.TRUST_HASH_REMOVE, QualificationFiles.DATABASE, Optional.empty(), Optional.empty(),
                Optional.of(sha256), ledger, objects);
    }

    @Override
    public Preview preview() throws Exception {
        Worked worked = work();
        List<String> lines = new ArrayList<>(worked.lines());
        lines.add("in force from the next upload on; extensions installed already stay installed");
        return Preview.of(lines, Map.of(ManagedObjects.QUALIFICATION, objects.qualificationCount(ledger)));
    }

    @Override
    public CommandBook.Outcome<String> apply() throws Exception {
        Worked worked = work();
        ledger.write(file, worked.next());
        return new CommandBook.Outcome<>(file, "conf/" + file + " in force ("
                + worked.next().map(c -> "SHA-256 " + InForceLedger.sha256(c) + ", " + c.length + " bytes").orElse("no file") + ")");
    }

    private record Worked(List<String> lines, Optional<byte[]> next) {
    }

    /** What the change makes of the content in force now; refused (409, 404) when that is no longer possible. */
    private Worked work() throws Exception {
        Optional<byte[]> now = ledger.inForce(file);
        Optional<byte[]> next = switch (type) {
            case QUALIFICATION_RULES_REPLACE -> content;
            case TRUST_PUBLISHER_ADD -> {
                if (now.isPresent()) {
                    throw conflict("a publisher named " + publisher() + " is trusted already (conf/" + file + "); remove it first");
                }
                yield content;
            }
            case TRUST_PUBLISHER_REMOVE -> {
                if (now.isEmpty()) {
                    throw ApiException.notFound("no trusted publisher named " + publisher());
                }
                yield Optional.empty();
            }
            // the database in force read strictly: one that does not read is never rewritten from what could be read of it
            case TRUST_HASH_ADD, TRUST_HASH_REMOVE -> Optional.of(database(now.isPresent()
                    ? SignatureDatabase.parse(QualificationFiles.DATABASE, now.get()) : SignatureDatabase.inMemory()));
            default -> throw new IllegalStateException("not a change of install qualification: " + type.wireName());
        };
        return new Worked(QualificationFiles.differences(file, now, next), next);
    }

    private byte[] database(SignatureDatabase now) throws ApiException {
        List<SignatureEntry> entries = new ArrayList<>(now.entries());
        if (type == CommandType.TRUST_HASH_ADD) {
            SignatureEntry added = entry.orElseThrow();
            Optional<SignatureEntry> listed = now.lookup(added.sha256());
            if (listed.isPresent()) {
                throw conflict("the hash " + added.sha256() + " is listed already, in reference groups " + listed.get().referenceGroups()
                        + "; remove it first to list it otherwise");
            }
            entries.add(added);
        } else {
            String removed = sha256.orElseThrow();
            if (now.lookup(removed).isEmpty()) {
                throw ApiException.notFound("the hash " + removed + " is not listed in the signature database");
            }
            entries.removeIf(e -> e.sha256().equals(removed));
        }
        return SignatureDatabase.document(entries);
    }

    private String publisher() {
        return file.substring(QualificationFiles.PUBLISHERS.length() + 1, file.length() - ".pem".length());
    }

    /**
     * Whether a command of this kind that the element stopped in the middle of took effect, from
     * the content in force: every change of it is one write, all or nothing.
     */
    static Optional<CommandBook.Finding> examine(Command command, InForceLedger ledger) {
        Map<String, String> p = command.parameters();
        try {
            return Optional.of(switch (command.type()) {
                case QUALIFICATION_RULES_REPLACE, TRUST_PUBLISHER_ADD -> {
                    String file = command.type() == CommandType.QUALIFICATION_RULES_REPLACE ? QualificationFiles.RULES
                            : QualificationFiles.publisherFile(command.target());
                    String inForce = ledger.inForce(file).map(InForceLedger::sha256).orElse("absent");
                    yield new CommandBook.Finding(inForce.equals(p.get("content.sha256")), "the content in force of conf/"
                            + file + " has SHA-256 " + inForce);
                }
                case TRUST_PUBLISHER_REMOVE -> {
                    String file = QualificationFiles.publisherFile(command.target());
                    boolean gone = ledger.inForce(file).isEmpty();
                    yield new CommandBook.Finding(gone, "conf/" + file + (gone ? " is not" : " is") + " in force");
                }
                case TRUST_HASH_ADD, TRUST_HASH_REMOVE -> {
                    boolean listed = QualificationFiles.readDatabase(ledger.inForce(QualificationFiles.DATABASE))
                            .lookup(command.target()).isPresent();
                    yield new CommandBook.Finding(listed == (command.type() == CommandType.TRUST_HASH_ADD),
                            "the hash " + command.target() + (listed ? " is" : " is not") + " listed in the signature database in force");
                }
                default -> throw new IllegalArgumentException("not a change of install qualification: " + command.type().wireName());
            });
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The entry a {@code trust.hash.add} lists: by its submitter, at the moment of the submission (fixed, so the rendering does not move). */
    static SignatureEntry entry(String sha256, String group, String description, String submitter, Instant at) {
        return new SignatureEntry(sha256, List.of(group), description, submitter, at);
    }

    private static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, List.of());
    }
}
