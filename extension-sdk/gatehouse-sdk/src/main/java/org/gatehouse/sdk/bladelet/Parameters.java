package org.gatehouse.sdk.bladelet;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters of one bladelet instance, already checked against the descriptor's attribute
 * domain and typed: an {@code int} parameter is read with {@link #integer}, a {@code duration}
 * with {@link #duration}, and so on. Asking for an undeclared name, or with the wrong type, is a
 * programming error reported with the bladelet's and the parameter's name.
 *
 * <p>Values are {@code String} (types string and enum), {@code Integer}, {@code Long},
 * {@code Boolean}, {@code Duration}, {@code URI} (type url) and {@link HostPort} (type host-port).
 * The engine and the test kit build instances with
 * {@code org.gatehouse.sdk.descriptor.ParameterValidator}.
 *
 * <pre>{@code
 * Duration timeout = context.parameters().duration("timeout");
 * if (context.parameters().has("realm")) { realm = context.parameters().string("realm"); }
 * }</pre>
 */
public final class Parameters {
    private final String bladeletName;
    private final Map<String, String> declaredTypes;
    private final Map<String, Object> values;
    private final Set<String> secrets;

    private Parameters(String bladeletName, Map<String, String> declaredTypes, Map<String, Object> values, Set<String> secrets) {
        this.bladeletName = Objects.requireNonNull(bladeletName, "bladeletName");
        this.declaredTypes = Collections.unmodifiableMap(new LinkedHashMap<>(declaredTypes));
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.secrets = Set.copyOf(secrets);
        for (String name : values.keySet()) {
            if (!declaredTypes.containsKey(name)) {
                throw new IllegalArgumentException("bladelet '" + bladeletName + "': value for undeclared parameter '" + name + "'");
            }
        }
    }

    /**
     * Parameters from checked values.
     *
     * @param declaredTypes every declared parameter's type name ({@code int}, {@code duration}...)
     * @param values        the value of each parameter that is set (given or defaulted), already typed
     * @param secrets       names whose values must never be shown
     */
    public static Parameters of(String bladeletName, Map<String, String> declaredTypes, Map<String, Object> values, Set<String> secrets) {
        return new Parameters(bladeletName, declaredTypes, values, secrets);
    }

    /** A bladelet that declares no parameters. */
    public static Parameters none(String bladeletName) {
        return new Parameters(bladeletName, Map.of(), Map.of(), Set.of());
    }

    /** True when the parameter has a value, given or from its default. */
    public boolean has(String name) {
        declared(name);
        return values.containsKey(name);
    }

    /** The names of all declared parameters. */
    public Set<String> names() {
        return declaredTypes.keySet();
    }

    /** A {@code string} or {@code enum} parameter. */
    public String string(String name) {
        return typed(name, String.class, "string", "enum");
    }

    /** An {@code int} parameter. */
    public int integer(String name) {
        return typed(name, Integer.class, "int");
    }

    /** A {@code long} parameter. */
    public long longValue(String name) {
        return typed(name, Long.class, "long");
    }

    /** A {@code boolean} parameter. */
    public boolean booleanValue(String name) {
        return typed(name, Boolean.class, "boolean");
    }

    /** A {@code duration} parameter. */
    public Duration duration(String name) {
        return typed(name, Duration.class, "duration");
    }

    /** A {@code url} parameter: an absolute URI with a host. */
    public URI url(String name) {
        return typed(name, URI.class, "url");
    }

    /** A {@code host-port} parameter. */
    public HostPort hostPort(String name) {
        return typed(name, HostPort.class, "host-port");
    }

    private String declared(String name) {
        String type = declaredTypes.get(name);
        if (type == null) {
            throw new IllegalArgumentException("bladelet '" + bladeletName + "' has no parameter '" + name
                    + "' in its descriptor (declared: " + new TreeSet<>(declaredTypes.keySet()) + ")");
        }
        return type;
    }

    private <T> T typed(String name, Class<T> javaType, String... acceptedTypes) {
        String type = declared(name);
        if (!java.util.Arrays.asList(acceptedTypes).contains(type)) {
            throw new IllegalArgumentException("bladelet '" + bladeletName + "' parameter '" + name + "' is of type " + type
                    + ", not " + String.join(" or ", acceptedTypes));
        }
        Object value = values.get(name);
        if (value == null) {
            throw new NoSuchElementException("bladelet '" + bladeletName + "' parameter '" + name
                    + "' is not set and has no default; check has(\"" + name + "\") first");
        }
        return javaType.cast(value);
    }

    /** Names and values, secrets masked. */
    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        values.forEach((k, v) -> shown.put(k, secrets.contains(k) ? "***" : v));
        return "Parameters[" + bladeletName + " " + shown + "]";
    }
}
