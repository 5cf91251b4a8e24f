package org.gatehouse.auth.rule;

import java.util.List;
import java.util.regex.Pattern;

/** The comparison operators and what each does with its two values. */
enum RuleOperator {
    EQUAL("=="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">="),
    IN("in"), CONTAINS("contains"), MATCHES("matches"), STARTS_WITH("starts-with");

    private final String symbol;

    RuleOperator(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    static RuleOperator of(RuleToken token) {
        for (RuleOperator operator : values()) {
            if (operator.symbol.equals(token.text()) && token.kind() != RuleToken.Kind.STRING) {
                return operator;
            }
        }
        return null;
    }

    boolean test(Object left, Object right, Pattern pattern) {
        switch (this) {
            case EQUAL: return same(left, right);
            case NOT_EQUAL: return !same(left, right);
            case LESS: return order(left, right) < 0 && comparable(left, right);
            case LESS_OR_EQUAL: return order(left, right) <= 0 && comparable(left, right);
            case GREATER: return order(left, right) > 0 && comparable(left, right);
            case GREATER_OR_EQUAL: return order(left, right) >= 0 && comparable(left, right);
            case IN: return right instanceof List<?> list ? list.contains(String.valueOf(left)) : same(left, right);
            case CONTAINS: return left instanceof List<?> list ? list.contains(String.valueOf(right))
                    : String.valueOf(left).contains(String.valueOf(right));
            case MATCHES: return left instanceof List<?> list ? list.stream().anyMatch(v -> pattern.matcher(String.valueOf(v)).matches())
                    : pattern.matcher(String.valueOf(left)).matches();
            default: return String.valueOf(left).startsWith(String.valueOf(right));
        }
    }

    /** Numbers compare as numbers (a numeric string equals the number); everything else as written. */
    private static boolean same(Object left, Object right) {
        if (left instanceof Long || right instanceof Long) {
            Long l = number(left);
            Long r = number(right);
            return l != null && l.equals(r);
        }
        return left.equals(right);
    }

    private static boolean comparable(Object left, Object right) {
        return number(left) != null && number(right) != null;
    }

    /** Ordering is numeric only; a value that is not a number makes every ordering comparison false. */
    private static int order(Object left, Object right) {
        Long l = number(left);
        Long r = number(right);
        return l == null || r == null ? 0 : Long.compare(l, r);
    }

    private static Long number(Object value) {
        if (value instanceof Long n) {
            return n;
        }
        if (value instanceof String s && !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(s);
        }
        return null;
    }
}
