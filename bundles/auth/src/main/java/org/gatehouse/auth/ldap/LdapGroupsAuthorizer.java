package org.gatehouse.auth.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.flow.engine.spi.BoundedWait;
import org.gatehouse.sdk.auth.AuthorizationDecision;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Permits an identity that is a member, directly or through nested groups, of {@code groups}
 * (space-separated names; any of them, or all with {@code require="all"}) in the directory
 * (bladelet {@code ldap-groups}). The member's DN is the identity's {@code dn} claim (set by the
 * {@code ldap} authenticator) or {@code user-dn-template} with {@code {user}} replaced by the
 * principal. Memberships are cached per DN for {@code cache-ttl}; a directory that cannot be
 * reached, or does not answer within {@code timeout}, completes the stage exceptionally (503), never a permit.
 */
public final class LdapGroupsAuthorizer implements Authorizer, BoundedWait {
    private final DirectoryConnection directory;
    private final NestedGroupResolver resolver;
    private final List<String> required;
    private final boolean requireAll;
    private final Optional<String> userDnTemplate;
    private final Duration ttl;
    private final ExpiringCache<String, List<String>> cache;

    public LdapGroupsAuthorizer(BladeletContext context) {
        Parameters p = context.parameters();
        this.resolver = new NestedGroupResolver(p.string("group-base"), p.string("group-filter"), p.string("group-name-attribute"),
                p.booleanValue("nested-groups") ? p.integer("max-depth") : 1);
        this.required = List.of(p.string("groups").strip().split("\\s+"));
        this.requireAll = p.string("require").equals("all");
        this.userDnTemplate = p.has("user-dn-template") ? Optional.of(p.string("user-dn-template")) : Optional.empty();
        this.ttl = p.duration("cache-ttl");
        this.cache = new ExpiringCache<>(context.clock(), p.integer("cache-entries"));
        this.directory = new DirectoryConnection(p);
    }

    @Override
    public CompletionStage<AuthorizationDecision> authorize(Identity identity, Message message) {
        Optional<String> dn = identity.claim("dn").stream().findFirst()
                .or(() -> userDnTemplate.map(t -> t.replace("{user}", identity.principal())));
        if (dn.isEmpty()) {
            return CompletableFuture.completedStage(AuthorizationDecision.deny(identity.principal()
                    + " has no dn claim and no user-dn-template is set"));
        }
        Optional<List<String>> cached = cache.get(dn.get());
        CompletionStage<List<String>> memberOf = cached.isPresent() ? CompletableFuture.completedStage(cached.get())
                : directory.call(() -> {
                    try {
                        return memberships(dn.get());
                    } catch (LDAPException e) {
                        throw new IllegalStateException("group look-up for " + dn.get() + " failed: " + e.getMessage(), e);
                    }
                });
        return memberOf.thenApply(groups -> decide(dn.get(), groups));
    }

    private AuthorizationDecision decide(String dn, List<String> memberOf) {
        boolean permitted = requireAll ? memberOf.containsAll(required) : required.stream().anyMatch(memberOf::contains);
        return permitted ? AuthorizationDecision.permit()
                : AuthorizationDecision.deny(dn + " is in " + memberOf + ", needs " + (requireAll ? "all" : "one") + " of " + required);
    }

    @Override
    public Duration longestWait() {
        return directory.longestWait();
    }

    @Override
    public String waitParameter() {
        return directory.waitParameter();
    }

    private List<String> memberships(String dn) throws LDAPException {
        Optional<List<String>> cached = cache.get(dn);
        if (cached.isPresent()) {
            return cached.get();
        }
        List<String> memberOf = List.copyOf(resolver.groupsOf(directory.pool(), dn));
        cache.put(dn, memberOf, ttl);
        return memberOf;
    }

    @Override
    public void close() {
        directory.close();
    }
}
