package org.gatehouse.auth.kerberos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gatehouse.auth.credentials.NegotiateExtractor;
import org.gatehouse.auth.testing.KerberosRealm;
import org.gatehouse.auth.testing.Methods;
import org.gatehouse.auth.testing.RawKerberosToken;
import org.gatehouse.extension.testkit.TestMessage;
import org.gatehouse.sdk.auth.AuthenticationResult;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.identity.Credentials;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the Negotiate framing and the Kerberos authenticator (a real KDC on loopback, one service
 * keytab) with tokens the fuzzer writes and with alice's real SPNEGO and raw Kerberos tokens with
 * bytes changed. The header's token reaches the authenticator byte for byte; the authenticator
 * answers every token with a result (never an exception, never a failed stage: a malformed token
 * is the client's mistake, a 401, not a 503), a rejection challenges {@code Negotiate}, and the
 * only principal that ever authenticates is alice, whose ticket it is.
 */
class SpnegoAuthenticatorFuzzTest {
    private static final String SERVICE = "HTTP/localhost";

    /** One KDC, one pair of tokens and one authenticator for the whole run. */
    private static final class Fixture {
        static final byte[] SPNEGO;
        static final byte[] RAW;
        static final Authenticator KERBEROS;

        static {
            try {
                Path folder = Files.createTempDirectory("spnego-fuzz");
                KerberosRealm realm = new KerberosRealm(folder, 24 * 3600, 300); // lives as long as the run
                Path service = realm.keytab(SERVICE);
                Path alice = realm.keytab("alice");
                SPNEGO = KerberosRealm.spnegoToken(alice, "alice", SERVICE);
                RAW = RawKerberosToken.of(realm.serviceTicket(alice, "alice", SERVICE), "alice", KerberosRealm.REALM);
                KERBEROS = new Methods().start("kerberos", Map.of("keytab", service.toString(),
                        "service-principal", SERVICE + "@" + KerberosRealm.REALM), Authenticator.class);
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /**
     * The first byte chooses: 0 the rest is the token; 1 alice's SPNEGO token, 2 her raw Kerberos
     * token, each with the rest applied as edits of three bytes (a big-endian offset into the
     * token, then the byte written there).
     */
    @FuzzTest(maxDuration = "10m")
    @Timeout(30)
    void onlyAliceAuthenticatesAndNothingThrows(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        byte[] token = token(input);
        if (token.length == 0) {
            return; // no token: nothing to extract or check
        }
        TestMessage message = TestMessage.request("GET", "/")
                .header("Authorization", "Negotiate " + Base64.getEncoder().encodeToString(token)).build();
        Optional<Credentials> found = new NegotiateExtractor("Authorization").extract(message);
        Credentials.Negotiate negotiate = (Credentials.Negotiate) found.orElseThrow();
        assertArrayEquals(token, negotiate.token(), "the header's token reaches the authenticator byte for byte");

        CompletableFuture<AuthenticationResult> stage = Fixture.KERBEROS.authenticate(negotiate, message).toCompletableFuture();
        AuthenticationResult result;
        try {
            result = stage.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the stage failed (503) for a token the client sent", e.getCause());
        }
        if (result instanceof AuthenticationResult.Authenticated authenticated) {
            assertEquals("alice", authenticated.identity().principal());
            assertEquals(List.of("alice@" + KerberosRealm.REALM), authenticated.identity().claim("kerberos-principal"));
        } else {
            assertEquals(List.of("Negotiate"), ((AuthenticationResult.Rejected) result).challenges());
        }
    }

    private static byte[] token(byte[] input) {
        int mode = Byte.toUnsignedInt(input[0]) % 3;
        if (mode == 0) {
            return java.util.Arrays.copyOfRange(input, 1, input.length);
        }
        byte[] token = (mode == 1 ? Fixture.SPNEGO : Fixture.RAW).clone();
        for (int i = 1; i + 2 < input.length; i += 3) {
            int offset = (Byte.toUnsignedInt(input[i]) << 8 | Byte.toUnsignedInt(input[i + 1])) % token.length;
            token[offset] = input[i + 2];
        }
        return token;
    }
}
