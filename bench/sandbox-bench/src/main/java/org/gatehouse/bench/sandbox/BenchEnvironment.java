package org.gatehouse.bench.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.gatehouse.policy.engine.decision.ExtensionEntry;
import org.gatehouse.policy.engine.decision.PolicyEngine;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * What every variant of the operation benchmark shares: a Gatehouse data folder in a temporary
 * folder with a granted file ({@code <data>/shared/granted.txt}) and a restricted one
 * ({@code <data>/keys/secret}), the bench extension's class loader, and the real policy
 * engine loaded with the bench system policy and the extension's policy.
 *
 * <pre>{@code
 * BenchEnvironment env = BenchEnvironment.create();
 * Predicate<String> exists = env.extension().instance(FileExists.class, Predicate.class);
 * }</pre>
 */
final class BenchEnvironment {
    static final Codebase EXTENSION = Codebase.of("com.acme.bench", "1.0.0", "gatehouse:extension:com.acme.bench");
    static final String PROPERTY_KEY = "gatehouse.bench.key";

    private final Path home;
    private final Path data;
    private final ExtensionClassLoader extension;

    private BenchEnvironment(Path home) {
        this.home = home;
        this.data = home.resolve("data");
        this.extension = new ExtensionClassLoader(BenchEnvironment.class.getClassLoader());
    }

    /** A fresh temporary home with the granted and the restricted file in place. */
    static BenchEnvironment create() {
        try {
            BenchEnvironment env = new BenchEnvironment(Files.createTempDirectory("gatehouse-bench").toAbsolutePath().normalize());
            Files.createDirectories(env.grantedFile().getParent());
            Files.writeString(env.grantedFile(), "granted\n");
            Files.createDirectories(env.restrictedFile().getParent());
            Files.writeString(env.restrictedFile(), "restricted\n");
            Files.createDirectories(env.home.resolve("conf"));
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark's temporary home", e);
        }
    }

    Path home() {
        return home;
    }

    /** Readable by the extension in every guarded variant. */
    Path grantedFile() {
        return data.resolve("shared").resolve("granted.txt");
    }

    /**
     * Under a restriction of the system policy and granted by nobody: denied in every guarded variant.
     * (Not inside the granted folder: an extension grant that intersects a restriction is dropped whole.)
     */
    Path restrictedFile() {
        return data.resolve("keys").resolve("secret");
    }

    ExtensionClassLoader extension() {
        return extension;
    }

    PolicyVariables variables() {
        return PolicyVariables.of(home.toString(), data.toString(), home.resolve("conf").toString());
    }

    /** The real engine with generation 1 built from the bench policies; audit events are counted, not written. */
    PolicyEngine engine(CountingAuditSink audit) {
        PolicyEngine engine = new PolicyEngine(audit, Clock.systemUTC(), Duration.ofSeconds(10));
        engine.apply(PermissionTypeRegistry.builtIns(), systemPolicy(), variables(),
                List.of(new ExtensionEntry(EXTENSION, extensionPolicy())));
        return engine;
    }

    static SystemPolicy systemPolicy() {
        try (InputStream in = resource("bench-system-policy.xml")) {
            return new PolicyParser(PermissionTypeRegistry.builtIns()).systemPolicy("bench-system-policy.xml", in);
        } catch (IOException | XmlDocumentException e) {
            throw new IllegalStateException("the bench system policy does not read: " + e.getMessage(), e);
        }
    }

    static ExtensionPolicy extensionPolicy() {
        try (InputStream in = resource("bench-extension-policy.xml")) {
            return new PolicyParser(PermissionTypeRegistry.builtIns()).extensionPolicy("bench-extension-policy.xml", in);
        } catch (IOException | XmlDocumentException e) {
            throw new IllegalStateException("the bench extension policy does not read: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = BenchEnvironment.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("resource " + name + " is missing next to " + BenchEnvironment.class.getName());
        }
        return in;
    }
}
