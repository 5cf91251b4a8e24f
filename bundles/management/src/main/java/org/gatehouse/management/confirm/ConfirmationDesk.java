package org.gatehouse.management.confirm;

import java.util.List;
import org.gatehouse.management.command.Command;

/**
 * What a trusted path (the local socket, the confirmation listener) asks of the commands. The
 * path authenticates the person at its end; {@code person} is the management user it found. Every
 * method checks again that this person may do what is asked: the desk trusts the path for who is
 * there, never for what they may do.
 */
public interface ConfirmationDesk {

    /** The commands awaiting confirmation that {@code person} may confirm, oldest first. */
    List<Command> pendingFor(String person);

    /**
     * The rendering of a command awaiting confirmation, made now for {@code person}: it ends with
     * that person's anti-spoofing phrase, so it is shown only on the path it was made for.
     */
    Rendering render(String commandId, String person) throws ConfirmationRefused;

    /**
     * The person's explicit answer to the rendering whose digest they were shown. When what the
     * command would do changed since (a modification count moved), nothing runs and the answer is
     * {@link Answer.Changed} with the new rendering, to be shown and answered again.
     */
    Answer answer(String commandId, String person, String renderingDigest, boolean yes) throws ConfirmationRefused;

    /**
     * Withdraws a command before it is confirmed: its submitter, or a person who may confirm it.
     * Nothing runs, so no rendering needs to have been shown.
     */
    Command cancel(String commandId, String person) throws ConfirmationRefused;

    /** Sets the anti-spoofing phrase that ends every rendering shown to {@code person}. */
    void setPhrase(String person, String phrase) throws ConfirmationRefused;

    /** A command's rendering as shown to one person, and the SHA-256 (hex) of its UTF-8 text. */
    record Rendering(String commandId, String text, String digest) {
    }

    /** What came of an answer. */
    sealed interface Answer {
        /** Confirmed and run: the command as it finished (done or aborted). */
        record Ran(Command command) implements Answer {
        }

        /** Declined: the command as cancelled. */
        record Declined(Command command) implements Answer {
        }

        /** The rendering answered is no longer what the command would do; here is the new one. */
        record Changed(Rendering rendering) implements Answer {
        }
    }

    /** A refusal with a stable code ({@code not_found}, {@code not_awaiting}, {@code not_allowed}, {@code no_phrase}, ...) and a message for the person. */
    final class ConfirmationRefused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        public ConfirmationRefused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
