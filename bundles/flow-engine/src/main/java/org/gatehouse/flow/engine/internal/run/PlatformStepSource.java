package org.gatehouse.flow.engine.internal.run;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.flow.engine.spi.PlatformStepFactory;
import org.gatehouse.flow.engine.spi.StepResources;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.descriptor.InvalidParametersException;
import org.gatehouse.sdk.descriptor.ParameterValidator;

/** One {@link PlatformStepFactory} service and the steps built from it, one per place in the flows. */
public final class PlatformStepSource {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.flow.engine.bladelets");

    /** The methods a step built on trial sees: none, it never runs. */
    private static final StepResources NO_METHODS = new StepResources() {
        @Override
        public Optional<org.gatehouse.sdk.auth.Authenticator> authenticator(String methodName) {
            return Optional.empty();
        }

        @Override
        public Optional<org.gatehouse.sdk.auth.Authorizer> authorizer(String methodName) {
            return Optional.empty();
        }
    };

    private final PlatformStepFactory factory;
    private final Path dataFolder;
    private final StepServices services;
    private final Map<Object, PlatformStep> instances = new ConcurrentHashMap<>();

    public PlatformStepSource(PlatformStepFactory factory, Path dataFolder, Clock clock) {
        this(factory, dataFolder, StepServices.shared(clock));
    }

    public PlatformStepSource(PlatformStepFactory factory, Path dataFolder, StepServices services) {
        this.factory = factory;
        this.dataFolder = dataFolder;
        this.services = services;
    }

    public PlatformStepFactory factory() {
        return factory;
    }

    public String name() {
        return factory.descriptor().name();
    }

    PlatformStep instance(Object key, Map<String, String> parameters, String stepName, StepResources resources) throws StepFailure {
        PlatformStep existing = instances.get(key);
        if (existing != null) {
            return existing;
        }
        try {
            Parameters checked = ParameterValidator.validate(factory.descriptor(), parameters);
            PlatformStep built = factory.create(new EngineBladeletContext("platform", name(), stepName, checked, dataFolder, services),
                    resources);
            PlatformStep raced = instances.putIfAbsent(key, built);
            if (raced != null) {
                built.close();
                return raced;
            }
            return built;
        } catch (InvalidParametersException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "built-in step " + name() + " at " + stepName + " cannot be built: " + e.getMessage(), e);
            throw new StepFailure(StepFailure.Kind.UNAVAILABLE, "step '" + stepName + "' could not be built");
        }
    }

    /**
     * Builds the step only to see that it can be built (a key file read, say), then closes it.
     *
     * @return the factory's complaint, or empty when it built
     */
    public Optional<String> trial(Map<String, String> parameters, String stepName) {
        try {
            Parameters checked = ParameterValidator.validate(factory.descriptor(), parameters);
            factory.create(new EngineBladeletContext("platform", name(), stepName, checked, dataFolder, services), NO_METHODS).close();
            return Optional.empty();
        } catch (InvalidParametersException | IllegalArgumentException | IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    void close(Predicate<Object> keys) {
        instances.keySet().removeIf(key -> {
            if (keys.test(key)) {
                try {
                    instances.get(key).close();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing built-in step " + name() + " failed", e);
                }
                return true;
            }
            return false;
        });
    }
}
