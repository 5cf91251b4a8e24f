package org.gatehouse.channels.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.gatehouse.platform.files.AtomicFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy file read again on change: the last good policy stays when an edit is broken. */
class ChannelPolicyFileTest {
    private static final String HEAD = """
            <channel-policy xmlns="urn:gatehouse:channel-policy:1">
              <identity name="a"><spiffe id="spiffe://example.org/a"/></identity>
              <service name="s" host="s.internal"><port number="80" protocol="http"/></service>
            """;

    @TempDir
    Path dir;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger log = Logger.getLogger("org.gatehouse.channels.policy");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        log.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        log.removeHandler(capture);
    }

    private static String withRules(String... names) {
        StringBuilder xml = new StringBuilder(HEAD);
        for (String name : names) {
            xml.append("  <rule name=\"").append(name).append("\" answer=\"enable\"><from identity=\"a\"/><to service=\"s\"/></rule>\n");
        }
        return xml.append("</channel-policy>\n").toString();
    }

    private static List<String> ruleNames(ChannelPolicyFile file) {
        return file.current().rules().stream().map(ChannelRule::name).toList();
    }

    @Test
    void twoQuickEditsEndWithTheSecondInForce() throws Exception {
        Path path = Files.writeString(dir.resolve("channel-policy.xml"), withRules("first"));
        try (ChannelPolicyFile file = ChannelPolicyFile.open(path).watch(Duration.ofMillis(50))) {
            assertEquals(List.of("first"), ruleNames(file));
            AtomicFile.replace(path, withRules("second").getBytes(StandardCharsets.UTF_8));
            Files.writeString(path, withRules("third", "fourth"));  // in place, straight after
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ruleNames(file).equals(List.of("third", "fourth")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("third", "fourth"), ruleNames(file));
        }
    }

    @Test
    void aBrokenEditKeepsTheLastGoodPolicyAndLogsWhere() throws Exception {
        Path path = Files.writeString(dir.resolve("channel-policy.xml"), withRules("good"));
        try (ChannelPolicyFile file = ChannelPolicyFile.open(path)) {
            ChannelPolicy good = file.current();
            Files.writeString(path, HEAD + "  <rule name=\"bad\" answer=\"enable\"><from group=\"ops\"/><to service=\"s\"/></rule>\n</channel-policy>\n");
            file.checkNow();
            assertSame(good, file.current(), "the last good policy stays");
            String problem = "channel-policy.xml [4:55] /channel-policy/rule[1]/from[1]: unknown group [ops]; groups: []";
            assertEquals(Optional.of(problem), file.problem());
            assertTrue(logged.contains("SEVERE channel policy not changed, the last good one stays: " + problem), logged.toString());

            Files.writeString(path, withRules("good", "better"));
            file.checkNow();
            assertEquals(List.of("good", "better"), ruleNames(file), "a good edit after a broken one is taken");
            assertEquals(Optional.empty(), file.problem());

            Files.delete(path);
            file.checkNow();
            assertEquals(List.of("good", "better"), ruleNames(file), "a removed file changes nothing");
        }
    }

    @Test
    void aMissingOrBrokenFileAtStartDeniesEveryChannel() throws Exception {
        Path missing = dir.resolve("channel-policy.xml");
        try (ChannelPolicyFile file = ChannelPolicyFile.open(missing)) {
            assertSame(ChannelPolicy.DENY_ALL, file.current());
            assertTrue(file.problem().orElseThrow().startsWith("channel-policy.xml: file not found: "), file.problem().toString());
            Files.writeString(missing, withRules("late"));
            file.checkNow();
            assertEquals(List.of("late"), ruleNames(file), "a file that appears later is read");
        }
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<channel-policy xmlns=\"urn:gatehouse:channel-policy:1\"><rule/>");
        try (ChannelPolicyFile file = ChannelPolicyFile.open(broken)) {
            assertSame(ChannelPolicy.DENY_ALL, file.current());
            assertTrue(file.problem().orElseThrow().startsWith("broken.xml [1:"), file.problem().toString());
            assertTrue(logged.stream().anyMatch(l -> l.startsWith("SEVERE channel policy not changed, every channel denied: broken.xml [1:")),
                    logged.toString());
        }
    }
}
