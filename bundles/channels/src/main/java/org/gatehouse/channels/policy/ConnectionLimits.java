package org.gatehouse.channels.policy;

/**
 * The most channels open at once under one rule: of one source instance, and of all sources.
 * {@code 0} means no limit of that kind.
 *
 * @param perSource channels of one source instance under the rule, or 0
 * @param perRule   channels of every source under the rule, or 0
 */
public record ConnectionLimits(int perSource, int perRule) {
    /** No limit of either kind. */
    public static final ConnectionLimits NONE = new ConnectionLimits(0, 0);

    public ConnectionLimits {
        if (perSource < 0 || perRule < 0) {
            throw new IllegalArgumentException("limits are 0 (none) or positive, got per-source " + perSource + ", per-rule " + perRule);
        }
    }

    /** True when {@code ofSource} and {@code ofRule} channels already open leave no room for one more. */
    boolean reached(int ofSource, int ofRule) {
        return perSource > 0 && ofSource >= perSource || perRule > 0 && ofRule >= perRule;
    }
}
