package org.gatehouse.auth.rule;

/**
 * A parsed authorization rule: parse once, evaluate per message without look-ups by name.
 *
 * <pre>{@code
 * Rule rule = Rule.parse("principal == \"alice\" or (\"admins\" in groups and hour >= 8 and hour < 18)");
 * boolean permitted = rule.test(new RuleInput(identity, message, ZonedDateTime.now(zone)));
 * }</pre>
 */
public final class Rule {
    private final String text;
    private final RuleNode root;

    private Rule(String text, RuleNode root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses and type-checks the rule.
     *
     * @throws RuleSyntaxException starting {@code rule [1:col]:} with what is wrong there
     */
    public static Rule parse(String text) {
        return new Rule(text, RuleParser.parse(text));
    }

    /** True when the rule holds for the input. */
    public boolean test(RuleInput input) {
        return (Boolean) root.evaluate(input);
    }

    @Override
    public String toString() {
        return text;
    }
}
