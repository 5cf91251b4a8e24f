package org.gatehouse.auth.step;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.flow.engine.spi.PlatformStepFactory;
import org.gatehouse.flow.engine.spi.StepResources;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.BodyAccess;
import org.gatehouse.sdk.descriptor.ParameterDefinition;
import org.gatehouse.sdk.descriptor.ParameterType;
import org.osgi.service.component.annotations.Component;

/**
 * The built-in step {@code identity-assertion}: after {@code authenticate}, strips client copies
 * of the identity headers and sets them from the identity, or mints a signed JWT.
 */
@Component(service = PlatformStepFactory.class)
public final class IdentityAssertionStepFactory implements PlatformStepFactory {
    private static final String HEADER = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";
    private static final BladeletDescriptor DESCRIPTOR = new BladeletDescriptor("identity-assertion", BladeletKind.STEP,
            IdentityAssertionStep.class.getName(), "Sets identity headers or a signed JWT for the upstream, after stripping client copies.",
            BodyAccess.NONE, List.of(
                    ParameterDefinition.of("user-header", ParameterType.STRING).withDefault("X-Authenticated-User").withPattern(HEADER),
                    ParameterDefinition.of("groups-header", ParameterType.STRING).withDefault("X-Authenticated-Groups").withPattern(HEADER),
                    ParameterDefinition.of("method-header", ParameterType.STRING).withPattern(HEADER),
                    ParameterDefinition.of("headers", ParameterType.BOOLEAN).withDefault("true"),
                    ParameterDefinition.of("strip-headers", ParameterType.STRING).withPattern(HEADER + "( " + HEADER + ")*"),
                    ParameterDefinition.of("jwt-key", ParameterType.STRING),
                    ParameterDefinition.of("jwt-header", ParameterType.STRING).withDefault("X-Identity-Assertion").withPattern(HEADER),
                    ParameterDefinition.of("jwt-issuer", ParameterType.STRING).withDefault("gatehouse"),
                    ParameterDefinition.of("jwt-audience", ParameterType.STRING),
                    ParameterDefinition.of("jwt-lifetime", ParameterType.DURATION).withDefault("60s").withRange("1s", "1h")));

    @Override
    public BladeletDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PlatformStep create(BladeletContext context, StepResources resources) {
        Parameters p = context.parameters();
        boolean headers = p.booleanValue("headers");
        Optional<AssertionSigner> signer = optional(p, "jwt-key").map(key -> new AssertionSigner(Path.of(key),
                p.string("jwt-issuer"), optional(p, "jwt-audience"), p.duration("jwt-lifetime")));
        if (!headers && signer.isEmpty()) {
            throw new IllegalArgumentException("parameter 'headers' is false and 'jwt-key' is not set: the step would assert nothing");
        }
        List<String> strip = optional(p, "strip-headers").map(s -> Arrays.asList(s.split(" "))).orElse(List.of());
        return new IdentityAssertionStep(p.string("user-header"), p.string("groups-header"), headers,
                optional(p, "method-header"), p.string("jwt-header"),
                strip, signer, context.clock(), context.stepName());
    }

    private static Optional<String> optional(Parameters p, String name) {
        return p.has(name) ? Optional.of(p.string(name)) : Optional.empty();
    }
}
