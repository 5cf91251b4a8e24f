package org.gatehouse.management.api;

/** What a route does with a request it was given. */
@FunctionalInterface
public interface RouteHandler {
    ApiResponse handle(ApiRequest request) throws ApiException;
}
