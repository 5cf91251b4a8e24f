package org.gatehouse.sdk.descriptor;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.sdk.bladelet.HostPort;

/**
 * The types a bladelet parameter can have, each with its one textual form. The names are the
 * descriptor's {@code type} attribute values.
 */
public enum ParameterType {
    /** Any text; may be limited by a pattern and allowed values. */
    STRING("string"),
    /** A 32-bit signed decimal integer. */
    INT("int"),
    /** A 64-bit signed decimal integer. */
    LONG("long"),
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean"),
    /** A duration as Gatehouse documents write it: {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}. */
    DURATION("duration"),
    /** An absolute URL with a host, such as {@code https://sts.example.com/token}. */
    URL("url"),
    /** {@code host:port}, IPv6 in brackets. */
    HOST_PORT("host-port"),
    /** One of the declared allowed values. */
    ENUM("enum");

    private static final Pattern DURATION_FORM = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
    private static final Pattern INTEGER_FORM = Pattern.compile("-?[0-9]{1,19}");

    private final String xmlName;

    ParameterType(String xmlName) {
        this.xmlName = xmlName;
    }

    /** The name used in the descriptor's {@code type} attribute. */
    public String xmlName() {
        return xmlName;
    }

    /** The type of that descriptor name. */
    public static ParameterType fromXmlName(String name) {
        for (ParameterType type : values()) {
            if (type.xmlName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("parameter type '" + name + "' is unknown");
    }

    /** True for the types whose values are ordered, so that min and max apply. */
    public boolean ordered() {
        return this == INT || this == LONG || this == DURATION;
    }

    /**
     * The typed value of the text.
     *
     * @param shown how to show the value in a message: {@code 'text'}, or {@code the value} for secrets
     * @throws IllegalArgumentException whose message reads, say, {@code 'ten' is not an int}
     */
    public Object parse(String text, String shown) {
        switch (this) {
            case INT:
                return (int) integer(text, shown, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
            case LONG:
                return integer(text, shown, Long.MIN_VALUE, Long.MAX_VALUE, "a long");
            case BOOLEAN:
                if (text.equals("true") || text.equals("false")) {
                    return Boolean.valueOf(text);
                }
                throw new IllegalArgumentException(shown + " is not a boolean (true or false)");
            case DURATION:
                return duration(text, shown);
            case URL:
                return url(text, shown);
            case HOST_PORT:
                try {
                    return HostPort.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(shown + " is not host:port (IPv6 in brackets: [::1]:389)", e);
                }
            default:
                return text;
        }
    }

    private static long integer(String text, String shown, long min, long max, String what) {
        if (INTEGER_FORM.matcher(text).matches()) {
            try {
                long value = Long.parseLong(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // over 19 digits' range: reported below like any other non-number
            }
        }
        throw new IllegalArgumentException(shown + " is not " + what);
    }

    private static Duration duration(String text, String shown) {
        Matcher m = DURATION_FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(shown + " is not a duration such as 250ms, 2s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            default: return Duration.ofHours(n);
        }
    }

    private static URI url(String text, String shown) {
        try {
            URI uri = new URI(text);
            if (uri.isAbsolute() && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below in the same words as a relative URL
        }
        throw new IllegalArgumentException(shown + " is not an absolute URL with a host");
    }
}
