package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One {@code <member>} of a pool: an upstream server.
 *
 * @param serverName for a pool with TLS, the name this member's certificate must carry; null: the pool's
 */
public record MemberConfig(String address, int port, @JsonProperty("server-name") String serverName) {

    /** {@code address:port}, as in logs and error messages. */
    public String endpoint() {
        return HostPort.format(address, port);
    }
}
