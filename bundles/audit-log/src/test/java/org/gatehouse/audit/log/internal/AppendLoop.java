package org.gatehouse.audit.log.internal;

import java.nio.file.Path;
import java.time.Clock;
import org.gatehouse.audit.log.AuditKind;
import org.gatehouse.audit.log.AuditLogException;

/**
 * The child process of {@link CrashSafetyTest}: opens the log in {@code args[0]} (repairing what
 * the previous child left), then appends records of {@code args[1]} characters, a checkpoint every
 * {@code args[2]}, and prints {@code ack <seq>} once each append returned. When an append fails it
 * prints {@code refused <failed appends>}, tries once more, prints {@code refused-again <failed
 * appends>} and exits 3.
 */
public final class AppendLoop {
    private AppendLoop() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        int every = Integer.parseInt(args[2]);
        try (FileAuditLog log = FileAuditLog.open(folder, every, Clock.systemUTC())) {
            System.out.println("open " + log.head().size());
            System.out.flush();
            while (true) {
                long expected = log.head().size();
                try {
                    long seq = log.append(AuditKind.COMMAND_STATUS, "child", "command " + expected, payload(expected, size));
                    if (seq != expected) {
                        throw new IllegalStateException("appended " + seq + ", expected " + expected);
                    }
                    System.out.println("ack " + seq);
                    System.out.flush();
                } catch (AuditLogException e) {
                    System.out.println("refused " + log.failedAppends() + " " + e.getMessage());
                    try {
                        log.append(AuditKind.COMMAND_STATUS, "child", "again", "again");
                    } catch (AuditLogException again) {
                        System.out.println("refused-again " + log.failedAppends());
                    }
                    System.out.flush();
                    System.exit(3);
                }
            }
        }
    }

    /** The payload of record {@code seq}: its number, padded to {@code size} characters. */
    public static String payload(long seq, int size) {
        StringBuilder text = new StringBuilder("record ").append(seq).append(' ');
        while (text.length() < size) {
            text.append((char) ('a' + text.length() % 26));
        }
        return text.toString();
    }
}
