package org.gatehouse.sample.header.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gatehouse.sdk.bladelet.Parameters;

/**
 * What one header-rewrite step does, read from its parameters. The descriptor's patterns have
 * already checked the syntax of each list, so this only splits them.
 *
 * @param removals        header names to remove
 * @param renames         headers to rename, in order
 * @param principalHeader the header that gets the identity's principal
 * @param groupsHeader    the header that gets the identity's groups, joined
 * @param claimHeaders    claims to copy into headers
 * @param separator       what joins several values in one header
 */
record RewriteRules(List<String> removals, List<Rename> renames, Optional<String> principalHeader,
                    Optional<String> groupsHeader, List<ClaimHeader> claimHeaders, String separator) {

    /** {@code from:to} in the {@code rename} parameter. */
    record Rename(String from, String to) {
    }

    /** {@code claim=Header} in the {@code claim-headers} parameter. */
    record ClaimHeader(String claim, String header) {
    }

    RewriteRules {
        removals = List.copyOf(removals);
        renames = List.copyOf(renames);
        claimHeaders = List.copyOf(claimHeaders);
    }

    static RewriteRules from(String bladeletName, String stepName, Parameters parameters) {
        List<Rename> renames = new ArrayList<>();
        for (String pair : items(parameters, "rename")) {
            int colon = pair.indexOf(':');
            renames.add(new Rename(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip()));
        }
        List<ClaimHeader> claims = new ArrayList<>();
        for (String pair : items(parameters, "claim-headers")) {
            int eq = pair.indexOf('=');
            claims.add(new ClaimHeader(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip()));
        }
        RewriteRules rules = new RewriteRules(items(parameters, "remove"), renames, optional(parameters, "principal-header"),
                optional(parameters, "groups-header"), claims, separator(parameters.string("list-separator")));
        if (rules.removals.isEmpty() && rules.renames.isEmpty() && rules.identityHeaders().isEmpty()) {
            throw new IllegalArgumentException("bladelet '" + bladeletName + "' step " + stepName + " has nothing to do: set at least one of "
                    + "remove, rename, principal-header, groups-header, claim-headers");
        }
        return rules;
    }

    /** Every header this step sets from the identity; each is removed from the request first. */
    List<String> identityHeaders() {
        List<String> headers = new ArrayList<>();
        principalHeader.ifPresent(headers::add);
        groupsHeader.ifPresent(headers::add);
        claimHeaders.forEach(c -> headers.add(c.header()));
        return List.copyOf(headers);
    }

    private static List<String> items(Parameters parameters, String name) {
        if (!parameters.has(name)) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : parameters.string(name).split(",")) {
            items.add(item.strip());
        }
        return items;
    }

    private static Optional<String> optional(Parameters parameters, String name) {
        return parameters.has(name) ? Optional.of(parameters.string(name)) : Optional.empty();
    }

    private static String separator(String name) {
        switch (name) {
            case "semicolon":
                return ";";
            case "space":
                return " ";
            default:
                return ",";
        }
    }
}
