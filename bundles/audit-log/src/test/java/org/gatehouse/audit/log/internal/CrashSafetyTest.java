package org.gatehouse.audit.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.gatehouse.audit.log.AuditRecord;
import org.gatehouse.audit.log.Verification;
import org.gatehouse.audit.log.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability against the process dying, with real processes: a child JVM ({@link AppendLoop})
 * appends in a loop and prints each sequence number once its append returned; it is killed with
 * SIGKILL at a random moment, several times over the same folder. After each kill the folder
 * verifies and holds every acknowledged record, byte for byte. A second child runs with a file
 * size limit ({@code ulimit -f}), so that a write really fails: its appends must throw, be
 * counted, and stay refused.
 */
class CrashSafetyTest {
    private static final int PAYLOAD = 300;

    @TempDir
    Path folder;

    @Test
    void killedWhileAppendingTheLogVerifiesAndKeepsEveryAcknowledgedRecord() throws Exception {
        Random random = new Random();
        TreeSet<Long> acknowledged = new TreeSet<>();
        for (int round = 0; round < 4; round++) {
            Process child = start(List.of(), folder.toString(), String.valueOf(PAYLOAD), "7");
            int killAfter = 20 + random.nextInt(200);
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int acks = 0;
            while (acks < killAfter && (line = out.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acknowledged.add(Long.parseLong(line.substring(4)));
                    acks++;
                }
            }
            // SIGKILL in the middle of the loop; acknowledgements still in the pipe are lost to the test, not to the log
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed with SIGKILL");

            Verification v = Verifier.verify(folder);
            assertTrue(v.ok(), "round " + round + ": " + v.summary());
            assertTrue(v.records() > acknowledged.last(), "round " + round + ": " + v.records() + " records, acknowledged up to " + acknowledged.last());
        }
        try (FileAuditLog log = FileAuditLog.open(folder, 7, Clock.systemUTC())) {
            List<AuditRecord> records = log.read(0, (int) log.head().size());
            for (long seq : acknowledged) {
                assertEquals(AppendLoop.payload(seq, PAYLOAD), records.get((int) seq).payload(), "record " + seq);
            }
        }
    }

    @Test
    void aWriteThatFailsIsRefusedCountedAndTheLogStaysRefusing() throws Exception {
        // bash counts ulimit -f in blocks of 1024 bytes: the records file cannot grow past 32 KiB
        Process child = start(List.of("bash", "-c", "ulimit -f 32 && exec \"$0\" \"$@\""), folder.toString(), "1000", "1000");
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null;) {
                lines.add(line);
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, child.exitValue(), String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
        String refused = lines.get(lines.size() - 2);
        assertTrue(refused.matches("refused 1 audit record \\d+ could not be made durable \\(.*\\); reopen the log to continue"), refused);
        assertEquals("refused-again 2", lines.get(lines.size() - 1));
        long acks = lines.stream().filter(l -> l.startsWith("ack ")).count();
        assertTrue(acks > 10, acks + " records were written before the limit");

        Verification v = Verifier.verify(folder);
        assertTrue(v.ok(), v.summary());
        assertEquals(acks, v.records(), "every acknowledged record and nothing else");
    }

    private static Process start(List<String> wrapper, String... args) throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:-UsePerfData");
        command.add("-Xshare:off");
        command.add("-cp");
        // the log needs nothing but its own classes and the JDK
        command.add(Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath());
        command.add(AppendLoop.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
