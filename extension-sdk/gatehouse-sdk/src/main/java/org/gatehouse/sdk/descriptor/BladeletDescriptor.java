package org.gatehouse.sdk.descriptor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the descriptor says about one bladelet: its name (unique in the extension, used by
 * flows and message-type policies), kind, implementing class, body access and parameters.
 * The constructor refuses an inconsistent descriptor with every problem named.
 *
 * <pre>{@code
 * new BladeletDescriptor("deny", BladeletKind.STEP, "com.acme.Deny", "", BodyAccess.NONE,
 *         List.of(ParameterDefinition.of("status", ParameterType.INT).withDefault("403").withRange("400", "599")));
 * }</pre>
 */
public record BladeletDescriptor(String name, BladeletKind kind, String className, String description,
                                 BodyAccess body, List<ParameterDefinition> parameters) {
    /** Bladelet names, as the schema allows them. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    /** A Java binary class name: dotted identifiers, '$' for nested classes. */
    public static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    public BladeletDescriptor {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bladelet name '" + name + "' must match " + NAME.pattern());
        }
        Objects.requireNonNull(kind, "kind");
        if (className == null || !CLASS_NAME.matcher(className).matches()) {
            throw new IllegalArgumentException("bladelet '" + name + "': class '" + className + "' is not a Java class name");
        }
        description = description == null ? "" : description.strip();
        Objects.requireNonNull(body, "body");
        parameters = List.copyOf(parameters);
        List<String> problems = problems(name, parameters);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static List<String> problems(String name, List<ParameterDefinition> parameters) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ParameterDefinition p : parameters) {
            if (!seen.add(p.name())) {
                problems.add("bladelet '" + name + "' declares parameter '" + p.name() + "' twice");
            }
            problems.addAll(ParameterValidator.checkDefinition(name, p));
        }
        return problems;
    }

    /** The declared parameter of that name. */
    public Optional<ParameterDefinition> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }
}
