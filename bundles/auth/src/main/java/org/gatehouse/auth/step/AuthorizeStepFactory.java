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

/** The built-in step {@code authorize}: {@code <step bladelet="authorize"><param name="method" value="office-hours"/></step>}. */
@Component(service = PlatformStepFactory.class)
public final class AuthorizeStepFactory implements PlatformStepFactory {
    private static final BladeletDescriptor DESCRIPTOR = new BladeletDescriptor("authorize", BladeletKind.STEP,
            AuthorizeStep.class.getName(), "Has a declared authorizer permit or deny the authenticated identity.",
            BodyAccess.NONE, List.of(
                    ParameterDefinition.of("method", ParameterType.STRING).asRequired().withPattern("[a-z][a-z0-9-]{0,63}")));

    @Override
    public BladeletDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PlatformStep create(BladeletContext context, StepResources resources) {
        return new AuthorizeStep(context.parameters().string("method"), resources, context.logger(), context.stepName());
    }
}
