package org.gatehouse.auth.rule;

/**
 * One token of a rule.
 *
 * @param kind   what it is
 * @param text   the word, operator or (unescaped) string value
 * @param column where it starts, from 1
 */
record RuleToken(Kind kind, String text, int column) {
    enum Kind { NAME, STRING, NUMBER, SYMBOL, END }

    boolean is(Kind k, String value) {
        return kind == k && text.equals(value);
    }

    boolean isSymbol(String value) {
        return is(Kind.SYMBOL, value);
    }

    boolean isWord(String value) {
        return is(Kind.NAME, value);
    }

    String shown() {
        return kind == Kind.END ? "the end" : kind == Kind.STRING ? "\"" + text + "\"" : "'" + text + "'";
    }
}
