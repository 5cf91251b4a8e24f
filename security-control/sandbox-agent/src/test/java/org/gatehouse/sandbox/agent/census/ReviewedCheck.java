package org.gatehouse.sandbox.agent.census;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One line of the reviewed list of the JDK's checks ({@code jdk-checks.txt}, docs/sandbox.md "What
 * the JDK checked"): a verdict on the call sites of a class, a package or a method, and why.
 *
 * @param verdict   {@code covered}, {@code harmless} or {@code open}
 * @param pattern   {@code class[.method]} in internal names, {@code *} matching any run of characters
 * @param until     the last JDK feature version known to have the class (later ones may not), or 0 when every one has it
 * @param reason    why the call sites need no hook of their own, or why they are left
 * @param line      the line number in the list
 */
public record ReviewedCheck(String verdict, String pattern, int until, String reason, int line) {
    static final String RESOURCE = "jdk-checks.txt";
    private static final Set<String> VERDICTS = Set.of("covered", "harmless", "open");

    public ReviewedCheck {
        Objects.requireNonNull(pattern, "pattern");
        if (!VERDICTS.contains(verdict)) {
            throw new IllegalArgumentException("[" + line + "] verdict [" + verdict + "], expected one of " + VERDICTS);
        }
        if (reason.isBlank()) {
            throw new IllegalArgumentException("[" + line + "] " + pattern + ": a reviewed line needs its reason");
        }
    }

    /** The class part of the pattern. */
    public String classPattern() {
        int dot = pattern.indexOf('.');
        return dot < 0 ? pattern : pattern.substring(0, dot);
    }

    /** The method part of the pattern, or null for every method. */
    public String methodPattern() {
        int dot = pattern.indexOf('.');
        return dot < 0 ? null : pattern.substring(dot + 1);
    }

    /** Whether the call site's class (or an inner class, or a class of the package) and method match. */
    public boolean matches(JdkSecurityChecks.CallSite site) {
        return matchesClass(site.owner()) && (methodPattern() == null || glob(methodPattern()).matcher(site.method()).matches());
    }

    /** Whether {@code owner} is the class (or an inner class of it, or a class of the package) this line names. */
    public boolean matchesClass(String owner) {
        Pattern classes = glob(classPattern());
        if (classes.matcher(owner).matches()) {
            return true;
        }
        for (int i = 0; i < owner.length(); i++) {
            char c = owner.charAt(i);
            if ((c == '/' || c == '$') && classes.matcher(owner.substring(0, i)).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the class this line names can be missing from a JDK of this feature version. */
    public boolean goneOn(int feature) {
        return until > 0 && feature > until;
    }

    private static Pattern glob(String text) {
        StringBuilder regex = new StringBuilder();
        for (String part : text.split("\\*", -1)) {
            regex.append(regex.length() == 0 && part.isEmpty() ? "" : Pattern.quote(part)).append(".*");
        }
        return Pattern.compile(regex.substring(0, regex.length() - 2));
    }

    /** Reads the reviewed list beside this class. */
    public static List<ReviewedCheck> load() {
        InputStream in = ReviewedCheck.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing beside " + ReviewedCheck.class.getName());
        }
        List<ReviewedCheck> checks = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank() && !line.startsWith("#")) {
                    checks.add(parse(line, number));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(checks);
    }

    static ReviewedCheck parse(String line, int number) {
        int separator = line.indexOf(" -- ");
        if (separator < 0) {
            throw new IllegalArgumentException("[" + number + "] expected <verdict> <class>[.<method>] [until <N>] -- <why>: " + line);
        }
        String[] head = line.substring(0, separator).trim().split("\\s+");
        int until = 0;
        if (head.length == 4 && "until".equals(head[2])) {
            until = Integer.parseInt(head[3]);
        } else if (head.length != 2) {
            throw new IllegalArgumentException("[" + number + "] expected <verdict> <class>[.<method>] [until <N>] -- <why>: " + line);
        }
        return new ReviewedCheck(head[0], head[1], until, line.substring(separator + 4).trim(), number);
    }

    @Override
    public String toString() {
        return RESOURCE + ":" + line + " " + verdict + " " + pattern;
    }
}
