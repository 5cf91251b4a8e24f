package org.gatehouse.policy.schemas;

import java.util.Map;
import java.util.Objects;

/**
 * A document read by {@link XmlDocumentReader}: its model, and where each of its elements is, so
 * that a check the schema cannot express reports a {@code [line:col]} position as schema errors
 * do.
 *
 * <pre>{@code
 * XmlDocument<RulesXml> doc = reader.readDocument(file, RulesXml.class);
 * if (bad(doc.model().rules().get(1))) {
 *     throw doc.problem("/qualification-rules/rule[2]", "a conditional enable names no condition");
 * }
 * }</pre>
 *
 * @param <T> the model's type
 */
public final class XmlDocument<T> {
    private final String source;
    private final T model;
    private final Map<String, int[]> starts;

    XmlDocument(String source, T model, Map<String, int[]> starts) {
        this.source = Objects.requireNonNull(source, "source");
        this.model = model;
        this.starts = Map.copyOf(starts);
    }

    /** The name the document was read under, as errors give it. */
    public String source() {
        return source;
    }

    /** The bound model; {@code null} for a document that binds to nothing (an empty root). */
    public T model() {
        return model;
    }

    /**
     * The problem at an element path such as {@code /element/listener[2]/tls[1]}, positioned where
     * that element's start tag ends. An attribute path ({@code /system-policy/@max-threads}) takes
     * its element's position, and a path the document does not hold (an element left out) its
     * nearest ancestor's.
     */
    public XmlDocumentException problem(String elementPath, String reason) {
        int[] at = position(elementPath);
        return new XmlDocumentException(source, at[0], at[1], elementPath, reason);
    }

    /**
     * Where an element is, as a problem there would start: {@code system-policy.xml [6:74]
     * /system-policy/restrictions/permission[2]}; for what a reader keeps to name a part of the
     * document later (a permission a merge rejects), positioned as {@link #problem} positions.
     */
    public String place(String elementPath) {
        int[] at = position(elementPath);
        return XmlDocumentException.place(source, at[0], at[1], elementPath);
    }

    static int[] position(Map<String, int[]> starts, String elementPath) {
        String path = indexed(elementPath);
        while (!path.isEmpty()) {
            int[] at = starts.get(path);
            if (at != null) {
                return at;
            }
            path = path.substring(0, path.lastIndexOf('/'));
        }
        return new int[] {0, 0};
    }

    /** {@code /a/b/c[2]} as the validator spells it, {@code /a/b[1]/c[2]}: every element below the root has an index. */
    private static String indexed(String elementPath) {
        String[] steps = elementPath.split("/", -1);
        StringBuilder path = new StringBuilder();
        for (int i = 1; i < steps.length; i++) {
            String step = steps[i];
            path.append('/').append(step);
            if (i > 1 && !step.endsWith("]") && !step.startsWith("@")) {
                path.append("[1]");
            }
        }
        return path.toString();
    }

    private int[] position(String elementPath) {
        return position(starts, elementPath);
    }
}
