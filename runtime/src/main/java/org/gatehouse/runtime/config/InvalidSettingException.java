package org.gatehouse.runtime.config;

/**
 * A launcher setting that cannot be used. The message reads
 * {@code <source>: <key>: <reason>}, e.g.
 * {@code /opt/gatehouse/conf/gatehouse.properties: gatehouse.ready.timeout: '5x' is not a duration (e.g. 250ms, 2s, 5m, 1h)}.
 */
public final class InvalidSettingException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String source, String key, String reason) {
        super(source + ": " + key + ": " + reason);
    }
}
