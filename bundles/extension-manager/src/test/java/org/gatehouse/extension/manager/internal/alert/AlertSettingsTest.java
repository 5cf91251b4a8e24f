package org.gatehouse.extension.manager.internal.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook settings as the element's settings give them: what reads, and each refusal naming its key and value. */
class AlertSettingsTest {
    @TempDir
    Path temp;

    private static String refusal(Map<String, String> properties) {
        return assertThrows(IllegalArgumentException.class, () -> AlertSettings.from(properties::get)).getMessage();
    }

    @Test
    void noUrlIsNoWebhookAndTheDefaultsAreBounded() {
        AlertSettings none = AlertSettings.from(Map.<String, String>of()::get);
        assertEquals(Optional.empty(), none.url());
        assertEquals(Duration.ofSeconds(5), none.timeout());
        assertEquals(3, none.attempts());
    }

    @Test
    void aWebhookIsHttpsWithAHost() {
        assertEquals("gatehouse.extensions.alert.url: [http://alerts.example/x] is not an https URL with a host",
                refusal(Map.of(AlertSettings.URL, "http://alerts.example/x")));
        assertEquals("gatehouse.extensions.alert.url: [HTTP://alerts.example/x] is not an https URL with a host",
                refusal(Map.of(AlertSettings.URL, "HTTP://alerts.example/x")));
        assertEquals("gatehouse.extensions.alert.url: [https:/x] is not an https URL with a host",
                refusal(Map.of(AlertSettings.URL, "https:/x")));
        assertTrue(refusal(Map.of(AlertSettings.URL, "https://a b/")).startsWith("gatehouse.extensions.alert.url: [https://a b/] is not a URL"));
        assertEquals(Optional.of(URI.create("https://alerts.example:8443/gatehouse")),
                AlertSettings.from(Map.of(AlertSettings.URL, "https://alerts.example:8443/gatehouse")::get).url());
    }

    @Test
    void timeoutAndAttemptsAreBounded() {
        assertEquals("gatehouse.extensions.alert.timeout: [0s] is not a positive duration such as 500ms or 5s",
                refusal(Map.of(AlertSettings.TIMEOUT, "0s")));
        assertEquals("gatehouse.extensions.alert.timeout: [5 minutes] is not a positive duration such as 500ms or 5s",
                refusal(Map.of(AlertSettings.TIMEOUT, "5 minutes")));
        assertEquals("gatehouse.extensions.alert.attempts: [11] is not a number from 1 to 10", refusal(Map.of(AlertSettings.ATTEMPTS, "11")));
        assertEquals("gatehouse.extensions.alert.attempts: [0] is not a number from 1 to 10", refusal(Map.of(AlertSettings.ATTEMPTS, "0")));
        AlertSettings set = AlertSettings.from(Map.of(AlertSettings.TIMEOUT, "750ms", AlertSettings.ATTEMPTS, "1")::get);
        assertEquals(Duration.ofMillis(750), set.timeout());
        assertEquals(1, set.attempts());
    }

    @Test
    void aTrustStoreThatDoesNotReadIsRefusedAtOnceAndOneThatReadsIsUsed() throws Exception {
        Path broken = Files.writeString(temp.resolve("broken.p12"), "not a key store");
        assertTrue(refusal(Map.of(AlertSettings.URL, "https://alerts.example/", AlertSettings.TRUSTSTORE, broken.toString()))
                .startsWith("gatehouse.extensions.alert.truststore: trust store [" + broken + "] does not read: "));
        Path good = TestPki.authority("CN=Alerts CA").trustStore(temp.resolve("trust.p12"));
        assertTrue(refusal(Map.of(AlertSettings.URL, "https://alerts.example/", AlertSettings.TRUSTSTORE, good.toString(),
                AlertSettings.TRUSTSTORE_PASSWORD, "wrong")).startsWith("gatehouse.extensions.alert.truststore: trust store [" + good));
        AlertSettings.from(Map.of(AlertSettings.URL, "https://alerts.example/", AlertSettings.TRUSTSTORE, good.toString(),
                AlertSettings.TRUSTSTORE_PASSWORD, TestPki.PASSWORD)::get).sslContext();
    }
}
