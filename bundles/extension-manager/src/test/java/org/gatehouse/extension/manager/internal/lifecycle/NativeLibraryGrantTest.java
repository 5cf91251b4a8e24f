package org.gatehouse.extension.manager.internal.lifecycle;

import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.passing;
import static org.gatehouse.extension.manager.internal.lifecycle.ExtensionJars.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.gatehouse.extension.manager.api.ExtensionOperationException;
import org.gatehouse.extension.manager.api.ExtensionOperationException.Kind;
import org.gatehouse.extension.manager.api.ExtensionRecord;
import org.gatehouse.extension.manager.api.Uploader;
import org.gatehouse.policy.engine.osgi.PolicyEngineActivator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An extension holding a native library is installed only when a qualification rule allows native
 * code for it and its merged policy grants {@code native <library> load} for each library by name
 * (docs/extensions.md "Install qualification").
 */
class NativeLibraryGrantTest {
    private static final Uploader CAROL = new Uploader("carol", "native.jar");
    private static final String LIBRARY = "pretend machine code";
    private static final String NATIVE_RULE = """
            <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
              <rule name="native-lab" answer="enable" hash-scope="any" native-code="allowed"/>
            </qualification-rules>
            """;

    @TempDir
    Path temp;
    ManagerFramework element;

    /**
     * Starts the element; with {@code nativeOverridable} its system policy lets an extension ask for
     * {@code native <library> load} (the default restricts native code for every extension).
     */
    private void start(boolean nativeOverridable) throws Exception {
        if (nativeOverridable) {
            String defaults;
            try (InputStream in = PolicyEngineActivator.class.getResourceAsStream("/org/gatehouse/policy/engine/default-system-policy.xml")) {
                defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String restriction = "<permission type=\"native\" name=\"*\" actions=\"*\"/>";
            assertTrue(defaults.contains(restriction), "the default system policy restricts native code");
            String edited = defaults.replace(restriction, "").replace("</overridable>",
                    "<permission type=\"native\" name=\"*\" actions=\"load\"/></overridable>");
            Files.writeString(Files.createDirectories(temp.resolve("home/conf")).resolve("system-policy.xml"), edited);
            Files.writeString(temp.resolve("home/conf/qualification-rules.xml"), NATIVE_RULE);
        }
        element = ManagerFramework.start(temp);
    }

    @AfterEach
    void stop() throws Exception {
        if (element != null) {
            element.close();
        }
    }

    private Path jar() throws Exception {
        return passing("com.acme.native", "1.0.0").entry("lib/libfast.so", LIBRARY).writeTo(temp.resolve("uploads/native.jar"));
    }

    private String refusal(String... permissions) throws Exception {
        Path jar = jar();
        ExtensionOperationException e = assertThrows(ExtensionOperationException.class,
                () -> element.manager.install(jar, Optional.of(policy(permissions)), CAROL));
        assertEquals(Kind.DENIED, e.kind(), e.getMessage());
        assertEquals(List.of(), element.manager.list(), "nothing installed");
        return e.reasons().get(0);
    }

    @Test
    void aNativeLibraryNeedsARuleThatAllowsNativeCode() throws Exception {
        start(false);
        assertEquals("native code: [lib/libfast.so] (named .so) in [com.acme.native]: native code is not allowed for this bundle "
                + "(qualification rule [test-admits-unsigned] does not say native-code=\"allowed\")",
                refusal("<permission type='native' name='fast' actions='load'/>"));
    }

    @Test
    void aNativeLibraryIsInstalledOnlyWhenThePolicyGrantsItByName() throws Exception {
        start(true);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(LIBRARY.getBytes(StandardCharsets.UTF_8)));
        String notGranted = "native code: [lib/libfast.so] (named .so) sha256 [" + sha256 + "]: the policy of com.acme.native "
                + "does not grant [native fast load]";
        assertEquals(notGranted, refusal());
        assertEquals(notGranted, refusal("<permission type='native' name='fast' actions='link'/>"));
        assertEquals(notGranted, refusal("<permission type='native' name='*' actions='load'/>"), "a wildcard does not name the library");
        assertEquals(notGranted, refusal("<permission type='native' name='libfast.so' actions='load'/>"));

        ExtensionRecord installed = element.manager.install(jar(), Optional.of(policy("<permission type='native' name='fast' actions='load'/>")),
                CAROL);
        assertEquals("com.acme.native", installed.symbolicName());
        assertEquals(1, element.bundles("com.acme.native").size());
        assertTrue(installed.grantedPermissions().contains("native fast load"), installed.grantedPermissions().toString());
    }
}
