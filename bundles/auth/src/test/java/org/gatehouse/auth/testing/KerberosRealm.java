package org.gatehouse.auth.testing;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.client.KrbClient;
import org.apache.kerby.kerberos.kerb.type.ticket.SgtTicket;
import org.apache.kerby.kerberos.kerb.type.ticket.TgtTicket;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * A real KDC (Apache Kerby) for realm EXAMPLE.COM on a free loopback TCP port, a krb5.conf pointing
 * the JDK at it, keytabs exported for the principals asked, and an SPNEGO client that logs in from
 * a keytab with the JDK's GSS-API and makes the token a browser would send.
 */
public final class KerberosRealm implements AutoCloseable {
    public static final String REALM = "EXAMPLE.COM";

    private final SimpleKdcServer kdc;
    private final Path folder;

    /** @param ticketLifetimeSeconds the longest ticket the KDC issues */
    public KerberosRealm(Path folder, long ticketLifetimeSeconds, int clockSkewSeconds) throws Exception {
        this.folder = folder;
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        kdc = new SimpleKdcServer();
        kdc.setWorkDir(folder.toFile());
        kdc.setKdcHost("127.0.0.1");
        kdc.setKdcRealm(REALM);
        kdc.setKdcTcpPort(port);
        kdc.setAllowUdp(false);
        kdc.getKdcConfig().setLong(KdcConfigKey.MAXIMUM_TICKET_LIFETIME, ticketLifetimeSeconds);
        kdc.getKdcConfig().setLong(KdcConfigKey.MINIMUM_TICKET_LIFETIME, 1L);
        kdc.init();
        kdc.start();
        Path krb5 = Files.writeString(folder.resolve("krb5-test.conf"), String.join("\n",
                "[libdefaults]",
                "  default_realm = " + REALM,
                "  udp_preference_limit = 1",
                "  dns_lookup_kdc = false",
                "  dns_lookup_realm = false",
                "  clockskew = " + clockSkewSeconds,
                "  default_tkt_enctypes = aes128-cts-hmac-sha1-96",
                "  default_tgs_enctypes = aes128-cts-hmac-sha1-96",
                "  permitted_enctypes = aes128-cts-hmac-sha1-96",
                "[realms]",
                "  " + REALM + " = {",
                "    kdc = 127.0.0.1:" + port,
                "  }", ""));
        // the JDK reads one krb5.conf per JVM; the login modules below ask it to re-read this one
        System.setProperty("java.security.krb5.conf", krb5.toString());
    }

    /** Creates the principal with a random key and exports it to a keytab of its own. */
    public Path keytab(String principal) throws Exception {
        File keytab = folder.resolve(principal.replace('/', '_') + ".keytab").toFile();
        kdc.createPrincipal(principal + "@" + REALM, "pw-" + System.nanoTime());
        kdc.exportPrincipal(principal + "@" + REALM, keytab);
        return keytab.toPath();
    }

    /** The SPNEGO token the client principal sends to reach the service principal. */
    public static byte[] spnegoToken(Path clientKeytab, String client, String service) throws Exception {
        return initialToken(clientKeytab, client, service, "1.3.6.1.5.5.2");
    }

    /** The Kerberos mechanism's own initial token (RFC 4121 section 4.1: the AP-REQ in its GSS framing), made by the JDK. */
    public static byte[] kerberosToken(Path clientKeytab, String client, String service) throws Exception {
        return initialToken(clientKeytab, client, service, "1.2.840.113554.1.2.2");
    }

    private static byte[] initialToken(Path clientKeytab, String client, String service, String mechanism) throws Exception {
        Subject subject = login(clientKeytab, client + "@" + REALM);
        return Subject.doAs(subject, (PrivilegedExceptionAction<byte[]>) () -> {
            GSSManager manager = GSSManager.getInstance();
            GSSName target = manager.createName(service + "@" + REALM, new Oid("1.2.840.113554.1.2.2.1"));
            GSSContext context = manager.createContext(target, new Oid(mechanism), null, GSSContext.DEFAULT_LIFETIME);
            context.requestMutualAuth(false);
            byte[] token = context.initSecContext(new byte[0], 0, 0);
            context.dispose();
            return token;
        });
    }

    /**
     * A service ticket for the client, from the KDC through Kerby's own client (the JDK client
     * drops tickets once they expire, so it cannot present an expired one).
     */
    public SgtTicket serviceTicket(Path clientKeytab, String client, String service) throws KrbException {
        KrbClient kerby = kdc.getKrbClient();
        TgtTicket tgt = kerby.requestTgt(client + "@" + REALM, clientKeytab.toFile());
        return kerby.requestSgt(tgt, service + "@" + REALM);
    }

    private static Subject login(Path keytab, String principal) throws Exception {
        Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytab.toString(), "principal", principal,
                "storeKey", "false", "doNotPrompt", "true", "refreshKrb5Config", "true", "isInitiator", "true");
        Configuration configuration = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        LoginContext login = new LoginContext("client", new Subject(), null, configuration);
        login.login();
        return login.getSubject();
    }

    @Override
    public void close() throws KrbException {
        kdc.stop();
    }
}
