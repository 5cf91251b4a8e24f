package org.gatehouse.management.api;

import java.util.List;
import org.gatehouse.flow.api.FlowsView;

/**
 * What replacing the flows document changes, in the lines a {@code flows.replace} rendering
 * shows (docs/management.md "The rendering"), for the other kinds of change that replace it
 * (a {@code flows.xml} edited by hand).
 */
public final class FlowsPreview {
    private FlowsPreview() {
    }

    /** The message types and flows added ({@code +}), removed ({@code -}) or changed ({@code ~}) from {@code now} to {@code next}. */
    public static List<String> lines(FlowsView now, FlowsView next) {
        return FlowChanges.between(now, next);
    }
}
