package org.gatehouse.bench.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.Policy;
import java.security.URIParameter;

/**
 * The JDK 17 SecurityManager peer of the bench policies: a {@code java.policy} that grants the
 * extension's code source what the Gatehouse extension policy grants ({@code shared/-} read,
 * {@code gatehouse.bench.*} read and write), and every class path entry of the benchmark itself
 * all permissions (JMH's harness runs in the same JVM). The restricted file is simply not granted:
 * the SecurityManager has no restrictions, only the absence of a grant.
 */
@SuppressWarnings("removal") // the SecurityManager is the peer being measured
final class SecurityManagerPolicy {
    private SecurityManagerPolicy() {
    }

    /** The policy text for this environment. */
    static String text(BenchEnvironment env) {
        StringBuilder policy = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                policy.append("grant codeBase \"").append(codeBase(Path.of(entry))).append("\" {\n")
                        .append("  permission java.security.AllPermission;\n};\n");
            }
        }
        Path shared = env.grantedFile().getParent();
        policy.append("grant codeBase \"").append(ExtensionClassLoader.CODE_SOURCE).append("\" {\n")
                .append("  permission java.io.FilePermission \"").append(shared).append(File.separator).append("-\", \"read\";\n")
                .append("  permission java.util.PropertyPermission \"gatehouse.bench.*\", \"read,write\";\n")
                .append("};\n");
        return policy.toString();
    }

    /** Writes the policy into the environment's home, makes it the JVM's policy and installs a SecurityManager. */
    static void install(BenchEnvironment env) {
        try {
            Path file = env.home().resolve("java.policy");
            Files.writeString(file, text(env));
            Policy.setPolicy(Policy.getInstance("JavaPolicy", new URIParameter(file.toUri())));
            System.setSecurityManager(new SecurityManager());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the java.policy", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no JavaPolicy", e);
        }
    }

    /** A directory grants everything below it ({@code /-}); a jar grants itself. */
    private static String codeBase(Path entry) {
        Path absolute = entry.toAbsolutePath().normalize();
        String uri = absolute.toUri().toString();
        return Files.isDirectory(absolute) ? (uri.endsWith("/") ? uri : uri + "/") + "-" : uri;
    }
}
