package org.gatehouse.management.confirm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;
import org.gatehouse.management.auth.ManagementUser;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandJson;
import org.gatehouse.management.confirm.ConfirmationDesk.Answer;
import org.gatehouse.management.confirm.ConfirmationDesk.ConfirmationRefused;
import org.gatehouse.management.confirm.ConfirmationDesk.Rendering;

/**
 * The operations of the confirmation listener, apart from HTTP and TLS (docs/management.md "The
 * confirmation listener"). Each request names its operation by its path and carries one JSON
 * object with exactly the operation's fields, each a non-empty string:
 *
 * <pre>
 * POST /pending  {}                                   {"pending":[command, ...]}
 * POST /show     {"id","password","totp"}             {"rendering":{"id","text","digest"},"ticket":T,"ticketExpiresIn":300}
 * POST /answer   {"id","digest","answer","ticket"}    {"outcome":"ran"|"declined","command":...}
 *                                                     or {"outcome":"changed","rendering":{...},"ticket":T2,...}
 * POST /cancel   {"id"}                               {"outcome":"cancelled","command":...}
 * POST /phrase   {"phrase","password","totp"}         {"phrase":"set"}
 * refused                                             {"error":{"code":...,"message":...}} with a 4xx status
 * </pre>
 *
 * The person is the one management user whose {@code <certificate subject>} is the verified client
 * certificate's subject, and who has a password and a TOTP secret; this is looked up at every
 * request. {@code show} and {@code phrase} re-authenticate the person ({@link Reauthentication});
 * an {@code answer} ({@code yes} or {@code no}, nothing else) needs the ticket its {@code show}
 * issued ({@link ConfirmationTickets}). {@code pending} and {@code cancel} need the certificate
 * alone, as the REST API's list and cancel need a credential alone: neither confirms anything.
 * A refused re-authentication says the same whichever factor was wrong. The phrase is never echoed
 * or logged; a rendering (which ends with it) is only ever sent to the re-authenticated person.
 */
final class ConfirmationRequests {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.confirm");
    /** Duplicate keys and anything after the object are refused. */
    private static final ObjectMapper STRICT = ConfirmationSession.JSON.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final Map<String, List<String>> FIELDS = Map.of(
            "/pending", List.of(),
            "/show", List.of("id", "password", "totp"),
            "/answer", List.of("id", "digest", "answer", "ticket"),
            "/cancel", List.of("id"),
            "/phrase", List.of("phrase", "password", "totp"));

    /** An answer: the HTTP status and the JSON body. */
    record Reply(int status, ObjectNode body) {
    }

    /** A request refused before it reached the desk. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private final ConfirmationDesk desk;
    private final Supplier<ManagementUsers> users;
    private final Reauthentication reauthentication;
    private final ConfirmationTickets tickets;

    ConfirmationRequests(ConfirmationDesk desk, Supplier<ManagementUsers> users, Reauthentication reauthentication,
                         ConfirmationTickets tickets) {
        this.desk = desk;
        this.users = users;
        this.reauthentication = reauthentication;
        this.tickets = tickets;
    }

    /** Whether {@code path} is one of the operations. */
    static boolean isOperation(String path) {
        return FIELDS.containsKey(path);
    }

    /** Answers one request to {@code path} (an operation) from the holder of {@code certificate} (verified by TLS); {@code peer} is for the log. */
    Reply handle(String path, byte[] body, X509Certificate certificate, String peer) {
        try {
            ManagementUser person = person(certificate);
            JsonNode request = parse(path, body);
            String who = person.name() + " at " + peer;
            return switch (path) {
                case "/pending" -> pending(person.name());
                case "/show" -> show(request, person, fingerprint(certificate), peer);
                case "/answer" -> answer(request, person.name(), fingerprint(certificate), who);
                case "/cancel" -> cancel(text(request, "id"), person.name(), who);
                default -> phrase(request, person, peer);
            };
        } catch (Refused e) {
            return error(e.status, e.code, e.getMessage());
        } catch (ConfirmationRefused e) {
            return error(status(e.code()), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "confirmation listener: a request to " + path + " from " + peer + " failed", e);
            return error(500, "failed", "the element failed to answer: " + e.getClass().getSimpleName());
        }
    }

