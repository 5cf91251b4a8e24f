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
 * Column (b) of the behaviour matrix: a test system policy whose overridable element for the
 * test extension's codebase holds every permission of the matrix, and an extension policy asking
 * for them. Every escape route succeeds and its effect happens, except exit, halt and stopping the
 * framework, which stay restricted (their rows say why).
 */
class GrantedMatrixIT extends BehaviourMatrix {

    @BeforeAll
    static void bootWithEverythingOverridable() throws Exception {
        boot(MatrixPolicies.grantedSystemPolicy().getBytes(StandardCharsets.UTF_8), MatrixPolicies.extensionPolicy());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void succeedsWhenGranted(EscapeRoute route) throws Exception {
        assertGranted(route);
    }

    @Test
    void onlyTheNeverGrantablePermissionIsRejectedAtMerge() {
        List<String> warnings = element.mergeWarnings();
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).contains("intersects restriction [runtime exitVM]"), warnings.get(0));
    }
}
