package org.gatehouse.extension.services;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.gatehouse.sdk.http.OutboundHttp;
import org.gatehouse.sdk.http.OutboundHttpException;
import org.gatehouse.sdk.http.OutboundHttpException.Reason;
import org.gatehouse.sdk.http.OutboundRequest;
import org.gatehouse.sdk.http.OutboundResponse;

/**
 * {@link OutboundHttp} on the JDK's HTTP client (HTTP/1.1 and h2, TLS with the JDK's trust and
 * host name verification), behind an {@link OutboundGate}. No redirect is followed and no proxy
 * used; the answer is read whole within the request's timeout and its body bound, the caller's
 * thread waiting for it. One client serves every bladelet: its connections are pooled and its
 * threads are those of the executor it was built with.
 */
public final class ElementOutboundHttp implements OutboundHttp {
    private final HttpClient client;
    private final OutboundGate gate;

    public ElementOutboundHttp(HttpClient client, OutboundGate gate) {
        this.client = client;
        this.gate = gate;
    }

    /** The client every bladelet shares: no redirects, no proxy, its work on {@code executor} (null: the JDK's default). */
    public static HttpClient sharedClient(Executor executor) {
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(OutboundRequest.MAX_TIMEOUT);
        return (executor == null ? builder : builder.executor(executor)).build();
    }

    @Override
    public OutboundResponse send(OutboundRequest request) throws OutboundHttpException {
        try {
            return gate.pass(request.uri().getHost(), request.port(), () -> exchange(request));
        } catch (OutboundHttpException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new OutboundHttpException(Reason.PROTOCOL, target(request) + " failed: " + e, e);
        }
    }

    private OutboundResponse exchange(OutboundRequest request) throws OutboundHttpException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
        byte[] body = request.body();
        builder.method(request.method(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        long deadline = System.nanoTime() + request.timeout().toNanos();
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(builder.build(), info -> new BoundedBody(request.maxResponseBytes()));
        try {
            HttpResponse<byte[]> response = answer.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new OutboundResponse(response.statusCode(), response.headers().map(), response.body());
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new OutboundHttpException(Reason.TIMEOUT, target(request) + " did not answer within " + request.timeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new OutboundHttpException(Reason.INTERRUPTED, target(request) + ": interrupted while waiting for the answer", e);
        } catch (ExecutionException | CancellationException e) {
            throw failure(request, e.getCause() == null ? e : e.getCause());
        }
    }

    private static OutboundHttpException failure(OutboundRequest request, Throwable cause) {
        String target = target(request);
        if (cause instanceof BodyTooLarge) {
            return new OutboundHttpException(Reason.TOO_LARGE, target + " answered a body longer than " + request.maxResponseBytes()
                    + " bytes", cause);
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof HttpTimeoutException) {
            return new OutboundHttpException(Reason.TIMEOUT, target + " did not answer within " + request.timeout().toMillis() + " ms", cause);
        }
        if (has(cause, UnresolvedAddressException.class) || has(cause, java.net.UnknownHostException.class)) {
            return new OutboundHttpException(Reason.UNKNOWN_HOST, "host " + request.uri().getHost() + " is unknown", cause);
        }
        if (has(cause, SSLException.class)) {
            return new OutboundHttpException(Reason.TLS, target + ": TLS failed: " + rootMessage(cause), cause);
        }
        if (cause instanceof ConnectException) {
            return new OutboundHttpException(Reason.CONNECT_FAILED, target + " refused the connection: " + rootMessage(cause), cause);
        }
        return new OutboundHttpException(Reason.PROTOCOL, target + " failed: " + rootMessage(cause), cause);
    }

    private static boolean has(Throwable error, Class<? extends Throwable> kind) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String target(OutboundRequest request) {
        return request.method() + " " + request.uri().getScheme() + "://" + request.uri().getRawAuthority() + request.uri().getRawPath();
    }

    /** The answer body, failing as soon as it passes its bound (the rest is never buffered). */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }

    /** The body passed its bound. */
    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("answer body too large");
        }
    }

    /** For the test kit, where no sandbox runs: a client of its own, every request let through. */
    public static OutboundHttp unchecked() {
        return new ElementOutboundHttp(sharedClient(null), OutboundGate.OPEN);
    }
}
