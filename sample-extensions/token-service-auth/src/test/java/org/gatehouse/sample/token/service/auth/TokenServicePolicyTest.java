package org.gatehouse.sample.token.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.gatehouse.sample.bundle.checks.SamplePolicyCheck;
import org.junit.jupiter.api.Test;

/** The sample's policy.xml, and the admin's edit of it, merged under the vendor default system policy. */
class TokenServicePolicyTest {
    private static final String BSN = "org.gatehouse.sample.token-service-auth";

    @Test
    void asksToConnectToExactlyTheServicesHostAndPort() throws Exception {
        SamplePolicyCheck policy = SamplePolicyCheck.fromClassPath(BSN);

        assertEquals(List.of(), policy.warnings());
        assertEquals(List.of(Permission.of("socket", "tokens.example.com:443", "connect,resolve")), policy.merge().grantedPermissions());
        assertTrue(policy.decide("socket", "tokens.example.com:443", "connect").allowed());
        assertTrue(policy.decide("socket", "tokens.example.com:0", "resolve").allowed(), "the name may be looked up");
        assertFalse(policy.decide("socket", "tokens.example.com:80", "connect").allowed(), "another port of the same host");
        assertFalse(policy.decide("socket", "evil.example.com:443", "connect").allowed());
        assertFalse(policy.decide("socket", "tokens.example.com:443", "listen").allowed());
        assertFalse(policy.decide("runtime", "createThread", "").allowed(), "the client starts no thread");
    }

    @Test
    void theAdminsEditPointsItAtTheRealServiceAndNowhereElse() throws Exception {
        String edited;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SamplePolicyCheck.POLICY_ENTRY)) {
            edited = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("tokens.example.com:443", "127.0.0.1:8443");
        }
        SamplePolicyCheck policy = SamplePolicyCheck.of(BSN, new PolicyParser(PermissionTypeRegistry.builtIns())
                .extensionPolicy("conf/extension-policies/" + BSN + ".xml", edited.getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of(), policy.warnings());
        assertTrue(policy.decide("socket", "127.0.0.1:8443", "connect").allowed());
        assertFalse(policy.decide("socket", "tokens.example.com:443", "connect").allowed());
    }
}
