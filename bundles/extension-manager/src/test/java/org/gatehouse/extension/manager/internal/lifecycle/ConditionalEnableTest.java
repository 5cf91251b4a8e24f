package org.gatehouse.extension.manager.internal.lifecycle;

import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.passing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.gatehouse.extension.manager.api.ExtensionConditions;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.ExtensionState;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.policy.engine.api.PolicyService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * The conditions of a conditional enable acting, in a real Felix with the real control module:
 * the higher audit level is set for the extension the rule names and for no other, and an enable
 * limited in time ends at its end, also when the element was down at that moment, while an
 * extension enabled unconditionally keeps running.
 */
class ConditionalEnableTest {
    static final String RULES = """
            <qualification-rules xmlns='urn:gatehouse:qualification-rules:1'>
              <rule name='trial' answer='conditional-enable' hash-scope='any'>
                <match><uploader>trial</uploader></match>
                <extra-audit note='watch it'/>
                <time-limit duration='%s' note='a trial'/>
              </rule>
              <rule name='audited' answer='conditional-enable' hash-scope='any'>
                <match><uploader>auditor</uploader></match>
                <extra-audit/>
              </rule>
              <rule name='plain' answer='enable' hash-scope='any'><match><uploader>alice</uploader></match></rule>
              <rule name='nobody-else' answer='deny' hash-scope='any'/>
            </qualification-rules>
            """;
    private static final Uploader TRIAL = new Uploader("trial", "trial.jar");
    private static final Uploader ALICE = new Uploader("alice", "plain.jar");

    @TempDir
    Path temp;
    ManagerFramework element;

    void start(String limit) throws Exception {
        Path conf = Files.createDirectories(temp.resolve("home/conf"));
        Files.writeString(conf.resolve("qualification-rules.xml"), RULES.formatted(limit));
        element = ManagerFramework.start(temp);
    }

    @AfterEach
    void stop() throws Exception {
        if (element != null) {
            element.close();
        }
    }

    private Path jar(String name) throws Exception {
        return passing(name, "1.0.0").writeTo(temp.resolve("uploads").resolve(name + ".jar"));
    }

