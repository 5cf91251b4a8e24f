package org.gatehouse.management.confirm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.management.command.CommandType;

/**
 * A desk in memory for the socket's tests: commands awaiting an answer, a modification count per
 * command (moved by {@link #change}), renderings ending with the person's phrase, and a record of
 * every answer it took. Answers are checked as the real desk does: the digest must be that of the
 * rendering as it would be made now, or the answer is {@code Changed}.
 */
public final class FakeDesk implements ConfirmationDesk {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Map<String, Command> pending = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, String> phrases = new LinkedHashMap<>();
    private final List<String> answers = new ArrayList<>();

    /** Adds a command awaiting confirmation. */
    public synchronized Command submit(String id, String target) {
        Command command = Command.submitted(id, CommandRequest.of(CommandType.EXTENSION_ENABLE, target, Map.of()), "admin-user", "admin", NOW);
        pending.put(id, command);
        counts.put(id, 1);
        return command;
    }

    /** What the command would do changed: its modification count moves. */
    public synchronized void change(String id) {
        counts.merge(id, 1, Integer::sum);
    }

    /** Every answer taken, as {@code person:id:yes|no}. */
    public synchronized List<String> answers() {
        return List.copyOf(answers);
    }

    public synchronized String phraseOf(String person) {
        return phrases.get(person);
    }

    @Override
    public synchronized List<Command> pendingFor(String person) {
        return List.copyOf(pending.values());
    }

    @Override
    public synchronized Rendering render(String commandId, String person) throws ConfirmationRefused {
        Command command = pending.get(commandId);
        if (command == null) {
            throw new ConfirmationRefused("not_found", "no command " + commandId + " awaits confirmation");
        }
        String phrase = phrases.get(person);
        if (phrase == null) {
            throw new ConfirmationRefused("no_phrase", person + " has no anti-spoofing phrase: set one first");
        }
        String text = command.canonicalForm() + "\nmodification count: " + counts.get(commandId) + "\nsubmitted by: "
                + command.submitter() + "\n" + phrase + "\n";
        return new Rendering(commandId, text, sha256(text));
    }

    @Override
    public synchronized Answer answer(String commandId, String person, String renderingDigest, boolean yes) throws ConfirmationRefused {
        Rendering now = render(commandId, person);
        if (!now.digest().equals(renderingDigest)) {
            return new Answer.Changed(now);
        }
        answers.add(person + ":" + commandId + ":" + (yes ? "yes" : "no"));
        Command command = pending.remove(commandId);
        if (yes) {
            return new Answer.Ran(command.inProgress(java.util.Optional.of(person), NOW).done("enabled " + command.target(), NOW));
        }
        return new Answer.Declined(command.cancelled("declined by " + person, NOW));
    }

    @Override
    public synchronized Command cancel(String commandId, String person) throws ConfirmationRefused {
        Command command = pending.remove(commandId);
        if (command == null) {
            throw new ConfirmationRefused("not_found", "no command " + commandId + " awaits confirmation");
        }
        answers.add(person + ":" + commandId + ":cancel");
        return command.cancelled("declined by " + person, NOW);
    }

    @Override
    public synchronized void setPhrase(String person, String phrase) throws ConfirmationRefused {
        if (phrase.isBlank()) {
            throw new ConfirmationRefused("bad_phrase", "a phrase must not be blank");
        }
        phrases.put(person, phrase);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
