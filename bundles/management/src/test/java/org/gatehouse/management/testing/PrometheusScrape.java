package org.gatehouse.management.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, written from the format's description
 * for the tests: it refuses what a scraper would refuse (a sample before its family's TYPE, a
 * sample name that is not its family's, an unknown escape, a bad number, a series twice, a family
 * declared twice), so a test that reads a scrape with it also checks the format.
 *
 * <pre>{@code
 * PrometheusScrape scrape = PrometheusScrape.parse(body);
 * double denials = scrape.value("gatehouse_sandbox_denials_total", Map.of("codebase", "ext:a/1.0.0"));
 * }</pre>
 */
public final class PrometheusScrape {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME.pattern() + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME.pattern() + ") (counter|gauge|summary|histogram|untyped)");
    private static final Set<String> SPECIAL_VALUES = Set.of("NaN", "+Inf", "-Inf");

    /** One family: its type, its help (unescaped) and its samples in order. */
    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    /** One sample: its full name ({@code _sum}/{@code _count} included), its labels (unescaped), its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, Family> families;

    private PrometheusScrape(Map<String, Family> families) {
        this.families = families;
    }

    public static PrometheusScrape parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Set<String> series = new HashSet<>();
        Family current = null;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher help = HELP.matcher(line);
            Matcher type = TYPE.matcher(line);
            if (help.matches()) {
                if (helps.put(help.group(1), unescape(help.group(2), false, number)) != null) {
                    throw error(number, "second HELP for " + help.group(1));
                }
            } else if (type.matches()) {
                String name = type.group(1);
                if (families.containsKey(name)) {
                    throw error(number, "second TYPE for " + name);
                }
                current = new Family(name, type.group(2), helps.getOrDefault(name, ""), new ArrayList<>());
                families.put(name, current);
            } else if (line.startsWith("#")) {
                continue; // a comment
            } else {
                Sample sample = sample(line, number);
                checkBelongs(current, sample, number);
                if (!series.add(sample.name() + sample.labels())) {
                    throw error(number, "series " + sample.name() + sample.labels() + " appears twice");
                }
                current.samples().add(sample);
            }
        }
        return new PrometheusScrape(families);
    }

    private static void checkBelongs(Family family, Sample sample, int number) {
        if (family == null) {
            throw error(number, "sample " + sample.name() + " before any TYPE line");
        }
        boolean belongs = switch (family.type()) {
            case "summary" -> sample.name().equals(family.name() + "_sum") || sample.name().equals(family.name() + "_count");
            case "histogram" -> sample.name().equals(family.name() + "_sum") || sample.name().equals(family.name() + "_count")
                    || sample.name().equals(family.name() + "_bucket") && sample.labels().containsKey("le");
            default -> sample.name().equals(family.name());
        };
        if (!belongs) {
            throw error(number, "sample " + sample.name() + " is not of the " + family.type() + " family " + family.name());
        }
    }

    private static Sample sample(String line, int number) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw error(number, "no metric name at the start of [" + line + "]");
        }
        int at = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at = labels(line, at + 1, labels, number);
        }
        if (at >= line.length() || line.charAt(at) != ' ') {
            throw error(number, "no space before the value in [" + line + "]");
        }
        String[] rest = line.substring(at + 1).split(" ");
        if (rest.length > 2) {
            throw error(number, "more than a value and a timestamp in [" + line + "]");
        }
        return new Sample(name.group(), Map.copyOf(labels), value(rest[0], number));
    }

    private static int labels(String line, int at, Map<String, String> labels, int number) {
        while (line.charAt(at) != '}') {
            Matcher label = LABEL_NAME.matcher(line).region(at, line.length());
            if (!label.lookingAt() || line.charAt(label.end()) != '=' || line.charAt(label.end() + 1) != '"') {
                throw error(number, "bad label at column " + (at + 1) + " of [" + line + "]");
            }
            int end = label.end() + 2;
            StringBuilder raw = new StringBuilder();
            while (line.charAt(end) != '"') {
                if (line.charAt(end) == '\\') {
                    raw.append(line.charAt(end++));
                }
                raw.append(line.charAt(end++));
            }
            if (labels.put(label.group(), unescape(raw.toString(), true, number)) != null) {
                throw error(number, "label " + label.group() + " twice in [" + line + "]");
            }
            at = end + 1;
            if (line.charAt(at) == ',') {
                at++;
            }
        }
        return at + 1;
    }

    private static String unescape(String raw, boolean quoteAllowed, int number) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = raw.charAt(++i);
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case '"' -> {
                    if (!quoteAllowed) {
                        throw error(number, "escaped quote outside a label value");
                    }
                    out.append('"');
                }
                default -> throw error(number, "unknown escape \\" + next);
            }
        }
        return out.toString();
    }

    private static double value(String text, int number) {
        if (SPECIAL_VALUES.contains(text)) {
            return text.equals("NaN") ? Double.NaN : text.startsWith("+") ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(number, "not a number: " + text);
        }
    }

    private static IllegalArgumentException error(int line, String message) {
        return new IllegalArgumentException("line " + line + ": " + message);
    }

    public Map<String, Family> families() {
        return families;
    }

    public Optional<Family> family(String name) {
        return Optional.ofNullable(families.get(name));
    }

    /** The value of one series; fails naming the series when it is not there. */
    public double value(String sampleName, Map<String, String> labels) {
        return find(sampleName, labels).orElseThrow(() ->
                new AssertionError("no series " + sampleName + labels + " in the scrape; families: " + families.keySet())).value();
    }

    public Optional<Sample> find(String sampleName, Map<String, String> labels) {
        return families.values().stream().flatMap(f -> f.samples().stream())
                .filter(s -> s.name().equals(sampleName) && s.labels().equals(labels)).findFirst();
    }
}
