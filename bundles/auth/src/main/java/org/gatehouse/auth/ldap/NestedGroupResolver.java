package org.gatehouse.auth.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The groups a DN belongs to, directly and through groups that are members of groups, found by
 * searching {@code group-base} with {@code group-filter} ({@code {dn}} stands for the member's DN)
 * level by level, up to {@code max-depth} levels. Cycles (A in B in A) end because each group is
 * visited once.
 */
final class NestedGroupResolver {
    private final String base;
    private final String filterTemplate;
    private final String nameAttribute;
    private final int maxDepth;

    NestedGroupResolver(String base, String filterTemplate, String nameAttribute, int maxDepth) {
        if (!filterTemplate.contains("{dn}")) {
            throw new IllegalArgumentException("parameter 'group-filter' '" + filterTemplate + "' does not hold {dn}");
        }
        this.base = base;
        this.filterTemplate = filterTemplate;
        this.nameAttribute = nameAttribute;
        this.maxDepth = maxDepth;
    }

    /** Group names (the name attribute's first value), nearest groups first. */
    List<String> groupsOf(LDAPInterface directory, String memberDn) throws LDAPException {
        Set<String> names = new LinkedHashSet<>();
        Set<String> visited = new HashSet<>();
        Deque<String> level = new ArrayDeque<>(List.of(memberDn));
        for (int depth = 0; depth < maxDepth && !level.isEmpty(); depth++) {
            Deque<String> next = new ArrayDeque<>();
            for (String dn : level) {
                for (SearchResultEntry group : search(directory, dn)) {
                    if (visited.add(group.getParsedDN().toNormalizedString())) {
                        String name = group.getAttributeValue(nameAttribute);
                        names.add(name != null ? name : group.getDN());
                        next.add(group.getDN());
                    }
                }
            }
            level = next;
        }
        return new ArrayList<>(names);
    }

    private List<SearchResultEntry> search(LDAPInterface directory, String memberDn) throws LDAPException {
        Filter filter = Filter.create(filterTemplate.replace("{dn}", Filter.encodeValue(memberDn)));
        SearchResult result = directory.search(base, SearchScope.SUB, filter, nameAttribute);
        return result.getSearchEntries();
    }
}
