package org.gatehouse.auth.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A node of a parsed rule. Each knows its type from parsing, so the parser rejects a rule such as
 * {@code groups and true} before any message arrives, and evaluation does no look-ups by name.
 */
sealed interface RuleNode {
    /** The types a value can have. */
    enum Type { STRING, NUMBER, BOOLEAN, LIST }

    Type type();

    Object evaluate(RuleInput input);

    /** A string, number or boolean written in the rule. */
    record Literal(Object value, Type type) implements RuleNode {
        @Override
        public Object evaluate(RuleInput input) {
            return value;
        }
    }

    /** A list written in the rule, such as {@code ["ops", "admins"]}; its items are evaluated to strings. */
    record ListLiteral(List<RuleNode> items) implements RuleNode {
        public ListLiteral {
            items = List.copyOf(items);
        }

        @Override
        public Type type() {
            return Type.LIST;
        }

        @Override
        public Object evaluate(RuleInput input) {
            List<String> values = new ArrayList<>(items.size());
            for (RuleNode item : items) {
                values.add(String.valueOf(item.evaluate(input)));
            }
            return values;
        }
    }

    /** A value read from the identity, the message or the clock; the reader is chosen at parse time. */
    record Variable(String name, Type type, Function<RuleInput, Object> reader) implements RuleNode {
        @Override
        public Object evaluate(RuleInput input) {
            return reader.apply(input);
        }
    }

    /** {@code not x}. */
    record Not(RuleNode operand) implements RuleNode {
        @Override
        public Type type() {
            return Type.BOOLEAN;
        }

        @Override
        public Object evaluate(RuleInput input) {
            return !(Boolean) operand.evaluate(input);
        }
    }

    /** {@code a and b}, {@code a or b}: the right side is evaluated only when it matters. */
    record Logical(boolean and, RuleNode left, RuleNode right) implements RuleNode {
        @Override
        public Type type() {
            return Type.BOOLEAN;
        }

        @Override
        public Object evaluate(RuleInput input) {
            boolean l = (Boolean) left.evaluate(input);
            if (and ? !l : l) {
                return l;
            }
            return right.evaluate(input);
        }
    }

    /** A comparison; {@code pattern} is the compiled right side of {@code matches}, null otherwise. */
    record Comparison(RuleOperator operator, RuleNode left, RuleNode right, Pattern pattern) implements RuleNode {
        @Override
        public Type type() {
            return Type.BOOLEAN;
        }

        @Override
        public Object evaluate(RuleInput input) {
            return operator.test(left.evaluate(input), right.evaluate(input), pattern);
        }
    }
}
