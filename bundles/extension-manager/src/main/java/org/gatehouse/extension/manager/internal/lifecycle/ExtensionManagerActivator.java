package org.gatehouse.extension.manager.internal.lifecycle;

import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Refuses this bundle's start when the qualification rules, the signature database or a trusted
 * publisher certificate exists and does not read, so that the element does not come up on
 * qualification files its operator cannot have meant. Everything else (the store, the restore of
 * stored extensions, the {@code ExtensionManager} service) is {@link ExtensionManagerComponent}'s.
 *
 * <p>A plain activator rather than part of the component: a failed bundle start is what the
 * launcher reports as one line with the file's place and reason ({@code platform bundle ... failed
 * to start: qualification-rules.xml [3:45] /qualification-rules/rule[2]: ...}) before it exits 1;
 * a component that fails to activate is reported as SCR's failure text instead.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class ExtensionManagerActivator implements BundleActivator {

    /**
     * @throws XmlDocumentException when the rules file or the signature database exists but does
     *                              not read: the element refuses to start (its launcher prints the message)
     * @throws IllegalArgumentException when {@value QualifierSource#DEFAULT_ANSWER} is neither trusted nor deny
     */
    @Override
    public void start(BundleContext context) throws XmlDocumentException {
        ManagerSettings.from(context).qualifiers().requireReadable();
    }

    @Override
    public void stop(BundleContext context) {
        // nothing was opened
    }
}
