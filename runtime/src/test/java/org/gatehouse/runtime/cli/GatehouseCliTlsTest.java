package org.gatehouse.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against the management server over real TLS: the server's key and
 * self-signed certificate are made by the JDK's keytool; the client trusts it only when given
 * that certificate with {@code --ca} (or {@code GATEHOUSE_CA}).
 */
class GatehouseCliTlsTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    Path folder;

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), output);
    }

    private static int run(Map<String, String> env, ByteArrayOutputStream err, String... args) {
        return GatehouseCli.run(List.of(args), env, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void httpsIsTrustedThroughTheGivenCertificateOnly() throws Exception {
        Path keyStore = folder.resolve("server.p12");
        Path pem = folder.resolve("server.pem");
        keytool("-genkeypair", "-alias", "management", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "management", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        try (TestServer server = TestServer.start(folder.resolve("home"), Map.of("gatehouse.management.keystore", keyStore.toString(),
                "gatehouse.management.keystore.password", PASSWORD))) {
            assertTrue(server.baseUrl().startsWith("https://"), server.baseUrl());
            Map<String, String> env = Map.of("GATEHOUSE_URL", server.baseUrl(), "GATEHOUSE_TOKEN", TestServer.OPERATOR);

            ByteArrayOutputStream untrusted = new ByteArrayOutputStream();
            assertEquals(1, run(env, untrusted, "ext", "list"));
            assertTrue(untrusted.toString(StandardCharsets.UTF_8).startsWith("gatehouse: the request to " + server.baseUrl() + "/ failed"),
                    untrusted.toString(StandardCharsets.UTF_8));

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(0, run(env, err, "ext", "list", "--ca", pem.toString()), err.toString(StandardCharsets.UTF_8));
            Map<String, String> withCa = new java.util.HashMap<>(env);
            withCa.put("GATEHOUSE_CA", pem.toString());
            assertEquals(0, run(withCa, err, "flows", "show"), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUnreadableCaCertificateIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(Map.of("GATEHOUSE_URL", "https://127.0.0.1:1"), err, "ext", "list", "--ca", folder.resolve("none.pem").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("gatehouse: cannot read the CA certificate "), err.toString(StandardCharsets.UTF_8));
    }
}
