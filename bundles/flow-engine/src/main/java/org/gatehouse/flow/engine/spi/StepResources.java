package org.gatehouse.flow.engine.spi;

import java.util.Optional;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.auth.Authorizer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The authentication and authorization methods of the flows document in force, by the name the
 * document gives them ({@code <authenticator name="corp-ldap" bladelet="ldap">}). Look them up
 * per message, not once: an upgrade or a quarantine changes the answer. Calls through the
 * returned objects run under the same deadline, accounting and quarantine as extension steps.
 */
@ProviderType
public interface StepResources {

    Optional<Authenticator> authenticator(String methodName);

    Optional<Authorizer> authorizer(String methodName);
}
