package org.gatehouse.bench.sandbox.extension;

import java.util.function.BinaryOperator;

/** {@code System.setProperty}: a {@code property <key> write} request, with no file or socket involved. */
public final class PropertyWrite implements BinaryOperator<String> {
    @Override
    public String apply(String key, String value) {
        return System.setProperty(key, value);
    }
}
