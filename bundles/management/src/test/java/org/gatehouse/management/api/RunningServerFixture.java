package org.gatehouse.management.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A management server on a real port for each test, with the test services and users of {@link TestServer}. */
abstract class RunningServerFixture {
    @TempDir
    Path folder;
    TestServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = TestServer.start(folder.resolve("home"), Map.of());
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }
}
