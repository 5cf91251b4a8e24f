package org.gatehouse.dataplane.config;

/**
 * The {@code <demo-upstream>}: where the echo server of bundle {@code org.gatehouse.demo-upstream}
 * listens, when that bundle is installed.
 */
public record DemoUpstreamConfig(String address, int port) {

    public DemoUpstreamConfig {
        address = address == null ? "127.0.0.1" : address;
    }
}
