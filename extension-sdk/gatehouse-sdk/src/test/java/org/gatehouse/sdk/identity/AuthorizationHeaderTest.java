package org.gatehouse.sdk.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {
    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicSplitsAtTheFirstColonAndDecodesUtf8() {
        Credentials c = AuthorizationHeader.parse("Basic " + b64("jürgen:pa:ss")).orElseThrow();
        assertEquals(new Credentials.Basic("jürgen", "pa:ss"), c);
        assertEquals("basic", c.kind());
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertEquals(new Credentials.Bearer("abc.def-_~+/=="), AuthorizationHeader.parse("bEaReR abc.def-_~+/==").orElseThrow());
    }

    @Test
    void negotiateTokenIsDecoded() {
        Credentials.Negotiate n = (Credentials.Negotiate) AuthorizationHeader.parse("Negotiate YIIB").orElseThrow();
        assertArrayEquals(Base64.getDecoder().decode("YIIB"), n.token());
        assertEquals("YIIB", n.base64());
    }

    @Test
    void unknownSchemeAndBlankAreNotCredentials() {
        assertTrue(AuthorizationHeader.parse("Digest username=\"a\"").isEmpty());
        assertTrue(AuthorizationHeader.parse("  ").isEmpty());
        assertTrue(AuthorizationHeader.parse(null).isEmpty());
    }

    @Test
    void malformedKnownSchemesSayWhy() {
        assertEquals("Authorization header: Basic credentials lack the ':' between user name and password",
                assertThrows(IllegalArgumentException.class, () -> AuthorizationHeader.parse("Basic " + b64("alice"))).getMessage());
        assertEquals("Authorization header: Basic without a token",
                assertThrows(IllegalArgumentException.class, () -> AuthorizationHeader.parse("Basic")).getMessage());
        assertEquals("Authorization header: Bearer token is empty or has characters outside RFC 6750's b64token",
                assertThrows(IllegalArgumentException.class, () -> AuthorizationHeader.parse("Bearer a b")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthorizationHeader.parse("Negotiate !!"))
                .getMessage().startsWith("Authorization header: Negotiate token is not base64"));
        String latin1 = Base64.getEncoder().encodeToString("j\u00fcrgen:x".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Authorization header: Basic credentials are not UTF-8 (RFC 7617 section 2.1)",
                assertThrows(IllegalArgumentException.class, () -> AuthorizationHeader.parse("Basic " + latin1)).getMessage());
    }

    @Test
    void secretsNeverShowInToString() {
        assertFalse(new Credentials.Basic("alice", "s3cret").toString().contains("s3cret"));
        assertFalse(new Credentials.Bearer("tok3n").toString().contains("tok3n"));
        assertFalse(new Credentials.Negotiate(new byte[] {1, 2}).toString().contains("[1, 2]"));
        String custom = new Credentials.Custom("api-key", Map.of("key", "k3y")).toString();
        assertFalse(custom.contains("k3y"), custom);
        assertTrue(custom.contains("key"), custom);
    }

    @Test
    void negotiateTokenIsCopiedInAndOut() {
        byte[] token = {1, 2, 3};
        Credentials.Negotiate n = new Credentials.Negotiate(token);
        token[0] = 9;
        n.token()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, n.token());
        assertEquals(new Credentials.Negotiate(new byte[] {1, 2, 3}), n);
    }

    @Test
    void customKindIsANameAndCertificateChainIsNeverEmpty() {
        assertEquals("custom credentials kind 'API Key' must match [a-z][a-z0-9-]{0,63}",
                assertThrows(IllegalArgumentException.class, () -> new Credentials.Custom("API Key", Map.of())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Credentials.CertificateChain(List.of()));
    }

    @Test
    void identityIsImmutableAndGroupsAreDistinct() {
        java.util.List<String> groups = new java.util.ArrayList<>(List.of("ops", "dev", "ops"));
        Identity id = new Identity("alice", "ldap-bind", Map.of("mail", List.of("a@example.com")), groups, Instant.EPOCH);
        groups.add("admins");
        assertEquals(List.of("ops", "dev"), id.groups());
        assertTrue(id.memberOf("dev"));
        assertFalse(id.memberOf("admins"));
        assertEquals(List.of("a@example.com"), id.claim("mail"));
        assertEquals(List.of(), id.claim("phone"));
        assertThrows(UnsupportedOperationException.class, () -> id.claims().put("x", List.of()));
        assertEquals("identity principal must not be blank",
                assertThrows(IllegalArgumentException.class, () -> Identity.of(" ", "basic", Instant.EPOCH)).getMessage());
    }
}
