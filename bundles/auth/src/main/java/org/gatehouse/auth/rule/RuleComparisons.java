package org.gatehouse.auth.rule;

import org.gatehouse.auth.rule.RuleNode.Type;

/** Type-checks a comparison when it is parsed, so that a rule that can never hold is refused at load time. */
final class RuleComparisons {
    private RuleComparisons() {
    }

    static RuleNode build(RuleOperator operator, RuleNode left, RuleNode right, RuleToken at, RuleToken rightStart) {
        String what = "'" + operator.symbol() + "'";
        switch (operator) {
            case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL:
                scalar(left, at, what + " on its left");
                scalar(right, rightStart, what + " on its right");
                break;
            case IN:
                scalar(left, at, what + " on its left");
                break;
            case CONTAINS:
                scalar(right, rightStart, what + " on its right");
                break;
            case MATCHES:
                return new RuleNode.Comparison(operator, left, right, RuleParser.pattern(right, rightStart));
            case STARTS_WITH:
                scalar(left, at, what + " on its left");
                scalar(right, rightStart, what + " on its right");
                break;
            default:
                if ((left.type() == Type.LIST) != (right.type() == Type.LIST)) {
                    throw new RuleSyntaxException(at.column(), what + " compares a list with a single value; use 'in' or 'contains'");
                }
                break;
        }
        return new RuleNode.Comparison(operator, left, right, null);
    }

    private static void scalar(RuleNode node, RuleToken where, String what) {
        if (node.type() == Type.LIST || node.type() == Type.BOOLEAN) {
            throw new RuleSyntaxException(where.column(), what + " needs a string or number, not a " + node.type().name().toLowerCase()
                    + (node instanceof RuleNode.Variable v ? " (" + v.name() + ")" : ""));
        }
    }
}
