package org.gatehouse.sandbox.agent;

import java.security.Provider;
import java.security.Security;
import java.util.ServiceLoader;

/**
 * Changes of security providers' entries (docs/sandbox.md "What the JDK checked"): an installed
 * provider's entries name the classes every JCA lookup of the process instantiates. One tiny
 * action each, run from an {@link ExtensionLoader} (the extension) and from the test's own loader
 * (trusted code).
 */
public final class ProviderActions {
    /** The entry the actions add and take back: nothing looks it up. */
    public static final String KEY = "Gatehouse.MatrixEntry";

    private ProviderActions() {
    }

    public static Object putIntoInstalled(String provider) {
        return Security.getProvider(provider).put(KEY, "changed");
    }

    public static Object removeFromInstalled(String provider) {
        return Security.getProvider(provider).remove(KEY);
    }

    public static void clearInstalled(String provider) {
        Security.getProvider(provider).clear();
    }

    public static Object mergeIntoInstalled(String provider) {
        return Security.getProvider(provider).merge(KEY, "changed", (a, b) -> b);
    }

    /** A provider of the extension's own: filled by its constructor and changed afterwards. */
    public static Object changeOwnProvider() {
        Provider own = new OwnProvider();
        own.put("Own.Later", "added after construction");
        own.remove("Own.Entry");
        return own.get("Own.Later");
    }

    /** Constructs the platform's provider (its constructor fills its entries): the provider. */
    public static Object constructPlatformProvider() {
        return new PlatformProvider();
    }

    public static Object changeProvider(Object provider) {
        return ((Provider) provider).put(KEY, "changed");
    }

    /** The platform provider's constructor calls back into the extension, which changes the installed one. */
    public static Object borrowPlatformConstructor() {
        return new Borrower();
    }

    /** A provider of the extension's whose constructor changes the installed one. */
    public static Object changeInstalledWhileConstructingOwn() {
        return new Thief();
    }

    /**
     * The JDK constructs new instances of its providers while the extension iterates them: each
     * constructor fills its own entries. Returns how many were found, and how many of those were
     * filled (offer a service; an unconfigured PKCS#11 provider offers none).
     */
    public static int[] constructJdkProviders() {
        int found = 0;
        int filled = 0;
        for (Provider provider : ServiceLoader.loadInstalled(Provider.class)) {
            found++;
            if (!provider.getServices().isEmpty()) {
                filled++;
            }
        }
        return new int[] {found, filled};
    }

    static final class OwnProvider extends Provider {
        private static final long serialVersionUID = 1L;

        OwnProvider() {
            super("ExtensionOwn", "1.0", "the extension's own");
            put("Own.Entry", "filled by its constructor");
        }
    }

    static final class Borrower extends PlatformProvider {
        private static final long serialVersionUID = 1L;

        @Override
        protected String describe() {
            Security.getProvider("SUN").put(KEY, "changed");
            return "borrowed";
        }
    }

    static final class Thief extends Provider {
        private static final long serialVersionUID = 1L;

        Thief() {
            super("Thief", "1.0", "changes another provider while it is constructed");
            Security.getProvider("SUN").put(KEY, "changed");
        }
    }
}
