package org.gatehouse.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Gatehouse home in a temporary folder, laid out like the distribution: {@code bundles/} holds
 * exactly the jars the build staged for the distribution, {@code conf/} the shipped
 * {@code gatehouse.properties} and an {@code element.xml} on free loopback ports (never the
 * fixed 8080/8081: other builds run tests on this machine at the same time).
 */
public record TestHome(Path home, int demoUpstreamPort) {

    /** target/dist-staging, filled by maven-dependency-plugin before the tests run. */
    public static Path staging() {
        return Path.of(System.getProperty("gatehouse.test.staging", "target/dist-staging")).toAbsolutePath();
    }

    /** src/dist: the files the distribution ships. */
    public static Path distSources() {
        return Path.of(System.getProperty("gatehouse.test.dist.src", "src/dist")).toAbsolutePath();
    }

    public static TestHome create(Path folder) throws IOException {
        Path bundles = Files.createDirectories(folder.resolve("bundles"));
        for (Path jar : stagedBundles()) {
            Files.copy(jar, bundles.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path conf = Files.createDirectories(folder.resolve("conf"));
        Files.copy(distSources().resolve("conf/gatehouse.properties"), conf.resolve("gatehouse.properties"));
        // the management API's shipped port is fixed: a test element takes a free one
        Files.writeString(conf.resolve("gatehouse.properties"), "\ngatehouse.management.address=127.0.0.1:0\n",
                java.nio.file.StandardOpenOption.APPEND);
        int demoPort = freePort();
        TestHome home = new TestHome(folder, demoPort);
        home.writeElementXml(elementXml(demoPort));
        return home;
    }

    public static List<Path> stagedBundles() throws IOException {
        try (Stream<Path> jars = Files.list(staging().resolve("bundles"))) {
            return jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** An element on an ephemeral listener port that proxies to its demo upstream on {@code demoPort}. */
    public static String elementXml(int demoPort) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <element xmlns="urn:gatehouse:element:1" name="runtime-test">
                  <listener name="public" protocol="http" address="127.0.0.1" port="0"/>
                  <pool name="demo"><member address="127.0.0.1" port="%d"/></pool>
                  <route name="default" path-prefix="/" pool="demo"/>
                  <demo-upstream address="127.0.0.1" port="%d"/>
                </element>
                """.formatted(demoPort, demoPort);
    }

    public void writeElementXml(String xml) throws IOException {
        Files.writeString(conf().resolve("element.xml"), xml, StandardCharsets.UTF_8);
    }

    public Path conf() {
        return home.resolve("conf");
    }

    public Path data() {
        return home.resolve("data");
    }

    public Path bundles() {
        return home.resolve("bundles");
    }

    public Path logFile() {
        return home.resolve("logs").resolve("gatehouse.log");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
