package org.gatehouse.dataplane.spi;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * The element's {@code <channels>} and channel listeners, as the data plane read them from
 * element.xml: absolute paths, checked to read when the configuration was.
 *
 * @param elementName       the element's name, for audit records
 * @param policy            the channel policy file (may be missing: every channel is denied until it reads)
 * @param certificate       the element's certificate chain (PEM) on tunnel connections, both ways
 * @param privateKey        its PKCS#8 key (PEM)
 * @param trustedElementCas the CAs peer elements' certificates must chain to (PEM)
 * @param listeners         channel listeners by name: where each binds
 */
public record ChannelSetup(String elementName, Path policy, Path certificate, Path privateKey, Path trustedElementCas,
        Map<String, InetSocketAddress> listeners) {
    /** An element without {@code <channels>}: no channel listener, every channel pool refused. */
    public static final ChannelSetup NONE = new ChannelSetup("", null, null, null, null, Map.of());

    public ChannelSetup {
        listeners = Map.copyOf(listeners);
    }

    /** Whether the element takes part in channels at all. */
    public boolean enabled() {
        return certificate != null;
    }
}
