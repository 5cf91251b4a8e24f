package org.gatehouse.dataplane.config;

/** One {@code <member>} of a pool: an upstream server. */
public record MemberConfig(String address, int port) {

    /** {@code address:port}, as in logs and error messages. */
    public String endpoint() {
        return HostPort.format(address, port);
    }
}
