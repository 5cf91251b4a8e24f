package org.gatehouse.auth.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gatehouse.auth.testing.LdapDirectory;
import org.gatehouse.extension.descriptor.BladeletCreationException;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.Test;

class LdapAuthenticatorTest extends LdapMethodFixture {
    private Authenticator searchThenBind(Map<String, String> extra) throws Exception {
        Map<String, String> parameters = new java.util.HashMap<>(Map.of("server", directory.address(),
                "bind-dn", LdapDirectory.SERVICE_DN, "bind-password", LdapDirectory.SERVICE_PASSWORD,
                "search-base", LdapDirectory.PEOPLE, "group-base", LdapDirectory.GROUPS, "claim-attributes", "mail"));
        parameters.putAll(extra);
        return methods.start("ldap", parameters, Authenticator.class);
    }

    private static AuthenticationResult check(Authenticator authenticator, String user, String password) throws Exception {
        return authenticator.authenticate(new Credentials.Basic(user, password), TestMessage.request("GET", "/").build())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void searchThenBindAuthenticatesWithNestedGroupsAndClaims() throws Exception {
        AuthenticationResult result = check(searchThenBind(Map.of()), "alice", "alice-secret");

        Identity alice = assertInstanceOf(AuthenticationResult.Authenticated.class, result).identity();
        assertEquals("alice", alice.principal());
        assertEquals("ldap", alice.authenticationMethod());
        assertEquals(List.of("devs", "engineering"), alice.groups());
        assertEquals(List.of("uid=alice," + LdapDirectory.PEOPLE), alice.claim("dn"));
        assertEquals(List.of("alice@example.com"), alice.claim("mail"));
    }

    @Test
    void simpleBindWithTemplateAuthenticatesWithoutServiceAccount() throws Exception {
        Authenticator authenticator = methods.start("ldap", Map.of("server", directory.address(),
                "user-dn-template", "uid={user}," + LdapDirectory.PEOPLE), Authenticator.class);

        assertInstanceOf(AuthenticationResult.Authenticated.class, check(authenticator, "carol", "carol-secret"));
        AuthenticationResult wrong = check(authenticator, "carol", "nope");
        assertTrue(assertInstanceOf(AuthenticationResult.Rejected.class, wrong).reason().contains("wrong password"), wrong.toString());
        assertInstanceOf(AuthenticationResult.Rejected.class, check(authenticator, "nobody", "x"));
        AuthenticationResult injected = check(authenticator, "carol,ou=people", "carol-secret");
        assertInstanceOf(AuthenticationResult.Rejected.class, injected);
    }

    @Test
    void wrongPasswordUnknownUserAndEmptyPasswordAreRejectedWithBasicChallenge() throws Exception {
        Authenticator authenticator = searchThenBind(Map.of());

        AuthenticationResult.Rejected wrong = assertInstanceOf(AuthenticationResult.Rejected.class, check(authenticator, "alice", "bad"));
        assertEquals(List.of("Basic realm=\"gatehouse\", charset=\"UTF-8\""), wrong.challenges());
        assertInstanceOf(AuthenticationResult.Rejected.class, check(authenticator, "mallory", "x"));
        // an empty password would be an unauthenticated bind, which LDAP servers accept (RFC 4513 5.1.2)
        assertInstanceOf(AuthenticationResult.Rejected.class, check(authenticator, "alice", ""));
    }

    @Test
    void lockedAccountIsRejectedEvenWithTheRightPassword() throws Exception {
        AuthenticationResult result = check(searchThenBind(Map.of()), "bob", "bob-secret");

        assertTrue(assertInstanceOf(AuthenticationResult.Rejected.class, result).reason().contains("locked"), result.toString());
    }

    @Test
    void directoryDownCompletesExceptionallyNotARejection() throws Exception {
        Authenticator authenticator = searchThenBind(Map.of());
        directory.stop();

        ExecutionException down = assertThrows(ExecutionException.class, () -> check(authenticator, "alice", "alice-secret"));
        assertTrue(down.getCause().getMessage().contains("directory unreachable"), down.getCause().getMessage());
    }

    @Test
    void goodAndBadResultsAreCachedSoTheDirectoryIsNotAskedAgain() throws Exception {
        Authenticator authenticator = searchThenBind(Map.of());
        assertInstanceOf(AuthenticationResult.Authenticated.class, check(authenticator, "alice", "alice-secret"));
        assertInstanceOf(AuthenticationResult.Rejected.class, check(authenticator, "carol", "wrong"));
        directory.stop();

        assertInstanceOf(AuthenticationResult.Authenticated.class, check(authenticator, "alice", "alice-secret"));
        assertInstanceOf(AuthenticationResult.Rejected.class, check(authenticator, "carol", "wrong"));
        // a different password is a different cache key: the directory must be asked, and it is down
        assertThrows(ExecutionException.class, () -> check(authenticator, "alice", "other"));
    }

    @Test
    void withoutCacheTheDirectoryIsAskedEveryTime() throws Exception {
        Authenticator authenticator = searchThenBind(Map.of("cache-ttl", "0s", "negative-cache-ttl", "0s"));
        assertInstanceOf(AuthenticationResult.Authenticated.class, check(authenticator, "alice", "alice-secret"));
        directory.stop();

        assertThrows(ExecutionException.class, () -> check(authenticator, "alice", "alice-secret"));
    }

    @Test
    void otherCredentialKindsAreRejected() throws Exception {
        AuthenticationResult result = searchThenBind(Map.of()).authenticate(new Credentials.Bearer("abc"),
                TestMessage.request("GET", "/").build()).toCompletableFuture().get();

        assertInstanceOf(AuthenticationResult.Rejected.class, result);
    }

    @Test
    void bothOrNeitherOfTemplateAndSearchBaseIsAConfigurationError() {
        BladeletCreationException neither = assertThrows(BladeletCreationException.class,
                () -> methods.start("ldap", Map.of("server", directory.address()), Authenticator.class));
        assertTrue(String.valueOf(neither.getCause()).contains("exactly one of 'user-dn-template'"), String.valueOf(neither.getCause()));
    }
}
