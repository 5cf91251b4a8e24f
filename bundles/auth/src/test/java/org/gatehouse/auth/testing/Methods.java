package org.gatehouse.auth.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletUnderTest;

/**
 * Builds the bundle's authenticators and authorizers from its own descriptor
 * ({@code OSGI-INF/gatehouse/bladelets.xml}, schema-checked), with parameters checked against
 * their attribute domains, as the flow engine builds them. Closes them all at the end.
 */
public final class Methods implements AutoCloseable {
    private final List<BladeletUnderTest> started = new ArrayList<>();

    /** The bladelet instance, to be cast to Authenticator or Authorizer. */
    public <T> T start(String bladelet, Map<String, String> parameters, Class<T> type) throws Exception {
        BladeletUnderTest underTest = BladeletHarness.fromClassPath().bladelet(bladelet).parameters(parameters).start();
        started.add(underTest);
        return type.cast(underTest.instance());
    }

    @Override
    public void close() {
        started.forEach(BladeletUnderTest::close);
    }
}
