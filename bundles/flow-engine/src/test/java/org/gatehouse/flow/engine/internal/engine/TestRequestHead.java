package org.gatehouse.flow.engine.internal.engine;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;
import org.gatehouse.dataplane.spi.RequestHead;
import org.gatehouse.dataplane.request.RequestTarget;
import org.gatehouse.dataplane.request.TargetNormalizer;
import org.gatehouse.dataplane.request.TargetRefusal;

/** A request head as the data plane would hand it over (target and authority normalized), built in tests. */
public final class TestRequestHead implements RequestHead {
    private String listener = "public";
    private String method = "GET";
    private String uri = "/";
    private String authority = "api.example.com";
    private InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 40000);
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private boolean hasBody;
    private RequestTarget target;
    private final CompletableFuture<Void> gone = new CompletableFuture<>();

    public static TestRequestHead get(String uri) {
        TestRequestHead head = new TestRequestHead();
        head.uri = uri;
        return head;
    }

    public TestRequestHead listener(String value) {
        listener = value;
        return this;
    }

    public TestRequestHead method(String value) {
        method = value;
        target = null;
        hasBody = !value.equals("GET");
        return this;
    }

    public TestRequestHead authority(String value) {
        authority = value;
        target = null;
        return this;
    }

    public TestRequestHead from(String address) {
        remote = new InetSocketAddress(address, 40000);
        return this;
    }

    public TestRequestHead header(String name, String value) {
        headers.add(new SimpleImmutableEntry<>(name, value));
        return this;
    }

    @Override public String listener() { return listener; }
    @Override public String scheme() { return "http"; }
    @Override public String protocol() { return "HTTP/1.1"; }
    @Override public String method() { return method; }
    @Override public String uri() { return target().originForm(); }
    @Override public String path() { return target().path(); }
    @Override public String query() { return target().query(); }
    @Override public String authority() { return target().authority(); }

    /** What the data plane hands over: the target and authority through its normalizer. */
    private RequestTarget target() {
        if (target == null) {
            target = normalized(); // once, as the data plane does: classification must not pay for it
        }
        return target;
    }

    private RequestTarget normalized() {
        try {
            return TargetNormalizer.normalize("http", method, uri, List.of(authority), "HTTP/1.1");
        } catch (TargetRefusal refusal) {
            throw new IllegalArgumentException("the data plane would refuse " + uri + ": " + refusal.getMessage(), refusal);
        }
    }

    @Override
    public String header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Override
    public List<String> headerValues(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    @Override public List<Map.Entry<String, String>> headerList() { return new ArrayList<>(headers); }
    @Override public InetSocketAddress remoteAddress() { return remote; }
    @Override public InetSocketAddress localAddress() { return new InetSocketAddress("127.0.0.1", 8080); }
    @Override public Optional<SSLSession> tlsSession() { return Optional.empty(); }
    @Override public Instant receivedAt() { return Instant.parse("2026-01-01T00:00:00Z"); }
    @Override public boolean hasBody() { return hasBody; }

    /** As the data plane does: the action runs when the client goes, at once if it has gone. */
    @Override
    public void onClientGone(Runnable action) {
        gone.thenRun(action);
    }

    /** The client closes its connection. */
    public void leave() {
        gone.complete(null);
    }
}
