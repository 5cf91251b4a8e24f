package org.gatehouse.audit.log.internal.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.Checkpoint;

/**
 * The lines of the two audit files in {@link CanonicalJson}. A record is
 * {@code {"actor","kind","payload","prev","seq","subject","time"}}; a checkpoint is
 * {@code {"key","root","sig","size","time"}}, and its signature covers {@link #CHECKPOINT_CONTEXT}
 * followed by the same object without {@code sig}, so a signature over a checkpoint can never be
 * taken for one over anything else. Times are ISO-8601 instants in UTC as {@link Instant#toString()}
 * writes them.
 */
public final class RecordCodec {
    /** Domain separation of checkpoint signatures. */
    public static final String CHECKPOINT_CONTEXT = "gatehouse audit checkpoint v1\n";
    private static final Set<String> RECORD_MEMBERS = Set.of("actor", "kind", "payload", "prev", "seq", "subject", "time");
    private static final Set<String> CHECKPOINT_MEMBERS = Set.of("key", "root", "sig", "size", "time");

    private RecordCodec() {
    }

    public static byte[] encode(AuditRecord record) {
        TreeMap<String, Object> members = new TreeMap<>();
        members.put("actor", record.actor());
        members.put("kind", record.kind());
        members.put("payload", record.payload());
        members.put("prev", record.previousHash());
        members.put("seq", record.sequence());
        members.put("subject", record.subject());
        members.put("time", record.time().toString());
        return CanonicalJson.encode(members);
    }

    /** Reads a record line (without its newline); throws naming what is wrong. */
    public static AuditRecord decodeRecord(byte[] line) {
        Map<String, Object> m = members(line, RECORD_MEMBERS);
        return new AuditRecord(number(m, "seq"), time(m), text(m, "kind"), text(m, "actor"), text(m, "subject"), text(m, "payload"),
                text(m, "prev"));
    }

    public static byte[] encode(Checkpoint checkpoint) {
        TreeMap<String, Object> members = signedMembers(checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.time(), checkpoint.keyId());
        members.put("sig", checkpoint.signature());
        return CanonicalJson.encode(members);
    }

    /** Reads a checkpoint line (without its newline); throws naming what is wrong. */
    public static Checkpoint decodeCheckpoint(byte[] line) {
        Map<String, Object> m = members(line, CHECKPOINT_MEMBERS);
        return new Checkpoint(number(m, "size"), text(m, "root"), time(m), text(m, "key"), text(m, "sig"));
    }

    /** What a checkpoint's signature covers. */
    public static byte[] signedCheckpointBytes(long treeSize, String rootHash, Instant time, String keyId) {
        byte[] context = CHECKPOINT_CONTEXT.getBytes(StandardCharsets.US_ASCII);
        byte[] body = CanonicalJson.encode(signedMembers(treeSize, rootHash, time, keyId));
        byte[] all = new byte[context.length + body.length];
        System.arraycopy(context, 0, all, 0, context.length);
        System.arraycopy(body, 0, all, context.length, body.length);
        return all;
    }

    private static TreeMap<String, Object> signedMembers(long treeSize, String rootHash, Instant time, String keyId) {
        TreeMap<String, Object> members = new TreeMap<>();
        members.put("key", keyId);
        members.put("root", rootHash);
        members.put("size", treeSize);
        members.put("time", time.toString());
        return members;
    }

    private static Map<String, Object> members(byte[] line, Set<String> expected) {
        Map<String, Object> m = CanonicalJson.parse(line);
        if (!m.keySet().equals(expected)) {
            throw new IllegalArgumentException("members " + m.keySet() + ", expected " + new TreeSet<>(expected));
        }
        return m;
    }

    private static String text(Map<String, Object> m, String name) {
        if (m.get(name) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(name + " must be a string");
    }

    private static long number(Map<String, Object> m, String name) {
        if (m.get(name) instanceof Long n) {
            return n;
        }
        throw new IllegalArgumentException(name + " must be a number");
    }

    private static Instant time(Map<String, Object> m) {
        String text = text(m, "time");
        try {
            Instant time = Instant.parse(text);
            if (!time.toString().equals(text)) {
                throw new IllegalArgumentException("time " + text + " is not in canonical form");
            }
            return time;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time " + text + " is not an instant");
        }
    }
}
