package org.gatehouse.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gatehouse.auth.step.AuthenticateStepFactory;
import org.gatehouse.auth.step.AuthorizeStepFactory;
import org.gatehouse.auth.step.IdentityAssertionStepFactory;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.flow.engine.spi.PlatformStepFactory;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.junit.jupiter.api.Test;

/** The bundle's descriptor passes the schema, names real classes of the right kind, and the steps' descriptors are steps. */
class DescriptorTest {

    @Test
    void everyMethodOfTheDescriptorIsAClassOfItsKind() throws Exception {
        Map<String, String> kinds = new TreeMap<>();
        for (BladeletDescriptor bladelet : BladeletHarness.fromClassPath().descriptor().bladelets()) {
            Class<?> type = Class.forName(bladelet.className());
            assertTrue(bladelet.kind().contract().isAssignableFrom(type), bladelet.name() + " is not a " + bladelet.kind().xmlName());
            type.getConstructor(org.gatehouse.sdk.bladelet.BladeletContext.class);
            kinds.put(bladelet.name(), bladelet.kind().xmlName());
        }
        assertEquals(Map.of("ldap", "authenticator", "kerberos", "authenticator", "x509", "authenticator", "jwt", "authenticator",
                "saml", "authenticator", "ldap-groups", "authorizer", "claims", "authorizer", "rule", "authorizer"), kinds);
    }

    @Test
    void theBuiltInStepsAreStepsNamedAsFlowsWriteThem() {
        List<PlatformStepFactory> factories = List.of(new AuthenticateStepFactory(), new AuthorizeStepFactory(),
                new IdentityAssertionStepFactory());

        assertEquals(List.of("authenticate", "authorize", "identity-assertion"), factories.stream().map(f -> f.descriptor().name()).toList());
        factories.forEach(f -> assertEquals(BladeletKind.STEP, f.descriptor().kind()));
        assertTrue(new AuthenticateStepFactory().descriptor().body().readable(), "SOAP and body locations need the body");
    }
}
