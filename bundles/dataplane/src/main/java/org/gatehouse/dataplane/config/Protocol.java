package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a listener speaks; see the {@code Protocol} type of element-1.xsd. */
public enum Protocol {
    /** HTTP/1.1 and h2c, by prior knowledge or by Upgrade. */
    @JsonProperty("http") HTTP,
    /** TLS with ALPN choosing h2 or http/1.1. */
    @JsonProperty("https") HTTPS,
    /** Bytes relayed to a pool, TLS-terminated when the listener has a tls child. */
    @JsonProperty("tcp") TCP,
    /** Tunnels from peer elements: mutual TLS with the element's channels identity (docs/channels.md). */
    @JsonProperty("channel") CHANNEL;

    /** The name used in the document and in log lines. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
