package org.gatehouse.extension.qualification.internal.signature;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance of this bundle. It is passed to each API explicitly and
 * never registered with {@link java.security.Security}: installing a provider is a JVM-global
 * change that the platform does not make on an extension's behalf (docs/threat-model.md "Escape routes").
 */
final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
