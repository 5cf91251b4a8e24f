package org.gatehouse.itest.sandbox;

/**
 * Platform code the extension tries to reach into: loaded by the application class loader (the
 * launcher's and the framework's), with a private field an extension must not read.
 */
public final class PlatformSecret {
    static final String VALUE = "platform secret";

    @SuppressWarnings("unused") // read only by reflection, which is the point
    private final String secret = VALUE;

    /** The private field, found by trusted code and handed over: {@code {field, a platform object}}. */
    static Object[] fieldAndObject() {
        try {
            return new Object[] {PlatformSecret.class.getDeclaredField("secret"), new PlatformSecret()};
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
