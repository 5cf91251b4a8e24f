package org.gatehouse.bench.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import org.gatehouse.bench.sandbox.extension.FileExists;
import org.junit.jupiter.api.Test;

class ExtensionClassLoaderTest {
    private final BenchEnvironment env = BenchEnvironment.create();

    @Test
    void extensionClassesAreDefinedAgainInTheirOwnLoaderAndCodeSource() {
        Predicate<?> probe = env.extension().instance(FileExists.class, Predicate.class);
        Class<?> defined = probe.getClass();
        assertEquals(FileExists.class.getName(), defined.getName());
        assertNotSame(FileExists.class, defined);
        assertSame(env.extension(), defined.getClassLoader());
        assertEquals(ExtensionClassLoader.CODE_SOURCE, defined.getProtectionDomain().getCodeSource().getLocation().toString());
    }

    @Test
    void everythingElseComesFromTheParent() throws ClassNotFoundException {
        assertSame(BenchEnvironment.class, env.extension().loadClass(BenchEnvironment.class.getName()));
    }

    @Test
    void theExtensionOperationRunsUnguardedWithoutAgentOrSecurityManager() {
        @SuppressWarnings("unchecked")
        Predicate<String> exists = env.extension().instance(FileExists.class, Predicate.class);
        assertTrue(exists.test(env.grantedFile().toString()));
        assertTrue(exists.test(env.restrictedFile().toString()));
    }
}
