package org.gatehouse.flow.engine.api;

import java.time.Instant;
import java.util.Optional;

/**
 * One extension's record in the flow engine: the version whose bladelets new messages use, how
 * many of its steps are running now, how they ended, and whether it is quarantined (its steps
 * fail closed until released or upgraded).
 */
public record ExtensionHealth(String symbolicName, String version, int inFlight, long completed, long failures,
                              long timeouts, boolean quarantined, Optional<Instant> quarantinedAt,
                              Optional<String> lastFailure) {
}
