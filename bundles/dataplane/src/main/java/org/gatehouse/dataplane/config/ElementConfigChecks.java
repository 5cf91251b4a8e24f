package org.gatehouse.dataplane.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.policy.schemas.XmlDocument;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * The rules of an element configuration that XSD 1.0 cannot state: which listener protocols
 * need TLS or a pool, that no two listeners share an address and port, that routes name HTTP
 * listeners, that TLS files exist, that a pool's TLS files parse (its client key belongs to
 * its certificate), and that channel listeners and channel members have the element's
 * {@code <channels>} identity to work with. The first broken rule is reported with its position.
 */
final class ElementConfigChecks {
    private final XmlDocument<?> document;
    private final Path confDir;

    /** @param document the document read, for the position of each problem */
    ElementConfigChecks(XmlDocument<?> document, Path confDir) {
        this.document = document;
        this.confDir = confDir;
    }

    void check(ElementConfig config) throws XmlDocumentException {
        checkChannels(config.channels());
        List<Claim> endpoints = new ArrayList<>();
        List<ListenerConfig> listeners = config.listeners();
        for (int i = 0; i < listeners.size(); i++) {
            String path = "/element/listener[" + (i + 1) + "]";
            ListenerConfig listener = listeners.get(i);
            checkProtocolNeeds(listener, path, config);
            checkTlsFiles(listener.tls(), path + "/tls[1]");
            claim(endpoints, listener.address(), listener.port(), "listener '" + listener.name() + "'", path);
        }
        if (config.demoUpstream() != null) {
            DemoUpstreamConfig demo = config.demoUpstream();
            claim(endpoints, demo.address(), demo.port(), "the demo upstream", "/element/demo-upstream[1]");
        }
        List<PoolConfig> pools = config.pools();
        for (int i = 0; i < pools.size(); i++) {
            String path = "/element/pool[" + (i + 1) + "]";
            if (pools.get(i).throughChannels()) {
                checkChannelPool(pools.get(i), path, config);
            } else {
                checkPoolTls(pools.get(i), path);
            }
        }
        checkRoutes(config);
    }

    /**
     * The files of a pool's TLS are read now as the TLS context will read them: trusted CAs that
     * parse, and a client certificate whose key belongs to it; a member's server-name needs TLS.
     */
    private void checkPoolTls(PoolConfig pool, String path) throws XmlDocumentException {
        UpstreamTlsConfig tls = pool.tls();
        if (tls == null) {
            for (int m = 0; m < pool.members().size(); m++) {
                if (pool.members().get(m).serverName() != null) {
                    throw error(path + "/member[" + (m + 1) + "]", "server-name is for TLS; pool '" + pool.name()
                            + "' has no <tls> child, so its members are spoken to in plain TCP");
                }
            }
            return;
        }
        String tlsPath = path + "/tls[1]";
        requireFile(tls.trustedCas(), "trusted-cas", tlsPath);
        try {
            PemFiles.certificates(confDir.resolve(tls.trustedCas()));
        } catch (GeneralSecurityException e) {
            throw error(tlsPath, "trusted-cas: " + e.getMessage());
        }
        if ((tls.certificate() == null) != (tls.privateKey() == null)) {
            throw error(tlsPath, tls.certificate() == null ? "private-key needs certificate naming the client certificate it belongs to"
                    : "certificate needs private-key naming the PEM file of its PKCS#8 key");
        }
        if (tls.certificate() != null) {
            requireFile(tls.certificate(), "certificate", tlsPath);
            requireFile(tls.privateKey(), "private-key", tlsPath);
            List<X509Certificate> chain;
            try {
                chain = PemFiles.certificates(confDir.resolve(tls.certificate()));
            } catch (GeneralSecurityException e) {
                throw error(tlsPath, "certificate: " + e.getMessage());
            }
            try {
                PemFiles.privateKeyOf(confDir.resolve(tls.privateKey()), chain.get(0));
            } catch (GeneralSecurityException e) {
                throw error(tlsPath, "private-key: " + e.getMessage());
            }
        }
    }

    /**
     * The element's identity towards peer elements is read now as the tunnel will read it: a
     * certificate whose key belongs to it, and CAs that parse. The policy file may be missing: the
     * element then denies every channel until it reads (docs/channels.md "The policy file").
     */
    private void checkChannels(ChannelsConfig channels) throws XmlDocumentException {
        if (channels == null) {
            return;
        }
        String path = "/element/channels[1]";
        requireFile(channels.certificate(), "certificate", path);
        requireFile(channels.privateKey(), "private-key", path);
        requireFile(channels.trustedElementCas(), "trusted-element-cas", path);
        List<X509Certificate> chain;
        try {
            chain = PemFiles.certificates(confDir.resolve(channels.certificate()));
        } catch (GeneralSecurityException e) {
            throw error(path, "certificate: " + e.getMessage());
        }
        try {
            PemFiles.privateKeyOf(confDir.resolve(channels.privateKey()), chain.get(0));
        } catch (GeneralSecurityException e) {
            throw error(path, "private-key: " + e.getMessage());
        }
        try {
            PemFiles.certificates(confDir.resolve(channels.trustedElementCas()));
        } catch (GeneralSecurityException e) {
            throw error(path, "trusted-element-cas: " + e.getMessage());
        }
    }

