package org.gatehouse.auth.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gatehouse.flow.engine.spi.BoundedWait;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.Parameters;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * Checks a user name and password against an LDAP directory (bladelet {@code ldap}): either a
 * simple bind as {@code user-dn-template} with {@code {user}} replaced, or a search under
 * {@code search-base} with {@code search-filter} (as the service account) and then a bind as the
 * entry found. A locked account ({@code locked-filter} matches the entry) is rejected before any
 * bind. Results, good and bad, are cached by user name and a hash of the password for
 * {@code cache-ttl} and {@code negative-cache-ttl}. A directory that cannot be reached, or does
 * not answer the whole check within {@code timeout}, completes the stage exceptionally, which the
 * authenticate step answers with 503.
 */
public final class LdapAuthenticator implements Authenticator, BoundedWait {
    /** RFC 4514 section 2.4 specials, which a user name must not bring into a DN. */
    private static final String DN_SPECIALS = ",+\"\\<>;=#\0";

    private final DirectoryConnection directory;
    private final Optional<String> userDnTemplate;
    private final Optional<String> searchBase;
    private final String searchFilter;
    private final Filter lockedFilter;
    private final Optional<NestedGroupResolver> groups;
    private final List<String> claimAttributes;
    private final String realm;
    private final Duration positiveTtl;
    private final Duration negativeTtl;
    private final ExpiringCache<String, AuthenticationResult> cache;
    private final Clock clock;
    private final System.Logger logger;
    private final byte[] cacheSalt = new byte[16];

    public LdapAuthenticator(BladeletContext context) {
        Parameters p = context.parameters();
        this.userDnTemplate = optional(p, "user-dn-template");
        this.searchBase = optional(p, "search-base");
        if (userDnTemplate.isPresent() == searchBase.isPresent()) {
            throw new IllegalArgumentException("set exactly one of 'user-dn-template' (bind) and 'search-base' (search, then bind)");
        }
        userDnTemplate.filter(t -> !t.contains("{user}")).ifPresent(t -> {
            throw new IllegalArgumentException("parameter 'user-dn-template' '" + t + "' does not hold {user}");
        });
        this.searchFilter = p.string("search-filter");
        this.lockedFilter = filter(p.string("locked-filter"), "locked-filter");
        this.groups = optional(p, "group-base").map(base -> new NestedGroupResolver(base, p.string("group-filter"),
                p.string("group-name-attribute"), p.booleanValue("nested-groups") ? p.integer("max-depth") : 1));
        this.claimAttributes = optional(p, "claim-attributes").map(s -> List.of(s.split("\\s+"))).orElse(List.of());
        this.realm = p.string("realm");
        this.positiveTtl = p.duration("cache-ttl");
        this.negativeTtl = p.duration("negative-cache-ttl");
        this.clock = context.clock();
        this.cache = new ExpiringCache<>(clock, p.integer("cache-entries"));
        this.logger = context.logger();
        new SecureRandom().nextBytes(cacheSalt);
        this.directory = new DirectoryConnection(p);
    }

    @Override
    public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
        if (!(credentials instanceof Credentials.Basic basic)) {
            return done(reject("credentials of kind " + credentials.kind() + " are not a user name and password"));
        }
        String key = cacheKey(basic);
        Optional<AuthenticationResult> cached = cache.get(key);
        if (cached.isPresent()) {
            return done(cached.get());
        }
        return directory.call(() -> {
            try {
                AuthenticationResult result = check(basic);
                cache.put(key, result, result instanceof AuthenticationResult.Authenticated ? positiveTtl : negativeTtl);
                return result;
            } catch (LDAPException e) {
                if (DirectoryConnection.unreachable(e)) {
                    throw new IllegalStateException("directory unreachable: " + e.getMessage(), e);
                }
                logger.log(Level.WARNING, "directory refused the look-up of {0}: {1}", basic.username(), e.getMessage());
                throw e;
            }
        });
    }

    @Override
    public Duration longestWait() {
        return directory.longestWait();
    }

    @Override
    public String waitParameter() {
        return directory.waitParameter();
    }

    private AuthenticationResult check(Credentials.Basic basic) throws LDAPException {
        // RFC 4513 section 5.1.2: an empty password is an unauthenticated bind, which succeeds; never let it
        if (basic.password().isEmpty() || basic.username().isBlank()) {
            return reject("empty user name or password");
        }
        Optional<SearchResultEntry> entry = find(basic.username());
        if (entry.isEmpty()) {
            return reject("no entry for user " + basic.username());
        }
        if (lockedFilter.matchesEntry(entry.get())) {
            return reject("account " + entry.get().getDN() + " is locked");
        }
        try {
            directory.pool().bindAndRevertAuthentication(entry.get().getDN(), basic.password());
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                return reject("wrong password for " + entry.get().getDN());
            }
            throw e;
        }
        return AuthenticationResult.authenticated(identity(basic.username(), entry.get()));
    }

    private Optional<SearchResultEntry> find(String username) throws LDAPException {
        if (userDnTemplate.isPresent()) {
            if (username.chars().anyMatch(c -> DN_SPECIALS.indexOf(c) >= 0) || !username.equals(username.strip())) {
                return Optional.empty();
            }
            return Optional.ofNullable(directory.pool().getEntry(userDnTemplate.get().replace("{user}", username), "*", "+"));
        }
        Filter filter = filter(searchFilter.replace("{user}", Filter.encodeValue(username)), "search-filter");
        SearchResult result = directory.pool().search(searchBase.get(), SearchScope.SUB, filter, "*", "+");
        if (result.getEntryCount() > 1) {
            logger.log(Level.WARNING, "search for {0} found {1} entries; refusing to guess", username, result.getEntryCount());
            return Optional.empty();
        }
        return result.getSearchEntries().stream().findFirst();
    }

    private Identity identity(String username, SearchResultEntry entry) throws LDAPException {
        Map<String, List<String>> claims = new LinkedHashMap<>();
        claims.put("dn", List.of(entry.getDN()));
        for (String attribute : claimAttributes) {
            String[] values = entry.getAttributeValues(attribute);
            if (values != null) {
                claims.put(attribute, Arrays.asList(values));
            }
        }
        List<String> memberOf = groups.isPresent() ? groups.get().groupsOf(directory.pool(), entry.getDN()) : List.of();
        return new Identity(username, "ldap", claims, memberOf, clock.instant());
    }

    private AuthenticationResult reject(String reason) {
        return AuthenticationResult.rejected(reason, "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }

    /**
     * The user name and a SHA-256 of a per-instance random salt, the user name and the password:
     * the cache never holds a password, and a memory dump gives no hash to look up in a table.
     */
    private String cacheKey(Credentials.Basic basic) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cacheSalt);
            sha.update(basic.username().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return basic.username() + "\0" + HexFormat.of().formatHex(sha.digest(basic.password().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static Filter filter(String text, String parameter) {
        try {
            return Filter.create(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("parameter '" + parameter + "': '" + text + "' is not an LDAP filter: "
                    + e.getMessage(), e);
        }
    }

    private static Optional<String> optional(Parameters p, String name) {
        return p.has(name) ? Optional.of(p.string(name)) : Optional.empty();
    }

    private static CompletionStage<AuthenticationResult> done(AuthenticationResult result) {
        return CompletableFuture.completedStage(result);
    }

    @Override
    public void close() {
        directory.close();
    }
}
