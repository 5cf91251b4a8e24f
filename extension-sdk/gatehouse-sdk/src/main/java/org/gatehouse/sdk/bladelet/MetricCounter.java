package org.gatehouse.sdk.bladelet;

import java.util.regex.Pattern;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A monotonically increasing counter that the element exports with the extension's and the
 * step's name as labels (docs/management.md "Metrics"). Thread-safe and cheap to call on every message.
 */
@ProviderType
public interface MetricCounter {
    /** Counter names: lower case words joined by '_', such as {@code rejected_total}. */
    Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** Adds one. */
    default void increment() {
        add(1);
    }

    /** Adds a non-negative amount. */
    void add(long amount);
}
