package org.gatehouse.auth.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.message.Message;
import org.junit.jupiter.api.Test;

/** Each credential location kind: found, absent, and present but unreadable. */
class CredentialExtractorsTest {

    private static Optional<Credentials> extract(String kind, Map<String, String> attributes, Message message) throws Exception {
        return CredentialExtractors.of(new CredentialLocation(kind, attributes)).extract(message);
    }

    private static TestMessage.Builder get(String target) {
        return TestMessage.request("GET", target);
    }

    @Test
    void basicBearerAndNegotiateReadOnlyTheirOwnScheme() throws Exception {
        TestMessage bearer = get("/").header("Authorization", "Bearer abc.def-ghi").build();

        assertEquals(Optional.empty(), extract("basic", Map.of(), bearer));
        assertEquals(Optional.of(new Credentials.Bearer("abc.def-ghi")), extract("bearer", Map.of(), bearer));
        assertEquals(Optional.empty(), extract("negotiate", Map.of(), bearer));
        assertEquals(Optional.of(new Credentials.Basic("u", "p")),
                extract("basic", Map.of("header", "Proxy-Authorization"), get("/").header("Proxy-Authorization", "Basic dTpw").build()));
        assertThrows(UnreadableCredentialsException.class,
                () -> extract("negotiate", Map.of(), get("/").header("Authorization", "Negotiate %%%").build()));
    }

    @Test
    void jwtNeedsThreeParts() throws Exception {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln";
        assertEquals(Optional.of(new Credentials.Bearer(jwt)),
                extract("jwt", Map.of(), get("/").header("Authorization", "Bearer " + jwt).build()));
        assertEquals(Optional.of(new Credentials.Bearer(jwt)),
                extract("jwt", Map.of("header", "X-Token", "prefix", ""), get("/").header("X-Token", jwt).build()));
        UnreadableCredentialsException e = assertThrows(UnreadableCredentialsException.class,
                () -> extract("jwt", Map.of(), get("/").header("Authorization", "Bearer not-a-jwt").build()));
        assertEquals("header Authorization: not a JWT in compact serialization", e.getMessage());
    }

    @Test
    void headerLocation() throws Exception {
        Map<String, String> attributes = Map.of("header", "X-API-Key", "credentials", "acme-key");

        assertEquals(Optional.of(new Credentials.Custom("acme-key", Map.of("value", "k-123"))),
                extract("header", attributes, get("/").header("X-API-Key", "k-123").build()));
        assertEquals(Optional.empty(), extract("header", attributes, get("/").build()));
        assertThrows(UnreadableCredentialsException.class,
                () -> extract("header", attributes, get("/").header("X-API-Key", "a").header("X-API-Key", "b").build()));
    }

    @Test
    void queryLocation() throws Exception {
        Map<String, String> attributes = Map.of("parameter", "api_key");

        assertEquals(Optional.of(new Credentials.Custom("api-key", Map.of("value", "k 1"))),
                extract("query", attributes, get("/x?a=1&api_key=k%201").build()));
        assertEquals(Optional.empty(), extract("query", attributes, get("/x?a=1").build()));
        assertThrows(UnreadableCredentialsException.class, () -> extract("query", attributes, get("/x?api_key=").build()));
        assertThrows(UnreadableCredentialsException.class, () -> extract("query", attributes, get("/x?api_key=%zz").build()));
    }

    @Test
    void cookieLocationAsBearer() throws Exception {
        Map<String, String> attributes = Map.of("cookie", "session", "as", "bearer");

        assertEquals(Optional.of(new Credentials.Bearer("s3cr3t")),
                extract("cookie", attributes, get("/").header("Cookie", "theme=dark; session=\"s3cr3t\"").build()));
        assertEquals(Optional.empty(), extract("cookie", attributes, get("/").header("Cookie", "theme=dark").build()));
    }

