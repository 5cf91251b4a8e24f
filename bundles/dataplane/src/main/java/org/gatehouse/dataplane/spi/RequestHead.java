package org.gatehouse.dataplane.spi;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only view of one request, over the data plane's own objects (nothing is copied until
 * asked for). Target and authority are the normalized ones
 * ({@link org.gatehouse.dataplane.request.TargetNormalizer}) that routing and the upstream see as well.
 * Header names are case-insensitive. Valid until the flow's stage completes.
 */
@ProviderType
public interface RequestHead {

    /** The listener's name from {@code conf/element.xml}. */
    String listener();

    /** {@code http} or {@code https}. */
    String scheme();

    /** {@code HTTP/1.1}, {@code HTTP/1.0} or {@code HTTP/2.0}. */
    String protocol();

    String method();

    /**
     * The normalized request target in origin form ({@link #path()}, then {@code ?} and
     * {@link #query()} when there is one): what the upstream receives unless a flow changes it.
     */
    String uri();

    /** The normalized path (dot segments removed, unreserved escapes decoded); never empty. */
    String path();

    /** The normalized query without {@code ?}, empty when there is none. */
    String query();

    /**
     * The normalized authority: the absolute-form target's, else the Host header's (or
     * {@code :authority}), in lower case, without the scheme's default port; empty only when an
     * HTTP/1.0 request named none.
     */
    String authority();

    /** The first value of this header, or null. */
    String header(String name);

    /** Every value of this header, in order; empty when absent. */
    List<String> headerValues(String name);

    /** Every header line in order, as a new list. */
    List<Map.Entry<String, String>> headerList();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** The TLS session of the connection, when the listener is https. */
    Optional<SSLSession> tlsSession();

    /**
     * When a message type claimed the request (the data plane reads the clock only for claimed
     * requests); null while {@link MessageProcessor#classify} runs.
     */
    Instant receivedAt();

    /** Whether the request declares a body (Content-Length above 0 or chunked). */
    boolean hasBody();

    /**
     * Runs {@code action} once if the client goes away (its connection, or its HTTP/2 stream,
     * closes) before the flow's stage completes; at once when it has gone already. The stage must
     * still be completed (its answer is dropped): only then is what the request holds released.
     * Lets a flow withdraw work done only for the client, such as a place in a queue. The action
     * may run on the event loop, so it must not block. A data plane that cannot tell never runs it.
     */
    default void onClientGone(Runnable action) {
    }
}
