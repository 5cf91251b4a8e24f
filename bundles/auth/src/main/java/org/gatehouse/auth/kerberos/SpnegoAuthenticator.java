package org.gatehouse.auth.kerberos;

import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.security.auth.Subject;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.identity.Credentials;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * Accepts SPNEGO tokens (RFC 4559, RFC 4178) carrying Kerberos tickets for
 * {@code service-principal}, whose keys are in {@code keytab} (bladelet {@code kerberos}). Only
 * the one-leg exchange HTTP clients use is supported: a token that asks for another round trip is
 * rejected. A bad, expired or wrongly addressed ticket, or a token the JDK cannot read, is a
 * rejection with the {@code Negotiate} challenge; the acceptor never contacts the KDC.
 */
public final class SpnegoAuthenticator implements Authenticator {
    private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    private static final Oid KERBEROS = oid("1.2.840.113554.1.2.2");
    private static final Oid KERBEROS_PRINCIPAL_NAME = oid("1.2.840.113554.1.2.2.1");

    private final Subject service;
    private final String servicePrincipal;
    private final boolean stripRealm;
    private final Clock clock;

    public SpnegoAuthenticator(BladeletContext context) {
        this.servicePrincipal = context.parameters().string("service-principal");
        this.service = KeytabLogin.acceptor(Path.of(context.parameters().string("keytab")), servicePrincipal);
        this.stripRealm = context.parameters().booleanValue("strip-realm");
        this.clock = context.clock();
    }

    @Override
    public CompletionStage<AuthenticationResult> authenticate(Credentials credentials, Message message) {
        if (!(credentials instanceof Credentials.Negotiate negotiate)) {
            return done(AuthenticationResult.rejected("credentials of kind " + credentials.kind() + " are not an SPNEGO token",
                    "Negotiate"));
        }
        try {
            String client = Subject.doAs(service, (PrivilegedExceptionAction<String>) () -> accept(negotiate.token()));
            String principal = stripRealm && client.contains("@") ? client.substring(0, client.lastIndexOf('@')) : client;
            return done(AuthenticationResult.authenticated(new Identity(principal, "kerberos",
                    Map.of("kerberos-principal", List.of(client)), List.of(), clock.instant())));
        } catch (PrivilegedActionException e) {
            Exception cause = e.getException();
            return done(AuthenticationResult.rejected("SPNEGO token refused: " + cause.getMessage(), "Negotiate"));
        }
    }

    private String accept(byte[] token) throws GSSException {
        GSSManager manager = GSSManager.getInstance();
        GSSName name = manager.createName(servicePrincipal, KERBEROS_PRINCIPAL_NAME);
        GSSCredential credential = manager.createCredential(name, GSSCredential.INDEFINITE_LIFETIME, new Oid[] {SPNEGO, KERBEROS},
                GSSCredential.ACCEPT_ONLY);
        GSSContext context = manager.createContext(credential);
        try {
            try {
                context.acceptSecContext(token, 0, token.length);
            } catch (RuntimeException malformed) {
                // the JDK's token readers throw on some malformed tokens (a NegTokenInit without
                // mechTypes: NullPointerException); the client sent a bad token, it is no failure of ours
                throw new GSSException(GSSException.DEFECTIVE_TOKEN, -1, "malformed token (" + malformed + ")");
            }
            if (!context.isEstablished()) {
                throw new GSSException(GSSException.CONTEXT_EXPIRED, -1, "the client asked for another round trip, which is not supported");
            }
            return context.getSrcName().toString();
        } finally {
            context.dispose();
        }
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static CompletionStage<AuthenticationResult> done(AuthenticationResult result) {
        return CompletableFuture.completedStage(result);
    }
}