    static Reply error(int status, String code, String message) {
        ObjectNode body = ConfirmationSession.JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return new Reply(status, body);
    }

    private static int status(String deskCode) {
        return switch (deskCode) {
            case "not_found" -> 404;
            case "not_allowed", "unknown_person" -> 403;
            case "invalid_phrase" -> 400;
            case "internal_error" -> 500;
            default -> 409;
        };
    }

    /** The one user of the certificate's subject, with both factors. */
    private ManagementUser person(X509Certificate certificate) throws Refused {
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        String canonical = certificate.getSubjectX500Principal().getName(X500Principal.CANONICAL);
        List<ManagementUser> mapped = users.get().users().stream().filter(u -> u.certificateSubjects().contains(canonical)).toList();
        if (mapped.isEmpty()) {
            throw new Refused(403, "unknown_certificate", "the client certificate's subject [" + subject + "] is no management user");
        }
        if (mapped.size() > 1) {
            throw new Refused(403, "several_users", "the client certificate's subject [" + subject + "] is several management users ("
                    + String.join(", ", mapped.stream().map(ManagementUser::name).toList()) + "): keep it on one user in management-users.xml");
        }
        ManagementUser person = mapped.get(0);
        if (!person.canReauthenticate()) {
            throw new Refused(403, "no_factors", "management user " + person.name() + " has no <password> and <totp> in "
                    + "management-users.xml, so cannot confirm on this listener");
        }
        return person;
    }

