package org.gatehouse.auth.step;

import java.util.List;
import org.gatehouse.flow.engine.spi.PlatformStep;
import org.gatehouse.flow.engine.spi.PlatformStepFactory;
import org.gatehouse.flow.engine.spi.StepResources;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.BodyAccess;
import org.gatehouse.sdk.descriptor.ParameterDefinition;
import org.gatehouse.sdk.descriptor.ParameterType;
import org.osgi.service.component.annotations.Component;

/**
 * The built-in step {@code authenticate}: {@code <step bladelet="authenticate"><param name="method"
 * value="corp-ldap"/></step>}. Reads the body (up to 1 MiB) because the SOAP, XPath, JSON-pointer
 * and body regex locations need it. The credentials it reads are kept from the upstream unless
 * {@code <param name="forward-credential" value="true"/>}.
 */
@Component(service = PlatformStepFactory.class)
public final class AuthenticateStepFactory implements PlatformStepFactory {
    /** The most body the SOAP and body-based locations read. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /**
     * {@code true}: the upstream gets the client's credentials as sent; by default
     * (docs/data-plane.md "Consumed credentials") the element keeps them.
     */
    static final String FORWARD_CREDENTIAL = "forward-credential";

    private static final BladeletDescriptor DESCRIPTOR = new BladeletDescriptor("authenticate", BladeletKind.STEP,
            AuthenticateStep.class.getName(), "Extracts credentials and has a declared authenticator check them.",
            BodyAccess.upTo(MAX_BODY_BYTES), List.of(
                    ParameterDefinition.of("method", ParameterType.STRING).asRequired().withPattern("[a-z][a-z0-9-]{0,63}"),
                    ParameterDefinition.of("realm", ParameterType.STRING).withDefault("gatehouse").withPattern("[^\"\\\\]{1,128}"),
                    ParameterDefinition.of(FORWARD_CREDENTIAL, ParameterType.BOOLEAN).withDefault("false")));

    @Override
    public BladeletDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PlatformStep create(BladeletContext context, StepResources resources) {
        return new AuthenticateStep(context.parameters().string("method"), context.parameters().string("realm"),
                context.parameters().booleanValue(FORWARD_CREDENTIAL), resources, context.logger(), context.stepName());
    }
}
