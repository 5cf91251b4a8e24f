package org.gatehouse.audit.log;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the {@link Verifier} found in an audit log folder.
 *
 * @param records             records that verified, from 0
 * @param checkpoints         checkpoints that verified
 * @param lastCheckpoint      tree size of the last checkpoint that verified
 * @param tornRecordBytes     bytes after the last complete record: a write that did not finish (opening the log for writing removes them)
 * @param tornCheckpointBytes the same for the checkpoints file
 * @param problem             the first problem, if any
 */
public record Verification(long records, int checkpoints, OptionalLong lastCheckpoint, long tornRecordBytes, long tornCheckpointBytes,
        Optional<Problem> problem) {

    /** What can be wrong. */
    public enum Fault {
        /** A record's bytes are not what the chain or the tree say they were. */
        CHANGED,
        /** Records stand in another order than their sequence numbers and chain. */
        REORDERED,
        /** A record is missing from the middle of the log. */
        REMOVED,
        /** A record that the chain does not hold stands in the log. */
        INSERTED,
        /** The log ends before the size a signed checkpoint covers. */
        TRUNCATED,
        /** A line is not a canonical record or checkpoint. */
        MALFORMED,
        /** A checkpoint's signature does not verify with the given key. */
        BAD_SIGNATURE
    }

    /**
     * One problem: the first bad record (when one can be named), the fault and a sentence.
     *
     * @param sequence the sequence number of the first bad record, or empty when no record is named (a checkpoint's signature)
     * @param fault    what is wrong
     * @param message  one line, starting with the record or checkpoint it is about
     */
    public record Problem(OptionalLong sequence, Fault fault, String message) {
    }

    /** True when every record and checkpoint verified (a torn tail is not tampering). */
    public boolean ok() {
        return problem.isEmpty();
    }

    /** One line: {@code ok: N records, last checkpoint at M} or the problem. */
    public String summary() {
        if (problem.isPresent()) {
            return problem.get().message();
        }
        String at = lastCheckpoint.isPresent() ? "last checkpoint at " + lastCheckpoint.getAsLong() : "no checkpoint yet";
        String torn = tornRecordBytes + tornCheckpointBytes == 0 ? ""
                : " (" + (tornRecordBytes + tornCheckpointBytes) + " bytes of an unfinished last write, removed when the log is next opened)";
        return "ok: " + records + " records, " + at + torn;
    }
}
