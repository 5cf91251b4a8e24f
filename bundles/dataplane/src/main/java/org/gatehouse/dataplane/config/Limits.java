package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Bounds applied to every HTTP listener. Oversized request lines are answered 414 and oversized
 * header blocks 431 (RFC 9110 section 15.5.15, RFC 6585 section 5). A request head that is not
 * complete within {@code request-head-timeout}, or a body the element waits on for longer than
 * {@code request-body-idle-timeout}, is answered 408 and its connection closed (slow clients). On
 * HTTP/2 the same two deadlines reset the stream and send the connection away (GOAWAY).
 */
public record Limits(
        @JsonProperty("max-initial-line-length") int maxInitialLineLength,
        @JsonProperty("max-header-size") int maxHeaderSize,
        @JsonProperty("max-chunk-size") int maxChunkSize,
        @JsonProperty("client-idle-timeout") Duration clientIdleTimeout,
        @JsonProperty("max-concurrent-streams") int maxConcurrentStreams,
        @JsonProperty("request-head-timeout") Duration requestHeadTimeout,
        @JsonProperty("request-body-idle-timeout") Duration requestBodyIdleTimeout) {

    /** The schema's defaults, used when the document has no {@code <limits>} element. */
    public static final Limits DEFAULTS = new Limits(8192, 16384, 65536, Duration.ofSeconds(60), 128,
            Duration.ofSeconds(10), Duration.ofSeconds(10));

    public Limits {
        maxInitialLineLength = maxInitialLineLength > 0 ? maxInitialLineLength : 8192;
        maxHeaderSize = maxHeaderSize > 0 ? maxHeaderSize : 16384;
        maxChunkSize = maxChunkSize > 0 ? maxChunkSize : 65536;
        clientIdleTimeout = clientIdleTimeout == null ? Duration.ofSeconds(60) : clientIdleTimeout;
        maxConcurrentStreams = maxConcurrentStreams > 0 ? maxConcurrentStreams : 128;
        requestHeadTimeout = requestHeadTimeout == null ? Duration.ofSeconds(10) : requestHeadTimeout;
        requestBodyIdleTimeout = requestBodyIdleTimeout == null ? Duration.ofSeconds(10) : requestBodyIdleTimeout;
    }

    /** Bounds with the default client deadlines. */
    public Limits(int maxInitialLineLength, int maxHeaderSize, int maxChunkSize, Duration clientIdleTimeout,
                  int maxConcurrentStreams) {
        this(maxInitialLineLength, maxHeaderSize, maxChunkSize, clientIdleTimeout, maxConcurrentStreams, null, null);
    }
}
