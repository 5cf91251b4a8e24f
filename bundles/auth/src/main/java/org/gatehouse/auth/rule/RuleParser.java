package org.gatehouse.auth.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.gatehouse.auth.rule.RuleNode.Type;

/**
 * Parses a rule by recursive descent into a typed tree (grammar in the module README):
 * <pre>
 * expression := and { "or" and }
 * and        := unary { "and" unary }
 * unary      := "not" unary | comparison
 * comparison := operand [ operator operand ]
 * operand    := string | number | "true" | "false" | list | variable | "(" expression ")"
 * </pre>
 */
final class RuleParser {
    private final List<RuleToken> tokens;
    private int next;

    private RuleParser(List<RuleToken> tokens) {
        this.tokens = tokens;
    }

    /** The rule's tree, whose type is boolean. */
    static RuleNode parse(String rule) {
        RuleParser parser = new RuleParser(RuleLexer.tokens(rule));
        RuleToken first = parser.peek();
        RuleNode root = parser.expression();
        if (parser.peek().kind() != RuleToken.Kind.END) {
            throw new RuleSyntaxException(parser.peek().column(), "expected 'and', 'or' or the end, found " + parser.peek().shown());
        }
        requireType(root, Type.BOOLEAN, first, "a rule");
        return root;
    }

    private RuleNode expression() {
        RuleNode left = and();
        while (peek().isWord("or")) {
            RuleToken or = take();
            left = new RuleNode.Logical(false, requireType(left, Type.BOOLEAN, or, "'or'"), requireType(and(), Type.BOOLEAN, or, "'or'"));
        }
        return left;
    }

    private RuleNode and() {
        RuleNode left = unary();
        while (peek().isWord("and")) {
            RuleToken and = take();
            left = new RuleNode.Logical(true, requireType(left, Type.BOOLEAN, and, "'and'"), requireType(unary(), Type.BOOLEAN, and, "'and'"));
        }
        return left;
    }

    private RuleNode unary() {
        if (peek().isWord("not")) {
            RuleToken not = take();
            return new RuleNode.Not(requireType(unary(), Type.BOOLEAN, not, "'not'"));
        }
        return comparison();
    }

    private RuleNode comparison() {
        RuleNode left = operand();
        RuleToken token = peek();
        RuleOperator operator = RuleOperator.of(token);
        if (operator == null) {
            return left;
        }
        take();
        RuleToken rightStart = peek();
        RuleNode right = operand();
        return RuleComparisons.build(operator, left, right, token, rightStart);
    }

    private RuleNode operand() {
        RuleToken token = take();
        switch (token.kind()) {
            case STRING:
                return new RuleNode.Literal(token.text(), Type.STRING);
            case NUMBER:
                return number(token);
            case NAME:
                return name(token);
            case SYMBOL:
                if (token.isSymbol("(")) {
                    RuleNode inner = expression();
                    expect(")");
                    return inner;
                }
                if (token.isSymbol("[")) {
                    return list();
                }
                break;
            default:
                break;
        }
        throw new RuleSyntaxException(token.column(), "expected a value, found " + token.shown());
    }

    private RuleNode number(RuleToken token) {
        try {
            return new RuleNode.Literal(Long.parseLong(token.text()), Type.NUMBER);
        } catch (NumberFormatException e) {
            throw new RuleSyntaxException(token.column(), "number " + token.text() + " is too large");
        }
    }

    private RuleNode name(RuleToken token) {
        if (token.isWord("true") || token.isWord("false")) {
            return new RuleNode.Literal(Boolean.valueOf(token.text()), Type.BOOLEAN);
        }
        if (RuleVariables.keyed(token.text())) {
            expect("[");
            RuleToken key = take();
            if (key.kind() != RuleToken.Kind.STRING) {
                throw new RuleSyntaxException(key.column(), token.text() + "[...] needs a quoted name, found " + key.shown());
            }
            expect("]");
            return RuleVariables.keyed(token.text(), key.text());
        }
        RuleNode.Variable variable = RuleVariables.plain(token.text());
        if (variable == null) {
            throw new RuleSyntaxException(token.column(), "unknown name '" + token.text() + "'");
        }
        return variable;
    }

    private RuleNode list() {
        List<RuleNode> items = new ArrayList<>();
        if (!peek().isSymbol("]")) {
            do {
                RuleToken start = peek();
                RuleNode item = operand();
                if (item.type() == Type.LIST || item.type() == Type.BOOLEAN) {
                    throw new RuleSyntaxException(start.column(), "a list holds strings and numbers, not a " + item.type().name().toLowerCase());
                }
                items.add(item);
            } while (peek().isSymbol(",") && take() != null);
        }
        expect("]");
        return new RuleNode.ListLiteral(items);
    }

    private void expect(String symbol) {
        RuleToken token = take();
        if (!token.isSymbol(symbol)) {
            throw new RuleSyntaxException(token.column(), "expected '" + symbol + "', found " + token.shown());
        }
    }

    private RuleToken peek() {
        return tokens.get(next);
    }

    private RuleToken take() {
        RuleToken token = tokens.get(next);
        if (token.kind() != RuleToken.Kind.END) {
            next++;
        }
        return token;
    }

    static RuleNode requireType(RuleNode node, Type type, RuleToken where, String what) {
        if (node.type() != type) {
            throw new RuleSyntaxException(where.column(), what + " needs a " + type.name().toLowerCase() + ", not a "
                    + node.type().name().toLowerCase() + (node instanceof RuleNode.Variable v ? " (" + v.name() + ")" : ""));
        }
        return node;
    }

    /** Compiles the right side of {@code matches}. */
    static Pattern pattern(RuleNode right, RuleToken where) {
        if (!(right instanceof RuleNode.Literal literal) || literal.type() != Type.STRING) {
            throw new RuleSyntaxException(where.column(), "'matches' needs a quoted regular expression on its right");
        }
        try {
            return Pattern.compile((String) literal.value());
        } catch (PatternSyntaxException e) {
            throw new RuleSyntaxException(where.column(), "regular expression does not compile: " + e.getDescription());
        }
    }
}
