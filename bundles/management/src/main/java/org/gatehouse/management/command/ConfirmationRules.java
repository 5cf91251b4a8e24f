package org.gatehouse.management.command;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.gatehouse.management.auth.Role;

/**
 * Who may confirm each kind of command and how long a command waits (docs/management.md
 * "Confirmation rules"), from framework properties:
 * <ul>
 * <li>{@code gatehouse.commands.expire-after}: how long a command awaits confirmation, an ISO-8601
 *     duration ({@code PT15M}) or a number with {@code s}, {@code m} or {@code h}; default 15 minutes;</li>
 * <li>{@code gatehouse.commands.confirm.<type>}, e.g. {@code gatehouse.commands.confirm.extension.policy.replace}:
 *     the role a confirming person must hold, optionally followed by {@code ,second-person} when the
 *     submitter may not confirm their own command. By default the role that may submit the command
 *     confirms it, and the submitter may.</li>
 * </ul>
 */
public final class ConfirmationRules {
    public static final String EXPIRE_AFTER = "gatehouse.commands.expire-after";
    public static final String CONFIRM_PREFIX = "gatehouse.commands.confirm.";
    static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(15);
    private static final String SECOND_PERSON = "second-person";

    private final Duration expireAfter;
    private final Map<CommandType, Rule> rules;

    /** The role that confirms a kind of command, and whether it must be someone other than the submitter. */
    public record Rule(Role role, boolean secondPerson) {
        /** In words, for the rendering. */
        public String describe() {
            return "by a user holding the role " + role.wireName() + (secondPerson ? ", other than the submitter" : "");
        }
    }

    public ConfirmationRules(Duration expireAfter, Map<CommandType, Rule> rules) {
        this.expireAfter = expireAfter;
        this.rules = new EnumMap<>(CommandType.class);
        this.rules.putAll(rules);
        for (CommandType type : CommandType.values()) {
            this.rules.putIfAbsent(type, new Rule(defaultRole(type), false));
        }
    }

    /** The rules in the framework properties; a bad value is an IllegalArgumentException naming the property and what it takes. */
    public static ConfirmationRules from(Function<String, String> properties) {
        Duration expiry = duration(properties.apply(EXPIRE_AFTER));
        Map<CommandType, Rule> rules = new EnumMap<>(CommandType.class);
        for (CommandType type : CommandType.values()) {
            String key = CONFIRM_PREFIX + type.wireName();
            String value = properties.apply(key);
            if (value != null && !value.isBlank()) {
                rules.put(type, rule(key, value));
            }
        }
        return new ConfirmationRules(expiry, rules);
    }

    public Duration expireAfter() {
        return expireAfter;
    }

    public Rule rule(CommandType type) {
        return rules.get(type);
    }

    /**
     * The role that submits a kind of command (the route's role): a policy is the security
     * officer's, and so is a file of the conf folder edited by hand (policies, users); the rest the admin's.
     */
    public static Role defaultRole(CommandType type) {
        // who may do what is the security officer's: policies, the conf files edited by hand, the users and their roles
        // and what may come in at all: the qualification rules, the signature database, the trusted publishers
        return type == CommandType.EXTENSION_POLICY_REPLACE || type == CommandType.CONF_EDIT || type.changesUsers()
                || type.changesQualification() ? Role.SECURITY_OFFICER : Role.ADMIN;
    }

    private static Rule rule(String key, String value) {
        String[] parts = value.split(",");
        try {
            Role role = Role.fromWireName(parts[0].strip());
            if (parts.length == 1) {
                return new Rule(role, false);
            }
            if (parts.length == 2 && parts[1].strip().equals(SECOND_PERSON)) {
                return new Rule(role, true);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("framework property " + key + " = '" + value + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("framework property " + key + " = '" + value + "' must be a role, optionally followed by ',"
                + SECOND_PERSON + "'");
    }

    static Duration duration(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_EXPIRY;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new NumberFormatException();
                };
            }
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            d = null;
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("framework property " + EXPIRE_AFTER + " = '" + value
                    + "' must be a positive duration such as 15m, 900s, 1h or PT15M");
        }
        return d;
    }
}
