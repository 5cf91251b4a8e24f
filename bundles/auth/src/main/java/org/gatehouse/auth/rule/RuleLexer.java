package org.gatehouse.auth.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rule into tokens: names ({@code [a-z][a-z0-9-]*}), strings in double or single quotes
 * (backslash escapes the quote and itself), decimal numbers, and the symbols
 * {@code == != <= >= < > ( ) [ ] ,}.
 */
final class RuleLexer {
    private static final List<String> SYMBOLS = List.of("==", "!=", "<=", ">=", "<", ">", "(", ")", "[", "]", ",");

    private RuleLexer() {
    }

    static List<RuleToken> tokens(String rule) {
        List<RuleToken> tokens = new ArrayList<>();
        int i = 0;
        while (i < rule.length()) {
            char c = rule.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c >= 'a' && c <= 'z') {
                int start = i;
                while (i < rule.length() && isNameChar(rule.charAt(i))) {
                    i++;
                }
                tokens.add(new RuleToken(RuleToken.Kind.NAME, rule.substring(start, i), start + 1));
            } else if (c >= '0' && c <= '9') {
                int start = i;
                while (i < rule.length() && Character.isDigit(rule.charAt(i))) {
                    i++;
                }
                tokens.add(new RuleToken(RuleToken.Kind.NUMBER, rule.substring(start, i), start + 1));
            } else if (c == '"' || c == '\'') {
                i = string(rule, i, tokens);
            } else {
                i = symbol(rule, i, tokens);
            }
        }
        tokens.add(new RuleToken(RuleToken.Kind.END, "", rule.length() + 1));
        return tokens;
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static int string(String rule, int start, List<RuleToken> tokens) {
        char quote = rule.charAt(start);
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < rule.length() && rule.charAt(i) != quote) {
            if (rule.charAt(i) == '\\' && i + 1 < rule.length()) {
                i++;
            }
            value.append(rule.charAt(i));
            i++;
        }
        if (i >= rule.length()) {
            throw new RuleSyntaxException(start + 1, "string is not closed");
        }
        tokens.add(new RuleToken(RuleToken.Kind.STRING, value.toString(), start + 1));
        return i + 1;
    }

    private static int symbol(String rule, int start, List<RuleToken> tokens) {
        for (String symbol : SYMBOLS) {
            if (rule.startsWith(symbol, start)) {
                tokens.add(new RuleToken(RuleToken.Kind.SYMBOL, symbol, start + 1));
                return start + symbol.length();
            }
        }
        throw new RuleSyntaxException(start + 1, "unexpected character '" + rule.charAt(start) + "'");
    }
}
