package org.gatehouse.runtime.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed views of the launcher's settings, read from one expanded property map. Each accessor
 * falls back to its default when the key is absent and fails with the key and the bad value
 * otherwise.
 */
final class SettingValues {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private final String source;
    private final java.util.Map<String, String> values;

    SettingValues(String source, java.util.Map<String, String> values) {
        this.source = source;
        this.values = values;
    }

    String text(String key, String fallback) {
        String value = values.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    Duration duration(String key, Duration fallback) throws InvalidSettingException {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new InvalidSettingException(source, key, "'" + value + "' is not a duration (e.g. 250ms, 2s, 5m, 1h)");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    int number(String key, int fallback, int min, int max) throws InvalidSettingException {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new InvalidSettingException(source, key, "'" + value + "' is outside " + min + ".." + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(source, key, "'" + value + "' is not a whole number");
        }
    }

    boolean flag(String key, boolean fallback) throws InvalidSettingException {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new InvalidSettingException(source, key, "'" + value + "' is not true or false");
        };
    }

    /** Comma-separated names, blanks dropped. */
    List<String> names(String key, List<String> fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
    }

    /** A level by logfmt name (error, warn, info, debug, trace, off, all) or JUL name (SEVERE, FINE...). */
    Level level(String key, Level fallback) throws InvalidSettingException {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "error", "severe" -> Level.SEVERE;
            case "warn", "warning" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "config" -> Level.CONFIG;
            case "debug", "fine" -> Level.FINE;
            case "trace", "finer" -> Level.FINER;
            case "finest" -> Level.FINEST;
            case "off" -> Level.OFF;
            case "all" -> Level.ALL;
            default -> throw new InvalidSettingException(source, key,
                    "'" + value + "' is not a log level (error, warn, info, debug, trace, off, all)");
        };
    }
}
