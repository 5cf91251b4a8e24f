package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gatehouse.extension.testkit.BladeletHarness;
import org.gatehouse.extension.testkit.BladeletUnderTest;
import org.gatehouse.extension.testkit.StepResult;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the step with the test kit: descriptor, parameters and message as the element would give them. */
class HeaderRewriteStepTest {
    @TempDir
    Path data;

    private BladeletHarness harness;

    @BeforeEach
    void readDescriptor() throws Exception {
        harness = BladeletHarness.fromClassPath();
    }

    @Test
    void setsTheHeader() throws Exception {
        try (BladeletUnderTest step = harness.bladelet("header-rewrite")
                .parameter("header", "X-Env").parameter("value", "test").dataFolder(data).start()) {
            StepResult result = step.process(TestMessage.request("GET", "/orders").header("x-env", "prod").build());

            assertTrue(result.proceeded());
            assertEquals(List.of("test"), result.message().headers().all("X-Env"));
            assertEquals(1, step.counter("rewritten_total"));
        }
    }

    @Test
    void removesTheHeader() throws Exception {
        try (BladeletUnderTest step = harness.bladelet("header-rewrite")
                .parameter("header", "Authorization").parameter("mode", "remove").dataFolder(data).start()) {
            StepResult result = step.process(TestMessage.request("GET", "/").header("Authorization", "Basic YTpi").build());

            assertFalse(result.message().headers().contains("Authorization"));
        }
    }

    @Test
    void aHeaderNameWithASpaceIsRejectedAsTheElementWould() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> harness.bladelet("header-rewrite").parameter("header", "X Env").start());
        assertEquals("bladelet 'header-rewrite' parameter 'header': 'X Env' does not match the pattern [A-Za-z0-9-]+",
                e.getMessage());
    }
}