    private java.util.Properties record(String symbolicName) throws java.io.IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(element.store().resolve("extensions/" + symbolicName + "/record.properties"))) {
            p.load(in);
        }
        return p;
    }

    private PolicyService policies() {
        return element.system.getService(element.system.getServiceReference(PolicyService.class));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @BeforeEach
    void noElementYet() {
        element = null;
    }

    @Test
    void extraAuditPutsOnlyTheConditionalExtensionAtTheHigherAuditLevelAndRemovalTakesItBack() throws Exception {
        start("1d");
        element.manager.install(jar("com.acme.watched"), Optional.empty(), new Uploader("auditor", "w.jar"));
        element.manager.install(jar("com.acme.plain"), Optional.empty(), ALICE);

        assertTrue(policies().auditsEveryUse("com.acme.watched"));
        assertFalse(policies().auditsEveryUse("com.acme.plain"), "an extension enabled unconditionally keeps the normal level");
        assertEquals(new ExtensionConditions(List.of("extra-audit"), true, Optional.empty(), Optional.empty()),
                element.manager.conditionsOf("com.acme.watched").orElseThrow());
        assertEquals(ExtensionConditions.none(), element.manager.conditionsOf("com.acme.plain").orElseThrow());

        element.restart();
        assertTrue(policies().auditsEveryUse("com.acme.watched"), "the level is set again at start, from the store");
        assertFalse(policies().auditsEveryUse("com.acme.plain"));

        element.manager.remove("com.acme.watched");
        assertFalse(policies().auditsEveryUse("com.acme.watched"));
    }

    @Test
    void anUpgradeQualifiedWithoutConditionsLeavesTheHigherLevelAndOneWithThemTakesIt() throws Exception {
        start("1d");
        element.manager.install(jar("com.acme.up"), Optional.empty(), ALICE);
        assertFalse(policies().auditsEveryUse("com.acme.up"));
        element.manager.upgrade("com.acme.up", passing("com.acme.up", "2.0.0").writeTo(temp.resolve("up-2.jar")), Optional.empty(),
                new Uploader("auditor", "up-2.jar"));
        assertTrue(policies().auditsEveryUse("com.acme.up"));
        element.manager.upgrade("com.acme.up", passing("com.acme.up", "3.0.0").writeTo(temp.resolve("up-3.jar")), Optional.empty(), ALICE);
        assertFalse(policies().auditsEveryUse("com.acme.up"));
        assertEquals(ExtensionConditions.none(), element.manager.conditionsOf("com.acme.up").orElseThrow());
    }

    @Test
    void aTimeLimitedEnableEndsAtItsEndAndAnUnconditionalOneRuns() throws Exception {
        start("3s");
        ExtensionRecord trial = element.manager.install(jar("com.acme.trial"), Optional.empty(), TRIAL);
        element.manager.install(jar("com.acme.plain"), Optional.empty(), ALICE);
        ExtensionConditions conditions = element.manager.conditionsOf("com.acme.trial").orElseThrow();
        assertEquals(Optional.of(trial.installedAt().plusSeconds(3)), conditions.enabledUntil());
        assertEquals(List.of("extra-audit (watch it)", "time-limit [PT3S] (a trial)"), conditions.conditions());
        assertEquals(conditions.enabledUntil().get().toString(), record("com.acme.trial").getProperty("enabled-until"),
                "the end is kept with the record");

        await("the trial disabled", () -> element.manager.get("com.acme.trial").orElseThrow().state() == ExtensionState.DISABLED);

        assertNotEquals(Bundle.ACTIVE, element.only("com.acme.trial").getState());
        String reason = element.manager.conditionsOf("com.acme.trial").orElseThrow().disabledBecause().orElseThrow();
        assertEquals("the enable of com.acme.trial 1.0.0 ended at " + conditions.enabledUntil().get()
                + " (condition time-limit [PT3S] (a trial))", reason);
        assertEquals(ExtensionState.ENABLED, element.manager.get("com.acme.plain").orElseThrow().state());
        assertEquals(Bundle.ACTIVE, element.only("com.acme.plain").getState(), "the unconditional extension keeps running");
        String audit = Files.readString(element.data.resolve("audit/audit.log"), StandardCharsets.UTF_8);
        assertTrue(audit.contains("extension.disabled") && audit.contains("extension com.acme.trial 1.0.0 disabled: " + reason), audit);

        ExtensionOperationException again = assertThrows(ExtensionOperationException.class, () -> element.manager.enable("com.acme.trial"));
        assertEquals(ExtensionOperationException.Kind.CONFLICT, again.kind());
        assertEquals(reason + "; upload it again (upgrade) for qualification to decide anew", again.getMessage());
        assertNotEquals(Bundle.ACTIVE, element.only("com.acme.trial").getState());

        element.restart();
        assertEquals(ExtensionState.DISABLED, element.manager.get("com.acme.trial").orElseThrow().state());
        assertEquals(Optional.of(reason), element.manager.conditionsOf("com.acme.trial").orElseThrow().disabledBecause(),
                "the reason survives a restart");

        // a new upload is qualified anew: its own window, disabled until an admin enables it
        element.manager.upgrade("com.acme.trial", passing("com.acme.trial", "1.1.0").writeTo(temp.resolve("trial-1.1.jar")),
                Optional.empty(), TRIAL);
        assertEquals(Optional.empty(), element.manager.conditionsOf("com.acme.trial").orElseThrow().disabledBecause());
        assertEquals(ExtensionState.ENABLED, element.manager.enable("com.acme.trial").state());
        await("the new window ends too", () -> element.manager.get("com.acme.trial").orElseThrow().state() == ExtensionState.DISABLED);
    }

    @Test
    void aWindowThatEndedWhileTheElementWasDownDisablesAtStartBeforeTheExtensionRuns() throws Exception {
        start("2s");
        element.manager.install(jar("com.acme.trial"), Optional.empty(), TRIAL);
        element.manager.install(jar("com.acme.plain"), Optional.empty(), ALICE);
        Instant end = element.manager.conditionsOf("com.acme.trial").orElseThrow().enabledUntil().orElseThrow();

        element.restart(() -> {
            while (Instant.now().isBefore(end.plusMillis(200))) {
                Thread.sleep(100);
            }
        });

        assertEquals(ExtensionState.DISABLED, element.manager.get("com.acme.trial").orElseThrow().state());
        assertTrue(List.of(Bundle.INSTALLED, Bundle.RESOLVED).contains(element.only("com.acme.trial").getState()),
                "installed, never started: no bladelet of it was offered to the flows");
        assertTrue(element.manager.conditionsOf("com.acme.trial").orElseThrow().disabledBecause().orElseThrow()
                .startsWith("the enable of com.acme.trial 1.0.0 ended at " + end));
        assertEquals("DISABLED", record("com.acme.trial").getProperty("state"));
        assertEquals(Bundle.ACTIVE, element.only("com.acme.plain").getState());
        assertTrue(Files.readString(element.data.resolve("audit/audit.log")).contains("extension com.acme.trial 1.0.0 disabled"));
    }
}
