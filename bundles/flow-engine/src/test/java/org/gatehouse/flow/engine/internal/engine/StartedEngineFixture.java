package org.gatehouse.flow.engine.internal.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh flow engine for each test over a temporary folder, with the test bladelets started as
 * extension {@value EngineFixture#EXTENSION} 1.0.0. Subclasses add their own documents and providers
 * in a {@code @BeforeEach} of their own, which JUnit runs after this one (and their {@code @AfterEach} before the close).
 */
abstract class StartedEngineFixture {
    @TempDir
    Path folder;

    EngineFixture fixture;

    @BeforeEach
    void startEngine() throws Exception {
        fixture = new EngineFixture(folder);
        fixture.startProvider(EngineFixture.EXTENSION, "1.0.0", true);
    }

    @AfterEach
    void closeEngine() {
        fixture.close();
    }
}
