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
import org.gatehouse.itest.support.TestClients;

/**
 * The element's management REST API as an admin's script would use it: bearer token, JSON
 * answers as text (the tests look for the fields they need), raw jar uploads.
 */
public final class ManagementClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    ManagementClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port + "/api/v1/");
    }

    public HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET(), token);
    }

    public HttpResponse<String> delete(String path, String token) {
        return send(request(path, token).DELETE(), token);
    }

    public HttpResponse<String> post(String path, String token) {
        return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    public HttpResponse<String> uploadJar(String method, String path, Path jar, String token) {
        try {
            return send(request(path, token).header("Content-Type", "application/java-archive")
                    .method(method, HttpRequest.BodyPublishers.ofFile(jar)), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> uploadBytes(String path, byte[] content, String token) {
        return send(request(path, token).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)), token);
    }

    /** POST {@code extensions} as {@code multipart/form-data}: the part {@code bundle} and the part {@code policy}. */
    public HttpResponse<String> uploadWithPolicy(Path jar, String policy, String token) {
        String boundary = "gatehouse-itest-" + java.util.UUID.randomUUID();
        try {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"" + jar.getFileName()
                    + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(java.nio.file.Files.readAllBytes(jar));
            body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"policy\"; filename=\"policy.xml\""
                    + "\r\nContent-Type: application/xml\r\n\r\n" + policy + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return send(request("extensions", token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> putXml(String path, String document, String token) {
        return send(request(path, token).header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(document, StandardCharsets.UTF_8)), token);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) {
        return TestClients.sendForText(http, request.build());
    }
}
