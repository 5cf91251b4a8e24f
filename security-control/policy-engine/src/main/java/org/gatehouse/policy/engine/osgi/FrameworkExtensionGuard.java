package org.gatehouse.policy.engine.osgi;

import java.util.Locale;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * Recognises framework-extension fragments ({@code Fragment-Host: system.bundle; extension:=framework}).
 * Felix attaches them to the framework without asking resolver hooks, which would put extension
 * code on the framework's own class path; so an extension that is one is uninstalled as soon as
 * it is installed, and the launcher should also set {@code felix.extensions.disable=true}.
 */
final class FrameworkExtensionGuard {
    private FrameworkExtensionGuard() {
    }

    static boolean isFrameworkExtension(Bundle bundle) {
        String host = bundle.getHeaders("").get(Constants.FRAGMENT_HOST);
        return host != null && isFrameworkExtension(host);
    }

    /** Whether a Fragment-Host header names the framework: {@code system.bundle}, Felix's name, or an extension directive. */
    static boolean isFrameworkExtension(String fragmentHost) {
        String header = fragmentHost.toLowerCase(Locale.ROOT).replace(" ", "");
        String host = header.split(";", 2)[0];
        return header.contains(Constants.EXTENSION_DIRECTIVE.toLowerCase(Locale.ROOT) + ":=")
                || host.equals(Constants.SYSTEM_BUNDLE_SYMBOLICNAME) || host.equals("org.apache.felix.framework");
    }
}
