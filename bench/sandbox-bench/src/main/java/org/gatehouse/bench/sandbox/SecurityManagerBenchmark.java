package org.gatehouse.bench.sandbox;

import java.util.function.BooleanSupplier;
import org.openjdk.jmh.annotations.Fork;

/**
 * The JDK 17 SecurityManager with a java.policy granting the extension's code source the same
 * permissions (see {@link SecurityManagerPolicy}). Only on JDKs before 24, which still have one.
 */
@Fork(value = 1, jvmArgsAppend = {"-Djava.security.manager=allow"})
public class SecurityManagerBenchmark extends ExtensionOperationBenchmark {
    @Override
    protected void guard(BenchEnvironment env) {
        SecurityManagerPolicy.install(env);
    }

    /** The SecurityManager's equivalent of the platform's boundary: doPrivileged. */
    @Override
    @SuppressWarnings("removal")
    protected boolean inStep(BooleanSupplier step) {
        return java.security.AccessController.doPrivileged((java.security.PrivilegedAction<Boolean>) step::getAsBoolean);
    }

    @Override
    protected boolean denies() {
        return true;
    }
}
