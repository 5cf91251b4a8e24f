package org.gatehouse.runtime.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Replaces {@code ${name}} in property values: {@code name} is another property of the same
 * set, or else a JVM system property, and {@code ${env:NAME}} is an environment variable. An
 * undefined name or a cycle is an error that names the property whose value contains it.
 *
 * <pre>{@code
 * Map<String, String> expanded = new PropertyExpander("conf/gatehouse.properties", System::getProperty, System::getenv)
 *         .expand(Map.of("gatehouse.log.dir", "${gatehouse.home}/logs", "gatehouse.home", "/opt/gatehouse"));
 * }</pre>
 */
public final class PropertyExpander {
    private static final String ENV_PREFIX = "env:";

    private final String source;
    private final Function<String, String> systemProperties;
    private final Function<String, String> environment;

    /**
     * @param source names the properties in error messages, usually the file they came from
     */
    public PropertyExpander(String source, Function<String, String> systemProperties, Function<String, String> environment) {
        this.source = source;
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /** Expands every value; the result keeps the input's iteration order. */
    public Map<String, String> expand(Map<String, String> properties) throws InvalidSettingException {
        Map<String, String> expanded = new LinkedHashMap<>();
        for (String key : properties.keySet()) {
            expanded.put(key, expandKey(key, properties, expanded, new ArrayDeque<>()));
        }
        return expanded;
    }

    private String expandKey(String key, Map<String, String> raw, Map<String, String> done, Deque<String> inProgress)
            throws InvalidSettingException {
        String known = done.get(key);
        if (known != null) {
            return known;
        }
        if (inProgress.contains(key)) {
            throw new InvalidSettingException(source, inProgress.getFirst(),
                    "${...} references form a cycle: " + String.join(" -> ", inProgress) + " -> " + key);
        }
        inProgress.addLast(key);
        String value = expandValue(raw.get(key), raw, done, inProgress);
        inProgress.removeLast();
        done.put(key, value);
        return value;
    }

    private String expandValue(String value, Map<String, String> raw, Map<String, String> done, Deque<String> inProgress)
            throws InvalidSettingException {
        StringBuilder out = new StringBuilder(value.length());
        int from = 0;
        while (true) {
            int start = value.indexOf("${", from);
            if (start < 0) {
                return out.append(value, from, value.length()).toString();
            }
            int end = value.indexOf('}', start + 2);
            if (end < 0) {
                throw new InvalidSettingException(source, inProgress.getFirst(), "'${' without a closing '}' in '" + value + "'");
            }
            out.append(value, from, start);
            out.append(lookup(value.substring(start + 2, end), raw, done, inProgress));
            from = end + 1;
        }
    }

    private String lookup(String name, Map<String, String> raw, Map<String, String> done, Deque<String> inProgress)
            throws InvalidSettingException {
        String found;
        if (name.startsWith(ENV_PREFIX)) {
            found = environment.apply(name.substring(ENV_PREFIX.length()));
        } else if (raw.containsKey(name)) {
            found = expandKey(name, raw, done, inProgress);
        } else {
            found = systemProperties.apply(name);
        }
        if (found == null) {
            throw new InvalidSettingException(source, inProgress.getFirst(), "${" + name + "} is not defined");
        }
        return found;
    }
}
