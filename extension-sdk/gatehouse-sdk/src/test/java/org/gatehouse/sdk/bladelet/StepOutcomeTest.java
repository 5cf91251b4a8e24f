package org.gatehouse.sdk.bladelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.gatehouse.sdk.message.MessageChanges;
import org.junit.jupiter.api.Test;

class StepOutcomeTest {
    @Test
    void outcomesCarryWhatTheyNeed() {
        assertEquals(new StepOutcome.Proceed(MessageChanges.none()), StepOutcome.proceed());
        assertEquals(401, ((StepOutcome.Respond) StepOutcome.respond(401)).response().status());
        assertEquals("canary", ((StepOutcome.Route) StepOutcome.route("canary")).route());
        assertEquals("backend down", ((StepOutcome.Fail) StepOutcome.fail("backend down")).reason());
        assertEquals("text/plain; charset=utf-8", Response.text(429, "slow").headers().first("content-type").orElseThrow());
    }

    @Test
    void badOutcomesAreRefusedWithTheValue() {
        assertEquals("response status 102 is outside 200..599",
                assertThrows(IllegalArgumentException.class, () -> StepOutcome.respond(102)).getMessage());
        assertEquals("route name 'no route' must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                assertThrows(IllegalArgumentException.class, () -> StepOutcome.route("no route")).getMessage());
        assertEquals("a failure needs a reason", assertThrows(IllegalArgumentException.class, () -> StepOutcome.fail(" ")).getMessage());
    }

    @Test
    void hostPortForms() {
        assertEquals(new HostPort("ldap.example.com", 636), HostPort.parse("ldap.example.com:636"));
        assertEquals(new HostPort("::1", 389), HostPort.parse("[::1]:389"));
        assertEquals("[::1]:389", HostPort.parse("[::1]:389").toString());
        assertEquals(InetSocketAddress.createUnresolved("127.0.0.1", 389), HostPort.parse("127.0.0.1:389").toUnresolvedAddress());
        assertEquals("'::1:389' is not host:port (IPv6 in brackets: [::1]:389)",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("::1:389")).getMessage());
        assertEquals("port 70000 is outside 1..65535",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("a:70000")).getMessage());
    }

    @Test
    void parametersAreReadWithTheirType() {
        Parameters p = Parameters.of("ldap-auth",
                Map.of("url", "url", "timeout", "duration", "password", "string", "realm", "string"),
                Map.of("url", URI.create("ldap://127.0.0.1:389"), "timeout", Duration.ofSeconds(2), "password", "s3cret"),
                Set.of("password"));
        assertEquals(Duration.ofSeconds(2), p.duration("timeout"));
        assertEquals(URI.create("ldap://127.0.0.1:389"), p.url("url"));
        assertEquals(false, p.has("realm"));
        assertEquals("bladelet 'ldap-auth' parameter 'timeout' is of type duration, not int",
                assertThrows(IllegalArgumentException.class, () -> p.integer("timeout")).getMessage());
        assertEquals("bladelet 'ldap-auth' has no parameter 'base-dn' in its descriptor (declared: [password, realm, timeout, url])",
                assertThrows(IllegalArgumentException.class, () -> p.string("base-dn")).getMessage());
        assertEquals("bladelet 'ldap-auth' parameter 'realm' is not set and has no default; check has(\"realm\") first",
                assertThrows(NoSuchElementException.class, () -> p.string("realm")).getMessage());
        assertEquals(false, p.toString().contains("s3cret"), p.toString());
    }
}