    /**
     * A pool of channel members speaks to peer elements with the {@code <channels>} identity, so it
     * takes no {@code <tls>} of its own; nothing checks a target's health through a peer.
     */
    private void checkChannelPool(PoolConfig pool, String path, ElementConfig config) throws XmlDocumentException {
        if (config.channels() == null) {
            throw error(path + "/channel-member[1]", "pool '" + pool.name() + "' reaches its targets through peer elements, which needs the"
                    + " element's <channels> (its policy, certificate, private-key and trusted-element-cas)");
        }
        if (pool.tls() != null) {
            throw error(path + "/tls[1]", "pool '" + pool.name() + "' has channel members: the tunnel to a peer element is mutual TLS"
                    + " with the identity of <channels>, so the pool takes no <tls>");
        }
        if (pool.healthCheck() != null) {
            throw error(path + "/health-check[1]", "pool '" + pool.name() + "' has channel members, whose targets are not checked"
                    + " through the peer element; remove the <health-check>");
        }
    }

    private void checkProtocolNeeds(ListenerConfig listener, String path, ElementConfig config) throws XmlDocumentException {
        String what = listener.protocol().label() + " listener '" + listener.name() + "'";
        switch (listener.protocol()) {
            case HTTPS:
                if (listener.tls() == null) {
                    throw error(path, what + " needs a <tls> child with its certificate and private key");
                }
                break;
            case HTTP:
                if (listener.tls() != null) {
                    throw error(path, what + " cannot have a <tls> child; use protocol=\"https\" for TLS");
                }
                break;
            case TCP:
                if (listener.pool() == null) {
                    throw error(path, what + " needs a pool attribute naming the pool its connections are relayed to");
                }
                if (config.pool(listener.pool()).map(PoolConfig::throughChannels).orElse(false)) {
                    throw error(path, what + " relays to pool '" + listener.pool() + "', whose members are reached through peer"
                            + " elements; channels carry HTTP requests only");
                }
                return;
            case CHANNEL:
                if (config.channels() == null) {
                    throw error(path, what + " needs the element's <channels> (its policy, certificate, private-key and"
                            + " trusted-element-cas)");
                }
                if (listener.tls() != null) {
                    throw error(path, what + " takes no <tls> child: it presents the certificate of <channels> and requires peer"
                            + " elements' certificates from its trusted-element-cas");
                }
                if (listener.pool() != null) {
                    throw error(path, what + " takes no pool attribute: each channel goes to the service its channel policy names");
                }
                return;
            default:
                throw new IllegalStateException("unknown protocol " + listener.protocol());
        }
        if (listener.pool() != null) {
            throw error(path, what + " takes no pool attribute; routes choose the pool of each request");
        }
    }

    private void checkTlsFiles(TlsConfig tls, String path) throws XmlDocumentException {
        if (tls == null) {
            return;
        }
        requireFile(tls.certificate(), "certificate", path);
        requireFile(tls.privateKey(), "private-key", path);
        if (tls.trustedClientCas() != null) {
            requireFile(tls.trustedClientCas(), "trusted-client-cas", path);
        } else if (tls.clientAuth() != TlsConfig.ClientAuth.NONE) {
            throw error(path, "client-auth=\"" + tls.clientAuth().name().toLowerCase(java.util.Locale.ROOT)
                    + "\" needs trusted-client-cas naming the PEM file of the CAs client certificates must chain to");
        }
    }

    private void requireFile(String name, String attribute, String path) throws XmlDocumentException {
        Path file = confDir.resolve(name);
        if (!Files.isReadable(file)) {
            throw error(path, attribute + " file not found or not readable: " + file);
        }
    }

    /** An address and port already claimed, and by whom. */
    private record Claim(String host, int port, String who) {
        /** Two sockets clash on the same port when their addresses are equal or one is a wildcard. */
        boolean clashesWith(String otherHost, int otherPort) {
            return port == otherPort && (host.equals(otherHost) || isWildcard(host) || isWildcard(otherHost));
        }
    }

    private void claim(List<Claim> claims, String address, int port, String who, String path) throws XmlDocumentException {
        if (port == 0) {
            return; // an ephemeral port never clashes
        }
        String host = canonical(address);
        for (Claim taken : claims) {
            if (taken.clashesWith(host, port)) {
                throw error(path, who + " wants " + HostPort.format(address, port) + ", already taken by " + taken.who());
            }
        }
        claims.add(new Claim(host, port, who));
    }

    private static String canonical(String address) {
        String host = HostPort.unbracket(address);
        try {
            if (Character.digit(host.charAt(0), 16) >= 0 || host.indexOf(':') >= 0) {
                return InetAddress.getByName(host).getHostAddress();
            }
        } catch (UnknownHostException e) {
            // a name: compare as written
        }
        return host.toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("0:0:0:0:0:0:0:0");
    }

    private void checkRoutes(ElementConfig config) throws XmlDocumentException {
        Map<String, String> seen = new HashMap<>();
        List<RouteConfig> routes = config.routes();
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = routes.get(i);
            String path = "/element/route[" + (i + 1) + "]";
            for (String name : route.listeners()) {
                ListenerConfig listener = config.listeners().stream().filter(l -> l.name().equals(name)).findFirst()
                        .orElseThrow(() -> error(path, "route '" + route.name() + "' names listener '" + name + "', which is not declared"));
                if (!listener.speaksHttp()) {
                    throw error(path, "route '" + route.name() + "' names tcp listener '" + name + "'; routes apply to http and https listeners only");
                }
            }
            String key = route.host().toLowerCase(java.util.Locale.ROOT) + " " + route.pathPrefix() + " " + route.listeners();
            String earlier = seen.putIfAbsent(key, route.name());
            if (earlier != null) {
                throw error(path, "route '" + route.name() + "' has the same host, path-prefix and listeners as route '" + earlier + "'");
            }
        }
    }

    private XmlDocumentException error(String path, String reason) {
        return document.problem(path, reason);
    }
}
