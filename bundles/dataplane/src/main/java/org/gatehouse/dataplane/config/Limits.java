package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Bounds applied to every HTTP listener. Oversized request lines are answered 414 and oversized
 * header blocks 431 (RFC 9110 section 15.5.15, RFC 6585 section 5).
 */
public record Limits(
        @JsonProperty("max-initial-line-length") int maxInitialLineLength,
        @JsonProperty("max-header-size") int maxHeaderSize,
        @JsonProperty("max-chunk-size") int maxChunkSize,
        @JsonProperty("client-idle-timeout") Duration clientIdleTimeout,
        @JsonProperty("max-concurrent-streams") int maxConcurrentStreams) {

    /** The schema's defaults, used when the document has no {@code <limits>} element. */
    public static final Limits DEFAULTS = new Limits(8192, 16384, 65536, Duration.ofSeconds(60), 128);

    public Limits {
        maxInitialLineLength = maxInitialLineLength > 0 ? maxInitialLineLength : 8192;
        maxHeaderSize = maxHeaderSize > 0 ? maxHeaderSize : 16384;
        maxChunkSize = maxChunkSize > 0 ? maxChunkSize : 65536;
        clientIdleTimeout = clientIdleTimeout == null ? Duration.ofSeconds(60) : clientIdleTimeout;
        maxConcurrentStreams = maxConcurrentStreams > 0 ? maxConcurrentStreams : 128;
    }
}
