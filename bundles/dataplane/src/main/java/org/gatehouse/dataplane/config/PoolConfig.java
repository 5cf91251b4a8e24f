package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import java.time.Duration;
import java.util.List;

/**
 * One {@code <pool>}: members, how to balance among them, timeouts, keep-alive bounds, health
 * check, and TLS towards the members ({@code tls}, null for plain TCP); or, instead of members,
 * channel members: targets reached through peer elements.
 */
public record PoolConfig(
        String name,
        Balance balance,
        @JsonProperty("connect-timeout") Duration connectTimeout,
        @JsonProperty("response-timeout") Duration responseTimeout,
        @JsonProperty("max-idle-connections") int maxIdleConnections,
        @JsonProperty("idle-timeout") Duration idleTimeout,
        @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("member") List<MemberConfig> members,
        @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("channel-member") List<ChannelMemberConfig> channelMembers,
        @JsonProperty("health-check") HealthCheckConfig healthCheck,
        UpstreamTlsConfig tls) {

    public PoolConfig {
        balance = balance == null ? Balance.ROUND_ROBIN : balance;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(30) : responseTimeout;
        maxIdleConnections = maxIdleConnections > 0 ? maxIdleConnections : 64;
        idleTimeout = idleTimeout == null ? Duration.ofSeconds(60) : idleTimeout;
        members = members == null ? List.of() : List.copyOf(members);
        channelMembers = channelMembers == null ? List.of() : List.copyOf(channelMembers);
    }

    /** Whether this pool's targets are reached through peer elements' channel listeners. */
    public boolean throughChannels() {
        return !channelMembers.isEmpty();
    }

    /** How a member is picked for each new request or connection. */
    public enum Balance {
        @JsonProperty("round-robin") ROUND_ROBIN,
        @JsonProperty("least-connections") LEAST_CONNECTIONS
    }
}