    @Test
    void xpathLocationWithNamespaces() throws Exception {
        Map<String, String> attributes = Map.of("expression", "/s:Envelope/s:Header/a:Key",
                "namespaces", "s=http://schemas.xmlsoap.org/soap/envelope/ a=urn:acme");
        String soap = "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/' xmlns:a='urn:acme'>"
                + "<s:Header><a:Key> k-9 </a:Key></s:Header><s:Body/></s:Envelope>";

        assertEquals(Optional.of(new Credentials.Custom("api-key", Map.of("value", "k-9"))),
                extract("xpath", attributes, TestMessage.request("POST", "/").body(soap).build()));
        assertEquals(Optional.empty(), extract("xpath", attributes, TestMessage.request("POST", "/").body("<other/>").build()));
        assertThrows(UnreadableCredentialsException.class,
                () -> extract("xpath", attributes, TestMessage.request("POST", "/").body("not xml").build()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> CredentialExtractors.of(new CredentialLocation("xpath", Map.of("expression", "/a["))));
        assertTrue(bad.getMessage().startsWith("credential location <xpath>: expression '/a[' does not compile"), bad.getMessage());
    }

    @Test
    void jsonPointerLocation() throws Exception {
        Map<String, String> attributes = Map.of("pointer", "/auth/token", "as", "bearer");

        assertEquals(Optional.of(new Credentials.Bearer("t-1")),
                extract("json-pointer", attributes, TestMessage.request("POST", "/").body("{\"auth\":{\"token\":\"t-1\"}}").build()));
        assertEquals(Optional.empty(), extract("json-pointer", attributes, TestMessage.request("POST", "/").body("{\"other\":1}").build()));
        assertThrows(UnreadableCredentialsException.class,
                () -> extract("json-pointer", attributes, TestMessage.request("POST", "/").body("{\"auth\":{\"token\":{}}}").build()));
        assertThrows(UnreadableCredentialsException.class,
                () -> extract("json-pointer", attributes, TestMessage.request("POST", "/").body("{broken").build()));
    }

    @Test
    void regexLocationWithNamedGroupsMakesBasicCredentials() throws Exception {
        Map<String, String> attributes = Map.of("source", "header", "header", "X-Login",
                "pattern", "user:(?<username>[^/]+)/pass:(?<password>.+)", "as", "basic");

        assertEquals(Optional.of(new Credentials.Basic("alice", "a/b")),
                extract("regex", attributes, get("/").header("X-Login", "user:alice/pass:a/b").build()));
        assertEquals(Optional.empty(), extract("regex", attributes, get("/").header("X-Login", "nothing").build()));
        assertEquals(Optional.of(new Credentials.Custom("api-key", Map.of("value", "42"))),
                extract("regex", Map.of("source", "path", "pattern", "^/tenants/([0-9]+)/"), get("/tenants/42/orders").build()));
    }

    @Test
    void nameValueLocation() throws Exception {
        Map<String, String> attributes = Map.of("header", "X-Auth", "names", "user key", "credentials", "acme");

        assertEquals(Optional.of(new Credentials.Custom("acme", Map.of("user", "alice", "key", "k=1"))),
                extract("name-value", attributes, get("/").header("X-Auth", "user=alice; key=k=1; other=x").build()));
        assertEquals(Optional.empty(), extract("name-value", attributes, get("/").header("X-Auth", "other=x").build()));
        assertThrows(UnreadableCredentialsException.class,
                () -> extract("name-value", attributes, get("/").header("X-Auth", "user=alice").build()));
        assertEquals(Optional.of(new Credentials.Custom("api-key", Map.of("value", "k-7"))), extract("name-value",
                Map.of("source", "body", "names", "token", "pair-separator", "&"), TestMessage.request("POST", "/").body("a=1&token=k-7").build()));
    }

    @Test
    void unknownKindAndMissingAttributeAreNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> CredentialExtractors.of(new CredentialLocation("carrier-pigeon", Map.of())));
        assertEquals("credential location kind <carrier-pigeon> is unknown", unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> CredentialExtractors.of(new CredentialLocation("header", Map.of())));
        assertEquals("credential location <header>: attribute 'header' is required", missing.getMessage());
    }

    @Test
    void standardLocationsWhenNoneAreDeclared() throws Exception {
        assertEquals(4, CredentialExtractors.of(java.util.List.of()).size());
        assertInstanceOf(ClientCertificateExtractor.class, CredentialExtractors.standard().get(3));
        assertEquals(Optional.empty(), new ClientCertificateExtractor().extract(get("/").build()));
    }
}
