package org.gatehouse.channels.policy;

import java.util.Locale;

/** What a service port speaks, as far as the channel policy can filter it. */
public enum Protocol {
    /** HTTP: commands are a method and a path. */
    HTTP,
    /** Any TCP stream: no commands the policy can see. */
    TCP,
    /** A line-based TCP protocol (SMTP, Redis' inline commands): a command is a line's first token. */
    LINE;

    /** The name documents use: {@code http}, {@code tcp}, {@code line}. */
    public String documentName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Protocol ofDocument(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
