package org.gatehouse.extension.manager.internal.lifecycle;

import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.passing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.ExtensionState;
import org.gatehouse.extension.manager.api.LoadAlerts;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.extension.manager.internal.alert.AlertSettings;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts on denied and conditional loads, posted to a real HTTPS webhook (a JDK server with a
 * certificate made here) through the real extension manager in Felix: a denied and a conditional
 * load each post one JSON body and count; an unconditional enable and a preview alert nothing; a
 * webhook the element does not trust, or that never answers, fails (counted) and never holds up
 * or fails an install.
 */
class LoadAlertsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private ManagerFramework element;
    private HttpsServer webhook;
    private final BlockingQueue<JsonNode> posted = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws Exception {
        if (element != null) {
            element.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    private String startWebhook(Authority ca, boolean answer) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(TestPki.keyStore(temp.resolve("webhook.p12"), ca.server("CN=localhost", "localhost")))) {
            store.load(in, TestPki.PASSWORD.toCharArray());
        }
        keys.init(store, TestPki.PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        webhook = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.setHttpsConfigurator(new HttpsConfigurator(tls));
        webhook.createContext("/alerts", exchange -> {
            if (!answer) {
                return; // holds the request: the element's timeout must end it
            }
            posted.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        return "https://localhost:" + webhook.getAddress().getPort() + "/alerts";
    }

    private void startElement(String url, Authority trusted) throws Exception {
        Path conf = Files.createDirectories(temp.resolve("home/conf"));
        Files.writeString(conf.resolve("qualification-rules.xml"), ConditionalEnableTest.RULES.formatted("1d"));
        element = ManagerFramework.start(temp, Map.of(AlertSettings.URL, url,
                AlertSettings.TRUSTSTORE, trusted.trustStore(temp.resolve("webhook-trust.p12")).toString(),
                AlertSettings.TRUSTSTORE_PASSWORD, TestPki.PASSWORD, AlertSettings.TIMEOUT, "2s", AlertSettings.ATTEMPTS, "2"));
    }

    private Path jar(String name) throws Exception {
        return passing(name, "1.0.0").writeTo(temp.resolve("uploads").resolve(name + ".jar"));
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

    @Test
    void deniedAndConditionalLoadsArePostedAndCountedAndAnUnconditionalOneIsNot() throws Exception {
        Authority ca = TestPki.authority("CN=Webhook CA");
        startElement(startWebhook(ca, true), ca);

        assertThrows(ExtensionOperationException.class,
                () -> element.manager.preview(jar("com.acme.previewed"), Optional.empty(), new Uploader("mallory", "p.jar")));
        element.manager.install(jar("com.acme.plain"), Optional.empty(), new Uploader("alice", "plain.jar"));
        Path evil = jar("com.acme.evil");
        ExtensionOperationException denied = assertThrows(ExtensionOperationException.class,
                () -> element.manager.install(evil, Optional.empty(), new Uploader("mallory", "evil.jar")));
        assertEquals(ExtensionOperationException.Kind.DENIED, denied.kind());
        ExtensionRecord trial = element.manager.install(jar("com.acme.trial"), Optional.empty(), new Uploader("trial", "trial.jar"));

        JsonNode first = posted.poll(60, TimeUnit.SECONDS);
        JsonNode second = posted.poll(60, TimeUnit.SECONDS);
        assertEquals("denied", first.get("outcome").asText());
        assertEquals("com.acme.evil", first.get("extension").asText());
        assertEquals("1.0.0", first.get("version").asText());
        assertEquals(org.gatehouse.extension.manager.internal.store.ExtensionStore.sha256(Files.readAllBytes(evil)),
                first.get("sha256").asText());
        assertEquals("mallory", first.get("uploader").asText());
        assertEquals(0, first.get("conditions").size());
        assertTrue(first.get("reasons").get(0).asText().contains("nobody-else"), first.toString());

        assertEquals("conditional", second.get("outcome").asText());
        assertEquals("com.acme.trial", second.get("extension").asText());
        assertEquals(trial.sha256(), second.get("sha256").asText());
        assertEquals(List.of("extra-audit (watch it)", "time-limit [PT24H] (a trial)"),
                List.of(second.get("conditions").get(0).asText(), second.get("conditions").get(1).asText()));

        assertEquals(null, posted.poll(1, TimeUnit.SECONDS), "nothing for the preview or the unconditional enable");
        await("both counted as sent", () -> element.manager.loadAlerts().webhookSent() == 2);
        assertEquals(new LoadAlerts(1, 1, 2, 0, 0), element.manager.loadAlerts());
    }

    @Test
    void aWebhookTheElementDoesNotTrustIsNotPostedToAndTheInstallGoesOn() throws Exception {
        Authority webhookCa = TestPki.authority("CN=Webhook CA");
        Authority other = TestPki.authority("CN=Another CA");
        startElement(startWebhook(webhookCa, true), other);

        ExtensionRecord trial = element.manager.install(jar("com.acme.trial"), Optional.empty(), new Uploader("trial", "trial.jar"));
        assertEquals(ExtensionState.ENABLED, trial.state());

        await("the failure counted", () -> element.manager.loadAlerts().webhookFailed() == 1);
        assertEquals(new LoadAlerts(0, 1, 0, 1, 0), element.manager.loadAlerts());
        assertTrue(posted.isEmpty(), "a server whose certificate does not chain to the configured trust gets nothing");
    }

    @Test
    void aWebhookThatNeverAnswersIsGivenUpAfterItsAttemptsAndNeverHoldsAnInstall() throws Exception {
        Authority ca = TestPki.authority("CN=Webhook CA");
        startElement(startWebhook(ca, false), ca);

        for (String name : List.of("com.acme.one", "com.acme.two")) {
            assertEquals(ExtensionState.ENABLED,
                    element.manager.install(jar(name), Optional.empty(), new Uploader("trial", name + ".jar")).state());
        }
        await("both given up", () -> element.manager.loadAlerts().webhookFailed() == 2);
        assertEquals(new LoadAlerts(0, 2, 0, 2, 0), element.manager.loadAlerts());
    }
}
