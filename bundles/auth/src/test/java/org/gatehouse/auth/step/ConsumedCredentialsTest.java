package org.gatehouse.auth.step;

import static org.gatehouse.auth.testing.StepRunner.assertResponded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatehouse.auth.testing.LdapDirectory;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.auth.testing.StepRunner;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.spi.PlatformOutcome;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.message.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the authenticate step tells the engine to keep from the upstream, with the real directory
 * deciding: every credential at every location the step reads (the one used and the others),
 * every copy of a header in any case; nothing when the step forwards credentials; and nothing to
 * forward at all when the credentials fail.
 */
class ConsumedCredentialsTest {
    private static final CredentialLocation BASIC = new CredentialLocation("basic", Map.of());
    private static final CredentialLocation API_KEY = new CredentialLocation("header", Map.of("header", "X-API-Key"));
    private static final CredentialLocation COOKIE = new CredentialLocation("cookie", Map.of("cookie", "session"));
    private static final CredentialLocation QUERY = new CredentialLocation("query", Map.of("parameter", "api_key"));
    private static final CredentialLocation NAME_VALUE_QUERY = new CredentialLocation("name-value",
            Map.of("names", "user pass", "source", "query", "pair-separator", "&", "as", "custom"));
    private static final CredentialLocation REGEX_HEADER = new CredentialLocation("regex",
            Map.of("pattern", "key=(\\w+)", "source", "header", "header", "X-Auth"));
    private static final CredentialLocation BODY = new CredentialLocation("json-pointer", Map.of("pointer", "/key"));

    private LdapDirectory directory;
    private final Methods methods = new Methods();
    private final StepRunner runner = new StepRunner();

    @BeforeEach
    void start() throws Exception {
        directory = new LdapDirectory();
        runner.authenticator("corp-ldap", methods.start("ldap", Map.of("server", directory.address(), "search-base", LdapDirectory.PEOPLE,
                "bind-dn", LdapDirectory.SERVICE_DN, "bind-password", LdapDirectory.SERVICE_PASSWORD, "cache-ttl", "0s",
                "negative-cache-ttl", "0s"), Authenticator.class));
    }

    @AfterEach
    void stop() {
        methods.close();
        directory.close();
    }

    private PlatformStep step(boolean forward) throws Exception {
        return runner.step(new AuthenticateStepFactory(), forward ? Map.of("method", "corp-ldap", "forward-credential", "true")
                : Map.of("method", "corp-ldap"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theStandardLocationsConsumeEveryAuthorizationFieldInAnyCase() throws Exception {
        TestMessage message = TestMessage.request("GET", "/orders").header("Authorization", basic("alice", "alice-secret"))
                .header("AUTHORIZATION", "Bearer smuggled").header("authorization", "Digest other").header("Accept", "*/*").build();
        PlatformOutcome outcome = runner.run(step(false), message);
        assertEquals("alice", outcome.identity().orElseThrow().principal());
        assertEquals(List.of(new Header("Authorization", basic("alice", "alice-secret")), new Header("AUTHORIZATION", "Bearer smuggled"),
                new Header("authorization", "Digest other")), outcome.consumed().headerFields());
    }

    @Test
    void everyDeclaredLocationIsConsumedNotOnlyTheOneUsed() throws Exception {
        TestMessage message = TestMessage.request("GET", "/orders?api_key=unchecked&page=2&user=u&pass=p")
                .header("Authorization", basic("alice", "alice-secret")).header("X-API-Key", "unchecked-key")
                .header("Cookie", "session=unchecked; theme=dark").header("X-Auth", "key=abc").build();
        PlatformOutcome outcome = runner.run(step(false), message, BASIC, API_KEY, COOKIE, QUERY, NAME_VALUE_QUERY, REGEX_HEADER);
        assertEquals("alice", outcome.identity().orElseThrow().principal());
        ConsumedCredentials consumed = outcome.consumed();
        assertEquals(List.of(new Header("Authorization", basic("alice", "alice-secret")), new Header("X-API-Key", "unchecked-key"),
                new Header("X-Auth", "key=abc")), consumed.headerFields());
        assertEquals(Set.of("session"), consumed.cookies());
        assertEquals(Set.of("api_key", "user", "pass"), consumed.queryParameters());
    }

    @Test
    void aCredentialInTheBodyIsNotEdited() throws Exception {
        TestMessage message = TestMessage.request("POST", "/orders").header("Authorization", basic("alice", "alice-secret"))
                .body("{\"key\":\"k\"}").build();
        PlatformOutcome outcome = runner.run(step(false), message, BASIC, BODY);
        assertEquals(List.of(new Header("Authorization", basic("alice", "alice-secret"))), outcome.consumed().headerFields());
        assertTrue(outcome.consumed().queryParameters().isEmpty() && outcome.consumed().cookies().isEmpty());
    }

    @Test
    void aStepThatForwardsConsumesNothing() throws Exception {
        TestMessage message = TestMessage.request("GET", "/orders?api_key=k").header("Authorization", basic("alice", "alice-secret"))
                .header("Cookie", "session=s").build();
        PlatformOutcome outcome = runner.run(step(true), message, BASIC, COOKIE, QUERY);
        assertEquals("alice", outcome.identity().orElseThrow().principal());
        assertEquals(ConsumedCredentials.none(), outcome.consumed());
    }

    @Test
    void credentialsThatFailAreAnsweredAndNothingGoesOn() throws Exception {
        assertResponded(runner.run(step(false), TestMessage.request("GET", "/orders").header("Authorization", basic("alice", "guess"))
                .build()), 401);
        assertResponded(runner.run(step(true), TestMessage.request("GET", "/orders").header("Authorization", basic("alice", "guess"))
                .build()), 401);
    }

    @Test
    void forwardCredentialIsABoolean() {
        InvalidParametersException refused = assertThrows(InvalidParametersException.class,
                () -> runner.step(new AuthenticateStepFactory(), Map.of("method", "corp-ldap", "forward-credential", "yes")));
        assertTrue(refused.getMessage().contains("forward-credential"), refused.getMessage());
    }
}
