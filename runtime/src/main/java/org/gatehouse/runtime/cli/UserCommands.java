package org.gatehouse.runtime.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code gatehouse users list | add NAME ROLES | remove NAME | roles NAME ROLES | token issue NAME TOKEN | token revoke NAME TOKEN}:
 * the management users, and their changes, each a command a security officer submits and
 * confirms (docs/management.md "Users"). {@code token issue} makes the token here, from 32 random
 * bytes, and sends only its SHA-256: the element never holds it. It is printed once, after the
 * element took the command, and authenticates once the command is confirmed.
 */
final class UserCommands {
    private static final String BASE = "api/v1/users";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ManagementClient client;
    private final PrintStream out;

    UserCommands(ManagementClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void run(CommandLine line) throws CliFailure {
        String action = line.argument(1, "what to do: list, add, remove, roles or token");
        switch (action) {
            case "list" -> {
                line.noMoreThan(2);
                if (!GatehouseCli.printedJson(client, out, line, BASE)) {
                    list();
                }
            }
            case "add" -> {
                line.noMoreThan(4);
                String name = line.argument(2, "the new user's name");
                String roles = line.argument(3, "the roles, comma-separated (operator, admin, security-officer, auditor)");
                ExtensionCommands.printCommand(out, client.send("POST", BASE + "?name=" + ManagementClient.encode(name)
                        + "&roles=" + ManagementClient.encode(roles)));
            }
            case "remove" -> {
                line.noMoreThan(3);
                ExtensionCommands.printCommand(out, client.send("DELETE", user(line)));
            }
            case "roles" -> {
                line.noMoreThan(4);
                String path = user(line) + "/roles?roles=" + ManagementClient.encode(line.argument(3, "the roles, comma-separated"));
                ExtensionCommands.printCommand(out, client.send("PUT", path));
            }
            case "token" -> token(line);
            default -> throw CliFailure.usage("unknown users command '" + action + "'");
        }
    }

    private void token(CommandLine line) throws CliFailure {
        line.noMoreThan(5);
        String action = line.argument(2, "issue or revoke");
        String user = GatehouseCli.segment(line.argument(3, "the user's name"));
        String token = line.argument(4, "the token's name");
        switch (action) {
            case "issue" -> {
                String secret = newToken();
                Map<String, Object> submitted = client.send("POST", BASE + "/" + user + "/tokens?name=" + ManagementClient.encode(token)
                        + "&sha256=" + sha256(secret));
                ExtensionCommands.printCommand(out, submitted);
                out.println("The token, shown this once (the element keeps its SHA-256 only); it authenticates once the command is "
                        + "confirmed:");
                out.println(secret);
            }
            case "revoke" -> ExtensionCommands.printCommand(out, client.send("DELETE", BASE + "/" + user + "/tokens/"
                    + GatehouseCli.segment(token)));
            default -> throw CliFailure.usage("unknown users token command '" + action + "'; expected issue or revoke");
        }
    }

    private static String user(CommandLine line) throws CliFailure {
        return BASE + "/" + GatehouseCli.segment(line.argument(2, "the user's name"));
    }

    private void list() throws CliFailure {
        List<Object> users = JsonText.array(client.get(BASE).get("users"));
        if (users.isEmpty()) {
            out.println("no management users");
            return;
        }
        for (Object o : users) {
            Map<String, Object> u = JsonText.object(o);
            List<String> roles = JsonText.array(u.get("roles")).stream().map(JsonText::string).toList();
            List<String> tokens = JsonText.array(u.get("tokens")).stream().map(JsonText::string).map(t -> t.isEmpty() ? "(unnamed)" : t)
                    .toList();
            out.println(ExtensionCommands.s(u, "name") + ": roles " + String.join(", ", roles) + "; tokens "
                    + (tokens.isEmpty() ? "none" : String.join(", ", tokens)) + "; " + ExtensionCommands.s(u, "certificates")
                    + " certificates, " + ExtensionCommands.s(u, "localAccounts") + " local accounts"
                    + (Boolean.TRUE.equals(u.get("reauthentication")) ? ", a password" : ""));
        }
    }

    /** 32 random bytes, base64url without padding: 256 bits no guess comes near. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
