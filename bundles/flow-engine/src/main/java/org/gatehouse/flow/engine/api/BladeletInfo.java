package org.gatehouse.flow.engine.api;

/**
 * A bladelet the engine can use: its name, kind ({@code step}, {@code authenticator},
 * {@code authorizer}), the extension providing it (empty for built-in ones) and that extension's
 * version in use.
 */
public record BladeletInfo(String name, String kind, String extension, String version, String description) {
}
