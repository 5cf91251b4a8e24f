package org.gatehouse.flow.engine.spi;

import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A built-in step, registered as an OSGi service by a platform bundle. Flows name it by
 * {@code descriptor().name()} with no extension; its parameters are checked against the
 * descriptor's attribute domain when the flows document is applied, as an extension's are.
 *
 * <pre>{@code
 * context.registerService(PlatformStepFactory.class, new AuthenticateStepFactory(), null);
 * }</pre>
 */
@ConsumerType
public interface PlatformStepFactory {

    /** Name ({@code [a-z][a-z0-9-]*}), kind {@code step}, the implementing class, parameters. */
    BladeletDescriptor descriptor();

    /**
     * Builds the step for one place in one flow, with parameters already validated.
     *
     * @throws IllegalArgumentException when the parameters make no sense together; the message names the parameter
     */
    PlatformStep create(BladeletContext context, StepResources resources);
}
