package org.gatehouse.extension.services;

import java.util.concurrent.Callable;

/**
 * What a request passes before it leaves (see {@link ElementOutboundHttp}). The element's gate
 * checks the calling extension's {@code socket host:port connect} permission on the caller's
 * stack and then runs the exchange behind its privileged boundary, so the client's own work (its
 * threads, its trust store) is the element's and never needs a grant of the extension's.
 */
@FunctionalInterface
public interface OutboundGate {
    /** Lets every request through: for the test kit, where no sandbox runs. */
    OutboundGate OPEN = new OutboundGate() {
        @Override
        public <T> T pass(String host, int port, Callable<T> exchange) throws Exception {
            return exchange.call();
        }
    };

    /**
     * Runs {@code exchange} when a request to {@code host} (as the URI names it: a name, an IPv4
     * address or a bracketed IPv6 one) and {@code port} may leave, else throws.
     *
     * @throws SecurityException when the caller may not connect there
     */
    <T> T pass(String host, int port, Callable<T> exchange) throws Exception;
}
