package org.gatehouse.itest.lifecycle;

import static org.gatehouse.itest.lifecycle.LifecycleElement.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edits of the install qualification files and of an extension's policy file made by hand while
 * the element runs, which the element would refuse to start with: none is put in force. The
 * element admits only bundles listed under {@code approved} (api-key-auth is, header-rewrite is
 * not); a rules edit that would admit anything, and a signature database edit that would unlist
 * api-key-auth, both broken, leave the files read before deciding, each logged with file and
 * line:column and named in the upload's answer; a broken policy file is a {@code conf.edit}
 * command aborted at its submission with its line:column, and the policy in force stays.
 */
class QualificationLiveEditIT {
    private static final String KEYS = "org.gatehouse.sample.api-key-auth";
    private static final String APPROVED_ONLY = """
            <?xml version="1.0" encoding="UTF-8"?>
            <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
              <rule name="approved-only" answer="enable">
                <match><reference-group>approved</reference-group></match>
              </rule>
            </qualification-rules>
            """;

    private CountingUpstream upstream;
    private LifecycleElement element;

    @BeforeEach
    void start() throws Exception {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        element.write("qualification-rules.xml", APPROVED_ONLY);
        Files.writeString(database(), """
                <?xml version="1.0" encoding="UTF-8"?>
                <signature-database xmlns="urn:gatehouse:signature-database:1">
                  <entry sha256="%s" added-by="sofia" added-at="2026-11-01T09:00:00Z">
                    <reference-group>approved</reference-group>
                  </entry>
                </signature-database>
                """.formatted(LifecycleElement.sha256(Files.readAllBytes(SampleJars.sample("api-key-auth")))));
        element.start();
    }

    @AfterEach
    void stop() {
        element.close();
        upstream.close();
    }

    private Path database() {
        return element.dataDir().resolve("signature-db.xml");
    }

    @Test
    void brokenEditsOfTheQualificationFilesAndOfAPolicyFileAreNotPutInForce() throws Exception {
        // would admit every bundle, listed or not, but names an element the schema does not know
        element.write("qualification-rules.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="everyone" answer="enable" hash-scope="any"><oops/></rule>
                </qualification-rules>
                """);
        HttpResponse<String> unlisted = element.api.uploadJar("POST", "extensions", SampleJars.sample("header-rewrite"), ADMIN);
        assertEquals(422, unlisted.statusCode(), "the rules read before still refuse an unlisted bundle: " + unlisted.body());
        assertTrue(unlisted.body().contains("not in signature database"), unlisted.body());
        assertTrue(unlisted.body().contains("qualification-rules.xml [3:"), "the answer names the edit not applied: " + unlisted.body());
        assertLogged("qualification-rules\\.xml \\[3:\\d+\\] /qualification-rules/rule\\[1\\][^:]*: .*; "
                + "the edit is not applied, the rules read before stay in force");

        // would unlist api-key-auth, with an entry the schema refuses
        element.write("qualification-rules.xml", APPROVED_ONLY);
        Files.writeString(database(), """
                <signature-database xmlns="urn:gatehouse:signature-database:1">
                  <entry sha256="ABC" added-by="sofia" added-at="2026-11-01T09:00:00Z"/>
                </signature-database>
                """);
        HttpResponse<String> listed = element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), ADMIN);
        assertEquals(202, listed.statusCode(), "the database read before still lists api-key-auth: " + listed.body());
        element.api.done(listed);
        assertLogged("signature-db\\.xml \\[2:\\d+\\] /signature-database/entry\\[1\\]: .*; "
                + "the edit is not applied, the database read before stays in force \\(1 entries\\)");

        // the installed extension's policy, broken by hand: an edit by hand is a conf.edit command, and content that does not read
        // is aborted at its submission with the reader's [line:col] (docs/management.md "Hand edits"); the policy in force stays
        Path policy = Files.createDirectories(element.gatehouse.confDir().resolve("extension-policies")).resolve(KEYS + ".xml");
        Files.writeString(policy, "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n  <oops/>\n</extension-policy>\n");
        Pattern aborted = Pattern.compile("\"conf\\.edit\"\\s*,\\s*\"target\"\\s*:\\s*\"extension-policies/" + Pattern.quote(KEYS)
                + "\\.xml\"(?s).*extension-policies/" + Pattern.quote(KEYS) + "\\.xml \\[2:\\d+\\] /extension-policy");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String commands = element.api.get("commands?state=aborted", LifecycleElement.AUDITOR).body();
        while (!aborted.matcher(commands).find() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            commands = element.api.get("commands?state=aborted", LifecycleElement.AUDITOR).body();
        }
        assertTrue(aborted.matcher(commands).find(), "the broken edit is an aborted conf.edit naming [line:col]: " + commands);
        HttpResponse<String> extension = element.api.get("extensions/" + KEYS, ADMIN);
        assertEquals(200, extension.statusCode(), extension.body());
        assertTrue(extension.body().contains("\"enabled\""), "still enabled: " + extension.body());
    }

    private void assertLogged(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pattern.matcher(element.gatehouse.logFile()).find() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(pattern.matcher(element.gatehouse.logFile()).find(), "logged: " + regex + "\n" + element.gatehouse.logFile());
    }
}
