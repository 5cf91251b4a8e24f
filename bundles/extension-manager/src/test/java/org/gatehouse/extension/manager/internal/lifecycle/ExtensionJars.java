package org.gatehouse.extension.manager.internal.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.gatehouse.extension.manager.internal.lifecycle.fixture.PassStep;
import org.gatehouse.test.support.osgi.TestBundle;

/**
 * Writes small extension bundles for the tests (through the shared {@link TestBundle}): a
 * manifest, classes copied from the test class path, a bladelet descriptor and optionally a
 * policy inside the bundle.
 */
final class ExtensionJars {
    static final String SDK_IMPORTS = "org.gatehouse.sdk.bladelet;version=\"[1.0,2)\",org.gatehouse.sdk.message;version=\"[1.0,2)\"";
    private static final String DESCRIPTOR = "OSGI-INF/gatehouse/bladelets.xml";

    private final TestBundle bundle;

    private ExtensionJars(TestBundle bundle) {
        this.bundle = bundle;
    }

    /** An extension with one step bladelet {@code pass} ({@link PassStep}). */
    static ExtensionJars passing(String symbolicName, String version) throws IOException {
        return named(symbolicName, version).header("Import-Package", SDK_IMPORTS).classes(PassStep.class)
                .descriptor("pass", PassStep.class.getName());
    }

    static ExtensionJars named(String symbolicName, String version) {
        return new ExtensionJars(TestBundle.named(symbolicName, version));
    }

    ExtensionJars header(String name, String value) {
        bundle.header(name, value);
        return this;
    }

    ExtensionJars entry(String path, String content) {
        bundle.entry(path, content);
        return this;
    }

    ExtensionJars descriptor(String bladelet, String className) {
        return entry(DESCRIPTOR, "<bladelets xmlns='urn:gatehouse:bladelet-descriptor:1'>"
                + "<bladelet name='" + bladelet + "' kind='step' class='" + className + "'/></bladelets>");
    }

    ExtensionJars withoutDescriptor() {
        bundle.withoutEntry(DESCRIPTOR);
        return this;
    }

    ExtensionJars classes(Class<?>... types) throws IOException {
        bundle.classes(types);
        return this;
    }

    Path writeTo(Path file) throws IOException {
        return bundle.writeTo(file);
    }

    /** An extension policy document with these permission elements. */
    static byte[] policy(String... permissions) {
        StringBuilder xml = new StringBuilder("<extension-policy xmlns='urn:gatehouse:extension-policy:1'>");
        for (String p : permissions) {
            xml.append(p);
        }
        return xml.append("</extension-policy>").toString().getBytes(StandardCharsets.UTF_8);
    }
}
