package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Optional;

/**
 * Active health checking of every member of a pool: an HTTP GET of {@code path} (2xx or 3xx is
 * healthy) or, without a path, a TCP connect.
 */
public record HealthCheckConfig(
        String path,
        Duration interval,
        Duration timeout,
        @JsonProperty("unhealthy-after") int unhealthyAfter,
        @JsonProperty("healthy-after") int healthyAfter) {

    public HealthCheckConfig {
        interval = interval == null ? Duration.ofSeconds(5) : interval;
        timeout = timeout == null ? Duration.ofSeconds(1) : timeout;
        unhealthyAfter = unhealthyAfter > 0 ? unhealthyAfter : 2;
        healthyAfter = healthyAfter > 0 ? healthyAfter : 1;
    }

    /** The path to GET, or empty for a TCP connect check. */
    public Optional<String> httpPath() {
        return Optional.ofNullable(path);
    }
}
