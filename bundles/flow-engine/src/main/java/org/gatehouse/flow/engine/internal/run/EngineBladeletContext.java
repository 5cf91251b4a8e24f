package org.gatehouse.flow.engine.internal.run;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.http.OutboundHttp;
import org.gatehouse.sdk.json.Json;

/** What the engine gives one bladelet instance (see {@link BladeletContext}). */
final class EngineBladeletContext implements BladeletContext {
    private final String bladeletName;
    private final String stepName;
    private final Parameters parameters;
    private final Path dataFolder;
    private final System.Logger logger;
    private final StepServices services;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    EngineBladeletContext(String provider, String bladeletName, String stepName, Parameters parameters, Path dataFolder,
            StepServices services) {
        this.bladeletName = bladeletName;
        this.stepName = stepName;
        this.parameters = parameters;
        this.dataFolder = dataFolder;
        this.logger = new BladeletLogger(System.getLogger("gatehouse.extension." + provider), provider, bladeletName, stepName);
        this.services = services;
    }

    @Override
    public String bladeletName() {
        return bladeletName;
    }

    @Override
    public String stepName() {
        return stepName;
    }

    @Override
    public Parameters parameters() {
        return parameters;
    }

    @Override
    public Path dataFolder() {
        return dataFolder;
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public Clock clock() {
        return services.clock();
    }

    @Override
    public OutboundHttp http() {
        return services.http();
    }

    @Override
    public Json json() {
        return services.json();
    }

    @Override
    public MetricCounter counter(String name) {
        if (name == null || !MetricCounter.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bladelet '" + bladeletName + "': counter name '" + name + "' must match "
                    + MetricCounter.NAME.pattern());
        }
        LongAdder value = counters.computeIfAbsent(name, n -> new LongAdder());
        return amount -> {
            if (amount < 0) {
                throw new IllegalArgumentException("bladelet '" + bladeletName + "': counter '" + name + "' cannot go down by " + amount);
            }
            value.add(amount);
        };
    }
}
