package org.gatehouse.itest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.gatehouse.itest.lifecycle.CountingUpstream;
import org.gatehouse.itest.support.TestClients;

/**
 * Application messages sent to one of the element's listeners, and the check every refusal test
 * makes: the answer's status, and that the message never reached the upstream.
 */
final class ElementTraffic {
    private final HttpClient http;
    private final String base;
    private final CountingUpstream upstream;

    /** Through {@code http} to {@code base} (scheme, host and port). */
    ElementTraffic(HttpClient http, String base, CountingUpstream upstream) {
        this.http = http;
        this.base = base;
        this.upstream = upstream;
    }

    /** To the plain HTTP listener on 127.0.0.1 and {@code listenerPort}. */
    static ElementTraffic plain(int listenerPort, CountingUpstream upstream) {
        return new ElementTraffic(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                "http://127.0.0.1:" + listenerPort, upstream);
    }

    /** GET {@code path} with the given headers, as name/value pairs. */
    HttpResponse<String> get(String path, String... headerPairs) {
        return send("GET", path, headerPairs);
    }

    /** {@code method} (without a body) to {@code path} with the given headers, as name/value pairs. */
    HttpResponse<String> send(String method, String path, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        return TestClients.sendForText(http, request.build());
    }

    /** GET as above, answered {@code status} by the element itself: the upstream saw no request. */
    HttpResponse<String> refused(int status, String path, String... headerPairs) {
        long before = upstream.requests();
        HttpResponse<String> response = get(path, headerPairs);
        assertEquals(status, response.statusCode(), "answer to GET " + path + ": " + response.body());
        assertEquals(before, upstream.requests(), "a refused message reached the upstream");
        return response;
    }

    /** GET as above, forwarded: the upstream answered 200 and counted one more request. */
    HttpResponse<String> forwarded(String path, String... headerPairs) {
        long before = upstream.requests();
        HttpResponse<String> response = get(path, headerPairs);
        assertEquals(200, response.statusCode(), "answer to GET " + path + ": " + response.body());
        assertEquals(before + 1, upstream.requests(), "the message reached the upstream once");
        return response;
    }
}
