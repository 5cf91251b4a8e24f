package org.gatehouse.management.api;

import java.util.ArrayList;
import java.util.List;
import org.gatehouse.flow.engine.api.FlowDifference;

/**
 * What replacing the flows document changes, in lines for a rendering (docs/management.md "The
 * rendering"): every difference the flow engine finds, one aspect of one part a line, marked
 * {@code +} added, {@code -} taken away, {@code ~} changed (before, then after); a secret
 * parameter only as set, changed or taken away. A value too long for one line of a rendering is
 * shown whole, over as many lines as it takes, so that no difference hides past a cut.
 */
final class FlowChanges {
    /** Characters of a value on one line; the rendering cuts a line only past 300, so nothing is cut. */
    static final int LINE = 200;

    private FlowChanges() {
    }

    static List<String> lines(long generation, List<FlowDifference> differences) {
        List<String> lines = new ArrayList<>();
        lines.add("replace the flows document in force (generation " + generation + ")");
        if (differences.isEmpty()) {
            lines.add("no difference: the document says what the one in force says");
        }
        differences.forEach(d -> line(lines, d));
        return lines;
    }

    private static void line(List<String> lines, FlowDifference d) {
        String head = d.part() + ": " + d.aspect();
        if (d.secret()) {
            String what = d.before().isEmpty() ? "set" : d.after().isEmpty() ? "taken away" : "changed";
            lines.add(mark(d) + " " + head + " " + what + " " + FlowDifference.SECRET);
        } else if (d.before().isEmpty()) {
            value(lines, "+ " + head, d.after().get());
        } else if (d.after().isEmpty()) {
            value(lines, "- " + head, d.before().get());
        } else if (length(head) + length(d.before().get()) + length(d.after().get()) <= LINE) {
            lines.add("~ " + head + " " + d.before().get() + "  becomes  " + d.after().get());
        } else {
            value(lines, "~ " + head + ", was", d.before().get());
            value(lines, "  " + head + ", becomes", d.after().get());
        }
    }

    private static String mark(FlowDifference d) {
        return d.before().isEmpty() ? "+" : d.after().isEmpty() ? "-" : "~";
    }

    private static boolean fits(String head, String value) {
        return length(head) + length(value) <= LINE;
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** {@code head value} on one line, or the head and the value in numbered pieces of {@value #LINE} characters. */
    private static void value(List<String> lines, String head, String value) {
        if (fits(head, value)) {
            lines.add(head + " " + value);
            return;
        }
        int total = length(value);
        int pieces = (total + LINE - 1) / LINE;
        lines.add(head + " (" + total + " characters, in " + pieces + " lines):");
        int start = 0;
        for (int piece = 1; piece <= pieces; piece++) {
            int end = value.offsetByCodePoints(start, Math.min(LINE, value.codePointCount(start, value.length())));
            lines.add("    " + piece + "| " + value.substring(start, end));
            start = end;
        }
    }
}
