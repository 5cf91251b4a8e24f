package org.gatehouse.extension.qualification.internal;

import java.util.List;

/**
 * A hard failure of one qualification step: the bundle is denied and nothing after this step
 * runs. The first reason names exactly what was wrong; further reasons are other findings of the
 * same step.
 */
public final class Denial extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> reasons;

    public Denial(String reason) {
        this(List.of(reason));
    }

    public Denial(List<String> reasons) {
        super(reasons.get(0));
        this.reasons = List.copyOf(reasons);
    }

    /** Every finding of the failed step, the decisive one first. */
    public List<String> reasons() {
        return reasons;
    }
}
