package org.gatehouse.bench.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FilePermission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Policy;
import java.security.ProtectionDomain;
import java.security.URIParameter;
import java.util.PropertyPermission;
import java.util.function.Predicate;
import org.gatehouse.bench.sandbox.extension.FileExists;
import org.junit.jupiter.api.Test;

/**
 * The java.policy of the SecurityManager variant grants the extension's code source what the
 * Gatehouse policy grants, and no more; asked through the JDK's own policy implementation, without
 * installing a SecurityManager in the test JVM.
 */
@SuppressWarnings("removal")
class SecurityManagerPolicyTest {
    private final BenchEnvironment env = BenchEnvironment.create();

    private Policy policy() throws Exception {
        assumeTrue(Runtime.version().feature() < 24, "no java.policy implementation to ask on 24+");
        Path file = env.home().resolve("test.policy");
        Files.writeString(file, SecurityManagerPolicy.text(env));
        return Policy.getInstance("JavaPolicy", new URIParameter(file.toUri()));
    }

    private ProtectionDomain extensionDomain() {
        return env.extension().instance(FileExists.class, Predicate.class).getClass().getProtectionDomain();
    }

    @Test
    void extensionMayReadTheSharedFolderAndWriteItsProperties() throws Exception {
        Policy policy = policy();
        assertTrue(policy.implies(extensionDomain(), new FilePermission(env.grantedFile().toString(), "read")));
        assertTrue(policy.implies(extensionDomain(), new PropertyPermission(BenchEnvironment.PROPERTY_KEY, "read,write")));
    }

    @Test
    void extensionMayNotReadTheRestrictedFileNorWriteElsewhere() throws Exception {
        Policy policy = policy();
        assertFalse(policy.implies(extensionDomain(), new FilePermission(env.restrictedFile().toString(), "read")));
        assertFalse(policy.implies(extensionDomain(), new FilePermission(env.grantedFile().toString(), "write")));
        assertFalse(policy.implies(extensionDomain(), new PropertyPermission("user.home", "write")));
    }

    @Test
    void theBenchmarkItselfHasEveryPermission() throws Exception {
        Policy policy = policy();
        ProtectionDomain harness = SecurityManagerPolicy.class.getProtectionDomain();
        assertTrue(policy.implies(harness, new FilePermission(env.restrictedFile().toString(), "read")));
    }
}
