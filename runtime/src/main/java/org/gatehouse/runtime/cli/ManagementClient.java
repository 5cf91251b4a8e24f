package org.gatehouse.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Calls the management REST API with the JDK's HTTP client: bearer token, optional CA
 * certificate (PEM) to trust for https, JSON answers. An answer that is not 2xx becomes a
 * {@link CliFailure} carrying the error body's message and details.
 */
final class ManagementClient {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;

    ManagementClient(URI base, Optional<String> token, Optional<Path> caCertificate) throws CliFailure {
        this.base = base;
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (caCertificate.isPresent()) {
            builder.sslContext(trusting(caCertificate.get()));
        }
        this.http = builder.build();
    }

    private static SSLContext trusting(Path pem) throws CliFailure {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw CliFailure.usage("cannot read the CA certificate " + pem + ": " + e.getMessage());
        }
    }

    Map<String, Object> get(String path) throws CliFailure {
        return call(request(path).GET().build());
    }

    /** The answer to a GET as the element sent it (JSON), for {@code --json}; a refusal is a failure as for {@link #get}. */
    String getJson(String path) throws CliFailure {
        HttpResponse<String> response = exchange(request(path).GET().build());
        if (response.statusCode() / 100 != 2) {
            throw new CliFailure(CliFailure.REFUSED, errorText(response.statusCode(), parse(response)));
        }
        return response.body();
    }

    Map<String, Object> send(String method, String path) throws CliFailure {
        return call(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    Map<String, Object> sendFile(String method, String path, String contentType, Path file) throws CliFailure {
        return call(request(path).header("Content-Type", contentType).method(method, publisher(file)).build());
    }

    /** A multipart/form-data upload (RFC 7578): the bundle and, when given, its policy. */
    Map<String, Object> sendUpload(String method, String path, Path bundle, Optional<Path> policy) throws CliFailure {
        if (policy.isEmpty()) {
            return sendFile(method, path + "?file-name=" + encode(bundle.getFileName().toString()), "application/java-archive", bundle);
        }
        String boundary = "gatehouse-" + UUID.randomUUID();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                text(partHead(boundary, "bundle", bundle, "application/java-archive")), publisher(bundle),
                text("\r\n" + partHead(boundary, "policy", policy.get(), "application/xml")), publisher(policy.get()),
                text("\r\n--" + boundary + "--\r\n"));
        return call(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary).method(method, body).build());
    }

    private static String partHead(String boundary, String name, Path file, String type) {
        String fileName = file.getFileName().toString().replace("\"", "");
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n";
    }

    private static HttpRequest.BodyPublisher text(String s) {
        return HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8);
    }

    private static HttpRequest.BodyPublisher publisher(Path file) throws CliFailure {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Accept", "application/json");
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return builder;
    }

    private Map<String, Object> call(HttpRequest request) throws CliFailure {
        HttpResponse<String> response = exchange(request);
        Map<String, Object> body = parse(response);
        if (response.statusCode() / 100 != 2) {
            throw new CliFailure(CliFailure.REFUSED, errorText(response.statusCode(), body));
        }
        return body;
    }

    private HttpResponse<String> exchange(HttpRequest request) throws CliFailure {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliFailure(CliFailure.REFUSED, "cannot connect to " + base + ": is the element running? (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.REFUSED, "the request to " + base + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.REFUSED, "interrupted");
        }
    }

    private static Map<String, Object> parse(HttpResponse<String> response) throws CliFailure {
        try {
            return JsonText.object(JsonText.parse(response.body()));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.REFUSED, "HTTP " + response.statusCode() + ": " + e.getMessage());
        }
    }

    /** {@code error (422 qualification_denied): message}, then each detail on its own line, then the command. */
    private static String errorText(int status, Map<String, Object> body) {
        Map<String, Object> error = JsonText.object(body.get("error"));
        StringBuilder text = new StringBuilder("error (").append(status);
        if (error.containsKey("code")) {
            text.append(' ').append(JsonText.string(error.get("code")));
        }
        text.append("): ").append(error.isEmpty() ? "no error body" : JsonText.string(error.get("message")));
        List<Object> details = JsonText.array(error.get("details"));
        for (Object detail : details) {
            if (!JsonText.string(detail).equals(JsonText.string(error.get("message")))) {
                text.append("\n  ").append(JsonText.string(detail));
            }
        }
        if (error.get("command") != null) {
            text.append("\n  command ").append(JsonText.string(error.get("command"))).append(" aborted");
        }
        return text.toString();
    }
}
