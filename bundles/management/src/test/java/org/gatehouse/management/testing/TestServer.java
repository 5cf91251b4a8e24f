package org.gatehouse.management.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.management.api.ApiRoutes;
import org.gatehouse.management.api.Router;
import org.gatehouse.management.auth.Authenticator;
import org.gatehouse.management.auth.ManagementUsers;
import org.gatehouse.management.auth.UsersFile;
import org.gatehouse.management.command.CommandBook;
import org.gatehouse.management.command.Command;
import org.gatehouse.management.command.CommandJournal;
import org.gatehouse.management.command.ConfirmationRules;
import org.gatehouse.management.command.ModificationCounts;
import org.gatehouse.management.confirm.CommandDesk;
import org.gatehouse.management.confirm.ConfirmationDesk;
import org.gatehouse.management.confirm.PhraseBook;
import org.gatehouse.management.server.ManagementServer;
import org.gatehouse.management.server.ManagementSettings;

/**
 * The real management server on 127.0.0.1 with an ephemeral port, over the in-memory services
 * of {@link SwitchableServices}, with one user per role (token {@code <role>-token}) and a user
 * {@code everyone} holding all four. Used by this module's tests and by the CLI tests in runtime/.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start(tempDir, Map.of())) {
 *     HttpResponse<String> r = server.get("/api/v1/health", TestServer.OPERATOR);
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
    public static final String OPERATOR = "operator-token";
    public static final String ADMIN = "admin-token";
    public static final String SECURITY_OFFICER = "security-officer-token";
    public static final String AUDITOR = "auditor-token";
    public static final String EVERYONE = "everyone-token";

    public final SwitchableServices services = new SwitchableServices();
    private final Path home;
    private final ManagementServer server;
    private final CommandBook commands;
    private final CommandDesk desk;
    private final Authenticator authenticator;
    private final UsersFile users;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Path home, Map<String, String> extraProperties, String usersXml) throws IOException, InterruptedException {
        this.home = home;
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/management-users.xml"), usersXml, StandardCharsets.UTF_8);
        Map<String, String> properties = new HashMap<>();
        properties.put("gatehouse.conf.dir", home.resolve("conf").toString());
        properties.put("gatehouse.data.dir", home.resolve("data").toString());
        properties.put("gatehouse.management.address", "127.0.0.1:0");
        properties.putAll(extraProperties);
        ManagementSettings settings = ManagementSettings.from(properties::get);
        try {
            Path commandFolder = settings.dataDir().resolve("commands");
            commands = CommandBook.open(CommandJournal.open(commandFolder), ConfirmationRules.from(properties::get),
                    (kind, actor, subject, payload) -> services.auditLog().orElseThrow(() -> new IllegalStateException("no audit log"))
                            .append(kind, actor, subject, payload), Clock.systemUTC());
            users = new UsersFile(settings.usersFile());
            authenticator = new Authenticator(users, services::auditLog);
            desk = new CommandDesk(commands, users, PhraseBook.open(settings.dataDir().resolve("confirm")));
            Router router = ApiRoutes.router(services, commands, ModificationCounts.open(commandFolder), desk, authenticator.refusals(), users,
                    java.util.Optional.of(org.gatehouse.platform.files.InForceLedger.open(home.resolve("conf"), settings.dataDir())),
                    properties.getOrDefault("gatehouse.extensions.qualification.default", "trusted"));
            server = ManagementServer.start(settings, router, authenticator);
        } catch (org.gatehouse.policy.schemas.XmlDocumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A server with the standard users; {@code properties} adds or overrides framework properties. */
    public static TestServer start(Path home, Map<String, String> properties) throws IOException, InterruptedException {
        return new TestServer(home, properties, usersXml(List.of()));
    }

    /** A server whose users file also maps these certificate subjects to the user {@code cert-admin} (role admin). */
    public static TestServer startWithCertificateUsers(Path home, Map<String, String> properties, List<String> adminSubjects)
            throws IOException, InterruptedException {
        return new TestServer(home, properties, usersXml(adminSubjects));
    }

    /** The standard users file, tokens given by their SHA-256 only. */
    public static String usersXml(List<String> adminSubjects) {
        StringBuilder xml = new StringBuilder("<management-users xmlns=\"urn:gatehouse:management-users:1\">\n");
        for (String role : List.of("operator", "admin", "security-officer", "auditor")) {
            xml.append("  <user name=\"").append(role).append("-user\"><role>").append(role).append("</role>")
                    .append("<token sha256=\"").append(ManagementUsers.tokenDigestHex(role + "-token")).append("\"/></user>\n");
        }
        xml.append("  <user name=\"everyone\"><role>operator</role><role>admin</role><role>security-officer</role><role>auditor</role>")
                .append("<token sha256=\"").append(ManagementUsers.tokenDigestHex(EVERYONE)).append("\"/></user>\n");
        if (!adminSubjects.isEmpty()) {
            xml.append("  <user name=\"cert-admin\"><role>admin</role>");
            adminSubjects.forEach(s -> xml.append("<certificate subject=\"").append(s).append("\"/>"));
            xml.append("</user>\n");
        }
        return xml.append("</management-users>\n").toString();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public Path home() {
        return home;
    }

    public Path dataDir() {
        return home.resolve("data");
    }

    public Path uploadFolder() {
        return dataDir().resolve("management/uploads");
    }

    public CommandBook commands() {
        return commands;
    }

    /** The users the server authenticates with, read from {@code conf/management-users.xml} as it is. */
    public UsersFile users() {
        return users;
    }

    /** The confirmation desk a trusted path would use. */
    public CommandDesk desk() {
        return desk;
    }

    /** The user name behind a test token: {@code admin-token} is {@code admin-user}, {@code everyone-token} is {@code everyone}. */
    public static String userOf(String token) {
        return token.equals(EVERYONE) ? "everyone" : token.substring(0, token.length() - "-token".length()) + "-user";
    }

    /**
     * Confirms, as {@code person}, the command a submission answered 202 with, the way a trusted
     * path does (the person's phrase set first when they have none): shown its rendering, answered
     * yes. Returns the command as it finished.
     */
    public Command confirm(HttpResponse<String> submitted, String person) throws ConfirmationDesk.ConfirmationRefused {
        if (submitted.statusCode() != 202) {
            throw new AssertionError("expected 202 for a submission, got " + submitted.statusCode() + ": " + submitted.body());
        }
        String id;
        try {
            id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(submitted.body()).path("command").path("id").asText();
        } catch (IOException e) {
            throw new AssertionError("a submission answers JSON: " + submitted.body(), e);
        }
        return confirm(id, person);
    }

    /** Confirms the command {@code id} as {@code person}; see {@link #confirm(HttpResponse, String)}. */
    public Command confirm(String id, String person) throws ConfirmationDesk.ConfirmationRefused {
        try {
            desk.render(id, person);
        } catch (ConfirmationDesk.ConfirmationRefused e) {
            if (!e.code().equals("no_phrase")) {
                throw e;
            }
            desk.setPhrase(person, "the phrase of " + person);
        }
        ConfirmationDesk.Rendering shown = desk.render(id, person);
        ConfirmationDesk.Answer answer = desk.answer(id, person, shown.digest(), true);
        if (answer instanceof ConfirmationDesk.Answer.Ran ran) {
            return ran.command();
        }
        throw new AssertionError("confirming " + id + " as " + person + " did not run it: " + answer);
    }

    /** Submits with the token's user and confirms as the same user: what a change did, as a finished command. */
    public Command change(String method, String path, String token, String contentType, byte[] body)
            throws IOException, InterruptedException, ConfirmationDesk.ConfirmationRefused {
        return confirm(send(method, path, token, contentType, body), userOf(token));
    }

    public HttpClient client() {
        return client;
    }

    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(request(path, token).GET().build());
    }

    public HttpResponse<String> send(String method, String path, String token, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path, token).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.build());
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The server's authenticator: its refusal counts, and where it records logins and refusals. */
    public Authenticator authenticator() {
        return authenticator;
    }

    @Override
    public void close() throws IOException {
        server.close();
        authenticator.close();
        commands.close();
    }
}
