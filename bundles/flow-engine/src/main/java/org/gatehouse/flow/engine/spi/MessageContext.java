package org.gatehouse.flow.engine.spi;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a built-in step knows of the message beyond the SDK's view: the credential locations its
 * message type declares (in document order; empty when it declares none, which means the
 * standard locations).
 */
@ProviderType
public interface MessageContext {

    List<CredentialLocation> credentialLocations();
}
