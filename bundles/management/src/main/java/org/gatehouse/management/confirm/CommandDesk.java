package org.gatehouse.management.confirm;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.gatehouse.management.auth.ManagementUser;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.auth.Role;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.CommandRefusedException;
import org.gatehouse.management.command.CommandState;
import org.gatehouse.management.command.ConfirmationRules;
import org.gatehouse.management.command.Renderer;

/**
 * The {@link ConfirmationDesk} of the element over its {@link CommandBook} (docs/management.md
 * "Confirmation"). Who a person is comes from the trusted path; what they may do is decided here,
 * from the users file as it is at that moment: a person confirms a command only when they hold the
 * role its kind's rule names, and, under the second-person rule, when they did not submit it; the
 * submitter must still hold the role they submitted in. These are checked when the rendering is made
 * and again, under the command book's lock, just before the command runs.
 */
public final class CommandDesk implements ConfirmationDesk {
    private final CommandBook book;
    private final Supplier<ManagementUsers> users;
    private final PhraseBook phrases;

    public CommandDesk(CommandBook book, Supplier<ManagementUsers> users, PhraseBook phrases) {
        this.book = book;
        this.users = users;
        this.phrases = phrases;
    }

    @Override
    public List<Command> pendingFor(String person) {
        return book.list().stream().filter(c -> c.state() == CommandState.AWAITING_CONFIRMATION)
                .filter(c -> refusal(c, person).isEmpty()).toList();
    }

    @Override
    public Rendering render(String commandId, String person) throws ConfirmationRefused {
        String phrase = phrase(person);
        Command fresh = refreshed(commandId);
        check(fresh, person);
        String text = Renderer.forPerson(fresh.rendering(), phrase);
        return new Rendering(commandId, text, Renderer.digest(text));
    }

    @Override
    public Answer answer(String commandId, String person, String renderingDigest, boolean yes) throws ConfirmationRefused {
        String phrase = phrase(person);
        try {
            if (!yes) {
                Command c = book.get(commandId).orElseThrow(() -> new ConfirmationRefused("not_found", "no command " + commandId));
                check(c, person);
                return new Answer.Declined(book.cancel(commandId, person, "declined"));
            }
            CommandBook.Decision decision = book.confirm(commandId, person, new CommandBook.Gate() {
                @Override
                public void mayConfirm(Command fresh) throws CommandRefusedException {
                    Optional<String> why = refusal(fresh, person);
                    if (why.isPresent()) {
                        throw new CommandRefusedException("not_allowed", why.get());
                    }
                }

                @Override
                public boolean answered(Command fresh) {
                    return shown(fresh, phrase).equals(renderingDigest);
                }

                @Override
                public String audited(Command fresh) {
                    return Renderer.forAudit(fresh.rendering(), person);
                }
            });
            if (decision instanceof CommandBook.Decision.Changed changed) {
                String text = Renderer.forPerson(changed.command().rendering(), phrase);
                return new Answer.Changed(new Rendering(commandId, text, Renderer.digest(text)));
            }
            return new Answer.Ran(((CommandBook.Decision.Ran) decision).command());
        } catch (CommandRefusedException e) {
            throw new ConfirmationRefused(e.code(), e.getMessage());
        }
    }

    @Override
    public void setPhrase(String person, String phrase) throws ConfirmationRefused {
        user(person).orElseThrow(() -> new ConfirmationRefused("unknown_person", "no management user " + person));
        try {
            phrases.set(person, phrase);
        } catch (IllegalArgumentException e) {
            throw new ConfirmationRefused("invalid_phrase", e.getMessage());
        } catch (IOException e) {
            throw new ConfirmationRefused("internal_error", "the phrase cannot be kept: " + e.getMessage());
        }
    }

    @Override
    public Command cancel(String commandId, String person) throws ConfirmationRefused {
        Command c = book.get(commandId).orElseThrow(() -> new ConfirmationRefused("not_found", "no command " + commandId));
        if (!c.submitter().equals(person) && refusal(c, person).isPresent()) {
            throw new ConfirmationRefused("not_allowed", person + " neither submitted command " + commandId + " nor may confirm it");
        }
        try {
            return book.cancel(commandId, person, "cancelled");
        } catch (CommandRefusedException e) {
            throw new ConfirmationRefused(e.code(), e.getMessage());
        }
    }

    private String shown(Command fresh, String phrase) {
        return Renderer.digest(
                Renderer.forPerson(fresh.rendering(), phrase));
    }

    private Command refreshed(String commandId) throws ConfirmationRefused {
        try {
            Command fresh = book.refresh(commandId);
            if (fresh.state() != CommandState.AWAITING_CONFIRMATION) {
                throw new ConfirmationRefused("not_awaiting", "command " + commandId + " is " + fresh.state().wireName()
                        + fresh.reason().map(r -> ": " + r).orElse(""));
            }
            return fresh;
        } catch (CommandRefusedException e) {
            throw new ConfirmationRefused(e.code(), e.getMessage());
        }
    }

    private String phrase(String person) throws ConfirmationRefused {
        return phrases.phraseOf(person).orElseThrow(() -> new ConfirmationRefused("no_phrase", person
                + " has no anti-spoofing phrase yet; set one first with: gatehouse commands phrase"));
    }

    private void check(Command c, String person) throws ConfirmationRefused {
        Optional<String> why = refusal(c, person);
        if (why.isPresent()) {
            throw new ConfirmationRefused("not_allowed", why.get());
        }
    }

    /** Why {@code person} may not confirm {@code c} now, if they may not. */
    private Optional<String> refusal(Command c, String person) {
        ConfirmationRules.Rule rule = book.rules().rule(c.type());
        Optional<ManagementUser> confirmer = user(person);
        if (confirmer.isEmpty()) {
            return Optional.of("no management user " + person);
        }
        if (!confirmer.get().roles().contains(rule.role())) {
            return Optional.of(person + " does not hold the role " + rule.role().wireName() + " that confirms " + c.type().wireName());
        }
        if (rule.secondPerson() && c.submitter().equals(person)) {
            return Optional.of("a " + c.type().wireName() + " command must be confirmed by someone other than its submitter, " + person);
        }
        if (c.submitter().equals(Command.HOST)) {
            return Optional.empty(); // edited by hand on the host: no user submitted it, so none must still hold a role
        }
        Optional<ManagementUser> submitter = user(c.submitter());
        if (submitter.isEmpty() || !submitter.get().roles().stream().map(Role::wireName).toList().contains(c.role())) {
            return Optional.of("the submitter " + c.submitter() + " no longer holds the role " + c.role() + " they submitted it in");
        }
        return Optional.empty();
    }

    private Optional<ManagementUser> user(String name) {
        return users.get().users().stream().filter(u -> u.name().equals(name)).findFirst();
    }
}
