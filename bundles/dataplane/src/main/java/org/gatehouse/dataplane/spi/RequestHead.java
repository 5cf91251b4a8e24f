package org.gatehouse.dataplane.spi;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only view of one request as it arrived, over the data plane's own objects (nothing is
 * copied until asked for). Header names are case-insensitive. Valid until the flow's stage completes.
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

    /** The request target as received: path and query (origin form), or absolute form. */
    String uri();

    /** The Host header (or {@code :authority}), or an empty string. */
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
}
