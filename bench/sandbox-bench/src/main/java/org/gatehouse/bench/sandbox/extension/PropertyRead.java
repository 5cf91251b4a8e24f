package org.gatehouse.bench.sandbox.extension;

import java.util.function.UnaryOperator;

/** {@code System.getProperty}: a {@code property <key> read} request, decided on the whole stack. */
public final class PropertyRead implements UnaryOperator<String> {
    @Override
    public String apply(String key) {
        return System.getProperty(key);
    }
}
