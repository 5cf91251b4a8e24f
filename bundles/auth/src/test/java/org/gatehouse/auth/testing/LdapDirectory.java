package org.gatehouse.auth.testing;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.net.InetAddress;

/**
 * A real LDAP directory on a loopback ephemeral port (UnboundID's in-memory server): users alice
 * (in devs, which is in engineering), bob (locked), carol (in no group), a service account, and a
 * cycle of groups (loop-a in loop-b in loop-a) that must not hang the nested look-up.
 */
public final class LdapDirectory implements AutoCloseable {
    public static final String BASE = "dc=example,dc=com";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String GROUPS = "ou=groups," + BASE;
    public static final String SERVICE_DN = "cn=gatehouse,ou=services," + BASE;
    public static final String SERVICE_PASSWORD = "service-secret";

    private final InMemoryDirectoryServer server;

    public LdapDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        config.setSchema(null); // pwdAccountLockedTime is an OpenLDAP ppolicy attribute, not in the default schema
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        server.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
        server.add("dn: ou=services," + BASE, "objectClass: organizationalUnit", "ou: services");
        server.add("dn: " + SERVICE_DN, "objectClass: person", "cn: gatehouse", "sn: service", "userPassword: " + SERVICE_PASSWORD);
        person("alice", "alice-secret", "mail: alice@example.com");
        person("bob", "bob-secret", "pwdAccountLockedTime: 20260101000000Z");
        person("carol", "carol-secret", "mail: carol@example.com");
        group("devs", "uid=alice," + PEOPLE);
        group("engineering", "cn=devs," + GROUPS);
        group("loop-a", "cn=loop-b," + GROUPS, "uid=carol," + PEOPLE);
        group("loop-b", "cn=loop-a," + GROUPS);
        server.startListening();
    }

    private void person(String uid, String password, String extra) throws Exception {
        server.add("dn: uid=" + uid + "," + PEOPLE, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid, "sn: " + uid,
                "userPassword: " + password, extra);
    }

    private void group(String cn, String... members) throws Exception {
        String[] lines = new String[members.length + 3];
        lines[0] = "dn: cn=" + cn + "," + GROUPS;
        lines[1] = "objectClass: groupOfNames";
        lines[2] = "cn: " + cn;
        for (int i = 0; i < members.length; i++) {
            lines[i + 3] = "member: " + members[i];
        }
        server.add(lines);
    }

    /** host:port of the listener. */
    public String address() {
        return "127.0.0.1:" + server.getListenPort();
    }

    /** Stops the listener and drops every connection: the directory is down. */
    public void stop() {
        server.shutDown(true);
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
