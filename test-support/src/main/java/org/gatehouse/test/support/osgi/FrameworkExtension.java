package org.gatehouse.test.support.osgi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.osgi.framework.BundleException;

/**
 * Starts {@link TestFramework}s for a test and stops every one of them after it, last started
 * first, before JUnit deletes the test's {@code @TempDir} (the frameworks' storage).
 *
 * <pre>{@code
 * @TempDir Path dir;
 * @RegisterExtension final FrameworkExtension frameworks = new FrameworkExtension();
 *
 * @Test void bundleResolves() throws Exception {
 *     TestFramework osgi = frameworks.start(dir.resolve("felix"), Map.of());
 *     osgi.installAndStart(List.of(BundleJars.moduleClasses()));
 * }
 * }</pre>
 */
public final class FrameworkExtension implements AfterEachCallback {
    private final List<TestFramework> started = new ArrayList<>();

    /** As {@link TestFramework#start(Path, Map)}; stopped after the test. */
    public TestFramework start(Path storage, Map<String, ?> properties) throws BundleException {
        TestFramework framework = TestFramework.start(storage, properties);
        started.add(framework);
        return framework;
    }

    /** As {@link TestFramework#start(Path)}; stopped after the test. */
    public TestFramework start(Path storage) throws BundleException {
        return start(storage, Map.of());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        } finally {
            started.clear();
        }
    }
}
