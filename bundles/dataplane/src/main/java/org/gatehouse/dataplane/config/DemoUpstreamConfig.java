package org.gatehouse.dataplane.config;

/** The {@code <demo-upstream>}: where the built-in echo server listens. */
public record DemoUpstreamConfig(String address, int port) {

    public DemoUpstreamConfig {
        address = address == null ? "127.0.0.1" : address;
    }
}
