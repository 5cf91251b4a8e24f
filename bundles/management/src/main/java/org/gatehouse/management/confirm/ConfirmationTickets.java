package org.gatehouse.management.confirm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a re-authenticated {@code show} on the confirmation listener lets its person answer: one
 * ticket per rendering shown, a random 256-bit value that travels only inside the TLS connection,
 * bound to the person, the client certificate that presented the factors (its SHA-256), the command
 * and the digest of the rendering, valid for a short while and taken once. An answer without one,
 * with one for another command, rendering or certificate, an expired one or one already answered,
 * is refused.
 *
 * <p>Only the SHA-256 of a ticket is kept. At most {@value #MAX_PER_PERSON} live tickets a person:
 * showing more forgets the oldest.
 */
final class ConfirmationTickets {
    static final int MAX_PER_PERSON = 16;
    private static final int TICKET_BYTES = 32;

    private record Ticket(String person, String certificate, String commandId, String digest, Instant expires) {
    }

    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Ticket> byHash = new LinkedHashMap<>();

    ConfirmationTickets(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** A new ticket for one answer of {@code person}, with that certificate, to that rendering of that command. */
    synchronized String issue(String person, String certificate, String commandId, String digest) {
        Instant now = clock.instant();
        byHash.values().removeIf(t -> !now.isBefore(t.expires()));
        if (byHash.values().stream().filter(t -> t.person().equals(person)).count() >= MAX_PER_PERSON) {
            for (Iterator<Ticket> oldest = byHash.values().iterator(); oldest.hasNext();) {
                if (oldest.next().person().equals(person)) {
                    oldest.remove();
                    break;
                }
            }
        }
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byHash.put(hash(ticket), new Ticket(person, certificate, commandId, digest, now.plus(lifetime)));
        return ticket;
    }

    /**
     * Takes the ticket (it is gone whatever the outcome) and says why it does not allow this
     * answer, if it does not: the reason is for the log, never for the peer.
     */
    synchronized Optional<String> take(String ticket, String person, String certificate, String commandId, String digest) {
        Ticket held = byHash.remove(hash(ticket));
        if (held == null) {
            return Optional.of("no such ticket (never issued, answered already, or forgotten)");
        }
        if (!clock.instant().isBefore(held.expires())) {
            return Optional.of("the ticket expired at " + held.expires());
        }
        if (!held.person().equals(person) || !held.certificate().equals(certificate)) {
            return Optional.of("the ticket was issued to " + held.person() + " with another certificate");
        }
        if (!held.commandId().equals(commandId)) {
            return Optional.of("the ticket is for command " + held.commandId());
        }
        if (!held.digest().equals(digest)) {
            return Optional.of("the ticket is for another rendering of the command");
        }
        return Optional.empty();
    }

    private static String hash(String ticket) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
