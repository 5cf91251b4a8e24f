package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.audit.log.AuditLog;
import org.gatehouse.audit.log.AuditLogException;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.Checkpoint;
import org.gatehouse.audit.log.ConsistencyProof;
import org.gatehouse.audit.log.InclusionProof;
import org.gatehouse.audit.log.TreeHead;

/**
 * {@code /api/v1/audit}: the tamper-evident audit log read from outside (docs/management.md "Audit").
 * The records page by page exactly as stored (each with its stored line, so a reader can hash it
 * itself), the tree head with a signed checkpoint of it, inclusion and consistency proofs (RFC 9162
 * section 2.1.3 and 2.1.4), and the checkpoint public key. Every route reads; none changes the log's
 * records. Asking for the head signs a checkpoint of the current size when none covers it yet, so an
 * auditor always gets a signed statement of everything recorded so far.
 *
 * <pre>{@code
 * GET /api/v1/audit?from=0&limit=100
 * GET /api/v1/audit/head
 * GET /api/v1/audit/proof/consistency?from=120&to=180
 * }</pre>
 */
final class AuditRoutes {
    static final String BASE = ApiRoutes.PREFIX + "/audit";
    /** Records per page when {@code limit} is not given, and at most. */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** A page stops early (with {@code next}) once its payloads reach this many characters; it always holds one record. */
    static final int PAGE_CHARACTERS = 4 << 20;
    static final String PEM_TYPE = "application/x-pem-file";

    private final ElementServices services;

    AuditRoutes(ElementServices services) {
        this.services = services;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", BASE, Access.AUDIT, BodyLimit.NONE, this::records),
                new Route("GET", BASE + "/head", Access.AUDIT, BodyLimit.NONE, request -> head()),
                new Route("GET", BASE + "/proof/inclusion", Access.AUDIT, BodyLimit.NONE, this::inclusion),
                new Route("GET", BASE + "/proof/consistency", Access.AUDIT, BodyLimit.NONE, this::consistency),
                new Route("GET", BASE + "/key", Access.AUDIT, BodyLimit.NONE, request -> key()));
    }

    private ApiResponse records(ApiRequest request) throws ApiException {
        AuditLog log = services.requireAuditLog();
        long size = log.head().size();
        long from = number(request, "from", 0, size, 0);
        int limit = (int) number(request, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        List<AuditRecord> page = read(log, from, limit);
        ObjectNode body = Json.object();
        body.put("from", from);
        body.put("size", size);
        ArrayNode records = body.putArray("records");
        long characters = 0;
        for (AuditRecord record : page) {
            if (records.size() > 0 && characters + record.payload().length() > PAGE_CHARACTERS) {
                break;
            }
            characters += record.payload().length();
            records.add(recordJson(record));
        }
        long next = from + records.size();
        if (next < size) {
            body.put("next", next);
        } else {
            body.putNull("next");
        }
        return ApiResponse.ok(body);
    }

    private static List<AuditRecord> read(AuditLog log, long from, int limit) throws ApiException {
        try {
            return log.read(from, limit);
        } catch (AuditLogException e) {
            throw new ApiException(500, "audit_log_failed", e.getMessage(), List.of());
        }
    }

    /** A record as the log stores it, plus its hashes; {@code line} is the stored line, whose bytes are chained and hashed. */
    static ObjectNode recordJson(AuditRecord record) {
        ObjectNode node = Json.object();
        node.put("sequence", record.sequence());
        node.put("time", record.time().toString());
        node.put("kind", record.kind());
        node.put("actor", record.actor());
        node.put("subject", record.subject());
        node.put("payload", record.payload());
        node.put("previousHash", record.previousHash());
        node.put("hash", record.hash());
        node.put("leafHash", record.leafHash());
        node.put("line", new String(record.canonicalBytes(), StandardCharsets.UTF_8));
        return node;
    }

    private ApiResponse head() throws ApiException {
        AuditLog log = services.requireAuditLog();
        Optional<Checkpoint> signed;
        TreeHead head;
        try {
            Checkpoint now = log.checkpoint();
            signed = Optional.of(now);
            head = now.head();
        } catch (AuditLogException e) {
            // a log that refuses to write still reads: the unsigned head and the last checkpoint it made
            head = log.head();
            signed = log.latestCheckpoint();
        }
        ObjectNode body = Json.object();
        body.put("size", head.size());
        body.put("rootHash", head.rootHash());
        if (signed.isPresent()) {
            body.set("checkpoint", checkpointJson(signed.get()));
        } else {
            body.putNull("checkpoint");
        }
        return ApiResponse.ok(body);
    }

    static ObjectNode checkpointJson(Checkpoint checkpoint) {
        ObjectNode node = Json.object();
        node.put("treeSize", checkpoint.treeSize());
        node.put("rootHash", checkpoint.rootHash());
        node.put("time", checkpoint.time().toString());
        node.put("keyId", checkpoint.keyId());
        node.put("signature", checkpoint.signature());
        return node;
    }

    private ApiResponse inclusion(ApiRequest request) throws ApiException {
        AuditLog log = services.requireAuditLog();
        long size = log.head().size();
        if (size == 0) {
            throw ApiException.badRequest("the audit log is empty: no record has an inclusion proof yet");
        }
        long treeSize = number(request, "size", 1, size, size);
        long sequence = required(request, "sequence", 0, treeSize - 1);
        InclusionProof proof = log.inclusionProof(sequence, treeSize);
        ObjectNode body = Json.object();
        body.put("sequence", sequence);
        body.put("size", treeSize);
        body.put("leafHash", read(log, sequence, 1).get(0).leafHash());
        body.set("path", Json.array(proof.path()));
        return ApiResponse.ok(body);
    }

    private ApiResponse consistency(ApiRequest request) throws ApiException {
        AuditLog log = services.requireAuditLog();
        long size = log.head().size();
        long to = number(request, "to", 0, size, size);
        long from = required(request, "from", 0, to);
        ConsistencyProof proof = log.consistencyProof(from, to);
        ObjectNode body = Json.object();
        body.put("from", from);
        body.put("to", to);
        body.set("path", Json.array(proof.path()));
        return ApiResponse.ok(body);
    }

    private ApiResponse key() throws ApiException {
        AuditLog log = services.requireAuditLog();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(log.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return new ApiResponse(200, PEM_TYPE, pem.getBytes(StandardCharsets.US_ASCII),
                Map.of("Content-Disposition", "attachment; filename=\"element-key.pub.pem\""));
    }

    private static long required(ApiRequest request, String name, long min, long max) throws ApiException {
        if (request.queryParameter(name).isEmpty()) {
            throw ApiException.badRequest("query parameter '" + name + "' is required: a whole number from " + min + " to " + max);
        }
        return number(request, name, min, max, min);
    }

    /** A whole-number query parameter in {@code [min, max]}; anything else is a 400 naming the parameter, its value and the range. */
    private static long number(ApiRequest request, String name, long min, long max, long absent) throws ApiException {
        Optional<String> text = request.queryParameter(name);
        if (text.isEmpty()) {
            return absent;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be a whole number from " + min + " to " + max
                    + ", not '" + printable(text.get()) + "'");
        }
        if (value < min || value > max) {
            throw ApiException.badRequest("query parameter '" + name + "' is " + value + "; it must be from " + min + " to " + max);
        }
        return value;
    }

    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.codePoints().mapToObj(c -> Character.isISOControl(c) ? String.format("\\x%02x", c) : Character.toString(c))
                .reduce("", String::concat);
    }
}
