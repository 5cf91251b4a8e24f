package org.gatehouse.itest.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A policy file of {@code conf/} edited by hand while the element runs, or while it is stopped,
 * through the real distribution (docs/management.md "Hand edits"): it is not in force; it waits
 * as a {@code conf.edit} command whose rendering shows the grant it adds; confirmed with
 * {@code bin/gatehouse commands confirm} it is in force; declined it stays out of force and the
 * difference is recorded; content that does not read is aborted naming {@code [line:col]}; a
 * restart loads the content in force and submits the edit again; a policy replaced over the API
 * and confirmed is no hand edit.
 */
class HandEditsIT {
    private static final Duration CLI = Duration.ofSeconds(90);
    private static final String KEYS = "org.gatehouse.sample.api-key-auth";
    private static final String FILE = "extension-policies/" + KEYS + ".xml";
    private static final Pattern CONF_EDIT = Pattern.compile(
            "\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"\\s*,\\s*\"type\"\\s*:\\s*\"conf\\.edit\"\\s*,\\s*\"target\"\\s*:\\s*\"([^\"]+)\"");

    private CountingUpstream upstream;
    private LifecycleElement element;

    @AfterEach
    void stop() {
        if (element != null) {
            element.close();
            upstream.close();
        }
    }

    private void start() {
        upstream = new CountingUpstream();
        element = new LifecycleElement(upstream, "");
        element.start();
        element.api.done(element.api.uploadJar("POST", "extensions", SampleJars.sample("api-key-auth"), LifecycleElement.ADMIN));
    }

    private static String policy(String... sockets) {
        StringBuilder xml = new StringBuilder("<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n"
                + "  <permission type=\"file\" name=\"${extension.data}/-\" actions=\"read\"/>\n");
        for (String socket : sockets) {
            xml.append("  <permission type=\"socket\" name=\"").append(socket).append("\" actions=\"connect\"/>\n");
        }
        return xml.append("</extension-policy>\n").toString();
    }

    private String extension() {
        return element.api.get("extensions/" + KEYS, LifecycleElement.ADMIN).body();
    }

    /** The conf.edit commands in {@code state} for {@code target}, waiting up to 30 s for at least {@code count}. */
    private List<String> confEdits(String state, String target, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> ids = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ids.clear();
            Matcher m = CONF_EDIT.matcher(element.api.get("commands?state=" + state, LifecycleElement.AUDITOR).body());
            while (m.find()) {
                if (m.group(2).equals(target)) {
                    ids.add(m.group(1));
                }
            }
            if (ids.size() >= count) {
                break;
            }
            Thread.sleep(200);
        }
        return List.copyOf(ids);
    }

    private CommandResult answer(String id, String answer) {
        return element.gatehouse.commandWithInput(CLI, answer, "commands", "confirm", id);
    }

    @Test
    void anExtensionPolicyEditedByHandIsInForceOnlyOnceAPersonConfirmsIt() throws Exception {
        start();
        assertFalse(extension().contains("127.0.0.1:6379"), extension());

        element.write(FILE, policy("127.0.0.1:6379"));
        List<String> awaiting = confEdits("awaiting_confirmation", FILE, 1);
        assertEquals(1, awaiting.size(), "a conf.edit awaits confirmation");
        assertFalse(extension().contains("127.0.0.1:6379"), "not in force before it is confirmed: " + extension());
        String command = element.api.get("commands/" + awaiting.get(0), LifecycleElement.AUDITOR).body();
        assertTrue(command.contains("\"submitter\" : \"(host)\""), command);
        assertTrue(command.contains("edited by hand on the host: conf/" + FILE), command);

        element.api.confirm(awaiting.get(0)); // sets the phrase once
        assertTrue(extension().contains("127.0.0.1:6379"), "in force once confirmed: " + extension());
        assertEquals("done", state(awaiting.get(0)));

        // declined: the content in force stays, the file stays as edited, and the difference is recorded
        element.write(FILE, policy("127.0.0.1:6379", "127.0.0.1:6380"));
        String declined = confEdits("awaiting_confirmation", FILE, 1).get(0);
        CommandResult no = answer(declined, "no\n");
        assertTrue(no.output().contains("+ ext:" + KEYS), "the rendering shows the grant added: " + no.output());
        assertTrue(no.output().contains("socket 127.0.0.1:6380 connect"), no.output());
        assertTrue(no.output().contains("declined: cancelled"), no.output());
        assertFalse(extension().contains("127.0.0.1:6380"), extension());
        assertTrue(extension().contains("127.0.0.1:6379"), extension());
        assertTrue(awaitAudit("conf.differs"), "the file left differing from the content in force is in the audit log");

        // content that does not read: aborted at its submission, naming the place; nothing changes
        element.write(FILE, "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n  <permission type=\"socket\"/>\n"
                + "</extension-policy>\n");
        List<String> aborted = confEdits("aborted", FILE, 1);
        assertEquals(1, aborted.size());
        String reason = element.api.get("commands/" + aborted.get(0), LifecycleElement.AUDITOR).body();
        assertTrue(Pattern.compile(Pattern.quote(FILE) + " \\[2:\\d+\\]").matcher(reason).find(), reason);
        assertTrue(extension().contains("127.0.0.1:6379"), extension());

        // a restart is no side door: the content in force is loaded, and the edit on disk waits as a command again
        element.write(FILE, policy("127.0.0.1:6381"));
        element.kill();
        element.start();
        assertTrue(extension().contains("127.0.0.1:6379"), "the content in force after a restart: " + extension());
        assertFalse(extension().contains("127.0.0.1:6381"), extension());
        assertEquals(1, confEdits("awaiting_confirmation", FILE, 1).size(), "the edit on disk awaits confirmation again");
    }

    @Test
    void aPolicyReplacedOverTheApiAndConfirmedIsNoHandEdit() throws Exception {
        start();
        element.api.done(element.api.putXml("extensions/" + KEYS + "/policy", policy("127.0.0.1:6390"), LifecycleElement.OFFICER));
        assertTrue(extension().contains("127.0.0.1:6390"), extension());
        Thread.sleep(4_000); // several looks of the watches
        String commands = element.api.get("commands", LifecycleElement.AUDITOR).body();
        assertFalse(commands.contains("conf.edit"), commands);

        // a system policy written by hand that does not read: aborted, naming the file and place
        element.write("system-policy.xml", "<system-policy xmlns=\"urn:gatehouse:system-policy:1\">\n  <oops/>\n</system-policy>\n");
        List<String> aborted = confEdits("aborted", "system-policy.xml", 1);
        assertEquals(1, aborted.size());
        String command = element.api.get("commands/" + aborted.get(0), LifecycleElement.AUDITOR).body();
        assertTrue(Pattern.compile("system-policy\\.xml \\[2:\\d+\\]").matcher(command).find(), command);
        assertTrue(extension().contains("127.0.0.1:6390"), "nothing changed: " + extension());
    }

    private String state(String id) {
        Matcher m = Pattern.compile("\"state\"\\s*:\\s*\"([a-z_]+)\"").matcher(element.api.get("commands/" + id, LifecycleElement.AUDITOR).body());
        return m.find() ? m.group(1) : "";
    }

    private boolean awaitAudit(String kind) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (element.api.get("audit?limit=1000", LifecycleElement.AUDITOR).body().contains(kind)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
