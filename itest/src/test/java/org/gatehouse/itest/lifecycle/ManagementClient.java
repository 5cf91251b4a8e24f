package org.gatehouse.itest.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The element's management REST API as an admin's script would use it: bearer token, JSON
 * answers as text (the tests look for the fields they need), raw jar uploads.
 */
final class ManagementClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    ManagementClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port + "/api/v1/");
    }

    HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET(), token);
    }

    HttpResponse<String> delete(String path, String token) {
        return send(request(path, token).DELETE(), token);
    }

    HttpResponse<String> post(String path, String token) {
        return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    HttpResponse<String> uploadJar(String method, String path, Path jar, String token) {
        try {
            return send(request(path, token).header("Content-Type", "application/java-archive")
                    .method(method, HttpRequest.BodyPublishers.ofFile(jar)), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> uploadBytes(String path, byte[] content, String token) {
        return send(request(path, token).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)), token);
    }

    HttpResponse<String> putXml(String path, String document, String token) {
        return send(request(path, token).header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(document, StandardCharsets.UTF_8)), token);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
