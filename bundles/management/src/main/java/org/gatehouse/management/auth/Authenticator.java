package org.gatehouse.management.auth;

import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.gatehouse.audit.log.AuditLog;

/**
 * Finds the management user of a request: by its bearer token (RFC 6750 section 2.1) when an
 * {@code Authorization} header is given, else by the subject of the client certificate the TLS
 * handshake verified. A header that is there but wrong refuses the request even when a
 * certificate would have matched: a client that sends a token means that token.
 *
 * <p>Given an audit log, it records logins and refusals there ({@link AccessAudit}; docs/management.md
 * "Audit"): the user or the peer's address, never the token.
 */
public final class Authenticator implements AutoCloseable {
    private static final String BEARER = "bearer ";
    private static final String BY_TOKEN = "bearer token";
    private static final String BY_CERTIFICATE = "client certificate ";

    private final Supplier<ManagementUsers> users;
    private final AccessRefusals refusals;

    public Authenticator(Supplier<ManagementUsers> users) {
        this.users = users;
        this.refusals = new AccessRefusals();
    }

    /** Records logins and refusals into the audit log {@code auditLog} gives at the time (none: counted as not recorded). */
    public Authenticator(Supplier<ManagementUsers> users, Supplier<Optional<AuditLog>> auditLog) {
        this.users = users;
        this.refusals = new AccessRefusals(AccessAudit.start(auditLog));
    }

    /** Where the server counts and logs the requests it refuses, for credentials or for a role. */
    public AccessRefusals refusals() {
        return refusals;
    }

    /** Authenticates a request from {@code peer}; a user's first request from there in a while is recorded as a login. */
    public Authentication authenticate(Optional<String> authorization, Optional<X509Certificate> clientCertificate, SocketAddress peer) {
        Authentication result = authenticate(authorization, clientCertificate);
        if (result instanceof Authentication.Authenticated authenticated && refusals.audit().isPresent()) {
            String credential = authorization.isPresent() ? BY_TOKEN
                    : BY_CERTIFICATE + clientCertificate.map(c -> c.getSubjectX500Principal().getName()).orElse("");
            refusals.audit().get().authenticated(authenticated.user().name(), AccessRefusals.source(peer), credential);
        }
        return result;
    }

    public Authentication authenticate(Optional<String> authorization, Optional<X509Certificate> clientCertificate) {
        if (authorization.isPresent()) {
            return byToken(authorization.get());
        }
        if (clientCertificate.isPresent()) {
            return users.get().bySubject(clientCertificate.get().getSubjectX500Principal())
                    .<Authentication>map(Authentication.Authenticated::new)
                    .orElseGet(() -> new Authentication.Refused(AccessRefusals.Reason.UNKNOWN_CERTIFICATE, "the client certificate's subject ["
                            + clientCertificate.get().getSubjectX500Principal().getName() + "] is not a management user", ""));
        }
        return new Authentication.Refused(AccessRefusals.Reason.NO_CREDENTIALS, "authentication required: a bearer token or a client certificate", "");
    }

    private Authentication byToken(String header) {
        if (header.length() <= BEARER.length() || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return new Authentication.Refused(AccessRefusals.Reason.MALFORMED_CREDENTIALS,
                    "the Authorization header must be 'Bearer <token>'", "invalid_request");
        }
        String token = header.substring(BEARER.length()).trim();
        return users.get().byToken(token)
                .<Authentication>map(Authentication.Authenticated::new)
                .orElseGet(() -> new Authentication.Refused(AccessRefusals.Reason.INVALID_TOKEN, "the bearer token is not valid", "invalid_token"));
    }

    /** Writes the refusal counts still held into the audit log and stops its writer. */
    @Override
    public void close() {
        refusals.audit().ifPresent(AccessAudit::close);
    }
}
