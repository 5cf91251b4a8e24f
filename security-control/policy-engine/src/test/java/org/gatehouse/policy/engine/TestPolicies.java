package org.gatehouse.policy.engine;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.gatehouse.policy.schemas.XmlDocumentException;

/** The policies under src/test/resources/policies, and the codebases the tests use. */
public final class TestPolicies {
    public static final PolicyVariables VARIABLES = PolicyVariables.of("/opt/gh", "/var/gh", "/opt/gh/conf");
    public static final Codebase LIMITER = Codebase.of("com.acme.limiter", "1.2.0", "gatehouse:extension:limiter.jar");
    public static final Codebase LIMITER_2 = Codebase.of("com.acme.limiter", "2.0.0", "gatehouse:extension:limiter-2.jar");
    public static final Codebase OTHER = Codebase.of("org.example.other", "1.0.0", "gatehouse:extension:other.jar");

    private TestPolicies() {
    }

    public static Path resource(String name) {
        try {
            return Path.of(TestPolicies.class.getResource("/policies/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SystemPolicy system() throws XmlDocumentException {
        return new PolicyParser(PermissionTypeRegistry.builtIns()).systemPolicy(resource("system-policy.xml"));
    }

    public static ExtensionPolicy extension(String name) throws XmlDocumentException {
        return new PolicyParser(PermissionTypeRegistry.builtIns()).extensionPolicy(resource(name));
    }
}
