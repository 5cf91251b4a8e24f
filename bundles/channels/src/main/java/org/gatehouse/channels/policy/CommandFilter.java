package org.gatehouse.channels.policy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The commands a channel may carry (docs/channels.md "Channel policy"): for HTTP a method and a
 * path, for a line protocol the first token of a command line. A filter with no command listed
 * allows every command; one with any command listed allows only those (a kind with none listed:
 * nothing of that kind).
 *
 * <pre>{@code
 * CommandFilter filter = decision.commands();
 * filter.allowsHttp("GET", "/api/orders/17");    // true
 * filter.allowsHttp("DELETE", "/api/orders/17"); // false
 * filter.allowsLine("RCPT TO:<a@example.org>");   // true when RCPT is listed
 * }</pre>
 */
public final class CommandFilter {
    /** Every command allowed: a plain enable, or qualifications that list none. */
    public static final CommandFilter UNRESTRICTED = new CommandFilter(false, List.of(), Set.of());
    /** No command allowed: what a denied channel carries. */
    public static final CommandFilter NOTHING = new CommandFilter(true, List.of(), Set.of());

    /**
     * HTTP methods (compared exactly, as HTTP's are case-sensitive) and a path pattern.
     *
     * @param methods such as {@code GET}, {@code HEAD}
     * @param path    the pattern paths must match
     */
    public record HttpCommand(Set<String> methods, PathPattern path) {
        public HttpCommand {
            methods = Set.copyOf(methods);
            Objects.requireNonNull(path, "path");
        }
    }

    private final boolean restricted;
    private final List<HttpCommand> http;
    private final Set<String> lineCommands;

    private CommandFilter(boolean restricted, List<HttpCommand> http, Set<String> lineCommands) {
        this.restricted = restricted;
        this.http = List.copyOf(http);
        this.lineCommands = Set.copyOf(lineCommands);
    }

    /** A filter allowing these commands only; with none of either kind, {@link #UNRESTRICTED}. */
    public static CommandFilter of(List<HttpCommand> http, Set<String> lineCommands) {
        if (http.isEmpty() && lineCommands.isEmpty()) {
            return UNRESTRICTED;
        }
        for (String command : lineCommands) {
            if (!isToken(command)) {
                throw new IllegalArgumentException("a line command is ASCII letters, digits, '-' and '_', got [" + command + "]");
            }
        }
        return new CommandFilter(true, http, lineCommands.stream().map(CommandFilter::fold).collect(Collectors.toSet()));
    }

    /** True when no command is listed, so every command passes. */
    public boolean isUnrestricted() {
        return !restricted;
    }

    /** The HTTP commands listed. */
    public List<HttpCommand> httpCommands() {
        return http;
    }

    /** The line commands listed, in upper case. */
    public Set<String> lineCommands() {
        return lineCommands;
    }

    /**
     * Whether a request with this method and path may pass. The path is the request's path in the
     * data plane's normal form, without its query; one in another form is refused, never
     * normalized here.
     */
    public boolean allowsHttp(String method, String path) {
        if (!restricted) {
            return true;
        }
        if (method == null || path == null) {
            return false;
        }
        for (HttpCommand command : http) {
            if (command.methods().contains(method) && command.path().matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a command line may pass: its first token, up to a space or tab, compared with the
     * commands listed ignoring ASCII case. The line is given without its line ending; one that
     * still holds a CR, LF or NUL (a second command smuggled after a bare CR, say) is refused, and
     * so is one whose first token is empty or not ASCII letters, digits, '-' and '_'. Which lines
     * are commands (not an SMTP message's body after DATA) is the protocol handler's business.
     */
    public boolean allowsLine(String line) {
        if (!restricted) {
            return true;
        }
        if (line == null || line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\0') >= 0) {
            return false;
        }
        int end = 0;
        while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
            end++;
        }
        String token = line.substring(0, end);
        return isToken(token) && lineCommands.contains(fold(token));
    }

    private static boolean isToken(String token) {
        if (token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** ASCII upper case only: no locale, and no non-ASCII letter that folds onto an ASCII one. */
    private static String fold(String token) {
        return token.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        if (!restricted) {
            return "every command";
        }
        return "http " + http.stream().map(c -> c.methods().stream().sorted().toList() + " " + c.path()).toList()
                + ", line " + lineCommands.stream().sorted().toList();
    }
}

