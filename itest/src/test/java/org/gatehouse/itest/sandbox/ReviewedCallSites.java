package org.gatehouse.itest.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table "Reviewed {@code Privileged} call sites of the platform" of {@code docs/sandbox.md}:
 * the first cell of each row names a module and a call site, {@code `flow-engine` `StepExecutor.callInside`}.
 * The document is the one list; the test reads it rather than keeping a copy that could drift.
 */
final class ReviewedCallSites {
    static final String HEADING = "### Reviewed `Privileged` call sites of the platform";
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*`([^`]+)`\\s*\\|");

    private ReviewedCallSites() {
    }

    /** {@code docs/sandbox.md} of the source tree (the failsafe property {@code gatehouse.docs}). */
    static Path document() {
        return Path.of(System.getProperty("gatehouse.docs", "../docs")).resolve("sandbox.md");
    }

    /** The reviewed sites, as {@code Class.method}, in the order of the table. */
    static Set<String> in(Path document) {
        try {
            return parse(Files.readAllLines(document));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + document, e);
        }
    }

    static Set<String> parse(List<String> lines) {
        int heading = lines.indexOf(HEADING);
        if (heading < 0) {
            throw new AssertionError("no heading '" + HEADING + "' in the document");
        }
        Set<String> sites = new LinkedHashSet<>();
        boolean inTable = false;
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            inTable |= line.startsWith("|");
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                sites.add(row.group(2));
            }
        }
        if (sites.isEmpty()) {
            throw new AssertionError("the table under '" + HEADING + "' lists no call site");
        }
        return sites;
    }
}
