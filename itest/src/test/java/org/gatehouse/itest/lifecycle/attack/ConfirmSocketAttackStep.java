package org.gatehouse.itest.lifecycle.attack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.sdk.bladelet.Bladelet;
import org.gatehouse.sdk.bladelet.BladeletContext;
import org.gatehouse.sdk.bladelet.Response;
import org.gatehouse.sdk.bladelet.StepOutcome;
import org.gatehouse.sdk.message.Message;

/**
 * An attacker's flow step with no permission but its own data folder: on each request it tries
 * to reach the element's trusted files (the confirmation socket, the phrases, the command journal,
 * the audit key) directly, through a symbolic link and through a hard link made in its own data
 * folder, and, when a way to the socket opens, to confirm every pending command itself; and through a path to the socket
 * someone else put in its own folder ({@code granted.sock}), its end bound there and unbound. It answers
 * 200 with one line per attempt, {@code <attempt>: <OUTCOME> <detail>}: {@code DENIED} (a sandbox
 * denial), {@code FAILED} (another exception) or {@code DONE} (it worked).
 *
 * <p>{@code X-Confirm: yes} asks it to answer yes to what it finds pending.
 */
public final class ConfirmSocketAttackStep implements Bladelet {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern DIGEST = Pattern.compile("\"digest\":\"([0-9a-f]{64})\"");
    private static final Pattern PHRASE = Pattern.compile("Your anti-spoofing phrase: ([^\\\\\"]*)");

    private final Path own;
    private final Path data;
    private final Map<String, String> report = new LinkedHashMap<>();

    public ConfirmSocketAttackStep(BladeletContext context) {
        own = context.dataFolder();
        data = own.getParent().getParent();
    }

    @Override
    public synchronized CompletionStage<StepOutcome> process(Message message) {
        report.clear();
        boolean confirm = message.headers().first("X-Confirm").orElse("no").equals("yes");
        Path socket = data.resolve("run").resolve("confirm.sock");
        Path phrases = data.resolve("confirm").resolve("phrases.json");
        Path key = data.resolve("audit").resolve("element-key.pem");
        attempt("read phrases directly", () -> Files.readString(phrases));
        attempt("connect socket directly", () -> talk(socket, false));
        attempt("connect socket by dot segments", () -> talk(own.resolve("../../run/confirm.sock"), false));
        attempt("symlink to run folder", () -> link(true, own.resolve("run-link"), data.resolve("run")));
        attempt("connect socket by symlink", () -> talk(own.resolve("run-link").resolve("confirm.sock"), confirm));
        attempt("symlink to phrases", () -> link(true, own.resolve("phrases-link"), phrases));
        attempt("read phrases by symlink", () -> Files.readString(own.resolve("phrases-link")));
        attempt("hard link to socket", () -> link(false, own.resolve("sock-hard"), socket));
        attempt("connect socket by hard link", () -> talk(own.resolve("sock-hard"), confirm));
        attempt("hard link to phrases", () -> link(false, own.resolve("phrases-hard"), phrases));
        attempt("read phrases by hard link", () -> Files.readString(own.resolve("phrases-hard")));
        attempt("hard link to audit key", () -> link(false, own.resolve("key-hard"), key));
        attempt("read audit key by hard link", () -> Files.readString(own.resolve("key-hard")).length() + " characters");
        // a link two folders down in its own folder to a folder of its own, x: read by the words, a/b/s/../../.. is its own
        // folder again; the kernel climbs from x, and the same three steps up end in the data folder (a socket path stays short)
        attempt("deep symlink to its own folder", () -> {
            Files.createDirectories(own.resolve("a/b"));
            Files.createDirectories(own.resolve("x"));
            return link(true, own.resolve("a/b/s"), own.resolve("x"));
        });
        Path up = own.resolve("a/b/s/../../..");
        attempt("read phrases by symlink and dot segments", () -> Files.readString(up.resolve("confirm/phrases.json")));
        attempt("read audit key by symlink and dot segments", () -> Files.readString(up.resolve("audit/element-key.pem")).length() + " characters");
        attempt("connect socket by symlink and dot segments", () -> talk(up.resolve("run/confirm.sock"), confirm));
        // a path to the socket in its own folder (put there by someone else): its end bound in its own folder, then not bound at all
        attempt("connect socket granted to it", () -> firstAnswer(own.resolve("granted.sock"), own.resolve("e.sock")));
        attempt("connect socket granted to it, its end unbound", () -> firstAnswer(own.resolve("granted.sock"), null));
        StringBuilder text = new StringBuilder();
        report.forEach((attempt, outcome) -> text.append(attempt).append(": ").append(outcome).append('\n'));
        return CompletableFuture.completedStage(StepOutcome.respond(Response.text(200, text.toString())));
    }

    private void attempt(String name, Callable<Object> action) {
        try {
            Object done = action.call();
            report.put(name, "DONE " + String.valueOf(done).replace('\n', ' '));
        } catch (Throwable thrown) {
            Throwable cause = thrown;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String kind = cause.getClass().getName().endsWith("SandboxDeniedException") ? "DENIED" : "FAILED";
            report.put(name, kind + " " + cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage()).replace('\n', ' '));
        }
    }

    private static Object link(boolean symbolic, Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        return symbolic ? Files.createSymbolicLink(link, target) : Files.createLink(link, target);
    }

    /** Pending commands over the socket at {@code path}; with {@code confirm}, each shown and answered yes. */
    private static String talk(Path path, boolean confirm) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            String pending = exchange(channel, "{\"op\":\"pending\"}");
            StringBuilder said = new StringBuilder("pending ");
            List<String> ids = new ArrayList<>();
            Matcher id = ID.matcher(pending);
            while (id.find()) {
                if (!ids.contains(id.group(1))) {
                    ids.add(id.group(1));
                }
            }
            said.append(ids);
            for (String each : ids) {
                String shown = exchange(channel, "{\"op\":\"show\",\"id\":\"" + each + "\"}");
                Matcher phrase = PHRASE.matcher(shown);
                said.append(" phrase=[").append(phrase.find() ? phrase.group(1) : "?").append(']');
                Matcher digest = DIGEST.matcher(shown);
                if (confirm && digest.find()) {
                    String answered = exchange(channel, "{\"op\":\"answer\",\"id\":\"" + each + "\",\"digest\":\"" + digest.group(1)
                            + "\",\"answer\":\"yes\"}");
                    said.append(" answered ").append(each).append(": ").append(answered.length() > 300 ? answered.substring(0, 300) : answered);
                }
            }
            return said.toString();
        }
    }

    /** The answer to {@code pending} over the socket at {@code path}, this end bound to {@code end} (none when null). */
    private static String firstAnswer(Path path, Path end) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            if (end != null) {
                Files.deleteIfExists(end);
                channel.bind(UnixDomainSocketAddress.of(end));
            }
            channel.connect(UnixDomainSocketAddress.of(path));
            return exchange(channel, "{\"op\":\"pending\"}");
        } finally {
            if (end != null) {
                Files.deleteIfExists(end);
            }
        }
    }

    private static String exchange(SocketChannel channel, String request) throws IOException {
        channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            buffer.clear();
            int read = channel.read(buffer);
            if (read < 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
