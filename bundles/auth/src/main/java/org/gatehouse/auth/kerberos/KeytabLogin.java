package org.gatehouse.auth.kerberos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Logs a service principal in from a keytab with the JDK's Kerberos login module, as an acceptor
 * only (no KDC round trip: the keys are all an acceptor needs). The JAAS configuration is built
 * here rather than read from a global file, so two bladelets with different keytabs do not meet.
 */
final class KeytabLogin {
    private static final String MODULE = "com.sun.security.auth.module.Krb5LoginModule";

    private KeytabLogin() {
    }

    static Subject acceptor(Path keytab, String principal) {
        if (!Files.isReadable(keytab)) {
            throw new IllegalArgumentException("parameter 'keytab': " + keytab + " is not a readable file");
        }
        // an acceptor login does not look into the keytab; a keytab without the principal would only fail per message
        if (KeyTab.getInstance(keytab.toFile()).getKeys(new KerberosPrincipal(principal)).length == 0) {
            throw new IllegalArgumentException("parameter 'keytab': " + keytab + " holds no key for " + principal);
        }
        Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytab.toString(), "principal", principal,
                "storeKey", "true", "isInitiator", "false", "doNotPrompt", "true", "refreshKrb5Config", "false");
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {
                    new AppConfigurationEntry(MODULE, AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        // LoginContext loads the module through the context class loader; inside a bundle that loader
        // may not see the JDK's jdk.security.auth module, the system class loader does
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            LoginContext login = new LoginContext("gatehouse-spnego", new Subject(), null, configuration);
            login.login();
            return login.getSubject();
        } catch (LoginException e) {
            throw new IllegalArgumentException("cannot log " + principal + " in from keytab " + keytab + ": " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
