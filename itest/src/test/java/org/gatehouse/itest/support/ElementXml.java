package org.gatehouse.itest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.gatehouse.test.support.pki.TlsFolder;

/**
 * Writes {@code element.xml} documents (schema {@code urn:gatehouse:element:1}, see
 * policy-schemas' {@code element-1.xsd}) for the tests. Order of calls does not matter: the
 * document is written in the order the schema wants (listeners, pools, routes, demo upstream).
 *
 * <pre>{@code
 * new ElementXml()
 *     .listener("web", "http", 0)
 *     .pool("backend", "5s", upstream.port())
 *     .route("all", "/", "backend")
 *     .writeTo(confDir);
 * }</pre>
 */
public final class ElementXml {

    /** The file name the data plane reads from the conf folder. */
    public static final String FILE_NAME = "element.xml";

    private final List<String> listeners = new ArrayList<>();
    private final List<String> pools = new ArrayList<>();
    private final List<String> routes = new ArrayList<>();
    private String demoUpstream = "";
    private String name = "itest";

    /** The element's {@code name} attribute (default {@code itest}), handy to tell versions apart. */
    public ElementXml named(String elementName) {
        this.name = elementName;
        return this;
    }

    /** An {@code http} listener on 127.0.0.1 (or any protocol that needs no more attributes). */
    public ElementXml listener(String name, String protocol, int port) {
        listeners.add("  <listener name=\"%s\" protocol=\"%s\" address=\"127.0.0.1\" port=\"%d\"/>".formatted(name, protocol, port));
        return this;
    }

    /** A {@code tcp} listener relaying every connection's bytes to {@code pool}. */
    public ElementXml tcpListener(String name, int port, String pool) {
        listeners.add("  <listener name=\"%s\" protocol=\"tcp\" address=\"127.0.0.1\" port=\"%d\" pool=\"%s\"/>"
                .formatted(name, port, pool));
        return this;
    }

    /** An {@code https} listener with the {@link TlsFolder} server certificate and the given client-auth mode. */
    public ElementXml httpsListener(String name, int port, String clientAuth) {
        return httpsListener(name, port, clientAuth, "auto");
    }

    /** An {@code https} listener as above, with the TLS provider ({@code auto}, {@code openssl}, {@code jdk}). */
    public ElementXml httpsListener(String name, int port, String clientAuth, String provider) {
        listeners.add(("  <listener name=\"%s\" protocol=\"https\" address=\"127.0.0.1\" port=\"%d\">\n"
                + "    <tls certificate=\"%s\" private-key=\"%s\" client-auth=\"%s\" provider=\"%s\"%s/>\n"
                + "  </listener>").formatted(name, port, TlsFolder.SERVER_PEM, TlsFolder.SERVER_KEY_PEM, clientAuth, provider,
                clientAuth.equals("none") ? "" : " trusted-client-cas=\"" + TlsFolder.CA_PEM + "\""));
        return this;
    }

    /** A pool of loopback members with the given response timeout (e.g. {@code "500ms"}). */
    public ElementXml pool(String name, String responseTimeout, int... memberPorts) {
        StringBuilder pool = new StringBuilder("  <pool name=\"%s\" connect-timeout=\"1s\" response-timeout=\"%s\">\n"
                .formatted(name, responseTimeout));
        for (int port : memberPorts) {
            pool.append("    <member address=\"127.0.0.1\" port=\"%d\"/>\n".formatted(port));
        }
        pools.add(pool.append("  </pool>").toString());
        return this;
    }

    /**
     * A pool of one member spoken to over TLS, its certificate checked against the PEM file
     * {@code trustedCas} (relative to the conf folder) for the name {@code memberHost}.
     */
    public ElementXml tlsPool(String name, String trustedCas, String memberHost, int memberPort) {
        pools.add(("  <pool name=\"%s\" connect-timeout=\"5s\">\n    <tls trusted-cas=\"%s\"/>\n"
                + "    <member address=\"%s\" port=\"%d\"/>\n  </pool>").formatted(name, trustedCas, memberHost, memberPort));
        return this;
    }

    /** A route from a path prefix (any host, every listener) to a pool. */
    public ElementXml route(String name, String pathPrefix, String pool) {
        routes.add("  <route name=\"%s\" path-prefix=\"%s\" pool=\"%s\"/>".formatted(name, pathPrefix, pool));
        return this;
    }

    /** The built-in demo upstream on 127.0.0.1. */
    public ElementXml demoUpstream(int port) {
        demoUpstream = "  <demo-upstream address=\"127.0.0.1\" port=\"%d\"/>\n".formatted(port);
        return this;
    }

    /** The document as text. */
    public String render() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<element xmlns=\"urn:gatehouse:element:1\" name=\"").append(name).append("\">\n");
        listeners.forEach(line -> xml.append(line).append('\n'));
        pools.forEach(line -> xml.append(line).append('\n'));
        routes.forEach(line -> xml.append(line).append('\n'));
        return xml.append(demoUpstream).append("</element>\n").toString();
    }

    /** Writes the document to {@code confDir/element.xml} in one atomic step and returns its path. */
    public Path writeTo(Path confDir) {
        return replaceAtomically(confDir.resolve(FILE_NAME), render());
    }

    /**
     * Replaces {@code file} with {@code content} through a rename, so a watcher never reads a
     * half-written file.
     */
    public static Path replaceAtomically(Path file, String content) {
        try {
            Path temporary = Files.createTempFile(file.getParent(), ".element", ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
