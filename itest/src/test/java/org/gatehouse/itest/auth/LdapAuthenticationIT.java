package org.gatehouse.itest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Authentication and authorization (docs/data-plane.md "Authentication and authorization") in the
 * real element started by {@code bin/gatehouse}: a message type takes Basic
 * credentials, the built-in {@code ldap} authenticator searches the {@link CorporateDirectory} as
 * the service account and binds as the entry found (results cached), a {@code rule} authorizer
 * asks for membership of {@code staff} (nested groups count), a claim copied from the entry and
 * a time condition, and {@code identity-assertion} hands the upstream the user and groups in
 * headers a client cannot forge. Every refusal is answered by the element: nothing reaches the
 * upstream. The directory is stopped last: an outage is 503, never 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LdapAuthenticationIT {
    private static final String FLOWS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <flows xmlns="urn:gatehouse:flows:1">
              <!-- the default 2s is short for a first call on a machine whose cores other test JVMs share -->
              <settings step-timeout="10s"/>
              <authenticator name="corp-ldap" bladelet="ldap">
                <param name="server" value="127.0.0.1:%d"/>
                <param name="bind-dn" value="%s"/>
                <param name="bind-password" value="%s"/>
                <param name="search-base" value="%s"/>
                <param name="search-filter" value="(uid={user})"/>
                <param name="group-base" value="%s"/>
                <param name="claim-attributes" value="mail departmentNumber"/>
                <param name="cache-ttl" value="5m"/>
                <param name="realm" value="corp"/>
              </authenticator>
              <authorizer name="staff-in-42" bladelet="rule">
                <param name="expression" value="'staff' in groups and claim['departmentNumber'] contains '42' and hour &gt;= 0 and hour &lt;= 23"/>
              </authorizer>
              <message-type name="orders" flow="orders-flow">
                <match path-prefix="/orders"/>
                <credentials><basic/></credentials>
              </message-type>
              <flow name="orders-flow">
                <step bladelet="authenticate"><param name="method" value="corp-ldap"/><param name="realm" value="corp"/></step>
                <step bladelet="authorize"><param name="method" value="staff-in-42"/></step>
                <step bladelet="identity-assertion"/>
              </flow>
            </flows>
            """;

    private CorporateDirectory directory;
    private StartedElement running;

    @BeforeAll
    void start() throws Exception {
        directory = new CorporateDirectory();
        running = new StartedElement();
        String flows = FLOWS.formatted(directory.port(), CorporateDirectory.SERVICE_DN, CorporateDirectory.SERVICE_PASSWORD,
                CorporateDirectory.PEOPLE, CorporateDirectory.GROUPS);
        running.replaceFlows(flows);
    }

    @AfterAll
    void stop() {
        running.close();
        directory.close();
    }

    @Test
    @Order(1)
    void noCredentialsIsChallengedForBasic() {
        HttpResponse<String> response = running.traffic.refused(401, "/orders/1");
        assertEquals(List.of("Basic realm=\"corp\", charset=\"UTF-8\""), response.headers().allValues("WWW-Authenticate"));
    }

    @Test
    @Order(2)
    void wrongPasswordIs401() {
        HttpResponse<String> response = running.traffic.refused(401, "/orders/1", "Authorization", basic("alice", "not-her-password"));
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), response.headers().map().toString());
    }

    @Test
    @Order(3)
    void unknownUserAndEmptyPasswordAre401() {
        running.traffic.refused(401, "/orders/1", "Authorization", basic("mallory", "mallory-pw"));
        // an empty password would be an unauthenticated bind, which LDAP servers accept (RFC 4513 5.1.2)
        running.traffic.refused(401, "/orders/1", "Authorization", basic("alice", ""));
    }

    @Test
    @Order(4)
    void lockedAccountIs401EvenWithItsPassword() {
        running.traffic.refused(401, "/orders/1", "Authorization", basic("dave", "dave-pw"));
    }

    @Test
    @Order(5)
    void staffMemberReachesTheUpstreamWithAssertedIdentityAndNoForgedOne() {
        running.traffic.forwarded("/orders/1", "Authorization", basic("alice", "alice-pw"),
                "X-Authenticated-User", "root", "X-Authenticated-Groups", "admins");
        assertEquals("alice", running.upstream.lastHeader("x-authenticated-user"), "the client's copy is replaced");
        assertEquals("staff", running.upstream.lastHeader("x-authenticated-groups"));
    }

    @Test
    @Order(6)
    void nestedGroupMembershipCounts() {
        running.traffic.forwarded("/orders/2", "Authorization", basic("bob", "bob-pw"));
        assertEquals("bob", running.upstream.lastHeader("x-authenticated-user"));
        List<String> groups = List.of(running.upstream.lastHeader("x-authenticated-groups").split(","));
        assertTrue(groups.contains("devs") && groups.contains("staff"), "direct and nested groups: " + groups);
    }

    @Test
    @Order(7)
    void userOutsideTheGroupIs403() {
        running.traffic.refused(403, "/orders/1", "Authorization", basic("carol", "carol-pw"));
    }

    @Test
    @Order(8)
    void groupMemberFailingTheClaimConditionIs403() {
        running.traffic.refused(403, "/orders/1", "Authorization", basic("erin", "erin-pw"));
    }

    @Test
    @Order(9)
    void otherTrafficIsNotAskedForCredentials() {
        HttpResponse<String> response = running.traffic.forwarded("/public/page");
        assertFalse(response.headers().firstValue("WWW-Authenticate").isPresent());
        assertNull(running.upstream.lastHeader("x-authenticated-user"), "no identity is asserted for unclaimed traffic");
    }

    @Test
    @Order(10)
    void directoryDownIs503NotA401WhileACachedLoginStillPasses() {
        directory.stop();
        HttpResponse<String> response = running.traffic.refused(503, "/orders/1", "Authorization", basic("frank", "frank-pw"));
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(null), response.headers().map().toString());
        assertNull(response.headers().firstValue("WWW-Authenticate").orElse(null), "an outage tells no client its password is bad");
        running.traffic.refused(503, "/orders/1", "Authorization", basic("alice", "another-guess"));
        // alice's good result is cached (cache-ttl 5m): the element answers without the directory
        running.traffic.forwarded("/orders/3", "Authorization", basic("alice", "alice-pw"));
        assertEquals("alice", running.upstream.lastHeader("x-authenticated-user"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
