package org.gatehouse.policy.engine.model;

import org.gatehouse.policy.engine.api.Codebase;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${...}} variables of permission names. {@code gatehouse.home}, {@code gatehouse.data}
 * and {@code gatehouse.conf} are the element's folders; {@code extension.data} (the extension's
 * own data folder, {@code <gatehouse.data>/extensions/<symbolic name>}) and {@code extension.name}
 * are set per codebase by {@link #forCodebase(Codebase)}.
 */
public record PolicyVariables(Map<String, String> values) {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    public PolicyVariables {
        values = Map.copyOf(values);
    }

    /** The element-wide variables from the element's home, data and conf folders. */
    public static PolicyVariables of(String home, String data, String conf) {
        return new PolicyVariables(Map.of("gatehouse.home", stripSlash(home), "gatehouse.data", stripSlash(data),
                "gatehouse.conf", stripSlash(conf)));
    }

    /** These variables plus the ones that name the codebase's own things. */
    public PolicyVariables forCodebase(Codebase codebase) {
        Map<String, String> all = new HashMap<>(values);
        String data = values.getOrDefault("gatehouse.data", "");
        all.put("extension.data", data + "/extensions/" + codebase.symbolicName());
        all.put("extension.name", codebase.symbolicName());
        return new PolicyVariables(all);
    }

    /** Replaces every variable; an unknown one is an error naming it. */
    public String expand(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown variable ${" + m.group(1) + "} in [" + text + "]");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String stripSlash(String folder) {
        return folder.length() > 1 && folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }
}
