package org.gatehouse.management.confedit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A line diff of two versions of a text file for a rendering: lines removed ({@code - }) and added
 * ({@code + }) with their line numbers, the longest common subsequence kept, at most
 * {@link #MAX_LINES} lines shown. Secrets never reach a rendering: the value of every attribute or
 * element whose name speaks of one (token, digest, sha256, password, secret, totp, key) is shown
 * as {@code ***}, so a person sees that it changed, not what it is.
 */
final class LineDiff {
    static final int MAX_LINES = 200;
    /** Longer files are not compared line by line. */
    static final int MAX_COMPARED = 4000;
    private static final Pattern SECRET_ATTRIBUTE = Pattern.compile(
            "(?i)([\\w:.-]*(?:token|digest|sha256|password|secret|totp|key|hash)[\\w:.-]*\\s*=\\s*)(\"[^\"]*\"|'[^']*')");
    private static final Pattern SECRET_ELEMENT = Pattern.compile(
            "(?i)(<([\\w:.-]*(?:token|digest|sha256|password|secret|totp|key|hash)[\\w:.-]*)(?:\\s[^>]*)?>)([^<]*)(</\\2>)");

    private LineDiff() {
    }

    static List<String> between(byte[] before, byte[] after) {
        String[] a = masked(before);
        String[] b = masked(after);
        if (a.length > MAX_COMPARED || b.length > MAX_COMPARED) {
            return List.of("the files are too long to be compared line by line (" + a.length + " and " + b.length + " lines)");
        }
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        int total = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                i++;
                j++;
            } else if (j < b.length && (i == a.length || common[i][j + 1] >= common[i + 1][j])) {
                total += add(lines, "+ line " + (j + 1) + ": " + b[j]);
                j++;
            } else {
                total += add(lines, "- line " + (i + 1) + ": " + a[i]);
                i++;
            }
        }
        if (total > MAX_LINES) {
            lines.add("... and " + (total - MAX_LINES) + " more changed lines");
        }
        if (total == 0) {
            lines.add("no line changes but in secrets or line endings");
        }
        return lines;
    }

    private static int add(List<String> lines, String line) {
        if (lines.size() < MAX_LINES) {
            lines.add(line);
        }
        return 1;
    }

    static String[] masked(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        text = SECRET_ATTRIBUTE.matcher(text).replaceAll("$1\"***\"");
        text = SECRET_ELEMENT.matcher(text).replaceAll("$1***$4");
        return text.isEmpty() ? new String[0] : text.split("\r?\n", -1);
    }
}
