package org.gatehouse.itest.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.gatehouse.itest.sandbox.extension.DeputyAttackStep;

/**
 * The attacker's bundle: {@link DeputyAttackStep} as the bladelet {@code deputy-attack}, its
 * descriptor, and an empty policy (it asks for nothing). It imports the SDK and nothing else,
 * or, when asked, also {@code org.osgi.framework}, the framework API the shipped class-space rules
 * let any extension import, so the attempts through {@code FrameworkUtil} really run.
 */
final class AttackerExtension {
    static final String NAME = "org.gatehouse.itest.attacker";
    static final String CODEBASE = "ext:" + NAME + "/1.0.0";
    static final String BLADELET = "deputy-attack";
    static final String EMPTY_POLICY = """
            <?xml version="1.0" encoding="UTF-8"?>
            <extension-policy xmlns="urn:gatehouse:extension-policy:1">
            </extension-policy>
            """;
    private static final String DESCRIPTOR = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bladelets xmlns="urn:gatehouse:bladelet-descriptor:1">
              <bladelet name="%s" kind="step" class="%s">
                <description>Tries to make platform classes act for it, and reports what happened.</description>
              </bladelet>
            </bladelets>
            """.formatted(BLADELET, DeputyAttackStep.class.getName());

    private AttackerExtension() {
    }

    /** Writes the bundle to {@code file}; {@code withFrameworkImport}: also import {@code org.osgi.framework}. */
    static Path write(Path file, boolean withFrameworkImport) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", NAME);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "org.gatehouse.sdk.bladelet;version=\"[1.0,2)\",org.gatehouse.sdk.message;version=\"[1.0,2)\""
                + ",org.gatehouse.sdk.http;version=\"[1.0,2)\""
                + (withFrameworkImport ? ",org.osgi.framework" : ""));
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            String classFile = DeputyAttackStep.class.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(classFile));
            try (InputStream in = AttackerExtension.class.getClassLoader().getResourceAsStream(classFile)) {
                in.transferTo(jar);
            }
            jar.putNextEntry(new JarEntry("OSGI-INF/gatehouse/bladelets.xml"));
            jar.write(DESCRIPTOR.getBytes(StandardCharsets.UTF_8));
            jar.putNextEntry(new JarEntry("OSGI-INF/gatehouse/policy.xml"));
            jar.write(EMPTY_POLICY.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
