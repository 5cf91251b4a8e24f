package org.gatehouse.management.confirm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandJson;
import org.gatehouse.management.confirm.ConfirmationDesk.Answer;
import org.gatehouse.management.confirm.ConfirmationDesk.ConfirmationRefused;
import org.gatehouse.management.confirm.ConfirmationDesk.Rendering;

/**
 * The requests of one connection to the local confirmation socket, for one person (docs/management.md
 * "Confirmation"). Each request is a JSON object on one line, each answer too:
 *
 * <pre>
 * {"op":"pending"}                                          {"pending":[command, ...]}
 * {"op":"show","id":ID}                                     {"rendering":{"id":ID,"text":...,"digest":...}}
 * {"op":"answer","id":ID,"digest":D,"answer":"yes"|"no"}    {"outcome":"ran"|"declined","command":...}
 *                                                           or {"outcome":"changed","rendering":{...}}
 * {"op":"cancel","id":ID}                                   {"outcome":"declined","command":...}
 * {"op":"phrase","phrase":P}                                {"phrase":"set"}
 * anything refused                                          {"error":{"code":...,"message":...}}
 * </pre>
 *
 * An answer is taken only for a rendering shown on this connection, with that rendering's digest:
 * the session remembers, per command, the digest of the last rendering it sent (by {@code show}, or
 * as the new rendering of a {@code changed} outcome) and forgets it once answered. So nothing can
 * confirm on this path without the rendering having been sent to it first, and an answer given on
 * one connection to what was shown on another is refused. The phrase is passed to the desk and
 * never written anywhere else: not in an answer, an error or the log.
 */
final class ConfirmationSession {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.confirm");
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Map<String, List<String>> FIELDS = Map.of(
            "pending", List.of(),
            "show", List.of("id"),
            "answer", List.of("id", "digest", "answer"),
            "cancel", List.of("id"),
            "phrase", List.of("phrase"));
    /** A decline that meets a changed command is tried again with the new rendering, this many times. */

    private final ConfirmationDesk desk;
    private final String peer;
    private final Map<String, String> shown = new HashMap<>();

    /** {@code peer} names the connection in the log, e.g. {@code uid 1000 (alice)}. */
    ConfirmationSession(ConfirmationDesk desk, String peer) {
        this.desk = desk;
        this.peer = peer;
    }

    /** A request refused before it reached the desk. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        BadRequest(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** The answer to one request line, made for {@code person}. */
    ObjectNode handle(String line, String person) {
        try {
            JsonNode request = parse(line);
            String op = request.get("op").asText();
            return switch (op) {
                case "pending" -> pending(person);
                case "show" -> show(text(request, op, "id"), person);
                case "answer" -> answer(request, person);
                case "cancel" -> cancel(text(request, op, "id"), person);
                default -> phrase(text(request, op, "phrase"), person);
            };
        } catch (BadRequest e) {
            return error(e.code, e.getMessage());
        } catch (ConfirmationRefused e) {
            return error(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "local confirmation socket: a request of " + peer + " as " + person + " failed", e);
            return error("failed", "the element failed to answer: " + e.getClass().getSimpleName());
        }
    }

    static ObjectNode error(String code, String message) {
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode error = answer.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return answer;
    }

