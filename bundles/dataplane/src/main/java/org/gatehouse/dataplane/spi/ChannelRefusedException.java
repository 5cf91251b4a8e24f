package org.gatehouse.dataplane.spi;

/**
 * The element's channel policy refused a channel: the client gets {@code status} with {@code code}
 * and a message that names no rule; the log and the audit get the reason.
 */
public class ChannelRefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    /**
     * @param status the HTTP status for the client (403 for a policy's no)
     * @param code   the error code for the client ({@code channel_denied}, {@code channel_command_denied})
     * @param reason what decided, for the log (the rule, the side)
     */
    public ChannelRefusedException(int status, String code, String reason) {
        super(reason);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
