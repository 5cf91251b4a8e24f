package org.gatehouse.management.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gatehouse.management.api.Json;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload bounds over real sockets: a declared length past the limit is refused at once, a
 * chunked body that grows past it is refused while it streams, both with 413 in the one error
 * shape and no temporary file left; malformed HTTP gets 400; unknown paths 404; wrong methods 405.
 */
class BodyLimitTest {
    private static final long LIMIT = 100_000;

    @TempDir
    Path folder;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(folder.resolve("home"), Map.of("gatehouse.management.max-upload-bytes", Long.toString(LIMIT)));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private static JsonNode error(String body) throws IOException {
        return Json.MAPPER.readTree(body).path("error");
    }

    @Test
    void aDeclaredLengthPastTheLimitIs413() throws Exception {
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, "application/java-archive",
                new byte[(int) LIMIT + 1]);
        assertEquals(413, response.statusCode());
        assertEquals("payload_too_large", error(response.body()).path("code").asText());
        assertEquals("the request body is 100001 bytes; this resource takes at most 100000", error(response.body()).path("message").asText());
        assertNoTemporaryFiles();
    }

    @Test
    void aChunkedBodyGrowingPastTheLimitIs413() throws Exception {
        // a publisher of unknown length makes the JDK client send Transfer-Encoding: chunked
        HttpRequest request = server.request("/api/v1/extensions", TestServer.ADMIN)
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) LIMIT * 3])))
                .build();
        HttpResponse<String> response = server.send(request);
        assertEquals(413, response.statusCode());
        assertTrue(error(response.body()).path("message").asText().startsWith("the request body is over "), response.body());
        assertNoTemporaryFiles();
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() throws Exception {
        HttpResponse<String> response = server.send("POST", "/api/v1/extensions", TestServer.ADMIN, "application/java-archive",
                new byte[(int) LIMIT]);
        assertEquals(400, response.statusCode(), "read and refused by the extension manager as not a bundle: " + response.body());
        assertEquals("invalid_extension", error(response.body()).path("code").asText());
        assertNoTemporaryFiles();
    }

    @Test
    void documentsAreBoundedToo() throws Exception {
        HttpResponse<String> response = server.send("PUT", "/api/v1/flows", TestServer.ADMIN, "application/xml", new byte[5 * 1024 * 1024]);
        assertEquals(413, response.statusCode());
    }

    @Test
    void malformedHttpIs400() throws Exception {
        try (Socket socket = new Socket(URI.create(server.baseUrl()).getHost(), URI.create(server.baseUrl()).getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), "[" + answer + "]");
            assertTrue(answer.contains("\"code\" : \"bad_request\""), answer);
        }
    }

    @Test
    void aPipelinedRequestClosesTheConnectionAfterTheFirstAnswer() throws Exception {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            String get = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestServer.OPERATOR + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write((get + get).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200 OK"), answer);
            assertTrue(answer.contains("connection: close"), answer);
            assertEquals(answer.indexOf("HTTP/1.1"), answer.lastIndexOf("HTTP/1.1"), "one answer, in order, then the connection closed");
        }
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() throws Exception {
        HttpResponse<String> missing = server.get("/api/v1/nothing-here", TestServer.ADMIN);
        assertEquals(404, missing.statusCode());
        assertEquals("no resource at /api/v1/nothing-here", error(missing.body()).path("message").asText());
        HttpResponse<String> wrong = server.send("PATCH", "/api/v1/flows", TestServer.ADMIN, null, new byte[0]);
        assertEquals(405, wrong.statusCode());
        assertEquals("GET, PUT", wrong.headers().firstValue("Allow").orElseThrow());
        assertEquals("method_not_allowed", error(wrong.body()).path("code").asText());
    }

    @Test
    void errorsAllHaveTheOneShape() throws Exception {
        for (HttpResponse<String> response : new HttpResponse[] {
            server.get("/api/v1/health", null),
            server.get("/api/v1/commands", TestServer.OPERATOR),
            server.get("/api/v1/extensions/none", TestServer.OPERATOR),
            server.send("PUT", "/api/v1/flows", TestServer.ADMIN, "application/xml", new byte[0]),
        }) {
            JsonNode body = Json.MAPPER.readTree(response.body());
            assertEquals(1, body.size(), response.body());
            JsonNode error = body.path("error");
            assertEquals(response.statusCode(), error.path("status").asInt());
            assertTrue(error.path("code").isTextual() && error.path("message").isTextual() && error.path("details").isArray(), response.body());
            assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (var files = Files.list(server.uploadFolder())) {
            assertEquals(0, files.count(), "no temporary upload file is left");
        }
    }

}
