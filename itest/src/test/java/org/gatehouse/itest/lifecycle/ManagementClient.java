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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.itest.support.InstalledDistribution;
import org.gatehouse.itest.support.InstalledDistribution.CommandResult;
import org.gatehouse.itest.support.TestClients;

/**
 * The element's management REST API as an admin's script would use it: bearer token, JSON
 * answers as text (the tests look for the fields they need), raw jar uploads; and the person at
 * the element's host who confirms what was submitted, over the local confirmation socket with
 * {@code bin/gatehouse commands confirm} answering {@code yes} (docs/management.md "Confirmation").
 */
public final class ManagementClient {
    /** The management user the test's own OS account is on the confirmation socket: admin and security officer. */
    public static final String HOST_PERSON = "host";
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern COMMAND_ID = Pattern.compile("\"command\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private static final Pattern PRINTED_ID = Pattern.compile("command ([0-9a-f-]{36}) awaits confirmation");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final InstalledDistribution gatehouse;
    private boolean phraseSet;

    ManagementClient(int port, InstalledDistribution gatehouse) {
        this.base = URI.create("http://127.0.0.1:" + port + "/api/v1/");
        this.gatehouse = gatehouse;
    }

    /**
     * Confirms, as the person at the host, the command a submission answered 202 with: their
     * phrase set once, then {@code gatehouse commands confirm ID} shown the rendering and answered
     * {@code yes}. Returns what the command line printed; its last line names the command's state.
     */
    public synchronized String confirm(HttpResponse<String> submitted) {
        if (submitted.statusCode() != 202) {
            throw new AssertionError("a change is answered 202 and awaits confirmation, not " + submitted.statusCode() + ": "
                    + submitted.body());
        }
        Matcher id = COMMAND_ID.matcher(submitted.body());
        if (!id.find()) {
            throw new AssertionError("no command in " + submitted.body());
        }
        return confirm(id.group(1));
    }

    /** Confirms the command {@code id} as the person at the host; see {@link #confirm(HttpResponse)}. */
    public synchronized String confirm(String id) {
        if (!phraseSet) {
            CommandResult phrase = gatehouse.commandWithInput(CLI_TIMEOUT, "lanterns over the harbour\nlanterns over the harbour\n",
                    "commands", "phrase");
            if (phrase.exitCode() != 0) {
                throw new AssertionError("gatehouse commands phrase: " + phrase.output());
            }
            phraseSet = true;
        }
        CommandResult confirmed = gatehouse.commandWithInput(CLI_TIMEOUT, "yes\n", "commands", "confirm", id);
        if (confirmed.exitCode() != 0 && !confirmed.output().contains(" confirmed: ")) {
            throw new AssertionError("gatehouse commands confirm " + id + ": " + confirmed.output());
        }
        return confirmed.output();
    }

    /** Confirms the command whose submission {@code bin/gatehouse} printed ({@code command ID awaits confirmation ...}). */
    public String confirmPrinted(String cliOutput) {
        Matcher id = PRINTED_ID.matcher(cliOutput);
        if (!id.find()) {
            throw new AssertionError("the command line printed no command awaiting confirmation: " + cliOutput);
        }
        String output = confirm(id.group(1));
        if (!output.contains(" confirmed: done")) {
            throw new AssertionError("the command did not end done: " + output);
        }
        return output;
    }

    /** {@link #confirm} and the command is done: the output, whose last line is {@code command ID confirmed: done: RESULT}. */
    public String done(HttpResponse<String> submitted) {
        String output = confirm(submitted);
        if (!output.contains(" confirmed: done")) {
            throw new AssertionError("the command did not end done: " + output);
        }
        return output;
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
