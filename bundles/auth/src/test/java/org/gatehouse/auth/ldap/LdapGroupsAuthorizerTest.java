package org.gatehouse.auth.ldap;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gatehouse.auth.testing.LdapDirectory;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.identity.Identity;
import org.junit.jupiter.api.Test;

class LdapGroupsAuthorizerTest extends LdapMethodFixture {
    private Authorizer authorizer(String groups, String require, String nested) throws Exception {
        return methods.start("ldap-groups", Map.of("server", directory.address(), "group-base", LdapDirectory.GROUPS,
                "groups", groups, "require", require, "nested-groups", nested, "user-dn-template", "uid={user}," + LdapDirectory.PEOPLE),
                Authorizer.class);
    }

    private static AuthorizationDecision decide(Authorizer authorizer, String user) throws Exception {
        return authorizer.authorize(Identity.of(user, "basic", Instant.now()), TestMessage.request("GET", "/").build())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void directMembershipPermits() throws Exception {
        assertInstanceOf(AuthorizationDecision.Permit.class, decide(authorizer("devs", "any", "true"), "alice"));
    }

    @Test
    void nestedMembershipPermitsOnlyWhenNestedGroupsAreFollowed() throws Exception {
        assertInstanceOf(AuthorizationDecision.Permit.class, decide(authorizer("engineering", "any", "true"), "alice"));
        assertInstanceOf(AuthorizationDecision.Deny.class, decide(authorizer("engineering", "any", "false"), "alice"));
    }

    @Test
    void nonMemberIsDeniedAndAGroupCycleEnds() throws Exception {
        assertInstanceOf(AuthorizationDecision.Deny.class, decide(authorizer("devs", "any", "true"), "carol"));
        assertInstanceOf(AuthorizationDecision.Permit.class, decide(authorizer("loop-b", "any", "true"), "carol"));
    }

    @Test
    void requireAllNeedsEveryGroup() throws Exception {
        assertInstanceOf(AuthorizationDecision.Permit.class, decide(authorizer("devs engineering", "all", "true"), "alice"));
        assertInstanceOf(AuthorizationDecision.Deny.class, decide(authorizer("devs loop-a", "all", "true"), "alice"));
        assertInstanceOf(AuthorizationDecision.Permit.class, decide(authorizer("devs loop-a", "any", "true"), "alice"));
    }

    @Test
    void theDnClaimOfTheLdapAuthenticatorIsUsedFirst() throws Exception {
        Identity viaClaim = new Identity("someone-else", "ldap", Map.of("dn", List.of("uid=alice," + LdapDirectory.PEOPLE)), List.of(),
                Instant.now());
        AuthorizationDecision decision = authorizer("devs", "any", "true").authorize(viaClaim, TestMessage.request("GET", "/").build())
                .toCompletableFuture().get();
        assertInstanceOf(AuthorizationDecision.Permit.class, decision);
    }

    @Test
    void directoryDownIsNotAPermit() throws Exception {
        Authorizer authorizer = authorizer("devs", "any", "true");
        directory.stop();

        assertThrows(ExecutionException.class, () -> decide(authorizer, "alice"));
    }
}
