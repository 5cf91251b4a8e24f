package org.gatehouse.channels.policy;

import java.util.Map;
import java.util.Objects;

/**
 * A target service: a host and its ports, each speaking one protocol.
 *
 * @param name  the service's name in the policy
 * @param host  its host name or address
 * @param ports port number to protocol; never empty
 */
public record Service(String name, String host, Map<Integer, Protocol> ports) {
    public Service {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        ports = Map.copyOf(ports);
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("service [" + name + "] has no port");
        }
    }

    /** True when the service has {@code port} and it speaks {@code protocol}. */
    public boolean offers(int port, Protocol protocol) {
        return protocol == ports.get(port);
    }
}
