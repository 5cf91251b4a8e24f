package org.gatehouse.auth.ldap;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import org.gatehouse.auth.bounded.BoundedCalls;
import org.gatehouse.flow.engine.spi.BoundedWait;
import org.gatehouse.sdk.bladelet.HostPort;
import org.gatehouse.sdk.bladelet.Parameters;

/**
 * A pool of connections to one directory, from the parameters the LDAP bladelets share:
 * {@code server}, {@code use-tls} (LDAPS with the JDK's trust store), {@code bind-dn} and
 * {@code bind-password} (the service account; anonymous without), {@code pool-size} and
 * {@code timeout} (connect, each operation, and one whole call with its retries). The pool starts empty and connects on demand, so that a directory that is
 * down when the flow loads makes messages fail with 503 rather than the flow fail to load.
 */
final class DirectoryConnection implements AutoCloseable, BoundedWait {
    private final LDAPConnectionPool pool;
    private final BoundedCalls calls;

    DirectoryConnection(Parameters p) {
        HostPort server = p.hostPort("server");
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        Duration timeout = p.duration("timeout");
        // each connect and operation ends within the timeout by itself; the whole call (search, binds,
        // group look-ups, a retry on a new connection) is bounded by it as well, in BoundedCalls
        options.setConnectTimeoutMillis((int) timeout.toMillis());
        options.setResponseTimeoutMillis(timeout.toMillis());
        BindRequest bind = p.has("bind-dn") ? new SimpleBindRequest(p.string("bind-dn"), p.string("bind-password")) : null;
        if (p.has("bind-dn") && !p.has("bind-password")) {
            throw new IllegalArgumentException("parameter 'bind-dn' is set but 'bind-password' is not");
        }
        SingleServerSet servers = new SingleServerSet(server.host(), server.port(), socketFactory(p.booleanValue("use-tls")), options);
        try {
            // zero initial connections, do not throw: connect when the first message needs it
            this.pool = new LDAPConnectionPool(servers, bind, 0, p.integer("pool-size"), null, false);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("directory " + server + ": " + e.getMessage(), e);
        }
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        this.calls = new BoundedCalls("directory " + server, timeout, p.integer("pool-size"));
    }

    LDAPConnectionPool pool() {
        return pool;
    }

    /** The work on the pool, given up after {@code timeout} (then the stage fails: 503). */
    <T> CompletableFuture<T> call(Callable<T> work) {
        return calls.call(work);
    }

    @Override
    public Duration longestWait() {
        return calls.bound();
    }

    @Override
    public String waitParameter() {
        return "timeout";
    }

    /**
     * True when the failure means the directory could not be asked (down, unreachable, timed out,
     * busy) rather than that it said no: such a failure must become a 503, never a 401.
     */
    static boolean unreachable(LDAPException e) {
        ResultCode code = e.getResultCode();
        return !ResultCode.isConnectionUsable(code) || code == ResultCode.SERVER_DOWN || code == ResultCode.CONNECT_ERROR
                || code == ResultCode.TIMEOUT || code == ResultCode.UNAVAILABLE || code == ResultCode.BUSY
                || code == ResultCode.LOCAL_ERROR;
    }

    private static SocketFactory socketFactory(boolean tls) {
        if (!tls) {
            return SocketFactory.getDefault();
        }
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no default TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        calls.close();
        pool.close();
    }
}
