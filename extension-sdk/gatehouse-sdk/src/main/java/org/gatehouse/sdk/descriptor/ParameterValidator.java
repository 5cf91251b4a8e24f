package org.gatehouse.sdk.descriptor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.gatehouse.sdk.bladelet.Parameters;

/**
 * Checks parameter values against a bladelet's attribute domain and turns them into typed
 * {@link Parameters}; also checks that a domain itself is consistent. The element uses it when
 * an extension is uploaded and when a flow is loaded; the test kit uses it in unit tests, so
 * both give the same messages, each naming the bladelet and the parameter. The value of a
 * {@code secret} parameter is never repeated in a message.
 *
 * <pre>{@code
 * try {
 *     Parameters p = ParameterValidator.validate(descriptor, Map.of("status", "700"));
 * } catch (InvalidParametersException e) {
 *     // bladelet 'deny' parameter 'status': 700 is above the maximum 599
 * }
 * }</pre>
 */
public final class ParameterValidator {
    private ParameterValidator() {
    }

    /**
     * Checks the given values (by parameter name, as written in the flow) and fills in defaults.
     *
     * @throws InvalidParametersException naming every unknown, missing and invalid parameter
     */
    public static Parameters validate(BladeletDescriptor bladelet, Map<String, String> given) throws InvalidParametersException {
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(given.keySet())) {
            if (bladelet.parameter(name).isEmpty()) {
                problems.add("bladelet '" + bladelet.name() + "' has no parameter '" + name + "' (declared: "
                        + declaredNames(bladelet) + ")");
            }
        }
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> secrets = new TreeSet<>();
        for (ParameterDefinition p : bladelet.parameters()) {
            types.put(p.name(), p.type().xmlName());
            if (p.secret()) {
                secrets.add(p.name());
            }
            String text = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue().orElse(null);
            if (text == null) {
                if (p.required()) {
                    problems.add(prefix(bladelet.name(), p) + " is required and was not given");
                }
                continue;
            }
            try {
                values.put(p.name(), typedValue(p, text));
            } catch (IllegalArgumentException e) {
                problems.add(prefix(bladelet.name(), p) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidParametersException(problems);
        }
        return Parameters.of(bladelet.name(), types, values, secrets);
    }

    /** The problems of one parameter's domain, empty when it is consistent. */
    public static List<String> checkDefinition(String bladeletName, ParameterDefinition p) {
        List<String> problems = new ArrayList<>();
        String prefix = prefix(bladeletName, p) + ": ";
        if (p.type() == ParameterType.ENUM && p.allowedValues().isEmpty()) {
            problems.add(prefix + "type enum needs at least one allowed value");
        }
        if (p.required() && p.defaultValue().isPresent()) {
            problems.add(prefix + "is required and has a default; a default makes it optional, drop one");
        }
        p.pattern().ifPresent(regex -> checkPattern(p, regex, prefix, problems));
        if ((p.min().isPresent() || p.max().isPresent()) && !p.type().ordered()) {
            problems.add(prefix + "min and max apply to int, long and duration parameters only, not " + p.type().xmlName());
        } else {
            checkRange(p, prefix, problems);
        }
        for (String allowed : p.allowedValues()) {
            checkBound(p, "allowed value", allowed, prefix, problems);
        }
        if (problems.isEmpty()) {
            p.defaultValue().ifPresent(d -> {
                try {
                    typedValue(p, d);
                } catch (IllegalArgumentException e) {
                    problems.add(prefix + "default " + e.getMessage());
                }
            });
        }
        return problems;
    }

    /** The typed value of text for the parameter, after every check of its domain. */
    private static Object typedValue(ParameterDefinition p, String text) {
        String shown = p.secret() ? "the value" : quoted(p, text);
        Object value = p.type().parse(text, shown);
        if (!p.allowedValues().isEmpty() && !p.allowedValues().contains(text)) {
            throw new IllegalArgumentException(shown + " is not one of " + (p.secret() ? "the allowed values" : p.allowedValues()));
        }
        if (p.pattern().isPresent() && !Pattern.compile(p.pattern().get()).matcher(text).matches()) {
            throw new IllegalArgumentException(shown + " does not match the pattern " + p.pattern().get());
        }
        checkWithinRange(p, value, shown);
        return value;
    }

    @SuppressWarnings("unchecked")
    private static void checkWithinRange(ParameterDefinition p, Object value, String shown) {
        if (p.min().isEmpty() && p.max().isEmpty()) {
            return;
        }
        Comparable<Object> v = (Comparable<Object>) value;
        if (p.min().isPresent() && v.compareTo(p.type().parse(p.min().get(), p.min().get())) < 0) {
            throw new IllegalArgumentException(shown + " is below the minimum " + p.min().get());
        }
        if (p.max().isPresent() && v.compareTo(p.type().parse(p.max().get(), p.max().get())) > 0) {
            throw new IllegalArgumentException(shown + " is above the maximum " + p.max().get());
        }
    }

    private static void checkPattern(ParameterDefinition p, String regex, String prefix, List<String> problems) {
        if (p.type() != ParameterType.STRING) {
            problems.add(prefix + "pattern applies to string parameters only, not " + p.type().xmlName());
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(prefix + "pattern '" + regex + "' is not a regular expression: " + e.getDescription()
                    + " at index " + e.getIndex());
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkRange(ParameterDefinition p, String prefix, List<String> problems) {
        boolean minOk = p.min().map(m -> checkBound(p, "min", m, prefix, problems)).orElse(false);
        boolean maxOk = p.max().map(m -> checkBound(p, "max", m, prefix, problems)).orElse(false);
        if (minOk && maxOk) {
            Comparable<Object> min = (Comparable<Object>) p.type().parse(p.min().get(), "");
            if (min.compareTo(p.type().parse(p.max().get(), "")) > 0) {
                problems.add(prefix + "min " + p.min().get() + " is above max " + p.max().get());
            }
        }
    }

    private static boolean checkBound(ParameterDefinition p, String what, String text, String prefix, List<String> problems) {
        try {
            p.type().parse(text, "'" + text + "'");
            return true;
        } catch (IllegalArgumentException e) {
            problems.add(prefix + what + " " + e.getMessage());
            return false;
        }
    }

    private static String quoted(ParameterDefinition p, String text) {
        // numbers read better bare in range messages: "700 is above the maximum 599"
        return p.type().ordered() && p.type() != ParameterType.DURATION && text.matches("-?[0-9]{1,19}") ? text : "'" + text + "'";
    }

    private static String prefix(String bladeletName, ParameterDefinition p) {
        return "bladelet '" + bladeletName + "' parameter '" + p.name() + "'";
    }

    private static String declaredNames(BladeletDescriptor bladelet) {
        List<String> names = new ArrayList<>();
        bladelet.parameters().forEach(p -> names.add(p.name()));
        return names.toString();
    }
}
