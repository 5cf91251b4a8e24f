package org.gatehouse.sandbox.agent;

import java.security.Provider;
import java.util.List;
import java.util.Map;

/**
 * A provider of the platform (the test's own loader, trusted): its constructor fills its own
 * entries, as every provider's does, and asks an overridable method for its description while
 * it does, which a subclass of an extension can override.
 */
public class PlatformProvider extends Provider {
    private static final long serialVersionUID = 1L;

    public PlatformProvider() {
        super("GatehousePlatformTest", "1.0", "a platform provider of the behaviour matrix");
        put("MessageDigest.GATEHOUSE-TEST", "sun.security.provider.SHA2$SHA256");
        putService(new Service(this, "MessageDigest", "GATEHOUSE-TEST-2", "sun.security.provider.SHA2$SHA256",
                List.of(), Map.of()));
        put("Gatehouse.Description", describe());
    }

    /** Called by the constructor. */
    protected String describe() {
        return "platform";
    }
}
