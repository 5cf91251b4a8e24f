package org.gatehouse.itest.auth;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A real LDAP directory on 127.0.0.1 and an ephemeral port (UnboundID's in-memory server in the
 * test JVM), the way a company's directory looks to the element:
 * <ul>
 * <li>a service account {@code cn=gatehouse,ou=services} the element searches as;</li>
 * <li>alice: in {@code staff}, department 42;</li>
 * <li>bob: in {@code devs}, a group that is itself a member of {@code staff} (nested);</li>
 * <li>carol: department 42, in no group; erin: in {@code staff}, department 7;</li>
 * <li>dave: in {@code staff}, but his account is locked ({@code pwdAccountLockedTime});</li>
 * <li>frank: in {@code staff}, department 42, used only once the directory is down.</li>
 * </ul>
 * Every person's password is {@code <uid>-pw}.
 */
final class CorporateDirectory implements AutoCloseable {
    static final String BASE = "dc=example,dc=com";
    static final String PEOPLE = "ou=people," + BASE;
    static final String GROUPS = "ou=groups," + BASE;
    static final String SERVICE_DN = "cn=gatehouse,ou=services," + BASE;
    static final String SERVICE_PASSWORD = "svc-secret-3e1";

    private final InMemoryDirectoryServer server;

    CorporateDirectory() throws LDAPException, LDIFException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        // the lock attribute is OpenLDAP's password policy overlay's, which the default schema does not know
        config.setSchema(null);
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: example");
        for (String unit : new String[] {"people", "groups", "services"}) {
            server.add("dn: ou=" + unit + "," + BASE, "objectClass: organizationalUnit", "ou: " + unit);
        }
        server.add("dn: " + SERVICE_DN, "objectClass: applicationProcess", "objectClass: simpleSecurityObject",
                "cn: gatehouse", "userPassword: " + SERVICE_PASSWORD);
        person("alice", "42");
        person("bob", "42");
        person("carol", "42");
        person("dave", "42", "pwdAccountLockedTime: 20260101000000Z");
        person("erin", "7");
        person("frank", "42");
        group("devs", personDn("bob"));
        group("staff", personDn("alice"), personDn("dave"), personDn("erin"), personDn("frank"), "cn=devs," + GROUPS);
        server.startListening();
    }

    int port() {
        return server.getListenPort();
    }

    /** Stops listening and drops every open connection: the directory is down. */
    void stop() {
        server.shutDown(true);
    }

    static String personDn(String uid) {
        return "uid=" + uid + "," + PEOPLE;
    }

    private void person(String uid, String department, String... extra) throws LDAPException, LDIFException {
        String[] lines = {"dn: " + personDn(uid), "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid, "sn: " + uid,
                "mail: " + uid + "@example.com", "departmentNumber: " + department, "userPassword: " + uid + "-pw"};
        String[] all = Arrays.copyOf(lines, lines.length + extra.length);
        System.arraycopy(extra, 0, all, lines.length, extra.length);
        server.add(all);
    }

    private void group(String cn, String... members) throws LDAPException, LDIFException {
        String[] lines = new String[3 + members.length];
        lines[0] = "dn: cn=" + cn + "," + GROUPS;
        lines[1] = "objectClass: groupOfNames";
        lines[2] = "cn: " + cn;
        for (int i = 0; i < members.length; i++) {
            lines[3 + i] = "member: " + members[i];
        }
        server.add(lines);
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
