package org.gatehouse.sandbox.bridge;

/**
 * The one denial exception of Gatehouse. Its message reads {@code key [value], key [value]}, e.g.
 * {@code denied: codebase [ext:com.acme.rate-limiter/1.0.0], class [com.acme.Limiter],
 * permission [file /etc/passwd read], rule [not granted]}.
 *
 * <p>It extends {@link SecurityException} so that code written for the SecurityManager era
 * (which catches {@code SecurityException}) handles a Gatehouse denial the same way.
 */
public class SandboxDeniedException extends SecurityException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the denial in {@code key [value], key [value]} form
     */
    public SandboxDeniedException(String message) {
        super(message);
    }
}
