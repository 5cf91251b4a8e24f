package org.gatehouse.auth.rule;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gatehouse.auth.rule.RuleNode.Type;

/**
 * The variables a rule can read. Plain: {@code principal}, {@code auth-method}, {@code groups}
 * (list), {@code method}, {@code path}, {@code listener}, {@code message-type}, {@code remote-ip},
 * {@code tls} (boolean), and the time in the rule's zone: {@code hour}, {@code minute},
 * {@code weekday} (1 Monday to 7 Sunday), {@code day}, {@code month}, {@code year}, {@code date}
 * ({@code 2026-11-22}). Keyed: {@code claim["name"]} (list), {@code header["Name"]},
 * {@code attribute["name"]}, {@code query["name"]} (first value; empty string when absent).
 */
final class RuleVariables {
    private static final Map<String, RuleNode.Variable> PLAIN = Map.ofEntries(
            plain("principal", Type.STRING, in -> in.identity().principal()),
            plain("auth-method", Type.STRING, in -> in.identity().authenticationMethod()),
            plain("groups", Type.LIST, in -> in.identity().groups()),
            plain("method", Type.STRING, in -> in.message().method()),
            plain("path", Type.STRING, in -> in.message().path()),
            plain("listener", Type.STRING, in -> in.message().listener()),
            plain("message-type", Type.STRING, in -> in.message().messageType()),
            plain("remote-ip", Type.STRING, in -> in.message().remoteAddress().getAddress().getHostAddress()),
            plain("tls", Type.BOOLEAN, in -> in.message().tls().isPresent()),
            plain("hour", Type.NUMBER, in -> (long) in.now().getHour()),
            plain("minute", Type.NUMBER, in -> (long) in.now().getMinute()),
            plain("weekday", Type.NUMBER, in -> (long) in.now().getDayOfWeek().getValue()),
            plain("day", Type.NUMBER, in -> (long) in.now().getDayOfMonth()),
            plain("month", Type.NUMBER, in -> (long) in.now().getMonthValue()),
            plain("year", Type.NUMBER, in -> (long) in.now().getYear()),
            plain("date", Type.STRING, in -> in.now().format(DateTimeFormatter.ISO_LOCAL_DATE)));

    private RuleVariables() {
    }

    private static Map.Entry<String, RuleNode.Variable> plain(String name, Type type, Function<RuleInput, Object> reader) {
        return Map.entry(name, new RuleNode.Variable(name, type, reader));
    }

    /** The plain variable of that name, or null. */
    static RuleNode.Variable plain(String name) {
        return PLAIN.get(name);
    }

    /** True when the name takes a key in brackets. */
    static boolean keyed(String name) {
        return List.of("claim", "header", "attribute", "query").contains(name);
    }

    /** The keyed variable {@code name["key"]}. */
    static RuleNode.Variable keyed(String name, String key) {
        String shown = name + "[\"" + key + "\"]";
        switch (name) {
            case "claim":
                return new RuleNode.Variable(shown, Type.LIST, in -> in.identity().claim(key));
            case "header":
                return new RuleNode.Variable(shown, Type.STRING, in -> in.message().headers().first(key).orElse(""));
            case "attribute":
                return new RuleNode.Variable(shown, Type.STRING, in -> in.message().attributes().getOrDefault(key, ""));
            default:
                return new RuleNode.Variable(shown, Type.STRING, in -> firstQueryValue(in, key));
        }
    }

    private static Object firstQueryValue(RuleInput in, String key) {
        try {
            List<String> values = in.message().queryParameters().getOrDefault(key, List.of());
            return values.isEmpty() ? "" : values.get(0);
        } catch (IllegalArgumentException e) {
            return ""; // a malformed query holds no usable value
        }
    }
}
