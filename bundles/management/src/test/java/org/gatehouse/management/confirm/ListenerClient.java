package org.gatehouse.management.confirm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A person's client of the confirmation listener, as the web console would be: the JDK's HTTP
 * client over TLS with one client certificate (or none), posting JSON.
 */
final class ListenerClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A status and its JSON body. */
    record Reply(int status, JsonNode body) {
        String errorCode() {
            return body.path("error").path("code").asText();
        }
    }

    private final HttpClient client;
    private final String base;

    ListenerClient(SSLContext tls, InetSocketAddress listener) {
        this.client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
        this.base = "https://127.0.0.1:" + listener.getPort();
    }

    Reply post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        return post(path, JSON.writeValueAsString(fields));
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    /** Shows command {@code id} with these factors. */
    Reply show(String id, String password, String totp) throws IOException, InterruptedException {
        return post("/show", Map.of("id", id, "password", password, "totp", totp));
    }

    /** Answers what {@code shown} (a show's reply) showed. */
    Reply answer(Reply shown, String word) throws IOException, InterruptedException {
        JsonNode rendering = shown.body().path("rendering");
        return post("/answer", Map.of("id", rendering.path("id").asText(), "digest", rendering.path("digest").asText(), "answer", word,
                "ticket", shown.body().path("ticket").asText()));
    }
}
