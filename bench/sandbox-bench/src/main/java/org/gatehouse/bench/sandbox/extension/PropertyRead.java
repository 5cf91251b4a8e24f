package org.gatehouse.bench.sandbox.extension;

import java.util.function.UnaryOperator;

/**
 * {@code System.getProperty}: checked by the SecurityManager ({@code PropertyPermission read}) but
 * deliberately not by the sandbox agent (see its README, "Routes not closed yet").
 */
public final class PropertyRead implements UnaryOperator<String> {
    @Override
    public String apply(String key) {
        return System.getProperty(key);
    }
}