    /** The body as one JSON object with exactly the operation's fields, each a non-empty string. */
    private static JsonNode parse(String path, byte[] body) throws Refused {
        JsonNode request;
        try {
            request = STRICT.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            // the parser's message may quote the body, which may hold a password
            throw new Refused(400, "bad_request", "the body is not JSON (at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): send one JSON object");
        }
        if (request == null || !request.isObject()) {
            throw new Refused(400, "bad_request", "the body is not a JSON object");
        }
        List<String> fields = FIELDS.get(path);
        for (Iterator<String> names = request.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new Refused(400, "bad_request", "a request to " + path + " has no field '" + printable(name) + "'; its fields are "
                        + (fields.isEmpty() ? "none" : String.join(", ", fields)));
            }
        }
        for (String field : fields) {
            JsonNode value = request.get(field);
            if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > 2048) {
                throw new Refused(400, "bad_request", "the field '" + field + "' of a request to " + path
                        + " is missing, empty, longer than 2048 characters or not a string");
            }
        }
        return request;
    }

    private static String text(JsonNode request, String field) {
        return request.get(field).asText();
    }

    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private Reply pending(String person) {
        ObjectNode body = ConfirmationSession.JSON.createObjectNode();
        body.putArray("pending");
        desk.pendingFor(person).forEach(c -> body.withArray("pending").add(CommandJson.toJson(c)));
        return new Reply(200, body);
    }

    private Reply show(JsonNode request, ManagementUser person, String certificate, String peer) throws Refused, ConfirmationRefused {
        reauthenticate(person, request, peer, "show " + text(request, "id"));
        Rendering rendering = desk.render(text(request, "id"), person.name());
        return new Reply(200, rendered(ConfirmationSession.JSON.createObjectNode(), rendering, person.name(), certificate));
    }

    private ObjectNode rendered(ObjectNode body, Rendering rendering, String person, String certificate) {
        ObjectNode node = body.putObject("rendering");
        node.put("id", rendering.commandId());
        node.put("text", rendering.text());
        node.put("digest", rendering.digest());
        body.put("ticket", tickets.issue(person, certificate, rendering.commandId(), rendering.digest()));
        body.put("ticketExpiresIn", tickets.lifetime().toSeconds());
        return body;
    }

    private void reauthenticate(ManagementUser person, JsonNode request, String peer, String operation) throws Refused {
        Reauthentication.Outcome outcome = reauthentication.check(person, text(request, "password"), text(request, "totp"), peer, operation);
        if (outcome instanceof Reauthentication.Outcome.Locked locked) {
            throw new Refused(429, "locked", "re-authentication of " + person.name() + " is locked until " + locked.until() + " after "
                    + reauthentication.maxFailures() + " failures in a row");
        }
        if (outcome instanceof Reauthentication.Outcome.Refused) {
            throw new Refused(401, "reauthentication_failed", "the password and one-time code were not accepted together; "
                    + reauthentication.maxFailures() + " failures in a row lock re-authentication for "
                    + reauthentication.lockout().toMinutes() + " minutes");
        }
    }

    private Reply answer(JsonNode request, String person, String certificate, String who) throws Refused, ConfirmationRefused {
        String id = text(request, "id");
        String digest = text(request, "digest");
        String word = text(request, "answer");
        if (!word.equals("yes") && !word.equals("no")) {
            throw new Refused(400, "bad_answer", "the answer is the word yes or the word no, nothing else");
        }
        Optional<String> why = tickets.take(text(request, "ticket"), person, certificate, id, digest);
        if (why.isPresent()) {
            LOG.log(Level.WARNING, "confirmation listener: an answer of " + who + " to command " + id + " refused: " + why.get());
            throw new Refused(403, "ticket_refused", "this answer has no ticket of a rendering of command " + printable(id)
                    + " with this digest shown to this certificate, or its ticket was used or expired: show the command again "
                    + "and answer what it shows");
        }
        Answer outcome = desk.answer(id, person, digest, word.equals("yes"));
        ObjectNode body = ConfirmationSession.JSON.createObjectNode();
        if (outcome instanceof Answer.Changed changed) {
            LOG.log(Level.INFO, "confirmation listener: " + who + " answered " + word + " to command " + id
                    + ", which changed since it was shown: the new rendering is shown, nothing ran");
            body.put("outcome", "changed");
            return new Reply(200, rendered(body, changed.rendering(), person, certificate));
        }
        Command command = outcome instanceof Answer.Ran ran ? ran.command() : ((Answer.Declined) outcome).command();
        String what = outcome instanceof Answer.Ran ? "ran" : "declined";
        LOG.log(Level.INFO, "confirmation listener: " + who + " answered " + word + " to command " + id + ": " + what + ", now "
                + command.state().wireName());
        body.put("outcome", what);
        body.set("command", CommandJson.toJson(command));
        return new Reply(200, body);
    }

    private Reply cancel(String id, String person, String who) throws ConfirmationRefused {
        Command command = desk.cancel(id, person);
        LOG.log(Level.INFO, "confirmation listener: " + who + " cancelled command " + id + ", now " + command.state().wireName());
        ObjectNode body = ConfirmationSession.JSON.createObjectNode();
        body.put("outcome", "cancelled");
        body.set("command", CommandJson.toJson(command));
        return new Reply(200, body);
    }

    private Reply phrase(JsonNode request, ManagementUser person, String peer) throws Refused, ConfirmationRefused {
        reauthenticate(person, request, peer, "phrase");
        String who = person.name() + " at " + peer;
        desk.setPhrase(person.name(), text(request, "phrase"));
        LOG.log(Level.INFO, "confirmation listener: " + who + " set their anti-spoofing phrase");
        ObjectNode body = ConfirmationSession.JSON.createObjectNode();
        body.put("phrase", "set");
        return new Reply(200, body);
    }

    /** The SHA-256 of the certificate's DER encoding, lower-case hex. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the certificate of a verified TLS peer cannot be hashed: " + e.getMessage(), e);
        }
    }
}
