package org.gatehouse.bench.ldap;

import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of the benchmark's directory: {@code users} people {@code user0..}, each with the
 * password {@link #password(int)} and a member of one of {@code teams} groups {@code team0..},
 * every team a member of the group {@value #ALL_USERS} (so a user's groups are found through one
 * level of nesting, as in a real directory). bench/run builds the same names and passwords.
 */
public record DirectoryLayout(int users, int teams) {
    public static final String BASE = "dc=bench,dc=example";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String GROUPS = "ou=groups," + BASE;
    public static final String ALL_USERS = "bench-users";

    public DirectoryLayout {
        if (users < 1 || users > 1_000_000) {
            throw new IllegalArgumentException("users must be 1 to 1000000, not " + users);
        }
        if (teams < 1 || teams > users) {
            throw new IllegalArgumentException("teams must be 1 to the number of users (" + users + "), not " + teams);
        }
    }

    public static String userName(int index) {
        return "user" + index;
    }

    public static String password(int index) {
        return "pw-" + index + "-bench";
    }

    public static String userDn(int index) {
        return "uid=" + userName(index) + "," + PEOPLE;
    }

    public static String groupDn(String name) {
        return "cn=" + name + "," + GROUPS;
    }

    public static String teamName(int team) {
        return "team" + team;
    }

    /** Every entry, parents before children, ready for {@code InMemoryDirectoryServer.addEntries}. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(BASE, attribute("objectClass", "top", "domain"), attribute("dc", "bench")));
        entries.add(new Entry(PEOPLE, attribute("objectClass", "top", "organizationalUnit"), attribute("ou", "people")));
        entries.add(new Entry(GROUPS, attribute("objectClass", "top", "organizationalUnit"), attribute("ou", "groups")));
        for (int index = 0; index < users; index++) {
            entries.add(new Entry(userDn(index), attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                    attribute("uid", userName(index)), attribute("cn", userName(index)), attribute("sn", "Bench"),
                    attribute("userPassword", password(index))));
        }
        List<String> teamDns = new ArrayList<>();
        for (int team = 0; team < teams; team++) {
            teamDns.add(groupDn(teamName(team)));
            entries.add(group(teamName(team), teamMembers(team)));
        }
        entries.add(group(ALL_USERS, teamDns));
        return List.copyOf(entries);
    }

    private List<String> teamMembers(int team) {
        List<String> members = new ArrayList<>();
        for (int index = team; index < users; index += teams) {
            members.add(userDn(index));
        }
        return members;
    }

    private static Entry group(String name, List<String> members) {
        return new Entry(groupDn(name), attribute("objectClass", "top", "groupOfNames"), attribute("cn", name),
                new com.unboundid.ldap.sdk.Attribute("member", members));
    }

    private static com.unboundid.ldap.sdk.Attribute attribute(String name, String... values) {
        return new com.unboundid.ldap.sdk.Attribute(name, values);
    }
}