    /** The request as an object with a known {@code op} and exactly that op's fields, each a string. */
    private static JsonNode parse(String line) throws BadRequest {
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            // the parser's own message may quote the line, and a phrase is never repeated
            throw new BadRequest("bad_request", "the request is not JSON (at column " + e.getLocation().getColumnNr()
                    + "): send one JSON object a line");
        }
        if (request == null || !request.isObject()) {
            throw new BadRequest("bad_request", "the request is not a JSON object: send one JSON object a line");
        }
        JsonNode op = request.get("op");
        if (op == null || !op.isTextual() || !FIELDS.containsKey(op.asText())) {
            throw new BadRequest("bad_request", "the request's 'op' must be one of " + Set.copyOf(FIELDS.keySet()).stream().sorted().toList());
        }
        List<String> allowed = FIELDS.get(op.asText());
        for (Iterator<String> names = request.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("op") && !allowed.contains(name)) {
                throw new BadRequest("bad_request", "a " + op.asText() + " request has no field '" + printable(name) + "'; its fields are "
                        + "op" + (allowed.isEmpty() ? "" : ", " + String.join(", ", allowed)));
            }
        }
        return request;
    }

    private static String text(JsonNode request, String op, String field) throws BadRequest {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new BadRequest("bad_request", "the field '" + field + "' of a " + op + " request is missing, empty or not a string");
        }
        return value.asText();
    }

    /** A field name as sent, cut short and without control characters, for a message. */
    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private ObjectNode pending(String person) {
        ObjectNode answer = JSON.createObjectNode();
        desk.pendingFor(person).forEach(c -> answer.withArray("pending").add(CommandJson.toJson(c)));
        if (!answer.has("pending")) {
            answer.putArray("pending");
        }
        return answer;
    }

    private ObjectNode show(String id, String person) throws ConfirmationRefused {
        Rendering rendering = desk.render(id, person);
        return rendered(JSON.createObjectNode(), rendering);
    }

    private ObjectNode rendered(ObjectNode answer, Rendering rendering) {
        shown.put(rendering.commandId(), rendering.digest());
        ObjectNode node = answer.putObject("rendering");
        node.put("id", rendering.commandId());
        node.put("text", rendering.text());
        node.put("digest", rendering.digest());
        return answer;
    }

    private ObjectNode answer(JsonNode request, String person) throws BadRequest, ConfirmationRefused {
        String id = text(request, "answer", "id");
        String digest = text(request, "answer", "digest");
        String word = text(request, "answer", "answer");
        if (!word.equals("yes") && !word.equals("no")) {
            throw new BadRequest("bad_answer", "the answer is the word yes or the word no, nothing else");
        }
        String shownDigest = shown.get(id);
        if (shownDigest == null) {
            throw new BadRequest("not_shown", "no rendering of command " + printable(id) + " was shown on this connection: "
                    + "show it first, then answer with its digest");
        }
        if (!shownDigest.equals(digest)) {
            throw new BadRequest("digest_mismatch", "the digest answered is not that of the rendering of command " + printable(id)
                    + " shown on this connection: show it again and answer what it shows");
        }
        Answer outcome = desk.answer(id, person, digest, word.equals("yes"));
        return outcome(id, person, outcome, word);
    }

    private ObjectNode outcome(String id, String person, Answer outcome, String word) {
        ObjectNode answer = JSON.createObjectNode();
        if (outcome instanceof Answer.Changed changed) {
            LOG.log(Level.INFO, "local confirmation socket: " + peer + " as " + person + " answered " + word + " to command " + id
                    + ", which changed since it was shown: the new rendering is shown, nothing ran");
            answer.put("outcome", "changed");
            return rendered(answer, changed.rendering());
        }
        shown.remove(id);
        Command command = outcome instanceof Answer.Ran ran ? ran.command() : ((Answer.Declined) outcome).command();
        String what = outcome instanceof Answer.Ran ? "ran" : "declined";
        LOG.log(Level.INFO, "local confirmation socket: " + peer + " as " + person + " answered " + word + " to command " + id
                + ": " + what + ", now " + command.state().wireName());
        answer.put("outcome", what);
        answer.set("command", CommandJson.toJson(command));
        return answer;
    }

    private ObjectNode cancel(String id, String person) throws ConfirmationRefused {
        return outcome(id, person, new Answer.Declined(desk.cancel(id, person)), "cancel");
    }

    private ObjectNode phrase(String phrase, String person) throws ConfirmationRefused {
        desk.setPhrase(person, phrase);
        LOG.log(Level.INFO, "local confirmation socket: " + peer + " set the anti-spoofing phrase of " + person);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("phrase", "set");
        return answer;
    }
}
