package org.gatehouse.extension.testkit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.extension.services.ElementOutboundHttp;
import org.gatehouse.extension.services.StrictJson;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.MetricCounter;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.http.OutboundHttp;
import org.gatehouse.sdk.json.Json;

/** The context the harness gives a bladelet: the element's, with recording logger and counters. */
final class TestContext implements BladeletContext {
    private final String bladeletName;
    private final String stepName;
    private final Parameters parameters;
    private final Path dataFolder;
    private final RecordingLogger logger;
    private final Clock clock;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    TestContext(String bladeletName, String stepName, Parameters parameters, Path dataFolder, Clock clock) {
        this.bladeletName = bladeletName;
        this.stepName = stepName;
        this.parameters = parameters;
        this.dataFolder = dataFolder;
        this.logger = new RecordingLogger("gatehouse.extension." + bladeletName);
        this.clock = clock;
    }

    @Override public String bladeletName() { return bladeletName; }
    @Override public String stepName() { return stepName; }
    @Override public Parameters parameters() { return parameters; }
    @Override public Path dataFolder() { return dataFolder; }
    @Override public RecordingLogger logger() { return logger; }
    @Override public Clock clock() { return clock; }
    /** The element's client with nothing checked: no sandbox runs in the test kit. */
    @Override public OutboundHttp http() { return Shared.HTTP; }
    @Override public Json json() { return Shared.JSON; }

    @Override
    public MetricCounter counter(String name) {
        if (name == null || !MetricCounter.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bladelet '" + bladeletName + "': counter name '" + name + "' must match "
                    + MetricCounter.NAME.pattern());
        }
        AtomicLong value = counters.computeIfAbsent(name, n -> new AtomicLong());
        return amount -> {
            if (amount < 0) {
                throw new IllegalArgumentException("bladelet '" + bladeletName + "': counter '" + name + "' cannot go down by " + amount);
            }
            value.addAndGet(amount);
        };
    }

    long counterValue(String name) {
        AtomicLong value = counters.get(name);
        return value == null ? 0 : value.get();
    }

    /** Made on first use, shared by every bladelet of the test run. */
    private static final class Shared {
        static final OutboundHttp HTTP = ElementOutboundHttp.unchecked();
        static final Json JSON = new StrictJson();
    }
}
