/**
 * The routes of the REST API, version 1, and {@code /metrics} (docs/management.md "REST API",
 * "Roles"): {@link org.gatehouse.management.api.ApiRoutes} builds the {@link
 * org.gatehouse.management.api.Router} over every {@link org.gatehouse.management.api.Route}, each
 * with the roles allowed to call it and the body it accepts; every change runs as a command, and
 * every refusal is an {@link org.gatehouse.management.api.ApiException} rendered as the one error
 * body. Routes reach the platform through {@link org.gatehouse.management.api.ElementServices} and
 * answer 503 when the service they need is not running. Despite its name this is not a Java API:
 * the package is internal to the bundle and not exported.
 */
package org.gatehouse.management.api;
