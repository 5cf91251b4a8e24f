package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One {@code <listener>}: a name, a protocol, where to bind, and TLS or a pool when the protocol needs them. */
public record ListenerConfig(
        String name,
        Protocol protocol,
        String address,
        int port,
        @JsonProperty("pool") String pool,
        TlsConfig tls) {

    public ListenerConfig {
        address = address == null ? "127.0.0.1" : address;
    }

    /** Whether this listener carries HTTP and so takes part in routing. */
    public boolean speaksHttp() {
        return protocol == Protocol.HTTP || protocol == Protocol.HTTPS;
    }

    /** {@code address:port} as written, with IPv6 literals in brackets. */
    public String endpoint() {
        return HostPort.format(address, port);
    }
}
