package org.gatehouse.management.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: per metric family one
 * {@code # HELP} and one {@code # TYPE} line, then its samples, {@code name{label="value"} 42}.
 * Label values escape backslash, double quote and line feed; help text escapes backslash and line
 * feed (the format's only escapes). Names are checked against the format's grammar, so a bad name
 * fails here and not in the scraper.
 *
 * <pre>{@code
 * PrometheusText text = new PrometheusText();
 * text.family("gatehouse_policy_swaps_total", MetricType.COUNTER, "Policy generations swapped in.").sample(3);
 * text.family("gatehouse_sandbox_denials_total", MetricType.COUNTER, "Denials.")
 *     .sample(Map.of("codebase", "ext:com.acme.limiter/1.0.0"), 2);
 * String body = text.toString();
 * }</pre>
 */
public final class PrometheusText {
    /** The media type a scraper expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The family types this element writes. */
    public enum MetricType {
        COUNTER("counter"), GAUGE("gauge"),
        /** Here without quantiles: its samples are {@code <name>_sum} and {@code <name>_count}. */
        SUMMARY("summary"),
        /** Samples {@code <name>_bucket} with an {@code le} label, {@code <name>_sum} and {@code <name>_count}. */
        HISTOGRAM("histogram");

        private final String word;

        MetricType(String word) {
            this.word = word;
        }
    }

    /** 2^53: every whole number up to here is a double exactly, so it prints as the counter it was. */
    private static final double LARGEST_EXACT_WHOLE = 0x1p53;

    private final StringBuilder out = new StringBuilder(4096);
    private String family;
    private MetricType familyType;

    /** Starts a family; its samples follow with {@link #sample}. */
    public PrometheusText family(String name, MetricType type, String help) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name [" + name + "] does not match " + METRIC_NAME.pattern());
        }
        family = name;
        familyType = type;
        out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type.word).append('\n');
        return this;
    }

    /** A sample without labels of the current family. */
    public PrometheusText sample(double value) {
        return sample(Map.of(), value);
    }

    /** A sample of the current counter or gauge family; labels in the map's iteration order. */
    public PrometheusText sample(Map<String, String> labels, double value) {
        return sample("", labels, value);
    }

    /** The {@code _sum} (in the family's unit) and {@code _count} samples of one series of the current summary family. */
    public PrometheusText summary(Map<String, String> labels, double sum, long count) {
        return sample("_sum", labels, sum).sample("_count", labels, count);
    }

    /**
     * One series of the current histogram family: a {@code _bucket} sample per upper bound with its
     * cumulative count, the {@code +Inf} bucket (the count), then {@code _sum} and {@code _count}.
     */
    public PrometheusText histogram(Map<String, String> labels, List<Double> bounds, List<Long> cumulativeCounts, double sum, long count) {
        if (familyType != MetricType.HISTOGRAM) {
            throw new IllegalStateException("family " + family + " is not a histogram");
        }
        for (int i = 0; i < bounds.size(); i++) {
            sample("_bucket", withLe(labels, number(bounds.get(i))), cumulativeCounts.get(i));
        }
        return sample("_bucket", withLe(labels, "+Inf"), count).sample("_sum", labels, sum).sample("_count", labels, count);
    }

    private static Map<String, String> withLe(Map<String, String> labels, String le) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("le", le);
        return all;
    }

    private PrometheusText sample(String suffix, Map<String, String> labels, double value) {
        if (family == null) {
            throw new IllegalStateException("a sample needs a family first");
        }
        if (suffix.isEmpty() == (familyType == MetricType.SUMMARY || familyType == MetricType.HISTOGRAM)) {
            throw new IllegalStateException(familyType.word + " family " + family + " cannot have a sample named " + family + suffix);
        }
        out.append(family).append(suffix);
        if (!labels.isEmpty()) {
            out.append('{');
            String separator = "";
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!LABEL_NAME.matcher(label.getKey()).matches()) {
                    throw new IllegalArgumentException("label name [" + label.getKey() + "] of " + family
                            + " does not match " + LABEL_NAME.pattern());
                }
                out.append(separator).append(label.getKey()).append("=\"").append(escapeLabelValue(label.getValue())).append('"');
                separator = ",";
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Whole numbers without a fraction ({@code 42}, not {@code 42.0}); the format's spellings of the special values. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) <= LARGEST_EXACT_WHOLE) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
