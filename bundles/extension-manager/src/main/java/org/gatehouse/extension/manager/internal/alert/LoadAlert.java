package org.gatehouse.extension.manager.internal.alert;

import java.time.Instant;
import java.util.List;

/**
 * One alert: a load that qualification denied or admitted on conditions.
 *
 * @param outcome    {@code denied} or {@code conditional}
 * @param conditions each condition as described, for a conditional load
 * @param reasons    every reason qualification (or the check after it) gave
 */
public record LoadAlert(Instant time, String outcome, String symbolicName, String version, String sha256, List<String> conditions,
                        List<String> reasons, String uploader, String fileName) {
    public static final String DENIED = "denied";
    public static final String CONDITIONAL = "conditional";

    public LoadAlert {
        conditions = List.copyOf(conditions);
        reasons = List.copyOf(reasons);
    }

    /** The one log line, e.g. {@code extension load denied: com.acme.x 1.0.0 sha256 [...] uploaded by alice as x.jar: reason}. */
    public String logLine() {
        return "extension load " + outcome + ": " + symbolicName + " " + version + " sha256 [" + sha256 + "] uploaded by " + uploader
                + " as " + fileName + (conditions.isEmpty() ? "" : "; conditions " + conditions)
                + (reasons.isEmpty() ? "" : "; " + (DENIED.equals(outcome) ? reasons.get(0) : String.join("; ", reasons)));
    }
}
