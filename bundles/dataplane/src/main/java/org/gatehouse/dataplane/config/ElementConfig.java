package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import java.util.List;
import java.util.Optional;

/**
 * The whole of {@code conf/element.xml}: listeners, upstream pools, routes, limits, the
 * element's side of channels ({@code channels}, null when it takes part in none) and the
 * optional demo upstream. Built by {@link ElementConfigLoader}, which also applies the checks
 * the schema cannot express.
 *
 * <pre>{@code
 * ElementConfig config = new ElementConfigLoader(confDir).load(confDir.resolve("element.xml"));
 * }</pre>
 */
public record ElementConfig(
        String name,
        Limits limits,
        ChannelsConfig channels,
        @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("listener") List<ListenerConfig> listeners,
        @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("pool") List<PoolConfig> pools,
        @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("route") List<RouteConfig> routes,
        @JsonProperty("demo-upstream") DemoUpstreamConfig demoUpstream) {

    public ElementConfig {
        name = name == null ? "gatehouse" : name;
        limits = limits == null ? Limits.DEFAULTS : limits;
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        pools = pools == null ? List.of() : List.copyOf(pools);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** The pool of that name, if the document declares one. */
    public Optional<PoolConfig> pool(String poolName) {
        return pools.stream().filter(p -> p.name().equals(poolName)).findFirst();
    }
}
