package org.gatehouse.dataplane.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * One {@code <route>}: requests whose host matches {@code host} and whose path starts with
 * {@code pathPrefix} go to {@code pool}. An empty listener list means every HTTP listener.
 */
public record RouteConfig(
        String name,
        String host,
        @JsonProperty("path-prefix") String pathPrefix,
        String pool,
        @JsonDeserialize(using = NameListDeserializer.class) List<String> listeners) {

    public RouteConfig {
        host = host == null ? "*" : host;
        pathPrefix = pathPrefix == null ? "/" : pathPrefix;
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
    }

    /** Whether requests that arrived on that listener may take this route. */
    public boolean appliesTo(String listenerName) {
        return listeners.isEmpty() || listeners.contains(listenerName);
    }
}
