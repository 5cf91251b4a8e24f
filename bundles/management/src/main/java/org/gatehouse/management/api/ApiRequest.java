package org.gatehouse.management.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.management.auth.ManagementUser;

/**
 * One authenticated, routed request: method, path, the values of the route's path variables, the
 * query parameters (last value wins), the user, the {@code If-Match} header (every field line joined
 * by commas) and the body.
 */
public record ApiRequest(String method, String path, Map<String, String> pathVariables, Map<String, String> query,
                         ManagementUser user, Optional<String> ifMatch, RequestBody body) {
    public ApiRequest {
        Objects.requireNonNull(ifMatch, "ifMatch");
        Objects.requireNonNull(user, "user");
        pathVariables = Map.copyOf(pathVariables);
        query = Map.copyOf(query);
        Objects.requireNonNull(body, "body");
    }

    public String variable(String name) {
        String value = pathVariables.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path variable {" + name + "}");
        }
        return value;
    }

    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isBlank());
    }

    /** A query parameter that must be there; its absence is a 400 naming it. */
    public String requiredQueryParameter(String name) throws ApiException {
        return queryParameter(name).orElseThrow(() -> ApiException.badRequest("query parameter '" + name + "' is required"));
    }
}
