package org.gatehouse.sdk.descriptor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One parameter of a bladelet and its attribute domain (the values it may take). Whether the
 * domain is consistent (the default is one of the allowed values, min is not above max...) is
 * checked by {@link BladeletDescriptor}'s constructor through
 * {@link ParameterValidator#checkDefinition}, so that the message can name the bladelet.
 *
 * @param name          lower case words joined by '.', '-' or '_', such as {@code token-service.url}
 * @param type          the value type
 * @param description   what the parameter is for, shown to admins; may be empty
 * @param required      true when a flow must give a value (then there is no default)
 * @param defaultValue  the value used when a flow gives none
 * @param allowedValues the only values allowed; required for {@code enum}, optional for other types
 * @param pattern       a regular expression the whole value must match ({@code string} only)
 * @param min           the smallest allowed value ({@code int}, {@code long}, {@code duration})
 * @param max           the largest allowed value ({@code int}, {@code long}, {@code duration})
 * @param secret        true when the value must never be shown (passwords, keys)
 */
public record ParameterDefinition(String name, ParameterType type, String description, boolean required,
                                  Optional<String> defaultValue, List<String> allowedValues, Optional<String> pattern,
                                  Optional<String> min, Optional<String> max, boolean secret) {
    /** Parameter names, as the schema allows them. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    public ParameterDefinition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("parameter name '" + name + "' must match " + NAME.pattern());
        }
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description.strip();
        Objects.requireNonNull(defaultValue, "defaultValue");
        allowedValues = List.copyOf(allowedValues);
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
    }

    /** An optional parameter of that type with no default and no other limit; a start for {@code with...}. */
    public static ParameterDefinition of(String name, ParameterType type) {
        return new ParameterDefinition(name, type, "", false, Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), false);
    }

    /** A copy that is required. */
    public ParameterDefinition asRequired() {
        return new ParameterDefinition(name, type, description, true, defaultValue, allowedValues, pattern, min, max, secret);
    }

    /** A copy with that default. */
    public ParameterDefinition withDefault(String value) {
        return new ParameterDefinition(name, type, description, required, Optional.of(value), allowedValues, pattern, min, max, secret);
    }

    /** A copy with those allowed values. */
    public ParameterDefinition withAllowedValues(String... values) {
        return new ParameterDefinition(name, type, description, required, defaultValue, List.of(values), pattern, min, max, secret);
    }

    /** A copy with that pattern. */
    public ParameterDefinition withPattern(String regex) {
        return new ParameterDefinition(name, type, description, required, defaultValue, allowedValues, Optional.of(regex), min, max, secret);
    }

    /** A copy with those bounds (either may be null for none). */
    public ParameterDefinition withRange(String minimum, String maximum) {
        return new ParameterDefinition(name, type, description, required, defaultValue, allowedValues, pattern,
                Optional.ofNullable(minimum), Optional.ofNullable(maximum), secret);
    }

    /** A copy whose value is secret. */
    public ParameterDefinition asSecret() {
        return new ParameterDefinition(name, type, description, required, defaultValue, allowedValues, pattern, min, max, true);
    }
}
