package org.gatehouse.flow.engine.internal.run;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.gatehouse.dataplane.spi.RequestHead;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Body;
import org.gatehouse.sdk.message.Header;
import org.gatehouse.sdk.message.Headers;
import org.gatehouse.sdk.message.MessageChanges;

/**
 * The message as the next step sees it: what never changes ({@link Facts}) and what steps change
 * (path, headers, attributes, identity, body). Immutable: a step's changes make a new state, so
 * a step cut off at its deadline leaves nothing half-applied.
 *
 * @param body     the body read for the flow, or null when none was read
 * @param consumed the credentials built-in steps consumed: later steps still see them, the upstream does not
 */
public record MessageState(Facts facts, String path, Headers headers, Map<String, String> attributes,
                           Optional<Identity> identity, Body body, boolean pathChanged, boolean bodyChanged,
                           ConsumedCredentials consumed) {
    private static final AtomicLong IDS = new AtomicLong();
    private static final String ID_PREFIX = Long.toHexString(System.nanoTime() & 0xffffffL) + "-";

    /** What the data plane said about the request, copied once (the head is only valid during the flow). */
    public record Facts(String id, String listener, String messageType, String protocol, String scheme, String method,
                        String authority, String uri, String query, InetSocketAddress remote, InetSocketAddress local,
                        Optional<org.gatehouse.sdk.message.TlsInfo> tls, Instant receivedAt) {
    }

    /**
     * The state before the first step.
     *
     * @throws IllegalArgumentException when a header line is not a valid field (the SDK refuses to carry it)
     */
    public static MessageState of(RequestHead head, String messageType, java.nio.ByteBuffer body) {
        List<Header> fields = new ArrayList<>();
        for (Map.Entry<String, String> e : head.headerList()) {
            if (!e.getKey().startsWith(":")) {
                fields.add(new Header(e.getKey(), e.getValue()));
            }
        }
        String protocol = "HTTP/2.0".equals(head.protocol()) ? "HTTP/2" : head.protocol();
        Facts facts = new Facts(ID_PREFIX + IDS.incrementAndGet(), head.listener(), messageType, protocol, head.scheme(),
                head.method(), head.authority(), head.uri(), head.query(), head.remoteAddress(),
                head.localAddress(), head.tlsSession().map(MessageState::tls), head.receivedAt());
        Body content = null;
        if (body != null) {
            byte[] bytes = new byte[body.remaining()];
            body.duplicate().get(bytes);
            content = Body.of(bytes);
        }
        return new MessageState(facts, head.path(), Headers.of(fields), Map.of(), Optional.empty(),
                content, false, false, ConsumedCredentials.none());
    }

    /** The state after a step's changes. */
    public MessageState apply(MessageChanges changes) {
        if (changes.isEmpty()) {
            return this;
        }
        return new MessageState(facts, changes.path().orElse(path), changes.applyTo(headers),
                changes.applyToAttributes(attributes), identity, changes.body().orElse(body),
                pathChanged || changes.path().isPresent(), bodyChanged || changes.body().isPresent(), consumed);
    }

    public MessageState withIdentity(Identity established) {
        return new MessageState(facts, path, headers, attributes, Optional.of(established), body, pathChanged, bodyChanged, consumed);
    }

    /** The state with these credentials consumed as well. */
    public MessageState consuming(ConsumedCredentials more) {
        return more.isEmpty() ? this
                : new MessageState(facts, path, headers, attributes, identity, body, pathChanged, bodyChanged, consumed.plus(more));
    }

    /** The headers to forward: the steps' result without the consumed credentials. */
    public Headers forwardHeaders() {
        return CredentialStrip.headers(headers, consumed);
    }

    /**
     * The target to forward: the normalized one the flow was classified on when neither the path
     * nor the query changed, else the path and the query without the consumed parameters (the
     * data plane normalizes that again).
     */
    public String forwardTarget() {
        Optional<String> stripped = CredentialStrip.query(facts.query(), consumed);
        if (!pathChanged && stripped.isEmpty()) {
            return facts.uri();
        }
        String query = stripped.orElse(facts.query());
        return query.isEmpty() ? path : path + "?" + query;
    }

    private static org.gatehouse.sdk.message.TlsInfo tls(SSLSession session) {
        Optional<String> serverName = Optional.empty();
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    serverName = Optional.of(host.getAsciiName());
                }
            }
        }
        List<X509Certificate> peers = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    peers.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate
        }
        return new org.gatehouse.sdk.message.TlsInfo(session.getProtocol(), session.getCipherSuite(), serverName,
                Optional.empty(), peers);
    }
}
