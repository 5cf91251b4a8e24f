package org.gatehouse.policy.engine.model;

import java.util.regex.Pattern;

/**
 * A pattern in which {@code *} matches any run of characters (including none) and every other
 * character stands for itself; used for codebase locations, signers and symbolic names.
 */
public record Glob(String pattern, Pattern compiled) {

    /** Compiles the glob; the regex is built from quoted literal pieces, so nothing else is special. */
    public static Glob of(String pattern) {
        StringBuilder regex = new StringBuilder();
        String[] pieces = pattern.split("\\*", -1);
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!pieces[i].isEmpty()) {
                regex.append(Pattern.quote(pieces[i]));
            }
        }
        return new Glob(pattern, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    public boolean matches(String text) {
        return text != null && compiled.matcher(text).matches();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
