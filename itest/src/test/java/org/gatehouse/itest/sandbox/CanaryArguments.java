package org.gatehouse.itest.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Arguments that would leave a trace if a deputy acted on them, and the traces to look for: a
 * canary file under a temporary folder (it must never appear), a command that would create a
 * marker file, and a server socket on loopback that counts the connections that reach it. Each
 * {@link Aim} fills a method's parameters for one kind of effect; what a parameter type cannot
 * carry is a small value ({@code 1}, {@code true}) or null.
 */
final class CanaryArguments implements AutoCloseable {
    /** What the strings, paths and numbers of one call aim at. */
    enum Aim { FILE, COMMAND, SOCKET }

    private final Path canaryFile;
    private final Path marker;
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    CanaryArguments(Path folder) throws IOException {
        this.canaryFile = folder.resolve("canary.txt");
        this.marker = folder.resolve("process-marker");
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::countConnections, "deputy-matrix-canary");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Arguments for {@code types}, aimed at {@code aim}. */
    Object[] forParameters(Class<?>[] types, Aim aim) {
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            arguments[i] = forType(types[i], aim);
        }
        return arguments;
    }

    private Object forType(Class<?> type, Aim aim) {
        if (type == String.class || type == Object.class || type == CharSequence.class) {
            return text(aim);
        }
        if (type == String[].class || type == Object[].class) {
            return aim == Aim.COMMAND ? new String[] {"touch", marker.toString()} : new String[] {text(aim)};
        }
        if (type == List.class || type == Collection.class || type == Iterable.class) {
            return aim == Aim.COMMAND ? List.of("touch", marker.toString()) : List.of(text(aim));
        }
        if (type == File.class) {
            return canaryFile.toFile();
        }
        if (type == Path.class) {
            return canaryFile;
        }
        if (type == URI.class) {
            return uri(aim);
        }
        if (type == URL.class) {
            try {
                return uri(aim).toURL();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (type == InetSocketAddress.class || type == SocketAddress.class) {
            return address();
        }
        if (type == InetAddress.class) {
            return InetAddress.getLoopbackAddress();
        }
        if (type == byte[].class) {
            return text(aim).getBytes(StandardCharsets.UTF_8);
        }
        if (type == Map.class) {
            return Map.of("target", text(aim));
        }
        if (type == Dictionary.class || type == Hashtable.class) {
            return new Hashtable<>(Map.of("target", text(aim)));
        }
        return type.isPrimitive() ? primitive(type, aim) : boxed(type, aim);
    }

    private String text(Aim aim) {
        return switch (aim) {
            case FILE -> canaryFile.toString();
            case COMMAND -> "touch " + marker;
            case SOCKET -> "127.0.0.1:" + server.getLocalPort();
        };
    }

    private URI uri(Aim aim) {
        return aim == Aim.SOCKET ? URI.create("http://127.0.0.1:" + server.getLocalPort() + "/") : canaryFile.toUri();
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private int number(Aim aim) {
        return aim == Aim.SOCKET ? server.getLocalPort() : 1;
    }

    private Object primitive(Class<?> type, Aim aim) {
        if (type == boolean.class) {
            return true;
        }
        if (type == char.class) {
            return 'a';
        }
        if (type == byte.class) {
            return (byte) 1;
        }
        if (type == short.class) {
            return (short) 1;
        }
        if (type == long.class) {
            return (long) number(aim);
        }
        if (type == float.class) {
            return 1f;
        }
        if (type == double.class) {
            return 1d;
        }
        return number(aim);
    }

    private Object boxed(Class<?> type, Aim aim) {
        if (type == Integer.class) {
            return number(aim);
        }
        if (type == Long.class) {
            return (long) number(aim);
        }
        if (type == Boolean.class) {
            return Boolean.TRUE;
        }
        return null;
    }

    /** Whether any trace is there: the canary file, the marker, or a connection. */
    List<String> traces() {
        List<String> traces = new java.util.ArrayList<>();
        if (Files.exists(canaryFile)) {
            traces.add("the canary file exists: " + canaryFile);
        }
        if (Files.exists(marker)) {
            traces.add("the process marker exists: " + marker);
        }
        if (connections.get() > 0) {
            traces.add(connections.get() + " connections reached the canary server");
        }
        return traces;
    }

    private void countConnections() {
        while (!server.isClosed()) {
            try (Socket ignored = server.accept()) {
                connections.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
