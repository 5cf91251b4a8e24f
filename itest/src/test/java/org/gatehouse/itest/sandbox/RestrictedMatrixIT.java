package org.gatehouse.itest.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Column (c) of the behaviour matrix: the same overridable element and extension policy as the
 * granted column, but the system policy restricts every permission the extension asks for. Each
 * request is rejected at merge with a warning naming the restriction, and every escape route is
 * denied at run time.
 */
class RestrictedMatrixIT extends BehaviourMatrix {

    @BeforeAll
    static void bootWithEverythingRestricted() throws Exception {
        boot(MatrixPolicies.restrictedSystemPolicy().getBytes(StandardCharsets.UTF_8), MatrixPolicies.extensionPolicy());
    }

    @Test
    void everyRequestIsRejectedAtMergeNamingItsRestriction() {
        List<String> warnings = element.mergeWarnings();
        assertEquals(MatrixPolicies.REQUESTED.size(), warnings.size(), String.join("\n", warnings));
        for (List<String> requested : MatrixPolicies.REQUESTED) {
            String name = requested.get(1).replace("${gatehouse.data}", element.dataDir().toString());
            assertTrue(warnings.stream().anyMatch(w -> w.contains("intersects restriction [") && w.contains(name)),
                    "no merge warning names the restriction of " + requested + ": " + String.join("\n", warnings));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void deniedWhenRestricted(EscapeRoute route) throws Exception {
        String message = assertDenied(route).getMessage();
        // docs/policy-language.md "Decisions": the restriction decides, before any grant is looked at
        assertTrue(message.contains("rule [restriction"), route + " should be denied by a restriction: " + message);
    }
}
