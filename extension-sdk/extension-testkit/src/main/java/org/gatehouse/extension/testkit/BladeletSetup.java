package org.gatehouse.extension.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.gatehouse.extension.descriptor.BladeletCreationException;
import org.gatehouse.extension.descriptor.BladeletFactory;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.descriptor.ParameterValidator;

/**
 * One bladelet being set up for a test: its parameters as a flow would give them (text, checked
 * against the descriptor when {@link #start()} is called), its data folder, clock and deadline.
 */
public final class BladeletSetup {
    /** The deadline the harness gives a call unless told otherwise. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

    private final BladeletDescriptor descriptor;
    private final ClassLoader loader;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private Path dataFolder;
    private Clock clock = Clock.systemUTC();
    private Duration deadline = DEFAULT_DEADLINE;
    private String stepName;

    BladeletSetup(BladeletDescriptor descriptor, ClassLoader loader) {
        this.descriptor = descriptor;
        this.loader = loader;
        this.stepName = "test-flow/" + descriptor.name();
    }

    /** A parameter value, written as in a flow document. */
    public BladeletSetup parameter(String name, String value) {
        parameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Several parameter values. */
    public BladeletSetup parameters(Map<String, String> values) {
        values.forEach(this::parameter);
        return this;
    }

    /** The bladelet's data folder (for example a JUnit {@code @TempDir}); a fresh temporary folder by default. */
    public BladeletSetup dataFolder(Path folder) {
        dataFolder = Objects.requireNonNull(folder, "folder");
        return this;
    }

    /** The clock the bladelet reads. */
    public BladeletSetup clock(Clock value) {
        clock = Objects.requireNonNull(value, "clock");
        return this;
    }

    /** How long one call may take, completion included. */
    public BladeletSetup deadline(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("deadline " + value + " must be positive");
        }
        deadline = value;
        return this;
    }

    /** The step name the context reports. */
    public BladeletSetup stepName(String value) {
        stepName = Objects.requireNonNull(value, "stepName");
        return this;
    }

    /** Only checks the parameters, as the element does when a flow is loaded. */
    public Parameters validate() throws InvalidParametersException {
        return ParameterValidator.validate(descriptor, parameters);
    }

    /**
     * Checks the parameters, builds the bladelet through its {@code BladeletContext} constructor,
     * and returns it ready for calls.
     *
     * @throws InvalidParametersException when a parameter does not fit the attribute domain
     * @throws BladeletCreationException  when the class is missing, of the wrong kind, or its constructor threw
     */
    public BladeletUnderTest start() throws InvalidParametersException, BladeletCreationException {
        Parameters checked = validate();
        boolean ownFolder = dataFolder == null;
        Path folder = ownFolder ? temporaryFolder() : dataFolder;
        TestContext context = new TestContext(descriptor.name(), stepName, checked, folder, clock);
        Object instance = BladeletFactory.create(loader, descriptor, context);
        return new BladeletUnderTest(descriptor, instance, context, deadline, ownFolder);
    }

    private Path temporaryFolder() {
        try {
            return Files.createTempDirectory("bladelet-" + descriptor.name() + "-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
